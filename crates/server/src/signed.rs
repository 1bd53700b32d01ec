//! The signed server-to-server API: a brand's own servers (its shop, its
//! tills; later the distribution issue's orders) call Seedbed with a brand
//! API key instead of a session.
//!
//! Every call carries three headers: `X-Seedbed-Key` (the key's public id,
//! `{brand}.{16 hex}`), `X-Seedbed-Timestamp` (UNIX seconds, optionally with
//! a fraction: two calls in one second then differ) and
//! `X-Seedbed-Signature`, the lower-case hex HMAC-SHA256, under the key's
//! secret, of
//!
//! ```text
//! METHOD "\n" PATH "\n" TIMESTAMP "\n" BODY
//! ```
//!
//! (`PATH` with its query string if any; `BODY` the exact bytes sent, empty
//! for none). The README has a worked `curl` + `openssl` example, checked by
//! a test.
//!
//! [`layer`] verifies every request to a route whose OpenAPI operation
//! declares `security(("brand_signature" = []))` ([`SignedRoutes`], read
//! from the document, so a new signed route is covered by declaring it),
//! before its handler runs: the key must exist and not be revoked (401),
//! the timestamp must be within [`WINDOW_SECS`] of the server's clock
//! (401), the signature must match (401, compared in constant time), and a
//! signature already accepted is a replay (409). A refused request writes
//! nothing. A request with `Idempotency-Key` then runs once per key and API
//! key (the retry, signed afresh, gets the first answer), through the same
//! store as every other idempotent write. Handlers take [`BrandKey`] to
//! learn the brand; its brand is the only one they may touch (another
//! brand's ids are 404).
//!
//! Secrets: HMAC verification needs the secret itself, so a hash cannot be
//! stored in its place. Rather than keeping secrets (or secrets encrypted
//! under a server key), the secret is *derived*: an HMAC of the server's
//! own secret (`SEEDBED_CLIENT_KEY`, or the kept `.client-key`: see
//! `device`) over the brand, the key id and a random salt stored with the
//! key. The database alone gives no secret away; the server recomputes it
//! per call; revoking is a flag. Rotating the server's secret invalidates
//! every API key (each key row keeps a SHA-256 of its secret, so the server
//! notices and logs it), as it already ends every device hash.

use crate::AppState;
use crate::device::ClientKey;
use crate::error::{ApiError, ErrorCode};
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub const KEY_HEADER: &str = "x-seedbed-key";
pub const TIMESTAMP_HEADER: &str = "x-seedbed-timestamp";
pub const SIGNATURE_HEADER: &str = "x-seedbed-signature";
/// How far a call's timestamp may be from the server's clock, either way.
pub const WINDOW_SECS: i64 = 5 * 60;
/// Signatures are remembered past the window, then forgotten: a replay
/// after that fails the timestamp check instead.
pub const REMEMBER_SECS: i64 = 2 * WINDOW_SECS + 60;
/// The OpenAPI security scheme of signed routes.
pub const SCHEME: &str = "brand_signature";

/// The caller of a signed route: a brand's API key, verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrandKey {
    pub brand: String,
    pub key_id: String,
}

impl<S: Send + Sync> FromRequestParts<S> for BrandKey {
    type Rejection = ApiError;

    /// Only [`layer`] puts one there: a route that takes a `BrandKey`
    /// without declaring the scheme is refused (401), never open.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<BrandKey>()
            .cloned()
            .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::SignatureMissing))
    }
}

/// The text a call's signature covers.
pub fn string_to_sign(method: &str, path: &str, timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(method.len() + path.len() + timestamp.len() + body.len() + 3);
    for part in [method.as_bytes(), path.as_bytes(), timestamp.as_bytes()] {
        out.extend_from_slice(part);
        out.push(b'\n');
    }
    out.extend_from_slice(body);
    out
}

fn mac(secret: &str) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length")
}

/// The hex signature of a call (what the brand's server computes).
pub fn sign(secret: &str, method: &str, path: &str, timestamp: &str, body: &[u8]) -> String {
    let mut m = mac(secret);
    m.update(&string_to_sign(method, path, timestamp, body));
    crate::hex(&m.finalize().into_bytes())
}

/// Whether `signature_hex` is the call's signature (constant time).
pub fn verify(
    secret: &str,
    method: &str,
    path: &str,
    timestamp: &str,
    body: &[u8],
    signature_hex: &str,
) -> bool {
    let Some(tag) = unhex(signature_hex) else {
        return false;
    };
    let mut m = mac(secret);
    m.update(&string_to_sign(method, path, timestamp, body));
    m.verify_slice(&tag).is_ok()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A new key's id and salt: `{brand}.{16 hex}` and 32 random hex digits.
pub fn new_key_id(brand: &str) -> (String, String) {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    (
        format!("{brand}.{}", crate::hex(&bytes[..8])),
        crate::hex(&bytes[8..]),
    )
}

/// The key's secret, derived from the server's secret (see the module
/// documentation): `sk_` and 64 hex digits.
pub fn derive_secret(server: &ClientKey, brand: &str, key_id: &str, salt: &str) -> String {
    let part = |n: &str| server.hash(&["brand-api-key", brand, key_id, salt, n]);
    format!("sk_{}{}", part("1"), part("2"))
}

/// What a key row keeps of its secret: its SHA-256.
pub fn secret_check(secret: &str) -> String {
    crate::hex(&Sha256::digest(secret.as_bytes()))
}

/// A call's timestamp: UNIX seconds, optionally with a fraction of up to
/// nine digits (`1700000000.250`), so two calls in one second can differ.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let (secs, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
    };
    (digits(secs, 12) && digits(fraction, 9)).then(|| secs.parse().ok())?
}

/// The brand a key id names (`{brand}.{hex}`), if it has that shape.
pub fn brand_of(key_id: &str) -> Option<&str> {
    let (brand, rest) = key_id.split_once('.')?;
    (rules::is_brand_id(brand) && rest.len() == 16 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
        .then_some(brand)
}

/// The API's signed routes (method and path template).
#[derive(Debug, Default)]
pub struct SignedRoutes {
    routes: Vec<(Method, String)>,
}

impl SignedRoutes {
    /// The operations of the OpenAPI document that declare [`SCHEME`].
    pub fn from_doc(doc: &utoipa::openapi::OpenApi) -> SignedRoutes {
        let doc = serde_json::to_value(doc).unwrap_or_default();
        let mut routes = Vec::new();
        for (template, item) in doc["paths"].as_object().into_iter().flatten() {
            for (m, op) in item.as_object().into_iter().flatten() {
                let signed = op["security"].as_array().is_some_and(|s| {
                    s.iter()
                        .any(|r| r.as_object().is_some_and(|o| o.contains_key(SCHEME)))
                });
                if let (true, Ok(method)) = (
                    signed,
                    Method::from_bytes(m.to_ascii_uppercase().as_bytes()),
                ) {
                    routes.push((method, template.clone()));
                }
            }
        }
        SignedRoutes { routes }
    }

    fn contains(&self, method: &Method, path: &str) -> bool {
        self.routes
            .iter()
            .any(|(m, t)| m == method && crate::idempotency::matches_template(t, path))
    }
}

fn refuse(status: StatusCode, code: ErrorCode) -> Response {
    ApiError::new(status, code).into_response()
}

fn unauthorized(code: ErrorCode) -> Response {
    refuse(StatusCode::UNAUTHORIZED, code)
}

fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// Verifies signed routes' requests (see the module documentation); every
/// other request passes untouched.
pub async fn layer(
    State((state, routes)): State<(AppState, Arc<SignedRoutes>)>,
    req: Request,
    next: Next,
) -> Response {
    if !routes.contains(req.method(), req.uri().path()) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let (Some(key_id), Some(timestamp), Some(signature)) = (
        get(&parts.headers, KEY_HEADER).map(str::to_string),
        get(&parts.headers, TIMESTAMP_HEADER).map(str::to_string),
        get(&parts.headers, SIGNATURE_HEADER).map(str::to_ascii_lowercase),
    ) else {
        return unauthorized(ErrorCode::SignatureMissing);
    };
    let Some(brand) = brand_of(&key_id).map(str::to_string) else {
        return unauthorized(ErrorCode::ApiKeyUnknown);
    };
    let now = state.clock.now();
    match parse_timestamp(&timestamp) {
        Some(t) if (now - t).abs() <= WINDOW_SECS => {}
        _ => return unauthorized(ErrorCode::SignatureStale),
    }
    let key = match state.store.api_key(&brand, &key_id).await {
        Ok(k) => k,
        Err(store::StoreError::NotFound) => return unauthorized(ErrorCode::ApiKeyUnknown),
        Err(e) => return ApiError::from(e).into_response(),
    };
    if key.revoked_at.is_some() {
        return unauthorized(ErrorCode::ApiKeyRevoked);
    }
    let limit = state.config.body_limit_for(parts.uri.path());
    let declared =
        get(&parts.headers, header::CONTENT_LENGTH.as_str()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BodyTooLarge);
    }
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::BodyTooLarge);
    };
    let secret = derive_secret(&state.client_key, &brand, &key_id, &key.salt);
    if secret_check(&secret) != key.secret_check {
        tracing::warn!(key = %key_id, "API key no longer derivable: the server's secret changed");
        return unauthorized(ErrorCode::SignatureInvalid);
    }
    let path = parts
        .uri
        .path_and_query()
        .map_or(parts.uri.path(), |pq| pq.as_str())
        .to_string();
    if !verify(
        &secret,
        parts.method.as_str(),
        &path,
        &timestamp,
        &bytes,
        &signature,
    ) {
        return unauthorized(ErrorCode::SignatureInvalid);
    }
    match state
        .store
        .note_signature(&brand, &key_id, &signature, now)
        .await
    {
        Ok(true) => {}
        Ok(false) => return refuse(StatusCode::CONFLICT, ErrorCode::SignatureReplayed),
        Err(e) => return ApiError::from(e).into_response(),
    }
    parts.extensions.insert(BrandKey {
        brand: brand.clone(),
        key_id: key_id.clone(),
    });
    let idem = get(&parts.headers, crate::idempotency::HEADER).map(str::to_string);
    if idem
        .as_deref()
        .is_some_and(|k| !crate::idempotency::key_is_valid(k))
    {
        let _ = state.store.forget_signature(&brand, &signature).await;
        return refuse(StatusCode::BAD_REQUEST, ErrorCode::IdempotencyKeyInvalid);
    }
    let res = match idem {
        Some(idem) => {
            crate::idempotency::run_once(
                &state,
                brand.clone(),
                format!("api_key:{key_id}"),
                idem,
                None,
                parts,
                Body::from(bytes),
                next,
            )
            .await
        }
        None => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    };
    // A refused call leaves nothing behind, its signature included: the
    // same request may be sent again (and is refused again, or not).
    if (res.status().is_client_error() || res.status().is_server_error())
        && let Err(e) = state.store.forget_signature(&brand, &signature).await
    {
        tracing::warn!(error = %e, "forgetting a refused call's signature");
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test case 2 (the key "Jefe"), through our string to sign:
    /// the HMAC is the standard one.
    #[test]
    fn hmac_is_rfc_4231() {
        let mut m = mac("Jefe");
        m.update(b"what do ya want for nothing?");
        assert_eq!(
            crate::hex(&m.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn signatures_cover_method_path_timestamp_and_body() {
        let s = sign(
            "sk_x",
            "POST",
            "/api/v1/checkout/holds",
            "1700000000",
            b"{}",
        );
        assert!(verify(
            "sk_x",
            "POST",
            "/api/v1/checkout/holds",
            "1700000000",
            b"{}",
            &s
        ));
        assert!(verify(
            "sk_x",
            "POST",
            "/api/v1/checkout/holds",
            "1700000000",
            b"{}",
            &s.to_uppercase().to_lowercase()
        ));
        for (method, path, ts, body) in [
            ("PUT", "/api/v1/checkout/holds", "1700000000", &b"{}"[..]),
            ("POST", "/api/v1/checkout/holdz", "1700000000", b"{}"),
            ("POST", "/api/v1/checkout/holds", "1700000001", b"{}"),
            ("POST", "/api/v1/checkout/holds", "1700000000", b"{ }"),
        ] {
            assert!(
                !verify("sk_x", method, path, ts, body, &s),
                "{method} {path} {ts}"
            );
        }
        assert!(!verify(
            "sk_y",
            "POST",
            "/api/v1/checkout/holds",
            "1700000000",
            b"{}",
            &s
        ));
        assert!(!verify(
            "sk_x",
            "POST",
            "/api/v1/checkout/holds",
            "1700000000",
            b"{}",
            "zz"
        ));
        assert!(!verify(
            "sk_x",
            "POST",
            "/api/v1/checkout/holds",
            "1700000000",
            b"{}",
            &s[..62]
        ));
    }

    #[test]
    fn timestamps_are_seconds_with_an_optional_fraction() {
        assert_eq!(parse_timestamp("1700000000"), Some(1_700_000_000));
        assert_eq!(parse_timestamp("1700000000.123456789"), Some(1_700_000_000));
        for bad in [
            "",
            "-5",
            "1e9",
            "1700000000.",
            ".5",
            "17000000001234",
            "1700000000.1234567890",
            " 1",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn key_ids_name_their_brand() {
        let (id, salt) = new_key_id("demo-2");
        assert_eq!(brand_of(&id), Some("demo-2"));
        assert_eq!(salt.len(), 32);
        for bad in [
            "demo",
            "demo.",
            "Demo.0123456789abcdef",
            "demo.0123456789abcdeg",
            "a.b.c",
            ".0123456789abcdef",
        ] {
            assert_eq!(brand_of(bad), None, "{bad}");
        }
    }
}
