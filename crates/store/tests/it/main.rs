//! The store's behaviour suite: every scenario runs on SQLite and on
//! PostgreSQL. PostgreSQL comes from `SEEDBED_TEST_POSTGRES_URL` (a server
//! `scripts/test` starts); each scenario gets a fresh database.

mod brands;
mod checkout;
mod distribution;
mod kos_backoffice;
mod kos_leads;
mod kos_org;
mod ledger;
mod ledger_props;
mod migrations;
mod points;
mod privacy;
mod recruit;
mod rewards;
mod roster;
mod scenarios;
mod security;
mod selection;
mod settlement;
mod settlement_races;
mod sms;
mod staff_ledger;
mod words;

use std::sync::Arc;
use store::{DbStore, SqlStore, Store};

pub struct Db {
    pub store: Arc<dyn Store>,
    /// The same store, for what only the SQL implementation offers.
    pub sql: Arc<SqlStore>,
    pub label: &'static str,
    _dir: Option<tempdir::Dir>,
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

async fn sqlite() -> Db {
    let db = unmigrated_sqlite().await;
    db.sql.migrate().await.expect("migrate sqlite");
    db
}

/// A new SQLite database without its schema (a migration's test applies
/// what it needs with `SqlStore::migrate_to`).
pub async fn unmigrated_sqlite() -> Db {
    let dir = std::env::temp_dir().join(format!("seedbed-store-{}", store::new_id()));
    let url = format!("sqlite:{}/test.db", dir.display());
    let s: SqlStore = store::connect(&url).await.expect("open sqlite");
    let s = Arc::new(s);
    Db {
        store: s.clone(),
        sql: s,
        label: "sqlite",
        _dir: Some(tempdir::Dir(dir)),
    }
}

async fn postgres() -> Option<Db> {
    let db = unmigrated_postgres().await?;
    db.sql.migrate().await.expect("migrate postgres");
    Some(db)
}

/// A new PostgreSQL database without its schema; `None` when no server
/// is configured (and none is required).
pub async fn unmigrated_postgres() -> Option<Db> {
    let Ok(admin_url) = std::env::var("SEEDBED_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("SEEDBED_REQUIRE_POSTGRES").is_err(),
            "SEEDBED_REQUIRE_POSTGRES is set but SEEDBED_TEST_POSTGRES_URL is not"
        );
        eprintln!(
            "SEEDBED_TEST_POSTGRES_URL unset: PostgreSQL half skipped (scripts/test runs it)"
        );
        return None;
    };
    let s = Arc::new(fresh_pg_unmigrated(&admin_url).await);
    Some(Db {
        store: s.clone(),
        sql: s,
        label: "postgres",
        _dir: None,
    })
}

/// Creates an empty database on the server at `admin_url`, connects to it
/// and applies the schema.
pub async fn fresh_pg(admin_url: &str) -> SqlStore {
    let s = fresh_pg_unmigrated(admin_url).await;
    s.migrate().await.expect("migrate postgres");
    s
}

async fn fresh_pg_unmigrated(admin_url: &str) -> SqlStore {
    use sqlx::Connection;
    let name = format!("seedbed_t_{}", store::new_id());
    let mut conn = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("connect to test postgres");
    // The name is ours: a fixed prefix and hex digits.
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create database");
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(admin_url);
    store::connect(&format!("{base}/{name}"))
        .await
        .expect("open postgres")
}

/// Runs `scenario` on both databases.
#[macro_export]
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::sqlite().await;
                super::$name(&db).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = $crate::postgres().await {
                    super::$name(&db).await;
                }
            }
        }
    };
}
