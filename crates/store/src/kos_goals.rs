//! KOS goals and competitions (issue 17): monthly goals per staff member
//! and per store, store and staff competitions with their leaderboards.
//! Progress is never stored: it is counted in SQL from the program's own
//! records each time it is read ([`metric_value`]): notes from
//! `kos_notes.submitted_at`, leads from `kos_leads.created_at`, and
//! conversions and sales from `kos_lead_events` whose `to_stage` is
//! `purchased` or `repurchased` (`at`, `amount_fen`), attributed through
//! the lead to its staff member and store. Each count is one index range
//! (`kos_notes (brand_id, staff_id|store_id, submitted_at)`,
//! `kos_leads (brand_id, staff_id|store_id, …)`, `kos_lead_events
//! (brand_id, lead_id, at)`), so a page of goals or a leaderboard of 300
//! stores is a few hundred small range scans, never the whole program.
//!
//! Periods are `[from, to)` in Unix seconds; the server turns a month or a
//! competition's dates into them in the brand's time zone.

use crate::kos_training::scoped;
use crate::*;
use async_trait::async_trait;
use rules::words::{KosMetric, KosSubject, RewardUnit};
use rules::{CivilDate, KosScope, YearMonth};

/// The scalar subquery that counts `metric` for the subject whose id is
/// the SQL expression `id` (a staff member's or a store's, by `subject`),
/// between the parameters `$from` and `$to` (numbers).
pub(crate) fn metric_value(
    metric: KosMetric,
    subject: KosSubject,
    id: &str,
    brand: &str,
    from: usize,
    to: usize,
) -> String {
    let col = match subject {
        KosSubject::Staff => "staff_id",
        KosSubject::Store => "store_id",
    };
    match metric {
        KosMetric::Notes => format!(
            "(SELECT COUNT(*) FROM kos_notes n WHERE n.brand_id = {brand} AND n.{col} = {id} \
             AND n.submitted_at >= ${from} AND n.submitted_at < ${to})"
        ),
        KosMetric::Leads => format!(
            "(SELECT COUNT(*) FROM kos_leads l WHERE l.brand_id = {brand} AND l.{col} = {id} \
             AND l.created_at >= ${from} AND l.created_at < ${to})"
        ),
        KosMetric::Conversions => format!(
            "(SELECT COUNT(*) FROM kos_leads l JOIN kos_lead_events e ON e.brand_id = l.brand_id \
             AND e.lead_id = l.id WHERE l.brand_id = {brand} AND l.{col} = {id} \
             AND e.to_stage IN ('purchased', 'repurchased') AND e.at >= ${from} AND e.at < ${to})"
        ),
        KosMetric::SalesFen => format!(
            "(SELECT CAST(COALESCE(SUM(e.amount_fen), 0) AS BIGINT) FROM kos_leads l JOIN kos_lead_events e \
             ON e.brand_id = l.brand_id AND e.lead_id = l.id WHERE l.brand_id = {brand} AND l.{col} = {id} \
             AND e.to_stage IN ('purchased', 'repurchased') AND e.at >= ${from} AND e.at < ${to})"
        ),
    }
}

/// A goal to set (an upsert: one per subject, month and metric).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGoal {
    pub subject: KosSubject,
    pub subject_id: String,
    pub month: YearMonth,
    pub metric: KosMetric,
    pub target: i64,
}

/// A goal with its progress in the period asked for.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct GoalRow {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub subject: KosSubject,
    pub subject_id: String,
    /// The staff member's or the store's name.
    pub subject_name: String,
    pub store_id: String,
    pub region_id: String,
    pub month: String,
    #[sqlx(try_from = "String")]
    pub metric: KosMetric,
    pub target: i64,
    pub actual: i64,
    pub updated_at: i64,
}

/// A competition to create. No entrants: every open store (store
/// competitions) or every staff member still employed (staff ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCompetition {
    pub title: String,
    pub metric: KosMetric,
    pub entrant: KosSubject,
    pub starts_on: CivilDate,
    pub ends_on: CivilDate,
    pub prize_unit: RewardUnit,
    /// The prize for first, second, … place (points or fen).
    pub prizes: Vec<i64>,
    pub entrants: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CompetitionRow {
    pub id: String,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub metric: KosMetric,
    #[sqlx(try_from = "String")]
    pub entrant: KosSubject,
    pub starts_on: String,
    pub ends_on: String,
    #[sqlx(try_from = "String")]
    pub prize_unit: RewardUnit,
    /// JSON array of prizes by place.
    pub prizes: String,
    pub paid_at: Option<i64>,
    pub entrants: i64,
    pub created_at: i64,
}

impl CompetitionRow {
    pub fn prize_list(&self) -> Result<Vec<i64>> {
        from_json(&self.prizes)
    }
}

/// One line of a leaderboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub entrant_id: String,
    pub name: String,
    pub store_id: String,
    pub store_name: String,
    pub value: i64,
    pub place: u32,
    pub prize: i64,
}

const COMPETITION_COLUMNS: &str = "c.id, c.title, c.metric, c.entrant, c.starts_on, c.ends_on, c.prize_unit, c.prizes, \
     c.paid_at, (SELECT COUNT(*) FROM kos_competition_entrants e WHERE e.brand_id = c.brand_id \
     AND e.competition_id = c.id) AS entrants, c.created_at";

/// The condition keeping goals (alias `g`) inside `scope`: a staff member
/// sees their own goals and their store's.
fn goals_scoped(scope: &KosScope, n: usize) -> (String, Vec<String>) {
    match scope {
        KosScope::Own { staff, store } => (
            format!(
                "((g.subject = 'staff' AND g.subject_id = ${n}) OR (g.subject = 'store' AND g.subject_id = ${}))",
                n + 1
            ),
            vec![staff.clone(), store.clone()],
        ),
        other => scoped(other, "g", "subject_id", n),
    }
}

/// The condition keeping competitions (alias `c`) inside `scope`: those
/// with an entrant in it (a staff member: themselves or their store).
fn competitions_scoped(scope: &KosScope, n: usize) -> (String, Vec<String>) {
    let entrant = |cond: String| {
        format!(
            "EXISTS (SELECT 1 FROM kos_competition_entrants e WHERE e.brand_id = c.brand_id \
             AND e.competition_id = c.id AND {cond})"
        )
    };
    match scope {
        KosScope::Brand => ("1 = 1".into(), vec![]),
        KosScope::Region(r) => (entrant(format!("e.region_id = ${n}")), vec![r.clone()]),
        KosScope::Store(s) => (entrant(format!("e.store_id = ${n}")), vec![s.clone()]),
        KosScope::Own { staff, store } => (
            entrant(format!("e.entrant_id IN (${n}, ${})", n + 1)),
            vec![staff.clone(), store.clone()],
        ),
    }
}

/// Reads a competition's standings on `conn` (inside a payment's
/// transaction, or on the pool).
pub(crate) async fn standings_on(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    c: &CompetitionRow,
    from: i64,
    to: i64,
) -> Result<Vec<Standing>> {
    let value = metric_value(c.metric, c.entrant, "e.entrant_id", "e.brand_id", 3, 4);
    let sql = match c.entrant {
        KosSubject::Store => format!(
            "SELECT e.entrant_id, COALESCE(st.name, ''), e.store_id, COALESCE(st.name, ''), {value} \
             FROM kos_competition_entrants e LEFT JOIN kos_stores st ON st.brand_id = e.brand_id AND st.id = e.entrant_id \
             WHERE e.brand_id = $1 AND e.competition_id = $2 ORDER BY e.entrant_id"
        ),
        KosSubject::Staff => format!(
            "SELECT e.entrant_id, COALESCE(s.name, ''), e.store_id, COALESCE(st.name, ''), {value} \
             FROM kos_competition_entrants e LEFT JOIN kos_staff s ON s.brand_id = e.brand_id AND s.id = e.entrant_id \
             LEFT JOIN kos_stores st ON st.brand_id = e.brand_id AND st.id = e.store_id \
             WHERE e.brand_id = $1 AND e.competition_id = $2 ORDER BY e.entrant_id"
        ),
    };
    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(brand)
        .bind(&c.id)
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await?;
    let prizes = c.prize_list()?;
    let values: Vec<i64> = rows.iter().map(|r| r.4).collect();
    Ok(rules::backoffice::places(&values)
        .into_iter()
        .map(|(i, place)| {
            let (entrant_id, name, store_id, store_name, value) = rows[i].clone();
            Standing {
                entrant_id,
                name,
                store_id,
                store_name,
                value,
                place,
                prize: rules::backoffice::prize_for(&prizes, place, value),
            }
        })
        .collect())
}

pub(crate) async fn competition_on(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    id: &str,
) -> Result<CompetitionRow> {
    let sql = format!(
        "SELECT {COMPETITION_COLUMNS} FROM kos_competitions c WHERE c.brand_id = $1 AND c.id = $2"
    );
    let row: Option<CompetitionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(brand)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    one(row)
}

/// Goals and competitions. One of the traits [`Store`] is made of.
#[async_trait]
pub trait KosGoalStore: Send + Sync {
    /// Sets (or changes) a goal for a staff member still employed or a
    /// store, inside `scope`; `NotFound` for a subject outside it. Audited.
    async fn set_goal(
        &self,
        brand: &str,
        goal: &NewGoal,
        scope: &KosScope,
        by: &str,
        at: i64,
    ) -> Result<GoalRow>;
    /// The goals of `month` inside `scope` (optionally of one subject
    /// kind), with what was done in `[from, to)`: staff goals first, by
    /// store and name.
    #[allow(clippy::too_many_arguments)]
    async fn goals(
        &self,
        brand: &str,
        month: YearMonth,
        subject: Option<KosSubject>,
        scope: &KosScope,
        from: i64,
        to: i64,
        page: Page,
    ) -> Result<Vec<GoalRow>>;
    /// Creates a competition and its entrants (none named: everyone);
    /// `Conflict("competition_entrant_unknown")` for an id that is no
    /// open store or employed staff member. Audited.
    async fn create_competition(
        &self,
        brand: &str,
        c: &NewCompetition,
        by: &str,
        at: i64,
    ) -> Result<CompetitionRow>;
    /// The competitions inside `scope` (with an entrant in it), latest
    /// ending first.
    async fn competitions(
        &self,
        brand: &str,
        scope: &KosScope,
        page: Page,
    ) -> Result<Vec<CompetitionRow>>;
    /// One competition inside `scope` (with an entrant in it).
    async fn competition(&self, brand: &str, id: &str, scope: &KosScope) -> Result<CompetitionRow>;
    /// One competition inside `scope` and its leaderboard over `[from, to)`.
    async fn leaderboard(
        &self,
        brand: &str,
        id: &str,
        scope: &KosScope,
        from: i64,
        to: i64,
    ) -> Result<(CompetitionRow, Vec<Standing>)>;
}

#[async_trait]
impl KosGoalStore for SqlStore {
    async fn set_goal(
        &self,
        brand: &str,
        goal: &NewGoal,
        scope: &KosScope,
        by: &str,
        at: i64,
    ) -> Result<GoalRow> {
        let id = new_id();
        // The write first: the subject's store and region come from its
        // own row, inside the caller's scope.
        let (from, cond, vals) = match goal.subject {
            KosSubject::Staff => {
                let (cond, vals) = crate::kos_training::staff_scoped(scope, 9);
                (
                    "SELECT $1, $2, 'staff', s.id, COALESCE(s.store_id, ''), s.region_id, $4, $5, $6, $7, $8, $8 \
                     FROM kos_staff s WHERE s.brand_id = $1 AND s.id = $3 AND s.left_on IS NULL",
                    cond,
                    vals,
                )
            }
            KosSubject::Store => {
                let (cond, vals) = match scope {
                    KosScope::Brand => ("1 = 1".to_string(), vec![]),
                    KosScope::Region(r) => ("s.region_id = $9".to_string(), vec![r.clone()]),
                    KosScope::Store(st) => ("s.id = $9".to_string(), vec![st.clone()]),
                    // Staff set no goals: nothing is inside.
                    KosScope::Own { .. } => ("1 = 0".to_string(), vec![]),
                };
                (
                    "SELECT $1, $2, 'store', s.id, s.id, s.region_id, $4, $5, $6, $7, $8, $8 \
                     FROM kos_stores s WHERE s.brand_id = $1 AND s.id = $3",
                    cond,
                    vals,
                )
            }
        };
        let sql = format!(
            "INSERT INTO kos_goals (brand_id, id, subject, subject_id, store_id, region_id, month, metric, target, \
             set_by, created_at, updated_at) {from} AND {cond} \
             ON CONFLICT (brand_id, subject, subject_id, month, metric) DO UPDATE SET target = excluded.target, \
             set_by = excluded.set_by, updated_at = excluded.updated_at RETURNING id"
        );
        let mut tx = self.pool.begin().await?;
        let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(&id)
            .bind(&goal.subject_id)
            .bind(goal.month.to_string())
            .bind(goal.metric.as_str())
            .bind(goal.target)
            .bind(by)
            .bind(at);
        for v in vals {
            q = q.bind(v);
        }
        let written = one(q.fetch_optional(&mut *tx).await?)?;
        let audit = AuditEntry::operator(brand, by, "kos.goal.set", ("kos_goal", &written), at)
            .after(serde_json::json!({
                "subject": goal.subject.as_str(),
                "subject_id": goal.subject_id,
                "month": goal.month.to_string(),
                "metric": goal.metric.as_str(),
                "target": goal.target,
            }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        // The goal as saved; its progress is read with the caller's
        // period through `goals`.
        one(
            sqlx::query_as::<_, GoalRow>(
                "SELECT g.id, g.subject, g.subject_id, '' AS subject_name, g.store_id, g.region_id, g.month, g.metric, \
                 g.target, CAST(0 AS BIGINT) AS actual, g.updated_at FROM kos_goals g WHERE g.brand_id = $1 AND g.id = $2",
            )
            .bind(brand)
            .bind(&written)
            .fetch_optional(&self.pool)
            .await?,
        )
    }

    async fn goals(
        &self,
        brand: &str,
        month: YearMonth,
        subject: Option<KosSubject>,
        scope: &KosScope,
        from: i64,
        to: i64,
        page: Page,
    ) -> Result<Vec<GoalRow>> {
        let mut actual = String::from("CASE");
        for metric in KosMetric::ALL {
            for kind in KosSubject::ALL {
                actual.push_str(&format!(
                    " WHEN g.metric = '{}' AND g.subject = '{}' THEN {}",
                    metric.as_str(),
                    kind.as_str(),
                    metric_value(*metric, *kind, "g.subject_id", "g.brand_id", 3, 4)
                ));
            }
        }
        actual.push_str(" ELSE 0 END");
        let (cond, vals) = goals_scoped(scope, 8);
        let sql = format!(
            "SELECT g.id, g.subject, g.subject_id, \
               COALESCE(CASE WHEN g.subject = 'staff' THEN (SELECT s.name FROM kos_staff s WHERE s.brand_id = g.brand_id \
                 AND s.id = g.subject_id) ELSE (SELECT st.name FROM kos_stores st WHERE st.brand_id = g.brand_id \
                 AND st.id = g.subject_id) END, '') AS subject_name, \
               g.store_id, g.region_id, g.month, g.metric, g.target, CAST({actual} AS BIGINT) AS actual, g.updated_at \
             FROM kos_goals g WHERE g.brand_id = $1 AND g.month = $2 AND ($5 = '' OR g.subject = $5) AND {cond} \
             ORDER BY g.subject DESC, g.store_id, g.subject_id, g.metric LIMIT $6 OFFSET $7"
        );
        let mut q = sqlx::query_as::<_, GoalRow>(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(month.to_string())
            .bind(from)
            .bind(to)
            .bind(subject.map(|s| s.as_str()).unwrap_or(""))
            .bind(page.limit)
            .bind(page.offset);
        for v in vals {
            q = q.bind(v);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    async fn create_competition(
        &self,
        brand: &str,
        c: &NewCompetition,
        by: &str,
        at: i64,
    ) -> Result<CompetitionRow> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO kos_competitions (brand_id, id, title, metric, entrant, starts_on, ends_on, prize_unit, prizes, \
             paid_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10, $11)",
        )
        .bind(brand)
        .bind(&id)
        .bind(&c.title)
        .bind(c.metric.as_str())
        .bind(c.entrant.as_str())
        .bind(c.starts_on.to_string())
        .bind(c.ends_on.to_string())
        .bind(c.prize_unit.as_str())
        .bind(to_json(&c.prizes))
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let source = match c.entrant {
            KosSubject::Store => {
                "SELECT $1, $2, s.id, s.id, s.region_id FROM kos_stores s WHERE s.brand_id = $1 AND s.status = 'open'"
            }
            KosSubject::Staff => {
                "SELECT $1, $2, s.id, COALESCE(s.store_id, ''), s.region_id FROM kos_staff s \
                 WHERE s.brand_id = $1 AND s.left_on IS NULL"
            }
        };
        let mut entrants: Vec<String> = c.entrants.clone();
        entrants.sort();
        entrants.dedup();
        let insert = "INSERT INTO kos_competition_entrants (brand_id, competition_id, entrant_id, store_id, region_id) ";
        if entrants.is_empty() {
            let sql = format!("{insert}{source}");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(brand)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
        } else {
            for chunk in entrants.chunks(400) {
                let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect();
                let sql = format!("{insert}{source} AND s.id IN ({})", list.join(", "));
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(brand).bind(&id);
                for e in chunk {
                    q = q.bind(e);
                }
                let n = q.execute(&mut *tx).await?.rows_affected();
                if n != chunk.len() as u64 {
                    return Err(StoreError::Conflict("competition_entrant_unknown"));
                }
            }
        }
        let audit = AuditEntry::operator(
            brand,
            by,
            "kos.competition.create",
            ("kos_competition", &id),
            at,
        )
        .after(serde_json::json!({
            "title": c.title,
            "metric": c.metric.as_str(),
            "entrant": c.entrant.as_str(),
            "starts_on": c.starts_on.to_string(),
            "ends_on": c.ends_on.to_string(),
            "prize_unit": c.prize_unit.as_str(),
            "prizes": c.prizes,
        }));
        insert_audit(&mut tx, &audit).await?;
        let row = competition_on(&mut tx, brand, &id).await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn competitions(
        &self,
        brand: &str,
        scope: &KosScope,
        page: Page,
    ) -> Result<Vec<CompetitionRow>> {
        let (cond, vals) = competitions_scoped(scope, 4);
        let sql = format!(
            "SELECT {COMPETITION_COLUMNS} FROM kos_competitions c WHERE c.brand_id = $1 AND {cond} \
             ORDER BY c.ends_on DESC, c.id DESC LIMIT $2 OFFSET $3"
        );
        let mut q = sqlx::query_as::<_, CompetitionRow>(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(page.limit)
            .bind(page.offset);
        for v in vals {
            q = q.bind(v);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    async fn competition(&self, brand: &str, id: &str, scope: &KosScope) -> Result<CompetitionRow> {
        let (cond, vals) = competitions_scoped(scope, 3);
        let sql = format!(
            "SELECT c.id FROM kos_competitions c WHERE c.brand_id = $1 AND c.id = $2 AND {cond}"
        );
        let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(id);
        for v in vals {
            q = q.bind(v);
        }
        one(q.fetch_optional(&self.pool).await?)?;
        let mut conn = self.pool.acquire().await?;
        competition_on(&mut conn, brand, id).await
    }

    async fn leaderboard(
        &self,
        brand: &str,
        id: &str,
        scope: &KosScope,
        from: i64,
        to: i64,
    ) -> Result<(CompetitionRow, Vec<Standing>)> {
        let (cond, vals) = competitions_scoped(scope, 3);
        let sql = format!(
            "SELECT c.id FROM kos_competitions c WHERE c.brand_id = $1 AND c.id = $2 AND {cond}"
        );
        let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(id);
        for v in vals {
            q = q.bind(v);
        }
        one(q.fetch_optional(&self.pool).await?)?;
        let mut conn = self.pool.acquire().await?;
        let c = competition_on(&mut conn, brand, id).await?;
        let standings = standings_on(&mut conn, brand, &c, from, to).await?;
        Ok((c, standings))
    }
}
