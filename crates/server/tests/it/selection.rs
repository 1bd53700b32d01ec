//! Campaign operations over HTTP: a draft hidden from consumers until
//! published, the minimum tier, an oversubscribed campaign confirmed in one
//! action, a waitlisted member refused a note, a withdrawal moving the
//! waitlist up, the inbox, duplicating into another month, closing.

use crate::journey::campaign_today;
use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn find(theme: &Value, id: &str) -> Option<Value> {
    theme["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .cloned()
}

async fn an_oversubscribed_campaign_from_draft_to_close(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let lin = s.consumer("demo", "13800000001").await;
    let zhou = s.consumer("demo", "13800000004").await;
    let wang = s.consumer("demo", "13800000003").await;
    let theme = json_of(
        lin.get("/api/v1/brands/demo/themes/current").await,
        StatusCode::OK,
    )
    .await;
    let theme_id = theme["id"].as_str().unwrap();

    // A draft for seniors only: consumers do not see it until published.
    let mut form = campaign_today("高级专享", &["xiaohongshu"], 5);
    form["draft"] = json!(true);
    form["min_tier"] = json!("senior");
    form["products"] = json!(["精华", "面霜", "精华"]);
    let draft = json_of(
        op.post(
            &format!("/api/v1/admin/themes/{theme_id}/campaigns"),
            form.clone(),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let did = draft["id"].as_str().unwrap().to_string();
    assert_eq!(
        (
            draft["status"].as_str(),
            draft["products"].as_array().map(Vec::len)
        ),
        (Some("draft"), Some(2))
    );
    let seen = json_of(
        lin.get("/api/v1/brands/demo/themes/current").await,
        StatusCode::OK,
    )
    .await;
    assert!(
        find(&seen, &did).is_none(),
        "a draft is not shown to consumers"
    );
    expect_error(
        lin.post(&format!("/api/v1/me/campaigns/{did}/signup"), json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    form["title"] = json!("高级专享 · 改");
    form["note_type"] = json!("video");
    let edited = json_of(
        op.put(&format!("/api/v1/admin/campaigns/{did}"), form.clone())
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (edited["title"].as_str(), edited["note_type"].as_str()),
        (Some("高级专享 · 改"), Some("video"))
    );
    form["min_tier"] = json!("grandmaster");
    expect_error(
        op.put(&format!("/api/v1/admin/campaigns/{did}"), form)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "tier_unknown",
    )
    .await;
    let published = json_of(
        op.post(&format!("/api/v1/admin/campaigns/{did}/publish"), json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(published["status"], "published");
    expect_error(
        op.post(&format!("/api/v1/admin/campaigns/{did}/publish"), json!({}))
            .await,
        StatusCode::CONFLICT,
        "not_draft",
    )
    .await;
    // Zhou is a member-tier KOC: told why, and refused.
    let seen = json_of(
        zhou.get("/api/v1/brands/demo/themes/current").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(find(&seen, &did).unwrap()["blocked"], "tier_too_low");
    expect_error(
        zhou.post(&format!("/api/v1/me/campaigns/{did}/signup"), json!({}))
            .await,
        StatusCode::CONFLICT,
        "tier_too_low",
    )
    .await;

    // One place, three sign-ups.
    let c = json_of(
        op.post(
            &format!("/api/v1/admin/themes/{theme_id}/campaigns"),
            campaign_today("一个名额", &["xiaohongshu"], 1),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let cid = c["id"].as_str().unwrap().to_string();
    for who in [&lin, &zhou, &wang] {
        let joined = json_of(
            who.post(&format!("/api/v1/me/campaigns/{cid}/signup"), json!({}))
                .await,
            StatusCode::CREATED,
        )
        .await;
        assert_eq!(joined["my_signup"]["status"], "pending");
    }
    let ranking = json_of(
        op.get(&format!("/api/v1/admin/campaigns/{cid}/ranking"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            ranking["signups"].as_i64(),
            ranking["selection_confirmed"].as_bool()
        ),
        (Some(3), Some(false))
    );
    let proposed: Vec<&str> = ranking["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["outcome"] != "waitlisted")
        .map(|e| e["member_id"].as_str().unwrap())
        .collect();
    assert_eq!(proposed.len(), 1);
    // A reviewer may look but not select.
    let reviewer = s.operator("reviewer@demo.test").await;
    expect_error(
        reviewer
            .post(
                &format!("/api/v1/admin/campaigns/{cid}/selection"),
                json!({}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let confirmed = json_of(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/selection"),
            json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            confirmed["selected"].as_i64(),
            confirmed["selection_confirmed"].as_bool()
        ),
        (Some(1), Some(true))
    );
    let statuses: Vec<(String, Option<i64>)> = confirmed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["status"].as_str().unwrap().to_string(),
                e["waitlist_pos"].as_i64(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("selected".to_string(), None),
            ("waitlisted".into(), Some(1)),
            ("waitlisted".into(), Some(2))
        ]
    );
    expect_error(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/selection"),
            json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "selection_confirmed",
    )
    .await;

    // Each consumer sees their outcome; the selected one is in `proposed`.
    let selected_id = proposed[0].to_string();
    let mut waiting = Vec::new();
    let mut chosen = None;
    for who in [&lin, &zhou, &wang] {
        let me = json_of(who.get("/api/v1/me").await, StatusCode::OK).await;
        let seen = json_of(
            who.get("/api/v1/brands/demo/themes/current").await,
            StatusCode::OK,
        )
        .await;
        let mine = find(&seen, &cid).unwrap()["my_signup"].clone();
        if me["member_id"] == selected_id.as_str() {
            assert_eq!(mine["status"], "selected");
            chosen = Some(who);
        } else {
            assert_eq!(mine["status"], "waitlisted");
            assert!(me["unread"].as_i64().unwrap() >= 1, "told of the waitlist");
            waiting.push((who, mine["waitlist_pos"].as_i64().unwrap()));
        }
    }
    waiting.sort_by_key(|w| w.1);
    let (first, _) = waiting[0];
    // Waiting members may not publish for the campaign.
    expect_error(
        first.post("/api/v1/me/submissions", json!({"campaign_id": cid, "link_text": "https://www.xiaohongshu.com/explore/65a0000000000000000c0001"})).await,
        StatusCode::CONFLICT,
        "not_selected",
    )
    .await;
    // The selected member withdraws; the first in line moves up and is told.
    let gone = json_of(
        chosen
            .unwrap()
            .delete(&format!("/api/v1/me/campaigns/{cid}/signup"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(gone["my_signup"]["status"], "withdrawn");
    assert_eq!(gone["signups"], 2);
    let inbox = json_of(first.get("/api/v1/me/notifications").await, StatusCode::OK).await;
    assert_eq!(inbox["items"][0]["kind"], "selected");
    assert_eq!(inbox["items"][0]["moved_up"], true);
    assert_eq!(inbox["items"][0]["campaign_title"], "一个名额");
    let r = first.post("/api/v1/me/notifications/read", json!({})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let me = json_of(first.get("/api/v1/me").await, StatusCode::OK).await;
    assert_eq!(me["unread"], 0);
    json_of(
        first.post("/api/v1/me/submissions", json!({"campaign_id": cid, "link_text": "https://www.xiaohongshu.com/explore/65a0000000000000000c0001"})).await,
        StatusCode::CREATED,
    )
    .await;

    // Copied into another month as a draft, dates moved with it.
    let other = json_of(
        op.post(
            "/api/v1/admin/themes",
            json!({"month": "2031-03", "title": "三月", "description": ""}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let copy = json_of(
        op.post(
            &format!("/api/v1/admin/campaigns/{cid}/duplicate"),
            json!({"theme_id": other["id"]}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (
            copy["status"].as_str(),
            copy["title"].as_str(),
            copy["signups"].as_i64()
        ),
        (Some("draft"), Some("一个名额"), Some(0))
    );
    assert!(
        copy["signup_closes"]
            .as_str()
            .unwrap()
            .starts_with("2031-03-"),
        "{copy}"
    );

    // Closing tells whoever still waits; no more sign-ups.
    let closed = json_of(
        op.post(&format!("/api/v1/admin/campaigns/{cid}/close"), json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed["status"], "closed");
    let (last, _) = waiting[1];
    let inbox = json_of(last.get("/api/v1/me/notifications").await, StatusCode::OK).await;
    assert_eq!(inbox["items"][0]["kind"], "not_selected");
    expect_error(
        last.delete(&format!("/api/v1/me/campaigns/{cid}/signup"))
            .await,
        StatusCode::CONFLICT,
        "campaign_closed",
    )
    .await;
    // Another brand's operator cannot touch it.
    let acme = s.operator("operator@acme.test").await;
    expect_error(
        acme.post(&format!("/api/v1/admin/campaigns/{cid}/close"), json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
both!(an_oversubscribed_campaign_from_draft_to_close);

/// Suspicious patterns are flagged to the reviewer: one device under two
/// accounts, a burst of notes from one member, another member claiming a
/// note the brand has.
async fn suspicious_patterns_are_flagged(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let theme = json_of(
        s.anonymous()
            .get("/api/v1/brands/demo/themes/current")
            .await,
        StatusCode::OK,
    )
    .await;
    let c = json_of(
        op.post(
            &format!(
                "/api/v1/admin/themes/{}/campaigns",
                theme["id"].as_str().unwrap()
            ),
            campaign_today("风控", &["xiaohongshu"], 10),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let cid = c["id"].as_str().unwrap().to_string();
    let post = |who: &crate::Caller, note: String, device: &'static str| {
        who.http
            .post(format!("{}/api/v1/me/submissions", who.base))
            .header("x-forwarded-for", device)
            .header("user-agent", "Mozilla/5.0 (iPhone)")
            .json(&json!({"campaign_id": cid, "link_text": format!("https://www.xiaohongshu.com/explore/{note}")}))
            .send()
    };
    let wang = s.consumer("demo", "13800000003").await;
    let zhou = s.consumer("demo", "13800000004").await;
    for who in [&wang, &zhou] {
        json_of(
            who.post(&format!("/api/v1/me/campaigns/{cid}/signup"), json!({}))
                .await,
            StatusCode::CREATED,
        )
        .await;
    }
    // 王可 posts four notes at once from one phone; 周一 one from the same phone.
    for i in 0..4 {
        let r = post(
            &wang,
            format!("65a00000000000000000f0{i:02}"),
            "203.0.113.7",
        )
        .await
        .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let r = post(
        &zhou,
        "65a00000000000000000f1aa".into(),
        "203.0.113.7, 10.0.0.1",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    // 周一 then tries to submit one of 王可's notes.
    let r = post(&zhou, "65a00000000000000000f000".into(), "198.51.100.2")
        .await
        .unwrap();
    expect_error(r, StatusCode::CONFLICT, "note_already_submitted").await;

    let queue = json_of(
        op.get(&format!("/api/v1/admin/submissions?campaign_id={cid}"))
            .await,
        StatusCode::OK,
    )
    .await;
    let flags = |note: &str| -> Vec<String> {
        let n = queue
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["note_id"] == note)
            .unwrap();
        serde_json::from_value(n["flags"].clone()).unwrap()
    };
    assert_eq!(
        flags("65a00000000000000000f000"),
        ["burst", "shared_device", "claimed_by_other"]
    );
    assert_eq!(
        flags("65a00000000000000000f003"),
        ["burst", "shared_device"]
    );
    assert_eq!(flags("65a00000000000000000f1aa"), ["shared_device"]);
    // The device is kept as a hash, never the address.
    let dump = s.store.dump().await.unwrap();
    assert!(!format!("{dump:?}").contains("203.0.113.7"));
}
both!(suspicious_patterns_are_flagged);

/// A theme's artwork: an operator's upload, public with the theme; a
/// member's screenshot can never be made public this way.
async fn theme_artwork_is_an_operator_upload_shown_publicly(s: &Server) {
    use crate::access::TINY_PNG;
    let op = s.operator("operator@demo.test").await;
    let theme = json_of(
        s.anonymous()
            .get("/api/v1/brands/demo/themes/current")
            .await,
        StatusCode::OK,
    )
    .await;
    let tid = theme["id"].as_str().unwrap();
    assert_eq!(theme["artwork_url"], json!(null));
    let member = s.consumer("demo", "13800000004").await;
    let shot = json_of(
        member
            .upload("/api/v1/me/uploads", TINY_PNG.to_vec(), "image/png")
            .await,
        StatusCode::CREATED,
    )
    .await;
    let put = |artwork: &Value| json!({"title": "冬日护肤季", "description": "保湿修护", "artwork_id": artwork});
    let r = op
        .put(&format!("/api/v1/admin/themes/{tid}"), put(&shot["id"]))
        .await;
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "artwork_unknown").await;
    let art = json_of(
        op.upload("/api/v1/admin/uploads", TINY_PNG.to_vec(), "image/png")
            .await,
        StatusCode::CREATED,
    )
    .await;
    let updated = json_of(
        op.put(&format!("/api/v1/admin/themes/{tid}"), put(&art["id"]))
            .await,
        StatusCode::OK,
    )
    .await;
    let url = updated["artwork_url"].as_str().unwrap().to_string();
    let public = json_of(
        s.anonymous()
            .get("/api/v1/brands/demo/themes/current")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            public["artwork_url"].as_str(),
            public["description"].as_str()
        ),
        (Some(url.as_str()), Some("保湿修护"))
    );
    let r = s.anonymous().get(&url).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.bytes().await.unwrap().as_ref(), TINY_PNG);
    expect_error(
        s.anonymous().get(&url.replace("/demo/", "/acme/")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Removing it.
    json_of(
        op.put(&format!("/api/v1/admin/themes/{tid}"), put(&Value::Null))
            .await,
        StatusCode::OK,
    )
    .await;
    expect_error(
        s.anonymous().get(&url).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
both!(theme_artwork_is_an_operator_upload_shown_publicly);
