//! Operator routes under `/api/v1/admin`: every one is scoped to the
//! operator's brand (a resource of another brand answers 404) and checked
//! against the operator's role (403).

use super::{Json, views};
use crate::AppState;
use crate::auth::{self, OperatorAuth, Perm, SessionKind};
use crate::error::{ApiError, ApiResult};
use crate::time;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(log_in))
        .routes(routes!(log_out))
        .routes(routes!(log_out_everywhere))
        .routes(routes!(me))
        .routes(routes!(decide_application))
        .routes(routes!(themes, create_theme))
        .routes(routes!(update_theme))
        .routes(routes!(create_campaign))
        .routes(routes!(campaign, update_campaign))
        .routes(routes!(publish_campaign))
        .routes(routes!(close_campaign))
        .routes(routes!(duplicate_campaign))
        .routes(routes!(confirm_selection))
        .routes(routes!(swap_selection))
        .routes(routes!(submissions))
        .routes(routes!(decide_submission))
        .routes(routes!(record_metrics))
        .routes(routes!(settle, settlement))
        .routes(routes!(rule_set, save_rule_set))
        .routes(routes!(ranking))
        .routes(routes!(application_contact))
        .routes(routes!(audit_log))
        .routes(routes!(crate::uploads::operator_upload))
        .routes(routes!(crate::uploads::operator_file))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct ListQuery {
    /// Only items in this state, e.g. `pending`.
    status: Option<String>,
    /// Only submissions of this campaign.
    campaign_id: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn operator_me(state: &AppState, brand: &str, id: &str) -> ApiResult<api::OperatorMe> {
    let op = state.store.operator(brand, id).await?;
    let b = state.store.brand(brand).await?;
    Ok(api::OperatorMe {
        operator_id: op.id,
        brand: b.id,
        brand_name: b.name,
        email: op.email,
        role: op.role.into(),
    })
}

#[utoipa::path(post, path = "/api/v1/admin/session", tag = "admin", security(()),
    request_body = api::OperatorCredentials,
    responses((status = 200, body = api::OperatorMe), (status = 401, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn log_in(
    State(state): State<AppState>,
    jar: CookieJar,
    Json(input): Json<api::OperatorCredentials>,
) -> ApiResult<(CookieJar, Json<api::OperatorMe>)> {
    let email = input.email.trim().to_lowercase();
    let account = format!("operator:{email}");
    let now = state.clock.now();
    if !state.throttle.allowed(&account, now) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
        ));
    }
    let mut candidates = if email.is_empty() || email.len() > 254 {
        Vec::new()
    } else {
        state.store.operators_by_email(&email).await?
    };
    if let Some(brand) = &input.brand {
        candidates.retain(|o| &o.brand_id == brand);
    }
    if candidates.is_empty() {
        auth::verify_password(&input.password, &state.dummy_hash);
        state.throttle.failed(&account, now);
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        ));
    }
    let matching: Vec<_> = candidates
        .into_iter()
        .filter(|o| auth::verify_password(&input.password, &o.password_hash))
        .collect();
    let op = match matching.as_slice() {
        [] => {
            state.throttle.failed(&account, now);
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
            ));
        }
        [op] => op.clone(),
        _ => return Err(ApiError::conflict("brand_required")),
    };
    state.throttle.succeeded(&account);
    let jar = auth::start_session(&state, jar, SessionKind::Operator, &op.brand_id, &op.id).await?;
    let audit = store::AuditEntry::operator(
        &op.brand_id,
        &op.id,
        "session.login",
        ("operator", &op.id),
        now,
    );
    state.store.record_audit(&audit).await?;
    Ok((jar, Json(operator_me(&state, &op.brand_id, &op.id).await?)))
}

#[utoipa::path(delete, path = "/api/v1/admin/session", tag = "admin", security(()), responses((status = 204)))]
async fn log_out(
    State(state): State<AppState>,
    jar: CookieJar,
) -> ApiResult<(StatusCode, CookieJar)> {
    let jar = auth::end_session(&state, jar, SessionKind::Operator).await?;
    Ok((StatusCode::NO_CONTENT, jar))
}

#[utoipa::path(get, path = "/api/v1/admin/me", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = api::OperatorMe), (status = 401, body = api::ErrorBody)))]
async fn me(State(state): State<AppState>, op: OperatorAuth) -> ApiResult<Json<api::OperatorMe>> {
    Ok(Json(operator_me(&state, &op.brand, &op.operator_id).await?))
}

pub(super) fn decision(
    op: &OperatorAuth,
    d: api::Decision,
    now: i64,
) -> ApiResult<store::DecisionRecord> {
    let reason = match d
        .reason
        .as_deref()
        .map(|r| views::optional_text(r, 500))
        .transpose()?
    {
        Some(r) if !r.is_empty() => Some(r),
        _ if !d.approve => return Err(ApiError::invalid("reason_required")),
        _ => None,
    };
    Ok(store::DecisionRecord {
        approve: d.approve,
        reason,
        by: op.operator_id.clone(),
        at: now,
        disclosure_confirmed: d.disclosure_confirmed,
    })
}

#[utoipa::path(post, path = "/api/v1/admin/applications/{id}/decision", tag = "admin", security(("operator_session" = ["review"])),
    params(("id" = String, Path)), request_body = api::Decision,
    responses((status = 200, body = api::ApplicationView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn decide_application(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(d): Json<api::Decision>,
) -> ApiResult<Json<api::ApplicationView>> {
    op.require(Perm::Review)?;
    let record = decision(&op, d, state.clock.now())?;
    Ok(Json(views::application(
        state
            .store
            .decide_application(&op.brand, &id, &record)
            .await?,
    )))
}

async fn theme_view(state: &AppState, t: store::Theme) -> ApiResult<api::ThemeView> {
    let campaigns = state.store.campaigns(&t.brand_id, &t.id).await?;
    Ok(views::theme(
        t,
        campaigns
            .into_iter()
            .map(|c| views::campaign(c, None, None))
            .collect(),
    ))
}

/// Every theme of the brand, newest month first, with its campaigns.
#[utoipa::path(get, path = "/api/v1/admin/themes", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = Vec<api::ThemeView>)))]
async fn themes(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<Vec<api::ThemeView>>> {
    let mut out = Vec::new();
    for t in state.store.themes(&op.brand).await? {
        out.push(theme_view(&state, t).await?);
    }
    Ok(Json(out))
}

/// Changes a theme's title, description and artwork (an operator upload
/// of this brand, shown publicly with the theme).
#[utoipa::path(put, path = "/api/v1/admin/themes/{id}", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::ThemeUpdate,
    responses((status = 200, body = api::ThemeView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn update_theme(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::ThemeUpdate>,
) -> ApiResult<Json<api::ThemeView>> {
    op.require(Perm::Operate)?;
    let mut t = state.store.theme(&op.brand, &id).await?;
    t.title = views::text(&form.title, 60)?;
    t.description = views::optional_text(&form.description, 2000)?;
    t.artwork_id = match form
        .artwork_id
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(a) => match state.store.upload(&op.brand, a).await {
            // Artwork is an operator's upload: a member's screenshot never
            // becomes public this way.
            Ok(u) if u.owner_kind == "operator" => Some(u.id),
            Ok(_) | Err(store::StoreError::NotFound) => {
                return Err(ApiError::invalid("artwork_unknown"));
            }
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    state
        .store
        .update_theme(&t, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(theme_view(&state, t).await?))
}

#[utoipa::path(post, path = "/api/v1/admin/themes", tag = "admin", security(("operator_session" = ["operate"])), request_body = api::ThemeForm,
    responses((status = 201, body = api::ThemeView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn create_theme(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::ThemeForm>,
) -> ApiResult<(StatusCode, Json<api::ThemeView>)> {
    op.require(Perm::Operate)?;
    let month = rules::YearMonth::parse(form.month.trim())
        .ok_or_else(|| ApiError::invalid("month_malformed"))?;
    let theme = store::Theme {
        brand_id: op.brand.clone(),
        id: store::new_id(),
        month: month.to_string(),
        title: views::text(&form.title, 60)?,
        description: views::optional_text(&form.description, 2000)?,
        created_at: state.clock.now(),
        artwork_id: None,
    };
    state.store.create_theme(&theme, &op.operator_id).await?;
    Ok((StatusCode::CREATED, Json(views::theme(theme, Vec::new()))))
}

/// The form's fields, checked, onto `c` (a new campaign or a draft).
fn apply_campaign_form(form: &api::CampaignForm, c: &mut store::Campaign) -> ApiResult<()> {
    c.title = views::text(&form.title, 80)?;
    c.brief = views::optional_text(&form.brief, 4000)?;
    let (signup_closes, publish_by, settlement) = (
        views::date(&form.signup_closes)?,
        views::date(&form.publish_by)?,
        views::date(&form.settlement_date)?,
    );
    let opens = match form.signup_opens.trim() {
        "" => None,
        d => Some(views::date(d)?),
    };
    if !(signup_closes <= publish_by && publish_by <= settlement)
        || opens.is_some_and(|o| o > signup_closes)
    {
        return Err(ApiError::invalid("dates_out_of_order"));
    }
    if !(1..=100_000).contains(&form.slots) {
        return Err(ApiError::invalid("slots_invalid"));
    }
    if !(0..=rules::ruleset::MAX_PERCENT).contains(&form.multiplier_percent) {
        return Err(ApiError::invalid("multiplier_invalid"));
    }
    let mut platforms = Vec::new();
    for p in &form.platforms {
        let p = rules::Platform::parse(p.trim())
            .ok_or_else(|| ApiError::invalid("platform_unknown"))?;
        if !platforms.contains(&p.as_str().to_string()) {
            platforms.push(p.as_str().to_string());
        }
    }
    if platforms.is_empty() {
        return Err(ApiError::invalid("field_required"));
    }
    c.min_tier = rules::Tier::parse(form.min_tier.trim())
        .ok_or_else(|| ApiError::invalid("tier_unknown"))?;
    c.note_type = form
        .note_type
        .trim()
        .parse()
        .map_err(|_| ApiError::invalid("note_type_unknown"))?;
    c.hashtags = text_list(&form.hashtags, 20, 40)?;
    c.products = text_list(&form.products, 20, 60)?;
    c.platforms = platforms;
    c.slots = form.slots;
    c.signup_opens = opens.map(|d| d.to_string()).unwrap_or_default();
    c.signup_closes = signup_closes.to_string();
    c.publish_by = publish_by.to_string();
    c.settlement_date = settlement.to_string();
    c.multiplier_percent = form.multiplier_percent;
    c.disclosure_required = form.disclosure_required;
    if !(0..=90).contains(&form.sample_days) {
        return Err(ApiError::invalid("sample_days_invalid"));
    }
    c.sample_days = form.sample_days;
    Ok(())
}

/// Up to `max` distinct non-empty texts of at most `len` characters.
fn text_list(items: &[String], max: usize, len: usize) -> ApiResult<Vec<String>> {
    if items.len() > max {
        return Err(ApiError::invalid("field_too_long"));
    }
    let mut out: Vec<String> = Vec::new();
    for i in items {
        let i = views::optional_text(i, len)?;
        if !i.is_empty() && !out.contains(&i) {
            out.push(i);
        }
    }
    Ok(out)
}

/// Creates a campaign in a theme: published at once (freezing the brand's
/// current rule set), or a draft to edit and publish later.
#[utoipa::path(post, path = "/api/v1/admin/themes/{id}/campaigns", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path, description = "Theme id")), request_body = api::CampaignForm,
    responses((status = 201, body = api::CampaignView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn create_campaign(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(theme_id): Path<String>,
    Json(form): Json<api::CampaignForm>,
) -> ApiResult<(StatusCode, Json<api::CampaignView>)> {
    op.require(Perm::Operate)?;
    let theme = state.store.theme(&op.brand, &theme_id).await?;
    let b = state.store.brand(&op.brand).await?;
    let mut campaign = blank_campaign(&op.brand, &theme.id, state.clock.now());
    apply_campaign_form(&form, &mut campaign)?;
    campaign.rules = store::load_rules(&b.points_rule)?;
    campaign.status = if form.draft {
        rules::CampaignStatus::Draft
    } else {
        rules::CampaignStatus::Published
    };
    state
        .store
        .create_campaign(&campaign, &op.operator_id)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(views::campaign(campaign, None, None)),
    ))
}

fn blank_campaign(brand: &str, theme_id: &str, now: i64) -> store::Campaign {
    store::Campaign::draft(brand, theme_id, now)
}

#[utoipa::path(get, path = "/api/v1/admin/campaigns/{id}", tag = "admin", security(("operator_session" = ["read"])), params(("id" = String, Path)),
    responses((status = 200, body = api::CampaignView), (status = 404, body = api::ErrorBody)))]
async fn campaign(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::CampaignView>> {
    Ok(Json(views::campaign(
        state.store.campaign(&op.brand, &id).await?,
        None,
        None,
    )))
}

/// Edits a draft (every field of the form; `draft` is ignored).
/// 409 `not_draft` once published.
#[utoipa::path(put, path = "/api/v1/admin/campaigns/{id}", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::CampaignForm,
    responses((status = 200, body = api::CampaignView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn update_campaign(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::CampaignForm>,
) -> ApiResult<Json<api::CampaignView>> {
    op.require(Perm::Operate)?;
    let mut c = state.store.campaign(&op.brand, &id).await?;
    apply_campaign_form(&form, &mut c)?;
    state
        .store
        .update_campaign(&c, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(views::campaign(
        state.store.campaign(&op.brand, &id).await?,
        None,
        None,
    )))
}

/// Publishes a draft, freezing the brand's current rule set into it.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/publish", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::CampaignView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn publish_campaign(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::CampaignView>> {
    op.require(Perm::Operate)?;
    let b = state.store.brand(&op.brand).await?;
    let set = store::load_rules(&b.points_rule)?;
    let c = state
        .store
        .publish_campaign(&op.brand, &id, &set, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(views::campaign(c, None, None)))
}

/// Closes a published campaign: no more sign-ups or notes; whoever is
/// still on the waitlist is told they were not selected. Settlement
/// follows on its date.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/close", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::CampaignView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn close_campaign(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::CampaignView>> {
    op.require(Perm::Operate)?;
    let c = state
        .store
        .close_campaign(&op.brand, &id, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(views::campaign(c, None, None)))
}

/// Copies a campaign into a theme (another month) as a draft: same
/// fields, no sign-ups, dates to be set before publishing.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/duplicate", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::DuplicateForm,
    responses((status = 201, body = api::CampaignView), (status = 404, body = api::ErrorBody)))]
async fn duplicate_campaign(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::DuplicateForm>,
) -> ApiResult<(StatusCode, Json<api::CampaignView>)> {
    op.require(Perm::Operate)?;
    let from = state.store.campaign(&op.brand, &id).await?;
    let theme = state.store.theme(&op.brand, form.theme_id.trim()).await?;
    let mut copy = blank_campaign(&op.brand, &theme.id, state.clock.now());
    copy.rules = from.rules.clone();
    copy.min_tier = from.min_tier;
    copy.title = from.title;
    copy.brief = from.brief;
    copy.hashtags = from.hashtags;
    copy.platforms = from.platforms;
    copy.products = from.products;
    copy.note_type = from.note_type;
    copy.slots = from.slots;
    copy.multiplier_percent = from.multiplier_percent;
    copy.disclosure_required = from.disclosure_required;
    copy.sample_days = from.sample_days;
    // Dates move by whole months, to the same days of the target month
    // (clamped to its length): the operator checks them before publishing.
    let months = month_distance(&theme.month, &from.signup_closes);
    for (to, d) in [
        (&mut copy.signup_opens, &from.signup_opens),
        (&mut copy.signup_closes, &from.signup_closes),
        (&mut copy.publish_by, &from.publish_by),
        (&mut copy.settlement_date, &from.settlement_date),
    ] {
        *to = rules::CivilDate::parse(d)
            .map(|d| shift_months(d, months).to_string())
            .unwrap_or_default();
    }
    state.store.create_campaign(&copy, &op.operator_id).await?;
    Ok((StatusCode::CREATED, Json(views::campaign(copy, None, None))))
}

/// Whole months from `date`'s month to `month` (`YYYY-MM`).
fn month_distance(month: &str, date: &str) -> i32 {
    match (
        rules::YearMonth::parse(month),
        rules::CivilDate::parse(date),
    ) {
        (Some(m), Some(d)) => (m.year - d.year) * 12 + i32::from(m.month) - i32::from(d.month),
        _ => 0,
    }
}

fn shift_months(d: rules::CivilDate, months: i32) -> rules::CivilDate {
    let index = d.year * 12 + i32::from(d.month) - 1 + months;
    let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
    let mut day = d.day;
    while day > 28 && rules::CivilDate::new(year, month, day).is_none() {
        day -= 1;
    }
    rules::CivilDate::new(year, month, day).unwrap_or(d)
}

/// Submissions, newest first; filter by status and campaign.
#[utoipa::path(get, path = "/api/v1/admin/submissions", tag = "admin", security(("operator_session" = ["read"])), params(ListQuery),
    responses((status = 200, body = Vec<api::SubmissionView>)))]
async fn submissions(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Vec<api::SubmissionView>>> {
    let filter = store::SubmissionFilter {
        member_id: None,
        campaign_id: q.campaign_id.clone(),
        // An unknown state matches no note, as before states were typed.
        status: match q.status.as_deref().map(str::parse).transpose() {
            Ok(s) => s,
            Err(_) => return Ok(Json(Vec::new())),
        },
    };
    let rows = state
        .store
        .submissions(&op.brand, &filter, views::page(q.limit, q.offset))
        .await?;
    let ids: Vec<String> = rows.iter().map(|r| r.submission.id.clone()).collect();
    let flags = state.store.submission_flags(&op.brand, &ids).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| {
                let mut v = views::submission_detail(r);
                v.flags = flags
                    .iter()
                    .filter(|(id, _)| *id == v.id)
                    .map(|(_, f)| f.to_string())
                    .collect();
                v
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/admin/submissions/{id}/decision", tag = "admin", security(("operator_session" = ["review"])),
    params(("id" = String, Path)), request_body = api::Decision,
    responses((status = 200, body = api::SubmissionView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn decide_submission(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(d): Json<api::Decision>,
) -> ApiResult<Json<api::SubmissionView>> {
    op.require(Perm::Review)?;
    let record = decision(&op, d, state.clock.now())?;
    let pending = state.store.submission(&op.brand, &id).await?;
    let campaign = state
        .store
        .campaign(&op.brand, &pending.campaign_id)
        .await?;
    if record.approve && campaign.disclosure_required && !record.disclosure_confirmed {
        return Err(ApiError::invalid("disclosure_unconfirmed"));
    }
    let s = state
        .store
        .decide_submission(&op.brand, &id, &record)
        .await?;
    Ok(Json(views::submission(&state, s).await?))
}

/// Records the likes, comments and saves of an approved note on a date
/// (entering the same date again corrects it).
#[utoipa::path(post, path = "/api/v1/admin/submissions/{id}/metrics", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::MetricsView,
    responses((status = 200, body = api::SubmissionView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn record_metrics(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(m): Json<api::MetricsView>,
) -> ApiResult<Json<api::SubmissionView>> {
    op.require(Perm::Operate)?;
    let date = views::date(&m.date)?;
    if [m.likes, m.comments, m.saves]
        .iter()
        .any(|v| !(0..=1_000_000_000).contains(v))
    {
        return Err(ApiError::invalid("metrics_invalid"));
    }
    let s = state.store.submission(&op.brand, &id).await?;
    if s.status != "approved" {
        return Err(ApiError::conflict("submission_not_approved"));
    }
    let snapshot = store::Snapshot {
        snapshot_date: date.to_string(),
        likes: m.likes,
        comments: m.comments,
        saves: m.saves,
        recorded_at: state.clock.now(),
        recorded_by: op.operator_id.clone(),
    };
    state.store.put_metrics(&op.brand, &id, &snapshot).await?;
    Ok(Json(
        views::submission(&state, state.store.submission(&op.brand, &id).await?).await?,
    ))
}

/// Settles the campaign: credits every approved note's points to the
/// ledger. Allowed from the settlement date on, once no submission waits
/// for review. Settling again answers the first settlement, crediting nothing.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/settlement", tag = "admin", security(("operator_session" = ["operate"])), params(("id" = String, Path)),
    responses((status = 200, body = api::SettlementView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn settle(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::SettlementView>> {
    op.require(Perm::Operate)?;
    let campaign = state.store.campaign(&op.brand, &id).await?;
    let b = state.store.brand(&op.brand).await?;
    let today = time::local_date(&b.time_zone, state.clock.now()).to_string();
    if today < campaign.settlement_date {
        return Err(ApiError::conflict("settlement_not_due"));
    }
    let s = state
        .store
        .settle_campaign(
            &op.brand,
            &id,
            &op.operator_id,
            state.clock.now(),
            time::offset_minutes(&b.time_zone, state.clock.now()),
        )
        .await?;
    Ok(Json(views::settlement(s)))
}

#[utoipa::path(get, path = "/api/v1/admin/campaigns/{id}/settlement", tag = "admin", security(("operator_session" = ["read"])), params(("id" = String, Path)),
    responses((status = 200, body = api::SettlementView), (status = 404, body = api::ErrorBody)))]
async fn settlement(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::SettlementView>> {
    Ok(Json(views::settlement(
        state.store.settlement(&op.brand, &id).await?,
    )))
}

/// The brand's rule set (points, tiers, classes, selection, discovery,
/// commissions): what campaigns published from now on freeze.
#[utoipa::path(get, path = "/api/v1/admin/rules", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = api::RuleSetView)))]
async fn rule_set(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<api::RuleSetView>> {
    let b = state.store.brand(&op.brand).await?;
    rule_set_view(&state, &op.brand, store::load_rules(&b.points_rule)?).await
}

async fn rule_set_view(
    state: &AppState,
    brand: &str,
    rules: rules::RuleSet,
) -> ApiResult<Json<api::RuleSetView>> {
    let versions = state
        .store
        .rule_set_versions(brand)
        .await?
        .into_iter()
        .map(|v| api::RuleVersionView {
            version: v.version,
            created_at: v.created_at,
            created_by: v.created_by,
        })
        .collect();
    Ok(Json(api::RuleSetView { rules, versions }))
}

/// Saves a new version of the brand's rule set, validated. Running and
/// settled campaigns keep the version they froze when they were published.
#[utoipa::path(put, path = "/api/v1/admin/rules", tag = "admin", security(("operator_session" = ["operate"])), request_body = api::RuleSetForm,
    responses((status = 200, body = api::RuleSetView), (status = 422, body = api::ErrorBody)))]
async fn save_rule_set(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::RuleSetForm>,
) -> ApiResult<Json<api::RuleSetView>> {
    op.require(Perm::Operate)?;
    form.rules.validate().map_err(|e| {
        tracing::info!(field = %e.field, code = e.code(), "rule set refused");
        ApiError::invalid(e.code())
    })?;
    let saved = state
        .store
        .save_rule_set(&op.brand, &form.rules, &op.operator_id, state.clock.now())
        .await?;
    rule_set_view(&state, &op.brand, saved).await
}

/// The text without surrounding space, or `None` when nothing is left.
fn trimmed(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The campaign's sign-ups (not withdrawn) ranked by its frozen selection
/// rules, each with the ranking's proposal and its status now.
async fn rank(state: &AppState, campaign: &store::Campaign) -> ApiResult<api::RankingView> {
    let facts = state
        .store
        .signup_facts(&campaign.brand_id, &campaign.id)
        .await?;
    let set = &campaign.rules;
    let mut names = std::collections::HashMap::new();
    let candidates: Vec<rules::Candidate> = facts
        .into_iter()
        .map(|f| {
            let followers: i64 =
                serde_json::from_str::<Vec<store::SocialAccount>>(&f.social_accounts)
                    .unwrap_or_default()
                    .iter()
                    .map(|a| a.followers.max(0))
                    .fold(0, i64::saturating_add);
            let avg = if f.notes > 0 {
                f.interactions / f.notes
            } else {
                0
            };
            let completion = if f.past_signups > 0 {
                (f.past_completed * 100 / f.past_signups).min(100)
            } else {
                0
            };
            let quality = if f.reviewed > 0 {
                f.approved * 100 / f.reviewed
            } else {
                0
            };
            let tier = f
                .tier
                .as_deref()
                .and_then(rules::Tier::parse)
                .unwrap_or_default();
            let class = set
                .classes
                .classify(rules::ClassScores {
                    task_completion: completion,
                    content_quality: quality,
                    skill: rules::ruleset::log_score(avg, set.selection.performance_full),
                    influence: rules::ruleset::log_score(followers, set.selection.followers_full),
                })
                .class;
            names.insert(
                f.member_id.clone(),
                (f.display_name, tier, f.status.to_string(), f.waitlist_pos),
            );
            rules::Candidate {
                member_id: f.member_id,
                signed_up_at: f.signed_up_at,
                followers,
                notes: f.notes,
                avg_interactions: avg,
                completion_percent: completion,
                tier,
                class,
            }
        })
        .collect();
    let slots = usize::try_from(campaign.slots).unwrap_or(0);
    let entries = set
        .selection
        .rank(&candidates, slots)
        .into_iter()
        .map(|r| {
            let (name, tier, status, waitlist_pos) = names.remove(&r.member_id).unwrap_or_default();
            api::RankedView {
                display_name: name,
                tier: tier.as_str().into(),
                rank: r.rank as i64,
                score: r.score,
                parts: r.parts,
                first_timer: r.first_timer,
                outcome: match r.outcome {
                    rules::Outcome::Selected => "selected",
                    rules::Outcome::SelectedByQuota => "selected_by_quota",
                    rules::Outcome::Waitlisted => "waitlisted",
                }
                .into(),
                waitlist: r.waitlist.map(|w| w as i64),
                member_id: r.member_id,
                status,
                waitlist_pos,
            }
        })
        .collect();
    Ok(api::RankingView {
        campaign_id: campaign.id.clone(),
        slots: campaign.slots,
        signups: campaign.signups,
        selected: campaign.selected,
        selection_confirmed: campaign.selected_at.is_some(),
        entries,
    })
}

/// The campaign's sign-ups ranked by its frozen selection rules, with each
/// score's breakdown, the first-timer quota applied, the proposed waitlist
/// order, and each sign-up's status now.
#[utoipa::path(get, path = "/api/v1/admin/campaigns/{id}/ranking", tag = "admin", security(("operator_session" = ["read"])), params(("id" = String, Path)),
    responses((status = 200, body = api::RankingView), (status = 404, body = api::ErrorBody)))]
async fn ranking(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::RankingView>> {
    let campaign = state.store.campaign(&op.brand, &id).await?;
    Ok(Json(rank(&state, &campaign).await?))
}

/// Confirms the selection once: the ranking's proposal (top N with the
/// first-timer quota) or the operator's own list of at most N; everyone
/// else queues on the waitlist in ranking order. Members are told.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/selection", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::SelectionForm,
    responses((status = 200, body = api::RankingView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn confirm_selection(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::SelectionForm>,
) -> ApiResult<Json<api::RankingView>> {
    op.require(Perm::Operate)?;
    let campaign = state.store.campaign(&op.brand, &id).await?;
    let ranked = rank(&state, &campaign).await?;
    let selected: Vec<String> = match form.selected {
        None => ranked
            .entries
            .iter()
            .filter(|e| e.outcome != "waitlisted")
            .map(|e| e.member_id.clone())
            .collect(),
        Some(list) => {
            let mut out: Vec<String> = Vec::new();
            for m in list {
                let m = m.trim().to_string();
                if !ranked.entries.iter().any(|e| e.member_id == m) {
                    return Err(ApiError::conflict("not_signed_up"));
                }
                if !out.contains(&m) {
                    out.push(m);
                }
            }
            out
        }
    };
    if selected.len() as i64 > campaign.slots {
        return Err(ApiError::conflict("too_many_selected"));
    }
    let waitlist: Vec<String> = ranked
        .entries
        .iter()
        .filter(|e| !selected.contains(&e.member_id))
        .map(|e| e.member_id.clone())
        .collect();
    let campaign = state
        .store
        .confirm_selection(
            &op.brand,
            &id,
            &selected,
            &waitlist,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(rank(&state, &campaign).await?))
}

/// After the selection: swaps one selected member out (not selected) and
/// one waiting member in, or either alone, within the slots.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/selection/swap", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::SwapForm,
    responses((status = 200, body = api::RankingView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn swap_selection(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::SwapForm>,
) -> ApiResult<Json<api::RankingView>> {
    op.require(Perm::Operate)?;
    let (out, into) = (trimmed(&form.out), trimmed(&form.into));
    if out.is_none() && into.is_none() {
        return Err(ApiError::invalid("field_required"));
    }
    let campaign = state
        .store
        .swap_selection(
            &op.brand,
            &id,
            out,
            into,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(rank(&state, &campaign).await?))
}

/// Ends every session of the caller on every device (a lost phone, a
/// shared computer).
#[utoipa::path(delete, path = "/api/v1/admin/sessions", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 204), (status = 401, body = api::ErrorBody)))]
async fn log_out_everywhere(
    State(state): State<AppState>,
    caller: OperatorAuth,
    jar: CookieJar,
) -> ApiResult<(StatusCode, CookieJar)> {
    let jar = auth::end_all_sessions(&state, jar, SessionKind::Operator).await?;
    let me = ("operator", caller.operator_id.as_str());
    caller.audit(&state, "session.logout_all", me, None).await?;
    Ok((StatusCode::NO_CONTENT, jar))
}

/// An applicant's contact (phone or WeChat ID) in full. Lists show it
/// masked (`138****0001`); roles that review applicants may see it whole,
/// and every look is recorded in the audit log.
#[utoipa::path(get, path = "/api/v1/admin/applications/{id}/contact", tag = "admin", security(("operator_session" = ["review"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::ContactView), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
async fn application_contact(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::ContactView>> {
    op.require(Perm::Review)?;
    let app = state.store.application(&op.brand, &id).await?;
    // Recorded before the answer leaves: a view that cannot be logged is not shown.
    let field = serde_json::json!({ "field": "contact" });
    op.audit(
        &state,
        "personal_data.view",
        ("application", &app.id),
        Some(field),
    )
    .await?;
    Ok(Json(api::ContactView {
        contact: app.contact,
    }))
}

/// A search filter: absent or blank is no filter; otherwise at most 64
/// bytes, each one `allowed` accepts (422 `filter_malformed`).
fn filter_value(v: Option<String>, allowed: fn(u8) -> bool) -> ApiResult<Option<String>> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) if v.len() <= 64 && v.bytes().all(allowed) => Ok(Some(v.to_string())),
        Some(_) => Err(ApiError::invalid("filter_malformed")),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct AuditQuery {
    /// An action (`application.approve`) or a prefix ending in `.` (`application.`).
    action: Option<String>,
    /// Only what this operator (or member) did.
    actor_id: Option<String>,
    /// Only what was done to this record.
    target_id: Option<String>,
    /// From this day on, `YYYY-MM-DD` in the brand's zone.
    from: Option<String>,
    /// Up to and including this day, `YYYY-MM-DD` in the brand's zone.
    to: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// The brand's audit log, newest first: every operator action and every
/// view of full personal data. Owners only.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", security(("operator_session" = ["audit"])), params(AuditQuery),
    responses((status = 200, body = Vec<api::AuditEntryView>), (status = 403, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn audit_log(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<AuditQuery>,
) -> ApiResult<Json<Vec<api::AuditEntryView>>> {
    op.require(Perm::Audit)?;
    let b = state.store.brand(&op.brand).await?;
    let day_start = |d: Option<String>, next: bool| -> ApiResult<Option<i64>> {
        match d.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(d) => {
                let day = views::date(d)?;
                let day = if next { day.add_days(1) } else { day };
                Ok(Some(time::start_of_day(&b.time_zone, day)))
            }
        }
    };
    let id_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    let filter = store::AuditFilter {
        action: filter_value(q.action, |b| {
            b.is_ascii_lowercase() || b == b'_' || b == b'.'
        })?,
        actor_id: filter_value(q.actor_id, id_byte)?,
        target_id: filter_value(q.target_id, id_byte)?,
        from: day_start(q.from, false)?,
        until: day_start(q.to, true)?,
    };
    let rows = state
        .store
        .audit_log(&op.brand, &filter, views::page(q.limit, q.offset))
        .await?;
    let mut emails: std::collections::HashMap<String, Option<String>> = Default::default();
    let mut out = Vec::with_capacity(rows.len());
    for e in rows {
        let email = if e.actor_kind == "operator" {
            if !emails.contains_key(&e.actor_id) {
                let email = match state.store.operator(&op.brand, &e.actor_id).await {
                    Ok(o) => Some(o.email),
                    Err(store::StoreError::NotFound) => None,
                    Err(err) => return Err(err.into()),
                };
                emails.insert(e.actor_id.clone(), email);
            }
            emails[&e.actor_id].clone()
        } else {
            None
        };
        out.push(api::AuditEntryView {
            id: e.id,
            actor_kind: e.actor_kind.into(),
            actor_id: e.actor_id,
            actor_email: email,
            action: e.action,
            target_kind: e.target_kind,
            target_id: e.target_id,
            before: e.before,
            after: e.after,
            at: e.at,
        });
    }
    Ok(Json(out))
}
