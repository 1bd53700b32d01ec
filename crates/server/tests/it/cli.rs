//! The `seedbed` command: migrate, demo, backup and restore round trip.

use std::process::Command;
use store::Store;

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
