//! Bad input gets a clear error, in the caller's language, and changes nothing.

use crate::journey::{application_form, campaign_today, today};
use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::json;

async fn bad_input_is_refused_and_changes_nothing(s: &Server) {
    let c = s.anonymous();
    expect_error(
        c.post(
            "/api/v1/brands/demo/members",
            json!({"phone": "12345", "code": "000000", "password": "long-enough"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "phone_malformed",
    )
    .await;
    expect_error(
        c.post(
            "/api/v1/brands/demo/members",
            json!({"phone": "13911112222", "code": "000000", "password": "short"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "password_too_short",
    )
    .await;
    // A registered phone gets no sign-up code (a text saying it has an
    // account), so signing up with it is a wrong code, never `phone_taken`.
    let notice = s
        .request_code(&c, "demo", "13800000001", "sign_up")
        .await
        .unwrap();
    assert_eq!(notice[2], "registered", "{notice:?}");
    expect_error(
        c.post(
            "/api/v1/brands/demo/members",
            json!({"phone": "13800000001", "code": "000000", "password": "long-enough"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "code_invalid",
    )
    .await;
    expect_error(
        c.post(
            "/api/v1/brands/nope/members",
            json!({"phone": "13911112222", "code": "000000", "password": "long-enough"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        c.post(
            "/api/v1/brands/demo/session",
            json!({"phone": "13800000001", "password": "wrong-password"}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    expect_error(
        c.post(
            "/api/v1/brands/demo/session",
            json!({"phone": "13999999999", "password": "seedbed-demo"}),
        )
        .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;

    // Malformed JSON and wrong shapes.
    let raw = c
        .http
        .post(format!("{}/api/v1/brands/demo/members", c.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    expect_error(raw, StatusCode::BAD_REQUEST, "bad_json").await;
    expect_error(
        c.post(
            "/api/v1/brands/demo/members",
            json!({"phone": 13800000001u64}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad_json",
    )
    .await;
    let huge = "x".repeat(100_000);
    expect_error(
        c.post("/api/v1/note-links/parse", json!({"text": huge}))
            .await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
    )
    .await;

    // Applying.
    let fresh = s.sign_up("demo", "13911112222", "long-enough").await;
    let mut form = application_form();
    form["consent_data"] = json!(false);
    expect_error(
        fresh.post("/api/v1/me/application", form).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "consent_required",
    )
    .await;
    expect_error(
        fresh.get("/api/v1/me/application").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let mut form = application_form();
    form["social_accounts"] = json!([]);
    expect_error(
        fresh.post("/api/v1/me/application", form).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "social_account_required",
    )
    .await;
    json_of(
        fresh
            .post("/api/v1/me/application", application_form())
            .await,
        StatusCode::CREATED,
    )
    .await;
    expect_error(
        fresh
            .post("/api/v1/me/application", application_form())
            .await,
        StatusCode::CONFLICT,
        "application_exists",
    )
    .await;

    // Not approved yet: no sign-up.
    let theme = json_of(
        fresh.get("/api/v1/brands/demo/themes/current").await,
        StatusCode::OK,
    )
    .await;
    let cid = theme["campaigns"][1]["id"].as_str().unwrap().to_string();
    expect_error(
        fresh
            .post(&format!("/api/v1/me/campaigns/{cid}/signup"), json!({}))
            .await,
        StatusCode::CONFLICT,
        "application_not_approved",
    )
    .await;

    // Links: not a note, short link, duplicates (even by another member), not signed up.
    let member = s.consumer("demo", "13800000004").await;
    expect_error(member.post("/api/v1/me/submissions", json!({"campaign_id": cid, "link_text": "https://www.xiaohongshu.com/explore/65a1b2c3d4e5f60718293a4b"})).await, StatusCode::CONFLICT, "not_signed_up").await;
    json_of(
        member
            .post(&format!("/api/v1/me/campaigns/{cid}/signup"), json!({}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    expect_error(
        member
            .post(&format!("/api/v1/me/campaigns/{cid}/signup"), json!({}))
            .await,
        StatusCode::CONFLICT,
        "already_signed_up",
    )
    .await;
    for (text, code) in [
        (
            "https://www.xiaohongshu.com/user/profile/5f0e",
            "link_not_a_note",
        ),
        (
            "https://xiaohongshu.com.evil.com/explore/65a1b2c3d4e5f60718293a4b",
            "link_unknown_platform",
        ),
        ("javascript:alert(1)", "link_unsupported_scheme"),
        ("就是一段文字", "link_no_url"),
        ("http://xhslink.com/a/Gone，复制本条信息", "link_unresolved"),
    ] {
        expect_error(
            member
                .post(
                    "/api/v1/me/submissions",
                    json!({"campaign_id": cid, "link_text": text}),
                )
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
    }
    let note = "https://www.douyin.com/video/7301234567890123456";
    json_of(
        member
            .post(
                "/api/v1/me/submissions",
                json!({"campaign_id": cid, "link_text": note}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    expect_error(
        member
            .post(
                "/api/v1/me/submissions",
                json!({"campaign_id": cid, "link_text": note}),
            )
            .await,
        StatusCode::CONFLICT,
        "note_already_submitted",
    )
    .await;
    let other = s.consumer("demo", "13800000005").await;
    json_of(
        other
            .post(&format!("/api/v1/me/campaigns/{cid}/signup"), json!({}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    expect_error(
        other.post("/api/v1/me/submissions", json!({"campaign_id": cid, "link_text": "看看 https://www.iesdouyin.com/share/video/7301234567890123456/?x=1"})).await,
        StatusCode::CONFLICT,
        "note_already_submitted",
    )
    .await;
    let mine = json_of(member.get("/api/v1/me/submissions").await, StatusCode::OK).await;
    assert_eq!(
        mine.as_array()
            .unwrap()
            .iter()
            .filter(|x| x["campaign_id"] == cid.as_str())
            .count(),
        1,
        "refused submissions wrote nothing"
    );

    // Settling an unfinished campaign: not due yet, and pending submissions.
    let op = s.operator("operator@demo.test").await;
    expect_error(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/settlement"),
            json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "settlement_not_due",
    )
    .await;
    expect_error(
        op.get(&format!("/api/v1/admin/campaigns/{cid}/settlement"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let theme_id = theme["id"].as_str().unwrap();
    let due_today = json_of(
        op.post(
            &format!("/api/v1/admin/themes/{theme_id}/campaigns"),
            campaign_today("今日结算", &["douyin"], 1),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let due = due_today["id"].as_str().unwrap();
    json_of(
        member
            .post(&format!("/api/v1/me/campaigns/{due}/signup"), json!({}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    expect_error(member.post("/api/v1/me/submissions", json!({"campaign_id": due, "link_text": "https://www.xiaohongshu.com/explore/65a1b2c3d4e5f60718293a4c"})).await, StatusCode::UNPROCESSABLE_ENTITY, "platform_not_allowed").await;
    json_of(member.post("/api/v1/me/submissions", json!({"campaign_id": due, "link_text": "https://www.douyin.com/note/7301234567890123999"})).await, StatusCode::CREATED).await;
    expect_error(
        op.post(
            &format!("/api/v1/admin/campaigns/{due}/settlement"),
            json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "submissions_pending",
    )
    .await;
    expect_error(
        op.get(&format!("/api/v1/admin/campaigns/{due}/settlement"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Operators' input.
    expect_error(
        op.post(
            "/api/v1/admin/themes",
            json!({"month": "2026-13", "title": "x", "description": ""}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "month_malformed",
    )
    .await;
    expect_error(
        op.post(
            "/api/v1/admin/themes",
            json!({"month": theme["month"], "title": "x", "description": ""}),
        )
        .await,
        StatusCode::CONFLICT,
        "theme_month_taken",
    )
    .await;
    expect_error(
        op.post(&format!("/api/v1/admin/themes/{theme_id}/campaigns"),
            json!({"title": "x", "brief": "", "hashtags": [], "platforms": ["xiaohongshu"], "slots": 1,
                   "signup_closes": "2026-12-31", "publish_by": "2026-12-01", "settlement_date": "2026-12-31"})).await,
        StatusCode::UNPROCESSABLE_ENTITY, "dates_out_of_order").await;
    let subs = json_of(
        op.get(&format!(
            "/api/v1/admin/submissions?status=pending&campaign_id={cid}"
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    let sid = subs[0]["id"].as_str().unwrap();
    expect_error(
        op.post(
            &format!("/api/v1/admin/submissions/{sid}/decision"),
            json!({"approve": false, "reason": "  "}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "reason_required",
    )
    .await;
    expect_error(
        op.post(
            &format!("/api/v1/admin/submissions/{sid}/metrics"),
            json!({"date": today(), "likes": 1, "comments": 1, "saves": 1}),
        )
        .await,
        StatusCode::CONFLICT,
        "submission_not_approved",
    )
    .await;
    json_of(
        op.post(
            &format!("/api/v1/admin/submissions/{sid}/decision"),
            json!({"approve": false, "reason": "未标注广告"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    expect_error(
        op.post(
            &format!("/api/v1/admin/submissions/{sid}/decision"),
            json!({"approve": true}),
        )
        .await,
        StatusCode::CONFLICT,
        "already_decided",
    )
    .await;
    let mine = json_of(member.get("/api/v1/me/submissions").await, StatusCode::OK).await;
    let rejected = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == sid)
        .unwrap();
    assert_eq!(
        (rejected["status"].as_str(), rejected["reason"].as_str()),
        (Some("rejected"), Some("未标注广告"))
    );
}
both!(bad_input_is_refused_and_changes_nothing);

async fn nul_bytes_never_reach_the_database(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    expect_error(
        op.get("/api/v1/admin/campaigns/x%00y").await,
        StatusCode::BAD_REQUEST,
        "control_characters",
    )
    .await;
    expect_error(
        op.get("/api/v1/admin/applications?status=pending%00").await,
        StatusCode::BAD_REQUEST,
        "control_characters",
    )
    .await;
    expect_error(
        s.anonymous().get("/api/v1/brands/de%00mo").await,
        StatusCode::BAD_REQUEST,
        "control_characters",
    )
    .await;
    let body = json!({"email": "a\u{0}@b.c", "password": "x"});
    expect_error(
        s.anonymous().post("/api/v1/admin/session", body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "control_characters",
    )
    .await;
}
both!(nul_bytes_never_reach_the_database);

async fn errors_speak_the_callers_language(s: &Server) {
    let c = s.anonymous();
    let zh = c
        .http
        .get(format!("{}/api/v1/me", c.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_of(zh, StatusCode::UNAUTHORIZED).await["error"]["message"],
        "请先登录。"
    );
    let en = c
        .http
        .get(format!("{}/api/v1/me", c.base))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_of(en, StatusCode::UNAUTHORIZED).await["error"]["message"],
        "Please log in."
    );
    expect_error(
        c.get("/api/v1/no/such/route").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
both!(errors_speak_the_callers_language);

async fn cross_site_writes_are_refused(s: &Server) {
    let c = s.consumer("demo", "13800000001").await;
    let theme = json_of(
        c.get("/api/v1/brands/demo/themes/current").await,
        StatusCode::OK,
    )
    .await;
    let cid = theme["campaigns"][2]["id"].as_str().unwrap();
    let r = c
        .http
        .post(format!("{}/api/v1/me/campaigns/{cid}/signup", c.base))
        .header("origin", "https://evil.example")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::FORBIDDEN, "cross_site_request").await;
    let r = c
        .http
        .post(format!("{}/api/v1/me/campaigns/{cid}/signup", c.base))
        .header("sec-fetch-site", "cross-site")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::FORBIDDEN, "cross_site_request").await;
    let theme = json_of(
        c.get("/api/v1/brands/demo/themes/current").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        theme["campaigns"][2]["signed_up"], false,
        "nothing was written"
    );
    let r = c
        .http
        .post(format!("{}/api/v1/me/campaigns/{cid}/signup", c.base))
        .header("origin", &c.base)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED, "same-origin writes pass");
}
both!(cross_site_writes_are_refused);

async fn repeated_wrong_passwords_lock_the_account(s: &Server) {
    let c = s.anonymous();
    let wrong = json!({"phone": "13800000003", "password": "not-the-password"});
    for _ in 0..5 {
        expect_error(
            c.post("/api/v1/brands/demo/session", wrong.clone()).await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    let right = json!({"phone": "13800000003", "password": "seedbed-demo"});
    expect_error(
        c.post("/api/v1/brands/demo/session", right).await,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
    )
    .await;
    // Other accounts, and the same phone in another brand, are not locked.
    json_of(
        c.post(
            "/api/v1/brands/demo/session",
            json!({"phone": "13800000002", "password": "seedbed-demo"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // Operators likewise, and unknown e-mails count the same way.
    for _ in 0..5 {
        expect_error(
            c.post(
                "/api/v1/admin/session",
                json!({"email": "nobody@demo.test", "password": "x"}),
            )
            .await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    expect_error(
        c.post(
            "/api/v1/admin/session",
            json!({"email": "nobody@demo.test", "password": "x"}),
        )
        .await,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
    )
    .await;
    let en = c
        .http
        .post(format!("{}/api/v1/admin/session", c.base))
        .header("accept-language", "en")
        .json(&json!({"email": "NOBODY@demo.test ", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_of(en, StatusCode::TOO_MANY_REQUESTS).await["error"]["message"],
        "Too many wrong passwords. Wait 15 minutes, then try again."
    );
}
both!(repeated_wrong_passwords_lock_the_account);
