//! KOS incentives paid through the ledger (issue 17): competition prizes,
//! sales rewards and account-growth rewards to staff members, in points
//! or in fen. Each reward is a `kos_rewards` row naming its ledger posting
//! (`staff_budget` → `staff_points`, or `staff_rewards` → `staff_cash`),
//! written in the posting's transaction. A reward's `(kind, source_key)`
//! is unique and is also the posting's source (`kos_reward`,
//! `{kind}:{key}`), so paying a competition or a month twice pays once.
//! Withdrawing a reward reverses its posting.

use crate::kos_goals::{competition_on, standings_on};
use crate::kos_training::scoped;
use crate::ledger::{NewPosting, Posted, post_many, reverse};
use crate::*;
use async_trait::async_trait;
use rules::words::{IncentiveKind, KosSubject, RewardUnit};
use rules::{CivilDate, KosScope, PostingReason, YearMonth};

/// A reward to pay one staff member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReward {
    pub staff_id: String,
    pub kind: IncentiveKind,
    pub unit: RewardUnit,
    /// Points or fen, more than zero.
    pub amount: i64,
    /// What it was for: a month (`yyyy-mm`) or a competition's id.
    pub period: String,
    /// Unique per kind: paying the same key again pays nothing.
    pub source_key: String,
    pub memo: String,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RewardRow {
    pub id: String,
    pub staff_id: String,
    pub staff_name: String,
    pub store_id: String,
    #[sqlx(try_from = "String")]
    pub kind: IncentiveKind,
    #[sqlx(try_from = "String")]
    pub unit: RewardUnit,
    pub amount: i64,
    pub period: String,
    pub source_key: String,
    pub memo: String,
    pub posting_id: String,
    pub reversed_by: Option<String>,
    pub created_at: i64,
}

/// A staff member's incentive balances.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StaffBalances {
    pub points: i64,
    pub cash_fen: i64,
}

const REWARD_COLUMNS: &str = "r.id, r.staff_id, COALESCE(s.name, '') AS staff_name, r.store_id, r.kind, r.unit, \
     r.amount, r.period, r.source_key, r.memo, r.posting_id, r.reversed_by, r.created_at";
const REWARD_FROM: &str =
    "kos_rewards r LEFT JOIN kos_staff s ON s.brand_id = r.brand_id AND s.id = r.staff_id";

fn source_of(kind: IncentiveKind, key: &str) -> String {
    format!("{}:{key}", kind.as_str())
}

/// Pays `rewards` inside the caller's transaction: their postings in one
/// batch, then a row for each new one (a key paid before writes nothing
/// and is not returned). `NotFound` for a staff member of no such id.
pub(crate) async fn pay(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    rewards: &[NewReward],
    by: &str,
    at: i64,
) -> Result<Vec<String>> {
    if rewards.iter().any(|r| r.amount <= 0) {
        return Err(StoreError::Corrupt("a reward of nothing".into()));
    }
    let postings: Vec<NewPosting> = rewards
        .iter()
        .map(|r| {
            let source = source_of(r.kind, &r.source_key);
            NewPosting::staff_reward(
                &r.staff_id,
                r.unit,
                r.amount,
                ("kos_reward", &source),
                by,
                at,
            )
            .described(
                &r.memo,
                serde_json::json!({ "kind": r.kind.as_str(), "period": r.period }).to_string(),
            )
        })
        .collect();
    let posted = post_many(conn, brand, &postings).await?;
    let mut ids = Vec::new();
    for (r, p) in rewards.iter().zip(posted) {
        let Posted::New(posting_id) = p else {
            continue;
        };
        let id = new_id();
        let n = sqlx::query(
            "INSERT INTO kos_rewards (brand_id, id, staff_id, store_id, region_id, kind, unit, amount, period, source_key, \
             memo, posting_id, reversed_by, created_by, created_at) \
             SELECT $1, $2, s.id, COALESCE(s.store_id, ''), s.region_id, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12 \
             FROM kos_staff s WHERE s.brand_id = $1 AND s.id = $3",
        )
        .bind(brand)
        .bind(&id)
        .bind(&r.staff_id)
        .bind(r.kind.as_str())
        .bind(r.unit.as_str())
        .bind(r.amount)
        .bind(&r.period)
        .bind(&r.source_key)
        .bind(&r.memo)
        .bind(&posting_id)
        .bind(by)
        .bind(at)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        ids.push(id);
    }
    Ok(ids)
}

async fn rewards_by_id(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    ids: &[String],
) -> Result<Vec<RewardRow>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(400) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT {REWARD_COLUMNS} FROM {REWARD_FROM} WHERE r.brand_id = $1 AND r.id IN ({}) ORDER BY r.id",
            list.join(", ")
        );
        let mut q = sqlx::query_as::<_, RewardRow>(sqlx::AssertSqlSafe(sql)).bind(brand);
        for id in chunk {
            q = q.bind(id);
        }
        out.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

/// Incentives. One of the traits [`Store`] is made of.
#[async_trait]
pub trait KosRewardStore: Send + Sync {
    /// Pays one reward (an operator's grant: account growth, sales, a
    /// prize given by hand); the reward already paid under its key when it
    /// was. Audited.
    async fn grant_reward(
        &self,
        brand: &str,
        r: &NewReward,
        by: &str,
        at: i64,
    ) -> Result<RewardRow>;
    /// Pays a finished competition's prizes by its leaderboard over
    /// `[from, to)`: a staff entrant their place's prize, each employed
    /// staff member of a store entrant their store's. Once:
    /// `Conflict("competition_paid")` after; `Conflict("competition_not_finished")`
    /// before the day after it ends (`today`). Audited.
    #[allow(clippy::too_many_arguments)]
    async fn pay_competition(
        &self,
        brand: &str,
        id: &str,
        today: CivilDate,
        from: i64,
        to: i64,
        by: &str,
        at: i64,
    ) -> Result<Vec<RewardRow>>;
    /// Pays each staff member `permille` ‰ of their leads' sales in
    /// `month` (`[from, to)`), in fen; a month already paid pays nothing
    /// more. Audited. Only sales someone else recorded count (a manager,
    /// an operator, the till): a purchase the lead's owner entered is
    /// their own claim, shown in goals but never paid.
    #[allow(clippy::too_many_arguments)]
    async fn pay_sales_rewards(
        &self,
        brand: &str,
        month: YearMonth,
        from: i64,
        to: i64,
        permille: i64,
        by: &str,
        at: i64,
    ) -> Result<Vec<RewardRow>>;
    /// Pays each staff member `per_step` points for every `step` followers
    /// their own accounts gained in `month` (the last count on or before
    /// its last day against the last before its first, or its first count
    /// in the month). Audited.
    #[allow(clippy::too_many_arguments)]
    async fn pay_growth_rewards(
        &self,
        brand: &str,
        month: YearMonth,
        step: i64,
        per_step: i64,
        by: &str,
        at: i64,
    ) -> Result<Vec<RewardRow>>;
    /// Withdraws a reward: its posting reversed.
    /// `Conflict("reward_reversed")` the second time. Audited.
    async fn reverse_reward(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<RewardRow>;
    /// Rewards inside `scope`, newest first.
    async fn kos_rewards(
        &self,
        brand: &str,
        scope: &KosScope,
        page: Page,
    ) -> Result<Vec<RewardRow>>;
    /// A staff member's incentive points and cash owed.
    async fn staff_balances(&self, brand: &str, staff_id: &str) -> Result<StaffBalances>;
}

async fn audit_paid(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    by: &str,
    action: &str,
    target: (&str, &str),
    paid: &[RewardRow],
    at: i64,
) -> Result<()> {
    let total: i64 = paid.iter().map(|r| r.amount).sum();
    let audit = AuditEntry::operator(brand, by, action, target, at).after(serde_json::json!({
        "rewards": paid.len(),
        "amount": total,
    }));
    insert_audit(conn, &audit).await
}

#[async_trait]
impl KosRewardStore for SqlStore {
    async fn grant_reward(
        &self,
        brand: &str,
        r: &NewReward,
        by: &str,
        at: i64,
    ) -> Result<RewardRow> {
        let mut tx = self.pool.begin().await?;
        let ids = pay(&mut tx, brand, std::slice::from_ref(r), by, at).await?;
        let row = if let Some(id) = ids.first() {
            let paid = rewards_by_id(&mut tx, brand, std::slice::from_ref(id)).await?;
            audit_paid(
                &mut tx,
                brand,
                by,
                "kos.reward.grant",
                ("kos_reward", id),
                &paid,
                at,
            )
            .await?;
            paid.into_iter().next()
        } else {
            let sql = format!(
                "SELECT {REWARD_COLUMNS} FROM {REWARD_FROM} WHERE r.brand_id = $1 AND r.kind = $2 AND r.source_key = $3"
            );
            sqlx::query_as::<_, RewardRow>(sqlx::AssertSqlSafe(sql))
                .bind(brand)
                .bind(r.kind.as_str())
                .bind(&r.source_key)
                .fetch_optional(&mut *tx)
                .await?
        };
        tx.commit().await?;
        one(row)
    }

    async fn pay_competition(
        &self,
        brand: &str,
        id: &str,
        today: CivilDate,
        from: i64,
        to: i64,
        by: &str,
        at: i64,
    ) -> Result<Vec<RewardRow>> {
        let mut tx = self.pool.begin().await?;
        // The claim is the first write: a second payment waits, then finds
        // it paid.
        let n = sqlx::query(
            "UPDATE kos_competitions SET paid_at = $3 WHERE brand_id = $1 AND id = $2 AND paid_at IS NULL AND ends_on < $4",
        )
        .bind(brand)
        .bind(id)
        .bind(at)
        .bind(today.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let c = competition_on(&mut tx, brand, id).await?;
        if n == 0 {
            return Err(if c.paid_at.is_some() {
                StoreError::Conflict("competition_paid")
            } else {
                StoreError::Conflict("competition_not_finished")
            });
        }
        let standings = standings_on(&mut tx, brand, &c, from, to).await?;
        let mut rewards = Vec::new();
        for s in standings.iter().filter(|s| s.prize > 0) {
            let staff: Vec<String> = match c.entrant {
                KosSubject::Staff => vec![s.entrant_id.clone()],
                KosSubject::Store => sqlx::query_scalar(
                    "SELECT id FROM kos_staff WHERE brand_id = $1 AND store_id = $2 AND left_on IS NULL ORDER BY id",
                )
                .bind(brand)
                .bind(&s.entrant_id)
                .fetch_all(&mut *tx)
                .await?,
            };
            for person in staff {
                rewards.push(NewReward {
                    source_key: format!("{}:{person}", c.id),
                    staff_id: person,
                    kind: IncentiveKind::Competition,
                    unit: c.prize_unit,
                    amount: s.prize,
                    period: c.id.clone(),
                    memo: format!("{} #{}", c.title, s.place),
                });
            }
        }
        let ids = pay(&mut tx, brand, &rewards, by, at).await?;
        let paid = rewards_by_id(&mut tx, brand, &ids).await?;
        audit_paid(
            &mut tx,
            brand,
            by,
            "kos.competition.pay",
            ("kos_competition", id),
            &paid,
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(paid)
    }

    async fn pay_sales_rewards(
        &self,
        brand: &str,
        month: YearMonth,
        from: i64,
        to: i64,
        permille: i64,
        by: &str,
        at: i64,
    ) -> Result<Vec<RewardRow>> {
        let sales: Vec<(String, i64)> = sqlx::query_as(
            "SELECT l.staff_id, CAST(SUM(e.amount_fen) AS BIGINT) FROM kos_lead_events e \
             JOIN kos_leads l ON l.brand_id = e.brand_id AND l.id = e.lead_id \
             WHERE e.brand_id = $1 AND e.to_stage IN ('purchased', 'repurchased') AND e.at >= $2 AND e.at < $3 \
             AND e.amount_fen IS NOT NULL \
             AND NOT (e.actor_kind = 'staff' AND e.actor_id = l.staff_id) \
             GROUP BY l.staff_id ORDER BY l.staff_id",
        )
        .bind(brand)
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        let rewards: Vec<NewReward> = sales
            .into_iter()
            .filter_map(|(staff, fen)| {
                let amount = rules::backoffice::sales_reward(fen, permille);
                (amount > 0).then(|| NewReward {
                    source_key: format!("{month}:{staff}"),
                    staff_id: staff,
                    kind: IncentiveKind::Sales,
                    unit: RewardUnit::Fen,
                    amount,
                    period: month.to_string(),
                    memo: format!("{month} {permille}‰"),
                })
            })
            .collect();
        let mut tx = self.pool.begin().await?;
        let ids = pay(&mut tx, brand, &rewards, by, at).await?;
        let paid = rewards_by_id(&mut tx, brand, &ids).await?;
        audit_paid(
            &mut tx,
            brand,
            by,
            "kos.reward.sales",
            ("month", &month.to_string()),
            &paid,
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(paid)
    }

    async fn pay_growth_rewards(
        &self,
        brand: &str,
        month: YearMonth,
        step: i64,
        per_step: i64,
        by: &str,
        at: i64,
    ) -> Result<Vec<RewardRow>> {
        // Per staff-owned account: the last count on or before the month's
        // last day, against the last before its first day (or the first
        // within it). Counts are `kos_account_followers (account_id,
        // on_date, followers)`, one index range per account.
        let growth: Vec<(String, i64)> = sqlx::query_as(
            "SELECT g.owner_id, CAST(SUM(g.after_count - g.before_count) AS BIGINT) FROM ( \
               SELECT a.owner_id, \
                 COALESCE((SELECT f.followers FROM kos_account_followers f WHERE f.brand_id = a.brand_id \
                   AND f.account_id = a.id AND f.on_date <= $3 ORDER BY f.on_date DESC LIMIT 1), 0) AS after_count, \
                 COALESCE((SELECT f.followers FROM kos_account_followers f WHERE f.brand_id = a.brand_id \
                   AND f.account_id = a.id AND f.on_date < $2 ORDER BY f.on_date DESC LIMIT 1), \
                   (SELECT f.followers FROM kos_account_followers f WHERE f.brand_id = a.brand_id \
                   AND f.account_id = a.id AND f.on_date >= $2 ORDER BY f.on_date LIMIT 1), 0) AS before_count \
               FROM kos_accounts a WHERE a.brand_id = $1 AND a.owner_level = 'staff') g \
             GROUP BY g.owner_id ORDER BY g.owner_id",
        )
        .bind(brand)
        .bind(month.first_day().to_string())
        .bind(month.last_day().to_string())
        .fetch_all(&self.pool)
        .await?;
        let rewards: Vec<NewReward> = growth
            .into_iter()
            .filter_map(|(staff, gained)| {
                let amount = rules::backoffice::growth_reward(gained, step, per_step);
                (amount > 0).then(|| NewReward {
                    source_key: format!("{month}:{staff}"),
                    staff_id: staff,
                    kind: IncentiveKind::AccountGrowth,
                    unit: RewardUnit::Points,
                    amount,
                    period: month.to_string(),
                    memo: format!("{month} +{gained}"),
                })
            })
            .collect();
        let mut tx = self.pool.begin().await?;
        let ids = pay(&mut tx, brand, &rewards, by, at).await?;
        let paid = rewards_by_id(&mut tx, brand, &ids).await?;
        audit_paid(
            &mut tx,
            brand,
            by,
            "kos.reward.growth",
            ("month", &month.to_string()),
            &paid,
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(paid)
    }

    async fn reverse_reward(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<RewardRow> {
        let mut tx = self.pool.begin().await?;
        let claimed: Option<(String, String, String)> = sqlx::query_as(
            "UPDATE kos_rewards SET reversed_by = '' WHERE brand_id = $1 AND id = $2 AND reversed_by IS NULL \
             RETURNING posting_id, kind, source_key",
        )
        .bind(brand)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((posting, kind, key)) = claimed else {
            let exists: Option<String> =
                sqlx::query_scalar("SELECT id FROM kos_rewards WHERE brand_id = $1 AND id = $2")
                    .bind(brand)
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            one(exists)?;
            return Err(StoreError::Conflict("reward_reversed"));
        };
        let source = format!("{kind}:{key}");
        let done = reverse(
            &mut tx,
            brand,
            &posting,
            PostingReason::StaffReward,
            ("kos_reward_reversed", &source),
            by,
            at,
        )
        .await?;
        sqlx::query("UPDATE kos_rewards SET reversed_by = $3 WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .bind(done.id())
            .execute(&mut *tx)
            .await?;
        let row = rewards_by_id(&mut tx, brand, &[id.to_string()]).await?;
        let audit = AuditEntry::operator(brand, by, "kos.reward.reverse", ("kos_reward", id), at)
            .after(serde_json::json!({ "posting": done.id() }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        one(row.into_iter().next())
    }

    async fn kos_rewards(
        &self,
        brand: &str,
        scope: &KosScope,
        page: Page,
    ) -> Result<Vec<RewardRow>> {
        let (cond, vals) = scoped(scope, "r", "staff_id", 4);
        let sql = format!(
            "SELECT {REWARD_COLUMNS} FROM {REWARD_FROM} WHERE r.brand_id = $1 AND {cond} \
             ORDER BY r.created_at DESC, r.id DESC LIMIT $2 OFFSET $3"
        );
        let mut q = sqlx::query_as::<_, RewardRow>(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(page.limit)
            .bind(page.offset);
        for v in vals {
            q = q.bind(v);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    async fn staff_balances(&self, brand: &str, staff_id: &str) -> Result<StaffBalances> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT account, balance FROM point_balances WHERE brand_id = $1 AND member_id = $2 \
             AND account IN ('staff_points', 'staff_cash')",
        )
        .bind(brand)
        .bind(staff_id)
        .fetch_all(&self.pool)
        .await?;
        let mut b = StaffBalances::default();
        for (account, balance) in rows {
            if account == "staff_points" {
                b.points = balance;
            } else {
                b.cash_fen = balance;
            }
        }
        Ok(b)
    }
}
