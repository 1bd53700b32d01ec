//! Logging in and out, for members (`/api/v1/brands/{brand}/session`,
//! `/api/v1/me/session(s)`) and operators (`/api/v1/admin/session(s)`), and
//! the operator's own "who am I". Signing up starts a member's first session.

use super::{Json, views};
use crate::AppState;
use crate::auth::{self, MemberAuth, OperatorAuth, SessionKind};
use crate::error::{ApiError, ApiResult, ErrorCode};
use axum::extract::{Path, State};
use axum::http::StatusCode;
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
        password_hash: auth::hash_password(&input.password),
        created_at: state.clock.now(),
    };
    // `phone_taken` only when the phone registered after its code was
    // sent: the caller holds that phone's code, so nothing is disclosed.
    state.store.create_member(&member).await?;
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
    let account = format!("member:{}:{}", b.id, input.phone.trim());
    let now = state.clock.now();
    if !state.throttle.allowed(&account, now) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyAttempts,
        ));
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
    let ok = auth::verify_password(&input.password, hash);
    let Some(member) = found.filter(|_| ok) else {
        state.throttle.failed(&account, now);
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidCredentials,
        ));
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

#[utoipa::path(post, path = "/api/v1/admin/session", tag = "admin", security(()),
    request_body = api::OperatorCredentials,
    responses((status = 200, body = api::OperatorMe), (status = 401, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn operator_log_in(
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
            ErrorCode::TooManyAttempts,
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
            ErrorCode::InvalidCredentials,
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
                ErrorCode::InvalidCredentials,
            ));
        }
        [op] => op.clone(),
        _ => return Err(ApiError::conflict(ErrorCode::BrandRequired)),
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
    Ok((
        jar,
        Json(views::operator_me(&state, &op.brand_id, &op.id).await?),
    ))
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
