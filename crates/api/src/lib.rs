//! The JSON shapes of Seedbed's HTTP API, shared by the server and the apps.
//!
//! Types only: no logic, no HTTP, no SQL. Times are UNIX seconds (UTC);
//! calendar dates are `YYYY-MM-DD` and months `YYYY-MM` in the brand's zone;
//! points are integers. With the `openapi` feature (server only) every type
//! also derives its OpenAPI schema.
//!
//! One module per domain, as in the server's routes (`session`, `account`,
//! `applications`, `recruitment`, `themes`, `campaigns`, `selection`,
//! `notes`, `settlement`, `tasks`, `inbox`, `rule_sets`, `team`, `security`, `audit`, `roster`,
//! `brand`, plus `common`); every type is re-exported here, so `api::CampaignView`
//! is the path to use. A word with a fixed set of values is a
//! `rules::words` enum, which serialises as the same string.

/// Declares a wire type: serde both ways, and (server only) its schema.
/// Modules invoking it import `serde::{Deserialize, Serialize}`.
macro_rules! api_type {
    ($(#[$m:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct $name { $($body)* }
    };
}

mod account;
mod applications;
mod audit;
mod brand;
mod campaigns;
mod checkout;
mod codes;
mod common;
mod inbox;
mod kos_leads;
// issue 17: backoffice
mod kos_backoffice;
mod notes;
mod points;
mod recruitment;
mod rewards;
mod roster;
mod rule_sets;
mod security;
mod selection;
mod session;
mod settlement;
mod staff;
mod tasks;
mod team;
mod themes;

pub use account::*;
pub use applications::*;
pub use audit::*;
pub use brand::*;
pub use campaigns::*;
pub use checkout::*;
pub use codes::*;
pub use common::*;
pub use inbox::*;
pub use kos_backoffice::*;
pub use kos_leads::*;
pub use notes::*;
pub use points::*;
pub use recruitment::*;
pub use rewards::*;
pub use roster::*;
pub use rule_sets::*;
pub use security::*;
pub use selection::*;
pub use session::*;
pub use settlement::*;
pub use staff::*;
pub use tasks::*;
pub use team::*;
pub use themes::*;
