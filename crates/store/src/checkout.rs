//! Points as cash at the brand's checkout: the brand's API keys for the
//! signed server-to-server API, the signatures already seen (a replay is
//! refused), members' one-time payment codes, and the holds a till puts on
//! a member's points against an order (captured, released, timed out,
//! refunded), each move a ledger posting in the same transaction.
//!
//! As everywhere in the store, the caller hashes, derives secrets and
//! reads the clock. A hold's postings have the hold as their source
//! (`checkout_hold`, `checkout_capture`, `checkout_release`,
//! `checkout_refund` with the hold's id), so each is posted once whatever
//! retries or races: the hold's status moves with a `WHERE status = …`
//! update that is the transaction's first write, and only the winner posts.

use crate::*;
use async_trait::async_trait;
use rules::HoldStatus;

/// A brand's API key as stored (the secret is derived, never stored).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiKey {
    pub brand_id: String,
    /// Public: `{brand}.{16 hex}`.
    pub id: String,
    pub label: String,
    /// Random, per key: an input of the secret's derivation.
    pub salt: String,
    /// SHA-256 (hex) of the secret shown at creation.
    pub secret_check: String,
    pub created_by: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_by: Option<String>,
    pub revoked_at: Option<i64>,
}

macro_rules! api_key_columns {
    () => {
        "brand_id, id, label, salt, secret_check, created_by, created_at, last_used_at, revoked_by, revoked_at"
    };
}

/// Points held against a till's order.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Hold {
    pub brand_id: String,
    pub id: String,
    pub member_id: String,
    /// The API key that made it.
    pub key_id: String,
    /// The till's own order reference.
    pub order_ref: String,
    pub order_fen: i64,
    pub points: i64,
    pub discount_fen: i64,
    #[sqlx(try_from = "String")]
    pub status: HoldStatus,
    pub created_at: i64,
    /// Released by the time-out job after this if still `held`.
    pub expires_at: i64,
    /// When it was captured or released.
    pub settled_at: Option<i64>,
    pub refunded_at: Option<i64>,
}

macro_rules! hold_columns {
    () => {
        "brand_id, id, member_id, key_id, order_ref, order_fen, points, discount_fen, status, created_at, expires_at, settled_at, refunded_at"
    };
}

/// A till's request to hold points with a member's payment code.
#[derive(Debug, Clone)]
pub struct NewHold<'a> {
    pub brand_id: &'a str,
    /// The new hold's id.
    pub id: &'a str,
    pub code_hash: &'a str,
    pub key_id: &'a str,
    pub order_ref: &'a str,
    pub order_fen: i64,
    pub at: i64,
    /// When the hold is released unless captured.
    pub expires_at: i64,
}

/// Keys, signatures, payment codes and holds. One of the traits [`Store`]
/// is made of.
#[async_trait]
pub trait CheckoutStore: Send + Sync {
    /// Stores a new key, audited as `api_key.create` in the same transaction.
    async fn create_api_key(&self, key: &ApiKey) -> Result<()>;
    /// The brand's keys, newest first, revoked ones included.
    async fn api_keys(&self, brand: &str) -> Result<Vec<ApiKey>>;
    async fn api_key(&self, brand: &str, id: &str) -> Result<ApiKey>;
    /// Revokes a key (audited as `api_key.revoke`); revoking a revoked key
    /// changes nothing. `NotFound` outside the brand.
    async fn revoke_api_key(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<ApiKey>;
    /// Records an accepted signature and the key's last use: false if the
    /// signature was seen before (a replay; nothing is written).
    async fn note_signature(
        &self,
        brand: &str,
        key_id: &str,
        signature: &str,
        at: i64,
    ) -> Result<bool>;
    /// Forgets a signature (its request was refused: it may be sent again).
    async fn forget_signature(&self, brand: &str, signature: &str) -> Result<()>;

    /// Gives the member a new payment code (the old one, if any, stops
    /// working).
    async fn create_payment_code(
        &self,
        brand: &str,
        member: &str,
        code_hash: &str,
        at: i64,
        expires_at: i64,
    ) -> Result<()>;
    /// Uses a live payment code and holds the member's points for the
    /// order, at the brand's points policy, in one transaction.
    /// `NotFound`: no live, unused code with that hash in the brand.
    /// `Conflict("points_insufficient")`: nothing to hold (the code stays
    /// usable).
    async fn create_hold(&self, hold: &NewHold<'_>) -> Result<Hold>;
    async fn hold(&self, brand: &str, id: &str) -> Result<Hold>;
    /// Captures a held hold (captured again: the same hold). `Conflict`:
    /// `hold_released`, `hold_refunded`.
    async fn capture_hold(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<Hold>;
    /// Releases a held hold (released again: the same hold). `Conflict`:
    /// `hold_captured`, `hold_refunded`.
    async fn release_hold(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<Hold>;
    /// Refunds a captured hold (refunded again: the same hold). `Conflict`:
    /// `hold_not_captured`.
    async fn refund_hold(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<Hold>;
    /// Releases every hold of every brand still `held` after its
    /// time-out, each in its own transaction. Safe to run twice or in two
    /// processes at once. Returns the holds released.
    async fn release_expired_holds(&self, now: i64) -> Result<u64>;
    /// The member's holds, newest first (the app and the data download).
    async fn member_holds(&self, brand: &str, member: &str, page: Page) -> Result<Vec<Hold>>;
    /// Forgets signatures seen before `signatures_before` and payment codes
    /// expired before `now`. Returns rows removed.
    async fn purge_checkout(&self, now: i64, signatures_before: i64) -> Result<u64>;
}

/// The posting sources of a hold's moves (and the reasons they carry).
pub const HOLD_SOURCE: &str = "checkout_hold";

#[async_trait]
impl CheckoutStore for SqlStore {
    async fn create_api_key(&self, key: &ApiKey) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(concat!(
            "INSERT INTO api_keys (",
            api_key_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, NULL)"
        ))
        .bind(&key.brand_id)
        .bind(&key.id)
        .bind(&key.label)
        .bind(&key.salt)
        .bind(&key.secret_check)
        .bind(&key.created_by)
        .bind(key.created_at)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("api_key_taken"))?;
        let mut line = AuditEntry::operator(
            &key.brand_id,
            &key.created_by,
            "api_key.create",
            ("api_key", &key.id),
            key.created_at,
        );
        line.after = Some(serde_json::json!({ "label": key.label }).to_string());
        insert_audit(&mut tx, &line).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn api_keys(&self, brand: &str) -> Result<Vec<ApiKey>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            api_key_columns!(),
            " FROM api_keys WHERE brand_id = $1 ORDER BY created_at DESC, id DESC"
        ))
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn api_key(&self, brand: &str, id: &str) -> Result<ApiKey> {
        one(sqlx::query_as(concat!(
            "SELECT ",
            api_key_columns!(),
            " FROM api_keys WHERE brand_id = $1 AND id = $2"
        ))
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn revoke_api_key(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<ApiKey> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE api_keys SET revoked_by = $3, revoked_at = $4 \
             WHERE brand_id = $1 AND id = $2 AND revoked_at IS NULL",
        )
        .bind(brand)
        .bind(id)
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            let line = AuditEntry::operator(brand, by, "api_key.revoke", ("api_key", id), at);
            insert_audit(&mut tx, &line).await?;
        }
        let key: ApiKey = one(sqlx::query_as(concat!(
            "SELECT ",
            api_key_columns!(),
            " FROM api_keys WHERE brand_id = $1 AND id = $2"
        ))
        .bind(brand)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?)?;
        tx.commit().await?;
        Ok(key)
    }

    async fn note_signature(
        &self,
        brand: &str,
        key_id: &str,
        signature: &str,
        at: i64,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "INSERT INTO api_signatures (brand_id, signature, key_id, seen_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (brand_id, signature) DO NOTHING",
        )
        .bind(brand)
        .bind(signature)
        .bind(key_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query("UPDATE api_keys SET last_used_at = $3 WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(key_id)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn forget_signature(&self, brand: &str, signature: &str) -> Result<()> {
        sqlx::query("DELETE FROM api_signatures WHERE brand_id = $1 AND signature = $2")
            .bind(brand)
            .bind(signature)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn create_payment_code(
        &self,
        brand: &str,
        member: &str,
        code_hash: &str,
        at: i64,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO payment_codes (brand_id, member_id, code_hash, created_at, expires_at, used_at) \
             VALUES ($1, $2, $3, $4, $5, NULL) \
             ON CONFLICT (brand_id, member_id) DO UPDATE SET code_hash = $3, created_at = $4, \
             expires_at = $5, used_at = NULL",
        )
        .bind(brand)
        .bind(member)
        .bind(code_hash)
        .bind(at)
        .bind(expires_at)
        .execute(&self.pool)
        .await
        .map_err(unique_as("payment_code_taken"))?;
        Ok(())
    }

    async fn create_hold(&self, h: &NewHold<'_>) -> Result<Hold> {
        let mut tx = self.pool.begin().await?;
        // The code is spent by the statement that checks it is live.
        let member: Option<String> = sqlx::query_scalar(
            "UPDATE payment_codes SET used_at = $3 \
             WHERE brand_id = $1 AND code_hash = $2 AND used_at IS NULL AND expires_at > $3 \
             RETURNING member_id",
        )
        .bind(h.brand_id)
        .bind(h.code_hash)
        .bind(h.at)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(member) = member else {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        };
        let policy = ledger_link::policy(&mut tx, h.brand_id).await?;
        let available = ledger_link::available(&mut tx, h.brand_id, &member).await?;
        let quote = rules::checkout::quote(
            h.order_fen,
            available,
            policy.checkout_max_percent,
            policy.points_per_yuan,
        );
        if quote.points <= 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict("points_insufficient"));
        }
        let hold = Hold {
            brand_id: h.brand_id.into(),
            id: h.id.into(),
            member_id: member,
            key_id: h.key_id.into(),
            order_ref: h.order_ref.into(),
            order_fen: h.order_fen,
            points: quote.points,
            discount_fen: quote.discount_fen,
            status: HoldStatus::Held,
            created_at: h.at,
            expires_at: h.expires_at,
            settled_at: None,
            refunded_at: None,
        };
        sqlx::query(concat!(
            "INSERT INTO checkout_holds (",
            hold_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL)"
        ))
        .bind(&hold.brand_id)
        .bind(&hold.id)
        .bind(&hold.member_id)
        .bind(&hold.key_id)
        .bind(&hold.order_ref)
        .bind(hold.order_fen)
        .bind(hold.points)
        .bind(hold.discount_fen)
        .bind(hold.status.as_str())
        .bind(hold.created_at)
        .bind(hold.expires_at)
        .execute(&mut *tx)
        .await?;
        ledger_link::post_move(&mut tx, &hold, Move::Hold, h.key_id, h.at).await?;
        tx.commit().await?;
        Ok(hold)
    }

    async fn hold(&self, brand: &str, id: &str) -> Result<Hold> {
        one(sqlx::query_as(concat!(
            "SELECT ",
            hold_columns!(),
            " FROM checkout_holds WHERE brand_id = $1 AND id = $2"
        ))
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn capture_hold(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<Hold> {
        self.move_hold(brand, id, Move::Capture, by, at).await
    }

    async fn release_hold(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<Hold> {
        self.move_hold(brand, id, Move::Release, by, at).await
    }

    async fn refund_hold(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<Hold> {
        self.move_hold(brand, id, Move::Refund, by, at).await
    }

    async fn release_expired_holds(&self, now: i64) -> Result<u64> {
        let due: Vec<(String, String)> = sqlx::query_as(
            "SELECT brand_id, id FROM checkout_holds WHERE status = 'held' AND expires_at <= $1 \
             ORDER BY expires_at LIMIT 500",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        let mut released = 0;
        for (brand, id) in due {
            // Each its own transaction; one the till captured (or another
            // job released) meanwhile is left as it is.
            if self
                .transition(&brand, &id, Move::Release, "timeout", now, true)
                .await?
                .is_some()
            {
                released += 1;
            }
        }
        Ok(released)
    }

    async fn member_holds(&self, brand: &str, member: &str, page: Page) -> Result<Vec<Hold>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            hold_columns!(),
            " FROM checkout_holds WHERE brand_id = $1 AND member_id = $2 \
             ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4"
        ))
        .bind(brand)
        .bind(member)
        .bind(page.limit)
        .bind(page.offset)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn purge_checkout(&self, now: i64, signatures_before: i64) -> Result<u64> {
        let a = sqlx::query("DELETE FROM api_signatures WHERE seen_at < $1")
            .bind(signatures_before)
            .execute(&self.pool)
            .await?;
        let b = sqlx::query("DELETE FROM payment_codes WHERE expires_at < $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(a.rows_affected() + b.rows_affected())
    }
}

/// A move of a hold: from which status to which, and its posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Hold,
    Capture,
    Release,
    Refund,
}

impl Move {
    fn from(self) -> HoldStatus {
        match self {
            Move::Hold | Move::Capture | Move::Release => HoldStatus::Held,
            Move::Refund => HoldStatus::Captured,
        }
    }
    fn to(self) -> HoldStatus {
        match self {
            Move::Hold => HoldStatus::Held,
            Move::Capture => HoldStatus::Captured,
            Move::Release => HoldStatus::Released,
            Move::Refund => HoldStatus::Refunded,
        }
    }
    /// The posting's source kind (its source id is the hold's).
    pub(crate) fn source_kind(self) -> &'static str {
        match self {
            Move::Hold => HOLD_SOURCE,
            Move::Capture => "checkout_capture",
            Move::Release => "checkout_release",
            Move::Refund => "checkout_refund",
        }
    }
}

impl SqlStore {
    async fn move_hold(&self, brand: &str, id: &str, m: Move, by: &str, at: i64) -> Result<Hold> {
        if let Some(hold) = self.transition(brand, id, m, by, at, false).await? {
            return Ok(hold);
        }
        // Not moved: already there (a retry), or in a state it cannot leave.
        let hold = self.hold(brand, id).await?;
        match (m, hold.status) {
            (_, s) if s == m.to() => Ok(hold),
            (Move::Refund, _) => Err(StoreError::Conflict("hold_not_captured")),
            (_, HoldStatus::Released) => Err(StoreError::Conflict("hold_released")),
            (_, HoldStatus::Captured) => Err(StoreError::Conflict("hold_captured")),
            (_, HoldStatus::Refunded) => Err(StoreError::Conflict("hold_refunded")),
            (_, HoldStatus::Held) => Err(StoreError::Conflict("hold_not_captured")),
        }
    }

    /// Moves the hold from `m.from()` to `m.to()` and posts the move, in
    /// one transaction whose first write is the status update: of two
    /// racing moves one wins, the other sees `None`. `only_expired`: the
    /// time-out's release, only of a hold past its time.
    async fn transition(
        &self,
        brand: &str,
        id: &str,
        m: Move,
        by: &str,
        at: i64,
        only_expired: bool,
    ) -> Result<Option<Hold>> {
        let mut tx = self.pool.begin().await?;
        let (set, stamp) = match m {
            Move::Refund => ("refunded_at", at),
            _ => ("settled_at", at),
        };
        let sql = format!(
            "UPDATE checkout_holds SET status = $3, {set} = $5 \
             WHERE brand_id = $1 AND id = $2 AND status = $4{} RETURNING {}",
            if only_expired {
                " AND expires_at <= $5"
            } else {
                ""
            },
            hold_columns!()
        );
        let hold: Option<Hold> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(id)
            .bind(m.to().as_str())
            .bind(m.from().as_str())
            .bind(stamp)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(hold) = hold else {
            tx.rollback().await?;
            return Ok(None);
        };
        ledger_link::post_move(&mut tx, &hold, m, by, at).await?;
        tx.commit().await?;
        Ok(Some(hold))
    }
}

/// Where checkout meets the ledger: the brand's points policy, a member's
/// available points, and a hold's postings.
mod ledger_link {
    use super::*;
    use rules::{Account, PostingReason};

    /// The brand's policy, read in the hold's transaction.
    pub(super) async fn policy(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        brand: &str,
    ) -> Result<PointsPolicy> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT points_per_yuan, checkout_max_percent FROM points_policies WHERE brand_id = $1",
        )
        .bind(brand)
        .fetch_optional(&mut **tx)
        .await?;
        Ok(match row {
            Some((points_per_yuan, checkout_max_percent)) => PointsPolicy {
                points_per_yuan,
                checkout_max_percent,
                ..PointsPolicy::default()
            },
            None => PointsPolicy::default(),
        })
    }

    /// The member's available points, their row locked first so two holds
    /// of one member are quoted one after the other.
    pub(super) async fn available(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        brand: &str,
        member: &str,
    ) -> Result<i64> {
        ledger::lock_member(tx, brand, member).await?;
        Ok(ledger::balances_on(tx, brand, member).await?.available)
    }

    /// Posts move `m` of `hold`: its source is the hold, so each move is
    /// posted once.
    pub(super) async fn post_move(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        hold: &Hold,
        m: Move,
        by: &str,
        at: i64,
    ) -> Result<()> {
        let (p, member) = (hold.points, hold.member_id.as_str());
        let (reason, lines) = match m {
            Move::Hold => (
                PostingReason::CheckoutHold,
                vec![
                    Line::member(Account::Available, member, -p),
                    Line::member(Account::Held, member, p),
                ],
            ),
            Move::Capture => (
                PostingReason::CheckoutCapture,
                vec![
                    Line::member(Account::Held, member, -p),
                    Line::brand(Account::Checkout, p),
                ],
            ),
            Move::Release => (
                PostingReason::CheckoutRelease,
                vec![
                    Line::member(Account::Held, member, -p),
                    Line::member(Account::Available, member, p),
                ],
            ),
            Move::Refund => (
                PostingReason::CheckoutRefund,
                vec![
                    Line::brand(Account::Checkout, -p),
                    Line::member(Account::Available, member, p),
                ],
            ),
        };
        let posting = NewPosting {
            member_id: member.to_string(),
            reason,
            memo: hold.order_ref.clone(),
            detail: serde_json::json!({
                "hold_id": hold.id,
                "order_ref": hold.order_ref,
                "order_fen": hold.order_fen,
                "discount_fen": hold.discount_fen,
            })
            .to_string(),
            source_kind: m.source_kind().to_string(),
            source_id: hold.id.clone(),
            reverses: None,
            by: by.to_string(),
            at,
            lines,
            allow_negative: false,
        };
        ledger::post(tx, &hold.brand_id, &posting).await?;
        Ok(())
    }
}
