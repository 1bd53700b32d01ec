//! The double-entry ledger on both backends: a source posts once, lines
//! sum to zero, a member's points never go below zero unless the posting
//! allows it (also when twenty spends race for the same points), reversal,
//! batches, and the migration that turned every old ledger entry into a
//! posting with each balance unchanged.

use crate::scenarios::{T0, brand, conflict, member};
use crate::{Db, both};
use rules::{Account, PostingReason};
use store::*;

fn spend(member_id: &str, source: &str, points: i64) -> NewPosting {
    NewPosting {
        member_id: member_id.into(),
        reason: PostingReason::Redemption,
        memo: "test".into(),
        detail: "{}".into(),
        source_kind: "test_spend".into(),
        source_id: source.into(),
        reverses: None,
        by: member_id.into(),
        at: T0,
        lines: vec![
            Line::member(Account::Available, member_id, -points),
            Line::brand(Account::Redeemed, points),
        ],
        allow_negative: false,
    }
}

async fn a_source_posts_once_and_balances_follow_the_lines(db: &Db) {
    brand(db, "demo").await;
    let m = member(db, "demo", "13800000001").await;
    let earn = NewPosting::earning(&m, PostingReason::TaskApproved, ("task", "t1"), 120, T0)
        .described("Task", "{}".into());
    let first = db.store.post("demo", &earn).await.unwrap();
    assert!(first.is_new());
    let again = db.store.post("demo", &earn).await.unwrap();
    assert_eq!(again, Posted::Already(first.id().to_string()));
    assert_eq!(db.store.balance("demo", &m).await.unwrap(), 120);

    // Unbalanced lines are a programming error, refused before writing.
    let mut bad = spend(&m, "bad", 10);
    bad.lines[1].points = 9;
    assert!(matches!(
        db.store.post("demo", &bad).await,
        Err(StoreError::Corrupt(_))
    ));
    // A line on another member's account is refused too.
    let mut other = spend(&m, "other", 10);
    other.lines[0].member_id = "someone-else".into();
    assert!(db.store.post("demo", &other).await.is_err());

    // Spending more than is there is refused, and nothing is written.
    assert_eq!(
        conflict(db.store.post("demo", &spend(&m, "s1", 121)).await),
        "points_insufficient"
    );
    assert_eq!(db.store.balance("demo", &m).await.unwrap(), 120);
    assert_eq!(
        db.store
            .ledger("demo", &m, Page::FIRST_100)
            .await
            .unwrap()
            .len(),
        1
    );
    // An operator's explicit debit may go below zero.
    let mut debit = spend(&m, "s2", 150);
    debit.reason = PostingReason::Adjustment;
    debit.lines[1].account = Account::Budget;
    debit.allow_negative = true;
    db.store.post("demo", &debit).await.unwrap();
    assert_eq!(db.store.balance("demo", &m).await.unwrap(), -30);
    // While below zero, nothing more may be spent; earning still lands.
    assert_eq!(
        conflict(db.store.post("demo", &spend(&m, "s3", 1)).await),
        "points_insufficient"
    );
    let earn2 = NewPosting::earning(
        &m,
        PostingReason::NoteSettled,
        ("submission", "n1"),
        50,
        T0 + 1,
    );
    db.store.post("demo", &earn2).await.unwrap();
    assert_eq!(db.store.balance("demo", &m).await.unwrap(), 20);

    // The history: newest first, each posting's change to the available
    // points.
    let history = db.store.ledger("demo", &m, Page::FIRST_100).await.unwrap();
    let shown: Vec<(i64, &str)> = history
        .iter()
        .map(|e| (e.points, e.reason.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (50, "note_settled"),
            (-150, "adjustment"),
            (120, "task_approved")
        ]
    );
    assert_eq!(
        db.store.check_ledger("demo").await.unwrap(),
        Vec::<String>::new()
    );
}
both!(a_source_posts_once_and_balances_follow_the_lines);

async fn a_reversal_negates_every_line_once(db: &Db) {
    brand(db, "demo").await;
    let m = member(db, "demo", "13800000001").await;
    let earn = NewPosting::earning(&m, PostingReason::TaskApproved, ("task", "t1"), 100, T0);
    db.store.post("demo", &earn).await.unwrap();
    let spent = db.store.post("demo", &spend(&m, "r1", 70)).await.unwrap();
    assert_eq!(db.store.balance("demo", &m).await.unwrap(), 30);
    let back = db
        .store
        .reverse_posting(
            "demo",
            spent.id(),
            PostingReason::RedemptionCancelled,
            ("cancel", "r1"),
            "op",
            T0 + 5,
        )
        .await
        .unwrap();
    assert!(back.is_new());
    let again = db
        .store
        .reverse_posting(
            "demo",
            spent.id(),
            PostingReason::RedemptionCancelled,
            ("cancel", "r1"),
            "op",
            T0 + 6,
        )
        .await
        .unwrap();
    assert!(!again.is_new(), "a cancellation retried posts once");
    assert_eq!(db.store.balance("demo", &m).await.unwrap(), 100);
    let lines = db.store.posting_lines("demo", back.id()).await.unwrap();
    assert_eq!(
        lines,
        [
            Line::member(Account::Available, &m, 70),
            Line::brand(Account::Redeemed, -70)
        ]
    );
    // Reversing the earning now would leave the member at 0: allowed; a
    // second earning's reversal after spending would not be.
    db.store.post("demo", &spend(&m, "r2", 90)).await.unwrap();
    let earned = db.store.ledger("demo", &m, Page::FIRST_100).await.unwrap();
    let first = earned.iter().find(|e| e.reason == "task_approved").unwrap();
    assert_eq!(
        conflict(
            db.store
                .reverse_posting(
                    "demo",
                    &first.id,
                    PostingReason::Adjustment,
                    ("undo", "t1"),
                    "op",
                    T0 + 7
                )
                .await
        ),
        "points_insufficient"
    );
    assert!(matches!(
        db.store
            .reverse_posting(
                "demo",
                "nope",
                PostingReason::Adjustment,
                ("undo", "x"),
                "op",
                T0
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        db.store.check_ledger("demo").await.unwrap(),
        Vec::<String>::new()
    );
}
both!(a_reversal_negates_every_line_once);

/// Twenty spends of 10 race for 100 points: exactly ten land, the balance
/// ends at zero and never goes below it.
async fn racing_spends_never_overdraw(db: &Db) {
    brand(db, "demo").await;
    let m = member(db, "demo", "13800000001").await;
    let earn = NewPosting::earning(&m, PostingReason::TaskApproved, ("task", "t1"), 100, T0);
    db.store.post("demo", &earn).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (store, m) = (db.store.clone(), m.clone());
        tasks.push(tokio::spawn(async move {
            store
                .post("demo", &spend(&m, &format!("race{i}"), 10))
                .await
        }));
    }
    let mut landed = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => landed += 1,
            Err(StoreError::Conflict("points_insufficient")) => {}
            Err(e) => panic!("{}: {e}", db.label),
        }
    }
    assert_eq!(landed, 10, "{}", db.label);
    assert_eq!(db.store.balance("demo", &m).await.unwrap(), 0);
    assert_eq!(
        db.store.check_ledger("demo").await.unwrap(),
        Vec::<String>::new()
    );
}
both!(racing_spends_never_overdraw);

/// A settlement-sized batch through `post` one at a time and the policy's
/// defaults, saved values and audit line.
async fn the_points_policy_has_defaults_and_is_audited(db: &Db) {
    brand(db, "demo").await;
    assert_eq!(
        db.store.points_policy("demo").await.unwrap(),
        PointsPolicy::default()
    );
    let p = PointsPolicy {
        points_per_yuan: 50,
        expiry_months: 12,
        checkout_max_percent: 20,
    };
    db.store
        .save_points_policy("demo", &p, "op1", T0)
        .await
        .unwrap();
    assert_eq!(db.store.points_policy("demo").await.unwrap(), p);
    let lines = db
        .store
        .audit_log("demo", &AuditFilter::default(), Page::FIRST_100)
        .await
        .unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l.action == "points.policy" && l.actor_id == "op1"),
        "{}",
        db.label
    );
}
both!(the_points_policy_has_defaults_and_is_audited);

/// The migration to double entry, on a program in the old form: 2,000
/// members with up to eight entries each (settled notes and tasks, a few
/// corrections below zero), filled into the schema before 0018; after it,
/// every balance equals the old sum, every entry is a balanced posting
/// with its id, source and time, and the history reads as before.
async fn old_ledgers_migrate_with_every_balance_unchanged(db: &Db) {
    let pool = db.sql.pool();
    db.sql.migrate_to(17).await.unwrap();
    sqlx::query(
        "INSERT INTO brands (id, name, time_zone, points_rule, created_at) VALUES ('old', 'Old', 'Asia/Shanghai', '{}', 0)",
    )
    .execute(pool)
    .await
    .unwrap();
    let mut seed: u64 = 0x5eed;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let mut entries = 0;
    for chunk in 0..20 {
        let mut tx = pool.begin().await.unwrap();
        for i in 0..100 {
            let id = format!("m{:05}", chunk * 100 + i);
            sqlx::query(
                "INSERT INTO members (brand_id, id, phone, password_hash, created_at) VALUES ('old', $1, $2, 'x', 0)",
            )
            .bind(&id)
            .bind(format!("139{:08}", chunk * 100 + i))
            .execute(&mut *tx)
            .await
            .unwrap();
            for e in 0..next(9) {
                let (reason, kind, points) = match next(10) {
                    0 => ("task_approved", "task", 30 + next(50) as i64),
                    1 => ("note_settled", "submission", -(next(40) as i64)),
                    _ => ("note_settled", "submission", 10 + next(900) as i64),
                };
                sqlx::query(
                    "INSERT INTO ledger_entries (brand_id, id, member_id, points, reason, memo, detail, source_kind, source_id, created_at) \
                     VALUES ('old', $1, $2, $3, $4, 'memo', '{}', $5, $6, $7)",
                )
                .bind(format!("e-{id}-{e}"))
                .bind(&id)
                .bind(points)
                .bind(reason)
                .bind(kind)
                .bind(format!("src-{id}-{e}"))
                .bind(1_700_000_000 + e as i64)
                .execute(&mut *tx)
                .await
                .unwrap();
                entries += 1;
            }
        }
        tx.commit().await.unwrap();
    }
    let before: Vec<(String, i64)> = sqlx::query_as(
        "SELECT m.id, CAST(COALESCE((SELECT SUM(e.points) FROM ledger_entries e WHERE e.brand_id = m.brand_id \
           AND e.member_id = m.id), 0) AS BIGINT) FROM members m WHERE m.brand_id = 'old' ORDER BY m.id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let busy: String = sqlx::query_scalar(
        "SELECT member_id FROM ledger_entries WHERE brand_id = 'old' GROUP BY member_id \
         ORDER BY COUNT(*) DESC, member_id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let history_before: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT id, points, created_at FROM ledger_entries WHERE brand_id = 'old' AND member_id = $1 \
         ORDER BY created_at DESC, id DESC",
    )
    .bind(&busy)
    .fetch_all(pool)
    .await
    .unwrap();

    db.sql.migrate().await.unwrap();

    for (member, sum) in &before {
        assert_eq!(
            db.store.balance("old", member).await.unwrap(),
            *sum,
            "{}: {member}",
            db.label
        );
    }
    let postings: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM ledger_postings WHERE brand_id = 'old'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(postings, entries);
    assert_eq!(
        db.store.check_ledger("old").await.unwrap(),
        Vec::<String>::new()
    );
    let history: Vec<(String, i64, i64)> = db
        .store
        .ledger("old", &busy, Page::FIRST_100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.id, e.points, e.created_at))
        .collect();
    assert_eq!(history, history_before, "{}", db.label);
    // A source posted before the migration is still posted once.
    let (id, _, _) = &history_before[0];
    let source: (String, String) = sqlx::query_as(
        "SELECT source_kind, source_id FROM ledger_postings WHERE brand_id = 'old' AND id = $1",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .unwrap();
    let again = NewPosting::earning(
        &busy,
        PostingReason::NoteSettled,
        (&source.0, &source.1),
        1,
        T0,
    );
    assert_eq!(
        db.store.post("old", &again).await.unwrap(),
        Posted::Already(id.clone())
    );
}

mod old_ledgers_migrate {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let db = crate::unmigrated_sqlite().await;
        super::old_ledgers_migrate_with_every_balance_unchanged(&db).await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(db) = crate::unmigrated_postgres().await {
            super::old_ledgers_migrate_with_every_balance_unchanged(&db).await;
        }
    }
}
