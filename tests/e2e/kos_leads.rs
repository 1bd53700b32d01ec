//! KOS leads in the browser (issue 17): a staff member at 375 px adds a
//! lead with consent and a tag and moves it to "added privately" with one
//! tap, and shows her QR code; her store manager sees the lead (masked) and
//! the store's funnel counting it; an operator at 1280 px filters the
//! brand's leads by tag and sees the funnel and the tag dictionary.
//! Screenshots in target/e2e/.

use crate::browser::{Browser, Driver};
use crate::start_app;
use server::demo;

async fn staff_log_in(b: &Browser, base: &str, phone: &str) {
    b.goto(&format!("{base}/b/demo/staff/login")).await;
    b.type_into("input[name=phone]", phone).await;
    b.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    b.click_text("button[type=submit]", "登录").await;
    b.wait_text("nav.tabbar", "线索").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_add_and_move_a_lead_and_managers_see_it() {
    let app = start_app().await;
    let driver = Driver::start().await;

    // 林小美 on her phone.
    let phone = driver.browser(375, 812).await;
    staff_log_in(&phone, &app.base, "13900000001").await;
    phone.click_text("nav.tabbar a", "线索").await;
    phone.wait_text("[data-testid=leads]", "Lily 小红书").await;
    phone.screenshot("kos-leads-0-list-phone").await;
    phone.click_text("button[name=new-lead]", "新增线索").await;
    phone
        .type_into("[data-testid=add-lead] input[name=phone]", "13700009999")
        .await;
    phone
        .type_into("[data-testid=add-lead] input[name=handle]", "Mia 到店")
        .await;
    phone
        .set_value(
            "[data-testid=add-lead] select[name=platform]",
            "xiaohongshu",
        )
        .await;
    phone
        .click_in("[data-testid=add-lead]", "button.chip", "干皮")
        .await;
    phone
        .click("[data-testid=add-lead] input[name=consent]")
        .await;
    phone.screenshot("kos-leads-1-add-phone").await;
    phone
        .click_text("[data-testid=add-lead] button", "保存线索")
        .await;
    phone.wait_text("[data-testid=leads]", "Mia 到店").await;
    let lead = app
        .store
        .leads_by_phone("demo", "13700009999")
        .await
        .unwrap()
        .remove(0);
    let item = format!("li[data-lead='{}']", lead.id);
    phone.wait_text(&item, "已接触").await;
    phone.click_in(&item, "button", "已加私域").await;
    phone
        .wait_text(&format!("{item} [data-testid=lead-stage]"), "已加私域")
        .await;
    phone.screenshot("kos-leads-2-moved-phone").await;
    let now = app
        .store
        .leads_by_phone("demo", "13700009999")
        .await
        .unwrap()
        .remove(0);
    assert_eq!(now.stage, rules::words::LeadStage::AddedPrivately);
    assert_eq!(now.tags.len(), 1);

    // Her QR code and the on-shift switch.
    phone.click_text("nav.tabbar a", "首页").await;
    phone.click_text("nav.shortcuts a", "二维码").await;
    phone
        .wait_text("[data-testid=personal-qr]", "/b/demo/join/p-")
        .await;
    phone.screenshot("kos-leads-3-qr-phone").await;
    phone.close().await;

    // A walk-in scans it: the page, a contact with consent, her lead.
    let lin = app
        .store
        .staff_by_phone("demo", "13900000001")
        .await
        .unwrap();
    let walker = driver.browser(375, 812).await;
    walker
        .goto(&format!("{}/b/demo/join/p-{}", app.base, lin.id))
        .await;
    walker.wait_text("main", "林小美").await;
    walker.type_into("input[name=phone]", "13700008888").await;
    walker.click("input[name=consent]").await;
    walker.screenshot("kos-leads-3b-walk-in-page").await;
    walker.click_text("button", "提交").await;
    walker.wait_text("main", "已收到").await;
    walker.screenshot("kos-leads-3c-walk-in-thanks").await;
    walker.close().await;
    let walked = app
        .store
        .leads_by_phone("demo", "13700008888")
        .await
        .unwrap();
    assert_eq!(walked[0].staff_id, lin.id);

    // Her store manager: the lead masked, with whose it is; the funnel.
    let manager = driver.browser(375, 812).await;
    staff_log_in(&manager, &app.base, "13900000011").await;
    manager.click_text("nav.tabbar a", "线索").await;
    manager.wait_text(&item, "137****9999").await;
    manager.wait_text(&item, "林小美").await;
    manager.click_text("nav.tabbar a", "首页").await;
    manager.click_text("nav.shortcuts a", "漏斗").await;
    manager
        .wait_text("[data-testid=store-funnel]", "林小美")
        .await;
    manager
        .wait_text("[data-testid=store-funnel]", "已加私域")
        .await;
    manager.screenshot("kos-leads-4-funnel-manager").await;
    manager.close().await;

    // An operator: the leads filtered by a tag, the funnel, the dictionary.
    let desk = driver.browser(1280, 900).await;
    desk.goto(&format!("{}/admin/", app.base)).await;
    desk.type_into("input[name=email]", "operator@demo.test")
        .await;
    desk.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    desk.click_text("button", "登录").await;
    desk.wait_text("nav", "线索").await;
    desk.click_text("nav a", "线索").await;
    desk.wait_text("[data-testid=kos-leads]", "137****9999")
        .await;
    desk.click_text(".tag-filter button", "干皮").await;
    desk.wait_text("[data-testid=kos-leads]", "137****9999")
        .await;
    desk.screenshot("kos-leads-5a-admin-list").await;
    desk.click_text(".tag-filter button", "800 元以上").await;
    // 干皮 AND 800 元以上: Mia has only 干皮.
    desk.wait_gone(&format!("tr[data-lead='{}']", lead.id))
        .await;
    desk.screenshot("kos-leads-5-admin-filtered").await;
    desk.click_text("nav a", "线索漏斗").await;
    desk.wait_text("[data-testid=kos-funnel]", "广州天河店")
        .await;
    desk.screenshot("kos-leads-6-admin-funnel").await;
    desk.click_text("nav a", "线索标签库").await;
    desk.wait_text("[data-testid=tag-groups]", "肤质").await;
    desk.screenshot("kos-leads-7-admin-tags").await;
    desk.close().await;
}
