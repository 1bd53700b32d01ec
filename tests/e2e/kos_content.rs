//! The account matrix and the content middle platform (issue 17: content):
//! a staff member on a phone (375 px) picks a template, copies it and
//! submits the published note's link, then finds it under their notes and
//! adds an account; the store manager sees the note among the store's; an
//! operator on a desktop (1280 px) sees the matrix with its gaps
//! highlighted ("2 家门店没有小红书账号") and the template's result.

use crate::browser::{Browser, Driver};
use crate::start_app;
use server::demo;

const NOTE: &str = "66e0c0d0e0f0a0b0c0d0e0f9";

async fn staff_log_in(b: &Browser, base: &str, phone: &str) {
    b.goto(&format!("{base}/b/demo/staff")).await;
    b.wait_text("main", "员工登录").await;
    b.type_into("input[name=phone]", phone).await;
    b.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    b.click_text("button[type=submit]", "登录").await;
    b.wait_text(".tabbar", "模板").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_submit_a_note_from_a_template_and_the_operator_sees_the_matrix() {
    let app = start_app().await;
    let driver = Driver::start().await;

    // ── 林小美's phone (375 px) ──────────────────────────────────────────
    let phone = driver.browser(375, 812).await;
    staff_log_in(&phone, &app.base, "13900000001").await;
    phone.click_text(".tabbar a", "模板").await;
    let card = "[data-testid=template][data-title='换季泛红别慌']";
    phone.wait_text(card, "天河店可试用").await;
    phone.click_in(card, "button", "复制文案").await;
    // Copied, or (a browser refusing the clipboard) told to long-press.
    phone
        .wait_text(&format!("{card} [role=status]"), "复制")
        .await;
    phone.screenshot("kos-templates-375").await;
    phone.click_in(card, "button", "提交笔记链接").await;
    phone
        .type_into(
            &format!("{card} textarea[name=link_text]"),
            &format!(
                "【换季泛红】 https://www.xiaohongshu.com/explore/{NOTE}?xsec_token=x 复制本条信息"
            ),
        )
        .await;
    phone.click_in(card, "button[type=submit]", "提交").await;
    phone
        .wait_text(&format!("{card} [data-testid=note-submitted]"), "已提交")
        .await;
    phone.screenshot("kos-note-submitted-375").await;
    phone.click_text("nav.tabbar a", "首页").await;
    phone.click_text("nav.shortcuts a", "笔记").await;
    phone
        .wait_text("[data-testid=kos-note]", "换季泛红别慌")
        .await;
    phone.screenshot("kos-my-notes-375").await;
    phone.click_text("nav.tabbar a", "首页").await;
    phone.click_text("nav.shortcuts a", "账号").await;
    phone
        .wait_text("[data-testid=my-account]", "天河小美")
        .await;
    phone.click_text("summary", "登记账号").await;
    phone.set_value("select[name=platform]", "douyin").await;
    phone.type_into("input[name=handle]", "小美的抖音").await;
    phone
        .click_text("[data-testid=add-account] button", "登记")
        .await;
    phone
        .wait_text(
            "[data-testid=my-account][data-platform=douyin]",
            "小美的抖音",
        )
        .await;
    phone.screenshot("kos-my-accounts-375").await;

    // ── 王店长 (store 1) sees the store's notes ───────────────────────────
    let manager = driver.browser(375, 812).await;
    staff_log_in(&manager, &app.base, "13900000011").await;
    manager.click_text("nav.tabbar a", "首页").await;
    manager.click_text("nav.shortcuts a", "笔记").await;
    manager.wait_text("main", "林小美").await;
    manager.screenshot("kos-store-notes-375").await;

    // ── The operator's desk (1280 px) ────────────────────────────────────
    let desk = driver.browser(1280, 900).await;
    desk.goto(&format!("{}/admin/", app.base)).await;
    desk.type_into("input[name=email]", "operator@demo.test")
        .await;
    desk.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    desk.click_text("button", "登录").await;
    desk.wait_text("nav.side", "账号矩阵").await;
    desk.click_text("nav.side a", "账号矩阵").await;
    desk.wait_text(
        "[data-testid=gap][data-level=store][data-platform=xiaohongshu]",
        "2 家门店没有小红书账号",
    )
    .await;
    desk.wait_text("table[data-testid=matrix] tr[data-level=staff]", "员工")
        .await;
    desk.screenshot("kos-matrix-1280").await;
    desk.click_text("nav.side a", "内容模板").await;
    desk.wait_text("[data-testid=template-results]", "换季泛红别慌")
        .await;
    desk.wait_text("[data-testid=kos-notes]", "林小美").await;
    desk.screenshot("kos-templates-1280").await;

    phone.close().await;
    manager.close().await;
    desk.close().await;
    drop(driver);
}
