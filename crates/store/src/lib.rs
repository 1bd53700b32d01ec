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

mod model;
mod sql;

pub use model::*;
pub use sql::{Cell, SqlStore, connect, load_rules, sqlite_file};

use async_trait::async_trait;

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
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Unsupported(&'static str),
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

#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn kind(&self) -> DbKind;
    /// Creates or upgrades the schema. Safe to run on every start.
    async fn migrate(&self) -> Result<()>;
    /// True when no brand exists yet (demo data may be loaded).
    async fn is_empty(&self) -> Result<bool>;

    async fn create_brand(&self, brand: &Brand) -> Result<()>;
    async fn brand(&self, id: &str) -> Result<Brand>;
    /// Saves `set` as the brand's next rule-set version (numbered by the
    /// store) and makes it the one campaigns published from now on freeze.
    async fn save_rule_set(
        &self,
        brand: &str,
        set: &rules::RuleSet,
        by: &str,
        at: i64,
    ) -> Result<rules::RuleSet>;
    /// Every saved version, newest first.
    async fn rule_set_versions(&self, brand: &str) -> Result<Vec<RuleSetVersion>>;

    async fn create_operator(&self, op: &Operator) -> Result<()>;
    async fn operators_by_email(&self, email: &str) -> Result<Vec<Operator>>;
    async fn operator(&self, brand: &str, id: &str) -> Result<Operator>;

    /// The brand's operators, oldest first.
    async fn operators(&self, brand: &str) -> Result<Vec<Operator>>;
    /// Records an invitation, with its mail in the outbox when given, in
    /// one transaction.
    async fn create_operator_invite(
        &self,
        inv: &OperatorInvite,
        mail: Option<&OutboxMail>,
    ) -> Result<()>;
    /// An invitation by its token's hash (used or not, expired or not).
    async fn operator_invite(&self, brand: &str, token_hash: &str) -> Result<OperatorInvite>;
    /// Invitations not yet accepted nor expired at `now`.
    async fn pending_operator_invites(&self, brand: &str, now: i64) -> Result<Vec<OperatorInvite>>;
    /// Accepts a valid invitation by creating `op` (its email and role),
    /// once. `Conflict`: `invitation_used`, `invitation_expired`,
    /// `operator_exists`.
    async fn accept_operator_invite(&self, token_hash: &str, op: &Operator, now: i64)
    -> Result<()>;
    /// Changes an operator's role; the brand keeps at least one owner
    /// (`Conflict("last_owner")`).
    async fn set_operator_role(
        &self,
        brand: &str,
        id: &str,
        role: &str,
        by: &str,
        at: i64,
    ) -> Result<Operator>;
    /// Removes an operator and ends their sessions; the brand keeps at
    /// least one owner.
    async fn remove_operator(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()>;
    /// Mail still to send (fewer than 5 attempts), oldest first, any brand.
    async fn unsent_mail(&self, limit: i64) -> Result<Vec<OutboxMail>>;
    /// Sent: the body (which may hold a link) is blanked.
    async fn mark_mail_sent(&self, brand: &str, id: &str, at: i64) -> Result<()>;
    async fn mark_mail_failed(&self, brand: &str, id: &str, error: &str) -> Result<()>;
    /// The brand's outbox, newest first (for the owner to see what failed).
    async fn outbox(&self, brand: &str, page: Page) -> Result<Vec<OutboxMail>>;

    /// Fails with `Conflict("phone_taken")` when the phone is in use in the brand.
    async fn create_member(&self, member: &Member) -> Result<()>;
    async fn member_by_phone(&self, brand: &str, phone: &str) -> Result<Member>;
    async fn member(&self, brand: &str, id: &str) -> Result<Member>;
    /// Erases a member's personal data in one transaction: the phone
    /// becomes `pseudonym`, the password unusable, the application's
    /// personal fields blank, every session ends. Ledger, notes and
    /// decisions stay for accounting and duplicate checks, linked only to
    /// the now anonymous member id.
    /// Returns the ids of the member's uploads whose rows it removed: the
    /// caller deletes their files.
    async fn erase_member(
        &self,
        brand: &str,
        id: &str,
        pseudonym: &str,
        at: i64,
    ) -> Result<Vec<String>>;

    async fn create_session(&self, session: &Session) -> Result<()>;
    /// A session that has not expired at `now`.
    async fn session(&self, token_hash: &str, now: i64) -> Result<Session>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    /// Records that the session was used at `now`.
    async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()>;
    /// Ends every session of one subject ("log out everywhere"); returns how many.
    async fn delete_sessions_of(&self, brand: &str, kind: &str, subject_id: &str) -> Result<u64>;

    /// Fails with `Conflict("application_exists")` on a second application.
    async fn create_application(&self, app: &Application) -> Result<()>;
    async fn application_of(&self, brand: &str, member_id: &str) -> Result<Application>;
    async fn application(&self, brand: &str, id: &str) -> Result<Application>;
    /// The review queue, oldest first.
    async fn applications(
        &self,
        brand: &str,
        filter: &ApplicationFilter,
        page: Page,
    ) -> Result<Vec<Application>>;
    /// For each of `ids` that shares a contact or a social account with
    /// other applications of the brand: how many.
    async fn duplicate_applicants(&self, brand: &str, ids: &[String])
    -> Result<Vec<(String, i64)>>;
    /// Approves or rejects a pending application (or one waiting for more
    /// information); `Conflict("already_decided")` otherwise. The
    /// applicant is told in the same transaction.
    async fn decide_application(
        &self,
        brand: &str,
        id: &str,
        d: &DecisionRecord,
    ) -> Result<Application>;
    /// The same decision for many, in one transaction; the ids decided
    /// (others were no longer pending, or are not the brand's).
    async fn decide_applications(
        &self,
        brand: &str,
        ids: &[String],
        d: &DecisionRecord,
    ) -> Result<Vec<String>>;
    /// Pending → `more_info` with the operator's question; the applicant
    /// is told. `Conflict("already_decided")` otherwise.
    async fn request_information(
        &self,
        brand: &str,
        id: &str,
        question: &str,
        by: &str,
        at: i64,
    ) -> Result<Application>;
    /// The applicant answers (and may replace the evidence): pending again.
    /// `Conflict("no_question")` unless an answer is awaited.
    async fn answer_information(
        &self,
        brand: &str,
        member_id: &str,
        reply: &str,
        evidence: &[String],
        at: i64,
    ) -> Result<Application>;

    /// Creates a recruitment with one invitation link per `(channel, code)`,
    /// in one transaction.
    async fn create_recruitment(&self, r: &Recruitment, links: &[(String, String)]) -> Result<()>;
    /// Newest first.
    async fn recruitments(&self, brand: &str) -> Result<Vec<Recruitment>>;
    async fn recruitment(&self, brand: &str, id: &str) -> Result<Recruitment>;
    /// `open` ↔ `closed`; a closed recruitment's links still open the
    /// form but record no recruitment.
    async fn set_recruitment_status(
        &self,
        brand: &str,
        id: &str,
        status: &str,
        by: &str,
        at: i64,
    ) -> Result<Recruitment>;
    /// The recruitment's channel links (candidate links excluded).
    async fn invites(&self, brand: &str, recruitment_id: &str) -> Result<Vec<Invite>>;
    async fn invite(&self, brand: &str, code: &str) -> Result<Invite>;
    /// Per channel: applications, approvals, and applicants with at least
    /// one note; of one recruitment, or of the whole brand.
    async fn channel_report(
        &self,
        brand: &str,
        recruitment_id: Option<&str>,
    ) -> Result<Vec<ChannelStats>>;

    /// Adds or updates (by `external_id`) imported customers in one
    /// transaction; `(added, updated)`. An update keeps an invitation.
    async fn import_candidates(
        &self,
        brand: &str,
        rows: &[Candidate],
        by: &str,
        at: i64,
    ) -> Result<(u64, u64)>;
    /// Highest score first; `uninvited` leaves out those already invited.
    async fn candidates(&self, brand: &str, uninvited: bool, page: Page) -> Result<Vec<Candidate>>;
    /// Gives each `(candidate id, code)` its own invitation link of the
    /// recruitment (channel `member_pool`), in one transaction; the ids
    /// invited (already invited or unknown ones are skipped).
    async fn invite_candidates(
        &self,
        brand: &str,
        recruitment_id: &str,
        codes: &[(String, String)],
        by: &str,
        at: i64,
    ) -> Result<Vec<String>>;

    /// Creates a task and assigns it to `members` in one transaction; each
    /// is told in the inbox.
    async fn create_task(&self, t: &Task, members: &[String]) -> Result<()>;
    /// Newest due date first, with each task's progress.
    async fn tasks(&self, brand: &str, page: Page) -> Result<Vec<TaskSummary>>;
    async fn task(&self, brand: &str, id: &str) -> Result<Task>;
    /// Who takes part in a campaign: its selected members, or every live
    /// sign-up while no selection was confirmed.
    async fn campaign_participants(&self, brand: &str, campaign_id: &str) -> Result<Vec<String>>;
    /// Every approved KOC of the brand.
    async fn approved_members(&self, brand: &str) -> Result<Vec<String>>;
    /// Assignments across tasks, soonest due first.
    async fn assignments(
        &self,
        brand: &str,
        f: &AssignmentFilter,
        page: Page,
    ) -> Result<Vec<Assignment>>;
    /// The member's assignments, soonest due first.
    async fn member_assignments(&self, brand: &str, member_id: &str) -> Result<Vec<Assignment>>;
    /// The member hands in (or, after a rejection, again).
    /// `Conflict("task_not_open")` once submitted or approved.
    async fn submit_task(
        &self,
        brand: &str,
        task_id: &str,
        member_id: &str,
        answer: &str,
        evidence_id: Option<&str>,
        at: i64,
    ) -> Result<Assignment>;
    /// Approves (crediting the reward in the same transaction: `rewarded`)
    /// or rejects with a reason. `Conflict("task_not_submitted")` otherwise.
    async fn review_task(
        &self,
        brand: &str,
        task_id: &str,
        member_id: &str,
        d: &DecisionRecord,
    ) -> Result<Assignment>;

    /// The selected member's shipping details (again until shipped).
    /// `Conflict("sample_shipped")` after.
    async fn request_sample(&self, brand: &str, s: &Sample) -> Result<Sample>;
    /// Records `(courier, tracking number)`; the member is told.
    async fn ship_sample(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        shipment: (&str, &str),
        by: &str,
        at: i64,
    ) -> Result<Sample>;
    /// The member confirms receipt on `on` (`YYYY-MM-DD`); the publishing
    /// deadline counts from it. `Conflict("sample_not_shipped")` before.
    async fn receive_sample(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        on: &str,
        at: i64,
    ) -> Result<Sample>;
    async fn samples(&self, brand: &str, campaign_id: &str) -> Result<Vec<Sample>>;
    async fn sample(&self, brand: &str, campaign_id: &str, member_id: &str) -> Result<Sample>;

    /// A rejected note back to review with the member's note, once.
    /// `Conflict("not_appealable")` unless rejected and never appealed.
    async fn appeal_submission(
        &self,
        brand: &str,
        member_id: &str,
        submission_id: &str,
        note: &str,
        at: i64,
    ) -> Result<()>;
    /// A rejected application back to review with the applicant's note, once.
    async fn appeal_application(
        &self,
        brand: &str,
        member_id: &str,
        note: &str,
        at: i64,
    ) -> Result<Application>;

    /// Fails with `Conflict("theme_month_taken")` when the month has a theme.
    /// `by` (an operator id) is recorded in the audit log, in the same transaction.
    async fn create_theme(&self, theme: &Theme, by: &str) -> Result<()>;
    /// Changes a theme's title, description and artwork.
    async fn update_theme(&self, t: &Theme, by: &str, at: i64) -> Result<()>;
    async fn themes(&self, brand: &str) -> Result<Vec<Theme>>;
    async fn theme(&self, brand: &str, id: &str) -> Result<Theme>;
    async fn theme_by_month(&self, brand: &str, month: &str) -> Result<Theme>;

    /// Saves a campaign as it is (a draft, or published from the start);
    /// `by` is recorded in the audit log.
    async fn create_campaign(&self, c: &Campaign, by: &str) -> Result<()>;
    /// Replaces a draft's fields; `Conflict("not_draft")` once published.
    async fn update_campaign(&self, c: &Campaign, by: &str, at: i64) -> Result<()>;
    /// Draft → published, freezing `set` into the campaign.
    /// `Conflict("not_draft")` otherwise.
    async fn publish_campaign(
        &self,
        brand: &str,
        id: &str,
        set: &rules::RuleSet,
        by: &str,
        at: i64,
    ) -> Result<Campaign>;
    /// Published → closed: sign-up ends and whoever waits for a place is
    /// told they were not selected. `Conflict("not_published")` otherwise.
    async fn close_campaign(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<Campaign>;
    async fn campaigns(&self, brand: &str, theme_id: &str) -> Result<Vec<Campaign>>;
    async fn campaign(&self, brand: &str, id: &str) -> Result<Campaign>;

    /// Fails with `Conflict("already_signed_up")`. After the selection the
    /// sign-up joins the end of the waitlist.
    async fn create_signup(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        at: i64,
    ) -> Result<Signup>;
    async fn signup(&self, brand: &str, campaign_id: &str, member_id: &str) -> Result<Signup>;
    /// The member's sign-ups for the campaigns of one theme (one query for
    /// a whole theme page).
    async fn member_signups_in_theme(
        &self,
        brand: &str,
        theme_id: &str,
        member_id: &str,
    ) -> Result<Vec<Signup>>;
    /// Confirms a published campaign's selection once: `selected` (at most
    /// the slots) are selected, `waitlist` queue in that order, and anyone
    /// else still pending queues behind them by sign-up time. Everyone
    /// concerned is told. `Conflict`: `selection_confirmed`,
    /// `not_published`, `too_many_selected`, `not_signed_up` (an id that is
    /// not a pending sign-up).
    async fn confirm_selection(
        &self,
        brand: &str,
        campaign_id: &str,
        selected: &[String],
        waitlist: &[String],
        by: &str,
        at: i64,
    ) -> Result<Campaign>;
    /// After the selection: takes `out` (selected) out and puts `into`
    /// (waitlisted or not selected) in, either or both, within the slots.
    async fn swap_selection(
        &self,
        brand: &str,
        campaign_id: &str,
        out: Option<&str>,
        into: Option<&str>,
        by: &str,
        at: i64,
    ) -> Result<Campaign>;
    /// The member withdraws; a freed place goes to the first on the
    /// waitlist, who is told. `Conflict`: `campaign_closed`,
    /// `not_withdrawable`, `note_submitted`.
    async fn withdraw_signup(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        at: i64,
    ) -> Result<Signup>;

    /// The member's inbox, newest first.
    async fn notifications(
        &self,
        brand: &str,
        member_id: &str,
        page: Page,
    ) -> Result<Vec<Notification>>;
    async fn unread_notifications(&self, brand: &str, member_id: &str) -> Result<i64>;
    /// Marks every line read; how many were unread.
    async fn mark_notifications_read(&self, brand: &str, member_id: &str, at: i64) -> Result<u64>;

    /// Fails with `Conflict("note_already_submitted")` when the brand has the note.
    async fn create_submission(&self, s: &Submission) -> Result<()>;
    async fn submission(&self, brand: &str, id: &str) -> Result<Submission>;
    /// Newest first, with campaign title, member name and latest metrics.
    async fn submissions(
        &self,
        brand: &str,
        filter: &SubmissionFilter,
        page: Page,
    ) -> Result<Vec<SubmissionDetail>>;
    /// Suspicious patterns among `ids`: `(id, flag)` with flag `burst`,
    /// `shared_device` or `claimed_by_other` (see `api::SubmissionView`).
    async fn submission_flags(
        &self,
        brand: &str,
        ids: &[String],
    ) -> Result<Vec<(String, &'static str)>>;
    /// `Conflict("already_decided")` unless the submission is pending.
    async fn decide_submission(
        &self,
        brand: &str,
        id: &str,
        d: &DecisionRecord,
    ) -> Result<Submission>;

    /// Records (or corrects) the snapshot of a note for one date.
    async fn put_metrics(&self, brand: &str, submission_id: &str, m: &Snapshot) -> Result<()>;
    /// Imported snapshots, in one transaction: each `(submission, snapshot)`
    /// is written unless the same figures are there already (an audit line
    /// for each change). `(changed, unchanged)`; `Conflict("already_settled")`
    /// if any note is settled (nothing is written).
    async fn import_metrics(&self, brand: &str, rows: &[(String, Snapshot)]) -> Result<(u64, u64)>;
    /// The notes with these `(platform, note id)` keys, where the brand has them.
    async fn notes_by_key(&self, brand: &str, keys: &[(String, String)]) -> Result<Vec<NoteRef>>;
    /// Every snapshot of a note, oldest first.
    async fn metric_history(&self, brand: &str, submission_id: &str) -> Result<Vec<Snapshot>>;
    /// Notes of the campaign still waiting for review.
    async fn pending_in_campaign(&self, brand: &str, campaign_id: &str) -> Result<i64>;
    /// The campaign's approved notes with the snapshot settlement uses,
    /// and what settlement gave them once settled.
    async fn settlement_notes(&self, brand: &str, campaign_id: &str)
    -> Result<Vec<SettlementNote>>;
    /// The latest snapshot dated on or before `date` (`YYYY-MM-DD`).
    async fn latest_metrics(
        &self,
        brand: &str,
        submission_id: &str,
        date: &str,
    ) -> Result<Option<Snapshot>>;

    /// Settles a campaign in one transaction: credits every approved note
    /// under the campaign's frozen rule set from its latest snapshot on or
    /// before the settlement date, and records the tier changes this
    /// causes (dates in the brand's zone, `offset_minutes` east of UTC). Settling again returns the first
    /// settlement and credits nothing. `Conflict("submissions_pending")`
    /// while a submission waits for review.
    async fn settle_campaign(
        &self,
        brand: &str,
        campaign_id: &str,
        by: &str,
        at: i64,
        offset_minutes: i32,
    ) -> Result<Settlement>;
    async fn settlement(&self, brand: &str, campaign_id: &str) -> Result<Settlement>;

    /// Appends one audit line on its own (views of personal data, log-ins).
    /// Operator writes made through this trait record theirs themselves,
    /// in the transaction of the write.
    async fn record_audit(&self, e: &AuditEntry) -> Result<()>;
    /// Newest first.
    async fn audit_log(&self, brand: &str, f: &AuditFilter, page: Page) -> Result<Vec<AuditEntry>>;

    async fn create_upload(&self, u: &Upload) -> Result<()>;
    async fn upload(&self, brand: &str, id: &str) -> Result<Upload>;
    /// Uploads of one owner made at or after `since` (for a daily quota).
    async fn count_uploads(
        &self,
        brand: &str,
        owner_kind: &str,
        owner_id: &str,
        since: i64,
    ) -> Result<i64>;

    async fn ledger(&self, brand: &str, member_id: &str, page: Page) -> Result<Vec<LedgerEntry>>;
    async fn balance(&self, brand: &str, member_id: &str) -> Result<i64>;
    /// Approved, settled notes of a member, dated in the brand's zone.
    async fn settled_notes(
        &self,
        brand: &str,
        member_id: &str,
        offset_minutes: i32,
    ) -> Result<Vec<rules::SettledNote>>;
    /// Every sign-up of a campaign with what selection ranks it by.
    async fn signup_facts(&self, brand: &str, campaign_id: &str) -> Result<Vec<SignupFacts>>;
    /// The member's recorded tier changes (empty before the first one).
    async fn tier_history(&self, brand: &str, member_id: &str) -> Result<TierHistory>;

    /// Claims `key` for a request with `request_hash`, or says how it was
    /// used before. Keys older than `expire_before` are forgotten first.
    async fn idempotency_start(
        &self,
        key: &IdempotencyKey,
        request_hash: &str,
        now: i64,
        expire_before: i64,
    ) -> Result<IdempotencyStart>;
    /// Records the answer to the request that claimed `key`.
    async fn idempotency_finish(&self, key: &IdempotencyKey, status: i64, body: &str)
    -> Result<()>;
    /// Releases a claim whose request failed on our side, so a retry runs again.
    async fn idempotency_abort(&self, key: &IdempotencyKey) -> Result<()>;

    /// Writes a consistent copy of the whole database to `path` while it is
    /// in use (SQLite: `VACUUM INTO`). PostgreSQL answers
    /// `Unsupported`: use `pg_dump`, which does this better.
    async fn backup_to(&self, path: &std::path::Path) -> Result<()>;

    /// Every row of every table as text, in a stable order: for comparing
    /// two databases (backup round trips, exports).
    async fn dump(&self) -> Result<Vec<(&'static str, Vec<String>)>>;

    /// Rows per table, every table: for checks that a refused request wrote
    /// nothing, and for comparing copies of a database.
    async fn row_counts(&self) -> Result<Vec<(&'static str, i64)>>;
}
