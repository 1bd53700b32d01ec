//! The account matrix and the content middle platform over HTTP (issue
//! 17: content), as the staff app and the admin drive them: a template
//! picked on the phone and a note submitted from it (attributed to staff
//! member, store and template version), seen by the store manager and not
//! by another store's; its metrics from the KOC notes' import; results per
//! template; accounts added by staff (never with a password), the matrix
//! with its gaps, a hand-over, and another store's account 404.

use crate::{Caller, Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

const NOTE: &str = "66b0c0d0e0f0a0b0c0d0e0f1";

async fn import(c: &Caller, text: &str) -> Value {
    let r = c
        .http
        .post(format!(
            "{}/api/v1/admin/metrics/import?commit=true",
            c.base
        ))
        .header("content-type", "text/csv")
        .body(text.to_string())
        .send()
        .await
        .unwrap();
    json_of(r, StatusCode::OK).await
}

async fn a_template_becomes_an_attributed_note(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let lin = s.staff("demo", "13900000001").await;
    let manager = s.staff("demo", "13900000011").await;
    let other = s.staff("demo", "13900000012").await;

    let t = json_of(
        op.post(
            "/api/v1/admin/kos/templates",
            json!({ "kind": "hook_title", "title": "秋冬口红试色", "body": "黄皮显白的 3 支口红 #口红试色",
                    "product": "口红", "platform": "xiaohongshu" }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let id = t["id"].as_str().unwrap();
    json_of(
        op.put(
            &format!("/api/v1/admin/kos/templates/{id}"),
            json!({ "kind": "hook_title", "title": "秋冬口红试色", "body": "黄皮显白的 3 支口红（第二版）",
                    "product": "口红", "platform": "xiaohongshu" }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // The kind is checked, and stays.
    expect_error(
        op.post(
            "/api/v1/admin/kos/templates",
            json!({ "kind": "poem", "title": "x", "body": "y" }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "template_kind_unknown",
    )
    .await;

    // On the phone: filtered by platform, the current version's text.
    let list = json_of(
        lin.get("/api/v1/staff/templates?platform=xiaohongshu")
            .await,
        StatusCode::OK,
    )
    .await;
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .expect("the template");
    assert_eq!(
        (mine["version"].as_i64(), mine["body"].as_str()),
        (Some(2), Some("黄皮显白的 3 支口红（第二版）"))
    );
    let none = json_of(
        lin.get("/api/v1/staff/templates?platform=douyin&kind=hook_title")
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(
        none.as_array().unwrap().iter().all(|x| x["id"] != id),
        "{none}"
    );

    // Submitted from share text, attributed to 林小美, store 1, version 2.
    let share = format!(
        "【秋冬口红】 https://www.xiaohongshu.com/explore/{NOTE}?xsec_token=abc 复制本条信息"
    );
    let n = json_of(
        lin.post(
            "/api/v1/staff/notes",
            json!({ "link_text": share, "template_id": id }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (n["template_version"].as_i64(), n["staff_name"].as_str()),
        (Some(2), Some("林小美"))
    );
    assert_eq!(n["platform"], "xiaohongshu");
    let again = lin
        .post("/api/v1/staff/notes", json!({ "link_text": share }))
        .await;
    expect_error(again, StatusCode::CONFLICT, "note_already_submitted").await;
    expect_error(
        lin.post("/api/v1/staff/notes", json!({ "link_text": "https://www.xiaohongshu.com/explore/66b0c0d0e0f0a0b0c0d0e0f2", "template_id": "nope" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "template_unknown",
    )
    .await;

    // The store manager sees it; another store's manager does not.
    let theirs = json_of(manager.get("/api/v1/staff/notes").await, StatusCode::OK).await;
    assert!(
        theirs
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == n["id"]),
        "{theirs}"
    );
    let others = json_of(other.get("/api/v1/staff/notes").await, StatusCode::OK).await;
    assert!(
        others
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["id"] != n["id"]),
        "{others}"
    );

    // The KOC notes' metrics import finds KOS notes too.
    let file =
        format!("笔记链接,点赞,评论,收藏\nhttps://www.xiaohongshu.com/explore/{NOTE},120,30,50\n");
    let r = import(&op, &file).await;
    assert_eq!(
        (r["good"].as_i64(), r["changed"].as_i64()),
        (Some(1), Some(1)),
        "{r}"
    );
    assert_eq!(r["rows"][0]["member_name"], "林小美");
    let mine = json_of(lin.get("/api/v1/staff/notes").await, StatusCode::OK).await;
    let note = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == n["id"])
        .unwrap();
    assert_eq!(note["interactions"], 200);

    // Operators see what the template produced.
    let res = json_of(op.get("/api/v1/admin/kos/results").await, StatusCode::OK).await;
    let row = res["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap();
    assert_eq!(
        (
            row["notes"].as_i64(),
            row["interactions"].as_i64(),
            row["staff"].as_i64()
        ),
        (Some(1), Some(200), Some(1))
    );
    let detail = json_of(
        op.get(&format!("/api/v1/admin/kos/templates/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(detail["versions"].as_array().unwrap().len(), 2);
    let metrics = json_of(
        op.get(&format!(
            "/api/v1/admin/kos/notes/{}/metrics",
            n["id"].as_str().unwrap()
        ))
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(metrics.as_array().unwrap().len(), 1);
}
both!(a_template_becomes_an_attributed_note);

async fn accounts_matrix_and_hand_over(s: &Server) {
    let op = s.operator("operator@demo.test").await;
    let lin = s.staff("demo", "13900000001").await;
    let other = s.staff("demo", "13900000012").await;

    // Never a password: the form refuses the field, nothing is stored.
    let with_password = lin
        .post(
            "/api/v1/staff/accounts",
            json!({ "platform": "douyin", "handle": "小美的抖音", "password": "hunter2" }),
        )
        .await;
    expect_error(with_password, StatusCode::UNPROCESSABLE_ENTITY, "bad_json").await;
    expect_error(
        lin.post("/api/v1/staff/accounts", json!({ "platform": "douyin", "handle": "x", "profile_url": "https://www.xiaohongshu.com/user/profile/1" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "profile_url_invalid",
    )
    .await;
    let a = json_of(
        lin.post(
            "/api/v1/staff/accounts",
            json!({ "platform": "douyin", "handle": "小美的抖音", "profile_url": "https://www.douyin.com/user/MS4wLjABAAAA?from=share",
                    "owner_level": "brand" }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(
        (a["owner_level"].as_str(), a["owner_name"].as_str()),
        (Some("staff"), Some("林小美")),
        "always their own: {a}"
    );
    assert_eq!(a["profile_url"], "https://www.douyin.com/user/MS4wLjABAAAA");
    let id = a["id"].as_str().unwrap();
    let a = json_of(
        lin.post(
            &format!("/api/v1/staff/accounts/{id}/followers"),
            json!({ "followers": 1234 }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(a["followers"], 1234);
    // Another store's manager: not found.
    expect_error(
        other
            .post(
                &format!("/api/v1/staff/accounts/{id}/followers"),
                json!({ "followers": 1 }),
            )
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // The matrix: every platform a cell, the gaps counted.
    let m = json_of(op.get("/api/v1/admin/kos/matrix").await, StatusCode::OK).await;
    let rows = m["rows"].as_array().unwrap();
    let staff = rows.iter().find(|r| r["level"] == "staff").unwrap();
    assert_eq!(staff["cells"].as_array().unwrap().len(), 10);
    let douyin = staff["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["platform"] == "douyin")
        .unwrap();
    assert!(douyin["accounts"].as_i64().unwrap() >= 1);
    assert_eq!(
        douyin["gap"].as_i64().unwrap(),
        staff["owners"].as_i64().unwrap() - douyin["owners"].as_i64().unwrap()
    );
    let stores = rows.iter().find(|r| r["level"] == "store").unwrap();
    let xhs = stores["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["platform"] == "xiaohongshu")
        .unwrap();
    assert!(
        xhs["gap"].as_i64().unwrap() >= 1,
        "a demo store lacks Xiaohongshu: {stores}"
    );
    assert!(!m["regions"].as_array().unwrap().is_empty());
    let region = m["regions"][0]["id"].as_str().unwrap();
    let narrowed = json_of(
        op.get(&format!("/api/v1/admin/kos/matrix?region_id={region}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(narrowed["region_id"], region);

    // Handed to store 1 by an operator, dated, with the history kept.
    let list = json_of(
        op.get("/api/v1/admin/kos/accounts?owner_level=store").await,
        StatusCode::OK,
    )
    .await;
    let store1 = list
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["owner_name"] == "广州天河店")
        .expect("a store 1 account");
    let store_id = store1["owner_id"].as_str().unwrap();
    let moved = json_of(
        op.post(
            &format!("/api/v1/admin/kos/accounts/{id}/hand-over"),
            json!({ "to_store_id": store_id, "reason": "离职交接" }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["owner_level"], "store");
    expect_error(
        op.post(
            &format!("/api/v1/admin/kos/accounts/{id}/hand-over"),
            json!({ "to_store_id": store_id, "to_staff_id": "x" }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "hand_over_target_required",
    )
    .await;
    let detail = json_of(
        op.get(&format!("/api/v1/admin/kos/accounts/{id}")).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(detail["handovers"][0]["reason"], "离职交接");
    assert_eq!(detail["followers"][0]["followers"], 1234);
    // No longer hers.
    let mine = json_of(lin.get("/api/v1/staff/accounts").await, StatusCode::OK).await;
    assert!(
        mine.as_array().unwrap().iter().all(|x| x["id"] != id),
        "{mine}"
    );
}
both!(accounts_matrix_and_hand_over);
