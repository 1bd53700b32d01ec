//! Brands and their versioned rule sets (the rules campaigns freeze when
//! they are published).

use crate::*;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Brand {
    pub id: String,
    pub name: String,
    pub time_zone: String,
    /// JSON of the brand's current `rules::RuleSet`: the version campaigns
    /// published from now on freeze (a first-release row holds a bare points
    /// rule; `store::load_rules` reads both).
    pub points_rule: String,
    pub created_at: i64,
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
    async fn brand(&self, id: &str) -> Result<Brand>;
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
        let set = load_rules(&b.points_rule)?;
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO brands (id, name, time_zone, points_rule, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&b.id)
            .bind(&b.name)
            .bind(&b.time_zone)
            .bind(&b.points_rule)
            .bind(b.created_at)
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
        tx.commit().await?;
        Ok(())
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
        one(sqlx::query_as(
            "SELECT id, name, time_zone, points_rule, created_at FROM brands WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }
}
