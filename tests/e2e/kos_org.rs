//! The staff app and the KOS organisation (issue 17, org area): a staff
//! member on a 375 px phone opens the staff entry, is sent to the log-in
//! page, signs in with the password the brand set and sees who they are,
//! their store and region over the bottom tab bar; logging out returns to
//! the log-in page.

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

    // A reload keeps the session; logging out ends it.
    phone
        .goto(&format!("{}/b/demo/staff/login", app.base))
        .await;
    phone.wait_text("[data-testid=staff-name]", "林小美").await;
    phone.click("button[name=log-out]").await;
    phone.wait_text("h2", "员工登录").await;
    phone.goto(&format!("{}/b/demo/staff", app.base)).await;
    phone.wait_text("h2", "员工登录").await;
    phone.close().await;
}
