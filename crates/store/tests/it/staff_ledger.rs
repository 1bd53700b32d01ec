//! Issue 17 (KOS incentives): the ledger's holder may be a staff member.
//! Migration 0029 rebuilds the two ledger tables without the reference to
//! members; a program's ledger in the old form comes through with every
//! balance, posting and history unchanged, and afterwards staff rewards
//! post through the same `post` / `reverse` with their own accounts, in
//! points or in fen, never both in one posting.

use crate::scenarios::{T0, brand, conflict, member};
use crate::{Db, both};
use rules::words::{HolderKind, RewardUnit};
use rules::{Account, PostingReason};
use store::*;

async fn kept(db: &Db, brand: &str, holder: &str, account: Account) -> i64 {
    sqlx::query_scalar::<_, i64>(
        "SELECT balance FROM point_balances WHERE brand_id = $1 AND member_id = $2 AND account = $3",
    )
    .bind(brand)
    .bind(holder)
    .bind(account.as_str())
    .fetch_optional(db.sql.pool())
    .await
    .unwrap()
    .unwrap_or(0)
}

/// A ledger written in the 0018 form (postings naming members, holds and
/// spends among them) comes through 0029 unchanged: balances, postings,
/// each member's history, and the lines' reference to their posting.
async fn member_ledgers_come_through_the_rebuild_unchanged(db: &Db) {
    let pool = db.sql.pool();
    db.sql.migrate_to(22).await.unwrap();
    sqlx::query(
        "INSERT INTO brands (id, name, time_zone, points_rule, created_at) VALUES ('old', 'Old', 'Asia/Shanghai', '{}', 0)",
    )
    .execute(pool)
    .await
    .unwrap();
    let mut seed: u64 = 0x1717;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let mut postings = 0i64;
    let mut tx = pool.begin().await.unwrap();
    for m in 0..300 {
        let id = format!("m{m:04}");
        sqlx::query(
            "INSERT INTO members (brand_id, id, phone, password_hash, created_at) VALUES ('old', $1, $2, 'x', 0)",
        )
        .bind(&id)
        .bind(format!("139{m:08}"))
        .execute(&mut *tx)
        .await
        .unwrap();
        let (mut available, mut held) = (0i64, 0i64);
        for e in 0..next(6) {
            let earned = 10 + next(500) as i64;
            // A hold of half what was earned, when that much is there.
            let hold = (next(3) == 0 && available >= earned / 2).then_some(earned / 2);
            let pid = format!("p-{id}-{e}");
            sqlx::query(
                "INSERT INTO ledger_postings (brand_id, id, member_id, reason, memo, detail, source_kind, source_id, reverses, created_by, created_at) \
                 VALUES ('old', $1, $2, $3, '', '{}', 'test', $1, NULL, 'system', $4)",
            )
            .bind(&pid)
            .bind(&id)
            .bind(if hold.is_some() { "checkout_hold" } else { "note_settled" })
            .bind(1_700_000_000 + e as i64)
            .execute(&mut *tx)
            .await
            .unwrap();
            let lines: Vec<(&str, &str, i64)> = match hold {
                None => vec![("budget", "", -earned), ("available", &id, earned)],
                Some(h) => vec![("available", &id, -h), ("held", &id, h)],
            };
            for (n, (account, holder, points)) in lines.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO ledger_lines (brand_id, posting_id, line, account, member_id, points, created_at) \
                     VALUES ('old', $1, $2, $3, $4, $5, 0)",
                )
                .bind(&pid)
                .bind(n as i64)
                .bind(*account)
                .bind(*holder)
                .bind(*points)
                .execute(&mut *tx)
                .await
                .unwrap();
                match *account {
                    "available" => available += points,
                    "held" => held += points,
                    _ => {}
                }
            }
            postings += 1;
        }
        for (account, balance) in [("available", available), ("held", held)] {
            if balance != 0 {
                sqlx::query(
                    "INSERT INTO point_balances (brand_id, member_id, account, balance) VALUES ('old', $1, $2, $3)",
                )
                .bind(&id)
                .bind(account)
                .bind(balance)
                .execute(&mut *tx)
                .await
                .unwrap();
            }
        }
    }
    tx.commit().await.unwrap();
    let balances_before: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT member_id, account, balance FROM point_balances WHERE brand_id = 'old' ORDER BY member_id, account",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let history_before = db
        .store
        .ledger("old", "m0007", Page::FIRST_100)
        .await
        .unwrap();

    db.sql.migrate().await.unwrap();

    let balances_after: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT member_id, account, balance FROM point_balances WHERE brand_id = 'old' ORDER BY member_id, account",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(balances_after, balances_before, "{}", db.label);
    let kinds: Vec<(String, i64)> = sqlx::query_as(
        "SELECT holder_kind, COUNT(*) FROM ledger_postings WHERE brand_id = 'old' GROUP BY holder_kind",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(
        kinds,
        vec![("member".to_string(), postings)],
        "{}",
        db.label
    );
    assert_eq!(
        db.store.check_ledger("old").await.unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        db.store
            .ledger("old", "m0007", Page::FIRST_100)
            .await
            .unwrap(),
        history_before,
        "{}",
        db.label
    );
    // The lines still belong to postings: an orphan line is refused.
    let orphan = sqlx::query(
        "INSERT INTO ledger_lines (brand_id, posting_id, line, account, member_id, points, created_at) \
         VALUES ('old', 'no-such-posting', 0, 'budget', '', 1, 0)",
    )
    .execute(pool)
    .await;
    assert!(orphan.is_err(), "{}: an orphan line was accepted", db.label);
    // The holder is no longer required to be a member: a staff reward posts.
    let reward = NewPosting::staff_reward(
        "staff-1",
        RewardUnit::Points,
        200,
        ("kos_reward", "r1"),
        "op",
        T0,
    );
    assert!(db.store.post("old", &reward).await.unwrap().is_new());
    assert_eq!(
        kept(db, "old", "staff-1", Account::StaffPoints).await,
        200,
        "{}",
        db.label
    );
}

mod member_ledgers_come_through {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let db = crate::unmigrated_sqlite().await;
        super::member_ledgers_come_through_the_rebuild_unchanged(&db).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(db) = crate::unmigrated_postgres().await {
            super::member_ledgers_come_through_the_rebuild_unchanged(&db).await;
        }
    }
}

/// Staff rewards in points and in fen, each from its own brand account;
/// posted once per source; reversible; never mixing units or holders; and
/// invisible in the members' points totals.
async fn staff_rewards_post_in_points_or_fen(db: &Db) {
    brand(db, "b").await;
    let m = member(db, "b", "13800000001").await;
    let points = NewPosting::staff_reward(
        "staff-1",
        RewardUnit::Points,
        500,
        ("kos_reward", "p1"),
        "op",
        T0,
    );
    let posted = db.store.post("b", &points).await.unwrap();
    assert!(posted.is_new());
    assert_eq!(
        db.store.post("b", &points).await.unwrap(),
        Posted::Already(posted.id().to_string())
    );
    let cash = NewPosting::staff_reward(
        "staff-1",
        RewardUnit::Fen,
        12_345,
        ("kos_reward", "c1"),
        "op",
        T0,
    );
    db.store.post("b", &cash).await.unwrap();
    assert_eq!(kept(db, "b", "staff-1", Account::StaffPoints).await, 500);
    assert_eq!(kept(db, "b", "staff-1", Account::StaffCash).await, 12_345);
    let kind: String = sqlx::query_scalar(
        "SELECT holder_kind FROM ledger_postings WHERE brand_id = 'b' AND id = $1",
    )
    .bind(posted.id())
    .fetch_one(db.sql.pool())
    .await
    .unwrap();
    assert_eq!(kind, HolderKind::Staff.as_str());

    // Points and fen never meet in one posting.
    let mut mixed = NewPosting::staff_reward(
        "staff-1",
        RewardUnit::Points,
        10,
        ("kos_reward", "x1"),
        "op",
        T0,
    );
    mixed.lines = vec![
        Line::brand(Account::StaffRewards, -10),
        Line::staff(Account::StaffPoints, "staff-1", 10),
    ];
    assert!(matches!(
        db.store.post("b", &mixed).await,
        Err(StoreError::Corrupt(_))
    ));
    // A member's posting cannot touch a staff account, nor the reverse.
    let mut crossed = NewPosting::earning(&m, PostingReason::Adjustment, ("t", "x2"), 10, T0);
    crossed.lines = vec![
        Line::brand(Account::StaffBudget, -10),
        Line::member(Account::Available, &m, 5),
        Line::staff(Account::StaffPoints, &m, 5),
    ];
    assert!(matches!(
        db.store.post("b", &crossed).await,
        Err(StoreError::Corrupt(_))
    ));
    // A staff balance cannot go below zero.
    let mut overdraw = NewPosting::staff_reward(
        "staff-1",
        RewardUnit::Points,
        -501,
        ("kos_reward", "x3"),
        "op",
        T0,
    );
    overdraw.allow_negative = false;
    assert_eq!(
        conflict(db.store.post("b", &overdraw).await),
        "points_insufficient"
    );
    // A reward withdrawn: the reversal puts the points back in the budget.
    db.store
        .reverse_posting(
            "b",
            posted.id(),
            PostingReason::StaffReward,
            ("kos_reward_reversed", "p1"),
            "op",
            T0 + 1,
        )
        .await
        .unwrap();
    assert_eq!(kept(db, "b", "staff-1", Account::StaffPoints).await, 0);
    assert_eq!(
        db.store.check_ledger("b").await.unwrap(),
        Vec::<String>::new()
    );
    // Members' totals know nothing of staff incentives.
    db.store
        .post(
            "b",
            &NewPosting::earning(&m, PostingReason::NoteSettled, ("n", "1"), 70, T0),
        )
        .await
        .unwrap();
    let totals = db.store.point_totals("b").await.unwrap();
    assert_eq!((totals.budget, totals.available), (-70, 70));
}
both!(staff_rewards_post_in_points_or_fen);
