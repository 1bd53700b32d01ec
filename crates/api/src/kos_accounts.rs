//! The KOS account matrix (issue 17: content): accounts of the brand, its
//! regions, stores and staff on each platform, their follower counts and
//! hand-overs, and the matrix with its gaps. Forms refuse unknown fields,
//! so a `password` sent with an account is an error, never stored.

use rules::words::{AccountOwnerLevel, AccountStatus, KosPlatform};
use serde::{Deserialize, Serialize};

/// An account to add. Staff add their own (owner fields ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KosAccountForm {
    /// `brand`, `region`, `store` or `staff`.
    #[serde(default)]
    pub owner_level: String,
    /// The region, store or staff member's id; '' for the brand.
    #[serde(default)]
    pub owner_id: String,
    /// `douyin`, `xiaohongshu`, `wechat_channels`, `weibo`, `bilibili`,
    /// `kuaishou`, `personal_wechat`, `wecom`, `official_account`, `mini_program`.
    pub platform: String,
    pub handle: String,
    /// The account's page (checked against the platform's hosts).
    #[serde(default)]
    pub profile_url: String,
    /// `active` (default), `paused` or `closed`.
    #[serde(default)]
    pub status: Option<String>,
    /// A first follower count, dated today.
    #[serde(default)]
    pub followers: Option<i64>,
}

/// What may change on an account (not its holder: hand it over).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KosAccountEdit {
    pub handle: String,
    #[serde(default)]
    pub profile_url: String,
    pub status: String,
}

api_type! {
    pub struct KosAccountView {
        pub id: String,
        pub owner_level: AccountOwnerLevel,
        pub owner_id: String,
        pub owner_name: String,
        pub platform: KosPlatform,
        /// A private-domain platform.
        pub private: bool,
        pub handle: String,
        pub profile_url: String,
        pub status: AccountStatus,
        pub followers: i64,
        /// The day of the latest count, `YYYY-MM-DD`.
        pub followers_on: Option<String>,
        pub updated_at: i64,
    }
}

api_type! {
    /// A dated follower count.
    pub struct FollowerPoint {
        pub on_date: String,
        pub followers: i64,
    }
}

/// A count to record; the day defaults to today (the brand's calendar).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FollowerForm {
    #[serde(default)]
    pub on_date: Option<String>,
    pub followers: i64,
}

api_type! {
    /// One change of holder.
    pub struct HandoverView {
        pub from_level: AccountOwnerLevel,
        pub from_id: String,
        pub to_level: AccountOwnerLevel,
        pub to_id: String,
        pub on_date: String,
        pub reason: String,
        pub decided_by: String,
        pub created_at: i64,
    }
}

api_type! {
    /// An account with its follower history and hand-overs.
    pub struct KosAccountDetail {
        pub account: KosAccountView,
        pub followers: Vec<FollowerPoint>,
        pub handovers: Vec<HandoverView>,
    }
}

/// Hand an account to a colleague or a store (one of the two).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HandOverForm {
    #[serde(default)]
    pub to_staff_id: Option<String>,
    #[serde(default)]
    pub to_store_id: Option<String>,
    /// `YYYY-MM-DD`; today when none.
    #[serde(default)]
    pub on_date: Option<String>,
    #[serde(default)]
    pub reason: String,
}

api_type! {
    /// One cell: an owner level's live accounts on one platform.
    pub struct MatrixCellView {
        pub platform: KosPlatform,
        pub private: bool,
        pub accounts: i64,
        pub followers: i64,
        /// Owners with at least one account here.
        pub owners: i64,
        /// Owners without one ("12 家门店没有小红书账号").
        pub gap: i64,
    }
}

api_type! {
    /// One row of the matrix: an owner level, how many owners it has in
    /// the scope, and a cell per platform (every platform, in order).
    pub struct MatrixRow {
        pub level: AccountOwnerLevel,
        pub owners: i64,
        pub cells: Vec<MatrixCellView>,
    }
}

api_type! {
    /// A region to narrow the matrix to.
    pub struct MatrixRegion {
        pub id: String,
        pub name: String,
    }
}

api_type! {
    pub struct AccountMatrixView {
        /// The region the matrix is narrowed to, if any.
        pub region_id: Option<String>,
        pub rows: Vec<MatrixRow>,
        /// The regions it may be narrowed to (operators: all the brand's).
        #[serde(default)]
        pub regions: Vec<MatrixRegion>,
    }
}
