//! Idempotency keys: a retried write answers what the first one did.

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
}

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
    /// used before. Keys older than `expire_before` are forgotten first.
    async fn idempotency_start(
        &self,
        key: &IdempotencyKey,
        request_hash: &str,
        now: i64,
        expire_before: i64,
    ) -> Result<IdempotencyStart>;
    /// Records the answer to the request that claimed `key`.
    async fn idempotency_finish(&self, key: &IdempotencyKey, status: i64, body: &str)
    -> Result<()>;
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
}
