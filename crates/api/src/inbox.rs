//! A member's inbox.

use serde::{Deserialize, Serialize};

api_type! {
    pub struct NotificationView {
        pub id: String,
        /// `selected`, `waitlisted`, `not_selected`, `application_approved`,
        /// `application_rejected`, `note_approved`, `note_rejected`,
        /// `points_credited`.
        pub kind: rules::NotificationKind,
        pub campaign_title: Option<String>,
        pub reason: Option<String>,
        pub points: Option<i64>,
        pub waitlist_pos: Option<i64>,
        /// A waitlisted member moved up into a freed place.
        pub moved_up: bool,
        pub created_at: i64,
        pub read: bool,
        /// `tier_changed`: the tier the member moved to.
        #[serde(default)]
        pub tier: Option<String>,
    }
}

api_type! {
    pub struct Inbox {
        pub unread: i64,
        pub items: Vec<NotificationView>,
    }
}
