//! The points ledger, double-entry: every movement of points is a
//! *posting* (why, for what, by whom, its source) whose *lines* move
//! points between accounts ([`rules::Account`]: the brand's budget,
//! expired, redeemed and checkout accounts; a member's available and held
//! points) and sum to zero. Nothing is edited; a correction is a posting
//! that reverses another.
//!
//! A posting's source (`source_kind`, `source_id`) is its idempotency key:
//! a note settled twice, a retried redemption or a job run twice posts
//! once ([`Posted::Already`]). A member's balance is the sum of their
//! account's lines; `point_balances` keeps that sum in the posting's own
//! transaction, so reading a balance (the roster sorts by it) is one row,
//! and the upsert that moves it is also the row lock that serialises two
//! spends of the same points on PostgreSQL. The brand's accounts have no
//! kept balance (every earning would otherwise wait on one hot row); their
//! totals are sums of lines. [`LedgerStore::check_ledger`] recomputes
//! everything and names any difference.
//!
//! Domain stores post inside their own transactions with [`post`],
//! [`post_many`] (settlement-sized batches, a few statements in all) and
//! [`reverse`]; a member account that would go below zero is refused
//! (`Conflict("points_insufficient")`) unless the posting allows it.
//!
//! Issue 17: a posting's holder is a member or a staff member
//! ([`rules::HolderKind`], from its holder accounts: a KOS reward moves
//! `staff_budget` → `staff_points`, or fen `staff_rewards` →
//! `staff_cash`). `member_id` holds the holder's id either way; points and
//! fen never meet in one posting.

use crate::*;
use async_trait::async_trait;
use rules::words::{HolderKind, RewardUnit};
use rules::{Account, PostingReason};
use sqlx::Row;

/// One line of a posting: `points` into (positive) or out of (negative)
/// an account; `member_id` is empty for the brand's accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub account: Account,
    pub member_id: String,
    pub points: i64,
}

impl Line {
    /// A line on a member's account (`Available` or `Held`).
    pub fn member(account: Account, member_id: &str, points: i64) -> Line {
        Line {
            account,
            member_id: member_id.to_string(),
            points,
        }
    }

    /// A line on a staff member's account (`StaffPoints` or `StaffCash`).
    pub fn staff(account: Account, staff_id: &str, points: i64) -> Line {
        Line::member(account, staff_id, points)
    }

    /// A line on one of the brand's accounts.
    pub fn brand(account: Account, points: i64) -> Line {
        Line {
            account,
            member_id: String::new(),
            points,
        }
    }
}

/// A posting to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPosting {
    /// The member it concerns (their history lists it).
    pub member_id: String,
    pub reason: PostingReason,
    /// What it was for, in words (a campaign's title, a reward's name).
    pub memo: String,
    /// JSON with the details the history explains (`{}` when none).
    pub detail: String,
    pub source_kind: String,
    pub source_id: String,
    /// The posting this one reverses.
    pub reverses: Option<String>,
    /// Who posted it: an operator's id, a member's id or `system`.
    pub by: String,
    pub at: i64,
    pub lines: Vec<Line>,
    /// Whether the member's accounts may go below zero (an operator's
    /// explicit debit); never for anything a member or a till starts.
    pub allow_negative: bool,
}

impl NewPosting {
    /// Points from the brand's budget to the member's available points:
    /// what every earning is.
    pub fn earning(
        member_id: &str,
        reason: PostingReason,
        source: (&str, &str),
        points: i64,
        at: i64,
    ) -> NewPosting {
        NewPosting {
            member_id: member_id.to_string(),
            reason,
            memo: String::new(),
            detail: "{}".into(),
            source_kind: source.0.to_string(),
            source_id: source.1.to_string(),
            reverses: None,
            by: "system".into(),
            at,
            lines: vec![
                Line::brand(Account::Budget, -points),
                Line::member(Account::Available, member_id, points),
            ],
            allow_negative: false,
        }
    }

    /// A KOS reward to a staff member: points from the brand's
    /// `staff_budget` to their `staff_points`, or fen from
    /// `staff_rewards` to their `staff_cash`.
    pub fn staff_reward(
        staff_id: &str,
        unit: RewardUnit,
        amount: i64,
        source: (&str, &str),
        by: &str,
        at: i64,
    ) -> NewPosting {
        let (from, to) = match unit {
            RewardUnit::Points => (Account::StaffBudget, Account::StaffPoints),
            RewardUnit::Fen => (Account::StaffRewards, Account::StaffCash),
        };
        NewPosting {
            member_id: staff_id.to_string(),
            reason: PostingReason::StaffReward,
            memo: String::new(),
            detail: "{}".into(),
            source_kind: source.0.to_string(),
            source_id: source.1.to_string(),
            reverses: None,
            by: by.to_string(),
            at,
            lines: vec![
                Line::brand(from, -amount),
                Line::staff(to, staff_id, amount),
            ],
            allow_negative: false,
        }
    }

    /// Whose posting it is: a staff member's when any line is on a staff
    /// account, else a member's ([`NewPosting::check`] refuses a mix).
    pub fn holder_kind(&self) -> HolderKind {
        if self
            .lines
            .iter()
            .any(|l| l.account.holder() == Some(HolderKind::Staff))
        {
            HolderKind::Staff
        } else {
            HolderKind::Member
        }
    }

    /// The same posting with a memo and a JSON detail.
    pub fn described(mut self, memo: &str, detail: String) -> NewPosting {
        self.memo = memo.to_string();
        self.detail = detail;
        self
    }

    fn check(&self) -> Result<()> {
        let bad = |why: &str| {
            Err(StoreError::Corrupt(format!(
                "posting {}: {why}",
                self.source_id
            )))
        };
        if self.lines.is_empty() {
            return bad("no lines");
        }
        if self
            .lines
            .iter()
            .map(|l| i128::from(l.points))
            .sum::<i128>()
            != 0
        {
            return bad("lines do not sum to zero");
        }
        let holder = self.holder_kind();
        let unit = self.lines[0].account.unit();
        for l in &self.lines {
            let kind = l.account.holder();
            if kind.is_some() == l.member_id.is_empty() {
                return bad("a line's account and member do not match");
            }
            if kind.is_some_and(|k| k != holder) {
                return bad("a posting mixes a member's and a staff member's accounts");
            }
            if kind.is_some() && l.member_id != self.member_id {
                return bad("a line names another member");
            }
            if l.account.unit() != unit {
                return bad("a posting mixes points and fen");
            }
        }
        Ok(())
    }
}

/// What posting did: the posting's id, new or found by its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Posted {
    New(String),
    Already(String),
}

impl Posted {
    pub fn id(&self) -> &str {
        match self {
            Posted::New(id) | Posted::Already(id) => id,
        }
    }

    pub fn is_new(&self) -> bool {
        matches!(self, Posted::New(_))
    }
}

/// A member's points: what they may spend and what a till holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Balances {
    pub available: i64,
    pub held: i64,
}

/// A brand's points policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointsPolicy {
    /// Points worth one yuan (100: one point is one fen).
    pub points_per_yuan: i64,
    /// Points expire at the end of this many months after the month they
    /// were earned; 0: never.
    pub expiry_months: i64,
    /// The largest share of an order a member may pay in points.
    pub checkout_max_percent: i64,
}

impl Default for PointsPolicy {
    fn default() -> Self {
        PointsPolicy {
            points_per_yuan: 100,
            expiry_months: 0,
            checkout_max_percent: 30,
        }
    }
}

/// One posting as a member's history shows it: `points` is the change to
/// their available points (a till's hold shows as points leaving).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LedgerEntry {
    pub brand_id: String,
    pub id: String,
    pub member_id: String,
    pub points: i64,
    pub reason: String,
    pub memo: String,
    /// JSON of `rules::PointsBreakdown` for settled notes, `{}` otherwise.
    pub detail: String,
    pub source_kind: String,
    pub source_id: String,
    pub created_at: i64,
}

pub(crate) const LEDGER_PAGE: &str = "SELECT p.brand_id, p.id, p.member_id, \
     CAST(COALESCE((SELECT SUM(l.points) FROM ledger_lines l WHERE l.brand_id = p.brand_id \
       AND l.posting_id = p.id AND l.member_id = p.member_id AND l.account = 'available'), 0) AS BIGINT) AS points, \
     p.reason, p.memo, p.detail, p.source_kind, p.source_id, p.created_at \
     FROM ledger_postings p WHERE p.brand_id = $1 AND p.member_id = $2 \
     ORDER BY p.created_at DESC, p.id DESC LIMIT $3 OFFSET $4";

const POSTING_COLUMNS: [&str; 12] = [
    "brand_id",
    "id",
    "holder_kind",
    "member_id",
    "reason",
    "memo",
    "detail",
    "source_kind",
    "source_id",
    "reverses",
    "created_by",
    "created_at",
];

const LINE_COLUMNS: [&str; 7] = [
    "brand_id",
    "posting_id",
    "line",
    "account",
    "member_id",
    "points",
    "created_at",
];

/// Posts one posting inside the caller's transaction.
pub(crate) async fn post(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    p: &NewPosting,
) -> Result<Posted> {
    let mut done = post_many(conn, brand, std::slice::from_ref(p)).await?;
    Ok(done.remove(0))
}

/// Posts a batch inside the caller's transaction, in a few multi-row
/// statements: the postings (a source already posted writes nothing),
/// their lines, and one upsert of the member balances they move. A member
/// account left below zero by a posting that does not allow it refuses
/// the whole batch.
pub(crate) async fn post_many(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    postings: &[NewPosting],
) -> Result<Vec<Posted>> {
    for p in postings {
        p.check()?;
    }
    let ids: Vec<String> = postings.iter().map(|_| new_id()).collect();
    // Rows per statement: at most ~5,500 parameters, well inside both
    // databases' limits.
    let mut written = std::collections::HashSet::new();
    for chunk in (0..postings.len()).collect::<Vec<_>>().chunks(500) {
        let sql = format!(
            "INSERT INTO ledger_postings ({}) VALUES {} ON CONFLICT DO NOTHING RETURNING id",
            POSTING_COLUMNS.join(", "),
            tuples(chunk.len(), POSTING_COLUMNS.len(), 1)
        );
        let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
        for &i in chunk {
            let p = &postings[i];
            q = q
                .bind(brand)
                .bind(&ids[i])
                .bind(p.holder_kind().as_str())
                .bind(&p.member_id)
                .bind(p.reason.as_str())
                .bind(&p.memo)
                .bind(&p.detail)
                .bind(&p.source_kind)
                .bind(&p.source_id)
                .bind(p.reverses.clone())
                .bind(&p.by)
                .bind(p.at);
        }
        written.extend(q.fetch_all(&mut *conn).await?);
    }
    let mut out = Vec::with_capacity(postings.len());
    let mut lines: Vec<Vec<Cell>> = Vec::new();
    // (member, account) -> (change, whether every debit allows negative).
    let mut moved: std::collections::BTreeMap<(&str, Account), (i64, bool)> =
        std::collections::BTreeMap::new();
    for (p, id) in postings.iter().zip(&ids) {
        if !written.contains(id) {
            let found: String = sqlx::query_scalar(
                "SELECT id FROM ledger_postings WHERE brand_id = $1 AND source_kind = $2 AND source_id = $3",
            )
            .bind(brand)
            .bind(&p.source_kind)
            .bind(&p.source_id)
            .fetch_one(&mut *conn)
            .await?;
            out.push(Posted::Already(found));
            continue;
        }
        for (n, l) in p.lines.iter().enumerate() {
            lines.push(vec![
                Cell::Text(Some(brand.to_string())),
                Cell::Text(Some(id.clone())),
                Cell::Int(Some(n as i64)),
                Cell::Text(Some(l.account.as_str().to_string())),
                Cell::Text(Some(l.member_id.clone())),
                Cell::Int(Some(l.points)),
                Cell::Int(Some(p.at)),
            ]);
            if l.account.holder().is_some() {
                let e = moved
                    .entry((l.member_id.as_str(), l.account))
                    .or_insert((0, true));
                e.0 += l.points;
                if l.points < 0 && !p.allow_negative {
                    e.1 = false;
                }
            }
        }
        out.push(Posted::New(id.clone()));
    }
    while !lines.is_empty() {
        let mut batch: Vec<Vec<Cell>> = lines.drain(..lines.len().min(700)).collect();
        insert_rows(conn, "ledger_lines", &LINE_COLUMNS, &mut batch, "").await?;
    }
    // In key order, so two transactions moving the same balances lock them
    // in the same order and never deadlock.
    let moved: Vec<_> = moved.into_iter().filter(|(_, (d, _))| *d != 0).collect();
    for chunk in moved.chunks(500) {
        let sql = format!(
            "INSERT INTO point_balances (brand_id, member_id, account, balance) VALUES {} \
             ON CONFLICT (brand_id, member_id, account) DO UPDATE SET balance = point_balances.balance + excluded.balance \
             RETURNING member_id, account, balance",
            tuples(chunk.len(), 4, 1)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for ((member, account), (delta, _)) in chunk {
            q = q
                .bind(brand)
                .bind(member.to_string())
                .bind(account.as_str())
                .bind(*delta);
        }
        for row in q.fetch_all(&mut *conn).await? {
            let balance: i64 = row.try_get("balance")?;
            if balance >= 0 {
                continue;
            }
            let (member, account): (String, String) =
                (row.try_get("member_id")?, row.try_get("account")?);
            let refused = chunk.iter().any(|((m, a), (delta, may))| {
                *m == member && a.as_str() == account && *delta < 0 && !*may
            });
            if refused {
                return Err(StoreError::Conflict("points_insufficient"));
            }
        }
    }
    Ok(out)
}

/// Reverses posting `posting_id` with its lines negated (`reverses` set),
/// under its own source; the member may not be left below zero.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn reverse(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    posting_id: &str,
    reason: PostingReason,
    source: (&str, &str),
    by: &str,
    at: i64,
) -> Result<Posted> {
    let head: Option<(String, String, String)> = sqlx::query_as(
        "SELECT member_id, memo, detail FROM ledger_postings WHERE brand_id = $1 AND id = $2",
    )
    .bind(brand)
    .bind(posting_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (member_id, memo, detail) = one(head)?;
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT account, member_id, points FROM ledger_lines WHERE brand_id = $1 AND posting_id = $2 ORDER BY line",
    )
    .bind(brand)
    .bind(posting_id)
    .fetch_all(&mut *conn)
    .await?;
    let lines = rows
        .into_iter()
        .map(|(account, member_id, points)| {
            let account = account
                .parse::<Account>()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok(Line {
                account,
                member_id,
                points: -points,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    post(
        conn,
        brand,
        &NewPosting {
            member_id,
            reason,
            memo,
            detail,
            source_kind: source.0.to_string(),
            source_id: source.1.to_string(),
            reverses: Some(posting_id.to_string()),
            by: by.to_string(),
            at,
            lines,
            allow_negative: false,
        },
    )
    .await
}

/// Locks a member's row for the rest of the transaction (a write, so it
/// may open a write transaction on SQLite): a domain that reads the
/// member's balance or counts their redemptions before posting takes it
/// first. `NotFound` for no such member.
pub(crate) async fn lock_member(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    member_id: &str,
) -> Result<()> {
    crate::selection::lock_row(conn, "members", brand, member_id).await
}

/// Reads a member's balances inside a transaction (or on the pool).
pub(crate) async fn balances_on(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    member_id: &str,
) -> Result<Balances> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT account, balance FROM point_balances WHERE brand_id = $1 AND member_id = $2",
    )
    .bind(brand)
    .bind(member_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut b = Balances::default();
    for (account, balance) in rows {
        match account.as_str() {
            "available" => b.available = balance,
            "held" => b.held = balance,
            other => return Err(StoreError::Corrupt(format!("balance of account {other}"))),
        }
    }
    Ok(b)
}

/// The points ledger. One of the traits [`Store`] is made of.
#[async_trait]
pub trait LedgerStore: Send + Sync {
    /// Posts one posting in its own transaction.
    async fn post(&self, brand: &str, posting: &NewPosting) -> Result<Posted>;
    /// Reverses posting `posting_id` in its own transaction (see
    /// [`reverse`]).
    async fn reverse_posting(
        &self,
        brand: &str,
        posting_id: &str,
        reason: PostingReason,
        source: (&str, &str),
        by: &str,
        at: i64,
    ) -> Result<Posted>;
    /// A member's available and held points (one row each).
    async fn balances(&self, brand: &str, member_id: &str) -> Result<Balances>;
    /// A member's available points.
    async fn balance(&self, brand: &str, member_id: &str) -> Result<i64>;
    /// A member's history, newest first: one row per posting.
    async fn ledger(&self, brand: &str, member_id: &str, page: Page) -> Result<Vec<LedgerEntry>>;
    /// The lines of one posting of the brand, in order.
    async fn posting_lines(&self, brand: &str, posting_id: &str) -> Result<Vec<Line>>;
    /// The brand's policy (the defaults when it has none).
    async fn points_policy(&self, brand: &str) -> Result<PointsPolicy>;
    /// Replaces the brand's policy; audited with before and after.
    async fn save_points_policy(
        &self,
        brand: &str,
        policy: &PointsPolicy,
        by: &str,
        at: i64,
    ) -> Result<()>;
    /// Recomputes the brand's ledger and names every broken invariant: a
    /// posting whose lines do not sum to zero, a kept balance that is not
    /// the sum of its lines. Empty when all holds (tests and `seedbed`
    /// checks use it).
    async fn check_ledger(&self, brand: &str) -> Result<Vec<String>>;
}

#[async_trait]
impl LedgerStore for SqlStore {
    async fn post(&self, brand: &str, posting: &NewPosting) -> Result<Posted> {
        let mut tx = self.pool.begin().await?;
        let done = post(&mut tx, brand, posting).await?;
        tx.commit().await?;
        Ok(done)
    }

    async fn reverse_posting(
        &self,
        brand: &str,
        posting_id: &str,
        reason: PostingReason,
        source: (&str, &str),
        by: &str,
        at: i64,
    ) -> Result<Posted> {
        let mut tx = self.pool.begin().await?;
        // The first statement writes (SQLite takes its lock up front): it
        // locks the posting being reversed.
        let n = sqlx::query("UPDATE ledger_postings SET id = id WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(posting_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let done = reverse(&mut tx, brand, posting_id, reason, source, by, at).await?;
        tx.commit().await?;
        Ok(done)
    }

    async fn balances(&self, brand: &str, member_id: &str) -> Result<Balances> {
        let mut conn = self.pool.acquire().await?;
        balances_on(&mut conn, brand, member_id).await
    }

    async fn balance(&self, brand: &str, member_id: &str) -> Result<i64> {
        Ok(self.balances(brand, member_id).await?.available)
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

    async fn posting_lines(&self, brand: &str, posting_id: &str) -> Result<Vec<Line>> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT account, member_id, points FROM ledger_lines WHERE brand_id = $1 AND posting_id = $2 ORDER BY line",
        )
        .bind(brand)
        .bind(posting_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(account, member_id, points)| {
                Ok(Line {
                    account: account.parse().map_err(|e: rules::words::UnknownWord| {
                        StoreError::Corrupt(e.to_string())
                    })?,
                    member_id,
                    points,
                })
            })
            .collect()
    }

    async fn points_policy(&self, brand: &str) -> Result<PointsPolicy> {
        let row: Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT points_per_yuan, expiry_months, checkout_max_percent FROM points_policies WHERE brand_id = $1",
        )
        .bind(brand)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .map(
                |(points_per_yuan, expiry_months, checkout_max_percent)| PointsPolicy {
                    points_per_yuan,
                    expiry_months,
                    checkout_max_percent,
                },
            )
            .unwrap_or_default())
    }

    async fn save_points_policy(
        &self,
        brand: &str,
        p: &PointsPolicy,
        by: &str,
        at: i64,
    ) -> Result<()> {
        let before = self.points_policy(brand).await?;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO points_policies (brand_id, points_per_yuan, expiry_months, checkout_max_percent, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (brand_id) DO UPDATE SET \
             points_per_yuan = excluded.points_per_yuan, expiry_months = excluded.expiry_months, \
             checkout_max_percent = excluded.checkout_max_percent, updated_by = excluded.updated_by, \
             updated_at = excluded.updated_at",
        )
        .bind(brand)
        .bind(p.points_per_yuan)
        .bind(p.expiry_months)
        .bind(p.checkout_max_percent)
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let look = |p: &PointsPolicy| {
            serde_json::json!({
                "points_per_yuan": p.points_per_yuan,
                "expiry_months": p.expiry_months,
                "checkout_max_percent": p.checkout_max_percent,
            })
        };
        let audit = AuditEntry::operator(brand, by, "points.policy", ("brand", brand), at)
            .before(look(&before))
            .after(look(p));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn check_ledger(&self, brand: &str) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let unbalanced: Vec<(String, i64)> = sqlx::query_as(
            "SELECT posting_id, CAST(SUM(points) AS BIGINT) FROM ledger_lines WHERE brand_id = $1 \
             GROUP BY posting_id HAVING SUM(points) <> 0",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?;
        for (id, sum) in unbalanced {
            problems.push(format!("posting {id} sums to {sum}"));
        }
        let bare: Vec<String> = sqlx::query_scalar(
            "SELECT p.id FROM ledger_postings p WHERE p.brand_id = $1 AND NOT EXISTS \
             (SELECT 1 FROM ledger_lines l WHERE l.brand_id = p.brand_id AND l.posting_id = p.id)",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?;
        for id in bare {
            problems.push(format!("posting {id} has no lines"));
        }
        // Every kept balance against its lines, and every member account
        // with lines against its kept balance (0 when it has none).
        let differ: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT k.member_id, k.account, k.kept, k.summed FROM ( \
               SELECT b.member_id, b.account, b.balance AS kept, \
                 CAST(COALESCE((SELECT SUM(l.points) FROM ledger_lines l WHERE l.brand_id = b.brand_id \
                   AND l.member_id = b.member_id AND l.account = b.account), 0) AS BIGINT) AS summed \
               FROM point_balances b WHERE b.brand_id = $1 \
               UNION ALL \
               SELECT l.member_id, l.account, 0 AS kept, CAST(SUM(l.points) AS BIGINT) AS summed \
               FROM ledger_lines l WHERE l.brand_id = $1 AND l.member_id <> '' AND NOT EXISTS \
                 (SELECT 1 FROM point_balances b WHERE b.brand_id = l.brand_id AND b.member_id = l.member_id \
                  AND b.account = l.account) \
               GROUP BY l.member_id, l.account) k WHERE k.kept <> k.summed",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?;
        for (member, account, kept, summed) in differ {
            problems.push(format!(
                "{member}'s {account} is kept as {kept} but its lines sum to {summed}"
            ));
        }
        Ok(problems)
    }
}
