//! KOS notes (issue 17: content): the notes staff publish from the
//! middle platform's templates and submit, keyed like KOC notes
//! (`rules::parse_note_link`'s platform and id, once per brand, never also
//! a KOC submission), attributed to the staff member, their store, the
//! template version they copied, the material and the account; their
//! metric snapshots (the KOC notes' import finds them too), the latest
//! figures kept on the row, so what each template and material produced
//! is one grouped query.

use crate::kos_content::count;
use crate::*;
use async_trait::async_trait;
use rules::kos::KosScope;

/// A KOS note with its author's and template's names.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KosNote {
    pub id: String,
    pub staff_id: String,
    pub staff_name: String,
    pub store_id: String,
    pub template_id: Option<String>,
    pub template_version: Option<i64>,
    pub template_title: Option<String>,
    pub material_id: Option<String>,
    pub account_id: Option<String>,
    pub platform: String,
    pub note_key: String,
    pub canonical_url: String,
    pub original_url: String,
    pub submitted_at: i64,
    pub likes: i64,
    pub comments: i64,
    pub saves: i64,
    pub interactions: i64,
    pub metrics_on: Option<String>,
}

/// A note to record (the link already parsed and expanded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKosNote {
    pub id: String,
    pub staff_id: String,
    pub store_id: String,
    pub template_id: Option<String>,
    pub material_id: Option<String>,
    pub account_id: Option<String>,
    pub platform: String,
    pub note_key: String,
    pub canonical_url: String,
    pub original_url: String,
    pub submitted_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KosNoteFilter {
    pub staff_id: Option<String>,
    pub store_id: Option<String>,
    pub template_id: Option<String>,
    pub platform: Option<String>,
}

/// A KOS note found by its key, for the metrics import.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KosNoteRef {
    pub id: String,
    pub platform: String,
    pub note_key: String,
    pub staff_name: String,
    pub template_title: Option<String>,
}

/// What one template (or material) produced: its notes, their latest
/// interactions, the staff who used it, and the leads that came from it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ContentResult {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub notes: i64,
    pub interactions: i64,
    pub staff: i64,
    pub leads: i64,
}

/// KOS notes and what content produced. One of the traits [`Store`] is made of.
#[async_trait]
pub trait KosNoteStore: Send + Sync {
    /// Records a note. `Conflict("note_already_submitted")` when the brand
    /// has the note (as a KOS note or a KOC submission);
    /// `("template_unknown")` (or withdrawn), `("material_unknown")`,
    /// `("account_not_yours")` (the account is not the author's).
    async fn submit_kos_note(&self, brand: &str, n: &NewKosNote) -> Result<KosNote>;
    async fn kos_note(&self, brand: &str, id: &str, scope: &KosScope) -> Result<KosNote>;
    /// Newest first, within the scope.
    async fn kos_notes(
        &self,
        brand: &str,
        scope: &KosScope,
        f: &KosNoteFilter,
        page: Page,
    ) -> Result<Vec<KosNote>>;
    async fn kos_notes_by_key(
        &self,
        brand: &str,
        keys: &[(String, String)],
    ) -> Result<Vec<KosNoteRef>>;
    /// Writes snapshots (one per note and day, replacing that day's) in one
    /// transaction, audited like the KOC notes' import; each note's latest
    /// figures move when the day is not older. `(changed, unchanged)`.
    async fn import_kos_metrics(
        &self,
        brand: &str,
        rows: &[(String, Snapshot)],
    ) -> Result<(u64, u64)>;
    /// Oldest first.
    async fn kos_note_metrics(&self, brand: &str, id: &str) -> Result<Vec<Snapshot>>;
    /// What each template produced, best first (notes submitted from
    /// `since`, UNIX seconds).
    async fn template_results(&self, brand: &str, since: i64) -> Result<Vec<ContentResult>>;
    /// What each material produced, best first.
    async fn material_results(&self, brand: &str, since: i64) -> Result<Vec<ContentResult>>;
}

const NOTE: &str = "SELECT n.id, n.staff_id, COALESCE(s.name, '') AS staff_name, n.store_id, n.template_id, \
     n.template_version, t.title AS template_title, n.material_id, n.account_id, n.platform, n.note_key, \
     n.canonical_url, n.original_url, n.submitted_at, n.likes, n.comments, n.saves, n.interactions, n.metrics_on \
     FROM kos_notes n LEFT JOIN kos_staff s ON s.brand_id = n.brand_id AND s.id = n.staff_id \
     LEFT JOIN kos_templates t ON t.brand_id = n.brand_id AND t.id = n.template_id WHERE n.brand_id = $1";

/// The organisation's scope filter on the notes (alias `n`), as
/// `" AND …"` with its one value bound as `$n`.
fn note_scope(scope: &KosScope, n: usize) -> (String, Option<String>) {
    let (cond, mut values) = crate::scope_filter(scope, "n", n);
    (format!(" AND {cond}"), values.pop())
}

async fn note_in(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    id: &str,
    scope: &KosScope,
) -> Result<KosNote> {
    let (cond, v) = note_scope(scope, 3);
    let sql = format!("{NOTE} AND n.id = $2{cond}");
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(brand)
        .bind(id);
    if let Some(v) = v {
        q = q.bind(v);
    }
    one(q.fetch_optional(&mut *conn).await?)
}

/// The leads that came from each template or material's notes, in the
/// period (`$1` the brand: the outer query groups by id).
const LEADS_PER_TEMPLATE: &str = "(SELECT COUNT(*) FROM kos_leads l WHERE \
     l.brand_id = $1 AND l.template_id = t.id AND l.created_at >= $2)";
const LEADS_PER_MATERIAL: &str = "(SELECT COUNT(*) FROM kos_leads l JOIN kos_notes x \
     ON x.brand_id = l.brand_id AND x.id = l.source_note_id \
     WHERE l.brand_id = $1 AND x.material_id = m.id AND l.created_at >= $2)";

#[async_trait]
impl KosNoteStore for SqlStore {
    async fn submit_kos_note(&self, brand: &str, n: &NewKosNote) -> Result<KosNote> {
        let mut tx = self.pool.begin().await?;
        // The template's version as it is now: what the author copied.
        let version: Option<i64> = match &n.template_id {
            Some(t) => {
                let v: Option<i64> = sqlx::query_scalar(
                    "SELECT version FROM kos_templates WHERE brand_id = $1 AND id = $2 AND active = 1",
                )
                .bind(brand)
                .bind(t)
                .fetch_optional(&mut *tx)
                .await?;
                Some(v.ok_or(StoreError::Conflict("template_unknown"))?)
            }
            None => None,
        };
        let inserted = sqlx::query(
            "INSERT INTO kos_notes (brand_id, id, staff_id, store_id, template_id, template_version, material_id, \
               account_id, platform, note_key, canonical_url, original_url, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             ON CONFLICT (brand_id, platform, note_key) DO NOTHING",
        )
        .bind(brand)
        .bind(&n.id)
        .bind(&n.staff_id)
        .bind(&n.store_id)
        .bind(&n.template_id)
        .bind(version)
        .bind(&n.material_id)
        .bind(&n.account_id)
        .bind(&n.platform)
        .bind(&n.note_key)
        .bind(&n.canonical_url)
        .bind(&n.original_url)
        .bind(n.submitted_at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let koc = count(
            &mut tx,
            "SELECT COUNT(*) FROM submissions WHERE brand_id = $1 AND platform = $2 AND note_id = $3",
            &[brand, &n.platform, &n.note_key],
        )
        .await?;
        if inserted == 0 || koc > 0 {
            return Err(StoreError::Conflict("note_already_submitted"));
        }
        if let Some(m) = &n.material_id {
            let found = count(
                &mut tx,
                "SELECT COUNT(*) FROM kos_materials WHERE brand_id = $1 AND id = $2",
                &[brand, m],
            )
            .await?;
            if found == 0 {
                return Err(StoreError::Conflict("material_unknown"));
            }
        }
        if let Some(a) = &n.account_id {
            let found = count(
                &mut tx,
                "SELECT COUNT(*) FROM kos_accounts WHERE brand_id = $1 AND id = $2 \
                 AND owner_level = 'staff' AND owner_id = $3",
                &[brand, a, &n.staff_id],
            )
            .await?;
            if found == 0 {
                return Err(StoreError::Conflict("account_not_yours"));
            }
        }
        let note = note_in(&mut tx, brand, &n.id, &KosScope::Brand).await?;
        tx.commit().await?;
        Ok(note)
    }

    async fn kos_note(&self, brand: &str, id: &str, scope: &KosScope) -> Result<KosNote> {
        let mut conn = self.pool.acquire().await?;
        note_in(&mut conn, brand, id, scope).await
    }

    async fn kos_notes(
        &self,
        brand: &str,
        scope: &KosScope,
        f: &KosNoteFilter,
        page: Page,
    ) -> Result<Vec<KosNote>> {
        let mut sql = String::from(NOTE);
        let mut args: Vec<String> = vec![brand.to_string()];
        let (cond, v) = note_scope(scope, 2);
        sql.push_str(&cond);
        args.extend(v);
        for (column, value) in [
            ("n.staff_id", &f.staff_id),
            ("n.store_id", &f.store_id),
            ("n.template_id", &f.template_id),
            ("n.platform", &f.platform),
        ] {
            if let Some(v) = value {
                args.push(v.clone());
                sql.push_str(&format!(" AND {column} = ${}", args.len()));
            }
        }
        sql.push_str(&format!(
            " ORDER BY n.submitted_at DESC, n.id DESC LIMIT ${} OFFSET ${}",
            args.len() + 1,
            args.len() + 2
        ));
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for a in &args {
            q = q.bind(a);
        }
        Ok(q.bind(page.limit)
            .bind(page.offset)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn kos_notes_by_key(
        &self,
        brand: &str,
        keys: &[(String, String)],
    ) -> Result<Vec<KosNoteRef>> {
        let mut out = Vec::new();
        for chunk in keys.chunks(400) {
            let pairs: Vec<String> = (0..chunk.len())
                .map(|i| {
                    format!(
                        "(n.platform = ${} AND n.note_key = ${})",
                        2 * i + 2,
                        2 * i + 3
                    )
                })
                .collect();
            let sql = format!(
                "SELECT n.id, n.platform, n.note_key, COALESCE(s.name, '') AS staff_name, t.title AS template_title \
                 FROM kos_notes n LEFT JOIN kos_staff s ON s.brand_id = n.brand_id AND s.id = n.staff_id \
                 LEFT JOIN kos_templates t ON t.brand_id = n.brand_id AND t.id = n.template_id \
                 WHERE n.brand_id = $1 AND ({})",
                pairs.join(" OR ")
            );
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(brand);
            for (p, k) in chunk {
                q = q.bind(p).bind(k);
            }
            out.extend(q.fetch_all(&self.pool).await?);
        }
        Ok(out)
    }

    async fn import_kos_metrics(
        &self,
        brand: &str,
        rows: &[(String, Snapshot)],
    ) -> Result<(u64, u64)> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE brands SET id = id WHERE id = $1")
            .bind(brand)
            .execute(&mut *tx)
            .await?;
        let (mut changed, mut unchanged) = (0u64, 0u64);
        for (note, m) in rows {
            let before: Option<(i64, i64, i64)> = sqlx::query_as(
                "SELECT likes, comments, saves FROM kos_note_metrics \
                 WHERE brand_id = $1 AND kos_note_id = $2 AND snapshot_date = $3",
            )
            .bind(brand)
            .bind(note)
            .bind(&m.snapshot_date)
            .fetch_optional(&mut *tx)
            .await?;
            if before == Some((m.likes, m.comments, m.saves)) {
                unchanged += 1;
                continue;
            }
            sqlx::query(
                "INSERT INTO kos_note_metrics (brand_id, kos_note_id, snapshot_date, likes, comments, saves, \
                   recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (brand_id, kos_note_id, snapshot_date) DO UPDATE SET likes = excluded.likes, \
                 comments = excluded.comments, saves = excluded.saves, recorded_at = excluded.recorded_at, \
                 recorded_by = excluded.recorded_by",
            )
            .bind(brand)
            .bind(note)
            .bind(&m.snapshot_date)
            .bind(m.likes)
            .bind(m.comments)
            .bind(m.saves)
            .bind(m.recorded_at)
            .bind(&m.recorded_by)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE kos_notes SET likes = $3, comments = $4, saves = $5, interactions = $6, metrics_on = $7 \
                 WHERE brand_id = $1 AND id = $2 AND (metrics_on IS NULL OR metrics_on <= $7)",
            )
            .bind(brand)
            .bind(note)
            .bind(m.likes)
            .bind(m.comments)
            .bind(m.saves)
            .bind(
                rules::Metrics {
                    likes: m.likes,
                    comments: m.comments,
                    saves: m.saves,
                }
                .interactions(),
            )
            .bind(&m.snapshot_date)
            .execute(&mut *tx)
            .await?;
            changed += 1;
            let figures = |(likes, comments, saves): (i64, i64, i64)| serde_json::json!({ "date": m.snapshot_date, "likes": likes, "comments": comments, "saves": saves });
            let mut audit = AuditEntry::operator(
                brand,
                &m.recorded_by,
                "metrics.import",
                ("kos_note", note),
                m.recorded_at,
            )
            .after(figures((m.likes, m.comments, m.saves)));
            audit.before = before.map(|b| figures(b).to_string());
            insert_audit(&mut tx, &audit).await?;
        }
        tx.commit().await?;
        Ok((changed, unchanged))
    }

    async fn kos_note_metrics(&self, brand: &str, id: &str) -> Result<Vec<Snapshot>> {
        Ok(sqlx::query_as(
            "SELECT snapshot_date, likes, comments, saves, recorded_at, recorded_by FROM kos_note_metrics \
             WHERE brand_id = $1 AND kos_note_id = $2 ORDER BY snapshot_date LIMIT 1000",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn template_results(&self, brand: &str, since: i64) -> Result<Vec<ContentResult>> {
        let sql = format!(
            "SELECT t.id, t.title, t.kind, COUNT(n.id) AS notes, \
               CAST(COALESCE(SUM(n.interactions), 0) AS BIGINT) AS interactions, \
               COUNT(DISTINCT n.staff_id) AS staff, CAST({LEADS_PER_TEMPLATE} AS BIGINT) AS leads \
             FROM kos_templates t LEFT JOIN kos_notes n ON n.brand_id = t.brand_id AND n.template_id = t.id \
               AND n.submitted_at >= $2 \
             WHERE t.brand_id = $1 GROUP BY t.id, t.title, t.kind \
             ORDER BY interactions DESC, notes DESC, t.id LIMIT 500"
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(since)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn material_results(&self, brand: &str, since: i64) -> Result<Vec<ContentResult>> {
        let sql = format!(
            "SELECT m.id, m.title, m.kind, COUNT(n.id) AS notes, \
               CAST(COALESCE(SUM(n.interactions), 0) AS BIGINT) AS interactions, \
               COUNT(DISTINCT n.staff_id) AS staff, CAST({LEADS_PER_MATERIAL} AS BIGINT) AS leads \
             FROM kos_materials m LEFT JOIN kos_notes n ON n.brand_id = m.brand_id AND n.material_id = m.id \
               AND n.submitted_at >= $2 \
             WHERE m.brand_id = $1 GROUP BY m.id, m.title, m.kind \
             ORDER BY interactions DESC, notes DESC, m.id LIMIT 500"
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(since)
            .fetch_all(&self.pool)
            .await?)
    }
}
