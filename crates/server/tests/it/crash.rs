//! Crash test: the real `seedbed` process is killed with SIGKILL at random
//! moments while members submit notes and an operator settles; after every
//! restart, every request that got a success answer must be in the
//! database exactly once, and the ledger must balance.
//!
//! `SEEDBED_CRASH_CYCLES` sets the number of kill cycles (a handful in the
//! normal run; the documented long run uses 200).

use crate::journey::campaign_today;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use store::prelude::*;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Starts `seedbed serve` on a free loopback port; returns it and its base URL.
async fn start(db: &str) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_seedbed"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--web-dir",
            "/nonexistent",
        ])
        .env("SEEDBED_DATABASE_URL", db)
        // A configured device-hash secret: no key file is written (with
        // PostgreSQL the default upload folder is relative to the tests).
        .env(
            "SEEDBED_CLIENT_KEY",
            "crash-test-device-hash-secret-0123456789",
        )
        .env("SEEDBED_SMS_PROVIDER", "dev")
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(std::env::temp_dir().join("seedbed-crash-server.log"))
                .map(Stdio::from)
                .unwrap_or_else(|_| Stdio::null()),
        )
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let line = tokio::time::timeout_at(deadline, lines.next_line())
            .await
            .expect("server start")
            .unwrap()
            .expect("server output");
        if let Some(rest) = line.trim().strip_prefix("consumer app: http://") {
            let addr = rest.split('/').next().unwrap().to_string();
            // Keep draining the server's output so its pipe stays open.
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return (child, format!("http://{addr}"));
        }
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

async fn log_in(base: &str, path: &str, body: Value) -> reqwest::Client {
    let c = client();
    let r = c
        .post(format!("{base}{path}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    c
}

/// The demo owner, signed in.
async fn as_operator(base: &str) -> reqwest::Client {
    log_in(
        base,
        "/api/v1/admin/session",
        json!({"email": "operator@demo.test", "password": "seedbed-demo"}),
    )
    .await
}

/// The demo member who submits in this test, signed in.
async fn as_member(base: &str) -> reqwest::Client {
    log_in(
        base,
        "/api/v1/brands/demo/session",
        json!({"phone": "13800000004", "password": "seedbed-demo"}),
    )
    .await
}

/// A few milliseconds of jitter without a random-number crate.
fn jitter(max_ms: u64) -> Duration {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    Duration::from_millis(20 + nanos % max_ms)
}

pub async fn crash_cycles(db: &str, label: &str) {
    let cycles: usize = std::env::var("SEEDBED_CRASH_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    // Set up once: demo data, a campaign settling today, a member signed up.
    let s = store::connect(db).await.unwrap();
    s.migrate().await.unwrap();
    server::demo::load(&s, server::time::Clock::System.now())
        .await
        .unwrap();
    drop(s);
    let (mut child, base) = start(db).await;
    let op = as_operator(&base).await;
    let theme: Value = op
        .get(format!("{base}/api/v1/admin/themes"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let c: Value = op
        .post(format!(
            "{base}/api/v1/admin/themes/{}/campaigns",
            theme[0]["id"].as_str().unwrap()
        ))
        .json(&campaign_today("崩溃测试", &["douyin"], 9))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cid = c["id"].as_str().unwrap().to_string();
    let member = as_member(&base).await;
    assert_eq!(
        member
            .post(format!("{base}/api/v1/me/campaigns/{cid}/signup"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::CREATED
    );
    child.kill().await.unwrap();

    let acknowledged = Arc::new(Mutex::new(BTreeSet::<String>::new()));
    let mut note = 0u64;
    let (mut sent, mut settled_ok) = (0u64, 0u64);
    for cycle in 0..cycles {
        let (mut child, base) = start(db).await;
        let member = as_member(&base).await;
        let mut writers = Vec::new();
        for _ in 0..3 {
            let (member, base, cid, acknowledged) = (
                member.clone(),
                base.clone(),
                cid.clone(),
                acknowledged.clone(),
            );
            let first = note;
            note += 1_000;
            writers.push(tokio::spawn(async move {
                let mut n = 0;
                for id in first..first + 1_000 {
                    let note_id = format!("7{:018}", id);
                    let body = json!({"campaign_id": cid, "link_text": format!("https://www.douyin.com/video/{note_id}")});
                    n += 1;
                    match member.post(format!("{base}/api/v1/me/submissions")).json(&body).send().await {
                        Ok(r) if r.status() == StatusCode::CREATED => {
                            acknowledged.lock().unwrap().insert(note_id);
                        }
                        Ok(r) => panic!("cycle {cycle}: unexpected {}", r.status()),
                        Err(_) => break, // the server died mid-request: not acknowledged
                    }
                }
                n
            }));
        }
        tokio::time::sleep(jitter(250)).await;
        child.start_kill().unwrap(); // SIGKILL
        child.wait().await.unwrap();
        for w in writers {
            sent += w.await.unwrap();
        }
    }

    // After the last crash: approve everything and settle, killing the
    // server once during the settlement; a retry must finish it exactly once.
    let (mut child, base) = start(db).await;
    let op = as_operator(&base).await;
    // The queue pages at 500: approve page after page until none is pending.
    loop {
        let url =
            format!("{base}/api/v1/admin/submissions?campaign_id={cid}&status=pending&limit=500");
        let subs: Value = op.get(url).send().await.unwrap().json().await.unwrap();
        let subs = subs.as_array().unwrap();
        if subs.is_empty() {
            break;
        }
        for sub in subs {
            let url = format!(
                "{base}/api/v1/admin/submissions/{}/decision",
                sub["id"].as_str().unwrap()
            );
            let r = op
                .post(url)
                .json(&json!({"approve": true}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
        }
    }
    let settle = op
        .post(format!("{base}/api/v1/admin/campaigns/{cid}/settlement"))
        .send();
    let killer = async {
        tokio::time::sleep(jitter(30)).await;
        child.start_kill().unwrap();
    };
    let (first, ()) = tokio::join!(settle, killer);
    child.wait().await.unwrap();
    if first.is_ok_and(|r| r.status() == StatusCode::OK) {
        settled_ok += 1;
    }
    let (mut child, base) = start(db).await;
    let op = as_operator(&base).await;
    let r = op
        .post(format!("{base}/api/v1/admin/campaigns/{cid}/settlement"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{:?}", r.text().await);
    let settlement: Value = r.json().await.unwrap();
    child.kill().await.unwrap();

    // Every acknowledged submission is there, once; the ledger balances.
    let s = store::connect(db).await.unwrap();
    let filter = store::SubmissionFilter {
        campaign_id: Some(cid.clone()),
        ..Default::default()
    };
    let rows = s
        .submissions(
            "demo",
            &filter,
            store::Page {
                limit: 100_000,
                offset: 0,
            },
        )
        .await
        .unwrap();
    let found: Vec<String> = rows.iter().map(|r| r.submission.note_id.clone()).collect();
    let unique: BTreeSet<String> = found.iter().cloned().collect();
    assert_eq!(unique.len(), found.len(), "a note stored twice");
    let acknowledged = acknowledged.lock().unwrap().clone();
    let missing: Vec<&String> = acknowledged.difference(&unique).collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged submissions lost: {missing:?}",
        missing.len()
    );
    let credited: i64 = rows
        .iter()
        .filter_map(|r| r.submission.settled_points)
        .sum();
    assert_eq!(settlement["notes"].as_i64(), Some(rows.len() as i64));
    assert_eq!(settlement["points_total"].as_i64(), Some(credited));
    let member_id = rows
        .first()
        .map(|r| r.submission.member_id.clone())
        .unwrap();
    let ledger = s
        .ledger(
            "demo",
            &member_id,
            store::Page {
                limit: 100_000,
                offset: 0,
            },
        )
        .await
        .unwrap();
    let from_campaign: Vec<_> = ledger.iter().filter(|e| e.memo == "崩溃测试").collect();
    assert_eq!(
        from_campaign.len(),
        rows.len(),
        "one ledger entry per settled note"
    );
    assert_eq!(
        s.balance("demo", &member_id).await.unwrap(),
        ledger.iter().map(|e| e.points).sum::<i64>()
    );
    println!(
        "crash test ({label}): {cycles} SIGKILL cycles survived + 1 during settlement (settle answered before the kill: {settled_ok}); \
         {sent} submissions sent, {} acknowledged, {} found, {} lost",
        acknowledged.len(),
        unique.len(),
        missing.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_loses_nothing_acknowledged_sqlite() {
    let dir = std::env::temp_dir().join(format!("seedbed-crash-{}", store::new_id()));
    crash_cycles(&format!("sqlite:{}/crash.db", dir.display()), "sqlite").await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_loses_nothing_acknowledged_postgres() {
    if let Some(url) = crate::fresh_pg_url().await {
        crash_cycles(&url, "postgres").await;
    }
}
