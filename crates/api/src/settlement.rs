//! Settlement and points: the settlement record, its preview with per-member
//! statements, and a member's ledger.

use serde::{Deserialize, Serialize};

api_type! {
    pub struct SettlementView {
        pub campaign_id: String,
        pub notes: i64,
        pub points_total: i64,
        pub settled_at: i64,
    }
}

api_type! {
    pub struct LedgerEntryView {
        pub id: String,
        pub points: i64,
        /// Stable code, e.g. `note_settled`.
        pub reason: String,
        /// What it was for, e.g. the campaign title.
        pub memo: String,
        pub created_at: i64,
        /// For a settled note: its interactions at settlement.
        pub interactions: Option<i64>,
        /// For a settled note: every point explained (`base`, `engagement`, `viral_bonus`).
        pub lines: Vec<PointsLineView>,
    }
}

api_type! {
    pub struct PointsLineView {
        pub code: String,
        pub points: i64,
    }
}

api_type! {
    pub struct LedgerView {
        pub balance: i64,
        pub entries: Vec<LedgerEntryView>,
    }
}

api_type! {
    /// One note on a member's statement.
    pub struct StatementLine {
        pub submission_id: String,
        pub platform: String,
        pub note_id: String,
        pub interactions: i64,
        pub points: i64,
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
        pub lines: Vec<rules::PointsLine>,
    }
}

api_type! {
    pub struct MemberStatement {
        pub member_id: String,
        pub member_name: String,
        pub notes: Vec<StatementLine>,
        pub total: i64,
    }
}

api_type! {
    /// Settlement as it will be (a preview under the campaign's frozen rule
    /// set) or as it was (`settled`), one statement per member.
    pub struct SettlementPreview {
        pub campaign_id: String,
        pub settled: bool,
        pub rule_version: i64,
        pub settlement_date: String,
        /// Notes still waiting for review: settlement is refused until none.
        pub pending: i64,
        pub notes: i64,
        pub points_total: i64,
        pub statements: Vec<MemberStatement>,
    }
}
