//! SMS codes for members (sign-up, code log-in, password reset), the send
//! limits that keep them cheap and unabusable, and the SMS outbox.
//!
//! A code is stored only as the hash the caller computed; a send writes
//! the code, the counters and the message in one transaction, so a code is
//! never live without its message queued, and the counters' rows are
//! locked by the first statement (an upsert), so parallel sends for one
//! phone or one client are counted one after the other on both databases.
//! A guess reserves its try before it is compared (`tries + 1` in the same
//! statement that checks `tries < 5`): parallel guesses cannot share a try.
//!
//! The outbox is leased (`claim`, `claimed_until`) before sending, like the
//! mail outbox, so two server processes never send one message twice.
//! Phones are the normalised `rules::Phone` text: the caller parses first.

use crate::*;
use async_trait::async_trait;
use rules::words::CodePurpose;

/// Tries a code allows before it is dead.
pub const CODE_TRIES: i64 = 5;

/// How often codes may be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendLimits {
    /// Seconds between two sends to one phone.
    pub gap: i64,
    /// Sends per phone per UTC day.
    pub per_phone_day: i64,
    /// Sends per client (address and browser hash) per UTC day.
    pub per_client_day: i64,
}

impl SendLimits {
    pub const DEFAULT: SendLimits = SendLimits {
        gap: 60,
        per_phone_day: 10,
        per_client_day: 20,
    };
}

/// One request to send a code, as the store records it.
#[derive(Debug, Clone)]
pub struct CodeSend<'a> {
    pub brand: &'a str,
    /// The normalised phone.
    pub phone: &'a str,
    pub purpose: CodePurpose,
    /// The caller's client hash (the per-client daily cap's key).
    pub client: &'a str,
    /// The new code's hash with its expiry, replacing any live code for
    /// this phone and purpose; `None`: no code (the phone cannot use one
    /// for this purpose), but the send still counts against the limits.
    pub code: Option<(&'a str, i64)>,
    /// The message to queue, if any.
    pub message: Option<NewSms<'a>>,
    pub limits: SendLimits,
    pub at: i64,
}

/// A text message to queue.
#[derive(Debug, Clone)]
pub struct NewSms<'a> {
    /// The provider template: `code` (a verification code) or `registered`
    /// (this phone already has an account).
    pub template: &'a str,
    /// The template's code parameter ('' for none).
    pub code: &'a str,
    /// The whole text, as the development provider writes it.
    pub body: &'a str,
}

/// A text message waiting in (or sent from) the SMS outbox.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SmsMessage {
    pub brand_id: String,
    pub id: String,
    pub phone: String,
    pub template: String,
    pub code: String,
    pub body: String,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

macro_rules! sms_columns {
    () => {
        "brand_id, id, phone, template, code, body, created_at, sent_at, attempts, last_error"
    };
}

/// Codes, limits and the SMS outbox. One of the traits [`Store`] is made of.
#[async_trait]
pub trait SmsStore: Send + Sync {
    /// Counts a send against the phone's and the client's limits and, when
    /// they allow it, stores the code and queues the message, all in one
    /// transaction. Refusals: `Conflict("code_too_soon")` (the phone had a
    /// send less than `limits.gap` seconds ago) or
    /// `Conflict("code_daily_limit")` (a daily cap); nothing is written.
    async fn send_code(&self, send: &CodeSend<'_>) -> Result<()>;
    /// Spends one try of the live code for this phone and purpose: true
    /// when `code_hash` matches (the code is then used up). An expired,
    /// used or exhausted code, or none, is false.
    async fn use_code(
        &self,
        brand: &str,
        phone: &str,
        purpose: CodePurpose,
        code_hash: &str,
        at: i64,
    ) -> Result<bool>;
    /// Leases up to `limit` unsent messages (fewer than 5 attempts, not
    /// leased by another sender until after `now`) to `claim` until
    /// `now + lease`, oldest first, any brand.
    async fn claim_sms(
        &self,
        claim: &str,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> Result<Vec<SmsMessage>>;
    /// Sent: the code and body are blanked. Only the holder of the lease.
    async fn mark_sms_sent(&self, brand: &str, id: &str, claim: &str, at: i64) -> Result<()>;
    /// Failed: the error is kept and the lease ends; the message is tried
    /// again after `retry_at`.
    async fn mark_sms_failed(
        &self,
        brand: &str,
        id: &str,
        claim: &str,
        error: &str,
        retry_at: i64,
    ) -> Result<()>;
    /// Gives a message up without sending it (a code that expired before
    /// it could be sent): no more tries, the code and text blanked, the
    /// reason kept. Only the holder of the lease.
    async fn give_up_sms(&self, brand: &str, id: &str, claim: &str, reason: &str) -> Result<()>;
    /// Removes used and expired codes, yesterday's counters and messages
    /// sent (or given up) more than a week before `now`. Returns rows
    /// removed.
    async fn purge_sms(&self, now: i64) -> Result<u64>;
    /// The messages held for a phone (bodies as stored: blank once sent),
    /// newest first: the member's data download.
    async fn sms_for_phone(&self, brand: &str, phone: &str) -> Result<Vec<SmsMessage>>;
    /// The codes held for a phone and its send counter: the rest of what
    /// the data download shows of the SMS tables.
    async fn sms_codes_for_phone(
        &self,
        brand: &str,
        phone: &str,
    ) -> Result<(Vec<SmsCode>, Option<SmsCounter>)>;
}

/// A code as held (its hash is never shown).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SmsCode {
    #[sqlx(try_from = "String")]
    pub purpose: CodePurpose,
    pub created_at: i64,
    pub expires_at: i64,
    pub tries: i64,
    pub used_at: Option<i64>,
}

/// A phone's send counter: sends on `day` (UTC days since the epoch).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SmsCounter {
    pub day: i64,
    pub sends: i64,
    pub last_at: i64,
}

/// The day number of a UNIX time (UTC).
fn day_of(at: i64) -> i64 {
    at.div_euclid(86_400)
}

/// Removes what the SMS tables hold about a member (their codes, messages
/// and their phone's counters), inside the erasure's transaction and
/// before the phone is replaced: it writes first, as every write
/// transaction does.
pub(crate) async fn erase_member_sms(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    brand: &str,
    member: &str,
) -> Result<()> {
    for sql in [
        "DELETE FROM sms_codes WHERE brand_id = $1 AND phone = \
         (SELECT phone FROM members WHERE brand_id = $1 AND id = $2)",
        "DELETE FROM sms_outbox WHERE brand_id = $1 AND phone = \
         (SELECT phone FROM members WHERE brand_id = $1 AND id = $2)",
        "DELETE FROM sms_limits WHERE brand_id = $1 AND key = \
         (SELECT 'phone:' || phone FROM members WHERE brand_id = $1 AND id = $2)",
    ] {
        sqlx::query(sql)
            .bind(brand)
            .bind(member)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl SmsStore for SqlStore {
    async fn send_code(&self, s: &CodeSend<'_>) -> Result<()> {
        let day = day_of(s.at);
        let phone_key = format!("phone:{}", s.phone);
        let client_key = format!("client:{}", s.client);
        let mut tx = self.pool.begin().await?;
        // Touch both counters first: the upsert locks each row (PostgreSQL)
        // or takes the write lock (SQLite) before anything is read, so a
        // parallel send for the same key waits here and then reads this
        // one's count. A new row starts at zero sends, long ago.
        for key in [&phone_key, &client_key] {
            sqlx::query(
                "INSERT INTO sms_limits (brand_id, key, day, sends, last_at) VALUES ($1, $2, $3, 0, 0) \
                 ON CONFLICT (brand_id, key) DO UPDATE SET sends = sms_limits.sends",
            )
            .bind(s.brand)
            .bind(key)
            .bind(day)
            .execute(&mut *tx)
            .await?;
        }
        let read = |key: &str| {
            sqlx::query_as::<_, (i64, i64, i64)>(
                "SELECT day, sends, last_at FROM sms_limits WHERE brand_id = $1 AND key = $2",
            )
            .bind(s.brand)
            .bind(key.to_string())
        };
        let (p_day, p_sends, p_last) = read(&phone_key).fetch_one(&mut *tx).await?;
        let (c_day, c_sends, _) = read(&client_key).fetch_one(&mut *tx).await?;
        let today = |d: i64, n: i64| if d == day { n } else { 0 };
        let refused = if s.at - p_last < s.limits.gap {
            Some("code_too_soon")
        } else if today(p_day, p_sends) >= s.limits.per_phone_day
            || today(c_day, c_sends) >= s.limits.per_client_day
        {
            Some("code_daily_limit")
        } else {
            None
        };
        if let Some(code) = refused {
            tx.rollback().await?;
            return Err(StoreError::Conflict(code));
        }
        for key in [&phone_key, &client_key] {
            sqlx::query(
                "UPDATE sms_limits SET sends = CASE WHEN day = $3 THEN sends + 1 ELSE 1 END, \
                 day = $3, last_at = $4 WHERE brand_id = $1 AND key = $2",
            )
            .bind(s.brand)
            .bind(key)
            .bind(day)
            .bind(s.at)
            .execute(&mut *tx)
            .await?;
        }
        if let Some((hash, expires_at)) = s.code {
            sqlx::query(
                "INSERT INTO sms_codes (brand_id, phone, purpose, code_hash, created_at, expires_at, tries, used_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 0, NULL) \
                 ON CONFLICT (brand_id, phone, purpose) DO UPDATE SET code_hash = excluded.code_hash, \
                 created_at = excluded.created_at, expires_at = excluded.expires_at, tries = 0, used_at = NULL",
            )
            .bind(s.brand)
            .bind(s.phone)
            .bind(s.purpose.as_str())
            .bind(hash)
            .bind(s.at)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(m) = &s.message {
            sqlx::query(
                "INSERT INTO sms_outbox (brand_id, id, phone, template, code, body, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(s.brand)
            .bind(new_id())
            .bind(s.phone)
            .bind(m.template)
            .bind(m.code)
            .bind(m.body)
            .bind(s.at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn use_code(
        &self,
        brand: &str,
        phone: &str,
        purpose: CodePurpose,
        code_hash: &str,
        at: i64,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        // The try is spent by the statement that checks there is one left.
        let stored: Option<String> = sqlx::query_scalar(
            "UPDATE sms_codes SET tries = tries + 1 \
             WHERE brand_id = $1 AND phone = $2 AND purpose = $3 AND used_at IS NULL \
             AND expires_at > $4 AND tries < $5 RETURNING code_hash",
        )
        .bind(brand)
        .bind(phone)
        .bind(purpose.as_str())
        .bind(at)
        .bind(CODE_TRIES)
        .fetch_optional(&mut *tx)
        .await?;
        let ok = stored.as_deref() == Some(code_hash);
        if ok {
            sqlx::query(
                "UPDATE sms_codes SET used_at = $4 WHERE brand_id = $1 AND phone = $2 AND purpose = $3",
            )
            .bind(brand)
            .bind(phone)
            .bind(purpose.as_str())
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(ok)
    }

    async fn claim_sms(
        &self,
        claim: &str,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> Result<Vec<SmsMessage>> {
        // The lease condition stands in the outer WHERE too: PostgreSQL
        // re-checks it on a row another sender updated meanwhile, so a row
        // is leased once; SQLite runs one writer at a time.
        Ok(sqlx::query_as(concat!(
            "UPDATE sms_outbox SET claim = $1, claimed_until = $2 + $3 \
             WHERE sent_at IS NULL AND attempts < 5 AND (claimed_until IS NULL OR claimed_until <= $2) \
             AND id IN (SELECT id FROM sms_outbox WHERE sent_at IS NULL AND attempts < 5 \
             AND (claimed_until IS NULL OR claimed_until <= $2) ORDER BY created_at, id LIMIT $4) \
             RETURNING ",
            sms_columns!()
        ))
        .bind(claim)
        .bind(now)
        .bind(lease)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn mark_sms_sent(&self, brand: &str, id: &str, claim: &str, at: i64) -> Result<()> {
        sqlx::query(
            "UPDATE sms_outbox SET sent_at = $4, attempts = attempts + 1, code = '', body = '', \
             last_error = NULL, claim = NULL, claimed_until = NULL \
             WHERE brand_id = $1 AND id = $2 AND claim = $3",
        )
        .bind(brand)
        .bind(id)
        .bind(claim)
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn mark_sms_failed(
        &self,
        brand: &str,
        id: &str,
        claim: &str,
        error: &str,
        retry_at: i64,
    ) -> Result<()> {
        sqlx::query(
            // A message given up on keeps no code and no text.
            "UPDATE sms_outbox SET attempts = attempts + 1, last_error = $4, claim = NULL, \
             claimed_until = $5, \
             code = CASE WHEN attempts + 1 >= 5 THEN '' ELSE code END, \
             body = CASE WHEN attempts + 1 >= 5 THEN '' ELSE body END \
             WHERE brand_id = $1 AND id = $2 AND claim = $3",
        )
        .bind(brand)
        .bind(id)
        .bind(claim)
        .bind(error)
        .bind(retry_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn give_up_sms(&self, brand: &str, id: &str, claim: &str, reason: &str) -> Result<()> {
        // 5: the tries `claim_sms` allows, so it is never leased again.
        sqlx::query(
            "UPDATE sms_outbox SET attempts = 5, last_error = $4, claim = NULL, \
             code = '', body = '' WHERE brand_id = $1 AND id = $2 AND claim = $3",
        )
        .bind(brand)
        .bind(id)
        .bind(claim)
        .bind(reason)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn purge_sms(&self, now: i64) -> Result<u64> {
        let mut tx = self.pool.begin().await?;
        let mut removed = 0;
        for (sql, at) in [
            (
                "DELETE FROM sms_codes WHERE used_at IS NOT NULL OR expires_at <= $1",
                now,
            ),
            // A counter of an earlier day, unless its last send was
            // within the hour (the gap still counts across midnight).
            (
                "DELETE FROM sms_limits WHERE day < $1 / 86400 AND last_at < $1 - 3600",
                now,
            ),
            (
                "DELETE FROM sms_outbox WHERE (sent_at IS NOT NULL OR attempts >= 5) AND created_at < $1",
                now - 7 * 86_400,
            ),
        ] {
            removed += sqlx::query(sql)
                .bind(at)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        tx.commit().await?;
        Ok(removed)
    }

    async fn sms_for_phone(&self, brand: &str, phone: &str) -> Result<Vec<SmsMessage>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            sms_columns!(),
            " FROM sms_outbox WHERE brand_id = $1 AND phone = $2 ORDER BY created_at DESC, id DESC"
        ))
        .bind(brand)
        .bind(phone)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn sms_codes_for_phone(
        &self,
        brand: &str,
        phone: &str,
    ) -> Result<(Vec<SmsCode>, Option<SmsCounter>)> {
        let codes = sqlx::query_as(
            "SELECT purpose, created_at, expires_at, tries, used_at FROM sms_codes \
             WHERE brand_id = $1 AND phone = $2 ORDER BY purpose",
        )
        .bind(brand)
        .bind(phone)
        .fetch_all(&self.pool)
        .await?;
        let counter = sqlx::query_as(
            "SELECT day, sends, last_at FROM sms_limits WHERE brand_id = $1 AND key = $2",
        )
        .bind(brand)
        .bind(format!("phone:{phone}"))
        .fetch_optional(&self.pool)
        .await?;
        Ok((codes, counter))
    }
}
