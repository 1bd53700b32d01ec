//! Points as cash at the brand's checkout.
//!
//! - Owners create and revoke the brand's API keys (admin settings); a new
//!   key's secret is in the creation's answer only (never kept by the
//!   idempotency layer: `idempotency::EXEMPT`).
//! - A member opens "用积分抵现" and gets a one-time payment code (18
//!   digits and its QR code), valid [`CODE_SECS`]; a new one replaces it.
//! - The brand's till, signed with an API key (`signed`), holds points
//!   with the code against an order: at most the brand's share of the
//!   order (`rules::checkout::quote`); the answer is the discount in fen.
//!   It captures or releases the hold; one not captured within
//!   [`HOLD_SECS`] is released by [`spawn_timeouts`]; a captured hold may
//!   be refunded. Every move is a ledger posting (the store's `checkout`).
//! - The till also takes a member's checkout voucher (a redeemed reward)
//!   by its code: the redemption becomes `done` with the order's reference.

use super::{Json, views};
use crate::AppState;
use crate::auth::{MemberAuth, OperatorAuth, Perm};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::signed::{self, BrandKey};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use std::sync::Arc;
use std::time::Duration;
use store::Store;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_keys, create_api_key))
        .routes(routes!(revoke_api_key))
        .routes(routes!(my_checkout))
        .routes(routes!(payment_code))
        .routes(routes!(create_hold))
        .routes(routes!(hold))
        .routes(routes!(capture))
        .routes(routes!(release))
        .routes(routes!(refund))
        .routes(routes!(use_voucher))
}

/// How long a payment code works.
pub const CODE_SECS: i64 = 5 * 60;
/// How long a hold waits for the till's capture before it is released.
pub const HOLD_SECS: i64 = 15 * 60;
/// The largest order a till may send, in fen (a million yuan).
pub const MAX_ORDER_FEN: i64 = 100_000_000;
/// How often the time-out job looks for holds past their time.
pub const TIMEOUT_EVERY: Duration = Duration::from_secs(30);

/// The brand's API keys, newest first (revoked ones too).
#[utoipa::path(get, path = "/api/v1/admin/api-keys", tag = "admin", security(("operator_session" = ["manage"])),
    responses((status = 200, body = Vec<api::ApiKeyView>), (status = 403, body = api::ErrorBody)))]
async fn api_keys(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<Vec<api::ApiKeyView>>> {
    op.require(Perm::Manage)?;
    let keys = state.store.api_keys(&op.brand).await?;
    Ok(Json(keys.into_iter().map(views::api_key).collect()))
}

/// A new API key for the brand's servers. The answer holds the secret:
/// shown this once.
#[utoipa::path(post, path = "/api/v1/admin/api-keys", tag = "admin", security(("operator_session" = ["manage"])),
    request_body = api::ApiKeyForm,
    responses((status = 201, body = api::NewApiKey), (status = 403, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn create_api_key(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::ApiKeyForm>,
) -> ApiResult<(StatusCode, Json<api::NewApiKey>)> {
    op.require(Perm::Manage)?;
    let label = super::input::text(&form.label, 60)?;
    let (id, salt) = signed::new_key_id(&op.brand);
    let secret = signed::derive_secret(&state.client_key, &op.brand, &id, &salt);
    let key = store::ApiKey {
        brand_id: op.brand.clone(),
        id,
        label,
        salt,
        secret_check: signed::secret_check(&secret),
        created_by: op.operator_id.clone(),
        created_at: state.clock.now(),
        last_used_at: None,
        revoked_by: None,
        revoked_at: None,
    };
    state.store.create_api_key(&key).await?;
    Ok((
        StatusCode::CREATED,
        Json(api::NewApiKey {
            key: views::api_key(key),
            secret,
        }),
    ))
}

/// Revokes a key: calls signed with it are refused from now on.
#[utoipa::path(delete, path = "/api/v1/admin/api-keys/{id}", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::ApiKeyView), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
async fn revoke_api_key(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::ApiKeyView>> {
    op.require(Perm::Manage)?;
    let key = state
        .store
        .revoke_api_key(&op.brand, &id, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(views::api_key(key)))
}

/// The member's points as cash: balance, its worth, the brand's limit and
/// recent uses at the till.
#[utoipa::path(get, path = "/api/v1/me/checkout", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = api::MyCheckout), (status = 401, body = api::ErrorBody)))]
async fn my_checkout(
    State(state): State<AppState>,
    me: MemberAuth,
) -> ApiResult<Json<api::MyCheckout>> {
    let (available, policy) = points_and_policy(&state, &me.brand, &me.member_id).await?;
    let holds = state
        .store
        .member_holds(
            &me.brand,
            &me.member_id,
            store::Page {
                limit: 10,
                offset: 0,
            },
        )
        .await?;
    Ok(Json(api::MyCheckout {
        available,
        available_fen: rules::checkout::fen_for_points(available, policy.0),
        points_per_yuan: policy.0,
        max_percent: policy.1,
        holds: holds.into_iter().map(views::my_hold).collect(),
    }))
}

/// The member's available points and the brand's (rate, cap).
async fn points_and_policy(
    state: &AppState,
    brand: &str,
    member: &str,
) -> ApiResult<(i64, (i64, i64))> {
    let available = state.store.balances(brand, member).await?.available;
    let p = state.store.points_policy(brand).await?;
    Ok((available, (p.points_per_yuan, p.checkout_max_percent)))
}

/// A new one-time payment code for the till (the previous one stops
/// working). Never kept by the idempotency layer: it is a secret.
#[utoipa::path(post, path = "/api/v1/me/checkout/code", tag = "member", security(("member_session" = [])),
    responses((status = 201, body = api::PaymentCode), (status = 401, body = api::ErrorBody)))]
async fn payment_code(
    State(state): State<AppState>,
    me: MemberAuth,
) -> ApiResult<(StatusCode, Json<api::PaymentCode>)> {
    let code = new_payment_code();
    let now = state.clock.now();
    let expires_at = now + CODE_SECS;
    state
        .store
        .create_payment_code(
            &me.brand,
            &me.member_id,
            &code_hash(&state, &me.brand, &code),
            now,
            expires_at,
        )
        .await?;
    let qr_svg = crate::totp::qr_svg(&code).ok_or_else(ApiError::internal)?;
    Ok((
        StatusCode::CREATED,
        Json(api::PaymentCode {
            code,
            qr_svg,
            expires_at,
        }),
    ))
}

/// 18 digits: `88` and 16 random ones (about 53 bits; a code lives five
/// minutes and is spent by its first use).
fn new_payment_code() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    let mut code = String::from("88");
    // 256 % 10 = 6: a tiny bias towards 0–5, irrelevant for a one-time code.
    code.extend(bytes.iter().map(|b| char::from(b'0' + b % 10)));
    code
}

/// The stored form of a payment code: keyed by the server's secret, so a
/// copy of the table gives no code away.
fn code_hash(state: &AppState, brand: &str, code: &str) -> String {
    state.client_key.hash(&["payment-code", brand, code])
}

/// A payment code as a till sends it: 18 digits, spaces allowed.
fn parse_code(raw: &str) -> ApiResult<String> {
    let code: String = raw.chars().filter(|c| *c != ' ').collect();
    if code.len() == 18 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(ApiError::invalid(ErrorCode::PaymentCodeInvalid))
    }
}

/// Holds the member's points against an order with their payment code;
/// the answer's `discount_fen` is what to take off the order. Signed with
/// a brand API key.
#[utoipa::path(post, path = "/api/v1/checkout/holds", tag = "checkout", security(("brand_signature" = [])),
    request_body = api::HoldRequest,
    responses((status = 201, body = api::HoldView), (status = 401, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn create_hold(
    State(state): State<AppState>,
    key: BrandKey,
    Json(req): Json<api::HoldRequest>,
) -> ApiResult<(StatusCode, Json<api::HoldView>)> {
    let code = parse_code(&req.code)?;
    let order_ref = super::input::text(&req.order_ref, 64)?;
    if !(1..=MAX_ORDER_FEN).contains(&req.amount_fen) {
        return Err(ApiError::invalid(ErrorCode::OrderAmountInvalid));
    }
    let now = state.clock.now();
    let id = store::new_id();
    let hold = state
        .store
        .create_hold(&store::NewHold {
            brand_id: &key.brand,
            id: &id,
            code_hash: &code_hash(&state, &key.brand, &code),
            key_id: &key.key_id,
            order_ref: &order_ref,
            order_fen: req.amount_fen,
            at: now,
            expires_at: now + HOLD_SECS,
        })
        .await
        .map_err(|e| match e {
            store::StoreError::NotFound => ApiError::invalid(ErrorCode::PaymentCodeUnknown),
            e => e.into(),
        })?;
    Ok((StatusCode::CREATED, Json(views::hold(hold))))
}

/// A hold of the key's brand.
#[utoipa::path(get, path = "/api/v1/checkout/holds/{id}", tag = "checkout", security(("brand_signature" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::HoldView), (status = 401, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
async fn hold(
    State(state): State<AppState>,
    key: BrandKey,
    Path(id): Path<String>,
) -> ApiResult<Json<api::HoldView>> {
    Ok(Json(views::hold(state.store.hold(&key.brand, &id).await?)))
}

/// Takes the held points: the order was paid. Capturing again answers the
/// same hold.
#[utoipa::path(post, path = "/api/v1/checkout/holds/{id}/capture", tag = "checkout", security(("brand_signature" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::HoldView), (status = 401, body = api::ErrorBody), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn capture(
    State(state): State<AppState>,
    key: BrandKey,
    Path(id): Path<String>,
) -> ApiResult<Json<api::HoldView>> {
    let by = format!("api_key:{}", key.key_id);
    let h = state
        .store
        .capture_hold(&key.brand, &id, &by, state.clock.now())
        .await?;
    Ok(Json(views::hold(h)))
}

/// Gives the held points back: the order was not paid with them.
#[utoipa::path(post, path = "/api/v1/checkout/holds/{id}/release", tag = "checkout", security(("brand_signature" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::HoldView), (status = 401, body = api::ErrorBody), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn release(
    State(state): State<AppState>,
    key: BrandKey,
    Path(id): Path<String>,
) -> ApiResult<Json<api::HoldView>> {
    let by = format!("api_key:{}", key.key_id);
    let h = state
        .store
        .release_hold(&key.brand, &id, &by, state.clock.now())
        .await?;
    Ok(Json(views::hold(h)))
}

/// Returns captured points to the member: the order was refunded.
#[utoipa::path(post, path = "/api/v1/checkout/holds/{id}/refund", tag = "checkout", security(("brand_signature" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::HoldView), (status = 401, body = api::ErrorBody), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn refund(
    State(state): State<AppState>,
    key: BrandKey,
    Path(id): Path<String>,
) -> ApiResult<Json<api::HoldView>> {
    let by = format!("api_key:{}", key.key_id);
    let h = state
        .store
        .refund_hold(&key.brand, &id, &by, state.clock.now())
        .await?;
    Ok(Json(views::hold(h)))
}

/// One round of the time-out job: releases holds past their time and
/// forgets old signatures and expired payment codes. Safe to run twice,
/// or in several processes at once.
pub async fn timeouts_once(store: &dyn Store, now: i64) -> store::Result<u64> {
    let released = store.release_expired_holds(now).await?;
    store
        .purge_checkout(now, now - signed::REMEMBER_SECS)
        .await?;
    Ok(released)
}

/// Runs [`timeouts_once`] every [`TIMEOUT_EVERY`] while the server runs.
pub fn spawn_timeouts(store: Arc<dyn Store>, clock: crate::time::Clock) {
    tokio::spawn(async move {
        loop {
            match timeouts_once(store.as_ref(), clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(holds = n, "checkout holds released after their time-out"),
                Err(e) => tracing::warn!(error = %e, "checkout time-out job"),
            }
            tokio::time::sleep(TIMEOUT_EVERY).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_codes_are_18_digits() {
        let a = new_payment_code();
        assert_eq!(a.len(), 18);
        assert!(a.starts_with("88") && a.bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(a, new_payment_code());
        assert_eq!(
            parse_code("8812 3456 7890 1234 56").unwrap(),
            "881234567890123456"
        );
        for bad in [
            "",
            "88123",
            "88123456789012345x",
            "8812345678901234567",
            "８８1234567890123456",
        ] {
            assert!(parse_code(bad).is_err(), "{bad}");
        }
    }
}

/// A voucher's code as typed at a till: the ten characters the catalogue
/// issues (`ABCDEFGHJKMNPQRSTUVWXYZ23456789`), case, spaces and dashes
/// aside.
fn parse_voucher_code(raw: &str) -> ApiResult<String> {
    const ALPHABET: &str = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let code: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.len() == 10 && code.chars().all(|c| ALPHABET.contains(c)) {
        Ok(code)
    } else {
        Err(ApiError::invalid(ErrorCode::VoucherCodeInvalid))
    }
}

/// Uses a member's checkout voucher on an order: the answer's
/// `voucher_fen` is what to take off. Using it again for the same order
/// answers the same; for another order, 409 `voucher_used`. Signed with a
/// brand API key.
#[utoipa::path(post, path = "/api/v1/checkout/vouchers", tag = "checkout", security(("brand_signature" = [])),
    request_body = api::VoucherUseRequest,
    responses((status = 200, body = api::VoucherUsed), (status = 401, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn use_voucher(
    State(state): State<AppState>,
    key: BrandKey,
    Json(req): Json<api::VoucherUseRequest>,
) -> ApiResult<Json<api::VoucherUsed>> {
    let code = parse_voucher_code(&req.code)?;
    let order_ref = super::input::text(&req.order_ref, 64)?;
    let used = state
        .store
        .use_voucher(&key.brand, &code, &order_ref, state.clock.now())
        .await
        .map_err(|e| match e {
            store::StoreError::NotFound => ApiError::invalid(ErrorCode::VoucherUnknown),
            e => e.into(),
        })?;
    Ok(Json(api::VoucherUsed {
        redemption_id: used.redemption_id,
        title: used.title,
        voucher_fen: used.voucher_fen,
        used_at: used.used_at,
    }))
}
