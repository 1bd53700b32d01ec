//! Points operations: the brand's points policy (owners change it), its
//! totals per account in points and yuan, finding a member by phone or id
//! and crediting or debiting them (operators; a required reason, "allow
//! below zero" explicit, audited, posted once per `Idempotency-Key`), the
//! member's points page (balance with its cash value, held points, what
//! expires next and when, every posting with its reason), and the expiry
//! job [`expire_all`] that `housekeeping` runs.
//!
//! Inputs are parsed here: the policy's bounds, the phone by
//! `rules::Phone` (normalised before the lookup), the reason as a bounded
//! text. Cash values use `rules::points::fen_for_points`, as the apps do.

use super::{Json, input, views};
use crate::AppState;
use crate::auth::{MemberAuth, OperatorAuth, Perm};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::time;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use rules::expiry;
use rules::points::fen_for_points;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(overview))
        .routes(routes!(save_policy))
        .routes(routes!(find_member))
        .routes(routes!(adjust))
        .routes(routes!(my_points))
}

/// The largest adjustment an operator may post at once.
const MAX_ADJUSTMENT: i64 = 1_000_000;

/// The policy form, parsed: every bound checked, each with its own code.
pub fn parse_policy(f: &api::PointsPolicyForm) -> ApiResult<store::PointsPolicy> {
    if !(1..=10_000).contains(&f.points_per_yuan) {
        return Err(ApiError::invalid(ErrorCode::PointsRateInvalid));
    }
    if !(0..=120).contains(&f.expiry_months) {
        return Err(ApiError::invalid(ErrorCode::PointsExpiryInvalid));
    }
    if !(0..=100).contains(&f.checkout_max_percent) {
        return Err(ApiError::invalid(ErrorCode::CheckoutPercentInvalid));
    }
    Ok(store::PointsPolicy {
        points_per_yuan: f.points_per_yuan,
        expiry_months: f.expiry_months,
        checkout_max_percent: f.checkout_max_percent,
    })
}

fn policy_form(p: &store::PointsPolicy) -> api::PointsPolicyForm {
    api::PointsPolicyForm {
        points_per_yuan: p.points_per_yuan,
        expiry_months: p.expiry_months,
        checkout_max_percent: p.checkout_max_percent,
    }
}

async fn overview_of(state: &AppState, brand: &str) -> ApiResult<api::PointsOverview> {
    let policy = state.store.points_policy(brand).await?;
    let t = state.store.point_totals(brand).await?;
    let amount = |points: i64| api::PointsAmount {
        points,
        fen: fen_for_points(points, policy.points_per_yuan),
    };
    Ok(api::PointsOverview {
        issued: amount(-t.budget),
        available: amount(t.available),
        held: amount(t.held),
        expired: amount(t.expired),
        redeemed: amount(t.redeemed),
        checkout: amount(t.checkout),
        policy: policy_form(&policy),
    })
}

/// The brand's points: policy and totals per account.
#[utoipa::path(get, path = "/api/v1/admin/points", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = api::PointsOverview)))]
async fn overview(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<api::PointsOverview>> {
    Ok(Json(overview_of(&state, &op.brand).await?))
}

/// Replaces the brand's points policy (owners); audited.
#[utoipa::path(put, path = "/api/v1/admin/points/policy", tag = "admin", security(("operator_session" = ["manage"])),
    request_body = api::PointsPolicyForm,
    responses((status = 200, body = api::PointsOverview), (status = 403, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn save_policy(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::PointsPolicyForm>,
) -> ApiResult<Json<api::PointsOverview>> {
    op.require(Perm::Manage)?;
    let policy = parse_policy(&form)?;
    state
        .store
        .save_points_policy(&op.brand, &policy, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(overview_of(&state, &op.brand).await?))
}

/// A member of the brand named by phone (normalised) or id; `None` when
/// there is none.
async fn member_named(state: &AppState, brand: &str, q: &str) -> ApiResult<Option<store::Member>> {
    let q = q.trim();
    let found = match rules::Phone::parse(q) {
        Ok(phone) => state.store.member_by_phone(brand, phone.as_str()).await,
        Err(_)
            if !q.is_empty() && q.len() <= 64 && q.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            state.store.member(brand, q).await
        }
        Err(_) => return Ok(None),
    };
    match found {
        Ok(m) => Ok(Some(m)),
        Err(store::StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct FindQuery {
    /// A phone (any common spelling: spaces, +86) or a member id.
    q: Option<String>,
}

/// Finds a member for an adjustment: phone masked, balances; an empty
/// list when no member matches.
#[utoipa::path(get, path = "/api/v1/admin/points/members", tag = "admin", security(("operator_session" = ["operate"])),
    params(FindQuery),
    responses((status = 200, body = Vec<api::PointsMemberView>), (status = 403, body = api::ErrorBody)))]
async fn find_member(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<FindQuery>,
) -> ApiResult<Json<Vec<api::PointsMemberView>>> {
    op.require(Perm::Operate)?;
    let Some(m) = member_named(&state, &op.brand, q.q.as_deref().unwrap_or("")).await? else {
        return Ok(Json(Vec::new()));
    };
    let rate = state.store.points_policy(&op.brand).await?.points_per_yuan;
    let b = state.store.balances(&op.brand, &m.id).await?;
    Ok(Json(vec![api::PointsMemberView {
        phone_masked: rules::Phone::parse(&m.phone)
            .map(|p| p.masked())
            .unwrap_or_default(),
        member_id: m.id,
        available: b.available,
        held: b.held,
        fen: fen_for_points(b.available, rate),
    }]))
}

/// Credits or debits a member (operators): a required reason the member
/// sees, never below zero unless `allow_negative`; audited with the
/// balance before and after. The request's `Idempotency-Key` is the
/// posting's source, so a retry posts once even after the key's answer
/// is gone.
#[utoipa::path(post, path = "/api/v1/admin/points/adjustments", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::AdjustmentForm,
    responses((status = 201, body = api::AdjustmentView), (status = 403, body = api::ErrorBody),
        (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn adjust(
    State(state): State<AppState>,
    op: OperatorAuth,
    headers: HeaderMap,
    Json(form): Json<api::AdjustmentForm>,
) -> ApiResult<(StatusCode, Json<api::AdjustmentView>)> {
    op.require(Perm::Operate)?;
    if !(1..=MAX_ADJUSTMENT).contains(&form.points) {
        return Err(ApiError::invalid(ErrorCode::AdjustmentPointsInvalid));
    }
    let points = match form.direction {
        rules::AdjustmentDirection::Credit => form.points,
        rules::AdjustmentDirection::Debit => -form.points,
    };
    let reason = input::optional_text(&form.reason, 200)?;
    if reason.is_empty() {
        return Err(ApiError::invalid(ErrorCode::AdjustmentReasonRequired));
    }
    if form.member.chars().count() > 64 {
        return Err(ApiError::invalid(ErrorCode::PointsMemberUnknown));
    }
    let member = member_named(&state, &op.brand, &form.member)
        .await?
        .ok_or_else(|| ApiError::invalid(ErrorCode::PointsMemberUnknown))?;
    let key = headers
        .get(crate::idempotency::HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|k| !k.is_empty() && k.len() <= 100)
        .map_or_else(store::new_id, str::to_string);
    let done = state
        .store
        .adjust_points(
            &op.brand,
            &store::Adjustment {
                member_id: member.id.clone(),
                points,
                reason,
                // Only a debit can go below zero.
                allow_negative: form.allow_negative && points < 0,
                key,
            },
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(api::AdjustmentView {
            posting_id: done.posting.id().to_string(),
            replayed: !done.posting.is_new(),
            member_id: member.id,
            before: done.before.available,
            after: done.after.available,
        }),
    ))
}

/// What expires next for a member, first in first out, in the brand's
/// time zone; `None` when points never expire or nothing is left.
pub async fn next_expiry(
    state: &AppState,
    brand: &store::Brand,
    member_id: &str,
    policy: &store::PointsPolicy,
    available: i64,
) -> ApiResult<Option<api::ExpiryNotice>> {
    if policy.expiry_months <= 0 {
        return Ok(None);
    }
    let moves = state.store.available_moves(&brand.id, member_id).await?;
    let mut earned = Vec::new();
    let mut consumed = 0;
    for m in moves {
        match expiry::flow(m.reason, m.points) {
            expiry::Flow::Earned => {
                earned.push((time::local_month(&brand.time_zone, m.at), m.points));
            }
            expiry::Flow::Consumed => consumed -= m.points,
            expiry::Flow::Neither => {}
        }
    }
    Ok(
        expiry::next_expiry(&earned, consumed, available, policy.expiry_months).map(
            |(month, points)| api::ExpiryNotice {
                date: month.last_day().to_string(),
                points,
            },
        ),
    )
}

/// The member's points: balance with its cash value, held points, what
/// expires next, and the history (newest first, 200 postings).
#[utoipa::path(get, path = "/api/v1/me/points", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = api::MyPoints)))]
async fn my_points(
    State(state): State<AppState>,
    who: MemberAuth,
) -> ApiResult<Json<api::MyPoints>> {
    let brand = state.store.brand(&who.brand).await?;
    let policy = state.store.points_policy(&who.brand).await?;
    let b = state.store.balances(&who.brand, &who.member_id).await?;
    let entries = state
        .store
        .ledger(&who.brand, &who.member_id, input::page(Some(200), None))
        .await?;
    let entries = entries
        .into_iter()
        .map(views::my_points_entry)
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(Json(api::MyPoints {
        next_expiry: next_expiry(&state, &brand, &who.member_id, &policy, b.available).await?,
        available: b.available,
        held: b.held,
        fen: fen_for_points(b.available, policy.points_per_yuan),
        points_per_yuan: policy.points_per_yuan,
        entries,
    }))
}

/// Runs expiry for every brand whose points expire, at `now`: each
/// brand's last month past its expiry in its own time zone, the cutoff
/// the start of the month after. Safe to run twice and at any time.
pub async fn expire_all(store: &dyn store::Store, now: i64) -> store::Result<store::ExpiryRun> {
    let mut total = store::ExpiryRun::default();
    for b in store.expiring_brands().await? {
        let month = time::local_month(&b.time_zone, now);
        let Some(last) = expiry::last_expired_month(month, b.expiry_months) else {
            continue;
        };
        let cutoff = time::start_of_day(&b.time_zone, last.next().first_day());
        let run = store
            .expire_points(&b.brand_id, cutoff, &last.to_string(), now)
            .await?;
        total.members += run.members;
        total.points += run.points;
    }
    Ok(total)
}
