//! The mail outbox: mail written with the change that causes it, sent
//! later by the server's sender.

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
#[async_trait]
pub trait MailStore: Send + Sync {
    /// Mail still to send (fewer than 5 attempts), oldest first, any brand.
    async fn unsent_mail(&self, limit: i64) -> Result<Vec<OutboxMail>>;
    /// Sent: the body (which may hold a link) is blanked.
    async fn mark_mail_sent(&self, brand: &str, id: &str, at: i64) -> Result<()>;
    async fn mark_mail_failed(&self, brand: &str, id: &str, error: &str) -> Result<()>;
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
}
