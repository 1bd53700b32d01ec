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

/// The member's records that no other per-member read returns, for the
/// data download (`GET /me/data`): sign-ups, sample requests (with the
/// address given) and uploads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberRecords {
    pub signups: Vec<Signup>,
    pub samples: Vec<Sample>,
    pub uploads: Vec<Upload>,
}

/// Members: accounts and erasure. One of the traits [`Store`] is made of.
#[async_trait]
pub trait MemberStore: Send + Sync {
    /// Fails with `Conflict("phone_taken")` when the phone is in use in the brand.
    async fn create_member(&self, member: &Member) -> Result<()>;
    async fn member_by_phone(&self, brand: &str, phone: &str) -> Result<Member>;
    async fn member(&self, brand: &str, id: &str) -> Result<Member>;
    /// Sign-ups, samples and uploads of member `id`, oldest first.
    async fn member_records(&self, brand: &str, id: &str) -> Result<MemberRecords>;
    /// Erases a member's personal data in one transaction: the phone
    /// becomes `pseudonym`, the password unusable, the application's
    /// personal fields blank, every session ends; also blanked or removed:
    /// sample addresses and courier numbers, task answers, appeal texts,
    /// reviewers' free-text reasons and questions (on the records and in
    /// their audit lines), the device hash on submissions, the inbox, the
    /// uploads, the idempotency answers that hold the member's data, and
    /// the imported customer row the member was invited from (or that has
    /// their phone). Ledger, notes and decisions stay for accounting and
    /// duplicate checks, linked only to the now anonymous member id.
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

    async fn member_records(&self, brand: &str, id: &str) -> Result<MemberRecords> {
        let signups = sqlx::query_as(
            "SELECT campaign_id, member_id, status, waitlist_pos, created_at, decided_at FROM signups \
             WHERE brand_id = $1 AND member_id = $2 ORDER BY created_at, campaign_id",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let sql = format!("{SAMPLES} AND x.member_id = $2 ORDER BY x.created_at, x.campaign_id");
        let samples = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        let uploads = sqlx::query_as(
            "SELECT brand_id, id, owner_kind, owner_id, content_type, size, sha256, created_at FROM uploads \
             WHERE brand_id = $1 AND owner_kind = 'member' AND owner_id = $2 ORDER BY id",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(MemberRecords {
            signups,
            samples,
            uploads,
        })
    }

    async fn erase_member(
        &self,
        brand: &str,
        id: &str,
        pseudonym: &str,
        at: i64,
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin().await?;
        // The phone before it goes: imported customer rows are found by it.
        let phone: Option<String> =
            sqlx::query_scalar("SELECT phone FROM members WHERE brand_id = $1 AND id = $2")
                .bind(brand)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        sms::erase_member_sms(&mut tx, brand, id).await?;
        // issue 17: leads. A KOS lead with their phone loses its contact.
        if let Some(p) = &phone {
            kos_leads::erase_leads_by_phone(&mut tx, brand, p, at).await?;
        }
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
        // Audit lines about the member's records lose their free text
        // (reviewers' reasons and questions, courier numbers).
        scrub_audit(&mut tx, brand, id).await?;
        // The imported customer row the member was invited from, and any
        // with their phone: the invitation stops pointing at it.
        let candidates: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM candidates WHERE brand_id = $1 AND (phone = $3 OR id IN \
             (SELECT i.candidate_id FROM invites i JOIN applications a \
               ON a.brand_id = i.brand_id AND a.invite_code = i.code \
              WHERE a.brand_id = $1 AND a.member_id = $2))",
        )
        .bind(brand)
        .bind(id)
        .bind(phone.unwrap_or_default())
        .fetch_all(&mut *tx)
        .await?;
        for c in &candidates {
            remove_candidate(&mut tx, brand, c).await?;
        }
        // Screenshots are personal data: their rows go now, their files
        // right after (the caller deletes the files these ids name).
        let uploads: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM uploads WHERE brand_id = $1 AND owner_kind = 'member' AND owner_id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        // Everything else about the member, each statement of the member
        // `$2` in brand `$1`.
        for sql in [
            "UPDATE applications SET display_name = '', contact = '', city = '', social_accounts = '[]', \
             interests = '[]', motivation = '', info_request = NULL, info_reply = NULL, evidence = '[]', \
             appeal_note = NULL, reason = NULL WHERE brand_id = $1 AND member_id = $2",
            "DELETE FROM sessions WHERE brand_id = $1 AND kind = 'member' AND subject_id = $2",
            "DELETE FROM application_keys WHERE brand_id = $1 AND application_id IN \
             (SELECT id FROM applications WHERE brand_id = $1 AND member_id = $2)",
            "UPDATE samples SET recipient = '', phone = '', address = '', courier = NULL, tracking = NULL \
             WHERE brand_id = $1 AND member_id = $2",
            "UPDATE task_assignments SET answer = NULL, evidence_id = NULL, reason = NULL \
             WHERE brand_id = $1 AND member_id = $2",
            "UPDATE redemptions SET recipient = NULL, phone = NULL, address = NULL, courier = NULL, \
             tracking = NULL, reason = NULL WHERE brand_id = $1 AND member_id = $2",
            "UPDATE submissions SET appeal_note = NULL, reason = NULL, client_hash = NULL, \
             screenshot_id = NULL WHERE brand_id = $1 AND member_id = $2",
            // The inbox quotes operators' reasons about this person: it goes.
            "DELETE FROM notifications WHERE brand_id = $1 AND member_id = $2",
            "DELETE FROM uploads WHERE brand_id = $1 AND owner_kind = 'member' AND owner_id = $2",
            // issue 16: checkout. A live payment code stops working.
            "DELETE FROM payment_codes WHERE brand_id = $1 AND member_id = $2",
            // issue 16: ledgerops. An operator's adjustment reason is free
            // text about the person: blanked, the points stay.
            "UPDATE ledger_postings SET memo = '' WHERE brand_id = $1 AND member_id = $2 \
             AND reason = 'adjustment'",
            // issue 16: operators' reasons for a class, and what the class
            // was computed from (followers), go; the class stays.
            "UPDATE class_overrides SET reason = '' WHERE brand_id = $1 AND member_id = $2",
            "UPDATE members SET class_detail = NULL WHERE brand_id = $1 AND id = $2",
        ] {
            sqlx::query(sql)
                .bind(brand)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        // Replayable answers: the member's own, and any other caller's
        // that names them or their application (an operator's answer to a
        // decision holds the application). Ids are hex: no LIKE wildcards.
        let application: Option<String> = sqlx::query_scalar(
            "SELECT id FROM applications WHERE brand_id = $1 AND member_id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE brand_id = $1 \
             AND (caller = $2 OR body LIKE $3 OR body LIKE $4)",
        )
        .bind(brand)
        .bind(format!("member:{id}"))
        .bind(format!("%{id}%"))
        .bind(application.map_or_else(|| format!("%{id}%"), |a| format!("%{a}%")))
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

/// Free-text fields audit lines may carry about a member's records:
/// reviewers' reasons and questions, courier and tracking numbers.
const AUDIT_FREE_TEXT: [&str; 4] = ["reason", "question", "courier", "tracking"];

/// Nulls [`AUDIT_FREE_TEXT`] in the audit lines about member `id`'s
/// records (the member, their application, their notes) or naming them
/// (task decisions, shipments). What was decided, by whom and when stays.
async fn scrub_audit(tx: &mut sqlx::AnyConnection, brand: &str, id: &str) -> Result<()> {
    let lines: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT id, before_json, after_json FROM audit_log WHERE brand_id = $1 AND (\
           target_id = $2 \
           OR target_id IN (SELECT id FROM applications WHERE brand_id = $1 AND member_id = $2) \
           OR target_id IN (SELECT id FROM submissions WHERE brand_id = $1 AND member_id = $2) \
           OR before_json LIKE $3 OR after_json LIKE $3)",
    )
    .bind(brand)
    .bind(id)
    .bind(format!("%{id}%"))
    .fetch_all(&mut *tx)
    .await?;
    let scrub = |json: &Option<String>| -> Option<Option<String>> {
        let mut v: serde_json::Value = serde_json::from_str(json.as_deref()?).ok()?;
        let obj = v.as_object_mut()?;
        let mut changed = false;
        for k in AUDIT_FREE_TEXT {
            if let Some(x) = obj.get_mut(k)
                && !x.is_null()
            {
                *x = serde_json::Value::Null;
                changed = true;
            }
        }
        changed.then(|| Some(v.to_string()))
    };
    for (line, before, after) in lines {
        let (b, a) = (scrub(&before), scrub(&after));
        if b.is_none() && a.is_none() {
            continue;
        }
        sqlx::query("UPDATE audit_log SET before_json = $3, after_json = $4 WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(&line)
            .bind(b.unwrap_or(before))
            .bind(a.unwrap_or(after))
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}
