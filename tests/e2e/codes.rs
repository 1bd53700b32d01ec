//! SMS codes on a phone-width window (375 px): sign up with a code read
//! from the development provider's file (the send button counts down),
//! log in with a code ("验证码登录"), and reset a forgotten password.

use crate::browser::Driver;
use crate::start_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_log_in_and_reset_with_sms_codes_on_a_phone() {
    let app = start_app().await;
    let driver = Driver::start().await;

    // Sign up: the phone, the code from the text, a password.
    let phone = driver.browser(375, 812).await;
    phone.goto(&format!("{}/b/demo", app.base)).await;
    phone.click_text("button", "没有账号？注册").await;
    phone.type_into("input[name=phone]", "13966661234").await;
    phone.click("button[name=send-code]").await;
    phone.wait_text("button[name=send-code]", "秒后重发").await;
    phone.wait_text(".hint", "验证码已发送").await;
    let fits = phone
        .run("return document.documentElement.scrollWidth <= window.innerWidth")
        .await;
    assert_eq!(
        fits,
        serde_json::json!(true),
        "the sign-up card is wider than the phone"
    );
    phone.screenshot("codes-0-sign-up").await;
    let code = app.sms_code("13966661234", 1).await;
    // A wrong code is refused with the server's message.
    phone.type_into("input[name=code]", "000000").await;
    phone
        .type_into("input[name=password]", "my-secret-pass")
        .await;
    phone.click_text("button[type=submit]", "注册").await;
    phone.wait_text(".error", "验证码错误或已过期").await;
    // The refused code is cleared for the next one.
    phone.wait_value("input[name=code]", "").await;
    phone.type_into("input[name=code]", &code).await;
    phone.click_text("button[type=submit]", "注册").await;
    phone.wait_gone("section.auth").await;
    phone.wait_text("a", "立即申请").await;
    phone.close().await;

    // 验证码登录 for a demo member.
    let phone = driver.browser(375, 812).await;
    phone.goto(&format!("{}/b/demo", app.base)).await;
    phone.click_text("button", "验证码登录").await;
    phone.type_into("input[name=phone]", "138 0000 0004").await;
    phone.click("button[name=send-code]").await;
    let code = app.sms_code("13800000004", 1).await;
    phone.type_into("input[name=code]", &code).await;
    phone.click_text("button[type=submit]", "登录").await;
    phone.wait_gone("section.auth").await;
    phone.close().await;

    // A forgotten password: reset with a code, then log in with the new one.
    let phone = driver.browser(375, 812).await;
    phone.goto(&format!("{}/b/demo", app.base)).await;
    phone.click_text("button", "忘记密码？").await;
    phone.type_into("input[name=phone]", "13800000005").await;
    phone.click("button[name=send-code]").await;
    let code = app.sms_code("13800000005", 1).await;
    phone.type_into("input[name=code]", &code).await;
    phone
        .type_into("input[name=password]", "a-new-password-1")
        .await;
    phone.screenshot("codes-1-reset").await;
    phone.click_text("button[type=submit]", "重设并登录").await;
    phone.wait_gone("section.auth").await;
    phone.close().await;

    let phone = driver.browser(375, 812).await;
    phone.goto(&format!("{}/b/demo", app.base)).await;
    phone.type_into("input[name=phone]", "13800000005").await;
    phone
        .type_into("input[name=password]", "a-new-password-1")
        .await;
    phone.click_text("button[type=submit]", "登录").await;
    phone.wait_gone("section.auth").await;
    phone.close().await;
}
