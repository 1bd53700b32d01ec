//! A KOS staff member's own data rights (issue 17): what the brand holds
//! about them, as a download, and the erasure of their personal data once
//! they have left (an employer keeps records for a while; the owner erases
//! them when that time is over or the person asks and the law allows).
//!
//! Erasure keeps the organisation's history intact (moves, notes, leads
//! handed over, accounts with their hand-over records all stay, pointing
//! at an anonymous person) and blanks what names the person: name, phone,
//! employee number, password, log-in codes and texts.

use crate::*;
use async_trait::async_trait;

/// A dated line of a staff member's history (joined, moved, left).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffMoveRow {
    pub id: String,
    pub staff_id: String,
    #[sqlx(try_from = "String")]
    pub kind: rules::StaffMoveKind,
    pub from_store_id: Option<String>,
    pub to_store_id: Option<String>,
    pub on_date: String,
    pub decided_by: String,
    pub created_at: i64,
}

/// Everything the organisation holds about one staff member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffData {
    pub staff: StaffRow,
    pub moves: Vec<StaffMoveRow>,
}

/// The name an erased staff member is shown by.
pub const ERASED_STAFF_NAME: &str = "已删除员工";

/// A staff member's data rights. One of the traits [`Store`] is made of.
#[async_trait]
pub trait KosPrivacyStore: Send + Sync {
    async fn staff_data(&self, brand: &str, id: &str) -> Result<StaffData>;
    /// Erases a departed staff member's personal data in one transaction
    /// (`Conflict("staff_still_working")` unless they left on or before
    /// `today`), ends their sessions, and audits it without copying what
    /// was erased. Returns their uploads' ids, whose files the caller
    /// deletes once this has committed.
    async fn erase_staff(
        &self,
        brand: &str,
        id: &str,
        today: &str,
        by: &str,
        at: i64,
    ) -> Result<Vec<String>>;
}

#[async_trait]
impl KosPrivacyStore for SqlStore {
    async fn staff_data(&self, brand: &str, id: &str) -> Result<StaffData> {
        let staff = self.staff_member(brand, id).await?;
        let moves = sqlx::query_as(
            "SELECT id, staff_id, kind, from_store_id, to_store_id, on_date, decided_by, created_at \
             FROM kos_staff_moves WHERE brand_id = $1 AND staff_id = $2 ORDER BY on_date, id",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(StaffData { staff, moves })
    }

    async fn erase_staff(
        &self,
        brand: &str,
        id: &str,
        today: &str,
        by: &str,
        at: i64,
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin().await?;
        // The write first (the row lock), then what it found.
        let phone: Option<(String, Option<String>)> = sqlx::query_as(
            "UPDATE kos_staff SET id = id WHERE brand_id = $1 AND id = $2 RETURNING phone, left_on",
        )
        .bind(brand)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((phone, left_on)) = phone else {
            return Err(StoreError::NotFound);
        };
        if left_on.is_none_or(|d| d.as_str() > today) {
            return Err(StoreError::Conflict("staff_still_working"));
        }
        // What the person made or is judged by in the program: their
        // persona (the photo), uploads, competency ratings, course
        // attempts, personal tags (free text about customers) and shift.
        let uploads: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM uploads WHERE brand_id = $1 AND owner_kind = 'staff' AND owner_id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        for sql in [
            "DELETE FROM kos_personas WHERE brand_id = $1 AND staff_id = $2",
            "DELETE FROM uploads WHERE brand_id = $1 AND owner_kind = 'staff' AND owner_id = $2",
            "DELETE FROM kos_competency_ratings WHERE brand_id = $1 AND staff_id = $2",
            "DELETE FROM kos_course_attempts WHERE brand_id = $1 AND staff_id = $2",
            "DELETE FROM kos_lead_tags WHERE brand_id = $1 AND tag_id IN \
             (SELECT t.id FROM kos_tags t WHERE t.brand_id = $1 AND t.staff_id = $2)",
            "DELETE FROM kos_tags WHERE brand_id = $1 AND staff_id = $2",
            "DELETE FROM kos_duty WHERE brand_id = $1 AND staff_id = $2",
        ] {
            sqlx::query(sql)
                .bind(brand)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        // Log-in codes are the staff member's own; texts and send counters
        // on the phone only when no member of the brand has that phone
        // (then they are the member's as well, and their erasure's).
        sqlx::query(
            "DELETE FROM sms_codes WHERE brand_id = $1 AND phone = $2 AND purpose = 'staff_log_in'",
        )
        .bind(brand)
        .bind(&phone)
        .execute(&mut *tx)
        .await?;
        for sql in [
            "DELETE FROM sms_outbox WHERE brand_id = $1 AND phone = $2 \
             AND NOT EXISTS (SELECT 1 FROM members m WHERE m.brand_id = $1 AND m.phone = $2)",
            "DELETE FROM sms_limits WHERE brand_id = $1 AND key = 'phone:' || $2 \
             AND NOT EXISTS (SELECT 1 FROM members m WHERE m.brand_id = $1 AND m.phone = $2)",
        ] {
            sqlx::query(sql)
                .bind(brand)
                .bind(&phone)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "UPDATE kos_staff SET name = $3, phone = $4, employee_no = '', password_hash = NULL \
             WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .bind(ERASED_STAFF_NAME)
        // Unique per brand, and no phone anyone can sign in with.
        .bind(format!("erased:{id}"))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM sessions WHERE brand_id = $1 AND kind = 'staff' AND subject_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.staff.erase", ("kos_staff", id), at),
        )
        .await?;
        tx.commit().await?;
        Ok(uploads)
    }
}
