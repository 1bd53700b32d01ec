//! Members and SMS codes over HTTP: sign-up needs a code, log-in with a
//! code, a forgotten password reset with one; no answer tells whether a
//! phone is registered; sends are limited per phone and per address. The
//! Aliyun provider's real code talks to a local double of the SMS API
//! that checks its signature and parameters and fails on purpose; the
//! mail outbox is sent by two workers at once, each mail once.

use crate::{Server, both, expect_error, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::time::Clock;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// A server of its own (a new database of the same kind as `s`'s, so no
/// other sender shares its outbox) whose clock the test moves.
async fn own_server(
    s: &Server,
    sms_worker: bool,
    tweak: impl FnOnce(&mut server::AppState),
) -> (Server, Arc<AtomicI64>) {
    let t = Arc::new(AtomicI64::new(Clock::System.now()));
    let clock = Clock::Manual(t.clone());
    let (store, dir): (Arc<dyn store::Store>, _) = match s.store.kind() {
        store::DbKind::Sqlite => {
            let dir = std::env::temp_dir().join(format!("seedbed-api-{}", store::new_id()));
            let db = store::connect(&format!("sqlite:{}/t.db", dir.display()))
                .await
                .unwrap();
            (Arc::new(db), Some(crate::TempDir(dir)))
        }
        store::DbKind::Postgres => {
            let url = crate::fresh_pg_url().await.unwrap();
            (Arc::new(store::connect(&url).await.unwrap()), None)
        }
    };
    let server = crate::serve_with(store, dir, sms_worker, move |st| {
        st.clock = clock;
        tweak(st);
    })
    .await;
    (server, t)
}

async fn sign_up_needs_a_code_and_never_tells_who_is_registered(s: &Server) {
    let c = s.anonymous();
    let ask = |phone: &'static str| {
        let c = &c;
        async move {
            let r = c
                .post(
                    "/api/v1/brands/demo/codes",
                    json!({"phone": phone, "purpose": "sign_up"}),
                )
                .await;
            let status = r.status();
            (status, r.text().await.unwrap())
        }
    };
    // A registered phone and a new one: the same answer, byte for byte.
    let (new_status, new_body) = ask("13955550001").await;
    let (old_status, old_body) = ask("13800000001").await;
    assert_eq!((new_status, &new_body), (old_status, &old_body));
    assert_eq!(new_status, StatusCode::ACCEPTED);
    let sent: Value = serde_json::from_str(&new_body).unwrap();
    assert_eq!(
        (sent["resend_after"].as_i64(), sent["valid_for"].as_i64()),
        (Some(60), Some(300))
    );

    // Without the code, with a wrong one, with another phone's: refused alike.
    let sign_up = |phone: &str, code: &str| json!({"phone": phone, "code": code, "password": "long-enough-pw"});
    for body in [
        sign_up("13955550001", "000000"),
        sign_up("13955550001", "12345"),
        sign_up("13800000001", "000000"),
    ] {
        expect_error(
            c.post("/api/v1/brands/demo/members", body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "code_invalid",
        )
        .await;
    }
    // A second code within the minute is refused (the same for both phones).
    for phone in ["13955550001", "13800000001"] {
        expect_error(
            c.post(
                "/api/v1/brands/demo/codes",
                json!({"phone": phone, "purpose": "sign_up"}),
            )
            .await,
            StatusCode::TOO_MANY_REQUESTS,
            "code_too_soon",
        )
        .await;
    }
    // The registered phone got a notice, no code; the new one a code.
    let read = |phone: &str| {
        std::fs::read_to_string(&s.sms_file)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.starts_with(phone))
            .map(|l| l.split('\t').map(str::to_string).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    };
    let mut waited = 0;
    while (read("13955550001").is_empty() || read("13800000001").is_empty()) && waited < 100 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    }
    let notice = read("13800000001");
    assert_eq!(
        (notice.len(), notice[0][2].as_str(), notice[0][3].as_str()),
        (1, "registered", "")
    );
    assert!(notice[0][4].contains("已注册"), "{notice:?}");
    let line = read("13955550001");
    assert_eq!(line[0][2], "code");
    let code = line[0][3].clone();
    assert!(
        line[0][4].contains(&code) && line[0][4].contains("演示"),
        "{line:?}"
    );
    // The wrong six-digit try above spent one of five; the right code works, once.
    let me = json_of(
        c.post(
            "/api/v1/brands/demo/members",
            sign_up("+86 139-5555-0001", &code),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(me["phone_masked"], "139****0001");
    expect_error(
        s.anonymous()
            .post("/api/v1/brands/demo/members", sign_up("13955550001", &code))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "code_invalid",
    )
    .await;
    // The code is not kept once sent: only its hash, and the message blank.
    let held = s.store.sms_for_phone("demo", "13955550001").await.unwrap();
    assert!(
        held.iter().all(|m| m.code.is_empty() && m.body.is_empty()),
        "{held:?}"
    );
    // The member's data download lists the text, never its code; erasing
    // the account removes it.
    let data = json_of(c.get("/api/v1/me/data").await, StatusCode::OK).await;
    let sms = &data["sms"];
    assert_eq!(sms["texts"].as_array().unwrap().len(), 1, "{data}");
    assert_eq!(sms["texts"][0]["template"], "code");
    assert!(sms["texts"][0]["sent_at"].is_i64());
    assert_eq!(sms["codes"][0]["purpose"], "sign_up", "{sms}");
    assert!(sms["codes"][0]["used_at"].is_i64(), "{sms}");
    assert_eq!(
        sms["codes"][0]["tries"], 2,
        "one wrong try, then the right one"
    );
    assert_eq!(sms["sends_on_counter_day"], 1, "{sms}");
    assert!(!sms.to_string().contains(&code));
    let r = c
        .http
        .delete(format!("{}/api/v1/me", c.base))
        .json(&json!({"password": "long-enough-pw"}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    assert!(
        s.store
            .sms_for_phone("demo", "13955550001")
            .await
            .unwrap()
            .is_empty()
    );
    // Five wrong tries kill a code.
    let other = s.anonymous();
    let code = s.code(&other, "demo", "13955550002", "sign_up").await;
    for _ in 0..5 {
        expect_error(
            other
                .post(
                    "/api/v1/brands/demo/members",
                    sign_up("13955550002", "999999"),
                )
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "code_invalid",
        )
        .await;
    }
    expect_error(
        other
            .post("/api/v1/brands/demo/members", sign_up("13955550002", &code))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "code_invalid",
    )
    .await;
}
both!(sign_up_needs_a_code_and_never_tells_who_is_registered);

/// Deleting an account asks for the password; wrong ones count with the
/// log-in's, so a session alone cannot guess it.
async fn deleting_an_account_counts_wrong_passwords(s: &Server) {
    let (s, _clock) = own_server(s, true, |_| {}).await;
    let c = s.consumer("demo", "13800000004").await;
    for _ in 0..5 {
        let r = c
            .delete_with("/api/v1/me", json!({"password": "wrong-guess-pw"}))
            .await;
        expect_error(r, StatusCode::UNPROCESSABLE_ENTITY, "password_mismatch").await;
    }
    let r = c
        .delete_with(
            "/api/v1/me",
            json!({"password": server::demo::DEMO_PASSWORD}),
        )
        .await;
    expect_error(r, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;
    json_of(c.get("/api/v1/me").await, StatusCode::OK).await;
}
both!(deleting_an_account_counts_wrong_passwords);

async fn a_code_logs_in_and_resets_a_forgotten_password(s: &Server) {
    let (s, clock) = own_server(s, true, |_| {}).await;
    let phone = "13800000004";
    // Signed in elsewhere with the old password.
    let elsewhere = s.consumer("demo", phone).await;
    json_of(elsewhere.get("/api/v1/me").await, StatusCode::OK).await;

    // 验证码登录: "138-0000-0004" is the same phone.
    let c = s.anonymous();
    let code = s.code(&c, "demo", "138-0000-0004", "log_in").await;
    // A log-in code does not reset a password.
    expect_error(
        c.post(
            "/api/v1/brands/demo/password-reset",
            json!({"phone": phone, "code": code, "password": "a-brand-new-pw"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "code_invalid",
    )
    .await;
    let me = json_of(
        c.post(
            "/api/v1/brands/demo/session/code",
            json!({"phone": "+86 138 0000 0004", "code": code}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me["phone_masked"], "138****0004");
    json_of(c.get("/api/v1/me").await, StatusCode::OK).await;

    // Five wrong passwords lock the phone's password log-in; the reset
    // below (the phone proved by a code) lifts the lock.
    let wrong = json!({"phone": phone, "password": "wrong-guess-pw"});
    for _ in 0..5 {
        expect_error(
            s.anonymous()
                .post("/api/v1/brands/demo/session", wrong.clone())
                .await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    expect_error(
        s.anonymous()
            .post("/api/v1/brands/demo/session", wrong.clone())
            .await,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
    )
    .await;

    // A forgotten password: a reset code a minute later.
    clock.fetch_add(61, Ordering::SeqCst);
    let r = s.anonymous();
    let code = s.code(&r, "demo", phone, "reset").await;
    expect_error(
        r.post(
            "/api/v1/brands/demo/password-reset",
            json!({"phone": phone, "code": code, "password": "short"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "password_too_short",
    )
    .await;
    json_of(
        r.post(
            "/api/v1/brands/demo/password-reset",
            json!({"phone": phone, "code": code, "password": "a-brand-new-pw"}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    json_of(r.get("/api/v1/me").await, StatusCode::OK).await;
    // Every other session ended; the old password is gone, the new one works.
    expect_error(
        elsewhere.get("/api/v1/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    expect_error(
        s.anonymous()
            .post(
                "/api/v1/brands/demo/session",
                json!({"phone": phone, "password": server::demo::DEMO_PASSWORD}),
            )
            .await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    json_of(
        s.anonymous()
            .post(
                "/api/v1/brands/demo/session",
                json!({"phone": phone, "password": "a-brand-new-pw"}),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    // The owner sees it in the audit log.
    let owner = s.operator("operator@demo.test").await;
    let audit = json_of(owner.get("/api/v1/admin/audit").await, StatusCode::OK).await;
    assert!(
        audit.to_string().contains("member.password_reset"),
        "{audit}"
    );

    // An unknown phone: the same answers, and no text is sent.
    let u = s.anonymous();
    for purpose in ["log_in", "reset"] {
        clock.fetch_add(61, Ordering::SeqCst);
        let r = u
            .post(
                "/api/v1/brands/demo/codes",
                json!({"phone": "13966660000", "purpose": purpose}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::ACCEPTED);
    }
    assert!(
        s.store
            .sms_for_phone("demo", "13966660000")
            .await
            .unwrap()
            .is_empty()
    );
    expect_error(
        u.post(
            "/api/v1/brands/demo/session/code",
            json!({"phone": "13966660000", "code": "123456"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "code_invalid",
    )
    .await;

    // Another brand's code is no code here.
    clock.fetch_add(61, Ordering::SeqCst);
    let code = s.code(&u, "acme", "13800000001", "log_in").await;
    expect_error(
        u.post(
            "/api/v1/brands/demo/session/code",
            json!({"phone": "13800000001", "code": code}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "code_invalid",
    )
    .await;
}
both!(a_code_logs_in_and_resets_a_forgotten_password);

async fn codes_are_capped_per_phone_and_per_address(s: &Server) {
    let (s, clock) = own_server(s, true, |st| {
        st.sms_limits.per_client_day = 3;
        st.sms_limits.per_phone_day = 2;
    })
    .await;
    let ask = |from: &'static str, phone: &'static str| {
        let c = s.anonymous();
        async move {
            c.http
                .post(format!("{}/api/v1/brands/demo/codes", c.base))
                .header("x-forwarded-for", format!("{from}, 10.0.0.1"))
                .json(&json!({"phone": phone, "purpose": "sign_up"}))
                .send()
                .await
                .unwrap()
        }
    };
    for phone in ["13977770001", "13977770002", "13977770003"] {
        assert_eq!(
            ask("203.0.113.7", phone).await.status(),
            StatusCode::ACCEPTED
        );
    }
    expect_error(
        ask("203.0.113.7", "13977770004").await,
        StatusCode::TOO_MANY_REQUESTS,
        "code_daily_limit",
    )
    .await;
    // Another address may still ask, and a phone twice a day at most,
    // however it is written (the limits key on the normalised phone).
    assert_eq!(
        ask("198.51.100.1", "13977770004").await.status(),
        StatusCode::ACCEPTED
    );
    clock.fetch_add(61, Ordering::SeqCst);
    assert_eq!(
        ask("198.51.100.2", "+86 139-7777-0004").await.status(),
        StatusCode::ACCEPTED
    );
    clock.fetch_add(61, Ordering::SeqCst);
    expect_error(
        ask("198.51.100.3", "139 7777 0004").await,
        StatusCode::TOO_MANY_REQUESTS,
        "code_daily_limit",
    )
    .await;
    // Parallel asks for one phone: one send.
    clock.fetch_add(86_400, Ordering::SeqCst);
    let asks: Vec<_> = (0..6).map(|_| ask("192.0.2.9", "13977770009")).collect();
    let statuses: Vec<StatusCode> = futures_join(asks).await;
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::ACCEPTED)
            .count(),
        1,
        "{statuses:?}"
    );
}
both!(codes_are_capped_per_phone_and_per_address);

async fn futures_join<F: std::future::Future<Output = reqwest::Response> + Send + 'static>(
    fs: Vec<F>,
) -> Vec<StatusCode> {
    let handles: Vec<_> = fs.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap().status());
    }
    out
}

/// What the Aliyun double saw and how it answers.
#[derive(Default)]
struct Double {
    /// Answers still to fail: HTTP 500 first, then a refusal in the body.
    failures: std::sync::Mutex<Vec<&'static str>>,
    /// Requests that passed the signature check: their parameters.
    seen: std::sync::Mutex<Vec<std::collections::BTreeMap<String, String>>>,
}

/// The signature as the double checks it: written from the published
/// recipe independently of the provider's code (its own encoding and
/// ordering, from the request as received).
fn expected_signature(
    secret: &str,
    method: &str,
    raw_query: &str,
    headers: &axum::http::HeaderMap,
    signed: &str,
) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    use sha2::{Digest, Sha256};
    let mut pairs: Vec<&str> = raw_query.split('&').filter(|p| !p.is_empty()).collect();
    pairs.sort();
    let query = pairs.join("&");
    let mut canonical_headers = String::new();
    for name in signed.split(';') {
        let value = headers
            .get(name)
            .map(|v| v.to_str().unwrap().trim())
            .unwrap_or("");
        canonical_headers.push_str(&format!("{name}:{value}\n"));
    }
    let payload = headers["x-acs-content-sha256"].to_str().unwrap();
    let request = format!("{method}\n/\n{query}\n{canonical_headers}\n{signed}\n{payload}");
    let digest: String = Sha256::digest(request.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("ACS3-HMAC-SHA256\n{digest}").as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn aliyun_double(state: Arc<Double>) -> String {
    use axum::response::IntoResponse;
    async fn answer(
        axum::extract::State(d): axum::extract::State<Arc<Double>>,
        method: axum::http::Method,
        uri: axum::http::Uri,
        headers: axum::http::HeaderMap,
        body: axum::body::Bytes,
    ) -> axum::response::Response {
        let refuse = |code: &str| {
            (
                axum::http::StatusCode::BAD_REQUEST,
                axum::Json(json!({"Code": code, "Message": "double refused"})),
            )
                .into_response()
        };
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let Some(rest) = auth.strip_prefix("ACS3-HMAC-SHA256 ") else {
            return refuse("MissingAuthorization");
        };
        let field = |name: &str| {
            rest.split(',')
                .find_map(|p| {
                    p.trim()
                        .strip_prefix(&format!("{name}="))
                        .map(str::to_string)
                })
                .unwrap_or_default()
        };
        let signed = field("SignedHeaders");
        for must in [
            "host",
            "x-acs-action",
            "x-acs-content-sha256",
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-version",
        ] {
            if !signed.split(';').any(|h| h == must) {
                return refuse("IncompleteSignature");
            }
        }
        use sha2::Digest;
        let body_hash: String = sha2::Sha256::digest(&body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if field("Credential") != "AKID-TEST"
            || headers["x-acs-content-sha256"] != body_hash.as_str()
            || headers["x-acs-action"] != "SendSms"
            || headers["x-acs-version"] != "2017-05-25"
            || field("Signature")
                != expected_signature(
                    "secret-test",
                    method.as_str(),
                    uri.query().unwrap_or(""),
                    &headers,
                    &signed,
                )
        {
            return refuse("SignatureDoesNotMatch");
        }
        let params: std::collections::BTreeMap<String, String> =
            url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
                .into_owned()
                .collect();
        d.seen.lock().unwrap().push(params);
        let next = d.failures.lock().unwrap().pop();
        match next {
            Some("http") => (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "oops").into_response(),
            Some(code) => axum::Json(json!({"Code": code, "Message": "limit", "RequestId": "r"}))
                .into_response(),
            None => {
                axum::Json(json!({"Code": "OK", "Message": "OK", "BizId": "b1", "RequestId": "r"}))
                    .into_response()
            }
        }
    }
    let app = axum::Router::new().fallback(answer).with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/")
}

/// The real Aliyun provider against the double: signed requests with the
/// right parameters, a failure kept and retried after a pause, a wrong
/// secret refused.
async fn aliyun_provider_signs_its_requests_and_retries(s: &Server) {
    let (s, _) = own_server(s, false, |_| {}).await;
    let s = &s;
    let double = Arc::new(Double::default());
    // Popped from the end: first an HTTP 500, then a refusal, then OK.
    *double.failures.lock().unwrap() = vec!["isv.BUSINESS_LIMIT_CONTROL", "http"];
    let endpoint = aliyun_double(double.clone()).await;
    let provider = |secret: &str| {
        server::sms::Aliyun::new(
            "AKID-TEST".into(),
            secret.into(),
            "演示品牌".into(),
            "SMS_000001".into(),
            Some("SMS_000002".into()),
            &endpoint,
        )
        .unwrap()
    };
    let aliyun = provider("secret-test");
    let t0 = 1_900_000_000;
    let phone = "13988880001";
    let code_text = server::sms::code_text("演示", "654321");
    s.store
        .send_code(&store::CodeSend {
            brand: "demo",
            phone,
            purpose: rules::words::CodePurpose::LogIn,
            client: "x",
            code: Some(("h", t0 + 300)),
            message: Some(store::NewSms {
                template: server::sms::TEMPLATE_CODE,
                code: "654321",
                body: &code_text,
            }),
            limits: store::SendLimits::DEFAULT,
            at: t0,
        })
        .await
        .unwrap();
    let deliver = |now: i64| server::sms::deliver(s.store.as_ref(), &aliyun, now);
    assert_eq!(deliver(t0).await.unwrap(), (0, 1), "HTTP 500");
    assert_eq!(
        deliver(t0 + 10).await.unwrap(),
        (0, 0),
        "waits before retrying"
    );
    assert_eq!(
        deliver(t0 + 30).await.unwrap(),
        (0, 1),
        "refused in the body"
    );
    let held = s.store.sms_for_phone("demo", phone).await.unwrap();
    assert!(
        held[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("isv.BUSINESS_LIMIT_CONTROL"),
        "{held:?}"
    );
    assert_eq!(deliver(t0 + 89).await.unwrap(), (0, 0), "the pause doubles");
    assert_eq!(deliver(t0 + 90).await.unwrap(), (1, 0));
    assert_eq!(deliver(t0 + 1000).await.unwrap(), (0, 0), "sent once");
    let seen = double.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "every attempt was signed correctly");
    let p = &seen[2];
    assert_eq!(p["PhoneNumbers"], phone);
    assert_eq!(p["SignName"], "演示品牌");
    assert_eq!(p["TemplateCode"], "SMS_000001");
    assert_eq!(
        serde_json::from_str::<Value>(&p["TemplateParam"]).unwrap(),
        json!({"code": "654321"})
    );
    let held = s.store.sms_for_phone("demo", phone).await.unwrap();
    assert_eq!(
        (held[0].sent_at, held[0].code.as_str(), held[0].attempts),
        (Some(t0 + 90), "", 3)
    );

    // The "already registered" notice uses its own template, no parameters.
    let notice = server::sms::registered_text("演示");
    s.store
        .send_code(&store::CodeSend {
            brand: "demo",
            phone: "13988880002",
            purpose: rules::words::CodePurpose::SignUp,
            client: "x",
            code: None,
            message: Some(store::NewSms {
                template: server::sms::TEMPLATE_REGISTERED,
                code: "",
                body: &notice,
            }),
            limits: store::SendLimits::DEFAULT,
            at: t0 + 100,
        })
        .await
        .unwrap();
    assert_eq!(deliver(t0 + 100).await.unwrap(), (1, 0));
    let p = double.seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!(
        (p["TemplateCode"].as_str(), p.get("TemplateParam")),
        ("SMS_000002", None)
    );

    // A wrong secret: the double refuses the signature; kept for retry.
    let wrong = provider("not-the-secret");
    s.store
        .send_code(&store::CodeSend {
            brand: "demo",
            phone: "13988880003",
            purpose: rules::words::CodePurpose::LogIn,
            client: "x",
            code: Some(("h", t0 + 500)),
            message: Some(store::NewSms {
                template: server::sms::TEMPLATE_CODE,
                code: "111111",
                body: "x",
            }),
            limits: store::SendLimits::DEFAULT,
            at: t0 + 200,
        })
        .await
        .unwrap();
    assert_eq!(
        server::sms::deliver(s.store.as_ref(), &wrong, t0 + 200)
            .await
            .unwrap(),
        (0, 1)
    );
    let held = s.store.sms_for_phone("demo", "13988880003").await.unwrap();
    assert!(
        held[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("SignatureDoesNotMatch"),
        "{held:?}"
    );
    // Still failing when its code's five minutes are over: given up, not
    // sent late, and nothing of the code is kept.
    let before = double.seen.lock().unwrap().len();
    assert_eq!(
        server::sms::deliver(s.store.as_ref(), &aliyun, t0 + 500)
            .await
            .unwrap(),
        (0, 1)
    );
    assert_eq!(double.seen.lock().unwrap().len(), before, "not sent");
    let held = s.store.sms_for_phone("demo", "13988880003").await.unwrap();
    assert_eq!(
        (
            held[0].attempts,
            held[0].code.as_str(),
            held[0].body.as_str()
        ),
        (5, "", ""),
        "{held:?}"
    );
    assert!(
        held[0].last_error.as_deref().unwrap().contains("expired"),
        "{held:?}"
    );
    assert_eq!(
        server::sms::deliver(s.store.as_ref(), &aliyun, t0 + 2000)
            .await
            .unwrap(),
        (0, 0),
        "never tried again"
    );
}
both!(aliyun_provider_signs_its_requests_and_retries);

/// Two mail workers (two server processes) send one outbox at once: every
/// mail arrives once.
async fn two_mail_workers_send_each_mail_once(s: &Server) {
    let (url, mut inbox) = crate::team::smtp_sink().await;
    for i in 0..12 {
        let mail = store::OutboxMail {
            brand_id: "demo".into(),
            id: store::new_id(),
            to_addr: format!("twice{i}@demo.test"),
            subject: "invitation".into(),
            body: "join".into(),
            created_at: 1,
            sent_at: None,
            attempts: 0,
            last_error: None,
        };
        let inv = store::OperatorInvite {
            brand_id: "demo".into(),
            token_hash: store::new_id(),
            email: mail.to_addr.clone(),
            role: rules::Role::Reviewer,
            created_by: "nobody".into(),
            created_at: 1,
            expires_at: 2,
            accepted_at: None,
        };
        s.store
            .create_operator_invite(&inv, Some(&mail))
            .await
            .unwrap();
    }
    let a = server::mail::Mailer::new(&url, "Seedbed <noreply@demo.test>").unwrap();
    let b = server::mail::Mailer::new(&url, "Seedbed <noreply@demo.test>").unwrap();
    let (ra, rb) = tokio::join!(
        server::mail::deliver(s.store.as_ref(), &a, 5),
        server::mail::deliver(s.store.as_ref(), &b, 5),
    );
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.0 + rb.0, 12, "{ra:?} {rb:?}");
    let mut got = Vec::new();
    while got.len() < 12 {
        got.push(inbox.recv().await.unwrap());
    }
    // Nothing more arrives: a third round finds nothing to send.
    assert_eq!(
        server::mail::deliver(s.store.as_ref(), &a, 6)
            .await
            .unwrap(),
        (0, 0)
    );
    assert!(inbox.try_recv().is_err(), "a mail was sent twice");
    let mut to: Vec<String> = got
        .iter()
        .map(|m| {
            m.lines()
                .find(|l| l.starts_with("To:"))
                .unwrap()
                .to_string()
        })
        .collect();
    to.sort();
    to.dedup();
    assert_eq!(to.len(), 12);
}
both!(two_mail_workers_send_each_mail_once);

/// `seedbed serve --help` documents the SMS settings.
#[test]
fn serve_help_lists_the_sms_settings() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_seedbed"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for setting in [
        "SEEDBED_SMS_PROVIDER",
        "SEEDBED_SMS_DEV_FILE",
        "SEEDBED_ALIYUN_SMS_ACCESS_KEY_ID",
        "SEEDBED_ALIYUN_SMS_ACCESS_KEY_SECRET",
        "SEEDBED_ALIYUN_SMS_SIGN_NAME",
        "SEEDBED_ALIYUN_SMS_TEMPLATE_CODE",
        "SEEDBED_ALIYUN_SMS_TEMPLATE_REGISTERED",
        "SEEDBED_ALIYUN_SMS_ENDPOINT",
    ] {
        assert!(text.contains(setting), "{setting} missing from:\n{text}");
    }
    // Aliyun without its settings refuses to start, naming what is missing.
    let dir = std::env::temp_dir().join(format!("seedbed-sms-cli-{}", store::new_id()));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_seedbed"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env(
            "SEEDBED_DATABASE_URL",
            format!("sqlite:{}/t.db", dir.display()),
        )
        .env("SEEDBED_SMS_PROVIDER", "aliyun")
        .env_remove("SEEDBED_ALIYUN_SMS_ACCESS_KEY_ID")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("SEEDBED_ALIYUN_SMS_ACCESS_KEY_ID"), "{err}");
    // Without --demo, no provider chosen refuses too: a real installation
    // must not write its members' codes to a log by default.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_seedbed"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env(
            "SEEDBED_DATABASE_URL",
            format!("sqlite:{}/t.db", dir.display()),
        )
        .env_remove("SEEDBED_SMS_PROVIDER")
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("SEEDBED_SMS_PROVIDER=aliyun"), "{err}");
}
