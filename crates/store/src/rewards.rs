//! Rewards and redemption: the brand's catalogue (coupons with a code pool
//! or one shared code, checkout vouchers, gifts shipped like samples,
//! experiences with seats), each redemption and its fulfilment.
//!
//! Redeeming is one transaction that starts with its write: it takes one
//! from the item's stock (`UPDATE … SET stock = stock - 1 WHERE stock > 0`,
//! which on PostgreSQL locks the item's row until commit and re-checks the
//! condition on the committed row, and on SQLite runs under the one write
//! lock), so stock never goes below zero however many members redeem the
//! last item at once; under that lock it re-checks the member's standing
//! and per-member limit, claims a pool code, inserts the redemption and
//! posts the points (Available → Redeemed) through the ledger. Any refusal
//! rolls the whole transaction back. Cancelling reverses the posting and
//! gives the stock back (a pool code once shown is not handed out again).

use crate::ledger::{Line, NewPosting, Posted};
use crate::*;
use async_trait::async_trait;
use rules::{Account, PostingReason};
use rules::{RedemptionStatus, RewardKind};

/// A catalogue item.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RewardItem {
    pub brand_id: String,
    pub id: String,
    #[sqlx(try_from = "String")]
    pub kind: RewardKind,
    pub title: String,
    pub description: String,
    pub image_id: Option<String>,
    pub price: i64,
    pub stock: i64,
    /// A `rules::Tier` name.
    pub min_tier: String,
    /// A `rules::MemberClass` name.
    pub min_class: Option<String>,
    pub per_member_limit: i64,
    pub starts_at: Option<i64>,
    pub ends_at: Option<i64>,
    pub shared_code: Option<String>,
    pub voucher_fen: i64,
    pub event_at: Option<i64>,
    pub venue: String,
    #[sqlx(try_from = "IntFlag")]
    pub active: bool,
    pub created_at: i64,
    pub created_by: String,
    pub updated_at: i64,
}

impl RewardItem {
    /// What the item asks of a member, for `rules::rewards::why_not`.
    pub fn requirement(&self) -> Result<rules::rewards::Requirement> {
        let min_class = match &self.min_class {
            Some(c) => Some(
                rules::rewards::class_named(c)
                    .ok_or_else(|| StoreError::Corrupt(format!("reward min_class {c:?}")))?,
            ),
            None => None,
        };
        Ok(rules::rewards::Requirement {
            price: self.price,
            stock: self.stock,
            min_tier: rules::Tier::parse(&self.min_tier).ok_or_else(|| {
                StoreError::Corrupt(format!("reward min_tier {:?}", self.min_tier))
            })?,
            min_class,
            per_member_limit: self.per_member_limit,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            active: self.active,
        })
    }

    /// A coupon whose codes come from the uploaded pool.
    pub fn uses_pool(&self) -> bool {
        self.kind == RewardKind::Coupon && self.shared_code.is_none()
    }
}

/// An item with its counts, for the operator's catalogue.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RewardSummary {
    #[sqlx(flatten)]
    pub item: RewardItem,
    pub codes_total: i64,
    pub codes_used: i64,
    /// Live (not cancelled) redemptions.
    pub redeemed: i64,
}

/// One redemption, with its item's title and kind and the member's name.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Redemption {
    pub id: String,
    pub item_id: String,
    #[sqlx(try_from = "String")]
    pub kind: RewardKind,
    pub title: String,
    pub voucher_fen: i64,
    pub event_at: Option<i64>,
    pub venue: String,
    pub member_id: String,
    pub member_name: String,
    pub points: i64,
    #[sqlx(try_from = "String")]
    pub status: RedemptionStatus,
    pub code: Option<String>,
    pub recipient: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub courier: Option<String>,
    pub tracking: Option<String>,
    pub posting_id: Option<String>,
    pub reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A member's redemption to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRedemption {
    pub id: String,
    pub item_id: String,
    pub member_id: String,
    /// A gift's `(recipient, phone, address)`.
    pub shipping: Option<(String, String, String)>,
    /// The code of a voucher or an experience's seat (the caller makes it
    /// at random); coupons take theirs from the pool or the shared code.
    pub ticket: String,
    pub at: i64,
}

/// An operator's fulfilment step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fulfil {
    pub to: RedemptionStatus,
    /// `(courier, tracking)` when shipping.
    pub shipment: Option<(String, String)>,
    /// Why, when cancelling.
    pub reason: Option<String>,
    pub by: String,
    pub at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedemptionFilter {
    pub status: Option<RedemptionStatus>,
    pub item_id: Option<String>,
    pub member_id: Option<String>,
}

/// Where a member stands for the catalogue: approval, tier, class and
/// their live redemptions per item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RewardStanding {
    pub approved: bool,
    pub tier: rules::Tier,
    pub class: Option<rules::MemberClass>,
    pub redeemed: std::collections::HashMap<String, i64>,
}

impl RewardStanding {
    pub fn for_item(&self, item: &str, available: i64) -> rules::rewards::Standing {
        rules::rewards::Standing {
            approved: self.approved,
            tier: self.tier,
            class: self.class,
            available,
            redeemed: self.redeemed.get(item).copied().unwrap_or(0),
        }
    }
}

/// The catalogue and redemptions. One of the traits [`Store`] is made of.
/// A voucher used at the till.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VoucherUse {
    pub redemption_id: String,
    pub title: String,
    pub voucher_fen: i64,
    pub used_at: i64,
}

#[async_trait]
pub trait RewardStore: Send + Sync {
    /// Adds an item (audited). `Conflict("image_unknown")` when the image
    /// is not an operator upload of the brand.
    async fn create_reward(&self, item: &RewardItem) -> Result<RewardItem>;
    /// Saves an item's fields (audited with before and after); a pool
    /// coupon's stock stays what its free codes are.
    async fn update_reward(&self, item: &RewardItem, by: &str) -> Result<RewardItem>;
    async fn reward(&self, brand: &str, id: &str) -> Result<RewardItem>;
    /// Newest first, with counts; `active_only` for the members' catalogue.
    async fn rewards(&self, brand: &str, active_only: bool) -> Result<Vec<RewardSummary>>;
    /// Adds codes to a coupon's pool (each free code is one more in stock);
    /// codes already there are skipped. `(added, skipped, stock)`.
    /// `Conflict("reward_not_pooled")` for any other item.
    async fn add_reward_codes(
        &self,
        brand: &str,
        item_id: &str,
        codes: &[String],
        by: &str,
        at: i64,
    ) -> Result<(i64, i64, i64)>;
    async fn reward_standing(&self, brand: &str, member_id: &str) -> Result<RewardStanding>;
    /// Redeems in one transaction (see the module's notes). Refusals:
    /// `Conflict("reward_sold_out")`, `("reward_unavailable")` (the
    /// member's standing, window or limit, checked again under the lock),
    /// `("points_insufficient")`.
    async fn redeem(&self, brand: &str, r: &NewRedemption) -> Result<Redemption>;
    async fn redemption(&self, brand: &str, id: &str) -> Result<Redemption>;
    /// Newest first.
    async fn redemptions(
        &self,
        brand: &str,
        f: &RedemptionFilter,
        page: Page,
    ) -> Result<Vec<Redemption>>;
    /// Moves a redemption on (`rules::rewards::may_move`), else
    /// `Conflict("redemption_step_invalid")`. Cancelling reverses the
    /// points' posting and gives the stock back, in one transaction; the
    /// member is told of a shipment or a cancellation.
    async fn fulfil(&self, brand: &str, id: &str, step: &Fulfil) -> Result<Redemption>;
    /// A till uses a checkout voucher by its code (signed brand API): the
    /// issued voucher's redemption becomes `done` with the till's order
    /// reference, and the answer is what it is worth. The same order using
    /// it again gets the same answer (a retried call); another order gets
    /// `Conflict("voucher_used")`; no issued voucher with that code in the
    /// brand (or a cancelled one) is `NotFound`.
    async fn use_voucher(
        &self,
        brand: &str,
        code: &str,
        order_ref: &str,
        at: i64,
    ) -> Result<VoucherUse>;
}

/// The item's columns, unqualified: they serve `SELECT … FROM reward_items`
/// and `RETURNING` alike (SQLite's RETURNING takes no table alias).
const ITEM_COLUMNS: &str = "brand_id, id, kind, title, description, image_id, price, stock, \
     min_tier, min_class, per_member_limit, starts_at, ends_at, shared_code, voucher_fen, event_at, \
     venue, active, created_at, created_by, updated_at";

const REDEMPTIONS: &str = "SELECT r.id, r.item_id, i.kind, i.title, i.voucher_fen, i.event_at, i.venue, r.member_id, \
     COALESCE(p.display_name, '') AS member_name, r.points, r.status, r.code, r.recipient, r.phone, r.address, \
     r.courier, r.tracking, r.posting_id, r.reason, r.created_at, r.updated_at \
     FROM redemptions r JOIN reward_items i ON i.brand_id = r.brand_id AND i.id = r.item_id \
     LEFT JOIN applications p ON p.brand_id = r.brand_id AND p.member_id = r.member_id WHERE r.brand_id = $1";

/// The ledger's source kinds of redemptions and their cancellations.
const SOURCE: &str = "redemption";
const SOURCE_CANCEL: &str = "redemption_cancel";

fn item_json(i: &RewardItem) -> serde_json::Value {
    serde_json::json!({
        "kind": i.kind, "title": i.title, "price": i.price, "stock": i.stock, "min_tier": i.min_tier,
        "min_class": i.min_class, "per_member_limit": i.per_member_limit, "starts_at": i.starts_at,
        "ends_at": i.ends_at, "voucher_fen": i.voucher_fen, "event_at": i.event_at, "active": i.active,
        "image_id": i.image_id, "shared_code": i.shared_code.is_some(),
    })
}

async fn check_image(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    image: &Option<String>,
) -> Result<()> {
    if let Some(id) = image {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM uploads WHERE brand_id = $1 AND id = $2 AND owner_kind = 'operator'",
        )
        .bind(brand)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
        if n == 0 {
            return Err(StoreError::Conflict("image_unknown"));
        }
    }
    Ok(())
}

/// The member's approval, tier (the last tier change) and class. Classes
/// are recorded by the roster (`members.class`, migration 0021); until
/// that column exists no member has one, so a class requirement is unmet.
async fn standing(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    member: &str,
) -> Result<(bool, rules::Tier, Option<rules::MemberClass>)> {
    let approved: Option<String> = sqlx::query_scalar(
        "SELECT status FROM applications WHERE brand_id = $1 AND member_id = $2",
    )
    .bind(brand)
    .bind(member)
    .fetch_optional(&mut *conn)
    .await?;
    // The roster keeps the current tier and the class that counts (an
    // operator's override, else the computed one) on the member's row.
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT tier, class FROM members WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(member)
            .fetch_optional(&mut *conn)
            .await?;
    let (tier, class) = one(row)?;
    let tier =
        rules::Tier::parse(&tier).ok_or_else(|| StoreError::Corrupt(format!("tier {tier:?}")))?;
    let class = match class {
        Some(c) => Some(
            rules::rewards::class_named(&c)
                .ok_or_else(|| StoreError::Corrupt(format!("class {c:?}")))?,
        ),
        None => None,
    };
    Ok((approved.as_deref() == Some("approved"), tier, class))
}

impl SqlStore {
    async fn rewards_where(&self, brand: &str, more: &str) -> Result<Vec<RewardSummary>> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS}, \
               (SELECT COUNT(*) FROM reward_codes c WHERE c.brand_id = i.brand_id AND c.item_id = i.id) AS codes_total, \
               (SELECT COUNT(*) FROM reward_codes c WHERE c.brand_id = i.brand_id AND c.item_id = i.id \
                  AND c.redemption_id IS NOT NULL) AS codes_used, \
               (SELECT COUNT(*) FROM redemptions r WHERE r.brand_id = i.brand_id AND r.item_id = i.id \
                  AND r.status <> 'cancelled') AS redeemed \
             FROM reward_items i WHERE i.brand_id = $1 {more} ORDER BY i.created_at DESC, i.id DESC LIMIT 500"
        );
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .fetch_all(&self.pool)
            .await?)
    }
}

#[async_trait]
impl RewardStore for SqlStore {
    async fn create_reward(&self, i: &RewardItem) -> Result<RewardItem> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO reward_items (brand_id, id, kind, title, description, image_id, price, stock, min_tier, \
               min_class, per_member_limit, starts_at, ends_at, shared_code, voucher_fen, event_at, venue, active, \
               created_at, created_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $19)",
        )
        .bind(&i.brand_id)
        .bind(&i.id)
        .bind(i.kind.as_str())
        .bind(&i.title)
        .bind(&i.description)
        .bind(&i.image_id)
        .bind(i.price)
        .bind(if i.uses_pool() { 0 } else { i.stock })
        .bind(&i.min_tier)
        .bind(&i.min_class)
        .bind(i.per_member_limit)
        .bind(i.starts_at)
        .bind(i.ends_at)
        .bind(&i.shared_code)
        .bind(i.voucher_fen)
        .bind(i.event_at)
        .bind(&i.venue)
        .bind(i64::from(i.active))
        .bind(i.created_at)
        .bind(&i.created_by)
        .execute(&mut *tx)
        .await?;
        check_image(&mut tx, &i.brand_id, &i.image_id).await?;
        let audit = AuditEntry::operator(
            &i.brand_id,
            &i.created_by,
            "reward.create",
            ("reward", &i.id),
            i.created_at,
        )
        .after(item_json(i));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.reward(&i.brand_id, &i.id).await
    }

    async fn update_reward(&self, i: &RewardItem, by: &str) -> Result<RewardItem> {
        let mut tx = self.pool.begin().await?;
        // The write first (SQLite's lock); the old row for the audit comes
        // from the same transaction, so nothing moves between the two.
        let before: Option<RewardItem> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "UPDATE reward_items SET updated_at = $3 WHERE brand_id = $1 AND id = $2 RETURNING {ITEM_COLUMNS}"
        )))
        .bind(&i.brand_id)
        .bind(&i.id)
        .bind(i.updated_at)
        .fetch_optional(&mut *tx)
        .await?;
        let before = before.ok_or(StoreError::NotFound)?;
        if before.kind != i.kind {
            return Err(StoreError::Conflict("reward_kind_fixed"));
        }
        check_image(&mut tx, &i.brand_id, &i.image_id).await?;
        sqlx::query(
            "UPDATE reward_items SET title = $3, description = $4, image_id = $5, price = $6, \
               stock = CASE WHEN kind = 'coupon' AND shared_code IS NULL AND $14 = 1 THEN stock ELSE $7 END, \
               min_tier = $8, min_class = $9, per_member_limit = $10, starts_at = $11, ends_at = $12, \
               shared_code = $13, voucher_fen = $15, event_at = $16, venue = $17, active = $18 \
             WHERE brand_id = $1 AND id = $2",
        )
        .bind(&i.brand_id)
        .bind(&i.id)
        .bind(&i.title)
        .bind(&i.description)
        .bind(&i.image_id)
        .bind(i.price)
        .bind(i.stock)
        .bind(&i.min_tier)
        .bind(&i.min_class)
        .bind(i.per_member_limit)
        .bind(i.starts_at)
        .bind(i.ends_at)
        .bind(&i.shared_code)
        .bind(i64::from(i.uses_pool()))
        .bind(i.voucher_fen)
        .bind(i.event_at)
        .bind(&i.venue)
        .bind(i64::from(i.active))
        .execute(&mut *tx)
        .await?;
        let audit = AuditEntry::operator(
            &i.brand_id,
            by,
            "reward.update",
            ("reward", &i.id),
            i.updated_at,
        )
        .before(item_json(&before))
        .after(item_json(i));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.reward(&i.brand_id, &i.id).await
    }

    async fn reward(&self, brand: &str, id: &str) -> Result<RewardItem> {
        one(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ITEM_COLUMNS} FROM reward_items WHERE brand_id = $1 AND id = $2"
        )))
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn rewards(&self, brand: &str, active_only: bool) -> Result<Vec<RewardSummary>> {
        self.rewards_where(brand, if active_only { "AND i.active = 1" } else { "" })
            .await
    }

    async fn add_reward_codes(
        &self,
        brand: &str,
        item_id: &str,
        codes: &[String],
        by: &str,
        at: i64,
    ) -> Result<(i64, i64, i64)> {
        let mut tx = self.pool.begin().await?;
        let pooled: Option<(String, Option<String>)> = sqlx::query_as(
            "UPDATE reward_items SET updated_at = $3 WHERE brand_id = $1 AND id = $2 RETURNING kind, shared_code",
        )
        .bind(brand)
        .bind(item_id)
        .bind(at)
        .fetch_optional(&mut *tx)
        .await?;
        match pooled {
            None => return Err(StoreError::NotFound),
            Some((kind, None)) if kind == RewardKind::Coupon.as_str() => {}
            Some(_) => return Err(StoreError::Conflict("reward_not_pooled")),
        }
        let mut added = 0;
        for chunk in codes.chunks(batch_rows(self.kind)) {
            let mut rows: Vec<Vec<Cell>> = chunk
                .iter()
                .map(|c| {
                    vec![
                        Cell::Text(Some(brand.to_string())),
                        Cell::Text(Some(item_id.to_string())),
                        Cell::Text(Some(c.clone())),
                        Cell::Int(Some(at)),
                    ]
                })
                .collect();
            added += insert_rows(
                &mut tx,
                "reward_codes",
                &["brand_id", "item_id", "code", "added_at"],
                &mut rows,
                "ON CONFLICT DO NOTHING",
            )
            .await? as i64;
        }
        let stock: i64 = sqlx::query_scalar(
            "UPDATE reward_items SET stock = stock + $3 WHERE brand_id = $1 AND id = $2 RETURNING stock",
        )
        .bind(brand)
        .bind(item_id)
        .bind(added)
        .fetch_one(&mut *tx)
        .await?;
        let skipped = codes.len() as i64 - added;
        let audit = AuditEntry::operator(brand, by, "reward.codes", ("reward", item_id), at)
            .after(serde_json::json!({ "added": added, "skipped": skipped, "stock": stock }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok((added, skipped, stock))
    }

    async fn reward_standing(&self, brand: &str, member_id: &str) -> Result<RewardStanding> {
        let mut conn = self.pool.acquire().await?;
        let (approved, tier, class) = standing(&mut conn, brand, member_id).await?;
        let counts: Vec<(String, i64)> = sqlx::query_as(
            "SELECT item_id, COUNT(*) FROM redemptions WHERE brand_id = $1 AND member_id = $2 \
             AND status <> 'cancelled' GROUP BY item_id",
        )
        .bind(brand)
        .bind(member_id)
        .fetch_all(&mut *conn)
        .await?;
        Ok(RewardStanding {
            approved,
            tier,
            class,
            redeemed: counts.into_iter().collect(),
        })
    }

    async fn redeem(&self, brand: &str, r: &NewRedemption) -> Result<Redemption> {
        let mut tx = self.pool.begin().await?;
        // One from stock: the write that locks the item (PostgreSQL
        // re-checks `stock > 0` on the row as the last committer left it).
        let taken: Option<RewardItem> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "UPDATE reward_items SET stock = stock - 1 WHERE brand_id = $1 AND id = $2 AND stock > 0 \
             RETURNING {ITEM_COLUMNS}"
        )))
        .bind(brand)
        .bind(&r.item_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(item) = taken else {
            tx.rollback().await?;
            self.reward(brand, &r.item_id).await?;
            return Err(StoreError::Conflict("reward_sold_out"));
        };
        // Under the item's lock: the member's standing and their live
        // redemptions of it (a second redemption of theirs waits here).
        let (approved, tier, class) = standing(&mut tx, brand, &r.member_id).await?;
        let redeemed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM redemptions WHERE brand_id = $1 AND member_id = $2 AND item_id = $3 \
             AND status <> 'cancelled'",
        )
        .bind(brand)
        .bind(&r.member_id)
        .bind(&r.item_id)
        .fetch_one(&mut *tx)
        .await?;
        let mut need = item.requirement()?;
        // The stock was taken above; points are checked by the posting.
        need.stock = 1;
        need.price = 0;
        let me = rules::rewards::Standing {
            approved,
            tier,
            class,
            available: 0,
            redeemed,
        };
        if rules::rewards::why_not(&need, &me, r.at).is_some() {
            return Err(StoreError::Conflict("reward_unavailable"));
        }
        let code = match (item.kind, &item.shared_code) {
            (RewardKind::Coupon, Some(shared)) => Some(shared.clone()),
            (RewardKind::Coupon, None) => {
                let code: Option<String> = sqlx::query_scalar(
                    "SELECT code FROM reward_codes WHERE brand_id = $1 AND item_id = $2 AND redemption_id IS NULL \
                     ORDER BY added_at, code LIMIT 1",
                )
                .bind(brand)
                .bind(&r.item_id)
                .fetch_optional(&mut *tx)
                .await?;
                // Stock counts free codes, so one is there; the guard in
                // the UPDATE keeps a code from ever going to two.
                let code = code.ok_or(StoreError::Conflict("reward_sold_out"))?;
                let done = sqlx::query(
                    "UPDATE reward_codes SET redemption_id = $4 WHERE brand_id = $1 AND item_id = $2 AND code = $3 \
                     AND redemption_id IS NULL",
                )
                .bind(brand)
                .bind(&r.item_id)
                .bind(&code)
                .bind(&r.id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict("reward_sold_out"));
                }
                Some(code)
            }
            (RewardKind::Voucher | RewardKind::Experience, _) => Some(r.ticket.clone()),
            (RewardKind::Gift, _) => None,
        };
        if item.kind == RewardKind::Gift && r.shipping.is_none() {
            return Err(StoreError::Conflict("address_required"));
        }
        let (recipient, phone, address) = match &r.shipping {
            Some((a, b, c)) if item.kind == RewardKind::Gift => (Some(a), Some(b), Some(c)),
            _ => (None, None, None),
        };
        let posting = NewPosting {
            member_id: r.member_id.clone(),
            reason: PostingReason::Redemption,
            memo: item.title.clone(),
            detail: serde_json::json!({ "redemption_id": r.id, "item_id": item.id, "kind": item.kind, "title": item.title })
                .to_string(),
            source_kind: SOURCE.into(),
            source_id: r.id.clone(),
            reverses: None,
            by: r.member_id.clone(),
            at: r.at,
            lines: vec![
                Line::member(Account::Available, &r.member_id, -item.price),
                Line::brand(Account::Redeemed, item.price),
            ],
            allow_negative: false,
        };
        let posting_id = match ledger::post(&mut tx, brand, &posting).await? {
            Posted::New(id) => id,
            // The redemption id is fresh: a posting already there means a
            // retry of this very redemption, which the insert below refuses.
            Posted::Already(_) => return Err(StoreError::Conflict("redemption_exists")),
        };
        sqlx::query(
            "INSERT INTO redemptions (brand_id, id, item_id, member_id, points, status, code, recipient, phone, address, \
               posting_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
        )
        .bind(brand)
        .bind(&r.id)
        .bind(&r.item_id)
        .bind(&r.member_id)
        .bind(item.price)
        .bind(rules::rewards::first_status(item.kind).as_str())
        .bind(&code)
        .bind(recipient)
        .bind(phone)
        .bind(address)
        .bind(&posting_id)
        .bind(r.at)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("redemption_exists"))?;
        let audit = AuditEntry::member(brand, &r.member_id, "reward.redeem", ("redemption", &r.id), r.at)
            .after(serde_json::json!({ "item_id": item.id, "points": item.price, "member_id": r.member_id }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.redemption(brand, &r.id).await
    }

    async fn redemption(&self, brand: &str, id: &str) -> Result<Redemption> {
        one(
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{REDEMPTIONS} AND r.id = $2")))
                .bind(brand)
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn redemptions(
        &self,
        brand: &str,
        f: &RedemptionFilter,
        page: Page,
    ) -> Result<Vec<Redemption>> {
        let mut sql = String::from(REDEMPTIONS);
        let mut args: Vec<&str> = vec![brand];
        if let Some(s) = f.status {
            args.push(s.as_str());
            sql.push_str(&format!(" AND r.status = ${}", args.len()));
        }
        if let Some(i) = &f.item_id {
            args.push(i);
            sql.push_str(&format!(" AND r.item_id = ${}", args.len()));
        }
        if let Some(m) = &f.member_id {
            args.push(m);
            sql.push_str(&format!(" AND r.member_id = ${}", args.len()));
        }
        sql.push_str(&format!(
            " ORDER BY r.created_at DESC, r.id DESC LIMIT ${} OFFSET ${}",
            args.len() + 1,
            args.len() + 2
        ));
        let mut q = sqlx::query_as::<_, Redemption>(sqlx::AssertSqlSafe(sql));
        for a in args {
            q = q.bind(a);
        }
        Ok(q.bind(page.limit)
            .bind(page.offset)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn use_voucher(
        &self,
        brand: &str,
        code: &str,
        order_ref: &str,
        at: i64,
    ) -> Result<VoucherUse> {
        let mut tx = self.pool.begin().await?;
        // The write comes first: only an issued voucher moves, once.
        sqlx::query(
            "UPDATE redemptions SET status = 'done', used_order_ref = $3, updated_at = $4 \
             WHERE brand_id = $1 AND code = $2 AND status = 'issued' \
             AND item_id IN (SELECT id FROM reward_items WHERE brand_id = $1 AND kind = 'voucher')",
        )
        .bind(brand)
        .bind(code)
        .bind(order_ref)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let row: Option<(String, String, Option<String>, String, i64, i64)> = sqlx::query_as(
            "SELECT r.id, r.status, r.used_order_ref, i.title, i.voucher_fen, r.updated_at \
             FROM redemptions r JOIN reward_items i ON i.brand_id = r.brand_id AND i.id = r.item_id \
             WHERE r.brand_id = $1 AND r.code = $2 AND i.kind = 'voucher'",
        )
        .bind(brand)
        .bind(code)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        match row {
            Some((id, status, used, title, voucher_fen, used_at))
                if status == "done" && used.as_deref() == Some(order_ref) =>
            {
                Ok(VoucherUse {
                    redemption_id: id,
                    title,
                    voucher_fen,
                    used_at,
                })
            }
            Some((_, status, _, _, _, _)) if status == "done" => {
                Err(StoreError::Conflict("voucher_used"))
            }
            _ => Err(StoreError::NotFound),
        }
    }

    async fn fulfil(&self, brand: &str, id: &str, step: &Fulfil) -> Result<Redemption> {
        let mut tx = self.pool.begin().await?;
        // The write first: it locks the redemption, so two operators'
        // steps (two cancellations) run one after the other.
        let row: Option<(String, String, String, i64, Option<String>)> = sqlx::query_as(
            "UPDATE redemptions SET updated_at = $3 WHERE brand_id = $1 AND id = $2 \
             RETURNING status, item_id, member_id, points, posting_id",
        )
        .bind(brand)
        .bind(id)
        .bind(step.at)
        .fetch_optional(&mut *tx)
        .await?;
        let (status, item_id, member_id, points, posting_id) = row.ok_or(StoreError::NotFound)?;
        let (kind, title): (String, String) =
            sqlx::query_as("SELECT kind, title FROM reward_items WHERE brand_id = $1 AND id = $2")
                .bind(brand)
                .bind(&item_id)
                .fetch_one(&mut *tx)
                .await?;
        let from: RedemptionStatus = status
            .parse()
            .map_err(|e: rules::UnknownWord| StoreError::Corrupt(e.to_string()))?;
        let kind: RewardKind = kind
            .parse()
            .map_err(|e: rules::UnknownWord| StoreError::Corrupt(e.to_string()))?;
        if !rules::rewards::may_move(kind, from, step.to) {
            return Err(StoreError::Conflict("redemption_step_invalid"));
        }
        let (courier, tracking) = match &step.shipment {
            Some((c, t)) => (Some(c.as_str()), Some(t.as_str())),
            None => (None, None),
        };
        sqlx::query(
            "UPDATE redemptions SET status = $3, courier = COALESCE($4, courier), tracking = COALESCE($5, tracking), \
               reason = COALESCE($6, reason), updated_by = $7 WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .bind(step.to.as_str())
        .bind(courier)
        .bind(tracking)
        .bind(&step.reason)
        .bind(&step.by)
        .execute(&mut *tx)
        .await?;
        let mut inbox = Vec::new();
        if step.to == RedemptionStatus::Cancelled {
            if let Some(p) = &posting_id {
                ledger::reverse(
                    &mut tx,
                    brand,
                    p,
                    PostingReason::RedemptionCancelled,
                    (SOURCE_CANCEL, id),
                    &step.by,
                    step.at,
                )
                .await?;
            }
            // The item goes back on the shelf; a pool code, once shown,
            // stays spent (its stock is its free codes).
            sqlx::query(
                "UPDATE reward_items SET stock = stock + 1 WHERE brand_id = $1 AND id = $2 \
                 AND NOT (kind = 'coupon' AND shared_code IS NULL)",
            )
            .bind(brand)
            .bind(&item_id)
            .execute(&mut *tx)
            .await?;
            inbox.push(Notification::new(
                brand,
                &member_id,
                rules::NotificationKind::RedemptionCancelled,
                serde_json::json!({ "redemption_id": id, "campaign_title": title, "points": points, "reason": step.reason }),
                step.at,
            ));
        }
        if step.to == RedemptionStatus::Shipped {
            inbox.push(Notification::new(
                brand,
                &member_id,
                rules::NotificationKind::RewardShipped,
                serde_json::json!({ "redemption_id": id, "campaign_title": title,
                    "reason": format!("{} {}", courier.unwrap_or_default(), tracking.unwrap_or_default()) }),
                step.at,
            ));
        }
        insert_notifications(&mut tx, self.kind, inbox).await?;
        let audit = AuditEntry::operator(
            brand,
            &step.by,
            "redemption.fulfil",
            ("redemption", id),
            step.at,
        )
        .before(serde_json::json!({ "status": from, "member_id": member_id }))
        .after(
            serde_json::json!({ "status": step.to, "member_id": member_id, "courier": courier,
                "tracking": tracking, "reason": step.reason }),
        );
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.redemption(brand, id).await
    }
}
