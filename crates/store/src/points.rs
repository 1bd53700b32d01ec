//! Points operations over the ledger ([`crate::ledger`]): an operator's
//! credit or debit (audited with the balance before and after, posted
//! once per request key), the brand's totals per account, and expiry.
//!
//! Expiry is first in, first out ([`rules::expiry`]): what a member earned
//! in months already past their expiry, less everything consumed since
//! the beginning (spends, holds, debits, earlier expiries; returns count
//! back), capped by what they have available. One aggregate over the
//! brand's available-account lines finds the members with something due;
//! they are then expired in chunks, each chunk one transaction that locks
//! its members, recomputes their figures and posts with `post_many`, so
//! the job costs a few statements per 200 members, is safe to run twice
//! (the posting's source is `("expiry", "{member}:{yyyy-mm}")` and a
//! second run finds nothing due) and at any time.

use crate::ledger::{Line, NewPosting, Posted, balances_on, lock_member, post, post_many};
use crate::*;
use async_trait::async_trait;
use rules::{Account, PostingReason};

/// An operator's credit (`points > 0`) or debit (`points < 0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjustment {
    pub member_id: String,
    pub points: i64,
    /// Why, in the operator's words (required; shown to the member).
    pub reason: String,
    /// The operator said the member may go below zero.
    pub allow_negative: bool,
    /// The request's key: the same key posts once.
    pub key: String,
}

/// What an adjustment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjusted {
    pub posting: Posted,
    pub before: Balances,
    pub after: Balances,
}

/// The brand's points per account: issued is `-budget`; `available` and
/// `held` are the members' together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PointTotals {
    pub budget: i64,
    pub expired: i64,
    pub redeemed: i64,
    pub checkout: i64,
    pub available: i64,
    pub held: i64,
}

/// What one expiry run posted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExpiryRun {
    pub members: u64,
    pub points: i64,
}

/// One change to a member's available points, for their expiry outlook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailableMove {
    pub reason: PostingReason,
    pub points: i64,
    pub at: i64,
}

/// A brand whose points expire, for the job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiringBrand {
    pub brand_id: String,
    pub time_zone: String,
    pub expiry_months: i64,
}

/// Members expired per transaction.
const EXPIRY_CHUNK: usize = 200;

fn word_list(keep: impl Fn(PostingReason) -> bool) -> String {
    PostingReason::ALL
        .iter()
        .filter(|r| keep(**r))
        .map(|r| format!("'{}'", r.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Per member with available-account lines: earned before `$2` (due) and
/// consumed net of returns, with the kept available balance; `{members}`
/// narrows to a list of members (`$3…`) or is empty.
fn expiry_sql(members: usize) -> String {
    let earns = word_list(PostingReason::earns);
    let returns = word_list(rules::expiry::returns);
    let only = if members == 0 {
        String::new()
    } else {
        let params: Vec<String> = (0..members).map(|i| format!("${}", i + 3)).collect();
        format!(" AND l.member_id IN ({})", params.join(", "))
    };
    format!(
        "SELECT f.member_id, f.due, f.consumed, COALESCE(b.balance, 0) AS available FROM ( \
           SELECT l.member_id, \
             CAST(SUM(CASE WHEN p.reason IN ({earns}) AND l.created_at < $2 THEN l.points ELSE 0 END) AS BIGINT) AS due, \
             CAST(SUM(CASE WHEN p.reason IN ({earns}) THEN 0 \
                           WHEN l.points < 0 OR p.reason IN ({returns}) THEN -l.points ELSE 0 END) AS BIGINT) AS consumed \
           FROM ledger_lines l JOIN ledger_postings p ON p.brand_id = l.brand_id AND p.id = l.posting_id \
           WHERE l.brand_id = $1 AND l.account = 'available' AND l.member_id <> ''{only} \
           GROUP BY l.member_id) f \
         LEFT JOIN point_balances b ON b.brand_id = $1 AND b.member_id = f.member_id AND b.account = 'available' \
         WHERE f.due > 0 AND f.due > f.consumed"
    )
}

async fn due_members(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    cutoff: i64,
    members: &[String],
) -> Result<Vec<(String, i64)>> {
    let sql = expiry_sql(members.len());
    let mut q = sqlx::query_as::<_, (String, i64, i64, i64)>(sqlx::AssertSqlSafe(sql))
        .bind(brand)
        .bind(cutoff);
    for m in members {
        q = q.bind(m);
    }
    Ok(q.fetch_all(conn)
        .await?
        .into_iter()
        .map(|(m, due, consumed, available)| (m, rules::expiry::due_now(due, consumed, available)))
        .filter(|(_, p)| *p > 0)
        .collect())
}

fn expiry_posting(member: &str, points: i64, label: &str, cutoff: i64, at: i64) -> NewPosting {
    NewPosting {
        member_id: member.to_string(),
        reason: PostingReason::Expiry,
        memo: label.to_string(),
        detail: serde_json::json!({ "month": label, "cutoff": cutoff }).to_string(),
        source_kind: "expiry".into(),
        source_id: format!("{member}:{label}"),
        reverses: None,
        by: "system".into(),
        at,
        lines: vec![
            Line::member(Account::Available, member, -points),
            Line::brand(Account::Expired, points),
        ],
        allow_negative: false,
    }
}

impl SqlStore {
    /// Expires one chunk of members in one transaction: locks them (the
    /// first statement writes, so SQLite takes its lock up front),
    /// recomputes what is due and posts it.
    async fn expire_chunk(
        &self,
        brand: &str,
        members: &[String],
        cutoff: i64,
        label: &str,
        at: i64,
    ) -> Result<ExpiryRun> {
        let mut tx = self.pool.begin().await?;
        let params: Vec<String> = (0..members.len()).map(|i| format!("${}", i + 2)).collect();
        let lock = format!(
            "UPDATE members SET id = id WHERE brand_id = $1 AND id IN ({})",
            params.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(lock)).bind(brand);
        for m in members {
            q = q.bind(m);
        }
        q.execute(&mut *tx).await?;
        let due = due_members(&mut tx, brand, cutoff, members).await?;
        let postings: Vec<NewPosting> = due
            .iter()
            .map(|(m, p)| expiry_posting(m, *p, label, cutoff, at))
            .collect();
        let posted = post_many(&mut tx, brand, &postings).await?;
        tx.commit().await?;
        let mut run = ExpiryRun::default();
        for (p, done) in postings.iter().zip(posted) {
            if done.is_new() {
                run.members += 1;
                run.points -= p.lines[0].points;
            }
        }
        Ok(run)
    }
}

/// Operators' points work. One of the traits [`Store`] is made of.
#[async_trait]
pub trait PointsStore: Send + Sync {
    /// Credits or debits a member in one transaction with its audit line
    /// (`points.adjust`: balance before and after, the reason). A debit
    /// below zero is `Conflict("points_insufficient")` unless allowed;
    /// `NotFound` for a member not in the brand. The same key again is
    /// [`Posted::Already`] and writes nothing.
    async fn adjust_points(
        &self,
        brand: &str,
        adjustment: &Adjustment,
        by: &str,
        at: i64,
    ) -> Result<Adjusted>;
    /// The brand's totals per account.
    async fn point_totals(&self, brand: &str) -> Result<PointTotals>;
    /// Expires, first in first out, what members earned before `cutoff`
    /// (the start of the month after `label`, the last month whose points
    /// are past their expiry) and have not consumed.
    async fn expire_points(
        &self,
        brand: &str,
        cutoff: i64,
        label: &str,
        at: i64,
    ) -> Result<ExpiryRun>;
    /// Every change to a member's available points, oldest first.
    async fn available_moves(&self, brand: &str, member_id: &str) -> Result<Vec<AvailableMove>>;
    /// Brands whose points expire (policy months above 0), with their
    /// time zones.
    async fn expiring_brands(&self) -> Result<Vec<ExpiringBrand>>;
    /// Posts a batch in one transaction with `post_many` (imports,
    /// property tests and the benchmark; domains post in their own
    /// transactions).
    async fn post_batch(&self, brand: &str, postings: &[NewPosting]) -> Result<Vec<Posted>>;
}

#[async_trait]
impl PointsStore for SqlStore {
    async fn adjust_points(
        &self,
        brand: &str,
        a: &Adjustment,
        by: &str,
        at: i64,
    ) -> Result<Adjusted> {
        if a.points == 0 {
            return Err(StoreError::Corrupt("an adjustment of no points".into()));
        }
        let mut tx = self.pool.begin().await?;
        lock_member(&mut tx, brand, &a.member_id).await?;
        let before = balances_on(&mut tx, brand, &a.member_id).await?;
        let (member_side, budget_side) = (a.points, -a.points);
        let posting = NewPosting {
            member_id: a.member_id.clone(),
            reason: PostingReason::Adjustment,
            memo: a.reason.clone(),
            detail: serde_json::json!({ "by": by }).to_string(),
            source_kind: "adjustment".into(),
            source_id: format!("{by}:{}", a.key),
            reverses: None,
            by: by.to_string(),
            at,
            lines: vec![
                Line::brand(Account::Budget, budget_side),
                Line::member(Account::Available, &a.member_id, member_side),
            ],
            allow_negative: a.allow_negative,
        };
        let posted = post(&mut tx, brand, &posting).await?;
        let after = balances_on(&mut tx, brand, &a.member_id).await?;
        if posted.is_new() {
            let audit =
                AuditEntry::operator(brand, by, "points.adjust", ("member", &a.member_id), at)
                    .before(serde_json::json!({ "available": before.available }))
                    .after(serde_json::json!({
                        "available": after.available,
                        "points": a.points,
                        "reason": a.reason,
                        "allow_negative": a.allow_negative,
                        "posting": posted.id(),
                    }));
            insert_audit(&mut tx, &audit).await?;
        }
        tx.commit().await?;
        Ok(Adjusted {
            before: if posted.is_new() { before } else { after },
            posting: posted,
            after,
        })
    }

    async fn point_totals(&self, brand: &str) -> Result<PointTotals> {
        let mut t = PointTotals::default();
        let brand_side: Vec<(String, i64)> = sqlx::query_as(
            "SELECT account, CAST(SUM(points) AS BIGINT) FROM ledger_lines \
             WHERE brand_id = $1 AND member_id = '' GROUP BY account",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?;
        let members: Vec<(String, i64)> = sqlx::query_as(
            "SELECT account, CAST(SUM(balance) AS BIGINT) FROM point_balances \
             WHERE brand_id = $1 GROUP BY account",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?;
        for (account, sum) in brand_side.into_iter().chain(members) {
            let account: Account = account
                .parse()
                .map_err(|e: rules::words::UnknownWord| StoreError::Corrupt(e.to_string()))?;
            let slot = match account {
                Account::Budget => &mut t.budget,
                Account::Expired => &mut t.expired,
                Account::Redeemed => &mut t.redeemed,
                Account::Checkout => &mut t.checkout,
                Account::Available => &mut t.available,
                Account::Held => &mut t.held,
                // Staff incentives (issue 17) are not members' points.
                Account::StaffBudget
                | Account::StaffRewards
                | Account::StaffPoints
                | Account::StaffCash => continue,
            };
            *slot += sum;
        }
        Ok(t)
    }

    async fn expire_points(
        &self,
        brand: &str,
        cutoff: i64,
        label: &str,
        at: i64,
    ) -> Result<ExpiryRun> {
        let candidates = {
            let mut conn = self.pool.acquire().await?;
            due_members(&mut conn, brand, cutoff, &[]).await?
        };
        // In id order, so two processes running the job at once meet the
        // same chunks (a PostgreSQL deadlock between them aborts one run,
        // which the next run repeats).
        let mut ids: Vec<String> = candidates.into_iter().map(|(m, _)| m).collect();
        ids.sort();
        let mut run = ExpiryRun::default();
        for chunk in ids.chunks(EXPIRY_CHUNK) {
            let done = match self.expire_chunk(brand, chunk, cutoff, label, at).await {
                // A member spent between the figures and the posting (a
                // spend that does not lock the member): each alone.
                Err(StoreError::Conflict("points_insufficient")) => {
                    let mut r = ExpiryRun::default();
                    for m in chunk {
                        if let Ok(one) = self
                            .expire_chunk(brand, std::slice::from_ref(m), cutoff, label, at)
                            .await
                        {
                            r.members += one.members;
                            r.points += one.points;
                        }
                    }
                    r
                }
                other => other?,
            };
            run.members += done.members;
            run.points += done.points;
        }
        Ok(run)
    }

    async fn available_moves(&self, brand: &str, member_id: &str) -> Result<Vec<AvailableMove>> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT p.reason, l.points, l.created_at FROM ledger_lines l \
             JOIN ledger_postings p ON p.brand_id = l.brand_id AND p.id = l.posting_id \
             WHERE l.brand_id = $1 AND l.member_id = $2 AND l.account = 'available' \
             ORDER BY l.created_at, l.posting_id",
        )
        .bind(brand)
        .bind(member_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(reason, points, at)| {
                Ok(AvailableMove {
                    reason: reason.parse().map_err(|e: rules::words::UnknownWord| {
                        StoreError::Corrupt(e.to_string())
                    })?,
                    points,
                    at,
                })
            })
            .collect()
    }

    async fn post_batch(&self, brand: &str, postings: &[NewPosting]) -> Result<Vec<Posted>> {
        let mut tx = self.pool.begin().await?;
        let done = post_many(&mut tx, brand, postings).await?;
        tx.commit().await?;
        Ok(done)
    }

    async fn expiring_brands(&self) -> Result<Vec<ExpiringBrand>> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT b.id, b.time_zone, p.expiry_months FROM points_policies p \
             JOIN brands b ON b.id = p.brand_id WHERE p.expiry_months > 0 ORDER BY b.id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(brand_id, time_zone, expiry_months)| ExpiringBrand {
                brand_id,
                time_zone,
                expiry_months,
            })
            .collect())
    }
}
