//! Points as cash at the brand's checkout, over real HTTP on both
//! databases: a member's payment code, the till's signed calls (hold,
//! capture, release, refund, time-out), and every way a signed call is
//! refused (bad signature, stale timestamp, replay, revoked key, another
//! brand's key, malformed and oversized bodies), each with the right status
//! and nothing written. Also runs the README's `curl` + `openssl` example.

use crate::{Caller, Server, both, json_of};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A brand's till: an API key and its secret.
pub struct Till {
    pub http: reqwest::Client,
    pub base: String,
    pub key_id: String,
    pub secret: String,
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Now with nanoseconds, as a till that calls often sends it: two calls
/// in one second are two signatures.
fn precise_now() -> String {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    format!("{}.{:09}", d.as_secs(), d.subsec_nanos())
}

impl Till {
    /// An owner of `brand` makes a key (`operator@{brand}.test`).
    pub async fn of(s: &Server, brand: &str) -> Till {
        let owner = s.operator(&format!("operator@{brand}.test")).await;
        Till::made_by(s, &owner).await
    }

    pub async fn made_by(s: &Server, owner: &Caller) -> Till {
        let made = json_of(
            owner
                .post("/api/v1/admin/api-keys", json!({"label": "门店收银 1"}))
                .await,
            StatusCode::CREATED,
        )
        .await;
        Till {
            http: reqwest::Client::new(),
            base: s.base.clone(),
            key_id: made["key"]["id"].as_str().unwrap().to_string(),
            secret: made["secret"].as_str().unwrap().to_string(),
        }
    }

    /// A JSON request signed at `ts` over `body`, as sent.
    pub fn signed(
        &self,
        method: Method,
        path: &str,
        body: &[u8],
        ts: i64,
    ) -> reqwest::RequestBuilder {
        self.signed_as(method, path, body, ts, "application/json")
    }

    /// A request signed at `ts` over `body` (sent as `content_type`).
    pub fn signed_as(
        &self,
        method: Method,
        path: &str,
        body: &[u8],
        ts: i64,
        content_type: &str,
    ) -> reqwest::RequestBuilder {
        let sig = server::signed::sign(&self.secret, method.as_str(), path, &ts.to_string(), body);
        self.with_signature(method, path, body, ts, content_type, &sig)
    }

    /// A request carrying `sig` as its signature, whatever it is.
    pub fn with_signature(
        &self,
        method: Method,
        path: &str,
        body: &[u8],
        ts: i64,
        content_type: &str,
        sig: &str,
    ) -> reqwest::RequestBuilder {
        self.with_signature_at(method, path, body, &ts.to_string(), content_type, sig)
    }

    fn with_signature_at(
        &self,
        method: Method,
        path: &str,
        body: &[u8],
        ts: &str,
        content_type: &str,
        sig: &str,
    ) -> reqwest::RequestBuilder {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("x-seedbed-key", &self.key_id)
            .header("x-seedbed-timestamp", ts)
            .header("x-seedbed-signature", sig);
        if !body.is_empty() {
            req = req.header("content-type", content_type).body(body.to_vec());
        }
        req
    }

    /// The till whose key `Ids::of_demo` made for `who` (`demo`, `acme`).
    pub fn from_ids(s: &Server, ids: &crate::access::Ids, who: &str) -> Till {
        Till {
            http: reqwest::Client::new(),
            base: s.base.clone(),
            key_id: ids.get(&format!("{who}-key-id")),
            secret: ids.get(&format!("{who}-key-secret")),
        }
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let ts = precise_now();
        let sig = server::signed::sign(&self.secret, method.as_str(), path, &ts, &bytes);
        self.with_signature_at(method, path, &bytes, &ts, "application/json", &sig)
            .send()
            .await
            .unwrap()
    }

    pub async fn hold(&self, code: &str, amount_fen: i64) -> reqwest::Response {
        self.call(
            Method::POST,
            "/api/v1/checkout/holds",
            Some(json!({"code": code, "order_ref": "POS-1", "amount_fen": amount_fen})),
        )
        .await
    }
}

/// The member's available points.
async fn available(member: &Caller) -> i64 {
    json_of(member.get("/api/v1/me/checkout").await, StatusCode::OK).await["available"]
        .as_i64()
        .unwrap()
}

async fn code_of(member: &Caller) -> String {
    let c = json_of(
        member.post("/api/v1/me/checkout/code", json!({})).await,
        StatusCode::CREATED,
    )
    .await;
    assert!(
        c["qr_svg"].as_str().unwrap().starts_with("<?xml")
            || c["qr_svg"].as_str().unwrap().contains("<svg")
    );
    c["code"].as_str().unwrap().to_string()
}

async fn status_of(res: reqwest::Response) -> (StatusCode, Value) {
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn a_till_holds_captures_and_refunds(s: &Server) {
    let member = s.consumer("demo", "13800000001").await;
    let till = Till::of(s, "demo").await;
    let before = available(&member).await;
    assert!(before > 0, "the demo member has points");
    let code = code_of(&member).await;
    let hold = json_of(till.hold(&code, 10_000).await, StatusCode::CREATED).await;
    let (points, discount) = (
        hold["points"].as_i64().unwrap(),
        hold["discount_fen"].as_i64().unwrap(),
    );
    assert_eq!(hold["status"], "held");
    assert_eq!(
        discount,
        (before.min(3_000)),
        "at most 30 % of 100 yuan, 1 point a fen"
    );
    assert_eq!(points, discount);
    assert_eq!(
        available(&member).await,
        before - points,
        "held points are not available"
    );
    // The code is spent (another call: the same one would be a replay).
    let (status, body) = status_of(till.hold(&code, 10_001).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("payment_code_unknown")
        )
    );

    let id = hold["id"].as_str().unwrap();
    let path = format!("/api/v1/checkout/holds/{id}");
    let captured = json_of(
        till.call(Method::POST, &format!("{path}/capture"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(captured["status"], "captured");
    let again = json_of(
        till.call(Method::POST, &format!("{path}/capture"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again, captured, "capturing twice is the same capture");
    let (status, body) = status_of(
        till.call(Method::POST, &format!("{path}/release"), None)
            .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("hold_captured"))
    );
    assert_eq!(available(&member).await, before - points);

    let refunded = json_of(
        till.call(Method::POST, &format!("{path}/refund"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(refunded["status"], "refunded");
    json_of(
        till.call(Method::POST, &format!("{path}/refund"), None)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        available(&member).await,
        before,
        "a refund returns the points, once"
    );
    let read = json_of(till.call(Method::GET, &path, None).await, StatusCode::OK).await;
    assert_eq!(read["status"], "refunded");
    // The member sees the use.
    let mine = json_of(member.get("/api/v1/me/checkout").await, StatusCode::OK).await;
    assert_eq!(mine["holds"][0]["id"], id);
    assert_eq!(mine["holds"][0]["status"], "refunded");
    assert_eq!(
        s.store.check_ledger("demo").await.unwrap(),
        Vec::<String>::new()
    );
}
both!(a_till_holds_captures_and_refunds);

async fn holds_are_released_by_the_till_or_their_time_out(s: &Server) {
    let member = s.consumer("demo", "13800000001").await;
    let till = Till::of(s, "demo").await;
    let before = available(&member).await;
    let hold = json_of(
        till.hold(&code_of(&member).await, 5_000).await,
        StatusCode::CREATED,
    )
    .await;
    let id = hold["id"].as_str().unwrap();
    let released = json_of(
        till.call(
            Method::POST,
            &format!("/api/v1/checkout/holds/{id}/release"),
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(released["status"], "released");
    assert_eq!(available(&member).await, before);

    // An unconfirmed hold: the time-out job releases it, once, however
    // often it runs.
    let hold = json_of(
        till.hold(&code_of(&member).await, 5_000).await,
        StatusCode::CREATED,
    )
    .await;
    let id = hold["id"].as_str().unwrap();
    let expires_at = hold["expires_at"].as_i64().unwrap();
    assert_eq!(
        server::routes::timeouts_once(s.store.as_ref(), expires_at - 1)
            .await
            .unwrap(),
        0,
        "not yet"
    );
    assert!(available(&member).await < before);
    let later = expires_at + 1;
    assert_eq!(
        server::routes::timeouts_once(s.store.as_ref(), later)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        server::routes::timeouts_once(s.store.as_ref(), later)
            .await
            .unwrap(),
        0,
        "twice is once"
    );
    assert_eq!(available(&member).await, before);
    let (status, body) = status_of(
        till.call(
            Method::POST,
            &format!("/api/v1/checkout/holds/{id}/capture"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("hold_released"))
    );
    // A refund needs a capture.
    let (status, _) = status_of(
        till.call(
            Method::POST,
            &format!("/api/v1/checkout/holds/{id}/refund"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        s.store.check_ledger("demo").await.unwrap(),
        Vec::<String>::new()
    );
}
both!(holds_are_released_by_the_till_or_their_time_out);

async fn a_retry_with_the_same_idempotency_key_holds_once(s: &Server) {
    let member = s.consumer("demo", "13800000001").await;
    let till = Till::of(s, "demo").await;
    let before = available(&member).await;
    let body = json!({"code": code_of(&member).await, "order_ref": "POS-9", "amount_fen": 2_000})
        .to_string();
    let send = |ts: i64| {
        till.signed(Method::POST, "/api/v1/checkout/holds", body.as_bytes(), ts)
            .header("idempotency-key", "POS-9-hold")
            .send()
    };
    let first = send(now()).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    // Signed afresh (a second later), as a retrying till does.
    let retry = send(now() + 1).await.unwrap();
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.json::<Value>().await.unwrap()["id"], first["id"]);
    assert_eq!(
        available(&member).await,
        before - first["points"].as_i64().unwrap(),
        "held once"
    );
}
both!(a_retry_with_the_same_idempotency_key_holds_once);

async fn refused_signed_calls_answer_rightly_and_write_nothing(s: &Server) {
    let member = s.consumer("demo", "13800000001").await;
    let till = Till::of(s, "demo").await;
    let acme = Till::of(s, "acme").await;
    let code = code_of(&member).await;
    let path = "/api/v1/checkout/holds";
    let valid = json!({"code": code, "order_ref": "POS-2", "amount_fen": 10_000}).to_string();
    let ts = now();

    let mut cases: Vec<(&str, reqwest::RequestBuilder, StatusCode, &str)> = Vec::new();
    let bad_sig = till.with_signature(
        Method::POST,
        path,
        valid.as_bytes(),
        ts,
        "application/json",
        &"0".repeat(64),
    );
    cases.push((
        "bad signature",
        bad_sig,
        StatusCode::UNAUTHORIZED,
        "signature_invalid",
    ));
    let other_secret = Till {
        secret: acme.secret.clone(),
        http: till.http.clone(),
        base: till.base.clone(),
        key_id: till.key_id.clone(),
    };
    cases.push((
        "signed with another key's secret",
        other_secret.signed(Method::POST, path, valid.as_bytes(), ts),
        StatusCode::UNAUTHORIZED,
        "signature_invalid",
    ));
    // A body changed after signing.
    let sig = server::signed::sign(
        &till.secret,
        "POST",
        path,
        &ts.to_string(),
        valid.as_bytes(),
    );
    let changed = valid.replace("10000", "99999");
    let tampered = till.with_signature(
        Method::POST,
        path,
        changed.as_bytes(),
        ts,
        "application/json",
        &sig,
    );
    cases.push((
        "body changed after signing",
        tampered,
        StatusCode::UNAUTHORIZED,
        "signature_invalid",
    ));
    cases.push((
        "stale timestamp",
        till.signed(Method::POST, path, valid.as_bytes(), ts - 400),
        StatusCode::UNAUTHORIZED,
        "signature_stale",
    ));
    cases.push((
        "future timestamp",
        till.signed(Method::POST, path, valid.as_bytes(), ts + 400),
        StatusCode::UNAUTHORIZED,
        "signature_stale",
    ));
    cases.push((
        "no signature",
        till.http
            .post(format!("{}{path}", till.base))
            .header("content-type", "application/json")
            .body(valid.clone()),
        StatusCode::UNAUTHORIZED,
        "signature_missing",
    ));
    let unknown = Till {
        key_id: "demo.0123456789abcdef".into(),
        http: till.http.clone(),
        base: till.base.clone(),
        secret: till.secret.clone(),
    };
    cases.push((
        "unknown key",
        unknown.signed(Method::POST, path, valid.as_bytes(), ts),
        StatusCode::UNAUTHORIZED,
        "api_key_unknown",
    ));
    // Another brand's key: its brand has no such code.
    cases.push((
        "another brand's key",
        acme.signed(Method::POST, path, valid.as_bytes(), ts),
        StatusCode::UNPROCESSABLE_ENTITY,
        "payment_code_unknown",
    ));
    let malformed = b"{\"code\": ";
    cases.push((
        "malformed body",
        till.signed(Method::POST, path, malformed, ts),
        StatusCode::BAD_REQUEST,
        "bad_json",
    ));
    let wrong = json!({"code": code, "order_ref": "POS-2", "amount_fen": -5}).to_string();
    cases.push((
        "negative amount",
        till.signed(Method::POST, path, wrong.as_bytes(), ts),
        StatusCode::UNPROCESSABLE_ENTITY,
        "order_amount_invalid",
    ));
    let big = format!(
        "{{\"code\": \"{code}\", \"order_ref\": \"{}\", \"amount_fen\": 1}}",
        "x".repeat(70_000)
    );
    cases.push((
        "oversized body",
        till.signed(Method::POST, path, big.as_bytes(), ts),
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
    ));
    cases.push((
        "member session instead of a signature",
        member
            .http
            .post(format!("{}{path}", member.base))
            .header("content-type", "application/json")
            .body(valid.clone()),
        StatusCode::UNAUTHORIZED,
        "signature_missing",
    ));

    for (label, req, want, code) in cases {
        let before = s.store.row_counts().await.unwrap();
        let (status, body) = status_of(req.send().await.unwrap()).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (want, Some(code)),
            "{label}: {body}"
        );
        assert_eq!(
            s.store.row_counts().await.unwrap(),
            before,
            "{label} wrote something"
        );
    }

    // The valid call, then the very same call again: a replay.
    let first = till
        .signed(Method::POST, path, valid.as_bytes(), ts)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let hold: Value = first.json().await.unwrap();
    let before = s.store.row_counts().await.unwrap();
    let (status, body) = status_of(
        till.signed(Method::POST, path, valid.as_bytes(), ts)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("signature_replayed"))
    );
    assert_eq!(
        s.store.row_counts().await.unwrap(),
        before,
        "a replay wrote something"
    );

    // Another brand's key cannot see or move this brand's hold.
    let hold_path = format!("{path}/{}", hold["id"].as_str().unwrap());
    for (method, p) in [
        (Method::GET, hold_path.clone()),
        (Method::POST, format!("{hold_path}/capture")),
        (Method::POST, format!("{hold_path}/release")),
    ] {
        let before = s.store.row_counts().await.unwrap();
        let (status, _) = status_of(acme.call(method.clone(), &p, None).await).await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{method} {p} with acme's key"
        );
        assert_eq!(s.store.row_counts().await.unwrap(), before);
    }

    // A revoked key is refused at once.
    let owner = s.operator("operator@demo.test").await;
    let revoked = json_of(
        owner
            .delete(&format!("/api/v1/admin/api-keys/{}", till.key_id))
            .await,
        StatusCode::OK,
    )
    .await;
    assert!(revoked["revoked_at"].is_i64());
    let before = s.store.row_counts().await.unwrap();
    let (status, body) = status_of(till.call(Method::GET, &hold_path, None).await).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("api_key_revoked"))
    );
    assert_eq!(s.store.row_counts().await.unwrap(), before);
    // The list shows it revoked; the secret is never shown again.
    let keys = json_of(owner.get("/api/v1/admin/api-keys").await, StatusCode::OK).await;
    let listed = keys
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == till.key_id.as_str())
        .unwrap();
    assert!(listed["revoked_at"].is_i64() && listed["last_used_at"].is_i64());
    assert!(!keys.to_string().contains(&till.secret));
}
both!(refused_signed_calls_answer_rightly_and_write_nothing);

/// The README's example, run as written (the address and values from the
/// environment), against this server: it holds points.
async fn the_readme_example_holds_points(s: &Server) {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let block = readme
        .split("<!-- checkout-example -->\n```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the README has the checkout example");
    let (export, script) = block.split_once('\n').unwrap();
    assert!(export.starts_with("export SEEDBED="), "{export}");
    let member = s.consumer("demo", "13800000001").await;
    let till = Till::of(s, "demo").await;
    let code = code_of(&member).await;
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("SEEDBED", &s.base)
        .env("KEY_ID", &till.key_id)
        .env("SECRET", &till.secret)
        .env("CODE", &code)
        .output()
        .expect("sh, openssl and curl run");
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(answer["status"], "held", "{answer}");
    assert_eq!(answer["order_fen"], 12_800);
    assert!(answer["discount_fen"].as_i64().unwrap() > 0);
}
both!(the_readme_example_holds_points);

/// A member redeems the demo's 10-yuan checkout voucher; the till takes it
/// by its code (typed in lower case with a dash) once: the same order again
/// answers the same, another order is refused, another brand's till does
/// not know it, and a malformed code is refused before any lookup.
async fn a_till_takes_a_voucher_once(s: &Server) {
    // 陈星 gets the 1,000 points the voucher costs from an operator.
    let op = s.operator("ops@demo.test").await;
    json_of(
        op.post(
            "/api/v1/admin/points/adjustments",
            json!({"member": "13800000002", "direction": "credit", "points": 1000,
                   "reason": "代金券测试", "allow_negative": false}),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let chen = s.consumer("demo", "13800000002").await;
    let cat = json_of(chen.get("/api/v1/me/rewards").await, StatusCode::OK).await;
    let voucher = cat["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "10 元门店代金券")
        .unwrap_or_else(|| panic!("no voucher in {cat}"))
        .clone();
    assert_eq!(voucher["blocked"], Value::Null, "{cat}");
    let id = voucher["id"].as_str().unwrap();
    let r = json_of(
        chen.post(&format!("/api/v1/me/rewards/{id}/redemption"), json!({}))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let code = r["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 10);
    let typed = format!("{}-{}", &code[..5], &code[5..]).to_lowercase();

    let till = Till::of(s, "demo").await;
    let used = |code: String, order: &'static str| {
        let till = &till;
        async move {
            status_of(
                till.call(
                    Method::POST,
                    "/api/v1/checkout/vouchers",
                    Some(json!({"code": code, "order_ref": order})),
                )
                .await,
            )
            .await
        }
    };
    let (status, first) = used(typed.clone(), "POS-1").await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["voucher_fen"], 1_000);
    assert_eq!(first["redemption_id"], r["id"]);
    let (status, again) = used(code.clone(), "POS-1").await;
    assert_eq!(
        (status, &again),
        (StatusCode::OK, &first),
        "a retry answers the same"
    );
    let (status, other) = used(code.clone(), "POS-2").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(other["error"]["code"], "voucher_used");
    let acme = Till::of(s, "acme").await;
    let (status, theirs) = status_of(
        acme.call(
            Method::POST,
            "/api/v1/checkout/vouchers",
            Some(json!({"code": code, "order_ref": "POS-9"})),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(theirs["error"]["code"], "voucher_unknown");
    let (status, bad) = used("O0O0O0O0O0".into(), "POS-3").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["error"]["code"], "voucher_code_invalid");
    // The member sees it used.
    let mine = json_of(chen.get("/api/v1/me/redemptions").await, StatusCode::OK).await;
    let it = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == r["id"])
        .unwrap();
    assert_eq!(it["status"], "done");
}
both!(a_till_takes_a_voucher_once);
