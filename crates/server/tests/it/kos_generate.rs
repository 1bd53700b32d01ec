//! `seedbed demo --kos` (issue 17) at a small scale, on both databases:
//! the KOS program's shape in proportion to its stores (regions, staff,
//! the account matrix with its gaps, notes, leads and their events, goals,
//! courses, a competition), deterministic, and its dashboard answering.

use std::process::Command;

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
async fn the_kos_generator_makes_a_program_in_proportion() {
    use store::prelude::*;
    let dir = std::env::temp_dir().join(format!("seedbed-kosgen-{}", store::new_id()));
    let mut dbs = vec![format!("sqlite:{}/kos.db", dir.display())];
    if let Some(pg) = crate::fresh_pg_url().await {
        dbs.push(pg);
    }
    let mut shapes = Vec::new();
    for db in dbs {
        let out = seedbed(&db, &["demo", "--kos", "--kos-stores", "30"]);
        assert!(out.contains("brand kos"), "{db}: {out}");
        let s = store::connect(&db).await.unwrap();
        let q = |sql: String| {
            let pool = s.pool().clone();
            async move {
                sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
                    .fetch_one(&pool)
                    .await
                    .unwrap()
            }
        };
        let count = |table: &str| {
            q(format!(
                "SELECT COUNT(*) FROM {table} WHERE brand_id = 'kos'"
            ))
        };
        let shape = (
            count("kos_regions").await,
            count("kos_stores").await,
            count("kos_staff").await,
            count("kos_accounts").await,
            count("kos_notes").await,
            count("kos_leads").await,
        );
        // 30 stores: 2 regions, 300 staff, 900 accounts, 2,000 notes and
        // 20,000 leads, as 300 stores make the program.
        assert_eq!(shape, (2, 30, 300, 900, 2_000, 20_000), "{db}");
        let events = count("kos_lead_events").await;
        assert!(
            events > 20_000 && events < 20_000 * 6,
            "{db}: {events} events"
        );
        // Every lead has its first event, stages later than the first only
        // by events, and purchases carry amounts.
        assert_eq!(
            q("SELECT COUNT(*) FROM kos_lead_events WHERE brand_id = 'kos' AND from_stage IS NULL".into()).await,
            20_000
        );
        assert_eq!(
            q("SELECT COUNT(*) FROM kos_lead_events WHERE brand_id = 'kos' AND to_stage = 'purchased' \
               AND amount_fen IS NULL"
                .into())
            .await,
            0
        );
        // The matrix has gaps: stores without a Xiaohongshu account.
        let with_xhs = q(
            "SELECT COUNT(DISTINCT owner_id) FROM kos_accounts WHERE brand_id = 'kos' \
             AND owner_level = 'store' AND platform = 'xiaohongshu'"
                .into(),
        )
        .await;
        assert!(with_xhs < 30 && with_xhs > 20, "{db}: {with_xhs}");
        assert!(count("kos_goals").await > 300);
        assert!(count("kos_course_attempts").await > 0);
        assert_eq!(count("kos_competition_entrants").await, 30);
        // The dashboard over the last 30 days answers from it.
        let now = server::time::Clock::System.now();
        let d = s
            .kos_dashboard("kos", None, now - 30 * 86_400, now, "2000-01-01")
            .await
            .unwrap();
        assert!(d.days.iter().map(|x| x.notes).sum::<i64>() > 0, "{db}");
        assert_eq!(d.weakest_stores.len(), 10);
        assert!(!d.top_templates.is_empty());
        shapes.push(shape);
    }
    let _ = std::fs::remove_dir_all(dir);
}
