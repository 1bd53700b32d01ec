//! Points operations: the brand's policy (rate, expiry, checkout share),
//! its totals per account, operators' adjustments, and the member's
//! points page (balance with its cash value, held points, what expires
//! next, every posting explained).

use serde::{Deserialize, Serialize};

api_type! {
    /// The brand's points policy as stored and as the owners' form sends it.
    pub struct PointsPolicyForm {
        /// Points worth one yuan (1 to 10,000).
        pub points_per_yuan: i64,
        /// Points expire at the end of this many months after the month
        /// earned (1 to 120); 0: never.
        pub expiry_months: i64,
        /// The largest share of an order paid in points, in percent (0 to 100).
        pub checkout_max_percent: i64,
    }
}

api_type! {
    /// One account's total, in points and in fen at the brand's rate.
    pub struct PointsAmount {
        pub points: i64,
        pub fen: i64,
    }
}

api_type! {
    /// The brand's points: issued (out of the budget), what members have
    /// available and held, and what went out (expired, redeemed, paid at
    /// the checkout).
    pub struct PointsOverview {
        pub policy: PointsPolicyForm,
        pub issued: PointsAmount,
        pub available: PointsAmount,
        pub held: PointsAmount,
        pub expired: PointsAmount,
        pub redeemed: PointsAmount,
        pub checkout: PointsAmount,
    }
}

api_type! {
    /// A member found for an adjustment: the phone masked.
    pub struct PointsMemberView {
        pub member_id: String,
        pub phone_masked: String,
        pub available: i64,
        pub held: i64,
        pub fen: i64,
    }
}

api_type! {
    /// An operator's credit or debit.
    pub struct AdjustmentForm {
        /// The member's id or phone.
        pub member: String,
        pub direction: rules::AdjustmentDirection,
        /// How many points (1 to 1,000,000).
        pub points: i64,
        /// Why (required; the member sees it).
        pub reason: String,
        /// Let the debit take the member below zero.
        pub allow_negative: bool,
    }
}

api_type! {
    pub struct AdjustmentView {
        pub posting_id: String,
        pub member_id: String,
        pub before: i64,
        pub after: i64,
        /// The same request was posted before: nothing new was written.
        pub replayed: bool,
    }
}

api_type! {
    /// When points expire next and how many.
    pub struct ExpiryNotice {
        /// The last day they are worth something (`YYYY-MM-DD`, brand time).
        pub date: String,
        pub points: i64,
    }
}

api_type! {
    /// One posting on the member's points page.
    pub struct MyPointsEntry {
        pub id: String,
        /// The change to the member's available points.
        pub points: i64,
        pub reason: rules::PostingReason,
        /// The campaign's title, a reward's name, an operator's reason, or
        /// for an expiry the last month expired (`YYYY-MM`).
        pub memo: String,
        pub created_at: i64,
        /// For a settled note: its interactions at settlement.
        pub interactions: Option<i64>,
        /// For a settled note: every point explained.
        pub lines: Vec<crate::PointsLineView>,
    }
}

api_type! {
    /// The member's points page.
    pub struct MyPoints {
        pub available: i64,
        pub held: i64,
        /// The available points' cash value in fen, at the brand's rate.
        pub fen: i64,
        pub points_per_yuan: i64,
        pub next_expiry: Option<ExpiryNotice>,
        pub entries: Vec<MyPointsEntry>,
    }
}
