//! The KOS account matrix, "1 + X + N" (issue 17: content): the accounts
//! the brand owns as assets, held by the brand, a region, a store or a
//! staff member on each platform; their dated follower counts; their
//! hand-overs (each dated, with who decided); and the matrix, counted in
//! two grouped queries (accounts per owner level and platform, owners per
//! level) so it stays one round trip on 9,000 accounts.
//!
//! Scope (`rules::kos::KosScope`) is found through the owner's row, never
//! copied onto the account: a store manager's accounts are the store's and
//! its staff's (by `kos_staff.store_id`), a regional manager's the
//! region's, its stores' and its staff's. A record outside the caller's
//! scope is `NotFound`. There is no password anywhere: the brand keeps
//! handles and ownership, never platform secrets.

use crate::*;
use async_trait::async_trait;
use rules::kos::KosScope;
use rules::words::{AccountOwnerLevel, AccountStatus, KosPlatform};

/// Who wrote: an operator (audited) or a staff member (recorded as the
/// row's `created_by`/`decided_by`; staff writes only touch their own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum By {
    Operator(String),
    Staff(String),
}

impl By {
    pub fn id(&self) -> &str {
        match self {
            By::Operator(id) | By::Staff(id) => id,
        }
    }
}

/// One account, with its owner's display name (the region, store or
/// staff member's name; the brand's is '').
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KosAccount {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub owner_level: AccountOwnerLevel,
    pub owner_id: String,
    pub owner_name: String,
    #[sqlx(try_from = "String")]
    pub platform: KosPlatform,
    pub handle: String,
    pub profile_url: String,
    #[sqlx(try_from = "String")]
    pub status: AccountStatus,
    pub followers: i64,
    pub followers_on: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An account to add. `profile_url` already checked by
/// `rules::kos_content::profile_url`; `handle` trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKosAccount {
    pub id: String,
    pub owner_level: AccountOwnerLevel,
    /// '' for the brand.
    pub owner_id: String,
    pub platform: KosPlatform,
    pub handle: String,
    pub profile_url: String,
    pub status: AccountStatus,
    /// A first count, dated `on_date`, if known.
    pub followers: Option<i64>,
    pub on_date: String,
}

/// What may change on an account besides its holder (hand-over) and its
/// count (`record_followers`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountEdit {
    pub handle: String,
    pub profile_url: String,
    pub status: AccountStatus,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountFilter {
    pub owner_level: Option<AccountOwnerLevel>,
    pub owner_id: Option<String>,
    pub platform: Option<KosPlatform>,
    pub status: Option<AccountStatus>,
    /// Within the caller's scope, one region's accounts only.
    pub region_id: Option<String>,
    /// A handle starts with this (case-insensitive).
    pub handle: Option<String>,
}

/// Who takes a staff member's accounts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandOverTo {
    /// A colleague (of the same brand, not left).
    Staff(String),
    /// A store of the brand.
    Store(String),
}

impl HandOverTo {
    fn level_id(&self) -> (AccountOwnerLevel, &str) {
        match self {
            HandOverTo::Staff(id) => (AccountOwnerLevel::Staff, id),
            HandOverTo::Store(id) => (AccountOwnerLevel::Store, id),
        }
    }
}

/// One change of holder.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AccountHandover {
    pub id: String,
    pub account_id: String,
    #[sqlx(try_from = "String")]
    pub from_level: AccountOwnerLevel,
    pub from_id: String,
    #[sqlx(try_from = "String")]
    pub to_level: AccountOwnerLevel,
    pub to_id: String,
    pub on_date: String,
    pub reason: String,
    pub decided_by: String,
    pub created_at: i64,
}

/// A dated follower count.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FollowerCount {
    pub on_date: String,
    pub followers: i64,
}

/// One cell of the matrix: the live (not closed) accounts of an owner
/// level on a platform, their followers, and how many distinct current
/// owners (open stores, staff who have not left) have one.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MatrixCell {
    #[sqlx(try_from = "String")]
    pub owner_level: AccountOwnerLevel,
    #[sqlx(try_from = "String")]
    pub platform: KosPlatform,
    pub accounts: i64,
    pub followers: i64,
    pub owners: i64,
}

/// The matrix: its non-empty cells and the current owners per level in
/// the scope (the brand counts 1 for the brand scope only), so every gap
/// (`owners_total - cell.owners`) is known, empty cells included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountMatrix {
    pub cells: Vec<MatrixCell>,
    pub owners_total: Vec<(AccountOwnerLevel, i64)>,
}

/// The account matrix. One of the traits [`Store`] is made of.
#[async_trait]
pub trait KosAccountStore: Send + Sync {
    /// Adds an account. `Conflict("account_owner_unknown")` when the owner
    /// is not a region, store or (current) staff member of the brand;
    /// `Conflict("account_taken")` when the platform's handle is held.
    async fn create_kos_account(
        &self,
        brand: &str,
        a: &NewKosAccount,
        by: &By,
        at: i64,
    ) -> Result<KosAccount>;
    async fn update_kos_account(
        &self,
        brand: &str,
        id: &str,
        scope: &KosScope,
        e: &AccountEdit,
        by: &By,
        at: i64,
    ) -> Result<KosAccount>;
    /// One account within the caller's scope, else `NotFound`.
    async fn kos_account(&self, brand: &str, id: &str, scope: &KosScope) -> Result<KosAccount>;
    /// The caller's accounts, owner level, platform, handle order.
    async fn kos_accounts(
        &self,
        brand: &str,
        scope: &KosScope,
        f: &AccountFilter,
        page: Page,
    ) -> Result<Vec<KosAccount>>;
    /// Records a count for a day (replacing that day's); the account's
    /// latest moves only when the day is not older than its latest.
    async fn record_followers(
        &self,
        brand: &str,
        id: &str,
        scope: &KosScope,
        count: &FollowerCount,
        by: &By,
        at: i64,
    ) -> Result<KosAccount>;
    /// Oldest first.
    async fn account_followers(&self, brand: &str, id: &str) -> Result<Vec<FollowerCount>>;
    /// Oldest first.
    async fn account_handovers(&self, brand: &str, id: &str) -> Result<Vec<AccountHandover>>;
    /// An operator hands one account to a colleague or a store.
    /// `Conflict("hand_over_target_unknown")`, `("hand_over_same_holder")`.
    #[allow(clippy::too_many_arguments)]
    async fn hand_over_account(
        &self,
        brand: &str,
        id: &str,
        to: &HandOverTo,
        on_date: &str,
        reason: &str,
        by: &str,
        at: i64,
    ) -> Result<KosAccount>;
    /// Hands every account of a staff member to a colleague or a store in
    /// one transaction (what leaving does inside the organisation's own
    /// transaction, through [`hand_over_accounts`]). Returns how many moved.
    async fn hand_over_staff_accounts(
        &self,
        brand: &str,
        from_staff: &str,
        to: &HandOverTo,
        on_date: &str,
        by: &str,
        at: i64,
    ) -> Result<i64>;
    /// The matrix of the caller's scope (narrowed to `region` if given
    /// and inside the scope).
    async fn account_matrix(
        &self,
        brand: &str,
        scope: &KosScope,
        region: Option<&str>,
    ) -> Result<AccountMatrix>;
}

const ACCOUNT_COLUMNS: &str = "a.id, a.owner_level, a.owner_id, \
     COALESCE(CASE a.owner_level \
       WHEN 'region' THEN (SELECT r.name FROM kos_regions r WHERE r.brand_id = a.brand_id AND r.id = a.owner_id) \
       WHEN 'store' THEN (SELECT s.name FROM kos_stores s WHERE s.brand_id = a.brand_id AND s.id = a.owner_id) \
       WHEN 'staff' THEN (SELECT p.name FROM kos_staff p WHERE p.brand_id = a.brand_id AND p.id = a.owner_id) \
     END, '') AS owner_name, \
     a.platform, a.handle, a.profile_url, a.status, a.followers, a.followers_on, a.created_at, a.updated_at";

/// The SQL condition (on alias `a`, brand `$1`) that keeps the accounts of
/// `scope`, with its one value bound as `$n`.
pub(crate) fn account_scope(scope: &KosScope, n: usize) -> (String, Option<String>) {
    match scope {
        KosScope::Brand => (String::new(), None),
        KosScope::Region(r) => (
            format!(
                " AND ((a.owner_level = 'region' AND a.owner_id = ${n}) \
                 OR (a.owner_level = 'store' AND a.owner_id IN (SELECT s.id FROM kos_stores s WHERE s.brand_id = $1 AND s.region_id = ${n})) \
                 OR (a.owner_level = 'staff' AND a.owner_id IN (SELECT p.id FROM kos_staff p WHERE p.brand_id = $1 AND p.region_id = ${n})))"
            ),
            Some(r.clone()),
        ),
        KosScope::Store(s) => (
            format!(
                " AND ((a.owner_level = 'store' AND a.owner_id = ${n}) \
                 OR (a.owner_level = 'staff' AND a.owner_id IN (SELECT p.id FROM kos_staff p WHERE p.brand_id = $1 AND p.store_id = ${n})))"
            ),
            Some(s.clone()),
        ),
        KosScope::Own { staff, .. } => (
            format!(" AND a.owner_level = 'staff' AND a.owner_id = ${n}"),
            Some(staff.clone()),
        ),
    }
}

fn account_json(a: &KosAccount) -> serde_json::Value {
    serde_json::json!({
        "owner_level": a.owner_level, "owner_id": a.owner_id, "platform": a.platform,
        "handle": a.handle, "profile_url": a.profile_url, "status": a.status,
    })
}

/// Whether `(level, id)` names a current owner of the brand.
async fn owner_exists(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    level: AccountOwnerLevel,
    id: &str,
) -> Result<bool> {
    let sql = match level {
        AccountOwnerLevel::Brand => return Ok(id.is_empty()),
        AccountOwnerLevel::Region => {
            "SELECT COUNT(*) FROM kos_regions WHERE brand_id = $1 AND id = $2"
        }
        AccountOwnerLevel::Store => {
            "SELECT COUNT(*) FROM kos_stores WHERE brand_id = $1 AND id = $2"
        }
        AccountOwnerLevel::Staff => {
            "SELECT COUNT(*) FROM kos_staff WHERE brand_id = $1 AND id = $2 AND left_on IS NULL"
        }
    };
    let n: i64 = sqlx::query_scalar(sql)
        .bind(brand)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

async fn account_in(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    id: &str,
    scope: &KosScope,
) -> Result<KosAccount> {
    let (cond, value) = account_scope(scope, 3);
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM kos_accounts a WHERE a.brand_id = $1 AND a.id = $2{cond}"
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(brand)
        .bind(id);
    if let Some(v) = value {
        q = q.bind(v);
    }
    one(q.fetch_optional(&mut *conn).await?)
}

fn handle_key(handle: &str) -> String {
    handle.trim().to_lowercase()
}

fn taken(e: StoreError) -> StoreError {
    match e {
        StoreError::Db(sqlx::Error::Database(d)) if d.is_unique_violation() => {
            StoreError::Conflict("account_taken")
        }
        e => e,
    }
}

/// Hands every account of `from_staff` to `to`, dated `on_date`, decided
/// by `by`, inside the caller's transaction (the organisation's "staff
/// member leaves", which also ends their sessions and hands their leads
/// over, all or nothing). Returns how many accounts moved.
/// `Conflict("hand_over_target_unknown")` when the colleague has left, is
/// the same person or is not of the brand, or the store is unknown.
pub(crate) async fn hand_over_accounts(
    tx: &mut sqlx::AnyConnection,
    brand: &str,
    from_staff: &str,
    to: HandOverTo,
    on_date: &str,
    by: &str,
    at: i64,
) -> Result<i64> {
    let (to_level, to_id) = to.level_id();
    if (to_level == AccountOwnerLevel::Staff && to_id == from_staff)
        || !owner_exists(tx, brand, to_level, to_id).await?
    {
        return Err(StoreError::Conflict("hand_over_target_unknown"));
    }
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM kos_accounts WHERE brand_id = $1 AND owner_level = 'staff' AND owner_id = $2 ORDER BY id",
    )
    .bind(brand)
    .bind(from_staff)
    .fetch_all(&mut *tx)
    .await?;
    for id in &ids {
        move_account(
            tx,
            brand,
            id,
            (AccountOwnerLevel::Staff, from_staff),
            (to_level, to_id),
            (on_date, "left"),
            by,
            at,
        )
        .await?;
    }
    Ok(ids.len() as i64)
}

#[allow(clippy::too_many_arguments)]
async fn move_account(
    tx: &mut sqlx::AnyConnection,
    brand: &str,
    id: &str,
    from: (AccountOwnerLevel, &str),
    to: (AccountOwnerLevel, &str),
    (on_date, reason): (&str, &str),
    by: &str,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE kos_accounts SET owner_level = $3, owner_id = $4, updated_at = $5 WHERE brand_id = $1 AND id = $2",
    )
    .bind(brand)
    .bind(id)
    .bind(to.0.as_str())
    .bind(to.1)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO kos_account_handovers (brand_id, id, account_id, from_level, from_id, to_level, to_id, \
           on_date, reason, decided_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(brand)
    .bind(new_id())
    .bind(id)
    .bind(from.0.as_str())
    .bind(from.1)
    .bind(to.0.as_str())
    .bind(to.1)
    .bind(on_date)
    .bind(reason)
    .bind(by)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    let audit = AuditEntry::operator(brand, by, "kos_account.hand_over", ("kos_account", id), at)
        .before(serde_json::json!({ "owner_level": from.0, "owner_id": from.1 }))
        .after(serde_json::json!({ "owner_level": to.0, "owner_id": to.1, "on_date": on_date }));
    insert_audit(tx, &audit).await
}

#[async_trait]
impl KosAccountStore for SqlStore {
    async fn create_kos_account(
        &self,
        brand: &str,
        a: &NewKosAccount,
        by: &By,
        at: i64,
    ) -> Result<KosAccount> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO kos_accounts (brand_id, id, owner_level, owner_id, platform, handle, handle_key, profile_url, \
               status, followers, followers_on, created_at, created_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12)",
        )
        .bind(brand)
        .bind(&a.id)
        .bind(a.owner_level.as_str())
        .bind(&a.owner_id)
        .bind(a.platform.as_str())
        .bind(a.handle.trim())
        .bind(handle_key(&a.handle))
        .bind(&a.profile_url)
        .bind(a.status.as_str())
        .bind(a.followers.unwrap_or(0))
        .bind(a.followers.map(|_| a.on_date.clone()))
        .bind(at)
        .bind(by.id())
        .execute(&mut *tx)
        .await
        .map_err(|e| taken(e.into()))?;
        if !owner_exists(&mut tx, brand, a.owner_level, &a.owner_id).await? {
            return Err(StoreError::Conflict("account_owner_unknown"));
        }
        if let Some(n) = a.followers {
            sqlx::query(
                "INSERT INTO kos_account_followers (brand_id, account_id, on_date, followers, recorded_at, recorded_by) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(brand)
            .bind(&a.id)
            .bind(&a.on_date)
            .bind(n)
            .bind(at)
            .bind(by.id())
            .execute(&mut *tx)
            .await?;
        }
        let row = account_in(&mut tx, brand, &a.id, &KosScope::Brand).await?;
        if let By::Operator(op) = by {
            let audit =
                AuditEntry::operator(brand, op, "kos_account.create", ("kos_account", &a.id), at)
                    .after(account_json(&row));
            insert_audit(&mut tx, &audit).await?;
        }
        tx.commit().await?;
        Ok(row)
    }

    async fn update_kos_account(
        &self,
        brand: &str,
        id: &str,
        scope: &KosScope,
        e: &AccountEdit,
        by: &By,
        at: i64,
    ) -> Result<KosAccount> {
        let mut tx = self.pool.begin().await?;
        // The write first (SQLite's lock), then the scope check on the
        // same transaction's row; outside the scope rolls back.
        sqlx::query(
            "UPDATE kos_accounts SET updated_at = updated_at WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let before = account_in(&mut tx, brand, id, scope).await?;
        sqlx::query(
            "UPDATE kos_accounts SET handle = $3, handle_key = $4, profile_url = $5, status = $6, updated_at = $7 \
             WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .bind(e.handle.trim())
        .bind(handle_key(&e.handle))
        .bind(&e.profile_url)
        .bind(e.status.as_str())
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(|e| taken(e.into()))?;
        let after = account_in(&mut tx, brand, id, &KosScope::Brand).await?;
        if let By::Operator(op) = by {
            let audit =
                AuditEntry::operator(brand, op, "kos_account.update", ("kos_account", id), at)
                    .before(account_json(&before))
                    .after(account_json(&after));
            insert_audit(&mut tx, &audit).await?;
        }
        tx.commit().await?;
        Ok(after)
    }

    async fn kos_account(&self, brand: &str, id: &str, scope: &KosScope) -> Result<KosAccount> {
        let mut conn = self.pool.acquire().await?;
        account_in(&mut conn, brand, id, scope).await
    }

    async fn kos_accounts(
        &self,
        brand: &str,
        scope: &KosScope,
        f: &AccountFilter,
        page: Page,
    ) -> Result<Vec<KosAccount>> {
        let (mut sql, first) = {
            let (cond, v) = account_scope(scope, 2);
            (
                format!("SELECT {ACCOUNT_COLUMNS} FROM kos_accounts a WHERE a.brand_id = $1{cond}"),
                v,
            )
        };
        let mut args: Vec<String> = vec![brand.to_string()];
        args.extend(first);
        if let Some(r) = &f.region_id {
            let (cond, v) = account_scope(&KosScope::Region(r.clone()), args.len() + 1);
            sql.push_str(&cond);
            args.extend(v);
        }
        for (column, value) in [
            (
                "a.owner_level",
                f.owner_level.map(|l| l.as_str().to_string()),
            ),
            ("a.owner_id", f.owner_id.clone()),
            ("a.platform", f.platform.map(|p| p.as_str().to_string())),
            ("a.status", f.status.map(|s| s.as_str().to_string())),
        ] {
            if let Some(v) = value {
                args.push(v);
                sql.push_str(&format!(" AND {column} = ${}", args.len()));
            }
        }
        if let Some(h) = f
            .handle
            .as_deref()
            .map(handle_key)
            .filter(|h| !h.is_empty())
        {
            // A prefix on the key: `%` and `_` in what was typed are literal.
            let escaped = h
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            args.push(format!("{escaped}%"));
            sql.push_str(&format!(
                " AND a.handle_key LIKE ${} ESCAPE '\\'",
                args.len()
            ));
        }
        sql.push_str(&format!(
            " ORDER BY a.owner_level, a.platform, a.handle_key, a.id LIMIT ${} OFFSET ${}",
            args.len() + 1,
            args.len() + 2
        ));
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for a in &args {
            q = q.bind(a);
        }
        Ok(q.bind(page.limit)
            .bind(page.offset)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn record_followers(
        &self,
        brand: &str,
        id: &str,
        scope: &KosScope,
        count: &FollowerCount,
        by: &By,
        at: i64,
    ) -> Result<KosAccount> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE kos_accounts SET updated_at = updated_at WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        account_in(&mut tx, brand, id, scope).await?;
        sqlx::query(
            "INSERT INTO kos_account_followers (brand_id, account_id, on_date, followers, recorded_at, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (brand_id, account_id, on_date) DO UPDATE SET \
             followers = excluded.followers, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
        )
        .bind(brand)
        .bind(id)
        .bind(&count.on_date)
        .bind(count.followers)
        .bind(at)
        .bind(by.id())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE kos_accounts SET followers = $3, followers_on = $4, updated_at = $5 \
             WHERE brand_id = $1 AND id = $2 AND (followers_on IS NULL OR followers_on <= $4)",
        )
        .bind(brand)
        .bind(id)
        .bind(count.followers)
        .bind(&count.on_date)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if let By::Operator(op) = by {
            let audit = AuditEntry::operator(
                brand,
                op,
                "kos_account.followers",
                ("kos_account", id),
                at,
            )
            .after(serde_json::json!({ "on_date": count.on_date, "followers": count.followers }));
            insert_audit(&mut tx, &audit).await?;
        }
        let row = account_in(&mut tx, brand, id, &KosScope::Brand).await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn account_followers(&self, brand: &str, id: &str) -> Result<Vec<FollowerCount>> {
        Ok(sqlx::query_as(
            "SELECT on_date, followers FROM kos_account_followers WHERE brand_id = $1 AND account_id = $2 \
             ORDER BY on_date LIMIT 1000",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn account_handovers(&self, brand: &str, id: &str) -> Result<Vec<AccountHandover>> {
        Ok(sqlx::query_as(
            "SELECT id, account_id, from_level, from_id, to_level, to_id, on_date, reason, decided_by, created_at \
             FROM kos_account_handovers WHERE brand_id = $1 AND account_id = $2 ORDER BY id LIMIT 1000",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn hand_over_account(
        &self,
        brand: &str,
        id: &str,
        to: &HandOverTo,
        on_date: &str,
        reason: &str,
        by: &str,
        at: i64,
    ) -> Result<KosAccount> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE kos_accounts SET updated_at = updated_at WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let before = account_in(&mut tx, brand, id, &KosScope::Brand).await?;
        let (to_level, to_id) = to.level_id();
        if before.owner_level == to_level && before.owner_id == to_id {
            return Err(StoreError::Conflict("hand_over_same_holder"));
        }
        if !owner_exists(&mut tx, brand, to_level, to_id).await? {
            return Err(StoreError::Conflict("hand_over_target_unknown"));
        }
        move_account(
            &mut tx,
            brand,
            id,
            (before.owner_level, &before.owner_id),
            (to_level, to_id),
            (on_date, reason),
            by,
            at,
        )
        .await?;
        let row = account_in(&mut tx, brand, id, &KosScope::Brand).await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn hand_over_staff_accounts(
        &self,
        brand: &str,
        from_staff: &str,
        to: &HandOverTo,
        on_date: &str,
        by: &str,
        at: i64,
    ) -> Result<i64> {
        let mut tx = self.pool.begin().await?;
        // The brand's row first: SQLite's write lock, and on PostgreSQL one
        // hand-over of a brand's accounts at a time.
        sqlx::query("UPDATE brands SET id = id WHERE id = $1")
            .bind(brand)
            .execute(&mut *tx)
            .await?;
        let n = hand_over_accounts(&mut tx, brand, from_staff, to.clone(), on_date, by, at).await?;
        tx.commit().await?;
        Ok(n)
    }

    async fn account_matrix(
        &self,
        brand: &str,
        scope: &KosScope,
        region: Option<&str>,
    ) -> Result<AccountMatrix> {
        // A region filter narrows the brand's scope; inside a narrower
        // scope it can only name the scope's own region.
        let narrowed;
        let scope = match (scope, region) {
            (KosScope::Brand, Some(r)) => {
                narrowed = KosScope::Region(r.to_string());
                &narrowed
            }
            _ => scope,
        };
        let (cond, value) = account_scope(scope, 2);
        let sql = format!(
            "SELECT a.owner_level, a.platform, COUNT(*) AS accounts, \
               CAST(COALESCE(SUM(a.followers), 0) AS BIGINT) AS followers, COUNT(DISTINCT a.owner_id) AS owners \
             FROM kos_accounts a WHERE a.brand_id = $1 AND a.status <> 'closed'{cond} \
               AND (a.owner_level <> 'store' OR a.owner_id IN \
                 (SELECT s.id FROM kos_stores s WHERE s.brand_id = $1 AND s.status = 'open')) \
               AND (a.owner_level <> 'staff' OR a.owner_id IN \
                 (SELECT p.id FROM kos_staff p WHERE p.brand_id = $1 AND p.left_on IS NULL)) \
             GROUP BY a.owner_level, a.platform ORDER BY a.owner_level, a.platform"
        );
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(brand);
        if let Some(v) = &value {
            q = q.bind(v);
        }
        let cells: Vec<MatrixCell> = q.fetch_all(&self.pool).await?;
        // The owners per level in the scope: one statement.
        let (regions, stores, staff, brand_total) = match scope {
            KosScope::Brand => ("", "", "", 1),
            KosScope::Region(_) => (
                " AND id = $2",
                " AND region_id = $2",
                " AND region_id = $2",
                0,
            ),
            KosScope::Store(_) => (" AND 1 = 0", " AND id = $2", " AND store_id = $2", 0),
            KosScope::Own { .. } => (" AND 1 = 0", " AND 1 = 0", " AND id = $2", 0),
        };
        let sql = format!(
            "SELECT 'region' AS level, COUNT(*) AS n FROM kos_regions WHERE brand_id = $1{regions} \
             UNION ALL SELECT 'store', COUNT(*) FROM kos_stores WHERE brand_id = $1 AND status = 'open'{stores} \
             UNION ALL SELECT 'staff', COUNT(*) FROM kos_staff WHERE brand_id = $1 AND left_on IS NULL{staff}"
        );
        let mut q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql)).bind(brand);
        if let Some(v) = &value {
            q = q.bind(v);
        }
        let mut owners_total = vec![(AccountOwnerLevel::Brand, brand_total)];
        for (level, n) in q.fetch_all(&self.pool).await? {
            let level: AccountOwnerLevel = level
                .parse()
                .map_err(|e: rules::UnknownWord| StoreError::Corrupt(e.to_string()))?;
            owners_total.push((level, n));
        }
        Ok(AccountMatrix {
            cells,
            owners_total,
        })
    }
}
