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
//!
//! Only the API's write routes take keys ([`WriteRoutes`], read from the
//! OpenAPI document): a request to an unknown path, or a GET, never stores
//! one. A caller without a session takes keys only on public routes, scoped
//! to its client address (a keyed hash, never the address) and bounded by
//! [`ANONYMOUS_QUOTA`], and only for a brand that exists. An answer larger
//! than [`MAX_KEPT_BODY`] is still sent; the key records it as done without
//! its body, and a retry gets 409 `idempotent_answer_not_kept`. Every
//! caller's keys expire after [`KEEP_SECS`] ([`spawn_purge`]).

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
use std::sync::Arc;
use std::time::Duration;
use store::{ANONYMOUS_CALLER, IdempotencyKey, IdempotencyQuota, IdempotencyStart, Store};

pub const HEADER: &str = "idempotency-key";
/// How long a key is remembered: at least a day, as clients are promised.
pub const KEEP_SECS: i64 = 48 * 3600;
/// Answers larger than this are not kept (none of today's writes comes
/// close): the key then records only that the write was done.
pub const MAX_KEPT_BODY: usize = 256 * 1024;
/// Live keys for callers without a session: per client address, and for
/// all of them together in one brand.
pub const ANONYMOUS_QUOTA: IdempotencyQuota = IdempotencyQuota {
    per_caller: 20,
    anonymous_per_brand: 2_000,
};

/// The API's write routes (method and path template), and which of them
/// are public: the only requests whose keys are kept.
#[derive(Debug, Default)]
pub struct WriteRoutes {
    routes: Vec<(Method, String, bool)>,
}

impl WriteRoutes {
    /// The non-GET operations of the OpenAPI document; public ones are
    /// those declaring `security(())`.
    pub fn from_doc(doc: &utoipa::openapi::OpenApi) -> WriteRoutes {
        let doc = serde_json::to_value(doc).unwrap_or_default();
        let mut routes = Vec::new();
        if let Some(paths) = doc["paths"].as_object() {
            for (template, item) in paths {
                for m in ["post", "put", "patch", "delete"] {
                    let Some(op) = item.get(m).filter(|o| o.is_object()) else {
                        continue;
                    };
                    let public = op["security"].as_array().is_some_and(|s| {
                        s.iter()
                            .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
                    });
                    let method = Method::from_bytes(m.to_ascii_uppercase().as_bytes())
                        .expect("a standard method");
                    routes.push((method, template.clone(), public));
                }
            }
        }
        WriteRoutes { routes }
    }

    /// A route for tests: `(method, template, public)`.
    pub fn of(routes: &[(Method, &str, bool)]) -> WriteRoutes {
        WriteRoutes {
            routes: routes
                .iter()
                .map(|(m, t, p)| (m.clone(), t.to_string(), *p))
                .collect(),
        }
    }

    /// Whether `path` is a write route for `method`: `Some(public)`.
    fn find(&self, method: &Method, path: &str) -> Option<bool> {
        self.routes
            .iter()
            .find(|(m, t, _)| m == method && matches_template(t, path))
            .map(|(_, _, public)| *public)
    }
}

/// Forgets every caller's expired keys once an hour (answers may hold
/// personal data: none is kept past [`KEEP_SECS`]).
pub fn spawn_purge(store: Arc<dyn Store>, clock: crate::time::Clock) {
    tokio::spawn(async move {
        loop {
            match store.idempotency_purge(clock.now() - KEEP_SECS).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(keys = n, "expired idempotency keys forgotten"),
                Err(e) => tracing::warn!(error = %e, "idempotency purge"),
            }
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}

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
    ("POST", "/api/v1/admin/session/second-factor"),
    // Answers holding secrets (a TOTP secret, recovery codes, a reset
    // link's token) are never kept: a replay would store in plain text
    // what the store otherwise keeps only hashed.
    ("POST", "/api/v1/admin/me/totp"),
    ("POST", "/api/v1/admin/me/totp/confirm"),
    ("POST", "/api/v1/admin/operators/{id}/password-reset"),
    ("POST", "/api/v1/brands/{brand}/password-resets/{id}"),
    // issue 16: checkout. A new API key's secret, a member's payment code.
    ("POST", "/api/v1/admin/api-keys"),
    ("POST", "/api/v1/me/checkout/code"),
];

/// Whether a request is to one of the [`EXEMPT`] routes.
fn is_exempt(method: &Method, path: &str) -> bool {
    EXEMPT
        .iter()
        .any(|(m, template)| method.as_str() == *m && matches_template(template, path))
}

/// Whether `path` fits `template`, where a `{name}` segment stands for any
/// one non-empty segment.
pub(crate) fn matches_template(template: &str, path: &str) -> bool {
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

pub(crate) fn key_is_valid(key: &str) -> bool {
    (1..=200).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Who is calling, as far as idempotency scoping goes: (brand, caller).
/// A caller without a session is `anonymous:` and a keyed hash of its
/// client address.
async fn caller(
    state: &AppState,
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
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
    let address = state.client_key.hash(&[
        "idempotency",
        &crate::device::request_address(extensions, headers),
    ]);
    Ok((brand.to_string(), format!("{ANONYMOUS_CALLER}{address}")))
}

pub async fn layer(
    State((state, writes)): State<(AppState, Arc<WriteRoutes>)>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let exempt = is_exempt(req.method(), req.uri().path());
    let Some(public) = writes.find(req.method(), req.uri().path()) else {
        return next.run(req).await;
    };
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
    let (brand, who) =
        match caller(&state, &parts.headers, &parts.extensions, parts.uri.path()).await {
            Ok(c) => c,
            Err(e) => return e.into_response(),
        };
    let anonymous = who.starts_with(ANONYMOUS_CALLER);
    if anonymous {
        // Without a session only public routes keep keys (the others answer
        // 401), and only for a brand that exists.
        let known_brand = brand.is_empty() || state.store.brand(&brand).await.is_ok();
        if !public || !known_brand {
            return next.run(Request::from_parts(parts, body)).await;
        }
    }
    run_once(
        &state,
        brand,
        who,
        key,
        anonymous.then_some(ANONYMOUS_QUOTA),
        parts,
        body,
        next,
    )
    .await
}

/// Runs the request once for `(brand, who, route, key)`: the first time
/// through `next`, keeping its answer; a retry gets that answer. Also used
/// by the signed API (`signed`), whose callers are API keys.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn run_once(
    state: &AppState,
    brand: String,
    who: String,
    key: String,
    quota: Option<IdempotencyQuota>,
    parts: axum::http::request::Parts,
    body: Body,
    next: Next,
) -> Response {
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
        .idempotency_start(&id, &hash, now, now - KEEP_SECS, quota)
        .await
    {
        Err(e) => ApiError::from(e).into_response(),
        Ok(IdempotencyStart::Mismatch) => {
            ApiError::invalid(ErrorCode::IdempotencyKeyReused).into_response()
        }
        Ok(IdempotencyStart::InProgress) => {
            ApiError::conflict(ErrorCode::IdempotencyInProgress).into_response()
        }
        Ok(IdempotencyStart::QuotaExceeded) => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::IdempotencyKeysExhausted,
        )
        .into_response(),
        Ok(IdempotencyStart::DoneNotKept { status }) => {
            let mut res = ApiError::conflict(ErrorCode::IdempotentAnswerNotKept).into_response();
            if let Ok(v) = HeaderValue::from_str(&status.to_string()) {
                res.headers_mut().insert("idempotent-original-status", v);
            }
            res.headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            res
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
            let kept = match axum::body::to_bytes(res_body, usize::MAX).await {
                Ok(b) if !res_parts.status.is_server_error() => b,
                Ok(b) => {
                    let _ = state.store.idempotency_abort(&id).await;
                    return Response::from_parts(res_parts, Body::from(b));
                }
                Err(e) => {
                    // The handler's own body failed mid-stream: nothing to
                    // keep or send.
                    tracing::error!(error = %e, "reading an answer to keep");
                    let _ = state.store.idempotency_abort(&id).await;
                    return ApiError::internal().into_response();
                }
            };
            let status = i64::from(res_parts.status.as_u16());
            let text = String::from_utf8_lossy(&kept);
            // Too large to keep: the write stands and its answer is sent;
            // the key only remembers that it was done.
            let body = (kept.len() <= MAX_KEPT_BODY).then_some(&*text);
            if let Err(e) = state.store.idempotency_finish(&id, status, body).await {
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

    /// A router of two test routes behind the real layer, on a new SQLite
    /// database: `POST /big` (public, answers 201 with 300 KB) and
    /// `POST /private` (not public); every path counts its runs.
    async fn test_app() -> (
        axum::Router,
        Arc<std::sync::atomic::AtomicUsize>,
        std::path::PathBuf,
    ) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let dir = std::env::temp_dir().join(format!("seedbed-idem-{}", store::new_id()));
        let s = store::connect(&format!("sqlite:{}/t.db", dir.display()))
            .await
            .unwrap();
        store::DbStore::migrate(&s).await.unwrap();
        let state = AppState::new(
            Arc::new(s),
            crate::Config {
                upload_dir: dir.join("uploads"),
                ..crate::Config::default()
            },
        );
        let runs = Arc::new(AtomicUsize::new(0));
        let count = |runs: &Arc<AtomicUsize>| {
            let runs = runs.clone();
            move || {
                runs.fetch_add(1, Ordering::SeqCst);
                async { (StatusCode::CREATED, "x".repeat(300 * 1024)) }
            }
        };
        let writes = Arc::new(WriteRoutes::of(&[
            (Method::POST, "/big", true),
            (Method::POST, "/private", false),
        ]));
        let app = axum::Router::new()
            .route("/big", axum::routing::post(count(&runs)))
            .route("/private", axum::routing::post(count(&runs)))
            .fallback(count(&runs))
            .layer(axum::middleware::from_fn_with_state((state, writes), layer));
        (app, runs, dir)
    }

    fn post(path: &str, key: &str) -> Request {
        Request::post(path)
            .header(HEADER, key)
            .header("x-forwarded-for", "203.0.113.7")
            .body(Body::empty())
            .unwrap()
    }

    #[tokio::test]
    async fn an_answer_too_large_to_keep_is_still_given_once() {
        use std::sync::atomic::Ordering;
        use tower::ServiceExt;
        let (app, runs, dir) = test_app().await;
        let first = app.clone().oneshot(post("/big", "k1")).await.unwrap();
        assert_eq!(
            first.status(),
            StatusCode::CREATED,
            "the committed write is answered, not 500"
        );
        let body = axum::body::to_bytes(first.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(body.len(), 300 * 1024, "the whole answer");
        let retry = app.clone().oneshot(post("/big", "k1")).await.unwrap();
        assert_eq!(retry.status(), StatusCode::CONFLICT);
        assert_eq!(retry.headers()["idempotent-original-status"], "201");
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "the retry did not run the write again"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn only_known_write_routes_keep_keys() {
        use std::sync::atomic::Ordering;
        use tower::ServiceExt;
        let (app, runs, dir) = test_app().await;
        for path in ["/unknown", "/unknown", "/private", "/private"] {
            let r = app.clone().oneshot(post(path, "same")).await.unwrap();
            assert_eq!(r.status(), StatusCode::CREATED, "{path}");
            assert!(r.headers().get("idempotent-replayed").is_none(), "{path}");
        }
        assert_eq!(
            runs.load(Ordering::SeqCst),
            4,
            "an unknown path, or a route needing a session called without one, keeps no key"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn write_routes_come_from_the_api() {
        let (_, doc) = crate::routes::api();
        let w = WriteRoutes::from_doc(&doc);
        assert_eq!(w.find(&Method::POST, "/api/v1/me/submissions"), Some(false));
        assert_eq!(
            w.find(&Method::POST, "/api/v1/note-links/parse"),
            Some(true)
        );
        assert_eq!(
            w.find(&Method::POST, "/api/v1/brands/demo/invitations/x"),
            Some(true)
        );
        assert_eq!(w.find(&Method::GET, "/api/v1/me"), None);
        assert_eq!(w.find(&Method::POST, "/api/v1/nowhere"), None);
        assert_eq!(
            w.find(&Method::POST, "/api/v1/brands/demo/anything/else"),
            None
        );
    }

    #[test]
    fn keys_are_short_printable_ascii() {
        assert!(super::key_is_valid("0f8fad5b-d9cb-469f-a165-70867728950e"));
        assert!(!super::key_is_valid(""));
        assert!(!super::key_is_valid("has space"));
        assert!(!super::key_is_valid(&"k".repeat(201)));
    }
}
