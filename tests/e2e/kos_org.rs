//! The staff app and the KOS organisation (issue 17, org area): a staff
//! member on a 375 px phone opens the staff entry, is sent to the log-in
//! page, signs in with the password the brand set and sees who they are,
//! their store and region over the bottom tab bar; ticks an item of the
//! persona checklist (the score moves as it is ticked) and rates herself;
//! logging out returns to the log-in page. Her store manager then sees
//! her completeness in the team tab, and an operator on a desktop window
//! finds her in the KOS staff list and opens her page.

use crate::browser::Driver;
use crate::start_app;
use server::demo;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_member_signs_in_on_the_phone_and_sees_their_store() {
    let app = start_app().await;
    let driver = Driver::start().await;
    let phone = driver.browser(375, 740).await;

    // Signed out: the staff entry opens its log-in page.
    phone.goto(&format!("{}/b/demo/staff", app.base)).await;
    phone.wait_text("h2", "员工登录").await;
    let path = phone.run("return location.pathname;").await;
    assert_eq!(path, "/b/demo/staff/login");
    // A wrong password is refused with the server's message.
    phone.type_into("input[name=phone]", "13900000001").await;
    phone
        .type_into("input[name=password]", "not-the-password")
        .await;
    phone.click_text("button[type=submit]", "登录").await;
    phone.wait_text(".error", "账号或密码错误").await;
    phone.screenshot("kos-org-1-staff-login").await;
    phone.clear("input[name=password]").await;
    phone
        .type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    phone.click_text("button[type=submit]", "登录").await;

    // Home: the person, their roles, store and region; the tab bar.
    phone.wait_text("[data-testid=staff-name]", "林小美").await;
    phone.wait_text("[data-testid=staff-who]", "话题专家").await;
    phone
        .wait_text("[data-testid=staff-store]", "广州天河店")
        .await;
    phone.wait_text("[data-testid=staff-region]", "华南").await;
    phone.wait_text("nav.tabbar a.current", "首页").await;
    let path = phone.run("return location.pathname;").await;
    assert_eq!(path, "/b/demo/staff");
    phone.screenshot("kos-org-2-staff-home").await;

    // My profile: 40% (real name, store in profile); one more tick → 60%.
    phone.click_text("nav.tabbar a", "人设").await;
    phone
        .wait_text("[data-testid=persona-percent]", "40%")
        .await;
    phone.click("input[name=location_in_notes]").await;
    phone
        .wait_text("[data-testid=persona-percent]", "60%")
        .await;
    phone.click_text("button[type=submit]", "保存").await;
    phone
        .wait_text("[data-testid=persona-saved]", "已保存")
        .await;
    phone
        .click("[data-testid=my-competencies] button.score:nth-of-type(5)")
        .await;
    phone
        .wait_text("[data-testid=my-competencies] button.score.on", "5")
        .await;
    phone.screenshot("kos-org-3-staff-profile").await;
    assert!(
        !phone.page_text().await.contains("团队"),
        "plain staff have no team tab"
    );

    // A reload keeps the session; logging out ends it.
    phone
        .goto(&format!("{}/b/demo/staff/login", app.base))
        .await;
    phone.wait_text("[data-testid=staff-name]", "林小美").await;
    phone.click("button[name=log-out]").await;
    phone.wait_text("h2", "员工登录").await;
    phone.goto(&format!("{}/b/demo/staff", app.base)).await;
    phone.wait_text("h2", "员工登录").await;

    // Her store manager: the team tab, weakest persona first.
    phone.type_into("input[name=phone]", "13900000011").await;
    phone
        .type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    phone.click_text("button[type=submit]", "登录").await;
    phone.wait_text("[data-testid=staff-name]", "王店长").await;
    phone.click_text("nav.tabbar a", "首页").await;
    phone.click_text("nav.shortcuts a", "团队").await;
    phone.wait_text("[data-staff=林小美]", "60%").await;
    phone.wait_text("[data-testid=team-total]", "3").await;
    assert!(!phone.page_text().await.contains("黄佳"), "another store");
    phone.screenshot("kos-org-4-manager-team").await;
    phone.close().await;

    // An operator finds her in the KOS staff list and opens her page.
    let desk = driver.browser(1280, 900).await;
    desk.goto(&format!("{}/admin/", app.base)).await;
    desk.type_into("input[name=email]", "operator@demo.test")
        .await;
    desk.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    desk.click_text("button", "登录").await;
    desk.wait_text("nav", "员工").await;
    desk.click_text("nav a", "组织架构").await;
    desk.wait_text("table.kos-stores", "广州天河店").await;
    desk.wait_text("[data-testid=regions]", "华东").await;
    desk.screenshot("kos-org-5-admin-organisation").await;
    desk.click_text("nav a", "员工").await;
    desk.wait_text("table.kos-staff", "林小美").await;
    desk.wait_text("table.kos-staff", "139****0001").await;
    desk.screenshot("kos-org-6-admin-staff").await;
    desk.click_text("table.kos-staff a", "林小美").await;
    desk.wait_text("[data-testid=staff-name]", "林小美").await;
    desk.wait_text("[data-testid=persona]", "60%").await;
    desk.wait_text("[data-testid=staff-store]", "GZ001").await;
    desk.screenshot("kos-org-7-admin-staff-member").await;
    desk.close().await;
}
