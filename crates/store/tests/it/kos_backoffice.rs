//! Issue 17, the KOS back office on both databases: courses assigned by
//! KOS role or store, scored against a key staff never get, results by
//! scope; goals whose progress is counted from notes, leads and purchases;
//! competitions ranked, paid once through the ledger; sales and growth
//! rewards, withdrawn by a reversal; the dashboards' grouped counts; and a
//! manager never seeing another store's records (not found).
//!
//! The notes, leads and accounts belong to the content and leads areas;
//! [`fixtures`] creates their tables with the columns this area reads
//! when they are not in the schema yet (`IF NOT EXISTS`: once those
//! areas are merged, their own migrations made them).

use crate::scenarios::{T0, brand, conflict};
use crate::{Db, both};
use rules::backoffice::{Question, Quiz};
use rules::words::{CourseStatus, CourseTarget, KosMetric, KosSubject, RewardUnit};
use rules::{CivilDate, KosRole, KosScope, StaffRole, YearMonth};
use store::*;

const FIXTURES: [&str; 6] = [
    "CREATE TABLE IF NOT EXISTS kos_templates (brand_id TEXT NOT NULL, id TEXT NOT NULL, kind TEXT NOT NULL, \
     title TEXT NOT NULL, version BIGINT NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NOT NULL, \
     updated_at BIGINT NOT NULL, PRIMARY KEY (brand_id, id))",
    "CREATE TABLE IF NOT EXISTS kos_notes (brand_id TEXT NOT NULL, id TEXT NOT NULL, staff_id TEXT NOT NULL, \
     store_id TEXT NOT NULL, template_id TEXT, platform TEXT NOT NULL, note_key TEXT NOT NULL, \
     canonical_url TEXT NOT NULL, original_url TEXT NOT NULL, submitted_at BIGINT NOT NULL, \
     interactions BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (brand_id, id))",
    "CREATE TABLE IF NOT EXISTS kos_leads (brand_id TEXT NOT NULL, id TEXT NOT NULL, staff_id TEXT NOT NULL, \
     store_id TEXT NOT NULL, source TEXT NOT NULL, template_id TEXT, stage TEXT NOT NULL, stage_at BIGINT NOT NULL, \
     created_at BIGINT NOT NULL, PRIMARY KEY (brand_id, id))",
    "CREATE TABLE IF NOT EXISTS kos_lead_events (brand_id TEXT NOT NULL, id TEXT NOT NULL, lead_id TEXT NOT NULL, \
     from_stage TEXT, to_stage TEXT NOT NULL, actor_kind TEXT NOT NULL, actor_id TEXT NOT NULL, at BIGINT NOT NULL, \
     amount_fen BIGINT, PRIMARY KEY (brand_id, id))",
    "CREATE TABLE IF NOT EXISTS kos_accounts (brand_id TEXT NOT NULL, id TEXT NOT NULL, owner_level TEXT NOT NULL, \
     owner_id TEXT NOT NULL, platform TEXT NOT NULL, handle TEXT NOT NULL, handle_key TEXT NOT NULL, \
     status TEXT NOT NULL, followers BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL, created_by TEXT NOT NULL, \
     updated_at BIGINT NOT NULL, PRIMARY KEY (brand_id, id))",
    "CREATE TABLE IF NOT EXISTS kos_account_followers (brand_id TEXT NOT NULL, account_id TEXT NOT NULL, \
     on_date TEXT NOT NULL, followers BIGINT NOT NULL, recorded_at BIGINT NOT NULL, recorded_by TEXT NOT NULL, \
     PRIMARY KEY (brand_id, account_id, on_date))",
];

async fn fixtures(db: &Db) {
    for sql in FIXTURES {
        sqlx::query(sql).execute(db.sql.pool()).await.unwrap();
    }
}

/// The month the scenarios happen in, and its period in UTC.
fn month() -> (YearMonth, i64, i64) {
    let m = YearMonth::parse("2026-11").unwrap();
    (
        m,
        m.first_day().start_unix(0),
        m.next().first_day().start_unix(0),
    )
}

/// Two regions, three stores, and their people.
struct Org {
    r1: String,
    r2: String,
    s1: String,
    s2: String,
    s3: String,
    /// Staff at s1 (topic expert).
    a: StaffRow,
    /// Staff at s1 (shopping assistant).
    b: StaffRow,
    /// Manager of s1.
    m1: StaffRow,
    /// Manager of s2.
    m2: StaffRow,
    /// Staff at s3 (region 2).
    c: StaffRow,
}

async fn org(db: &Db) -> Org {
    brand(db, "b").await;
    fixtures(db).await;
    let r1 = db
        .store
        .create_region("b", "华南", "op", T0)
        .await
        .unwrap()
        .id;
    let r2 = db
        .store
        .create_region("b", "华东", "op", T0)
        .await
        .unwrap()
        .id;
    let mut stores = Vec::new();
    for (code, region) in [("GZ001", &r1), ("GZ002", &r1), ("SH001", &r2)] {
        let s = db
            .store
            .create_kos_store(
                "b",
                &NewKosStore {
                    region_id: region.clone(),
                    code: code.into(),
                    name: format!("{code}店"),
                    city: "广州".into(),
                    address: "路 1 号".into(),
                },
                "op",
                T0,
            )
            .await
            .unwrap();
        stores.push(s.id);
    }
    let mut people = Vec::new();
    for (i, (role, kos, store, region)) in [
        (StaffRole::Staff, KosRole::TopicExpert, &stores[0], &r1),
        (
            StaffRole::Staff,
            KosRole::ShoppingAssistant,
            &stores[0],
            &r1,
        ),
        (
            StaffRole::StoreManager,
            KosRole::ShoppingAssistant,
            &stores[0],
            &r1,
        ),
        (
            StaffRole::StoreManager,
            KosRole::TopicExpert,
            &stores[1],
            &r1,
        ),
        (StaffRole::Staff, KosRole::TopicExpert, &stores[2], &r2),
    ]
    .into_iter()
    .enumerate()
    {
        let p = db
            .store
            .create_staff(
                "b",
                &NewStaff {
                    name: format!("员工{i}"),
                    phone: format!("1390000000{i}"),
                    role,
                    kos_role: kos,
                    region_id: region.clone(),
                    store_id: Some(store.clone()),
                    employee_no: format!("E{i}"),
                    password_hash: None,
                    joined_on: "2026-01-01".into(),
                },
                "op",
                T0,
            )
            .await
            .unwrap();
        people.push(p);
    }
    let mut p = people.into_iter();
    Org {
        r1,
        r2,
        s1: stores[0].clone(),
        s2: stores[1].clone(),
        s3: stores[2].clone(),
        a: p.next().unwrap(),
        b: p.next().unwrap(),
        m1: p.next().unwrap(),
        m2: p.next().unwrap(),
        c: p.next().unwrap(),
    }
}

async fn note(db: &Db, who: &StaffRow, template: Option<&str>, at: i64) {
    let id = new_id();
    sqlx::query(
        "INSERT INTO kos_notes (brand_id, id, staff_id, store_id, template_id, platform, note_key, canonical_url, \
         original_url, submitted_at, interactions) VALUES ('b', $1, $2, $3, $4, 'xiaohongshu', $1, $5, $5, $6, 7)",
    )
    .bind(&id)
    .bind(&who.id)
    .bind(who.store_id.clone().unwrap_or_default())
    .bind(template)
    .bind(format!("https://www.xiaohongshu.com/explore/{id}"))
    .bind(at)
    .execute(db.sql.pool())
    .await
    .unwrap();
}

/// A lead of `who` added at `at`, moved to `stage`; a purchase of
/// `amount` fen at `at + 60` when given.
async fn lead(db: &Db, who: &StaffRow, at: i64, purchase: Option<i64>) -> String {
    let id = new_id();
    let stage = if purchase.is_some() {
        "purchased"
    } else {
        "contacted"
    };
    sqlx::query(
        "INSERT INTO kos_leads (brand_id, id, staff_id, store_id, source, template_id, stage, stage_at, created_at) \
         VALUES ('b', $1, $2, $3, 'manual', NULL, $4, $5, $5)",
    )
    .bind(&id)
    .bind(&who.id)
    .bind(who.store_id.clone().unwrap_or_default())
    .bind(stage)
    .bind(at)
    .execute(db.sql.pool())
    .await
    .unwrap();
    if let Some(fen) = purchase {
        sqlx::query(
            "INSERT INTO kos_lead_events (brand_id, id, lead_id, from_stage, to_stage, actor_kind, actor_id, at, amount_fen) \
             VALUES ('b', $1, $2, 'visited_store', 'purchased', 'operator', 'op', $3, $4)",
        )
        .bind(new_id())
        .bind(&id)
        .bind(at + 60)
        .bind(fen)
        .execute(db.sql.pool())
        .await
        .unwrap();
    }
    id
}

fn quiz() -> Quiz {
    Quiz {
        questions: vec![
            Question {
                prompt: "价格问题怎么回？".into(),
                choices: vec!["评论区报价".into(), "引导私信".into()],
                answer: 1,
            },
            Question {
                prompt: "笔记里写门店位置吗？".into(),
                choices: vec!["写".into(), "不写".into()],
                answer: 0,
            },
        ],
    }
}

fn course(title: &str, targets: Vec<(CourseTarget, String)>) -> NewCourse {
    NewCourse {
        title: title.into(),
        body: "正文".into(),
        video_url: String::new(),
        quiz: quiz(),
        pass_percent: 100,
        status: CourseStatus::Published,
        targets,
    }
}

async fn courses_are_assigned_scored_and_scoped(db: &Db) {
    let o = org(db).await;
    let experts = db
        .store
        .create_course(
            "b",
            &course(
                "话题专家必修",
                vec![(CourseTarget::KosRole, "topic_expert".into())],
            ),
            "op",
            T0,
        )
        .await
        .unwrap();
    let mut shanghai = course("上海门店课", vec![(CourseTarget::Store, o.s3.clone())]);
    shanghai.status = CourseStatus::Draft;
    let shanghai = db
        .store
        .create_course("b", &shanghai, "op", T0)
        .await
        .unwrap();
    // Assigned by role: the topic expert sees it, the shopping assistant not.
    let mine: Vec<String> = db
        .store
        .my_courses("b", &o.a)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(mine, vec![experts.id.clone()], "{}", db.label);
    assert!(db.store.my_courses("b", &o.b).await.unwrap().is_empty());
    assert!(matches!(
        db.store.my_course("b", &o.b, &experts.id).await,
        Err(StoreError::NotFound)
    ));
    // A draft is offered to nobody; published, to its store's staff.
    assert!(matches!(
        db.store.my_course("b", &o.c, &shanghai.id).await,
        Err(StoreError::NotFound)
    ));
    let mut published = shanghai.course.clone();
    published.status = CourseStatus::Published;
    db.store
        .update_course("b", &shanghai.id, &published, "op", T0 + 1)
        .await
        .unwrap();
    assert_eq!(db.store.my_courses("b", &o.c).await.unwrap().len(), 2);
    // Taken: scored against the key, which the staff view does not carry.
    let shown = db.store.my_course("b", &o.a, &experts.id).await.unwrap();
    assert_eq!(shown.questions.len(), 2);
    let half = db
        .store
        .take_course("b", &o.a, &experts.id, &[1, 1], T0 + 10)
        .await
        .unwrap();
    assert_eq!(
        (half.result.correct, half.result.percent, half.result.passed),
        (1, 50, false)
    );
    let full = db
        .store
        .take_course("b", &o.a, &experts.id, &[1, 0], T0 + 20)
        .await
        .unwrap();
    assert!(full.result.passed);
    assert!(matches!(
        db.store
            .take_course("b", &o.b, &experts.id, &[1, 0], T0)
            .await,
        Err(StoreError::NotFound)
    ));
    let mine = db.store.my_courses("b", &o.a).await.unwrap();
    assert_eq!((mine[0].best_percent, mine[0].passed), (Some(100), true));
    // Results: store 1's manager sees their topic experts only.
    let results = db
        .store
        .course_results(
            "b",
            &experts.id,
            &KosScope::Store(o.s1.clone()),
            Page::FIRST_100,
        )
        .await
        .unwrap();
    let rows: Vec<(String, i64, Option<i64>, bool)> = results
        .into_iter()
        .map(|r| (r.staff_id, r.attempts, r.best_percent, r.passed))
        .collect();
    assert_eq!(
        rows,
        vec![(o.a.id.clone(), 2, Some(100), true)],
        "{}",
        db.label
    );
    let store2 = db
        .store
        .course_results(
            "b",
            &experts.id,
            &KosScope::Store(o.s2.clone()),
            Page::FIRST_100,
        )
        .await
        .unwrap();
    assert_eq!(
        store2
            .iter()
            .map(|r| r.staff_id.clone())
            .collect::<Vec<_>>(),
        vec![o.m2.id.clone()]
    );
    // Another store's course is not found for a manager, nor in a region
    // that does not hold its store.
    assert!(matches!(
        db.store
            .course_results(
                "b",
                &shanghai.id,
                &KosScope::Store(o.s1.clone()),
                Page::FIRST_100
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        db.store
            .course_results(
                "b",
                &shanghai.id,
                &KosScope::Region(o.r1.clone()),
                Page::FIRST_100
            )
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        db.store
            .course_results(
                "b",
                &shanghai.id,
                &KosScope::Region(o.r2.clone()),
                Page::FIRST_100
            )
            .await
            .unwrap()
            .len(),
        1
    );
    let summary = db.store.courses("b", Page::FIRST_100).await.unwrap();
    let s = summary.iter().find(|s| s.id == experts.id).unwrap();
    assert_eq!((s.attempted, s.passed, s.targets), (1, 1, 1));
}
both!(courses_are_assigned_scored_and_scoped);

async fn goals_count_notes_leads_and_sales_in_scope(db: &Db) {
    let o = org(db).await;
    let (m, from, to) = month();
    for at in [from + 10, from + 20, to - 1] {
        note(db, &o.a, None, at).await;
    }
    note(db, &o.a, None, to).await; // next month
    note(db, &o.b, None, from + 30).await;
    lead(db, &o.a, from + 100, Some(12_000)).await;
    lead(db, &o.a, from + 200, None).await;
    lead(db, &o.b, from + 300, Some(3_000)).await;
    lead(db, &o.c, from + 300, Some(99_000)).await;
    let set = |subject, id: &str, metric, target| NewGoal {
        subject,
        subject_id: id.to_string(),
        month: m,
        metric,
        target,
    };
    for g in [
        set(KosSubject::Staff, &o.a.id, KosMetric::Notes, 4),
        set(KosSubject::Staff, &o.a.id, KosMetric::Leads, 2),
        set(KosSubject::Staff, &o.b.id, KosMetric::Notes, 4),
        set(KosSubject::Store, &o.s1, KosMetric::SalesFen, 30_000),
        set(KosSubject::Store, &o.s1, KosMetric::Conversions, 4),
        set(KosSubject::Store, &o.s3, KosMetric::SalesFen, 1),
    ] {
        db.store
            .set_goal("b", &g, &KosScope::Brand, "op", T0)
            .await
            .unwrap();
    }
    // Setting it again changes the target: still one goal.
    db.store
        .set_goal(
            "b",
            &set(KosSubject::Staff, &o.a.id, KosMetric::Notes, 5),
            &KosScope::Brand,
            "op",
            T0 + 1,
        )
        .await
        .unwrap();
    let all = db
        .store
        .goals("b", m, None, &KosScope::Brand, from, to, Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(all.len(), 6, "{}", db.label);
    let find = |rows: &[GoalRow], id: &str, metric| {
        rows.iter()
            .find(|g| g.subject_id == id && g.metric == metric)
            .map(|g| (g.target, g.actual))
    };
    assert_eq!(
        find(&all, &o.a.id, KosMetric::Notes),
        Some((5, 3)),
        "{}",
        db.label
    );
    assert_eq!(find(&all, &o.a.id, KosMetric::Leads), Some((2, 2)));
    assert_eq!(
        find(&all, &o.s1, KosMetric::SalesFen),
        Some((30_000, 15_000))
    );
    assert_eq!(find(&all, &o.s1, KosMetric::Conversions), Some((4, 2)));
    assert_eq!(find(&all, &o.s3, KosMetric::SalesFen), Some((1, 99_000)));
    // A staff member sees their own goals and their store's.
    let own = KosScope::Own {
        staff: o.a.id.clone(),
        store: o.s1.clone(),
    };
    let mine = db
        .store
        .goals("b", m, None, &own, from, to, Page::FIRST_100)
        .await
        .unwrap();
    let mut subjects: Vec<String> = mine.iter().map(|g| g.subject_id.clone()).collect();
    subjects.dedup();
    assert_eq!(mine.len(), 4);
    assert!(!subjects.contains(&o.b.id));
    // Store 2's manager sees nothing of store 1, and sets no goal there.
    let other = KosScope::Store(o.s2.clone());
    assert!(
        db.store
            .goals("b", m, None, &other, from, to, Page::FIRST_100)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        db.store
            .set_goal(
                "b",
                &set(KosSubject::Staff, &o.a.id, KosMetric::Notes, 1),
                &other,
                "m2",
                T0
            )
            .await,
        Err(StoreError::NotFound)
    ));
    // The region sees its stores' goals only.
    let region = db
        .store
        .goals(
            "b",
            m,
            Some(KosSubject::Store),
            &KosScope::Region(o.r2.clone()),
            from,
            to,
            Page::FIRST_100,
        )
        .await
        .unwrap();
    assert_eq!(
        region
            .iter()
            .map(|g| g.subject_id.clone())
            .collect::<Vec<_>>(),
        vec![o.s3.clone()]
    );
}
both!(goals_count_notes_leads_and_sales_in_scope);

async fn competitions_rank_and_pay_once_through_the_ledger(db: &Db) {
    let o = org(db).await;
    let (_, from, to) = month();
    let starts = CivilDate::parse("2026-11-01").unwrap();
    let ends = CivilDate::parse("2026-11-30").unwrap();
    for _ in 0..3 {
        note(db, &o.b, None, from + 5).await;
    }
    note(db, &o.m2, None, from + 5).await;
    let c = db
        .store
        .create_competition(
            "b",
            &NewCompetition {
                title: "十一月笔记赛".into(),
                metric: KosMetric::Notes,
                entrant: KosSubject::Store,
                starts_on: starts,
                ends_on: ends,
                prize_unit: RewardUnit::Points,
                prizes: vec![500, 200],
                entrants: vec![o.s1.clone(), o.s2.clone()],
            },
            "op",
            T0,
        )
        .await
        .unwrap();
    assert_eq!(c.entrants, 2);
    assert_eq!(
        conflict(
            db.store
                .create_competition(
                    "b",
                    &NewCompetition {
                        title: "x".into(),
                        metric: KosMetric::Notes,
                        entrant: KosSubject::Store,
                        starts_on: starts,
                        ends_on: ends,
                        prize_unit: RewardUnit::Points,
                        prizes: vec![1],
                        entrants: vec!["nope".into()],
                    },
                    "op",
                    T0,
                )
                .await
        ),
        "competition_entrant_unknown"
    );
    let (_, board) = db
        .store
        .leaderboard("b", &c.id, &KosScope::Brand, from, to)
        .await
        .unwrap();
    let places: Vec<(String, i64, u32, i64)> = board
        .into_iter()
        .map(|s| (s.entrant_id, s.value, s.place, s.prize))
        .collect();
    assert_eq!(
        places,
        vec![(o.s1.clone(), 3, 1, 500), (o.s2.clone(), 1, 2, 200)],
        "{}",
        db.label
    );
    // Staff of store 3 are in no competition: not found for them.
    let outside = KosScope::Own {
        staff: o.c.id.clone(),
        store: o.s3.clone(),
    };
    assert!(
        db.store
            .competitions("b", &outside, Page::FIRST_100)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        db.store.leaderboard("b", &c.id, &outside, from, to).await,
        Err(StoreError::NotFound)
    ));
    let inside = KosScope::Own {
        staff: o.a.id.clone(),
        store: o.s1.clone(),
    };
    assert_eq!(
        db.store
            .competitions("b", &inside, Page::FIRST_100)
            .await
            .unwrap()
            .len(),
        1
    );
    // Paid after it ends, once: each current staff member of a winning
    // store gets its place's prize.
    assert_eq!(
        conflict(
            db.store
                .pay_competition("b", &c.id, ends, from, to, "op", T0)
                .await
        ),
        "competition_not_finished"
    );
    let paid = db
        .store
        .pay_competition("b", &c.id, ends.add_days(1), from, to, "op", T0 + 5)
        .await
        .unwrap();
    let mut got: Vec<(String, i64)> = paid
        .iter()
        .map(|r| (r.staff_id.clone(), r.amount))
        .collect();
    got.sort();
    let mut expect = vec![
        (o.a.id.clone(), 500),
        (o.b.id.clone(), 500),
        (o.m1.id.clone(), 500),
        (o.m2.id.clone(), 200),
    ];
    expect.sort();
    assert_eq!(got, expect, "{}", db.label);
    assert_eq!(
        db.store.staff_balances("b", &o.a.id).await.unwrap(),
        StaffBalances {
            points: 500,
            cash_fen: 0
        }
    );
    assert_eq!(
        conflict(
            db.store
                .pay_competition("b", &c.id, ends.add_days(1), from, to, "op", T0)
                .await
        ),
        "competition_paid"
    );
    assert_eq!(
        db.store.check_ledger("b").await.unwrap(),
        Vec::<String>::new()
    );
    let audited = db
        .store
        .audit_log("b", &AuditFilter::default(), Page::FIRST_100)
        .await
        .unwrap();
    assert!(audited.iter().any(|e| e.action == "kos.competition.pay"));
}
both!(competitions_rank_and_pay_once_through_the_ledger);

async fn sales_and_growth_rewards_pay_once_and_reverse(db: &Db) {
    let o = org(db).await;
    let (m, from, to) = month();
    lead(db, &o.a, from + 100, Some(100_000)).await;
    lead(db, &o.a, from + 200, Some(23_456)).await;
    lead(db, &o.c, from + 200, Some(50)).await; // 1 % of 50 fen: nothing
    // A purchase the lead's owner entered herself is her claim, not paid.
    let own = lead(db, &o.a, from + 300, None).await;
    sqlx::query(
        "INSERT INTO kos_lead_events (brand_id, id, lead_id, from_stage, to_stage, actor_kind, actor_id, at, amount_fen) \
         VALUES ('b', $1, $2, 'visited_store', 'purchased', 'staff', $3, $4, 9000000)",
    )
    .bind(new_id())
    .bind(&own)
    .bind(&o.a.id)
    .bind(from + 360)
    .execute(db.sql.pool())
    .await
    .unwrap();
    let paid = db
        .store
        .pay_sales_rewards("b", m, from, to, 10, "op", T0)
        .await
        .unwrap();
    assert_eq!(
        paid.iter()
            .map(|r| (r.staff_id.clone(), r.unit, r.amount))
            .collect::<Vec<_>>(),
        vec![(o.a.id.clone(), RewardUnit::Fen, 1_234)],
        "{}",
        db.label
    );
    assert!(
        db.store
            .pay_sales_rewards("b", m, from, to, 10, "op", T0)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        db.store
            .staff_balances("b", &o.a.id)
            .await
            .unwrap()
            .cash_fen,
        1_234
    );
    // Growth: the last count in the month against the last before it.
    let account = new_id();
    sqlx::query(
        "INSERT INTO kos_accounts (brand_id, id, owner_level, owner_id, platform, handle, handle_key, status, followers, \
         created_at, created_by, updated_at) VALUES ('b', $1, 'staff', $2, 'xiaohongshu', 'h', 'h', 'active', 900, 0, 'op', 0)",
    )
    .bind(&account)
    .bind(&o.b.id)
    .execute(db.sql.pool())
    .await
    .unwrap();
    for (day, n) in [
        ("2026-10-20", 300),
        ("2026-11-10", 500),
        ("2026-11-29", 560),
        ("2026-12-02", 900),
    ] {
        sqlx::query(
            "INSERT INTO kos_account_followers (brand_id, account_id, on_date, followers, recorded_at, recorded_by) \
             VALUES ('b', $1, $2, $3, 0, 'op')",
        )
        .bind(&account)
        .bind(day)
        .bind(n)
        .execute(db.sql.pool())
        .await
        .unwrap();
    }
    let grown = db
        .store
        .pay_growth_rewards("b", m, 100, 20, "op", T0)
        .await
        .unwrap();
    assert_eq!(
        grown
            .iter()
            .map(|r| (r.staff_id.clone(), r.unit, r.amount))
            .collect::<Vec<_>>(),
        vec![(o.b.id.clone(), RewardUnit::Points, 40)],
        "{}",
        db.label
    );
    // A reward withdrawn: reversed once, the balance back to zero.
    let r = &grown[0];
    let back = db
        .store
        .reverse_reward("b", &r.id, "op", T0 + 1)
        .await
        .unwrap();
    assert!(back.reversed_by.is_some());
    assert_eq!(
        db.store.staff_balances("b", &o.b.id).await.unwrap().points,
        0
    );
    assert_eq!(
        conflict(db.store.reverse_reward("b", &r.id, "op", T0 + 2).await),
        "reward_reversed"
    );
    assert!(matches!(
        db.store.reverse_reward("b", "nope", "op", T0).await,
        Err(StoreError::NotFound)
    ));
    // A reward by hand, paid once per key; unknown staff is not found.
    let grant = NewReward {
        staff_id: o.c.id.clone(),
        kind: rules::words::IncentiveKind::AccountGrowth,
        unit: RewardUnit::Points,
        amount: 70,
        period: m.to_string(),
        source_key: "key:1".into(),
        memo: "新号奖励".into(),
    };
    let first = db.store.grant_reward("b", &grant, "op", T0).await.unwrap();
    let again = db
        .store
        .grant_reward("b", &grant, "op", T0 + 9)
        .await
        .unwrap();
    assert_eq!(first.id, again.id);
    assert_eq!(
        db.store.staff_balances("b", &o.c.id).await.unwrap().points,
        70
    );
    let nobody = NewReward {
        staff_id: "nope".into(),
        source_key: "key:2".into(),
        ..grant.clone()
    };
    assert!(matches!(
        db.store.grant_reward("b", &nobody, "op", T0).await,
        Err(StoreError::NotFound)
    ));
    // Scope: store 1's manager sees store 1's rewards only.
    let seen = db
        .store
        .kos_rewards("b", &KosScope::Store(o.s1.clone()), Page::FIRST_100)
        .await
        .unwrap();
    assert!(seen.iter().all(|r| r.store_id == o.s1));
    assert_eq!(seen.len(), 2);
    assert_eq!(
        db.store.check_ledger("b").await.unwrap(),
        Vec::<String>::new()
    );
}
both!(sales_and_growth_rewards_pay_once_and_reverse);

async fn the_dashboard_groups_the_period(db: &Db) {
    let o = org(db).await;
    let (_, from, _) = month();
    let template = new_id();
    sqlx::query(
        "INSERT INTO kos_templates (brand_id, id, kind, title, version, created_at, created_by, updated_at) \
         VALUES ('b', $1, 'topic', '冬季修护', 1, 0, 'op', 0)",
    )
    .bind(&template)
    .execute(db.sql.pool())
    .await
    .unwrap();
    note(db, &o.a, Some(&template), from + 10).await;
    note(db, &o.a, Some(&template), from + 86_400 + 10).await;
    note(db, &o.c, None, from + 86_400 * 2).await;
    note(db, &o.c, None, from - 1).await; // before the period
    lead(db, &o.a, from + 50, Some(8_800)).await;
    lead(db, &o.c, from + 60, None).await;
    let d = db
        .store
        .kos_dashboard("b", None, from, from + 7 * 86_400, "2026-11-01")
        .await
        .unwrap();
    assert_eq!(d.days.len(), 7);
    assert_eq!(
        d.days
            .iter()
            .take(3)
            .map(|x| (x.notes, x.leads))
            .collect::<Vec<_>>(),
        vec![(1, 2), (1, 0), (1, 0)],
        "{}",
        db.label
    );
    assert_eq!((d.staff_posting, d.staff_total), (2, 5));
    let mut funnel = d.funnel.clone();
    funnel.sort();
    assert_eq!(
        funnel,
        vec![("contacted".to_string(), 1), ("purchased".to_string(), 1)]
    );
    assert_eq!(d.top_templates.len(), 1);
    assert_eq!(
        (
            d.top_templates[0].title.as_str(),
            d.top_templates[0].notes,
            d.top_templates[0].interactions
        ),
        ("冬季修护", 2, 14)
    );
    // The weakest first: store 2 did nothing.
    assert_eq!(d.weakest_stores[0].store_id, o.s2, "{}", db.label);
    let s1 = d
        .weakest_stores
        .iter()
        .find(|s| s.store_id == o.s1)
        .unwrap();
    assert_eq!(
        (s1.notes, s1.leads, s1.sales_fen, s1.staff),
        (2, 1, 8_800, 3)
    );
    // One region: its stores and staff only.
    let r2 = db
        .store
        .kos_dashboard("b", Some(&o.r2), from, from + 7 * 86_400, "2026-11-01")
        .await
        .unwrap();
    assert_eq!((r2.staff_posting, r2.staff_total), (1, 1), "{}", db.label);
    assert_eq!(
        r2.weakest_stores
            .iter()
            .map(|s| s.store_id.clone())
            .collect::<Vec<_>>(),
        vec![o.s3.clone()]
    );
    assert!(r2.top_templates.is_empty());
    let _ = &o.r1;
}
both!(the_dashboard_groups_the_period);
