//! Rewards and redemption: the operator's catalogue and fulfilment, the
//! member's catalogue (with why not), redemptions and codes.

use serde::{Deserialize, Serialize};

api_type! {
    /// A catalogue item as the operator writes it.
    pub struct RewardForm {
        /// `coupon`, `voucher`, `gift` or `experience`.
        pub kind: String,
        pub title: String,
        #[serde(default)]
        pub description: String,
        /// An operator upload of the brand; on saving, none keeps the
        /// current image.
        #[serde(default)]
        pub image_id: Option<String>,
        /// Points price (> 0).
        pub price: i64,
        /// Items (seats) to give; for a coupon with a code pool, codes add
        /// to it as they are uploaded.
        #[serde(default)]
        pub stock: i64,
        /// `member`, `junior`, `intermediate` or `senior`.
        #[serde(default)]
        pub min_tier: Option<String>,
        /// `potential`, `standard` or `high_quality`; none: any class.
        #[serde(default)]
        pub min_class: Option<String>,
        /// Redemptions per member; 0: no limit.
        #[serde(default)]
        pub per_member_limit: i64,
        /// `YYYY-MM-DD` (the brand's zone): first and last day it may be redeemed.
        #[serde(default)]
        pub starts_on: Option<String>,
        #[serde(default)]
        pub ends_on: Option<String>,
        /// A coupon everyone gets (no pool); on saving, none keeps the
        /// current one (it is shown masked).
        #[serde(default)]
        pub shared_code: Option<String>,
        /// A voucher's value in fen.
        #[serde(default)]
        pub voucher_fen: i64,
        /// An experience's date (`YYYY-MM-DD`) and place.
        #[serde(default)]
        pub event_on: Option<String>,
        #[serde(default)]
        pub venue: String,
        /// Withdrawn items stay listed for the operator only.
        #[serde(default = "yes")]
        pub active: bool,
    }
}

fn yes() -> bool {
    true
}

api_type! {
    /// A catalogue item, as operators see it.
    pub struct RewardView {
        pub id: String,
        pub kind: rules::RewardKind,
        pub title: String,
        pub description: String,
        pub image_id: Option<String>,
        pub image_url: Option<String>,
        pub price: i64,
        /// Left to redeem.
        pub stock: i64,
        /// Coupon pool: codes uploaded, and given out.
        pub codes_total: i64,
        pub codes_used: i64,
        /// Live (not cancelled) redemptions.
        pub redeemed: i64,
        pub min_tier: String,
        pub min_class: Option<String>,
        pub per_member_limit: i64,
        pub starts_on: Option<String>,
        pub ends_on: Option<String>,
        /// Masked (`AB****`): a code is a secret.
        pub shared_code: Option<String>,
        pub voucher_fen: i64,
        pub event_on: Option<String>,
        pub venue: String,
        pub active: bool,
    }
}

api_type! {
    /// Coupon codes to add to an item's pool, one a line (blank lines and
    /// codes already in the pool are skipped).
    pub struct RewardCodes {
        pub codes: String,
    }
}

api_type! {
    pub struct RewardCodesAdded {
        pub added: i64,
        pub skipped: i64,
        pub stock: i64,
    }
}

api_type! {
    /// A catalogue item, as the member's phone shows it.
    pub struct MyReward {
        pub id: String,
        pub kind: rules::RewardKind,
        pub title: String,
        pub description: String,
        pub image_url: Option<String>,
        pub price: i64,
        pub stock: i64,
        /// The price's cash value in fen at the brand's rate.
        pub price_fen: i64,
        pub voucher_fen: i64,
        pub event_on: Option<String>,
        pub venue: String,
        pub ends_on: Option<String>,
        /// Why the member may not redeem it now; none: they may.
        pub blocked: Option<rules::RewardBlock>,
        /// What the block asks for: a tier, a class, the opening day or the limit.
        pub need: Option<String>,
    }
}

api_type! {
    pub struct MyCatalogue {
        pub available: i64,
        /// Their cash value in fen at the brand's rate.
        pub available_fen: i64,
        pub items: Vec<MyReward>,
    }
}

api_type! {
    /// Redeeming: a gift needs where to send it.
    pub struct RedeemForm {
        #[serde(default)]
        pub recipient: Option<String>,
        #[serde(default)]
        pub phone: Option<String>,
        #[serde(default)]
        pub address: Option<String>,
    }
}

api_type! {
    /// One of the member's redemptions, with its code (theirs to see).
    pub struct MyRedemption {
        pub id: String,
        pub item_id: String,
        pub kind: rules::RewardKind,
        pub title: String,
        pub points: i64,
        pub status: rules::RedemptionStatus,
        pub code: Option<String>,
        pub voucher_fen: i64,
        /// An experience's start (UNIX seconds).
        pub event_at: Option<i64>,
        pub venue: String,
        pub courier: Option<String>,
        pub tracking: Option<String>,
        pub reason: Option<String>,
        pub created_at: i64,
    }
}

api_type! {
    /// A redemption as operators see it: the code masked, the contact
    /// masked (gifts: the full address is shown to operating roles, as
    /// they ship it).
    pub struct RedemptionView {
        pub id: String,
        pub item_id: String,
        pub kind: rules::RewardKind,
        pub title: String,
        pub member_id: String,
        pub member_name: String,
        pub points: i64,
        pub status: rules::RedemptionStatus,
        pub code: Option<String>,
        pub recipient: Option<String>,
        pub phone: Option<String>,
        pub address: Option<String>,
        pub courier: Option<String>,
        pub tracking: Option<String>,
        pub reason: Option<String>,
        pub created_at: i64,
        pub updated_at: i64,
    }
}

api_type! {
    /// An operator's fulfilment step: `issued`, `shipped` (with courier
    /// and tracking), `done`, or `cancelled` (with a reason; the points go
    /// back to the member).
    pub struct FulfilForm {
        pub status: String,
        #[serde(default)]
        pub courier: Option<String>,
        #[serde(default)]
        pub tracking: Option<String>,
        #[serde(default)]
        pub reason: Option<String>,
    }
}

api_type! {
    /// A redemption in the member's data download: everything held.
    pub struct RedemptionRecord {
        pub redemption: MyRedemption,
        pub recipient: Option<String>,
        pub phone: Option<String>,
        pub address: Option<String>,
    }
}
