//! `Idempotency-Key` for writes a client may retry (a phone on a flaky
//! network resubmitting a note, an operator double-clicking "settle").
//!
//! A state-changing request that carries the header is run once per key:
//! the key is scoped to the brand, the caller (session subject, or
//! anonymous) and the route, and kept for [`KEEP_SECS`]. The same key with
//! the same request returns the first answer (marked
//! `Idempotent-Replayed: true`) and writes nothing new; the same key with a
//! different request is refused with 422; a retry while the first request
//! still runs gets 409. Answers of 5xx are not kept, so a retry runs again.
//! Session routes (log-in, sign-up, log-out; the [`EXEMPT`] list) ignore
//! the header: their answer is a cookie, which a replay cannot give back.

use crate::AppState;
use crate::auth::{SessionKind, session_of};
use crate::error::{ApiError, ErrorCode};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use sha2::{Digest, Sha256};
use store::{IdempotencyKey, IdempotencyStart};

pub const HEADER: &str = "idempotency-key";
/// How long a key is remembered: at least a day, as clients are promised.
pub const KEEP_SECS: i64 = 48 * 3600;
/// Answers larger than this are not kept (none of today's writes comes close).
const MAX_KEPT_BODY: usize = 256 * 1024;

/// The routes that ignore the header, as (method, path template): log-in,
/// sign-up and log-out answer with cookies, which a replay could not give
/// back (each is safe to retry as it is). A test checks every entry is a
/// route of the API.
pub const EXEMPT: &[(&str, &str)] = &[
    ("POST", "/api/v1/brands/{brand}/members"),
    ("POST", "/api/v1/brands/{brand}/session"),
    // issue 15: sms. A code log-in and a reset answer with cookies; a
    // code request's answer carries nothing a replay could give back, and
    // sending again is refused for a minute anyway.
    ("POST", "/api/v1/brands/{brand}/session/code"),
    ("POST", "/api/v1/brands/{brand}/password-reset"),
    ("POST", "/api/v1/brands/{brand}/codes"),
    ("DELETE", "/api/v1/me/session"),
    ("DELETE", "/api/v1/me/sessions"),
    ("POST", "/api/v1/admin/session"),
    ("DELETE", "/api/v1/admin/session"),
    ("DELETE", "/api/v1/admin/sessions"),
];

/// Whether a request is to one of the [`EXEMPT`] routes.
fn is_exempt(method: &Method, path: &str) -> bool {
    EXEMPT
        .iter()
        .any(|(m, template)| method.as_str() == *m && matches_template(template, path))
}

/// Whether `path` fits `template`, where a `{name}` segment stands for any
/// one non-empty segment.
fn matches_template(template: &str, path: &str) -> bool {
    let mut want = template.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with('{') && w.ends_with('}') && !g.is_empty() => {}
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

fn key_is_valid(key: &str) -> bool {
    (1..=200).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Who is calling, as far as idempotency scoping goes: (brand, caller).
async fn caller(
    state: &AppState,
    headers: &HeaderMap,
    path: &str,
) -> Result<(String, String), ApiError> {
    let jar = CookieJar::from_headers(headers);
    let kind = if path.starts_with("/api/v1/admin/") {
        SessionKind::Operator
    } else {
        SessionKind::Member
    };
    if let Some(s) = session_of(state, &jar, kind).await? {
        return Ok((s.brand_id, format!("{}:{}", s.kind, s.subject_id)));
    }
    let brand = path
        .strip_prefix("/api/v1/brands/")
        .and_then(|r| r.split('/').next())
        .unwrap_or("");
    Ok((brand.to_string(), "anonymous".into()))
}

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let exempt = is_exempt(req.method(), req.uri().path());
    let Some(raw_key) = req.headers().get(HEADER).filter(|_| !exempt) else {
        return next.run(req).await;
    };
    let key = match raw_key.to_str() {
        Ok(k) if key_is_valid(k) => k.to_string(),
        _ => {
            return ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::IdempotencyKeyInvalid)
                .into_response();
        }
    };
    let (parts, body) = req.into_parts();
    let (brand, who) = match caller(&state, &parts.headers, parts.uri.path()).await {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let route = format!("{} {}", parts.method, parts.uri.path());
    let limit = state.config.body_limit_for(parts.uri.path());
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BodyTooLarge)
            .into_response();
    };
    let mut hasher = Sha256::new();
    hasher.update(route.as_bytes());
    hasher.update([0]);
    hasher.update(parts.uri.query().unwrap_or("").as_bytes());
    hasher.update([0]);
    hasher.update(&bytes);
    let hash = crate::hex(&hasher.finalize());
    let id = IdempotencyKey {
        brand_id: brand,
        caller: who,
        route,
        key,
    };
    let now = state.clock.now();
    match state
        .store
        .idempotency_start(&id, &hash, now, now - KEEP_SECS)
        .await
    {
        Err(e) => ApiError::from(e).into_response(),
        Ok(IdempotencyStart::Mismatch) => {
            ApiError::invalid(ErrorCode::IdempotencyKeyReused).into_response()
        }
        Ok(IdempotencyStart::InProgress) => {
            ApiError::conflict(ErrorCode::IdempotencyInProgress).into_response()
        }
        Ok(IdempotencyStart::Replay { status, body }) => {
            let status = StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK);
            let mut res = (status, body).into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            res.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            res
        }
        Ok(IdempotencyStart::Fresh) => {
            let res = next
                .run(Request::from_parts(parts, Body::from(bytes)))
                .await;
            let (res_parts, res_body) = res.into_parts();
            let kept = match axum::body::to_bytes(res_body, MAX_KEPT_BODY).await {
                Ok(b) if !res_parts.status.is_server_error() => b,
                Ok(b) => {
                    let _ = state.store.idempotency_abort(&id).await;
                    return Response::from_parts(res_parts, Body::from(b));
                }
                Err(_) => {
                    let _ = state.store.idempotency_abort(&id).await;
                    return ApiError::internal().into_response();
                }
            };
            let text = String::from_utf8_lossy(&kept).into_owned();
            if let Err(e) = state
                .store
                .idempotency_finish(&id, i64::from(res_parts.status.as_u16()), &text)
                .await
            {
                // The write itself is committed; only the replay record failed.
                tracing::error!(error = %e, "could not record an idempotent answer");
                let _ = state.store.idempotency_abort(&id).await;
            }
            Response::from_parts(res_parts, Body::from(kept))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exemptions_are_routes_of_the_api() {
        let (_, doc) = crate::routes::api();
        let doc = serde_json::to_value(&doc).unwrap();
        for (method, template) in EXEMPT {
            assert!(
                doc["paths"][template][method.to_ascii_lowercase()].is_object(),
                "{method} {template} is not a route"
            );
        }
    }

    #[test]
    fn exemption_matching() {
        let check = |method: Method, path: &str, want: bool| {
            assert_eq!(is_exempt(&method, path), want, "{method} {path}");
        };
        check(Method::POST, "/api/v1/brands/demo/members", true);
        check(Method::POST, "/api/v1/brands/demo/session", true);
        check(Method::DELETE, "/api/v1/me/sessions", true);
        check(Method::DELETE, "/api/v1/admin/session", true);
        check(Method::POST, "/api/v1/brands//session", false);
        check(Method::GET, "/api/v1/brands/demo/session", false);
        check(Method::DELETE, "/api/v1/brands/demo/session", false);
        check(Method::POST, "/api/v1/brands/demo/session/x", false);
        check(Method::POST, "/api/v1/me/submissions", false);
        // Not by suffix any more: a route that merely ends alike is kept.
        check(Method::POST, "/api/v1/admin/campaigns/c1/members", false);
        check(Method::POST, "/api/v1/brands/demo/invitations/i1", false);
    }

    #[test]
    fn keys_are_short_printable_ascii() {
        assert!(super::key_is_valid("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assert!(!super::key_is_valid(""));
        assert!(!super::key_is_valid("has space"));
        assert!(!super::key_is_valid(&"k".repeat(201)));
    }
}
