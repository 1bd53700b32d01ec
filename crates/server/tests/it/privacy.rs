//! Privacy and abuse limits (issue 15): erasure leaves nothing of the
//! member in any table, the data download holds every kind of record, the
//! short-link resolver's total time and per-member allowance, and the
//! bounds on idempotency keys taken without a session.

use crate::access::TINY_PNG;
use crate::journey::{campaign_today, today};
use crate::{Caller, Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PHONE: &str = "13977771234";
const PASSWORD: &str = "erase-me-please";
const NAME: &str = "测试甲乙丙";
const CONTACT: &str = "wx_erase_me_77";
const ADDRESS: &str = "测试路77号";
const TRACKING: &str = "SFERASE9876";

/// A member of `demo` with [`PHONE`], made in the store (how a member
/// signs up is not what this file tests), then signed in.
async fn member(s: &Server) -> Caller {
    s.store
        .create_member(&store::Member {
            brand_id: "demo".into(),
            id: store::new_id(),
            phone: PHONE.into(),
            password_hash: server::auth::hash_password(PASSWORD),
            created_at: server::time::Clock::System.now(),
        })
        .await
        .unwrap();
    let c = s.anonymous();
    let r = c
        .post(
            "/api/v1/brands/demo/session",
            json!({"phone": PHONE, "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "member log-in");
    c
}

/// A write with an `Idempotency-Key` (and a client address and browser).
async fn post_keyed(c: &Caller, path: &str, body: Value) -> reqwest::Response {
    c.http
        .post(format!("{}{path}", c.base))
        .header("idempotency-key", store::new_id())
        .header("x-forwarded-for", "203.0.113.77")
        .header("user-agent", "ErasureTest/1.0")
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// The member does every kind of thing the product keeps data about, is
/// erased, and then no column of any table (listed from the database's own
/// catalogue) holds their phone, name, contact, address or courier number.
async fn erasure_leaves_nothing_to_find(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    // The brand imported them as a customer and invited them.
    let csv = format!(
        "客户ID,手机号,累计消费,订单数,入会日期,最近购买\nE77,{PHONE},\"1,280.00\",6,2024-03-01,2026-10-20\n"
    );
    let r = op
        .http
        .post(format!("{}/api/v1/admin/candidates/import", op.base))
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "import: {}", r.status());
    let candidates = json_of(op.get("/api/v1/admin/candidates").await, StatusCode::OK).await;
    let cand = candidates
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["external_id"] == "E77")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let recruitments = json_of(op.get("/api/v1/admin/recruitments").await, StatusCode::OK).await;
    json_of(
        op.post(
            "/api/v1/admin/candidates/invite",
            json!({"recruitment_id": recruitments[0]["id"], "ids": [cand]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let candidates = json_of(op.get("/api/v1/admin/candidates").await, StatusCode::OK).await;
    let code = candidates
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == cand.as_str())
        .unwrap()["invite_code"]
        .as_str()
        .unwrap()
        .to_string();

    // They apply through the invitation, with a screenshot; the reviewer
    // asks for more (naming them), they answer, they are approved.
    let me = member(s).await;
    let shot = json_of(
        me.upload("/api/v1/me/uploads", TINY_PNG.to_vec(), "image/png")
            .await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let app = json_of(
        post_keyed(
            &me,
            "/api/v1/me/application",
            json!({
                "display_name": NAME, "contact": CONTACT, "city": "杭州",
                "social_accounts": [{"platform": "xiaohongshu", "profile_url": "https://www.xiaohongshu.com/user/profile/erase77", "followers": 900}],
                "interests": ["护肤"], "motivation": format!("我是{NAME}"),
                "consent_terms": true, "consent_data": true,
                "invite": code, "evidence": [shot],
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let app_id = app["id"].as_str().unwrap().to_string();
    json_of(
        post_keyed(
            &op,
            &format!("/api/v1/admin/applications/{app_id}/more-info"),
            json!({"question": format!("{NAME}，请补充主页截图")}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    json_of(
        me.post(
            "/api/v1/me/application/reply",
            json!({"reply": format!("{NAME}已补充"), "evidence": [shot]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // The operator's answer (kept for replay) holds the application.
    json_of(
        post_keyed(
            &op,
            &format!("/api/v1/admin/applications/{app_id}/decision"),
            json!({"approve": true, "reason": format!("{NAME}的账号不错")}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // The operator looks at the full contact (audited).
    json_of(
        op.get(&format!("/api/v1/admin/applications/{app_id}/contact"))
            .await,
        StatusCode::OK,
    )
    .await;

    // A trial campaign: sign-up, selection, a sample sent and received.
    let theme = json_of(
        me.get("/api/v1/brands/demo/themes/current").await,
        StatusCode::OK,
    )
    .await;
    let mut form = campaign_today("擦除测试", &["xiaohongshu"], 3);
    form["sample_days"] = json!(14);
    let c = json_of(
        op.post(
            &format!(
                "/api/v1/admin/themes/{}/campaigns",
                theme["id"].as_str().unwrap()
            ),
            form,
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let cid = c["id"].as_str().unwrap().to_string();
    json_of(
        post_keyed(
            &me,
            &format!("/api/v1/me/campaigns/{cid}/signup"),
            json!({}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    json_of(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/selection"),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let sample = format!("/api/v1/me/campaigns/{cid}/sample");
    json_of(
        me.put(
            &sample,
            json!({"recipient": NAME, "phone": PHONE, "address": format!("杭州市{ADDRESS}")}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let member_id = json_of(me.get("/api/v1/me").await, StatusCode::OK).await["member_id"]
        .as_str()
        .unwrap()
        .to_string();
    json_of(
        post_keyed(
            &op,
            &format!("/api/v1/admin/campaigns/{cid}/samples/ship"),
            json!({"member_id": member_id, "courier": "顺丰", "tracking": TRACKING}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    json_of(
        me.post(&format!("{sample}/received"), json!({})).await,
        StatusCode::OK,
    )
    .await;

    // A note with a screenshot: rejected with a reason naming them,
    // appealed, approved, measured; the campaign is settled.
    let sub = json_of(
        post_keyed(
            &me,
            "/api/v1/me/submissions",
            json!({"campaign_id": cid, "screenshot_id": shot,
                   "link_text": "https://www.xiaohongshu.com/explore/65a0000000000000000e7a77"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let sid = sub["id"].as_str().unwrap().to_string();
    json_of(
        op.post(
            &format!("/api/v1/admin/submissions/{sid}/decision"),
            json!({"approve": false, "reason": format!("{NAME}的截图看不清")}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let r = me
        .post(
            &format!("/api/v1/me/submissions/{sid}/appeal"),
            json!({"note": format!("{NAME}重新上传了")}),
        )
        .await;
    assert!(r.status().is_success(), "appeal: {}", r.status());
    json_of(
        op.post(
            &format!("/api/v1/admin/submissions/{sid}/decision"),
            json!({"approve": true}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    json_of(
        op.post(
            &format!("/api/v1/admin/submissions/{sid}/metrics"),
            json!({"date": today(), "likes": 20, "comments": 2, "saves": 3}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    json_of(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/settlement"),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    // A feedback task: answered (with their name), rejected with a reason.
    let task = json_of(
        op.post(
            "/api/v1/admin/tasks",
            json!({"kind": "feedback", "title": "擦除反馈", "due_on": today(), "reward_points": 5,
                   "questions": ["你叫什么？"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let tid = task["id"].as_str().unwrap().to_string();
    json_of(
        me.post(
            &format!("/api/v1/me/tasks/{tid}/submission"),
            json!({"answers": [format!("我是{NAME}，微信{CONTACT}")]}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    json_of(
        op.post(
            &format!("/api/v1/admin/tasks/{tid}/review"),
            json!({"member_id": member_id, "approve": false, "reason": format!("{NAME}答非所问")}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // issue 16: ledgerops. An operator's adjustment whose reason names them.
    json_of(
        op.post(
            "/api/v1/admin/points/adjustments",
            json!({"member": member_id, "direction": "credit", "points": 8,
                   "reason": format!("补偿{NAME}"), "allow_negative": false}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;

    // A gift redeemed to their address and shipped (issue 16).
    let gift = json_of(
        op.post(
            "/api/v1/admin/rewards",
            json!({"kind": "gift", "title": "擦除礼品", "price": 1, "stock": 1}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let redeemed = json_of(
        me.post(
            &format!(
                "/api/v1/me/rewards/{}/redemption",
                gift["id"].as_str().unwrap()
            ),
            json!({"recipient": NAME, "phone": PHONE, "address": format!("杭州市{ADDRESS}")}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    json_of(
        op.post(
            &format!(
                "/api/v1/admin/redemptions/{}/fulfilment",
                redeemed["id"].as_str().unwrap()
            ),
            json!({"status": "shipped", "courier": "顺丰", "tracking": TRACKING}),
        )
        .await,
        StatusCode::OK,
    )
    .await;

    // The download holds every kind of record.
    // issue 17: leads. A staff member met them in the store and kept
    // them as a lead (phone and WeChat ID, tagged), through a keyed write
    // whose kept answer holds the contact.
    let lin = s.staff("demo", "13900000001").await;
    let tags = json_of(lin.get("/api/v1/staff/tags").await, StatusCode::OK).await;
    let lead = json_of(
        post_keyed(
            &lin,
            "/api/v1/staff/leads",
            json!({"phone": PHONE, "handle": CONTACT, "consent": true,
                   "tags": [tags["groups"][0]["tags"][0]["id"]]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    json_of(
        post_keyed(
            &lin,
            &format!("/api/v1/staff/leads/{}/stage", lead["id"].as_str().unwrap()),
            json!({"stage": "added_privately"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let data = json_of(me.get("/api/v1/me/data").await, StatusCode::OK).await;
    assert_eq!(
        data["kos_leads"][0]["phone"], PHONE,
        "the lead is in the download"
    );
    assert_eq!(data["kos_leads"][0]["stage"], "added_privately");
    assert_eq!(data["phone"], PHONE);
    assert_eq!(data["application"]["display_name"], NAME);
    assert_eq!(data["signups"][0]["campaign_id"], cid.as_str());
    assert_eq!(data["samples"][0]["tracking"], TRACKING);
    assert!(
        data["samples"][0]["address"]
            .as_str()
            .unwrap()
            .contains(ADDRESS)
    );
    assert!(
        data["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["task_id"] == tid.as_str() && t["answer"].is_object()),
        "task answers: {}",
        data["tasks"]
    );
    assert!(!data["inbox"].as_array().unwrap().is_empty());
    assert_eq!(data["uploads"][0]["id"], shot.as_str());
    assert!(!data["tier_history"].as_array().unwrap().is_empty());
    assert!(!data["submissions"].as_array().unwrap().is_empty());
    assert!(!data["ledger"].as_array().unwrap().is_empty());
    assert!(
        data["redemptions"][0]["address"]
            .as_str()
            .unwrap()
            .contains(ADDRESS)
    );
    assert_eq!(data["redemptions"][0]["redemption"]["tracking"], TRACKING);

    // Before: the search finds them (the test can see what it looks for).
    assert!(!s.store.find_text(PHONE).await.unwrap().is_empty());
    assert!(!s.store.find_text(TRACKING).await.unwrap().is_empty());

    let r = me
        .http
        .delete(format!("{}/api/v1/me", me.base))
        .json(&json!({"password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);

    for needle in [PHONE, NAME, CONTACT, ADDRESS, TRACKING] {
        let found = s.store.find_text(needle).await.unwrap();
        assert!(
            found.is_empty(),
            "{}: {needle} is still in {found:?}",
            s.store.kind().as_str()
        );
    }
    // The device hash on the note is gone too, and the customer row.
    let filter = store::SubmissionFilter {
        member_id: Some(member_id.clone()),
        ..Default::default()
    };
    let subs = s
        .store
        .submissions("demo", &filter, store::Page::FIRST_100)
        .await
        .unwrap();
    assert!(!subs.is_empty(), "the note stays, anonymous");
    assert!(subs.iter().all(|d| d.submission.client_hash.is_none()));
    expect_error(
        op.delete(&format!("/api/v1/admin/candidates/{cand}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
both!(erasure_leaves_nothing_to_find);

/// An owner deletes an imported customer; other roles may not.
async fn imported_candidates_can_be_deleted(s: &Server) {
    let owner = s.operator("operator@demo.test").await;
    let r = owner
        .http
        .post(format!("{}/api/v1/admin/candidates/import", owner.base))
        .header("content-type", "text/csv")
        .body(crate::access::CUSTOMERS_CSV)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let list = json_of(owner.get("/api/v1/admin/candidates").await, StatusCode::OK).await;
    let id = list[0]["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/admin/candidates/{id}");
    expect_error(
        s.operator("ops@demo.test").await.delete(&path).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(owner.delete(&path).await.status(), StatusCode::NO_CONTENT);
    let list = json_of(owner.get("/api/v1/admin/candidates").await, StatusCode::OK).await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"] != id.as_str())
    );
    expect_error(
        owner.delete(&path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let audit = json_of(
        owner
            .get("/api/v1/admin/audit?action=candidate.delete")
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(audit.to_string().contains(&id), "audited: {audit}");
}
both!(imported_candidates_can_be_deleted);

/// Keys from callers without a session: only on public write routes, only
/// for a brand that exists, at most 20 live per client address.
async fn anonymous_idempotency_keys_are_bounded(s: &Server) {
    let count = || async {
        s.store
            .row_counts()
            .await
            .unwrap()
            .into_iter()
            .find(|(t, _)| *t == "idempotency_keys")
            .unwrap()
            .1
    };
    let anon = s.anonymous();
    let send = |path: &'static str, key: String, from: &'static str| {
        let anon = &anon;
        async move {
            anon.http
                .post(format!("{}{path}", anon.base))
                .header("idempotency-key", key)
                .header("x-forwarded-for", from)
                .json(&json!({"text": "https://www.douyin.com/video/7301234567890123456", "password": "long-enough-pw"}))
                .send()
                .await
                .unwrap()
        }
    };
    let start = count().await;
    // An unknown path, a member route without a session, another brand's
    // invitation that does not exist: no key is kept.
    send("/api/v1/nowhere", "k0".into(), "198.51.100.1").await;
    let r = send("/api/v1/me/submissions", "k1".into(), "198.51.100.1").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    send(
        "/api/v1/brands/no-such-brand/invitations/x",
        "k2".into(),
        "198.51.100.1",
    )
    .await;
    assert_eq!(count().await, start, "nothing stored");
    // A public write: kept, 20 per address.
    for i in 0..20 {
        let r = send("/api/v1/note-links/parse", format!("p{i}"), "198.51.100.1").await;
        assert_eq!(r.status(), StatusCode::OK, "key {i}");
    }
    assert_eq!(count().await, start + 20);
    let r = send("/api/v1/note-links/parse", "p-over".into(), "198.51.100.1").await;
    expect_error(
        r,
        StatusCode::TOO_MANY_REQUESTS,
        "idempotency_keys_exhausted",
    )
    .await;
    let r = send("/api/v1/note-links/parse", "p0".into(), "198.51.100.1").await;
    assert_eq!(
        r.headers()
            .get("idempotent-replayed")
            .map(|v| v.to_str().unwrap()),
        Some("true"),
        "a held key still replays"
    );
    let r = send("/api/v1/note-links/parse", "p-other".into(), "198.51.100.2").await;
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "another address has its own allowance"
    );
}
both!(anonymous_idempotency_keys_are_bounded);

/// A short link whose hops each take 1.5 s is given up after 4 s in all
/// (per-hop limits once added up to 24 s).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_link_expansion_has_one_time_limit() {
    let s = crate::sqlite().await;
    let me = s.consumer("demo", "13800000004").await;
    let started = std::time::Instant::now();
    let r = me
        .post(
            "/api/v1/note-links/parse",
            json!({"text": "https://xhslink.com/a/Slow0"}),
        )
        .await;
    let took = started.elapsed();
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "link_unresolved").await;
    assert!(
        took >= std::time::Duration::from_millis(3900)
            && took < std::time::Duration::from_millis(5500),
        "gave up after {took:?}"
    );
}

/// A member may have 30 short links expanded an hour; then 429, while
/// another member still may.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_link_expansions_are_limited_per_member() {
    let s = crate::sqlite().await;
    let zhou = s.consumer("demo", "13800000004").await;
    let link = json!({"text": "https://xhslink.com/a/AbCd123"});
    for i in 0..server::resolve::MEMBER_EXPANSIONS {
        let r = zhou.post("/api/v1/note-links/parse", link.clone()).await;
        assert_eq!(r.status(), StatusCode::OK, "expansion {i}");
    }
    expect_error(
        zhou.post("/api/v1/note-links/parse", link.clone()).await,
        StatusCode::TOO_MANY_REQUESTS,
        "link_expansions_exhausted",
    )
    .await;
    // A full link needs no expansion: still answered.
    let full = json!({"text": "https://www.xiaohongshu.com/explore/65a0000000000000000000aa"});
    assert_eq!(
        zhou.post("/api/v1/note-links/parse", full).await.status(),
        StatusCode::OK
    );
    let wang = s.consumer("demo", "13800000003").await;
    assert_eq!(
        wang.post("/api/v1/note-links/parse", link).await.status(),
        StatusCode::OK
    );
}
