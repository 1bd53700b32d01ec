//! The content middle platform (issue 17: content): versioned templates,
//! the material library, campaign policies, and the notes staff publish
//! from them with their metric snapshots and results per template and
//! material.
//!
//! A template's row holds its current version's title and tags, so the
//! staff list filters one table (a tag '' means "any": a filter on a
//! platform finds the templates for that platform and for all); each save
//! adds a row to `kos_template_versions`, so what a note's author copied
//! (`template_version`) stays readable. A KOS note is keyed like a KOC
//! note (`rules::parse_note_link`'s platform and id, once per brand, and
//! never also a KOC submission); its latest figures sit on its row, so
//! the results per template are one grouped query.

use crate::*;
use async_trait::async_trait;
use rules::kos::KosScope;
use rules::words::{MaterialKind, PolicyKind, TemplateKind};

/// A template at its current version.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Template {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub kind: TemplateKind,
    pub title: String,
    pub body: String,
    pub version: i64,
    pub product: String,
    pub campaign_id: Option<String>,
    /// A `rules::KosPlatform` name or '' (any).
    pub platform: String,
    /// A `rules::KosRole` name or '' (any).
    pub kos_role: String,
    #[sqlx(try_from = "IntFlag")]
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What an operator writes: a new template, or the next version of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateDraft {
    pub kind: TemplateKind,
    pub title: String,
    pub body: String,
    pub product: String,
    pub campaign_id: Option<String>,
    pub platform: String,
    pub kos_role: String,
    pub active: bool,
}

/// One saved version.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TemplateVersion {
    pub template_id: String,
    pub version: i64,
    pub title: String,
    pub body: String,
    pub product: String,
    pub campaign_id: Option<String>,
    pub platform: String,
    pub kos_role: String,
    pub created_at: i64,
    pub created_by: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateFilter {
    pub kind: Option<TemplateKind>,
    pub product: Option<String>,
    pub campaign_id: Option<String>,
    /// Templates for this platform or for any.
    pub platform: Option<String>,
    /// Templates for this KOS role or for any.
    pub kos_role: Option<String>,
    pub active_only: bool,
}

/// A material of the library.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Material {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub kind: MaterialKind,
    pub title: String,
    pub upload_id: Option<String>,
    pub video_url: String,
    /// Comma-joined, `rules::kos_content::tags`' form.
    pub tags: String,
    pub product: String,
    pub campaign_id: Option<String>,
    pub usage_rights: String,
    pub expires_on: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MaterialFilter {
    pub kind: Option<MaterialKind>,
    pub tag: Option<String>,
    pub product: Option<String>,
    /// Only those not expired on this day (staff's view).
    pub visible_on: Option<String>,
}

/// A pricing or activity policy of a campaign.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Policy {
    pub id: String,
    pub campaign_id: String,
    pub campaign_title: String,
    #[sqlx(try_from = "String")]
    pub kind: PolicyKind,
    pub title: String,
    pub body: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

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

/// The middle platform. One of the traits [`Store`] is made of.
#[async_trait]
pub trait KosContentStore: Send + Sync {
    /// Version 1 (audited). `Conflict("campaign_unknown")`.
    async fn create_template(
        &self,
        brand: &str,
        id: &str,
        d: &TemplateDraft,
        by: &str,
        at: i64,
    ) -> Result<Template>;
    /// Saves the next version (audited); the old ones stay readable.
    async fn revise_template(
        &self,
        brand: &str,
        id: &str,
        d: &TemplateDraft,
        by: &str,
        at: i64,
    ) -> Result<Template>;
    async fn template(&self, brand: &str, id: &str) -> Result<Template>;
    /// Newest version first.
    async fn template_versions(&self, brand: &str, id: &str) -> Result<Vec<TemplateVersion>>;
    /// Most recently saved first.
    async fn templates(&self, brand: &str, f: &TemplateFilter, page: Page)
    -> Result<Vec<Template>>;

    /// Audited. `Conflict("image_unknown")` when the upload is not an
    /// operator's upload of the brand; `Conflict("campaign_unknown")`.
    async fn save_material(&self, brand: &str, m: &Material, by: &str) -> Result<Material>;
    async fn material(&self, brand: &str, id: &str) -> Result<Material>;
    async fn materials(&self, brand: &str, f: &MaterialFilter, page: Page)
    -> Result<Vec<Material>>;

    /// Creates or saves a policy (audited). `Conflict("campaign_unknown")`.
    async fn save_policy(&self, brand: &str, p: &Policy, by: &str) -> Result<Policy>;
    async fn policy(&self, brand: &str, id: &str) -> Result<Policy>;
    /// A campaign's or all; `on`: only those in force that day.
    async fn policies(
        &self,
        brand: &str,
        campaign_id: Option<&str>,
        on: Option<&str>,
    ) -> Result<Vec<Policy>>;

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

const TEMPLATE: &str = "SELECT t.id, t.kind, t.title, v.body, t.version, t.product, t.campaign_id, t.platform, \
     t.kos_role, t.active, t.created_at, t.updated_at FROM kos_templates t \
     JOIN kos_template_versions v ON v.brand_id = t.brand_id AND v.template_id = t.id AND v.version = t.version \
     WHERE t.brand_id = $1";

const MATERIAL_COLUMNS: &str = "id, kind, title, upload_id, video_url, tags, product, campaign_id, \
     usage_rights, expires_on, created_at, updated_at";

const POLICY: &str = "SELECT p.id, p.campaign_id, c.title AS campaign_title, p.kind, p.title, p.body, \
     p.starts_on, p.ends_on, p.created_at, p.updated_at FROM kos_policies p \
     JOIN campaigns c ON c.brand_id = p.brand_id AND c.id = p.campaign_id WHERE p.brand_id = $1";

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

fn draft_json(d: &TemplateDraft, version: i64) -> serde_json::Value {
    serde_json::json!({
        "kind": d.kind, "title": d.title, "version": version, "product": d.product,
        "campaign_id": d.campaign_id, "platform": d.platform, "kos_role": d.kos_role, "active": d.active,
    })
}

async fn check_campaign(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    campaign: Option<&str>,
) -> Result<()> {
    if let Some(c) = campaign {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM campaigns WHERE brand_id = $1 AND id = $2")
                .bind(brand)
                .bind(c)
                .fetch_one(&mut *conn)
                .await?;
        if n == 0 {
            return Err(StoreError::Conflict("campaign_unknown"));
        }
    }
    Ok(())
}

async fn insert_version(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    id: &str,
    version: i64,
    d: &TemplateDraft,
    by: &str,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO kos_template_versions (brand_id, template_id, version, title, body, product, campaign_id, \
           platform, kos_role, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(brand)
    .bind(id)
    .bind(version)
    .bind(&d.title)
    .bind(&d.body)
    .bind(&d.product)
    .bind(&d.campaign_id)
    .bind(&d.platform)
    .bind(&d.kos_role)
    .bind(at)
    .bind(by)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn template_in(conn: &mut sqlx::AnyConnection, brand: &str, id: &str) -> Result<Template> {
    let sql = format!("{TEMPLATE} AND t.id = $2");
    one(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(brand)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?)
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

async fn count(conn: &mut sqlx::AnyConnection, sql: &str, args: &[&str]) -> Result<i64> {
    let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()));
    for a in args {
        q = q.bind(*a);
    }
    Ok(q.fetch_one(&mut *conn).await?)
}

/// The leads that came from each template or material's notes. The leads
/// table (`kos_leads`, migration 0026) is the leads area's: until it is
/// merged these answer none. MERGER: when 0026 is in, set
/// `LEADS_PER_TEMPLATE` to `(SELECT COUNT(*) FROM kos_leads l WHERE
/// l.brand_id = $1 AND l.template_id = t.id AND l.created_at >= $2)` and
/// `LEADS_PER_MATERIAL` to `(SELECT COUNT(*) FROM kos_leads l JOIN
/// kos_notes x ON x.brand_id = l.brand_id AND x.id = l.source_note_id
/// WHERE l.brand_id = $1 AND x.material_id = m.id AND l.created_at >= $2)`
/// (`$1`, not `t.brand_id`: the outer query groups by id), and assert the
/// leads in `notes_are_attributed`.
const LEADS_PER_TEMPLATE: &str = "0";
const LEADS_PER_MATERIAL: &str = "0";

#[async_trait]
impl KosContentStore for SqlStore {
    async fn create_template(
        &self,
        brand: &str,
        id: &str,
        d: &TemplateDraft,
        by: &str,
        at: i64,
    ) -> Result<Template> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO kos_templates (brand_id, id, kind, title, version, product, campaign_id, platform, kos_role, \
               active, created_at, created_by, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11, $10)",
        )
        .bind(brand)
        .bind(id)
        .bind(d.kind.as_str())
        .bind(&d.title)
        .bind(&d.product)
        .bind(&d.campaign_id)
        .bind(&d.platform)
        .bind(&d.kos_role)
        .bind(i64::from(d.active))
        .bind(at)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        check_campaign(&mut tx, brand, d.campaign_id.as_deref()).await?;
        insert_version(&mut tx, brand, id, 1, d, by, at).await?;
        let audit =
            AuditEntry::operator(brand, by, "kos_template.create", ("kos_template", id), at)
                .after(draft_json(d, 1));
        insert_audit(&mut tx, &audit).await?;
        let t = template_in(&mut tx, brand, id).await?;
        tx.commit().await?;
        Ok(t)
    }

    async fn revise_template(
        &self,
        brand: &str,
        id: &str,
        d: &TemplateDraft,
        by: &str,
        at: i64,
    ) -> Result<Template> {
        let mut tx = self.pool.begin().await?;
        // The version bump is the write that takes the lock: two editors
        // saving at once get versions n+1 and n+2, never the same one.
        let version: Option<(i64, String)> = sqlx::query_as(
            "UPDATE kos_templates SET version = version + 1, updated_at = $3 WHERE brand_id = $1 AND id = $2 \
             RETURNING version, kind",
        )
        .bind(brand)
        .bind(id)
        .bind(at)
        .fetch_optional(&mut *tx)
        .await?;
        let (version, kind) = one(version)?;
        if kind != d.kind.as_str() {
            return Err(StoreError::Conflict("template_kind_fixed"));
        }
        check_campaign(&mut tx, brand, d.campaign_id.as_deref()).await?;
        sqlx::query(
            "UPDATE kos_templates SET title = $3, product = $4, campaign_id = $5, platform = $6, kos_role = $7, \
               active = $8 WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .bind(&d.title)
        .bind(&d.product)
        .bind(&d.campaign_id)
        .bind(&d.platform)
        .bind(&d.kos_role)
        .bind(i64::from(d.active))
        .execute(&mut *tx)
        .await?;
        insert_version(&mut tx, brand, id, version, d, by, at).await?;
        let mut audit =
            AuditEntry::operator(brand, by, "kos_template.revise", ("kos_template", id), at)
                .after(draft_json(d, version));
        // The audit's before is the version this one follows.
        {
            let prev: Option<TemplateVersion> = sqlx::query_as(
                "SELECT template_id, version, title, body, product, campaign_id, platform, kos_role, created_at, \
                   created_by FROM kos_template_versions WHERE brand_id = $1 AND template_id = $2 AND version = $3",
            )
            .bind(brand)
            .bind(id)
            .bind(version - 1)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(p) = prev {
                audit = audit.before(serde_json::json!({
                    "title": p.title, "version": p.version, "product": p.product,
                    "campaign_id": p.campaign_id, "platform": p.platform, "kos_role": p.kos_role,
                }));
            }
        }
        insert_audit(&mut tx, &audit).await?;
        let t = template_in(&mut tx, brand, id).await?;
        tx.commit().await?;
        Ok(t)
    }

    async fn template(&self, brand: &str, id: &str) -> Result<Template> {
        let mut conn = self.pool.acquire().await?;
        template_in(&mut conn, brand, id).await
    }

    async fn template_versions(&self, brand: &str, id: &str) -> Result<Vec<TemplateVersion>> {
        Ok(sqlx::query_as(
            "SELECT template_id, version, title, body, product, campaign_id, platform, kos_role, created_at, created_by \
             FROM kos_template_versions WHERE brand_id = $1 AND template_id = $2 ORDER BY version DESC LIMIT 200",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn templates(
        &self,
        brand: &str,
        f: &TemplateFilter,
        page: Page,
    ) -> Result<Vec<Template>> {
        let mut sql = String::from(TEMPLATE);
        let mut args: Vec<String> = vec![brand.to_string()];
        if f.active_only {
            sql.push_str(" AND t.active = 1");
        }
        for (column, value, any) in [
            ("t.kind", f.kind.map(|k| k.as_str().to_string()), false),
            ("t.product", f.product.clone(), false),
            ("t.campaign_id", f.campaign_id.clone(), false),
            ("t.platform", f.platform.clone(), true),
            ("t.kos_role", f.kos_role.clone(), true),
        ] {
            if let Some(v) = value {
                args.push(v);
                if any {
                    sql.push_str(&format!(
                        " AND ({column} = ${} OR {column} = '')",
                        args.len()
                    ));
                } else {
                    sql.push_str(&format!(" AND {column} = ${}", args.len()));
                }
            }
        }
        sql.push_str(&format!(
            " ORDER BY t.updated_at DESC, t.id DESC LIMIT ${} OFFSET ${}",
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

    async fn save_material(&self, brand: &str, m: &Material, by: &str) -> Result<Material> {
        let mut tx = self.pool.begin().await?;
        let before: Option<Material> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "UPDATE kos_materials SET updated_at = $3 WHERE brand_id = $1 AND id = $2 RETURNING {MATERIAL_COLUMNS}"
        )))
        .bind(brand)
        .bind(&m.id)
        .bind(m.updated_at)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(b) = &before {
            if b.kind != m.kind {
                return Err(StoreError::Conflict("material_kind_fixed"));
            }
            sqlx::query(
                "UPDATE kos_materials SET title = $3, upload_id = $4, video_url = $5, tags = $6, product = $7, \
                   campaign_id = $8, usage_rights = $9, expires_on = $10 WHERE brand_id = $1 AND id = $2",
            )
            .bind(brand)
            .bind(&m.id)
            .bind(&m.title)
            .bind(&m.upload_id)
            .bind(&m.video_url)
            .bind(&m.tags)
            .bind(&m.product)
            .bind(&m.campaign_id)
            .bind(&m.usage_rights)
            .bind(&m.expires_on)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO kos_materials (brand_id, id, kind, title, upload_id, video_url, tags, product, campaign_id, \
                   usage_rights, expires_on, created_at, created_by, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            )
            .bind(brand)
            .bind(&m.id)
            .bind(m.kind.as_str())
            .bind(&m.title)
            .bind(&m.upload_id)
            .bind(&m.video_url)
            .bind(&m.tags)
            .bind(&m.product)
            .bind(&m.campaign_id)
            .bind(&m.usage_rights)
            .bind(&m.expires_on)
            .bind(m.created_at)
            .bind(by)
            .bind(m.updated_at)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(u) = &m.upload_id {
            let n = count(
                &mut tx,
                "SELECT COUNT(*) FROM uploads WHERE brand_id = $1 AND id = $2 AND owner_kind = 'operator'",
                &[brand, u],
            )
            .await?;
            if n == 0 {
                return Err(StoreError::Conflict("image_unknown"));
            }
        }
        check_campaign(&mut tx, brand, m.campaign_id.as_deref()).await?;
        let json = |m: &Material| {
            serde_json::json!({
                "kind": m.kind, "title": m.title, "upload_id": m.upload_id, "video_url": m.video_url,
                "tags": m.tags, "product": m.product, "campaign_id": m.campaign_id,
                "usage_rights": m.usage_rights, "expires_on": m.expires_on,
            })
        };
        let action = if before.is_some() {
            "kos_material.update"
        } else {
            "kos_material.create"
        };
        let mut audit =
            AuditEntry::operator(brand, by, action, ("kos_material", &m.id), m.updated_at)
                .after(json(m));
        if let Some(b) = &before {
            audit = audit.before(json(b));
        }
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.material(brand, &m.id).await
    }

    async fn material(&self, brand: &str, id: &str) -> Result<Material> {
        one(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {MATERIAL_COLUMNS} FROM kos_materials WHERE brand_id = $1 AND id = $2"
        )))
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn materials(
        &self,
        brand: &str,
        f: &MaterialFilter,
        page: Page,
    ) -> Result<Vec<Material>> {
        let mut sql = format!("SELECT {MATERIAL_COLUMNS} FROM kos_materials WHERE brand_id = $1");
        let mut args: Vec<String> = vec![brand.to_string()];
        if let Some(k) = f.kind {
            args.push(k.as_str().to_string());
            sql.push_str(&format!(" AND kind = ${}", args.len()));
        }
        if let Some(p) = &f.product {
            args.push(p.clone());
            sql.push_str(&format!(" AND product = ${}", args.len()));
        }
        if let Some(t) = &f.tag {
            // Tags never hold a comma; `%` and `_` typed are literal.
            let escaped = t
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            args.push(format!("%,{escaped},%"));
            sql.push_str(&format!(
                " AND (',' || tags || ',') LIKE ${} ESCAPE '\\'",
                args.len()
            ));
        }
        if let Some(d) = &f.visible_on {
            args.push(d.clone());
            sql.push_str(&format!(
                " AND (expires_on IS NULL OR expires_on >= ${})",
                args.len()
            ));
        }
        sql.push_str(&format!(
            " ORDER BY updated_at DESC, id DESC LIMIT ${} OFFSET ${}",
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

    async fn save_policy(&self, brand: &str, p: &Policy, by: &str) -> Result<Policy> {
        let mut tx = self.pool.begin().await?;
        let updated = sqlx::query(
            "UPDATE kos_policies SET campaign_id = $3, kind = $4, title = $5, body = $6, starts_on = $7, ends_on = $8, \
               updated_at = $9 WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(&p.id)
        .bind(&p.campaign_id)
        .bind(p.kind.as_str())
        .bind(&p.title)
        .bind(&p.body)
        .bind(&p.starts_on)
        .bind(&p.ends_on)
        .bind(p.updated_at)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        check_campaign(&mut tx, brand, Some(&p.campaign_id)).await?;
        if updated == 0 {
            sqlx::query(
                "INSERT INTO kos_policies (brand_id, id, campaign_id, kind, title, body, starts_on, ends_on, created_at, \
                   created_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(brand)
            .bind(&p.id)
            .bind(&p.campaign_id)
            .bind(p.kind.as_str())
            .bind(&p.title)
            .bind(&p.body)
            .bind(&p.starts_on)
            .bind(&p.ends_on)
            .bind(p.created_at)
            .bind(by)
            .bind(p.updated_at)
            .execute(&mut *tx)
            .await?;
        }
        let action = if updated == 0 {
            "kos_policy.create"
        } else {
            "kos_policy.update"
        };
        let audit = AuditEntry::operator(brand, by, action, ("kos_policy", &p.id), p.updated_at)
            .after(serde_json::json!({
                "campaign_id": p.campaign_id, "kind": p.kind, "title": p.title,
                "starts_on": p.starts_on, "ends_on": p.ends_on,
            }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.policy(brand, &p.id).await
    }

    async fn policy(&self, brand: &str, id: &str) -> Result<Policy> {
        one(
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{POLICY} AND p.id = $2")))
                .bind(brand)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn policies(
        &self,
        brand: &str,
        campaign_id: Option<&str>,
        on: Option<&str>,
    ) -> Result<Vec<Policy>> {
        let mut sql = String::from(POLICY);
        let mut args: Vec<&str> = vec![brand];
        if let Some(c) = campaign_id {
            args.push(c);
            sql.push_str(&format!(" AND p.campaign_id = ${}", args.len()));
        }
        if let Some(d) = on {
            args.push(d);
            let n = args.len();
            sql.push_str(&format!(
                " AND (p.starts_on IS NULL OR p.starts_on <= ${n}) AND (p.ends_on IS NULL OR p.ends_on >= ${n})"
            ));
        }
        sql.push_str(" ORDER BY p.updated_at DESC, p.id DESC LIMIT 500");
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        for a in args {
            q = q.bind(a);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

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
