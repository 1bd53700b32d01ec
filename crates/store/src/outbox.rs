//! The mail outbox: mail written with the change that causes it, sent
//! later by the server's sender.
//!
//! A sender leases rows before sending them (`claim`, `claimed_until`), so
//! two server processes never send one mail twice; a lease left by a
//! sender that died runs out and the mail is sent by the next.

use crate::*;
use async_trait::async_trait;

/// A mail waiting in (or sent from) the outbox.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxMail {
    pub brand_id: String,
    pub id: String,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// The mail outbox. One of the traits [`Store`] is made of.
/// Queues a mail in the caller's transaction (an invitation or a reset
/// link and its mail commit together).
pub(crate) async fn insert_mail(conn: &mut sqlx::AnyConnection, m: &OutboxMail) -> Result<()> {
    sqlx::query(
        "INSERT INTO outbox (brand_id, id, to_addr, subject, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&m.brand_id)
    .bind(&m.id)
    .bind(&m.to_addr)
    .bind(&m.subject)
    .bind(&m.body)
    .bind(m.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

#[async_trait]
pub trait MailStore: Send + Sync {
    /// Mail still to send (fewer than 5 attempts), oldest first, any brand.
    async fn unsent_mail(&self, limit: i64) -> Result<Vec<OutboxMail>>;
    /// Leases up to `limit` unsent mails (fewer than 5 attempts, not leased
    /// by another sender until after `now`) to `claim` until `now + lease`,
    /// oldest first, any brand: only the returned mails may be sent.
    async fn claim_mail(
        &self,
        claim: &str,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> Result<Vec<OutboxMail>>;
    /// Sent: the body (which may hold a link) is blanked. Only the holder
    /// of the lease.
    async fn mark_mail_sent(&self, brand: &str, id: &str, claim: &str, at: i64) -> Result<()>;
    /// Failed: the error is kept and the lease ends (the next round retries).
    async fn mark_mail_failed(&self, brand: &str, id: &str, claim: &str, error: &str)
    -> Result<()>;
    /// The brand's outbox, newest first (for the owner to see what failed).
    async fn outbox(&self, brand: &str, page: Page) -> Result<Vec<OutboxMail>>;
}

#[async_trait]
impl MailStore for SqlStore {
    async fn unsent_mail(&self, limit: i64) -> Result<Vec<OutboxMail>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, id, to_addr, subject, body, created_at, sent_at, attempts, last_error FROM outbox \
             WHERE sent_at IS NULL AND attempts < 5 ORDER BY created_at, id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn claim_mail(
        &self,
        claim: &str,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> Result<Vec<OutboxMail>> {
        // The lease condition stands in the outer WHERE too: PostgreSQL
        // re-checks it on a row another sender updated meanwhile, so a row
        // is leased once; SQLite runs one writer at a time.
        Ok(sqlx::query_as(
            "UPDATE outbox SET claim = $1, claimed_until = $2 + $3 \
             WHERE sent_at IS NULL AND attempts < 5 AND (claimed_until IS NULL OR claimed_until <= $2) \
             AND id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < 5 \
             AND (claimed_until IS NULL OR claimed_until <= $2) ORDER BY created_at, id LIMIT $4) \
             RETURNING brand_id, id, to_addr, subject, body, created_at, sent_at, attempts, last_error",
        )
        .bind(claim)
        .bind(now)
        .bind(lease)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn mark_mail_sent(&self, brand: &str, id: &str, claim: &str, at: i64) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET sent_at = $4, attempts = attempts + 1, body = '', last_error = NULL, \
             claim = NULL, claimed_until = NULL WHERE brand_id = $1 AND id = $2 AND claim = $3",
        )
        .bind(brand)
        .bind(id)
        .bind(claim)
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn mark_mail_failed(
        &self,
        brand: &str,
        id: &str,
        claim: &str,
        error: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $4, claim = NULL, \
             claimed_until = NULL WHERE brand_id = $1 AND id = $2 AND claim = $3",
        )
        .bind(brand)
        .bind(id)
        .bind(claim)
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
}
