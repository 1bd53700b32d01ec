//! Seedbed's persistence: the [`Store`] trait and its SQL implementation.
//!
//! One trait, used by the server as `Arc<dyn Store>`. [`connect`] picks the
//! backend from the URL scheme (`sqlite:` embedded by default, `postgres:`
//! for production). Both run the same SQL: only `BIGINT` and `TEXT`
//! columns, `$n` parameters, `ON CONFLICT` upserts, and no
//! backend-specific functions, so behaviour is identical and one behaviour
//! suite (`tests/it`) checks both.
//!
//! Every write is one transaction, committed before the caller answers.
//! Write transactions start with their write (never read-then-upgrade), so
//! SQLite takes its write lock up front and waits on the busy time-out
//! instead of failing with `SQLITE_BUSY_SNAPSHOT`.
//!
//! The store does not hash passwords, check roles or read the clock: the
//! caller passes ids, hashes and times in.

/// The facts a member's class is computed from (`rules::roster`), as
/// six columns `notes, interactions, past_signups, past_completed,
/// reviewed, approved` of the member `$member` of brand `$brand` (SQL
/// expressions of the outer query): one text for settlement's class
/// recomputation and the sign-up ranking, so both judge alike.
macro_rules! class_facts {
    ($brand:literal, $member:literal) => {
        concat!(
            "(SELECT COUNT(*) FROM submissions s WHERE s.brand_id = ", $brand, " AND s.member_id = ", $member,
            " AND s.status = 'approved' AND s.settled_interactions IS NOT NULL) AS notes, ",
            "(SELECT CAST(COALESCE(SUM(s.settled_interactions), 0) AS BIGINT) FROM submissions s \
             WHERE s.brand_id = ", $brand, " AND s.member_id = ", $member, " AND s.status = 'approved') AS interactions, ",
            "(SELECT COUNT(*) FROM signups p JOIN campaigns c ON c.brand_id = p.brand_id AND c.id = p.campaign_id \
             WHERE p.brand_id = ", $brand, " AND p.member_id = ", $member,
            " AND c.status = 'settled' AND p.status <> 'withdrawn') AS past_signups, ",
            "(SELECT COUNT(DISTINCT s.campaign_id) FROM submissions s JOIN campaigns c ON c.brand_id = s.brand_id \
             AND c.id = s.campaign_id WHERE s.brand_id = ", $brand, " AND s.member_id = ", $member,
            " AND s.status = 'approved' AND c.status = 'settled') AS past_completed, ",
            "(SELECT COUNT(*) FROM submissions s WHERE s.brand_id = ", $brand, " AND s.member_id = ", $member,
            " AND s.status <> 'pending') AS reviewed, ",
            "(SELECT COUNT(*) FROM submissions s WHERE s.brand_id = ", $brand, " AND s.member_id = ", $member,
            " AND s.status = 'approved') AS approved"
        )
    };
}

mod applications;
mod audit;
mod brands;
mod campaigns;
mod checkout;
mod db;
mod idempotency;
mod inbox;
pub(crate) mod kos_accounts;
mod kos_content;
pub(crate) mod kos_leads;
mod kos_notes;
mod kos_org;
mod kos_privacy;
// issue 17: backoffice
mod kos_dashboard;
mod kos_goals;
mod kos_people;
mod kos_rewards;
mod kos_training;
pub(crate) mod ledger;
mod members;
mod notes;
mod outbox;
#[cfg(test)]
mod plans;
mod points;
mod recruitment;
mod rewards;
mod roster;
mod roster_settle;
mod security;
mod selection;
mod settlement;
mod sms;
mod tasks;
mod team;
mod uploads;

pub use applications::*;
pub use audit::*;
pub use brands::*;
pub use campaigns::*;
pub use checkout::*;
pub use db::*;
pub use idempotency::*;
pub use inbox::*;
pub use kos_accounts::{
    AccountEdit, AccountFilter, AccountHandover, AccountMatrix, By, FollowerCount, HandOverTo,
    KosAccount, KosAccountStore, MatrixCell, NewKosAccount,
};
pub use kos_content::*;
pub use kos_dashboard::*;
pub use kos_goals::*;
pub use kos_leads::*;
pub use kos_notes::*;
pub use kos_org::*;
pub use kos_people::*;
pub use kos_privacy::*;
pub use kos_rewards::*;
pub use kos_training::*;
pub use ledger::{Balances, LedgerEntry, LedgerStore, Line, NewPosting, PointsPolicy, Posted};
pub use members::*;
pub use notes::*;
pub use outbox::*;
pub use points::*;
pub use recruitment::*;
pub use rewards::*;
pub use roster::*;
pub use security::*;
pub use selection::*;
pub use settlement::*;
pub use sms::*;
pub use tasks::*;
pub use team::*;
pub use uploads::*;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such row in this brand (or in any brand: callers cannot tell).
    #[error("not found")]
    NotFound,
    /// A uniqueness or state rule refused the write; the code is stable.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("bad database URL: {0}")]
    BadUrl(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Db(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Unsupported(&'static str),
}

/// A column that does not decode (a state no enum knows, say) is corrupt
/// data, never a fall-through to some default.
impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::ColumnDecode { .. } => StoreError::Corrupt(e.to_string()),
            e => StoreError::Db(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

impl DbKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DbKind::Sqlite => "sqlite",
            DbKind::Postgres => "postgres",
        }
    }
}

/// Everything the store does, one supertrait per domain (each in its own
/// file: see the module list). Used as `Arc<dyn Store>`; any type with
/// every domain's trait is a `Store`.
pub trait Store:
    DbStore
    + BrandStore
    + TeamStore
    + MemberStore
    + ApplicationStore
    + RecruitmentStore
    + CampaignStore
    + SelectionStore
    + NoteStore
    + SettlementStore
    + TaskStore
    + InboxStore
    + AuditStore
    + UploadStore
    + IdempotencyStore
    + MailStore
    + SecurityStore
    + SmsStore
    + LedgerStore
    + CheckoutStore
    + RewardStore
    + PointsStore
    + RosterStore
    + KosOrgStore
    + KosPrivacyStore
    + KosLeadStore
    + KosTrainingStore
    + KosGoalStore
    + KosRewardStore
    + KosDashboardStore
    + KosPeopleStore
    + KosAccountStore
    + KosContentStore
    + KosNoteStore
    + 'static
{
}

impl<
    T: DbStore
        + BrandStore
        + TeamStore
        + MemberStore
        + ApplicationStore
        + RecruitmentStore
        + CampaignStore
        + SelectionStore
        + NoteStore
        + SettlementStore
        + TaskStore
        + InboxStore
        + AuditStore
        + UploadStore
        + IdempotencyStore
        + MailStore
        + SecurityStore
        + SmsStore
        + LedgerStore
        + CheckoutStore
        + RewardStore
        + PointsStore
        + RosterStore
        + KosOrgStore
        + KosPrivacyStore
        + KosLeadStore
        + KosTrainingStore
        + KosGoalStore
        + KosRewardStore
        + KosDashboardStore
        + KosPeopleStore
        + KosAccountStore
        + KosContentStore
        + KosNoteStore
        + 'static,
> Store for T
{
}

/// The domain traits, for calling the store's methods on a concrete
/// [`SqlStore`] (a `dyn Store` needs no import).
pub mod prelude {
    pub use crate::CheckoutStore;
    pub use crate::KosLeadStore;
    pub use crate::KosOrgStore;
    pub use crate::KosPeopleStore;
    pub use crate::KosPrivacyStore;
    pub use crate::{
        ApplicationStore, AuditStore, BrandStore, CampaignStore, DbStore, IdempotencyStore,
        InboxStore, LedgerStore, MailStore, MemberStore, NoteStore, PointsStore, RecruitmentStore,
        RewardStore, RosterStore, SecurityStore, SelectionStore, SettlementStore, SmsStore, Store,
        TaskStore, TeamStore, UploadStore,
    };
    pub use crate::{KosAccountStore, KosContentStore, KosNoteStore};
    pub use crate::{KosDashboardStore, KosGoalStore, KosRewardStore, KosTrainingStore};
}
