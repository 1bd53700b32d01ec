//! Monthly themes and their campaigns: drafts, publishing (which freezes
//! the rule set) and closing.

use crate::*;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Theme {
    pub brand_id: String,
    pub id: String,
    pub month: String,
    pub title: String,
    pub description: String,
    pub created_at: i64,
    /// An operator upload shown with the theme.
    pub artwork_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub brand_id: String,
    pub id: String,
    pub theme_id: String,
    pub title: String,
    pub brief: String,
    pub hashtags: Vec<String>,
    pub platforms: Vec<String>,
    pub slots: i64,
    pub signup_closes: String,
    pub publish_by: String,
    pub settlement_date: String,
    /// The rule set frozen when the campaign was published.
    pub rules: rules::RuleSet,
    /// Percent applied to every note's points (100 = none).
    pub multiplier_percent: i64,
    /// Notes must carry the platform's ad disclosure (paid collaboration).
    pub disclosure_required: bool,
    /// `draft`, `published`, `closed` or `settled`.
    pub status: rules::CampaignStatus,
    pub created_at: i64,
    /// Sign-ups that are not withdrawn (kept by the store).
    pub signups: i64,
    /// Members may sign up from this tier up.
    pub min_tier: rules::Tier,
    /// `any`, `image` or `video`.
    pub note_type: rules::NoteType,
    pub products: Vec<String>,
    /// First day of sign-up (`YYYY-MM-DD`), or empty: from publication.
    pub signup_opens: String,
    /// When an operator confirmed the selection (`None`: not yet; kept by the store).
    pub selected_at: Option<i64>,
    /// Sign-ups now selected (kept by the store).
    pub selected: i64,
    /// A trial with product samples: selected members publish within this
    /// many days of receiving theirs (0: no samples).
    pub sample_days: i64,
}

impl Campaign {
    /// A new draft of `brand`'s campaign under theme `theme_id`, created at
    /// `created_at`, with a fresh id and every other field empty or at its
    /// default (100 % multiplier, any note type, open to every tier). Give
    /// the fields that matter with struct update syntax:
    /// `Campaign { title, ..Campaign::draft(brand, theme, now) }`.
    pub fn draft(brand: &str, theme_id: &str, created_at: i64) -> Campaign {
        Campaign {
            brand_id: brand.to_string(),
            id: new_id(),
            theme_id: theme_id.to_string(),
            title: String::new(),
            brief: String::new(),
            hashtags: Vec::new(),
            platforms: Vec::new(),
            slots: 0,
            signup_closes: String::new(),
            publish_by: String::new(),
            settlement_date: String::new(),
            rules: rules::RuleSet::default(),
            multiplier_percent: 100,
            disclosure_required: false,
            status: rules::CampaignStatus::Draft,
            created_at,
            signups: 0,
            min_tier: rules::Tier::Member,
            note_type: rules::NoteType::Any,
            products: Vec::new(),
            signup_opens: String::new(),
            selected_at: None,
            selected: 0,
            sample_days: 0,
        }
    }
}

/// A theme row, as [`Theme`] reads it.
macro_rules! theme_columns {
    () => {
        "brand_id, id, month, title, description, created_at, artwork_id"
    };
}

/// Themes and campaigns: drafts, publishing, closing. One of the traits [`Store`] is made of.
#[async_trait]
pub trait CampaignStore: Send + Sync {
    /// Fails with `Conflict("theme_month_taken")` when the month has a theme.
    /// `by` (an operator id) is recorded in the audit log, in the same transaction.
    async fn create_theme(&self, theme: &Theme, by: &str) -> Result<()>;
    /// Changes a theme's title, description and artwork.
    async fn update_theme(&self, t: &Theme, by: &str, at: i64) -> Result<()>;
    async fn themes(&self, brand: &str) -> Result<Vec<Theme>>;
    async fn theme(&self, brand: &str, id: &str) -> Result<Theme>;
    async fn theme_by_month(&self, brand: &str, month: &str) -> Result<Theme>;

    /// Saves a campaign as it is (a draft, or published from the start);
    /// `by` is recorded in the audit log.
    async fn create_campaign(&self, c: &Campaign, by: &str) -> Result<()>;
    /// Replaces a draft's fields; `Conflict("not_draft")` once published.
    async fn update_campaign(&self, c: &Campaign, by: &str, at: i64) -> Result<()>;
    /// Draft → published, freezing `set` into the campaign.
    /// `Conflict("not_draft")` otherwise.
    async fn publish_campaign(
        &self,
        brand: &str,
        id: &str,
        set: &rules::RuleSet,
        by: &str,
        at: i64,
    ) -> Result<Campaign>;
    /// Published → closed: sign-up ends and whoever waits for a place is
    /// told they were not selected. `Conflict("not_published")` otherwise.
    async fn close_campaign(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<Campaign>;
    async fn campaigns(&self, brand: &str, theme_id: &str) -> Result<Vec<Campaign>>;
    async fn campaign(&self, brand: &str, id: &str) -> Result<Campaign>;
}

pub(crate) fn campaign_audit(c: &Campaign) -> serde_json::Value {
    serde_json::json!({
        "theme_id": c.theme_id,
        "title": c.title,
        "slots": c.slots,
        "min_tier": c.min_tier.as_str(),
        "note_type": c.note_type,
        "signup_opens": c.signup_opens,
        "signup_closes": c.signup_closes,
        "publish_by": c.publish_by,
        "settlement_date": c.settlement_date,
        "multiplier_percent": c.multiplier_percent,
        "disclosure_required": c.disclosure_required,
    })
}

#[derive(sqlx::FromRow)]
pub(crate) struct CampaignRow {
    brand_id: String,
    id: String,
    theme_id: String,
    title: String,
    brief: String,
    hashtags: String,
    platforms: String,
    slots: i64,
    signup_closes: String,
    publish_by: String,
    settlement_date: String,
    points_rule: String,
    multiplier_percent: i64,
    #[sqlx(try_from = "IntFlag")]
    disclosure_required: bool,
    #[sqlx(try_from = "String")]
    status: rules::CampaignStatus,
    created_at: i64,
    signups: i64,
    min_tier: String,
    #[sqlx(try_from = "String")]
    note_type: rules::NoteType,
    products: String,
    signup_opens: String,
    selected_at: Option<i64>,
    selected: i64,
    sample_days: i64,
}

impl CampaignRow {
    fn decode(self) -> Result<Campaign> {
        Ok(Campaign {
            hashtags: from_json(&self.hashtags)?,
            platforms: from_json(&self.platforms)?,
            rules: load_rules(&self.points_rule)?,
            multiplier_percent: self.multiplier_percent,
            disclosure_required: self.disclosure_required,
            brand_id: self.brand_id,
            id: self.id,
            theme_id: self.theme_id,
            title: self.title,
            brief: self.brief,
            slots: self.slots,
            signup_closes: self.signup_closes,
            publish_by: self.publish_by,
            settlement_date: self.settlement_date,
            status: self.status,
            created_at: self.created_at,
            signups: self.signups,
            min_tier: rules::Tier::parse(&self.min_tier)
                .ok_or_else(|| StoreError::Corrupt(format!("tier {:?}", self.min_tier)))?,
            note_type: self.note_type,
            products: from_json(&self.products)?,
            signup_opens: self.signup_opens,
            selected_at: self.selected_at,
            selected: self.selected,
            sample_days: self.sample_days,
        })
    }
}

macro_rules! campaign_columns {
    () => {
        "c.brand_id, c.id, c.theme_id, c.title, c.brief, c.hashtags, c.platforms, \
     c.slots, c.signup_closes, c.publish_by, c.settlement_date, c.points_rule, c.multiplier_percent, c.disclosure_required, c.status, c.created_at, \
     c.signup_count AS signups, c.min_tier, c.note_type, c.products, c.signup_opens, c.selected_at, \
     c.selected_count AS selected, c.sample_days"
    };
}

pub(crate) async fn campaign_in(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    id: &str,
) -> Result<Campaign> {
    let sql = concat!(
        "SELECT ",
        campaign_columns!(),
        " FROM campaigns c WHERE c.brand_id = $1 AND c.id = $2"
    );
    one(sqlx::query_as::<_, CampaignRow>(sql)
        .bind(brand)
        .bind(id)
        .fetch_optional(conn)
        .await?)?
    .decode()
}

#[async_trait]
impl CampaignStore for SqlStore {
    async fn create_theme(&self, t: &Theme, by: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO themes (brand_id, id, month, title, description, created_at, artwork_id) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(&t.brand_id)
            .bind(&t.id)
            .bind(&t.month)
            .bind(&t.title)
            .bind(&t.description)
            .bind(t.created_at)
            .bind(&t.artwork_id)
            .execute(&mut *tx)
            .await
            .map_err(unique_as("theme_month_taken"))?;
        let audit = AuditEntry::operator(
            &t.brand_id,
            by,
            "theme.create",
            ("theme", &t.id),
            t.created_at,
        )
        .after(serde_json::json!({ "month": t.month, "title": t.title }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_theme(&self, t: &Theme, by: &str, at: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE themes SET title = $3, description = $4, artwork_id = $5 WHERE brand_id = $1 AND id = $2",
        )
        .bind(&t.brand_id)
        .bind(&t.id)
        .bind(&t.title)
        .bind(&t.description)
        .bind(&t.artwork_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        }
        let audit = AuditEntry::operator(&t.brand_id, by, "theme.update", ("theme", &t.id), at)
            .after(serde_json::json!({ "title": t.title, "artwork_id": t.artwork_id }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn themes(&self, brand: &str) -> Result<Vec<Theme>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            theme_columns!(),
            " FROM themes WHERE brand_id = $1 ORDER BY month DESC"
        ))
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn theme(&self, brand: &str, id: &str) -> Result<Theme> {
        one(sqlx::query_as(concat!(
            "SELECT ",
            theme_columns!(),
            " FROM themes WHERE brand_id = $1 AND id = $2"
        ))
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn theme_by_month(&self, brand: &str, month: &str) -> Result<Theme> {
        one(sqlx::query_as(concat!(
            "SELECT ",
            theme_columns!(),
            " FROM themes WHERE brand_id = $1 AND month = $2"
        ))
        .bind(brand)
        .bind(month)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn create_campaign(&self, c: &Campaign, by: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO campaigns (brand_id, id, theme_id, title, brief, hashtags, platforms, slots, signup_closes, \
             publish_by, settlement_date, points_rule, multiplier_percent, status, created_at, disclosure_required, \
             min_tier, note_type, products, signup_opens, sample_days) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
        )
        .bind(&c.brand_id)
        .bind(&c.id)
        .bind(&c.theme_id)
        .bind(&c.title)
        .bind(&c.brief)
        .bind(to_json(&c.hashtags))
        .bind(to_json(&c.platforms))
        .bind(c.slots)
        .bind(&c.signup_closes)
        .bind(&c.publish_by)
        .bind(&c.settlement_date)
        .bind(to_json(&c.rules))
        .bind(c.multiplier_percent)
        .bind(c.status.as_str())
        .bind(c.created_at)
        .bind(i64::from(c.disclosure_required))
        .bind(c.min_tier.as_str())
        .bind(c.note_type.as_str())
        .bind(to_json(&c.products))
        .bind(&c.signup_opens)
        .bind(c.sample_days)
        .execute(&mut *tx)
        .await?;
        let audit = AuditEntry::operator(
            &c.brand_id,
            by,
            if c.status == "draft" {
                "campaign.create"
            } else {
                "campaign.publish"
            },
            ("campaign", &c.id),
            c.created_at,
        )
        .after(serde_json::json!({
            "theme_id": c.theme_id,
            "title": c.title,
            "slots": c.slots,
            "rule_version": c.rules.version,
            "multiplier_percent": c.multiplier_percent,
            "disclosure_required": c.disclosure_required,
        }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn campaigns(&self, brand: &str, theme_id: &str) -> Result<Vec<Campaign>> {
        let sql = concat!(
            "SELECT ",
            campaign_columns!(),
            " FROM campaigns c WHERE c.brand_id = $1 AND c.theme_id = $2 ORDER BY c.created_at, c.id"
        );
        sqlx::query_as::<_, CampaignRow>(sql)
            .bind(brand)
            .bind(theme_id)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(CampaignRow::decode)
            .collect()
    }

    async fn campaign(&self, brand: &str, id: &str) -> Result<Campaign> {
        campaign_in(&mut *self.pool.acquire().await?, brand, id).await
    }

    async fn update_campaign(&self, c: &Campaign, by: &str, at: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE campaigns SET title = $3, brief = $4, hashtags = $5, platforms = $6, slots = $7, signup_closes = $8, \
             publish_by = $9, settlement_date = $10, multiplier_percent = $11, disclosure_required = $12, min_tier = $13, \
             note_type = $14, products = $15, signup_opens = $16, sample_days = $17 \
             WHERE brand_id = $1 AND id = $2 AND status = 'draft'",
        )
        .bind(&c.brand_id)
        .bind(&c.id)
        .bind(&c.title)
        .bind(&c.brief)
        .bind(to_json(&c.hashtags))
        .bind(to_json(&c.platforms))
        .bind(c.slots)
        .bind(&c.signup_closes)
        .bind(&c.publish_by)
        .bind(&c.settlement_date)
        .bind(c.multiplier_percent)
        .bind(i64::from(c.disclosure_required))
        .bind(c.min_tier.as_str())
        .bind(c.note_type.as_str())
        .bind(to_json(&c.products))
        .bind(&c.signup_opens)
        .bind(c.sample_days)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.campaign(&c.brand_id, &c.id).await?;
            return Err(StoreError::Conflict("not_draft"));
        }
        let audit =
            AuditEntry::operator(&c.brand_id, by, "campaign.update", ("campaign", &c.id), at)
                .after(campaign_audit(c));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn publish_campaign(
        &self,
        brand: &str,
        id: &str,
        set: &rules::RuleSet,
        by: &str,
        at: i64,
    ) -> Result<Campaign> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE campaigns SET status = 'published', points_rule = $3 \
             WHERE brand_id = $1 AND id = $2 AND status = 'draft'",
        )
        .bind(brand)
        .bind(id)
        .bind(to_json(set))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.campaign(brand, id).await?;
            return Err(StoreError::Conflict("not_draft"));
        }
        let audit = AuditEntry::operator(brand, by, "campaign.publish", ("campaign", id), at)
            .before(serde_json::json!({ "status": "draft" }))
            .after(serde_json::json!({ "status": "published", "rule_version": set.version }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.campaign(brand, id).await
    }

    async fn close_campaign(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<Campaign> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE campaigns SET status = 'closed' WHERE brand_id = $1 AND id = $2 AND status = 'published'",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.campaign(brand, id).await?;
            return Err(StoreError::Conflict("not_published"));
        }
        let c = campaign_in(&mut tx, brand, id).await?;
        end_waitlist(&mut tx, self.kind, &c, at).await?;
        let audit = AuditEntry::operator(brand, by, "campaign.close", ("campaign", id), at)
            .before(serde_json::json!({ "status": "published" }))
            .after(serde_json::json!({ "status": "closed" }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.campaign(brand, id).await
    }
}
