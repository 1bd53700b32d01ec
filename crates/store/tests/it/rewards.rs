//! Rewards and redemption (issue 16), on both databases: points and stock
//! reserved in one transaction, every refusal writing nothing, fulfilment
//! steps, cancellation by a reversing posting, and 100 members redeeming
//! the last item at once.

use crate::scenarios::{T0, brand, conflict, member};
use crate::{Db, both};
use std::sync::Arc;
use store::*;

/// An approved KOC of `brand` with `points` available (earned through an
/// approved task, as points are earned in the product).
pub(crate) async fn koc(db: &Db, brand: &str, phone: &str, points: i64) -> String {
    let m = member(db, brand, phone).await;
    koc_of(db, brand, std::slice::from_ref(&m), points).await;
    m
}

/// Approves `members`' applications and credits each `points` by a task.
pub(crate) async fn koc_of(db: &Db, brand: &str, members: &[String], points: i64) {
    for m in members {
        let app = Application {
            brand_id: brand.into(),
            id: new_id(),
            member_id: m.clone(),
            display_name: "小林".into(),
            contact: "wx_lin".into(),
            city: "上海".into(),
            terms_version: "2026-11".into(),
            consented_at: T0,
            created_at: T0,
            ..Default::default()
        };
        db.store.create_application(&app).await.unwrap();
        db.store
            .decide_application(brand, &app.id, &crate::scenarios::decision(true))
            .await
            .unwrap();
    }
    let task = Task {
        brand_id: brand.into(),
        id: new_id(),
        campaign_id: None,
        kind: rules::TaskKind::Training,
        title: "培训".into(),
        instructions: String::new(),
        questions: vec![],
        due_on: "2026-12-31".into(),
        reward_points: points,
        created_at: T0,
        created_by: "op".into(),
    };
    db.store.create_task(&task, members).await.unwrap();
    for m in members {
        db.store
            .submit_task(brand, &task.id, m, "CODE", None, T0 + 1)
            .await
            .unwrap();
        db.store
            .review_task(brand, &task.id, m, &crate::scenarios::decision(true))
            .await
            .unwrap();
    }
}

pub(crate) fn item(brand: &str, kind: rules::RewardKind, price: i64, stock: i64) -> RewardItem {
    RewardItem {
        brand_id: brand.into(),
        id: new_id(),
        kind,
        title: format!("{kind} 奖品"),
        description: "说明".into(),
        image_id: None,
        price,
        stock,
        min_tier: "member".into(),
        min_class: None,
        per_member_limit: 0,
        starts_at: None,
        ends_at: None,
        shared_code: None,
        voucher_fen: 0,
        event_at: None,
        venue: String::new(),
        active: true,
        created_at: T0,
        created_by: "op".into(),
        updated_at: T0,
    }
}

pub(crate) fn redemption(item: &str, member: &str) -> NewRedemption {
    NewRedemption {
        id: new_id(),
        item_id: item.into(),
        member_id: member.into(),
        shipping: None,
        ticket: "TICKET2345".into(),
        at: T0 + 100,
    }
}

async fn available(db: &Db, brand: &str, member: &str) -> i64 {
    db.store.balances(brand, member).await.unwrap().available
}

async fn counts(db: &Db) -> Vec<(&'static str, i64)> {
    db.store.row_counts().await.unwrap()
}

async fn coupons_carry_pool_codes_and_refusals_write_nothing(db: &Db) {
    brand(db, "demo").await;
    let m = koc(db, "demo", "13800000301", 1000).await;
    assert_eq!(available(db, "demo", &m).await, 1000);
    let coupon = RewardItem {
        per_member_limit: 1,
        ..item("demo", rules::RewardKind::Coupon, 300, 99)
    };
    let created = db.store.create_reward(&coupon).await.unwrap();
    assert_eq!(created.stock, 0, "a pool's stock is its codes");
    let codes: Vec<String> = ["A-1", "A-2", "A-1"].map(String::from).to_vec();
    let (added, skipped, stock) = db
        .store
        .add_reward_codes("demo", &coupon.id, &codes, "op", T0 + 5)
        .await
        .unwrap();
    assert_eq!((added, skipped, stock), (2, 1, 2));

    let r = db
        .store
        .redeem("demo", &redemption(&coupon.id, &m))
        .await
        .unwrap();
    assert_eq!(r.status, rules::RedemptionStatus::Issued);
    assert_eq!(r.code.as_deref(), Some("A-1"));
    assert_eq!(r.points, 300);
    assert_eq!(available(db, "demo", &m).await, 700);
    assert_eq!(db.store.reward("demo", &coupon.id).await.unwrap().stock, 1);

    // The limit of one, checked under the item's lock: nothing written.
    let before = counts(db).await;
    assert_eq!(
        conflict(db.store.redeem("demo", &redemption(&coupon.id, &m)).await),
        "reward_unavailable"
    );
    assert_eq!(counts(db).await, before);
    assert_eq!(db.store.reward("demo", &coupon.id).await.unwrap().stock, 1);

    // Too few points: the posting refuses, the stock and code stay.
    let poor = koc(db, "demo", "13800000302", 100).await;
    let before = counts(db).await;
    assert_eq!(
        conflict(
            db.store
                .redeem("demo", &redemption(&coupon.id, &poor))
                .await
        ),
        "points_insufficient"
    );
    assert_eq!(counts(db).await, before);
    assert_eq!(db.store.reward("demo", &coupon.id).await.unwrap().stock, 1);

    // A tier the member does not have.
    let senior = RewardItem {
        min_tier: "senior".into(),
        ..item("demo", rules::RewardKind::Voucher, 10, 5)
    };
    db.store.create_reward(&senior).await.unwrap();
    assert_eq!(
        conflict(db.store.redeem("demo", &redemption(&senior.id, &m)).await),
        "reward_unavailable"
    );
    // A class requirement: no class is recorded yet, so it is unmet.
    let classy = RewardItem {
        min_class: Some("standard".into()),
        ..item("demo", rules::RewardKind::Voucher, 10, 5)
    };
    db.store.create_reward(&classy).await.unwrap();
    assert_eq!(
        conflict(db.store.redeem("demo", &redemption(&classy.id, &m)).await),
        "reward_unavailable"
    );
    // Once the member's class counts as high-quality (an operator's
    // override here; settlement computes it otherwise), it is met.
    db.store
        .set_class_override(
            "demo",
            &m,
            Some(rules::MemberClass::HighQuality),
            "矩阵测试",
            "op",
            T0,
        )
        .await
        .unwrap();
    let classy_r = db
        .store
        .redeem("demo", &redemption(&classy.id, &m))
        .await
        .unwrap();
    assert_eq!(classy_r.points, 10);
    db.store
        .fulfil(
            "demo",
            &classy_r.id,
            &Fulfil {
                to: rules::RedemptionStatus::Cancelled,
                shipment: None,
                reason: Some("测试".into()),
                by: "op".into(),
                at: T0 + 1,
            },
        )
        .await
        .unwrap();
    // Outside its window.
    let later = RewardItem {
        starts_at: Some(T0 + 1_000),
        ..item("demo", rules::RewardKind::Voucher, 10, 5)
    };
    db.store.create_reward(&later).await.unwrap();
    assert_eq!(
        conflict(db.store.redeem("demo", &redemption(&later.id, &m)).await),
        "reward_unavailable"
    );
    // Another brand's item is not found.
    brand(db, "acme").await;
    assert!(matches!(
        db.store.redeem("acme", &redemption(&coupon.id, &m)).await,
        Err(StoreError::NotFound)
    ));

    // Cancelling a coupon returns the points by a reversing posting; a
    // shown code is not handed out again.
    let step = |to| Fulfil {
        to,
        shipment: None,
        reason: Some("重复兑换".into()),
        by: "op".into(),
        at: T0 + 200,
    };
    let c = db
        .store
        .fulfil("demo", &r.id, &step(rules::RedemptionStatus::Cancelled))
        .await
        .unwrap();
    assert_eq!(c.status, rules::RedemptionStatus::Cancelled);
    assert_eq!(available(db, "demo", &m).await, 1000);
    assert_eq!(db.store.reward("demo", &coupon.id).await.unwrap().stock, 1);
    assert_eq!(
        conflict(
            db.store
                .fulfil("demo", &r.id, &step(rules::RedemptionStatus::Cancelled))
                .await
        ),
        "redemption_step_invalid"
    );
    assert_eq!(available(db, "demo", &m).await, 1000, "returned once");
    let history = db.store.ledger("demo", &m, Page::FIRST_100).await.unwrap();
    assert_eq!(history.iter().map(|e| e.points).sum::<i64>(), 1000);
    // Cancelled, it no longer counts against the limit: the next code.
    let again = db
        .store
        .redeem("demo", &redemption(&coupon.id, &m))
        .await
        .unwrap();
    assert_eq!(again.code.as_deref(), Some("A-2"));
    assert_eq!(db.store.reward("demo", &coupon.id).await.unwrap().stock, 0);
    assert_eq!(
        conflict(
            db.store
                .redeem("demo", &redemption(&coupon.id, &poor))
                .await
        ),
        "reward_sold_out"
    );
}

async fn gifts_ship_and_cancelled_gifts_return_to_stock(db: &Db) {
    brand(db, "demo").await;
    let m = koc(db, "demo", "13800000311", 500).await;
    let gift = item("demo", rules::RewardKind::Gift, 200, 2);
    db.store.create_reward(&gift).await.unwrap();
    assert_eq!(
        conflict(db.store.redeem("demo", &redemption(&gift.id, &m)).await),
        "address_required"
    );
    let shipped_to = NewRedemption {
        shipping: Some((
            "林小姐".into(),
            "13800000311".into(),
            "上海市静安区 1 号".into(),
        )),
        ..redemption(&gift.id, &m)
    };
    let r = db.store.redeem("demo", &shipped_to).await.unwrap();
    assert_eq!(r.status, rules::RedemptionStatus::Pending);
    assert_eq!(r.code, None);
    assert_eq!(r.address.as_deref(), Some("上海市静安区 1 号"));
    let step = |to, shipment: Option<(&str, &str)>| Fulfil {
        to,
        shipment: shipment.map(|(a, b)| (a.to_string(), b.to_string())),
        reason: None,
        by: "op".into(),
        at: T0 + 300,
    };
    // A gift is shipped, not issued; nothing skips a step.
    for bad in [
        rules::RedemptionStatus::Issued,
        rules::RedemptionStatus::Done,
    ] {
        assert_eq!(
            conflict(db.store.fulfil("demo", &r.id, &step(bad, None)).await),
            "redemption_step_invalid"
        );
    }
    let s = db
        .store
        .fulfil(
            "demo",
            &r.id,
            &step(rules::RedemptionStatus::Shipped, Some(("顺丰", "SF123"))),
        )
        .await
        .unwrap();
    assert_eq!(
        (s.courier.as_deref(), s.tracking.as_deref()),
        (Some("顺丰"), Some("SF123"))
    );
    let inbox = db
        .store
        .notifications("demo", &m, Page::FIRST_100)
        .await
        .unwrap();
    assert!(
        inbox
            .iter()
            .any(|n| n.kind == rules::NotificationKind::RewardShipped)
    );
    let d = db
        .store
        .fulfil("demo", &r.id, &step(rules::RedemptionStatus::Done, None))
        .await
        .unwrap();
    assert_eq!(d.status, rules::RedemptionStatus::Done);
    assert_eq!(
        conflict(
            db.store
                .fulfil(
                    "demo",
                    &r.id,
                    &step(rules::RedemptionStatus::Cancelled, None)
                )
                .await
        ),
        "redemption_step_invalid"
    );
    assert_eq!(available(db, "demo", &m).await, 300);

    // A second gift, cancelled before shipping: points and stock come back.
    let r2 = db
        .store
        .redeem(
            "demo",
            &NewRedemption {
                id: new_id(),
                ..shipped_to.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(db.store.reward("demo", &gift.id).await.unwrap().stock, 0);
    db.store
        .fulfil(
            "demo",
            &r2.id,
            &step(rules::RedemptionStatus::Cancelled, None),
        )
        .await
        .unwrap();
    assert_eq!(db.store.reward("demo", &gift.id).await.unwrap().stock, 1);
    assert_eq!(available(db, "demo", &m).await, 300);
    let listed = db
        .store
        .redemptions(
            "demo",
            &RedemptionFilter {
                status: Some(rules::RedemptionStatus::Cancelled),
                ..Default::default()
            },
            Page::FIRST_100,
        )
        .await
        .unwrap();
    assert_eq!(listed.iter().map(|r| &r.id).collect::<Vec<_>>(), [&r2.id]);
    let summary = db.store.rewards("demo", false).await.unwrap();
    assert_eq!(summary[0].redeemed, 1, "cancelled ones not counted");
    let standing = db.store.reward_standing("demo", &m).await.unwrap();
    assert!(standing.approved);
    assert_eq!(standing.redeemed.get(&gift.id), Some(&1));
}

async fn a_hundred_members_race_for_the_last_item(db: &Db) {
    brand(db, "demo").await;
    let mut members = Vec::new();
    for i in 0..100 {
        members.push(member(db, "demo", &format!("1390000{i:04}")).await);
    }
    koc_of(db, "demo", &members, 50).await;
    let last = item("demo", rules::RewardKind::Voucher, 30, 1);
    db.store.create_reward(&last).await.unwrap();
    let store: Arc<dyn Store> = db.store.clone();
    let start = Arc::new(tokio::sync::Barrier::new(members.len()));
    let runs: Vec<_> = members
        .iter()
        .map(|m| {
            let (store, start, r) = (store.clone(), start.clone(), redemption(&last.id, m));
            tokio::spawn(async move {
                start.wait().await;
                store.redeem("demo", &r).await
            })
        })
        .collect();
    let mut won = Vec::new();
    for run in runs {
        match run.await.unwrap() {
            Ok(r) => won.push(r),
            Err(StoreError::Conflict("reward_sold_out")) => {}
            Err(e) => panic!("{}: unexpected {e:?}", db.label),
        }
    }
    assert_eq!(won.len(), 1, "{}: exactly one gets the last item", db.label);
    assert_eq!(db.store.reward("demo", &last.id).await.unwrap().stock, 0);
    let all = db
        .store
        .redemptions("demo", &RedemptionFilter::default(), Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    let mut spent = 0;
    for m in &members {
        spent += 50 - available(db, "demo", m).await;
    }
    assert_eq!(spent, 30, "{}: only the winner paid", db.label);
}

both!(coupons_carry_pool_codes_and_refusals_write_nothing);
both!(gifts_ship_and_cancelled_gifts_return_to_stock);
both!(a_hundred_members_race_for_the_last_item);
