//! The database half of `scripts/bench`, run against a copy of the large
//! demo program (`seedbed demo --members …`, brand `bulk`):
//!
//! - `SEEDBED_BENCH=prepare`: prints an approved member's phone and an open
//!   campaign of this month (no disclosure needed), for the HTTP write load.
//! - `SEEDBED_BENCH=inserts`: the baseline of acknowledged writes, a bare
//!   loop of one-row `INSERT`s (each its own committed transaction) from
//!   `SEEDBED_BENCH_CONCURRENCY` tasks, through the store's own pool and
//!   settings (SQLite WAL with `synchronous=FULL`).
//! - `SEEDBED_BENCH=settle`: makes a campaign of `SEEDBED_BENCH_NOTES`
//!   approved notes with snapshots, settles it with the real settlement, and
//!   as the baseline inserts the same number of ledger rows, 50 to a
//!   statement in one transaction, into a scratch copy of the ledger table.
//!
//! Prints `figure NAME VALUE` lines; the script turns them into ratios.

use std::time::{Duration, Instant};
use store::prelude::*;
use store::{Cell, SqlStore, new_id};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let url = std::env::var("SEEDBED_BENCH_DB")?;
    let what = std::env::var("SEEDBED_BENCH")?;
    let store = store::connect(&url).await?;
    store.migrate().await?;
    match what.as_str() {
        "prepare" => prepare(&store).await,
        "inserts" => {
            inserts(
                &store,
                env_usize("SEEDBED_BENCH_WRITES", 3_000),
                env_usize("SEEDBED_BENCH_CONCURRENCY", 16),
            )
            .await
        }
        "settle" => settle(&store, env_usize("SEEDBED_BENCH_NOTES", 100_000)).await,
        other => anyhow::bail!("unknown SEEDBED_BENCH={other}"),
    }
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const BRAND: &str = server::generate::BRAND;

async fn prepare(store: &SqlStore) -> anyhow::Result<()> {
    let phone: String = sqlx::query_scalar(
        "SELECT m.phone FROM members m JOIN applications a ON a.brand_id = m.brand_id AND a.member_id = m.id \
         WHERE m.brand_id = $1 AND a.status = 'approved' ORDER BY m.phone LIMIT 1",
    )
    .bind(BRAND)
    .fetch_one(store.pool())
    .await?;
    let now = server::time::Clock::System.now();
    let month = server::time::local_month(server::time::DEFAULT_TIME_ZONE, now);
    let theme = store.theme_by_month(BRAND, &month.to_string()).await?;
    let campaign = store
        .campaigns(BRAND, &theme.id)
        .await?
        .into_iter()
        .find(|c| !c.disclosure_required && c.status == "published")
        .ok_or_else(|| anyhow::anyhow!("no open campaign without disclosure this month"))?;
    println!("phone {phone}");
    println!("campaign {}", campaign.id);
    Ok(())
}

fn p99(mut lat: Vec<Duration>) -> Duration {
    lat.sort_unstable();
    lat[(lat.len() * 99 / 100).min(lat.len() - 1)]
}

async fn inserts(store: &SqlStore, n: usize, concurrency: usize) -> anyhow::Result<()> {
    let pool = store.pool().clone();
    sqlx::query("DROP TABLE IF EXISTS bench_inserts")
        .execute(&pool)
        .await?;
    sqlx::query(
        "CREATE TABLE bench_inserts (brand_id TEXT NOT NULL, id TEXT NOT NULL, member_id TEXT NOT NULL, \
         body TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (brand_id, id))",
    )
    .execute(&pool)
    .await?;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(n / concurrency);
            for _ in 0..n / concurrency {
                let t = Instant::now();
                sqlx::query("INSERT INTO bench_inserts (brand_id, id, member_id, body, created_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(BRAND)
                    .bind(new_id())
                    .bind(new_id())
                    .bind("https://www.xiaohongshu.com/explore/0123456789abcdef01234567")
                    .bind(1_i64)
                    .execute(&pool)
                    .await?;
                lat.push(t.elapsed());
            }
            anyhow::Ok(lat)
        }));
    }
    let mut lat = Vec::new();
    for t in tasks {
        lat.extend(t.await??);
    }
    let secs = started.elapsed().as_secs_f64();
    sqlx::query("DROP TABLE bench_inserts")
        .execute(&pool)
        .await?;
    println!("figure insert_rows_per_s {:.1}", lat.len() as f64 / secs);
    println!(
        "figure insert_p99_ms {:.2}",
        p99(lat).as_secs_f64() * 1000.0
    );
    Ok(())
}

async fn settle(store: &SqlStore, n: usize) -> anyhow::Result<()> {
    let pool = store.pool();
    let members: Vec<String> =
        sqlx::query_scalar("SELECT id FROM members WHERE brand_id = $1 ORDER BY id")
            .bind(BRAND)
            .fetch_all(pool)
            .await?;
    anyhow::ensure!(
        !members.is_empty(),
        "no brand {BRAND}: run seedbed demo --members first"
    );
    let now = server::time::Clock::System.now();
    let month = server::time::local_month(server::time::DEFAULT_TIME_ZONE, now);
    let theme = store.theme_by_month(BRAND, &month.to_string()).await?;
    let settlement_date = month.last_day().to_string();
    let campaign = store::Campaign {
        title: "结算压测".into(),
        brief: "benchmark".into(),
        platforms: vec!["xiaohongshu".into()],
        slots: n as i64,
        signup_closes: settlement_date.clone(),
        publish_by: settlement_date.clone(),
        settlement_date: settlement_date.clone(),
        status: rules::CampaignStatus::Published,
        ..store::Campaign::draft(BRAND, &theme.id, now)
    };
    store.create_campaign(&campaign, "bench").await?;
    let (mut notes, mut snapshots) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for i in 0..n {
        let id = new_id();
        let note = format!("{}{i:012x}", &campaign.id[20..32]);
        let member = &members[i % members.len()];
        let t = Cell::Text;
        notes.push(vec![
            t(Some(BRAND.into())),
            t(Some(id.clone())),
            t(Some(campaign.id.clone())),
            t(Some(member.clone())),
            t(Some("xiaohongshu".into())),
            t(Some(note.clone())),
            t(Some(format!("https://www.xiaohongshu.com/explore/{note}"))),
            t(Some(format!("https://www.xiaohongshu.com/explore/{note}"))),
            t(Some("approved".into())),
            Cell::Int(Some(now)),
        ]);
        let total = ((i * 7919) % 1_500) as i64;
        snapshots.push(vec![
            t(Some(BRAND.into())),
            t(Some(id)),
            t(Some(settlement_date.clone())),
            Cell::Int(Some(total * 7 / 10)),
            Cell::Int(Some(total / 10)),
            Cell::Int(Some(total / 5)),
            Cell::Int(Some(now)),
            t(Some("bench".into())),
        ]);
    }
    store
        .bulk_insert(
            "submissions",
            &[
                "brand_id",
                "id",
                "campaign_id",
                "member_id",
                "platform",
                "note_id",
                "canonical_url",
                "original_url",
                "status",
                "created_at",
            ],
            notes,
        )
        .await?;
    store
        .bulk_insert(
            "metric_snapshots",
            &server::generate::SNAPSHOT_COLUMNS,
            snapshots,
        )
        .await?;
    store.analyze().await?;

    let started = Instant::now();
    let s = store
        .settle_campaign(BRAND, &campaign.id, "bench", now, 480)
        .await?;
    let settle_secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(s.notes == n as i64, "settled {} of {n} notes", s.notes);

    // The baseline: the same ledger rows, plain multi-row inserts.
    sqlx::query("DROP TABLE IF EXISTS bench_ledger")
        .execute(pool)
        .await?;
    sqlx::query(
        "CREATE TABLE bench_ledger (brand_id TEXT NOT NULL, id TEXT NOT NULL, member_id TEXT NOT NULL, \
         points BIGINT NOT NULL, reason TEXT NOT NULL, memo TEXT NOT NULL, detail TEXT NOT NULL, \
         source_kind TEXT NOT NULL, source_id TEXT NOT NULL, created_at BIGINT NOT NULL, \
         PRIMARY KEY (brand_id, id), UNIQUE (brand_id, source_kind, source_id))",
    )
    .execute(pool)
    .await?;
    let rows: Vec<(String, String, i64, String, String, String)> = sqlx::query_as(
        "SELECT p.member_id, p.id, l.points, p.memo, p.detail, p.source_id FROM ledger_postings p \
         JOIN ledger_lines l ON l.brand_id = p.brand_id AND l.posting_id = p.id AND l.account = 'available' \
         WHERE p.brand_id = $1 AND p.source_kind = 'submission' \
         AND p.source_id IN (SELECT id FROM submissions WHERE brand_id = $1 AND campaign_id = $2)",
    )
    .bind(BRAND)
    .bind(&campaign.id)
    .fetch_all(pool)
    .await?;
    anyhow::ensure!(rows.len() == n, "{} ledger rows", rows.len());
    let started = Instant::now();
    let mut tx = pool.begin().await?;
    for chunk in rows.chunks(50) {
        let mut sql = String::from(
            "INSERT INTO bench_ledger (brand_id, id, member_id, points, reason, memo, detail, source_kind, source_id, created_at) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 10;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9,
                b + 10
            ));
        }
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (member, _, points, memo, detail, source) in chunk {
            q = q
                .bind(BRAND)
                .bind(new_id())
                .bind(member.as_str())
                .bind(*points)
                .bind("note_settled")
                .bind(memo.as_str())
                .bind(detail.as_str())
                .bind("submission")
                .bind(source.as_str())
                .bind(now);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    let insert_secs = started.elapsed().as_secs_f64();
    sqlx::query("DROP TABLE bench_ledger").execute(pool).await?;
    println!("figure settle_notes {n}");
    println!("figure settle_s {settle_secs:.2}");
    println!("figure settle_postings_per_s {:.0}", n as f64 / settle_secs);
    println!(
        "figure plain_insert_rows_per_s {:.0}",
        n as f64 / insert_secs
    );
    Ok(())
}
