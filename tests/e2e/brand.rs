//! A brand's own look, through both UIs: the owner opens "Brand settings"
//! in the admin, renames the brand, uploads a logo and picks an accent
//! colour; a consumer's phone (375 px) then shows the new name, the logo
//! and the colour in the app's header and buttons (both entries), the
//! contact line on the account card, and the widget shows them too. Set
//! to English by default, the widget and the app speak English to a
//! visitor who chose no language.

use crate::browser::Driver;
use server::demo;

/// The smallest PNG: a 1×1 transparent pixel.
const TINY_PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\x00\x01\x01\x01\x00\x18\xdd\x8d\xb4\0\0\0\0IEND\xaeB`\x82";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_sets_the_brand_and_consumers_see_it() {
    let app = crate::start_app().await;
    let driver = Driver::start().await;
    let logo = std::env::temp_dir().join(format!("seedbed-logo-{}.png", store::new_id()));
    std::fs::write(&logo, TINY_PNG).unwrap();

    // ── The owner, at a desk ────────────────────────────────────────────
    let desk = driver.browser(1280, 900).await;
    desk.goto(&format!("{}/admin/", app.base)).await;
    desk.type_into("input[name=email]", "operator@demo.test")
        .await;
    desk.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    desk.click_text("button", "登录").await;
    desk.click_in("nav.side", "a", "品牌设置").await;
    desk.wait_text("h1", "品牌设置").await;
    desk.clear("input[name=name]").await;
    desk.type_into("input[name=name]", "Lumi 护肤").await;
    desk.type_into("input[name=accent]", "#zz").await;
    desk.wait_text("form[data-testid=brand-settings] .error", "#rrggbb")
        .await;
    assert!(
        !desk
            .enabled("form[data-testid=brand-settings] button[type=submit]")
            .await
    );
    desk.clear("input[name=accent]").await;
    desk.type_into("input[name=accent]", "#0F766E").await;
    desk.type_into("input[name=logo]", logo.to_str().unwrap())
        .await;
    desk.wait_text("form[data-testid=brand-settings]", "保存后生效")
        .await;
    desk.type_into("input[name=contact]", "客服微信 lumi-care")
        .await;
    desk.click_text("form[data-testid=brand-settings] button", "保存")
        .await;
    desk.wait_text("[role=status]", "已保存").await;
    desk.screenshot("brand-settings").await;
    let b = app.store.brand("demo").await.unwrap();
    assert_eq!(b.name, "Lumi 护肤");
    assert_eq!(b.accent.as_deref(), Some("#0f766e"));
    assert!(b.logo_id.is_some());

    // ── A consumer's phone ──────────────────────────────────────────────
    let phone = driver.browser(375, 812).await;
    phone.goto(&format!("{}/b/demo", app.base)).await;
    phone.wait_text("header.bar .brand", "Lumi 护肤").await;
    let look = phone
        .run(
            "const img = document.querySelector('header.bar .brand img.logo'); \
             return [getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(), \
                     img ? img.getAttribute('src') : null, img ? img.complete && img.naturalWidth : 0];",
        )
        .await;
    assert_eq!(look[0], "#0f766e", "{look}");
    assert!(
        look[1]
            .as_str()
            .unwrap_or("")
            .starts_with("/api/v1/brands/demo/logo"),
        "{look}"
    );
    phone.screenshot("brand-consumer").await;
    // Signed in, the me entry shows the same, and the account card the
    // brand's contact line.
    phone
        .type_into("input[name=phone]", demo::DEMO_CONSUMER_PHONE)
        .await;
    phone
        .type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    phone.click_text("button[type=submit]", "登录").await;
    phone.wait_text("header.bar nav", "积分").await;
    phone.goto(&format!("{}/b/demo/me", app.base)).await;
    phone.wait_text("header.bar .brand", "Lumi 护肤").await;
    phone
        .wait_text("[data-testid=brand-contact]", "客服微信 lumi-care")
        .await;
    let accent = phone
        .run("return getComputedStyle(document.documentElement).getPropertyValue('--accent').trim();")
        .await;
    assert_eq!(accent, "#0f766e");

    // ── The widget on the brand's site ──────────────────────────────────
    phone
        .goto(&format!("{}/widget/?brand=demo", app.base))
        .await;
    phone.wait_text("header.brand", "Lumi 护肤").await;
    let widget = phone
        .run(
            "return [getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(), \
                     !!document.querySelector('header.brand img')];",
        )
        .await;
    assert_eq!(widget, serde_json::json!(["#0f766e", true]));

    phone.close().await;

    // ── English by default: a visitor who chose no language gets it ─────
    desk.set_value("select[name=default_lang]", "en").await;
    desk.click_text("form[data-testid=brand-settings] button", "保存")
        .await;
    // "Saved" shows from the first save already: wait for the store.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while app.store.brand("demo").await.unwrap().default_lang != "en" {
        assert!(
            std::time::Instant::now() < deadline,
            "the language was not saved"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // The widget speaks the brand's default language when the embedding
    // page asks for none; so does the consumer app for a visitor who chose
    // none (the language button then offers 中文), while a visitor who
    // chose Chinese keeps it.
    let visitor = driver.browser(375, 812).await;
    visitor.goto(&format!("{}/b/demo", app.base)).await;
    visitor
        .wait_text("header.bar nav button[aria-label=language]", "中文")
        .await;
    visitor.goto(&format!("{}/b/demo?lang=zh", app.base)).await;
    visitor.wait_text("header.bar .brand", "Lumi 护肤").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    visitor
        .wait_text("header.bar nav button[aria-label=language]", "EN")
        .await;
    visitor
        .goto(&format!("{}/widget/?brand=demo", app.base))
        .await;
    visitor.wait_text("header.brand", "Lumi 护肤").await;
    let lang = visitor.run("return document.documentElement.lang;").await;
    assert_eq!(lang, "en");
    visitor.close().await;
    desk.close().await;
    let _ = std::fs::remove_file(logo);
}
