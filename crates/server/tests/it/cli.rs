//! The `seedbed` command: migrate, demo, backup and restore round trip,
//! export to another database (SQLite → PostgreSQL), note-link parsing,
//! the large-program generator.

use std::process::Command;
use store::prelude::*;

fn seedbed(db: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_seedbed"))
        .args(args)
        .env("SEEDBED_DATABASE_URL", db)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the seedbed binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "seedbed {args:?} failed: {text}");
    text
}

#[tokio::test]
async fn backup_then_restore_gives_back_every_row() {
    let dir = std::env::temp_dir().join(format!("seedbed-cli-{}", store::new_id()));
    let (live, restored) = (
        format!("sqlite:{}/live.db", dir.display()),
        format!("sqlite:{}/restored.db", dir.display()),
    );
    let file = dir.join("nightly.db");
    seedbed(&live, &["migrate"]);
    seedbed(&live, &["demo"]);
    let out = seedbed(&live, &["backup", "--to", file.to_str().unwrap()]);
    assert!(out.contains("backup written"), "{out}");

    // Restore onto a database that already has other data: it is kept aside.
    seedbed(&restored, &["migrate"]);
    let out = seedbed(&restored, &["restore", "--from", file.to_str().unwrap()]);
    assert!(out.contains("previous database kept as"), "{out}");
    let (a, b) = (
        store::connect(&live).await.unwrap(),
        store::connect(&restored).await.unwrap(),
    );
    let (original, copy) = (a.dump().await.unwrap(), b.dump().await.unwrap());
    assert_eq!(original, copy, "every table, row for row");
    let members = copy.iter().find(|(t, _)| *t == "members").unwrap();
    assert!(members.1.len() >= 10, "the demo data came back");

    // Refusals: no overwriting a file, no restoring something that is not a backup.
    let again = Command::new(env!("CARGO_BIN_EXE_seedbed"))
        .args(["backup", "--to", file.to_str().unwrap()])
        .env("SEEDBED_DATABASE_URL", &live)
        .output()
        .unwrap();
    assert!(!again.status.success());
    let junk = dir.join("junk.db");
    std::fs::write(&junk, "not a database").unwrap();
    let bad = Command::new(env!("CARGO_BIN_EXE_seedbed"))
        .args(["restore", "--from", junk.to_str().unwrap()])
        .env("SEEDBED_DATABASE_URL", &restored)
        .output()
        .unwrap();
    assert!(!bad.status.success(), "a junk file is refused");
    assert_eq!(
        b.dump().await.unwrap(),
        copy,
        "and the database is untouched"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// The shared link vectors (`crates/rules/vectors/links.tsv`), unescaped.
#[tokio::test]
async fn export_copies_every_row_into_an_empty_database() {
    let dir = std::env::temp_dir().join(format!("seedbed-export-{}", store::new_id()));
    let live = format!("sqlite:{}/live.db", dir.display());
    seedbed(&live, &["demo"]);
    let mut targets = vec![format!("sqlite:{}/copy.db", dir.display())];
    if let Some(pg) = crate::fresh_pg_url().await {
        targets.push(pg);
    }
    let source = store::connect(&live).await.unwrap();
    let original = source.dump().await.unwrap();
    for to in targets {
        let out = seedbed(&live, &["export", "--to", &to]);
        assert!(out.contains("every table compared equal"), "{out}");
        let target = store::connect(&to).await.unwrap();
        let copy = target.dump().await.unwrap();
        assert_eq!(original, copy, "{to}: every table, row for row");
        for table in [
            "members",
            "ledger_postings",
            "ledger_lines",
            "point_balances",
            "audit_log",
            "rule_sets",
            "tier_changes",
        ] {
            let rows = &copy.iter().find(|(t, _)| *t == table).unwrap().1;
            assert!(!rows.is_empty(), "{to}: {table} came across");
        }
        // A second export into a database holding data is refused and changes nothing.
        let before = target.dump().await.unwrap();
        let again = Command::new(env!("CARGO_BIN_EXE_seedbed"))
            .args(["export", "--to", &to])
            .env("SEEDBED_DATABASE_URL", &live)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        assert!(!again.status.success());
        assert!(String::from_utf8_lossy(&again.stderr).contains("already holds data"));
        assert_eq!(target.dump().await.unwrap(), before);
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// `seedbed demo --members …` at a small scale, on both databases: the
/// large program's shape (members, sign-ups, notes, settled history, open
/// review work) and a refusal to run twice.
#[tokio::test]
async fn the_generator_makes_a_settled_program_of_the_asked_size() {
    let dir = std::env::temp_dir().join(format!("seedbed-gen-{}", store::new_id()));
    let mut dbs = vec![format!("sqlite:{}/gen.db", dir.display())];
    if let Some(pg) = crate::fresh_pg_url().await {
        dbs.push(pg);
    }
    let args = [
        "demo",
        "--members",
        "300",
        "--notes",
        "3000",
        "--campaigns",
        "8",
        "--months",
        "4",
    ];
    for db in dbs {
        let out = seedbed(&db, &args);
        assert!(out.contains("brand bulk: 300 members"), "{db}: {out}");
        let s = store::connect(&db).await.unwrap();
        let counts: std::collections::HashMap<&str, i64> =
            s.row_counts().await.unwrap().into_iter().collect();
        let q = |sql: &'static str| {
            let pool = s.pool().clone();
            async move {
                sqlx::query_scalar::<_, i64>(sql)
                    .fetch_one(&pool)
                    .await
                    .unwrap()
            }
        };
        let notes = q("SELECT COUNT(*) FROM submissions WHERE brand_id = 'bulk'").await;
        // Notes are shared out by sign-ups, rounding down per campaign.
        assert!((2_990..=3_000).contains(&notes), "{db}: {notes} notes");
        assert!(q("SELECT COUNT(*) FROM themes WHERE brand_id = 'bulk'").await == 4);
        assert!(q("SELECT COUNT(*) FROM campaigns WHERE brand_id = 'bulk'").await == 8);
        // Settled campaigns: every approved note credited once, none pending.
        let settled = q("SELECT COUNT(*) FROM settlements WHERE brand_id = 'bulk'").await;
        assert!(settled >= 2, "{db}: {settled} settled");
        assert_eq!(
            q("SELECT COUNT(*) FROM ledger_postings WHERE brand_id = 'bulk'").await,
            q("SELECT COUNT(*) FROM submissions s JOIN settlements x ON x.brand_id = s.brand_id \
               AND x.campaign_id = s.campaign_id WHERE s.brand_id = 'bulk' AND s.status = 'approved'")
                .await,
            "{db}"
        );
        assert_eq!(
            q(
                "SELECT COUNT(*) FROM submissions s JOIN settlements x ON x.brand_id = s.brand_id \
               AND x.campaign_id = s.campaign_id WHERE s.brand_id = 'bulk' AND s.status = 'pending'"
            )
            .await,
            0
        );
        // Open work: notes waiting for review, and tiers earned.
        assert!(
            q("SELECT COUNT(*) FROM submissions WHERE brand_id = 'bulk' AND status = 'pending'")
                .await
                > 0
        );
        assert!(
            q("SELECT COUNT(*) FROM tier_changes WHERE brand_id = 'bulk' AND to_tier = 'senior'")
                .await
                > 0
        );
        assert!(
            counts["metric_snapshots"] > notes,
            "{db}: snapshots grow over time"
        );
        // Every generated link is one the parser accepts, canonical form kept.
        let urls: Vec<(String, String)> = sqlx::query_as(
            "SELECT note_id, canonical_url FROM submissions WHERE brand_id = 'bulk' LIMIT 200",
        )
        .fetch_all(s.pool())
        .await
        .unwrap();
        for (id, url) in urls {
            let link = rules::parse_note_link(&url).unwrap();
            assert_eq!(link.note_id.as_deref(), Some(id.as_str()));
        }
        // A second run into the same database is refused.
        let again = Command::new(env!("CARGO_BIN_EXE_seedbed"))
            .args(args)
            .env("SEEDBED_DATABASE_URL", &db)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        assert!(!again.status.success());
        assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn link_vectors() -> Vec<String> {
    include_str!("../../../rules/vectors/links.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let input = l.rsplit_once('\t').expect("input<TAB>expected").0;
            if input == "{8K+1}" {
                "a".repeat(rules::link::MAX_INPUT_BYTES + 1)
            } else {
                input.replace("\\n", "\n").replace("\\t", "\t")
            }
        })
        .collect()
}

/// `seedbed note-link parse`, `POST /api/v1/note-links/parse` (anonymous,
/// so short links stay unexpanded) and the rules crate the apps run give
/// the same answer for every vector: the same JSON, exit 0 or 2, 200 or 422.
#[tokio::test]
async fn note_links_parse_the_same_three_ways() {
    use std::io::Write as _;
    let s = crate::sqlite().await;
    let anon = s.anonymous();
    let (mut notes, mut errors) = (0, 0);
    for input in link_vectors() {
        let expected = match rules::parse_note_link(&input) {
            Ok(link) => serde_json::to_value(server::routes::views::note_link(link)).unwrap(),
            Err(e) => serde_json::json!({"error": {"code": e.code(), "message": e.message()}}),
        };
        let is_error = expected.get("error").is_some();
        if is_error {
            errors += 1
        } else {
            notes += 1
        }

        // Half the vectors as an argument, half on standard input.
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_seedbed"));
        cmd.args(["note-link", "parse"]).env("RUST_LOG", "warn");
        let out = if input.len() % 2 == 0 && !input.starts_with('-') && input.len() < 4_000 {
            cmd.arg(&input).output().unwrap()
        } else {
            let mut child = cmd
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
            child.wait_with_output().unwrap()
        };
        let cli: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{input:?}: {}", String::from_utf8_lossy(&out.stdout)));
        assert_eq!(cli, expected, "CLI, {input:?}");
        assert_eq!(
            out.status.code(),
            Some(if is_error { 2 } else { 0 }),
            "{input:?}"
        );

        let res = anon
            .http
            .post(format!("{}/api/v1/note-links/parse", anon.base))
            .header("Accept-Language", "en")
            .json(&serde_json::json!({ "text": input }))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let api: serde_json::Value = res.json().await.unwrap();
        assert_eq!(api, expected, "API, {input:?}");
        assert_eq!(status, if is_error { 422 } else { 200 }, "{input:?}");
    }
    assert!(
        notes >= 60 && errors >= 60,
        "{notes} links, {errors} refusals"
    );
    println!("note links: {notes} links and {errors} refusals, identical three ways");
}

/// `seedbed brand create` on SQLite and PostgreSQL: the brand and a
/// one-time owner link, printed; refusals exit 2 with a message and write
/// nothing; the link, accepted over HTTP, signs in the brand's first owner,
/// who can then open the brand's settings.
#[tokio::test]
async fn brand_create_prints_an_owner_link_that_signs_the_first_owner_in() {
    let dir = std::env::temp_dir().join(format!("seedbed-brand-{}", store::new_id()));
    let mut dbs = vec![format!("sqlite:{}/b.db", dir.display())];
    if let Some(pg) = crate::fresh_pg_url().await {
        dbs.push(pg);
    }
    let run = |db: &str, args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_seedbed"))
            .args(args)
            .env("SEEDBED_DATABASE_URL", db)
            .env("RUST_LOG", "warn")
            .env_remove("SEEDBED_PUBLIC_URL")
            .env_remove("SEEDBED_ADDR")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    for db in dbs {
        let create = [
            "brand",
            "create",
            "--id",
            "lumi",
            "--name",
            "  Lumi 护肤 ",
            "--tz",
            "Asia/Shanghai",
            "--owner",
            " Founder@Lumi.Example ",
            "--public-url",
            "https://koc.lumi.example/",
        ];
        let (code, out, err) = run(&db, &create);
        assert_eq!(code, Some(0), "{db}: {out}{err}");
        assert!(
            out.contains("brand lumi created: Lumi 护肤 (Asia/Shanghai)"),
            "{out}"
        );
        assert!(out.contains("founder@lumi.example"), "{out}");
        let link = out
            .split_whitespace()
            .find(|w| w.contains("/admin/join?"))
            .unwrap_or_else(|| panic!("no link in {out}"))
            .to_string();
        assert!(
            link.starts_with("https://koc.lumi.example/admin/join?b=lumi&t="),
            "{link}"
        );
        let token = link.rsplit("t=").next().unwrap().to_string();
        assert_eq!(token.len(), 64, "{link}");

        // Refusals: exit 2, a message naming the problem, nothing written.
        let s = store::connect(&db).await.unwrap();
        let before = s.row_counts().await.unwrap();
        for (args, says) in [
            (create.to_vec(), "already exists"),
            (
                vec![
                    "brand",
                    "create",
                    "--id",
                    "Bad Id",
                    "--name",
                    "X",
                    "--owner",
                    "a@b.example",
                ],
                "is not valid",
            ),
            (
                vec![
                    "brand",
                    "create",
                    "--id",
                    "../x",
                    "--name",
                    "X",
                    "--owner",
                    "a@b.example",
                ],
                "is not valid",
            ),
            (
                vec![
                    "brand",
                    "create",
                    "--id",
                    "ok",
                    "--name",
                    "X",
                    "--tz",
                    "Mars/Base",
                    "--owner",
                    "a@b.example",
                ],
                "unknown time zone",
            ),
            (
                vec![
                    "brand",
                    "create",
                    "--id",
                    "ok",
                    "--name",
                    "X",
                    "--owner",
                    "not-an-address",
                ],
                "is not an e-mail address",
            ),
            (
                vec![
                    "brand",
                    "create",
                    "--id",
                    "ok",
                    "--name",
                    " ",
                    "--owner",
                    "a@b.example",
                ],
                "brand name",
            ),
        ] {
            let (code, out, err) = run(&db, &args);
            assert_eq!(code, Some(2), "{args:?}: {out}{err}");
            assert!(err.contains(says), "{args:?}: {err}");
        }
        assert_eq!(
            s.row_counts().await.unwrap(),
            before,
            "{db}: refusals wrote nothing"
        );
        let b = s.brand("lumi").await.unwrap();
        assert_eq!(
            (b.name.as_str(), b.default_lang.as_str()),
            ("Lumi 护肤", "zh-CN")
        );

        // The link over HTTP: the invitation, then the first owner signed in.
        let state = server::AppState::new(std::sync::Arc::new(s), server::Config::default());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, server::router(state)).await.unwrap() });
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let inv: serde_json::Value = http
            .get(format!("{base}/api/v1/brands/lumi/invitations/{token}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(inv["role"], "owner", "{inv}");
        assert_eq!(inv["usable"], true, "{inv}");
        assert_eq!(inv["brand_name"], "Lumi 护肤", "{inv}");
        let r = http
            .post(format!("{base}/api/v1/brands/lumi/invitations/{token}"))
            .json(&serde_json::json!({"password": "first-owner-pw"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let me: serde_json::Value = http
            .get(format!("{base}/api/v1/admin/me"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            (
                me["brand"].as_str(),
                me["role"].as_str(),
                me["email"].as_str()
            ),
            (Some("lumi"), Some("owner"), Some("founder@lumi.example")),
            "{me}"
        );
        let settings = http
            .get(format!("{base}/api/v1/admin/brand"))
            .send()
            .await
            .unwrap();
        assert_eq!(settings.status(), 200);
        // The link is one-time.
        let again = reqwest::Client::new()
            .post(format!("{base}/api/v1/brands/lumi/invitations/{token}"))
            .json(&serde_json::json!({"password": "someone-else-pw"}))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 409);
        // And the owner can log in with the password chosen.
        let login = reqwest::Client::new()
            .post(format!("{base}/api/v1/admin/session"))
            .json(
                &serde_json::json!({"email": "founder@lumi.example", "password": "first-owner-pw"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 200);
    }
    let _ = std::fs::remove_dir_all(dir);
}
