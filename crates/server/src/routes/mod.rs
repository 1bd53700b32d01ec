//! The HTTP surface: [`router`] assembles the API (documented by utoipa as
//! it is assembled, so `/api/v1/openapi.json` cannot miss a route), the
//! static apps, and the cross-cutting layers: error localisation, CSRF
//! checks, body limits and tracing.
//!
//! One file per domain (`session`, `account`, `brands`, `applications`,
//! `recruitment`, `themes`, `campaigns`, `selection`, `notes`,
//! `settlement`, `tasks`, `inbox`, `rule_sets`, `team`, `security`,
//! `audit`, `uploads`, `codes`, `roster`), for members and operators alike; each has a `routes()`
//! that [`api`] merges. Store rows become wire types in [`views`] only,
//! and raw input becomes typed values in [`input`] only. A new domain is a
//! new file with `#[utoipa::path]` on every handler, merged below; the
//! handlers of one path (its GET and PUT) stay in one file.

mod account;
mod applications;
mod audit;
mod brand_settings;
mod brands;
mod campaigns;
mod checkout;
mod codes;
mod inbox;
pub mod input;
mod kos_join;
mod kos_leads;
mod kos_leads_views;
mod kos_privacy;
// issue 17: backoffice
mod kos_incentives;
mod kos_training;
mod notes;
pub mod points;
mod points_views;
mod recruitment;
mod rewards;
mod roster;
mod rule_sets;
mod security;
mod selection;
mod session;
mod settlement;
mod staff_session;
mod tasks;
mod team;
mod themes;
mod uploads;
pub mod views;

pub use account::TERMS_VERSION;
pub use checkout::{spawn_timeouts, timeouts_once};

use crate::error::{ApiError, ApiResult, ErrorCode, body};
use crate::{AppState, messages, time, web};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json as AxumJson, Router, routing::get};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    modifiers(&SessionSchemes),
    info(title = "Seedbed API", description = "KOC and KOS programs: consumer and operator API."),
    tags(
        (name = "public", description = "No session needed"),
        (name = "member", description = "A consumer's own data (member session)"),
        (name = "admin", description = "Brand operators (operator session, scoped to its brand)"),
        (name = "checkout", description = "A brand's own servers (its shop, its tills): calls signed with a brand API key"),
        (name = "staff", description = "The KOS staff app (staff session, scoped to the staff member's store or region)")
    )
)]
struct ApiDoc;

/// Declares the two session cookies. Every operation names what it needs:
/// `security(())` (public), `member_session`, or `operator_session` with a
/// scope: `read` (any operator role) or the name of a [`rules::Perm`]
/// (`review`, `operate`, `audit`, `manage`; `rules::Role::allows` says
/// which roles hold it). The access-matrix test reads these declarations
/// and checks every operation against every caller.
struct SessionSchemes;

impl utoipa::Modify for SessionSchemes {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        for (name, cookie) in [
            ("member_session", crate::auth::MEMBER_COOKIE),
            ("operator_session", crate::auth::OPERATOR_COOKIE),
            // issue 17: the staff app. Scopes: `staff` (any staff member,
            // their data limited by `rules::KosScope`) or `manager` (store
            // and regional managers).
            ("staff_session", crate::auth::STAFF_COOKIE),
        ] {
            components.add_security_scheme(
                name,
                SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(cookie))),
            );
        }
        // issue 16: checkout. The brand's servers sign calls with an API
        // key (`crate::signed`): the key id travels in this header.
        components.add_security_scheme(
            crate::signed::SCHEME,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Seedbed-Key",
                "A brand API key's id, with X-Seedbed-Timestamp and X-Seedbed-Signature (HMAC-SHA256 of method, path, timestamp and body); see the README.",
            ))),
        );
    }
}

/// A JSON body whose rejections are answered in the house error shape.
/// Strings holding NUL (`\u0000`) are refused here, at the edge: no field
/// needs one, and PostgreSQL cannot store one in text.
pub struct Json<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime == "application/json"
                    || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::BadJson,
            ));
        }
        let bytes = body_bytes(req, ErrorCode::BadJson).await?;
        if has_nul_escape(&bytes) {
            return Err(ApiError::invalid(ErrorCode::ControlCharacters));
        }
        Ok(Json(AxumJson::<T>::from_bytes(&bytes)?.0))
    }
}

/// The request body, within the route's cap (`limit_body`): 413
/// `body_too_large` past it, 400 `otherwise` when it cannot be read.
pub(crate) async fn body_bytes(
    req: Request,
    otherwise: ErrorCode,
) -> Result<axum::body::Bytes, ApiError> {
    axum::body::Bytes::from_request(req, &())
        .await
        .map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BodyTooLarge)
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, otherwise)
            }
        })
}

/// Whether a JSON text has a `\u0000` escape (escaped backslashes skipped).
fn has_nul_escape(json: &[u8]) -> bool {
    let mut i = 0;
    while i < json.len() {
        if json[i] == b'\\' {
            if json.get(i + 1) == Some(&b'u') && json.get(i + 2..i + 6) == Some(b"0000") {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

impl<T: serde::Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        AxumJson(self.0).into_response()
    }
}

impl From<axum::extract::rejection::JsonRejection> for ApiError {
    fn from(r: axum::extract::rejection::JsonRejection) -> ApiError {
        use axum::extract::rejection::JsonRejection::*;
        match r {
            MissingJsonContentType(_) => {
                ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorCode::BadJson)
            }
            JsonDataError(_) => ApiError::invalid(ErrorCode::BadJson),
            BytesRejection(b) if b.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BodyTooLarge)
            }
            _ => ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::BadJson),
        }
    }
}

/// The API routes with their OpenAPI document.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(brands::routes())
        .merge(session::routes())
        .merge(codes::routes())
        .merge(account::routes())
        .merge(applications::routes())
        .merge(recruitment::routes())
        .merge(themes::routes())
        .merge(campaigns::routes())
        .merge(selection::routes())
        .merge(notes::routes())
        .merge(settlement::routes())
        .merge(tasks::routes())
        .merge(inbox::routes())
        .merge(rule_sets::routes())
        .merge(team::routes())
        .merge(security::routes())
        .merge(audit::routes())
        .merge(uploads::routes())
        .merge(brand_settings::routes())
        .merge(checkout::routes())
        .merge(rewards::routes())
        .merge(points::routes())
        .merge(roster::routes())
        .merge(staff_session::routes())
        .merge(kos_privacy::routes())
        .merge(kos_leads::routes())
        // issue 17: backoffice
        .merge(kos_training::routes())
        .merge(kos_incentives::routes())
        .split_for_parts()
}

pub fn router(state: AppState) -> Router {
    let (api, doc) = api();
    let writes = std::sync::Arc::new(crate::idempotency::WriteRoutes::from_doc(&doc));
    let signed = std::sync::Arc::new(crate::signed::SignedRoutes::from_doc(&doc));
    let doc = std::sync::Arc::new(doc);
    let api = api
        .route(
            "/api/v1/openapi.json",
            get(move || async move { AxumJson(doc.as_ref().clone()) }),
        )
        .route(
            "/api/{*rest}",
            axum::routing::any(|| async { ApiError::not_found() }),
        )
        .route(
            "/api",
            axum::routing::any(|| async { ApiError::not_found() }),
        )
        // Innermost first: the CSRF check and body limit answer errors that
        // `localize` translates; compression wraps the final body.
        .layer(middleware::from_fn(refuse_cross_site))
        .layer(middleware::from_fn(refuse_nul_in_uri))
        .layer(middleware::from_fn_with_state(state.clone(), limit_body))
        // Signed brand-server calls are verified before their handlers,
        // within the time limit (a trickled body is cut off) and inside
        // `localize` (refusals speak the caller's language).
        .layer(middleware::from_fn_with_state(
            (state.clone(), signed),
            crate::signed::layer,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), time_limit))
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(middleware::from_fn(localize))
        .layer(middleware::from_fn_with_state(
            (state.clone(), writes),
            crate::idempotency::layer,
        ))
        // Answers carry personal data: never stored by shared caches.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        ))
        .layer(CompressionLayer::new())
        .with_state(state.clone());
    api.merge(kos_join::landing(state.clone()))
        .merge(web::routes(
            &state.config.web_dir,
            &state.config.widget_ancestors,
            state.config.demo,
        ))
        .layer(middleware::from_fn_with_state(
            state.config.secure_cookies,
            web::security_headers,
        ))
        .layer(TraceLayer::new_for_http())
}

/// Caps every request body: `Config::body_limit` for JSON, the larger
/// `Config::upload_limit` for uploads and file imports. A declared length past
/// the cap is refused at once; an undeclared one is cut off while read
/// (extractors answer 413 either way).
async fn limit_body(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let limit = state.config.body_limit_for(req.uri().path());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BodyTooLarge)
            .into_response();
    }
    let (parts, body) = req.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// Answers 503 `request_timeout` when a request takes longer than
/// `Config::request_timeout` (four times that for uploads and file
/// imports, twenty times for committing a settlement, one transaction
/// whose length grows with the campaign: 100,000 notes take 10–17 s),
/// reading its body included: a client trickling a body, or a handler
/// stuck on a lock, cannot hold a connection and its task forever. The
/// handler is dropped at that point; an uncommitted transaction rolls back
/// with it. 503 is never kept as an idempotent answer, so a retry with the
/// same key runs again.
async fn time_limit(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path();
    let mut limit = state.config.request_timeout;
    if crate::uploads::is_upload(path) {
        limit *= 4;
    } else if req.method() == Method::POST
        && path.starts_with("/api/v1/admin/campaigns/")
        && path.ends_with("/settlement")
    {
        limit *= 20;
    }
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, ErrorCode::RequestTimeout)
            .into_response(),
    }
}

/// Rewrites an error's message in the caller's language (zh-CN unless
/// `Accept-Language` prefers another), and gives bare 413s the JSON shape.
async fn localize(req: Request, next: Next) -> Response {
    let chinese = messages::prefers_chinese(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let res = next.run(req).await;
    let code = match res.extensions().get::<ErrorCode>() {
        Some(code) => *code,
        None if res.status() == StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::BodyTooLarge,
        None => return res,
    };
    let message = code.message(chinese);
    // Keep the status and headers; replace only the body.
    let (mut parts, _) = res.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    parts.extensions.insert(code);
    let json = AxumJson(body(code.as_str(), message))
        .into_response()
        .into_body();
    Response::from_parts(parts, json)
}

/// A NUL byte (`%00`) in a path or query parameter is refused before any
/// handler sees it: no id or filter has one, and PostgreSQL text cannot.
async fn refuse_nul_in_uri(req: Request, next: Next) -> Response {
    let uri = req.uri();
    let raw = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
    if raw.to_ascii_lowercase().contains("%00") {
        return ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::ControlCharacters)
            .into_response();
    }
    next.run(req).await
}

/// CSRF defence for cookie sessions: a state-changing request must come
/// from this origin. Browsers send `Sec-Fetch-Site` and `Origin` on such
/// requests; either one naming another site is refused. JSON bodies also
/// require `Content-Type: application/json`, which a cross-site form
/// cannot send without a CORS preflight that this server never grants.
async fn refuse_cross_site(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && is_cross_site(req.headers())
    {
        return ApiError::forbidden_with(ErrorCode::CrossSiteRequest).into_response();
    }
    next.run(req).await
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    let get = |name| {
        headers
            .get(name)
            .and_then(|v: &header::HeaderValue| v.to_str().ok())
    };
    if let Some(site) = get("sec-fetch-site")
        && site != "same-origin"
        && site != "none"
    {
        return true;
    }
    if let Some(origin) = get("origin") {
        let host = get("host").unwrap_or("");
        let origin_host = origin.split_once("://").map_or(origin, |(_, h)| h);
        return origin == "null" || !origin_host.eq_ignore_ascii_case(host);
    }
    false
}

/// Today in the brand's zone.
pub(crate) async fn brand_today(state: &AppState, brand: &str) -> ApiResult<rules::CivilDate> {
    let b = state.store.brand(brand).await?;
    Ok(time::local_date(&b.time_zone, state.clock.now()))
}

/// Expands a short link into the note it names for `member` (a full link
/// is returned as it is). Failures are logged with their cause and answered
/// with `link_unresolved`, so the member knows to paste the full link
/// instead; a member past their expansions gets 429
/// `link_expansions_exhausted`.
pub(crate) async fn expand(
    state: &AppState,
    member: &crate::auth::MemberAuth,
    link: rules::NoteLink,
) -> Result<rules::NoteLink, ApiError> {
    if link.kind == rules::LinkKind::Note {
        return Ok(link);
    }
    let who = format!("{}:{}", member.brand, member.member_id);
    if !state.resolver.take(&who, state.clock.now()) {
        return Err(ApiError::new(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::LinkExpansionsExhausted,
        ));
    }
    state.resolver.resolve(&link).await.map_err(|e| {
        tracing::info!(link = %link.canonical_url, error = %e, "short link not expanded");
        ApiError::invalid(ErrorCode::LinkUnresolved)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn nul_escapes_are_found() {
        assert!(has_nul_escape(br#"{"a":"x\u0000"}"#));
        assert!(
            !has_nul_escape(br#"{"a":"x\\u0000"}"#),
            "an escaped backslash, then text"
        );
        assert!(!has_nul_escape(br#"{"a":"\u00e9"}"#));
        assert!(has_nul_escape(br#"{"a":"\\\u0000"}"#));
    }

    #[test]
    fn cross_site_detection() {
        assert!(!is_cross_site(&headers(&[])));
        assert!(!is_cross_site(&headers(&[
            ("host", "a.test:8080"),
            ("origin", "http://a.test:8080")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "a.test:8080"),
            ("origin", "http://evil.test")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "a.test"),
            ("origin", "null")
        ])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
    }

    /// The staff scopes the routes declare are `staff` or `manager`.
    #[test]
    fn staff_scopes_are_staff_or_manager() {
        let (_, doc) = api();
        let doc = serde_json::to_value(&doc).unwrap();
        let mut seen = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                for req in op["security"].as_array().into_iter().flatten() {
                    for scope in req["staff_session"].as_array().into_iter().flatten() {
                        let scope = scope.as_str().unwrap();
                        assert!(
                            matches!(scope, "staff" | "manager"),
                            "{method} {path}: scope {scope:?}"
                        );
                        assert!(path.starts_with("/api/v1/staff/"), "{method} {path}");
                        seen += 1;
                    }
                }
            }
        }
        assert!(seen > 0, "no staff route");
    }

    /// The operator scopes the routes declare are `read` and the names of
    /// `rules::Perm`, nothing else: the roles table has one home.
    #[test]
    fn operator_scopes_are_read_or_a_permission() {
        let (_, doc) = api();
        let doc = serde_json::to_value(&doc).unwrap();
        let mut seen = std::collections::BTreeSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                for req in op["security"].as_array().into_iter().flatten() {
                    for scope in req["operator_session"].as_array().into_iter().flatten() {
                        let scope = scope.as_str().unwrap();
                        assert!(
                            scope == "read" || scope.parse::<rules::Perm>().is_ok(),
                            "{method} {path}: scope {scope:?}"
                        );
                        seen.insert(scope.to_string());
                    }
                }
            }
        }
        for perm in rules::Perm::ALL {
            assert!(seen.contains(perm.as_str()), "no route needs {perm}");
        }
    }
}
