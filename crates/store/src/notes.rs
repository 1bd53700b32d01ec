//! Submitted notes: review, flags, appeals, and their metric snapshots
//! (entered or imported) that settlement reads.

use crate::*;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Submission {
    pub brand_id: String,
    pub id: String,
    pub campaign_id: String,
    pub member_id: String,
    pub platform: String,
    pub note_id: String,
    pub canonical_url: String,
    pub original_url: String,
    #[sqlx(try_from = "String")]
    pub status: rules::SubmissionStatus,
    pub reason: Option<String>,
    pub created_at: i64,
    pub reviewed_at: Option<i64>,
    pub reviewed_by: Option<String>,
    pub settled_points: Option<i64>,
    pub settled_interactions: Option<i64>,
    /// The member declared the note carries the ad disclosure.
    #[sqlx(try_from = "IntFlag")]
    pub disclosure_declared: bool,
    /// The reviewer confirmed it.
    #[sqlx(try_from = "IntFlag")]
    pub disclosure_confirmed: bool,
    /// An evidence screenshot: an upload of the same member.
    pub screenshot_id: Option<String>,
    /// SHA-256 of the client's address and browser (flags one device
    /// under several accounts); never the address itself.
    pub client_hash: Option<String>,
}

/// A submission with what a list shows beside it: the campaign's title,
/// the member's display name, and the latest metrics snapshot.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SubmissionDetail {
    #[sqlx(flatten)]
    pub submission: Submission,
    pub campaign_title: String,
    /// The campaign requires ad disclosure.
    #[sqlx(try_from = "IntFlag")]
    pub disclosure_required: bool,
    pub member_name: String,
    pub snapshot_date: Option<String>,
    pub likes: Option<i64>,
    pub comments: Option<i64>,
    pub saves: Option<i64>,
    /// The member's note when the rejection was appealed.
    pub appeal_note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubmissionFilter {
    pub member_id: Option<String>,
    pub campaign_id: Option<String>,
    pub status: Option<rules::SubmissionStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Snapshot {
    pub snapshot_date: String,
    pub likes: i64,
    pub comments: i64,
    pub saves: i64,
    pub recorded_at: i64,
    pub recorded_by: String,
}

/// A note found by its platform and id, for matching imported rows.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NoteRef {
    pub platform: String,
    pub note_id: String,
    pub submission_id: String,
    pub member_id: String,
    #[sqlx(try_from = "String")]
    pub status: rules::SubmissionStatus,
    pub settled_points: Option<i64>,
    pub campaign_title: String,
    pub member_name: String,
}

/// A metric snapshot row, as [`Snapshot`] reads it.
macro_rules! snapshot_columns {
    () => {
        "snapshot_date, likes, comments, saves, recorded_at, recorded_by"
    };
}

/// Notes: submissions, review, flags, appeals and metric snapshots. One of the traits [`Store`] is made of.
#[async_trait]
pub trait NoteStore: Send + Sync {
    /// A rejected note back to review with the member's note, once.
    /// `Conflict("not_appealable")` unless rejected and never appealed.
    async fn appeal_submission(
        &self,
        brand: &str,
        member_id: &str,
        submission_id: &str,
        note: &str,
        at: i64,
    ) -> Result<()>;
    /// Fails with `Conflict("note_already_submitted")` when the brand has the note.
    async fn create_submission(&self, s: &Submission) -> Result<()>;
    async fn submission(&self, brand: &str, id: &str) -> Result<Submission>;
    /// Newest first, with campaign title, member name and latest metrics.
    async fn submissions(
        &self,
        brand: &str,
        filter: &SubmissionFilter,
        page: Page,
    ) -> Result<Vec<SubmissionDetail>>;
    /// Suspicious patterns among `ids`: `(id, flag)` with flag `burst`,
    /// `shared_device` or `claimed_by_other` (see `api::SubmissionView`).
    async fn submission_flags(
        &self,
        brand: &str,
        ids: &[String],
    ) -> Result<Vec<(String, &'static str)>>;
    /// `Conflict("already_decided")` unless the submission is pending.
    async fn decide_submission(
        &self,
        brand: &str,
        id: &str,
        d: &DecisionRecord,
    ) -> Result<Submission>;

    /// Records (or corrects) the snapshot of a note for one date.
    async fn put_metrics(&self, brand: &str, submission_id: &str, m: &Snapshot) -> Result<()>;
    /// Imported snapshots, in one transaction: each `(submission, snapshot)`
    /// is written unless the same figures are there already (an audit line
    /// for each change). `(changed, unchanged)`; `Conflict("already_settled")`
    /// if any note is settled (nothing is written).
    async fn import_metrics(&self, brand: &str, rows: &[(String, Snapshot)]) -> Result<(u64, u64)>;
    /// The notes with these `(platform, note id)` keys, where the brand has them.
    async fn notes_by_key(&self, brand: &str, keys: &[(String, String)]) -> Result<Vec<NoteRef>>;
    /// Every snapshot of a note, oldest first.
    async fn metric_history(&self, brand: &str, submission_id: &str) -> Result<Vec<Snapshot>>;
    /// Notes of the campaign still waiting for review.
    async fn pending_in_campaign(&self, brand: &str, campaign_id: &str) -> Result<i64>;
    /// The latest snapshot dated on or before `date` (`YYYY-MM-DD`).
    async fn latest_metrics(
        &self,
        brand: &str,
        submission_id: &str,
        date: &str,
    ) -> Result<Option<Snapshot>>;
}

/// Notes of a campaign still waiting for review (settlement waits for none).
pub(crate) const PENDING_IN_CAMPAIGN: &str = "SELECT COUNT(*) FROM submissions WHERE brand_id = $1 AND campaign_id = $2 AND status = 'pending'";

/// The submissions list with its filters: only the filters given become
/// conditions, so each shape of query can use its index (a `$2 = '' OR …`
/// form defeats PostgreSQL's generic plans). The text added is
/// placeholders only; the values come back in order, then limit and offset.
pub(crate) fn submissions_query<'a>(
    brand: &'a str,
    f: &'a SubmissionFilter,
) -> (String, Vec<&'a str>) {
    let mut sql = String::from(
        "SELECT s.brand_id, s.id, s.campaign_id, s.member_id, s.platform, s.note_id, s.canonical_url, \
         s.original_url, s.status, s.reason, s.created_at, s.reviewed_at, s.reviewed_by, s.settled_points, \
         s.settled_interactions, s.disclosure_declared, s.disclosure_confirmed, s.screenshot_id, s.client_hash, \
         c.title AS campaign_title, c.disclosure_required, COALESCE(a.display_name, '') AS member_name, \
         m.snapshot_date, m.likes, m.comments, m.saves, s.appeal_note \
         FROM submissions s \
         JOIN campaigns c ON c.brand_id = s.brand_id AND c.id = s.campaign_id \
         LEFT JOIN applications a ON a.brand_id = s.brand_id AND a.member_id = s.member_id \
         LEFT JOIN metric_snapshots m ON m.brand_id = s.brand_id AND m.submission_id = s.id \
           AND m.snapshot_date = (SELECT MAX(x.snapshot_date) FROM metric_snapshots x \
             WHERE x.brand_id = s.brand_id AND x.submission_id = s.id) \
         WHERE s.brand_id = $1",
    );
    let mut args: Vec<&str> = vec![brand];
    for (column, value) in [
        ("s.member_id", f.member_id.as_deref()),
        ("s.campaign_id", f.campaign_id.as_deref()),
        ("s.status", f.status.map(|s| s.as_str())),
    ] {
        if let Some(v) = value {
            args.push(v);
            sql.push_str(&format!(" AND {column} = ${}", args.len()));
        }
    }
    sql.push_str(&format!(
        " ORDER BY s.created_at DESC, s.id DESC LIMIT ${} OFFSET ${}",
        args.len() + 1,
        args.len() + 2
    ));
    (sql, args)
}

macro_rules! submission_columns {
    () => {
        "brand_id, id, campaign_id, member_id, platform, note_id, canonical_url, \
     original_url, status, reason, created_at, reviewed_at, reviewed_by, settled_points, settled_interactions, \
     disclosure_declared, disclosure_confirmed, screenshot_id, client_hash"
    };
}

#[async_trait]
impl NoteStore for SqlStore {
    async fn appeal_submission(
        &self,
        brand: &str,
        member_id: &str,
        submission_id: &str,
        note: &str,
        at: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE submissions SET status = 'pending', appeal_note = $4, appealed_at = $5 \
             WHERE brand_id = $1 AND id = $2 AND member_id = $3 AND status = 'rejected' AND appealed_at IS NULL",
        )
        .bind(brand)
        .bind(submission_id)
        .bind(member_id)
        .bind(note)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            let s = self.submission(brand, submission_id).await?;
            if s.member_id != member_id {
                return Err(StoreError::NotFound);
            }
            return Err(StoreError::Conflict("not_appealable"));
        }
        let audit = AuditEntry::member(
            brand,
            member_id,
            "submission.appeal",
            ("submission", submission_id),
            at,
        )
        .before(serde_json::json!({ "status": "rejected" }))
        .after(serde_json::json!({ "status": "pending", "appeal": true }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_submission(&self, s: &Submission) -> Result<()> {
        sqlx::query(concat!(
            "INSERT INTO submissions (",
            submission_columns!(),
            ") \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
        ))
        .bind(&s.brand_id)
        .bind(&s.id)
        .bind(&s.campaign_id)
        .bind(&s.member_id)
        .bind(&s.platform)
        .bind(&s.note_id)
        .bind(&s.canonical_url)
        .bind(&s.original_url)
        .bind(s.status.as_str())
        .bind(&s.reason)
        .bind(s.created_at)
        .bind(s.reviewed_at)
        .bind(&s.reviewed_by)
        .bind(s.settled_points)
        .bind(s.settled_interactions)
        .bind(i64::from(s.disclosure_declared))
        .bind(i64::from(s.disclosure_confirmed))
        .bind(&s.screenshot_id)
        .bind(&s.client_hash)
        .execute(&self.pool)
        .await
        .map_err(unique_as("note_already_submitted"))?;
        Ok(())
    }

    async fn submission(&self, brand: &str, id: &str) -> Result<Submission> {
        let sql = concat!(
            "SELECT ",
            submission_columns!(),
            " FROM submissions WHERE brand_id = $1 AND id = $2"
        );
        one(sqlx::query_as(sql)
            .bind(brand)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn submissions(
        &self,
        brand: &str,
        f: &SubmissionFilter,
        page: Page,
    ) -> Result<Vec<SubmissionDetail>> {
        let (sql, args) = submissions_query(brand, f);
        let mut q = sqlx::query_as::<_, SubmissionDetail>(sqlx::AssertSqlSafe(sql));
        for a in args {
            q = q.bind(a);
        }
        Ok(q.bind(page.limit)
            .bind(page.offset)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn submission_flags(
        &self,
        brand: &str,
        ids: &[String],
    ) -> Result<Vec<(String, &'static str)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = (0..ids.len())
            .map(|i| format!("${}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT s.id, \
               (SELECT COUNT(*) FROM submissions o WHERE o.brand_id = s.brand_id AND o.member_id = s.member_id \
                  AND o.id <> s.id AND o.created_at BETWEEN s.created_at - 600 AND s.created_at + 600) AS burst, \
               (SELECT COUNT(*) FROM submissions o WHERE o.brand_id = s.brand_id AND s.client_hash IS NOT NULL \
                  AND o.client_hash = s.client_hash AND o.member_id <> s.member_id) AS shared, \
               (SELECT COUNT(*) FROM audit_log a WHERE a.brand_id = s.brand_id AND a.target_id = s.id \
                  AND a.action = 'submission.duplicate_attempt') AS claimed \
             FROM submissions s WHERE s.brand_id = $1 AND s.id IN ({list})"
        );
        let mut q =
            sqlx::query_as::<_, (String, i64, i64, i64)>(sqlx::AssertSqlSafe(sql)).bind(brand);
        for id in ids {
            q = q.bind(id);
        }
        let mut out = Vec::new();
        for (id, burst, shared, claimed) in q.fetch_all(&self.pool).await? {
            if burst >= 3 {
                out.push((id.clone(), "burst"));
            }
            if shared > 0 {
                out.push((id.clone(), "shared_device"));
            }
            if claimed > 0 {
                out.push((id, "claimed_by_other"));
            }
        }
        Ok(out)
    }

    async fn decide_submission(
        &self,
        brand: &str,
        id: &str,
        d: &DecisionRecord,
    ) -> Result<Submission> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE submissions SET status = $3, reason = $4, reviewed_at = $5, reviewed_by = $6, \
             disclosure_confirmed = $7 WHERE brand_id = $1 AND id = $2 AND status = 'pending'",
        )
        .bind(brand)
        .bind(id)
        .bind(if d.approve { "approved" } else { "rejected" })
        .bind(&d.reason)
        .bind(d.at)
        .bind(&d.by)
        .bind(i64::from(d.disclosure_confirmed))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.submission(brand, id).await?;
            return Err(StoreError::Conflict("already_decided"));
        }
        insert_audit(&mut tx, &decision_audit(brand, "submission", id, d)).await?;
        let (member, campaign_id, title): (String, String, String) = sqlx::query_as(
            "SELECT s.member_id, s.campaign_id, c.title FROM submissions s \
             JOIN campaigns c ON c.brand_id = s.brand_id AND c.id = s.campaign_id \
             WHERE s.brand_id = $1 AND s.id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        // Settled already (an appeal upheld after settlement): the note is
        // credited now, by a follow-up line. On PostgreSQL the campaign row
        // is held shared, so a settlement in progress finishes first (and
        // this decision then sees it) or waits for this one (and includes
        // the note).
        let status_sql = match self.kind {
            DbKind::Postgres => {
                "SELECT status FROM campaigns WHERE brand_id = $1 AND id = $2 FOR SHARE"
            }
            DbKind::Sqlite => "SELECT status FROM campaigns WHERE brand_id = $1 AND id = $2",
        };
        let status: String = sqlx::query_scalar(status_sql)
            .bind(brand)
            .bind(&campaign_id)
            .fetch_one(&mut *tx)
            .await?;
        if d.approve && status == rules::CampaignStatus::Settled.as_str() {
            let campaign = self.campaign(brand, &campaign_id).await?;
            credit_late_note(&mut tx, self.kind, &campaign, id, d.at).await?;
        }
        let note = Notification::new(
            brand,
            &member,
            if d.approve {
                rules::NotificationKind::NoteApproved
            } else {
                rules::NotificationKind::NoteRejected
            },
            serde_json::json!({
                "submission_id": id,
                "campaign_id": campaign_id,
                "campaign_title": title,
                "reason": d.reason,
            }),
            d.at,
        );
        insert_notifications(&mut tx, self.kind, vec![note]).await?;
        tx.commit().await?;
        self.submission(brand, id).await
    }

    async fn put_metrics(&self, brand: &str, submission_id: &str, m: &Snapshot) -> Result<()> {
        // A settled note keeps the figures it was settled on.
        let mut tx = self.pool.begin().await?;
        // The write comes first (the module's rule: SQLite takes its lock
        // now, not on a later upgrade; PostgreSQL locks the note's row, so
        // the figures read next are the ones this write replaces).
        sqlx::query("UPDATE submissions SET id = id WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(submission_id)
            .execute(&mut *tx)
            .await?;
        let before: Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT likes, comments, saves FROM metric_snapshots WHERE brand_id = $1 AND submission_id = $2 AND snapshot_date = $3",
        )
        .bind(brand)
        .bind(submission_id)
        .bind(&m.snapshot_date)
        .fetch_optional(&mut *tx)
        .await?;
        let done = sqlx::query(
            "INSERT INTO metric_snapshots (brand_id, submission_id, snapshot_date, likes, comments, saves, recorded_at, recorded_by) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM submissions \
             WHERE brand_id = $1 AND id = $2 AND settled_points IS NULL \
             ON CONFLICT (brand_id, submission_id, snapshot_date) DO UPDATE SET \
             likes = excluded.likes, comments = excluded.comments, saves = excluded.saves, \
             recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
        )
        .bind(brand)
        .bind(submission_id)
        .bind(&m.snapshot_date)
        .bind(m.likes)
        .bind(m.comments)
        .bind(m.saves)
        .bind(m.recorded_at)
        .bind(&m.recorded_by)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let sub = sqlx::query(
                "SELECT settled_points FROM submissions WHERE brand_id = $1 AND id = $2",
            )
            .bind(brand)
            .bind(submission_id)
            .fetch_optional(&mut *tx)
            .await?;
            tx.rollback().await?;
            return Err(match sub {
                None => StoreError::NotFound,
                Some(_) => StoreError::Conflict("already_settled"),
            });
        }
        let figures = |(likes, comments, saves): (i64, i64, i64)| serde_json::json!({ "date": m.snapshot_date, "likes": likes, "comments": comments, "saves": saves });
        let mut audit = AuditEntry::operator(
            brand,
            &m.recorded_by,
            "metrics.record",
            ("submission", submission_id),
            m.recorded_at,
        )
        .after(figures((m.likes, m.comments, m.saves)));
        audit.before = before.map(|b| figures(b).to_string());
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn import_metrics(&self, brand: &str, rows: &[(String, Snapshot)]) -> Result<(u64, u64)> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE brands SET id = id WHERE id = $1")
            .bind(brand)
            .execute(&mut *tx)
            .await?;
        let (mut changed, mut unchanged) = (0u64, 0u64);
        let mut audits = Vec::new();
        for (submission, m) in rows {
            let settled: Option<Option<i64>> = sqlx::query_scalar(
                "SELECT settled_points FROM submissions WHERE brand_id = $1 AND id = $2",
            )
            .bind(brand)
            .bind(submission)
            .fetch_optional(&mut *tx)
            .await?;
            match settled {
                None => {
                    tx.rollback().await?;
                    return Err(StoreError::NotFound);
                }
                Some(Some(_)) => {
                    tx.rollback().await?;
                    return Err(StoreError::Conflict("already_settled"));
                }
                Some(None) => {}
            }
            let before: Option<(i64, i64, i64)> = sqlx::query_as(
                "SELECT likes, comments, saves FROM metric_snapshots \
                 WHERE brand_id = $1 AND submission_id = $2 AND snapshot_date = $3",
            )
            .bind(brand)
            .bind(submission)
            .bind(&m.snapshot_date)
            .fetch_optional(&mut *tx)
            .await?;
            if before == Some((m.likes, m.comments, m.saves)) {
                unchanged += 1;
                continue;
            }
            sqlx::query(
                "INSERT INTO metric_snapshots (brand_id, submission_id, snapshot_date, likes, comments, saves, recorded_at, recorded_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (brand_id, submission_id, snapshot_date) DO UPDATE SET \
                 likes = excluded.likes, comments = excluded.comments, saves = excluded.saves, \
                 recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
            )
            .bind(brand)
            .bind(submission)
            .bind(&m.snapshot_date)
            .bind(m.likes)
            .bind(m.comments)
            .bind(m.saves)
            .bind(m.recorded_at)
            .bind(&m.recorded_by)
            .execute(&mut *tx)
            .await?;
            changed += 1;
            let figures = |(likes, comments, saves): (i64, i64, i64)| serde_json::json!({ "date": m.snapshot_date, "likes": likes, "comments": comments, "saves": saves });
            let mut audit = AuditEntry::operator(
                brand,
                &m.recorded_by,
                "metrics.import",
                ("submission", submission),
                m.recorded_at,
            )
            .after(figures((m.likes, m.comments, m.saves)));
            audit.before = before.map(|b| figures(b).to_string());
            audits.push(audit);
        }
        for a in &audits {
            insert_audit(&mut tx, a).await?;
        }
        tx.commit().await?;
        Ok((changed, unchanged))
    }

    async fn notes_by_key(&self, brand: &str, keys: &[(String, String)]) -> Result<Vec<NoteRef>> {
        let mut out = Vec::new();
        for chunk in keys.chunks(400) {
            let sql = format!(
                "SELECT s.platform, s.note_id, s.id AS submission_id, s.member_id, s.status, s.settled_points, \
                   c.title AS campaign_title, COALESCE(a.display_name, '') AS member_name \
                 FROM submissions s JOIN campaigns c ON c.brand_id = s.brand_id AND c.id = s.campaign_id \
                 LEFT JOIN applications a ON a.brand_id = s.brand_id AND a.member_id = s.member_id \
                 WHERE s.brand_id = $1 AND (s.platform, s.note_id) IN (VALUES {})",
                tuples(chunk.len(), 2, 2)
            );
            let mut q = sqlx::query_as::<_, NoteRef>(sqlx::AssertSqlSafe(sql)).bind(brand);
            for (platform, note) in chunk {
                q = q.bind(platform).bind(note);
            }
            out.extend(q.fetch_all(&self.pool).await?);
        }
        Ok(out)
    }

    async fn metric_history(&self, brand: &str, submission_id: &str) -> Result<Vec<Snapshot>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            snapshot_columns!(),
            " FROM metric_snapshots \
             WHERE brand_id = $1 AND submission_id = $2 ORDER BY snapshot_date"
        ))
        .bind(brand)
        .bind(submission_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn pending_in_campaign(&self, brand: &str, campaign_id: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(PENDING_IN_CAMPAIGN)
            .bind(brand)
            .bind(campaign_id)
            .fetch_one(&self.pool)
            .await?)
    }

    async fn latest_metrics(
        &self,
        brand: &str,
        submission_id: &str,
        date: &str,
    ) -> Result<Option<Snapshot>> {
        Ok(sqlx::query_as(
            concat!("SELECT ", snapshot_columns!(), " FROM metric_snapshots \
             WHERE brand_id = $1 AND submission_id = $2 AND snapshot_date <= $3 ORDER BY snapshot_date DESC LIMIT 1"),
        )
        .bind(brand)
        .bind(submission_id)
        .bind(date)
        .fetch_optional(&self.pool)
        .await?)
    }
}
