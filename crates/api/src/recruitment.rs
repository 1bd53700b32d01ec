//! Recruitments with their per-channel invitation links, the channel report,
//! and imported candidates.

use crate::*;
use serde::{Deserialize, Serialize};

api_type! {
    pub struct RecruitmentForm {
        pub title: String,
        /// `trial`, `feedback`, `seeding` or `distribution`.
        pub purpose: String,
        /// `one_off` or `long_running`.
        pub kind: String,
        /// One invitation link each: `wechat`, `member_pool`, `partner`,
        /// `in_store`, `one_to_one`.
        pub channels: Vec<String>,
    }
}

api_type! {
    pub struct InviteLink {
        pub channel: rules::Channel,
        pub code: String,
        /// The consumer app's application page with the code, absolute
        /// when the server knows its public address.
        pub url: String,
        /// The link's QR code (SVG), for posters and in-store stands.
        pub qr_svg: String,
    }
}

api_type! {
    pub struct ChannelStatsView {
        pub channel: rules::Channel,
        pub applications: i64,
        pub approved: i64,
        /// Applicants with at least one note submitted.
        pub first_notes: i64,
    }
}

api_type! {
    pub struct RecruitmentView {
        pub id: String,
        pub title: String,
        pub purpose: rules::RecruitmentPurpose,
        pub kind: rules::RecruitmentKind,
        /// `open` or `closed`.
        pub status: rules::RecruitmentStatus,
        pub created_at: i64,
        pub links: Vec<InviteLink>,
        pub report: Vec<ChannelStatsView>,
    }
}

api_type! {
    pub struct StatusForm {
        pub status: String,
    }
}

api_type! {
    /// A customer list as a CSV text (columns: id, phone, amount, orders,
    /// member since, last active), UTF-8 with or without BOM, or GB18030.
    pub struct CandidateImportResult {
        pub added: i64,
        pub updated: i64,
        /// Rows refused, with their line numbers and reasons.
        pub errors: Vec<RowError>,
    }
}

api_type! {
    pub struct CandidateView {
        pub id: String,
        pub external_id: String,
        /// Masked: 138****0001.
        pub phone: String,
        pub amount_cents: i64,
        pub orders: i64,
        pub member_since: String,
        pub last_active: String,
        /// Hundredths of a point, 0–10,000.
        pub score: i64,
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
        pub parts: Vec<rules::ScorePart>,
        pub invite_code: Option<String>,
        pub invited_at: Option<i64>,
    }
}

api_type! {
    pub struct CandidateInvite {
        pub recruitment_id: String,
        /// Candidate ids (at most 500).
        pub ids: Vec<String>,
    }
}
