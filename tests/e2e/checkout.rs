//! Points as cash at the till (issue 16): an owner makes an API key in the
//! admin settings (1280 px) and copies its secret; a member on a phone
//! (375 px) opens 用积分抵现 and shows a payment code; the test itself,
//! signing as the brand's till, holds points with the code and captures
//! them; the member sees the use.

use crate::browser::Driver;
use crate::start_app;
use server::demo;

/// The till's signed call (`server::signed`), as a brand's server makes it.
async fn till(
    base: &str,
    key: &(String, String),
    path: &str,
    body: &str,
) -> (u16, serde_json::Value) {
    // With a fraction: two calls in one second are two signatures.
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    let ts = format!("{}.{:09}", d.as_secs(), d.subsec_nanos());
    let sig = server::signed::sign(&key.1, "POST", path, &ts, body.as_bytes());
    let mut req = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .header("x-seedbed-key", &key.0)
        .header("x-seedbed-timestamp", ts)
        .header("x-seedbed-signature", sig);
    if !body.is_empty() {
        req = req
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_pays_with_points_at_a_till_signing_as_the_brand() {
    let app = start_app().await;
    let driver = Driver::start().await;

    // The owner makes a key for the tills; its secret is shown once.
    let desk = driver.browser(1280, 900).await;
    desk.goto(&format!("{}/admin/", app.base)).await;
    desk.type_into("input[name=email]", "operator@demo.test")
        .await;
    desk.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    desk.click_text("button", "登录").await;
    desk.wait_text("nav", "API 密钥").await;
    desk.click_text("nav a", "API 密钥").await;
    desk.wait_text("h1", "API 密钥").await;
    desk.type_into("input[name=label]", "门店收银").await;
    desk.click_text("button[type=submit]", "创建").await;
    desk.wait_text("[data-testid=new-key]", "只显示这一次")
        .await;
    desk.wait_text("[data-testid=api-keys]", "门店收银").await;
    let made = desk
        .run("return [document.querySelector('input[name=key-id]').value, document.querySelector('input[name=key-secret]').value]")
        .await;
    let key = (
        made[0].as_str().unwrap().to_string(),
        made[1].as_str().unwrap().to_string(),
    );
    assert!(
        key.0.starts_with("demo.") && key.1.starts_with("sk_"),
        "{made}"
    );
    desk.screenshot("checkout-0-api-keys").await;

    // The member shows a payment code.
    let phone = driver.browser(375, 812).await;
    phone.goto(&format!("{}/b/demo", app.base)).await;
    phone
        .type_into("input[name=phone]", demo::DEMO_CONSUMER_PHONE)
        .await;
    phone
        .type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    phone.click_text("button[type=submit]", "登录").await;
    phone.wait_text("header nav", "积分").await;
    phone
        .goto(&format!("{}/b/demo/me/checkout", app.base))
        .await;
    phone.wait_text("h2", "用积分抵现").await;
    let available: i64 = phone
        .run("return document.querySelector('[data-testid=available]').textContent")
        .await
        .as_str()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    assert!(available > 0, "the demo member has points");
    phone.click_text("button", "出示付款码").await;
    phone.wait_text("[data-testid=payment-code]", "88").await;
    let shown = phone
        .run("return document.querySelector('[data-testid=payment-code]').textContent")
        .await;
    let code: String = shown.as_str().unwrap().replace(' ', "");
    assert_eq!(code.len(), 18, "{shown}");
    let fits = phone
        .run("return document.documentElement.scrollWidth <= window.innerWidth")
        .await;
    assert_eq!(
        fits,
        serde_json::json!(true),
        "the code is wider than the phone"
    );
    phone.screenshot("checkout-1-payment-code").await;

    // The till holds points for a 100-yuan order, then captures them.
    let body = format!(r#"{{"code":"{code}","order_ref":"E2E-1","amount_fen":10000}}"#);
    let (status, hold) = till(&app.base, &key, "/api/v1/checkout/holds", &body).await;
    assert_eq!(status, 201, "{hold}");
    let discount = hold["discount_fen"].as_i64().unwrap();
    assert_eq!(discount, available.min(3_000), "at most 30 % of the order");
    let id = hold["id"].as_str().unwrap();
    let (status, captured) = till(
        &app.base,
        &key,
        &format!("/api/v1/checkout/holds/{id}/capture"),
        "",
    )
    .await;
    assert_eq!(
        (status, captured["status"].as_str()),
        (200, Some("captured"))
    );
    // The code was spent.
    let (status, again) = till(&app.base, &key, "/api/v1/checkout/holds", &body).await;
    assert_eq!(status, 422, "{again}");

    // The member sees the use and what is left.
    phone.click_text("button", "收银台已扫码，刷新记录").await;
    phone.wait_text(".list", "已抵扣").await;
    phone.wait_gone("[data-testid=payment-code]").await;
    phone.wait_text(".ok", "付款码已使用").await;
    phone
        .wait_text(
            "[data-testid=available]",
            &(available - hold["points"].as_i64().unwrap()).to_string(),
        )
        .await;
    phone.screenshot("checkout-2-used").await;
    phone.close().await;
    desk.close().await;
}
