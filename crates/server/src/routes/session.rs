//! Logging in and out, for members (`/api/v1/brands/{brand}/session`,
//! `/api/v1/me/session(s)`) and operators (`/api/v1/admin/session(s)`), and
//! the operator's own "who am I". Signing up starts a member's first session.

use super::{Json, views};
use crate::auth::{self, MemberAuth, OperatorAuth, SessionKind};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::{AppState, throttle};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use rules::Phone;
use rules::words::CodePurpose;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_up))
        .routes(routes!(member_log_in))
        .routes(routes!(member_log_out))
        .routes(routes!(member_log_out_everywhere))
        .routes(routes!(operator_log_in))
        .routes(routes!(operator_log_out))
        .routes(routes!(operator_log_out_everywhere))
        .routes(routes!(operator_me))
}

/// Registers a consumer with a brand and starts a session. The phone must
/// be proven with a sign-up code (`POST /api/v1/brands/{brand}/codes`);
/// a phone that has an account never receives one, so this answers
/// `code_invalid` for it like for any wrong code: no answer says whether
/// a phone is registered.
#[utoipa::path(post, path = "/api/v1/brands/{brand}/members", tag = "member", security(()),
    params(("brand" = String, Path)),
    request_body = api::MemberSignUp,
    responses((status = 201, body = api::MemberMe), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn sign_up(
    State(state): State<AppState>,
    Path(brand): Path<String>,
    jar: CookieJar,
    Json(input): Json<api::MemberSignUp>,
) -> ApiResult<(StatusCode, CookieJar, Json<api::MemberMe>)> {
    let phone = Phone::parse(&input.phone).map_err(|e| ApiError::invalid(e.into()))?;
    auth::check_new_password(&input.password)?;
    let b = state.store.brand(&brand).await?;
    super::codes::check_code(&state, &b.id, &phone, CodePurpose::SignUp, &input.code).await?;
    let member = store::Member {
        brand_id: b.id.clone(),
        id: store::new_id(),
        phone: phone.as_str().into(),
        password_hash: state.passwords.hash(&input.password).await?,
        created_at: state.clock.now(),
    };
    // Taken only when the phone registered after its code was sent (or a
    // guess hit the decoy code of a registered phone): answered like any
    // wrong code, so this answer never says whether a phone is registered.
    match state.store.create_member(&member).await {
        Ok(()) => {}
        Err(store::StoreError::Conflict("phone_taken")) => {
            return Err(ApiError::invalid(ErrorCode::CodeInvalid));
        }
        Err(e) => return Err(e.into()),
    }
    let jar = auth::start_session(&state, jar, SessionKind::Member, &b.id, &member.id).await?;
    Ok((
        StatusCode::CREATED,
        jar,
        Json(views::member_me(&state, &b.id, &member.id).await?),
    ))
}

#[utoipa::path(post, path = "/api/v1/brands/{brand}/session", tag = "member", security(()),
    params(("brand" = String, Path)),
    request_body = api::MemberCredentials,
    responses((status = 200, body = api::MemberMe), (status = 401, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn member_log_in(
    State(state): State<AppState>,
    Path(brand): Path<String>,
    jar: CookieJar,
    Json(input): Json<api::MemberCredentials>,
) -> ApiResult<(CookieJar, Json<api::MemberMe>)> {
    let b = state.store.brand(&brand).await?;
    // Keyed on the normalised phone: every spelling of one number shares
    // one count. Text that is no phone names no account: refused at once.
    let Some(account) = throttle::member_key(&b.id, &input.phone) else {
        return Err(wrong_credentials());
    };
    let now = state.clock.now();
    if state.throttle.reserve(&account, now).is_err() {
        return Err(too_many());
    }
    let found = match Phone::parse(&input.phone) {
        Ok(phone) => match state.store.member_by_phone(&b.id, phone.as_str()).await {
            Ok(m) => Some(m),
            Err(store::StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        Err(_) => None,
    };
    let hash = found
        .as_ref()
        .map_or(&*state.dummy_hash, |m| m.password_hash.as_str());
    let ok = state.passwords.verify(&input.password, hash).await?;
    let Some(member) = found.filter(|_| ok) else {
        return Err(wrong_credentials());
    };
    state.throttle.succeeded(&account);
    let jar = auth::start_session(&state, jar, SessionKind::Member, &b.id, &member.id).await?;
    Ok((
        jar,
        Json(views::member_me(&state, &b.id, &member.id).await?),
    ))
}

/// Ends the member session (the cookie and the stored session).
#[utoipa::path(delete, path = "/api/v1/me/session", tag = "member", security(()),
    responses((status = 204)))]
async fn member_log_out(
    State(state): State<AppState>,
    jar: CookieJar,
) -> ApiResult<(StatusCode, CookieJar)> {
    let jar = auth::end_session(&state, jar, SessionKind::Member).await?;
    Ok((StatusCode::NO_CONTENT, jar))
}

/// Ends every session of the caller on every device (a lost phone, a
/// shared computer).
#[utoipa::path(delete, path = "/api/v1/me/sessions", tag = "member", security(("member_session" = [])),
    responses((status = 204), (status = 401, body = api::ErrorBody)))]
async fn member_log_out_everywhere(
    State(state): State<AppState>,
    _caller: MemberAuth,
    jar: CookieJar,
) -> ApiResult<(StatusCode, CookieJar)> {
    let jar = auth::end_all_sessions(&state, jar, SessionKind::Member).await?;
    Ok((StatusCode::NO_CONTENT, jar))
}

/// An operator logs in with e-mail and password. With a second factor on,
/// the answer is 202 with a short-lived step token instead of a session:
/// the code follows to `POST /api/v1/admin/session/second-factor`.
#[utoipa::path(post, path = "/api/v1/admin/session", tag = "admin", security(()),
    request_body = api::OperatorCredentials,
    responses((status = 200, body = api::OperatorMe), (status = 202, body = api::SecondFactorNeeded), (status = 401, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn operator_log_in(
    State(state): State<AppState>,
    jar: CookieJar,
    Json(input): Json<api::OperatorCredentials>,
) -> ApiResult<Response> {
    // Keyed on the normalised e-mail; an address too long to be one names
    // no account and is refused at once.
    let (Some(email), Some(account)) = (
        throttle::normalise_email(&input.email),
        throttle::operator_key(&input.email),
    ) else {
        return Err(wrong_credentials());
    };
    let now = state.clock.now();
    if state.throttle.reserve(&account, now).is_err() {
        return Err(too_many());
    }
    let mut candidates = state.store.operators_by_email(&email).await?;
    if let Some(brand) = &input.brand {
        candidates.retain(|o| &o.brand_id == brand);
    }
    if candidates.is_empty() {
        state
            .passwords
            .verify(&input.password, &state.dummy_hash)
            .await?;
        return Err(wrong_credentials());
    }
    let mut matching = Vec::new();
    for o in candidates {
        if state
            .passwords
            .verify(&input.password, &o.password_hash)
            .await?
        {
            matching.push(o);
        }
    }
    let op = match matching.as_slice() {
        [] => return Err(wrong_credentials()),
        [op] => op.clone(),
        _ => {
            state.throttle.succeeded(&account);
            return Err(ApiError::conflict(ErrorCode::BrandRequired));
        }
    };
    state.throttle.succeeded(&account);
    if auth::has_second_factor(&state, &op.brand_id, &op.id).await? {
        let (token, hash) = auth::new_token();
        state
            .store
            .create_login_step(&store::LoginStep {
                brand_id: op.brand_id.clone(),
                token_hash: hash,
                operator_id: op.id.clone(),
                created_at: now,
                expires_at: now + super::security::STEP_SECS,
                attempts: 0,
            })
            .await?;
        return Ok((
            StatusCode::ACCEPTED,
            Json(api::SecondFactorNeeded {
                step_token: token,
                brand: op.brand_id,
                expires_in: super::security::STEP_SECS,
            }),
        )
            .into_response());
    }
    let (jar, me) = operator_signed_in(&state, jar, &op, None).await?;
    Ok((jar, Json(me)).into_response())
}

/// Starts an operator's session after every factor was checked, with the
/// log-in's audit line.
pub(super) async fn operator_signed_in(
    state: &AppState,
    jar: CookieJar,
    op: &store::Operator,
    second_factor: Option<&str>,
) -> ApiResult<(CookieJar, api::OperatorMe)> {
    let jar = auth::start_session(state, jar, SessionKind::Operator, &op.brand_id, &op.id).await?;
    let mut audit = store::AuditEntry::operator(
        &op.brand_id,
        &op.id,
        "session.login",
        ("operator", &op.id),
        state.clock.now(),
    );
    if let Some(how) = second_factor {
        audit = audit.after(serde_json::json!({ "second_factor": how }));
    }
    state.store.record_audit(&audit).await?;
    Ok((jar, views::operator_me(state, &op.brand_id, &op.id).await?))
}

fn wrong_credentials() -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials)
}

pub(super) fn too_many() -> ApiError {
    ApiError::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::TooManyAttempts)
}

#[utoipa::path(delete, path = "/api/v1/admin/session", tag = "admin", security(()), responses((status = 204)))]
async fn operator_log_out(
    State(state): State<AppState>,
    jar: CookieJar,
) -> ApiResult<(StatusCode, CookieJar)> {
    let jar = auth::end_session(&state, jar, SessionKind::Operator).await?;
    Ok((StatusCode::NO_CONTENT, jar))
}

/// Ends every session of the caller on every device (a lost phone, a
/// shared computer).
#[utoipa::path(delete, path = "/api/v1/admin/sessions", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 204), (status = 401, body = api::ErrorBody)))]
async fn operator_log_out_everywhere(
    State(state): State<AppState>,
    caller: OperatorAuth,
    jar: CookieJar,
) -> ApiResult<(StatusCode, CookieJar)> {
    let jar = auth::end_all_sessions(&state, jar, SessionKind::Operator).await?;
    let me = ("operator", caller.operator_id.as_str());
    caller.audit(&state, "session.logout_all", me, None).await?;
    Ok((StatusCode::NO_CONTENT, jar))
}

#[utoipa::path(get, path = "/api/v1/admin/me", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = api::OperatorMe), (status = 401, body = api::ErrorBody)))]
async fn operator_me(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<api::OperatorMe>> {
    Ok(Json(
        views::operator_me(&state, &op.brand, &op.operator_id).await?,
    ))
}
