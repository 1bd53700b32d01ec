//! Static files: the consumer app's entries, `discover` at `/` and
//! `/b/{brand}/…` (built into `dist/app`), `me` at `/b/{brand}/me/…`
//! (built into `dist/me`, its assets under `/me/`) and `staff` at
//! `/b/{brand}/staff/…` (built into `dist/staff`, its assets under
//! `/staff/`), the admin app at `/admin/`, the embeddable widget at
//! `/widget/`.
//!
//! Files are served precompressed (`.br`, `.gz` written at build time by
//! `scripts/build-web`), so what a size check measures is what ships and no
//! CPU is spent compressing per request. Unknown paths fall back to the
//! entry's `index.html` with 200, so deep links work. Hashed assets are
//! cached for a year; HTML is revalidated every time. The points page's
//! address before the `me` entry (`/b/{brand}/points`) and `/b/{brand}/tasks`
//! redirect to their `me` pages.
//!
//! Every page carries a strict Content-Security-Policy: scripts only from
//! this origin, plus Trunk's inline bootstrap allowed by its SHA-256 hash
//! (computed from each entry's built index.html at start-up, so it matches
//! exactly what is served and works with precompressed files, unlike a
//! per-request nonce), `'wasm-unsafe-eval'` for WebAssembly, no
//! `'unsafe-inline'`. The apps may be framed only by this origin; the
//! widget, made to be embedded, by the sites `SEEDBED_WIDGET_ANCESTORS`
//! names.
//!
//! Without `--demo` (`Config::demo`), `/` and any other page address
//! outside the apps is a plain server-rendered page that lists no brands
//! (brand ids are not advertised) and says how to create one: an empty
//! installation never shows the demo brand. With `--demo`, `/` is the
//! demo brand's home, as `scripts/run` shows it.
//!
//! A consumer page's `Link` header preloads its first API calls. Each
//! consumer entry's index.html also loads `/prefetch/{other}.js`, which the
//! server writes from the *other* entry's built index.html: once the page
//! has loaded and the browser is idle, it prefetches that entry's hashed
//! files, so the step from discover into me (or back) is a cache hit
//! without taking bandwidth from the first load.

use axum::Router;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// The `'sha256-…'` sources of every inline `<script>` in an HTML page.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body = &after[tag_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body[close..];
    }
    out
}

/// Who may frame the widget unless configured: this origin and any https
/// site. The widget shows only what the public theme endpoint shows, holds
/// no session and does nothing but open links in a new window, so being
/// framed by a stranger exposes nothing; the apps themselves stay `'self'`.
pub const DEFAULT_WIDGET_ANCESTORS: &str = "'self' https:";

/// Checks a `frame-ancestors` source list (`SEEDBED_WIDGET_ANCESTORS`):
/// space-separated `'self'`, `'none'`, `*`, a scheme (`https:`) or an origin
/// (`https://shop.example.com`, `https://*.example.com`, with a port).
/// Anything else (`;`, quotes, paths, control characters) is refused, so the
/// setting cannot smuggle other directives into the header.
pub fn frame_ancestors(list: &str) -> Result<String, String> {
    let sources: Vec<&str> = list.split_ascii_whitespace().collect();
    if sources.is_empty() {
        return Err("give at least one source, e.g. 'self' or https://shop.example.com".into());
    }
    for s in &sources {
        let ok = match *s {
            "'self'" | "'none'" | "*" | "https:" | "http:" => true,
            _ => s.split_once("://").is_some_and(|(scheme, host)| {
                matches!(scheme, "http" | "https")
                    && !host.is_empty()
                    && host
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-.*:".contains(&b))
            }),
        };
        if !ok {
            return Err(format!("{s:?} is not a frame-ancestors source"));
        }
    }
    Ok(sources.join(" "))
}

/// The Content-Security-Policy for the app whose built index.html is at
/// `index`, framed only by `ancestors`.
pub fn content_security_policy(index: &Path, ancestors: &str) -> HeaderValue {
    let html = std::fs::read_to_string(index).unwrap_or_default();
    let hashes = inline_script_hashes(&html).join(" ");
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self'; \
         img-src 'self' data: https:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
    );
    HeaderValue::from_str(&policy).expect("a CSP is plain ASCII")
}

/// A single-page app in `dir`: its files, precompressed, and its
/// index.html for every other path.
fn spa(dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(dir.join("index.html"))
                .precompressed_br()
                .precompressed_gzip(),
        )
}

/// What each app's pages carry: its Content-Security-Policy and, for the
/// consumer entries, the other entry's files to prefetch.
#[derive(Clone)]
struct Policies {
    discover: HeaderValue,
    me: HeaderValue,
    staff: HeaderValue,
    /// The staff app's second entry (`/b/{brand}/staff/office/…`).
    office: HeaderValue,
    admin: HeaderValue,
    widget: HeaderValue,
    /// `/` is the demo brand's home (else the plain page: nothing to preload).
    demo: bool,
}

/// The same-origin scripts, wasm and styles a built index.html loads
/// (Trunk writes them as absolute paths under the entry's public URL).
pub fn entry_files(index: &Path) -> Vec<String> {
    let html = std::fs::read_to_string(index).unwrap_or_default();
    let mut files: Vec<String> = Vec::new();
    for piece in html.split(['"', '\'']) {
        let asset = [".js", ".wasm", ".css"].iter().any(|e| piece.ends_with(e));
        let plain = piece
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b));
        // `/prefetch/…` is the server's own script, not a built file.
        let built = piece.starts_with('/') && !piece.starts_with("/prefetch/");
        if asset && plain && built && !files.iter().any(|f| f == piece) {
            files.push(piece.to_string());
        }
    }
    files
}

/// The script each consumer entry's index.html loads (`/prefetch/me.js` on
/// discover pages, `/prefetch/app.js` on me pages): once the page's own
/// app has started (Trunk's `TrunkApplicationStarted`, after its wasm is
/// in and its first requests are out) and the browser is idle, it adds
/// `rel=prefetch` links to the other entry's hashed files,
/// so following a link there needs no download. Sent as a `Link` header on
/// the page instead, the prefetch started at once and shared a slow
/// phone link with the page's own wasm (measured: "campaigns on screen"
/// 1.40 s → 2.12 s at 1.6 Mbps). An entry not built yields an empty list.
fn prefetch_script(index: &Path) -> String {
    let files: Vec<String> = entry_files(index)
        .into_iter()
        // Scripts and wasm are fetched in CORS mode (module scripts,
        // `fetch`), styles are not: match, so the cached copy is used.
        // Names are plain (`entry_files`), safe inside a JS string.
        .map(|f| format!("[\"{f}\",{}]", u8::from(!f.ends_with(".css"))))
        .collect();
    format!(
        "(()=>{{const go=()=>(self.requestIdleCallback||setTimeout)(()=>{{for(const[h,c]of[{}]){{const l=document.createElement(\"link\");l.rel=\"prefetch\";l.href=h;if(c)l.crossOrigin=\"anonymous\";document.head.append(l)}}}});if(self.wasmBindings)go();else addEventListener(\"TrunkApplicationStarted\",go)}})();\n",
        files.join(",")
    )
}

/// `GET /prefetch/{entry}.js`: see [`prefetch_script`]. Never cached long:
/// the names change with every build.
fn prefetch_route(script: String) -> axum::routing::MethodRouter {
    get(move || {
        let script = script.clone();
        async move {
            (
                [
                    (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                    (header::CACHE_CONTROL, "no-cache"),
                ],
                script,
            )
        }
    })
}

/// The page `/` shows without `--demo`: no brand is listed, and the way
/// to create one is spelled out. Plain HTML, no script or inline style, so
/// the strict CSP holds.
pub const HOME_PAGE: &str = r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Seedbed</title>
</head>
<body>
<h1>Seedbed</h1>
<p>这里不列出品牌。消费者请通过品牌提供的链接（<code>/b/品牌ID</code>）进入；运营人员请登录 <a href="/admin/">运营后台</a>。</p>
<p lang="en">This server lists no brands. Consumers arrive through their brand's own link (<code>/b/{brand}</code>); operators sign in at <a href="/admin/">/admin/</a>.</p>
<h2>创建品牌 · Create a brand</h2>
<p>在服务器上运行 · On the server, run:</p>
<pre>seedbed brand create --id ID --name "品牌名称 / NAME" --owner EMAIL [--tz Asia/Shanghai]</pre>
<p>命令会打印一个一次性的所有者邀请链接（7 天内有效）：打开它设置密码，即可登录运营后台并在「品牌设置」中设置标志、主题色和公开地址。</p>
<p lang="en">It prints a one-time invitation link for the brand's first owner (valid for 7 days): open it to set a password, then sign in to the admin and set the logo, colour and public address under Settings.</p>
</body>
</html>
"#;

/// Whether `path` names a page of an app (not a file, not the home page
/// of an installation without the demo): `/b/…`, `/me/…`, `/staff/…`,
/// `/admin/…`, `/widget/…`, or a file name with an extension (the discover entry's
/// built files are served from the root).
fn is_app_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    [
        "/b/",
        "/me/",
        "/staff/",
        "/staff-office/",
        "/admin/",
        "/widget/",
    ]
    .iter()
    .any(|p| path.starts_with(p) || path == &p[..p.len() - 1])
        || (last.contains('.') && !last.ends_with(".html"))
}

/// Without the demo: the plain home page at `/` (200) and for any other
/// page address outside the apps (404); files and app pages go on to the
/// consumer app's folder as usual.
async fn plain_home(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if is_app_path(path) {
        return next.run(req).await;
    }
    let status = if path == "/" || path == "/index.html" {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        HOME_PAGE,
    )
        .into_response()
}

/// The consumer app's entries, the admin app and the widget;
/// `widget_ancestors` has passed `frame_ancestors`; `demo`: `/` opens the
/// demo brand (else the plain page, [`HOME_PAGE`]).
pub fn routes(web_dir: &Path, widget_ancestors: &str, demo: bool) -> Router {
    let policies = Policies {
        discover: content_security_policy(&web_dir.join("app/index.html"), "'self'"),
        me: content_security_policy(&web_dir.join("me/index.html"), "'self'"),
        staff: content_security_policy(&web_dir.join("staff/index.html"), "'self'"),
        office: content_security_policy(&web_dir.join("staff-office/index.html"), "'self'"),
        admin: content_security_policy(&web_dir.join("admin/index.html"), "'self'"),
        widget: content_security_policy(&web_dir.join("widget/index.html"), widget_ancestors),
        demo,
    };
    let me_page = ServeFile::new(web_dir.join("me/index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let staff_page = ServeFile::new(web_dir.join("staff/index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let office_page = ServeFile::new(web_dir.join("staff-office/index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let prefetch = Router::new()
        .route(
            "/prefetch/me.js",
            prefetch_route(prefetch_script(&web_dir.join("me/index.html"))),
        )
        .route(
            "/prefetch/app.js",
            prefetch_route(prefetch_script(&web_dir.join("app/index.html"))),
        );
    let pages = Router::new()
        .route("/b/{brand}/points", get(moved_to_me))
        .route("/b/{brand}/tasks", get(moved_to_me))
        .route_service("/b/{brand}/me", me_page.clone())
        .route_service("/b/{brand}/me/", me_page.clone())
        .route_service("/b/{brand}/me/{*page}", me_page)
        .route_service("/b/{brand}/staff", staff_page.clone())
        .route_service("/b/{brand}/staff/", staff_page.clone())
        .route_service("/b/{brand}/staff/office", office_page.clone())
        .route_service("/b/{brand}/staff/office/", office_page.clone())
        .route_service("/b/{brand}/staff/office/{*page}", office_page)
        .route_service("/b/{brand}/staff/{*page}", staff_page)
        .nest_service("/me", spa(&web_dir.join("me")))
        .nest_service("/staff", spa(&web_dir.join("staff")))
        .nest_service("/staff-office", spa(&web_dir.join("staff-office")))
        .nest_service("/admin", spa(&web_dir.join("admin")))
        .nest_service("/widget", spa(&web_dir.join("widget")))
        .fallback_service(spa(&web_dir.join("app")));
    let pages = if demo {
        pages
    } else {
        pages.layer(middleware::from_fn(plain_home))
    };
    pages
        .layer(middleware::from_fn_with_state(policies, page_headers))
        .merge(prefetch)
}

/// An address from before the `me` entry: `/b/{brand}/points` is the me
/// entry's home, `/b/{brand}/tasks` its tasks page.
async fn moved_to_me(UrlPath(brand): UrlPath<String>, req: Request) -> Response {
    if !rules::is_brand_id(&brand) {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let mut to = if req.uri().path().ends_with("/tasks") {
        format!("/b/{brand}/me/tasks")
    } else {
        format!("/b/{brand}/me")
    };
    // An invitation code or language choice rides along.
    if let Some(q) = req.uri().query() {
        to.push('?');
        to.push_str(q);
    }
    Redirect::permanent(&to).into_response()
}

/// Whether `path` is one of the me entry's pages or files.
fn is_me(path: &str) -> bool {
    is_entry(path, "me")
}

/// Whether `path` is one of the `entry`'s pages (`/b/{brand}/{entry}…`)
/// or files (`/{entry}/…`).
fn is_entry(path: &str, entry: &str) -> bool {
    if path
        .strip_prefix('/')
        .and_then(|p| p.strip_prefix(entry))
        .is_some_and(|r| r.is_empty() || r.starts_with('/'))
    {
        return true;
    }
    let mut parts = path.trim_start_matches('/').split('/');
    parts.next() == Some("b") && parts.nth(1) == Some(entry)
}

/// A page or file of the staff app's second entry: `/staff-office/…` or
/// `/b/{brand}/staff/office/…`.
fn is_office(path: &str) -> bool {
    if is_entry(path, "staff-office") {
        return true;
    }
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    parts.len() >= 4 && parts[0] == "b" && parts[2] == "staff" && parts[3] == "office"
}

fn is_html(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"))
}

/// Sets caching and, on pages, the app's CSP; turns the SPA fallback for a
/// missing *file* (a path whose last segment has an extension, such as an
/// old hashed bundle) into a 404: only route-like paths get index.html.
async fn page_headers(State(policies): State<Policies>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let last = path.rsplit('/').next().unwrap_or("");
    let wants_file = last.contains('.') && !last.ends_with(".html");
    let me = is_me(path);
    let csp = if path.starts_with("/admin") {
        policies.admin
    } else if path.starts_with("/widget") {
        policies.widget
    } else if me {
        policies.me
    } else if is_office(path) {
        policies.office
    } else if is_entry(path, "staff") {
        policies.staff
    } else {
        policies.discover
    };
    let preload = app_preloads(path).filter(|_| policies.demo || is_app_path(path));
    let mut res = next.run(req).await;
    let html = is_html(&res);
    if wants_file && html {
        return (
            StatusCode::NOT_FOUND,
            [(header::CACHE_CONTROL, "no-cache")],
            "not found",
        )
            .into_response();
    }
    let value = if html || !res.status().is_success() {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    if html {
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
        if let Some(v) = preload.and_then(|p| HeaderValue::from_str(&p).ok()) {
            res.headers_mut().insert(header::LINK, v);
        }
    }
    res
}

/// What a consumer page asks the API for first, as `Link` preloads, so the
/// browser fetches it while the wasm is still downloading instead of after
/// it starts (on a 150 ms, 1.6 Mbps phone link, the API answers are there
/// when the app first renders). The brand comes from the path
/// (`/b/{brand}/…`, `/` is the demo brand); then what the page itself
/// loads first: the theme on the home page, a campaign page and the
/// samples page, the ledger and inbox on the me entry's home, the tasks,
/// rewards and redemptions on their pages; on the staff entry's pages the
/// brand and the staff member (`/api/v1/staff/me`), never the member. `crossorigin=anonymous` matches the app's same-origin
/// `fetch`, which is what lets the browser reuse the preloaded answers.
fn app_preloads(path: &str) -> Option<String> {
    let rest = match path {
        "/" => "demo",
        _ => path.strip_prefix("/b/")?,
    };
    let (brand, page) = rest.split_once('/').unwrap_or((rest, ""));
    if !rules::is_brand_id(brand) {
        return None;
    }
    let fetch = |url: &str| format!("<{url}>; rel=preload; as=fetch; crossorigin=anonymous");
    let theme = || fetch(&format!("/api/v1/brands/{brand}/themes/current"));
    // The staff entry: the brand and who is signed in as staff.
    if page == "staff" || page.starts_with("staff/") {
        let links = [
            fetch(&format!("/api/v1/brands/{brand}")),
            fetch("/api/v1/staff/me"),
        ];
        return Some(links.join(", "));
    }
    let mut links = vec![
        fetch(&format!("/api/v1/brands/{brand}")),
        fetch("/api/v1/me"),
    ];
    match page.trim_end_matches('/') {
        "" => links.push(theme()),
        p if p.starts_with("campaigns/") => links.push(theme()),
        "me" => {
            links.push(fetch("/api/v1/me/points"));
            links.push(fetch("/api/v1/me/notifications"));
        }
        "me/tasks" => links.push(fetch("/api/v1/me/tasks")),
        "me/samples" => links.push(theme()),
        "me/rewards" => links.push(fetch("/api/v1/me/rewards")),
        "me/redemptions" => links.push(fetch("/api/v1/me/redemptions")),
        _ => {}
    }
    Some(links.join(", "))
}

/// Headers every response carries; HSTS when served over https
/// (`secure`, the same setting that marks cookies Secure).
pub async fn security_headers(State(secure): State<bool>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if secure {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
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

/// Checks `SEEDBED_PUBLIC_URL`: an http(s) origin with no path, query or
/// credentials; answered without a trailing slash.
pub fn public_url(v: &str) -> Result<String, String> {
    let u = url::Url::parse(v.trim()).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(u.scheme(), "http" | "https")
        || u.host_str().is_none()
        || !u.username().is_empty()
        || u.password().is_some()
        || u.query().is_some()
        || u.fragment().is_some()
        || u.path() != "/"
    {
        return Err("use an origin such as https://koc.brand.cn".into());
    }
    Ok(u.as_str().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_scripts_only() {
        let html = "<head><script type=\"module\">\nimport init from '/a.js';\n</script>\
                    <script src=\"/b.js\"></script><script>x()</script></head>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let expect = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"x()"));
        assert_eq!(hashes[1], format!("'sha256-{expect}'"));
    }

    #[test]
    fn consumer_pages_preload_their_first_api_calls() {
        let links = app_preloads;
        let home = links("/b/acme").unwrap();
        assert!(
            home.contains("</api/v1/brands/acme>; rel=preload; as=fetch; crossorigin=anonymous"),
            "{home}"
        );
        assert!(
            home.contains("</api/v1/me>") && home.contains("</api/v1/brands/acme/themes/current>"),
            "{home}"
        );
        assert_eq!(links("/"), links("/b/demo"));
        let points = links("/b/acme/points").unwrap();
        assert!(
            points.contains("/api/v1/me") && !points.contains("themes"),
            "{points}"
        );
        let me = links("/b/acme/me").unwrap();
        assert!(
            me.contains("</api/v1/me/points>") && me.contains("</api/v1/me/notifications>"),
            "{me}"
        );
        assert_eq!(links("/b/acme/me/"), Some(me));
        let tasks = links("/b/acme/me/tasks").unwrap();
        assert!(tasks.contains("</api/v1/me/tasks>"), "{tasks}");
        let campaign = links("/b/acme/campaigns/0190ab").unwrap();
        assert!(campaign.contains("/themes/current>"), "{campaign}");
        for staff in ["/b/acme/staff", "/b/acme/staff/", "/b/acme/staff/login"] {
            let s = links(staff).unwrap();
            assert!(
                s.contains("</api/v1/brands/acme>") && s.contains("</api/v1/staff/me>"),
                "{s}"
            );
            assert!(!s.contains("</api/v1/me>"), "{s}");
        }
        for none in [
            "/admin/",
            "/widget/",
            "/b/",
            "/b/Bad",
            "/b/a%20b",
            "/b/<x>/points",
            "/favicon.ico",
        ] {
            assert_eq!(links(none), None, "{none}");
        }
    }

    #[test]
    fn me_paths_and_entry_files() {
        for me in [
            "/b/demo/me",
            "/b/demo/me/",
            "/b/demo/me/tasks",
            "/me/me-1a2b.js",
        ] {
            assert!(is_me(me), "{me}");
        }
        for not in [
            "/",
            "/b/demo",
            "/b/me",
            "/b/demo/campaigns/me",
            "/admin/me",
            "/meh",
            "/b/demo/staff",
        ] {
            assert!(!is_me(not), "{not}");
        }
        for staff in [
            "/b/demo/staff",
            "/b/demo/staff/login",
            "/staff/staff-1a2b.js",
            "/staff",
        ] {
            assert!(is_entry(staff, "staff"), "{staff}");
        }
        for office in [
            "/b/demo/staff/office",
            "/b/demo/staff/office/goals",
            "/staff-office/staff_office-1a2b.js",
        ] {
            assert!(is_office(office), "{office}");
        }
        for not in [
            "/b/demo/staff",
            "/b/demo/staff/leads",
            "/staff/x.js",
            "/b/demo/me",
        ] {
            assert!(!is_office(not), "{not}");
        }
        for not in ["/b/demo", "/b/demo/me", "/staffing", "/b/staff", "/me/x"] {
            assert!(!is_entry(not, "staff"), "{not}");
        }
        let dir = std::env::temp_dir().join(format!("seedbed-entry-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let index = dir.join("index.html");
        std::fs::write(
            &index,
            "<link rel=\"stylesheet\" href=\"/me/app-9f.css\"><link rel=\"modulepreload\" href=\"/me/me-1a.js\">\
             <script src=\"/prefetch/app.js\" async></script>\
             <script type=\"module\">import init from '/me/me-1a.js'; init({module_or_path: '/me/me-1a_bg.wasm'});</script>",
        )
        .unwrap();
        assert_eq!(
            entry_files(&index),
            ["/me/app-9f.css", "/me/me-1a.js", "/me/me-1a_bg.wasm"]
        );
        let script = prefetch_script(&index);
        assert!(
            script.contains(r#"[["/me/app-9f.css",0],["/me/me-1a.js",1],["/me/me-1a_bg.wasm",1]]"#),
            "{script}"
        );
        // Not before the page's own app has started (Trunk's event after
        // its wasm is in): then at idle.
        assert!(
            script.contains(r#"addEventListener("TrunkApplicationStarted",go)"#)
                && script.contains("requestIdleCallback")
        );
        assert!(prefetch_script(&dir.join("missing.html")).contains("of[]"));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn frame_ancestor_lists() {
        let ok = |s: &str, want: &str| assert_eq!(frame_ancestors(s).as_deref(), Ok(want), "{s}");
        ok(DEFAULT_WIDGET_ANCESTORS, "'self' https:");
        ok(
            "  https://shop.example.com   https://*.example.cn:8443 ",
            "https://shop.example.com https://*.example.cn:8443",
        );
        ok("'none'", "'none'");
        for bad in [
            "",
            "  ",
            "'self'; script-src *",
            "https://a.com/path",
            "javascript:",
            "'unsafe-inline'",
            "ftp://x",
            "https://",
            "\"x\"",
        ] {
            assert!(frame_ancestors(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_public_url_is_an_origin() {
        assert_eq!(
            super::public_url("https://koc.brand.cn/").unwrap(),
            "https://koc.brand.cn"
        );
        assert_eq!(
            super::public_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "koc.brand.cn",
            "ftp://koc.brand.cn",
            "https://koc.brand.cn/app",
            "https://u:p@koc.brand.cn",
            "https://koc.brand.cn/?x=1",
        ] {
            assert!(super::public_url(bad).is_err(), "{bad}");
        }
    }
}
