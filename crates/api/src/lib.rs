//! The JSON shapes of Seedbed's HTTP API, shared by the server and the apps.
//!
//! Types only: no logic, no HTTP, no SQL. Times are UNIX seconds (UTC);
//! calendar dates are `YYYY-MM-DD` and months `YYYY-MM` in the brand's zone;
//! points are integers. With the `openapi` feature (server only) every type
//! also derives its OpenAPI schema.

use serde::{Deserialize, Serialize};

macro_rules! api_type {
    ($(#[$m:meta])* pub struct $name:ident { $($body:tt)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub struct $name { $($body)* }
    };
}

api_type! {
    /// Every error answer: `{"error":{"code":"...","message":"..."}}`.
    pub struct ErrorBody {
        pub error: ErrorDetail,
    }
}

api_type! {
    pub struct ErrorDetail {
        /// Stable, machine-readable; the apps translate by code.
        pub code: String,
        /// English explanation for people reading the raw API.
        pub message: String,
    }
}

api_type! {
    pub struct Health {
        pub status: String,
        pub version: String,
        /// `sqlite` or `postgres`.
        pub database: String,
    }
}

api_type! {
    pub struct BrandInfo {
        pub id: String,
        pub name: String,
        pub time_zone: String,
        /// The zone's current offset from UTC in minutes.
        pub utc_offset_minutes: i32,
    }
}

api_type! {
    /// Sign-up or log-in of a consumer with phone and password.
    pub struct MemberCredentials {
        pub phone: String,
        pub password: String,
    }
}

api_type! {
    pub struct OperatorCredentials {
        pub email: String,
        pub password: String,
        /// Needed only when the same e-mail operates several brands.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub brand: Option<String>,
    }
}

api_type! {
    /// The signed-in consumer.
    pub struct MemberMe {
        pub member_id: String,
        pub brand: String,
        pub phone_masked: String,
        /// The member's application, as the app's home card needs it (the
        /// whole application: `GET /api/v1/me/application`).
        pub application: Option<MyApplication>,
        /// `member`, `junior`, `intermediate` or `senior`.
        pub tier: String,
        pub balance: i64,
        /// What the member needs for the next tier (approved members
        /// only), worded by `rules::Progress::text` on the server.
        #[serde(default)]
        pub progress: Option<Localized>,
        /// The day the current tier was reached (brand's zone), if recorded.
        #[serde(default)]
        pub tier_since: Option<String>,
        /// Inbox lines not read yet.
        #[serde(default)]
        pub unread: i64,
    }
}

api_type! {
    pub struct OperatorMe {
        pub operator_id: String,
        pub brand: String,
        pub brand_name: String,
        pub email: String,
        /// `owner`, `operator`, `reviewer` or `analyst`.
        pub role: String,
    }
}

api_type! {
    pub struct SocialAccount {
        /// `xiaohongshu`, `douyin`, `weibo`, `bilibili`, `wechat`, `kuaishou`.
        pub platform: String,
        pub profile_url: String,
        pub followers: i64,
    }
}

api_type! {
    /// A KOC application, as the consumer fills it in.
    pub struct ApplicationForm {
        pub display_name: String,
        /// Phone or WeChat ID.
        pub contact: String,
        pub city: String,
        pub social_accounts: Vec<SocialAccount>,
        pub interests: Vec<String>,
        pub motivation: String,
        pub consent_terms: bool,
        pub consent_data: bool,
        /// The invitation code of the link the applicant came by (`?i=`).
        #[serde(default)]
        pub invite: Option<String>,
        /// Upload ids of screenshots of the applicant's accounts (their own
        /// uploads, at most 5).
        #[serde(default)]
        pub evidence: Vec<String>,
    }
}

api_type! {
    /// "Request more information": the question the applicant answers.
    pub struct InfoRequest {
        pub question: String,
    }
}

api_type! {
    /// The applicant's answer, with evidence that replaces the earlier.
    pub struct InfoReply {
        pub reply: String,
        #[serde(default)]
        pub evidence: Vec<String>,
    }
}

api_type! {
    /// One decision for many applications (at most 500).
    pub struct BulkDecision {
        pub ids: Vec<String>,
        pub approve: bool,
        #[serde(default)]
        pub reason: Option<String>,
    }
}

api_type! {
    pub struct BulkResult {
        /// Decided now.
        pub decided: Vec<String>,
        /// Not pending any more (decided meanwhile), or not found.
        pub skipped: Vec<String>,
    }
}

api_type! {
    pub struct RecruitmentForm {
        pub title: String,
        /// `trial`, `feedback`, `seeding` or `distribution`.
        pub purpose: String,
        /// `one_off` or `long_running`.
        pub kind: String,
        /// One invitation link each: `wechat`, `member_pool`, `partner`,
        /// `in_store`, `one_to_one`.
        pub channels: Vec<String>,
    }
}

api_type! {
    pub struct InviteLink {
        pub channel: String,
        pub code: String,
        /// The consumer app's application page with the code, absolute
        /// when the server knows its public address.
        pub url: String,
        /// The link's QR code (SVG), for posters and in-store stands.
        pub qr_svg: String,
    }
}

api_type! {
    pub struct ChannelStatsView {
        pub channel: String,
        pub applications: i64,
        pub approved: i64,
        /// Applicants with at least one note submitted.
        pub first_notes: i64,
    }
}

api_type! {
    pub struct RecruitmentView {
        pub id: String,
        pub title: String,
        pub purpose: String,
        pub kind: String,
        /// `open` or `closed`.
        pub status: String,
        pub created_at: i64,
        pub links: Vec<InviteLink>,
        pub report: Vec<ChannelStatsView>,
    }
}

api_type! {
    pub struct StatusForm {
        pub status: String,
    }
}

api_type! {
    /// A customer list as a CSV text (columns: id, phone, amount, orders,
    /// member since, last active), UTF-8 with or without BOM, or GB18030.
    pub struct CandidateImportResult {
        pub added: i64,
        pub updated: i64,
        /// Rows refused, with their line numbers and reasons.
        pub errors: Vec<RowError>,
    }
}

api_type! {
    pub struct RowError {
        /// 1-based line of the file (the header is line 1).
        pub line: i64,
        /// A stable code, e.g. `amount_invalid`.
        pub code: String,
        pub message: String,
    }
}

api_type! {
    pub struct CandidateView {
        pub id: String,
        pub external_id: String,
        /// Masked: 138****0001.
        pub phone: String,
        pub amount_cents: i64,
        pub orders: i64,
        pub member_since: String,
        pub last_active: String,
        /// Hundredths of a point, 0–10,000.
        pub score: i64,
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
        pub parts: Vec<rules::ScorePart>,
        pub invite_code: Option<String>,
        pub invited_at: Option<i64>,
    }
}

api_type! {
    pub struct CandidateInvite {
        pub recruitment_id: String,
        /// Candidate ids (at most 500).
        pub ids: Vec<String>,
    }
}

api_type! {
    pub struct ApplicationView {
        pub id: String,
        /// `pending`, `more_info`, `approved` or `rejected`.
        pub status: String,
        pub reason: Option<String>,
        pub display_name: String,
        pub contact: String,
        pub city: String,
        pub social_accounts: Vec<SocialAccount>,
        pub interests: Vec<String>,
        pub motivation: String,
        pub terms_version: String,
        pub created_at: i64,
        pub decided_at: Option<i64>,
        /// `direct` or the invitation's channel.
        #[serde(default)]
        pub channel: String,
        /// The operator's question while the status is `more_info`.
        #[serde(default)]
        pub info_request: Option<String>,
        #[serde(default)]
        pub info_reply: Option<String>,
        /// Upload ids of the applicant's evidence screenshots.
        #[serde(default)]
        pub evidence: Vec<String>,
        /// For operators: other applications of the brand sharing this
        /// one's contact or a social account.
        #[serde(default)]
        pub duplicates: i64,
        /// The applicant's note when they appealed a rejection (once).
        #[serde(default)]
        pub appeal_note: Option<String>,
    }
}

api_type! {
    /// A personal field shown in full to a role that needs it; every such
    /// view is recorded in the audit log.
    pub struct ContactView {
        pub contact: String,
    }
}

api_type! {
    /// One line of the audit log. People and records appear by id only.
    pub struct AuditEntryView {
        pub id: String,
        /// `operator`, `member` or `system`.
        pub actor_kind: String,
        pub actor_id: String,
        /// The operator's e-mail, when the actor is an operator of this brand.
        pub actor_email: Option<String>,
        /// `application.approve`, `personal_data.view`, `campaign.settle`, …
        pub action: String,
        pub target_kind: String,
        pub target_id: String,
        /// JSON of the record's state before and after, when it has one.
        pub before: Option<String>,
        pub after: Option<String>,
        pub at: i64,
    }
}

api_type! {
    /// A stored upload. Fetch the bytes at `GET /api/v1/uploads/{id}`.
    pub struct UploadView {
        pub id: String,
        /// Sniffed from the bytes: `image/png`, `image/jpeg` or `image/webp`.
        pub content_type: String,
        pub size: i64,
    }
}

api_type! {
    /// Approve, or reject with a reason shown to the person concerned.
    pub struct Decision {
        pub approve: bool,
        #[serde(default)]
        pub reason: Option<String>,
        /// Submissions of campaigns that require ad disclosure: the reviewer
        /// checked that the note carries the platform's mark. Approval is
        /// refused without it.
        #[serde(default)]
        pub disclosure_confirmed: bool,
    }
}

api_type! {
    pub struct ThemeForm {
        /// `YYYY-MM`.
        pub month: String,
        pub title: String,
        pub description: String,
    }
}

api_type! {
    pub struct ThemeView {
        pub id: String,
        pub month: String,
        pub title: String,
        pub description: String,
        /// The theme's artwork (public), if any.
        #[serde(default)]
        pub artwork_url: Option<String>,
        pub campaigns: Vec<CampaignView>,
    }
}

api_type! {
    pub struct CampaignForm {
        pub title: String,
        pub brief: String,
        pub hashtags: Vec<String>,
        /// Allowed note platforms: `xiaohongshu`, `douyin`.
        pub platforms: Vec<String>,
        pub slots: i64,
        /// Last day of sign-up, `YYYY-MM-DD`.
        pub signup_closes: String,
        /// Last day to publish, `YYYY-MM-DD`.
        pub publish_by: String,
        /// Points settle on or after this day, `YYYY-MM-DD`.
        pub settlement_date: String,
        /// Percent applied to every note's points; 100 (the default) = none.
        #[serde(default = "hundred")]
        pub multiplier_percent: i64,
        /// A paid collaboration: notes must carry the platform's ad
        /// disclosure, declared by the member and confirmed by the reviewer.
        #[serde(default)]
        pub disclosure_required: bool,
        /// Lowest tier that may sign up: `member` (default, every approved
        /// KOC), `junior`, `intermediate` or `senior`.
        #[serde(default = "member_tier")]
        pub min_tier: String,
        /// `any` (default), `image` or `video`.
        #[serde(default = "any_note")]
        pub note_type: String,
        /// Products the notes feature, by name.
        #[serde(default)]
        pub products: Vec<String>,
        /// First day of sign-up, `YYYY-MM-DD`; empty: from publication.
        #[serde(default)]
        pub signup_opens: String,
        /// Save as a draft (edit, then publish) instead of publishing now.
        #[serde(default)]
        pub draft: bool,
        /// A trial with product samples: selected members publish within
        /// this many days of receiving theirs (0, the default: no samples).
        #[serde(default)]
        pub sample_days: i64,
    }
}

fn hundred() -> i64 {
    100
}

fn member_tier() -> String {
    "member".into()
}

fn any_note() -> String {
    "any".into()
}

api_type! {
    /// Where to copy a campaign: a theme (month) of the same brand. The
    /// copy is a draft with the same fields; dates are the operator's to set.
    pub struct DuplicateForm {
        pub theme_id: String,
    }
}

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
        pub status: String,
        /// Place on the waitlist, 1 = next in.
        pub waitlist_pos: Option<i64>,
    }
}

api_type! {
    pub struct NotificationView {
        pub id: String,
        /// `selected`, `waitlisted`, `not_selected`, `application_approved`,
        /// `application_rejected`, `note_approved`, `note_rejected`,
        /// `points_credited`.
        pub kind: String,
        pub campaign_title: Option<String>,
        pub reason: Option<String>,
        pub points: Option<i64>,
        pub waitlist_pos: Option<i64>,
        /// A waitlisted member moved up into a freed place.
        pub moved_up: bool,
        pub created_at: i64,
        pub read: bool,
    }
}

api_type! {
    pub struct Inbox {
        pub unread: i64,
        pub items: Vec<NotificationView>,
    }
}

api_type! {
    /// The points rule a campaign froze when it was published.
    pub struct PointsRuleView {
        pub base: i64,
        pub interactions_per_step: i64,
        pub points_per_step: i64,
        pub engagement_cap: i64,
        pub viral_threshold: i64,
        pub viral_bonus: i64,
    }
}

api_type! {
    pub struct CampaignView {
        pub id: String,
        pub theme_id: String,
        pub title: String,
        pub brief: String,
        pub hashtags: Vec<String>,
        pub platforms: Vec<String>,
        pub slots: i64,
        pub signups: i64,
        /// `published` or `settled`.
        pub status: String,
        pub signup_closes: String,
        pub publish_by: String,
        pub settlement_date: String,
        pub rule: PointsRuleView,
        /// The brand's rule-set version frozen at publication (0: first release).
        pub rule_version: i64,
        pub multiplier_percent: i64,
        /// Notes must carry the platform's ad disclosure.
        pub disclosure_required: bool,
        /// For a signed-in member: whether they have signed up.
        pub signed_up: bool,
        pub min_tier: String,
        pub note_type: String,
        pub products: Vec<String>,
        pub signup_opens: String,
        /// Sign-ups now selected.
        pub selected: i64,
        /// The operator has confirmed the selection.
        pub selection_confirmed: bool,
        /// For a signed-in member: their sign-up, if any.
        #[serde(default)]
        pub my_signup: Option<MySignup>,
        /// For a signed-in member who may not sign up: why (an error code:
        /// `application_not_approved`, `tier_too_low`, `signup_not_open`,
        /// `signup_closed`). `slots_full` only informs: a sign-up now
        /// joins the waitlist.
        #[serde(default)]
        pub blocked: Option<String>,
        /// Days to publish after receiving the product sample (0: none).
        #[serde(default)]
        pub sample_days: i64,
        /// For a selected member of a trial: where their sample is.
        #[serde(default)]
        pub my_sample: Option<MySample>,
    }
}

api_type! {
    pub struct SubmissionForm {
        pub campaign_id: String,
        /// What the member pasted: a URL or a platform's share text.
        pub link_text: String,
        /// The member declares the note carries the platform's ad
        /// disclosure (required by campaigns that say so).
        #[serde(default)]
        pub disclosure_declared: bool,
        /// An evidence screenshot: the id of the member's own upload.
        #[serde(default)]
        pub screenshot_id: Option<String>,
    }
}

api_type! {
    pub struct MetricsView {
        /// `YYYY-MM-DD`.
        pub date: String,
        pub likes: i64,
        pub comments: i64,
        pub saves: i64,
    }
}

api_type! {
    pub struct SubmissionView {
        pub id: String,
        pub campaign_id: String,
        pub campaign_title: String,
        pub member_id: String,
        pub member_name: String,
        pub platform: String,
        pub note_id: String,
        pub canonical_url: String,
        pub original_url: String,
        /// `pending`, `approved` or `rejected`.
        pub status: String,
        pub reason: Option<String>,
        pub created_at: i64,
        pub metrics: Option<MetricsView>,
        /// Points credited at settlement, once settled.
        pub points: Option<i64>,
        /// The campaign requires ad disclosure.
        pub disclosure_required: bool,
        /// The member declared the disclosure mark.
        pub disclosure_declared: bool,
        /// The reviewer confirmed it.
        pub disclosure_confirmed: bool,
        /// The evidence screenshot (`GET /api/v1/uploads/{id}`), if any.
        pub screenshot_id: Option<String>,
        /// The member's note when they appealed a rejection (once).
        #[serde(default)]
        pub appeal_note: Option<String>,
        /// For reviewers: `burst` (3 or more other notes by the member
        /// within 10 minutes), `shared_device` (notes from the same device
        /// under another account of the brand), `claimed_by_other` (another
        /// member tried to submit this same note).
        #[serde(default)]
        pub flags: Vec<String>,
    }
}

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
    pub struct NoteLinkText {
        pub text: String,
    }
}

api_type! {
    pub struct NoteLinkView {
        pub platform: String,
        pub note_id: Option<String>,
        /// `note` or `short_link`.
        pub kind: String,
        pub canonical_url: String,
    }
}

api_type! {
    /// Everything Seedbed holds about the signed-in member (data portability).
    pub struct MyData {
        pub member_id: String,
        pub brand: String,
        pub phone: String,
        pub joined_at: i64,
        /// With the version and time of the consent given.
        pub application: Option<ApplicationView>,
        pub submissions: Vec<SubmissionView>,
        pub ledger: Vec<LedgerEntryView>,
        pub exported_at: i64,
    }
}

api_type! {
    /// Deleting the account needs the password again.
    pub struct AccountDeletion {
        pub password: String,
    }
}

api_type! {
    /// The brand's rule set and its saved versions.
    pub struct RuleSetView {
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        pub rules: rules::RuleSet,
        pub versions: Vec<RuleVersionView>,
    }
}

api_type! {
    pub struct RuleVersionView {
        pub version: i64,
        pub created_at: i64,
        pub created_by: String,
    }
}

api_type! {
    /// A new rule set; the server numbers the version.
    pub struct RuleSetForm {
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        pub rules: rules::RuleSet,
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
        pub status: String,
        pub waitlist_pos: Option<i64>,
    }
}

api_type! {
    /// A text in both languages the apps speak; they show one.
    pub struct Localized {
        pub zh: String,
        pub en: String,
    }
}

api_type! {
    /// Which header of the file holds what (as found, or as chosen).
    pub struct ColumnMapping {
        /// Note link or note id.
        pub note: Option<String>,
        pub likes: Option<String>,
        pub comments: Option<String>,
        pub saves: Option<String>,
        /// A per-row snapshot date; without it, the import's date.
        pub date: Option<String>,
        /// The platform of bare note ids.
        pub platform: Option<String>,
    }
}

api_type! {
    pub struct ImportRow {
        pub line: i64,
        pub platform: String,
        pub note_id: String,
        pub campaign_title: String,
        pub member_name: String,
        pub date: String,
        pub likes: i64,
        pub comments: i64,
        pub saves: i64,
    }
}

api_type! {
    /// A metrics file read: the headers, the mapping used, the first rows
    /// as they will be recorded, and every refused row. With `commit`, the
    /// good rows were written in one transaction (`changed` new or
    /// different figures; `unchanged` the same as recorded: a second import
    /// of the same file changes nothing).
    pub struct MetricsImport {
        pub headers: Vec<String>,
        pub mapping: ColumnMapping,
        pub rows: Vec<ImportRow>,
        pub good: i64,
        pub errors: Vec<RowError>,
        pub committed: bool,
        pub changed: i64,
        pub unchanged: i64,
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

api_type! {
    pub struct TaskForm {
        /// `publish_note`, `share_moments`, `contest`, `feedback`, `training`.
        pub kind: String,
        pub title: String,
        #[serde(default)]
        pub instructions: String,
        /// Feedback tasks: the questions (at most 10).
        #[serde(default)]
        pub questions: Vec<String>,
        /// `YYYY-MM-DD`.
        pub due_on: String,
        /// Points on approval; default: the brand's rule set for the kind.
        #[serde(default)]
        pub reward_points: Option<i64>,
        /// Assign to this campaign's selected members; without it, to every
        /// approved KOC of the brand.
        #[serde(default)]
        pub campaign_id: Option<String>,
    }
}

api_type! {
    pub struct TaskView {
        pub id: String,
        pub kind: String,
        pub title: String,
        pub instructions: String,
        pub questions: Vec<String>,
        pub due_on: String,
        pub reward_points: i64,
        pub campaign_id: Option<String>,
        pub assigned: i64,
        pub submitted: i64,
        /// Approved or rewarded.
        pub done: i64,
    }
}

api_type! {
    /// What a member hands in for a task.
    pub struct TaskAnswer {
        /// A note, an entry, a completion code (training).
        #[serde(default)]
        pub text: String,
        /// A link (a published note for `publish_note`, a contest entry).
        #[serde(default)]
        pub link: Option<String>,
        /// Feedback: one answer per question, in order.
        #[serde(default)]
        pub answers: Vec<String>,
        /// A screenshot upload (`share_moments` needs one).
        #[serde(default)]
        pub evidence_id: Option<String>,
    }
}

api_type! {
    pub struct AssignmentView {
        pub task_id: String,
        pub member_id: String,
        pub member_name: String,
        pub kind: String,
        pub title: String,
        pub instructions: String,
        pub questions: Vec<String>,
        pub due_on: String,
        pub reward_points: i64,
        /// `assigned`, `submitted`, `approved`, `rejected` or `rewarded`.
        pub status: String,
        pub answer: Option<TaskAnswer>,
        pub submitted_at: Option<i64>,
        pub reason: Option<String>,
        /// Still assigned after its due date.
        pub overdue: bool,
    }
}

api_type! {
    pub struct TaskReview {
        pub member_id: String,
        pub approve: bool,
        #[serde(default)]
        pub reason: Option<String>,
    }
}

api_type! {
    /// Where a selected member wants the product sample sent.
    pub struct SampleForm {
        pub recipient: String,
        pub phone: String,
        pub address: String,
    }
}

api_type! {
    pub struct ShipForm {
        pub member_id: String,
        pub courier: String,
        pub tracking: String,
    }
}

api_type! {
    pub struct SampleView {
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
        /// The publishing deadline: the day received plus the campaign's
        /// sample days.
        pub publish_by: Option<String>,
    }
}

api_type! {
    /// An appeal of a rejection, with the member's note (once per item).
    pub struct AppealForm {
        pub note: String,
    }
}

api_type! {
    /// A selected member's product sample, as the app shows it.
    pub struct MySample {
        /// `address_needed`, `to_ship`, `shipped` or `received`.
        pub stage: String,
        pub courier: Option<String>,
        pub tracking: Option<String>,
        /// Publish by this day (from receipt).
        pub publish_by: Option<String>,
    }
}

api_type! {
    /// One of the member's tasks, as the app lists it.
    pub struct MyTask {
        pub task_id: String,
        pub kind: String,
        pub title: String,
        pub instructions: String,
        pub questions: Vec<String>,
        pub due_on: String,
        pub reward_points: i64,
        /// `assigned`, `submitted`, `approved`, `rejected` or `rewarded`.
        pub status: String,
        pub reason: Option<String>,
        pub overdue: bool,
    }
}

api_type! {
    /// Where the member's KOC application stands.
    pub struct MyApplication {
        pub id: String,
        /// `pending`, `more_info`, `approved` or `rejected`.
        pub status: String,
        pub reason: Option<String>,
        /// The reviewer's question while `more_info`.
        pub info_request: Option<String>,
        /// Set once the member appealed a rejection.
        pub appeal_note: Option<String>,
    }
}

api_type! {
    /// The fields of a [`SubmissionView`] the consumer app reads: it
    /// decodes the member's notes into this (unknown fields are skipped),
    /// so the phone carries no decoder for the rest. The server's tests
    /// check that every `SubmissionView` decodes into it.
    pub struct MyNote {
        pub id: String,
        pub campaign_id: String,
        pub campaign_title: String,
        pub platform: String,
        pub note_id: String,
        pub original_url: String,
        pub status: String,
        pub reason: Option<String>,
        pub points: Option<i64>,
        #[serde(default)]
        pub appeal_note: Option<String>,
    }
}

api_type! {
    /// The fields of a [`ThemeView`] the consumer app reads (see
    /// [`MyCampaign`]).
    pub struct MyTheme {
        pub id: String,
        pub month: String,
        pub title: String,
        pub description: String,
        #[serde(default)]
        pub artwork_url: Option<String>,
        pub campaigns: Vec<MyCampaign>,
    }
}

api_type! {
    /// The fields of a [`CampaignView`] the consumer app reads: it decodes
    /// the theme page into this (unknown fields are skipped), so the phone
    /// carries no decoder for the operators' fields. The server's tests
    /// check that every `CampaignView` decodes into it.
    pub struct MyCampaign {
        pub id: String,
        pub title: String,
        pub brief: String,
        pub hashtags: Vec<String>,
        pub platforms: Vec<String>,
        pub slots: i64,
        pub signups: i64,
        pub status: String,
        pub signup_closes: String,
        pub publish_by: String,
        pub settlement_date: String,
        pub rule: PointsRuleView,
        pub disclosure_required: bool,
        pub selection_confirmed: bool,
        #[serde(default)]
        pub my_signup: Option<MySignup>,
        #[serde(default)]
        pub blocked: Option<String>,
        #[serde(default)]
        pub sample_days: i64,
        #[serde(default)]
        pub my_sample: Option<MySample>,
    }
}

api_type! {
    pub struct OperatorView {
        pub id: String,
        pub email: String,
        /// `owner`, `operator`, `reviewer` or `analyst`.
        pub role: String,
        pub created_at: i64,
    }
}

api_type! {
    pub struct InviteView {
        pub email: String,
        pub role: String,
        pub created_at: i64,
        pub expires_at: i64,
    }
}

api_type! {
    pub struct MailView {
        pub to: String,
        pub subject: String,
        pub created_at: i64,
        pub sent_at: Option<i64>,
        pub attempts: i64,
        pub last_error: Option<String>,
    }
}

api_type! {
    /// The brand's operators, pending invitations and recent mail.
    pub struct TeamView {
        pub operators: Vec<OperatorView>,
        pub invites: Vec<InviteView>,
        pub mail: Vec<MailView>,
        /// Whether mail can be sent (an SMTP server is configured).
        pub mail_enabled: bool,
    }
}

api_type! {
    pub struct OperatorInviteForm {
        pub email: String,
        pub role: String,
    }
}

api_type! {
    /// A new invitation: the link for the owner to copy (it is shown once).
    pub struct InviteLinkView {
        pub link: String,
        pub email: String,
        pub role: String,
        pub expires_at: i64,
        /// Also mailed (queued in the outbox).
        pub mailed: bool,
    }
}

api_type! {
    pub struct RoleForm {
        pub role: String,
    }
}

api_type! {
    /// What an invitation link opens: who is invited where.
    pub struct InvitationView {
        pub brand_name: String,
        pub email: String,
        pub role: String,
        /// Accepted already, or expired: it cannot be used.
        pub usable: bool,
    }
}

api_type! {
    pub struct AcceptInvitation {
        pub password: String,
    }
}

api_type! {
    /// A theme's editable fields; `artwork_id` is an operator upload
    /// (`POST /api/v1/admin/uploads`), or none to remove the artwork.
    pub struct ThemeUpdate {
        pub title: String,
        pub description: String,
        #[serde(default)]
        pub artwork_id: Option<String>,
    }
}
