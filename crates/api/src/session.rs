//! Logging in and who is logged in: credentials, and the member's and the
//! operator's "me".

use crate::*;
use serde::{Deserialize, Serialize};

api_type! {
    /// Sign-up or log-in of a consumer with phone and password.
    pub struct MemberCredentials {
        pub phone: String,
        pub password: String,
    }
}

api_type! {
    pub struct OperatorCredentials {
        pub email: String,
        pub password: String,
        /// Needed only when the same e-mail operates several brands.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub brand: Option<String>,
    }
}

api_type! {
    /// The signed-in consumer.
    pub struct MemberMe {
        pub member_id: String,
        pub brand: String,
        pub phone_masked: String,
        /// The member's application, as the app's home card needs it (the
        /// whole application: `GET /api/v1/me/application`).
        pub application: Option<MyApplication>,
        /// `member`, `junior`, `intermediate` or `senior`.
        pub tier: String,
        pub balance: i64,
        /// What the member needs for the next tier (approved members
        /// only), worded by `rules::Progress::text` on the server.
        #[serde(default)]
        pub progress: Option<Localized>,
        /// The day the current tier was reached (brand's zone), if recorded.
        #[serde(default)]
        pub tier_since: Option<String>,
        /// Inbox lines not read yet.
        #[serde(default)]
        pub unread: i64,
    }
}

api_type! {
    pub struct OperatorMe {
        pub operator_id: String,
        pub brand: String,
        pub brand_name: String,
        pub email: String,
        /// `owner`, `operator`, `reviewer` or `analyst`.
        pub role: rules::Role,
        /// The operator has a confirmed second factor.
        #[serde(default)]
        pub second_factor: bool,
        /// An owner of a brand that requires a second factor, without one:
        /// every other operator route answers 403 until it is set up.
        #[serde(default)]
        pub must_enrol: bool,
    }
}
