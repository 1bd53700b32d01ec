//! SMS codes for members (`/api/v1/brands/{brand}/codes`), log-in with a
//! code (`…/session/code`, "验证码登录") and a forgotten password set anew
//! with one (`…/password-reset`). Sign-up takes a code too (in `session`).
//!
//! Asking for a code answers the same (202, the same body) whether or not
//! the phone has an account, so no answer tells who is a member: a
//! sign-up code for a registered phone becomes a text saying the phone has
//! an account; a log-in or reset code for an unknown phone is not sent.
//! Either way the send counts against the phone's and the address's
//! limits. A wrong, used, expired or unknown code is one answer,
//! `code_invalid` (422), on every route.

use super::{Json, views};
use crate::AppState;
use crate::auth::{self, SessionKind};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::sms;
use axum::extract::{Path, State};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum_extra::extract::CookieJar;
use rules::Phone;
use rules::words::CodePurpose;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_code))
        .routes(routes!(code_log_in))
        .routes(routes!(reset_password))
}

/// The key of the per-address daily cap: the client's address
/// ([`crate::device::request_address`]) keyed with the server secret; the
/// address itself is never stored.
pub fn client_address_key(
    state: &AppState,
    headers: &HeaderMap,
    extensions: &Extensions,
) -> String {
    let address = crate::device::request_address(extensions, headers);
    state.client_key.hash(&["sms_client", &address])
}

/// The phone as typed, normalised; a malformed one is `phone_malformed`.
fn phone(input: &str) -> ApiResult<Phone> {
    Phone::parse(input).map_err(|e| ApiError::invalid(e.into()))
}

/// A code as typed, in the six ASCII digits it was sent as: spaces and
/// dashes dropped, full-width digits (a Chinese keyboard's ０–９) mapped;
/// `None` unless six digits remain.
fn normalise_code(raw: &str) -> Option<String> {
    let mut code = String::with_capacity(6);
    for c in raw.chars() {
        match c {
            '0'..='9' => code.push(c),
            '０'..='９' => code.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            ' ' | '\u{3000}' | '-' => {}
            _ => return None,
        }
        if code.len() > 6 {
            return None;
        }
    }
    (code.len() == 6).then_some(code)
}

fn code_invalid() -> ApiError {
    ApiError::invalid(ErrorCode::CodeInvalid)
}

/// Spends a try of the phone's code for `purpose`; `code_invalid` unless
/// it matched.
pub async fn check_code(
    state: &AppState,
    brand: &str,
    phone: &Phone,
    purpose: CodePurpose,
    code: &str,
) -> ApiResult<()> {
    let Some(code) = normalise_code(code) else {
        return Err(code_invalid());
    };
    let hash = sms::code_hash(&state.client_key, brand, phone.as_str(), purpose, &code);
    if state
        .store
        .use_code(brand, phone.as_str(), purpose, &hash, state.clock.now())
        .await?
    {
        Ok(())
    } else {
        Err(code_invalid())
    }
}

/// Sends a 6-digit code to a phone, valid 5 minutes, for signing up,
/// logging in or setting a new password. At most one send per phone a
/// minute and a daily cap per phone and per client address (429).
#[utoipa::path(post, path = "/api/v1/brands/{brand}/codes", tag = "member", security(()),
    params(("brand" = String, Path)),
    request_body = api::CodeRequest,
    responses((status = 202, body = api::CodeSent), (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
pub(super) async fn send_code(
    State(state): State<AppState>,
    Path(brand): Path<String>,
    headers: HeaderMap,
    extensions: Extensions,
    Json(input): Json<api::CodeRequest>,
) -> ApiResult<(StatusCode, Json<api::CodeSent>)> {
    let phone = phone(&input.phone)?;
    let b = state.store.brand(&brand).await?;
    // Staff log-in codes go to the brand's staff who have not left; every
    // other purpose is a member's.
    let registered = if input.purpose == CodePurpose::StaffLogIn {
        match state.store.staff_by_phone(&b.id, phone.as_str()).await {
            Ok(p) => p.left_on.is_none(),
            Err(store::StoreError::NotFound) => false,
            Err(e) => return Err(e.into()),
        }
    } else {
        match state.store.member_by_phone(&b.id, phone.as_str()).await {
            Ok(_) => true,
            Err(store::StoreError::NotFound) => false,
            Err(e) => return Err(e.into()),
        }
    };
    let now = state.clock.now();
    let code = sms::new_code();
    let hash = sms::code_hash(
        &state.client_key,
        &b.id,
        phone.as_str(),
        input.purpose,
        &code,
    );
    let code_text = sms::code_text(&b.name, &code);
    let registered_text = sms::registered_text(&b.name);
    let with_code = store::NewSms {
        template: sms::TEMPLATE_CODE,
        code: &code,
        body: &code_text,
    };
    // A phone that gets no code still gets a code row, the hash of a code
    // nobody is told: checking a guess then costs the same write for every
    // phone, so not even the time of the answer says who is registered.
    let decoy = sms::code_hash(
        &state.client_key,
        &b.id,
        phone.as_str(),
        input.purpose,
        &sms::new_code(),
    );
    let until = now + sms::CODE_VALID_SECS;
    let (stored, message) = match (input.purpose, registered) {
        (CodePurpose::SignUp, false)
        | (CodePurpose::LogIn | CodePurpose::Reset | CodePurpose::StaffLogIn, true) => {
            (Some((hash.as_str(), until)), Some(with_code))
        }
        (CodePurpose::SignUp, true) => (
            Some((decoy.as_str(), until)),
            Some(store::NewSms {
                template: sms::TEMPLATE_REGISTERED,
                code: "",
                body: &registered_text,
            }),
        ),
        (CodePurpose::LogIn | CodePurpose::Reset | CodePurpose::StaffLogIn, false) => {
            (Some((decoy.as_str(), until)), None)
        }
    };
    let client = client_address_key(&state, &headers, &extensions);
    let send = store::CodeSend {
        brand: &b.id,
        phone: phone.as_str(),
        purpose: input.purpose,
        client: &client,
        code: stored,
        message,
        limits: state.sms_limits,
        at: now,
    };
    match state.store.send_code(&send).await {
        Ok(()) => {}
        Err(store::StoreError::Conflict("code_too_soon")) => {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::CodeTooSoon,
            ));
        }
        Err(store::StoreError::Conflict("code_daily_limit")) => {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::CodeDailyLimit,
            ));
        }
        Err(e) => return Err(e.into()),
    }
    state.sms_wake.notify_one();
    Ok((
        StatusCode::ACCEPTED,
        Json(api::CodeSent {
            resend_after: state.sms_limits.gap,
            valid_for: sms::CODE_VALID_SECS,
        }),
    ))
}

/// Logs a member in with a code sent to their phone instead of the
/// password.
#[utoipa::path(post, path = "/api/v1/brands/{brand}/session/code", tag = "member", security(()),
    params(("brand" = String, Path)),
    request_body = api::CodeLogIn,
    responses((status = 200, body = api::MemberMe), (status = 422, body = api::ErrorBody)))]
async fn code_log_in(
    State(state): State<AppState>,
    Path(brand): Path<String>,
    jar: CookieJar,
    Json(input): Json<api::CodeLogIn>,
) -> ApiResult<(CookieJar, Json<api::MemberMe>)> {
    let phone = phone(&input.phone)?;
    let b = state.store.brand(&brand).await?;
    check_code(&state, &b.id, &phone, CodePurpose::LogIn, &input.code).await?;
    let member = match state.store.member_by_phone(&b.id, phone.as_str()).await {
        Ok(m) => m,
        Err(store::StoreError::NotFound) => return Err(code_invalid()),
        Err(e) => return Err(e.into()),
    };
    let jar = auth::start_session(&state, jar, SessionKind::Member, &b.id, &member.id).await?;
    Ok((
        jar,
        Json(views::member_me(&state, &b.id, &member.id).await?),
    ))
}

/// Sets a new password with a code sent to the phone: every other session
/// of the member ends, and this browser is signed in.
#[utoipa::path(post, path = "/api/v1/brands/{brand}/password-reset", tag = "member", security(()),
    params(("brand" = String, Path)),
    request_body = api::PasswordReset,
    responses((status = 200, body = api::MemberMe), (status = 422, body = api::ErrorBody)))]
async fn reset_password(
    State(state): State<AppState>,
    Path(brand): Path<String>,
    jar: CookieJar,
    Json(input): Json<api::PasswordReset>,
) -> ApiResult<(CookieJar, Json<api::MemberMe>)> {
    let phone = phone(&input.phone)?;
    auth::check_new_password(&input.password)?;
    let b = state.store.brand(&brand).await?;
    check_code(&state, &b.id, &phone, CodePurpose::Reset, &input.code).await?;
    let member = match state.store.member_by_phone(&b.id, phone.as_str()).await {
        Ok(m) => m,
        Err(store::StoreError::NotFound) => return Err(code_invalid()),
        Err(e) => return Err(e.into()),
    };
    let hash = state.passwords.hash(&input.password).await?;
    state
        .store
        .set_member_password(&b.id, &member.id, &hash, state.clock.now())
        .await?;
    // The phone proved itself: a lock-out from wrong passwords is over.
    if let Some(key) = crate::throttle::member_key(&b.id, phone.as_str()) {
        state.throttle.succeeded(&key);
    }
    let jar = auth::start_session(&state, jar, SessionKind::Member, &b.id, &member.id).await?;
    Ok((
        jar,
        Json(views::member_me(&state, &b.id, &member.id).await?),
    ))
}

#[cfg(test)]
mod tests {
    use super::normalise_code;

    #[test]
    fn codes_are_normalised_as_typed() {
        for typed in [
            "123456",
            " 123 456 ",
            "123-456",
            "１２３４５６",
            "１２３\u{3000}４５６",
        ] {
            assert_eq!(
                normalise_code(typed).as_deref(),
                Some("123456"),
                "{typed:?}"
            );
        }
        for bad in [
            "",
            "12345",
            "1234567",
            "12345a",
            "１２３４５",
            "123456\u{0}",
        ] {
            assert_eq!(normalise_code(bad), None, "{bad:?}");
        }
    }
}
