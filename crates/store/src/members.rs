//! Members (KOC accounts) and the erasure of their personal data.

use crate::*;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Member {
    pub brand_id: String,
    pub id: String,
    pub phone: String,
    pub password_hash: String,
    pub created_at: i64,
}

/// A member row, as [`Member`] reads it.
macro_rules! member_columns {
    () => {
        "brand_id, id, phone, password_hash, created_at"
    };
}

/// Members: accounts and erasure. One of the traits [`Store`] is made of.
#[async_trait]
pub trait MemberStore: Send + Sync {
    /// Fails with `Conflict("phone_taken")` when the phone is in use in the brand.
    async fn create_member(&self, member: &Member) -> Result<()>;
    async fn member_by_phone(&self, brand: &str, phone: &str) -> Result<Member>;
    async fn member(&self, brand: &str, id: &str) -> Result<Member>;
    /// Erases a member's personal data in one transaction: the phone
    /// becomes `pseudonym`, the password unusable, the application's
    /// personal fields blank, every session ends. Ledger, notes and
    /// decisions stay for accounting and duplicate checks, linked only to
    /// the now anonymous member id.
    /// Returns the ids of the member's uploads whose rows it removed: the
    /// caller deletes their files.
    async fn erase_member(
        &self,
        brand: &str,
        id: &str,
        pseudonym: &str,
        at: i64,
    ) -> Result<Vec<String>>;
    /// A new password (a reset with an SMS code): every session of the
    /// member ends, in the same transaction, and the audit log records it.
    async fn set_member_password(
        &self,
        brand: &str,
        id: &str,
        password_hash: &str,
        at: i64,
    ) -> Result<()>;
}

#[async_trait]
impl MemberStore for SqlStore {
    async fn create_member(&self, m: &Member) -> Result<()> {
        sqlx::query("INSERT INTO members (brand_id, id, phone, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&m.brand_id)
            .bind(&m.id)
            .bind(&m.phone)
            .bind(&m.password_hash)
            .bind(m.created_at)
            .execute(&self.pool)
            .await
            .map_err(unique_as("phone_taken"))?;
        Ok(())
    }

    async fn member_by_phone(&self, brand: &str, phone: &str) -> Result<Member> {
        one(sqlx::query_as(concat!(
            "SELECT ",
            member_columns!(),
            " FROM members WHERE brand_id = $1 AND phone = $2"
        ))
        .bind(brand)
        .bind(phone)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn member(&self, brand: &str, id: &str) -> Result<Member> {
        one(sqlx::query_as(concat!(
            "SELECT ",
            member_columns!(),
            " FROM members WHERE brand_id = $1 AND id = $2"
        ))
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn erase_member(
        &self,
        brand: &str,
        id: &str,
        pseudonym: &str,
        at: i64,
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin().await?;
        sms::erase_member_sms(&mut tx, brand, id).await?;
        let done = sqlx::query(
            "UPDATE members SET phone = $3, password_hash = '!' WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .bind(pseudonym)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "UPDATE applications SET display_name = '', contact = '', city = '', social_accounts = '[]', \
             interests = '[]', motivation = '', info_request = NULL, info_reply = NULL, evidence = '[]' \
             WHERE brand_id = $1 AND member_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM sessions WHERE brand_id = $1 AND kind = 'member' AND subject_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM application_keys WHERE brand_id = $1 AND application_id IN \
             (SELECT id FROM applications WHERE brand_id = $1 AND member_id = $2)",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        for sql in [
            "UPDATE samples SET recipient = '', phone = '', address = '' WHERE brand_id = $1 AND member_id = $2",
            "UPDATE task_assignments SET answer = NULL, evidence_id = NULL WHERE brand_id = $1 AND member_id = $2",
            "UPDATE submissions SET appeal_note = NULL WHERE brand_id = $1 AND member_id = $2",
            "UPDATE applications SET appeal_note = NULL WHERE brand_id = $1 AND member_id = $2",
        ] {
            sqlx::query(sql)
                .bind(brand)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        // The inbox quotes operators' reasons about this person: it goes.
        sqlx::query("DELETE FROM notifications WHERE brand_id = $1 AND member_id = $2")
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // Screenshots are personal data: their rows go now, their files
        // right after (the caller deletes the files these ids name).
        let uploads: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM uploads WHERE brand_id = $1 AND owner_kind = 'member' AND owner_id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE submissions SET screenshot_id = NULL WHERE brand_id = $1 AND member_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM uploads WHERE brand_id = $1 AND owner_kind = 'member' AND owner_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let audit = AuditEntry::member(brand, id, "member.erase", ("member", id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(uploads)
    }

    async fn set_member_password(
        &self,
        brand: &str,
        id: &str,
        password_hash: &str,
        at: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE members SET password_hash = $3 WHERE brand_id = $1 AND id = $2 AND password_hash <> '!'",
        )
        .bind(brand)
        .bind(id)
        .bind(password_hash)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "DELETE FROM sessions WHERE brand_id = $1 AND kind = 'member' AND subject_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let audit = AuditEntry::member(brand, id, "member.password_reset", ("member", id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
