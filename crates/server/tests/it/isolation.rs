//! Brand isolation and roles: anonymous 401, wrong kind or role 403,
//! another brand's resource 404, for every operator route with an id.

use crate::journey::{campaign_today, today};
use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::json;

async fn another_brand_sees_nothing(s: &Server) {
    let demo = s.operator("operator@demo.test").await;
    let acme = s.operator("operator@acme.test").await;

    // Real ids of demo resources.
    let app_id = json_of(
        demo.get("/api/v1/admin/applications?status=pending").await,
        StatusCode::OK,
    )
    .await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let themes = json_of(demo.get("/api/v1/admin/themes").await, StatusCode::OK).await;
    let theme_id = themes[0]["id"].as_str().unwrap().to_string();
    let campaign_id = themes[0]["campaigns"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let settled_campaign = themes[1]["campaigns"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let sub_id =
        json_of(demo.get("/api/v1/admin/submissions").await, StatusCode::OK).await[0]["id"]
            .as_str()
            .unwrap()
            .to_string();

    let campaign_form = campaign_today("x", &["xiaohongshu"], 1);
    let metrics = json!({"date": today(), "likes": 1, "comments": 1, "saves": 1});
    let gets = [
        format!("/api/v1/admin/campaigns/{campaign_id}"),
        format!("/api/v1/admin/campaigns/{settled_campaign}/settlement"),
    ];
    let posts = [
        (
            format!("/api/v1/admin/applications/{app_id}/decision"),
            json!({"approve": true}),
        ),
        (
            format!("/api/v1/admin/themes/{theme_id}/campaigns"),
            campaign_form,
        ),
        (
            format!("/api/v1/admin/submissions/{sub_id}/decision"),
            json!({"approve": true}),
        ),
        (
            format!("/api/v1/admin/submissions/{sub_id}/metrics"),
            metrics,
        ),
        (
            format!("/api/v1/admin/campaigns/{settled_campaign}/settlement"),
            json!({}),
        ),
    ];
    for path in &gets {
        expect_error(acme.get(path).await, StatusCode::NOT_FOUND, "not_found").await;
        expect_error(
            s.anonymous().get(path).await,
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        )
        .await;
        json_of(demo.get(path).await, StatusCode::OK).await;
    }
    for (path, body) in &posts {
        expect_error(
            acme.post(path, body.clone()).await,
            StatusCode::NOT_FOUND,
            "not_found",
        )
        .await;
        expect_error(
            s.anonymous().post(path, body.clone()).await,
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        )
        .await;
    }
    // Lists show only the caller's brand.
    let acme_subs = json_of(acme.get("/api/v1/admin/submissions").await, StatusCode::OK).await;
    assert!(
        acme_subs
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["id"] != sub_id.as_str())
    );
    let acme_apps = json_of(acme.get("/api/v1/admin/applications").await, StatusCode::OK).await;
    assert!(
        acme_apps
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["id"] != app_id.as_str())
    );
    assert!(
        json_of(acme.get("/api/v1/admin/themes").await, StatusCode::OK)
            .await
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["id"] != theme_id.as_str())
    );

    // A consumer of acme cannot use demo's campaigns either.
    let acme_consumer = s.consumer("acme", "13800000001").await;
    expect_error(
        acme_consumer
            .post(
                &format!("/api/v1/me/campaigns/{campaign_id}/signup"),
                json!({}),
            )
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // The demo application is still pending: nothing was changed by the refusals.
    let still = json_of(
        demo.get("/api/v1/admin/applications?status=pending").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(still[0]["id"], app_id.as_str());
}
both!(another_brand_sees_nothing);

async fn roles_and_session_kinds(s: &Server) {
    let analyst = s.operator("analyst@demo.test").await;
    let reviewer = s.operator("reviewer@demo.test").await;
    let consumer = s.consumer("demo", "13800000001").await;
    let app_id = json_of(
        analyst
            .get("/api/v1/admin/applications?status=pending")
            .await,
        StatusCode::OK,
    )
    .await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    expect_error(
        analyst
            .post(
                &format!("/api/v1/admin/applications/{app_id}/decision"),
                json!({"approve": true}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    expect_error(
        reviewer
            .post(
                "/api/v1/admin/themes",
                json!({"month": "2030-01", "title": "x", "description": ""}),
            )
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    expect_error(
        consumer.get("/api/v1/admin/applications").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    expect_error(
        analyst.get("/api/v1/me").await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    json_of(
        reviewer
            .post(
                &format!("/api/v1/admin/applications/{app_id}/decision"),
                json!({"approve": false, "reason": "资料不全"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
}
both!(roles_and_session_kinds);
