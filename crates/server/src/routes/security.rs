//! Operators' account security: an operator changes their password (with
//! the current one; their other sessions end), sets up a TOTP second
//! factor (QR code, a first code to confirm, recovery codes shown once) or
//! turns it off; the log-in's second step; an owner makes a one-time reset
//! link for an operator (the old password works until the link is used),
//! removes an operator's lost second factor, and requires one of every
//! owner. The reset link's public side sets the new password.
//!
//! Every code check is throttled per operator like log-ins
//! (`crate::throttle`), and a log-in step also dies after
//! `store::LOGIN_STEP_TRIES` codes: its tries are reserved in the database
//! before the code is checked.

use super::session::{operator_signed_in, too_many};
use super::{Json, recruitment::origin_of};
use crate::AppState;
use crate::auth::{self, OperatorAuth, Perm, SessionKind};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::{throttle, totp};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum_extra::extract::CookieJar;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(change_password))
        .routes(routes!(second_factor, enrol, turn_off))
        .routes(routes!(confirm))
        .routes(routes!(second_step))
        .routes(routes!(set_policy))
        .routes(routes!(reset_link))
        .routes(routes!(remove_second_factor))
        .routes(routes!(reset_view, reset_password))
}

/// How long the step between password and code lives, seconds.
pub const STEP_SECS: i64 = 5 * 60;
/// How long a reset link lives, seconds.
const RESET_SECS: i64 = 24 * 3600;

fn wrong_code() -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::SecondFactorWrong)
}

/// Checks `code` (a 6-digit code or a recovery code) against the
/// operator's confirmed second factor, using it up. `None` if it is not
/// right; else how it was proven (`totp`, `recovery_code`).
async fn prove(
    state: &AppState,
    brand: &str,
    operator: &str,
    code: &str,
) -> ApiResult<Option<&'static str>> {
    let Some(t) = state
        .store
        .operator_totp(brand, operator)
        .await?
        .filter(|t| t.confirmed_at.is_some())
    else {
        return Ok(None);
    };
    let now = state.clock.now();
    if totp::is_recovery_code(code) {
        let hash = totp::recovery_hash(code);
        return Ok(state
            .store
            .use_recovery_code(brand, operator, &hash, now)
            .await?
            .then_some("recovery_code"));
    }
    match totp::check(&t.secret, code, now) {
        Some(step) => Ok(state
            .store
            .use_totp_step(brand, operator, step)
            .await?
            .then_some("totp")),
        None => Ok(None),
    }
}

/// The throttle key of an operator's code checks.
fn code_key(brand: &str, operator: &str) -> String {
    format!("code:{brand}:{operator}")
}

/// Changes the caller's password; their other sessions end (this one
/// stays). The current password is checked (throttled like log-ins).
#[utoipa::path(post, path = "/api/v1/admin/me/password", tag = "admin", security(("operator_session" = ["read"])),
    request_body = api::PasswordChange,
    responses((status = 204), (status = 401, body = api::ErrorBody), (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    op: OperatorAuth,
    jar: CookieJar,
    Json(form): Json<api::PasswordChange>,
) -> ApiResult<StatusCode> {
    let key = format!("password:{}:{}", op.brand, op.operator_id);
    if state.throttle.reserve(&key, state.clock.now()).is_err() {
        return Err(too_many());
    }
    let me = state.store.operator(&op.brand, &op.operator_id).await?;
    if !state
        .passwords
        .verify(&form.current_password, &me.password_hash)
        .await?
    {
        return Err(ApiError::invalid(ErrorCode::PasswordMismatch));
    }
    state.throttle.succeeded(&key);
    auth::check_new_password(&form.new_password)?;
    let hash = state.passwords.hash(&form.new_password).await?;
    let keep = jar
        .get(auth::OPERATOR_COOKIE)
        .map(|c| auth::token_hash(c.value()));
    state
        .store
        .set_operator_password(
            &op.brand,
            &op.operator_id,
            &hash,
            keep.as_deref(),
            state.clock.now(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's second factor: on or not, recovery codes left, and whether
/// the brand requires one of its owners.
#[utoipa::path(get, path = "/api/v1/admin/me/totp", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = api::SecondFactorView), (status = 401, body = api::ErrorBody)))]
async fn second_factor(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<api::SecondFactorView>> {
    let enabled = auth::has_second_factor(&state, &op.brand, &op.operator_id).await?;
    Ok(Json(api::SecondFactorView {
        enabled,
        recovery_codes_left: if enabled {
            state
                .store
                .recovery_codes_left(&op.brand, &op.operator_id)
                .await?
        } else {
            0
        },
        owners_need_totp: state.store.owners_need_totp(&op.brand).await?,
    }))
}

/// Starts setting up a second factor: a new secret, shown once as text and
/// as a QR code for the authenticator app. Nothing changes until a first
/// code confirms it.
#[utoipa::path(post, path = "/api/v1/admin/me/totp", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 201, body = api::TotpEnrolment), (status = 409, body = api::ErrorBody)))]
async fn enrol(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<(StatusCode, Json<api::TotpEnrolment>)> {
    let me = state.store.operator(&op.brand, &op.operator_id).await?;
    let b = state.store.brand(&op.brand).await?;
    let secret = totp::new_secret();
    state
        .store
        .start_totp(&store::OperatorTotp {
            brand_id: op.brand.clone(),
            operator_id: op.operator_id.clone(),
            secret: secret.clone(),
            created_at: state.clock.now(),
            confirmed_at: None,
            last_step: 0,
        })
        .await?;
    let issuer = format!("Seedbed {}", b.name);
    let url = totp::otpauth_url(&secret, &issuer, &me.email).ok_or_else(ApiError::internal)?;
    let svg = totp::qr_svg(&url).ok_or_else(ApiError::internal)?;
    Ok((
        StatusCode::CREATED,
        Json(api::TotpEnrolment {
            secret,
            otpauth_url: url,
            qr_svg: svg,
        }),
    ))
}

/// Confirms the second factor with a first code from the app; answers the
/// recovery codes, shown this once.
#[utoipa::path(post, path = "/api/v1/admin/me/totp/confirm", tag = "admin", security(("operator_session" = ["read"])),
    request_body = api::TotpCode,
    responses((status = 200, body = api::RecoveryCodes), (status = 401, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn confirm(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::TotpCode>,
) -> ApiResult<Json<api::RecoveryCodes>> {
    let t = match state
        .store
        .operator_totp(&op.brand, &op.operator_id)
        .await?
    {
        None => return Err(ApiError::conflict(ErrorCode::TotpNotStarted)),
        Some(t) if t.confirmed_at.is_some() => {
            return Err(ApiError::conflict(ErrorCode::TotpEnrolled));
        }
        Some(t) => t,
    };
    let key = code_key(&op.brand, &op.operator_id);
    let now = state.clock.now();
    if state.throttle.reserve(&key, now).is_err() {
        return Err(too_many());
    }
    let Some(step) = totp::check(&t.secret, &form.code, now) else {
        return Err(ApiError::invalid(ErrorCode::SecondFactorWrong));
    };
    state.throttle.succeeded(&key);
    let (codes, hashes) = totp::new_recovery_codes();
    state
        .store
        .confirm_totp(&op.brand, &op.operator_id, &t.secret, step, &hashes, now)
        .await?;
    Ok(Json(api::RecoveryCodes { codes }))
}

/// Turns the caller's second factor off (their password confirms it). An
/// owner of a brand that requires one cannot.
#[utoipa::path(delete, path = "/api/v1/admin/me/totp", tag = "admin", security(("operator_session" = ["read"])),
    request_body = api::TotpOff,
    responses((status = 204), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn turn_off(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::TotpOff>,
) -> ApiResult<StatusCode> {
    let key = format!("password:{}:{}", op.brand, op.operator_id);
    if state.throttle.reserve(&key, state.clock.now()).is_err() {
        return Err(too_many());
    }
    let me = state.store.operator(&op.brand, &op.operator_id).await?;
    if !state
        .passwords
        .verify(&form.password, &me.password_hash)
        .await?
    {
        return Err(ApiError::invalid(ErrorCode::PasswordMismatch));
    }
    state.throttle.succeeded(&key);
    if me.role == auth::Role::Owner && state.store.owners_need_totp(&op.brand).await? {
        return Err(ApiError::conflict(ErrorCode::TotpRequiredByBrand));
    }
    state
        .store
        .remove_totp(
            &op.brand,
            &op.operator_id,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The log-in's second step: the token from the 202 answer and a code from
/// the app (or a recovery code). Five codes per step at most, and the
/// operator's codes are throttled across steps.
#[utoipa::path(post, path = "/api/v1/admin/session/second-factor", tag = "admin", security(()),
    request_body = api::SecondFactorForm,
    responses((status = 200, body = api::OperatorMe), (status = 401, body = api::ErrorBody), (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn second_step(
    State(state): State<AppState>,
    jar: CookieJar,
    Json(form): Json<api::SecondFactorForm>,
) -> ApiResult<(CookieJar, Json<api::OperatorMe>)> {
    let expired = || ApiError::invalid(ErrorCode::LoginStepExpired);
    if form.brand.len() > 64 || form.step_token.len() > 128 || form.code.len() > 64 {
        return Err(expired());
    }
    let now = state.clock.now();
    let hash = auth::token_hash(&form.step_token);
    let step = match state
        .store
        .reserve_login_step(&form.brand, &hash, now)
        .await
    {
        Ok(s) => s,
        Err(store::StoreError::NotFound) => return Err(expired()),
        Err(e) => return Err(e.into()),
    };
    let key = code_key(&step.brand_id, &step.operator_id);
    if state.throttle.reserve(&key, now).is_err() {
        return Err(too_many());
    }
    let Some(how) = prove(&state, &step.brand_id, &step.operator_id, &form.code).await? else {
        return Err(wrong_code());
    };
    state.throttle.succeeded(&key);
    state.store.delete_login_step(&step.brand_id, &hash).await?;
    let op = state
        .store
        .operator(&step.brand_id, &step.operator_id)
        .await?;
    if let Some(k) = throttle::operator_key(&op.email) {
        state.throttle.succeeded(&k);
    }
    let (jar, me) = operator_signed_in(&state, jar, &op, Some(how)).await?;
    Ok((jar, Json(me)))
}

/// The brand's security rules: requiring a second factor of every owner
/// needs the caller to have one (else they would lock themselves out).
#[utoipa::path(put, path = "/api/v1/admin/security", tag = "admin", security(("operator_session" = ["manage"])),
    request_body = api::SecurityPolicy,
    responses((status = 200, body = api::SecurityPolicy), (status = 403, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn set_policy(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::SecurityPolicy>,
) -> ApiResult<Json<api::SecurityPolicy>> {
    op.require(Perm::Manage)?;
    if form.owners_need_totp && !auth::has_second_factor(&state, &op.brand, &op.operator_id).await?
    {
        return Err(ApiError::conflict(ErrorCode::TotpNotEnrolled));
    }
    state
        .store
        .set_owners_need_totp(
            &op.brand,
            form.owners_need_totp,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(api::SecurityPolicy {
        owners_need_totp: state.store.owners_need_totp(&op.brand).await?,
    }))
}

/// An owner's tools for others' accounts are not for their own: those
/// changes go through the account page, which asks for the password (a
/// stolen session alone must not replace the password or drop the second
/// factor).
fn not_oneself(op: &OperatorAuth, id: &str) -> ApiResult<()> {
    if id == op.operator_id {
        return Err(ApiError::conflict(ErrorCode::OwnAccountPage));
    }
    Ok(())
}

/// Makes a one-time link for an operator to set a new password (valid 24
/// hours; shown once and, with SMTP configured, mailed through the outbox,
/// like an invitation). Their current password works until the link is
/// used; a newer link replaces an unused one.
#[utoipa::path(post, path = "/api/v1/admin/operators/{id}/password-reset", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path)),
    responses((status = 201, body = api::ResetLinkView), (status = 404, body = api::ErrorBody)))]
async fn reset_link(
    State(state): State<AppState>,
    op: OperatorAuth,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<api::ResetLinkView>)> {
    op.require(Perm::Manage)?;
    not_oneself(&op, &id)?;
    let target = state.store.operator(&op.brand, &id).await?;
    let b = state.store.brand(&op.brand).await?;
    let (token, hash) = auth::new_token();
    let now = state.clock.now();
    let link = format!(
        "{}/admin/reset?b={}&t={token}",
        origin_of(&state, &b, &headers),
        op.brand
    );
    let mail = state.config.smtp_url.is_some().then(|| store::OutboxMail {
        brand_id: op.brand.clone(),
        id: store::new_id(),
        to_addr: target.email.clone(),
        subject: format!("{} 运营后台：重置密码 / reset your password", b.name),
        body: format!(
            "你好！{} 的所有者为你生成了重置密码链接（24 小时内有效，仅可使用一次；使用前旧密码仍然有效）：\n{link}\n\n\
             Hello! An owner of {} made you a link to set a new password (valid 24 hours, once; your old password works until it is used):\n{link}\n",
            b.name, b.name
        ),
        created_at: now,
        sent_at: None,
        attempts: 0,
        last_error: None,
    });
    let reset = store::PasswordReset {
        brand_id: op.brand.clone(),
        token_hash: hash,
        operator_id: id,
        created_by: op.operator_id.clone(),
        created_at: now,
        expires_at: now + RESET_SECS,
        used_at: None,
    };
    state
        .store
        .create_password_reset(&reset, mail.as_ref())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(api::ResetLinkView {
            link,
            expires_at: reset.expires_at,
            mailed: mail.is_some(),
        }),
    ))
}

/// Removes an operator's second factor (a lost phone and lost recovery
/// codes): they log in with their password alone and set up a new one.
#[utoipa::path(delete, path = "/api/v1/admin/operators/{id}/second-factor", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = api::ErrorBody)))]
async fn remove_second_factor(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    op.require(Perm::Manage)?;
    not_oneself(&op, &id)?;
    state.store.operator(&op.brand, &id).await?;
    state
        .store
        .remove_totp(&op.brand, &id, &op.operator_id, state.clock.now())
        .await?;
    // Their sessions end: whoever holds them proved the factor now removed.
    state
        .store
        .delete_sessions_of(&op.brand, SessionKind::Operator.name(), &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What a reset link opens (no session needed: the token is the key).
#[utoipa::path(get, path = "/api/v1/brands/{brand}/password-resets/{id}", tag = "public", security(()),
    params(("brand" = String, Path), ("id" = String, Path, description = "The token from the link")),
    responses((status = 200, body = api::PasswordResetView), (status = 404, body = api::ErrorBody)))]
async fn reset_view(
    State(state): State<AppState>,
    Path((brand, token)): Path<(String, String)>,
) -> ApiResult<Json<api::PasswordResetView>> {
    let b = state.store.brand(&brand).await?;
    let r = state
        .store
        .password_reset(&b.id, &auth::token_hash(&token))
        .await?;
    let op = state.store.operator(&b.id, &r.operator_id).await?;
    Ok(Json(api::PasswordResetView {
        brand_name: b.name,
        email: op.email,
        usable: r.used_at.is_none() && r.expires_at > state.clock.now(),
    }))
}

/// Uses a reset link: the new password replaces the old one at once, and
/// every session of the operator ends. No session starts here: the
/// operator logs in (with their second factor, if they have one).
#[utoipa::path(post, path = "/api/v1/brands/{brand}/password-resets/{id}", tag = "public", security(()),
    params(("brand" = String, Path), ("id" = String, Path, description = "The token from the link")),
    request_body = api::NewPassword,
    responses((status = 204), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn reset_password(
    State(state): State<AppState>,
    Path((brand, token)): Path<(String, String)>,
    Json(form): Json<api::NewPassword>,
) -> ApiResult<StatusCode> {
    auth::check_new_password(&form.password)?;
    let b = state.store.brand(&brand).await?;
    let token_hash = auth::token_hash(&token);
    // Unknown links are 404 before any hashing is spent on them.
    state.store.password_reset(&b.id, &token_hash).await?;
    let hash = state.passwords.hash(&form.password).await?;
    let op = state
        .store
        .use_password_reset(&b.id, &token_hash, &hash, state.clock.now())
        .await?;
    if let Some(k) = throttle::operator_key(&op.email) {
        state.throttle.succeeded(&k);
    }
    Ok(StatusCode::NO_CONTENT)
}
