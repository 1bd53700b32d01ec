//! Static files: the consumer app at `/`, the admin app at `/admin/`.
//!
//! Files are served precompressed (`.br`, `.gz` written at build time by
//! `scripts/build-web`), so what a size check measures is what ships and no
//! CPU is spent compressing per request. Unknown paths fall back to the
//! app's `index.html` with 200, so deep links work. Hashed assets are
//! cached for a year; HTML is revalidated every time.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

pub fn routes(web_dir: &Path) -> Router {
    let admin = ServeDir::new(web_dir.join("admin"))
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(web_dir.join("admin/index.html"))
                .precompressed_br()
                .precompressed_gzip(),
        );
    let app = ServeDir::new(web_dir.join("app"))
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(web_dir.join("app/index.html"))
                .precompressed_br()
                .precompressed_gzip(),
        );
    Router::new()
        .nest_service("/admin", admin)
        .fallback_service(app)
        .layer(middleware::from_fn(cache_control))
}

/// Sets caching, and turns the SPA fallback for a missing *file* (a path
/// whose last segment has an extension, such as an old hashed bundle) into
/// a 404: only route-like paths get the app's index.html.
async fn cache_control(req: Request, next: Next) -> Response {
    let last = req.uri().path().rsplit('/').next().unwrap_or("");
    let wants_file = last.contains('.') && !last.ends_with(".html");
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if wants_file && is_html {
        return (
            StatusCode::NOT_FOUND,
            [(header::CACHE_CONTROL, "no-cache")],
            "not found",
        )
            .into_response();
    }
    let value = if is_html || !res.status().is_success() {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    res
}

/// Headers every response carries. The full CSP (with Trunk's nonce) is
/// part of the security issue; these are safe for every page today.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    res
}
