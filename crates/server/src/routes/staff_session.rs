//! The staff app's session (issue 17): a KOS staff member signs in by
//! phone with a password or an SMS code (`staff_log_in`), reads who they
//! are, and signs out. Staff who have left cannot sign in, and their
//! sessions end when they leave (`StaffAuth` also refuses them).

use super::Json;
use crate::auth::{self, SessionKind, StaffAuth};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::{AppState, throttle};
use axum::extract::{Path, State};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum_extra::extract::CookieJar;
use rules::Phone;
use rules::words::CodePurpose;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(staff_log_in))
        .routes(routes!(staff_code))
        .routes(routes!(staff_log_out))
        .routes(routes!(staff_me))
}

/// A staff member signs in with their phone and either their password or
/// a log-in code. Wrong phone, password or code: the same 401 for all
/// (a code: `code_invalid`, 422, as for members), five tries in 15
/// minutes per phone.
#[utoipa::path(post, path = "/api/v1/brands/{brand}/staff/session", tag = "staff", security(()),
    params(("brand" = String, Path)),
    request_body = api::StaffCredentials,
    responses((status = 200, body = api::StaffMe), (status = 401, body = api::ErrorBody),
        (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn staff_log_in(
    State(state): State<AppState>,
    Path(brand): Path<String>,
    jar: CookieJar,
    Json(input): Json<api::StaffCredentials>,
) -> ApiResult<(CookieJar, Json<api::StaffMe>)> {
    let b = state.store.brand(&brand).await?;
    let Some(account) = throttle::staff_key(&b.id, &input.phone) else {
        return Err(wrong_credentials());
    };
    let now = state.clock.now();
    if state.throttle.reserve(&account, now).is_err() {
        return Err(super::session::too_many());
    }
    let phone = Phone::parse(&input.phone).map_err(|e| ApiError::invalid(e.into()))?;
    let found = match state.store.staff_by_phone(&b.id, phone.as_str()).await {
        Ok(p) if p.left_on.is_none() => Some(p),
        Ok(_) | Err(store::StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let staff = match (&input.password, &input.code) {
        (Some(password), None) => {
            let hash = found
                .as_ref()
                .and_then(|p| p.password_hash.as_deref())
                .unwrap_or(&state.dummy_hash);
            let ok = state.passwords.verify(password, hash).await?;
            let with_password = found.filter(|p| p.password_hash.is_some());
            with_password.filter(|_| ok).ok_or_else(wrong_credentials)?
        }
        (None, Some(code)) => {
            super::codes::check_code(&state, &b.id, &phone, CodePurpose::StaffLogIn, code).await?;
            found.ok_or_else(|| ApiError::invalid(ErrorCode::CodeInvalid))?
        }
        _ => return Err(ApiError::invalid(ErrorCode::StaffCredentialsShape)),
    };
    state.throttle.succeeded(&account);
    let jar = auth::start_session(&state, jar, SessionKind::Staff, &b.id, &staff.id).await?;
    Ok((jar, Json(staff_me_of(&state, &b.id, &staff.id).await?)))
}

/// Sends a log-in code to a staff member's phone. The answer is the same
/// whether or not the phone is the brand's staff (a code is sent only if
/// it is); the same limits as members' codes.
#[utoipa::path(post, path = "/api/v1/brands/{brand}/staff/session/code", tag = "staff", security(()),
    params(("brand" = String, Path)),
    request_body = api::StaffCodeRequest,
    responses((status = 202, body = api::CodeSent), (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn staff_code(
    state: State<AppState>,
    brand: Path<String>,
    headers: HeaderMap,
    extensions: Extensions,
    Json(input): Json<api::StaffCodeRequest>,
) -> ApiResult<(StatusCode, Json<api::CodeSent>)> {
    super::codes::send_code(
        state,
        brand,
        headers,
        extensions,
        Json(api::CodeRequest {
            phone: input.phone,
            purpose: CodePurpose::StaffLogIn,
        }),
    )
    .await
}

/// Ends the staff session (the cookie and the stored session).
#[utoipa::path(delete, path = "/api/v1/staff/session", tag = "staff", security(()),
    responses((status = 204)))]
async fn staff_log_out(
    State(state): State<AppState>,
    jar: CookieJar,
) -> ApiResult<(StatusCode, CookieJar)> {
    let jar = auth::end_session(&state, jar, SessionKind::Staff).await?;
    Ok((StatusCode::NO_CONTENT, jar))
}

/// The signed-in staff member, their store and region.
#[utoipa::path(get, path = "/api/v1/staff/me", tag = "staff", security(("staff_session" = ["staff"])),
    responses((status = 200, body = api::StaffMe), (status = 401, body = api::ErrorBody)))]
async fn staff_me(
    State(state): State<AppState>,
    caller: StaffAuth,
) -> ApiResult<Json<api::StaffMe>> {
    Ok(Json(
        staff_me_of(&state, &caller.brand, &caller.staff_id).await?,
    ))
}

/// The staff member `id` as the staff app shows them.
pub async fn staff_me_of(state: &AppState, brand: &str, id: &str) -> ApiResult<api::StaffMe> {
    let p = state.store.staff_member(brand, id).await?;
    let region = state.store.region(brand, &p.region_id).await?;
    let store = match &p.store_id {
        Some(s) => Some(state.store.kos_store(brand, s).await?),
        None => None,
    };
    Ok(api::StaffMe {
        id: p.id,
        brand: brand.to_string(),
        name: p.name,
        role: p.role,
        kos_role: p.kos_role,
        store_id: p.store_id,
        store_name: store.map(|s| s.name),
        region_id: region.id,
        region_name: region.name,
    })
}

fn wrong_credentials() -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::InvalidCredentials)
}
