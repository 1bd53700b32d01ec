//! Campaign operations through both UIs: bulk review with the duplicate
//! warning, "more information" answered on the phone, a new theme and a
//! draft campaign published, the selection of an oversubscribed campaign
//! with the consumers seeing their outcomes and the waitlist moving up, a
//! CSV metrics import with a bad row, and settlement previewed then
//! committed, the member seeing the points arrive.

use crate::browser::{Browser, Driver};
use crate::{App, start_app};
use server::{demo, time};
use store::{Application, Campaign, DecisionRecord, Member, SocialAccount, Submission, new_id};

const METRICS_NOTE: &str = "6650a1b2c3d4e5f6071829e1";

async fn applicant(app: &App, phone: &str, name: &str, contact: &str) {
    let now = time::Clock::System.now();
    let id = new_id();
    app.store
        .create_member(&Member {
            brand_id: "demo".into(),
            id: id.clone(),
            phone: phone.into(),
            password_hash: "!".into(),
            created_at: now,
        })
        .await
        .unwrap();
    app.store
        .create_application(&Application {
            brand_id: "demo".into(),
            id: new_id(),
            member_id: id,
            display_name: name.into(),
            contact: contact.into(),
            city: "杭州".into(),
            social_accounts: vec![SocialAccount {
                platform: "xiaohongshu".into(),
                profile_url: format!("https://www.xiaohongshu.com/user/profile/{phone}"),
                followers: 500,
            }],
            interests: vec!["护肤".into()],
            motivation: "喜欢分享".into(),
            terms_version: server::routes::TERMS_VERSION.into(),
            consented_at: now,
            status: rules::ApplicationStatus::Pending,
            created_at: now,
            ..Default::default()
        })
        .await
        .unwrap();
}

/// A campaign settling today with one approved note of the demo consumer.
async fn campaign_with_a_note(app: &App, today: &str) -> String {
    let now = time::Clock::System.now();
    let month = &today[..7];
    let theme = app.store.theme_by_month("demo", month).await.unwrap();
    let brand = app.store.brand("demo").await.unwrap();
    let c = Campaign {
        title: "E2E 数据活动".into(),
        brief: "导入数据并结算".into(),
        platforms: vec!["xiaohongshu".into()],
        slots: 10,
        signup_closes: today.into(),
        publish_by: today.into(),
        settlement_date: today.into(),
        rules: store::load_rules(&brand.points_rule).unwrap(),
        status: rules::CampaignStatus::Published,
        ..Campaign::draft("demo", &theme.id, now)
    };
    app.store.create_campaign(&c, "e2e").await.unwrap();
    let lin = app
        .store
        .member_by_phone("demo", demo::DEMO_CONSUMER_PHONE)
        .await
        .unwrap();
    app.store
        .create_signup("demo", &c.id, &lin.id, now)
        .await
        .unwrap();
    let sub = Submission {
        brand_id: "demo".into(),
        id: new_id(),
        campaign_id: c.id.clone(),
        member_id: lin.id,
        platform: "xiaohongshu".into(),
        note_id: METRICS_NOTE.into(),
        canonical_url: format!("https://www.xiaohongshu.com/explore/{METRICS_NOTE}"),
        original_url: format!("https://www.xiaohongshu.com/explore/{METRICS_NOTE}"),
        status: rules::SubmissionStatus::Pending,
        reason: None,
        created_at: now,
        reviewed_at: None,
        reviewed_by: None,
        settled_points: None,
        settled_interactions: None,
        disclosure_declared: false,
        disclosure_confirmed: false,
        screenshot_id: None,
        client_hash: None,
    };
    app.store.create_submission(&sub).await.unwrap();
    let approve = DecisionRecord {
        approve: true,
        reason: None,
        by: "e2e".into(),
        at: now,
        disclosure_confirmed: false,
    };
    app.store
        .decide_submission("demo", &sub.id, &approve)
        .await
        .unwrap();
    c.id
}

async fn log_in_phone(b: &Browser, app: &App, phone: &str) {
    b.goto(&format!("{}/b/demo", app.base)).await;
    // A session from an earlier login on this browser ends first.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let text = b.page_text().await;
        if text.contains("没有账号？注册") {
            break;
        }
        if text.contains("退出") {
            b.click_text("header button", "退出").await;
            b.wait_text("main", "没有账号？注册").await;
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no log-in form: {text}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    b.type_into("input[name=phone]", phone).await;
    b.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    // The submit button: the log-in card's tabs say 登录 too.
    b.click_text("button[type=submit]", "登录").await;
    b.wait_text("header nav", "积分").await;
}

/// The demo members who signed up for the oversubscribed campaign.
const SIGNED_UP: [(&str, &str); 6] = [
    ("陈星", "13800000002"),
    ("王可", "13800000003"),
    ("周一", "13800000004"),
    ("吴桐", "13800000005"),
    ("郑好", "13800000006"),
    ("孙悦", "13800000007"),
];

fn phone_of(name: &str) -> &'static str {
    SIGNED_UP
        .iter()
        .find(|(n, _)| name.starts_with(n))
        .map(|(_, p)| *p)
        .unwrap_or_else(|| panic!("{name} did not sign up in the demo"))
}

/// The names (first cell's text, first line) of ranking rows in `status`.
async fn ranked(desk: &Browser, status: &str) -> Vec<String> {
    let v = desk
        .run(&format!(
            "return [...document.querySelectorAll(\"tr[data-testid=ranked][data-status={status}] td:nth-child(2)\")].map(td => td.firstChild.textContent);"
        ))
        .await;
    serde_json::from_value(v).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_run_a_campaign_and_consumers_see_each_outcome() {
    let app = start_app().await;
    let today = time::local_date(time::DEFAULT_TIME_ZONE, time::Clock::System.now()).to_string();
    applicant(&app, "13700000001", "申请甲", "13700000001").await;
    applicant(&app, "13700000002", "申请乙", "137 0000 0001").await;
    let data_campaign = campaign_with_a_note(&app, &today).await;
    let driver = Driver::start().await;

    // ── Review queue: duplicate warning, bulk approval, more information ─
    let desk = driver.browser(1280, 900).await;
    desk.goto(&format!("{}/admin/", app.base)).await;
    desk.type_into("input[name=email]", "operator@demo.test")
        .await;
    desk.type_into("input[name=password]", demo::DEMO_PASSWORD)
        .await;
    desk.click_text("button", "登录").await;
    desk.wait_text(
        "tr[data-applicant='申请乙'] [data-testid=duplicate]",
        "疑似重复",
    )
    .await;
    desk.wait_text("tr[data-applicant='赵晴']", "微信生态")
        .await;
    desk.click("tr[data-applicant='申请甲'] input[name=choose]")
        .await;
    desk.click("tr[data-applicant='申请乙'] input[name=choose]")
        .await;
    desk.screenshot("ops-1-review-queue").await;
    desk.click_text("[data-testid=bulk] button", "批量通过")
        .await;
    desk.wait_text("p.ok", "已处理 2").await;
    desk.wait_gone("tr[data-applicant='申请甲']").await;
    desk.wait_gone("tr[data-applicant='申请乙']").await;
    desk.type_into(
        "tr[data-applicant='赵晴'] input[name=question]",
        "请补充小红书主页截图",
    )
    .await;
    desk.click_in("tr[data-applicant='赵晴']", "button", "请求补充")
        .await;
    desk.wait_gone("tr[data-applicant='赵晴']").await;
    desk.click_text("button", "待补充").await;
    desk.wait_text(
        "tr[data-applicant='赵晴'] [data-testid=info-request]",
        "主页截图",
    )
    .await;

    // The applicant answers on the phone; the application is back in review.
    let phone = driver.browser(375, 812).await;
    log_in_phone(&phone, &app, "13800000009").await;
    phone
        .wait_text("[data-testid=question]", "请补充小红书主页截图")
        .await;
    phone.screenshot("ops-2-more-info").await;
    phone
        .type_into("textarea[name=reply]", "主页链接已更新，粉丝 5600")
        .await;
    phone.click_text("button", "提交回复").await;
    phone.wait_text("[data-status=pending]", "申请审核中").await;
    desk.click_text("button", "待审核").await;
    desk.wait_text(
        "tr[data-applicant='赵晴'] [data-testid=info-reply]",
        "粉丝 5600",
    )
    .await;

    // ── A new month's theme, a draft campaign, published ───────────────
    let next = {
        let d = rules::CivilDate::parse(&today).unwrap();
        if d.month == 12 {
            format!("{}-01", d.year + 1)
        } else {
            format!("{}-{:02}", d.year, d.month + 1)
        }
    };
    desk.click_text("a", "主题与活动").await;
    desk.click_text("summary", "新建月度主题").await;
    desk.set_value("input[name=month]", &next).await;
    desk.type_into("input[name=title]", "新年焕新").await;
    desk.click_text("button", "创建主题").await;
    let month = format!("section[data-month='{next}']");
    desk.wait_text(&month, "新年焕新").await;
    desk.click_in(&month, "summary", "新建活动").await;
    desk.type_into(&format!("{month} input[name=title]"), "新年礼盒试用")
        .await;
    desk.type_into(&format!("{month} input[name=products]"), "礼盒，面霜")
        .await;
    for field in ["signup_closes", "publish_by", "settlement_date"] {
        desk.set_value(
            &format!("{month} input[name={field}]"),
            &format!("{next}-20"),
        )
        .await;
    }
    desk.click(&format!("{month} input[name=draft]")).await;
    desk.click_in(&month, "button", "保存草稿").await;
    desk.wait_text(&format!("{month} table"), "草稿").await;
    desk.click_in(&month, "a", "新年礼盒试用").await;
    desk.wait_text("main", "礼盒、面霜").await;
    desk.click_text("button", "发布活动").await;
    desk.wait_text("p.eyebrow", "进行中").await;

    // ── Selection: 6 sign-ups for 2 places, confirmed in one action ─────
    desk.click_text("a", "主题与活动").await;
    desk.click_text("a", "修护面霜新品试用").await;
    desk.wait_text("[data-testid=ratio]", "3.0 : 1").await;
    desk.click_text("button", "确认前 2 名入选").await;
    desk.wait_text("tr[data-testid=ranked]", "候补 #4").await;
    desk.screenshot("ops-3-selection").await;
    let selected = ranked(&desk, "selected").await;
    let waiting = ranked(&desk, "waitlisted").await;
    assert_eq!(
        (selected.len(), waiting.len()),
        (2, 4),
        "{selected:?} {waiting:?}"
    );
    // Waitlist rows are in place order.
    let first_in_line = waiting[0].clone();

    // A waitlisted member sees the place; a selected one sees it and withdraws.
    log_in_phone(&phone, &app, phone_of(&first_in_line)).await;
    let card = "article[data-campaign='修护面霜新品试用']";
    phone
        .wait_text(&format!("{card} [data-testid=outcome]"), "候补第 1 位")
        .await;
    log_in_phone(&phone, &app, phone_of(&selected[0])).await;
    phone
        .wait_text(&format!("{card} [data-testid=outcome]"), "已入选")
        .await;
    phone.screenshot("ops-4-selected").await;
    phone.click_in(card, "a", "查看").await;
    phone.click_text("button", "撤回报名").await;
    phone.wait_text("[data-testid=outcome]", "已撤回").await;
    // The first in line moved up, and is told.
    log_in_phone(&phone, &app, phone_of(&first_in_line)).await;
    phone
        .wait_text(&format!("{card} [data-testid=outcome]"), "已入选")
        .await;
    phone.wait_text("[data-testid=unread]", "").await;
    phone.click_text("header a", "积分").await;
    phone
        .wait_text("li[data-kind=selected]", "有人退出，你已递补入选")
        .await;
    phone.screenshot("ops-5-moved-up").await;

    // ── Metrics: a platform export with a bad row ──────────────────────
    let csv_path = std::env::temp_dir().join(format!("seedbed-e2e-{}.csv", new_id()));
    std::fs::write(
        &csv_path,
        [
            b"\xEF\xBB\xBF".as_slice(),
            format!(
                "笔记链接,点赞数,评论数,收藏数\r\nhttps://www.xiaohongshu.com/explore/{METRICS_NOTE},\"1,200\",30,\"2,100\"\r\nhttps://www.xiaohongshu.com/explore/6650a1b2c3d4e5f6071829ff,5,5,5\r\n"
            )
            .as_bytes(),
        ]
        .concat(),
    )
    .unwrap();
    desk.click_text("a", "笔记审核").await;
    desk.click_text("summary", "导入平台数据").await;
    desk.type_into("input[name=metrics_file]", csv_path.to_str().unwrap())
        .await;
    desk.click_text("button", "预览").await;
    desk.wait_text(
        "[data-testid=import-errors] li[data-line='3']",
        "本品牌没有提交过",
    )
    .await;
    desk.wait_text("[data-testid=import-summary]", "可导入 1 行")
        .await;
    desk.screenshot("ops-6-import-preview").await;
    desk.click_text("button", "导入").await;
    desk.wait_text("[data-testid=import-summary]", "已导入")
        .await;
    let _ = std::fs::remove_file(&csv_path);

    // ── Settlement: preview per member, then commit ────────────────────
    desk.goto(&format!("{}/admin/campaigns/{data_campaign}", app.base))
        .await;
    // 3,330 interactions: base 50 + engagement 330 + viral bonus 200.
    desk.wait_text(
        "table[data-testid=statements] tr[data-member='林小雨']",
        "580",
    )
    .await;
    desk.screenshot("ops-7-settlement-preview").await;
    desk.click_text("button", "确认结算入账").await;
    desk.wait_text("[data-testid=settlement]", "580").await;
    desk.wait_text("details summary", "结算单（已入账）").await;

    // The member sees the points arrive.
    log_in_phone(&phone, &app, demo::DEMO_CONSUMER_PHONE).await;
    phone.click_text("header a", "积分").await;
    phone
        .wait_text("li[data-kind=points_credited]", "积分已到账")
        .await;
    phone
        .wait_text("li[data-kind=points_credited]", "E2E 数据活动")
        .await;
    phone.screenshot("ops-8-points-credited").await;

    // The other operator pages, as an owner sees them.
    desk.click_text("nav.side a", "招募").await;
    desk.wait_text("[data-recruitment='冬季新品试用招募']", "微信生态")
        .await;
    desk.wait_text("table[data-testid=channel-report]", "门店扫码")
        .await;
    desk.screenshot("ops-9-recruitment").await;
    desk.click_text("nav.side a", "任务").await;
    desk.wait_text("table[data-testid=tasks]", "新品成分知识培训")
        .await;
    desk.screenshot("ops-10-tasks").await;
    desk.click_text("nav.side a", "团队").await;
    desk.type_into("input[name=email]", "new.reviewer@demo.test")
        .await;
    desk.click_text("button", "生成邀请链接").await;
    desk.wait_text("[data-testid=invite-link]", "7 天内有效")
        .await;
    desk.screenshot("ops-11-team").await;

    phone.close().await;
    desk.close().await;
}
