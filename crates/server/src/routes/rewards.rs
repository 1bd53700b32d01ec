//! Rewards and redemption: the operator's catalogue (items, coupon code
//! pools, images), redemptions with their fulfilment and export, the
//! member's catalogue filtered by what they may redeem and why not, their
//! redemptions with codes.
//!
//! Codes are secrets: the member who redeemed sees theirs in full; every
//! operator view and the export show them masked (`rules::rewards::mask_code`).
//! A gift's shipping details are masked in lists; `…/shipping` shows them
//! whole to operating roles and is audited first.

use super::views::{my_redemption, redemption_view, reward_view};
use super::{Json, input};
use crate::AppState;
use crate::auth::{MemberAuth, OperatorAuth, Perm};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::time;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rewards, create_reward))
        .routes(routes!(update_reward))
        .routes(routes!(add_codes))
        .routes(routes!(redemptions))
        .routes(routes!(export_redemptions))
        .routes(routes!(fulfil))
        .routes(routes!(shipping))
        .routes(routes!(image))
        .routes(routes!(my_catalogue))
        .routes(routes!(redeem))
        .routes(routes!(my_redemptions))
}

/// The form as a catalogue item of `brand` (zone: the brand's, for days).
fn parse_item(
    form: &api::RewardForm,
    brand: &store::Brand,
    id: String,
    by: &str,
    now: i64,
) -> ApiResult<store::RewardItem> {
    let kind: rules::RewardKind = form
        .kind
        .trim()
        .parse()
        .map_err(|_| ApiError::invalid(ErrorCode::RewardKindUnknown))?;
    if !(1..=10_000_000).contains(&form.price) {
        return Err(ApiError::invalid(ErrorCode::RewardPriceInvalid));
    }
    let counts = [form.stock, form.per_member_limit, form.voucher_fen];
    if counts.iter().any(|n| !(0..=100_000_000).contains(n)) {
        return Err(ApiError::invalid(ErrorCode::RewardStockInvalid));
    }
    let min_tier = match input::trimmed(&form.min_tier) {
        Some(t) => {
            rules::Tier::parse(t).ok_or_else(|| ApiError::invalid(ErrorCode::TierUnknown))?
        }
        None => rules::Tier::Member,
    };
    let min_class = match input::trimmed(&form.min_class) {
        Some(c) => Some(
            rules::rewards::class_named(c)
                .ok_or_else(|| ApiError::invalid(ErrorCode::ClassUnknown))?
                .as_str()
                .to_string(),
        ),
        None => None,
    };
    let zone = &brand.time_zone;
    let day = |v: &Option<String>| -> ApiResult<Option<rules::CivilDate>> {
        input::trimmed(v).map(input::date).transpose()
    };
    let (starts, ends) = (day(&form.starts_on)?, day(&form.ends_on)?);
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        return Err(ApiError::invalid(ErrorCode::RewardWindowInvalid));
    }
    let shared_code = match input::trimmed(&form.shared_code) {
        Some(c) if kind == rules::RewardKind::Coupon => Some(input::text(c, 64)?),
        _ => None,
    };
    let image_id = match input::trimmed(&form.image_id) {
        Some(i) if i.len() <= 64 && i.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            Some(i.to_string())
        }
        Some(_) => return Err(ApiError::invalid(ErrorCode::ImageUnknown)),
        None => None,
    };
    Ok(store::RewardItem {
        brand_id: brand.id.clone(),
        id,
        kind,
        title: input::text(&form.title, 60)?,
        description: input::optional_text(&form.description, 2000)?,
        image_id,
        price: form.price,
        stock: form.stock,
        min_tier: min_tier.as_str().to_string(),
        min_class,
        per_member_limit: form.per_member_limit,
        starts_at: starts.map(|d| time::start_of_day(zone, d)),
        ends_at: ends.map(|d| time::start_of_day(zone, d.add_days(1))),
        shared_code,
        voucher_fen: if kind == rules::RewardKind::Voucher {
            form.voucher_fen
        } else {
            0
        },
        event_at: match (kind, day(&form.event_on)?) {
            (rules::RewardKind::Experience, Some(d)) => Some(time::start_of_day(zone, d)),
            _ => None,
        },
        venue: input::optional_text(&form.venue, 100)?,
        active: form.active,
        created_at: now,
        created_by: by.to_string(),
        updated_at: now,
    })
}

fn store_error(e: store::StoreError) -> ApiError {
    match e {
        store::StoreError::Conflict("image_unknown") => ApiError::invalid(ErrorCode::ImageUnknown),
        store::StoreError::Conflict("address_required") => {
            ApiError::invalid(ErrorCode::AddressRequired)
        }
        e => e.into(),
    }
}

/// The catalogue, newest first, with stock, codes and redemptions.
#[utoipa::path(get, path = "/api/v1/admin/rewards", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = Vec<api::RewardView>)))]
async fn rewards(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<Vec<api::RewardView>>> {
    let b = state.store.brand(&op.brand).await?;
    let list = state.store.rewards(&op.brand, false).await?;
    Ok(Json(list.into_iter().map(|r| reward_view(r, &b)).collect()))
}

/// Adds a reward to the catalogue.
#[utoipa::path(post, path = "/api/v1/admin/rewards", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::RewardForm,
    responses((status = 201, body = api::RewardView), (status = 422, body = api::ErrorBody)))]
async fn create_reward(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::RewardForm>,
) -> ApiResult<(StatusCode, Json<api::RewardView>)> {
    op.require(Perm::Operate)?;
    let b = state.store.brand(&op.brand).await?;
    let item = parse_item(
        &form,
        &b,
        store::new_id(),
        &op.operator_id,
        state.clock.now(),
    )?;
    let item = state
        .store
        .create_reward(&item)
        .await
        .map_err(store_error)?;
    let summary = store::RewardSummary {
        item,
        codes_total: 0,
        codes_used: 0,
        redeemed: 0,
    };
    Ok((StatusCode::CREATED, Json(reward_view(summary, &b))))
}

/// Saves a reward (its kind stays; a pooled coupon's stock is its codes).
#[utoipa::path(put, path = "/api/v1/admin/rewards/{id}", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::RewardForm,
    responses((status = 200, body = api::RewardView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn update_reward(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::RewardForm>,
) -> ApiResult<Json<api::RewardView>> {
    op.require(Perm::Operate)?;
    let b = state.store.brand(&op.brand).await?;
    let old = state.store.reward(&op.brand, &id).await?;
    let mut item = parse_item(&form, &b, old.id, &op.operator_id, state.clock.now())?;
    (item.created_at, item.created_by) = (old.created_at, old.created_by);
    // The shared code is shown masked, so the form leaves it empty to keep
    // it (a coupon does not move between a shared code and a pool).
    if item.kind == rules::RewardKind::Coupon && item.shared_code.is_none() {
        item.shared_code = old.shared_code;
    }
    // Likewise a form without an image keeps the one there (another
    // upload replaces it).
    if item.image_id.is_none() {
        item.image_id = old.image_id;
    }
    state
        .store
        .update_reward(&item, &op.operator_id)
        .await
        .map_err(store_error)?;
    summary_of(&state, &b, &id).await
}

async fn summary_of(
    state: &AppState,
    b: &store::Brand,
    id: &str,
) -> ApiResult<Json<api::RewardView>> {
    let s = state
        .store
        .rewards(&b.id, false)
        .await?
        .into_iter()
        .find(|s| s.item.id == id)
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(reward_view(s, b)))
}

/// Adds coupon codes to a reward's pool, one a line; each new code is one
/// more in stock.
#[utoipa::path(post, path = "/api/v1/admin/rewards/{id}/codes", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::RewardCodes,
    responses((status = 200, body = api::RewardCodesAdded), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn add_codes(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::RewardCodes>,
) -> ApiResult<Json<api::RewardCodesAdded>> {
    op.require(Perm::Operate)?;
    let mut codes: Vec<String> = Vec::new();
    for line in form.codes.lines() {
        let code = input::optional_text(line, 64)
            .map_err(|_| ApiError::invalid(ErrorCode::RewardCodesTooMany))?;
        if !code.is_empty() && !codes.contains(&code) {
            codes.push(code);
        }
        if codes.len() > 10_000 {
            return Err(ApiError::invalid(ErrorCode::RewardCodesTooMany));
        }
    }
    if codes.is_empty() {
        return Err(ApiError::invalid(ErrorCode::FieldRequired));
    }
    let (added, skipped, stock) = state
        .store
        .add_reward_codes(&op.brand, &id, &codes, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(api::RewardCodesAdded {
        added,
        skipped,
        stock,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct RedemptionQuery {
    /// `pending`, `issued`, `shipped`, `done` or `cancelled`.
    status: Option<String>,
    item_id: Option<String>,
    member_id: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

impl RedemptionQuery {
    /// The filter; `None` when the status is not one (nothing matches).
    fn filter(self) -> Option<(store::RedemptionFilter, store::Page)> {
        let status = input::filter_word(self.status).ok()?;
        let keep = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        Some((
            store::RedemptionFilter {
                status,
                item_id: keep(self.item_id),
                member_id: keep(self.member_id),
            },
            input::page(self.limit, self.offset),
        ))
    }
}

/// Redemptions, newest first; codes and contacts masked.
#[utoipa::path(get, path = "/api/v1/admin/redemptions", tag = "admin", security(("operator_session" = ["read"])),
    params(RedemptionQuery), responses((status = 200, body = Vec<api::RedemptionView>)))]
async fn redemptions(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<RedemptionQuery>,
) -> ApiResult<Json<Vec<api::RedemptionView>>> {
    let Some((f, page)) = q.filter() else {
        return Ok(Json(Vec::new()));
    };
    let list = state.store.redemptions(&op.brand, &f, page).await?;
    Ok(Json(list.into_iter().map(redemption_view).collect()))
}

/// The redemptions as a spreadsheet (UTF-8 CSV with BOM, as Excel opens
/// it); codes and contacts masked, as in the list; audited
/// (`redemptions.export`).
#[utoipa::path(get, path = "/api/v1/admin/redemptions/export", tag = "admin", security(("operator_session" = ["read"])),
    params(RedemptionQuery), responses((status = 200, content_type = "text/csv")))]
async fn export_redemptions(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(mut q): Query<RedemptionQuery>,
) -> ApiResult<Response> {
    q.limit = Some(500);
    let b = state.store.brand(&op.brand).await?;
    let mut rows: Vec<Vec<crate::csvout::Cell>> = Vec::new();
    // An unknown status matches nothing: the header alone.
    let f = q.filter().map(|(f, _)| f);
    // Every row, 500 at a time (a brand's redemptions fit in memory).
    for offset in (0..).step_by(500) {
        let Some(f) = &f else { break };
        let page = store::Page { limit: 500, offset };
        let list = state.store.redemptions(&op.brand, f, page).await?;
        let n = list.len();
        for r in list {
            let when = time::local_date(&b.time_zone, r.created_at).to_string();
            let v = redemption_view(r);
            rows.push(vec![
                v.id.into(),
                when.into(),
                v.title.into(),
                v.kind.as_str().into(),
                v.member_id.into(),
                v.member_name.into(),
                v.points.into(),
                v.status.as_str().into(),
                v.code.unwrap_or_default().into(),
                v.recipient.unwrap_or_default().into(),
                v.phone.unwrap_or_default().into(),
                v.courier.unwrap_or_default().into(),
                v.tracking.unwrap_or_default().into(),
                v.reason.unwrap_or_default().into(),
            ]);
        }
        if n < 500 {
            break;
        }
    }
    let header = [
        "redemption_id",
        "date",
        "reward",
        "kind",
        "member_id",
        "member_name",
        "points",
        "status",
        "code",
        "recipient",
        "phone",
        "courier",
        "tracking",
        "reason",
    ];
    // Names, couriers and tracking numbers leave the system: who took
    // them, and how many, is audited first.
    op.audit(
        &state,
        "redemptions.export",
        ("redemptions", &op.brand),
        Some(serde_json::json!({ "rows": rows.len() })),
    )
    .await?;
    Ok(crate::csvout::download("redemptions.csv", &header, rows))
}

/// A fulfilment step: `issued`, `shipped` (courier and tracking), `done`,
/// or `cancelled` (a reason; the points are returned by a reversing
/// posting and the item goes back in stock).
#[utoipa::path(post, path = "/api/v1/admin/redemptions/{id}/fulfilment", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::FulfilForm,
    responses((status = 200, body = api::RedemptionView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn fulfil(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::FulfilForm>,
) -> ApiResult<Json<api::RedemptionView>> {
    op.require(Perm::Operate)?;
    let to: rules::RedemptionStatus = form
        .status
        .trim()
        .parse()
        .map_err(|_| ApiError::invalid(ErrorCode::RedemptionStatusUnknown))?;
    if to == rules::RedemptionStatus::Pending {
        return Err(ApiError::invalid(ErrorCode::RedemptionStatusUnknown));
    }
    let shipment = if to == rules::RedemptionStatus::Shipped {
        let courier = input::optional_text(form.courier.as_deref().unwrap_or(""), 40)?;
        let tracking = input::optional_text(form.tracking.as_deref().unwrap_or(""), 40)?;
        if courier.is_empty() || tracking.is_empty() {
            return Err(ApiError::invalid(ErrorCode::ShipmentRequired));
        }
        Some((courier, tracking))
    } else {
        None
    };
    let reason = match input::trimmed(&form.reason) {
        Some(r) => Some(input::text(r, 200)?),
        None if to == rules::RedemptionStatus::Cancelled => {
            return Err(ApiError::invalid(ErrorCode::FieldRequired));
        }
        None => None,
    };
    let step = store::Fulfil {
        to,
        shipment,
        reason,
        by: op.operator_id.clone(),
        at: state.clock.now(),
    };
    let r = state.store.fulfil(&op.brand, &id, &step).await?;
    Ok(Json(redemption_view(r)))
}

/// A gift's full shipping details, for the operator who ships it;
/// recorded in the audit log before it is shown.
#[utoipa::path(get, path = "/api/v1/admin/redemptions/{id}/shipping", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::SampleForm), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
async fn shipping(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::SampleForm>> {
    op.require(Perm::Operate)?;
    let r = state.store.redemption(&op.brand, &id).await?;
    let field = serde_json::json!({ "field": "shipping", "member_id": r.member_id });
    op.audit(
        &state,
        "personal_data.view",
        ("redemption", &r.id),
        Some(field),
    )
    .await?;
    Ok(Json(api::SampleForm {
        recipient: r.recipient.unwrap_or_default(),
        phone: r.phone.unwrap_or_default(),
        address: r.address.unwrap_or_default(),
    }))
}

/// A reward's image, public like the catalogue's titles.
#[utoipa::path(get, path = "/api/v1/brands/{brand}/rewards/{id}/image", tag = "public", security(()),
    params(("brand" = String, Path), ("id" = String, Path)),
    responses((status = 200, content_type = "image/*"), (status = 404, body = api::ErrorBody)))]
async fn image(
    State(state): State<AppState>,
    Path((brand, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let item = state.store.reward(&brand, &id).await?;
    let upload = item.image_id.ok_or_else(ApiError::not_found)?;
    let u = state.store.upload(&brand, &upload).await?;
    crate::uploads::serve(&state, &u).await
}

/// The catalogue as the member may use it: every active item with why
/// they may not redeem it now, and their available points.
#[utoipa::path(get, path = "/api/v1/me/rewards", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = api::MyCatalogue)))]
async fn my_catalogue(
    State(state): State<AppState>,
    who: MemberAuth,
) -> ApiResult<Json<api::MyCatalogue>> {
    let b = state.store.brand(&who.brand).await?;
    let items = state.store.rewards(&who.brand, true).await?;
    let standing = state
        .store
        .reward_standing(&who.brand, &who.member_id)
        .await?;
    let available = state
        .store
        .balances(&who.brand, &who.member_id)
        .await?
        .available;
    let policy = state.store.points_policy(&who.brand).await?;
    let now = state.clock.now();
    let mut out = Vec::new();
    for s in items {
        let need = s.item.requirement()?;
        let blocked =
            rules::rewards::why_not(&need, &standing.for_item(&s.item.id, available), now);
        out.push(super::views::my_reward(
            s.item,
            &b,
            blocked,
            policy.points_per_yuan,
        ));
    }
    Ok(Json(api::MyCatalogue {
        available_fen: rules::points::fen_for_points(available, policy.points_per_yuan),
        available,
        items: out,
    }))
}

/// A random code for a voucher or a seat: 10 characters without the easily
/// confused ones (0/O, 1/I/L).
fn ticket() -> ApiResult<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).map_err(|_| ApiError::internal())?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect())
}

/// Redeems a reward: points and stock are taken in one transaction; a
/// coupon's code, a voucher's or a seat's code comes back at once, a gift
/// waits to be shipped to the address given.
#[utoipa::path(post, path = "/api/v1/me/rewards/{id}/redemption", tag = "member", security(("member_session" = [])),
    params(("id" = String, Path)), request_body = api::RedeemForm,
    responses((status = 201, body = api::MyRedemption), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn redeem(
    State(state): State<AppState>,
    who: MemberAuth,
    Path(id): Path<String>,
    Json(form): Json<api::RedeemForm>,
) -> ApiResult<(StatusCode, Json<api::MyRedemption>)> {
    let item = state.store.reward(&who.brand, &id).await?;
    if !item.active {
        return Err(ApiError::not_found());
    }
    let shipping = if item.kind == rules::RewardKind::Gift {
        let (Some(recipient), Some(phone), Some(address)) = (
            input::trimmed(&form.recipient),
            input::trimmed(&form.phone),
            input::trimmed(&form.address),
        ) else {
            return Err(ApiError::invalid(ErrorCode::AddressRequired));
        };
        let phone = rules::Phone::parse(phone).map_err(|e| ApiError::invalid(e.into()))?;
        Some((
            input::text(recipient, 40)?,
            phone.as_str().to_string(),
            input::text(address, 200)?,
        ))
    } else {
        None
    };
    let r = store::NewRedemption {
        id: store::new_id(),
        item_id: item.id,
        member_id: who.member_id.clone(),
        shipping,
        ticket: ticket()?,
        at: state.clock.now(),
    };
    let done = state
        .store
        .redeem(&who.brand, &r)
        .await
        .map_err(store_error)?;
    Ok((StatusCode::CREATED, Json(my_redemption(done))))
}

/// The member's redemptions, newest first, with their codes.
#[utoipa::path(get, path = "/api/v1/me/redemptions", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = Vec<api::MyRedemption>)))]
async fn my_redemptions(
    State(state): State<AppState>,
    who: MemberAuth,
) -> ApiResult<Json<Vec<api::MyRedemption>>> {
    let f = store::RedemptionFilter {
        member_id: Some(who.member_id.clone()),
        ..Default::default()
    };
    let list = state
        .store
        .redemptions(&who.brand, &f, store::Page::FIRST_100)
        .await?;
    Ok(Json(list.into_iter().map(my_redemption).collect()))
}
