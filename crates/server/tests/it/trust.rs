//! Personal data and accountability: masked contacts shown whole only to
//! roles that need them, the audit log of operator actions and personal
//! data views, ad disclosure declared and confirmed, and uploads that are
//! checked, private, and erased with their member.

use crate::access::TINY_PNG;
use crate::journey::{campaign_today, today};
use crate::{Caller, Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Sends `head` (request line and headers) on a fresh connection and
/// returns the whole answer as text.
async fn raw_request(s: &Server, head: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = s.base.trim_start_matches("http://");
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = head.replacen(
        "\r\n",
        &format!("\r\nHost: {addr}\r\nConnection: close\r\n"),
        1,
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    conn.read_to_end(&mut out).await.unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

async fn audit(c: &crate::Caller, query: &str) -> Vec<Value> {
    let v = json_of(
        c.get(&format!("/api/v1/admin/audit?{query}")).await,
        StatusCode::OK,
    )
    .await;
    v.as_array().unwrap().clone()
}

fn actions(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect()
}

/// Publishes the campaign `form` in the theme `theme_id`; the campaign.
async fn publish(owner: &Caller, theme_id: &str, form: Value) -> Value {
    json_of(
        owner
            .post(&format!("/api/v1/admin/themes/{theme_id}/campaigns"), form)
            .await,
        StatusCode::CREATED,
    )
    .await
}

/// Publishes `form` in the demo brand's current theme and signs `member`
/// up for it; the campaign's id.
async fn open_for(owner: &Caller, member: &Caller, form: Value) -> String {
    let themes = json_of(owner.get("/api/v1/admin/themes").await, StatusCode::OK).await;
    let campaign = publish(owner, themes[0]["id"].as_str().unwrap(), form).await;
    let id = campaign["id"].as_str().unwrap().to_string();
    json_of(
        member
            .post(&format!("/api/v1/me/campaigns/{id}/signup"), json!(null))
            .await,
        StatusCode::CREATED,
    )
    .await;
    id
}

async fn contacts_are_masked_and_every_view_and_action_is_audited(s: &Server) {
    let owner = s.operator("operator@demo.test").await;
    let reviewer = s.operator("reviewer@demo.test").await;
    let analyst = s.operator("analyst@demo.test").await;
    let reviewer_id =
        json_of(reviewer.get("/api/v1/admin/me").await, StatusCode::OK).await["operator_id"]
            .as_str()
            .unwrap()
            .to_string();

    // Lists show the contact masked, to every role.
    let mut app_id = String::new();
    for c in [&owner, &reviewer, &analyst] {
        let pending = json_of(
            c.get("/api/v1/admin/applications?status=pending").await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(pending[0]["contact"], "138****0009");
        app_id = pending[0]["id"].as_str().unwrap().to_string();
    }
    // Whole only for roles that review; an analyst may not.
    let path = format!("/api/v1/admin/applications/{app_id}/contact");
    expect_error(analyst.get(&path).await, StatusCode::FORBIDDEN, "forbidden").await;
    let full = json_of(reviewer.get(&path).await, StatusCode::OK).await;
    assert_eq!(full["contact"], "13800000009");

    // Operator actions.
    json_of(
        reviewer
            .post(
                &format!("/api/v1/admin/applications/{app_id}/decision"),
                json!({"approve": true}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let theme = json_of(
        owner
            .post(
                "/api/v1/admin/themes",
                json!({"month": "2031-01", "title": "审计主题", "description": ""}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let mut form = campaign_today("审计活动", &["douyin"], 3);
    form["disclosure_required"] = json!(true);
    let campaign = publish(&owner, theme["id"].as_str().unwrap(), form).await;
    assert_eq!(campaign["disclosure_required"], true);

    // Only owners read the log.
    for c in [&reviewer, &analyst] {
        expect_error(
            c.get("/api/v1/admin/audit").await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    let all = audit(&owner, "limit=500").await;
    let recent = actions(&all);
    // Newest first.
    assert_eq!(
        recent[..4],
        [
            "campaign.publish",
            "theme.create",
            "application.approve",
            "personal_data.view"
        ],
        "{recent:?}"
    );
    let view = &all[3];
    assert_eq!(view["actor_email"], "reviewer@demo.test");
    assert_eq!(
        (view["target_kind"].as_str(), view["target_id"].as_str()),
        (Some("application"), Some(app_id.as_str()))
    );
    let approve = &all[2];
    assert_eq!(approve["before"], r#"{"status":"pending"}"#);
    let after: Value = serde_json::from_str(approve["after"].as_str().unwrap()).unwrap();
    assert_eq!(after["status"], "approved");
    let publish: Value = serde_json::from_str(all[0]["after"].as_str().unwrap()).unwrap();
    assert_eq!(publish["disclosure_required"], true);
    assert!(recent.contains(&"session.login"));
    // The log refers to people by id: the contact and name never appear.
    let text = serde_json::to_string(&all).unwrap();
    for personal in ["13800000009", "赵晴", "138****0009"] {
        assert!(!text.contains(personal), "the audit log copies {personal}");
    }

    // Search.
    let apps = audit(&owner, "action=application.").await;
    assert!(!apps.is_empty());
    assert!(actions(&apps).iter().all(|a| a.starts_with("application.")));
    let on_app = audit(&owner, &format!("target_id={app_id}")).await;
    assert_eq!(
        actions(&on_app),
        ["application.approve", "personal_data.view"]
    );
    let by_reviewer = audit(&owner, &format!("actor_id={reviewer_id}")).await;
    assert!(
        by_reviewer
            .iter()
            .all(|e| e["actor_id"] == reviewer_id.as_str())
    );
    assert_eq!(
        actions(&by_reviewer),
        ["application.approve", "personal_data.view", "session.login"]
    );
    let today_only = audit(
        &owner,
        &format!("from={}&action=application.approve", today()),
    )
    .await;
    assert_eq!(today_only.len(), 1, "demo decisions are dated in the past");
    let before_today = audit(&owner, "to=2000-01-01").await;
    assert!(before_today.is_empty());
    let paged = audit(&owner, "limit=2&offset=1").await;
    assert_eq!(paged[0]["id"], all[1]["id"]);
    for bad in ["action=DROP%20TABLE", "actor_id=a'--", "from=yesterday"] {
        let r = owner.get(&format!("/api/v1/admin/audit?{bad}")).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
}
both!(contacts_are_masked_and_every_view_and_action_is_audited);

async fn paid_collaborations_need_disclosure_declared_and_confirmed(s: &Server) {
    let owner = s.operator("operator@demo.test").await;
    let reviewer = s.operator("reviewer@demo.test").await;
    let member = s.consumer("demo", "13800000004").await;
    let mut form = campaign_today("合作测评", &["douyin"], 5);
    form["disclosure_required"] = json!(true);
    let id = &open_for(&owner, &member, form).await;
    let link = "https://www.douyin.com/video/7301234567890199999";
    let before = s.store.row_counts().await.unwrap();
    expect_error(
        member
            .post(
                "/api/v1/me/submissions",
                json!({"campaign_id": id, "link_text": link}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "disclosure_undeclared",
    )
    .await;
    assert_eq!(
        s.store.row_counts().await.unwrap(),
        before,
        "nothing written"
    );
    let sub = json_of(
        member
            .post(
                "/api/v1/me/submissions",
                json!({"campaign_id": id, "link_text": link, "disclosure_declared": true}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (
            &sub["disclosure_required"],
            &sub["disclosure_declared"],
            &sub["disclosure_confirmed"]
        ),
        (&json!(true), &json!(true), &json!(false))
    );
    let decide = format!(
        "/api/v1/admin/submissions/{}/decision",
        sub["id"].as_str().unwrap()
    );
    expect_error(
        reviewer.post(&decide, json!({"approve": true})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "disclosure_unconfirmed",
    )
    .await;
    let listed = json_of(
        reviewer
            .get(&format!("/api/v1/admin/submissions?campaign_id={id}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed[0]["status"], "pending", "still waiting");
    assert_eq!(listed[0]["disclosure_declared"], true);
    let approved = json_of(
        reviewer
            .post(
                &decide,
                json!({"approve": true, "disclosure_confirmed": true}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["disclosure_confirmed"], true);
    let log = audit(&owner, "action=submission.approve&limit=1").await;
    let after: Value = serde_json::from_str(log[0]["after"].as_str().unwrap()).unwrap();
    assert_eq!(after["disclosure_confirmed"], true);
    assert_eq!(log[0]["target_id"], sub["id"]);
}
both!(paid_collaborations_need_disclosure_declared_and_confirmed);

async fn uploads_are_sniffed_private_and_erased_with_their_member(s: &Server) {
    let member = s.consumer("demo", "13800000005").await;
    let other = s.consumer("demo", "13800000003").await;
    let elsewhere = s.consumer("acme", "13800000001").await;
    let analyst = s.operator("analyst@demo.test").await;
    let reviewer = s.operator("reviewer@demo.test").await;
    let owner = s.operator("operator@demo.test").await;

    // Refused: not an image whatever it claims, empty, too large. Nothing written.
    let before = s.store.row_counts().await.unwrap();
    for (bytes, content_type, status, code) in [
        (
            b"<html><script>alert(1)</script></html>".to_vec(),
            "image/png",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "upload_type_refused",
        ),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec(),
            "image/svg+xml",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "upload_type_refused",
        ),
        (
            Vec::new(),
            "image/png",
            StatusCode::UNPROCESSABLE_ENTITY,
            "upload_empty",
        ),
    ] {
        expect_error(
            member
                .upload("/api/v1/me/uploads", bytes, content_type)
                .await,
            status,
            code,
        )
        .await;
    }
    // Past the limit: refused on the declared length, before anything is
    // read (a raw request: a client still sending would see the
    // connection close under it).
    let answer = raw_request(
        s,
        "POST /api/v1/me/uploads HTTP/1.1\r\nContent-Type: image/png\r\nContent-Length: 6000000\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("body_too_large"), "{answer}");
    assert_eq!(s.store.row_counts().await.unwrap(), before);

    // Accepted: the type comes from the bytes, the file lands on disk.
    let up = json_of(
        member
            .upload(
                "/api/v1/me/uploads",
                TINY_PNG.to_vec(),
                "application/octet-stream",
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(up["content_type"], "image/png");
    // A phone-sized screenshot (3 MB) passes: uploads have their own cap,
    // far above the JSON one and axum's default.
    let big = [TINY_PNG, &vec![7u8; 3_000_000]].concat();
    // With an idempotency key too (the idempotency layer reads the body first).
    let r = member
        .http
        .post(format!("{}/api/v1/me/uploads", member.base))
        .header("content-type", "image/png")
        .header("idempotency-key", "screenshot-3mb-1")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    let big_up = json_of(r, StatusCode::CREATED).await;
    assert_eq!(big_up["size"], big.len());
    assert_eq!(up["size"], TINY_PNG.len());
    let id = up["id"].as_str().unwrap().to_string();
    let file = s.uploads.0.join("demo").join(&id);
    assert_eq!(std::fs::read(&file).unwrap(), TINY_PNG);

    // Served to its owner as an attachment that is never run.
    let r = member.get(&format!("/api/v1/me/uploads/{id}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "image/png");
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(r.bytes().await.unwrap().as_ref(), TINY_PNG);
    // Not to another member, nor another brand.
    for c in [&other, &elsewhere] {
        expect_error(
            c.get(&format!("/api/v1/me/uploads/{id}")).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
    }
    // The brand's reviewing roles see it, never cached, and the look is
    // audited; an analyst does not (issue 15, defect 9).
    expect_error(
        analyst.get(&format!("/api/v1/admin/uploads/{id}")).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let r = reviewer.get(&format!("/api/v1/admin/uploads/{id}")).await;
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let log = audit(&owner, &format!("target_id={id}")).await;
    assert_eq!(actions(&log), ["personal_data.view"]);

    // A submission may carry the member's own screenshot, not another's.
    let mine = json_of(
        other
            .upload("/api/v1/me/uploads", TINY_PNG.to_vec(), "image/png")
            .await,
        StatusCode::CREATED,
    )
    .await;
    let cid = &open_for(&owner, &member, campaign_today("截图活动", &["douyin"], 5)).await;
    let link = "https://www.douyin.com/video/7301234567890188888";
    expect_error(
        member
            .post(
                "/api/v1/me/submissions",
                json!({"campaign_id": cid, "link_text": link, "screenshot_id": mine["id"]}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "screenshot_unknown",
    )
    .await;
    let sub = json_of(
        member
            .post(
                "/api/v1/me/submissions",
                json!({"campaign_id": cid, "link_text": link, "screenshot_id": id}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(sub["screenshot_id"], id.as_str());

    // Erasing the account erases the screenshot, and the log names nobody.
    let r = member
        .http
        .delete(format!("{}/api/v1/me", member.base))
        .json(&json!({"password": server::demo::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(!file.exists(), "the file is deleted");
    expect_error(
        reviewer.get(&format!("/api/v1/admin/uploads/{id}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let subs = json_of(
        owner
            .get(&format!("/api/v1/admin/submissions?campaign_id={cid}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(subs[0]["screenshot_id"], Value::Null);
    let log = audit(&owner, "action=member.erase").await;
    assert_eq!(log.len(), 1);
    let dump = serde_json::to_string(&s.store.dump().await.unwrap()).unwrap();
    for personal in ["13800000005", "吴桐"] {
        assert!(!dump.contains(personal), "{personal} survived the erasure");
    }
}
both!(uploads_are_sniffed_private_and_erased_with_their_member);
