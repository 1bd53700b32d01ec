//! The roster over HTTP on the demo: the list with filters and search, a
//! member's page (audited), class overrides and kinds, exports as Excel
//! opens them, group invitations and the member's perks.

use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn roster_of(op: &crate::Caller, query: &str) -> Value {
    json_of(
        op.get(&format!("/api/v1/admin/roster{query}")).await,
        StatusCode::OK,
    )
    .await
}

fn names(page: &Value) -> Vec<String> {
    let mut v: Vec<String> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["display_name"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

async fn the_operator_runs_the_roster(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let approved = json_of(
        op.get("/api/v1/admin/applications?status=approved&limit=500")
            .await,
        StatusCode::OK,
    )
    .await;
    let all = roster_of(&op, "").await;
    assert_eq!(
        all["total"].as_i64().unwrap(),
        approved.as_array().unwrap().len() as i64,
        "every approved member, nobody else"
    );
    assert!(!names(&all).contains(&"赵晴".to_string()), "pending");
    // Balances are the ledger's, with their cash value.
    for r in all["rows"].as_array().unwrap() {
        assert!(r["balance"].as_i64().unwrap() >= 0);
        assert_eq!(
            r["balance_fen"].as_i64().unwrap(),
            rules::points::fen_for_points(r["balance"].as_i64().unwrap(), 100)
        );
    }
    let with_points = all["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["balance"].as_i64().unwrap() > 0)
        .count();
    assert!(with_points > 0, "the demo settled campaigns: {all}");
    // Every row's tier filter finds it.
    for r in all["rows"].as_array().unwrap() {
        let tier = r["tier"].as_str().unwrap();
        let page = roster_of(&op, &format!("?tier={tier}")).await;
        assert!(names(&page).contains(&r["display_name"].as_str().unwrap().to_string()));
        assert!(
            page["rows"]
                .as_array()
                .unwrap()
                .iter()
                .all(|x| x["tier"] == tier)
        );
    }
    // Search by name, city, phone (normalised); filters by city and channel.
    assert_eq!(names(&roster_of(&op, "?q=周一").await), ["周一"]);
    assert_eq!(
        names(&roster_of(&op, "?q=%2B86%20138-0000-0004").await),
        ["周一"]
    );
    assert_eq!(names(&roster_of(&op, "?city=广州").await), ["周一"]);
    let in_store = roster_of(&op, "?channel=in_store").await;
    assert_eq!(names(&in_store), ["陈星"]);
    let paged = roster_of(&op, "?limit=2&offset=0").await;
    assert_eq!(paged["rows"].as_array().unwrap().len(), 2);
    assert_eq!(paged["total"], all["total"]);
    for bad in ["?tier=gold", "?class=vip", "?domain=x", "?channel=tv"] {
        expect_error(
            op.get(&format!("/api/v1/admin/roster{bad}")).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "filter_malformed",
        )
        .await;
    }

    // A member's page: everything, the contact masked, the view audited.
    let zhou = roster_of(&op, "?q=周一").await["rows"][0].clone();
    let id = zhou["member_id"].as_str().unwrap().to_string();
    let page = json_of(
        op.get(&format!("/api/v1/admin/members/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["member"]["display_name"], "周一");
    let contact = page["application"]["contact"].as_str().unwrap();
    assert!(contact.contains('*'), "masked: {contact}");
    assert_eq!(page["views"].as_array().unwrap().len(), 1);
    assert!(page["notes"].is_array() && page["signups"].is_array() && page["tasks"].is_array());
    assert!(page["ledger"].is_array() && page["inbox"].is_array());
    let audit = json_of(
        op.get(&format!(
            "/api/v1/admin/audit?action=member.view&target_id={id}"
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audit.as_array().unwrap().len(), 1);
    expect_error(
        op.get("/api/v1/admin/members/nobody").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Class override: a reason is required; it counts on the roster.
    let path = format!("/api/v1/admin/members/{id}/class");
    expect_error(
        op.put(&path, json!({"class": "high_quality", "reason": "  "}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "reason_required",
    )
    .await;
    let c = json_of(
        op.put(
            &path,
            json!({"class": "high_quality", "reason": "门店活动表现突出"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (c["class"].as_str(), c["override_class"].as_str()),
        (Some("high_quality"), Some("high_quality"))
    );
    let hq = roster_of(&op, "?class=high_quality").await;
    let zhou_row = hq["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["member_id"] == id.as_str())
        .expect("the override counts on the roster");
    assert_eq!(zhou_row["overridden"], true);
    let reviewer = s.operator("reviewer@demo.test").await;
    expect_error(
        reviewer
            .put(&path, json!({"class": "standard", "reason": "x"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let c = json_of(
        op.put(&path, json!({"class": null, "reason": "恢复自动分类"}))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(c["override_class"].is_null());
    let page = json_of(
        op.get(&format!("/api/v1/admin/members/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["overrides"].as_array().unwrap().len(), 2);
    assert_eq!(page["views"].as_array().unwrap().len(), 2);

    // Kind of KOC.
    let row = json_of(
        op.put(
            &format!("/api/v1/admin/members/{id}/kind"),
            json!({"domain": "private", "origin": "brand_lover"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (row["domain"].as_str(), row["origin"].as_str()),
        (Some("private"), Some("brand_lover"))
    );
    assert_eq!(names(&roster_of(&op, "?domain=private").await), ["周一"]);
}
both!(the_operator_runs_the_roster);

async fn exports_open_in_excel(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let r = op.get("/api/v1/admin/roster/export?city=广州").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with("\u{feff}member_id,name,".as_bytes()));
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    assert_eq!(text.lines().count(), 2, "header and 周一: {text}");
    assert!(text.contains("周一"));
    let audit = json_of(
        op.get("/api/v1/admin/audit?action=roster.export").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(audit.as_array().unwrap().len(), 1);

    // A member with points: their ledger.
    let all = roster_of(&op, "").await;
    let rich = all["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["balance"].as_i64().unwrap() > 0)
        .unwrap();
    let id = rich["member_id"].as_str().unwrap();
    let r = op
        .get(&format!("/api/v1/admin/members/{id}/ledger/export"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(text.starts_with("\u{feff}posting_id,time,reason,memo,points,cash_fen\r\n"));
    let sum: i64 = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(
        sum,
        rich["balance"].as_i64().unwrap(),
        "lines sum to the balance"
    );

    // A settled campaign's statements.
    let themes = json_of(op.get("/api/v1/admin/themes").await, StatusCode::OK).await;
    let settled = themes
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["campaigns"].as_array().unwrap().iter())
        .find(|c| c["status"] == "settled")
        .expect("the demo has a settled campaign");
    let cid = settled["id"].as_str().unwrap();
    let r = op
        .get(&format!("/api/v1/admin/campaigns/{cid}/statements/export"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    let preview = json_of(
        op.get(&format!("/api/v1/admin/campaigns/{cid}/statements"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        text.lines().count() as i64 - 1,
        preview["notes"].as_i64().unwrap()
    );
    let total: i64 = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(6).unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(total, preview["points_total"].as_i64().unwrap());
}
both!(exports_open_in_excel);

async fn groups_are_shown_to_qualifying_members(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    expect_error(
        op.post(
            "/api/v1/admin/groups",
            json!({"title": "KOC 群", "url": "http://example.com/g"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "group_url_invalid",
    )
    .await;
    let everyone = json_of(
        op.post(
            "/api/v1/admin/groups",
            json!({"title": "KOC 交流群", "url": "https://work.weixin.qq.com/gm/all"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    json_of(
        op.post(
            "/api/v1/admin/groups",
            json!({"title": "高级 KOC 群", "url": "https://work.weixin.qq.com/gm/top",
                   "min_tier": "senior", "min_class": "high_quality"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let list = json_of(op.get("/api/v1/admin/groups").await, StatusCode::OK).await;
    assert_eq!(list.as_array().unwrap().len(), 2);

    let zhou = s.consumer("demo", "13800000004").await;
    let perks = json_of(zhou.get("/api/v1/me/perks").await, StatusCode::OK).await;
    let titles: Vec<&str> = perks["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["KOC 交流群"], "{perks}");
    // An applicant still waiting for review is invited to no group, not
    // even the one open to every tier.
    let zhao = s.consumer("demo", "13800000009").await;
    let perks = json_of(zhao.get("/api/v1/me/perks").await, StatusCode::OK).await;
    assert!(perks["groups"].as_array().unwrap().is_empty(), "{perks}");
    let id = everyone["id"].as_str().unwrap();
    let r = op.delete(&format!("/api/v1/admin/groups/{id}")).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let perks = json_of(zhou.get("/api/v1/me/perks").await, StatusCode::OK).await;
    assert!(perks["groups"].as_array().unwrap().is_empty());
    expect_error(
        op.delete(&format!("/api/v1/admin/groups/{id}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}
both!(groups_are_shown_to_qualifying_members);

async fn the_kind_is_set_at_approval(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let pending = json_of(
        op.get("/api/v1/admin/applications?status=pending").await,
        StatusCode::OK,
    )
    .await;
    let app = pending
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["display_name"] == "赵晴")
        .expect("the demo's pending applicant");
    let id = app["id"].as_str().unwrap();
    json_of(
        op.post(
            &format!("/api/v1/admin/applications/{id}/decision"),
            json!({"approve": true, "kind": {"domain": "private", "origin": "partner_creator"}}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let page = roster_of(&op, "?q=赵晴").await;
    assert_eq!(page["total"], 1);
    let row = &page["rows"][0];
    assert_eq!(
        (row["domain"].as_str(), row["origin"].as_str()),
        (Some("private"), Some("partner_creator"))
    );
    // Decided once: a second approval with a kind changes nothing.
    expect_error(
        op.post(
            &format!("/api/v1/admin/applications/{id}/decision"),
            json!({"approve": true, "kind": {"domain": "public", "origin": "incubated"}}),
        )
        .await,
        StatusCode::CONFLICT,
        "already_decided",
    )
    .await;
    let row = &roster_of(&op, "?q=赵晴").await["rows"][0];
    assert_eq!(row["origin"], "partner_creator");
}
both!(the_kind_is_set_at_approval);
