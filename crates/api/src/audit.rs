//! The audit log as owners read it.

use serde::{Deserialize, Serialize};

api_type! {
    /// One line of the audit log. People and records appear by id only.
    pub struct AuditEntryView {
        pub id: String,
        /// `operator`, `member` or `system`.
        pub actor_kind: rules::ActorKind,
        pub actor_id: String,
        /// The operator's e-mail, when the actor is an operator of this brand.
        pub actor_email: Option<String>,
        /// `application.approve`, `personal_data.view`, `campaign.settle`, …
        pub action: String,
        pub target_kind: String,
        pub target_id: String,
        /// JSON of the record's state before and after, when it has one.
        pub before: Option<String>,
        pub after: Option<String>,
        pub at: i64,
    }
}
