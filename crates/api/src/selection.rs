//! Who takes part: the member's sign-up, the ranking, confirming and
//! swapping.

use serde::{Deserialize, Serialize};

api_type! {
    /// Confirms a campaign's selection. Without `selected`, the ranking's
    /// proposal (top N with the first-timer quota); with it, exactly these
    /// members (at most the slots). Everyone else queues on the waitlist in
    /// ranking order.
    pub struct SelectionForm {
        #[serde(default)]
        pub selected: Option<Vec<String>>,
    }
}

api_type! {
    /// After the selection: take `out` (selected) out, put `in` (waiting)
    /// in; either or both.
    pub struct SwapForm {
        #[serde(default)]
        pub out: Option<String>,
        #[serde(default, rename = "in")]
        pub into: Option<String>,
    }
}

api_type! {
    /// The signed-in member's sign-up for a campaign.
    pub struct MySignup {
        /// `pending` (before the selection), `selected`, `waitlisted`,
        /// `not_selected` or `withdrawn`.
        pub status: rules::SignupStatus,
        /// Place on the waitlist, 1 = next in.
        pub waitlist_pos: Option<i64>,
    }
}

api_type! {
    /// Sign-ups of a campaign ranked by the campaign's selection rules.
    pub struct RankingView {
        pub campaign_id: String,
        pub slots: i64,
        /// Sign-ups that are not withdrawn.
        pub signups: i64,
        pub selected: i64,
        pub selection_confirmed: bool,
        pub entries: Vec<RankedView>,
    }
}

api_type! {
    pub struct RankedView {
        pub member_id: String,
        pub display_name: String,
        pub tier: String,
        /// 1-based place by score.
        pub rank: i64,
        /// Hundredths of a point, 0–10,000.
        pub score: i64,
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
        pub parts: Vec<rules::ScorePart>,
        pub first_timer: bool,
        /// The ranking's proposal: `selected`, `selected_by_quota` or
        /// `waitlisted`.
        pub outcome: String,
        pub waitlist: Option<i64>,
        /// What the sign-up is now: `pending` until the selection is
        /// confirmed, then `selected`, `waitlisted` or `not_selected`.
        pub status: rules::SignupStatus,
        pub waitlist_pos: Option<i64>,
    }
}
