//! The content middle platform (issue 17: content): versioned templates,
//! the material library and campaign policies. The notes staff publish
//! from them, their metrics and results are in `kos_notes`.
//!
//! A template's row holds its current version's title and tags, so the
//! staff list filters one table (a tag '' means "any": a filter on a
//! platform finds the templates for that platform and for all); each save
//! adds a row to `kos_template_versions`, so what a note's author copied
//! (`template_version`) stays readable.

use crate::*;
use async_trait::async_trait;
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

pub(crate) async fn count(conn: &mut sqlx::AnyConnection, sql: &str, args: &[&str]) -> Result<i64> {
    let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()));
    for a in args {
        q = q.bind(*a);
    }
    Ok(q.fetch_one(&mut *conn).await?)
}

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
}
