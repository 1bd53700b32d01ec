//! Session life: idle time-outs, absolute ends, log out everywhere.

use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use server::auth::{MEMBER_IDLE_SECS, OPERATOR_IDLE_SECS, OPERATOR_SESSION_SECS};
use server::{AppState, Config, demo, time};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

async fn sessions_end_when_idle_or_too_old() {
    let dir = std::env::temp_dir().join(format!("seedbed-idle-{}", store::new_id()));
    let s = store::connect(&format!("sqlite:{}/t.db", dir.display()))
        .await
        .unwrap();
    use store::prelude::*;
    s.migrate().await.unwrap();
    let now = Arc::new(AtomicI64::new(time::Clock::System.now()));
    demo::load(&s, now.load(Ordering::SeqCst)).await.unwrap();
    let mut state = AppState::new(
        Arc::new(s),
        Config {
            web_dir: "/nonexistent".into(),
            upload_dir: dir.join("uploads"),
            ..Config::default()
        },
    );
    state.clock = time::Clock::Manual(now.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, server::router(state)).await.unwrap() });
    let srv = Server {
        base,
        store: Arc::new(
            store::connect(&format!("sqlite:{}/t.db", dir.display()))
                .await
                .unwrap(),
        ),
        _dir: None,
        uploads: crate::TempDir(dir.join("uploads")),
        sms_file: dir.join("sms.log"),
        _sms_dir: crate::TempDir(dir.join("sms")),
    };
    let advance = |secs: i64| now.fetch_add(secs, Ordering::SeqCst);

    let op = srv.operator("operator@demo.test").await;
    let member = srv.consumer("demo", "13800000001").await;
    // Activity keeps an operator in: 20 minutes of quiet, then a request, then 20 more.
    advance(20 * 60);
    json_of(op.get("/api/v1/admin/me").await, StatusCode::OK).await;
    advance(20 * 60);
    json_of(op.get("/api/v1/admin/me").await, StatusCode::OK).await;
    // Half an hour of quiet ends it.
    advance(OPERATOR_IDLE_SECS);
    expect_error(
        op.get("/api/v1/admin/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    // Busy or not, an operator session ends after 12 hours.
    let busy = srv.operator("operator@demo.test").await;
    for _ in 0..(OPERATOR_SESSION_SECS / (20 * 60)) {
        advance(20 * 60);
        let _ = busy.get("/api/v1/admin/me").await;
    }
    expect_error(
        busy.get("/api/v1/admin/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    // The member's phone was quiet all that time (about 13 hours): still in.
    json_of(member.get("/api/v1/me").await, StatusCode::OK).await;
    advance(MEMBER_IDLE_SECS);
    expect_error(
        member.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_absolute_time_outs() {
    sessions_end_when_idle_or_too_old().await;
}

async fn log_out_everywhere_ends_every_device(s: &Server) {
    let phone = s.consumer("demo", "13800000001").await;
    let laptop = s.consumer("demo", "13800000001").await;
    let someone_else = s.consumer("demo", "13800000002").await;
    assert_eq!(
        laptop.delete("/api/v1/me/sessions").await.status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        phone.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    expect_error(
        laptop.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    json_of(someone_else.get("/api/v1/me").await, StatusCode::OK).await;

    let desk = s.operator("operator@demo.test").await;
    let home = s.operator("operator@demo.test").await;
    let colleague = s.operator("reviewer@demo.test").await;
    assert_eq!(
        home.delete("/api/v1/admin/sessions").await.status(),
        StatusCode::NO_CONTENT
    );
    expect_error(
        desk.get("/api/v1/admin/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    json_of(colleague.get("/api/v1/admin/me").await, StatusCode::OK).await;
}
both!(log_out_everywhere_ends_every_device);

async fn members_can_take_their_data_and_leave(s: &Server) {
    let me = s.consumer("demo", "13800000001").await;
    let r = me.get("/api/v1/me/data").await;
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let data = json_of(r, StatusCode::OK).await;
    assert_eq!(data["phone"], "13800000001");
    assert_eq!(
        data["application"]["terms_version"],
        server::routes::TERMS_VERSION
    );
    assert_eq!(data["submissions"].as_array().unwrap().len(), 3);
    let balance: i64 = data["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["points"].as_i64().unwrap())
        .sum();
    assert_eq!(balance, 230);

    let other_device = s.consumer("demo", "13800000001").await;
    let wrong = me
        .http
        .delete(format!("{}/api/v1/me", me.base))
        .json(&serde_json::json!({"password": "nope-nope"}))
        .send()
        .await
        .unwrap();
    expect_error(wrong, StatusCode::UNPROCESSABLE_ENTITY, "password_mismatch").await;
    let r = me
        .http
        .delete(format!("{}/api/v1/me", me.base))
        .json(&serde_json::json!({"password": "seedbed-demo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // Gone everywhere, and the phone can no longer log in (or be found).
    expect_error(
        other_device.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let again = s.anonymous();
    expect_error(
        again
            .post(
                "/api/v1/brands/demo/session",
                serde_json::json!({"phone": "13800000001", "password": "seedbed-demo"}),
            )
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let dump = s.store.dump().await.unwrap();
    let text: String = dump
        .iter()
        .flat_map(|(_, rows)| rows.iter().cloned())
        // acme has its own member with the same phone: not this account.
        .filter(|row| row.contains("brand_id=Some(\"demo\")"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        !text.contains("林小雨") && !text.contains("phone=Some(\"13800000001\")"),
        "personal data left behind"
    );
    // The brand's accounting still adds up: the ledger rows stay.
    assert!(
        dump.iter()
            .any(|(t, rows)| *t == "ledger_postings" && rows.len() >= 6)
    );
    // The same phone may join again as a new member.
    let code = s.code(&again, "demo", "13800000001", "sign_up").await;
    json_of(
        again
            .post(
                "/api/v1/brands/demo/members",
                serde_json::json!({"phone": "13800000001", "code": code, "password": "a-new-password"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
}
both!(members_can_take_their_data_and_leave);
