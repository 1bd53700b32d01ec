//! Rows as the store reads and writes them. JSON-list columns are decoded
//! into `Vec<String>`-like fields at this edge.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: i64,
    pub offset: i64,
}

impl Page {
    pub const FIRST_100: Page = Page {
        limit: 100,
        offset: 0,
    };
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Brand {
    pub id: String,
    pub name: String,
    pub time_zone: String,
    /// JSON of the brand's current `rules::RuleSet`: the version campaigns
    /// published from now on freeze (a first-release row holds a bare points
    /// rule; `store::load_rules` reads both).
    pub points_rule: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Operator {
    pub brand_id: String,
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Member {
    pub brand_id: String,
    pub id: String,
    pub phone: String,
    pub password_hash: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Session {
    pub token_hash: String,
    pub brand_id: String,
    /// `member` or `operator`.
    pub kind: String,
    pub subject_id: String,
    pub created_at: i64,
    /// Absolute end, whatever the activity.
    pub expires_at: i64,
    /// Last use, for idle time-outs (refreshed at most once a minute).
    pub last_seen_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialAccount {
    pub platform: String,
    pub profile_url: String,
    pub followers: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Application {
    pub brand_id: String,
    pub id: String,
    pub member_id: String,
    pub display_name: String,
    pub contact: String,
    pub city: String,
    pub social_accounts: Vec<SocialAccount>,
    pub interests: Vec<String>,
    pub motivation: String,
    pub terms_version: String,
    pub consented_at: i64,
    /// `pending`, `approved`, `rejected`.
    pub status: String,
    pub reason: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    pub decided_by: Option<String>,
    /// `direct` or the invitation's channel (`wechat`, `member_pool`,
    /// `partner`, `in_store`, `one_to_one`).
    pub channel: String,
    pub recruitment_id: Option<String>,
    pub invite_code: Option<String>,
    /// The operator's question while `status` is `more_info`.
    pub info_request: Option<String>,
    pub info_reply: Option<String>,
    /// Upload ids of the applicant's evidence screenshots.
    pub evidence: Vec<String>,
    /// The applicant's note when the rejection was appealed (once).
    pub appeal_note: Option<String>,
    pub appealed_at: Option<i64>,
}

impl Application {
    /// What identifies the person behind the application, for the
    /// duplicate-applicant check: SHA-256 of the normalised contact and of
    /// each social account (platform and profile without query, case or
    /// trailing slash), so the check copies no personal data.
    pub fn identity_hashes(&self) -> Vec<String> {
        use sha2::{Digest, Sha256};
        let mut texts = Vec::new();
        let contact = self.contact.trim();
        if !contact.is_empty() {
            let c = match rules::Phone::parse(contact) {
                Ok(p) => p.as_str().to_string(),
                Err(_) => contact.to_lowercase(),
            };
            texts.push(format!("contact:{c}"));
        }
        for a in &self.social_accounts {
            let url = a.profile_url.trim().to_lowercase();
            let url = url.split(['?', '#']).next().unwrap_or_default();
            let url = url
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_start_matches("www.")
                .trim_end_matches('/');
            if !url.is_empty() {
                texts.push(format!("social:{}:{url}", a.platform));
            }
        }
        let mut out: Vec<String> = texts
            .iter()
            .map(|t| {
                Sha256::digest(t.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect()
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// The review queue's filters; `q` matches the name or the city.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicationFilter {
    pub status: Option<String>,
    pub channel: Option<String>,
    pub q: Option<String>,
}

/// Who decided what, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub approve: bool,
    pub reason: Option<String>,
    pub by: String,
    pub at: i64,
    /// The reviewer checked the note's ad disclosure (submissions only).
    pub disclosure_confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Theme {
    pub brand_id: String,
    pub id: String,
    pub month: String,
    pub title: String,
    pub description: String,
    pub created_at: i64,
    /// An operator upload shown with the theme.
    pub artwork_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub brand_id: String,
    pub id: String,
    pub theme_id: String,
    pub title: String,
    pub brief: String,
    pub hashtags: Vec<String>,
    pub platforms: Vec<String>,
    pub slots: i64,
    pub signup_closes: String,
    pub publish_by: String,
    pub settlement_date: String,
    /// The rule set frozen when the campaign was published.
    pub rules: rules::RuleSet,
    /// Percent applied to every note's points (100 = none).
    pub multiplier_percent: i64,
    /// Notes must carry the platform's ad disclosure (paid collaboration).
    pub disclosure_required: bool,
    /// `draft`, `published`, `closed` or `settled`.
    pub status: String,
    pub created_at: i64,
    /// Sign-ups that are not withdrawn (kept by the store).
    pub signups: i64,
    /// Members may sign up from this tier up.
    pub min_tier: rules::Tier,
    /// `any`, `image` or `video`.
    pub note_type: String,
    pub products: Vec<String>,
    /// First day of sign-up (`YYYY-MM-DD`), or empty: from publication.
    pub signup_opens: String,
    /// When an operator confirmed the selection (`None`: not yet; kept by the store).
    pub selected_at: Option<i64>,
    /// Sign-ups now selected (kept by the store).
    pub selected: i64,
    /// A trial with product samples: selected members publish within this
    /// many days of receiving theirs (0: no samples).
    pub sample_days: i64,
}

/// One member's sign-up for one campaign and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Signup {
    pub campaign_id: String,
    pub member_id: String,
    /// `pending`, `selected`, `waitlisted`, `not_selected` or `withdrawn`.
    pub status: String,
    /// Place on the waitlist, 1 = next in.
    pub waitlist_pos: Option<i64>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

/// A line in a member's inbox. `detail` is JSON (ids, titles, reasons,
/// points): what the app needs to word it in the member's language.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Notification {
    pub brand_id: String,
    pub id: String,
    pub member_id: String,
    pub kind: String,
    pub detail: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

impl Notification {
    pub fn new(brand: &str, member: &str, kind: &str, detail: serde_json::Value, at: i64) -> Self {
        Notification {
            brand_id: brand.to_string(),
            id: crate::new_id(),
            member_id: member.to_string(),
            kind: kind.to_string(),
            detail: detail.to_string(),
            created_at: at,
            read_at: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Submission {
    pub brand_id: String,
    pub id: String,
    pub campaign_id: String,
    pub member_id: String,
    pub platform: String,
    pub note_id: String,
    pub canonical_url: String,
    pub original_url: String,
    pub status: String,
    pub reason: Option<String>,
    pub created_at: i64,
    pub reviewed_at: Option<i64>,
    pub reviewed_by: Option<String>,
    pub settled_points: Option<i64>,
    pub settled_interactions: Option<i64>,
    /// The member declared the note carries the ad disclosure.
    #[sqlx(try_from = "IntFlag")]
    pub disclosure_declared: bool,
    /// The reviewer confirmed it.
    #[sqlx(try_from = "IntFlag")]
    pub disclosure_confirmed: bool,
    /// An evidence screenshot: an upload of the same member.
    pub screenshot_id: Option<String>,
    /// SHA-256 of the client's address and browser (flags one device
    /// under several accounts); never the address itself.
    pub client_hash: Option<String>,
}

/// A submission with what a list shows beside it: the campaign's title,
/// the member's display name, and the latest metrics snapshot.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SubmissionDetail {
    #[sqlx(flatten)]
    pub submission: Submission,
    pub campaign_title: String,
    /// The campaign requires ad disclosure.
    #[sqlx(try_from = "IntFlag")]
    pub disclosure_required: bool,
    pub member_name: String,
    pub snapshot_date: Option<String>,
    pub likes: Option<i64>,
    pub comments: Option<i64>,
    pub saves: Option<i64>,
    /// The member's note when the rejection was appealed.
    pub appeal_note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmissionFilter {
    pub member_id: Option<String>,
    pub campaign_id: Option<String>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Snapshot {
    pub snapshot_date: String,
    pub likes: i64,
    pub comments: i64,
    pub saves: i64,
    pub recorded_at: i64,
    pub recorded_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Settlement {
    pub brand_id: String,
    pub campaign_id: String,
    pub notes: i64,
    pub points_total: i64,
    pub settled_at: i64,
    pub settled_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LedgerEntry {
    pub brand_id: String,
    pub id: String,
    pub member_id: String,
    pub points: i64,
    pub reason: String,
    pub memo: String,
    /// JSON of `rules::PointsBreakdown` for settled notes, `{}` otherwise.
    pub detail: String,
    pub source_kind: String,
    pub source_id: String,
    pub created_at: i64,
}

/// A yes/no column: BIGINT 0 or 1 on both databases (SQLite has no
/// boolean type, and one schema serves both).
#[derive(Debug, Clone, Copy, sqlx::Type)]
#[sqlx(transparent)]
pub struct IntFlag(pub i64);

impl From<IntFlag> for bool {
    fn from(f: IntFlag) -> bool {
        f.0 != 0
    }
}

/// A fresh unique id: a UUIDv7 (time-ordered, so new rows append to
/// indexes) as 32 hex digits.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().simple().to_string()
}

/// Where an idempotency key stands when a request arrives with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyStart {
    /// First use: run the request, then record its answer.
    Fresh,
    /// Answered before: send this answer again.
    Replay { status: i64, body: String },
    /// Used before with a different request.
    Mismatch,
    /// The first request with this key is still running.
    InProgress,
}

/// Identifies one idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey {
    pub brand_id: String,
    pub caller: String,
    pub route: String,
    pub key: String,
}

/// One saved version of a brand's rule set.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RuleSetVersion {
    pub version: i64,
    pub created_at: i64,
    pub created_by: String,
}

/// A member's tier as recorded: the current state and every dated change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TierHistory {
    pub state: rules::TierState,
    pub changes: Vec<rules::TierChange>,
}

/// What selection knows about one sign-up of a campaign.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SignupFacts {
    pub member_id: String,
    pub signed_up_at: i64,
    /// The sign-up's status (`pending` before the selection).
    pub status: String,
    pub waitlist_pos: Option<i64>,
    pub display_name: String,
    /// JSON list of `SocialAccount`, as the application holds it.
    pub social_accounts: String,
    /// Approved, settled notes and their interactions in total.
    pub notes: i64,
    pub interactions: i64,
    /// Sign-ups to campaigns since settled, and how many of those ended in
    /// an approved note.
    pub past_signups: i64,
    pub past_completed: i64,
    /// Submissions reviewed, and how many of them were approved.
    pub reviewed: i64,
    pub approved: i64,
    /// The last recorded tier, if any.
    pub tier: Option<String>,
}

/// One line of the audit log: who did what to which record, when, and the
/// record's state before and after (JSON). Actors and targets are ids;
/// `before`/`after` never hold personal fields, so erasing a member leaves
/// nothing here to erase.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditEntry {
    pub brand_id: String,
    pub id: String,
    /// `operator`, `member` or `system`.
    pub actor_kind: String,
    pub actor_id: String,
    /// Dotted, stable: `application.approve`, `personal_data.view`, …
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    #[sqlx(rename = "before_json")]
    pub before: Option<String>,
    #[sqlx(rename = "after_json")]
    pub after: Option<String>,
    pub at: i64,
}

impl AuditEntry {
    /// An operator's action, stamped with a fresh time-ordered id.
    pub fn operator(
        brand: &str,
        operator_id: &str,
        action: &str,
        target: (&str, &str),
        at: i64,
    ) -> AuditEntry {
        AuditEntry::by(brand, ("operator", operator_id), action, target, at)
    }

    /// A member's own action (erasing their account).
    pub fn member(
        brand: &str,
        member_id: &str,
        action: &str,
        target: (&str, &str),
        at: i64,
    ) -> AuditEntry {
        AuditEntry::by(brand, ("member", member_id), action, target, at)
    }

    fn by(
        brand: &str,
        actor: (&str, &str),
        action: &str,
        target: (&str, &str),
        at: i64,
    ) -> AuditEntry {
        AuditEntry {
            brand_id: brand.to_string(),
            id: crate::new_id(),
            actor_kind: actor.0.to_string(),
            actor_id: actor.1.to_string(),
            action: action.to_string(),
            target_kind: target.0.to_string(),
            target_id: target.1.to_string(),
            before: None,
            after: None,
            at,
        }
    }

    pub fn before(mut self, v: serde_json::Value) -> AuditEntry {
        self.before = Some(v.to_string());
        self
    }

    pub fn after(mut self, v: serde_json::Value) -> AuditEntry {
        self.after = Some(v.to_string());
        self
    }
}

/// What the audit search narrows by; every field optional. `action`
/// matches a whole action or a prefix ending in `.` (`application.`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub target_id: Option<String>,
    /// UNIX seconds, inclusive.
    pub from: Option<i64>,
    /// UNIX seconds, exclusive.
    pub until: Option<i64>,
}

/// An uploaded file's record; the bytes are on disk, named by `id`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Upload {
    pub brand_id: String,
    pub id: String,
    /// `member` or `operator`.
    pub owner_kind: String,
    pub owner_id: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: i64,
}

/// One table's columns and unique keys, as the database's catalogue has them.
#[derive(Debug, Clone)]
pub struct TableKeys {
    pub table: &'static str,
    pub columns: Vec<String>,
    /// The primary key's columns, in key order (empty: none).
    pub primary_key: Vec<String>,
    /// Every other unique index's columns.
    pub unique: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Recruitment {
    pub brand_id: String,
    pub id: String,
    pub title: String,
    /// `trial`, `feedback`, `seeding` or `distribution`.
    pub purpose: String,
    /// `one_off` or `long_running`.
    pub kind: String,
    /// `open` or `closed`.
    pub status: String,
    pub created_at: i64,
    pub created_by: String,
}

/// An invitation link's code and what it records on the application.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Invite {
    pub brand_id: String,
    pub code: String,
    pub recruitment_id: String,
    pub channel: String,
    pub candidate_id: Option<String>,
    pub created_at: i64,
}

/// Applications, approvals and members with a first note, per channel.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ChannelStats {
    pub channel: String,
    pub applications: i64,
    pub approved: i64,
    pub first_notes: i64,
}

/// A customer imported for candidate discovery, with the score the
/// brand's discovery rules gave at import (`parts` is its JSON breakdown).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Candidate {
    pub brand_id: String,
    pub id: String,
    pub external_id: String,
    pub phone: String,
    pub amount_cents: i64,
    pub orders: i64,
    pub member_since: String,
    pub last_active: String,
    pub score: i64,
    pub parts: String,
    pub invite_code: Option<String>,
    pub invited_at: Option<i64>,
    pub imported_at: i64,
}

/// A note found by its platform and id, for matching imported rows.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NoteRef {
    pub platform: String,
    pub note_id: String,
    pub submission_id: String,
    pub member_id: String,
    pub status: String,
    pub settled_points: Option<i64>,
    pub campaign_title: String,
    pub member_name: String,
}

/// One approved note of a campaign with the snapshot settlement would use
/// (the latest on or before the settlement date; none: zeros).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SettlementNote {
    pub submission_id: String,
    pub member_id: String,
    pub member_name: String,
    pub platform: String,
    pub note_id: String,
    pub likes: Option<i64>,
    pub comments: Option<i64>,
    pub saves: Option<i64>,
    pub settled_points: Option<i64>,
    pub settled_interactions: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub brand_id: String,
    pub id: String,
    pub campaign_id: Option<String>,
    /// `publish_note`, `share_moments`, `contest`, `feedback`, `training`.
    pub kind: String,
    pub title: String,
    pub instructions: String,
    /// Feedback tasks: the questions to answer.
    pub questions: Vec<String>,
    pub due_on: String,
    pub reward_points: i64,
    pub created_at: i64,
    pub created_by: String,
}

/// A task with how far its assignments have got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSummary {
    pub task: Task,
    pub assigned: i64,
    pub submitted: i64,
    pub done: i64,
}

/// One member's assignment, with its task's title, kind and due date.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Assignment {
    pub task_id: String,
    pub member_id: String,
    pub member_name: String,
    pub kind: String,
    pub title: String,
    pub instructions: String,
    pub questions: String,
    pub due_on: String,
    pub reward_points: i64,
    pub status: String,
    pub answer: Option<String>,
    pub evidence_id: Option<String>,
    pub assigned_at: i64,
    pub submitted_at: Option<i64>,
    pub reviewed_at: Option<i64>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssignmentFilter {
    pub task_id: Option<String>,
    pub status: Option<String>,
    /// Overdue on this day: still assigned, due before it.
    pub overdue_on: Option<String>,
}

/// A product sample on its way to a selected member.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Sample {
    pub campaign_id: String,
    pub member_id: String,
    pub member_name: String,
    pub recipient: String,
    pub phone: String,
    pub address: String,
    pub courier: Option<String>,
    pub tracking: Option<String>,
    pub shipped_at: Option<i64>,
    pub received_on: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OperatorInvite {
    pub brand_id: String,
    pub token_hash: String,
    pub email: String,
    pub role: String,
    pub created_by: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
}

/// A mail waiting in (or sent from) the outbox.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxMail {
    pub brand_id: String,
    pub id: String,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub attempts: i64,
    pub last_error: Option<String>,
}
