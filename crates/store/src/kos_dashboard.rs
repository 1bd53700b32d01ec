//! The KOS dashboards (issue 17): content execution (notes and leads per
//! day, staff who posted), account growth (accounts and followers per
//! platform, now and at the period's start), the lead funnel, the top
//! templates and the weakest stores ("the bottom of the barrel"). Each
//! block is one grouped query over the period `[from, to)`, optionally
//! narrowed to a region; nothing loads the program into the server.
//!
//! Reads the content helpers' `kos_notes` (`store_id`, `staff_id`,
//! `template_id`, `interactions`, `submitted_at`), `kos_templates`
//! (`title`), `kos_accounts` (`owner_level`, `owner_id`, `platform`,
//! `followers`), `kos_account_followers` (`account_id`, `on_date`,
//! `followers`) and the leads area's `kos_leads` (`store_id`, `stage`,
//! `template_id`, `created_at`) and `kos_lead_events`.

use crate::*;
use async_trait::async_trait;

/// One day of the period (`day` counts from its first day).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayRow {
    pub day: i64,
    pub notes: i64,
    pub leads: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PlatformRow {
    pub platform: String,
    pub accounts: i64,
    pub followers: i64,
    /// The same accounts' followers at the period's start (their last
    /// count before it; none: 0).
    pub followers_before: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRow {
    pub template_id: String,
    pub title: String,
    pub notes: i64,
    pub interactions: i64,
    pub leads: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WeakStoreRow {
    pub store_id: String,
    pub code: String,
    pub name: String,
    pub region_name: String,
    pub staff: i64,
    pub notes: i64,
    pub leads: i64,
    pub sales_fen: i64,
}

/// Everything the dashboard page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dashboard {
    pub days: Vec<DayRow>,
    pub staff_total: i64,
    /// Staff members with at least one note in the period.
    pub staff_posting: i64,
    pub platforms: Vec<PlatformRow>,
    /// Leads added in the period by the stage they are at now.
    pub funnel: Vec<(String, i64)>,
    pub top_templates: Vec<TemplateRow>,
    pub weakest_stores: Vec<WeakStoreRow>,
}

/// `AND <alias>.store_id IN (the region's stores)` when a region is given
/// (its id bound as `$4`), else nothing.
fn in_region(region: Option<&str>, alias: &str) -> String {
    match region {
        Some(_) => format!(
            " AND {alias}.store_id IN (SELECT rs.id FROM kos_stores rs WHERE rs.brand_id = $1 AND rs.region_id = $4)"
        ),
        None => String::new(),
    }
}

/// The dashboards. One of the traits [`Store`] is made of.
#[async_trait]
pub trait KosDashboardStore: Send + Sync {
    /// The dashboard over `[from, to)` (`days` long), the whole brand or
    /// one region. `from_date` is the period's first day (`yyyy-mm-dd`),
    /// for the follower counts, which are dated.
    async fn kos_dashboard(
        &self,
        brand: &str,
        region: Option<&str>,
        from: i64,
        to: i64,
        from_date: &str,
    ) -> Result<Dashboard>;
}

#[async_trait]
impl KosDashboardStore for SqlStore {
    async fn kos_dashboard(
        &self,
        brand: &str,
        region: Option<&str>,
        from: i64,
        to: i64,
        from_date: &str,
    ) -> Result<Dashboard> {
        // Every query binds $1 brand, $2 from, $3 to and, with a region,
        // $4; a query that does not use one of them does not bind it.
        let region_bind = region.unwrap_or_default().to_string();
        macro_rules! run {
            ($q:expr) => {{
                let q = $q.bind(brand).bind(from).bind(to);
                if region.is_some() {
                    q.bind(region_bind.clone()).fetch_all(&self.pool).await?
                } else {
                    q.fetch_all(&self.pool).await?
                }
            }};
        }
        let mut d = Dashboard::default();
        let days = ((to - from) / 86_400).clamp(0, 366);
        d.days = (0..days)
            .map(|day| DayRow {
                day,
                ..DayRow::default()
            })
            .collect();
        let sql = format!(
            "SELECT CAST((n.submitted_at - $2) / 86400 AS BIGINT) AS d, COUNT(*) FROM kos_notes n \
             WHERE n.brand_id = $1 AND n.submitted_at >= $2 AND n.submitted_at < $3{} GROUP BY d",
            in_region(region, "n")
        );
        let notes: Vec<(i64, i64)> = run!(sqlx::query_as(sqlx::AssertSqlSafe(sql)));
        let sql = format!(
            "SELECT CAST((l.created_at - $2) / 86400 AS BIGINT) AS d, COUNT(*) FROM kos_leads l \
             WHERE l.brand_id = $1 AND l.created_at >= $2 AND l.created_at < $3{} GROUP BY d",
            in_region(region, "l")
        );
        let leads: Vec<(i64, i64)> = run!(sqlx::query_as(sqlx::AssertSqlSafe(sql)));
        for (day, n) in notes {
            if let Some(row) = d.days.get_mut(day as usize) {
                row.notes = n;
            }
        }
        for (day, n) in leads {
            if let Some(row) = d.days.get_mut(day as usize) {
                row.leads = n;
            }
        }
        let sql = format!(
            "SELECT COUNT(DISTINCT n.staff_id) FROM kos_notes n WHERE n.brand_id = $1 AND n.submitted_at >= $2 \
             AND n.submitted_at < $3{}",
            in_region(region, "n")
        );
        let posting: Vec<(i64,)> = run!(sqlx::query_as(sqlx::AssertSqlSafe(sql)));
        d.staff_posting = posting.first().map(|r| r.0).unwrap_or(0);
        let staff_region = if region.is_some() {
            " AND s.region_id = $4"
        } else {
            ""
        };
        // $2 and $3 are bound for every query; this one compares them
        // with each other so both are used on PostgreSQL.
        let sql = format!(
            "SELECT COUNT(*) FROM kos_staff s WHERE s.brand_id = $1 AND s.left_on IS NULL AND $2 <= $3{staff_region}"
        );
        let total: Vec<(i64,)> = run!(sqlx::query_as(sqlx::AssertSqlSafe(sql)));
        d.staff_total = total.first().map(|r| r.0).unwrap_or(0);

        let account_region = if region.is_some() {
            " AND ((a.owner_level = 'region' AND a.owner_id = $4) \
              OR (a.owner_level = 'store' AND a.owner_id IN (SELECT rs.id FROM kos_stores rs WHERE rs.brand_id = $1 AND rs.region_id = $4)) \
              OR (a.owner_level = 'staff' AND a.owner_id IN (SELECT rk.id FROM kos_staff rk WHERE rk.brand_id = $1 AND rk.region_id = $4)))"
        } else {
            ""
        };
        // The accounts' counts before the period: their last dated count
        // before its first day ($2 is unused as a number here; the date
        // is bound in its place by a second statement shape).
        let sql = format!(
            "SELECT a.platform, COUNT(*) AS accounts, CAST(COALESCE(SUM(a.followers), 0) AS BIGINT) AS followers, \
               CAST(COALESCE(SUM((SELECT f.followers FROM kos_account_followers f WHERE f.brand_id = a.brand_id \
                 AND f.account_id = a.id AND f.on_date < $2 ORDER BY f.on_date DESC LIMIT 1)), 0) AS BIGINT) AS followers_before \
             FROM kos_accounts a WHERE a.brand_id = $1 AND $3 = $3{account_region} GROUP BY a.platform ORDER BY a.platform"
        );
        let mut q = sqlx::query_as::<_, PlatformRow>(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(from_date)
            .bind(to);
        if region.is_some() {
            q = q.bind(region_bind.clone());
        }
        d.platforms = q.fetch_all(&self.pool).await?;

        let sql = format!(
            "SELECT l.stage, COUNT(*) FROM kos_leads l WHERE l.brand_id = $1 AND l.created_at >= $2 \
             AND l.created_at < $3{} GROUP BY l.stage ORDER BY l.stage",
            in_region(region, "l")
        );
        d.funnel = run!(sqlx::query_as(sqlx::AssertSqlSafe(sql)));

        let sql = format!(
            "SELECT n.template_id, COALESCE(MAX(t.title), '') AS title, COUNT(*) AS notes, \
               CAST(COALESCE(SUM(n.interactions), 0) AS BIGINT) AS interactions \
             FROM kos_notes n LEFT JOIN kos_templates t ON t.brand_id = n.brand_id AND t.id = n.template_id \
             WHERE n.brand_id = $1 AND n.submitted_at >= $2 AND n.submitted_at < $3 AND n.template_id IS NOT NULL{} \
             GROUP BY n.template_id ORDER BY COUNT(*) DESC, n.template_id LIMIT 10",
            in_region(region, "n")
        );
        let top: Vec<(String, String, i64, i64)> = run!(sqlx::query_as(sqlx::AssertSqlSafe(sql)));
        let sql = format!(
            "SELECT l.template_id, COUNT(*) FROM kos_leads l WHERE l.brand_id = $1 AND l.created_at >= $2 \
             AND l.created_at < $3 AND l.template_id IS NOT NULL{} GROUP BY l.template_id",
            in_region(region, "l")
        );
        let template_leads: Vec<(String, i64)> = run!(sqlx::query_as(sqlx::AssertSqlSafe(sql)));
        let leads_of: std::collections::HashMap<String, i64> = template_leads.into_iter().collect();
        d.top_templates = top
            .into_iter()
            .map(|(template_id, title, notes, interactions)| TemplateRow {
                leads: leads_of.get(&template_id).copied().unwrap_or(0),
                template_id,
                title,
                notes,
                interactions,
            })
            .collect();

        let store_region = if region.is_some() {
            " AND s.region_id = $4"
        } else {
            ""
        };
        let sql = format!(
            "SELECT s.id AS store_id, s.code, s.name, COALESCE(r.name, '') AS region_name, \
               (SELECT COUNT(*) FROM kos_staff k WHERE k.brand_id = s.brand_id AND k.store_id = s.id \
                  AND k.left_on IS NULL) AS staff, \
               CAST(COALESCE(n.c, 0) AS BIGINT) AS notes, CAST(COALESCE(l.c, 0) AS BIGINT) AS leads, \
               CAST(COALESCE(v.f, 0) AS BIGINT) AS sales_fen \
             FROM kos_stores s LEFT JOIN kos_regions r ON r.brand_id = s.brand_id AND r.id = s.region_id \
             LEFT JOIN (SELECT store_id, COUNT(*) AS c FROM kos_notes WHERE brand_id = $1 AND submitted_at >= $2 \
               AND submitted_at < $3 GROUP BY store_id) n ON n.store_id = s.id \
             LEFT JOIN (SELECT store_id, COUNT(*) AS c FROM kos_leads WHERE brand_id = $1 AND created_at >= $2 \
               AND created_at < $3 GROUP BY store_id) l ON l.store_id = s.id \
             LEFT JOIN (SELECT ll.store_id, SUM(e.amount_fen) AS f FROM kos_lead_events e JOIN kos_leads ll \
               ON ll.brand_id = e.brand_id AND ll.id = e.lead_id WHERE e.brand_id = $1 \
               AND e.to_stage IN ('purchased', 'repurchased') AND e.at >= $2 AND e.at < $3 GROUP BY ll.store_id) v \
               ON v.store_id = s.id \
             WHERE s.brand_id = $1 AND s.status = 'open'{store_region} \
             ORDER BY COALESCE(n.c, 0) + COALESCE(l.c, 0), COALESCE(v.f, 0), s.code LIMIT 10"
        );
        d.weakest_stores = run!(sqlx::query_as::<_, WeakStoreRow>(sqlx::AssertSqlSafe(sql)));
        Ok(d)
    }
}
