//! KOS incentives and dashboards (issue 17). Operators create store or
//! staff competitions (a metric, dates, prizes in points or fen) and pay
//! a finished one's prizes by its leaderboard; they pay sales rewards
//! (‰ of a month's sales) and account-growth rewards (points per followers
//! gained), or a reward by hand, and withdraw one; every payment goes
//! through the ledger (`staff_points` / `staff_cash`) and is audited.
//! Staff see the competitions they or their store are in, with the
//! leaderboard, and their own incentives. The dashboard gives content
//! execution, account growth, the funnel, top templates and the weakest
//! stores over a period, brand-wide or for one region.

use super::{Json, input};
use crate::AppState;
use crate::auth::{OperatorAuth, Perm, StaffAuth};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::time;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use rules::{CivilDate, KosScope, YearMonth};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(competitions, create_competition))
        .routes(routes!(leaderboard))
        .routes(routes!(pay_competition))
        .routes(routes!(rewards, grant_reward))
        .routes(routes!(pay_sales))
        .routes(routes!(pay_growth))
        .routes(routes!(reverse_reward))
        .routes(routes!(dashboard))
        .routes(routes!(my_competitions))
        .routes(routes!(my_leaderboard))
        .routes(routes!(my_incentives))
}

/// The most a single prize or reward may be (points or fen).
const MAX_AMOUNT: i64 = 100_000_000;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct PageQuery {
    limit: Option<i64>,
    offset: Option<i64>,
}

/// The brand's zone and today's date in it.
async fn zone_today(state: &AppState, brand: &str) -> ApiResult<(String, CivilDate)> {
    let b = state.store.brand(brand).await?;
    let today = time::local_date(&b.time_zone, state.clock.now());
    Ok((b.time_zone, today))
}

fn period(zone: &str, from: CivilDate, through: CivilDate) -> (i64, i64) {
    (
        time::start_of_day(zone, from),
        time::start_of_day(zone, through.add_days(1)),
    )
}

fn competition_view(
    c: &store::CompetitionRow,
    today: CivilDate,
) -> ApiResult<api::CompetitionView> {
    let starts = CivilDate::parse(&c.starts_on).ok_or_else(ApiError::internal)?;
    let ends = CivilDate::parse(&c.ends_on).ok_or_else(ApiError::internal)?;
    Ok(api::CompetitionView {
        id: c.id.clone(),
        title: c.title.clone(),
        metric: c.metric,
        entrant: c.entrant,
        starts_on: c.starts_on.clone(),
        ends_on: c.ends_on.clone(),
        prize_unit: c.prize_unit,
        prizes: c.prize_list()?,
        phase: rules::backoffice::competition_phase(starts, ends, c.paid_at.is_some(), today),
        entrants: c.entrants,
    })
}

fn reward_view(r: store::RewardRow) -> api::KosRewardView {
    api::KosRewardView {
        id: r.id,
        staff_id: r.staff_id,
        staff_name: r.staff_name,
        kind: r.kind,
        unit: r.unit,
        amount: r.amount,
        period: r.period,
        memo: r.memo,
        posting_id: r.posting_id,
        reversed: r.reversed_by.is_some(),
        created_at: r.created_at,
    }
}

async fn list_competitions(
    state: &AppState,
    brand: &str,
    scope: &KosScope,
    q: PageQuery,
) -> ApiResult<Vec<api::CompetitionView>> {
    let (_, today) = zone_today(state, brand).await?;
    let rows = state
        .store
        .competitions(brand, scope, input::page(q.limit, q.offset))
        .await?;
    rows.iter().map(|c| competition_view(c, today)).collect()
}

async fn board(
    state: &AppState,
    brand: &str,
    id: &str,
    scope: &KosScope,
) -> ApiResult<api::LeaderboardView> {
    let (zone, today) = zone_today(state, brand).await?;
    // The period comes from the competition's own dates: read it first.
    let c = state.store.competition(brand, id, scope).await?;
    let starts = CivilDate::parse(&c.starts_on).ok_or_else(ApiError::internal)?;
    let ends = CivilDate::parse(&c.ends_on).ok_or_else(ApiError::internal)?;
    let (from, to) = period(&zone, starts, ends);
    let (c, standings) = state.store.leaderboard(brand, id, scope, from, to).await?;
    Ok(api::LeaderboardView {
        competition: competition_view(&c, today)?,
        standings: standings
            .into_iter()
            .map(|s| api::StandingView {
                entrant_id: s.entrant_id,
                name: s.name,
                store_name: s.store_name,
                value: s.value,
                place: s.place,
                prize: s.prize,
            })
            .collect(),
    })
}

/// The brand's competitions, latest ending first.
#[utoipa::path(get, path = "/api/v1/admin/kos/competitions", tag = "admin", security(("operator_session" = ["read"])),
    params(PageQuery), responses((status = 200, body = Vec<api::CompetitionView>)))]
async fn competitions(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Vec<api::CompetitionView>>> {
    Ok(Json(
        list_competitions(&state, &op.brand, &KosScope::Brand, q).await?,
    ))
}

/// Creates a competition; audited.
#[utoipa::path(post, path = "/api/v1/admin/kos/competitions", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::CompetitionForm,
    responses((status = 201, body = api::CompetitionView), (status = 403, body = api::ErrorBody), (status = 409, body = api::ErrorBody),
        (status = 422, body = api::ErrorBody)))]
async fn create_competition(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::CompetitionForm>,
) -> ApiResult<(StatusCode, Json<api::CompetitionView>)> {
    op.require(Perm::Operate)?;
    let starts_on = input::date(&form.starts_on)?;
    let ends_on = input::date(&form.ends_on)?;
    if ends_on < starts_on || ends_on.days_since(starts_on) > 366 {
        return Err(ApiError::invalid(ErrorCode::CompetitionDatesInvalid));
    }
    if form.prizes.is_empty()
        || form.prizes.len() > 20
        || form.prizes.iter().any(|p| !(1..=MAX_AMOUNT).contains(p))
    {
        return Err(ApiError::invalid(ErrorCode::PrizesInvalid));
    }
    let c = store::NewCompetition {
        title: input::text(&form.title, 80)?,
        metric: form.metric,
        entrant: form.entrant,
        starts_on,
        ends_on,
        prize_unit: form.prize_unit,
        prizes: form.prizes.clone(),
        entrants: input::text_list(&form.entrants, 5_000, 64)?,
    };
    let row = state
        .store
        .create_competition(&op.brand, &c, &op.operator_id, state.clock.now())
        .await
        .map_err(|e| match e {
            store::StoreError::Conflict("competition_entrant_unknown") => {
                ApiError::invalid(ErrorCode::CompetitionEntrantUnknown)
            }
            e => e.into(),
        })?;
    let (_, today) = zone_today(&state, &op.brand).await?;
    Ok((StatusCode::CREATED, Json(competition_view(&row, today)?)))
}

/// A competition and its leaderboard (places share ties).
#[utoipa::path(get, path = "/api/v1/admin/kos/competitions/{id}", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::LeaderboardView), (status = 404, body = api::ErrorBody)))]
async fn leaderboard(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::LeaderboardView>> {
    Ok(Json(board(&state, &op.brand, &id, &KosScope::Brand).await?))
}

/// Pays a finished competition's prizes through the ledger, once.
#[utoipa::path(post, path = "/api/v1/admin/kos/competitions/{id}/pay", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path)),
    responses((status = 200, body = Vec<api::KosRewardView>), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody),
        (status = 409, body = api::ErrorBody)))]
async fn pay_competition(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<api::KosRewardView>>> {
    op.require(Perm::Manage)?;
    let (zone, today) = zone_today(&state, &op.brand).await?;
    let c = state
        .store
        .competition(&op.brand, &id, &KosScope::Brand)
        .await?;
    let starts = CivilDate::parse(&c.starts_on).ok_or_else(ApiError::internal)?;
    let ends = CivilDate::parse(&c.ends_on).ok_or_else(ApiError::internal)?;
    let (from, to) = period(&zone, starts, ends);
    let paid = state
        .store
        .pay_competition(
            &op.brand,
            &id,
            today,
            from,
            to,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(paid.into_iter().map(reward_view).collect()))
}

/// The brand's rewards, newest first.
#[utoipa::path(get, path = "/api/v1/admin/kos/incentives", tag = "admin", security(("operator_session" = ["read"])),
    params(PageQuery), responses((status = 200, body = Vec<api::KosRewardView>)))]
async fn rewards(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Vec<api::KosRewardView>>> {
    let rows = state
        .store
        .kos_rewards(&op.brand, &KosScope::Brand, input::page(q.limit, q.offset))
        .await?;
    Ok(Json(rows.into_iter().map(reward_view).collect()))
}

/// Pays one staff member a reward by hand; the `Idempotency-Key` makes a
/// retry pay once. Audited.
#[utoipa::path(post, path = "/api/v1/admin/kos/incentives", tag = "admin", security(("operator_session" = ["manage"])),
    request_body = api::KosRewardForm,
    responses((status = 201, body = api::KosRewardView), (status = 403, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn grant_reward(
    State(state): State<AppState>,
    op: OperatorAuth,
    headers: HeaderMap,
    Json(form): Json<api::KosRewardForm>,
) -> ApiResult<(StatusCode, Json<api::KosRewardView>)> {
    op.require(Perm::Manage)?;
    if !(1..=MAX_AMOUNT).contains(&form.amount) {
        return Err(ApiError::invalid(ErrorCode::RewardAmountInvalid));
    }
    let memo = input::text(&form.memo, 200)?;
    let key = headers
        .get(crate::idempotency::HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|k| !k.is_empty() && k.len() <= 100)
        .map_or_else(store::new_id, |k| format!("key:{k}"));
    let (zone, _) = zone_today(&state, &op.brand).await?;
    let now = state.clock.now();
    let r = store::NewReward {
        staff_id: input::text(&form.staff_id, 64)?,
        kind: form.kind,
        unit: form.unit,
        amount: form.amount,
        period: time::local_month(&zone, now).to_string(),
        source_key: key,
        memo,
    };
    let row = state
        .store
        .grant_reward(&op.brand, &r, &op.operator_id, now)
        .await
        .map_err(|e| match e {
            store::StoreError::NotFound => ApiError::invalid(ErrorCode::RewardStaffUnknown),
            e => e.into(),
        })?;
    Ok((StatusCode::CREATED, Json(reward_view(row))))
}

/// A month that has ended (`yyyy-mm`) and its period.
async fn past_month(
    state: &AppState,
    brand: &str,
    month: &str,
) -> ApiResult<(YearMonth, String, i64, i64)> {
    let month =
        YearMonth::parse(month.trim()).ok_or_else(|| ApiError::invalid(ErrorCode::MonthInvalid))?;
    let (zone, today) = zone_today(state, brand).await?;
    if month >= today.month() {
        return Err(ApiError::invalid(ErrorCode::MonthNotOver));
    }
    let (from, to) = period(&zone, month.first_day(), month.last_day());
    Ok((month, zone, from, to))
}

/// Pays each staff member ‰ of their leads' sales in a past month, in fen.
#[utoipa::path(post, path = "/api/v1/admin/kos/incentives/sales", tag = "admin", security(("operator_session" = ["manage"])),
    request_body = api::SalesRewardForm,
    responses((status = 200, body = Vec<api::KosRewardView>), (status = 403, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn pay_sales(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::SalesRewardForm>,
) -> ApiResult<Json<Vec<api::KosRewardView>>> {
    op.require(Perm::Manage)?;
    if !(1..=1000).contains(&form.permille) {
        return Err(ApiError::invalid(ErrorCode::PermilleInvalid));
    }
    let (month, _, from, to) = past_month(&state, &op.brand, &form.month).await?;
    let paid = state
        .store
        .pay_sales_rewards(
            &op.brand,
            month,
            from,
            to,
            form.permille,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(paid.into_iter().map(reward_view).collect()))
}

/// Pays each staff member points for the followers their accounts gained
/// in a past month.
#[utoipa::path(post, path = "/api/v1/admin/kos/incentives/growth", tag = "admin", security(("operator_session" = ["manage"])),
    request_body = api::GrowthRewardForm,
    responses((status = 200, body = Vec<api::KosRewardView>), (status = 403, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn pay_growth(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::GrowthRewardForm>,
) -> ApiResult<Json<Vec<api::KosRewardView>>> {
    op.require(Perm::Manage)?;
    if !(1..=1_000_000).contains(&form.step) || !(1..=MAX_AMOUNT).contains(&form.per_step) {
        return Err(ApiError::invalid(ErrorCode::GrowthRuleInvalid));
    }
    let (month, _, _, _) = past_month(&state, &op.brand, &form.month).await?;
    let paid = state
        .store
        .pay_growth_rewards(
            &op.brand,
            month,
            form.step,
            form.per_step,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(paid.into_iter().map(reward_view).collect()))
}

/// Withdraws a reward: its posting reversed, once. Audited.
#[utoipa::path(post, path = "/api/v1/admin/kos/incentives/{id}/reverse", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::KosRewardView), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody),
        (status = 409, body = api::ErrorBody)))]
async fn reverse_reward(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::KosRewardView>> {
    op.require(Perm::Manage)?;
    let row = state
        .store
        .reverse_reward(&op.brand, &id, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(reward_view(row)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct DashboardQuery {
    /// First day, `yyyy-mm-dd`; 29 days before `to` when absent.
    from: Option<String>,
    /// Last day included, `yyyy-mm-dd`; today when absent.
    to: Option<String>,
    /// A region's id: only its stores and staff.
    region: Option<String>,
}

/// The KOS dashboards over a period of up to 366 days.
#[utoipa::path(get, path = "/api/v1/admin/kos/dashboard", tag = "admin", security(("operator_session" = ["read"])),
    params(DashboardQuery),
    responses((status = 200, body = api::DashboardView), (status = 422, body = api::ErrorBody)))]
async fn dashboard(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<DashboardQuery>,
) -> ApiResult<Json<api::DashboardView>> {
    let (zone, today) = zone_today(&state, &op.brand).await?;
    let to = match input::trimmed(&q.to) {
        Some(d) => input::date(d)?,
        None => today,
    };
    let from = match input::trimmed(&q.from) {
        Some(d) => input::date(d)?,
        None => to.add_days(-29),
    };
    if to < from || to.days_since(from) >= 366 {
        return Err(ApiError::invalid(ErrorCode::PeriodInvalid));
    }
    let region = input::trimmed(&q.region);
    if region.is_some_and(|r| r.len() > 64) {
        return Err(ApiError::invalid(ErrorCode::PeriodInvalid));
    }
    let (start, end) = period(&zone, from, to);
    let d = state
        .store
        .kos_dashboard(&op.brand, region, start, end, &from.to_string())
        .await?;
    Ok(Json(api::DashboardView {
        from: from.to_string(),
        to: to.to_string(),
        days: d
            .days
            .into_iter()
            .map(|r| api::DashboardDay {
                date: from.add_days(r.day).to_string(),
                notes: r.notes,
                leads: r.leads,
            })
            .collect(),
        staff_total: d.staff_total,
        staff_posting: d.staff_posting,
        platforms: d
            .platforms
            .into_iter()
            .map(|p| api::DashboardPlatform {
                platform: p.platform,
                accounts: p.accounts,
                followers: p.followers,
                followers_before: p.followers_before,
            })
            .collect(),
        funnel: d
            .funnel
            .into_iter()
            .map(|(stage, leads)| api::DashboardStage { stage, leads })
            .collect(),
        top_templates: d
            .top_templates
            .into_iter()
            .map(|t| api::DashboardTemplate {
                template_id: t.template_id,
                title: t.title,
                notes: t.notes,
                interactions: t.interactions,
                leads: t.leads,
            })
            .collect(),
        weakest_stores: d
            .weakest_stores
            .into_iter()
            .map(|s| api::DashboardStore {
                store_id: s.store_id,
                code: s.code,
                name: s.name,
                region_name: s.region_name,
                staff: s.staff,
                notes: s.notes,
                leads: s.leads,
                sales_fen: s.sales_fen,
            })
            .collect(),
    }))
}

/// The competitions the staff member or their store is in (managers:
/// those with an entrant in their store or region).
#[utoipa::path(get, path = "/api/v1/staff/competitions", tag = "staff", security(("staff_session" = ["staff"])),
    params(PageQuery), responses((status = 200, body = Vec<api::CompetitionView>)))]
async fn my_competitions(
    State(state): State<AppState>,
    who: StaffAuth,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Vec<api::CompetitionView>>> {
    Ok(Json(
        list_competitions(&state, &who.brand, &who.scope(), q).await?,
    ))
}

/// One of those competitions and its leaderboard.
#[utoipa::path(get, path = "/api/v1/staff/competitions/{id}", tag = "staff", security(("staff_session" = ["staff"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::LeaderboardView), (status = 404, body = api::ErrorBody)))]
async fn my_leaderboard(
    State(state): State<AppState>,
    who: StaffAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::LeaderboardView>> {
    Ok(Json(board(&state, &who.brand, &id, &who.scope()).await?))
}

/// The staff member's incentive points, cash owed and rewards.
#[utoipa::path(get, path = "/api/v1/staff/incentives", tag = "staff", security(("staff_session" = ["staff"])),
    responses((status = 200, body = api::MyIncentives)))]
async fn my_incentives(
    State(state): State<AppState>,
    who: StaffAuth,
) -> ApiResult<Json<api::MyIncentives>> {
    let b = state
        .store
        .staff_balances(&who.brand, &who.staff_id)
        .await?;
    let own = KosScope::Own {
        staff: who.staff_id.clone(),
        store: who.store_id.clone().unwrap_or_default(),
    };
    let rows = state
        .store
        .kos_rewards(&who.brand, &own, input::page(Some(100), None))
        .await?;
    Ok(Json(api::MyIncentives {
        points: b.points,
        cash_fen: b.cash_fen,
        rewards: rows.into_iter().map(reward_view).collect(),
    }))
}
