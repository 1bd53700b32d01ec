//! Operators' account security: changing a password (other sessions end),
//! one-time reset links an owner makes, the TOTP second factor with its
//! recovery codes, the short-lived step between a correct password and the
//! second factor, the brand's "owners need a second factor" rule, and the
//! purge of expired sessions and steps.
//!
//! As everywhere in the store, the caller hashes, generates and reads the
//! clock: TOTP secrets are generated and checked by the server, which
//! passes in the time step it accepted; this file makes each step and each
//! recovery code usable once, atomically.

use crate::*;
use async_trait::async_trait;

/// A one-time link to set an operator's password.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PasswordReset {
    pub brand_id: String,
    pub token_hash: String,
    pub operator_id: String,
    pub created_by: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// An operator's TOTP secret; `confirmed_at` once a first code matched.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OperatorTotp {
    pub brand_id: String,
    pub operator_id: String,
    /// Base32 (RFC 4648, no padding), as authenticator apps take it.
    pub secret: String,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
    /// The last time step accepted (a code is never accepted twice).
    pub last_step: i64,
}

/// The step between a correct password and the second factor.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LoginStep {
    pub brand_id: String,
    pub token_hash: String,
    pub operator_id: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub attempts: i64,
}

/// How many codes a log-in step may try before it dies.
pub const LOGIN_STEP_TRIES: i64 = 5;

/// Operators' security. One of the traits [`Store`] is made of.
#[async_trait]
pub trait SecurityStore: Send + Sync {
    /// Sets an operator's password hash and ends their sessions, except
    /// the one whose token hash is `keep` (the caller's own).
    async fn set_operator_password(
        &self,
        brand: &str,
        id: &str,
        hash: &str,
        keep: Option<&str>,
        at: i64,
    ) -> Result<()>;
    /// Records a reset link, with its mail in the outbox when given, in one
    /// transaction; an unused older link for the same operator stops
    /// working. `NotFound` if the operator is not in the brand.
    async fn create_password_reset(
        &self,
        reset: &PasswordReset,
        mail: Option<&OutboxMail>,
    ) -> Result<()>;
    /// A reset link by its token's hash (used or not, expired or not).
    async fn password_reset(&self, brand: &str, token_hash: &str) -> Result<PasswordReset>;
    /// Uses a valid reset link once: the operator's password becomes
    /// `hash` and every session of theirs ends. Returns the operator.
    /// `Conflict`: `reset_used`, `reset_expired`.
    async fn use_password_reset(
        &self,
        brand: &str,
        token_hash: &str,
        hash: &str,
        now: i64,
    ) -> Result<Operator>;

    /// The operator's second factor, confirmed or not.
    async fn operator_totp(&self, brand: &str, id: &str) -> Result<Option<OperatorTotp>>;
    /// Starts (or restarts) an enrolment with a new secret.
    /// `Conflict("totp_enrolled")` if a confirmed one exists.
    async fn start_totp(&self, totp: &OperatorTotp) -> Result<()>;
    /// Confirms the enrolment with the step of the first code and stores
    /// the recovery codes' hashes (replacing any). `Conflict`:
    /// `totp_not_started`, `totp_enrolled`.
    /// Confirms the enrolment of `secret` (the one the first code was
    /// checked against: a restart in between replaced it, and then nothing
    /// is confirmed: `totp_not_started`).
    async fn confirm_totp(
        &self,
        brand: &str,
        id: &str,
        secret: &str,
        step: i64,
        recovery_hashes: &[String],
        at: i64,
    ) -> Result<()>;
    /// Accepts time step `step` for a confirmed factor if no later or equal
    /// step was accepted before (atomically: a code is used once).
    async fn use_totp_step(&self, brand: &str, id: &str, step: i64) -> Result<bool>;
    /// Uses a recovery code once (atomically).
    async fn use_recovery_code(
        &self,
        brand: &str,
        id: &str,
        code_hash: &str,
        at: i64,
    ) -> Result<bool>;
    /// Recovery codes not used yet.
    async fn recovery_codes_left(&self, brand: &str, id: &str) -> Result<i64>;
    /// Removes the operator's second factor and recovery codes; `by`
    /// (the operator or an owner) is audited.
    async fn remove_totp(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()>;
    /// The operators of the brand with a confirmed second factor.
    async fn operators_with_totp(&self, brand: &str) -> Result<Vec<String>>;

    async fn create_login_step(&self, step: &LoginStep) -> Result<()>;
    /// Reserves one try of a live step (before the code is checked, so
    /// parallel guesses cannot pass the limit together) and returns it.
    /// `NotFound` once it expired, was used or ran out of tries.
    async fn reserve_login_step(
        &self,
        brand: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<LoginStep>;
    async fn delete_login_step(&self, brand: &str, token_hash: &str) -> Result<()>;

    /// Whether the brand's owners need a second factor.
    async fn owners_need_totp(&self, brand: &str) -> Result<bool>;
    async fn set_owners_need_totp(&self, brand: &str, on: bool, by: &str, at: i64) -> Result<()>;

    /// Deletes sessions past their absolute end, member sessions last used
    /// before `member_idle_before`, operator sessions last used before
    /// `operator_idle_before`, and expired log-in steps and reset links.
    /// Returns the sessions deleted.
    async fn purge_expired_sessions(
        &self,
        now: i64,
        member_idle_before: i64,
        operator_idle_before: i64,
    ) -> Result<u64>;
}

/// Ends the log-ins of an operator waiting for their second step (their
/// password changed: a step proved the old one).
async fn delete_login_steps(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    operator: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM operator_login_steps WHERE brand_id = $1 AND operator_id = $2")
        .bind(brand)
        .bind(operator)
        .execute(conn)
        .await?;
    Ok(())
}

#[async_trait]
impl SecurityStore for SqlStore {
    async fn set_operator_password(
        &self,
        brand: &str,
        id: &str,
        hash: &str,
        keep: Option<&str>,
        at: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done =
            sqlx::query("UPDATE operators SET password_hash = $3 WHERE brand_id = $1 AND id = $2")
                .bind(brand)
                .bind(id)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "DELETE FROM sessions WHERE brand_id = $1 AND kind = 'operator' AND subject_id = $2 AND token_hash <> $3",
        )
        .bind(brand)
        .bind(id)
        .bind(keep.unwrap_or(""))
        .execute(&mut *tx)
        .await?;
        // Any reset link still open is moot now, and so is a log-in half
        // done with the old password (its second step).
        sqlx::query(
            "DELETE FROM operator_password_resets WHERE brand_id = $1 AND operator_id = $2 AND used_at IS NULL",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        delete_login_steps(&mut tx, brand, id).await?;
        let audit = AuditEntry::operator(brand, id, "operator.password", ("operator", id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_password_reset(
        &self,
        r: &PasswordReset,
        mail: Option<&OutboxMail>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "DELETE FROM operator_password_resets WHERE brand_id = $1 AND operator_id = $2 AND used_at IS NULL",
        )
        .bind(&r.brand_id)
        .bind(&r.operator_id)
        .execute(&mut *tx)
        .await?;
        let exists: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM operators WHERE brand_id = $1 AND id = $2")
                .bind(&r.brand_id)
                .bind(&r.operator_id)
                .fetch_one(&mut *tx)
                .await?;
        if exists == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "INSERT INTO operator_password_resets (brand_id, token_hash, operator_id, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&r.brand_id)
        .bind(&r.token_hash)
        .bind(&r.operator_id)
        .bind(&r.created_by)
        .bind(r.created_at)
        .bind(r.expires_at)
        .execute(&mut *tx)
        .await?;
        if let Some(m) = mail {
            insert_mail(&mut tx, m).await?;
        }
        let audit = AuditEntry::operator(
            &r.brand_id,
            &r.created_by,
            "operator.password_reset_link",
            ("operator", &r.operator_id),
            r.created_at,
        )
        .after(serde_json::json!({ "mailed": mail.is_some() }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn password_reset(&self, brand: &str, token_hash: &str) -> Result<PasswordReset> {
        one(sqlx::query_as(
            "SELECT brand_id, token_hash, operator_id, created_by, created_at, expires_at, used_at \
             FROM operator_password_resets WHERE brand_id = $1 AND token_hash = $2",
        )
        .bind(brand)
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn use_password_reset(
        &self,
        brand: &str,
        token_hash: &str,
        hash: &str,
        now: i64,
    ) -> Result<Operator> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE operator_password_resets SET used_at = $3 \
             WHERE brand_id = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(brand)
        .bind(token_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            let r = self.password_reset(brand, token_hash).await?;
            return Err(StoreError::Conflict(if r.used_at.is_some() {
                "reset_used"
            } else {
                "reset_expired"
            }));
        }
        let operator_id: String = sqlx::query_scalar(
            "SELECT operator_id FROM operator_password_resets WHERE brand_id = $1 AND token_hash = $2",
        )
        .bind(brand)
        .bind(token_hash)
        .fetch_one(&mut *tx)
        .await?;
        let found =
            sqlx::query("UPDATE operators SET password_hash = $3 WHERE brand_id = $1 AND id = $2")
                .bind(brand)
                .bind(&operator_id)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
        if found.rows_affected() == 0 {
            // Removed since the link was made.
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "DELETE FROM sessions WHERE brand_id = $1 AND kind = 'operator' AND subject_id = $2",
        )
        .bind(brand)
        .bind(&operator_id)
        .execute(&mut *tx)
        .await?;
        delete_login_steps(&mut tx, brand, &operator_id).await?;
        let audit = AuditEntry::operator(
            brand,
            &operator_id,
            "operator.password_reset",
            ("operator", &operator_id),
            now,
        );
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.operator(brand, &operator_id).await
    }

    async fn operator_totp(&self, brand: &str, id: &str) -> Result<Option<OperatorTotp>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, operator_id, secret, created_at, confirmed_at, last_step \
             FROM operator_totp WHERE brand_id = $1 AND operator_id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn start_totp(&self, t: &OperatorTotp) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "DELETE FROM operator_totp WHERE brand_id = $1 AND operator_id = $2 AND confirmed_at IS NULL",
        )
        .bind(&t.brand_id)
        .bind(&t.operator_id)
        .execute(&mut *tx)
        .await?;
        let _ = done;
        sqlx::query(
            "INSERT INTO operator_totp (brand_id, operator_id, secret, created_at, confirmed_at, last_step) \
             VALUES ($1, $2, $3, $4, NULL, 0)",
        )
        .bind(&t.brand_id)
        .bind(&t.operator_id)
        .bind(&t.secret)
        .bind(t.created_at)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("totp_enrolled"))?;
        tx.commit().await?;
        Ok(())
    }

    async fn confirm_totp(
        &self,
        brand: &str,
        id: &str,
        secret: &str,
        step: i64,
        recovery_hashes: &[String],
        at: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE operator_totp SET confirmed_at = $3, last_step = $4 \
             WHERE brand_id = $1 AND operator_id = $2 AND confirmed_at IS NULL AND secret = $5",
        )
        .bind(brand)
        .bind(id)
        .bind(at)
        .bind(step)
        .bind(secret)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict(
                match self.operator_totp(brand, id).await? {
                    Some(t) if t.confirmed_at.is_some() => "totp_enrolled",
                    _ => "totp_not_started",
                },
            ));
        }
        sqlx::query("DELETE FROM operator_recovery_codes WHERE brand_id = $1 AND operator_id = $2")
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for h in recovery_hashes {
            sqlx::query(
                "INSERT INTO operator_recovery_codes (brand_id, operator_id, code_hash) VALUES ($1, $2, $3)",
            )
            .bind(brand)
            .bind(id)
            .bind(h)
            .execute(&mut *tx)
            .await?;
        }
        let audit = AuditEntry::operator(brand, id, "operator.totp_on", ("operator", id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn use_totp_step(&self, brand: &str, id: &str, step: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE operator_totp SET last_step = $3 \
             WHERE brand_id = $1 AND operator_id = $2 AND confirmed_at IS NOT NULL AND last_step < $3",
        )
        .bind(brand)
        .bind(id)
        .bind(step)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn use_recovery_code(
        &self,
        brand: &str,
        id: &str,
        code_hash: &str,
        at: i64,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE operator_recovery_codes SET used_at = $4 \
             WHERE brand_id = $1 AND operator_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(brand)
        .bind(id)
        .bind(code_hash)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        let audit = AuditEntry::operator(brand, id, "operator.recovery_code", ("operator", id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn recovery_codes_left(&self, brand: &str, id: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM operator_recovery_codes WHERE brand_id = $1 AND operator_id = $2 AND used_at IS NULL",
        )
        .bind(brand)
        .bind(id)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn remove_totp(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done =
            sqlx::query("DELETE FROM operator_totp WHERE brand_id = $1 AND operator_id = $2")
                .bind(brand)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        sqlx::query("DELETE FROM operator_recovery_codes WHERE brand_id = $1 AND operator_id = $2")
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() > 0 {
            let audit = AuditEntry::operator(brand, by, "operator.totp_off", ("operator", id), at);
            insert_audit(&mut tx, &audit).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn operators_with_totp(&self, brand: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT operator_id FROM operator_totp WHERE brand_id = $1 AND confirmed_at IS NOT NULL ORDER BY operator_id",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn create_login_step(&self, s: &LoginStep) -> Result<()> {
        sqlx::query(
            "INSERT INTO operator_login_steps (brand_id, token_hash, operator_id, created_at, expires_at, attempts) \
             VALUES ($1, $2, $3, $4, $5, 0)",
        )
        .bind(&s.brand_id)
        .bind(&s.token_hash)
        .bind(&s.operator_id)
        .bind(s.created_at)
        .bind(s.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn reserve_login_step(
        &self,
        brand: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<LoginStep> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE operator_login_steps SET attempts = attempts + 1 \
             WHERE brand_id = $1 AND token_hash = $2 AND expires_at > $3 AND attempts < $4",
        )
        .bind(brand)
        .bind(token_hash)
        .bind(now)
        .bind(LOGIN_STEP_TRIES)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let step = sqlx::query_as(
            "SELECT brand_id, token_hash, operator_id, created_at, expires_at, attempts \
             FROM operator_login_steps WHERE brand_id = $1 AND token_hash = $2",
        )
        .bind(brand)
        .bind(token_hash)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(step)
    }

    async fn delete_login_step(&self, brand: &str, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM operator_login_steps WHERE brand_id = $1 AND token_hash = $2")
            .bind(brand)
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn owners_need_totp(&self, brand: &str) -> Result<bool> {
        let on: Option<i64> =
            sqlx::query_scalar("SELECT owners_need_totp FROM brand_security WHERE brand_id = $1")
                .bind(brand)
                .fetch_optional(&self.pool)
                .await?;
        Ok(on.is_some_and(|v| v != 0))
    }

    async fn set_owners_need_totp(&self, brand: &str, on: bool, by: &str, at: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO brand_security (brand_id, owners_need_totp, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (brand_id) DO UPDATE SET owners_need_totp = $2, updated_by = $3, updated_at = $4",
        )
        .bind(brand)
        .bind(i64::from(on))
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let audit = AuditEntry::operator(brand, by, "brand.security", ("brand", brand), at)
            .after(serde_json::json!({ "owners_need_totp": on }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn purge_expired_sessions(
        &self,
        now: i64,
        member_idle_before: i64,
        operator_idle_before: i64,
    ) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM sessions WHERE expires_at <= $1 \
             OR (kind = 'member' AND last_seen_at <= $2) OR (kind = 'operator' AND last_seen_at <= $3)",
        )
        .bind(now)
        .bind(member_idle_before)
        .bind(operator_idle_before)
        .execute(&self.pool)
        .await?;
        sqlx::query("DELETE FROM operator_login_steps WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "DELETE FROM operator_password_resets WHERE expires_at <= $1 AND used_at IS NULL",
        )
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}
