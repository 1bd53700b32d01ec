//! Rewards (issue 16): a member on a phone opens the catalogue, sees why a
//! salon is not for them yet ("需要高级 KOC"), redeems a coupon and sees its
//! code, finds it again under their redemptions; the operator on a desktop
//! sees the redemption with the code masked.

use crate::browser::{Browser, Driver};
use crate::start_app;
use server::demo;

async fn log_in_phone(b: &Browser, base: &str) {
    b.goto(&format!("{base}/b/demo")).await;
    b.wait_text("main", "没有账号？注册").await;
    b.type_into("input[name=phone]", demo::DEMO_CONSUMER_PHONE)
        .await;
    b.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    b.click_text("button[type=submit]", "登录").await;
    b.wait_text("header nav", "积分").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_redeems_a_coupon_and_the_operator_sees_it() {
    let app = start_app().await;
    let driver = Driver::start().await;

    // ── The member's phone (375 px) ──────────────────────────────────────
    let phone = driver.browser(375, 812).await;
    log_in_phone(&phone, &app.base).await;
    phone.goto(&format!("{}/b/demo/me/rewards", app.base)).await;
    phone
        .wait_text(
            "[data-testid=reward][data-title='新品品鉴沙龙']",
            "需要高级 KOC",
        )
        .await;
    phone
        .wait_text(
            "[data-testid=reward][data-title='10 元门店代金券']",
            "积分不足",
        )
        .await;
    phone.screenshot("rewards-catalogue-375").await;
    phone
        .click_in(
            "[data-testid=reward][data-title='满 199 减 30 优惠券']",
            "button",
            "兑换",
        )
        .await;
    phone.wait_text("[data-testid=code]", "WINTER30-0001").await;
    phone.screenshot("rewards-redeemed-375").await;
    phone.click_text("a", "我的兑换与券码").await;
    phone
        .wait_text("[data-testid=my-code]", "WINTER30-0001")
        .await;
    phone.screenshot("rewards-mine-375").await;

    // ── The operator's desk (1280 px) ────────────────────────────────────
    let desk = driver.browser(1280, 900).await;
    desk.goto(&format!("{}/admin/", app.base)).await;
    desk.type_into("input[name=email]", "operator@demo.test")
        .await;
    desk.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    desk.click_text("button", "登录").await;
    desk.wait_text("nav.side", "兑换记录").await;
    desk.click_text("nav.side a", "兑换记录").await;
    desk.click_text(".toolbar button", "已发放").await;
    desk.wait_text("tr[data-redemption='满 199 减 30 优惠券']", "林小雨")
        .await;
    desk.wait_text(
        "tr[data-redemption='满 199 减 30 优惠券'] [data-testid=masked-code]",
        "WI****",
    )
    .await;
    let text = desk.page_text().await;
    assert!(
        !text.contains("WINTER30-0001"),
        "the code is masked for operators"
    );
    desk.screenshot("rewards-redemptions-1280").await;
    desk.click_text("nav.side a", "奖品目录").await;
    desk.wait_text("tr[data-reward='满 199 减 30 优惠券']", "1/20")
        .await;
    desk.screenshot("rewards-catalogue-1280").await;

    phone.close().await;
    desk.close().await;
    drop(driver);
}
