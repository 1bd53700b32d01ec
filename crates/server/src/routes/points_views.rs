//! Conversions from store rows to API shapes for the points economy:
//! checkout keys and holds, rewards and redemptions (codes and contacts
//! masked for operators, whole for their member), the member's points
//! page, and the roster (rows, classes, overrides, tier changes, groups).
//! Re-exported by `views`, so routes name them as `views::…`.

use super::views::ledger_entry;
use crate::error::{ApiError, ApiResult};
use crate::time;

// issue 16: checkout

pub fn api_key(k: store::ApiKey) -> api::ApiKeyView {
    api::ApiKeyView {
        id: k.id,
        label: k.label,
        created_at: k.created_at,
        last_used_at: k.last_used_at,
        revoked_at: k.revoked_at,
    }
}

pub fn hold(h: store::Hold) -> api::HoldView {
    api::HoldView {
        id: h.id,
        order_ref: h.order_ref,
        order_fen: h.order_fen,
        points: h.points,
        discount_fen: h.discount_fen,
        status: h.status,
        created_at: h.created_at,
        expires_at: h.expires_at,
        settled_at: h.settled_at,
        refunded_at: h.refunded_at,
    }
}

pub fn my_hold(h: store::Hold) -> api::MyHold {
    api::MyHold {
        id: h.id,
        points: h.points,
        discount_fen: h.discount_fen,
        order_fen: h.order_fen,
        status: h.status,
        created_at: h.created_at,
    }
}

// issue 16: rewards

/// Where a reward's image is served (the upload id in the query: a new
/// image is a new address).
fn reward_image_url(i: &store::RewardItem) -> Option<String> {
    i.image_id.as_ref().map(|id| {
        format!(
            "/api/v1/brands/{}/rewards/{}/image?v={id}",
            i.brand_id, i.id
        )
    })
}

fn day_of(b: &store::Brand, at: Option<i64>) -> Option<String> {
    at.map(|t| time::local_date(&b.time_zone, t).to_string())
}

/// The last day to redeem (the window ends at the start of the next).
fn last_day(b: &store::Brand, ends_at: Option<i64>) -> Option<String> {
    day_of(b, ends_at.map(|t| t - 1))
}

pub fn reward_view(s: store::RewardSummary, b: &store::Brand) -> api::RewardView {
    let i = s.item;
    api::RewardView {
        image_url: reward_image_url(&i),
        starts_on: day_of(b, i.starts_at),
        ends_on: last_day(b, i.ends_at),
        event_on: day_of(b, i.event_at),
        shared_code: i.shared_code.as_deref().map(rules::rewards::mask_code),
        id: i.id,
        kind: i.kind,
        title: i.title,
        description: i.description,
        image_id: i.image_id,
        price: i.price,
        stock: i.stock,
        codes_total: s.codes_total,
        codes_used: s.codes_used,
        redeemed: s.redeemed,
        min_tier: i.min_tier,
        min_class: i.min_class,
        per_member_limit: i.per_member_limit,
        voucher_fen: i.voucher_fen,
        venue: i.venue,
        active: i.active,
    }
}

/// An item for the member's phone, with why they may not redeem it.
pub fn my_reward(
    i: store::RewardItem,
    b: &store::Brand,
    blocked: Option<rules::RewardBlock>,
    points_per_yuan: i64,
) -> api::MyReward {
    use rules::RewardBlock as B;
    let need = match blocked {
        Some(B::TierTooLow) => Some(i.min_tier.clone()),
        Some(B::ClassTooLow) => i.min_class.clone(),
        Some(B::NotOpen) => day_of(b, i.starts_at),
        Some(B::LimitReached) => Some(i.per_member_limit.to_string()),
        Some(B::NotEnoughPoints) => Some(i.price.to_string()),
        _ => None,
    };
    api::MyReward {
        image_url: reward_image_url(&i),
        price_fen: rules::points::fen_for_points(i.price, points_per_yuan),
        event_on: day_of(b, i.event_at),
        ends_on: last_day(b, i.ends_at),
        id: i.id,
        kind: i.kind,
        title: i.title,
        description: i.description,
        price: i.price,
        stock: i.stock,
        voucher_fen: i.voucher_fen,
        venue: i.venue,
        blocked,
        need,
    }
}

/// A redemption for operators: the code masked, the contact masked, the
/// address cut to its start (`…/shipping` shows it whole, audited).
pub fn redemption_view(r: store::Redemption) -> api::RedemptionView {
    let cut = |a: &str| {
        let head: String = a.chars().take(6).collect();
        if head.chars().count() < a.chars().count() {
            format!("{head}…")
        } else {
            head
        }
    };
    api::RedemptionView {
        code: r.code.as_deref().map(rules::rewards::mask_code),
        recipient: r.recipient.as_deref().map(|n| {
            let first: String = n.chars().take(1).collect();
            format!("{first}**")
        }),
        phone: r.phone.as_deref().map(rules::phone::mask_contact),
        address: r.address.as_deref().map(cut),
        id: r.id,
        item_id: r.item_id,
        kind: r.kind,
        title: r.title,
        member_id: r.member_id,
        member_name: r.member_name,
        points: r.points,
        status: r.status,
        courier: r.courier,
        tracking: r.tracking,
        reason: r.reason,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// A redemption for its member, the code in full.
pub fn my_redemption(r: store::Redemption) -> api::MyRedemption {
    api::MyRedemption {
        id: r.id,
        item_id: r.item_id,
        kind: r.kind,
        title: r.title,
        points: r.points,
        status: r.status,
        // A cancelled redemption's code is no longer the member's.
        code: (r.status != rules::RedemptionStatus::Cancelled)
            .then_some(r.code)
            .flatten(),
        voucher_fen: r.voucher_fen,
        event_at: r.event_at,
        venue: r.venue,
        courier: r.courier,
        tracking: r.tracking,
        reason: r.reason,
        created_at: r.created_at,
    }
}

// issue 16: ledgerops
/// A posting on the member's points page: its reason decoded strictly (a
/// reason no enum knows is corrupt data, a 500), a settled note's
/// breakdown as for the ledger.
pub fn my_points_entry(e: store::LedgerEntry) -> crate::error::ApiResult<api::MyPointsEntry> {
    let reason = e
        .reason
        .parse::<rules::PostingReason>()
        .map_err(|w| store::StoreError::Corrupt(w.to_string()))?;
    let v = ledger_entry(e);
    Ok(api::MyPointsEntry {
        id: v.id,
        points: v.points,
        reason,
        memo: v.memo,
        created_at: v.created_at,
        interactions: v.interactions,
        lines: v.lines,
    })
}

// issue 16: roster

/// A roster row with its cash value at the brand's rate.
pub fn roster_row(r: store::RosterRow, points_per_yuan: i64) -> api::RosterRowView {
    api::RosterRowView {
        balance_fen: rules::points::fen_for_points(r.balance, points_per_yuan),
        member_id: r.member_id,
        display_name: r.display_name,
        city: r.city,
        channel: r.channel,
        tier: r.tier,
        class: r.class,
        overridden: r.overridden,
        domain: r.domain,
        origin: r.origin,
        joined_at: r.joined_at,
        notes: r.notes,
        approved: r.approved,
        viral: r.viral,
        balance: r.balance,
        last_active_at: r.last_active_at,
    }
}

/// A member's class with settlement's explanation (score and parts).
pub fn class_view(c: store::ClassState) -> api::ClassView {
    #[derive(serde::Deserialize)]
    struct Detail {
        score: i64,
        parts: Vec<rules::ScorePart>,
    }
    let detail = c
        .detail
        .as_deref()
        .and_then(|d| serde_json::from_str::<Detail>(d).ok());
    api::ClassView {
        class: c.class,
        computed: c.computed,
        override_class: c.override_class,
        computed_at: c.computed_at,
        score: detail.as_ref().map(|d| d.score),
        parts: detail.map(|d| d.parts).unwrap_or_default(),
    }
}

pub fn class_override(o: store::ClassOverride) -> ApiResult<api::ClassOverrideView> {
    Ok(api::ClassOverrideView {
        class: o
            .class
            .as_deref()
            .map(|c| rules::MemberClass::parse(c).ok_or_else(ApiError::internal))
            .transpose()?,
        reason: o.reason,
        by: o.created_by,
        at: o.created_at,
    })
}

pub fn tier_change_record(c: rules::TierChange) -> api::TierChangeRecord {
    api::TierChangeRecord {
        on: c.date.to_string(),
        from: c.from.as_str().into(),
        to: c.to.as_str().into(),
        reason: serde_json::to_string(&c.reason).unwrap_or_default(),
    }
}

pub fn group_link(g: store::GroupLink) -> api::GroupLinkView {
    api::GroupLinkView {
        id: g.id,
        title: g.title,
        url: g.url,
        min_tier: g.requirement.min_tier,
        min_class: g.requirement.min_class,
    }
}
