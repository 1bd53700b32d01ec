//! An owner secures their account in the admin (desktop window): sets up
//! the second factor from the QR code's key and a first code, sees the
//! recovery codes once, requires a second factor of every owner, logs out
//! and back in through the code step; makes a reset link for a colleague,
//! who sets a new password on the page the link opens; revokes an
//! invitation; and changes their own password.

use crate::browser::Driver;
use server::demo;

fn now() -> i64 {
    server::time::Clock::System.now()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_sets_up_a_second_factor_and_manages_access() {
    let server = crate::start_app().await;
    let base = server.base.clone();
    let driver = Driver::start().await;
    let b = driver.browser(1280, 900).await;

    b.goto(&format!("{base}/admin/")).await;
    b.type_into("input[name=email]", "operator@demo.test").await;
    b.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    b.click_text("button", "登录").await;
    b.wait_text("nav.side", "申请审核").await;

    // ── The account page: set up the second factor ──────────────────────
    b.click_text("header a", "operator@demo.test").await;
    b.wait_text("h1", "我的账号").await;
    b.click_text("button", "设置两步验证").await;
    b.wait_text("[data-testid=totp-enrol]", "扫描二维码").await;
    let qr = b
        .run("return document.querySelector('img.qr').naturalWidth;")
        .await;
    assert!(qr.as_u64().unwrap_or(0) >= 100, "the QR code shows: {qr}");
    let secret = b
        .run("return document.querySelector('[data-testid=totp-secret]').innerText;")
        .await;
    let secret = secret.as_str().unwrap().trim().to_string();
    b.type_into(
        "[data-testid=totp-enrol] input[name=code]",
        &server::totp::code_at(&secret, now()),
    )
    .await;
    b.click_text("button", "确认开启").await;
    b.wait_text("[data-testid=recovery-codes]", "恢复码").await;
    let codes = b
        .run("return document.querySelectorAll('[data-testid=recovery-codes] code').length;")
        .await;
    assert_eq!(codes, 10);
    b.screenshot("admin-second-factor-codes").await;
    b.click_text("[data-testid=recovery-codes] button", "我已保存")
        .await;
    b.wait_text("[data-testid=second-factor]", "两步验证已开启")
        .await;

    // ── Team: owners need a second factor; a reset link; a revocation ───
    b.click_text("nav.side a", "团队").await;
    b.wait_text("h1", "团队与权限").await;
    b.click_in(
        "tr[data-operator='reviewer@demo.test']",
        "button",
        "重置密码链接",
    )
    .await;
    b.wait_text("[data-testid=reset-link]", "reviewer@demo.test")
        .await;
    let link = b
        .run("return document.querySelector('[data-testid=reset-link] input').value;")
        .await;
    let link = link.as_str().unwrap().to_string();
    assert!(link.contains("/admin/reset?b=demo&t="), "{link}");
    b.type_into("form.toolbar input[name=email]", "later@demo.test")
        .await;
    b.click_text("button", "生成邀请链接").await;
    b.wait_text("[data-testid=invitations]", "later@demo.test")
        .await;
    b.click_in("li[data-invite='later@demo.test']", "button", "撤销")
        .await;
    b.wait_gone("li[data-invite='later@demo.test']").await;
    b.wait_text("[data-testid=operators]", "已开启").await;
    b.click("input[name=owners_need_totp]").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while !server.store.owners_need_totp("demo").await.unwrap() {
        assert!(
            std::time::Instant::now() < deadline,
            "the rule was not saved"
        );
        tokio::task::yield_now().await;
    }
    // The page shows the saved rule once it has reloaded.
    while b
        .run("return document.querySelector('input[name=owners_need_totp]').checked;")
        .await
        != true
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the page never showed the rule"
        );
        tokio::task::yield_now().await;
    }
    b.screenshot("admin-team-security").await;

    // ── Log out; log in again through the code step ─────────────────────
    b.click_text("header button", "退出").await;
    b.wait_text("h1", "运营后台登录").await;
    b.type_into("input[name=email]", "operator@demo.test").await;
    b.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    b.click_text("button", "登录").await;
    b.wait_text("[data-testid=second-factor]", "6 位验证码")
        .await;
    // The confirming code's step is used: the next one is valid now.
    b.type_into(
        "[data-testid=second-factor] input[name=code]",
        &server::totp::code_at(&secret, now() + 30),
    )
    .await;
    b.click_text("button", "验证").await;
    b.wait_text("nav.side", "申请审核").await;

    // ── Change the password ──────────────────────────────────────────────
    b.click_text("header a", "operator@demo.test").await;
    b.wait_text("[data-testid=second-factor]", "剩余恢复码：10")
        .await;
    b.type_into("input[name=current_password]", demo::DEMO_PASSWORD)
        .await;
    b.type_into("input[name=new_password]", "a-brand-new-password")
        .await;
    b.click_text("[data-testid=change-password] button", "修改密码")
        .await;
    b.wait_text("[data-testid=change-password]", "密码已修改")
        .await;
    b.close().await;

    // ── The colleague opens the reset link and sets a new password ──────
    let c = driver.browser(1280, 900).await;
    c.goto(&link).await;
    c.wait_text("main", "reviewer@demo.test").await;
    c.type_into("input[name=password]", "reviewer-new-password")
        .await;
    c.click_text("button", "设置新密码").await;
    c.wait_text("p.ok", "新密码已设置").await;
    c.goto(&format!("{base}/admin/")).await;
    c.type_into("input[name=email]", "reviewer@demo.test").await;
    c.type_into("input[name=password]", "reviewer-new-password")
        .await;
    c.click_text("button", "登录").await;
    c.wait_text("nav.side", "申请审核").await;
    c.close().await;
}
