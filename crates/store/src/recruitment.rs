//! Recruitment drives: their invitation links per channel, imported
//! candidates invited one by one, and the per-channel report.

use crate::*;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Recruitment {
    pub brand_id: String,
    pub id: String,
    pub title: String,
    /// `trial`, `feedback`, `seeding` or `distribution`.
    #[sqlx(try_from = "String")]
    pub purpose: rules::RecruitmentPurpose,
    /// `one_off` or `long_running`.
    #[sqlx(try_from = "String")]
    pub kind: rules::RecruitmentKind,
    /// `open` or `closed`.
    #[sqlx(try_from = "String")]
    pub status: rules::RecruitmentStatus,
    pub created_at: i64,
    pub created_by: String,
}

/// An invitation link's code and what it records on the application.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Invite {
    pub brand_id: String,
    pub code: String,
    pub recruitment_id: String,
    #[sqlx(try_from = "String")]
    pub channel: rules::Channel,
    pub candidate_id: Option<String>,
    pub created_at: i64,
}

/// Applications, approvals and members with a first note, per channel.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ChannelStats {
    #[sqlx(try_from = "String")]
    pub channel: rules::Channel,
    pub applications: i64,
    pub approved: i64,
    pub first_notes: i64,
}

/// A customer imported for candidate discovery, with the score the
/// brand's discovery rules gave at import (`parts` is its JSON breakdown).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Candidate {
    pub brand_id: String,
    pub id: String,
    pub external_id: String,
    pub phone: String,
    pub amount_cents: i64,
    pub orders: i64,
    pub member_since: String,
    pub last_active: String,
    pub score: i64,
    pub parts: String,
    pub invite_code: Option<String>,
    pub invited_at: Option<i64>,
    pub imported_at: i64,
}

/// A recruitment row, as [`Recruitment`] reads it.
macro_rules! recruitment_columns {
    () => {
        "brand_id, id, title, purpose, kind, status, created_at, created_by"
    };
}

/// An invitation link row, as [`Invite`] reads it.
macro_rules! invite_columns {
    () => {
        "brand_id, code, recruitment_id, channel, candidate_id, created_at"
    };
}

/// Recruitments, their invitation links, and candidates. One of the traits [`Store`] is made of.
#[async_trait]
pub trait RecruitmentStore: Send + Sync {
    /// Creates a recruitment with one invitation link per `(channel, code)`,
    /// in one transaction.
    async fn create_recruitment(&self, r: &Recruitment, links: &[(String, String)]) -> Result<()>;
    /// Newest first.
    async fn recruitments(&self, brand: &str) -> Result<Vec<Recruitment>>;
    async fn recruitment(&self, brand: &str, id: &str) -> Result<Recruitment>;
    /// `open` ↔ `closed`; a closed recruitment's links still open the
    /// form but record no recruitment.
    async fn set_recruitment_status(
        &self,
        brand: &str,
        id: &str,
        status: &str,
        by: &str,
        at: i64,
    ) -> Result<Recruitment>;
    /// The recruitment's channel links (candidate links excluded).
    async fn invites(&self, brand: &str, recruitment_id: &str) -> Result<Vec<Invite>>;
    async fn invite(&self, brand: &str, code: &str) -> Result<Invite>;
    /// Per channel: applications, approvals, and applicants with at least
    /// one note; of one recruitment, or of the whole brand.
    async fn channel_report(
        &self,
        brand: &str,
        recruitment_id: Option<&str>,
    ) -> Result<Vec<ChannelStats>>;

    /// Adds or updates (by `external_id`) imported customers in one
    /// transaction; `(added, updated)`. An update keeps an invitation.
    async fn import_candidates(
        &self,
        brand: &str,
        rows: &[Candidate],
        by: &str,
        at: i64,
    ) -> Result<(u64, u64)>;
    /// Highest score first; `uninvited` leaves out those already invited.
    async fn candidates(&self, brand: &str, uninvited: bool, page: Page) -> Result<Vec<Candidate>>;
    /// Gives each `(candidate id, code)` its own invitation link of the
    /// recruitment (channel `member_pool`), in one transaction; the ids
    /// invited (already invited or unknown ones are skipped).
    async fn invite_candidates(
        &self,
        brand: &str,
        recruitment_id: &str,
        codes: &[(String, String)],
        by: &str,
        at: i64,
    ) -> Result<Vec<String>>;
    /// Deletes an imported customer (their phone and purchase figures);
    /// an invitation made for them stays as a link for nobody in
    /// particular. Audited; `NotFound` when there is no such row.
    async fn delete_candidate(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()>;
}

/// Removes candidate `id` inside the caller's transaction; whether it was
/// there. Its invitation (if any) stops pointing at it.
pub(crate) async fn remove_candidate(
    tx: &mut sqlx::AnyConnection,
    brand: &str,
    id: &str,
) -> Result<bool> {
    sqlx::query("UPDATE invites SET candidate_id = NULL WHERE brand_id = $1 AND candidate_id = $2")
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let done = sqlx::query("DELETE FROM candidates WHERE brand_id = $1 AND id = $2")
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub(crate) const CANDIDATE_COLUMNS: [&str; 11] = [
    "brand_id",
    "id",
    "external_id",
    "phone",
    "amount_cents",
    "orders",
    "member_since",
    "last_active",
    "score",
    "parts",
    "imported_at",
];

pub(crate) async fn insert_invite(
    tx: &mut sqlx::AnyConnection,
    brand: &str,
    code: &str,
    recruitment_id: &str,
    channel: &str,
    candidate: Option<&str>,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO invites (brand_id, code, recruitment_id, channel, candidate_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(brand)
    .bind(code)
    .bind(recruitment_id)
    .bind(channel)
    .bind(candidate)
    .bind(at)
    .execute(tx)
    .await
    .map_err(unique_as("invite_code_taken"))?;
    Ok(())
}

#[async_trait]
impl RecruitmentStore for SqlStore {
    async fn create_recruitment(&self, r: &Recruitment, links: &[(String, String)]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO recruitments (brand_id, id, title, purpose, kind, status, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&r.brand_id)
        .bind(&r.id)
        .bind(&r.title)
        .bind(r.purpose.as_str())
        .bind(r.kind.as_str())
        .bind(r.status.as_str())
        .bind(r.created_at)
        .bind(&r.created_by)
        .execute(&mut *tx)
        .await?;
        for (channel, code) in links {
            insert_invite(
                &mut tx,
                &r.brand_id,
                code,
                &r.id,
                channel,
                None,
                r.created_at,
            )
            .await?;
        }
        let audit = AuditEntry::operator(
            &r.brand_id,
            &r.created_by,
            "recruitment.create",
            ("recruitment", &r.id),
            r.created_at,
        )
        .after(serde_json::json!({
            "title": r.title,
            "purpose": r.purpose,
            "kind": r.kind,
            "channels": links.iter().map(|l| l.0.as_str()).collect::<Vec<_>>(),
        }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn recruitments(&self, brand: &str) -> Result<Vec<Recruitment>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            recruitment_columns!(),
            " FROM recruitments \
             WHERE brand_id = $1 ORDER BY id DESC"
        ))
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn recruitment(&self, brand: &str, id: &str) -> Result<Recruitment> {
        one(sqlx::query_as(concat!(
            "SELECT ",
            recruitment_columns!(),
            " FROM recruitments \
             WHERE brand_id = $1 AND id = $2"
        ))
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn set_recruitment_status(
        &self,
        brand: &str,
        id: &str,
        status: &str,
        by: &str,
        at: i64,
    ) -> Result<Recruitment> {
        let mut tx = self.pool.begin().await?;
        let done =
            sqlx::query("UPDATE recruitments SET status = $3 WHERE brand_id = $1 AND id = $2")
                .bind(brand)
                .bind(id)
                .bind(status)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let audit = AuditEntry::operator(brand, by, "recruitment.status", ("recruitment", id), at)
            .after(serde_json::json!({ "status": status }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.recruitment(brand, id).await
    }

    async fn invites(&self, brand: &str, recruitment_id: &str) -> Result<Vec<Invite>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            invite_columns!(),
            " FROM invites \
             WHERE brand_id = $1 AND recruitment_id = $2 AND candidate_id IS NULL ORDER BY channel"
        ))
        .bind(brand)
        .bind(recruitment_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn invite(&self, brand: &str, code: &str) -> Result<Invite> {
        one(sqlx::query_as(concat!(
            "SELECT ",
            invite_columns!(),
            " FROM invites \
             WHERE brand_id = $1 AND code = $2"
        ))
        .bind(brand)
        .bind(code)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn channel_report(
        &self,
        brand: &str,
        recruitment_id: Option<&str>,
    ) -> Result<Vec<ChannelStats>> {
        let mut sql = String::from(
            "SELECT a.channel, COUNT(*) AS applications, \
               CAST(SUM(CASE WHEN a.status = 'approved' THEN 1 ELSE 0 END) AS BIGINT) AS approved, \
               CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM submissions s WHERE s.brand_id = a.brand_id \
                 AND s.member_id = a.member_id) THEN 1 ELSE 0 END) AS BIGINT) AS first_notes \
             FROM applications a WHERE a.brand_id = $1",
        );
        if recruitment_id.is_some() {
            sql.push_str(" AND a.recruitment_id = $2");
        }
        sql.push_str(" GROUP BY a.channel ORDER BY a.channel");
        let mut q = sqlx::query_as::<_, ChannelStats>(sqlx::AssertSqlSafe(sql)).bind(brand);
        if let Some(r) = recruitment_id {
            q = q.bind(r);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    async fn import_candidates(
        &self,
        brand: &str,
        rows: &[Candidate],
        by: &str,
        at: i64,
    ) -> Result<(u64, u64)> {
        let mut tx = self.pool.begin().await?;
        // The write comes first (SQLite's lock now, not on an upgrade).
        sqlx::query("UPDATE brands SET id = id WHERE id = $1")
            .bind(brand)
            .execute(&mut *tx)
            .await?;
        let count = "SELECT COUNT(*) FROM candidates WHERE brand_id = $1";
        let before: i64 = sqlx::query_scalar(count)
            .bind(brand)
            .fetch_one(&mut *tx)
            .await?;
        // One row per customer (the last wins): a statement may not update
        // the same row twice.
        let mut seen = std::collections::HashSet::new();
        let mut unique: Vec<&Candidate> = rows
            .iter()
            .rev()
            .filter(|c| seen.insert(c.external_id.as_str()))
            .collect();
        unique.reverse();
        for chunk in unique.chunks(batch_rows(self.kind)) {
            let mut cells: Vec<Vec<Cell>> = chunk
                .iter()
                .map(|c| {
                    vec![
                        Cell::Text(Some(brand.to_string())),
                        Cell::Text(Some(c.id.clone())),
                        Cell::Text(Some(c.external_id.clone())),
                        Cell::Text(Some(c.phone.clone())),
                        Cell::Int(Some(c.amount_cents)),
                        Cell::Int(Some(c.orders)),
                        Cell::Text(Some(c.member_since.clone())),
                        Cell::Text(Some(c.last_active.clone())),
                        Cell::Int(Some(c.score)),
                        Cell::Text(Some(c.parts.clone())),
                        Cell::Int(Some(at)),
                    ]
                })
                .collect();
            insert_rows(
                &mut tx,
                "candidates",
                &CANDIDATE_COLUMNS,
                &mut cells,
                "ON CONFLICT (brand_id, external_id) DO UPDATE SET phone = excluded.phone, \
                 amount_cents = excluded.amount_cents, orders = excluded.orders, member_since = excluded.member_since, \
                 last_active = excluded.last_active, score = excluded.score, parts = excluded.parts, \
                 imported_at = excluded.imported_at",
            )
            .await?;
        }
        let after: i64 = sqlx::query_scalar(count)
            .bind(brand)
            .fetch_one(&mut *tx)
            .await?;
        let added = (after - before).max(0) as u64;
        let updated = unique.len() as u64 - added;
        let audit = AuditEntry::operator(brand, by, "candidates.import", ("brand", brand), at)
            .after(serde_json::json!({ "added": added, "updated": updated }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok((added, updated))
    }

    async fn candidates(&self, brand: &str, uninvited: bool, page: Page) -> Result<Vec<Candidate>> {
        let sql = if uninvited {
            "SELECT brand_id, id, external_id, phone, amount_cents, orders, member_since, last_active, score, parts, \
             invite_code, invited_at, imported_at FROM candidates WHERE brand_id = $1 AND invite_code IS NULL \
             ORDER BY score DESC, id DESC LIMIT $2 OFFSET $3"
        } else {
            "SELECT brand_id, id, external_id, phone, amount_cents, orders, member_since, last_active, score, parts, \
             invite_code, invited_at, imported_at FROM candidates WHERE brand_id = $1 \
             ORDER BY score DESC, id DESC LIMIT $2 OFFSET $3"
        };
        Ok(sqlx::query_as(sql)
            .bind(brand)
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn invite_candidates(
        &self,
        brand: &str,
        recruitment_id: &str,
        codes: &[(String, String)],
        by: &str,
        at: i64,
    ) -> Result<Vec<String>> {
        let mut tx = self.pool.begin().await?;
        let open = sqlx::query("UPDATE recruitments SET id = id WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(recruitment_id)
            .execute(&mut *tx)
            .await?;
        if open.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let mut invited = Vec::new();
        for (candidate, code) in codes {
            let n = sqlx::query(
                "UPDATE candidates SET invite_code = $3, invited_at = $4 \
                 WHERE brand_id = $1 AND id = $2 AND invite_code IS NULL",
            )
            .bind(brand)
            .bind(candidate)
            .bind(code)
            .bind(at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                insert_invite(
                    &mut tx,
                    brand,
                    code,
                    recruitment_id,
                    "member_pool",
                    Some(candidate),
                    at,
                )
                .await?;
                invited.push(candidate.clone());
            }
        }
        let audit = AuditEntry::operator(
            brand,
            by,
            "candidates.invite",
            ("recruitment", recruitment_id),
            at,
        )
        .after(serde_json::json!({ "candidates": invited }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(invited)
    }

    async fn delete_candidate(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        if !remove_candidate(&mut tx, brand, id).await? {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let audit = AuditEntry::operator(brand, by, "candidate.delete", ("candidate", id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
