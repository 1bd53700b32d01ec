//! Rewards: who may redeem a catalogue item now, and why not; which
//! fulfilment steps a redemption may take.
//!
//! The server checks [`why_not`] before it reserves points and stock (the
//! store then re-checks stock and the per-member limit under its lock), and
//! the `me` app shows the same answer beside each item ("需要中级 KOC"), so
//! the catalogue never offers what the server would refuse.

use crate::class::MemberClass;
use crate::tier::Tier;
use crate::words::{RedemptionStatus, RewardBlock, RewardKind};

/// What an item asks of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Points price (> 0).
    pub price: i64,
    /// Items left (never below zero).
    pub stock: i64,
    pub min_tier: Tier,
    /// `None`: any class (or none recorded).
    pub min_class: Option<MemberClass>,
    /// Redemptions per member, cancelled ones not counted; 0 = no limit.
    pub per_member_limit: i64,
    /// UNIX seconds; `None`: open from its creation.
    pub starts_at: Option<i64>,
    /// UNIX seconds, exclusive; `None`: no end.
    pub ends_at: Option<i64>,
    /// Withdrawn by the operator.
    pub active: bool,
}

/// Where a member stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub approved: bool,
    pub tier: Tier,
    /// `None` until classes are recorded for the member.
    pub class: Option<MemberClass>,
    /// Available points.
    pub available: i64,
    /// The member's live (not cancelled) redemptions of this item.
    pub redeemed: i64,
}

/// The first reason the member may not redeem now, in the order a member
/// can act on least to most: window, stock, standing, limit, points.
/// `None`: they may.
pub fn why_not(r: &Requirement, s: &Standing, now: i64) -> Option<RewardBlock> {
    if !r.active || r.ends_at.is_some_and(|e| now >= e) {
        return Some(RewardBlock::Closed);
    }
    if r.starts_at.is_some_and(|b| now < b) {
        return Some(RewardBlock::NotOpen);
    }
    if r.stock <= 0 {
        return Some(RewardBlock::SoldOut);
    }
    if !s.approved {
        return Some(RewardBlock::NotApproved);
    }
    if s.tier < r.min_tier {
        return Some(RewardBlock::TierTooLow);
    }
    if let Some(need) = r.min_class
        && s.class.is_none_or(|c| c < need)
    {
        return Some(RewardBlock::ClassTooLow);
    }
    if r.per_member_limit > 0 && s.redeemed >= r.per_member_limit {
        return Some(RewardBlock::LimitReached);
    }
    if s.available < r.price {
        return Some(RewardBlock::NotEnoughPoints);
    }
    None
}

/// A class by its stored name (`MemberClass::as_str`).
pub fn class_named(s: &str) -> Option<MemberClass> {
    [
        MemberClass::Potential,
        MemberClass::Standard,
        MemberClass::HighQuality,
    ]
    .into_iter()
    .find(|c| c.as_str() == s)
}

/// The status a new redemption of `kind` starts in: codes, vouchers and
/// seats are issued at once (the member sees the code); a gift waits to be
/// shipped.
pub fn first_status(kind: RewardKind) -> RedemptionStatus {
    match kind {
        RewardKind::Gift => RedemptionStatus::Pending,
        RewardKind::Coupon | RewardKind::Voucher | RewardKind::Experience => {
            RedemptionStatus::Issued
        }
    }
}

/// Whether an operator may move a redemption of `kind` from `from` to `to`.
/// Cancelling is possible until done; nothing leaves `done` or `cancelled`.
pub fn may_move(kind: RewardKind, from: RedemptionStatus, to: RedemptionStatus) -> bool {
    use RedemptionStatus::*;
    match (from, to) {
        (Done | Cancelled, _) => false,
        (_, Cancelled) => true,
        (Pending, Shipped) => kind == RewardKind::Gift,
        (Pending, Issued) => kind != RewardKind::Gift,
        (Issued | Shipped, Done) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RewardBlock::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn item() -> Requirement {
        Requirement {
            price: 500,
            stock: 3,
            min_tier: Tier::Intermediate,
            min_class: Some(MemberClass::Standard),
            per_member_limit: 1,
            starts_at: Some(100),
            ends_at: Some(200),
            active: true,
        }
    }

    fn member() -> Standing {
        Standing {
            approved: true,
            tier: Tier::Senior,
            class: Some(MemberClass::HighQuality),
            available: 500,
            redeemed: 0,
        }
    }

    fn check(
        edit: impl Fn(&mut Requirement, &mut Standing),
        now: i64,
        expect: Option<RewardBlock>,
    ) {
        let (mut r, mut s) = (item(), member());
        edit(&mut r, &mut s);
        assert_eq!(why_not(&r, &s, now), expect, "{r:?} {s:?} at {now}");
    }

    #[test]
    fn who_may_redeem() {
        check(|_, _| {}, 150, None);
        check(|_, _| {}, 100, None);
        check(|_, _| {}, 99, Some(NotOpen));
        check(|_, _| {}, 200, Some(Closed));
        check(|r, _| r.active = false, 150, Some(Closed));
        check(|r, _| r.stock = 0, 150, Some(SoldOut));
        check(|_, s| s.approved = false, 150, Some(NotApproved));
        check(|_, s| s.tier = Tier::Junior, 150, Some(TierTooLow));
        check(|_, s| s.tier = Tier::Intermediate, 150, None);
        check(|_, s| s.class = None, 150, Some(ClassTooLow));
        check(
            |_, s| s.class = Some(MemberClass::Potential),
            150,
            Some(ClassTooLow),
        );
        check(|_, s| s.class = Some(MemberClass::Standard), 150, None);
        check(|r, s| (r.min_class, s.class) = (None, None), 150, None);
        check(|_, s| s.redeemed = 1, 150, Some(LimitReached));
        check(|r, s| (r.per_member_limit, s.redeemed) = (0, 9), 150, None);
        check(|_, s| s.available = 499, 150, Some(NotEnoughPoints));
        check(
            |r, _| (r.starts_at, r.ends_at) = (None, None),
            1_000_000,
            None,
        );
        // Sold out is said before a tier the member could still reach.
        check(
            |r, s| (r.stock, s.tier) = (0, Tier::Member),
            150,
            Some(SoldOut),
        );
    }

    #[test]
    fn classes_by_name() {
        for c in [
            MemberClass::Potential,
            MemberClass::Standard,
            MemberClass::HighQuality,
        ] {
            assert_eq!(class_named(c.as_str()), Some(c));
        }
        assert_eq!(class_named("gold"), None);
    }

    #[test]
    fn fulfilment_steps() {
        use RedemptionStatus::*;
        use RewardKind::*;
        assert_eq!(first_status(Gift), Pending);
        assert_eq!(first_status(Coupon), Issued);
        let table = [
            (Gift, Pending, Shipped, true),
            (Gift, Pending, Issued, false),
            (Coupon, Pending, Issued, true),
            (Coupon, Pending, Shipped, false),
            (Gift, Shipped, Done, true),
            (Coupon, Issued, Done, true),
            (Coupon, Pending, Done, false),
            (Coupon, Issued, Cancelled, true),
            (Gift, Shipped, Cancelled, true),
            (Gift, Done, Cancelled, false),
            (Coupon, Cancelled, Issued, false),
            (Experience, Issued, Pending, false),
        ];
        for (kind, from, to, ok) in table {
            assert_eq!(may_move(kind, from, to), ok, "{kind} {from} -> {to}");
        }
    }
}

/// A coupon code as anyone but its member sees it: the first two
/// characters and `****` (a code is a secret: whoever reads it can spend it).
pub fn mask_code(code: &str) -> String {
    let head: String = code.chars().take(2).collect();
    format!("{head}****")
}

#[cfg(test)]
mod mask_tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn codes_are_masked() {
        assert_eq!(super::mask_code("WINTER-2026-0001"), "WI****");
        assert_eq!(super::mask_code("券"), "券****");
        assert_eq!(super::mask_code(""), "****");
    }

    #[test]
    fn words_keep_their_strings() {
        use crate::words::*;
        let texts: Vec<_> = RewardKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(texts, ["coupon", "voucher", "gift", "experience"]);
        let texts: Vec<_> = RedemptionStatus::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(texts, ["pending", "issued", "shipped", "done", "cancelled"]);
        assert_eq!("tier_too_low".parse(), Ok(RewardBlock::TierTooLow));
    }
}
