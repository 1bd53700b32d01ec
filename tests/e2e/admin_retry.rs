//! The admin when the server goes away mid-session: the campaign page
//! shows the failure with a retry instead of loading forever, and the
//! retry works once the server is back on the same port over the same
//! database. Also photographs the grouped navigation at 1280 px (sidebar)
//! and 768 px (folded behind the menu button) and checks it by keyboard.
//!
//! The server is the shared `App` (`main.rs`), stopped and restarted on
//! the same address over the same database.

use crate::browser::Driver;
use server::demo;

async fn log_in(b: &crate::browser::Browser, base: &str) {
    b.goto(&format!("{base}/admin/")).await;
    b.type_into("input[name=email]", "operator@demo.test").await;
    b.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    b.click_text("button", "登录").await;
    b.wait_text("nav.side", "申请审核").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_campaign_page_retries_once_the_server_is_back() {
    let server = crate::start_app().await;
    let base = server.base.clone();
    let driver = Driver::start().await;

    // ── Desktop (1280 px): the sidebar with its groups ──────────────────
    let desk = driver.browser(1280, 900).await;
    log_in(&desk, &base).await;
    for group in ["KOC 计划", "KOS", "积分与奖励", "洞察", "设置"] {
        desk.wait_text("nav.side h2", group).await;
    }
    // Areas without pages do not show (no dead links).
    let nav = desk
        .run("return document.querySelector('nav.side').innerText;")
        .await;
    let nav = nav.as_str().unwrap_or_default();
    assert!(!nav.contains("分销"), "分销 has no pages yet: {nav}");
    assert!(
        !displayed(&desk, "button.menu").await,
        "the desktop shows the sidebar, not the menu button"
    );
    desk.click_text("nav.side a", "主题与活动").await;
    desk.wait_text("section[data-month]", "冬日护肤季").await;
    assert_eq!(current_link(&desk).await, "主题与活动");
    desk.screenshot("admin-nav-1280").await;

    // ── The server goes away; the campaign page says so ─────────────────
    server.stop().await;
    desk.click_text("a", "修护面霜新品试用").await;
    desk.wait_text(".load-failed p.error", "网络不可用").await;
    desk.wait_text(".load-failed button.retry", "重试").await;
    assert_eq!(
        current_link(&desk).await,
        "主题与活动",
        "a campaign belongs to themes and campaigns"
    );
    desk.screenshot("admin-retry-1-failed").await;

    // ── Back on the same port and database: the retry loads it ──────────
    server.restart().await;
    desk.click("button.retry").await;
    desk.wait_text("h1", "修护面霜新品试用").await;
    desk.wait_text("tr[data-testid=ranked]", "笔记表现").await;
    desk.wait_gone(".load-failed").await;
    desk.screenshot("admin-retry-2-loaded").await;
    desk.close().await;

    // ── Tablet (768 px): the navigation folds behind the menu button ────
    let tab = driver.browser(768, 1024).await;
    tab.goto(&format!("{base}/admin/")).await;
    tab.type_into("input[name=email]", "operator@demo.test")
        .await;
    tab.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    tab.click_text("button", "登录").await;
    tab.wait_text("h1", "KOC 申请审核").await;
    assert!(!displayed(&tab, "nav.side").await, "folded at first");
    tab.click("button.menu").await;
    tab.wait_text("nav.side", "任务").await;
    assert_eq!(
        tab.run("return document.querySelector('button.menu').getAttribute('aria-expanded');")
            .await,
        serde_json::json!("true")
    );
    tab.screenshot("admin-nav-768").await;
    // By keyboard: Tab walks into the links (each showing its focus) and
    // Enter follows one; the menu then folds.
    let mut reached = false;
    for _ in 0..16 {
        tab.type_into(":focus", TAB).await;
        let at = tab
            .run(
                "const a = document.activeElement; \
                 return a && a.closest('nav.side') ? [a.textContent, a.matches(':focus-visible') && getComputedStyle(a).outlineStyle !== 'none'] : null;",
            )
            .await;
        if let Some([text, visible]) = at.as_array().map(|v| [v[0].clone(), v[1].clone()]) {
            assert_eq!(visible, serde_json::json!(true), "{text} shows its focus");
            if text == "任务" {
                reached = true;
                break;
            }
        }
    }
    assert!(reached, "Tab reaches the tasks link");
    tab.type_into(":focus", ENTER).await;
    tab.wait_text("h1", "任务").await;
    assert!(!displayed(&tab, "nav.side").await, "folds after a pick");
    tab.screenshot("admin-nav-768-folded").await;
    tab.click("button.menu").await;
    assert_eq!(current_link(&tab).await, "任务");
    tab.close().await;
}

/// The text of the navigation link marked `aria-current="page"`.
async fn current_link(b: &crate::browser::Browser) -> String {
    b.run("const a = document.querySelector('nav.side a[aria-current=page]'); return a ? a.textContent : '';")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

/// Whether an element matching `css` is laid out (not `display: none`).
async fn displayed(b: &crate::browser::Browser, css: &str) -> bool {
    b.run(&format!(
        "const e = document.querySelector({css:?}); return !!e && e.getClientRects().length > 0;"
    ))
    .await
        == serde_json::json!(true)
}
