//! Points operations on both backends: operators' adjustments (audited,
//! posted once per key, never below zero unless allowed), the brand's
//! totals, and expiry (first in first out, twice is once, a member who
//! spent everything loses nothing).

use crate::scenarios::{T0, brand, conflict, member};
use crate::{Db, both};
use rules::{Account, PostingReason};
use store::*;

const DAY: i64 = 86_400;

fn earn(m: &str, source: &str, points: i64, at: i64) -> NewPosting {
    NewPosting::earning(
        m,
        PostingReason::NoteSettled,
        ("submission", source),
        points,
        at,
    )
}

/// A redemption-like spend: available to redeemed.
fn spend(m: &str, source: &str, points: i64, at: i64) -> NewPosting {
    NewPosting {
        member_id: m.into(),
        reason: PostingReason::Redemption,
        memo: String::new(),
        detail: "{}".into(),
        source_kind: "test_spend".into(),
        source_id: source.into(),
        reverses: None,
        by: m.into(),
        at,
        lines: vec![
            Line::member(Account::Available, m, -points),
            Line::brand(Account::Redeemed, points),
        ],
        allow_negative: false,
    }
}

fn adjustment(m: &str, points: i64, key: &str, allow_negative: bool) -> Adjustment {
    Adjustment {
        member_id: m.into(),
        points,
        reason: "补发活动积分".into(),
        allow_negative,
        key: key.into(),
    }
}

async fn adjustments_are_audited_once_and_never_overdraw(db: &Db) {
    brand(db, "demo").await;
    let m = member(db, "demo", "13800000001").await;
    let credit = db
        .store
        .adjust_points("demo", &adjustment(&m, 80, "k1", false), "op1", T0)
        .await
        .unwrap();
    assert!(credit.posting.is_new());
    assert_eq!((credit.before.available, credit.after.available), (0, 80));
    // The same request again posts nothing and audits nothing.
    let again = db
        .store
        .adjust_points("demo", &adjustment(&m, 80, "k1", false), "op1", T0 + 1)
        .await
        .unwrap();
    assert_eq!(again.posting, Posted::Already(credit.posting.id().into()));
    assert_eq!(db.store.balance("demo", &m).await.unwrap(), 80);
    // Another operator's key of the same text is another request.
    db.store
        .adjust_points("demo", &adjustment(&m, 20, "k1", false), "op2", T0 + 2)
        .await
        .unwrap();
    assert_eq!(db.store.balance("demo", &m).await.unwrap(), 100);
    // A debit below zero is refused unless the operator allows it.
    assert_eq!(
        conflict(
            db.store
                .adjust_points("demo", &adjustment(&m, -130, "k2", false), "op1", T0 + 3)
                .await
        ),
        "points_insufficient"
    );
    assert_eq!(db.store.balance("demo", &m).await.unwrap(), 100);
    let debit = db
        .store
        .adjust_points("demo", &adjustment(&m, -130, "k3", true), "op1", T0 + 4)
        .await
        .unwrap();
    assert_eq!((debit.before.available, debit.after.available), (100, -30));
    assert!(matches!(
        db.store
            .adjust_points("demo", &adjustment("nobody", 5, "k4", false), "op1", T0)
            .await,
        Err(StoreError::NotFound)
    ));
    let audit = db
        .store
        .audit_log("demo", &AuditFilter::default(), Page::FIRST_100)
        .await
        .unwrap();
    let lines: Vec<_> = audit
        .iter()
        .filter(|l| l.action == "points.adjust")
        .collect();
    assert_eq!(lines.len(), 3, "{}", db.label);
    let last: serde_json::Value = serde_json::from_str(lines[0].after.as_deref().unwrap()).unwrap();
    assert_eq!(last["available"], -30);
    assert_eq!(last["reason"], "补发活动积分");
    assert_eq!(lines[0].before.as_deref(), Some(r#"{"available":100}"#));
    // The history explains each by its reason and the operator's words.
    let history = db.store.ledger("demo", &m, Page::FIRST_100).await.unwrap();
    assert_eq!(history[0].reason, "adjustment");
    assert_eq!(history[0].memo, "补发活动积分");
    let totals = db.store.point_totals("demo").await.unwrap();
    assert_eq!(
        totals,
        PointTotals {
            budget: 30,
            available: -30,
            ..PointTotals::default()
        }
    );
    assert_eq!(
        db.store.check_ledger("demo").await.unwrap(),
        Vec::<String>::new()
    );
}
both!(adjustments_are_audited_once_and_never_overdraw);

async fn totals_count_every_account(db: &Db) {
    brand(db, "demo").await;
    brand(db, "other").await;
    let a = member(db, "demo", "13800000001").await;
    let b = member(db, "demo", "13800000002").await;
    let o = member(db, "other", "13800000001").await;
    db.store
        .post("demo", &earn(&a, "n1", 500, T0))
        .await
        .unwrap();
    db.store
        .post("demo", &earn(&b, "n2", 300, T0))
        .await
        .unwrap();
    db.store
        .post("other", &earn(&o, "n1", 999, T0))
        .await
        .unwrap();
    db.store
        .post("demo", &spend(&a, "s1", 120, T0))
        .await
        .unwrap();
    let hold = NewPosting {
        reason: PostingReason::CheckoutHold,
        source_kind: "hold".into(),
        lines: vec![
            Line::member(Account::Available, &b, -100),
            Line::member(Account::Held, &b, 100),
        ],
        ..spend(&b, "h1", 100, T0)
    };
    db.store.post("demo", &hold).await.unwrap();
    let t = db.store.point_totals("demo").await.unwrap();
    assert_eq!(
        t,
        PointTotals {
            budget: -800,
            expired: 0,
            redeemed: 120,
            checkout: 0,
            available: 580,
            held: 100,
        },
        "{}",
        db.label
    );
    assert_eq!(
        db.store.point_totals("nobody").await.unwrap(),
        PointTotals::default()
    );
}
both!(totals_count_every_account);

async fn expiry_is_first_in_first_out_and_runs_once(db: &Db) {
    brand(db, "demo").await;
    let keeper = member(db, "demo", "13800000001").await;
    let spender = member(db, "demo", "13800000002").await;
    let partly = member(db, "demo", "13800000003").await;
    let fresh = member(db, "demo", "13800000004").await;
    let jan = T0;
    let mar = T0 + 60 * DAY;
    let cutoff = T0 + 40 * DAY;
    // Keeper earned 100 in January and 50 in March, spent nothing.
    db.store
        .post("demo", &earn(&keeper, "k1", 100, jan))
        .await
        .unwrap();
    db.store
        .post("demo", &earn(&keeper, "k2", 50, mar))
        .await
        .unwrap();
    // Spender spent everything they earned in January.
    db.store
        .post("demo", &earn(&spender, "s1", 100, jan))
        .await
        .unwrap();
    db.store
        .post("demo", &spend(&spender, "sp1", 100, jan + DAY))
        .await
        .unwrap();
    // Partly earned 100 in January, spent 70 in March (after the March
    // earning: FIFO takes January's first), had 30 back from a cancelled
    // redemption, and got an operator's credit that never expires.
    db.store
        .post("demo", &earn(&partly, "p1", 100, jan))
        .await
        .unwrap();
    db.store
        .post("demo", &earn(&partly, "p2", 40, mar))
        .await
        .unwrap();
    let spent = db
        .store
        .post("demo", &spend(&partly, "pp1", 70, mar + DAY))
        .await
        .unwrap();
    db.store
        .reverse_posting(
            "demo",
            spent.id(),
            PostingReason::RedemptionCancelled,
            ("cancel", "pp1"),
            "op",
            mar + 2 * DAY,
        )
        .await
        .unwrap();
    db.store
        .post("demo", &spend(&partly, "pp2", 30, mar + 3 * DAY))
        .await
        .unwrap();
    db.store
        .adjust_points("demo", &adjustment(&partly, 25, "bonus", false), "op", mar)
        .await
        .unwrap();
    // Fresh earned only in March.
    db.store
        .post("demo", &earn(&fresh, "f1", 60, mar))
        .await
        .unwrap();

    // Nothing is due before any earning's month has passed.
    let none = db
        .store
        .expire_points("demo", jan - DAY, "2026-12", mar)
        .await
        .unwrap();
    assert_eq!(none, ExpiryRun::default());

    let run = db
        .store
        .expire_points("demo", cutoff, "2027-01", mar + 10 * DAY)
        .await
        .unwrap();
    assert_eq!(
        run,
        ExpiryRun {
            members: 2,
            points: 170
        },
        "{}",
        db.label
    );
    assert_eq!(db.store.balance("demo", &keeper).await.unwrap(), 50);
    assert_eq!(db.store.balance("demo", &spender).await.unwrap(), 0);
    // 100 + 40 + 25 - 70 + 70 - 30 = 135; January's 100 less the 30
    // consumed: 70 expire, March's 40 and the credit stay.
    assert_eq!(db.store.balance("demo", &partly).await.unwrap(), 65);
    assert_eq!(db.store.balance("demo", &fresh).await.unwrap(), 60);

    // Twice is once: the same month again, and a later run with no new
    // month due, post nothing.
    let again = db
        .store
        .expire_points("demo", cutoff, "2027-01", mar + 11 * DAY)
        .await
        .unwrap();
    assert_eq!(again, ExpiryRun::default());
    let later = db
        .store
        .expire_points("demo", cutoff + DAY, "2027-02", mar + 12 * DAY)
        .await
        .unwrap();
    assert_eq!(later, ExpiryRun::default());
    let history = db
        .store
        .ledger("demo", &keeper, Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(
        (
            history[0].reason.as_str(),
            history[0].points,
            history[0].memo.as_str()
        ),
        ("expiry", -100, "2027-01")
    );
    let t = db.store.point_totals("demo").await.unwrap();
    assert_eq!(t.expired, 170);
    // Everything at last: March's earnings go too, the credit stays.
    let all = db
        .store
        .expire_points("demo", mar + 30 * DAY, "2027-03", mar + 40 * DAY)
        .await
        .unwrap();
    assert_eq!(
        all,
        ExpiryRun {
            members: 3,
            points: 50 + 40 + 60
        }
    );
    assert_eq!(db.store.balance("demo", &partly).await.unwrap(), 25);
    assert_eq!(
        db.store.check_ledger("demo").await.unwrap(),
        Vec::<String>::new()
    );
}
both!(expiry_is_first_in_first_out_and_runs_once);

/// Only brands with a policy in months are expired by the job; the
/// member's moves read back for their outlook.
async fn the_job_finds_brands_that_expire(db: &Db) {
    brand(db, "never").await;
    brand(db, "yearly").await;
    db.store
        .save_points_policy(
            "yearly",
            &PointsPolicy {
                expiry_months: 12,
                ..PointsPolicy::default()
            },
            "op",
            T0,
        )
        .await
        .unwrap();
    db.store
        .save_points_policy("never", &PointsPolicy::default(), "op", T0)
        .await
        .unwrap();
    let brands = db.store.expiring_brands().await.unwrap();
    assert_eq!(
        brands,
        [ExpiringBrand {
            brand_id: "yearly".into(),
            time_zone: "Asia/Shanghai".into(),
            expiry_months: 12
        }]
    );
    let m = member(db, "yearly", "13800000001").await;
    db.store
        .post("yearly", &earn(&m, "n1", 90, T0))
        .await
        .unwrap();
    db.store
        .post("yearly", &spend(&m, "s1", 40, T0 + 5))
        .await
        .unwrap();
    let moves = db.store.available_moves("yearly", &m).await.unwrap();
    assert_eq!(
        moves,
        [
            AvailableMove {
                reason: PostingReason::NoteSettled,
                points: 90,
                at: T0
            },
            AvailableMove {
                reason: PostingReason::Redemption,
                points: -40,
                at: T0 + 5
            },
        ]
    );
}
both!(the_job_finds_brands_that_expire);

/// Expiring many members is a few statements per chunk of 200 (the
/// 25,000-member program is measured by the server's benchmark).
async fn expiry_of_many_members_is_batched(db: &Db) {
    brand(db, "demo").await;
    let mut members = Vec::new();
    for i in 0..450 {
        members.push(member(db, "demo", &format!("139{i:08}")).await);
    }
    for (i, m) in members.iter().enumerate() {
        db.store
            .post("demo", &earn(m, &format!("n{i}"), 10 + i as i64 % 7, T0))
            .await
            .unwrap();
    }
    let run = db
        .store
        .expire_points("demo", T0 + DAY, "2027-01", T0 + 2 * DAY)
        .await
        .unwrap();
    assert_eq!(run.members, 450, "{}", db.label);
    assert_eq!(db.store.point_totals("demo").await.unwrap().available, 0);
    assert_eq!(
        db.store.check_ledger("demo").await.unwrap(),
        Vec::<String>::new()
    );
}
both!(expiry_of_many_members_is_batched);
