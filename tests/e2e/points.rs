//! Points through both UIs (issue 16, ledgerops): the owner opens "积分"
//! in the admin, sets points to expire after 12 months, finds a member by
//! phone (typed with spaces: normalised) and credits them with a reason;
//! the member's phone (375 px) shows the new balance with its cash value,
//! what expires next and when, and the adjustment explained with its
//! reason.

use crate::browser::Driver;
use server::demo;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_credits_points_and_the_member_sees_them_explained() {
    let app = crate::start_app().await;
    let driver = Driver::start().await;
    let member = app
        .store
        .member_by_phone("demo", demo::DEMO_CONSUMER_PHONE)
        .await
        .unwrap();
    let before = app.store.balance("demo", &member.id).await.unwrap();

    // ── The owner, at a desk ────────────────────────────────────────────
    let desk = driver.browser(1280, 900).await;
    desk.goto(&format!("{}/admin/", app.base)).await;
    desk.type_into("input[name=email]", "operator@demo.test")
        .await;
    desk.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    desk.click_text("button", "登录").await;
    desk.click_in("nav.side", "a", "积分").await;
    desk.wait_text("h1", "积分").await;
    desk.wait_text("[data-testid=points-totals]", "已发放")
        .await;
    // The policy: 12 months instead of never; a bad number is marked.
    desk.click("input[name=never_expire]").await;
    desk.clear("input[name=expiry_months]").await;
    desk.type_into("input[name=expiry_months]", "999").await;
    desk.wait_text("form[data-testid=points-policy] .error", "范围")
        .await;
    desk.clear("input[name=expiry_months]").await;
    desk.type_into("input[name=expiry_months]", "12").await;
    desk.click_text("form[data-testid=points-policy] button", "保存规则")
        .await;
    desk.wait_text("form[data-testid=points-policy] [role=status]", "已保存")
        .await;
    // A member by phone, as people type it.
    let spaced = format!(
        "{} {} {}",
        &demo::DEMO_CONSUMER_PHONE[..3],
        &demo::DEMO_CONSUMER_PHONE[3..7],
        &demo::DEMO_CONSUMER_PHONE[7..]
    );
    desk.type_into("input[name=member_query]", &spaced).await;
    desk.click_text("[data-testid=points-adjust] button", "查找")
        .await;
    desk.wait_text("[data-testid=points-member]", "可用").await;
    desk.type_into("input[name=points]", "250").await;
    assert!(
        !desk
            .enabled("[data-testid=points-adjust] form.settings button[type=submit]")
            .await,
        "a reason is required"
    );
    desk.type_into("input[name=reason]", "线下活动补发").await;
    desk.click_text("[data-testid=points-adjust] button", "确认调整")
        .await;
    desk.wait_text("[data-testid=adjusted]", "已调整").await;
    desk.screenshot("points-admin").await;
    desk.run("window.scrollTo(0, 0); return 1;").await;
    desk.screenshot("points-admin-totals").await;
    assert_eq!(
        app.store.balance("demo", &member.id).await.unwrap(),
        before + 250
    );
    // A debit beyond the balance is refused without the explicit box.
    desk.set_value("select[name=direction]", "debit").await;
    desk.clear("input[name=points]").await;
    desk.type_into("input[name=points]", "999999").await;
    desk.click_text("[data-testid=points-adjust] button", "确认调整")
        .await;
    desk.wait_text("[data-testid=points-adjust] .error", "积分不足")
        .await;
    assert_eq!(
        app.store.balance("demo", &member.id).await.unwrap(),
        before + 250
    );
    let audit = app
        .store
        .audit_log(
            "demo",
            &store::AuditFilter {
                action: Some("points.adjust".into()),
                ..Default::default()
            },
            store::Page::FIRST_100,
        )
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);

    // ── The member's phone ──────────────────────────────────────────────
    let phone = driver.browser(375, 812).await;
    phone.goto(&format!("{}/b/demo", app.base)).await;
    phone
        .type_into("input[name=phone]", demo::DEMO_CONSUMER_PHONE)
        .await;
    phone
        .type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    phone.click_text("button[type=submit]", "登录").await;
    phone.wait_text("header.bar nav", "积分").await;
    phone.goto(&format!("{}/b/demo/me", app.base)).await;
    let total = before + 250;
    phone
        .wait_text("[data-testid=balance]", &group(total))
        .await;
    phone.wait_text("[data-testid=cash-value]", "约合 ¥").await;
    phone.wait_text("[data-testid=next-expiry]", "将过期").await;
    phone
        .wait_text("li[data-reason=adjustment]", "原因：线下活动补发")
        .await;
    phone
        .wait_text("li[data-reason=adjustment]", "品牌调整")
        .await;
    phone.screenshot("points-me").await;
    phone
        .run("document.querySelector('li[data-reason=adjustment]').scrollIntoView(); return 1;")
        .await;
    phone.screenshot("points-me-history").await;
    phone.close().await;
    desk.close().await;
}

/// `12345` as the zh-CN number format shows it: `12,345`.
fn group(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
