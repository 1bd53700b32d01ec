//! The list pages' query plans on SQLite: each reads an index in list
//! order, so a page costs its rows, not the brand's (no full scan of a
//! brand's notes, applications or ledger, no sort of every match).
//! PostgreSQL's choices depend on its statistics; `scripts/bench` measures
//! those pages on both databases with the large program.

use crate::*;
use sqlx::Row;

async fn plan(store: &SqlStore, sql: &str, text_args: usize) -> Vec<String> {
    let explain = format!("EXPLAIN QUERY PLAN {sql}");
    let mut q = sqlx::query(sqlx::AssertSqlSafe(explain));
    for _ in 0..text_args {
        q = q.bind("x");
    }
    let rows = q
        .bind(50_i64)
        .bind(0_i64)
        .fetch_all(&store.pool)
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get::<String, _>(3).unwrap())
        .collect()
}

fn reads_in_order(name: &str, plan: &[String]) {
    for step in plan {
        assert!(
            !step.contains("TEMP B-TREE") && !step.starts_with("SCAN"),
            "{name}: {step} in {plan:#?}"
        );
    }
}

#[tokio::test]
async fn list_pages_read_their_index_in_order() {
    let dir = std::env::temp_dir().join(format!("seedbed-plans-{}", new_id()));
    let store = connect(&format!("sqlite:{}/p.db", dir.display()))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    reads_in_order("ledger", &plan(&store, crate::ledger::LEDGER_PAGE, 2).await);
    let (sql, args) = applications_query(
        "demo",
        &ApplicationFilter {
            status: Some(rules::ApplicationStatus::Pending),
            ..Default::default()
        },
    );
    reads_in_order("application queue", &plan(&store, &sql, args.len()).await);
    let some = Some("x".to_string());
    for (name, filter) in [
        (
            "review queue",
            SubmissionFilter {
                status: Some(rules::SubmissionStatus::Pending),
                ..Default::default()
            },
        ),
        (
            "campaign notes",
            SubmissionFilter {
                campaign_id: some.clone(),
                ..Default::default()
            },
        ),
        (
            "a member's notes",
            SubmissionFilter {
                member_id: some.clone(),
                ..Default::default()
            },
        ),
    ] {
        let (sql, args) = submissions_query("demo", &filter);
        let p = plan(&store, &sql, args.len()).await;
        // The notes come from an index in list order; campaign, name
        // and latest metrics are keyed lookups per row on the page.
        reads_in_order(name, &p);
        assert!(
            p.iter()
                .any(|step| step.starts_with("SEARCH s USING INDEX")),
            "{name}: {p:#?}"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}
