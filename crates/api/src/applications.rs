//! KOC applications: the form, operators' views and decisions (one or many),
//! questions and replies, and the member's own projection.

use serde::{Deserialize, Serialize};

api_type! {
    pub struct SocialAccount {
        /// `xiaohongshu`, `douyin`, `weibo`, `bilibili`, `wechat`, `kuaishou`.
        pub platform: String,
        pub profile_url: String,
        pub followers: i64,
    }
}

api_type! {
    /// A KOC application, as the consumer fills it in.
    pub struct ApplicationForm {
        pub display_name: String,
        /// Phone or WeChat ID.
        pub contact: String,
        pub city: String,
        pub social_accounts: Vec<SocialAccount>,
        pub interests: Vec<String>,
        pub motivation: String,
        pub consent_terms: bool,
        pub consent_data: bool,
        /// The invitation code of the link the applicant came by (`?i=`).
        #[serde(default)]
        pub invite: Option<String>,
        /// Upload ids of screenshots of the applicant's accounts (their own
        /// uploads, at most 5).
        #[serde(default)]
        pub evidence: Vec<String>,
    }
}

api_type! {
    /// "Request more information": the question the applicant answers.
    pub struct InfoRequest {
        pub question: String,
    }
}

api_type! {
    /// The applicant's answer, with evidence that replaces the earlier.
    pub struct InfoReply {
        pub reply: String,
        #[serde(default)]
        pub evidence: Vec<String>,
    }
}

api_type! {
    /// One decision for many applications (at most 500).
    pub struct BulkDecision {
        pub ids: Vec<String>,
        pub approve: bool,
        #[serde(default)]
        pub reason: Option<String>,
    }
}

api_type! {
    pub struct BulkResult {
        /// Decided now.
        pub decided: Vec<String>,
        /// Not pending any more (decided meanwhile), or not found.
        pub skipped: Vec<String>,
    }
}

api_type! {
    pub struct ApplicationView {
        pub id: String,
        /// `pending`, `more_info`, `approved` or `rejected`.
        pub status: rules::ApplicationStatus,
        pub reason: Option<String>,
        pub display_name: String,
        pub contact: String,
        pub city: String,
        pub social_accounts: Vec<SocialAccount>,
        pub interests: Vec<String>,
        pub motivation: String,
        pub terms_version: String,
        pub created_at: i64,
        pub decided_at: Option<i64>,
        /// `direct` or the invitation's channel.
        #[serde(default)]
        pub channel: rules::Channel,
        /// The operator's question while the status is `more_info`.
        #[serde(default)]
        pub info_request: Option<String>,
        #[serde(default)]
        pub info_reply: Option<String>,
        /// Upload ids of the applicant's evidence screenshots.
        #[serde(default)]
        pub evidence: Vec<String>,
        /// For operators: other applications of the brand sharing this
        /// one's contact or a social account.
        #[serde(default)]
        pub duplicates: i64,
        /// The applicant's note when they appealed a rejection (once).
        #[serde(default)]
        pub appeal_note: Option<String>,
    }
}

api_type! {
    /// A personal field shown in full to a role that needs it; every such
    /// view is recorded in the audit log.
    pub struct ContactView {
        pub contact: String,
    }
}

api_type! {
    /// Approve, or reject with a reason shown to the person concerned.
    pub struct Decision {
        pub approve: bool,
        #[serde(default)]
        pub reason: Option<String>,
        /// Submissions of campaigns that require ad disclosure: the reviewer
        /// checked that the note carries the platform's mark. Approval is
        /// refused without it.
        #[serde(default)]
        pub disclosure_confirmed: bool,
        /// Approving an application: the member's kind of KOC (public or
        /// private domain; brand lover, incubated or partner creator).
        /// Absent: public and incubated, editable on the roster.
        #[serde(default)]
        pub kind: Option<crate::KindForm>,
    }
}

api_type! {
    /// Where the member's KOC application stands.
    pub struct MyApplication {
        pub id: String,
        /// `pending`, `more_info`, `approved` or `rejected`.
        pub status: rules::ApplicationStatus,
        pub reason: Option<String>,
        /// The reviewer's question while `more_info`.
        pub info_request: Option<String>,
        /// Set once the member appealed a rejection.
        pub appeal_note: Option<String>,
    }
}
