//! The KOS back office (issue 17) in a browser: 林小美 on her phone (375
//! px) opens her goals, takes her store's course (the quiz scored on the
//! server) and looks at the competition's leaderboard; the store manager
//! sees the store's goals with their progress; the operator at a desk
//! (1280 px) sees the dashboards (SVG charts beside their tables) and the
//! training, goals and incentives page.

use crate::browser::{Browser, Driver};
use crate::start_app;
use server::demo;

async fn staff_log_in(b: &Browser, base: &str, phone: &str) {
    b.goto(&format!("{base}/b/demo/staff/login")).await;
    b.type_into("input[name=phone]", phone).await;
    b.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    b.click_text("button[type=submit]", "登录").await;
    b.wait_text("[data-testid=staff-name]", "").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_take_a_course_and_see_goals_and_the_operator_the_dashboard() {
    let app = start_app().await;
    let driver = Driver::start().await;

    // ── 林小美's phone ───────────────────────────────────────────────────
    let phone = driver.browser(375, 812).await;
    staff_log_in(&phone, &app.base, "13900000001").await;
    phone.click_text("a", "目标").await;
    phone.wait_text("[data-testid=my-goals]", "笔记").await;
    // Her goal of 8 notes counts the note she submitted from a template.
    phone.wait_text("[data-testid=my-goals]", "1 / 8").await;
    // The demo's account-growth reward, paid through the ledger.
    phone
        .wait_text("[data-testid=my-incentives]", "200 积分")
        .await;
    phone.screenshot("kos-goals-375").await;
    phone.click_text("a", "我的课程").await;
    phone
        .wait_text("[data-testid=my-courses]", "天河店新人必修")
        .await;
    phone
        .click_text("[data-testid=my-courses] a", "天河店新人必修")
        .await;
    phone
        .wait_text("[data-testid=quiz]", "顾客在评论区问价格")
        .await;
    phone
        .run("document.querySelectorAll('input[name=q0]')[1].click(); document.querySelectorAll('input[name=q1]')[0].click(); return 1;")
        .await;
    phone
        .click_text("[data-testid=quiz] button", "提交答案")
        .await;
    phone.wait_text("[data-testid=quiz-result]", "通过").await;
    phone.wait_text("[data-testid=quiz-result]", "100%").await;
    phone.screenshot("kos-course-375").await;
    let text = phone.page_text().await;
    assert!(!text.contains("answer"), "no answer key on the phone");
    phone
        .goto(&format!("{}/b/demo/staff/office/competitions", app.base))
        .await;
    phone
        .click_text("[data-testid=my-competitions] button", "本月门店笔记赛")
        .await;
    phone
        .wait_text("[data-testid=leaderboard]", "广州天河店")
        .await;
    phone.screenshot("kos-competition-375").await;

    // ── The store manager's phone: the store's goals ────────────────────
    let manager = driver.browser(375, 812).await;
    staff_log_in(&manager, &app.base, "13900000011").await;
    manager
        .goto(&format!("{}/b/demo/staff/office/goals", app.base))
        .await;
    manager
        .wait_text("[data-testid=my-goals]", "广州天河店")
        .await;
    manager.wait_text("[data-testid=my-goals]", "林小美").await;
    manager.screenshot("kos-manager-goals-375").await;

    // ── The operator's desk ─────────────────────────────────────────────
    let desk = driver.browser(1280, 900).await;
    desk.goto(&format!("{}/admin/", app.base)).await;
    desk.type_into("input[name=email]", "operator@demo.test")
        .await;
    desk.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    desk.click_text("button", "登录").await;
    desk.wait_text("nav.side", "数据看板").await;
    desk.click_text("nav.side a", "数据看板").await;
    desk.wait_text("[data-testid=kos-dashboard]", "内容执行")
        .await;
    desk.wait_text("[data-testid=weakest]", "GZ002").await;
    desk.wait_text("[data-testid=funnel]", "已接触").await;
    let charts = desk
        .run("return document.querySelectorAll('[data-testid=kos-dashboard] svg.chart').length;")
        .await;
    assert!(charts.as_i64().unwrap_or(0) >= 5, "five charts: {charts}");
    desk.screenshot("kos-dashboard-1280").await;
    desk.click_text("nav.side a", "培训、目标与激励").await;
    desk.wait_text("[data-testid=goals]", "广州天河店").await;
    desk.wait_text("[data-testid=courses]", "天河店新人必修")
        .await;
    desk.wait_text("[data-testid=courses]", "1").await;
    desk.click_text("[data-testid=competitions] button", "本月门店笔记赛")
        .await;
    desk.wait_text("[data-testid=leaderboard]", "上海静安店")
        .await;
    desk.screenshot("kos-backoffice-1280").await;

    phone.close().await;
    manager.close().await;
    desk.close().await;
    drop(driver);
}
