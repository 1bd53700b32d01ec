//! `Idempotency-Key`: a retried write returns the first answer and writes
//! nothing new; reusing a key for another request is refused.

use crate::journey::campaign_today;
use crate::{Caller, Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn post_with_key(c: &Caller, path: &str, key: &str, body: &Value) -> reqwest::Response {
    c.http
        .post(format!("{}{path}", c.base))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn retried_writes_happen_once(s: &Server) {
    let member = s.consumer("demo", "13800000004").await;
    let op = s.operator("operator@demo.test").await;
    let theme = json_of(
        member.get("/api/v1/brands/demo/themes/current").await,
        StatusCode::OK,
    )
    .await;
    let c = json_of(
        op.post(
            &format!(
                "/api/v1/admin/themes/{}/campaigns",
                theme["id"].as_str().unwrap()
            ),
            campaign_today("重试活动", &["douyin"], 3),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let cid = c["id"].as_str().unwrap();
    json_of(
        member
            .post(&format!("/api/v1/me/campaigns/{cid}/signup"), json!({}))
            .await,
        StatusCode::CREATED,
    )
    .await;

    let note = json!({"campaign_id": cid, "link_text": "https://www.douyin.com/video/7301234567890100001"});
    let first = post_with_key(&member, "/api/v1/me/submissions", "k-1", &note).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    let again = post_with_key(&member, "/api/v1/me/submissions", "k-1", &note).await;
    assert_eq!(
        again.status(),
        StatusCode::CREATED,
        "the retry gets the first answer, not note_already_submitted"
    );
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    let mine = json_of(member.get("/api/v1/me/submissions").await, StatusCode::OK).await;
    assert_eq!(
        mine.as_array()
            .unwrap()
            .iter()
            .filter(|x| x["campaign_id"] == cid)
            .count(),
        1
    );

    // The same key for another request is refused and writes nothing.
    let other = json!({"campaign_id": cid, "link_text": "https://www.douyin.com/video/7301234567890100002"});
    expect_error(
        post_with_key(&member, "/api/v1/me/submissions", "k-1", &other).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
    let mine = json_of(member.get("/api/v1/me/submissions").await, StatusCode::OK).await;
    assert_eq!(
        mine.as_array()
            .unwrap()
            .iter()
            .filter(|x| x["campaign_id"] == cid)
            .count(),
        1
    );
    expect_error(
        post_with_key(&member, "/api/v1/me/submissions", "bad key", &other).await,
        StatusCode::BAD_REQUEST,
        "idempotency_key_invalid",
    )
    .await;

    // Keys are per caller: another member's "k-1" is their own.
    let someone = s.consumer("demo", "13800000005").await;
    json_of(
        someone
            .post(&format!("/api/v1/me/campaigns/{cid}/signup"), json!({}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let theirs = post_with_key(&someone, "/api/v1/me/submissions", "k-1", &other).await;
    assert_eq!(theirs.status(), StatusCode::CREATED);

    // Settlement retried after approval: one settlement, same answer.
    for sub in json_of(
        op.get(&format!("/api/v1/admin/submissions?campaign_id={cid}"))
            .await,
        StatusCode::OK,
    )
    .await
    .as_array()
    .unwrap()
    {
        json_of(
            op.post(
                &format!(
                    "/api/v1/admin/submissions/{}/decision",
                    sub["id"].as_str().unwrap()
                ),
                json!({"approve": true}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
    }
    let path = format!("/api/v1/admin/campaigns/{cid}/settlement");
    let a: Value = json_of(
        post_with_key(&op, &path, "settle-1", &json!({})).await,
        StatusCode::OK,
    )
    .await;
    let b: Value = json_of(
        post_with_key(&op, &path, "settle-1", &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!((a.clone(), a["points_total"].as_i64()), (b, Some(100)));
    let ledger = json_of(member.get("/api/v1/me/ledger").await, StatusCode::OK).await;
    assert_eq!(
        ledger["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["memo"] == "重试活动")
            .count(),
        1
    );
}
both!(retried_writes_happen_once);

async fn simultaneous_retries_write_once(s: &Server) {
    let fresh = s.sign_up("demo", "13755550000", "long-enough-pw").await;
    let form = crate::journey::application_form();
    let (a, b) = tokio::join!(
        post_with_key(&fresh, "/api/v1/me/application", "apply-1", &form),
        post_with_key(&fresh, "/api/v1/me/application", "apply-1", &form)
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert!(
        statuses == [StatusCode::CREATED, StatusCode::CREATED]
            || statuses == [StatusCode::CREATED, StatusCode::CONFLICT],
        "{statuses:?}"
    );
    json_of(fresh.get("/api/v1/me/application").await, StatusCode::OK).await;
}
both!(simultaneous_retries_write_once);
