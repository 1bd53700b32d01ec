//! The whole KOC loop through the API, as the apps drive it.

use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

pub fn today() -> String {
    server::time::local_date("Asia/Shanghai", server::time::Clock::System.now()).to_string()
}

/// The form of a campaign whose sign-up, publishing and settlement are all
/// today, so a test can run its whole life at once.
pub fn campaign_today(title: &str, platforms: &[&str], slots: i64) -> Value {
    json!({"title": title, "brief": "", "hashtags": [], "platforms": platforms, "slots": slots,
           "signup_closes": today(), "publish_by": today(), "settlement_date": today()})
}

pub fn application_form() -> Value {
    json!({
        "display_name": "新人小美",
        "contact": "wx_xiaomei",
        "city": "上海",
        "social_accounts": [{"platform": "xiaohongshu", "profile_url": "https://www.xiaohongshu.com/user/profile/abc", "followers": 2300}],
        "interests": ["护肤", "彩妆"],
        "motivation": "想认真分享好用的产品",
        "consent_terms": true,
        "consent_data": true
    })
}

async fn full_loop(s: &Server) {
    // A consumer signs up and applies.
    let consumer = s.anonymous();
    let code = s
        .code(&consumer, "demo", "+86 139-1234-5678", "sign_up")
        .await;
    let me = json_of(
        consumer
            .post(
                "/api/v1/brands/demo/members",
                json!({"phone": "+86 139-1234-5678", "code": code, "password": "a-good-password"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(me["phone_masked"], "139****5678");
    assert_eq!(me["tier"], "applicant");
    let app = json_of(
        consumer
            .post("/api/v1/me/application", application_form())
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(app["status"], "pending");

    // The operator approves it from the queue.
    let op = s.operator("operator@demo.test").await;
    let queue = json_of(
        op.get("/api/v1/admin/applications?status=pending").await,
        StatusCode::OK,
    )
    .await;
    let mine = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == app["id"])
        .expect("in the queue");
    assert_eq!(mine["display_name"], "新人小美");
    let decided = json_of(
        op.post(
            &format!(
                "/api/v1/admin/applications/{}/decision",
                app["id"].as_str().unwrap()
            ),
            json!({"approve": true}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(decided["status"], "approved");

    // The operator plans a campaign in this month's theme, settling today.
    let theme = json_of(
        consumer.get("/api/v1/brands/demo/themes/current").await,
        StatusCode::OK,
    )
    .await;
    let c = json_of(
        op.post(
            &format!("/api/v1/admin/themes/{}/campaigns", theme["id"].as_str().unwrap()),
            json!({"title": "测试活动", "brief": "写一篇笔记", "hashtags": ["#测试"], "platforms": ["xiaohongshu", "douyin"],
                   "slots": 5, "signup_closes": today(), "publish_by": today(), "settlement_date": today()}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let cid = c["id"].as_str().unwrap().to_string();
    assert_eq!(
        c["rule"]["viral_threshold"], 1000,
        "the brand's rule is frozen into the campaign"
    );

    // The consumer sees it, signs up and submits share text.
    let theme = json_of(
        consumer.get("/api/v1/brands/demo/themes/current").await,
        StatusCode::OK,
    )
    .await;
    let listed = theme["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == cid.as_str())
        .unwrap()
        .clone();
    assert_eq!(listed["signed_up"], false);
    json_of(
        consumer
            .post(&format!("/api/v1/me/campaigns/{cid}/signup"), json!({}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let share = "【冬日修护】😆 Xy12 😆 https://www.xiaohongshu.com/discovery/item/65a1b2c3d4e5f60718293a4b?xsec_token=ABC，复制本条信息，打开【小红书】App查看精彩内容！";
    let sub = json_of(
        consumer
            .post(
                "/api/v1/me/submissions",
                json!({"campaign_id": cid, "link_text": share}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        sub["canonical_url"],
        "https://www.xiaohongshu.com/explore/65a1b2c3d4e5f60718293a4b"
    );
    assert_eq!(
        sub["original_url"],
        "https://www.xiaohongshu.com/discovery/item/65a1b2c3d4e5f60718293a4b?xsec_token=ABC"
    );
    assert_eq!(sub["status"], "pending");
    let sid = sub["id"].as_str().unwrap().to_string();

    // Settling now is refused: a submission waits for review.
    expect_error(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/settlement"),
            json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "submissions_pending",
    )
    .await;

    // Review, metrics, settle.
    json_of(
        op.post(
            &format!("/api/v1/admin/submissions/{sid}/decision"),
            json!({"approve": true}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let with_metrics = json_of(
        op.post(
            &format!("/api/v1/admin/submissions/{sid}/metrics"),
            json!({"date": today(), "likes": 820, "comments": 95, "saves": 301}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(with_metrics["metrics"]["saves"], 301);
    let settled = json_of(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/settlement"),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // 1216 interactions: base 50 + engagement 120 + viral 200.
    assert_eq!(
        (settled["notes"].as_i64(), settled["points_total"].as_i64()),
        (Some(1), Some(370))
    );
    let again = json_of(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/settlement"),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again, settled, "settling twice credits once");

    // The consumer sees the points, explained, and the new tier.
    let ledger = json_of(consumer.get("/api/v1/me/ledger").await, StatusCode::OK).await;
    assert_eq!(ledger["balance"], 370);
    assert_eq!(ledger["entries"][0]["reason"], "note_settled");
    assert_eq!(ledger["entries"][0]["memo"], "测试活动");
    assert_eq!(ledger["entries"][0]["interactions"], 1216);
    let codes: Vec<&str> = ledger["entries"][0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["base", "engagement", "viral_bonus"]);
    let me = json_of(consumer.get("/api/v1/me").await, StatusCode::OK).await;
    assert_eq!(
        (me["balance"].as_i64(), me["tier"].as_str()),
        (Some(370), Some("senior"))
    );
    let subs = json_of(consumer.get("/api/v1/me/submissions").await, StatusCode::OK).await;
    assert_eq!(subs[0]["points"], 370);

    // Logging out ends the session for real.
    assert_eq!(
        consumer.delete("/api/v1/me/session").await.status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        consumer.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}
both!(full_loop);

async fn demo_data_is_as_documented(s: &Server) {
    let health = json_of(s.anonymous().get("/api/v1/health").await, StatusCode::OK).await;
    assert_eq!(health["database"], s.store.kind().as_str());
    let theme = json_of(
        s.anonymous()
            .get("/api/v1/brands/demo/themes/current")
            .await,
        StatusCode::OK,
    )
    .await;
    let campaigns = theme["campaigns"].as_array().unwrap();
    assert_eq!(campaigns.len(), 3);
    assert!(
        campaigns
            .iter()
            .any(|c| c["signups"].as_i64() > c["slots"].as_i64()),
        "one campaign is oversubscribed"
    );
    let consumer = s.consumer("demo", "13800000001").await;
    let me = json_of(consumer.get("/api/v1/me").await, StatusCode::OK).await;
    assert_eq!(me["tier"], "intermediate");
    assert!(me["balance"].as_i64().unwrap() > 0);
    let senior = s.consumer("demo", "13800000002").await;
    assert_eq!(
        json_of(senior.get("/api/v1/me").await, StatusCode::OK).await["tier"],
        "senior"
    );
    let junior = s.consumer("demo", "13800000003").await;
    assert_eq!(
        json_of(junior.get("/api/v1/me").await, StatusCode::OK).await["tier"],
        "junior"
    );
    let op = s.operator("operator@demo.test").await;
    let pending = json_of(
        op.get("/api/v1/admin/applications?status=pending").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(pending.as_array().unwrap().len(), 1);
    let acme = s.operator("operator@acme.test").await;
    let me = json_of(acme.get("/api/v1/admin/me").await, StatusCode::OK).await;
    assert_eq!(me["brand"], "acme");
}
both!(demo_data_is_as_documented);

async fn openapi_documents_every_route(s: &Server) {
    let doc = json_of(
        s.anonymous().get("/api/v1/openapi.json").await,
        StatusCode::OK,
    )
    .await;
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/health",
        "/api/v1/brands/{brand}/members",
        "/api/v1/me/submissions",
        "/api/v1/admin/campaigns/{id}/settlement",
        "/api/v1/admin/submissions/{id}/metrics",
        "/api/v1/note-links/parse",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}
both!(openapi_documents_every_route);

async fn log_in_rotates_the_session(s: &Server) {
    let http = reqwest::Client::new();
    let log_in = |cookie: Option<String>| {
        let mut r = http
            .post(format!("{}/api/v1/brands/demo/session", s.base))
            .json(&json!({"phone": "13800000001", "password": "seedbed-demo"}));
        if let Some(c) = cookie {
            r = r.header("cookie", c);
        }
        r.send()
    };
    let token = |r: &reqwest::Response| {
        let set = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"),
            "{set}"
        );
        set.split(';').next().unwrap().to_string()
    };
    let first = token(&log_in(None).await.unwrap());
    let second = token(&log_in(Some(first.clone())).await.unwrap());
    assert_ne!(first, second);
    let me = |c: String| {
        http.get(format!("{}/api/v1/me", s.base))
            .header("cookie", c)
            .send()
    };
    assert_eq!(
        me(first).await.unwrap().status(),
        StatusCode::UNAUTHORIZED,
        "the old session ended"
    );
    assert_eq!(me(second).await.unwrap().status(), StatusCode::OK);
}
both!(log_in_rotates_the_session);

async fn editing_the_rule_never_changes_a_published_campaign(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let view = json_of(op.get("/api/v1/admin/rules").await, StatusCode::OK).await;
    let rule = view["rules"].clone();
    assert_eq!(
        (rule["version"].as_i64(), rule["points"]["base"].as_i64()),
        (Some(1), Some(50))
    );
    let themes = json_of(op.get("/api/v1/admin/themes").await, StatusCode::OK).await;
    let (theme_id, running) = (
        themes[0]["id"].as_str().unwrap().to_string(),
        themes[0]["campaigns"][0]["id"]
            .as_str()
            .unwrap()
            .to_string(),
    );
    let put = |who: &crate::Caller, body: Value| {
        who.http
            .put(format!("{}/api/v1/admin/rules", who.base))
            .json(&json!({ "rules": body }))
            .send()
    };

    let mut bad = rule.clone();
    bad["points"]["bands"][0]["per"] = json!(0);
    expect_error(
        put(&op, bad).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "rule_zero_step",
    )
    .await;
    let mut bad = rule.clone();
    bad["points"]["viral_bonus"] = json!(-5);
    expect_error(
        put(&op, bad).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "rule_negative",
    )
    .await;
    let mut bad = rule.clone();
    bad["points"]["bands"] = json!([
        {"from": 0, "to": 500, "per": 100, "points": 10, "cap": 50},
        {"from": 400, "per": 100, "points": 20, "cap": 500}
    ]);
    expect_error(
        put(&op, bad).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "rule_bands_overlap",
    )
    .await;
    let mut bad = rule.clone();
    bad["classes"]["standard_from"] = json!(90);
    expect_error(
        put(&op, bad).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "rule_out_of_order",
    )
    .await;
    let mut bad = rule.clone();
    bad["surprise"] = json!(1);
    let res = put(&op, bad).await.unwrap();
    assert!(
        res.status().is_client_error(),
        "unknown fields are refused: {}",
        res.status()
    );
    let reviewer = s.operator("reviewer@demo.test").await;
    expect_error(
        put(&reviewer, rule.clone()).await.unwrap(),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;

    let mut doubled = rule.clone();
    doubled["points"]["base"] = json!(100);
    let saved = json_of(put(&op, doubled).await.unwrap(), StatusCode::OK).await;
    assert_eq!(saved["rules"]["version"], 2, "the server numbers versions");
    assert_eq!(saved["versions"][0]["version"], 2);
    assert_eq!(saved["versions"][1]["version"], 1);
    let view = json_of(op.get("/api/v1/admin/rules").await, StatusCode::OK).await;
    assert_eq!(view["rules"]["points"]["base"], 100);
    let old = json_of(
        op.get(&format!("/api/v1/admin/campaigns/{running}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (old["rule"]["base"].as_i64(), old["rule_version"].as_i64()),
        (Some(50), Some(1)),
        "a published campaign keeps its frozen rule"
    );
    let new = json_of(
        op.post(
            &format!("/api/v1/admin/themes/{theme_id}/campaigns"),
            campaign_today("新规则活动", &["douyin"], 3),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (new["rule"]["base"].as_i64(), new["rule_version"].as_i64()),
        (Some(100), Some(2)),
        "new campaigns freeze the new rule"
    );
    let acme = s.operator("operator@acme.test").await;
    assert_eq!(
        json_of(acme.get("/api/v1/admin/rules").await, StatusCode::OK).await["rules"]["points"]["base"],
        50,
        "acme's rule is its own"
    );
}
both!(editing_the_rule_never_changes_a_published_campaign);

/// Short links are expanded by the server through the fenced resolver,
/// here against the local platform double (see `platform_double`).
async fn short_links_are_expanded_within_the_platform(s: &Server) {
    let parse = |c: &crate::Caller, text: &str| {
        let text = text.to_string();
        let req = c
            .http
            .post(format!("{}/api/v1/note-links/parse", c.base))
            .json(&json!({ "text": text }));
        async move { req.send().await.unwrap() }
    };
    // Anonymous callers get the short link back unexpanded: no free fetcher.
    let anon = s.anonymous();
    let v = json_of(
        parse(&anon, "http://xhslink.com/a/AbCd123，复制本条信息").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (v["kind"].as_str(), v["note_id"].as_str()),
        (Some("short_link"), None)
    );
    let member = s.consumer("demo", "13800000001").await;
    let v = json_of(
        parse(&member, "http://xhslink.com/a/AbCd123，复制本条信息").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        v,
        json!({"platform": "xiaohongshu", "note_id": "66f1a2b3c4d5e6f708192a3b", "kind": "note",
               "canonical_url": "https://www.xiaohongshu.com/explore/66f1a2b3c4d5e6f708192a3b"})
    );
    let v = json_of(
        parse(&member, "看 https://v.douyin.com/iRNBho6u/ 复制").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        v["note_id"], "7301234567890123999",
        "two hops, both on Douyin"
    );
    for (text, why) in [
        ("https://xhslink.com/a/Loop1", "more than 5 redirects"),
        ("https://xhslink.com/a/Evil", "a redirect off the platform"),
        (
            "https://xhslink.com/a/Userinfo",
            "a redirect with user info",
        ),
        ("https://b23.tv/Cross", "a redirect to another platform"),
        ("https://xhslink.com/a/Gone", "a 404"),
        ("https://xhslink.com/a/Profile", "a profile, not a note"),
    ] {
        let res = parse(&member, text).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "link_unresolved", "{why}");
    }
}
both!(short_links_are_expanded_within_the_platform);
