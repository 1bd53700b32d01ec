//! Seedbed's domain rules, shared by the server and the wasm apps.
//!
//! Everything here is pure: no I/O, no async, no clocks, no time-zone data,
//! no floating point in anything that decides (browser and server must
//! agree to the last digit). The same source decides on the server and
//! previews in the browser, so a member never sees one number in the app
//! and another on the statement.

pub mod backoffice;
pub mod brand;
pub mod checkout;
pub mod class;
pub mod commission;
pub mod date;
pub mod discovery;
pub mod expiry;
pub mod kos;
pub mod kos_leads;
pub mod link;
pub mod phone;
pub mod points;
pub mod rewards;
pub mod roster;
pub mod ruleset;
pub mod selection;
pub mod settlement;
pub mod signup;
pub mod tier;
pub mod words;

pub use brand::Accent;
pub use class::{ClassRules, ClassScores, Classification, MemberClass};
pub use commission::{Commission, CommissionRules, Order, OrderKind, OrderStatus, Seller};
pub use date::{CivilDate, YearMonth};
pub use discovery::{CandidateScore, Customer, DiscoveryRules};
pub use kos::KosScope;
pub use link::{LinkError, LinkKind, NoteLink, Platform, parse_note_link};
pub use phone::{Phone, PhoneError};
pub use points::{Metrics, NoteInput, PointsBreakdown, PointsLine, PointsRules, TaskKind};
pub use ruleset::{RuleError, RuleErrorKind, RuleSet, ScorePart, StoredRuleSet};
pub use selection::{Candidate, Outcome, Ranked, SelectionRules};
pub use tier::{
    Progress, SettledNote, Tier, TierChange, TierOutcome, TierReason, TierRules, TierState,
};
pub use words::{
    Account, ActorKind, AdjustmentDirection, ApplicationStatus, AssignmentStatus, CampaignStatus,
    Channel, HoldStatus, KocDomain, KocOrigin, KosRole, Language, NoteType, NotificationKind, Perm,
    PostingReason, RecruitmentKind, RecruitmentPurpose, RecruitmentStatus, RedemptionStatus,
    RewardBlock, RewardKind, Role, SignupStatus, StaffMoveKind, StaffRole, SubmissionStatus,
    UnknownWord,
};

/// Whether `s` has the shape of a brand id, the `{brand}` of `/b/{brand}`
/// and of the API's brand paths: 1–40 lower-case ASCII letters, digits, `-`
/// or `_`. The server checks it before naming a brand in a header, the
/// widget before putting it in a request path.
pub fn is_brand_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    #[test]
    fn brand_ids() {
        for ok in ["demo", "acme-2", "a_b", &"x".repeat(40)] {
            assert!(super::is_brand_id(ok), "{ok}");
        }
        for bad in ["", "Demo", "../x", "a b", "<x>", "品牌", &"x".repeat(41)] {
            assert!(!super::is_brand_id(bad), "{bad}");
        }
    }
}
