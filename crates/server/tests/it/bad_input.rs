//! Bad input, generated from `/api/v1/openapi.json`: for every operation
//! with a body, malformed JSON, the wrong content type, missing fields,
//! wrong types, a body over the limit, huge strings, control characters,
//! and SQL/HTML injection strings. Every refusal is a 4xx in the house
//! error shape and writes nothing (every table's row count is unchanged);
//! nothing ever answers 5xx; injection strings are stored, if at all, as
//! plain text (the tables are all still there and counted).

use crate::access::{Ids, Need, body, need};
use crate::{Caller, Server, both, json_of};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const INJECTIONS: [&str; 4] = [
    "' OR '1'='1' --",
    "\"; DROP TABLE members; --",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
];

/// Variants of a valid body that must each be refused.
fn refused_variants(valid: &Value) -> Vec<(String, Value)> {
    let mut out = vec![
        ("empty object".to_string(), json!({})),
        ("array".into(), json!([valid])),
        ("null".into(), Value::Null),
    ];
    let Some(fields) = valid.as_object() else {
        return out;
    };
    for (k, v) in fields {
        let mut missing = valid.clone();
        missing.as_object_mut().unwrap().remove(k);
        // A missing optional field is fine; the Decision reason is optional only when approving.
        if !matches!(k.as_str(), "brand" | "reason" | "artwork_id" | "logo_id") {
            out.push((format!("missing {k}"), missing));
        }
        let wrong = match v {
            Value::String(_) => json!(12345),
            Value::Number(_) => json!("12"),
            Value::Bool(_) => json!("yes"),
            Value::Array(_) => json!("not a list"),
            Value::Object(_) => json!(7),
            Value::Null => continue,
        };
        let mut typed = valid.clone();
        typed[k] = wrong;
        out.push((format!("wrong type for {k}"), typed));
        if let Value::String(s) = v {
            let mut huge = valid.clone();
            huge[k] = json!("长".repeat(20_000));
            out.push((format!("huge {k}"), huge));
            if k != "text" && k != "link_text" {
                // Pasted share text may hold line breaks; no field takes NUL or BEL.
                let mut control = valid.clone();
                control[k] = json!(format!("{s}\u{0}\u{7}"));
                out.push((format!("control characters in {k}"), control));
            }
        }
        if let Value::Number(_) = v {
            for (label, n) in [
                ("negative", json!(-1)),
                ("huge", json!(i64::MAX)),
                ("fractional", json!(1.5)),
            ] {
                let mut bad = valid.clone();
                bad[k] = n;
                out.push((format!("{label} {k}"), bad));
            }
        }
    }
    out
}

fn is_error_shape(v: &Value) -> bool {
    v["error"]["code"].as_str().is_some_and(|c| !c.is_empty())
        && v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
}

async fn send(
    c: &Caller,
    till: Option<&crate::checkout::Till>,
    method: &Method,
    url: &str,
    body: Vec<u8>,
    content_type: &str,
) -> (StatusCode, Value) {
    let req = match till {
        Some(t) => t.signed_as(
            method.clone(),
            url,
            &body,
            crate::checkout::now(),
            content_type,
        ),
        None => c
            .http
            .request(method.clone(), format!("{}{url}", c.base))
            .header("content-type", content_type)
            .body(body),
    };
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn every_body_refuses_bad_input_and_writes_nothing(s: &Server) {
    let doc = json_of(
        s.anonymous().get("/api/v1/openapi.json").await,
        StatusCode::OK,
    )
    .await;
    let ids = Ids::of_demo(s).await;
    let (owner, consumer) = (
        s.operator("operator@demo.test").await,
        s.consumer("demo", "13800000004").await,
    );
    let anonymous = s.anonymous();
    // Staff routes as the manager of store 1, who may call both scopes and
    // sees 林小美's records the ids name.
    let manager = s.staff("demo", "13900000011").await;
    let (mut refused, mut injected) = (0, 0);
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, op) in ops.as_object().unwrap() {
            if op.get("requestBody").is_none() {
                continue;
            }
            let method: Method = method.to_uppercase().parse().unwrap();
            let name = format!("{method} {path}");
            let need = need(op, &name);
            // Signed routes: every request below is signed by the brand's
            // key over the bytes sent, so the body itself is what is refused.
            let till =
                (need == Need::Brand).then(|| crate::checkout::Till::from_ids(s, &ids, "demo"));
            let c = match need {
                Need::Public | Need::Brand => &anonymous,
                Need::Member => &consumer,
                Need::Operator(_) => &owner,
                Need::Staff(_) => &manager,
            };
            let (url, _) = ids.fill(path);
            let valid = body(&method, path, 9_000 + refused, &ids)
                .unwrap_or_else(|| panic!("{name}: no example body"));

            let mut cases: Vec<(String, Vec<u8>, &str)> = vec![
                (
                    "malformed JSON".into(),
                    b"{\"a\": ".to_vec(),
                    "application/json",
                ),
                (
                    "not JSON".into(),
                    b"a=1&b=2".to_vec(),
                    "application/x-www-form-urlencoded",
                ),
                (
                    "over the body limit".into(),
                    format!("{{\"x\": \"{}\"}}", "x".repeat(70_000)).into_bytes(),
                    "application/json",
                ),
            ];
            for (label, v) in refused_variants(&valid) {
                cases.push((label, v.to_string().into_bytes(), "application/json"));
            }
            for (label, b, content_type) in cases {
                let before = s.store.row_counts().await.unwrap();
                let (status, answer) = send(c, till.as_ref(), &method, &url, b, content_type).await;
                assert!(
                    status.is_client_error(),
                    "{name} with {label}: {status} {answer}"
                );
                assert!(
                    is_error_shape(&answer),
                    "{name} with {label}: not the error shape: {answer}"
                );
                assert_eq!(
                    s.store.row_counts().await.unwrap(),
                    before,
                    "{name} with {label} wrote something"
                );
                refused += 1;
            }

            // Injection strings in every text field: never a 5xx, never executed.
            for (k, v) in valid.as_object().into_iter().flatten() {
                if !v.is_string() {
                    continue;
                }
                for attack in INJECTIONS {
                    let mut b = body(&method, path, 9_500 + injected, &ids).unwrap();
                    b[k] = json!(attack);
                    let (status, answer) = send(
                        c,
                        till.as_ref(),
                        &method,
                        &url,
                        b.to_string().into_bytes(),
                        "application/json",
                    )
                    .await;
                    assert!(
                        !status.is_server_error(),
                        "{name} with {attack:?} in {k}: {status} {answer}"
                    );
                    if !status.is_success() {
                        assert!(is_error_shape(&answer), "{name}: {answer}");
                    }
                    injected += 1;
                }
            }
        }
    }
    let counts = s.store.row_counts().await.unwrap();
    assert!(
        counts.iter().any(|(t, n)| *t == "members" && *n > 0),
        "the tables survived: {counts:?}"
    );
    println!(
        "bad input ({}): {refused} refused requests, {injected} injection strings tried",
        s.store.kind().as_str()
    );
    assert!(refused > 100, "too few bad inputs tried: {refused}");
}
both!(every_body_refuses_bad_input_and_writes_nothing);

async fn injection_strings_are_stored_as_text(s: &Server) {
    // A member's name is shown back exactly as typed, never interpreted.
    let c = s.sign_up("demo", "13712340000", "long-enough-pw").await;
    let mut form = crate::journey::application_form();
    form["display_name"] = json!("<b>'; DROP--");
    form["motivation"] = json!("<script>alert(1)</script>");
    json_of(
        c.post("/api/v1/me/application", form).await,
        StatusCode::CREATED,
    )
    .await;
    let app = json_of(c.get("/api/v1/me/application").await, StatusCode::OK).await;
    assert_eq!(
        (app["display_name"].as_str(), app["motivation"].as_str()),
        (Some("<b>'; DROP--"), Some("<script>alert(1)</script>"))
    );
}
both!(injection_strings_are_stored_as_text);
