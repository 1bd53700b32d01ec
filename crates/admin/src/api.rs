//! Every HTTP call of the admin app, one typed function each: the only
//! place that knows the `/api/v1` paths. Pages call these through the data
//! hooks (`ui::use_load`, `ui::use_action`) and never build a path.
//!
//! Grouped by domain in the server's order (session, applications,
//! recruitment, themes and campaigns, selection, notes, settlement, tasks,
//! audit, team, own account); a new domain adds its block here.

use api::*;
use serde::de::IgnoredAny;
use ui::{ApiFailure, Client};

const ADMIN: &str = "/api/v1/admin";

/// A check the page makes before sending (a number that is not one), as
/// the same kind of failure the server's answers give.
pub fn invalid(message: &str) -> ApiFailure {
    ApiFailure {
        status: 0,
        code: "invalid".into(),
        message: message.into(),
    }
}

/// `None` when the server answers 404 (e.g. a campaign not yet settled).
fn optional<T>(r: Result<T, ApiFailure>) -> Result<Option<T>, ApiFailure> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.status == 404 => Ok(None),
        Err(e) => Err(e),
    }
}

fn q(v: &str) -> String {
    js_sys::encode_uri_component(v).into()
}

// ── Session ─────────────────────────────────────────────────────────────

/// The signed-in operator; `None` when signed out (401).
pub async fn me(c: Client) -> Result<Option<OperatorMe>, ApiFailure> {
    match c.get(&format!("{ADMIN}/me")).await {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.status == 401 => Ok(None),
        Err(e) => Err(e),
    }
}

/// The log-in's answer: (202) a second factor is needed, or signed in
/// (the frame then reloads "me"). Tried in this order: only the first has
/// a step token.
#[derive(serde::Deserialize)]
#[serde(untagged)]
pub enum LogIn {
    SecondFactor(SecondFactorNeeded),
    SignedIn(IgnoredAny),
}

pub async fn log_in(c: Client, body: OperatorCredentials) -> Result<LogIn, ApiFailure> {
    c.post(&format!("{ADMIN}/session"), &body).await
}

/// The log-in's second step: a code from the app or a recovery code.
pub async fn second_factor(c: Client, body: SecondFactorForm) -> Result<OperatorMe, ApiFailure> {
    c.post(&format!("{ADMIN}/session/second-factor"), &body)
        .await
}

/// Ends this session, or (`everywhere`) every session of the account.
pub async fn log_out(c: Client, everywhere: bool) -> Result<(), ApiFailure> {
    let what = if everywhere { "sessions" } else { "session" };
    c.delete(&format!("{ADMIN}/{what}")).await
}

/// A stored upload (evidence, screenshots, artwork), as an image address.
pub fn upload_url(id: &str) -> String {
    format!("{ADMIN}/uploads/{id}")
}

pub async fn upload(c: Client, file: web_sys::File) -> Result<UploadView, ApiFailure> {
    c.upload(&format!("{ADMIN}/uploads"), &file).await
}

// ── Applications ────────────────────────────────────────────────────────

pub async fn applications(
    c: Client,
    status: &str,
    channel: &str,
    search: &str,
) -> Result<Vec<ApplicationView>, ApiFailure> {
    c.get(&format!(
        "{ADMIN}/applications?status={}&channel={}&q={}&limit=200",
        q(status),
        q(channel),
        q(search)
    ))
    .await
}

pub async fn decide_applications(c: Client, body: BulkDecision) -> Result<BulkResult, ApiFailure> {
    c.post(&format!("{ADMIN}/applications/decisions"), &body)
        .await
}

pub async fn decide_application(c: Client, id: &str, body: Decision) -> Result<(), ApiFailure> {
    c.post::<_, IgnoredAny>(&format!("{ADMIN}/applications/{id}/decision"), &body)
        .await
        .map(|_| ())
}

/// The full contact (the view is audited).
pub async fn contact(c: Client, id: &str) -> Result<ContactView, ApiFailure> {
    c.get(&format!("{ADMIN}/applications/{id}/contact")).await
}

pub async fn ask_more(
    c: Client,
    id: &str,
    body: InfoRequest,
) -> Result<ApplicationView, ApiFailure> {
    c.post(&format!("{ADMIN}/applications/{id}/more-info"), &body)
        .await
}

// ── Recruitment ─────────────────────────────────────────────────────────

pub async fn recruitments(c: Client) -> Result<Vec<RecruitmentView>, ApiFailure> {
    c.get(&format!("{ADMIN}/recruitments")).await
}

pub async fn channels(c: Client) -> Result<Vec<ChannelStatsView>, ApiFailure> {
    c.get(&format!("{ADMIN}/channels")).await
}

pub async fn create_recruitment(
    c: Client,
    body: RecruitmentForm,
) -> Result<RecruitmentView, ApiFailure> {
    c.post(&format!("{ADMIN}/recruitments"), &body).await
}

pub async fn candidates(c: Client) -> Result<Vec<CandidateView>, ApiFailure> {
    c.get(&format!("{ADMIN}/candidates?limit=200")).await
}

pub async fn import_candidates(
    c: Client,
    file: web_sys::File,
) -> Result<CandidateImportResult, ApiFailure> {
    c.upload(&format!("{ADMIN}/candidates/import"), &file).await
}

pub async fn invite_candidates(c: Client, body: CandidateInvite) -> Result<BulkResult, ApiFailure> {
    c.post(&format!("{ADMIN}/candidates/invite"), &body).await
}

/// Deletes an imported customer (owners).
pub async fn delete_candidate(c: Client, id: String) -> Result<(), ApiFailure> {
    c.delete(&format!("{ADMIN}/candidates/{id}")).await
}

// ── Themes, campaigns, rules ────────────────────────────────────────────

pub async fn themes(c: Client) -> Result<Vec<ThemeView>, ApiFailure> {
    c.get(&format!("{ADMIN}/themes")).await
}

pub async fn create_theme(c: Client, body: ThemeForm) -> Result<ThemeView, ApiFailure> {
    c.post(&format!("{ADMIN}/themes"), &body).await
}

pub async fn update_theme(c: Client, id: &str, body: ThemeUpdate) -> Result<ThemeView, ApiFailure> {
    c.put(&format!("{ADMIN}/themes/{id}"), &body).await
}

pub async fn create_campaign(
    c: Client,
    theme_id: &str,
    body: CampaignForm,
) -> Result<CampaignView, ApiFailure> {
    c.post(&format!("{ADMIN}/themes/{theme_id}/campaigns"), &body)
        .await
}

pub async fn campaign(c: Client, id: &str) -> Result<CampaignView, ApiFailure> {
    c.get(&format!("{ADMIN}/campaigns/{id}")).await
}

/// A campaign's one-step transitions.
#[derive(Clone, Copy, PartialEq)]
pub enum Step {
    Publish,
    Close,
    Settle,
}

pub async fn campaign_step(c: Client, id: &str, step: Step) -> Result<(), ApiFailure> {
    let verb = match step {
        Step::Publish => "publish",
        Step::Close => "close",
        Step::Settle => "settlement",
    };
    c.post::<_, IgnoredAny>(&format!("{ADMIN}/campaigns/{id}/{verb}"), &())
        .await
        .map(|_| ())
}

pub async fn duplicate_campaign(
    c: Client,
    id: &str,
    body: DuplicateForm,
) -> Result<CampaignView, ApiFailure> {
    c.post(&format!("{ADMIN}/campaigns/{id}/duplicate"), &body)
        .await
}

pub async fn rules(c: Client) -> Result<RuleSetView, ApiFailure> {
    c.get(&format!("{ADMIN}/rules")).await
}

pub async fn save_rules(c: Client, body: RuleSetForm) -> Result<RuleSetView, ApiFailure> {
    c.put(&format!("{ADMIN}/rules"), &body).await
}

// ── Selection and samples ───────────────────────────────────────────────

pub async fn ranking(c: Client, id: &str) -> Result<RankingView, ApiFailure> {
    c.get(&format!("{ADMIN}/campaigns/{id}/ranking")).await
}

pub async fn confirm_selection(
    c: Client,
    id: &str,
    body: SelectionForm,
) -> Result<RankingView, ApiFailure> {
    c.post(&format!("{ADMIN}/campaigns/{id}/selection"), &body)
        .await
}

pub async fn swap(c: Client, id: &str, body: SwapForm) -> Result<RankingView, ApiFailure> {
    c.post(&format!("{ADMIN}/campaigns/{id}/selection/swap"), &body)
        .await
}

pub async fn samples(c: Client, id: &str) -> Result<Vec<SampleView>, ApiFailure> {
    c.get(&format!("{ADMIN}/campaigns/{id}/samples")).await
}

pub async fn ship(c: Client, id: &str, body: ShipForm) -> Result<SampleView, ApiFailure> {
    c.post(&format!("{ADMIN}/campaigns/{id}/samples/ship"), &body)
        .await
}

// ── Notes: submissions and metrics ──────────────────────────────────────

/// Submissions with a status (`pending`, …), or of one campaign.
pub async fn submissions(
    c: Client,
    status: Option<&str>,
    campaign_id: Option<&str>,
) -> Result<Vec<SubmissionView>, ApiFailure> {
    let path = match (status, campaign_id) {
        (_, Some(id)) => format!("{ADMIN}/submissions?campaign_id={}&limit=500", q(id)),
        (Some(s), None) => format!("{ADMIN}/submissions?status={}&limit=200", q(s)),
        (None, None) => format!("{ADMIN}/submissions?limit=200"),
    };
    c.get(&path).await
}

pub async fn decide_submission(c: Client, id: &str, body: Decision) -> Result<(), ApiFailure> {
    c.post::<_, IgnoredAny>(&format!("{ADMIN}/submissions/{id}/decision"), &body)
        .await
        .map(|_| ())
}

pub async fn record_metrics(
    c: Client,
    id: &str,
    body: MetricsView,
) -> Result<SubmissionView, ApiFailure> {
    c.post(&format!("{ADMIN}/submissions/{id}/metrics"), &body)
        .await
}

pub async fn trend(c: Client, id: &str) -> Result<Vec<MetricsView>, ApiFailure> {
    c.get(&format!("{ADMIN}/submissions/{id}/metrics")).await
}

/// A metrics file previewed (`commit` false) or imported; `options` are
/// the query's other pairs (date, platform, column choices).
pub async fn import_metrics(
    c: Client,
    file: web_sys::File,
    commit: bool,
    options: Vec<(&'static str, String)>,
) -> Result<MetricsImport, ApiFailure> {
    let mut path = format!("{ADMIN}/metrics/import?commit={commit}");
    for (k, v) in options {
        path.push_str(&format!("&{k}={}", q(&v)));
    }
    c.upload(&path, &file).await
}

// ── Settlement ──────────────────────────────────────────────────────────

/// The committed settlement, `None` before the commit.
pub async fn settlement(c: Client, id: &str) -> Result<Option<SettlementView>, ApiFailure> {
    optional(c.get(&format!("{ADMIN}/campaigns/{id}/settlement")).await)
}

pub async fn statements(c: Client, id: &str) -> Result<SettlementPreview, ApiFailure> {
    c.get(&format!("{ADMIN}/campaigns/{id}/statements")).await
}

// ── Tasks ───────────────────────────────────────────────────────────────

pub async fn tasks(c: Client) -> Result<Vec<TaskView>, ApiFailure> {
    c.get(&format!("{ADMIN}/tasks")).await
}

pub async fn create_task(c: Client, body: TaskForm) -> Result<TaskView, ApiFailure> {
    c.post(&format!("{ADMIN}/tasks"), &body).await
}

/// Assignments with a status, or (`overdue`) those past due.
pub async fn assignments(c: Client, view: &str) -> Result<Vec<AssignmentView>, ApiFailure> {
    let filter = if view == "overdue" {
        "overdue=true".to_string()
    } else {
        format!("status={}", q(view))
    };
    c.get(&format!("{ADMIN}/assignments?{filter}&limit=200"))
        .await
}

pub async fn review_task(
    c: Client,
    task_id: &str,
    body: TaskReview,
) -> Result<AssignmentView, ApiFailure> {
    c.post(&format!("{ADMIN}/tasks/{task_id}/review"), &body)
        .await
}

// ── Audit ───────────────────────────────────────────────────────────────

/// The newest `limit` entries matching `filters` (name, value) pairs.
pub async fn audit(
    c: Client,
    limit: usize,
    filters: Vec<(&'static str, String)>,
) -> Result<Vec<AuditEntryView>, ApiFailure> {
    let mut path = format!("{ADMIN}/audit?limit={limit}");
    for (k, v) in filters {
        path.push_str(&format!("&{k}={}", q(&v)));
    }
    c.get(&path).await
}

// ── Roster ──────────────────────────────────────────────────────────────

/// The roster's query string from (name, value) filter pairs.
fn roster_query(filters: &[(&'static str, String)]) -> String {
    filters
        .iter()
        .map(|(k, v)| format!("&{k}={}", q(v)))
        .collect()
}

/// A page of the roster matching `filters`.
pub async fn roster(
    c: Client,
    filters: Vec<(&'static str, String)>,
    limit: i64,
    offset: i64,
) -> Result<RosterPageView, ApiFailure> {
    c.get(&format!(
        "{ADMIN}/roster?limit={limit}&offset={offset}{}",
        roster_query(&filters)
    ))
    .await
}

/// The roster export's address with the same filters (a download link).
pub fn roster_export_url(filters: &[(&'static str, String)]) -> String {
    format!("{ADMIN}/roster/export?x=1{}", roster_query(filters))
}

pub async fn member_page(c: Client, id: String) -> Result<MemberPageView, ApiFailure> {
    c.get(&format!("{ADMIN}/members/{}", q(&id))).await
}

pub fn member_ledger_export_url(id: &str) -> String {
    format!("{ADMIN}/members/{}/ledger/export", q(id))
}

pub fn statements_export_url(campaign_id: &str) -> String {
    format!("{ADMIN}/campaigns/{}/statements/export", q(campaign_id))
}

pub async fn set_member_class(
    c: Client,
    id: String,
    body: ClassOverrideForm,
) -> Result<ClassView, ApiFailure> {
    c.put(&format!("{ADMIN}/members/{}/class", q(&id)), &body)
        .await
}

pub async fn set_member_kind(
    c: Client,
    id: String,
    body: KindForm,
) -> Result<RosterRowView, ApiFailure> {
    c.put(&format!("{ADMIN}/members/{}/kind", q(&id)), &body)
        .await
}

pub async fn group_links(c: Client) -> Result<Vec<GroupLinkView>, ApiFailure> {
    c.get(&format!("{ADMIN}/groups")).await
}

pub async fn create_group_link(
    c: Client,
    body: GroupLinkForm,
) -> Result<GroupLinkView, ApiFailure> {
    c.post(&format!("{ADMIN}/groups"), &body).await
}

pub async fn delete_group_link(c: Client, id: String) -> Result<(), ApiFailure> {
    c.delete(&format!("{ADMIN}/groups/{}", q(&id))).await
}

// ── Team ────────────────────────────────────────────────────────────────

pub async fn team(c: Client) -> Result<TeamView, ApiFailure> {
    c.get(&format!("{ADMIN}/operators")).await
}

pub async fn invite_operator(
    c: Client,
    body: OperatorInviteForm,
) -> Result<InviteLinkView, ApiFailure> {
    c.post(&format!("{ADMIN}/operators/invitations"), &body)
        .await
}

pub async fn set_role(c: Client, id: &str, role: rules::Role) -> Result<OperatorView, ApiFailure> {
    let body = RoleForm { role: role.into() };
    c.post(&format!("{ADMIN}/operators/{id}/role"), &body).await
}

pub async fn remove_operator(c: Client, id: &str) -> Result<(), ApiFailure> {
    c.delete(&format!("{ADMIN}/operators/{id}")).await
}

fn invitation_path(brand: &str, token: &str) -> String {
    format!("/api/v1/brands/{}/invitations/{}", q(brand), q(token))
}

pub async fn invitation(c: Client, brand: &str, token: &str) -> Result<InvitationView, ApiFailure> {
    c.get(&invitation_path(brand, token)).await
}

pub async fn accept_invitation(
    c: Client,
    brand: &str,
    token: &str,
    body: AcceptInvitation,
) -> Result<OperatorMe, ApiFailure> {
    c.post(&invitation_path(brand, token), &body).await
}

pub async fn revoke_invitation(c: Client, id: &str) -> Result<(), ApiFailure> {
    c.delete(&format!("{ADMIN}/operator-invitations/{}", q(id)))
        .await
}

pub async fn reset_link(c: Client, id: &str) -> Result<ResetLinkView, ApiFailure> {
    c.post(&format!("{ADMIN}/operators/{id}/password-reset"), &())
        .await
}

pub async fn remove_second_factor_of(c: Client, id: &str) -> Result<(), ApiFailure> {
    c.delete(&format!("{ADMIN}/operators/{id}/second-factor"))
        .await
}

pub async fn set_security(c: Client, body: SecurityPolicy) -> Result<SecurityPolicy, ApiFailure> {
    c.put(&format!("{ADMIN}/security"), &body).await
}

fn reset_path(brand: &str, token: &str) -> String {
    format!("/api/v1/brands/{}/password-resets/{}", q(brand), q(token))
}

pub async fn password_reset(
    c: Client,
    brand: &str,
    token: &str,
) -> Result<PasswordResetView, ApiFailure> {
    c.get(&reset_path(brand, token)).await
}

pub async fn use_password_reset(
    c: Client,
    brand: &str,
    token: &str,
    body: NewPassword,
) -> Result<(), ApiFailure> {
    c.post::<_, IgnoredAny>(&reset_path(brand, token), &body)
        .await
        .map(|_| ())
}

// ── Own account ─────────────────────────────────────────────────────────

pub async fn change_password(c: Client, body: PasswordChange) -> Result<(), ApiFailure> {
    c.post::<_, IgnoredAny>(&format!("{ADMIN}/me/password"), &body)
        .await
        .map(|_| ())
}

pub async fn my_second_factor(c: Client) -> Result<SecondFactorView, ApiFailure> {
    c.get(&format!("{ADMIN}/me/totp")).await
}

pub async fn start_totp(c: Client) -> Result<TotpEnrolment, ApiFailure> {
    c.post(&format!("{ADMIN}/me/totp"), &()).await
}

pub async fn confirm_totp(c: Client, body: TotpCode) -> Result<RecoveryCodes, ApiFailure> {
    c.post(&format!("{ADMIN}/me/totp/confirm"), &body).await
}

pub async fn turn_off_totp(c: Client, body: TotpOff) -> Result<(), ApiFailure> {
    c.delete_with(&format!("{ADMIN}/me/totp"), &body).await
}

// ── Brand settings ──────────────────────────────────────────────────────

/// The brand's settings (owners).
pub async fn brand_settings(c: Client) -> Result<BrandSettingsView, ApiFailure> {
    c.get(&format!("{ADMIN}/brand")).await
}

pub async fn save_brand_settings(
    c: Client,
    body: BrandSettingsForm,
) -> Result<BrandSettingsView, ApiFailure> {
    c.put(&format!("{ADMIN}/brand"), &body).await
}

// ── Checkout (issue 16) ─────────────────────────────────────────────────

pub async fn api_keys(c: Client) -> Result<Vec<ApiKeyView>, ApiFailure> {
    c.get(&format!("{ADMIN}/api-keys")).await
}

/// A new key: its secret is in this answer only.
pub async fn create_api_key(c: Client, body: ApiKeyForm) -> Result<NewApiKey, ApiFailure> {
    c.post(&format!("{ADMIN}/api-keys"), &body).await
}

pub async fn revoke_api_key(c: Client, id: &str) -> Result<(), ApiFailure> {
    c.delete(&format!("{ADMIN}/api-keys/{}", q(id))).await
}

// ── Rewards (issue 16) ──────────────────────────────────────────────────

pub async fn rewards(c: Client) -> Result<Vec<RewardView>, ApiFailure> {
    c.get(&format!("{ADMIN}/rewards")).await
}

pub async fn create_reward(c: Client, body: RewardForm) -> Result<RewardView, ApiFailure> {
    c.post(&format!("{ADMIN}/rewards"), &body).await
}

pub async fn update_reward(
    c: Client,
    id: &str,
    body: RewardForm,
) -> Result<RewardView, ApiFailure> {
    c.put(&format!("{ADMIN}/rewards/{}", q(id)), &body).await
}

pub async fn add_reward_codes(
    c: Client,
    id: &str,
    body: RewardCodes,
) -> Result<RewardCodesAdded, ApiFailure> {
    c.post(&format!("{ADMIN}/rewards/{}/codes", q(id)), &body)
        .await
}

/// Redemptions with a status (`""`: all), newest first.
pub async fn redemptions(c: Client, status: &str) -> Result<Vec<RedemptionView>, ApiFailure> {
    c.get(&format!(
        "{ADMIN}/redemptions?status={}&limit=200",
        q(status)
    ))
    .await
}

/// The export of redemptions with a status (a plain download link).
pub fn redemptions_export(status: &str) -> String {
    format!("{ADMIN}/redemptions/export?status={}", q(status))
}

pub async fn fulfil(c: Client, id: &str, body: FulfilForm) -> Result<RedemptionView, ApiFailure> {
    c.post(&format!("{ADMIN}/redemptions/{}/fulfilment", q(id)), &body)
        .await
}

/// A gift's full shipping details (audited).
pub async fn redemption_shipping(c: Client, id: &str) -> Result<SampleForm, ApiFailure> {
    c.get(&format!("{ADMIN}/redemptions/{}/shipping", q(id)))
        .await
}

// ── Points (issue 16: ledgerops) ─────────────────────────────────────────

pub async fn points(c: Client) -> Result<PointsOverview, ApiFailure> {
    c.get(&format!("{ADMIN}/points")).await
}

pub async fn save_points_policy(
    c: Client,
    body: PointsPolicyForm,
) -> Result<PointsOverview, ApiFailure> {
    c.put(&format!("{ADMIN}/points/policy"), &body).await
}

/// The member with this phone or id (an empty list: nobody).
pub async fn find_points_member(c: Client, q: &str) -> Result<Vec<PointsMemberView>, ApiFailure> {
    c.get(&format!("{ADMIN}/points/members?q={}", self::q(q)))
        .await
}

/// Posted once per form request (`Idempotency-Key`, kept for a retry).
pub async fn adjust_points(
    c: Client,
    body: &AdjustmentForm,
    retry: &std::cell::RefCell<ui::services::RetryKey>,
) -> Result<AdjustmentView, ApiFailure> {
    c.post_once(&format!("{ADMIN}/points/adjustments"), body, retry)
        .await
}

// ── KOS leads (issue 17: leads) ──────────────────────────────────────────

/// The brand's leads: `query` is the list's filter as a query string
/// (`stage=…&tags=a,b&…`, each value already encoded by [`lead_query`]).
pub async fn kos_leads(c: Client, query: &str) -> Result<LeadPage, ApiFailure> {
    c.get(&format!("{ADMIN}/kos/leads?{query}")).await
}

/// The filter as a query string (empty values left out).
pub fn lead_query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", q(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The filtered leads as a spreadsheet (a plain download link).
pub fn kos_leads_export(query: &str) -> String {
    format!("{ADMIN}/kos/leads/export?{query}")
}

/// A lead's whole contact (audited on the server).
pub async fn kos_lead_contact(c: Client, id: &str) -> Result<LeadContact, ApiFailure> {
    c.get(&format!("{ADMIN}/kos/leads/{}/contact", q(id))).await
}

pub async fn kos_lead_events(c: Client, id: &str) -> Result<Vec<LeadEventView>, ApiFailure> {
    c.get(&format!("{ADMIN}/kos/leads/{}/events", q(id))).await
}

/// Erases a lead on request (owners).
pub async fn erase_kos_lead(c: Client, id: &str) -> Result<(), ApiFailure> {
    c.delete(&format!("{ADMIN}/kos/leads/{}", q(id))).await
}

pub async fn kos_funnel(c: Client, by: &str, region: &str) -> Result<FunnelView, ApiFailure> {
    c.get(&format!(
        "{ADMIN}/kos/funnel?{}",
        lead_query(&[("by", by), ("region_id", region)])
    ))
    .await
}

// ── KOS back office (issue 17) ──────────────────────────────────────────

/// The dashboards over `from`..`to` (`yyyy-mm-dd`, empty: the last 30
/// days), for one region or (empty) the brand.
pub async fn kos_dashboard(
    c: Client,
    region: &str,
    from: &str,
    to: &str,
) -> Result<DashboardView, ApiFailure> {
    c.get(&format!(
        "{ADMIN}/kos/dashboard?region={}&from={}&to={}",
        q(region),
        q(from),
        q(to)
    ))
    .await
}

pub async fn kos_tags(c: Client) -> Result<TagDictionary, ApiFailure> {
    c.get(&format!("{ADMIN}/kos/tags")).await
}

pub async fn add_kos_tag_group(c: Client, body: TagGroupForm) -> Result<TagGroupView, ApiFailure> {
    c.post(&format!("{ADMIN}/kos/tag-groups"), &body).await
}

pub async fn add_kos_tag(c: Client, body: TagForm) -> Result<TagView, ApiFailure> {
    c.post(&format!("{ADMIN}/kos/tags"), &body).await
}

pub async fn delete_kos_tag(c: Client, id: &str) -> Result<(), ApiFailure> {
    c.delete(&format!("{ADMIN}/kos/tags/{}", q(id))).await
}

/// A month's goals with progress (`month` empty: this month).
pub async fn kos_goals(c: Client, month: &str) -> Result<Vec<GoalView>, ApiFailure> {
    c.get(&format!("{ADMIN}/kos/goals?month={}&limit=200", q(month)))
        .await
}

pub async fn set_kos_goal(c: Client, body: GoalForm) -> Result<GoalView, ApiFailure> {
    c.put(&format!("{ADMIN}/kos/goals"), &body).await
}

pub async fn kos_courses(c: Client) -> Result<Vec<CourseSummaryView>, ApiFailure> {
    c.get(&format!("{ADMIN}/kos/courses")).await
}

pub async fn create_kos_course(c: Client, body: CourseForm) -> Result<CourseView, ApiFailure> {
    c.post(&format!("{ADMIN}/kos/courses"), &body).await
}

pub async fn kos_competitions(c: Client) -> Result<Vec<CompetitionView>, ApiFailure> {
    c.get(&format!("{ADMIN}/kos/competitions")).await
}

pub async fn kos_leaderboard(c: Client, id: &str) -> Result<LeaderboardView, ApiFailure> {
    c.get(&format!("{ADMIN}/kos/competitions/{}", q(id))).await
}

pub async fn pay_kos_competition(c: Client, id: &str) -> Result<Vec<KosRewardView>, ApiFailure> {
    c.post(&format!("{ADMIN}/kos/competitions/{}/pay", q(id)), &())
        .await
}
