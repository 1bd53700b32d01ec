//! [`SqlStore`]: the one implementation of [`Store`], over sqlx's `Any`
//! driver so SQLite and PostgreSQL share every query.
//!
//! SQLite connections are opened in WAL mode with `synchronous=FULL` (set
//! on every pooled connection: it is a per-connection setting), a busy
//! time-out, and foreign keys on. `synchronous=FULL` guards committed
//! transactions against power loss; a killed process loses nothing either
//! way in WAL mode.

use crate::*;
use async_trait::async_trait;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Row};
use std::str::FromStr;
use std::sync::Once;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Every table of the schema.
const TABLES: [&str; 28] = [
    "brands",
    "operators",
    "members",
    "sessions",
    "applications",
    "themes",
    "campaigns",
    "signups",
    "submissions",
    "metric_snapshots",
    "ledger_entries",
    "settlements",
    "idempotency_keys",
    "rule_sets",
    "tier_changes",
    "audit_log",
    "uploads",
    "notifications",
    "application_keys",
    "recruitments",
    "invites",
    "candidates",
    "tasks",
    "task_assignments",
    "samples",
    "operator_invites",
    "outbox",
    "_sqlx_migrations",
];

pub struct SqlStore {
    pool: AnyPool,
    kind: DbKind,
}

/// Opens the database named by `url` (`sqlite:…` or `postgres://…`),
/// creating a SQLite file (and its folder) if it does not exist.
/// The file of a `sqlite:` database URL (`None` for other schemes).
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let file = rest
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or_default();
    (!file.is_empty() && file != ":memory:").then(|| std::path::PathBuf::from(file))
}

pub async fn connect(url: &str) -> Result<SqlStore> {
    static DRIVERS: Once = Once::new();
    DRIVERS.call_once(sqlx::any::install_default_drivers);
    let (kind, url) = if let Some(rest) = url.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//");
        let file = path.split('?').next().unwrap_or_default();
        if file.is_empty() {
            return Err(StoreError::BadUrl("sqlite URL without a file".into()));
        }
        if file != ":memory:"
            && let Some(dir) = std::path::Path::new(file).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::BadUrl(format!("{file}: {e}")))?;
        }
        let url = if path.contains("mode=") {
            format!("sqlite://{path}")
        } else if path.contains('?') {
            format!("sqlite://{path}&mode=rwc")
        } else {
            format!("sqlite://{path}?mode=rwc")
        };
        (DbKind::Sqlite, url)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        (DbKind::Postgres, url.to_string())
    } else {
        return Err(StoreError::BadUrl("use sqlite:PATH or postgres://…".into()));
    };
    // A read-only connection (checking a backup) cannot change journal modes.
    let read_only = url.contains("mode=ro");
    let options =
        AnyConnectOptions::from_str(&url).map_err(|e| StoreError::BadUrl(e.to_string()))?;
    let pool = AnyPoolOptions::new()
        .max_connections(if kind == DbKind::Sqlite { 8 } else { 16 })
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if kind == DbKind::Sqlite && !read_only {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = FULL").await?;
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    // The query planner needs statistics to pick the
                    // selective index (a campaign's notes, not the brand's):
                    // SQLite's advice for long-lived connections, cheap
                    // (bounded analysis) and repeated as the pool recycles.
                    conn.execute("PRAGMA optimize = 0x10002").await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    Ok(SqlStore { pool, kind })
}

impl SqlStore {
    /// Copies every row of this database into `target` (another, empty
    /// Seedbed database: `seedbed export --to postgres://…` moves a SQLite
    /// installation to PostgreSQL). The target is migrated first; the copy
    /// is one transaction there, so a failure leaves it empty. Returns the
    /// rows copied per table.
    pub async fn copy_into(&self, target: &SqlStore) -> Result<Vec<(&'static str, u64)>> {
        use futures_util::TryStreamExt;
        target.migrate().await?;
        for (table, n) in target.row_counts().await? {
            if n > 0 && table != "_sqlx_migrations" {
                return Err(StoreError::Conflict("target_not_empty"));
            }
        }
        let mut tx = target.pool.begin().await?;
        let mut copied = Vec::new();
        for table in TABLES.iter().filter(|t| **t != "_sqlx_migrations") {
            let columns = target.column_types(table).await?;
            let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
            // Batches stay far below both databases' parameter limits.
            let per_batch = (900 / columns.len()).max(1);
            // Table and column names come from the schema, never from input.
            let select = format!("SELECT {} FROM {table}", names.join(", "));
            let mut rows = sqlx::query(sqlx::AssertSqlSafe(select)).fetch(&self.pool);
            let mut batch = Vec::with_capacity(per_batch);
            let mut n = 0u64;
            while let Some(row) = rows.try_next().await? {
                let mut values = Vec::with_capacity(columns.len());
                for (i, (_, integer)) in columns.iter().enumerate() {
                    values.push(if *integer {
                        Cell::Int(row.try_get(i)?)
                    } else {
                        Cell::Text(row.try_get(i)?)
                    });
                }
                batch.push(values);
                if batch.len() == per_batch {
                    n += insert_rows(&mut tx, table, &names, &mut batch, "").await?;
                }
            }
            n += insert_rows(&mut tx, table, &names, &mut batch, "").await?;
            copied.push((*table, n));
        }
        tx.commit().await?;
        Ok(copied)
    }

    /// Every table's columns and unique keys (primary key first), read from
    /// the database's own catalogue: the scaling plan's check that every
    /// brand-owned table can be distributed by `brand_id` reads this.
    pub async fn keys(&self) -> Result<Vec<TableKeys>> {
        let mut out = Vec::new();
        for table in TABLES {
            let columns: Vec<String> = self
                .column_types(table)
                .await?
                .into_iter()
                .map(|c| c.0)
                .collect();
            let unique = match self.kind {
                DbKind::Sqlite => {
                    // Names come from TABLES and the catalogue, never input.
                    let list = format!(
                        "SELECT CAST(name AS TEXT), CAST(origin AS TEXT) FROM pragma_index_list('{table}') \
                         WHERE \"unique\" = 1"
                    );
                    let indexes: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(list))
                        .fetch_all(&self.pool)
                        .await?;
                    let mut keys = Vec::new();
                    for (name, origin) in indexes {
                        let info = format!(
                            "SELECT CAST(name AS TEXT) FROM pragma_index_info('{name}') ORDER BY seqno"
                        );
                        let cols: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(info))
                            .fetch_all(&self.pool)
                            .await?;
                        keys.push((origin == "pk", cols));
                    }
                    // A single-column text key without its own index entry
                    // (rowid tables) still shows in table_info.
                    if !keys.iter().any(|k: &(bool, Vec<String>)| k.0) {
                        let info = format!(
                            "SELECT CAST(name AS TEXT) FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk"
                        );
                        let pk: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(info))
                            .fetch_all(&self.pool)
                            .await?;
                        if !pk.is_empty() {
                            keys.push((true, pk));
                        }
                    }
                    keys
                }
                DbKind::Postgres => {
                    let rows: Vec<(bool, String)> = sqlx::query_as(
                        "SELECT ix.indisprimary, (SELECT string_agg(a.attname, ',' ORDER BY k.n) \
                           FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n) \
                           JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum) \
                         FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid \
                         JOIN pg_namespace ns ON ns.oid = c.relnamespace \
                         WHERE ns.nspname = current_schema() AND c.relname = $1 AND ix.indisunique",
                    )
                    .bind(table)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.into_iter()
                        .map(|(pk, cols)| (pk, cols.split(',').map(str::to_string).collect()))
                        .collect()
                }
            };
            let (primary, others): (Vec<_>, Vec<_>) = unique.into_iter().partition(|k| k.0);
            out.push(TableKeys {
                table,
                columns,
                primary_key: primary.into_iter().next().map(|k| k.1).unwrap_or_default(),
                unique: others.into_iter().map(|k| k.1).collect(),
            });
        }
        Ok(out)
    }

    /// The connection pool, configured as every query of the store sees it:
    /// for benchmarks that measure the database itself (a bare insert loop
    /// as the baseline of acknowledged writes).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Recounts every campaign's sign-ups of `brand` (after sign-ups were
    /// bulk-inserted; the store keeps the count itself otherwise).
    pub async fn recount_signups(&self, brand: &str) -> Result<()> {
        sqlx::query(
            "UPDATE campaigns SET signup_count = (SELECT COUNT(*) FROM signups s \
             WHERE s.brand_id = campaigns.brand_id AND s.campaign_id = campaigns.id) WHERE brand_id = $1",
        )
        .bind(brand)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Refreshes the query planner's statistics (after a bulk load).
    pub async fn analyze(&self) -> Result<()> {
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    /// Inserts generated rows into `table` in one transaction, 50 to a
    /// statement (the large-program generator, `seedbed demo --members`).
    /// The table and columns must exist in the schema; nothing is checked
    /// beyond what the database's own constraints check.
    pub async fn bulk_insert(
        &self,
        table: &str,
        columns: &[&str],
        rows: Vec<Vec<Cell>>,
    ) -> Result<u64> {
        let Some(table) = TABLES.iter().find(|t| **t == table) else {
            return Err(StoreError::Unsupported("no such table"));
        };
        let known = self.column_types(table).await?;
        if !columns.iter().all(|c| known.iter().any(|k| k.0 == *c)) {
            return Err(StoreError::Unsupported("no such column"));
        }
        if rows.iter().any(|r| r.len() != columns.len()) {
            return Err(StoreError::Unsupported("a row has the wrong width"));
        }
        let mut tx = self.pool.begin().await?;
        let mut n = 0;
        let mut rows = rows.into_iter();
        loop {
            let mut batch: Vec<Vec<Cell>> = rows.by_ref().take(batch_rows(self.kind)).collect();
            if batch.is_empty() {
                break;
            }
            n += insert_rows(&mut tx, table, columns, &mut batch, "").await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// The columns of one table in schema order, each with whether it holds
    /// integers (`BIGINT`) rather than text.
    async fn column_types(&self, table: &str) -> Result<Vec<(String, bool)>> {
        let sql = match self.kind {
            DbKind::Sqlite => "SELECT name, type FROM pragma_table_info($1) ORDER BY cid",
            DbKind::Postgres => {
                "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
            }
        };
        let cols: Vec<(String, String)> = sqlx::query_as(sql)
            .bind(table)
            .fetch_all(&self.pool)
            .await?;
        if cols.is_empty() {
            return Err(StoreError::Corrupt(format!("table {table} is missing")));
        }
        Ok(cols
            .into_iter()
            .map(|(name, ty)| {
                let integer = ty.to_ascii_uppercase().contains("INT");
                (name, integer)
            })
            .collect())
    }
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// A query parameter whose type is known only at run time (a copied
/// column, an optional filter, a generated row).
#[derive(Debug, Clone)]
pub enum Cell {
    Int(Option<i64>),
    Text(Option<String>),
}

impl Cell {
    fn bind(self, q: AnyQuery<'_>) -> AnyQuery<'_> {
        match self {
            Cell::Int(v) => q.bind(v),
            Cell::Text(v) => q.bind(v),
        }
    }
}

/// `($n, …), (…)`: `rows` tuples of `width` parameters numbered from `first`.
fn tuples(rows: usize, width: usize, first: usize) -> String {
    let mut out = String::with_capacity(rows * width * 6);
    for r in 0..rows {
        out.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            if c > 0 {
                out.push_str(", ");
            }
            out.push('$');
            out.push_str(&(first + r * width + c).to_string());
        }
        out.push(')');
    }
    out
}

/// Inserts `rows` (and empties it) in one statement ending in `tail`
/// (`ON CONFLICT DO NOTHING` or nothing); the number inserted.
async fn insert_rows(
    tx: &mut sqlx::AnyConnection,
    table: &str,
    names: &[&str],
    rows: &mut Vec<Vec<Cell>>,
    tail: &str,
) -> Result<u64> {
    if rows.is_empty() {
        return Ok(0);
    }
    // Table and column names come from the schema, never from input.
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES {} {tail}",
        names.join(", "),
        tuples(rows.len(), names.len(), 1)
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for v in rows.drain(..).flatten() {
        q = v.bind(q);
    }
    Ok(q.execute(tx).await?.rows_affected())
}

/// Rows per multi-row statement (ten parameters a row at most). Measured
/// with scripts/bench: on SQLite, 500 rows a statement inserted 11,000
/// ledger rows/s and 50 rows 48,000 rows/s (binding costs grow with a
/// statement's parameter count in sqlx's SQLite driver); on PostgreSQL each
/// statement is a network round trip, and 500 rows a statement settle
/// 10,000 notes in about half the time 50 do.
fn batch_rows(kind: DbKind) -> usize {
    match kind {
        DbKind::Sqlite => 50,
        DbKind::Postgres => 500,
    }
}

/// Records what settlement gave each note (`(id, points, interactions)`),
/// in one statement.
async fn mark_settled(
    tx: &mut sqlx::AnyConnection,
    brand: &str,
    rows: &[(&str, i64, i64)],
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "WITH v (id, points, interactions) AS (VALUES {}) \
         UPDATE submissions SET settled_points = v.points, settled_interactions = v.interactions \
         FROM v WHERE submissions.brand_id = $1 AND submissions.id = v.id",
        tuples(rows.len(), 3, 2)
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(brand);
    for (id, points, interactions) in rows {
        q = q.bind(*id).bind(*points).bind(*interactions);
    }
    q.execute(tx).await?;
    Ok(())
}

fn unique_as(code: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match e.as_database_error() {
        Some(d) if d.is_unique_violation() => StoreError::Conflict(code),
        _ => StoreError::Db(e),
    }
}

/// Writes one audit line inside the caller's transaction, so the action
/// and its record commit together or not at all.
async fn insert_audit(conn: &mut sqlx::AnyConnection, e: &AuditEntry) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (brand_id, id, actor_kind, actor_id, action, target_kind, target_id, before_json, after_json, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&e.brand_id)
    .bind(&e.id)
    .bind(&e.actor_kind)
    .bind(&e.actor_id)
    .bind(&e.action)
    .bind(&e.target_kind)
    .bind(&e.target_id)
    .bind(&e.before)
    .bind(&e.after)
    .bind(e.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The audit line of a decision on a pending application or submission.
const NOTIFICATION_COLUMNS: [&str; 7] = [
    "brand_id",
    "id",
    "member_id",
    "kind",
    "detail",
    "created_at",
    "read_at",
];

/// Writes inbox lines inside the caller's transaction, many a statement.
async fn insert_notifications(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    list: Vec<Notification>,
) -> Result<()> {
    let mut rows: Vec<Vec<Cell>> = list
        .into_iter()
        .map(|n| {
            vec![
                Cell::Text(Some(n.brand_id)),
                Cell::Text(Some(n.id)),
                Cell::Text(Some(n.member_id)),
                Cell::Text(Some(n.kind)),
                Cell::Text(Some(n.detail)),
                Cell::Int(Some(n.created_at)),
                Cell::Int(n.read_at),
            ]
        })
        .collect();
    while !rows.is_empty() {
        let mut batch: Vec<Vec<Cell>> = rows.drain(..rows.len().min(batch_rows(kind))).collect();
        insert_rows(tx, "notifications", &NOTIFICATION_COLUMNS, &mut batch, "").await?;
    }
    Ok(())
}

/// The campaign is over for whoever still waited for a place: they become
/// `not_selected` and are told, in the caller's transaction.
async fn end_waitlist(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    c: &Campaign,
    at: i64,
) -> Result<()> {
    let waiting: Vec<String> = sqlx::query_scalar(
        "SELECT member_id FROM signups WHERE brand_id = $1 AND campaign_id = $2 AND status = 'waitlisted'",
    )
    .bind(&c.brand_id)
    .bind(&c.id)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE signups SET status = 'not_selected', waitlist_pos = NULL, decided_at = $3 \
         WHERE brand_id = $1 AND campaign_id = $2 AND status = 'waitlisted'",
    )
    .bind(&c.brand_id)
    .bind(&c.id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    let list = waiting
        .iter()
        .map(|m| Notification::new(&c.brand_id, m, "not_selected", signup_detail(c), at))
        .collect();
    insert_notifications(tx, kind, list).await
}

fn signup_detail(c: &Campaign) -> serde_json::Value {
    serde_json::json!({ "campaign_id": c.id, "campaign_title": c.title })
}

fn campaign_audit(c: &Campaign) -> serde_json::Value {
    serde_json::json!({
        "theme_id": c.theme_id,
        "title": c.title,
        "slots": c.slots,
        "min_tier": c.min_tier.as_str(),
        "note_type": c.note_type,
        "signup_opens": c.signup_opens,
        "signup_closes": c.signup_closes,
        "publish_by": c.publish_by,
        "settlement_date": c.settlement_date,
        "multiplier_percent": c.multiplier_percent,
        "disclosure_required": c.disclosure_required,
    })
}

fn decision_audit(brand: &str, kind: &str, id: &str, d: &DecisionRecord) -> AuditEntry {
    let verb = if d.approve { "approve" } else { "reject" };
    let mut after = serde_json::json!({
        "status": if d.approve { "approved" } else { "rejected" },
        "reason": d.reason,
    });
    if kind == "submission" {
        after["disclosure_confirmed"] = d.disclosure_confirmed.into();
    }
    AuditEntry::operator(brand, &d.by, &format!("{kind}.{verb}"), (kind, id), d.at)
        .before(serde_json::json!({ "status": "pending" }))
        .after(after)
}

fn one<T>(row: Option<T>) -> Result<T> {
    row.ok_or(StoreError::NotFound)
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data serialises")
}

fn from_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A stored rule set (current shape or the first release's points rule).
pub fn load_rules(json: &str) -> Result<rules::RuleSet> {
    rules::RuleSet::load(from_json(json)?).map_err(|e| StoreError::Corrupt(e.to_string()))
}

#[derive(sqlx::FromRow)]
struct TierRow {
    changed_on: String,
    from_tier: String,
    to_tier: String,
    reason: String,
    last_demotion: Option<String>,
}

impl TierRow {
    fn decode(self) -> Result<(rules::TierChange, Option<rules::CivilDate>)> {
        let bad = || StoreError::Corrupt("tier_changes row".into());
        let change = rules::TierChange {
            date: rules::CivilDate::parse(&self.changed_on).ok_or_else(bad)?,
            from: rules::Tier::parse(&self.from_tier).ok_or_else(bad)?,
            to: rules::Tier::parse(&self.to_tier).ok_or_else(bad)?,
            reason: from_json(&self.reason)?,
        };
        let demoted = match self.last_demotion {
            Some(d) => Some(rules::CivilDate::parse(&d).ok_or_else(bad)?),
            None => None,
        };
        Ok((change, demoted))
    }
}

#[derive(sqlx::FromRow)]
struct NoteRow {
    id: String,
    created_at: i64,
    settlement_date: String,
    settled_interactions: i64,
}

impl NoteRow {
    fn decode(self, offset_minutes: i32) -> Result<rules::SettledNote> {
        Ok(rules::SettledNote {
            published: rules::CivilDate::from_unix(self.created_at, offset_minutes),
            settled: rules::CivilDate::parse(&self.settlement_date)
                .ok_or_else(|| StoreError::Corrupt("campaign settlement_date".into()))?,
            interactions: self.settled_interactions,
            id: self.id,
        })
    }
}

const SETTLED_NOTES: &str = "SELECT s.id, s.created_at, c.settlement_date, s.settled_interactions \
     FROM submissions s JOIN campaigns c ON c.brand_id = s.brand_id AND c.id = s.campaign_id \
     WHERE s.brand_id = $1 AND s.member_id = $2 AND s.status = 'approved' AND s.settled_interactions IS NOT NULL";

/// Every earlier settled note of each member with an approved note in
/// campaign `$2`.
/// (The campaign's settlement date by a keyed subquery, not a join: joined,
/// PostgreSQL's planner crossed every member with every campaign; 1.6 s
/// against 0.2 s for 10,000 notes.)
const CAMPAIGN_MEMBERS_SETTLED_NOTES: &str = "SELECT s.member_id, s.id, s.created_at, \
       (SELECT c.settlement_date FROM campaigns c WHERE c.brand_id = s.brand_id AND c.id = s.campaign_id) AS settlement_date, \
       s.settled_interactions FROM submissions s \
     WHERE s.brand_id = $1 AND s.status = 'approved' AND s.settled_interactions IS NOT NULL \
       AND s.member_id IN (SELECT x.member_id FROM submissions x \
         WHERE x.brand_id = $1 AND x.campaign_id = $2 AND x.status = 'approved')";

/// The tier history of the same members, in order.
const CAMPAIGN_MEMBERS_TIER_CHANGES: &str = "SELECT member_id, changed_on, from_tier, to_tier, reason, last_demotion \
     FROM tier_changes WHERE brand_id = $1 AND member_id IN (SELECT x.member_id FROM submissions x \
       WHERE x.brand_id = $1 AND x.campaign_id = $2 AND x.status = 'approved') \
     ORDER BY member_id, seq";

const TIER_CHANGE_COLUMNS: [&str; 9] = [
    "brand_id",
    "member_id",
    "seq",
    "changed_on",
    "from_tier",
    "to_tier",
    "reason",
    "last_demotion",
    "created_at",
];

const LEDGER_COLUMNS: [&str; 10] = [
    "brand_id",
    "id",
    "member_id",
    "points",
    "reason",
    "memo",
    "detail",
    "source_kind",
    "source_id",
    "created_at",
];

#[derive(sqlx::FromRow)]
struct MemberNoteRow {
    member_id: String,
    #[sqlx(flatten)]
    note: NoteRow,
}

#[derive(sqlx::FromRow)]
struct MemberTierRow {
    member_id: String,
    #[sqlx(flatten)]
    change: TierRow,
}

/// One member's tier inputs while a campaign settles.
#[derive(Default)]
struct MemberTiers {
    state: rules::TierState,
    /// Notes settled before this campaign.
    before: Vec<rules::SettledNote>,
    /// How many tier changes are recorded (the next `seq`).
    seq: i64,
    /// This campaign's notes.
    new: Vec<rules::SettledNote>,
}

const TIER_CHANGES: &str = "SELECT changed_on, from_tier, to_tier, reason, last_demotion FROM tier_changes \
     WHERE brand_id = $1 AND member_id = $2 ORDER BY seq";

#[derive(sqlx::FromRow)]
struct ApplicationRow {
    brand_id: String,
    id: String,
    member_id: String,
    display_name: String,
    contact: String,
    city: String,
    social_accounts: String,
    interests: String,
    motivation: String,
    terms_version: String,
    consented_at: i64,
    status: String,
    reason: Option<String>,
    created_at: i64,
    decided_at: Option<i64>,
    decided_by: Option<String>,
    channel: String,
    recruitment_id: Option<String>,
    invite_code: Option<String>,
    info_request: Option<String>,
    info_reply: Option<String>,
    evidence: String,
    appeal_note: Option<String>,
    appealed_at: Option<i64>,
}

impl ApplicationRow {
    fn decode(self) -> Result<Application> {
        Ok(Application {
            social_accounts: from_json(&self.social_accounts)?,
            interests: from_json(&self.interests)?,
            brand_id: self.brand_id,
            id: self.id,
            member_id: self.member_id,
            display_name: self.display_name,
            contact: self.contact,
            city: self.city,
            motivation: self.motivation,
            terms_version: self.terms_version,
            consented_at: self.consented_at,
            status: self.status,
            reason: self.reason,
            created_at: self.created_at,
            decided_at: self.decided_at,
            decided_by: self.decided_by,
            evidence: from_json(&self.evidence)?,
            channel: self.channel,
            recruitment_id: self.recruitment_id,
            invite_code: self.invite_code,
            info_request: self.info_request,
            info_reply: self.info_reply,
            appeal_note: self.appeal_note,
            appealed_at: self.appealed_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CampaignRow {
    brand_id: String,
    id: String,
    theme_id: String,
    title: String,
    brief: String,
    hashtags: String,
    platforms: String,
    slots: i64,
    signup_closes: String,
    publish_by: String,
    settlement_date: String,
    points_rule: String,
    multiplier_percent: i64,
    #[sqlx(try_from = "IntFlag")]
    disclosure_required: bool,
    status: String,
    created_at: i64,
    signups: i64,
    min_tier: String,
    note_type: String,
    products: String,
    signup_opens: String,
    selected_at: Option<i64>,
    selected: i64,
    sample_days: i64,
}

impl CampaignRow {
    fn decode(self) -> Result<Campaign> {
        Ok(Campaign {
            hashtags: from_json(&self.hashtags)?,
            platforms: from_json(&self.platforms)?,
            rules: load_rules(&self.points_rule)?,
            multiplier_percent: self.multiplier_percent,
            disclosure_required: self.disclosure_required,
            brand_id: self.brand_id,
            id: self.id,
            theme_id: self.theme_id,
            title: self.title,
            brief: self.brief,
            slots: self.slots,
            signup_closes: self.signup_closes,
            publish_by: self.publish_by,
            settlement_date: self.settlement_date,
            status: self.status,
            created_at: self.created_at,
            signups: self.signups,
            min_tier: rules::Tier::parse(&self.min_tier)
                .ok_or_else(|| StoreError::Corrupt(format!("tier {:?}", self.min_tier)))?,
            note_type: self.note_type,
            products: from_json(&self.products)?,
            signup_opens: self.signup_opens,
            selected_at: self.selected_at,
            selected: self.selected,
            sample_days: self.sample_days,
        })
    }
}

macro_rules! campaign_columns {
    () => {
        "c.brand_id, c.id, c.theme_id, c.title, c.brief, c.hashtags, c.platforms, \
     c.slots, c.signup_closes, c.publish_by, c.settlement_date, c.points_rule, c.multiplier_percent, c.disclosure_required, c.status, c.created_at, \
     c.signup_count AS signups, c.min_tier, c.note_type, c.products, c.signup_opens, c.selected_at, \
     c.selected_count AS selected, c.sample_days"
    };
}

macro_rules! application_columns {
    () => {
        "brand_id, id, member_id, display_name, contact, city, social_accounts, \
     interests, motivation, terms_version, consented_at, status, reason, created_at, decided_at, decided_by, \
     channel, recruitment_id, invite_code, info_request, info_reply, evidence, appeal_note, appealed_at"
    };
}

async fn signup_in(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    campaign_id: &str,
    member_id: &str,
) -> Result<Signup> {
    one(sqlx::query_as(
        "SELECT campaign_id, member_id, status, waitlist_pos, created_at, decided_at FROM signups \
         WHERE brand_id = $1 AND campaign_id = $2 AND member_id = $3",
    )
    .bind(brand)
    .bind(campaign_id)
    .bind(member_id)
    .fetch_optional(conn)
    .await?)
}

async fn campaign_in(conn: &mut sqlx::AnyConnection, brand: &str, id: &str) -> Result<Campaign> {
    let sql = concat!(
        "SELECT ",
        campaign_columns!(),
        " FROM campaigns c WHERE c.brand_id = $1 AND c.id = $2"
    );
    one(sqlx::query_as::<_, CampaignRow>(sql)
        .bind(brand)
        .bind(id)
        .fetch_optional(conn)
        .await?)?
    .decode()
}

/// The transaction's first write: takes SQLite's lock now and, on
/// PostgreSQL, the campaign's row, so sign-up changes queue one by one.
async fn lock_campaign(conn: &mut sqlx::AnyConnection, brand: &str, id: &str) -> Result<()> {
    let n = sqlx::query("UPDATE campaigns SET id = id WHERE brand_id = $1 AND id = $2")
        .bind(brand)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Moves sign-ups now in status `from` to `(member, status, place)`; the
/// number moved.
async fn set_signups(
    conn: &mut sqlx::AnyConnection,
    kind: DbKind,
    brand: &str,
    campaign_id: &str,
    rows: &[(&str, &str, Option<i64>)],
    from: &str,
    at: Option<i64>,
) -> Result<u64> {
    let mut changed = 0;
    for chunk in rows.chunks(batch_rows(kind)) {
        let sql = format!(
            "WITH v (member_id, status, pos) AS (VALUES {}) \
             UPDATE signups SET status = v.status, waitlist_pos = v.pos, decided_at = $3 \
             FROM v WHERE signups.brand_id = $1 AND signups.campaign_id = $2 \
               AND signups.member_id = v.member_id AND signups.status = $4",
            tuples(chunk.len(), 3, 5)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(campaign_id)
            .bind(at)
            .bind(from);
        for (m, status, pos) in chunk {
            q = q.bind(*m).bind(*status).bind(*pos);
        }
        changed += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(changed)
}

/// Recounts the campaign's selected sign-ups into `selected_count`.
async fn set_selected_count(conn: &mut sqlx::AnyConnection, brand: &str, id: &str) -> Result<i64> {
    sqlx::query(
        "UPDATE campaigns SET selected_count = (SELECT COUNT(*) FROM signups s \
           WHERE s.brand_id = $1 AND s.campaign_id = $2 AND s.status = 'selected') \
         WHERE brand_id = $1 AND id = $2",
    )
    .bind(brand)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT selected_count FROM campaigns WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .fetch_one(conn)
            .await?,
    )
}

/// Closes the gaps a departure leaves: places 1, 2, 3… in queue order.
async fn renumber_waitlist(
    conn: &mut sqlx::AnyConnection,
    kind: DbKind,
    brand: &str,
    campaign_id: &str,
) -> Result<()> {
    let queue: Vec<(String, i64)> = sqlx::query_as(
        "SELECT member_id, waitlist_pos FROM signups WHERE brand_id = $1 AND campaign_id = $2 \
         AND status = 'waitlisted' ORDER BY waitlist_pos, member_id",
    )
    .bind(brand)
    .bind(campaign_id)
    .fetch_all(&mut *conn)
    .await?;
    let moved: Vec<(&str, &str, Option<i64>)> = queue
        .iter()
        .enumerate()
        .filter(|(i, (_, pos))| *pos != *i as i64 + 1)
        .map(|(i, (m, _))| (m.as_str(), "waitlisted", Some(i as i64 + 1)))
        .collect();
    set_signups(conn, kind, brand, campaign_id, &moved, "waitlisted", None).await?;
    Ok(())
}

/// Approves or rejects one pending application (or one waiting for more
/// information) inside the caller's transaction, with its audit line and
/// the applicant's inbox line; `false` when it is not pending here.
async fn decide_application_in(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    brand: &str,
    id: &str,
    d: &DecisionRecord,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE applications SET status = $3, reason = $4, decided_at = $5, decided_by = $6 \
         WHERE brand_id = $1 AND id = $2 AND status IN ('pending', 'more_info')",
    )
    .bind(brand)
    .bind(id)
    .bind(if d.approve { "approved" } else { "rejected" })
    .bind(&d.reason)
    .bind(d.at)
    .bind(&d.by)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    insert_audit(&mut *tx, &decision_audit(brand, "application", id, d)).await?;
    let member: String =
        sqlx::query_scalar("SELECT member_id FROM applications WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let note = Notification::new(
        brand,
        &member,
        if d.approve {
            "application_approved"
        } else {
            "application_rejected"
        },
        serde_json::json!({ "reason": d.reason }),
        d.at,
    );
    insert_notifications(tx, kind, vec![note]).await?;
    Ok(true)
}

async fn application_in(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    id: &str,
) -> Result<Application> {
    let sql = concat!(
        "SELECT ",
        application_columns!(),
        " FROM applications WHERE brand_id = $1 AND id = $2"
    );
    one(sqlx::query_as::<_, ApplicationRow>(sql)
        .bind(brand)
        .bind(id)
        .fetch_optional(conn)
        .await?)?
    .decode()
}

const CANDIDATE_COLUMNS: [&str; 11] = [
    "brand_id",
    "id",
    "external_id",
    "phone",
    "amount_cents",
    "orders",
    "member_since",
    "last_active",
    "score",
    "parts",
    "imported_at",
];

async fn insert_invite(
    tx: &mut sqlx::AnyConnection,
    brand: &str,
    code: &str,
    recruitment_id: &str,
    channel: &str,
    candidate: Option<&str>,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO invites (brand_id, code, recruitment_id, channel, candidate_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(brand)
    .bind(code)
    .bind(recruitment_id)
    .bind(channel)
    .bind(candidate)
    .bind(at)
    .execute(tx)
    .await
    .map_err(unique_as("invite_code_taken"))?;
    Ok(())
}

macro_rules! task_columns {
    () => {
        "t.brand_id, t.id, t.campaign_id, t.kind, t.title, t.instructions, t.questions, t.due_on, t.reward_points, \
     t.created_at, t.created_by"
    };
}

#[derive(sqlx::FromRow)]
struct TaskRow {
    brand_id: String,
    id: String,
    campaign_id: Option<String>,
    kind: String,
    title: String,
    instructions: String,
    questions: String,
    due_on: String,
    reward_points: i64,
    created_at: i64,
    created_by: String,
    assigned: i64,
    submitted: i64,
    done: i64,
}

impl TaskRow {
    fn decode(self) -> Result<TaskSummary> {
        Ok(TaskSummary {
            task: Task {
                questions: from_json(&self.questions)?,
                brand_id: self.brand_id,
                id: self.id,
                campaign_id: self.campaign_id,
                kind: self.kind,
                title: self.title,
                instructions: self.instructions,
                due_on: self.due_on,
                reward_points: self.reward_points,
                created_at: self.created_at,
                created_by: self.created_by,
            },
            assigned: self.assigned,
            submitted: self.submitted,
            done: self.done,
        })
    }
}

const ASSIGNMENTS: &str = "SELECT a.task_id, a.member_id, COALESCE(p.display_name, '') AS member_name, t.kind, t.title, \
     t.instructions, t.questions, t.due_on, t.reward_points, a.status, a.answer, a.evidence_id, a.assigned_at, \
     a.submitted_at, a.reviewed_at, a.reason \
     FROM task_assignments a JOIN tasks t ON t.brand_id = a.brand_id AND t.id = a.task_id \
     LEFT JOIN applications p ON p.brand_id = a.brand_id AND p.member_id = a.member_id \
     WHERE a.brand_id = $1";

const SAMPLES: &str = "SELECT x.campaign_id, x.member_id, COALESCE(p.display_name, '') AS member_name, x.recipient, x.phone, \
     x.address, x.courier, x.tracking, x.shipped_at, x.received_on, x.created_at FROM samples x \
     LEFT JOIN applications p ON p.brand_id = x.brand_id AND p.member_id = x.member_id WHERE x.brand_id = $1";

async fn owners_in(conn: &mut sqlx::AnyConnection, brand: &str) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM operators WHERE brand_id = $1 AND role = 'owner'")
            .bind(brand)
            .fetch_one(conn)
            .await?,
    )
}

/// Notes of a campaign still waiting for review (settlement waits for none).
const PENDING_IN_CAMPAIGN: &str = "SELECT COUNT(*) FROM submissions WHERE brand_id = $1 AND campaign_id = $2 AND status = 'pending'";

const LEDGER_PAGE: &str = "SELECT brand_id, id, member_id, points, reason, memo, detail, source_kind, source_id, created_at \
     FROM ledger_entries WHERE brand_id = $1 AND member_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4";

/// The application queue with its filters, oldest first: only the filters
/// given become conditions (each shape keeps its index plan: status alone
/// reads `applications_queue` in order). The values come back in order,
/// then limit and offset. `q` matches the name or city, `%` and `_` taken
/// literally.
fn applications_query(brand: &str, f: &ApplicationFilter) -> (String, Vec<String>) {
    let mut sql = String::from(concat!(
        "SELECT ",
        application_columns!(),
        " FROM applications WHERE brand_id = $1"
    ));
    let mut args = vec![brand.to_string()];
    if let Some(status) = &f.status {
        args.push(status.clone());
        sql.push_str(&format!(" AND status = ${}", args.len()));
    }
    if let Some(channel) = &f.channel {
        args.push(channel.clone());
        sql.push_str(&format!(" AND channel = ${}", args.len()));
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let escaped = q
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        args.push(format!("%{escaped}%"));
        let n = args.len();
        sql.push_str(&format!(
            " AND (LOWER(display_name) LIKE ${n} ESCAPE '\\' OR LOWER(city) LIKE ${n} ESCAPE '\\')"
        ));
    }
    sql.push_str(&format!(
        " ORDER BY created_at, id LIMIT ${} OFFSET ${}",
        args.len() + 1,
        args.len() + 2
    ));
    (sql, args)
}

/// The submissions list with its filters: only the filters given become
/// conditions, so each shape of query can use its index (a `$2 = '' OR …`
/// form defeats PostgreSQL's generic plans). The text added is
/// placeholders only; the values come back in order, then limit and offset.
fn submissions_query<'a>(brand: &'a str, f: &'a SubmissionFilter) -> (String, Vec<&'a str>) {
    let mut sql = String::from(
        "SELECT s.brand_id, s.id, s.campaign_id, s.member_id, s.platform, s.note_id, s.canonical_url, \
         s.original_url, s.status, s.reason, s.created_at, s.reviewed_at, s.reviewed_by, s.settled_points, \
         s.settled_interactions, s.disclosure_declared, s.disclosure_confirmed, s.screenshot_id, s.client_hash, \
         c.title AS campaign_title, c.disclosure_required, COALESCE(a.display_name, '') AS member_name, \
         m.snapshot_date, m.likes, m.comments, m.saves, s.appeal_note \
         FROM submissions s \
         JOIN campaigns c ON c.brand_id = s.brand_id AND c.id = s.campaign_id \
         LEFT JOIN applications a ON a.brand_id = s.brand_id AND a.member_id = s.member_id \
         LEFT JOIN metric_snapshots m ON m.brand_id = s.brand_id AND m.submission_id = s.id \
           AND m.snapshot_date = (SELECT MAX(x.snapshot_date) FROM metric_snapshots x \
             WHERE x.brand_id = s.brand_id AND x.submission_id = s.id) \
         WHERE s.brand_id = $1",
    );
    let mut args: Vec<&str> = vec![brand];
    for (column, value) in [
        ("s.member_id", &f.member_id),
        ("s.campaign_id", &f.campaign_id),
        ("s.status", &f.status),
    ] {
        if let Some(v) = value {
            args.push(v);
            sql.push_str(&format!(" AND {column} = ${}", args.len()));
        }
    }
    sql.push_str(&format!(
        " ORDER BY s.created_at DESC, s.id DESC LIMIT ${} OFFSET ${}",
        args.len() + 1,
        args.len() + 2
    ));
    (sql, args)
}

macro_rules! submission_columns {
    () => {
        "brand_id, id, campaign_id, member_id, platform, note_id, canonical_url, \
     original_url, status, reason, created_at, reviewed_at, reviewed_by, settled_points, settled_interactions, \
     disclosure_declared, disclosure_confirmed, screenshot_id, client_hash"
    };
}

#[derive(sqlx::FromRow)]
struct SettleRow {
    id: String,
    member_id: String,
    created_at: i64,
    platform: String,
    note_id: String,
    likes: Option<i64>,
    comments: Option<i64>,
    saves: Option<i64>,
}

impl SqlStore {
    async fn assignment(&self, brand: &str, task_id: &str, member_id: &str) -> Result<Assignment> {
        let sql = format!("{ASSIGNMENTS} AND a.task_id = $2 AND a.member_id = $3");
        one(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(task_id)
            .bind(member_id)
            .fetch_optional(&self.pool)
            .await?)
    }
}

#[async_trait]
impl Store for SqlStore {
    fn kind(&self) -> DbKind {
        self.kind
    }

    async fn migrate(&self) -> Result<()> {
        match self.kind {
            DbKind::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            DbKind::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    async fn is_empty(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM brands")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    async fn create_brand(&self, b: &Brand) -> Result<()> {
        let set = load_rules(&b.points_rule)?;
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO brands (id, name, time_zone, points_rule, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&b.id)
            .bind(&b.name)
            .bind(&b.time_zone)
            .bind(&b.points_rule)
            .bind(b.created_at)
            .execute(&mut *tx)
            .await
            .map_err(unique_as("brand_exists"))?;
        sqlx::query(
            "INSERT INTO rule_sets (brand_id, version, rules, created_at, created_by) VALUES ($1, $2, $3, $4, 'setup')",
        )
        .bind(&b.id)
        .bind(i64::from(set.version))
        .bind(&b.points_rule)
        .bind(b.created_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_rule_set(
        &self,
        brand: &str,
        set: &rules::RuleSet,
        by: &str,
        at: i64,
    ) -> Result<rules::RuleSet> {
        let mut tx = self.pool.begin().await?;
        // The brand row is written first: it serialises concurrent saves.
        let touched = sqlx::query("UPDATE brands SET points_rule = points_rule WHERE id = $1")
            .bind(brand)
            .execute(&mut *tx)
            .await?;
        if touched.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM rule_sets WHERE brand_id = $1")
                .bind(brand)
                .fetch_one(&mut *tx)
                .await?;
        let mut saved = set.clone();
        saved.version = u32::try_from(last.unwrap_or(0) + 1).unwrap_or(u32::MAX);
        let json = to_json(&saved);
        sqlx::query(
            "INSERT INTO rule_sets (brand_id, version, rules, created_at, created_by) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(brand)
        .bind(i64::from(saved.version))
        .bind(&json)
        .bind(at)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE brands SET points_rule = $2 WHERE id = $1")
            .bind(brand)
            .bind(&json)
            .execute(&mut *tx)
            .await?;
        let audit = AuditEntry::operator(
            brand,
            by,
            "rules.save",
            ("rule_set", &saved.version.to_string()),
            at,
        )
        .before(serde_json::json!({ "version": last }))
        .after(serde_json::json!({ "version": saved.version }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(saved)
    }

    async fn rule_set_versions(&self, brand: &str) -> Result<Vec<RuleSetVersion>> {
        Ok(sqlx::query_as(
            "SELECT version, created_at, created_by FROM rule_sets WHERE brand_id = $1 ORDER BY version DESC",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn brand(&self, id: &str) -> Result<Brand> {
        one(sqlx::query_as(
            "SELECT id, name, time_zone, points_rule, created_at FROM brands WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn create_operator(&self, o: &Operator) -> Result<()> {
        sqlx::query(
            "INSERT INTO operators (brand_id, id, email, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&o.brand_id)
        .bind(&o.id)
        .bind(&o.email)
        .bind(&o.password_hash)
        .bind(&o.role)
        .bind(o.created_at)
        .execute(&self.pool)
        .await
        .map_err(unique_as("email_taken"))?;
        Ok(())
    }

    async fn operators_by_email(&self, email: &str) -> Result<Vec<Operator>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, id, email, password_hash, role, created_at FROM operators WHERE email = $1 ORDER BY brand_id",
        )
        .bind(email)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn operator(&self, brand: &str, id: &str) -> Result<Operator> {
        one(sqlx::query_as(
            "SELECT brand_id, id, email, password_hash, role, created_at FROM operators WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn create_member(&self, m: &Member) -> Result<()> {
        sqlx::query("INSERT INTO members (brand_id, id, phone, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&m.brand_id)
            .bind(&m.id)
            .bind(&m.phone)
            .bind(&m.password_hash)
            .bind(m.created_at)
            .execute(&self.pool)
            .await
            .map_err(unique_as("phone_taken"))?;
        Ok(())
    }

    async fn member_by_phone(&self, brand: &str, phone: &str) -> Result<Member> {
        one(sqlx::query_as(
            "SELECT brand_id, id, phone, password_hash, created_at FROM members WHERE brand_id = $1 AND phone = $2",
        )
        .bind(brand)
        .bind(phone)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn member(&self, brand: &str, id: &str) -> Result<Member> {
        one(sqlx::query_as("SELECT brand_id, id, phone, password_hash, created_at FROM members WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn create_session(&self, s: &Session) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, brand_id, kind, subject_id, created_at, expires_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&s.token_hash)
        .bind(&s.brand_id)
        .bind(&s.kind)
        .bind(&s.subject_id)
        .bind(s.created_at)
        .bind(s.expires_at)
        .bind(s.last_seen_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: i64) -> Result<Session> {
        one(sqlx::query_as(
            "SELECT token_hash, brand_id, kind, subject_id, created_at, expires_at, last_seen_at \
             FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn erase_member(
        &self,
        brand: &str,
        id: &str,
        pseudonym: &str,
        at: i64,
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE members SET phone = $3, password_hash = '!' WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .bind(pseudonym)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "UPDATE applications SET display_name = '', contact = '', city = '', social_accounts = '[]', \
             interests = '[]', motivation = '', info_request = NULL, info_reply = NULL, evidence = '[]' \
             WHERE brand_id = $1 AND member_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM sessions WHERE brand_id = $1 AND kind = 'member' AND subject_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM application_keys WHERE brand_id = $1 AND application_id IN \
             (SELECT id FROM applications WHERE brand_id = $1 AND member_id = $2)",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        for sql in [
            "UPDATE samples SET recipient = '', phone = '', address = '' WHERE brand_id = $1 AND member_id = $2",
            "UPDATE task_assignments SET answer = NULL, evidence_id = NULL WHERE brand_id = $1 AND member_id = $2",
            "UPDATE submissions SET appeal_note = NULL WHERE brand_id = $1 AND member_id = $2",
            "UPDATE applications SET appeal_note = NULL WHERE brand_id = $1 AND member_id = $2",
        ] {
            sqlx::query(sql)
                .bind(brand)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        // The inbox quotes operators' reasons about this person: it goes.
        sqlx::query("DELETE FROM notifications WHERE brand_id = $1 AND member_id = $2")
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // Screenshots are personal data: their rows go now, their files
        // right after (the caller deletes the files these ids name).
        let uploads: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM uploads WHERE brand_id = $1 AND owner_kind = 'member' AND owner_id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE submissions SET screenshot_id = NULL WHERE brand_id = $1 AND member_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM uploads WHERE brand_id = $1 AND owner_kind = 'member' AND owner_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let audit = AuditEntry::member(brand, id, "member.erase", ("member", id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(uploads)
    }

    async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2",
        )
        .bind(token_hash)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn delete_sessions_of(&self, brand: &str, kind: &str, subject_id: &str) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM sessions WHERE brand_id = $1 AND kind = $2 AND subject_id = $3",
        )
        .bind(brand)
        .bind(kind)
        .bind(subject_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    async fn create_application(&self, a: &Application) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO applications (brand_id, id, member_id, display_name, contact, city, social_accounts, interests, \
             motivation, terms_version, consented_at, status, reason, created_at, decided_at, decided_by, \
             channel, recruitment_id, invite_code, evidence) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
        )
        .bind(&a.brand_id)
        .bind(&a.id)
        .bind(&a.member_id)
        .bind(&a.display_name)
        .bind(&a.contact)
        .bind(&a.city)
        .bind(to_json(&a.social_accounts))
        .bind(to_json(&a.interests))
        .bind(&a.motivation)
        .bind(&a.terms_version)
        .bind(a.consented_at)
        .bind(&a.status)
        .bind(&a.reason)
        .bind(a.created_at)
        .bind(a.decided_at)
        .bind(&a.decided_by)
        .bind(if a.channel.is_empty() { "direct" } else { a.channel.as_str() })
        .bind(&a.recruitment_id)
        .bind(&a.invite_code)
        .bind(to_json(&a.evidence))
        .execute(&mut *tx)
        .await
        .map_err(unique_as("application_exists"))?;
        let mut keys: Vec<Vec<Cell>> = a
            .identity_hashes()
            .into_iter()
            .map(|h| {
                vec![
                    Cell::Text(Some(a.brand_id.clone())),
                    Cell::Text(Some(a.id.clone())),
                    Cell::Text(Some(h)),
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            "application_keys",
            &["brand_id", "application_id", "id_hash"],
            &mut keys,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn application_of(&self, brand: &str, member_id: &str) -> Result<Application> {
        let sql = concat!(
            "SELECT ",
            application_columns!(),
            " FROM applications WHERE brand_id = $1 AND member_id = $2"
        );
        one(sqlx::query_as::<_, ApplicationRow>(sql)
            .bind(brand)
            .bind(member_id)
            .fetch_optional(&self.pool)
            .await?)?
        .decode()
    }

    async fn application(&self, brand: &str, id: &str) -> Result<Application> {
        application_in(&mut *self.pool.acquire().await?, brand, id).await
    }

    async fn applications(
        &self,
        brand: &str,
        filter: &ApplicationFilter,
        page: Page,
    ) -> Result<Vec<Application>> {
        let (sql, args) = applications_query(brand, filter);
        let mut q = sqlx::query_as::<_, ApplicationRow>(sqlx::AssertSqlSafe(sql));
        for a in args {
            q = q.bind(a);
        }
        q.bind(page.limit)
            .bind(page.offset)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(ApplicationRow::decode)
            .collect()
    }

    async fn duplicate_applicants(
        &self,
        brand: &str,
        ids: &[String],
    ) -> Result<Vec<(String, i64)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = (0..ids.len())
            .map(|i| format!("${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT x.application_id, COUNT(DISTINCT y.application_id) FROM application_keys x \
             JOIN application_keys y ON y.brand_id = x.brand_id AND y.id_hash = x.id_hash \
               AND y.application_id <> x.application_id \
             WHERE x.brand_id = $1 AND x.application_id IN ({list}) GROUP BY x.application_id"
        );
        let mut q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql)).bind(brand);
        for id in ids {
            q = q.bind(id);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    async fn decide_applications(
        &self,
        brand: &str,
        ids: &[String],
        d: &DecisionRecord,
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin().await?;
        let mut decided = Vec::new();
        for id in ids {
            if decide_application_in(&mut tx, self.kind, brand, id, d).await? {
                decided.push(id.clone());
            }
        }
        tx.commit().await?;
        Ok(decided)
    }

    async fn request_information(
        &self,
        brand: &str,
        id: &str,
        question: &str,
        by: &str,
        at: i64,
    ) -> Result<Application> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE applications SET status = 'more_info', info_request = $3, info_reply = NULL \
             WHERE brand_id = $1 AND id = $2 AND status = 'pending'",
        )
        .bind(brand)
        .bind(id)
        .bind(question)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.application(brand, id).await?;
            return Err(StoreError::Conflict("already_decided"));
        }
        let a = application_in(&mut tx, brand, id).await?;
        let audit =
            AuditEntry::operator(brand, by, "application.more_info", ("application", id), at)
                .before(serde_json::json!({ "status": "pending" }))
                .after(serde_json::json!({ "status": "more_info", "question": question }));
        insert_audit(&mut tx, &audit).await?;
        let note = Notification::new(
            brand,
            &a.member_id,
            "application_more_info",
            serde_json::json!({ "reason": question }),
            at,
        );
        insert_notifications(&mut tx, self.kind, vec![note]).await?;
        tx.commit().await?;
        Ok(a)
    }

    async fn answer_information(
        &self,
        brand: &str,
        member_id: &str,
        reply: &str,
        evidence: &[String],
        at: i64,
    ) -> Result<Application> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE applications SET status = 'pending', info_reply = $3, evidence = $4 \
             WHERE brand_id = $1 AND member_id = $2 AND status = 'more_info'",
        )
        .bind(brand)
        .bind(member_id)
        .bind(reply)
        .bind(to_json(&evidence))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.application_of(brand, member_id).await?;
            return Err(StoreError::Conflict("no_question"));
        }
        let id: String = sqlx::query_scalar(
            "SELECT id FROM applications WHERE brand_id = $1 AND member_id = $2",
        )
        .bind(brand)
        .bind(member_id)
        .fetch_one(&mut *tx)
        .await?;
        let audit = AuditEntry::member(
            brand,
            member_id,
            "application.answer",
            ("application", &id),
            at,
        )
        .after(serde_json::json!({ "status": "pending", "evidence": evidence.len() }));
        insert_audit(&mut tx, &audit).await?;
        let a = application_in(&mut tx, brand, &id).await?;
        tx.commit().await?;
        Ok(a)
    }

    async fn decide_application(
        &self,
        brand: &str,
        id: &str,
        d: &DecisionRecord,
    ) -> Result<Application> {
        let mut tx = self.pool.begin().await?;
        if !decide_application_in(&mut tx, self.kind, brand, id, d).await? {
            tx.rollback().await?;
            self.application(brand, id).await?;
            return Err(StoreError::Conflict("already_decided"));
        }
        tx.commit().await?;
        self.application(brand, id).await
    }

    async fn create_recruitment(&self, r: &Recruitment, links: &[(String, String)]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO recruitments (brand_id, id, title, purpose, kind, status, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&r.brand_id)
        .bind(&r.id)
        .bind(&r.title)
        .bind(&r.purpose)
        .bind(&r.kind)
        .bind(&r.status)
        .bind(r.created_at)
        .bind(&r.created_by)
        .execute(&mut *tx)
        .await?;
        for (channel, code) in links {
            insert_invite(
                &mut tx,
                &r.brand_id,
                code,
                &r.id,
                channel,
                None,
                r.created_at,
            )
            .await?;
        }
        let audit = AuditEntry::operator(
            &r.brand_id,
            &r.created_by,
            "recruitment.create",
            ("recruitment", &r.id),
            r.created_at,
        )
        .after(serde_json::json!({
            "title": r.title,
            "purpose": r.purpose,
            "kind": r.kind,
            "channels": links.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(),
        }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn recruitments(&self, brand: &str) -> Result<Vec<Recruitment>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, id, title, purpose, kind, status, created_at, created_by FROM recruitments \
             WHERE brand_id = $1 ORDER BY id DESC",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn recruitment(&self, brand: &str, id: &str) -> Result<Recruitment> {
        one(sqlx::query_as(
            "SELECT brand_id, id, title, purpose, kind, status, created_at, created_by FROM recruitments \
             WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn set_recruitment_status(
        &self,
        brand: &str,
        id: &str,
        status: &str,
        by: &str,
        at: i64,
    ) -> Result<Recruitment> {
        let mut tx = self.pool.begin().await?;
        let done =
            sqlx::query("UPDATE recruitments SET status = $3 WHERE brand_id = $1 AND id = $2")
                .bind(brand)
                .bind(id)
                .bind(status)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let audit = AuditEntry::operator(brand, by, "recruitment.status", ("recruitment", id), at)
            .after(serde_json::json!({ "status": status }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.recruitment(brand, id).await
    }

    async fn invites(&self, brand: &str, recruitment_id: &str) -> Result<Vec<Invite>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, code, recruitment_id, channel, candidate_id, created_at FROM invites \
             WHERE brand_id = $1 AND recruitment_id = $2 AND candidate_id IS NULL ORDER BY channel",
        )
        .bind(brand)
        .bind(recruitment_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn invite(&self, brand: &str, code: &str) -> Result<Invite> {
        one(sqlx::query_as(
            "SELECT brand_id, code, recruitment_id, channel, candidate_id, created_at FROM invites \
             WHERE brand_id = $1 AND code = $2",
        )
        .bind(brand)
        .bind(code)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn channel_report(
        &self,
        brand: &str,
        recruitment_id: Option<&str>,
    ) -> Result<Vec<ChannelStats>> {
        let mut sql = String::from(
            "SELECT a.channel, COUNT(*) AS applications, \
               CAST(SUM(CASE WHEN a.status = 'approved' THEN 1 ELSE 0 END) AS BIGINT) AS approved, \
               CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM submissions s WHERE s.brand_id = a.brand_id \
                 AND s.member_id = a.member_id) THEN 1 ELSE 0 END) AS BIGINT) AS first_notes \
             FROM applications a WHERE a.brand_id = $1",
        );
        if recruitment_id.is_some() {
            sql.push_str(" AND a.recruitment_id = $2");
        }
        sql.push_str(" GROUP BY a.channel ORDER BY a.channel");
        let mut q = sqlx::query_as::<_, ChannelStats>(sqlx::AssertSqlSafe(sql)).bind(brand);
        if let Some(r) = recruitment_id {
            q = q.bind(r);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    async fn import_candidates(
        &self,
        brand: &str,
        rows: &[Candidate],
        by: &str,
        at: i64,
    ) -> Result<(u64, u64)> {
        let mut tx = self.pool.begin().await?;
        // The write comes first (SQLite's lock now, not on an upgrade).
        sqlx::query("UPDATE brands SET id = id WHERE id = $1")
            .bind(brand)
            .execute(&mut *tx)
            .await?;
        let count = "SELECT COUNT(*) FROM candidates WHERE brand_id = $1";
        let before: i64 = sqlx::query_scalar(count)
            .bind(brand)
            .fetch_one(&mut *tx)
            .await?;
        // One row per customer (the last wins): a statement may not update
        // the same row twice.
        let mut seen = std::collections::HashSet::new();
        let mut unique: Vec<&Candidate> = rows
            .iter()
            .rev()
            .filter(|c| seen.insert(c.external_id.as_str()))
            .collect();
        unique.reverse();
        for chunk in unique.chunks(batch_rows(self.kind)) {
            let mut cells: Vec<Vec<Cell>> = chunk
                .iter()
                .map(|c| {
                    vec![
                        Cell::Text(Some(brand.to_string())),
                        Cell::Text(Some(c.id.clone())),
                        Cell::Text(Some(c.external_id.clone())),
                        Cell::Text(Some(c.phone.clone())),
                        Cell::Int(Some(c.amount_cents)),
                        Cell::Int(Some(c.orders)),
                        Cell::Text(Some(c.member_since.clone())),
                        Cell::Text(Some(c.last_active.clone())),
                        Cell::Int(Some(c.score)),
                        Cell::Text(Some(c.parts.clone())),
                        Cell::Int(Some(at)),
                    ]
                })
                .collect();
            insert_rows(
                &mut tx,
                "candidates",
                &CANDIDATE_COLUMNS,
                &mut cells,
                "ON CONFLICT (brand_id, external_id) DO UPDATE SET phone = excluded.phone, \
                 amount_cents = excluded.amount_cents, orders = excluded.orders, member_since = excluded.member_since, \
                 last_active = excluded.last_active, score = excluded.score, parts = excluded.parts, \
                 imported_at = excluded.imported_at",
            )
            .await?;
        }
        let after: i64 = sqlx::query_scalar(count)
            .bind(brand)
            .fetch_one(&mut *tx)
            .await?;
        let added = (after - before).max(0) as u64;
        let updated = unique.len() as u64 - added;
        let audit = AuditEntry::operator(brand, by, "candidates.import", ("brand", brand), at)
            .after(serde_json::json!({ "added": added, "updated": updated }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok((added, updated))
    }

    async fn candidates(&self, brand: &str, uninvited: bool, page: Page) -> Result<Vec<Candidate>> {
        let sql = if uninvited {
            "SELECT brand_id, id, external_id, phone, amount_cents, orders, member_since, last_active, score, parts, \
             invite_code, invited_at, imported_at FROM candidates WHERE brand_id = $1 AND invite_code IS NULL \
             ORDER BY score DESC, id DESC LIMIT $2 OFFSET $3"
        } else {
            "SELECT brand_id, id, external_id, phone, amount_cents, orders, member_since, last_active, score, parts, \
             invite_code, invited_at, imported_at FROM candidates WHERE brand_id = $1 \
             ORDER BY score DESC, id DESC LIMIT $2 OFFSET $3"
        };
        Ok(sqlx::query_as(sql)
            .bind(brand)
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn invite_candidates(
        &self,
        brand: &str,
        recruitment_id: &str,
        codes: &[(String, String)],
        by: &str,
        at: i64,
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin().await?;
        let open = sqlx::query("UPDATE recruitments SET id = id WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(recruitment_id)
            .execute(&mut *tx)
            .await?;
        if open.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let mut invited = Vec::new();
        for (candidate, code) in codes {
            let n = sqlx::query(
                "UPDATE candidates SET invite_code = $3, invited_at = $4 \
                 WHERE brand_id = $1 AND id = $2 AND invite_code IS NULL",
            )
            .bind(brand)
            .bind(candidate)
            .bind(code)
            .bind(at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                insert_invite(
                    &mut tx,
                    brand,
                    code,
                    recruitment_id,
                    "member_pool",
                    Some(candidate),
                    at,
                )
                .await?;
                invited.push(candidate.clone());
            }
        }
        let audit = AuditEntry::operator(
            brand,
            by,
            "candidates.invite",
            ("recruitment", recruitment_id),
            at,
        )
        .after(serde_json::json!({ "candidates": invited }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(invited)
    }

    async fn create_task(&self, t: &Task, members: &[String]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO tasks (brand_id, id, campaign_id, kind, title, instructions, questions, due_on, reward_points, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&t.brand_id)
        .bind(&t.id)
        .bind(&t.campaign_id)
        .bind(&t.kind)
        .bind(&t.title)
        .bind(&t.instructions)
        .bind(to_json(&t.questions))
        .bind(&t.due_on)
        .bind(t.reward_points)
        .bind(t.created_at)
        .bind(&t.created_by)
        .execute(&mut *tx)
        .await?;
        for chunk in members.chunks(batch_rows(self.kind)) {
            let mut rows: Vec<Vec<Cell>> = chunk
                .iter()
                .map(|m| {
                    vec![
                        Cell::Text(Some(t.brand_id.clone())),
                        Cell::Text(Some(t.id.clone())),
                        Cell::Text(Some(m.clone())),
                        Cell::Text(Some("assigned".into())),
                        Cell::Int(Some(t.created_at)),
                    ]
                })
                .collect();
            insert_rows(
                &mut tx,
                "task_assignments",
                &["brand_id", "task_id", "member_id", "status", "assigned_at"],
                &mut rows,
                "ON CONFLICT DO NOTHING",
            )
            .await?;
        }
        let detail = serde_json::json!({ "task_id": t.id, "campaign_title": t.title, "due_on": t.due_on, "points": t.reward_points });
        let inbox = members
            .iter()
            .map(|m| {
                Notification::new(
                    &t.brand_id,
                    m,
                    "task_assigned",
                    detail.clone(),
                    t.created_at,
                )
            })
            .collect();
        insert_notifications(&mut tx, self.kind, inbox).await?;
        let audit = AuditEntry::operator(&t.brand_id, &t.created_by, "task.create", ("task", &t.id), t.created_at)
            .after(serde_json::json!({
                "kind": t.kind, "title": t.title, "due_on": t.due_on,
                "reward_points": t.reward_points, "campaign_id": t.campaign_id, "assigned": members.len(),
            }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn tasks(&self, brand: &str, page: Page) -> Result<Vec<TaskSummary>> {
        let rows: Vec<TaskRow> = sqlx::query_as(concat!(
            "SELECT ",
            task_columns!(),
            ", (SELECT COUNT(*) FROM task_assignments a WHERE a.brand_id = t.brand_id AND a.task_id = t.id) AS assigned, \
               (SELECT COUNT(*) FROM task_assignments a WHERE a.brand_id = t.brand_id AND a.task_id = t.id AND a.status = 'submitted') AS submitted, \
               (SELECT COUNT(*) FROM task_assignments a WHERE a.brand_id = t.brand_id AND a.task_id = t.id \
                  AND a.status IN ('approved', 'rewarded')) AS done \
             FROM tasks t WHERE t.brand_id = $1 ORDER BY t.due_on DESC, t.id DESC LIMIT $2 OFFSET $3"
        ))
        .bind(brand)
        .bind(page.limit)
        .bind(page.offset)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(TaskRow::decode).collect()
    }

    async fn task(&self, brand: &str, id: &str) -> Result<Task> {
        let row: TaskRow = one(sqlx::query_as(concat!(
            "SELECT ",
            task_columns!(),
            ", 0 AS assigned, 0 AS submitted, 0 AS done FROM tasks t WHERE t.brand_id = $1 AND t.id = $2"
        ))
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)?;
        Ok(row.decode()?.task)
    }

    async fn campaign_participants(&self, brand: &str, campaign_id: &str) -> Result<Vec<String>> {
        let c = self.campaign(brand, campaign_id).await?;
        let sql = if c.selected_at.is_some() {
            "SELECT member_id FROM signups WHERE brand_id = $1 AND campaign_id = $2 AND status = 'selected' ORDER BY member_id"
        } else {
            "SELECT member_id FROM signups WHERE brand_id = $1 AND campaign_id = $2 AND status IN ('pending', 'selected') ORDER BY member_id"
        };
        Ok(sqlx::query_scalar(sql)
            .bind(brand)
            .bind(campaign_id)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn approved_members(&self, brand: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT member_id FROM applications WHERE brand_id = $1 AND status = 'approved' ORDER BY member_id",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn assignments(
        &self,
        brand: &str,
        f: &AssignmentFilter,
        page: Page,
    ) -> Result<Vec<Assignment>> {
        let mut sql = String::from(ASSIGNMENTS);
        let mut args: Vec<&str> = vec![brand];
        if let Some(t) = &f.task_id {
            args.push(t);
            sql.push_str(&format!(" AND a.task_id = ${}", args.len()));
        }
        if let Some(st) = &f.status {
            args.push(st);
            sql.push_str(&format!(" AND a.status = ${}", args.len()));
        }
        if let Some(day) = &f.overdue_on {
            args.push(day);
            sql.push_str(&format!(
                " AND a.status = 'assigned' AND t.due_on < ${}",
                args.len()
            ));
        }
        sql.push_str(&format!(
            " ORDER BY t.due_on, a.task_id, a.member_id LIMIT ${} OFFSET ${}",
            args.len() + 1,
            args.len() + 2
        ));
        let mut q = sqlx::query_as::<_, Assignment>(sqlx::AssertSqlSafe(sql));
        for a in args {
            q = q.bind(a);
        }
        Ok(q.bind(page.limit)
            .bind(page.offset)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn member_assignments(&self, brand: &str, member_id: &str) -> Result<Vec<Assignment>> {
        let sql =
            format!("{ASSIGNMENTS} AND a.member_id = $2 ORDER BY t.due_on, a.task_id LIMIT 200");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(member_id)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn submit_task(
        &self,
        brand: &str,
        task_id: &str,
        member_id: &str,
        answer: &str,
        evidence_id: Option<&str>,
        at: i64,
    ) -> Result<Assignment> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE task_assignments SET status = 'submitted', answer = $4, evidence_id = $5, submitted_at = $6, reason = NULL \
             WHERE brand_id = $1 AND task_id = $2 AND member_id = $3 AND status IN ('assigned', 'rejected')",
        )
        .bind(brand)
        .bind(task_id)
        .bind(member_id)
        .bind(answer)
        .bind(evidence_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.assignment(brand, task_id, member_id).await?;
            return Err(StoreError::Conflict("task_not_open"));
        }
        let audit = AuditEntry::member(brand, member_id, "task.submit", ("task", task_id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.assignment(brand, task_id, member_id).await
    }

    async fn review_task(
        &self,
        brand: &str,
        task_id: &str,
        member_id: &str,
        d: &DecisionRecord,
    ) -> Result<Assignment> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE task_assignments SET status = $4, reason = $5, reviewed_at = $6, reviewed_by = $7 \
             WHERE brand_id = $1 AND task_id = $2 AND member_id = $3 AND status = 'submitted'",
        )
        .bind(brand)
        .bind(task_id)
        .bind(member_id)
        .bind(if d.approve { "approved" } else { "rejected" })
        .bind(&d.reason)
        .bind(d.at)
        .bind(&d.by)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            // The task is the brand's (checked by the caller); an unknown
            // member has nothing handed in.
            return Err(StoreError::Conflict("task_not_submitted"));
        }
        let task: (String, String, i64) = sqlx::query_as(
            "SELECT kind, title, reward_points FROM tasks WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(task_id)
        .fetch_one(&mut *tx)
        .await?;
        let (kind, title, points) = task;
        if d.approve && points > 0 {
            let source = format!("{task_id}:{member_id}");
            let breakdown = rules::PointsBreakdown {
                interactions: 0,
                viral: false,
                lines: vec![rules::PointsLine::new("task", points)],
                total: points,
            };
            let detail = serde_json::json!({ "task_id": task_id, "task_title": title, "kind": kind, "breakdown": breakdown });
            sqlx::query(
                "INSERT INTO ledger_entries (brand_id, id, member_id, points, reason, memo, detail, source_kind, source_id, created_at) \
                 VALUES ($1, $2, $3, $4, 'task_approved', $5, $6, 'task', $7, $8) ON CONFLICT DO NOTHING",
            )
            .bind(brand)
            .bind(new_id())
            .bind(member_id)
            .bind(points)
            .bind(&title)
            .bind(detail.to_string())
            .bind(&source)
            .bind(d.at)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE task_assignments SET status = 'rewarded' WHERE brand_id = $1 AND task_id = $2 AND member_id = $3",
            )
            .bind(brand)
            .bind(task_id)
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        }
        let audit = AuditEntry::operator(brand, &d.by, if d.approve { "task.approve" } else { "task.reject" }, ("task", task_id), d.at)
            .before(serde_json::json!({ "member_id": member_id, "status": "submitted" }))
            .after(serde_json::json!({ "member_id": member_id, "approve": d.approve, "reason": d.reason, "points": if d.approve { points } else { 0 } }));
        insert_audit(&mut tx, &audit).await?;
        let note = Notification::new(
            brand,
            member_id,
            if d.approve {
                "task_approved"
            } else {
                "task_rejected"
            },
            serde_json::json!({ "task_id": task_id, "campaign_title": title, "reason": d.reason, "points": if d.approve && points > 0 { Some(points) } else { None } }),
            d.at,
        );
        insert_notifications(&mut tx, self.kind, vec![note]).await?;
        tx.commit().await?;
        self.assignment(brand, task_id, member_id).await
    }

    async fn request_sample(&self, brand: &str, x: &Sample) -> Result<Sample> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "INSERT INTO samples (brand_id, campaign_id, member_id, recipient, phone, address, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (brand_id, campaign_id, member_id) DO UPDATE SET recipient = excluded.recipient, \
               phone = excluded.phone, address = excluded.address WHERE samples.shipped_at IS NULL",
        )
        .bind(brand)
        .bind(&x.campaign_id)
        .bind(&x.member_id)
        .bind(&x.recipient)
        .bind(&x.phone)
        .bind(&x.address)
        .bind(x.created_at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict("sample_shipped"));
        }
        let audit = AuditEntry::member(
            brand,
            &x.member_id,
            "sample.address",
            ("campaign", &x.campaign_id),
            x.created_at,
        );
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.sample(brand, &x.campaign_id, &x.member_id).await
    }

    async fn ship_sample(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        (courier, tracking): (&str, &str),
        by: &str,
        at: i64,
    ) -> Result<Sample> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE samples SET courier = $4, tracking = $5, shipped_at = COALESCE(shipped_at, $6) \
             WHERE brand_id = $1 AND campaign_id = $2 AND member_id = $3 AND received_on IS NULL",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(member_id)
        .bind(courier)
        .bind(tracking)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict(
                match self.sample(brand, campaign_id, member_id).await {
                    Ok(_) => "sample_received",
                    Err(StoreError::NotFound) => "sample_not_requested",
                    Err(e) => return Err(e),
                },
            ));
        }
        let audit = AuditEntry::operator(brand, by, "sample.ship", ("campaign", campaign_id), at)
            .after(serde_json::json!({ "member_id": member_id, "courier": courier, "tracking": tracking }));
        insert_audit(&mut tx, &audit).await?;
        let title: String =
            sqlx::query_scalar("SELECT title FROM campaigns WHERE brand_id = $1 AND id = $2")
                .bind(brand)
                .bind(campaign_id)
                .fetch_one(&mut *tx)
                .await?;
        let note = Notification::new(
            brand,
            member_id,
            "sample_shipped",
            serde_json::json!({ "campaign_id": campaign_id, "campaign_title": title, "reason": format!("{courier} {tracking}") }),
            at,
        );
        insert_notifications(&mut tx, self.kind, vec![note]).await?;
        tx.commit().await?;
        self.sample(brand, campaign_id, member_id).await
    }

    async fn receive_sample(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        on: &str,
        at: i64,
    ) -> Result<Sample> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE samples SET received_on = $4 \
             WHERE brand_id = $1 AND campaign_id = $2 AND member_id = $3 AND shipped_at IS NOT NULL AND received_on IS NULL",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(member_id)
        .bind(on)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict(
                match self.sample(brand, campaign_id, member_id).await {
                    Ok(s) if s.shipped_at.is_some() => "sample_received",
                    Ok(_) | Err(StoreError::NotFound) => "sample_not_shipped",
                    Err(e) => return Err(e),
                },
            ));
        }
        let audit = AuditEntry::member(
            brand,
            member_id,
            "sample.receive",
            ("campaign", campaign_id),
            at,
        )
        .after(serde_json::json!({ "received_on": on }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.sample(brand, campaign_id, member_id).await
    }

    async fn samples(&self, brand: &str, campaign_id: &str) -> Result<Vec<Sample>> {
        let sql = format!("{SAMPLES} AND x.campaign_id = $2 ORDER BY x.created_at, x.member_id");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(campaign_id)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn sample(&self, brand: &str, campaign_id: &str, member_id: &str) -> Result<Sample> {
        let sql = format!("{SAMPLES} AND x.campaign_id = $2 AND x.member_id = $3");
        one(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(campaign_id)
            .bind(member_id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn appeal_submission(
        &self,
        brand: &str,
        member_id: &str,
        submission_id: &str,
        note: &str,
        at: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE submissions SET status = 'pending', appeal_note = $4, appealed_at = $5 \
             WHERE brand_id = $1 AND id = $2 AND member_id = $3 AND status = 'rejected' AND appealed_at IS NULL",
        )
        .bind(brand)
        .bind(submission_id)
        .bind(member_id)
        .bind(note)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            let s = self.submission(brand, submission_id).await?;
            if s.member_id != member_id {
                return Err(StoreError::NotFound);
            }
            return Err(StoreError::Conflict("not_appealable"));
        }
        let audit = AuditEntry::member(
            brand,
            member_id,
            "submission.appeal",
            ("submission", submission_id),
            at,
        )
        .before(serde_json::json!({ "status": "rejected" }))
        .after(serde_json::json!({ "status": "pending", "appeal": true }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn appeal_application(
        &self,
        brand: &str,
        member_id: &str,
        note: &str,
        at: i64,
    ) -> Result<Application> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE applications SET status = 'pending', appeal_note = $3, appealed_at = $4 \
             WHERE brand_id = $1 AND member_id = $2 AND status = 'rejected' AND appealed_at IS NULL",
        )
        .bind(brand)
        .bind(member_id)
        .bind(note)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.application_of(brand, member_id).await?;
            return Err(StoreError::Conflict("not_appealable"));
        }
        let app = sqlx::query_scalar::<_, String>(
            "SELECT id FROM applications WHERE brand_id = $1 AND member_id = $2",
        )
        .bind(brand)
        .bind(member_id)
        .fetch_one(&mut *tx)
        .await?;
        let audit = AuditEntry::member(
            brand,
            member_id,
            "application.appeal",
            ("application", &app),
            at,
        )
        .before(serde_json::json!({ "status": "rejected" }))
        .after(serde_json::json!({ "status": "pending", "appeal": true }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.application_of(brand, member_id).await
    }

    async fn operators(&self, brand: &str) -> Result<Vec<Operator>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, id, email, password_hash, role, created_at FROM operators WHERE brand_id = $1 ORDER BY created_at, id",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn create_operator_invite(
        &self,
        inv: &OperatorInvite,
        mail: Option<&OutboxMail>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO operator_invites (brand_id, token_hash, email, role, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&inv.brand_id)
        .bind(&inv.token_hash)
        .bind(&inv.email)
        .bind(&inv.role)
        .bind(&inv.created_by)
        .bind(inv.created_at)
        .bind(inv.expires_at)
        .execute(&mut *tx)
        .await?;
        if let Some(m) = mail {
            sqlx::query(
                "INSERT INTO outbox (brand_id, id, to_addr, subject, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&m.brand_id)
            .bind(&m.id)
            .bind(&m.to_addr)
            .bind(&m.subject)
            .bind(&m.body)
            .bind(m.created_at)
            .execute(&mut *tx)
            .await?;
        }
        // The address is the invitee's personal data: the log names the role only.
        let audit = AuditEntry::operator(
            &inv.brand_id,
            &inv.created_by,
            "operator.invite",
            ("operator_invite", &inv.token_hash[..16]),
            inv.created_at,
        )
        .after(serde_json::json!({ "role": inv.role, "mailed": mail.is_some() }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn operator_invite(&self, brand: &str, token_hash: &str) -> Result<OperatorInvite> {
        one(sqlx::query_as(
            "SELECT brand_id, token_hash, email, role, created_by, created_at, expires_at, accepted_at \
             FROM operator_invites WHERE brand_id = $1 AND token_hash = $2",
        )
        .bind(brand)
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn pending_operator_invites(&self, brand: &str, now: i64) -> Result<Vec<OperatorInvite>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, token_hash, email, role, created_by, created_at, expires_at, accepted_at \
             FROM operator_invites WHERE brand_id = $1 AND accepted_at IS NULL AND expires_at > $2 ORDER BY created_at DESC",
        )
        .bind(brand)
        .bind(now)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn accept_operator_invite(
        &self,
        token_hash: &str,
        op: &Operator,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE operator_invites SET accepted_at = $3 \
             WHERE brand_id = $1 AND token_hash = $2 AND accepted_at IS NULL AND expires_at > $3",
        )
        .bind(&op.brand_id)
        .bind(token_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            let inv = self.operator_invite(&op.brand_id, token_hash).await?;
            return Err(StoreError::Conflict(if inv.accepted_at.is_some() {
                "invitation_used"
            } else {
                "invitation_expired"
            }));
        }
        sqlx::query(
            "INSERT INTO operators (brand_id, id, email, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&op.brand_id)
        .bind(&op.id)
        .bind(&op.email)
        .bind(&op.password_hash)
        .bind(&op.role)
        .bind(op.created_at)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("operator_exists"))?;
        let audit = AuditEntry::operator(
            &op.brand_id,
            &op.id,
            "operator.join",
            ("operator", &op.id),
            now,
        )
        .after(serde_json::json!({ "role": op.role }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_operator_role(
        &self,
        brand: &str,
        id: &str,
        role: &str,
        by: &str,
        at: i64,
    ) -> Result<Operator> {
        let mut tx = self.pool.begin().await?;
        // The write first (the lock now), then the role it replaces.
        let found = sqlx::query("UPDATE operators SET id = id WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if found.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let before: String =
            sqlx::query_scalar("SELECT role FROM operators WHERE brand_id = $1 AND id = $2")
                .bind(brand)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query("UPDATE operators SET role = $3 WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
        if owners_in(&mut tx, brand).await? == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict("last_owner"));
        }
        let audit = AuditEntry::operator(brand, by, "operator.role", ("operator", id), at)
            .before(serde_json::json!({ "role": before }))
            .after(serde_json::json!({ "role": role }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.operator(brand, id).await
    }

    async fn remove_operator(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("DELETE FROM operators WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        if owners_in(&mut tx, brand).await? == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict("last_owner"));
        }
        sqlx::query(
            "DELETE FROM sessions WHERE brand_id = $1 AND kind = 'operator' AND subject_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let audit = AuditEntry::operator(brand, by, "operator.remove", ("operator", id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn unsent_mail(&self, limit: i64) -> Result<Vec<OutboxMail>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, id, to_addr, subject, body, created_at, sent_at, attempts, last_error FROM outbox \
             WHERE sent_at IS NULL AND attempts < 5 ORDER BY created_at, id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn mark_mail_sent(&self, brand: &str, id: &str, at: i64) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET sent_at = $3, attempts = attempts + 1, body = '', last_error = NULL \
             WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn mark_mail_failed(&self, brand: &str, id: &str, error: &str) -> Result<()> {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $3 WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .bind(error)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn outbox(&self, brand: &str, page: Page) -> Result<Vec<OutboxMail>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, id, to_addr, subject, '' AS body, created_at, sent_at, attempts, last_error FROM outbox \
             WHERE brand_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
        )
        .bind(brand)
        .bind(page.limit)
        .bind(page.offset)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn create_theme(&self, t: &Theme, by: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO themes (brand_id, id, month, title, description, created_at, artwork_id) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(&t.brand_id)
            .bind(&t.id)
            .bind(&t.month)
            .bind(&t.title)
            .bind(&t.description)
            .bind(t.created_at)
            .bind(&t.artwork_id)
            .execute(&mut *tx)
            .await
            .map_err(unique_as("theme_month_taken"))?;
        let audit = AuditEntry::operator(
            &t.brand_id,
            by,
            "theme.create",
            ("theme", &t.id),
            t.created_at,
        )
        .after(serde_json::json!({ "month": t.month, "title": t.title }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_theme(&self, t: &Theme, by: &str, at: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE themes SET title = $3, description = $4, artwork_id = $5 WHERE brand_id = $1 AND id = $2",
        )
        .bind(&t.brand_id)
        .bind(&t.id)
        .bind(&t.title)
        .bind(&t.description)
        .bind(&t.artwork_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let audit = AuditEntry::operator(&t.brand_id, by, "theme.update", ("theme", &t.id), at)
            .after(serde_json::json!({ "title": t.title, "artwork_id": t.artwork_id }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn themes(&self, brand: &str) -> Result<Vec<Theme>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, id, month, title, description, created_at, artwork_id FROM themes WHERE brand_id = $1 ORDER BY month DESC",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn theme(&self, brand: &str, id: &str) -> Result<Theme> {
        one(sqlx::query_as(
            "SELECT brand_id, id, month, title, description, created_at, artwork_id FROM themes WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn theme_by_month(&self, brand: &str, month: &str) -> Result<Theme> {
        one(sqlx::query_as(
            "SELECT brand_id, id, month, title, description, created_at, artwork_id FROM themes WHERE brand_id = $1 AND month = $2",
        )
        .bind(brand)
        .bind(month)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn create_campaign(&self, c: &Campaign, by: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO campaigns (brand_id, id, theme_id, title, brief, hashtags, platforms, slots, signup_closes, \
             publish_by, settlement_date, points_rule, multiplier_percent, status, created_at, disclosure_required, \
             min_tier, note_type, products, signup_opens, sample_days) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
        )
        .bind(&c.brand_id)
        .bind(&c.id)
        .bind(&c.theme_id)
        .bind(&c.title)
        .bind(&c.brief)
        .bind(to_json(&c.hashtags))
        .bind(to_json(&c.platforms))
        .bind(c.slots)
        .bind(&c.signup_closes)
        .bind(&c.publish_by)
        .bind(&c.settlement_date)
        .bind(to_json(&c.rules))
        .bind(c.multiplier_percent)
        .bind(&c.status)
        .bind(c.created_at)
        .bind(i64::from(c.disclosure_required))
        .bind(c.min_tier.as_str())
        .bind(&c.note_type)
        .bind(to_json(&c.products))
        .bind(&c.signup_opens)
        .bind(c.sample_days)
        .execute(&mut *tx)
        .await?;
        let audit = AuditEntry::operator(
            &c.brand_id,
            by,
            if c.status == "draft" {
                "campaign.create"
            } else {
                "campaign.publish"
            },
            ("campaign", &c.id),
            c.created_at,
        )
        .after(serde_json::json!({
            "theme_id": c.theme_id,
            "title": c.title,
            "slots": c.slots,
            "rule_version": c.rules.version,
            "multiplier_percent": c.multiplier_percent,
            "disclosure_required": c.disclosure_required,
        }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn campaigns(&self, brand: &str, theme_id: &str) -> Result<Vec<Campaign>> {
        let sql = concat!(
            "SELECT ",
            campaign_columns!(),
            " FROM campaigns c WHERE c.brand_id = $1 AND c.theme_id = $2 ORDER BY c.created_at, c.id"
        );
        sqlx::query_as::<_, CampaignRow>(sql)
            .bind(brand)
            .bind(theme_id)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(CampaignRow::decode)
            .collect()
    }

    async fn campaign(&self, brand: &str, id: &str) -> Result<Campaign> {
        campaign_in(&mut *self.pool.acquire().await?, brand, id).await
    }

    async fn create_signup(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        at: i64,
    ) -> Result<Signup> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO signups (brand_id, campaign_id, member_id, created_at) VALUES ($1, $2, $3, $4)")
            .bind(brand)
            .bind(campaign_id)
            .bind(member_id)
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(unique_as("already_signed_up"))?;
        // After the selection, a new sign-up joins the end of the waitlist.
        sqlx::query(
            "UPDATE signups SET status = 'waitlisted', decided_at = $4, waitlist_pos = \
               (SELECT COALESCE(MAX(w.waitlist_pos), 0) + 1 FROM signups w \
                WHERE w.brand_id = $1 AND w.campaign_id = $2 AND w.status = 'waitlisted') \
             WHERE brand_id = $1 AND campaign_id = $2 AND member_id = $3 AND EXISTS \
               (SELECT 1 FROM campaigns c WHERE c.brand_id = $1 AND c.id = $2 AND c.selected_at IS NOT NULL)",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(member_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE campaigns SET signup_count = signup_count + 1 WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
        let signup = signup_in(&mut tx, brand, campaign_id, member_id).await?;
        tx.commit().await?;
        Ok(signup)
    }

    async fn signup(&self, brand: &str, campaign_id: &str, member_id: &str) -> Result<Signup> {
        signup_in(
            &mut *self.pool.acquire().await?,
            brand,
            campaign_id,
            member_id,
        )
        .await
    }

    async fn member_signups_in_theme(
        &self,
        brand: &str,
        theme_id: &str,
        member_id: &str,
    ) -> Result<Vec<Signup>> {
        Ok(sqlx::query_as(
            "SELECT g.campaign_id, g.member_id, g.status, g.waitlist_pos, g.created_at, g.decided_at \
             FROM signups g JOIN campaigns c ON c.brand_id = g.brand_id AND c.id = g.campaign_id \
             WHERE g.brand_id = $1 AND g.member_id = $2 AND c.theme_id = $3",
        )
        .bind(brand)
        .bind(member_id)
        .bind(theme_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn update_campaign(&self, c: &Campaign, by: &str, at: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE campaigns SET title = $3, brief = $4, hashtags = $5, platforms = $6, slots = $7, signup_closes = $8, \
             publish_by = $9, settlement_date = $10, multiplier_percent = $11, disclosure_required = $12, min_tier = $13, \
             note_type = $14, products = $15, signup_opens = $16, sample_days = $17 \
             WHERE brand_id = $1 AND id = $2 AND status = 'draft'",
        )
        .bind(&c.brand_id)
        .bind(&c.id)
        .bind(&c.title)
        .bind(&c.brief)
        .bind(to_json(&c.hashtags))
        .bind(to_json(&c.platforms))
        .bind(c.slots)
        .bind(&c.signup_closes)
        .bind(&c.publish_by)
        .bind(&c.settlement_date)
        .bind(c.multiplier_percent)
        .bind(i64::from(c.disclosure_required))
        .bind(c.min_tier.as_str())
        .bind(&c.note_type)
        .bind(to_json(&c.products))
        .bind(&c.signup_opens)
        .bind(c.sample_days)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.campaign(&c.brand_id, &c.id).await?;
            return Err(StoreError::Conflict("not_draft"));
        }
        let audit =
            AuditEntry::operator(&c.brand_id, by, "campaign.update", ("campaign", &c.id), at)
                .after(campaign_audit(c));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn publish_campaign(
        &self,
        brand: &str,
        id: &str,
        set: &rules::RuleSet,
        by: &str,
        at: i64,
    ) -> Result<Campaign> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE campaigns SET status = 'published', points_rule = $3 \
             WHERE brand_id = $1 AND id = $2 AND status = 'draft'",
        )
        .bind(brand)
        .bind(id)
        .bind(to_json(set))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.campaign(brand, id).await?;
            return Err(StoreError::Conflict("not_draft"));
        }
        let audit = AuditEntry::operator(brand, by, "campaign.publish", ("campaign", id), at)
            .before(serde_json::json!({ "status": "draft" }))
            .after(serde_json::json!({ "status": "published", "rule_version": set.version }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.campaign(brand, id).await
    }

    async fn close_campaign(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<Campaign> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE campaigns SET status = 'closed' WHERE brand_id = $1 AND id = $2 AND status = 'published'",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.campaign(brand, id).await?;
            return Err(StoreError::Conflict("not_published"));
        }
        let c = campaign_in(&mut tx, brand, id).await?;
        end_waitlist(&mut tx, self.kind, &c, at).await?;
        let audit = AuditEntry::operator(brand, by, "campaign.close", ("campaign", id), at)
            .before(serde_json::json!({ "status": "published" }))
            .after(serde_json::json!({ "status": "closed" }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.campaign(brand, id).await
    }

    async fn confirm_selection(
        &self,
        brand: &str,
        campaign_id: &str,
        selected: &[String],
        waitlist: &[String],
        by: &str,
        at: i64,
    ) -> Result<Campaign> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE campaigns SET selected_at = $3 \
             WHERE brand_id = $1 AND id = $2 AND status = 'published' AND selected_at IS NULL AND slots >= $4",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(at)
        .bind(selected.len() as i64)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            let c = self.campaign(brand, campaign_id).await?;
            return Err(StoreError::Conflict(if c.status != "published" {
                "not_published"
            } else if c.selected_at.is_some() {
                "selection_confirmed"
            } else {
                "too_many_selected"
            }));
        }
        let c = campaign_in(&mut tx, brand, campaign_id).await?;
        // Whoever signed up after the ranking was read queues behind it.
        let late: Vec<String> = sqlx::query_scalar(
            "SELECT member_id FROM signups WHERE brand_id = $1 AND campaign_id = $2 AND status = 'pending' \
             ORDER BY created_at, member_id",
        )
        .bind(brand)
        .bind(campaign_id)
        .fetch_all(&mut *tx)
        .await?;
        let mut rows: Vec<(&str, &str, Option<i64>)> = Vec::new();
        for m in selected {
            rows.push((m, "selected", None));
        }
        let mut queue: Vec<&str> = waitlist.iter().map(String::as_str).collect();
        for m in &late {
            if !selected.contains(m) && !waitlist.contains(m) {
                queue.push(m);
            }
        }
        for (i, m) in queue.iter().enumerate() {
            rows.push((m, "waitlisted", Some(i as i64 + 1)));
        }
        let changed = set_signups(
            &mut tx,
            self.kind,
            brand,
            campaign_id,
            &rows,
            "pending",
            Some(at),
        )
        .await?;
        if changed != rows.len() as u64 {
            tx.rollback().await?;
            return Err(StoreError::Conflict("not_signed_up"));
        }
        set_selected_count(&mut tx, brand, campaign_id).await?;
        let inbox = rows
            .iter()
            .map(|(m, status, pos)| {
                let mut detail = signup_detail(&c);
                detail["waitlist_pos"] = (*pos).into();
                Notification::new(brand, m, status, detail, at)
            })
            .collect();
        insert_notifications(&mut tx, self.kind, inbox).await?;
        let audit =
            AuditEntry::operator(brand, by, "campaign.select", ("campaign", campaign_id), at)
                .after(serde_json::json!({ "selected": selected, "waitlisted": queue.len() }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.campaign(brand, campaign_id).await
    }

    async fn swap_selection(
        &self,
        brand: &str,
        campaign_id: &str,
        out: Option<&str>,
        into: Option<&str>,
        by: &str,
        at: i64,
    ) -> Result<Campaign> {
        let mut tx = self.pool.begin().await?;
        lock_campaign(&mut tx, brand, campaign_id).await?;
        let c = campaign_in(&mut tx, brand, campaign_id).await?;
        if c.selected_at.is_none() || c.status != "published" {
            tx.rollback().await?;
            return Err(StoreError::Conflict("selection_not_confirmed"));
        }
        if let Some(m) = out {
            let n = set_signups(
                &mut tx,
                self.kind,
                brand,
                campaign_id,
                &[(m, "not_selected", None)],
                "selected",
                Some(at),
            )
            .await?;
            if n == 0 {
                tx.rollback().await?;
                return Err(StoreError::Conflict("swap_out_not_selected"));
            }
        }
        if let Some(m) = into {
            let mut n = set_signups(
                &mut tx,
                self.kind,
                brand,
                campaign_id,
                &[(m, "selected", None)],
                "waitlisted",
                Some(at),
            )
            .await?;
            if n == 0 {
                n = set_signups(
                    &mut tx,
                    self.kind,
                    brand,
                    campaign_id,
                    &[(m, "selected", None)],
                    "not_selected",
                    Some(at),
                )
                .await?;
            }
            if n == 0 {
                tx.rollback().await?;
                return Err(StoreError::Conflict("swap_in_not_waiting"));
            }
        }
        if set_selected_count(&mut tx, brand, campaign_id).await? > c.slots {
            tx.rollback().await?;
            return Err(StoreError::Conflict("too_many_selected"));
        }
        renumber_waitlist(&mut tx, self.kind, brand, campaign_id).await?;
        let mut inbox = Vec::new();
        if let Some(m) = out {
            inbox.push(Notification::new(
                brand,
                m,
                "not_selected",
                signup_detail(&c),
                at,
            ));
        }
        if let Some(m) = into {
            inbox.push(Notification::new(
                brand,
                m,
                "selected",
                signup_detail(&c),
                at,
            ));
        }
        insert_notifications(&mut tx, self.kind, inbox).await?;
        let audit = AuditEntry::operator(brand, by, "campaign.swap", ("campaign", campaign_id), at)
            .after(serde_json::json!({ "out": out, "in": into }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.campaign(brand, campaign_id).await
    }

    async fn withdraw_signup(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        at: i64,
    ) -> Result<Signup> {
        let mut tx = self.pool.begin().await?;
        lock_campaign(&mut tx, brand, campaign_id).await?;
        let c = campaign_in(&mut tx, brand, campaign_id).await?;
        let before = match signup_in(&mut tx, brand, campaign_id, member_id).await {
            Err(StoreError::NotFound) => {
                tx.rollback().await?;
                return Err(StoreError::Conflict("not_signed_up"));
            }
            other => other?,
        };
        let refuse = if c.status != "published" {
            Some("campaign_closed")
        } else if !matches!(
            before.status.as_str(),
            "pending" | "selected" | "waitlisted"
        ) {
            Some("not_withdrawable")
        } else {
            let notes: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM submissions WHERE brand_id = $1 AND campaign_id = $2 AND member_id = $3",
            )
            .bind(brand)
            .bind(campaign_id)
            .bind(member_id)
            .fetch_one(&mut *tx)
            .await?;
            (notes > 0).then_some("note_submitted")
        };
        if let Some(code) = refuse {
            tx.rollback().await?;
            return Err(StoreError::Conflict(code));
        }
        set_signups(
            &mut tx,
            self.kind,
            brand,
            campaign_id,
            &[(member_id, "withdrawn", None)],
            &before.status,
            Some(at),
        )
        .await?;
        sqlx::query(
            "UPDATE campaigns SET signup_count = signup_count - 1 WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
        // A freed place goes to the first on the waitlist.
        let mut promoted: Option<String> = None;
        if before.status == "selected" {
            promoted = sqlx::query_scalar(
                "SELECT member_id FROM signups WHERE brand_id = $1 AND campaign_id = $2 AND status = 'waitlisted' \
                 ORDER BY waitlist_pos, member_id LIMIT 1",
            )
            .bind(brand)
            .bind(campaign_id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(m) = &promoted {
                set_signups(
                    &mut tx,
                    self.kind,
                    brand,
                    campaign_id,
                    &[(m.as_str(), "selected", None)],
                    "waitlisted",
                    Some(at),
                )
                .await?;
                let mut detail = signup_detail(&c);
                detail["moved_up"] = true.into();
                insert_notifications(
                    &mut tx,
                    self.kind,
                    vec![Notification::new(brand, m, "selected", detail, at)],
                )
                .await?;
            }
            set_selected_count(&mut tx, brand, campaign_id).await?;
        }
        renumber_waitlist(&mut tx, self.kind, brand, campaign_id).await?;
        let audit = AuditEntry::member(
            brand,
            member_id,
            "signup.withdraw",
            ("campaign", campaign_id),
            at,
        )
        .before(serde_json::json!({ "status": before.status }))
        .after(serde_json::json!({ "status": "withdrawn", "promoted": promoted }));
        insert_audit(&mut tx, &audit).await?;
        let after = signup_in(&mut tx, brand, campaign_id, member_id).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn notifications(
        &self,
        brand: &str,
        member_id: &str,
        page: Page,
    ) -> Result<Vec<Notification>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, id, member_id, kind, detail, created_at, read_at FROM notifications \
             WHERE brand_id = $1 AND member_id = $2 ORDER BY id DESC LIMIT $3 OFFSET $4",
        )
        .bind(brand)
        .bind(member_id)
        .bind(page.limit)
        .bind(page.offset)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn unread_notifications(&self, brand: &str, member_id: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE brand_id = $1 AND member_id = $2 AND read_at IS NULL",
        )
        .bind(brand)
        .bind(member_id)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn mark_notifications_read(&self, brand: &str, member_id: &str, at: i64) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE notifications SET read_at = $3 WHERE brand_id = $1 AND member_id = $2 AND read_at IS NULL",
        )
        .bind(brand)
        .bind(member_id)
        .bind(at)
        .execute(&self.pool)
        .await?
        .rows_affected())
    }

    async fn create_submission(&self, s: &Submission) -> Result<()> {
        sqlx::query(concat!(
            "INSERT INTO submissions (",
            submission_columns!(),
            ") \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
        ))
        .bind(&s.brand_id)
        .bind(&s.id)
        .bind(&s.campaign_id)
        .bind(&s.member_id)
        .bind(&s.platform)
        .bind(&s.note_id)
        .bind(&s.canonical_url)
        .bind(&s.original_url)
        .bind(&s.status)
        .bind(&s.reason)
        .bind(s.created_at)
        .bind(s.reviewed_at)
        .bind(&s.reviewed_by)
        .bind(s.settled_points)
        .bind(s.settled_interactions)
        .bind(i64::from(s.disclosure_declared))
        .bind(i64::from(s.disclosure_confirmed))
        .bind(&s.screenshot_id)
        .bind(&s.client_hash)
        .execute(&self.pool)
        .await
        .map_err(unique_as("note_already_submitted"))?;
        Ok(())
    }

    async fn submission(&self, brand: &str, id: &str) -> Result<Submission> {
        let sql = concat!(
            "SELECT ",
            submission_columns!(),
            " FROM submissions WHERE brand_id = $1 AND id = $2"
        );
        one(sqlx::query_as(sql)
            .bind(brand)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn submissions(
        &self,
        brand: &str,
        f: &SubmissionFilter,
        page: Page,
    ) -> Result<Vec<SubmissionDetail>> {
        let (sql, args) = submissions_query(brand, f);
        let mut q = sqlx::query_as::<_, SubmissionDetail>(sqlx::AssertSqlSafe(sql));
        for a in args {
            q = q.bind(a);
        }
        Ok(q.bind(page.limit)
            .bind(page.offset)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn submission_flags(
        &self,
        brand: &str,
        ids: &[String],
    ) -> Result<Vec<(String, &'static str)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = (0..ids.len())
            .map(|i| format!("${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT s.id, \
               (SELECT COUNT(*) FROM submissions o WHERE o.brand_id = s.brand_id AND o.member_id = s.member_id \
                  AND o.id <> s.id AND o.created_at BETWEEN s.created_at - 600 AND s.created_at + 600) AS burst, \
               (SELECT COUNT(*) FROM submissions o WHERE o.brand_id = s.brand_id AND s.client_hash IS NOT NULL \
                  AND o.client_hash = s.client_hash AND o.member_id <> s.member_id) AS shared, \
               (SELECT COUNT(*) FROM audit_log a WHERE a.brand_id = s.brand_id AND a.target_id = s.id \
                  AND a.action = 'submission.duplicate_attempt') AS claimed \
             FROM submissions s WHERE s.brand_id = $1 AND s.id IN ({list})"
        );
        let mut q =
            sqlx::query_as::<_, (String, i64, i64, i64)>(sqlx::AssertSqlSafe(sql)).bind(brand);
        for id in ids {
            q = q.bind(id);
        }
        let mut out = Vec::new();
        for (id, burst, shared, claimed) in q.fetch_all(&self.pool).await? {
            if burst >= 3 {
                out.push((id.clone(), "burst"));
            }
            if shared > 0 {
                out.push((id.clone(), "shared_device"));
            }
            if claimed > 0 {
                out.push((id, "claimed_by_other"));
            }
        }
        Ok(out)
    }

    async fn decide_submission(
        &self,
        brand: &str,
        id: &str,
        d: &DecisionRecord,
    ) -> Result<Submission> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE submissions SET status = $3, reason = $4, reviewed_at = $5, reviewed_by = $6, \
             disclosure_confirmed = $7 WHERE brand_id = $1 AND id = $2 AND status = 'pending'",
        )
        .bind(brand)
        .bind(id)
        .bind(if d.approve { "approved" } else { "rejected" })
        .bind(&d.reason)
        .bind(d.at)
        .bind(&d.by)
        .bind(i64::from(d.disclosure_confirmed))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.submission(brand, id).await?;
            return Err(StoreError::Conflict("already_decided"));
        }
        insert_audit(&mut tx, &decision_audit(brand, "submission", id, d)).await?;
        let (member, campaign_id, title): (String, String, String) = sqlx::query_as(
            "SELECT s.member_id, s.campaign_id, c.title FROM submissions s \
             JOIN campaigns c ON c.brand_id = s.brand_id AND c.id = s.campaign_id \
             WHERE s.brand_id = $1 AND s.id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let note = Notification::new(
            brand,
            &member,
            if d.approve {
                "note_approved"
            } else {
                "note_rejected"
            },
            serde_json::json!({
                "submission_id": id,
                "campaign_id": campaign_id,
                "campaign_title": title,
                "reason": d.reason,
            }),
            d.at,
        );
        insert_notifications(&mut tx, self.kind, vec![note]).await?;
        tx.commit().await?;
        self.submission(brand, id).await
    }

    async fn put_metrics(&self, brand: &str, submission_id: &str, m: &Snapshot) -> Result<()> {
        // A settled note keeps the figures it was settled on.
        let mut tx = self.pool.begin().await?;
        // The write comes first (the module's rule: SQLite takes its lock
        // now, not on a later upgrade; PostgreSQL locks the note's row, so
        // the figures read next are the ones this write replaces).
        sqlx::query("UPDATE submissions SET id = id WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(submission_id)
            .execute(&mut *tx)
            .await?;
        let before: Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT likes, comments, saves FROM metric_snapshots WHERE brand_id = $1 AND submission_id = $2 AND snapshot_date = $3",
        )
        .bind(brand)
        .bind(submission_id)
        .bind(&m.snapshot_date)
        .fetch_optional(&mut *tx)
        .await?;
        let done = sqlx::query(
            "INSERT INTO metric_snapshots (brand_id, submission_id, snapshot_date, likes, comments, saves, recorded_at, recorded_by) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM submissions \
             WHERE brand_id = $1 AND id = $2 AND settled_points IS NULL \
             ON CONFLICT (brand_id, submission_id, snapshot_date) DO UPDATE SET \
             likes = excluded.likes, comments = excluded.comments, saves = excluded.saves, \
             recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
        )
        .bind(brand)
        .bind(submission_id)
        .bind(&m.snapshot_date)
        .bind(m.likes)
        .bind(m.comments)
        .bind(m.saves)
        .bind(m.recorded_at)
        .bind(&m.recorded_by)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let sub = sqlx::query(
                "SELECT settled_points FROM submissions WHERE brand_id = $1 AND id = $2",
            )
            .bind(brand)
            .bind(submission_id)
            .fetch_optional(&mut *tx)
            .await?;
            tx.rollback().await?;
            return Err(match sub {
                None => StoreError::NotFound,
                Some(_) => StoreError::Conflict("already_settled"),
            });
        }
        let figures = |(likes, comments, saves): (i64, i64, i64)| serde_json::json!({ "date": m.snapshot_date, "likes": likes, "comments": comments, "saves": saves });
        let mut audit = AuditEntry::operator(
            brand,
            &m.recorded_by,
            "metrics.record",
            ("submission", submission_id),
            m.recorded_at,
        )
        .after(figures((m.likes, m.comments, m.saves)));
        audit.before = before.map(|b| figures(b).to_string());
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn import_metrics(&self, brand: &str, rows: &[(String, Snapshot)]) -> Result<(u64, u64)> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE brands SET id = id WHERE id = $1")
            .bind(brand)
            .execute(&mut *tx)
            .await?;
        let (mut changed, mut unchanged) = (0u64, 0u64);
        let mut audits = Vec::new();
        for (submission, m) in rows {
            let settled: Option<Option<i64>> = sqlx::query_scalar(
                "SELECT settled_points FROM submissions WHERE brand_id = $1 AND id = $2",
            )
            .bind(brand)
            .bind(submission)
            .fetch_optional(&mut *tx)
            .await?;
            match settled {
                None => {
                    tx.rollback().await?;
                    return Err(StoreError::NotFound);
                }
                Some(Some(_)) => {
                    tx.rollback().await?;
                    return Err(StoreError::Conflict("already_settled"));
                }
                Some(None) => {}
            }
            let before: Option<(i64, i64, i64)> = sqlx::query_as(
                "SELECT likes, comments, saves FROM metric_snapshots \
                 WHERE brand_id = $1 AND submission_id = $2 AND snapshot_date = $3",
            )
            .bind(brand)
            .bind(submission)
            .bind(&m.snapshot_date)
            .fetch_optional(&mut *tx)
            .await?;
            if before == Some((m.likes, m.comments, m.saves)) {
                unchanged += 1;
                continue;
            }
            sqlx::query(
                "INSERT INTO metric_snapshots (brand_id, submission_id, snapshot_date, likes, comments, saves, recorded_at, recorded_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (brand_id, submission_id, snapshot_date) DO UPDATE SET \
                 likes = excluded.likes, comments = excluded.comments, saves = excluded.saves, \
                 recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
            )
            .bind(brand)
            .bind(submission)
            .bind(&m.snapshot_date)
            .bind(m.likes)
            .bind(m.comments)
            .bind(m.saves)
            .bind(m.recorded_at)
            .bind(&m.recorded_by)
            .execute(&mut *tx)
            .await?;
            changed += 1;
            let figures = |(likes, comments, saves): (i64, i64, i64)| serde_json::json!({ "date": m.snapshot_date, "likes": likes, "comments": comments, "saves": saves });
            let mut audit = AuditEntry::operator(
                brand,
                &m.recorded_by,
                "metrics.import",
                ("submission", submission),
                m.recorded_at,
            )
            .after(figures((m.likes, m.comments, m.saves)));
            audit.before = before.map(|b| figures(b).to_string());
            audits.push(audit);
        }
        for a in &audits {
            insert_audit(&mut tx, a).await?;
        }
        tx.commit().await?;
        Ok((changed, unchanged))
    }

    async fn notes_by_key(&self, brand: &str, keys: &[(String, String)]) -> Result<Vec<NoteRef>> {
        let mut out = Vec::new();
        for chunk in keys.chunks(400) {
            let sql = format!(
                "SELECT s.platform, s.note_id, s.id AS submission_id, s.member_id, s.status, s.settled_points, \
                   c.title AS campaign_title, COALESCE(a.display_name, '') AS member_name \
                 FROM submissions s JOIN campaigns c ON c.brand_id = s.brand_id AND c.id = s.campaign_id \
                 LEFT JOIN applications a ON a.brand_id = s.brand_id AND a.member_id = s.member_id \
                 WHERE s.brand_id = $1 AND (s.platform, s.note_id) IN (VALUES {})",
                tuples(chunk.len(), 2, 2)
            );
            let mut q = sqlx::query_as::<_, NoteRef>(sqlx::AssertSqlSafe(sql)).bind(brand);
            for (platform, note) in chunk {
                q = q.bind(platform).bind(note);
            }
            out.extend(q.fetch_all(&self.pool).await?);
        }
        Ok(out)
    }

    async fn metric_history(&self, brand: &str, submission_id: &str) -> Result<Vec<Snapshot>> {
        Ok(sqlx::query_as(
            "SELECT snapshot_date, likes, comments, saves, recorded_at, recorded_by FROM metric_snapshots \
             WHERE brand_id = $1 AND submission_id = $2 ORDER BY snapshot_date",
        )
        .bind(brand)
        .bind(submission_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn pending_in_campaign(&self, brand: &str, campaign_id: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(PENDING_IN_CAMPAIGN)
            .bind(brand)
            .bind(campaign_id)
            .fetch_one(&self.pool)
            .await?)
    }

    async fn settlement_notes(
        &self,
        brand: &str,
        campaign_id: &str,
    ) -> Result<Vec<SettlementNote>> {
        let c = self.campaign(brand, campaign_id).await?;
        let mut notes: Vec<SettlementNote> = sqlx::query_as(
            "SELECT s.id AS submission_id, s.member_id, COALESCE(a.display_name, '') AS member_name, s.platform, s.note_id, \
               m.likes, m.comments, m.saves, s.settled_points, s.settled_interactions FROM submissions s \
             LEFT JOIN metric_snapshots m ON m.brand_id = s.brand_id AND m.submission_id = s.id \
               AND m.snapshot_date = (SELECT MAX(x.snapshot_date) FROM metric_snapshots x \
                 WHERE x.brand_id = s.brand_id AND x.submission_id = s.id AND x.snapshot_date <= $3) \
             LEFT JOIN applications a ON a.brand_id = s.brand_id AND a.member_id = s.member_id \
             WHERE s.brand_id = $1 AND s.campaign_id = $2 AND s.status = 'approved'",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(&c.settlement_date)
        .fetch_all(&self.pool)
        .await?;
        notes.sort_unstable_by(|a, b| {
            (&a.member_id, &a.submission_id).cmp(&(&b.member_id, &b.submission_id))
        });
        Ok(notes)
    }

    async fn latest_metrics(
        &self,
        brand: &str,
        submission_id: &str,
        date: &str,
    ) -> Result<Option<Snapshot>> {
        Ok(sqlx::query_as(
            "SELECT snapshot_date, likes, comments, saves, recorded_at, recorded_by FROM metric_snapshots \
             WHERE brand_id = $1 AND submission_id = $2 AND snapshot_date <= $3 ORDER BY snapshot_date DESC LIMIT 1",
        )
        .bind(brand)
        .bind(submission_id)
        .bind(date)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn settle_campaign(
        &self,
        brand: &str,
        campaign_id: &str,
        by: &str,
        at: i64,
        offset_minutes: i32,
    ) -> Result<Settlement> {
        let campaign = self.campaign(brand, campaign_id).await?;
        let mut tx = self.pool.begin().await?;
        // The write comes first: it takes SQLite's write lock at once, and on
        // PostgreSQL a concurrent settle waits here, then finds it settled.
        let claimed = sqlx::query(
            "INSERT INTO settlements (brand_id, campaign_id, notes, points_total, settled_at, settled_by) \
             VALUES ($1, $2, 0, 0, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(at)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            tx.rollback().await?;
            return self.settlement(brand, campaign_id).await;
        }
        let pending: i64 = sqlx::query_scalar(PENDING_IN_CAMPAIGN)
            .bind(brand)
            .bind(campaign_id)
            .fetch_one(&mut *tx)
            .await?;
        if pending > 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict("submissions_pending"));
        }
        let notes: Vec<SettleRow> = sqlx::query_as(
            "SELECT s.id, s.member_id, s.created_at, s.platform, s.note_id, m.likes, m.comments, m.saves FROM submissions s \
             LEFT JOIN metric_snapshots m ON m.brand_id = s.brand_id AND m.submission_id = s.id \
               AND m.snapshot_date = (SELECT MAX(x.snapshot_date) FROM metric_snapshots x \
                 WHERE x.brand_id = s.brand_id AND x.submission_id = s.id AND x.snapshot_date <= $3) \
             WHERE s.brand_id = $1 AND s.campaign_id = $2 AND s.status = 'approved'",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(&campaign.settlement_date)
        .fetch_all(&mut *tx)
        .await?;
        // Sorted here, not by the query: `ORDER BY id` could tempt a planner
        // to walk the brand's whole primary key instead of the campaign index.
        let mut notes = notes;
        notes.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        // Tiers move with this settlement: each member's state and earlier
        // notes are read before this campaign's notes are marked settled,
        // for all of the campaign's members in two queries.
        let mut tiers: std::collections::BTreeMap<&str, MemberTiers> = notes
            .iter()
            .map(|n| (n.member_id.as_str(), MemberTiers::default()))
            .collect();
        let earlier: Vec<MemberNoteRow> = sqlx::query_as(CAMPAIGN_MEMBERS_SETTLED_NOTES)
            .bind(brand)
            .bind(campaign_id)
            .fetch_all(&mut *tx)
            .await?;
        for row in earlier {
            if let Some(t) = tiers.get_mut(row.member_id.as_str()) {
                t.before.push(row.note.decode(offset_minutes)?);
            }
        }
        let history: Vec<MemberTierRow> = sqlx::query_as(CAMPAIGN_MEMBERS_TIER_CHANGES)
            .bind(brand)
            .bind(campaign_id)
            .fetch_all(&mut *tx)
            .await?;
        for row in history {
            if let Some(t) = tiers.get_mut(row.member_id.as_str()) {
                let (change, last_demotion) = row.change.decode()?;
                t.seq += 1;
                t.state = rules::TierState {
                    tier: change.to,
                    last_demotion,
                };
            }
        }
        let settled_on = rules::CivilDate::parse(&campaign.settlement_date)
            .ok_or_else(|| StoreError::Corrupt("campaign settlement_date".into()))?;
        let mut total = 0i64;
        let mut credited: std::collections::BTreeMap<&str, i64> = Default::default();
        for chunk in notes.chunks(batch_rows(self.kind)) {
            let mut ledger = Vec::with_capacity(chunk.len());
            let mut settled = Vec::with_capacity(chunk.len());
            for n in chunk {
                let metrics = rules::Metrics {
                    likes: n.likes.unwrap_or(0),
                    comments: n.comments.unwrap_or(0),
                    saves: n.saves.unwrap_or(0),
                };
                let platform = rules::Platform::parse(&n.platform)
                    .ok_or_else(|| StoreError::Corrupt(format!("platform {}", n.platform)))?;
                let breakdown = campaign.rules.points.points_for(rules::NoteInput {
                    metrics,
                    platform,
                    multiplier_percent: campaign.multiplier_percent,
                });
                if let Some(t) = tiers.get_mut(n.member_id.as_str()) {
                    t.new.push(rules::SettledNote {
                        id: n.id.clone(),
                        published: rules::CivilDate::from_unix(n.created_at, offset_minutes),
                        settled: settled_on,
                        interactions: breakdown.interactions,
                    });
                }
                total += breakdown.total;
                *credited.entry(n.member_id.as_str()).or_insert(0) += breakdown.total;
                let detail = serde_json::json!({
                    "campaign_id": campaign.id,
                    "campaign_title": campaign.title,
                    "platform": n.platform,
                    "note_id": n.note_id,
                    "breakdown": breakdown,
                });
                ledger.push(vec![
                    Cell::Text(Some(brand.to_string())),
                    Cell::Text(Some(new_id())),
                    Cell::Text(Some(n.member_id.clone())),
                    Cell::Int(Some(breakdown.total)),
                    Cell::Text(Some("note_settled".into())),
                    Cell::Text(Some(campaign.title.clone())),
                    Cell::Text(Some(detail.to_string())),
                    Cell::Text(Some("submission".into())),
                    Cell::Text(Some(n.id.clone())),
                    Cell::Int(Some(at)),
                ]);
                settled.push((n.id.as_str(), breakdown.total, breakdown.interactions));
            }
            insert_rows(
                &mut tx,
                "ledger_entries",
                &LEDGER_COLUMNS,
                &mut ledger,
                "ON CONFLICT DO NOTHING",
            )
            .await?;
            mark_settled(&mut tx, brand, &settled).await?;
        }
        let mut changes = Vec::new();
        for (member, t) in &tiers {
            let outcome = rules::tier::advance(t.state, &t.before, &t.new, &campaign.rules.tiers);
            for (i, change) in outcome.changes.iter().enumerate() {
                changes.push(vec![
                    Cell::Text(Some(brand.to_string())),
                    Cell::Text(Some(member.to_string())),
                    Cell::Int(Some(t.seq + i as i64)),
                    Cell::Text(Some(change.date.to_string())),
                    Cell::Text(Some(change.from.as_str().into())),
                    Cell::Text(Some(change.to.as_str().into())),
                    Cell::Text(Some(to_json(&change.reason))),
                    Cell::Text(outcome.state.last_demotion.map(|d| d.to_string())),
                    Cell::Int(Some(at)),
                ]);
            }
        }
        while !changes.is_empty() {
            let mut batch: Vec<Vec<Cell>> = changes
                .drain(..changes.len().min(batch_rows(self.kind)))
                .collect();
            insert_rows(
                &mut tx,
                "tier_changes",
                &TIER_CHANGE_COLUMNS,
                &mut batch,
                "",
            )
            .await?;
        }
        sqlx::query("UPDATE settlements SET notes = $3, points_total = $4 WHERE brand_id = $1 AND campaign_id = $2")
            .bind(brand)
            .bind(campaign_id)
            .bind(notes.len() as i64)
            .bind(total)
            .execute(&mut *tx)
            .await?;
        let inbox = credited
            .iter()
            .map(|(member, points)| {
                let detail = serde_json::json!({
                    "campaign_id": campaign.id,
                    "campaign_title": campaign.title,
                    "points": points,
                });
                Notification::new(brand, member, "points_credited", detail, at)
            })
            .collect();
        insert_notifications(&mut tx, self.kind, inbox).await?;
        end_waitlist(&mut tx, self.kind, &campaign, at).await?;
        sqlx::query("UPDATE campaigns SET status = 'settled' WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(campaign_id)
            .execute(&mut *tx)
            .await?;
        let audit = AuditEntry::operator(
            brand,
            by,
            "campaign.settle",
            ("campaign", campaign_id),
            at,
        )
        .before(serde_json::json!({ "status": campaign.status }))
        .after(
            serde_json::json!({ "status": "settled", "notes": notes.len(), "points_total": total }),
        );
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.settlement(brand, campaign_id).await
    }

    async fn record_audit(&self, e: &AuditEntry) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        insert_audit(&mut conn, e).await
    }

    async fn audit_log(&self, brand: &str, f: &AuditFilter, page: Page) -> Result<Vec<AuditEntry>> {
        // As for submissions: only the filters given become conditions, so
        // each shape of query can use its index.
        let mut sql = String::from(
            "SELECT brand_id, id, actor_kind, actor_id, action, target_kind, target_id, before_json, after_json, at \
             FROM audit_log WHERE brand_id = $1",
        );
        let mut args = vec![Cell::Text(Some(brand.to_string()))];
        let mut narrow = |condition: &str, arg: Cell| {
            args.push(arg);
            sql.push_str(&format!(" AND {condition} ${}", args.len()));
        };
        if let Some(a) = &f.action {
            if a.ends_with('.') {
                // A prefix. Callers pass only `[a-z_.]` (checked at the
                // edge), so the text holds no LIKE wildcard of its own.
                narrow("action LIKE", Cell::Text(Some(format!("{a}%"))));
            } else {
                narrow("action =", Cell::Text(Some(a.clone())));
            }
        }
        if let Some(v) = &f.actor_id {
            narrow("actor_id =", Cell::Text(Some(v.clone())));
        }
        if let Some(v) = &f.target_id {
            narrow("target_id =", Cell::Text(Some(v.clone())));
        }
        if let Some(v) = f.from {
            narrow("at >=", Cell::Int(Some(v)));
        }
        if let Some(v) = f.until {
            narrow("at <", Cell::Int(Some(v)));
        }
        let n = args.len();
        sql.push_str(&format!(
            " ORDER BY id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        ));
        args.extend([Cell::Int(Some(page.limit)), Cell::Int(Some(page.offset))]);
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for a in args {
            q = a.bind(q);
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(<AuditEntry as sqlx::FromRow<_>>::from_row)
            .collect::<Result<_, _>>()?)
    }

    async fn create_upload(&self, u: &Upload) -> Result<()> {
        sqlx::query(
            "INSERT INTO uploads (brand_id, id, owner_kind, owner_id, content_type, size, sha256, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&u.brand_id)
        .bind(&u.id)
        .bind(&u.owner_kind)
        .bind(&u.owner_id)
        .bind(&u.content_type)
        .bind(u.size)
        .bind(&u.sha256)
        .bind(u.created_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn upload(&self, brand: &str, id: &str) -> Result<Upload> {
        one(sqlx::query_as(
            "SELECT brand_id, id, owner_kind, owner_id, content_type, size, sha256, created_at FROM uploads \
             WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn count_uploads(
        &self,
        brand: &str,
        owner_kind: &str,
        owner_id: &str,
        since: i64,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM uploads WHERE brand_id = $1 AND owner_kind = $2 AND owner_id = $3 AND created_at >= $4",
        )
        .bind(brand)
        .bind(owner_kind)
        .bind(owner_id)
        .bind(since)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn settlement(&self, brand: &str, campaign_id: &str) -> Result<Settlement> {
        one(sqlx::query_as(
            "SELECT brand_id, campaign_id, notes, points_total, settled_at, settled_by FROM settlements \
             WHERE brand_id = $1 AND campaign_id = $2",
        )
        .bind(brand)
        .bind(campaign_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn ledger(&self, brand: &str, member_id: &str, page: Page) -> Result<Vec<LedgerEntry>> {
        Ok(sqlx::query_as(LEDGER_PAGE)
            .bind(brand)
            .bind(member_id)
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn balance(&self, brand: &str, member_id: &str) -> Result<i64> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) AS balance FROM ledger_entries WHERE brand_id = $1 AND member_id = $2",
        )
        .bind(brand)
        .bind(member_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("balance")?)
    }

    async fn idempotency_start(
        &self,
        k: &IdempotencyKey,
        request_hash: &str,
        now: i64,
        expire_before: i64,
    ) -> Result<IdempotencyStart> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE brand_id = $1 AND caller = $2 AND created_at < $3",
        )
        .bind(&k.brand_id)
        .bind(&k.caller)
        .bind(expire_before)
        .execute(&mut *tx)
        .await?;
        let claimed = sqlx::query(
            "INSERT INTO idempotency_keys (brand_id, caller, route, idem_key, request_hash, status, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, 0, '', $6) ON CONFLICT DO NOTHING",
        )
        .bind(&k.brand_id)
        .bind(&k.caller)
        .bind(&k.route)
        .bind(&k.key)
        .bind(request_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let start = if claimed.rows_affected() == 1 {
            IdempotencyStart::Fresh
        } else {
            let (hash, status, body): (String, i64, String) = sqlx::query_as(
                "SELECT request_hash, status, body FROM idempotency_keys \
                 WHERE brand_id = $1 AND caller = $2 AND route = $3 AND idem_key = $4",
            )
            .bind(&k.brand_id)
            .bind(&k.caller)
            .bind(&k.route)
            .bind(&k.key)
            .fetch_one(&mut *tx)
            .await?;
            if hash != request_hash {
                IdempotencyStart::Mismatch
            } else if status == 0 {
                IdempotencyStart::InProgress
            } else {
                IdempotencyStart::Replay { status, body }
            }
        };
        tx.commit().await?;
        Ok(start)
    }

    async fn idempotency_finish(&self, k: &IdempotencyKey, status: i64, body: &str) -> Result<()> {
        sqlx::query(
            "UPDATE idempotency_keys SET status = $5, body = $6 \
             WHERE brand_id = $1 AND caller = $2 AND route = $3 AND idem_key = $4",
        )
        .bind(&k.brand_id)
        .bind(&k.caller)
        .bind(&k.route)
        .bind(&k.key)
        .bind(status)
        .bind(body)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn idempotency_abort(&self, k: &IdempotencyKey) -> Result<()> {
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE brand_id = $1 AND caller = $2 AND route = $3 AND idem_key = $4",
        )
        .bind(&k.brand_id)
        .bind(&k.caller)
        .bind(&k.route)
        .bind(&k.key)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn backup_to(&self, path: &std::path::Path) -> Result<()> {
        if self.kind != DbKind::Sqlite {
            return Err(StoreError::Unsupported(
                "back up PostgreSQL with pg_dump (see README: Backups)",
            ));
        }
        if path.exists() {
            return Err(StoreError::BadUrl(format!(
                "{} already exists",
                path.display()
            )));
        }
        let target = path
            .to_str()
            .ok_or(StoreError::BadUrl("the backup path is not UTF-8".into()))?;
        // VACUUM INTO takes a literal; quotes are doubled, so any path is safe.
        let sql = format!("VACUUM INTO '{}'", target.replace('\'', "''"));
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn dump(&self) -> Result<Vec<(&'static str, Vec<String>)>> {
        use sqlx::{Column, Row};
        let mut out = Vec::new();
        for table in TABLES.iter().filter(|t| **t != "_sqlx_migrations") {
            // Table names come from the fixed list, never from input.
            let sql = format!("SELECT * FROM {table}");
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&self.pool)
                .await?;
            let mut lines: Vec<String> = rows
                .iter()
                .map(|row| {
                    let mut cols: Vec<(String, String)> = row
                        .columns()
                        .iter()
                        .map(|c| {
                            let i = c.ordinal();
                            let v = match row.try_get::<Option<i64>, _>(i) {
                                Ok(v) => format!("{v:?}"),
                                Err(_) => format!(
                                    "{:?}",
                                    row.try_get::<Option<String>, _>(i).ok().flatten()
                                ),
                            };
                            (c.name().to_string(), v)
                        })
                        .collect();
                    cols.sort();
                    cols.iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect();
            lines.sort();
            out.push((*table, lines));
        }
        Ok(out)
    }

    async fn row_counts(&self) -> Result<Vec<(&'static str, i64)>> {
        let mut out = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            // Table names come from the fixed list below, never from input.
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&self.pool)
                .await?;
            out.push((table, n));
        }
        Ok(out)
    }

    async fn settled_notes(
        &self,
        brand: &str,
        member_id: &str,
        offset_minutes: i32,
    ) -> Result<Vec<rules::SettledNote>> {
        let rows: Vec<NoteRow> = sqlx::query_as(SETTLED_NOTES)
            .bind(brand)
            .bind(member_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(|n| n.decode(offset_minutes)).collect()
    }

    async fn signup_facts(&self, brand: &str, campaign_id: &str) -> Result<Vec<SignupFacts>> {
        Ok(sqlx::query_as(
            "SELECT g.member_id, g.created_at AS signed_up_at, g.status, g.waitlist_pos, \
               COALESCE(a.display_name, '') AS display_name, COALESCE(a.social_accounts, '[]') AS social_accounts, \
               (SELECT COUNT(*) FROM submissions s WHERE s.brand_id = g.brand_id AND s.member_id = g.member_id \
                  AND s.status = 'approved' AND s.settled_interactions IS NOT NULL) AS notes, \
               (SELECT CAST(COALESCE(SUM(s.settled_interactions), 0) AS BIGINT) FROM submissions s \
                  WHERE s.brand_id = g.brand_id AND s.member_id = g.member_id AND s.status = 'approved') AS interactions, \
               (SELECT COUNT(*) FROM signups p JOIN campaigns c ON c.brand_id = p.brand_id AND c.id = p.campaign_id \
                  WHERE p.brand_id = g.brand_id AND p.member_id = g.member_id AND c.status = 'settled' \
                  AND p.status <> 'withdrawn') AS past_signups, \
               (SELECT COUNT(DISTINCT s.campaign_id) FROM submissions s JOIN campaigns c ON c.brand_id = s.brand_id AND c.id = s.campaign_id \
                  WHERE s.brand_id = g.brand_id AND s.member_id = g.member_id AND s.status = 'approved' AND c.status = 'settled') AS past_completed, \
               (SELECT COUNT(*) FROM submissions s WHERE s.brand_id = g.brand_id AND s.member_id = g.member_id \
                  AND s.status <> 'pending') AS reviewed, \
               (SELECT COUNT(*) FROM submissions s WHERE s.brand_id = g.brand_id AND s.member_id = g.member_id \
                  AND s.status = 'approved') AS approved, \
               (SELECT t.to_tier FROM tier_changes t WHERE t.brand_id = g.brand_id AND t.member_id = g.member_id \
                  ORDER BY t.seq DESC LIMIT 1) AS tier \
             FROM signups g LEFT JOIN applications a ON a.brand_id = g.brand_id AND a.member_id = g.member_id \
             WHERE g.brand_id = $1 AND g.campaign_id = $2 AND g.status <> 'withdrawn'",
        )
        .bind(brand)
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn tier_history(&self, brand: &str, member_id: &str) -> Result<TierHistory> {
        let rows: Vec<TierRow> = sqlx::query_as(TIER_CHANGES)
            .bind(brand)
            .bind(member_id)
            .fetch_all(&self.pool)
            .await?;
        let mut history = TierHistory::default();
        for row in rows {
            let (change, last_demotion) = row.decode()?;
            history.state = rules::TierState {
                tier: change.to,
                last_demotion,
            };
            history.changes.push(change);
        }
        Ok(history)
    }
}

/// The list pages' query plans on SQLite: each reads an index in list
/// order, so a page costs its rows, not the brand's (no full scan of a
/// brand's notes, applications or ledger, no sort of every match).
/// PostgreSQL's choices depend on its statistics; `scripts/bench` measures
/// those pages on both databases with the large program.
#[cfg(test)]
mod plans {
    use super::*;

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
        reads_in_order("ledger", &plan(&store, LEDGER_PAGE, 2).await);
        let (sql, args) = applications_query(
            "demo",
            &ApplicationFilter {
                status: Some("pending".into()),
                ..Default::default()
            },
        );
        reads_in_order("application queue", &plan(&store, &sql, args.len()).await);
        let some = Some("x".to_string());
        for (name, filter) in [
            (
                "review queue",
                SubmissionFilter {
                    status: some.clone(),
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
}
