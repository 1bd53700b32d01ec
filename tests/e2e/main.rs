//! The whole KOC loop through both UIs in headless Chromium: a consumer on
//! a phone-sized window applies, an operator on a desktop window approves,
//! plans a campaign, reviews the note, records metrics and settles, and the
//! consumer sees the points.
//!
//! Needs the built apps (`scripts/build-web` writes `dist/`) and Debian's
//! chromium + chromedriver (`scripts/setup --test`). The server runs in
//! this process on a loopback port over a fresh SQLite file, with demo data.

mod admin_retry;
mod brand;
mod browser;
mod checkout;
mod codes;
mod kos_backoffice;
mod kos_leads;
mod operations;
mod operators;
mod points;
mod privacy;
mod rewards;
mod roster;
mod size;

use browser::{Browser, Driver};
use server::{AppState, Config, demo, time};
use std::sync::Arc;
use store::DbStore as _;

/// The server under test, in this process. It can be stopped and started
/// again on the same address in the middle of a browser session, so a test
/// can see what the apps do while it is away.
pub struct App {
    pub base: String,
    pub store: Arc<dyn store::Store>,
    addr: std::net::SocketAddr,
    router: axum::Router,
    running: std::sync::Mutex<Option<Running>>,
    /// The development SMS provider's file: the codes sent.
    pub sms_file: std::path::PathBuf,
    _dir: TempDir,
}

struct Running {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

fn serve(listener: tokio::net::TcpListener, router: axum::Router) -> Running {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
            .unwrap()
    });
    Running { stop, task }
}

impl App {
    /// The code of the `n`th text (from 1) sent to `phone`, once the SMS
    /// sender has written it.
    pub async fn sms_code(&self, phone: &str, n: usize) -> String {
        for _ in 0..200 {
            let text = std::fs::read_to_string(&self.sms_file).unwrap_or_default();
            let codes: Vec<String> = text
                .lines()
                .filter(|l| l.starts_with(&format!("{phone}\t")))
                .map(|l| l.split('\t').nth(3).unwrap_or("").to_string())
                .collect();
            if codes.len() >= n {
                return codes[n - 1].clone();
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!(
            "no text number {n} to {phone} in {}",
            self.sms_file.display()
        );
    }

    /// Stops the server: no new connections, open ones closed (the
    /// browser then sees the network fail, as on a phone losing signal).
    pub async fn stop(&self) {
        let r = self
            .running
            .lock()
            .unwrap()
            .take()
            .expect("the server is running");
        let _ = r.stop.send(());
        let abort = r.task.abort_handle();
        if tokio::time::timeout(std::time::Duration::from_secs(10), r.task)
            .await
            .is_err()
        {
            abort.abort();
        }
    }

    /// Starts the server again on the same address, with the same data.
    pub async fn restart(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let listener = loop {
            match tokio::net::TcpListener::bind(self.addr).await {
                Ok(l) => break l,
                Err(e) => {
                    assert!(
                        std::time::Instant::now() < deadline,
                        "cannot listen on {} again: {e}",
                        self.addr
                    );
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        };
        let r = serve(listener, self.router.clone());
        let old = self.running.lock().unwrap().replace(r);
        assert!(old.is_none(), "restart() after stop()");
    }
}

struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn workspace() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

async fn start_app() -> App {
    let web_dir = workspace().join("dist");
    assert!(
        ["app", "me", "staff", "admin", "widget"]
            .iter()
            .all(|d| web_dir.join(d).join("index.html").exists()),
        "run scripts/build-web first: dist/ is missing"
    );
    let dir = std::env::temp_dir().join(format!("seedbed-e2e-{}", store::new_id()));
    let s = store::connect(&format!("sqlite:{}/e2e.db", dir.display()))
        .await
        .unwrap();
    s.migrate().await.unwrap();
    let store: Arc<dyn store::Store> = Arc::new(s);
    demo::load(store.as_ref(), time::Clock::System.now())
        .await
        .unwrap();
    let state = AppState::new(
        store.clone(),
        Config {
            web_dir,
            // Uploads (screenshots, logos) go with the test's database,
            // never into the working tree.
            upload_dir: dir.join("uploads"),
            ..Config::default()
        },
    );
    let sms_file = dir.join("sms.log");
    server::sms::spawn(
        store.clone(),
        Arc::new(server::sms::Dev {
            file: sms_file.clone(),
        }),
        state.clock.clone(),
        state.sms_wake.clone(),
    );
    let router = server::router(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let running = serve(listener, router.clone());
    App {
        base: format!("http://{addr}"),
        store,
        addr,
        router,
        running: std::sync::Mutex::new(Some(running)),
        sms_file,
        _dir: TempDir(dir),
    }
}

const SHARE_TEXT: &str = "【冬日修护面霜真实测评】😆 Ab12Cd 😆 https://www.xiaohongshu.com/discovery/item/6650a1b2c3d4e5f607182930?app_platform=ios&xsec_token=XT1，复制本条信息，打开【小红书】App查看精彩内容！";
const NOTE_ID: &str = "6650a1b2c3d4e5f607182930";
const CAMPAIGN: &str = "E2E 冬日面霜体验";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_koc_loop_through_both_uis() {
    let app = start_app().await;
    let driver = Driver::start().await;
    let today = time::local_date(time::DEFAULT_TIME_ZONE, time::Clock::System.now()).to_string();

    // ── Consumer (375 px phone): sign up, apply ─────────────────────────
    let phone = driver.browser(375, 812).await;
    phone.goto(&format!("{}/b/demo", app.base)).await;
    phone.click_text("button", "没有账号？注册").await;
    phone.type_into("input[name=phone]", "13912345678").await;
    phone.click("button[name=send-code]").await;
    let code = app.sms_code("13912345678", 1).await;
    phone.type_into("input[name=code]", &code).await;
    phone
        .type_into("input[name=password]", "my-secret-pass")
        .await;
    phone.click_text("button", "注册").await;
    phone.click_text("a", "立即申请").await;

    phone
        .type_into("input[name=display_name]", "测试小雨")
        .await;
    phone.type_into("input[name=contact]", "wx_xiaoyu").await;
    phone.type_into("input[name=city]", "上海").await;
    phone
        .type_into(
            "input[name=profile-0]",
            "https://www.xiaohongshu.com/user/profile/e2e",
        )
        .await;
    phone.type_into("input[name=followers-0]", "2,300").await;
    phone.click_text("label", "护肤").await;
    phone
        .type_into("textarea[name=motivation]", "想把好用的东西分享给大家")
        .await;
    // Without consent the form is refused with a clear message, and nothing is sent.
    phone.click_text("button", "提交申请").await;
    phone.wait_text(".error", "请同意活动条款").await;
    phone.screenshot("consumer-0-apply-form").await;
    phone.click("input[name=consent_terms]").await;
    phone.click("input[name=consent_data]").await;
    phone.click_text("button", "提交申请").await;
    phone.wait_text("[data-status=pending]", "申请审核中").await;
    phone.screenshot("consumer-1-applied").await;

    // ── Operator (desktop): log in, approve ─────────────────────────────
    let desk = driver.browser(1280, 900).await;
    desk.goto(&format!("{}/admin/", app.base)).await;
    desk.type_into("input[name=email]", "operator@demo.test")
        .await;
    desk.type_into("input[name=password]", "wrong-password")
        .await;
    desk.click_text("button", "登录").await;
    desk.wait_text(".error", "账号或密码错误").await;
    desk.clear("input[name=password]").await;
    desk.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    desk.click_text("button", "登录").await;
    // Contacts are masked in the list; a reviewer reveals one (audited).
    desk.wait_text(
        "tr[data-applicant='测试小雨'] [data-testid=contact]",
        "wx****yu",
    )
    .await;
    desk.screenshot("admin-1-applications").await;
    desk.click_in("tr[data-applicant='测试小雨']", "button", "查看")
        .await;
    desk.wait_text(
        "tr[data-applicant='测试小雨'] [data-testid=contact]",
        "wx_xiaoyu",
    )
    .await;
    desk.click_in("tr[data-applicant='测试小雨']", "button", "通过")
        .await;
    desk.wait_gone("tr[data-applicant='测试小雨']").await;

    // ── Operator: plan a campaign in this month's theme ─────────────────
    desk.click_text("a", "主题与活动").await;
    desk.wait_text("section[data-month]", "冬日护肤季").await;
    // The rule new campaigns will freeze is shown, with its figures.
    desk.wait_text("details summary", "50 + 10/100 ≤ 500 · 1000 → +200")
        .await;
    desk.click_text("section[data-month] summary", "新建活动")
        .await;
    desk.type_into("section[data-month] input[name=title]", CAMPAIGN)
        .await;
    desk.type_into(
        "section[data-month] textarea[name=brief]",
        "试用两周后发布真实测评",
    )
    .await;
    desk.set_value("section[data-month] input[name=slots]", "5")
        .await;
    for field in ["signup_closes", "publish_by", "settlement_date"] {
        desk.set_value(&format!("section[data-month] input[name={field}]"), &today)
            .await;
    }
    // A paid collaboration: notes must carry the ad disclosure.
    desk.click("section[data-month] input[name=disclosure_required]")
        .await;
    desk.screenshot("admin-1b-new-campaign").await;
    desk.click_text("section[data-month] button", "发布活动")
        .await;
    desk.wait_text("section[data-month] table", CAMPAIGN).await;

    // ── Consumer: approved, sign up, submit share text ──────────────────
    phone.goto(&format!("{}/b/demo", app.base)).await;
    phone.wait_text("[data-testid=tier]", "KOC 成员").await;
    let card = format!("article[data-campaign='{CAMPAIGN}']");
    phone.wait_text(&card, "试用两周后发布真实测评").await;
    phone.click_in(&card, "button", "报名参加").await;
    // Not yet selected: the card says so, and the member may publish.
    phone
        .wait_text(
            &format!("{card} [data-testid=outcome]"),
            "已报名 · 等待选拔",
        )
        .await;
    phone.click_in(&card, "a", "查看 · 提交笔记").await;
    // The same parser as the server, live in the page (wasm).
    phone
        .type_into(
            "textarea[name=link_text]",
            "https://www.xiaohongshu.com/user/profile/5f0e",
        )
        .await;
    phone
        .wait_text("[data-testid=link-preview]", "不是笔记")
        .await;
    assert!(
        !phone.enabled("button[type=submit]").await,
        "a link that is not a note cannot be sent"
    );
    phone.clear("textarea[name=link_text]").await;
    phone
        .type_into("textarea[name=link_text]", SHARE_TEXT)
        .await;
    phone.wait_text("[data-testid=link-preview]", NOTE_ID).await;
    assert!(
        !phone.enabled("button[type=submit]").await,
        "a paid collaboration needs the disclosure declared first"
    );
    phone.click("input[name=disclosure_declared]").await;
    phone.click_text("button", "提交").await;
    phone
        .wait_text("li.row[data-status=pending]", NOTE_ID)
        .await;
    // The same note again is refused, with the reason.
    phone
        .type_into("textarea[name=link_text]", SHARE_TEXT)
        .await;
    phone.wait_text("[data-testid=link-preview]", NOTE_ID).await;
    phone.click_text("button", "提交").await;
    phone.wait_text(".error", "该笔记已被提交过").await;
    phone.screenshot("consumer-2-submitted").await;

    // ── Operator: review, metrics, settle ───────────────────────────────
    desk.click_text("a", CAMPAIGN).await;
    let row = format!("tr[data-note='{NOTE_ID}']");
    desk.wait_text(&row, "测试小雨").await;
    desk.wait_text(&row, "成员已声明合作标识").await;
    // Approval waits for the reviewer to confirm the disclosure mark.
    desk.click_in(&row, "button", "通过").await;
    desk.wait_text(&format!("{row} .error"), "核实").await;
    desk.click(&format!("{row} input[name=disclosure_confirmed]"))
        .await;
    desk.click_in(&row, "button", "通过").await;
    desk.wait_text(&row, "已通过").await;
    desk.wait_text(&row, "合作标识已核实").await;
    desk.type_into(&format!("{row} input[name=likes]"), "820")
        .await;
    desk.type_into(&format!("{row} input[name=comments]"), "95")
        .await;
    desk.type_into(&format!("{row} input[name=saves]"), "301")
        .await;
    desk.click_in(&row, "button", "记录数据").await;
    desk.wait_text(&row, "301").await;
    // The settlement preview shows the member's statement before anything
    // is written; the commit credits exactly that.
    desk.wait_text(
        "table[data-testid=statements] tr[data-member='测试小雨']",
        "370",
    )
    .await;
    desk.click_text("button", "确认结算入账").await;
    // 1,216 interactions: base 50 + engagement 120 + viral bonus 200.
    desk.wait_text("[data-testid=settlement]", "370").await;
    desk.screenshot("admin-2-settled").await;
    // The oversubscribed demo campaign (6 sign-ups, 2 slots): ranked by the
    // frozen selection rules, each score with its parts, 4 on the waitlist.
    desk.click_text("a", "主题与活动").await;
    desk.click_text("a", "修护面霜新品试用").await;
    desk.wait_text("tr[data-testid=ranked]", "入选").await;
    desk.wait_text("tr[data-testid=ranked]", "候补 #4").await;
    desk.wait_text("tr[data-testid=ranked]", "笔记表现").await;
    desk.screenshot("admin-3-ranking").await;
    // The audit log (owner): the reveal and every decision above, by whom.
    desk.click_text("a", "审计日志").await;
    desk.wait_text("tr[data-action='personal_data.view']", "查看个人信息")
        .await;
    desk.wait_text("tr[data-action='submission.approve']", "operator@demo.test")
        .await;
    desk.wait_text("tr[data-action='campaign.settle']", "结算活动")
        .await;
    desk.screenshot("admin-4-audit").await;

    // ── Consumer: the points, explained (the me entry) ──────────────────
    phone.goto(&format!("{}/b/demo/me", app.base)).await;
    phone.wait_text("nav.tabs", "任务").await;
    phone.wait_text("[data-testid=balance]", "370").await;
    phone.wait_text("li.ledger", "爆文奖励").await;
    phone.wait_text("li.ledger", CAMPAIGN).await;
    phone.screenshot("consumer-3-points").await;
    // Back to discover by the header's link (an ordinary navigation).
    phone.click_text("header a.brand", "Seedbed 演示品牌").await;
    phone.wait_text("[data-testid=tier]", "高级 KOC").await;
    phone
        .wait_text("[data-testid=tier-progress]", "你已是高级 KOC")
        .await;
    // English on request.
    phone.click_text("button", "EN").await;
    phone.wait_text("[data-testid=tier]", "Senior KOC").await;
    phone
        .wait_text("[data-testid=tier-progress]", "You are at the top tier")
        .await;

    // The member leaves: a wrong password is refused, the right one erases
    // the account. Into the me entry again by the header's link.
    phone.click_text("header a", "Points").await;
    phone.wait_text("nav.tabs", "Tasks").await;
    phone.click_text("summary", "Delete my account").await;
    phone
        .type_into("input[name=confirm_password]", "wrong-password")
        .await;
    phone.click_text("button", "Delete for good").await;
    phone.wait_text(".error", "not your password").await;
    phone.clear("input[name=confirm_password]").await;
    phone
        .type_into("input[name=confirm_password]", "my-secret-pass")
        .await;
    phone.click_text("button", "Delete for good").await;
    phone.wait_text("main", "New here? Sign up").await;

    phone.close().await;
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_links_and_isolation_in_the_browser() {
    let app = start_app().await;
    let driver = Driver::start().await;
    // A deep link opens the app on its page (SPA fallback with 200).
    let b: Browser = driver.browser(375, 812).await;
    // The points page's old address still works: it is the me entry's home,
    // which sends a visitor who is not signed in to log in at home.
    b.goto(&format!("{}/b/demo/points", app.base)).await;
    b.wait_text("header", "Seedbed 演示品牌").await;
    b.wait_text("main", "没有账号？注册").await;
    // The page runs under its Content-Security-Policy: the app started (its
    // bootstrap is allowed by hash), and an injected inline script does not run.
    let blocked = b
        .run("const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.appendChild(s); return window.injected === undefined;")
        .await;
    assert_eq!(
        blocked,
        serde_json::json!(true),
        "an inline script ran: the CSP is missing or weak"
    );
    // The demo consumer sees its tier and points.
    b.goto(&format!("{}/b/demo", app.base)).await;
    b.type_into("input[name=phone]", server::demo::DEMO_CONSUMER_PHONE)
        .await;
    b.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    // The submit button: the log-in card's tabs say 登录 too.
    b.click_text("button[type=submit]", "登录").await;
    b.wait_text("[data-testid=tier]", "中级 KOC").await;
    b.wait_text(
        "[data-testid=tier-progress]",
        "一篇笔记互动数达到 1000（爆文）即可成为高级 KOC",
    )
    .await;
    b.screenshot("consumer-demo-home").await;
    // The discover page's idle script names the me entry's hashed files,
    // and once the page has loaded and is idle the browser has fetched
    // them (as prefetch links the script added, not during the first load).
    let me_files = server::web::entry_files(&workspace().join("dist/me/index.html"));
    let me_wasm = me_files
        .iter()
        .find(|f| f.ends_with(".wasm"))
        .expect("the me entry's wasm")
        .clone();
    let script = b
        .run("return fetch('/prefetch/me.js').then(r => r.text());")
        .await;
    let script = script.as_str().unwrap_or_default();
    assert!(script.contains(&format!("[\"{me_wasm}\",1]")), "{script}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while b
        .run(&format!(
            "return performance.getEntriesByType('resource').some(e => e.name.endsWith('{me_wasm}'));"
        ))
        .await
        != serde_json::json!(true)
    {
        // Prefetched by a link the idle script added, after the page loaded.
        assert!(
            std::time::Instant::now() < deadline,
            "the browser did not prefetch {me_wasm}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Log out on every device, from the points page (the me entry, reached
    // by its old address), which runs under its own CSP too.
    b.goto(&format!("{}/b/demo/points", app.base)).await;
    b.wait_text("button", "在所有设备上退出登录").await;
    let blocked = b
        .run("const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.appendChild(s); return window.injected === undefined && location.pathname === '/b/demo/me';")
        .await;
    assert_eq!(
        blocked,
        serde_json::json!(true),
        "me: the CSP is missing or weak, or the old address did not move"
    );
    b.click_text("button", "在所有设备上退出登录").await;
    b.wait_text("main", "没有账号？注册").await;
    // The acme operator's admin shows acme's data only.
    let d = driver.browser(1280, 900).await;
    d.goto(&format!("{}/admin/themes", app.base)).await;
    d.type_into("input[name=email]", "operator@acme.test").await;
    d.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    d.click_text("button", "登录").await;
    d.wait_text("header", "Acme").await;
    d.click_text("a", "主题与活动").await;
    d.wait_text("section[data-month]", "Acme Winter").await;
    assert!(
        !d.page_text().await.contains("冬日护肤季"),
        "acme sees none of demo's themes"
    );
    b.close().await;
    d.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widget_shows_this_months_campaigns_and_links_into_the_app() {
    let app = start_app().await;
    let driver = Driver::start().await;
    let b: Browser = driver.browser(375, 640).await;
    b.goto(&format!("{}/widget/?brand=demo", app.base)).await;
    b.wait_text("h1", "冬日护肤季").await;
    b.wait_text("li", "修护面霜新品试用").await;
    // The demo's oversubscribed campaign: 6 sign-ups for 2 places.
    b.wait_text("li", "6 人已报名 · 2 个名额").await;
    let links = b
        .run("return [...document.querySelectorAll('li a')].map(a => [a.textContent, a.getAttribute('href'), a.target, a.rel]);")
        .await;
    let links = links.as_array().unwrap();
    assert_eq!(links.len(), 3, "{links:?}");
    for l in links {
        assert!(
            l[1].as_str().unwrap().starts_with("/b/demo/campaigns/"),
            "{l}"
        );
        assert_eq!(
            (l[0].as_str(), l[2].as_str(), l[3].as_str()),
            (Some("去报名"), Some("_blank"), Some("noopener"))
        );
    }
    b.screenshot("widget-375").await;
    // English on request; a brand's own data only.
    b.goto(&format!("{}/widget/?brand=acme&lang=en", app.base))
        .await;
    b.wait_text("li", "Acme Lip Balm Trial").await;
    b.wait_text("li", "signed up · 5 places").await;
    b.wait_text("a.more", "See all campaigns").await;
    assert!(!b.page_text().await.contains("冬日护肤季"));
    // Unknown brands and malformed ids get a sentence, not a blank frame.
    b.goto(&format!("{}/widget/?brand=nobody", app.base)).await;
    b.wait_text("main", "本月主题即将发布").await;
    b.goto(&format!("{}/widget/?brand=%3Cscript%3E", app.base))
        .await;
    b.wait_text("main", "链接有误").await;
    // Embedded as the brand's site would (same origin here; the CSP's
    // frame-ancestors is checked in the server's web test).
    b.goto(&format!("{}/widget/frame-host-does-not-exist", app.base))
        .await;
    let framed = b
        .run(&format!(
            "document.body.innerHTML = ''; const f = document.createElement('iframe'); \
             f.src = '{}/widget/?brand=demo'; f.style.height = '400px'; document.body.appendChild(f); \
             return new Promise(done => {{ let n = 0; const t = setInterval(() => {{ \
               const h = f.contentDocument && f.contentDocument.querySelector('h1'); \
               if (h || ++n > 100) {{ clearInterval(t); done(h ? h.textContent : null); }} }}, 100); }});",
            app.base
        ))
        .await;
    assert_eq!(framed, serde_json::json!("冬日护肤季"));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_load_shows_an_error_and_retry_works_once_the_server_is_back() {
    let app = start_app().await;
    let driver = Driver::start().await;
    let b = driver.browser(375, 812).await;
    b.goto(&format!("{}/b/demo", app.base)).await;
    b.wait_text("section.theme h1", "冬日护肤季").await;
    let id = b
        .run("return fetch('/api/v1/brands/demo/themes/current').then(r => r.json()).then(t => t.campaigns.find(c => c.title === '修护面霜新品试用').id);")
        .await;
    let id = id.as_str().expect("the demo campaign").to_string();

    // The server goes away; the visitor opens the campaign (in the app, as
    // a link does): the page says what failed and offers a retry.
    app.stop().await;
    b.run(&format!(
        "history.pushState(null, '', '/b/demo/campaigns/{id}'); dispatchEvent(new PopStateEvent('popstate'));"
    ))
    .await;
    b.wait_text(".load-failed p.error", "网络不可用").await;
    b.wait_text(".load-failed button.retry", "重试").await;
    b.screenshot("consumer-load-failed").await;
    // A retry while it is still away fails again, visibly.
    b.click_text(".load-failed button.retry", "重试").await;
    b.wait_text(".load-failed p.error", "网络不可用").await;

    // Back on the same address: the retry loads the campaign.
    app.restart().await;
    b.click_text(".load-failed button.retry", "重试").await;
    b.wait_text("main h1", "修护面霜新品试用").await;
    b.wait_gone(".load-failed").await;
    b.screenshot("consumer-campaign").await;
    b.close().await;
}
