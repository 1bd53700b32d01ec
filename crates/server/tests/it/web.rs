//! Static serving: SPA deep links, precompressed assets, caching.

use server::{AppState, Config};
use std::sync::Arc;
use store::prelude::*;

#[tokio::test]
async fn apps_deep_links_and_assets() {
    let root = std::env::temp_dir().join(format!("seedbed-web-{}", store::new_id()));
    let web = root.join("dist");
    std::fs::create_dir_all(web.join("app")).unwrap();
    std::fs::create_dir_all(web.join("admin")).unwrap();
    std::fs::write(
        web.join("app/index.html"),
        "<html>consumer<script type=\"module\">boot()</script></html>",
    )
    .unwrap();
    std::fs::write(web.join("app/app-1a2b.js"), "console.log(1)").unwrap();
    std::fs::write(
        web.join("app/app-1a2b.js.br"),
        b"\x0b\x06\x80console.log(1)\x03",
    )
    .unwrap();
    // The me entry: its own bootstrap (so its own CSP hash) and hashed files.
    std::fs::create_dir_all(web.join("me")).unwrap();
    std::fs::write(
        web.join("me/index.html"),
        "<html>me<link rel=\"modulepreload\" href=\"/me/me-3c4d.js\">\
         <script type=\"module\">import init from '/me/me-3c4d.js'; init({module_or_path: '/me/me-3c4d_bg.wasm'})</script></html>",
    )
    .unwrap();
    std::fs::write(web.join("me/me-3c4d.js"), "console.log(2)").unwrap();
    // The staff entry (issue 17): likewise.
    std::fs::create_dir_all(web.join("staff")).unwrap();
    std::fs::write(
        web.join("staff/index.html"),
        "<html>staff<script type=\"module\">import init from '/staff/staff-5e6f.js'; init()</script></html>",
    )
    .unwrap();
    std::fs::write(web.join("staff/staff-5e6f.js"), "console.log(3)").unwrap();
    std::fs::write(web.join("admin/index.html"), "<html>admin</html>").unwrap();
    std::fs::create_dir_all(web.join("widget")).unwrap();
    std::fs::write(web.join("widget/index.html"), "<html>widget</html>").unwrap();
    let s = store::connect(&format!("sqlite:{}/t.db", root.display()))
        .await
        .unwrap();
    s.migrate().await.unwrap();
    let state = AppState::new(
        Arc::new(s),
        Config {
            web_dir: web,
            widget_ancestors: server::web::frame_ancestors("https://shop.example.com").unwrap(),
            // `seedbed serve --demo`: `/` is the demo brand's home.
            demo: true,
            ..Config::default()
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, server::router(state)).await.unwrap() });
    let http = reqwest::Client::new();
    let get = |path: &str, br: bool| {
        let mut r = http.get(format!("{base}{path}"));
        if br {
            r = r.header("accept-encoding", "br");
        }
        r.send()
    };

    for (path, body) in [
        ("/", "consumer"),
        ("/b/demo/campaigns/x", "consumer"),
        ("/admin/", "admin"),
        ("/admin/themes", "admin"),
        ("/widget/", "widget"),
        ("/b/demo/me", "me"),
        ("/b/demo/me/", "me"),
        ("/b/demo/me/tasks", "me"),
        ("/b/demo/staff", "staff"),
        ("/b/demo/staff/", "staff"),
        ("/b/demo/staff/login", "staff"),
    ] {
        let r = get(path, false).await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        assert!(r.text().await.unwrap().contains(body), "{path}");
    }
    let r = get("/b/demo", false).await.unwrap();
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-inline")
            && csp.contains("object-src 'none'")
            && csp.contains("frame-ancestors 'self'"),
        "{csp}"
    );
    // Only the widget may be framed by the brand's site; the apps never.
    let frames = |path: &'static str| {
        let r = get(path, false);
        async move {
            let r = r.await.unwrap();
            let csp = r.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_string();
            csp.rsplit("frame-ancestors ").next().unwrap().to_string()
        }
    };
    assert_eq!(frames("/widget/").await, "https://shop.example.com");
    assert_eq!(
        frames("/widget/?brand=acme").await,
        "https://shop.example.com"
    );
    assert_eq!(frames("/admin/").await, "'self'");
    assert_eq!(frames("/b/demo").await, "'self'");
    assert_eq!(
        server::web::inline_script_hashes("<script type=\"module\">boot()</script>").len(),
        1
    );
    assert!(csp.contains(
        &server::web::inline_script_hashes("<script type=\"module\">boot()</script>")[0]
    ));
    assert!(
        r.headers().get("strict-transport-security").is_none(),
        "no HSTS over plain http"
    );
    // Each entry runs under its own bootstrap's hash.
    let me_csp = |path: &'static str| {
        let r = get(path, false);
        async move {
            r.await.unwrap().headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_string()
        }
    };
    let me_hash = server::web::inline_script_hashes(
        "<script type=\"module\">import init from '/me/me-3c4d.js'; init({module_or_path: '/me/me-3c4d_bg.wasm'})</script>",
    )
    .remove(0);
    let on_me = me_csp("/b/demo/me/samples").await;
    assert!(
        on_me.contains(&me_hash)
            && !on_me.contains(
                &server::web::inline_script_hashes("<script type=\"module\">boot()</script>")[0]
            ),
        "{on_me}"
    );
    assert!(!me_csp("/b/demo").await.contains(&me_hash));
    // The staff entry's pages and files run under the staff bootstrap's
    // hash and preload the staff member, not the member.
    let staff_hash = server::web::inline_script_hashes(
        "<script type=\"module\">import init from '/staff/staff-5e6f.js'; init()</script>",
    )
    .remove(0);
    let on_staff = me_csp("/b/demo/staff/login").await;
    assert!(
        on_staff.contains(&staff_hash) && !on_staff.contains(&me_hash),
        "{on_staff}"
    );
    let r = get("/b/demo/staff", false).await.unwrap();
    let link = r.headers()["link"].to_str().unwrap().to_string();
    assert!(
        link.contains("</api/v1/staff/me>; rel=preload") && !link.contains("</api/v1/me>"),
        "{link}"
    );
    assert_eq!(
        get("/staff/staff-5e6f.js", false)
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "console.log(3)"
    );
    // A discover page preloads its own API calls and nothing else: the me
    // entry's files come from /prefetch/me.js once the page is idle, so
    // they never share the first load's bandwidth.
    let r = get("/b/demo/campaigns/x", false).await.unwrap();
    let link = r.headers()["link"].to_str().unwrap().to_string();
    assert!(
        link.contains("</api/v1/brands/demo/themes/current>; rel=preload")
            && !link.contains("prefetch"),
        "{link}"
    );
    let r = get("/prefetch/me.js", false).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-cache");
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let script = r.text().await.unwrap();
    assert!(
        script.contains(r#"["/me/me-3c4d.js",1]"#)
            && script.contains(r#"["/me/me-3c4d_bg.wasm",1]"#),
        "{script}"
    );
    let r = get("/b/demo/me", false).await.unwrap();
    let link = r.headers()["link"].to_str().unwrap().to_string();
    assert!(
        link.contains("</api/v1/me/points>; rel=preload") && !link.contains("/me/me-3c4d.js"),
        "{link}"
    );
    assert_eq!(
        get("/me/me-3c4d.js", false)
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "console.log(2)"
    );
    // The points page's address before the me entry still works.
    let no_follow = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (old, new) in [
        ("/b/demo/points", "/b/demo/me"),
        ("/b/demo/tasks", "/b/demo/me/tasks"),
        ("/b/demo/points?lang=en", "/b/demo/me?lang=en"),
    ] {
        let r = no_follow.get(format!("{base}{old}")).send().await.unwrap();
        assert_eq!(r.status(), 308, "{old}");
        assert_eq!(r.headers()["location"], new, "{old}");
    }
    let followed = get("/b/demo/points", false).await.unwrap();
    assert_eq!(followed.url().path(), "/b/demo/me");
    assert!(followed.text().await.unwrap().starts_with("<html>me"));
    let r = get("/app-1a2b.js", true).await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-encoding"],
        "br",
        "the precompressed file is served"
    );
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        get("/app-old.js", false).await.unwrap().status(),
        404,
        "a missing file is not the SPA page"
    );
    let r = get("/api/v1/nothing", false).await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["content-type"], "application/json");
    assert_eq!(r.headers()["cache-control"], "no-store");
    let doc = http
        .get(format!("{base}/api/v1/openapi.json"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        doc.headers()["content-encoding"],
        "gzip",
        "JSON is compressed"
    );
    let _ = std::fs::remove_dir_all(root);
}

/// `seedbed serve` without `--demo`: `/` is a plain page that names no
/// brand and says how to create one; the apps and their files are served
/// as usual, and no page address outside them falls into the demo brand.
#[tokio::test]
async fn without_the_demo_home_is_a_plain_page() {
    let root = std::env::temp_dir().join(format!("seedbed-home-{}", store::new_id()));
    let web = root.join("dist");
    for entry in ["app", "me", "staff", "admin", "widget"] {
        std::fs::create_dir_all(web.join(entry)).unwrap();
        std::fs::write(
            web.join(entry).join("index.html"),
            format!("<html>{entry}-app</html>"),
        )
        .unwrap();
    }
    std::fs::write(web.join("app/discover-1a2b.js"), "console.log(1)").unwrap();
    let s = store::connect(&format!("sqlite:{}/t.db", root.display()))
        .await
        .unwrap();
    s.migrate().await.unwrap();
    server::demo::load(&s, server::time::Clock::System.now())
        .await
        .unwrap();
    let state = AppState::new(
        Arc::new(s),
        Config {
            web_dir: web,
            ..Config::default()
        },
    );
    assert!(!state.config.demo, "no demo unless asked");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, server::router(state)).await.unwrap() });
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let get = |path: &str| http.get(format!("{base}{path}")).send();

    let r = get("/").await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("location").is_none(), "never a redirect");
    assert!(
        r.headers().get("link").is_none(),
        "nothing of a brand preloaded"
    );
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    let page = r.text().await.unwrap();
    assert!(page.contains("seedbed brand create --id"), "{page}");
    assert!(page.contains("/admin/"), "{page}");
    for brand in ["demo", "acme", "演示", "app</html>"] {
        assert!(!page.contains(brand), "{brand} on the home page: {page}");
    }
    // Another page address outside the apps: the same page, 404.
    let r = get("/campaigns/x").await.unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("seedbed brand create"));
    // The apps and the discover entry's files are where they were.
    for (path, body) in [
        ("/b/acme", "app-app"),
        ("/b/acme/campaigns/x", "app-app"),
        ("/b/acme/me", "me-app"),
        ("/b/acme/staff/login", "staff-app"),
        ("/admin/", "admin-app"),
        ("/widget/?brand=acme", "widget-app"),
        ("/discover-1a2b.js", "console.log(1)"),
    ] {
        let r = get(path).await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert!(r.text().await.unwrap().contains(body), "{path}");
    }
    let _ = std::fs::remove_dir_all(root);
}
