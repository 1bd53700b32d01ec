//! Idempotency keys: a retried write answers what the first one did.
//!
//! Keys expire by time for every caller ([`IdempotencyStore::idempotency_purge`],
//! run periodically by the server, and on each claim for the claimant);
//! anonymous claimants are bounded by an [`IdempotencyQuota`]; an answer
//! too large to keep is recorded as done without its body.

use crate::*;
use async_trait::async_trait;

/// Where an idempotency key stands when a request arrives with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyStart {
    /// First use: run the request, then record its answer.
    Fresh,
    /// Answered before: send this answer again.
    Replay { status: i64, body: String },
    /// Used before with a different request.
    Mismatch,
    /// The first request with this key is still running.
    InProgress,
    /// Answered before with this status, but the answer was too large to
    /// keep: the write is done, its answer cannot be given again.
    DoneNotKept { status: i64 },
    /// The caller (or all anonymous callers of the brand) holds as many
    /// keys as its [`IdempotencyQuota`] allows.
    QuotaExceeded,
}

/// How many live keys a caller may hold, for callers without a session:
/// `per_caller` for one (one client address), `anonymous_per_brand` for
/// every anonymous caller of one brand together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdempotencyQuota {
    pub per_caller: i64,
    pub anonymous_per_brand: i64,
}

/// The `caller` prefix of keys claimed without a session.
pub const ANONYMOUS_CALLER: &str = "anonymous:";

/// Identifies one idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey {
    pub brand_id: String,
    pub caller: String,
    pub route: String,
    pub key: String,
}

/// Idempotency keys for retried writes. One of the traits [`Store`] is made of.
#[async_trait]
pub trait IdempotencyStore: Send + Sync {
    /// Claims `key` for a request with `request_hash`, or says how it was
    /// used before. The caller's keys older than `expire_before` are
    /// forgotten first. With a `quota`, a new key past it is refused
    /// (`QuotaExceeded`).
    async fn idempotency_start(
        &self,
        key: &IdempotencyKey,
        request_hash: &str,
        now: i64,
        expire_before: i64,
        quota: Option<IdempotencyQuota>,
    ) -> Result<IdempotencyStart>;
    /// Records the answer to the request that claimed `key`; `body: None`
    /// records that it was answered with `status` but not kept.
    async fn idempotency_finish(
        &self,
        key: &IdempotencyKey,
        status: i64,
        body: Option<&str>,
    ) -> Result<()>;
    /// Forgets every caller's keys older than `before`; returns how many.
    async fn idempotency_purge(&self, before: i64) -> Result<u64>;
    /// Releases a claim whose request failed on our side, so a retry runs again.
    async fn idempotency_abort(&self, key: &IdempotencyKey) -> Result<()>;
}

#[async_trait]
impl IdempotencyStore for SqlStore {
    async fn idempotency_start(
        &self,
        k: &IdempotencyKey,
        request_hash: &str,
        now: i64,
        expire_before: i64,
        quota: Option<IdempotencyQuota>,
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
        if let Some(q) = quota {
            // Count and insert as one step: on PostgreSQL parallel requests
            // would each count the same rows and all pass. The lock is per
            // brand, as the brand-wide bound is; SQLite's write lock (taken
            // by the delete above) already serialises them.
            if self.kind == DbKind::Postgres {
                sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                    .bind(format!("idempotency:{}", k.brand_id))
                    .execute(&mut *tx)
                    .await?;
            }
            let exists: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM idempotency_keys \
                 WHERE brand_id = $1 AND caller = $2 AND route = $3 AND idem_key = $4",
            )
            .bind(&k.brand_id)
            .bind(&k.caller)
            .bind(&k.route)
            .bind(&k.key)
            .fetch_optional(&mut *tx)
            .await?;
            if exists.is_none() {
                let mine: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM idempotency_keys WHERE brand_id = $1 AND caller = $2",
                )
                .bind(&k.brand_id)
                .bind(&k.caller)
                .fetch_one(&mut *tx)
                .await?;
                let anonymous: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM idempotency_keys \
                     WHERE brand_id = $1 AND caller >= $2 AND caller < $3 AND created_at >= $4",
                )
                .bind(&k.brand_id)
                .bind(ANONYMOUS_CALLER)
                .bind("anonymous;")
                .bind(expire_before)
                .fetch_one(&mut *tx)
                .await?;
                if mine >= q.per_caller || anonymous >= q.anonymous_per_brand {
                    tx.rollback().await?;
                    return Ok(IdempotencyStart::QuotaExceeded);
                }
            }
        }
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
            } else if status < 0 {
                IdempotencyStart::DoneNotKept { status: -status }
            } else {
                IdempotencyStart::Replay { status, body }
            }
        };
        tx.commit().await?;
        Ok(start)
    }

    async fn idempotency_finish(
        &self,
        k: &IdempotencyKey,
        status: i64,
        body: Option<&str>,
    ) -> Result<()> {
        // A negative status marks an answer given but not kept.
        let (status, body) = match body {
            Some(b) => (status, b),
            None => (-status, ""),
        };
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

    async fn idempotency_purge(&self, before: i64) -> Result<u64> {
        let done = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
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
}
