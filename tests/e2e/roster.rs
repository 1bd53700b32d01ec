//! The roster (issue 16): an operator on a desktop window finds a member on
//! the roster, opens their page (the view is recorded), overrides their
//! class with a reason; a member on a phone sees the group invitation their
//! tier and class open.

use crate::browser::Driver;
use crate::start_app;
use server::{demo, time};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_sees_the_roster_and_a_members_page() {
    let app = start_app().await;
    let now = time::Clock::System.now();
    app.store
        .create_group_link(&store::GroupLink {
            brand_id: "demo".into(),
            id: store::new_id(),
            title: "KOC 交流群".into(),
            url: "https://work.weixin.qq.com/gm/e2e".into(),
            requirement: Default::default(),
            created_by: "e2e".into(),
            created_at: now,
        })
        .await
        .unwrap();

    let driver = Driver::start().await;
    let desk = driver.browser(1280, 900).await;
    desk.goto(&format!("{}/admin/", app.base)).await;
    desk.type_into("input[name=email]", "operator@demo.test")
        .await;
    desk.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    desk.click_text("button", "登录").await;
    desk.wait_text("nav", "KOC 名册").await;
    desk.click_text("nav a", "KOC 名册").await;
    desk.wait_text("table.roster", "周一").await;
    desk.wait_text("table.roster", "陈星").await;
    desk.screenshot("roster-1-list").await;

    // Search narrows the list; the group invitations are there for owners.
    desk.type_into("input[name=q]", "周一").await;
    desk.click_text("form button[type=submit]", "筛选").await;
    desk.wait_text("[data-testid=roster-total]", "1–1 / 1")
        .await;
    desk.wait_text("[data-testid=group-links]", "KOC 交流群")
        .await;
    desk.click_text("table.roster a", "周一").await;

    // The member's page: class, history, the view recorded.
    desk.wait_text("h1", "周一").await;
    desk.wait_text("[data-testid=member-class]", "分类").await;
    desk.wait_text("[data-testid=member-views]", "·").await;
    desk.screenshot("roster-2-member").await;
    let zhou = app
        .store
        .member_by_phone("demo", "13800000004")
        .await
        .unwrap();
    let views = app
        .store
        .audit_log(
            "demo",
            &store::AuditFilter {
                action: Some("member.view".into()),
                target_id: Some(zhou.id.clone()),
                ..Default::default()
            },
            store::Page::FIRST_100,
        )
        .await
        .unwrap();
    assert_eq!(views.len(), 1, "the opening is audited");

    // An override with its reason, shown on the page.
    desk.set_value(
        "[data-testid=member-class] select[name=class]",
        "high_quality",
    )
    .await;
    desk.type_into("input[name=reason]", "门店活动表现突出")
        .await;
    desk.click_text("button", "保存分类").await;
    desk.wait_text("[data-testid=member-class]", "门店活动表现突出")
        .await;
    desk.wait_text("[data-testid=member-class]", "人工设定")
        .await;
    desk.screenshot("roster-3-override").await;
    let (row, _) = app
        .store
        .roster_member("demo", &zhou.id, 1_000)
        .await
        .unwrap();
    assert_eq!(row.class, Some(rules::MemberClass::HighQuality));

    // The member sees the group invitation on a phone.
    let phone = driver.browser(375, 812).await;
    phone.goto(&format!("{}/b/demo", app.base)).await;
    phone.wait_text("main", "没有账号？注册").await;
    phone.type_into("input[name=phone]", "13800000004").await;
    phone
        .type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    phone.click_text("button[type=submit]", "登录").await;
    phone.wait_text("header nav", "积分").await;
    phone.click_text("header a", "积分").await;
    phone.wait_text("[data-testid=perks]", "KOC 交流群").await;
    phone.screenshot("roster-4-perks-phone").await;
    desk.close().await;
    phone.close().await;
}
