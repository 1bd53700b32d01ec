//! An owner deletes an imported customer from the candidate list (issue
//! 15: imported candidates can be deleted), confirming first.

use crate::browser::Driver;
use crate::start_app;
use server::{demo, time};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_deletes_an_imported_customer() {
    let app = start_app().await;
    let now = time::Clock::System.now();
    let customer = |external: &str, phone: &str| store::Candidate {
        brand_id: "demo".into(),
        id: store::new_id(),
        external_id: external.into(),
        phone: phone.into(),
        amount_cents: 128_000,
        orders: 6,
        member_since: "2024-03-01".into(),
        last_active: "2026-10-20".into(),
        score: 5_000,
        parts: "[]".into(),
        invite_code: None,
        invited_at: None,
        imported_at: now,
    };
    app.store
        .import_candidates(
            "demo",
            &[
                customer("E2E-KEEP", "13800009901"),
                customer("E2E-GONE", "13800009902"),
            ],
            "e2e",
            now,
        )
        .await
        .unwrap();

    let driver = Driver::start().await;
    let desk = driver.browser(1280, 900).await;
    desk.goto(&format!("{}/admin/", app.base)).await;
    desk.type_into("input[name=email]", "operator@demo.test")
        .await;
    desk.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    desk.click_text("button", "登录").await;
    desk.wait_text("nav", "招募").await;
    desk.goto(&format!("{}/admin/recruitment", app.base)).await;
    desk.wait_text("tr[data-candidate='E2E-GONE']", "E2E-GONE")
        .await;
    // The page asks first; the browser's dialog is answered "yes".
    desk.run("window.confirm = () => true; return null;").await;
    desk.click("tr[data-candidate='E2E-GONE'] button[name=delete-candidate]")
        .await;
    desk.wait_gone("tr[data-candidate='E2E-GONE']").await;
    desk.wait_text("[role=status]", "已删除").await;
    let left = app
        .store
        .candidates("demo", false, store::Page::FIRST_100)
        .await
        .unwrap();
    assert!(left.iter().any(|c| c.external_id == "E2E-KEEP"));
    assert!(left.iter().all(|c| c.external_id != "E2E-GONE"));
    desk.close().await;
    drop(driver);
}
