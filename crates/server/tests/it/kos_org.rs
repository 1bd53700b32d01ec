//! The staff app's session (issue 17): staff sign in by phone with a
//! password or an SMS code; each session kind opens only its own routes;
//! the answer names the person's store and region.

use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::json;

async fn staff_sign_in_with_a_password_or_a_code(s: &Server) {
    // A password, the phone as a person types it.
    let c = s.staff("demo", "139 0000 0001").await;
    let me = json_of(c.get("/api/v1/staff/me").await, StatusCode::OK).await;
    assert_eq!(me["name"], "林小美");
    assert_eq!(me["role"], "staff");
    assert_eq!(me["kos_role"], "topic_expert");
    assert_eq!(me["store_name"], "广州天河店");
    assert_eq!(me["region_name"], "华南");
    // A regional manager has a region and no store.
    let g = s.staff("demo", "13900000021").await;
    let me = json_of(g.get("/api/v1/staff/me").await, StatusCode::OK).await;
    assert_eq!(me["role"], "regional_manager");
    assert!(me["store_id"].is_null(), "{me}");

    // A wrong password, an unknown phone and a member's phone: one answer.
    let anon = s.anonymous();
    for (phone, password) in [
        ("13900000001", "wrong-password"),
        ("13900009999", "seedbed-demo"),
        ("13800000004", "seedbed-demo"),
    ] {
        let r = anon
            .post(
                "/api/v1/brands/demo/staff/session",
                json!({"phone": phone, "password": password}),
            )
            .await;
        expect_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    // Both a password and a code, or neither: the shape is refused.
    let r = anon
        .post(
            "/api/v1/brands/demo/staff/session",
            json!({"phone": "13900000001", "password": "x", "code": "123456"}),
        )
        .await;
    expect_error(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "staff_credentials_shape",
    )
    .await;
    // Another brand's staff phone is nobody at acme.
    let r = anon
        .post(
            "/api/v1/brands/acme/staff/session",
            json!({"phone": "13900000001", "password": "seedbed-demo"}),
        )
        .await;
    expect_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;

    // An SMS code: sent to staff phones only, and only for staff log-in.
    let r = anon
        .post(
            "/api/v1/brands/demo/staff/session/code",
            json!({"phone": "13900000011"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let code = s.code(&anon, "demo", "13900000002", "staff_log_in").await;
    // A member's log-in does not take a staff code.
    let r = anon
        .post(
            "/api/v1/brands/demo/session/code",
            json!({"phone": "13900000002", "code": code}),
        )
        .await;
    expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "code_invalid").await;
    let me = json_of(
        anon.post(
            "/api/v1/brands/demo/staff/session",
            json!({"phone": "13900000002", "code": code}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me["name"], "陈晓");
    // A phone that is no staff member's gets no code.
    assert!(
        s.request_code(&anon, "demo", "13900009999", "staff_log_in")
            .await
            .is_none()
    );
    // Signing out ends the session.
    let r = anon.delete("/api/v1/staff/session").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = anon.get("/api/v1/staff/me").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}
both!(staff_sign_in_with_a_password_or_a_code);

async fn each_session_opens_only_its_own_routes(s: &Server) {
    let staff = s.staff("demo", "13900000001").await;
    assert_eq!(
        staff.get("/api/v1/me").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        staff.get("/api/v1/admin/me").await.status(),
        StatusCode::FORBIDDEN
    );
    let member = s.consumer("demo", "13800000004").await;
    assert_eq!(
        member.get("/api/v1/staff/me").await.status(),
        StatusCode::FORBIDDEN
    );
    let operator = s.operator("operator@demo.test").await;
    assert_eq!(
        operator.get("/api/v1/staff/me").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        s.anonymous().get("/api/v1/staff/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}
both!(each_session_opens_only_its_own_routes);
