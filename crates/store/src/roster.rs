//! The roster: every member of the program with tier, class, kind and
//! counts for the operators' list; classes recomputed at settlement and
//! overridden by operators (sticky until removed, audited); kinds of KOC;
//! group invitations by tier and class; tier-change and demotion-warning
//! inbox lines; the monthly demotion check.
//!
//! The list filters on columns of `members` (`tier`, kept beside the tier
//! history in the same transaction; `class`, the class that counts) and
//! `applications` (channel, city, name), pages in SQL, and counts notes,
//! balance and last activity for the page's members only: its cost grows
//! with the page, not the program.

use crate::roster_settle::{record_tier_change, seniors_with_notes, warn_likely_demotions};
use crate::*;
use async_trait::async_trait;
use rules::{KocDomain, KocOrigin, MemberClass, Tier};
use sqlx::Row;

/// The roster's filters; `q` matches the name or city, a phone number (as
/// given, normalised first) or a member id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterFilter {
    pub tier: Option<Tier>,
    pub class: Option<MemberClass>,
    pub domain: Option<KocDomain>,
    pub origin: Option<KocOrigin>,
    pub channel: Option<rules::Channel>,
    pub city: Option<String>,
    pub q: Option<String>,
}

/// One member on the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub member_id: String,
    pub display_name: String,
    pub city: String,
    pub channel: rules::Channel,
    pub tier: Tier,
    /// The class that counts (override, else computed; none before the
    /// first settlement).
    pub class: Option<MemberClass>,
    pub overridden: bool,
    pub domain: KocDomain,
    pub origin: KocOrigin,
    /// When the application was approved.
    pub joined_at: i64,
    pub notes: i64,
    pub approved: i64,
    pub viral: i64,
    pub balance: i64,
    /// The latest submission, sign-up or task hand-in.
    pub last_active_at: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterPage {
    /// Members matching the filters, all pages.
    pub total: i64,
    pub rows: Vec<RosterRow>,
}

/// A member's class as recorded: computed (with its explanation) and
/// overridden.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassState {
    pub class: Option<MemberClass>,
    pub computed: Option<MemberClass>,
    /// JSON: `{"version", "facts", "score", "parts"}` of the last computation.
    pub detail: Option<String>,
    pub computed_at: Option<i64>,
    pub override_class: Option<MemberClass>,
}

/// An override or its removal (`class` none).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClassOverride {
    pub id: String,
    pub member_id: String,
    pub class: Option<String>,
    pub reason: String,
    pub created_by: String,
    pub created_at: i64,
}

/// A group invitation for members of at least a tier and class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupLink {
    pub brand_id: String,
    pub id: String,
    pub title: String,
    pub url: String,
    pub requirement: rules::roster::Requirement,
    pub created_by: String,
    pub created_at: i64,
}

/// What the monthly check did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthlyCheck {
    pub demoted: Vec<String>,
    pub warned: Vec<String>,
}

/// The roster. One of the traits [`Store`] is made of.
#[async_trait]
pub trait RosterStore: Send + Sync {
    /// Approved members matching `f`, newest first, with their counts;
    /// `viral_from` is the brand's viral threshold.
    async fn roster(
        &self,
        brand: &str,
        f: &RosterFilter,
        viral_from: i64,
        page: Page,
    ) -> Result<RosterPage>;
    /// One member's roster row (any application status) and class.
    async fn roster_member(
        &self,
        brand: &str,
        member_id: &str,
        viral_from: i64,
    ) -> Result<(RosterRow, ClassState)>;
    async fn class_overrides(&self, brand: &str, member_id: &str) -> Result<Vec<ClassOverride>>;
    /// Sets (`Some`) or removes (`None`) the operator's class, with the
    /// reason, audited; the override stays through settlements.
    async fn set_class_override(
        &self,
        brand: &str,
        member_id: &str,
        class: Option<MemberClass>,
        reason: &str,
        by: &str,
        at: i64,
    ) -> Result<ClassState>;
    async fn set_member_kind(
        &self,
        brand: &str,
        member_id: &str,
        domain: KocDomain,
        origin: KocOrigin,
        by: &str,
        at: i64,
    ) -> Result<()>;
    /// Approves application `id` and sets its member's kind of KOC in one
    /// transaction (the decision's audit line and inbox line included).
    /// `Conflict("already_decided")` unless it is pending.
    async fn approve_application_as(
        &self,
        brand: &str,
        id: &str,
        d: &DecisionRecord,
        domain: KocDomain,
        origin: KocOrigin,
    ) -> Result<Application>;
    async fn group_links(&self, brand: &str) -> Result<Vec<GroupLink>>;
    async fn create_group_link(&self, link: &GroupLink) -> Result<()>;
    async fn delete_group_link(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()>;
    /// Every brand's id, for jobs that visit each brand (never a request).
    async fn brand_ids(&self) -> Result<Vec<String>>;
    /// The monthly check for `month` (`YYYY-MM`, the brand's): seniors the
    /// rules in force demote are demoted on `today`, with their inbox
    /// line; seniors one low note from demotion are warned once a month.
    /// Safe to run twice and at any time.
    async fn monthly_tier_check(
        &self,
        brand: &str,
        rules: &rules::RuleSet,
        today: rules::CivilDate,
        offset_minutes: i32,
        at: i64,
    ) -> Result<MonthlyCheck>;
}

/// `$from, $from+1, …` for `n` values.
fn params(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(sqlx::FromRow)]
struct BaseRow {
    member_id: String,
    display_name: String,
    city: String,
    #[sqlx(try_from = "String")]
    channel: rules::Channel,
    tier: String,
    class: Option<String>,
    class_override: Option<String>,
    #[sqlx(try_from = "String")]
    kind_domain: KocDomain,
    #[sqlx(try_from = "String")]
    kind_origin: KocOrigin,
    joined_at: Option<i64>,
}

const BASE: &str = "SELECT m.id AS member_id, a.display_name, a.city, a.channel, m.tier, m.class, m.class_override, \
       m.kind_domain, m.kind_origin, COALESCE(a.decided_at, a.created_at) AS joined_at \
     FROM members m JOIN applications a ON a.brand_id = m.brand_id AND a.member_id = m.id";

fn class_of(s: Option<String>) -> Result<Option<MemberClass>> {
    s.map(|c| MemberClass::parse(&c).ok_or_else(|| StoreError::Corrupt(format!("class {c}"))))
        .transpose()
}

fn tier_of(s: &str) -> Result<Tier> {
    Tier::parse(s).ok_or_else(|| StoreError::Corrupt(format!("tier {s}")))
}

/// The WHERE clause of the roster and its values after `$1` (the brand).
fn roster_where(f: &RosterFilter) -> (String, Vec<String>) {
    let mut sql = String::from(" WHERE m.brand_id = $1 AND a.status = 'approved'");
    let mut args: Vec<String> = Vec::new();
    let mut add = |sql: &mut String, cond: &str, v: String| {
        args.push(v);
        sql.push_str(&cond.replace('?', &format!("${}", args.len() + 1)));
    };
    if let Some(t) = f.tier {
        add(&mut sql, " AND m.tier = ?", t.as_str().into());
    }
    if let Some(c) = f.class {
        add(&mut sql, " AND m.class = ?", c.as_str().into());
    }
    if let Some(d) = f.domain {
        add(&mut sql, " AND m.kind_domain = ?", d.as_str().into());
    }
    if let Some(o) = f.origin {
        add(&mut sql, " AND m.kind_origin = ?", o.as_str().into());
    }
    if let Some(c) = f.channel {
        add(&mut sql, " AND a.channel = ?", c.as_str().into());
    }
    if let Some(city) = f.city.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        add(&mut sql, " AND LOWER(a.city) = ?", city.to_lowercase());
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        if let Ok(phone) = rules::Phone::parse(q) {
            add(&mut sql, " AND m.phone = ?", phone.as_str().to_string());
        } else {
            let escaped = q
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            args.push(format!("%{escaped}%"));
            let n = args.len() + 1;
            args.push(q.to_string());
            let id = args.len() + 1;
            sql.push_str(&format!(
                " AND (LOWER(a.display_name) LIKE ${n} ESCAPE '\\' OR LOWER(a.city) LIKE ${n} ESCAPE '\\' OR m.id = ${id})"
            ));
        }
    }
    (sql, args)
}

#[derive(Default)]
struct Counts {
    notes: i64,
    approved: i64,
    viral: i64,
    balance: i64,
    last: Option<i64>,
}

/// Notes, balance and last activity of `ids`, four grouped queries.
async fn counts(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    ids: &[String],
    viral_from: i64,
) -> Result<std::collections::HashMap<String, Counts>> {
    let mut out: std::collections::HashMap<String, Counts> =
        ids.iter().map(|i| (i.clone(), Counts::default())).collect();
    if ids.is_empty() {
        return Ok(out);
    }
    let list = params(3, ids.len());
    let notes = format!(
        "SELECT member_id, COUNT(*) AS notes, \
           CAST(COALESCE(SUM(CASE WHEN status = 'approved' THEN 1 ELSE 0 END), 0) AS BIGINT) AS approved, \
           CAST(COALESCE(SUM(CASE WHEN status = 'approved' AND settled_interactions >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS viral, \
           MAX(created_at) AS last \
         FROM submissions WHERE brand_id = $1 AND member_id IN ({list}) GROUP BY member_id"
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(notes))
        .bind(brand)
        .bind(viral_from);
    for id in ids {
        q = q.bind(id);
    }
    for row in q.fetch_all(&mut *conn).await? {
        let id: String = row.try_get("member_id")?;
        if let Some(c) = out.get_mut(&id) {
            c.notes = row.try_get("notes")?;
            c.approved = row.try_get("approved")?;
            c.viral = row.try_get("viral")?;
            c.last = row.try_get("last")?;
        }
    }
    let list2 = params(2, ids.len());
    for sql in [
        format!(
            "SELECT member_id, MAX(created_at) AS last FROM signups \
             WHERE brand_id = $1 AND member_id IN ({list2}) GROUP BY member_id"
        ),
        format!(
            "SELECT member_id, MAX(submitted_at) AS last FROM task_assignments \
             WHERE brand_id = $1 AND member_id IN ({list2}) GROUP BY member_id"
        ),
    ] {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(brand);
        for id in ids {
            q = q.bind(id);
        }
        for row in q.fetch_all(&mut *conn).await? {
            let id: String = row.try_get("member_id")?;
            let last: Option<i64> = row.try_get("last")?;
            if let Some(c) = out.get_mut(&id) {
                c.last = c.last.max(last);
            }
        }
    }
    for (id, balance) in balances(conn, brand, ids).await? {
        if let Some(c) = out.get_mut(&id) {
            c.balance = balance;
        }
    }
    Ok(out)
}

/// Available points of `ids`: one kept row each in `point_balances`.
async fn balances(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    ids: &[String],
) -> Result<Vec<(String, i64)>> {
    let sql = format!(
        "SELECT member_id, balance FROM point_balances \
         WHERE brand_id = $1 AND account = 'available' AND member_id IN ({})",
        params(2, ids.len())
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(brand);
    for id in ids {
        q = q.bind(id);
    }
    let mut out = Vec::new();
    for row in q.fetch_all(conn).await? {
        out.push((row.try_get("member_id")?, row.try_get("balance")?));
    }
    Ok(out)
}

fn row_of(b: BaseRow, c: Counts) -> Result<RosterRow> {
    Ok(RosterRow {
        tier: tier_of(&b.tier)?,
        class: class_of(b.class)?,
        overridden: b.class_override.is_some(),
        member_id: b.member_id,
        display_name: b.display_name,
        city: b.city,
        channel: b.channel,
        domain: b.kind_domain,
        origin: b.kind_origin,
        joined_at: b.joined_at.unwrap_or(0),
        notes: c.notes,
        approved: c.approved,
        viral: c.viral,
        balance: c.balance,
        last_active_at: c.last,
    })
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    brand_id: String,
    id: String,
    title: String,
    url: String,
    min_tier: Option<String>,
    min_class: Option<String>,
    created_by: String,
    created_at: i64,
}

impl GroupRow {
    fn decode(self) -> Result<GroupLink> {
        Ok(GroupLink {
            requirement: rules::roster::Requirement {
                min_tier: self.min_tier.as_deref().map(tier_of).transpose()?,
                min_class: class_of(self.min_class)?,
            },
            brand_id: self.brand_id,
            id: self.id,
            title: self.title,
            url: self.url,
            created_by: self.created_by,
            created_at: self.created_at,
        })
    }
}

async fn class_state(conn: &mut sqlx::AnyConnection, brand: &str, id: &str) -> Result<ClassState> {
    let row = sqlx::query(
        "SELECT class, class_computed, class_detail, class_at, class_override FROM members \
         WHERE brand_id = $1 AND id = $2",
    )
    .bind(brand)
    .bind(id)
    .fetch_optional(conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    Ok(ClassState {
        class: class_of(row.try_get("class")?)?,
        computed: class_of(row.try_get("class_computed")?)?,
        detail: row.try_get("class_detail")?,
        computed_at: row.try_get("class_at")?,
        override_class: class_of(row.try_get("class_override")?)?,
    })
}

#[async_trait]
impl RosterStore for SqlStore {
    async fn roster(
        &self,
        brand: &str,
        f: &RosterFilter,
        viral_from: i64,
        page: Page,
    ) -> Result<RosterPage> {
        let (cond, args) = roster_where(f);
        let mut conn = self.pool.acquire().await?;
        let count_sql = format!(
            "SELECT COUNT(*) FROM members m JOIN applications a ON a.brand_id = m.brand_id AND a.member_id = m.id{cond}"
        );
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql)).bind(brand);
        for a in &args {
            q = q.bind(a);
        }
        let total = q.fetch_one(&mut *conn).await?;
        let sql = format!(
            "{BASE}{cond} ORDER BY a.decided_at DESC, a.member_id DESC LIMIT ${} OFFSET ${}",
            args.len() + 2,
            args.len() + 3
        );
        let mut q = sqlx::query_as::<_, BaseRow>(sqlx::AssertSqlSafe(sql)).bind(brand);
        for a in &args {
            q = q.bind(a);
        }
        let base = q
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(&mut *conn)
            .await?;
        let ids: Vec<String> = base.iter().map(|b| b.member_id.clone()).collect();
        let mut counts = counts(&mut conn, brand, &ids, viral_from).await?;
        let rows = base
            .into_iter()
            .map(|b| {
                let c = counts.remove(&b.member_id).unwrap_or_default();
                row_of(b, c)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(RosterPage { total, rows })
    }

    async fn roster_member(
        &self,
        brand: &str,
        member_id: &str,
        viral_from: i64,
    ) -> Result<(RosterRow, ClassState)> {
        let mut conn = self.pool.acquire().await?;
        let sql = format!("{BASE} WHERE m.brand_id = $1 AND m.id = $2");
        let base: BaseRow = one(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(member_id)
            .fetch_optional(&mut *conn)
            .await?)?;
        let mut counts = counts(&mut conn, brand, &[member_id.to_string()], viral_from).await?;
        let row = row_of(base, counts.remove(member_id).unwrap_or_default())?;
        let class = class_state(&mut conn, brand, member_id).await?;
        Ok((row, class))
    }

    async fn class_overrides(&self, brand: &str, member_id: &str) -> Result<Vec<ClassOverride>> {
        Ok(sqlx::query_as(
            "SELECT id, member_id, class, reason, created_by, created_at FROM class_overrides \
             WHERE brand_id = $1 AND member_id = $2 ORDER BY created_at DESC, id DESC",
        )
        .bind(brand)
        .bind(member_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn set_class_override(
        &self,
        brand: &str,
        member_id: &str,
        class: Option<MemberClass>,
        reason: &str,
        by: &str,
        at: i64,
    ) -> Result<ClassState> {
        let mut tx = self.pool.begin().await?;
        let before: Option<Option<String>> = sqlx::query_scalar(
            "UPDATE members SET class_override = $3, class = COALESCE($3, class_computed) \
             WHERE brand_id = $1 AND id = $2 RETURNING class",
        )
        .bind(brand)
        .bind(member_id)
        .bind(class.map(MemberClass::as_str))
        .fetch_optional(&mut *tx)
        .await?;
        if before.is_none() {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "INSERT INTO class_overrides (brand_id, id, member_id, class, reason, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(brand)
        .bind(new_id())
        .bind(member_id)
        .bind(class.map(MemberClass::as_str))
        .bind(reason)
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let state = class_state(&mut tx, brand, member_id).await?;
        let action = if class.is_some() {
            "member.class_override"
        } else {
            "member.class_override_removed"
        };
        let audit = AuditEntry::operator(brand, by, action, ("member", member_id), at).after(
            serde_json::json!({
                "override": class.map(MemberClass::as_str),
                "class": state.class.map(MemberClass::as_str),
                "reason": reason,
            }),
        );
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(state)
    }

    async fn set_member_kind(
        &self,
        brand: &str,
        member_id: &str,
        domain: KocDomain,
        origin: KocOrigin,
        by: &str,
        at: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE members SET kind_domain = $3, kind_origin = $4 WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(member_id)
        .bind(domain.as_str())
        .bind(origin.as_str())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let audit = AuditEntry::operator(brand, by, "member.kind", ("member", member_id), at)
            .after(serde_json::json!({ "domain": domain.as_str(), "origin": origin.as_str() }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn approve_application_as(
        &self,
        brand: &str,
        id: &str,
        d: &DecisionRecord,
        domain: KocDomain,
        origin: KocOrigin,
    ) -> Result<Application> {
        let mut tx = self.pool.begin().await?;
        if !d.approve || !decide_application_in(&mut tx, self.kind, brand, id, d).await? {
            tx.rollback().await?;
            self.application(brand, id).await?;
            return Err(StoreError::Conflict("already_decided"));
        }
        sqlx::query(
            "UPDATE members SET kind_domain = $3, kind_origin = $4 WHERE brand_id = $1 \
               AND id = (SELECT member_id FROM applications WHERE brand_id = $1 AND id = $2)",
        )
        .bind(brand)
        .bind(id)
        .bind(domain.as_str())
        .bind(origin.as_str())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.application(brand, id).await
    }

    async fn group_links(&self, brand: &str) -> Result<Vec<GroupLink>> {
        let rows: Vec<GroupRow> = sqlx::query_as(
            "SELECT brand_id, id, title, url, min_tier, min_class, created_by, created_at FROM group_links \
             WHERE brand_id = $1 ORDER BY created_at, id",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(GroupRow::decode).collect()
    }

    async fn create_group_link(&self, l: &GroupLink) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO group_links (brand_id, id, title, url, min_tier, min_class, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&l.brand_id)
        .bind(&l.id)
        .bind(&l.title)
        .bind(&l.url)
        .bind(l.requirement.min_tier.map(Tier::as_str))
        .bind(l.requirement.min_class.map(MemberClass::as_str))
        .bind(&l.created_by)
        .bind(l.created_at)
        .execute(&mut *tx)
        .await?;
        let audit = AuditEntry::operator(
            &l.brand_id,
            &l.created_by,
            "group_link.create",
            ("group_link", &l.id),
            l.created_at,
        )
        .after(serde_json::json!({
            "title": l.title,
            "min_tier": l.requirement.min_tier.map(Tier::as_str),
            "min_class": l.requirement.min_class.map(MemberClass::as_str),
        }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_group_link(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("DELETE FROM group_links WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let audit = AuditEntry::operator(brand, by, "group_link.delete", ("group_link", id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn brand_ids(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT id FROM brands ORDER BY id")
            .fetch_all(&self.pool)
            .await?)
    }

    async fn monthly_tier_check(
        &self,
        brand: &str,
        rules: &rules::RuleSet,
        today: rules::CivilDate,
        offset_minutes: i32,
        at: i64,
    ) -> Result<MonthlyCheck> {
        let mut tx = self.pool.begin().await?;
        // The write comes first (SQLite's lock up front; PostgreSQL: one
        // check of a brand at a time, waiting behind a running one).
        sqlx::query("UPDATE brands SET id = id WHERE id = $1")
            .bind(brand)
            .execute(&mut *tx)
            .await?;
        let seniors = seniors_with_notes(&mut tx, brand, None, offset_minutes).await?;
        let mut report = MonthlyCheck::default();
        let mut still = Vec::new();
        for (member, state, notes) in seniors {
            match rules::roster::monthly_demotion(state, &notes, &rules.tiers, today) {
                Some(change) => {
                    record_tier_change(
                        &mut tx,
                        self.kind,
                        brand,
                        &member,
                        &change,
                        Some(today),
                        at,
                    )
                    .await?;
                    report.demoted.push(member);
                }
                None => still.push((member, state, notes)),
            }
        }
        report.warned = warn_likely_demotions(
            &mut tx,
            self.kind,
            brand,
            &still,
            &rules.tiers,
            &today.month().to_string(),
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The roster's page reads `applications_by_decision` in list order on
    /// SQLite: no full scan, no sort, whatever the program's size.
    #[tokio::test]
    async fn the_roster_page_reads_its_index_in_order() {
        let dir = std::env::temp_dir().join(format!("seedbed-roster-plan-{}", new_id()));
        let store = connect(&format!("sqlite:{}/p.db", dir.display()))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        for f in [
            RosterFilter::default(),
            RosterFilter {
                tier: Some(Tier::Junior),
                ..Default::default()
            },
        ] {
            let (cond, args) = roster_where(&f);
            let sql = format!(
                "EXPLAIN QUERY PLAN {BASE}{cond} ORDER BY a.decided_at DESC, a.member_id DESC LIMIT 50"
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind("demo");
            for a in &args {
                q = q.bind(a);
            }
            let plan: Vec<String> = q
                .fetch_all(&store.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get::<String, _>(3).unwrap())
                .collect();
            assert!(
                plan.iter()
                    .all(|s| !s.contains("TEMP B-TREE") && !s.starts_with("SCAN")),
                "{f:?}: {plan:#?}"
            );
            assert!(
                plan.iter().any(|s| s.contains("applications_by_decision")),
                "{plan:#?}"
            );
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
