//! The page a KOS QR code opens (issue 17: leads): `/b/{brand}/join/{code}`,
//! a staff member's personal code (`p-…`) or a store's live code (活码,
//! `s-…`). A walk-in leaves a phone or WeChat ID and agrees to be
//! contacted; the lead lands with the staff member, or with the store's
//! next colleague on shift, in turn (`Store::walk_in`).
//!
//! Why a small server-rendered page and not a page of the discover app:
//! the person scanning is not a member and may never be; the page must
//! open at once in WeChat's browser on a shop floor's mobile signal, and
//! it needs a form and two sentences, not the consumer app's 150 KB first
//! load. It has no script at all: a plain HTML form posts back to the same
//! address (same origin; the API's CSRF rule is checked here too), and
//! its one style block is allowed by its hash in a strict CSP. zh-CN first,
//! English beside it.

use super::kos_leads::take_walk_in;
use crate::AppState;
use crate::error::ApiError;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use sha2::{Digest, Sha256};

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#faf7f5;color:#222}\
main{max-width:28rem;margin:0 auto;padding:1.5rem}h1{font-size:1.3rem}label{display:block;margin:.8rem 0 .2rem}\
input[type=tel],input[type=text]{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #bbb;border-radius:.4rem}\
.consent{display:flex;gap:.5rem;align-items:flex-start;margin:1rem 0}.consent input{margin-top:.3rem}\
button{width:100%;padding:.8rem;font-size:1.05rem;border:0;border-radius:.4rem;background:#b4235a;color:#fff}\
.error{color:#a00;background:#fee;padding:.6rem;border-radius:.4rem}.en{color:#666;font-size:.9rem}";

pub fn landing(state: AppState) -> Router {
    Router::new()
        .route("/b/{brand}/join/{code}", get(page).post(submit))
        .with_state(state)
}

#[derive(Debug, Deserialize)]
struct JoinForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    handle: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    consent: Option<String>,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let hash = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        Sha256::digest(STYLE.as_bytes()),
    );
    let csp = format!(
        "default-src 'none'; style-src 'sha256-{hash}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    );
    let page = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>",
        escape(title)
    );
    let mut res = (status, page).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// Who the code names, as the page greets with: the brand's name and the
/// staff member's (or the store's) name. `None` for a code naming nobody.
async fn names(state: &AppState, brand: &str, code: &str) -> Option<(String, String)> {
    let b = state.store.brand(brand).await.ok()?;
    let brand_name = b.name;
    let (kind, id) = code.split_once('-')?;
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let who = match kind {
        "p" => {
            let s = state.store.staff_member(brand, id).await.ok()?;
            if s.left_on.is_some() {
                return None;
            }
            let store = match &s.store_id {
                Some(st) => state.store.kos_store(brand, st).await.ok()?.name,
                None => return None,
            };
            format!("{store} · {}", s.name)
        }
        "s" => {
            let s = state.store.kos_store(brand, id).await.ok()?;
            if s.status != "open" {
                return None;
            }
            s.name
        }
        _ => return None,
    };
    Some((brand_name, who))
}

fn form_body(brand: &str, who: &str, code: &str, error: Option<&str>, f: &JoinForm) -> String {
    let error = error.map_or_else(String::new, |e| {
        format!("<p class=\"error\" role=\"alert\">{}</p>", escape(e))
    });
    format!(
        "<h1>{brand}</h1><p>{who} 的导购将通过你留下的方式与你联系。<br>\
         <span class=\"en\">A consultant of {who} will contact you.</span></p>{error}\
         <form method=\"post\" action=\"{code}\">\
         <label for=\"phone\">手机号 <span class=\"en\">Phone</span></label>\
         <input id=\"phone\" name=\"phone\" type=\"tel\" inputmode=\"tel\" autocomplete=\"tel\" maxlength=\"20\" value=\"{phone}\">\
         <label for=\"handle\">或微信号 <span class=\"en\">or WeChat ID</span></label>\
         <input id=\"handle\" name=\"handle\" type=\"text\" maxlength=\"60\" value=\"{handle}\">\
         <div class=\"consent\"><input id=\"consent\" name=\"consent\" type=\"checkbox\" value=\"yes\">\
         <label for=\"consent\">我同意品牌导购通过以上方式联系我，并为此保存我的联系方式（可随时要求删除）。\
         <span class=\"en\">I agree to be contacted this way and to my contact being kept for it (erased on request).</span></label></div>\
         <button type=\"submit\">提交 <span class=\"en\">Send</span></button></form>",
        brand = escape(brand),
        who = escape(who),
        code = escape(code),
        phone = escape(&f.phone),
        handle = escape(&f.handle),
    )
}

fn unknown() -> Response {
    html(
        StatusCode::NOT_FOUND,
        "二维码无效",
        "<h1>二维码无效</h1><p>该二维码无效或已失效，请向店员索取新的二维码。</p>\
         <p class=\"en\">This QR code is not valid (any more): ask the staff for a new one.</p>",
    )
}

async fn page(
    State(state): State<AppState>,
    Path((brand, code)): Path<(String, String)>,
) -> Response {
    let Some((brand_name, who)) = names(&state, &brand, &code).await else {
        return unknown();
    };
    let empty = JoinForm {
        phone: String::new(),
        handle: String::new(),
        consent: None,
    };
    html(
        StatusCode::OK,
        &brand_name,
        &form_body(&brand_name, &who, &code, None, &empty),
    )
}

async fn submit(
    State(state): State<AppState>,
    Path((brand, code)): Path<(String, String)>,
    headers: HeaderMap,
    extensions: Extensions,
    Form(f): Form<JoinForm>,
) -> Response {
    if super::is_cross_site(&headers) {
        return ApiError::forbidden_with(crate::error::ErrorCode::CrossSiteRequest).into_response();
    }
    let Some((brand_name, who)) = names(&state, &brand, &code).await else {
        return unknown();
    };
    let form = api::WalkInForm {
        code: code.clone(),
        phone: f.phone.clone(),
        handle: f.handle.clone(),
        consent: f.consent.is_some(),
    };
    let key = super::kos_leads::walk_in_key(&state, &headers, &extensions);
    match take_walk_in(&state, &brand, &form, key).await {
        Ok(a) => {
            // A phone that was a lead already names nobody (the answer
            // never says whose lead a phone is).
            let who = if a.staff_name.is_empty() {
                who
            } else {
                a.staff_name
            };
            html(
                StatusCode::OK,
                &brand_name,
                &format!(
                    "<h1>{}</h1><p>已收到，{} 会尽快与你联系。</p><p class=\"en\">Thank you: {} will be in touch soon.</p>",
                    escape(&brand_name),
                    escape(&who),
                    escape(&who)
                ),
            )
        }
        Err(e) => {
            let message = e.code.message(true);
            html(
                e.status,
                &brand_name,
                &form_body(&brand_name, &who, &code, Some(message), &f),
            )
        }
    }
}
