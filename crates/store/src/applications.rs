//! Applications to join a brand's KOC program: the review queue, decisions,
//! requests for more information, appeals and duplicate checks.

use crate::*;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialAccount {
    pub platform: String,
    pub profile_url: String,
    pub followers: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Application {
    pub brand_id: String,
    pub id: String,
    pub member_id: String,
    pub display_name: String,
    pub contact: String,
    pub city: String,
    pub social_accounts: Vec<SocialAccount>,
    pub interests: Vec<String>,
    pub motivation: String,
    pub terms_version: String,
    pub consented_at: i64,
    /// `pending`, `approved`, `rejected`.
    pub status: rules::ApplicationStatus,
    pub reason: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    pub decided_by: Option<String>,
    /// `direct` or the invitation's channel (`wechat`, `member_pool`,
    /// `partner`, `in_store`, `one_to_one`).
    pub channel: rules::Channel,
    pub recruitment_id: Option<String>,
    pub invite_code: Option<String>,
    /// The operator's question while `status` is `more_info`.
    pub info_request: Option<String>,
    pub info_reply: Option<String>,
    /// Upload ids of the applicant's evidence screenshots.
    pub evidence: Vec<String>,
    /// The applicant's note when the rejection was appealed (once).
    pub appeal_note: Option<String>,
    pub appealed_at: Option<i64>,
}

impl Application {
    /// What identifies the person behind the application, for the
    /// duplicate-applicant check: SHA-256 of the normalised contact and of
    /// each social account (platform and profile without query, case or
    /// trailing slash), so the check copies no personal data.
    pub fn identity_hashes(&self) -> Vec<String> {
        use sha2::{Digest, Sha256};
        let mut texts = Vec::new();
        let contact = self.contact.trim();
        if !contact.is_empty() {
            let c = match rules::Phone::parse(contact) {
                Ok(p) => p.as_str().to_string(),
                Err(_) => contact.to_lowercase(),
            };
            texts.push(format!("contact:{c}"));
        }
        for a in &self.social_accounts {
            let url = a.profile_url.trim().to_lowercase();
            let url = url.split(['?', '#']).next().unwrap_or_default();
            let url = url
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_start_matches("www.")
                .trim_end_matches('/');
            if !url.is_empty() {
                texts.push(format!("social:{}:{url}", a.platform));
            }
        }
        let mut out: Vec<String> = texts
            .iter()
            .map(|t| {
                Sha256::digest(t.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect()
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// The review queue's filters; `q` matches the name or the city.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicationFilter {
    pub status: Option<rules::ApplicationStatus>,
    pub channel: Option<rules::Channel>,
    pub q: Option<String>,
}

/// Applications: create, queue, decide, ask for more, appeal. One of the traits [`Store`] is made of.
#[async_trait]
pub trait ApplicationStore: Send + Sync {
    /// Fails with `Conflict("application_exists")` on a second application.
    async fn create_application(&self, app: &Application) -> Result<()>;
    async fn application_of(&self, brand: &str, member_id: &str) -> Result<Application>;
    async fn application(&self, brand: &str, id: &str) -> Result<Application>;
    /// The review queue, oldest first.
    async fn applications(
        &self,
        brand: &str,
        filter: &ApplicationFilter,
        page: Page,
    ) -> Result<Vec<Application>>;
    /// For each of `ids` that shares a contact or a social account with
    /// other applications of the brand: how many.
    async fn duplicate_applicants(&self, brand: &str, ids: &[String])
    -> Result<Vec<(String, i64)>>;
    /// Approves or rejects a pending application (or one waiting for more
    /// information); `Conflict("already_decided")` otherwise. The
    /// applicant is told in the same transaction.
    async fn decide_application(
        &self,
        brand: &str,
        id: &str,
        d: &DecisionRecord,
    ) -> Result<Application>;
    /// The same decision for many, in one transaction; the ids decided
    /// (others were no longer pending, or are not the brand's).
    async fn decide_applications(
        &self,
        brand: &str,
        ids: &[String],
        d: &DecisionRecord,
    ) -> Result<Vec<String>>;
    /// Pending → `more_info` with the operator's question; the applicant
    /// is told. `Conflict("already_decided")` otherwise.
    async fn request_information(
        &self,
        brand: &str,
        id: &str,
        question: &str,
        by: &str,
        at: i64,
    ) -> Result<Application>;
    /// The applicant answers (and may replace the evidence): pending again.
    /// `Conflict("no_question")` unless an answer is awaited.
    async fn answer_information(
        &self,
        brand: &str,
        member_id: &str,
        reply: &str,
        evidence: &[String],
        at: i64,
    ) -> Result<Application>;

    /// A rejected application back to review with the applicant's note, once.
    async fn appeal_application(
        &self,
        brand: &str,
        member_id: &str,
        note: &str,
        at: i64,
    ) -> Result<Application>;
}

#[derive(sqlx::FromRow)]
pub(crate) struct ApplicationRow {
    brand_id: String,
    id: String,
    member_id: String,
    display_name: String,
    contact: String,
    city: String,
    social_accounts: String,
    interests: String,
    motivation: String,
    terms_version: String,
    consented_at: i64,
    #[sqlx(try_from = "String")]
    status: rules::ApplicationStatus,
    reason: Option<String>,
    created_at: i64,
    decided_at: Option<i64>,
    decided_by: Option<String>,
    #[sqlx(try_from = "String")]
    channel: rules::Channel,
    recruitment_id: Option<String>,
    invite_code: Option<String>,
    info_request: Option<String>,
    info_reply: Option<String>,
    evidence: String,
    appeal_note: Option<String>,
    appealed_at: Option<i64>,
}

impl ApplicationRow {
    fn decode(self) -> Result<Application> {
        Ok(Application {
            social_accounts: from_json(&self.social_accounts)?,
            interests: from_json(&self.interests)?,
            brand_id: self.brand_id,
            id: self.id,
            member_id: self.member_id,
            display_name: self.display_name,
            contact: self.contact,
            city: self.city,
            motivation: self.motivation,
            terms_version: self.terms_version,
            consented_at: self.consented_at,
            status: self.status,
            reason: self.reason,
            created_at: self.created_at,
            decided_at: self.decided_at,
            decided_by: self.decided_by,
            evidence: from_json(&self.evidence)?,
            channel: self.channel,
            recruitment_id: self.recruitment_id,
            invite_code: self.invite_code,
            info_request: self.info_request,
            info_reply: self.info_reply,
            appeal_note: self.appeal_note,
            appealed_at: self.appealed_at,
        })
    }
}

macro_rules! application_columns {
    () => {
        "brand_id, id, member_id, display_name, contact, city, social_accounts, \
     interests, motivation, terms_version, consented_at, status, reason, created_at, decided_at, decided_by, \
     channel, recruitment_id, invite_code, info_request, info_reply, evidence, appeal_note, appealed_at"
    };
}

/// Approves or rejects one pending application (or one waiting for more
/// information) inside the caller's transaction, with its audit line and
/// the applicant's inbox line; `false` when it is not pending here.
pub(crate) async fn decide_application_in(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    brand: &str,
    id: &str,
    d: &DecisionRecord,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE applications SET status = $3, reason = $4, decided_at = $5, decided_by = $6 \
         WHERE brand_id = $1 AND id = $2 AND status IN ('pending', 'more_info')",
    )
    .bind(brand)
    .bind(id)
    .bind(if d.approve { "approved" } else { "rejected" })
    .bind(&d.reason)
    .bind(d.at)
    .bind(&d.by)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    insert_audit(&mut *tx, &decision_audit(brand, "application", id, d)).await?;
    let member: String =
        sqlx::query_scalar("SELECT member_id FROM applications WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let note = Notification::new(
        brand,
        &member,
        if d.approve {
            rules::NotificationKind::ApplicationApproved
        } else {
            rules::NotificationKind::ApplicationRejected
        },
        serde_json::json!({ "reason": d.reason }),
        d.at,
    );
    insert_notifications(tx, kind, vec![note]).await?;
    Ok(true)
}

pub(crate) async fn application_in(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    id: &str,
) -> Result<Application> {
    let sql = concat!(
        "SELECT ",
        application_columns!(),
        " FROM applications WHERE brand_id = $1 AND id = $2"
    );
    one(sqlx::query_as::<_, ApplicationRow>(sql)
        .bind(brand)
        .bind(id)
        .fetch_optional(conn)
        .await?)?
    .decode()
}

/// The application queue with its filters, oldest first: only the filters
/// given become conditions (each shape keeps its index plan: status alone
/// reads `applications_queue` in order). The values come back in order,
/// then limit and offset. `q` matches the name or city, `%` and `_` taken
/// literally.
pub(crate) fn applications_query(brand: &str, f: &ApplicationFilter) -> (String, Vec<String>) {
    let mut sql = String::from(concat!(
        "SELECT ",
        application_columns!(),
        " FROM applications WHERE brand_id = $1"
    ));
    let mut args = vec![brand.to_string()];
    if let Some(status) = &f.status {
        args.push(status.as_str().into());
        sql.push_str(&format!(" AND status = ${}", args.len()));
    }
    if let Some(channel) = &f.channel {
        args.push(channel.as_str().into());
        sql.push_str(&format!(" AND channel = ${}", args.len()));
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let escaped = q
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        args.push(format!("%{escaped}%"));
        let n = args.len();
        sql.push_str(&format!(
            " AND (LOWER(display_name) LIKE ${n} ESCAPE '\\' OR LOWER(city) LIKE ${n} ESCAPE '\\')"
        ));
    }
    sql.push_str(&format!(
        " ORDER BY created_at, id LIMIT ${} OFFSET ${}",
        args.len() + 1,
        args.len() + 2
    ));
    (sql, args)
}

#[async_trait]
impl ApplicationStore for SqlStore {
    async fn create_application(&self, a: &Application) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO applications (brand_id, id, member_id, display_name, contact, city, social_accounts, interests, \
             motivation, terms_version, consented_at, status, reason, created_at, decided_at, decided_by, \
             channel, recruitment_id, invite_code, evidence) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
        )
        .bind(&a.brand_id)
        .bind(&a.id)
        .bind(&a.member_id)
        .bind(&a.display_name)
        .bind(&a.contact)
        .bind(&a.city)
        .bind(to_json(&a.social_accounts))
        .bind(to_json(&a.interests))
        .bind(&a.motivation)
        .bind(&a.terms_version)
        .bind(a.consented_at)
        .bind(a.status.as_str())
        .bind(&a.reason)
        .bind(a.created_at)
        .bind(a.decided_at)
        .bind(&a.decided_by)
        .bind(a.channel.as_str())
        .bind(&a.recruitment_id)
        .bind(&a.invite_code)
        .bind(to_json(&a.evidence))
        .execute(&mut *tx)
        .await
        .map_err(unique_as("application_exists"))?;
        let mut keys: Vec<Vec<Cell>> = a
            .identity_hashes()
            .into_iter()
            .map(|h| {
                vec![
                    Cell::Text(Some(a.brand_id.clone())),
                    Cell::Text(Some(a.id.clone())),
                    Cell::Text(Some(h)),
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            "application_keys",
            &["brand_id", "application_id", "id_hash"],
            &mut keys,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn application_of(&self, brand: &str, member_id: &str) -> Result<Application> {
        let sql = concat!(
            "SELECT ",
            application_columns!(),
            " FROM applications WHERE brand_id = $1 AND member_id = $2"
        );
        one(sqlx::query_as::<_, ApplicationRow>(sql)
            .bind(brand)
            .bind(member_id)
            .fetch_optional(&self.pool)
            .await?)?
        .decode()
    }

    async fn application(&self, brand: &str, id: &str) -> Result<Application> {
        application_in(&mut *self.pool.acquire().await?, brand, id).await
    }

    async fn applications(
        &self,
        brand: &str,
        filter: &ApplicationFilter,
        page: Page,
    ) -> Result<Vec<Application>> {
        let (sql, args) = applications_query(brand, filter);
        let mut q = sqlx::query_as::<_, ApplicationRow>(sqlx::AssertSqlSafe(sql));
        for a in args {
            q = q.bind(a);
        }
        q.bind(page.limit)
            .bind(page.offset)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(ApplicationRow::decode)
            .collect()
    }

    async fn duplicate_applicants(
        &self,
        brand: &str,
        ids: &[String],
    ) -> Result<Vec<(String, i64)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = (0..ids.len())
            .map(|i| format!("${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT x.application_id, COUNT(DISTINCT y.application_id) FROM application_keys x \
             JOIN application_keys y ON y.brand_id = x.brand_id AND y.id_hash = x.id_hash \
               AND y.application_id <> x.application_id \
             WHERE x.brand_id = $1 AND x.application_id IN ({list}) GROUP BY x.application_id"
        );
        let mut q = sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql)).bind(brand);
        for id in ids {
            q = q.bind(id);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    async fn decide_applications(
        &self,
        brand: &str,
        ids: &[String],
        d: &DecisionRecord,
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin().await?;
        let mut decided = Vec::new();
        for id in ids {
            if decide_application_in(&mut tx, self.kind, brand, id, d).await? {
                decided.push(id.clone());
            }
        }
        tx.commit().await?;
        Ok(decided)
    }

    async fn request_information(
        &self,
        brand: &str,
        id: &str,
        question: &str,
        by: &str,
        at: i64,
    ) -> Result<Application> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE applications SET status = 'more_info', info_request = $3, info_reply = NULL \
             WHERE brand_id = $1 AND id = $2 AND status = 'pending'",
        )
        .bind(brand)
        .bind(id)
        .bind(question)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.application(brand, id).await?;
            return Err(StoreError::Conflict("already_decided"));
        }
        let a = application_in(&mut tx, brand, id).await?;
        let audit =
            AuditEntry::operator(brand, by, "application.more_info", ("application", id), at)
                .before(serde_json::json!({ "status": "pending" }))
                .after(serde_json::json!({ "status": "more_info", "question": question }));
        insert_audit(&mut tx, &audit).await?;
        let note = Notification::new(
            brand,
            &a.member_id,
            rules::NotificationKind::ApplicationMoreInfo,
            serde_json::json!({ "reason": question }),
            at,
        );
        insert_notifications(&mut tx, self.kind, vec![note]).await?;
        tx.commit().await?;
        Ok(a)
    }

    async fn answer_information(
        &self,
        brand: &str,
        member_id: &str,
        reply: &str,
        evidence: &[String],
        at: i64,
    ) -> Result<Application> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE applications SET status = 'pending', info_reply = $3, evidence = $4 \
             WHERE brand_id = $1 AND member_id = $2 AND status = 'more_info'",
        )
        .bind(brand)
        .bind(member_id)
        .bind(reply)
        .bind(to_json(&evidence))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.application_of(brand, member_id).await?;
            return Err(StoreError::Conflict("no_question"));
        }
        let id: String = sqlx::query_scalar(
            "SELECT id FROM applications WHERE brand_id = $1 AND member_id = $2",
        )
        .bind(brand)
        .bind(member_id)
        .fetch_one(&mut *tx)
        .await?;
        let audit = AuditEntry::member(
            brand,
            member_id,
            "application.answer",
            ("application", &id),
            at,
        )
        .after(serde_json::json!({ "status": "pending", "evidence": evidence.len() }));
        insert_audit(&mut tx, &audit).await?;
        let a = application_in(&mut tx, brand, &id).await?;
        tx.commit().await?;
        Ok(a)
    }

    async fn decide_application(
        &self,
        brand: &str,
        id: &str,
        d: &DecisionRecord,
    ) -> Result<Application> {
        let mut tx = self.pool.begin().await?;
        if !decide_application_in(&mut tx, self.kind, brand, id, d).await? {
            tx.rollback().await?;
            self.application(brand, id).await?;
            return Err(StoreError::Conflict("already_decided"));
        }
        tx.commit().await?;
        self.application(brand, id).await
    }

    async fn appeal_application(
        &self,
        brand: &str,
        member_id: &str,
        note: &str,
        at: i64,
    ) -> Result<Application> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE applications SET status = 'pending', appeal_note = $3, appealed_at = $4 \
             WHERE brand_id = $1 AND member_id = $2 AND status = 'rejected' AND appealed_at IS NULL",
        )
        .bind(brand)
        .bind(member_id)
        .bind(note)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.application_of(brand, member_id).await?;
            return Err(StoreError::Conflict("not_appealable"));
        }
        let app = sqlx::query_scalar::<_, String>(
            "SELECT id FROM applications WHERE brand_id = $1 AND member_id = $2",
        )
        .bind(brand)
        .bind(member_id)
        .fetch_one(&mut *tx)
        .await?;
        let audit = AuditEntry::member(
            brand,
            member_id,
            "application.appeal",
            ("application", &app),
            at,
        )
        .before(serde_json::json!({ "status": "rejected" }))
        .after(serde_json::json!({ "status": "pending", "appeal": true }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.application_of(brand, member_id).await
    }
}
