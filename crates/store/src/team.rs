//! The brand's team: operators, their invitations and roles, and the
//! sessions of operators and members.

use crate::*;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Operator {
    pub brand_id: String,
    pub id: String,
    pub email: String,
    pub password_hash: String,
    #[sqlx(try_from = "String")]
    pub role: rules::Role,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Session {
    pub token_hash: String,
    pub brand_id: String,
    /// `member` or `operator`.
    #[sqlx(try_from = "String")]
    pub kind: rules::ActorKind,
    pub subject_id: String,
    pub created_at: i64,
    /// Absolute end, whatever the activity.
    pub expires_at: i64,
    /// Last use, for idle time-outs (refreshed at most once a minute).
    pub last_seen_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OperatorInvite {
    pub brand_id: String,
    pub token_hash: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: rules::Role,
    pub created_by: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
}

/// An operator row, as [`Operator`] reads it.
macro_rules! operator_columns {
    () => {
        "brand_id, id, email, password_hash, role, created_at"
    };
}

/// The team: operators, invitations, roles and sessions. One of the traits [`Store`] is made of.
#[async_trait]
pub trait TeamStore: Send + Sync {
    async fn create_operator(&self, op: &Operator) -> Result<()>;
    async fn operators_by_email(&self, email: &str) -> Result<Vec<Operator>>;
    async fn operator(&self, brand: &str, id: &str) -> Result<Operator>;

    /// The brand's operators, oldest first.
    async fn operators(&self, brand: &str) -> Result<Vec<Operator>>;
    /// Records an invitation, with its mail in the outbox when given, in
    /// one transaction.
    async fn create_operator_invite(
        &self,
        inv: &OperatorInvite,
        mail: Option<&OutboxMail>,
    ) -> Result<()>;
    /// An invitation by its token's hash (used or not, expired or not).
    async fn operator_invite(&self, brand: &str, token_hash: &str) -> Result<OperatorInvite>;
    /// Invitations not yet accepted nor expired at `now`.
    async fn pending_operator_invites(&self, brand: &str, now: i64) -> Result<Vec<OperatorInvite>>;
    /// Revokes a pending invitation (the row goes; the audit log keeps
    /// that it was revoked). `NotFound` if none is pending by that hash.
    async fn revoke_operator_invite(
        &self,
        brand: &str,
        token_hash: &str,
        by: &str,
        at: i64,
    ) -> Result<()>;
    /// Accepts a valid invitation by creating `op` (its email and role),
    /// once. `Conflict`: `invitation_used`, `invitation_expired`,
    /// `operator_exists`.
    async fn accept_operator_invite(&self, token_hash: &str, op: &Operator, now: i64)
    -> Result<()>;
    /// Changes an operator's role; the brand keeps at least one owner
    /// (`Conflict("last_owner")`). An operator who is no longer an owner
    /// may no longer invite: their pending invitations are revoked.
    async fn set_operator_role(
        &self,
        brand: &str,
        id: &str,
        role: &str,
        by: &str,
        at: i64,
    ) -> Result<Operator>;
    /// Removes an operator, ends their sessions and revokes the pending
    /// invitations they sent (with their second factor and open reset
    /// links); the brand keeps at least one owner.
    async fn remove_operator(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()>;
    async fn create_session(&self, session: &Session) -> Result<()>;
    /// A session that has not expired at `now`.
    async fn session(&self, token_hash: &str, now: i64) -> Result<Session>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    /// Records that the session was used at `now`.
    async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()>;
    /// Ends every session of one subject ("log out everywhere"); returns how many.
    async fn delete_sessions_of(&self, brand: &str, kind: &str, subject_id: &str) -> Result<u64>;
}

/// Inserts an invitation row (no audit: the caller writes its own line):
/// the team's invitations and the brand's first owner invitation
/// (`create_brand_with_owner_invite`).
pub(crate) async fn insert_operator_invite(
    conn: &mut sqlx::AnyConnection,
    inv: &OperatorInvite,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO operator_invites (brand_id, token_hash, email, role, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&inv.brand_id)
    .bind(&inv.token_hash)
    .bind(&inv.email)
    .bind(inv.role.as_str())
    .bind(&inv.created_by)
    .bind(inv.created_at)
    .bind(inv.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub(crate) async fn owners_in(conn: &mut sqlx::AnyConnection, brand: &str) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM operators WHERE brand_id = $1 AND role = 'owner'")
            .bind(brand)
            .fetch_one(conn)
            .await?,
    )
}

/// Revokes the pending invitations and the unused password-reset links
/// `sender` made (removed or no longer an owner: a link speaks for the
/// owner who made it). Returns how many invitations.
pub(crate) async fn revoke_invites_by(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    sender: &str,
) -> Result<u64> {
    sqlx::query(
        "DELETE FROM operator_password_resets WHERE brand_id = $1 AND created_by = $2 AND used_at IS NULL",
    )
    .bind(brand)
    .bind(sender)
    .execute(&mut *conn)
    .await?;
    Ok(sqlx::query(
        "DELETE FROM operator_invites WHERE brand_id = $1 AND created_by = $2 AND accepted_at IS NULL",
    )
    .bind(brand)
    .bind(sender)
    .execute(conn)
    .await?
    .rows_affected())
}

#[async_trait]
impl TeamStore for SqlStore {
    async fn create_operator(&self, o: &Operator) -> Result<()> {
        sqlx::query(
            "INSERT INTO operators (brand_id, id, email, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&o.brand_id)
        .bind(&o.id)
        .bind(&o.email)
        .bind(&o.password_hash)
        .bind(o.role.as_str())
        .bind(o.created_at)
        .execute(&self.pool)
        .await
        .map_err(unique_as("email_taken"))?;
        Ok(())
    }

    async fn operators_by_email(&self, email: &str) -> Result<Vec<Operator>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            operator_columns!(),
            " FROM operators WHERE email = $1 ORDER BY brand_id"
        ))
        .bind(email)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn operator(&self, brand: &str, id: &str) -> Result<Operator> {
        one(sqlx::query_as(concat!(
            "SELECT ",
            operator_columns!(),
            " FROM operators WHERE brand_id = $1 AND id = $2"
        ))
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn create_session(&self, s: &Session) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, brand_id, kind, subject_id, created_at, expires_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&s.token_hash)
        .bind(&s.brand_id)
        .bind(s.kind.as_str())
        .bind(&s.subject_id)
        .bind(s.created_at)
        .bind(s.expires_at)
        .bind(s.last_seen_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: i64) -> Result<Session> {
        one(sqlx::query_as(
            "SELECT token_hash, brand_id, kind, subject_id, created_at, expires_at, last_seen_at \
             FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()> {
        sqlx::query(
            "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $2",
        )
        .bind(token_hash)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn delete_sessions_of(&self, brand: &str, kind: &str, subject_id: &str) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM sessions WHERE brand_id = $1 AND kind = $2 AND subject_id = $3",
        )
        .bind(brand)
        .bind(kind)
        .bind(subject_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    async fn operators(&self, brand: &str) -> Result<Vec<Operator>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            operator_columns!(),
            " FROM operators WHERE brand_id = $1 ORDER BY created_at, id"
        ))
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn create_operator_invite(
        &self,
        inv: &OperatorInvite,
        mail: Option<&OutboxMail>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        insert_operator_invite(&mut tx, inv).await?;
        if let Some(m) = mail {
            insert_mail(&mut tx, m).await?;
        }
        // The address is the invitee's personal data: the log names the role only.
        let audit = AuditEntry::operator(
            &inv.brand_id,
            &inv.created_by,
            "operator.invite",
            ("operator_invite", &inv.token_hash[..16]),
            inv.created_at,
        )
        .after(serde_json::json!({ "role": inv.role, "mailed": mail.is_some() }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn operator_invite(&self, brand: &str, token_hash: &str) -> Result<OperatorInvite> {
        one(sqlx::query_as(
            "SELECT brand_id, token_hash, email, role, created_by, created_at, expires_at, accepted_at \
             FROM operator_invites WHERE brand_id = $1 AND token_hash = $2",
        )
        .bind(brand)
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn pending_operator_invites(&self, brand: &str, now: i64) -> Result<Vec<OperatorInvite>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, token_hash, email, role, created_by, created_at, expires_at, accepted_at \
             FROM operator_invites WHERE brand_id = $1 AND accepted_at IS NULL AND expires_at > $2 ORDER BY created_at DESC",
        )
        .bind(brand)
        .bind(now)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn revoke_operator_invite(
        &self,
        brand: &str,
        token_hash: &str,
        by: &str,
        at: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "DELETE FROM operator_invites WHERE brand_id = $1 AND token_hash = $2 AND accepted_at IS NULL",
        )
        .bind(brand)
        .bind(token_hash)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let short = &token_hash[..token_hash.len().min(16)];
        let audit = AuditEntry::operator(
            brand,
            by,
            "operator.invite_revoke",
            ("operator_invite", short),
            at,
        );
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn accept_operator_invite(
        &self,
        token_hash: &str,
        op: &Operator,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE operator_invites SET accepted_at = $3 \
             WHERE brand_id = $1 AND token_hash = $2 AND accepted_at IS NULL AND expires_at > $3",
        )
        .bind(&op.brand_id)
        .bind(token_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            let inv = self.operator_invite(&op.brand_id, token_hash).await?;
            return Err(StoreError::Conflict(if inv.accepted_at.is_some() {
                "invitation_used"
            } else {
                "invitation_expired"
            }));
        }
        sqlx::query(
            "INSERT INTO operators (brand_id, id, email, password_hash, role, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&op.brand_id)
        .bind(&op.id)
        .bind(&op.email)
        .bind(&op.password_hash)
        .bind(op.role.as_str())
        .bind(op.created_at)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("operator_exists"))?;
        let audit = AuditEntry::operator(
            &op.brand_id,
            &op.id,
            "operator.join",
            ("operator", &op.id),
            now,
        )
        .after(serde_json::json!({ "role": op.role }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_operator_role(
        &self,
        brand: &str,
        id: &str,
        role: &str,
        by: &str,
        at: i64,
    ) -> Result<Operator> {
        let mut tx = self.pool.begin().await?;
        // The write first (the lock now), then the role it replaces.
        let found = sqlx::query("UPDATE operators SET id = id WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if found.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let before: String =
            sqlx::query_scalar("SELECT role FROM operators WHERE brand_id = $1 AND id = $2")
                .bind(brand)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query("UPDATE operators SET role = $3 WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .bind(role)
            .execute(&mut *tx)
            .await?;
        if owners_in(&mut tx, brand).await? == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict("last_owner"));
        }
        if role != rules::Role::Owner.as_str() {
            revoke_invites_by(&mut tx, brand, id).await?;
        }
        let audit = AuditEntry::operator(brand, by, "operator.role", ("operator", id), at)
            .before(serde_json::json!({ "role": before }))
            .after(serde_json::json!({ "role": role }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.operator(brand, id).await
    }

    async fn remove_operator(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("DELETE FROM operators WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        if owners_in(&mut tx, brand).await? == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict("last_owner"));
        }
        sqlx::query(
            "DELETE FROM sessions WHERE brand_id = $1 AND kind = 'operator' AND subject_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        revoke_invites_by(&mut tx, brand, id).await?;
        for table in [
            "operator_totp",
            "operator_recovery_codes",
            "operator_password_resets",
            "operator_login_steps",
        ] {
            // Table names are constants of this list, never input.
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {table} WHERE brand_id = $1 AND operator_id = $2"
            )))
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        let audit = AuditEntry::operator(brand, by, "operator.remove", ("operator", id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
