//! Campaigns as operators plan them: create under a theme, edit while a
//! draft, publish, close, duplicate into another month.

use super::input::text_list;
use super::{Json, input, views};
use crate::AppState;
use crate::auth::{OperatorAuth, Perm};
use crate::error::{ApiError, ApiResult, ErrorCode};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_campaign))
        .routes(routes!(campaign, update_campaign))
        .routes(routes!(publish_campaign))
        .routes(routes!(close_campaign))
        .routes(routes!(duplicate_campaign))
}

/// The form's fields, checked, onto `c` (a new campaign or a draft).
fn apply_campaign_form(form: &api::CampaignForm, c: &mut store::Campaign) -> ApiResult<()> {
    c.title = input::text(&form.title, 80)?;
    c.brief = input::optional_text(&form.brief, 4000)?;
    let (signup_closes, publish_by, settlement) = (
        input::date(&form.signup_closes)?,
        input::date(&form.publish_by)?,
        input::date(&form.settlement_date)?,
    );
    let opens = match form.signup_opens.trim() {
        "" => None,
        d => Some(input::date(d)?),
    };
    if !(signup_closes <= publish_by && publish_by <= settlement)
        || opens.is_some_and(|o| o > signup_closes)
    {
        return Err(ApiError::invalid(ErrorCode::DatesOutOfOrder));
    }
    if !(1..=100_000).contains(&form.slots) {
        return Err(ApiError::invalid(ErrorCode::SlotsInvalid));
    }
    if !(0..=rules::ruleset::MAX_PERCENT).contains(&form.multiplier_percent) {
        return Err(ApiError::invalid(ErrorCode::MultiplierInvalid));
    }
    let mut platforms = Vec::new();
    for p in &form.platforms {
        let p = rules::Platform::parse(p.trim())
            .ok_or_else(|| ApiError::invalid(ErrorCode::PlatformUnknown))?;
        if !platforms.contains(&p.as_str().to_string()) {
            platforms.push(p.as_str().to_string());
        }
    }
    if platforms.is_empty() {
        return Err(ApiError::invalid(ErrorCode::FieldRequired));
    }
    c.min_tier = rules::Tier::parse(form.min_tier.trim())
        .ok_or_else(|| ApiError::invalid(ErrorCode::TierUnknown))?;
    c.note_type = form
        .note_type
        .trim()
        .parse()
        .map_err(|_| ApiError::invalid(ErrorCode::NoteTypeUnknown))?;
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
        return Err(ApiError::invalid(ErrorCode::SampleDaysInvalid));
    }
    c.sample_days = form.sample_days;
    Ok(())
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
