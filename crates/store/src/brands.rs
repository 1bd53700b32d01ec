//! Brands, their settings (name, logo, accent colour, zone, default
//! language, contact line, public address) and their versioned rule sets
//! (the rules campaigns freeze when they are published).

use crate::*;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct Brand {
    pub id: String,
    /// The display name consumers and operators see.
    pub name: String,
    pub time_zone: String,
    /// JSON of the brand's current `rules::RuleSet`: the version campaigns
    /// published from now on freeze (a first-release row holds a bare points
    /// rule; `store::load_rules` reads both).
    pub points_rule: String,
    pub created_at: i64,
    /// The logo: an operator upload of the brand.
    pub logo_id: Option<String>,
    /// `#rrggbb` (checked by `rules::Accent` before it is stored).
    pub accent: Option<String>,
    /// `zh-CN` or `en`.
    pub default_lang: String,
    /// A line consumers see, e.g. where to ask questions. May be empty.
    pub contact: String,
    /// The origin the brand's links and QR codes use
    /// (`https://koc.brand.cn`); `None`: the server's setting.
    pub public_url: Option<String>,
}

/// What an owner may change on the settings page (the id, rules and
/// creation time stay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrandSettings {
    pub name: String,
    pub time_zone: String,
    pub logo_id: Option<String>,
    pub accent: Option<String>,
    pub default_lang: rules::Language,
    pub contact: String,
    pub public_url: Option<String>,
}

/// A brand row, as [`Brand`] reads it.
macro_rules! brand_columns {
    () => {
        "id, name, time_zone, points_rule, created_at, logo_id, accent, default_lang, contact, public_url"
    };
}

/// One saved version of a brand's rule set.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RuleSetVersion {
    pub version: i64,
    pub created_at: i64,
    pub created_by: String,
}

/// Brands and their rule-set versions. One of the traits [`Store`] is made of.
#[async_trait]
pub trait BrandStore: Send + Sync {
    async fn create_brand(&self, brand: &Brand) -> Result<()>;
    /// Creates a brand and its first owner's invitation in one transaction
    /// (`seedbed brand create`): a brand never exists without a way in.
    /// `Conflict("brand_exists")` for a taken id.
    async fn create_brand_with_owner_invite(
        &self,
        brand: &Brand,
        invite: &OperatorInvite,
    ) -> Result<()>;
    async fn brand(&self, id: &str) -> Result<Brand>;
    /// Replaces the brand's settings; audited with what changed. A logo
    /// must be an operator upload of the brand (`Conflict("logo_unknown")`).
    async fn save_brand_settings(
        &self,
        brand: &str,
        settings: &BrandSettings,
        by: &str,
        at: i64,
    ) -> Result<Brand>;
    /// How many brands the installation holds.
    async fn brand_count(&self) -> Result<i64>;
    /// Saves `set` as the brand's next rule-set version (numbered by the
    /// store) and makes it the one campaigns published from now on freeze.
    async fn save_rule_set(
        &self,
        brand: &str,
        set: &rules::RuleSet,
        by: &str,
        at: i64,
    ) -> Result<rules::RuleSet>;
    /// Every saved version, newest first.
    async fn rule_set_versions(&self, brand: &str) -> Result<Vec<RuleSetVersion>>;
}

/// A stored rule set (current shape or the first release's points rule).
pub fn load_rules(json: &str) -> Result<rules::RuleSet> {
    rules::RuleSet::load(from_json(json)?).map_err(|e| StoreError::Corrupt(e.to_string()))
}

#[async_trait]
impl BrandStore for SqlStore {
    async fn create_brand(&self, b: &Brand) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        insert_brand(&mut tx, b).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_brand_with_owner_invite(&self, b: &Brand, inv: &OperatorInvite) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        insert_brand(&mut tx, b).await?;
        insert_operator_invite(&mut tx, inv).await?;
        let audit = AuditEntry {
            actor_kind: rules::ActorKind::System,
            ..AuditEntry::operator(
                &b.id,
                &inv.created_by,
                "brand.create",
                ("brand", &b.id),
                b.created_at,
            )
        }
        .after(
            serde_json::json!({ "name": b.name, "time_zone": b.time_zone, "owner_invited": true }),
        );
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_brand_settings(
        &self,
        brand: &str,
        s: &BrandSettings,
        by: &str,
        at: i64,
    ) -> Result<Brand> {
        let mut tx = self.pool.begin().await?;
        // The write first (the lock now), then the values it replaces.
        let found = sqlx::query("UPDATE brands SET id = id WHERE id = $1")
            .bind(brand)
            .execute(&mut *tx)
            .await?;
        if found.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let before: Brand = sqlx::query_as(concat!(
            "SELECT ",
            brand_columns!(),
            " FROM brands WHERE id = $1"
        ))
        .bind(brand)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(logo) = &s.logo_id {
            let owner: Option<String> = sqlx::query_scalar(
                "SELECT owner_kind FROM uploads WHERE brand_id = $1 AND id = $2",
            )
            .bind(brand)
            .bind(logo)
            .fetch_optional(&mut *tx)
            .await?;
            if owner.as_deref() != Some("operator") {
                tx.rollback().await?;
                return Err(StoreError::Conflict("logo_unknown"));
            }
        }
        sqlx::query(
            "UPDATE brands SET name = $2, time_zone = $3, logo_id = $4, accent = $5, default_lang = $6, \
             contact = $7, public_url = $8 WHERE id = $1",
        )
        .bind(brand)
        .bind(&s.name)
        .bind(&s.time_zone)
        .bind(&s.logo_id)
        .bind(&s.accent)
        .bind(s.default_lang.as_str())
        .bind(&s.contact)
        .bind(&s.public_url)
        .execute(&mut *tx)
        .await?;
        let look = |b: &BrandSettings| {
            serde_json::json!({
                "name": b.name, "time_zone": b.time_zone, "logo_id": b.logo_id,
                "accent": b.accent, "default_lang": b.default_lang, "contact": b.contact,
                "public_url": b.public_url,
            })
        };
        let was = BrandSettings {
            name: before.name.clone(),
            time_zone: before.time_zone.clone(),
            logo_id: before.logo_id.clone(),
            accent: before.accent.clone(),
            default_lang: before.default_lang.parse().unwrap_or(rules::Language::ZhCn),
            contact: before.contact.clone(),
            public_url: before.public_url.clone(),
        };
        let audit = AuditEntry::operator(brand, by, "brand.settings", ("brand", brand), at)
            .before(look(&was))
            .after(look(s));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.brand(brand).await
    }

    async fn brand_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM brands")
            .fetch_one(&self.pool)
            .await?)
    }

    async fn save_rule_set(
        &self,
        brand: &str,
        set: &rules::RuleSet,
        by: &str,
        at: i64,
    ) -> Result<rules::RuleSet> {
        let mut tx = self.pool.begin().await?;
        // The brand row is written first: it serialises concurrent saves.
        let touched = sqlx::query("UPDATE brands SET points_rule = points_rule WHERE id = $1")
            .bind(brand)
            .execute(&mut *tx)
            .await?;
        if touched.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM rule_sets WHERE brand_id = $1")
                .bind(brand)
                .fetch_one(&mut *tx)
                .await?;
        let mut saved = set.clone();
        saved.version = u32::try_from(last.unwrap_or(0) + 1).unwrap_or(u32::MAX);
        let json = to_json(&saved);
        sqlx::query(
            "INSERT INTO rule_sets (brand_id, version, rules, created_at, created_by) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(brand)
        .bind(i64::from(saved.version))
        .bind(&json)
        .bind(at)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE brands SET points_rule = $2 WHERE id = $1")
            .bind(brand)
            .bind(&json)
            .execute(&mut *tx)
            .await?;
        let audit = AuditEntry::operator(
            brand,
            by,
            "rules.save",
            ("rule_set", &saved.version.to_string()),
            at,
        )
        .before(serde_json::json!({ "version": last }))
        .after(serde_json::json!({ "version": saved.version }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(saved)
    }

    async fn rule_set_versions(&self, brand: &str) -> Result<Vec<RuleSetVersion>> {
        Ok(sqlx::query_as(
            "SELECT version, created_at, created_by FROM rule_sets WHERE brand_id = $1 ORDER BY version DESC",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn brand(&self, id: &str) -> Result<Brand> {
        one(sqlx::query_as(concat!(
            "SELECT ",
            brand_columns!(),
            " FROM brands WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }
}

/// Inserts the brand row and its first rule-set version.
async fn insert_brand(tx: &mut sqlx::AnyConnection, b: &Brand) -> Result<()> {
    let set = load_rules(&b.points_rule)?;
    let lang = if b.default_lang.is_empty() {
        rules::Language::ZhCn.as_str()
    } else {
        b.default_lang.as_str()
    };
    sqlx::query(
        "INSERT INTO brands (id, name, time_zone, points_rule, created_at, logo_id, accent, default_lang, contact, public_url) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&b.id)
    .bind(&b.name)
    .bind(&b.time_zone)
    .bind(&b.points_rule)
    .bind(b.created_at)
    .bind(&b.logo_id)
    .bind(&b.accent)
    .bind(lang)
    .bind(&b.contact)
    .bind(&b.public_url)
    .execute(&mut *tx)
    .await
    .map_err(unique_as("brand_exists"))?;
    sqlx::query(
        "INSERT INTO rule_sets (brand_id, version, rules, created_at, created_by) VALUES ($1, $2, $3, $4, 'setup')",
    )
    .bind(&b.id)
    .bind(i64::from(set.version))
    .bind(&b.points_rule)
    .bind(b.created_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
