//! Operators' accounts and the defects of issue 15 around log-in: the
//! lock-out keyed on the normalised phone and e-mail and reserved before
//! the password is checked (parallel guesses cannot pass it together),
//! argon2 off the async workers (health answers during a burst of wrong
//! passwords), the request time-out, expired sessions purged; changing a
//! password, one-time reset links, invitations listed and revoked, and
//! the TOTP second factor from enrolment to the brand's rule for owners.

use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::demo::DEMO_PASSWORD;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn now() -> i64 {
    server::time::Clock::System.now()
}

/// Defect 1: `13800000003`, `138-0000-0003` and `+86 138 0000 0003` are
/// one account with five tries between them.
async fn lock_out_counts_every_spelling_of_a_phone(s: &Server) {
    let c = s.anonymous();
    let spellings = [
        "13800000003",
        "138-0000-0003",
        "+86 138 0000 0003",
        " 138 0000 0003",
        "0086 13800000003",
    ];
    for phone in spellings {
        expect_error(
            c.post(
                "/api/v1/brands/demo/session",
                json!({"phone": phone, "password": "wrong-password"}),
            )
            .await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    for phone in ["13800000003", "138-0000-0003"] {
        expect_error(
            c.post(
                "/api/v1/brands/demo/session",
                json!({"phone": phone, "password": DEMO_PASSWORD}),
            )
            .await,
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
        )
        .await;
    }
    // Another member is not affected.
    s.consumer("demo", "13800000004").await;
}
both!(lock_out_counts_every_spelling_of_a_phone);

/// Defect 1: twenty wrong passwords sent at once for one operator (in
/// several spellings of the address) get five checks between them.
async fn parallel_guesses_share_five_tries(s: &Server) {
    let checked = Arc::new(AtomicUsize::new(0));
    let guesses = (0..20).map(|i| {
        let c = s.anonymous();
        let checked = checked.clone();
        let email = if i % 2 == 0 {
            "ops@demo.test"
        } else {
            " OPS@Demo.Test "
        };
        tokio::spawn(async move {
            let r = c
                .post(
                    "/api/v1/admin/session",
                    json!({"email": email, "password": format!("guess-{i}")}),
                )
                .await;
            match r.status() {
                StatusCode::UNAUTHORIZED => {
                    checked.fetch_add(1, Ordering::SeqCst);
                }
                StatusCode::TOO_MANY_REQUESTS => {}
                other => panic!("guess answered {other}"),
            }
        })
    });
    for g in guesses.collect::<Vec<_>>() {
        g.await.unwrap();
    }
    assert_eq!(checked.load(Ordering::SeqCst), 5);
    expect_error(
        s.anonymous()
            .post(
                "/api/v1/admin/session",
                json!({"email": "ops@demo.test", "password": DEMO_PASSWORD}),
            )
            .await,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
    )
    .await;
    // Text that names no account is refused without a password check and
    // takes no room in the throttle.
    let long = format!("{}@demo.test", "a".repeat(5_000));
    expect_error(
        s.anonymous()
            .post(
                "/api/v1/admin/session",
                json!({"email": long, "password": "x"}),
            )
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
}
both!(parallel_guesses_share_five_tries);

/// Defect 2: while forty wrong passwords are being checked, health
/// answers at once (argon2 runs on the blocking pool, a few at a time).
async fn health_answers_during_a_burst_of_wrong_passwords(s: &Server) {
    let done = Arc::new(AtomicUsize::new(0));
    const BURST: usize = 40;
    let burst: Vec<_> = (0..BURST)
        .map(|i| {
            let c = s.anonymous();
            let done = done.clone();
            tokio::spawn(async move {
                // Unknown accounts: each still costs one argon2 check, and
                // none is locked out.
                let r = c
                    .post(
                        "/api/v1/admin/session",
                        json!({"email": format!("nobody{i}@demo.test"), "password": "wrong-password"}),
                    )
                    .await;
                assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
                done.fetch_add(1, Ordering::SeqCst);
            })
        })
        .collect();
    // Wait until the burst is being worked on (a first answer came back).
    while done.load(Ordering::SeqCst) == 0 {
        tokio::task::yield_now().await;
    }
    let c = s.anonymous();
    let started = std::time::Instant::now();
    let health = c.get("/api/v1/health").await;
    let took = started.elapsed();
    let finished_then = done.load(Ordering::SeqCst);
    assert_eq!(health.status(), StatusCode::OK);
    for b in burst {
        b.await.unwrap();
    }
    assert!(
        finished_then < BURST,
        "health answered only after the burst ({finished_then} of {BURST} done, {took:?})"
    );
    assert!(
        took < std::time::Duration::from_millis(500),
        "health took {took:?} during the burst"
    );
}
both!(health_answers_during_a_burst_of_wrong_passwords);

/// Defect 11: a request whose body never finishes is answered 503
/// `request_timeout` once the limit has passed, instead of holding its
/// connection and task forever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_takes_too_long_is_stopped() {
    use store::DbStore;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = std::env::temp_dir().join(format!("seedbed-timeout-{}", store::new_id()));
    let store = store::connect(&format!("sqlite:{}/t.db", dir.display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let state = server::AppState::new(
        Arc::new(store),
        server::Config {
            web_dir: "/nonexistent".into(),
            upload_dir: dir.join("uploads"),
            request_timeout: std::time::Duration::from_millis(300),
            ..server::Config::default()
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, server::router(state)).await.unwrap() });
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = std::time::Instant::now();
    // Declares 100 bytes and sends 10: the server waits for the rest.
    conn.write_all(
        b"POST /api/v1/admin/session HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\naccept-language: en\r\ncontent-length: 100\r\n\r\n{\"email\":",
    )
    .await
    .unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(10), conn.read(&mut answer))
        .await
        .expect("answered within 10 s")
        .unwrap();
    let text = String::from_utf8_lossy(&answer[..n]);
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
    assert!(text.contains("request_timeout"), "{text}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Defect 11: the purge deletes sessions that have ended.
async fn ended_sessions_are_purged(s: &Server) {
    let owner = s.operator("operator@demo.test").await;
    json_of(owner.get("/api/v1/admin/me").await, StatusCode::OK).await;
    let count = || async {
        s.store
            .row_counts()
            .await
            .unwrap()
            .into_iter()
            .find(|(t, _)| *t == "sessions")
            .unwrap()
            .1
    };
    let before = count().await;
    assert!(before > 0);
    assert_eq!(
        server::housekeeping::purge_once(s.store.as_ref(), now())
            .await
            .unwrap(),
        0,
        "live sessions stay"
    );
    // Thirteen hours on, the operator's session (12 h at most) is over, as
    // is every member's idle past 14 days a month on.
    let purged = server::housekeeping::purge_once(s.store.as_ref(), now() + 31 * 86_400)
        .await
        .unwrap();
    assert_eq!(purged as i64, before);
    assert_eq!(count().await, 0);
}
both!(ended_sessions_are_purged);

async fn invite(s: &Server, role: &str) -> (String, crate::Caller) {
    let owner = s.operator("operator@demo.test").await;
    let email = format!("op-{}@demo.test", store::new_id());
    let made = json_of(
        owner
            .post(
                "/api/v1/admin/operators/invitations",
                json!({"email": email, "role": role}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let token = made["link"]
        .as_str()
        .unwrap()
        .split("t=")
        .nth(1)
        .unwrap()
        .to_string();
    let c = s.anonymous();
    json_of(
        c.post(
            &format!("/api/v1/brands/demo/invitations/{token}"),
            json!({"password": "first-password"}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    (email, c)
}

async fn log_in(s: &Server, email: &str, password: &str) -> reqwest::Response {
    s.anonymous()
        .post(
            "/api/v1/admin/session",
            json!({"email": email, "password": password}),
        )
        .await
}

async fn operators_change_and_reset_passwords(s: &Server) {
    let (email, here) = invite(s, "reviewer").await;
    let elsewhere = s.anonymous();
    json_of(
        elsewhere
            .post(
                "/api/v1/admin/session",
                json!({"email": email, "password": "first-password"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    expect_error(
        here.post(
            "/api/v1/admin/me/password",
            json!({"current_password": "not-it", "new_password": "second-password"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "password_mismatch",
    )
    .await;
    expect_error(
        here.post(
            "/api/v1/admin/me/password",
            json!({"current_password": "first-password", "new_password": "short"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "password_too_short",
    )
    .await;
    let r = here
        .post(
            "/api/v1/admin/me/password",
            json!({"current_password": "first-password", "new_password": "second-password"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // This session stays; the other one ended; the old password is gone.
    json_of(here.get("/api/v1/admin/me").await, StatusCode::OK).await;
    assert_eq!(
        elsewhere.get("/api/v1/admin/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        log_in(s, &email, "first-password").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let me = json_of(log_in(s, &email, "second-password").await, StatusCode::OK).await;
    let id = me["operator_id"].as_str().unwrap().to_string();

    // The owner makes a reset link; the old password works until it is used.
    let owner = s.operator("operator@demo.test").await;
    let reviewer = s.operator("reviewer@demo.test").await;
    let path = format!("/api/v1/admin/operators/{id}/password-reset");
    expect_error(
        reviewer.post(&path, json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    // Not for one's own account: a stolen session would otherwise skip
    // the current password and the second factor.
    let me = json_of(owner.get("/api/v1/admin/me").await, StatusCode::OK).await;
    let me = me["operator_id"].as_str().unwrap().to_string();
    for (method, own) in [
        (
            "POST",
            format!("/api/v1/admin/operators/{me}/password-reset"),
        ),
        (
            "DELETE",
            format!("/api/v1/admin/operators/{me}/second-factor"),
        ),
    ] {
        let r = if method == "POST" {
            owner.post(&own, json!({})).await
        } else {
            owner.delete(&own).await
        };
        expect_error(r, StatusCode::CONFLICT, "own_account_page").await;
    }
    let made = json_of(owner.post(&path, json!({})).await, StatusCode::CREATED).await;
    let link = made["link"].as_str().unwrap();
    assert!(link.contains("/admin/reset?b=demo&t="), "{link}");
    let token = link.split("t=").nth(1).unwrap();
    let public = format!("/api/v1/brands/demo/password-resets/{token}");
    let seen = json_of(s.anonymous().get(&public).await, StatusCode::OK).await;
    assert_eq!(
        (seen["email"].as_str(), seen["usable"].as_bool()),
        (Some(email.as_str()), Some(true))
    );
    json_of(log_in(s, &email, "second-password").await, StatusCode::OK).await;
    let r = s
        .anonymous()
        .post(&public, json!({"password": "third-password"}))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        here.get("/api/v1/admin/me").await.status(),
        StatusCode::UNAUTHORIZED,
        "every session ends"
    );
    assert_eq!(
        log_in(s, &email, "second-password").await.status(),
        StatusCode::UNAUTHORIZED
    );
    json_of(log_in(s, &email, "third-password").await, StatusCode::OK).await;
    expect_error(
        s.anonymous()
            .post(&public, json!({"password": "fourth-password"}))
            .await,
        StatusCode::CONFLICT,
        "reset_used",
    )
    .await;
    let seen = json_of(s.anonymous().get(&public).await, StatusCode::OK).await;
    assert_eq!(seen["usable"], false);
    expect_error(
        s.anonymous()
            .get("/api/v1/brands/demo/password-resets/not-a-token")
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let audit = json_of(
        owner
            .get("/api/v1/admin/audit?action=operator.password_reset")
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(!audit.as_array().unwrap().is_empty(), "{audit}");
}
both!(operators_change_and_reset_passwords);

async fn invitations_are_listed_revoked_and_die_with_their_sender(s: &Server) {
    let owner = s.operator("operator@demo.test").await;
    let made = json_of(
        owner
            .post(
                "/api/v1/admin/operators/invitations",
                json!({"email": "revoked@demo.test", "role": "analyst"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let token = made["link"]
        .as_str()
        .unwrap()
        .split("t=")
        .nth(1)
        .unwrap()
        .to_string();
    let team = json_of(owner.get("/api/v1/admin/operators").await, StatusCode::OK).await;
    let listed = team["invites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["email"] == "revoked@demo.test")
        .unwrap()
        .clone();
    let id = listed["id"].as_str().unwrap();
    assert_ne!(id, token, "the list never shows the link's token");
    let other = s.operator("operator@acme.test").await;
    let path = format!("/api/v1/admin/operator-invitations/{id}");
    assert_eq!(other.delete(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(owner.delete(&path).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(owner.delete(&path).await.status(), StatusCode::NOT_FOUND);
    let invitation = format!("/api/v1/brands/demo/invitations/{token}");
    assert_eq!(
        s.anonymous().get(&invitation).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.anonymous()
            .post(&invitation, json!({"password": "long-enough-pw"}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // A second owner invites, then is demoted: the invitation dies.
    let (email, second) = invite(s, "owner").await;
    let sent = json_of(
        second
            .post(
                "/api/v1/admin/operators/invitations",
                json!({"email": "from-second@demo.test", "role": "reviewer"}),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let sent_token = sent["link"].as_str().unwrap().split("t=").nth(1).unwrap();
    let team = json_of(owner.get("/api/v1/admin/operators").await, StatusCode::OK).await;
    let second_id = team["operators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["email"] == email.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    json_of(
        owner
            .post(
                &format!("/api/v1/admin/operators/{second_id}/role"),
                json!({"role": "operator"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        s.anonymous()
            .get(&format!("/api/v1/brands/demo/invitations/{sent_token}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}
both!(invitations_are_listed_revoked_and_die_with_their_sender);

/// Enrols the caller's second factor; returns the secret and the recovery
/// codes.
async fn enrol(c: &crate::Caller) -> (String, Vec<String>) {
    let e = json_of(
        c.post("/api/v1/admin/me/totp", json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    let secret = e["secret"].as_str().unwrap().to_string();
    assert!(e["qr_svg"].as_str().unwrap().contains("<svg"));
    assert!(
        e["otpauth_url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    expect_error(
        c.post("/api/v1/admin/me/totp/confirm", json!({"code": "000000"}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "second_factor_wrong",
    )
    .await;
    let codes = json_of(
        c.post(
            "/api/v1/admin/me/totp/confirm",
            json!({"code": server::totp::code_at(&secret, now())}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let codes: Vec<String> = codes["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, codes)
}

async fn second_step(s: &Server, c: &crate::Caller, step: &Value, code: &str) -> reqwest::Response {
    let _ = s;
    c.post(
        "/api/v1/admin/session/second-factor",
        json!({"brand": step["brand"], "step_token": step["step_token"], "code": code}),
    )
    .await
}

async fn second_factor_from_enrolment_to_the_brand_rule(s: &Server) {
    let (email, first) = invite(s, "owner").await;
    let (secret, codes) = enrol(&first).await;
    let me = json_of(first.get("/api/v1/admin/me").await, StatusCode::OK).await;
    assert_eq!(me["second_factor"], true);

    // Log-in is now two steps.
    let c = s.anonymous();
    let step = json_of(
        c.post(
            "/api/v1/admin/session",
            json!({"email": email, "password": "first-password"}),
        )
        .await,
        StatusCode::ACCEPTED,
    )
    .await;
    assert_eq!(
        c.get("/api/v1/admin/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    expect_error(
        second_step(s, &c, &step, "000000").await,
        StatusCode::UNAUTHORIZED,
        "second_factor_wrong",
    )
    .await;
    // The confirming code's step was used: the next step's code is valid
    // now (one step of skew) and once.
    let next = server::totp::code_at(&secret, now() + 30);
    json_of(second_step(s, &c, &step, &next).await, StatusCode::OK).await;
    json_of(c.get("/api/v1/admin/me").await, StatusCode::OK).await;
    let again = s.anonymous();
    let step2 = json_of(
        again
            .post(
                "/api/v1/admin/session",
                json!({"email": email, "password": "first-password"}),
            )
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    expect_error(
        second_step(s, &again, &step, &next).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "login_step_expired",
    )
    .await;
    expect_error(
        second_step(s, &again, &step2, &next).await,
        StatusCode::UNAUTHORIZED,
        "second_factor_wrong",
    )
    .await;
    // A recovery code works once.
    json_of(
        second_step(s, &again, &step2, &codes[0].to_uppercase()).await,
        StatusCode::OK,
    )
    .await;
    let third = s.anonymous();
    let step3 = json_of(
        third
            .post(
                "/api/v1/admin/session",
                json!({"email": email, "password": "first-password"}),
            )
            .await,
        StatusCode::ACCEPTED,
    )
    .await;
    expect_error(
        second_step(s, &third, &step3, &codes[0]).await,
        StatusCode::UNAUTHORIZED,
        "second_factor_wrong",
    )
    .await;
    // Five codes per step at most (one was tried above).
    for _ in 0..4 {
        expect_error(
            second_step(s, &third, &step3, "111111").await,
            StatusCode::UNAUTHORIZED,
            "second_factor_wrong",
        )
        .await;
    }
    expect_error(
        second_step(s, &third, &step3, &codes[1]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "login_step_expired",
    )
    .await;

    // The brand's rule: an owner without a second factor cannot set it,
    // one with it can; then the other owners must enrol first.
    let demo_owner = s.operator("operator@demo.test").await;
    expect_error(
        demo_owner
            .put("/api/v1/admin/security", json!({"owners_need_totp": true}))
            .await,
        StatusCode::CONFLICT,
        "totp_not_enrolled",
    )
    .await;
    json_of(
        first
            .put("/api/v1/admin/security", json!({"owners_need_totp": true}))
            .await,
        StatusCode::OK,
    )
    .await;
    expect_error(
        demo_owner.get("/api/v1/admin/themes").await,
        StatusCode::FORBIDDEN,
        "second_factor_required",
    )
    .await;
    let me = json_of(demo_owner.get("/api/v1/admin/me").await, StatusCode::OK).await;
    assert_eq!(
        (me["must_enrol"].as_bool(), me["second_factor"].as_bool()),
        (Some(true), Some(false))
    );
    // Other roles are not concerned.
    json_of(
        s.operator("ops@demo.test")
            .await
            .get("/api/v1/admin/themes")
            .await,
        StatusCode::OK,
    )
    .await;
    // The owner who has one cannot turn it off while the rule holds.
    let r = first
        .http
        .delete(format!("{}/api/v1/admin/me/totp", first.base))
        .json(&json!({"password": "first-password"}))
        .send()
        .await
        .unwrap();
    expect_error(r, StatusCode::CONFLICT, "totp_required_by_brand").await;
    enrol(&demo_owner).await;
    json_of(demo_owner.get("/api/v1/admin/themes").await, StatusCode::OK).await;
    let view = json_of(
        demo_owner.get("/api/v1/admin/me/totp").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            view["enabled"].as_bool(),
            view["recovery_codes_left"].as_i64(),
            view["owners_need_totp"].as_bool()
        ),
        (Some(true), Some(10), Some(true))
    );
    let team = json_of(
        demo_owner.get("/api/v1/admin/operators").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(team["owners_need_totp"], true);
    // An owner removes another operator's lost second factor: their
    // sessions end and the password alone logs in again.
    let first_id =
        json_of(first.get("/api/v1/admin/me").await, StatusCode::OK).await["operator_id"]
            .as_str()
            .unwrap()
            .to_string();
    json_of(
        demo_owner
            .put("/api/v1/admin/security", json!({"owners_need_totp": false}))
            .await,
        StatusCode::OK,
    )
    .await;
    let r = demo_owner
        .delete(&format!("/api/v1/admin/operators/{first_id}/second-factor"))
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        first.get("/api/v1/admin/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    json_of(log_in(s, &email, "first-password").await, StatusCode::OK).await;
}
both!(second_factor_from_enrolment_to_the_brand_rule);
