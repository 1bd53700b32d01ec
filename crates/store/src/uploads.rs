//! Uploaded files' records (the files themselves live on disk).

use crate::*;
use async_trait::async_trait;

/// An uploaded file's record; the bytes are on disk, named by `id`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Upload {
    pub brand_id: String,
    pub id: String,
    /// `member` or `operator`.
    #[sqlx(try_from = "String")]
    pub owner_kind: rules::ActorKind,
    pub owner_id: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: i64,
}

/// Records of uploaded files. One of the traits [`Store`] is made of.
#[async_trait]
pub trait UploadStore: Send + Sync {
    async fn create_upload(&self, u: &Upload) -> Result<()>;
    /// Records a member's upload only while they have made fewer than
    /// `limit` since `since`, counted and inserted in one transaction that
    /// first locks the member's row, so parallel uploads cannot all pass
    /// the count (`Conflict("too_many_uploads")` past it).
    async fn create_member_upload(&self, u: &Upload, since: i64, limit: i64) -> Result<()>;
    async fn upload(&self, brand: &str, id: &str) -> Result<Upload>;
    /// Uploads of one owner made at or after `since` (for a daily quota).
    async fn count_uploads(
        &self,
        brand: &str,
        owner_kind: &str,
        owner_id: &str,
        since: i64,
    ) -> Result<i64>;
}

#[async_trait]
impl UploadStore for SqlStore {
    async fn create_upload(&self, u: &Upload) -> Result<()> {
        sqlx::query(
            "INSERT INTO uploads (brand_id, id, owner_kind, owner_id, content_type, size, sha256, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&u.brand_id)
        .bind(&u.id)
        .bind(u.owner_kind.as_str())
        .bind(&u.owner_id)
        .bind(&u.content_type)
        .bind(u.size)
        .bind(&u.sha256)
        .bind(u.created_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn create_member_upload(&self, u: &Upload, since: i64, limit: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        // The write first: it takes the member's row lock (PostgreSQL) or
        // the write lock (SQLite) before the count is read.
        let member = sqlx::query("UPDATE members SET id = id WHERE brand_id = $1 AND id = $2")
            .bind(&u.brand_id)
            .bind(&u.owner_id)
            .execute(&mut *tx)
            .await?;
        if member.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let made: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM uploads WHERE brand_id = $1 AND owner_kind = 'member' AND owner_id = $2 AND created_at >= $3",
        )
        .bind(&u.brand_id)
        .bind(&u.owner_id)
        .bind(since)
        .fetch_one(&mut *tx)
        .await?;
        if made >= limit {
            tx.rollback().await?;
            return Err(StoreError::Conflict("too_many_uploads"));
        }
        sqlx::query(
            "INSERT INTO uploads (brand_id, id, owner_kind, owner_id, content_type, size, sha256, created_at) \
             VALUES ($1, $2, 'member', $3, $4, $5, $6, $7)",
        )
        .bind(&u.brand_id)
        .bind(&u.id)
        .bind(&u.owner_id)
        .bind(&u.content_type)
        .bind(u.size)
        .bind(&u.sha256)
        .bind(u.created_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
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
}
