//! KOS leads (issue 17), on both databases: scope (own, store, region,
//! brand, other brand), stages and their events, tag filters (OR within a
//! group, AND across groups), funnels with time in stage, the store live
//! code's turns (also under concurrency), hand-over when staff leave, and
//! erasure (a lead on request, a member's phone).

use crate::scenarios::{T0, brand, conflict, member};
use crate::{Db, both};
use rules::kos::KosScope;
use rules::words::{FunnelBy, LeadSource, LeadStage};
use std::sync::Arc;
use store::*;

/// The organisation: regions r1 (stores s1, s2) and r2 (store s3); staff
/// a1, a2 at s1, b1 at s2, c1 at s3 (ids are the names, prefixed).
struct Org {
    brand: String,
}

impl Org {
    fn id(&self, name: &str) -> String {
        format!("{}{name}", self.brand)
    }
}

async fn exec(db: &Db, sql: &str, args: &[&str]) {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()));
    for a in args {
        q = q.bind(a.to_string());
    }
    q.execute(db.sql.pool()).await.unwrap();
}

async fn org(db: &Db, b: &str) -> Org {
    brand(db, b).await;
    let o = Org { brand: b.into() };
    for r in ["r1", "r2"] {
        exec(
            db,
            "INSERT INTO kos_regions (brand_id, id, name, created_at) VALUES ($1, $2, $3, 1795000000)",
            &[b, &o.id(r), &format!("区域{r}")],
        )
        .await;
    }
    for (s, r) in [("s1", "r1"), ("s2", "r1"), ("s3", "r2")] {
        exec(
            db,
            "INSERT INTO kos_stores (brand_id, id, region_id, code, name, city, address, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, '广州', '', 'open', 1795000000)",
            &[b, &o.id(s), &o.id(r), &s.to_uppercase(), &format!("门店{s}")],
        )
        .await;
    }
    for (i, (f, s, r)) in [
        ("a1", "s1", "r1"),
        ("a2", "s1", "r1"),
        ("b1", "s2", "r1"),
        ("c1", "s3", "r2"),
    ]
    .into_iter()
    .enumerate()
    {
        staff(db, &o, f, s, r, &format!("1390000{:04}", i + 100)).await;
    }
    o
}

async fn staff(db: &Db, o: &Org, name: &str, store: &str, region: &str, phone: &str) {
    exec(
        db,
        "INSERT INTO kos_staff (brand_id, id, name, phone, role, kos_role, region_id, store_id, employee_no, \
           password_hash, joined_on, left_on, created_at) \
         VALUES ($1, $2, $3, $4, 'staff', 'shopping_assistant', $5, $6, '', NULL, '2026-01-01', NULL, 1795000000)",
        &[&o.brand, &o.id(name), name, phone, &o.id(region), &o.id(store)],
    )
    .await;
}

fn new_lead(o: &Org, staff: &str, store: &str, phone: &str, at: i64) -> NewLead {
    NewLead {
        id: new_id(),
        staff_id: o.id(staff),
        store_id: o.id(store),
        source: LeadSource::Manual,
        source_platform: "xiaohongshu".into(),
        source_note_id: None,
        template_id: None,
        handle: format!("wx_{phone}"),
        phone: phone.into(),
        consent: true,
        stage: LeadStage::Contacted,
        tags: vec![],
        by: LeadActor::Staff(o.id(staff)),
        at,
    }
}

fn ids(rows: &[LeadRow]) -> Vec<String> {
    let mut v: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    v.sort();
    v
}

async fn list(db: &Db, o: &Org, scope: &KosScope, f: &LeadFilter) -> Vec<String> {
    ids(&db
        .store
        .leads(&o.brand, scope, f, Page::FIRST_100)
        .await
        .unwrap())
}

both!(leads_are_scoped);
async fn leads_are_scoped(db: &Db) {
    let o = org(db, "ka").await;
    let other = org(db, "kb").await;
    let mut made = std::collections::HashMap::new();
    for (i, (f, s)) in [("a1", "s1"), ("a2", "s1"), ("b1", "s2"), ("c1", "s3")]
        .into_iter()
        .enumerate()
    {
        let l = db
            .store
            .create_lead(
                &o.brand,
                &new_lead(&o, f, s, &format!("1380000000{i}"), T0 + i as i64),
            )
            .await
            .unwrap();
        assert_eq!(l.staff_name, f);
        assert_eq!(l.store_name, format!("门店{s}"));
        made.insert(f, l.id);
    }
    let all = LeadFilter::default();
    let own = KosScope::Own {
        staff: o.id("a1"),
        store: o.id("s1"),
    };
    let sorted = |names: &[&str]| {
        let mut v: Vec<String> = names.iter().map(|n| made[n].clone()).collect();
        v.sort();
        v
    };
    assert_eq!(list(db, &o, &own, &all).await, sorted(&["a1"]));
    assert_eq!(
        list(db, &o, &KosScope::Store(o.id("s1")), &all).await,
        sorted(&["a1", "a2"])
    );
    assert_eq!(
        list(db, &o, &KosScope::Region(o.id("r1")), &all).await,
        sorted(&["a1", "a2", "b1"])
    );
    assert_eq!(
        list(db, &o, &KosScope::Brand, &all).await,
        sorted(&["a1", "a2", "b1", "c1"])
    );
    assert_eq!(
        db.store
            .count_leads(&o.brand, &KosScope::Region(o.id("r1")), &all)
            .await
            .unwrap(),
        3
    );
    // Outside the scope is not found, for reading and for writing.
    let a2s = &made["a2"];
    assert!(matches!(
        db.store.lead(&o.brand, &own, a2s).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        db.store
            .lead(&o.brand, &KosScope::Store(o.id("s2")), a2s)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        db.store
            .lead(&o.brand, &KosScope::Region(o.id("r2")), a2s)
            .await,
        Err(StoreError::NotFound)
    ));
    let by = LeadActor::Staff(o.id("a1"));
    assert!(matches!(
        db.store
            .move_lead(
                &o.brand,
                &own,
                a2s,
                &LeadMove {
                    to: LeadStage::AddedPrivately,
                    amount_fen: None,
                    by: by.clone(),
                    at: T0 + 9
                }
            )
            .await,
        Err(StoreError::NotFound)
    ));
    // Another brand sees nothing, even brand-wide.
    assert!(list(db, &other, &KosScope::Brand, &all).await.is_empty());
    assert!(matches!(
        db.store.lead(&other.brand, &KosScope::Brand, a2s).await,
        Err(StoreError::NotFound)
    ));
    // Filters: by region, store, staff, stage, platform, contact.
    let f = LeadFilter {
        region_id: Some(o.id("r2")),
        ..LeadFilter::default()
    };
    assert_eq!(list(db, &o, &KosScope::Brand, &f).await, sorted(&["c1"]));
    let f = LeadFilter {
        contact: Some("13800000001".into()),
        ..LeadFilter::default()
    };
    assert_eq!(list(db, &o, &KosScope::Brand, &f).await, sorted(&["a2"]));
    let f = LeadFilter {
        platform: Some("douyin".into()),
        ..LeadFilter::default()
    };
    assert!(list(db, &o, &KosScope::Brand, &f).await.is_empty());
}

both!(stages_move_forward_with_their_events);
async fn stages_move_forward_with_their_events(db: &Db) {
    let o = org(db, "ka").await;
    let own = KosScope::Own {
        staff: o.id("a1"),
        store: o.id("s1"),
    };
    let l = db
        .store
        .create_lead(&o.brand, &new_lead(&o, "a1", "s1", "13800001111", T0))
        .await
        .unwrap();
    // One phone, one lead in the brand.
    let again = new_lead(&o, "a2", "s1", "13800001111", T0 + 1);
    assert_eq!(
        conflict(db.store.create_lead(&o.brand, &again).await),
        "lead_exists"
    );
    let by = LeadActor::Staff(o.id("a1"));
    let moved = db
        .store
        .move_lead(
            &o.brand,
            &own,
            &l.id,
            &LeadMove {
                to: LeadStage::AddedPrivately,
                amount_fen: None,
                by: by.clone(),
                at: T0 + 100,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (moved.stage, moved.stage_at),
        (LeadStage::AddedPrivately, T0 + 100)
    );
    let back = db
        .store
        .move_lead(
            &o.brand,
            &own,
            &l.id,
            &LeadMove {
                to: LeadStage::Contacted,
                amount_fen: None,
                by: by.clone(),
                at: T0 + 101,
            },
        )
        .await;
    assert_eq!(conflict(back), "lead_stage_invalid");
    let amount = db
        .store
        .move_lead(
            &o.brand,
            &own,
            &l.id,
            &LeadMove {
                to: LeadStage::VisitedStore,
                amount_fen: Some(100),
                by: by.clone(),
                at: T0 + 102,
            },
        )
        .await;
    assert_eq!(conflict(amount), "lead_amount_invalid");
    // A manager moves it on: attributed to them; purchases repeat.
    let manager = LeadActor::Staff(o.id("a2"));
    let store = KosScope::Store(o.id("s1"));
    for (stage, amount, at) in [
        (LeadStage::Purchased, Some(39_900), T0 + 200),
        (LeadStage::Repurchased, Some(12_000), T0 + 300),
        (LeadStage::Repurchased, None, T0 + 400),
    ] {
        db.store
            .move_lead(
                &o.brand,
                &store,
                &l.id,
                &LeadMove {
                    to: stage,
                    amount_fen: amount,
                    by: manager.clone(),
                    at,
                },
            )
            .await
            .unwrap();
    }
    let events = db.store.lead_events(&o.brand, &own, &l.id).await.unwrap();
    type Seen<'a> = (Option<&'a str>, LeadStage, &'a str, i64, Option<i64>);
    let seen: Vec<Seen> = events
        .iter()
        .map(|e| {
            (
                e.from_stage.as_deref(),
                e.to_stage,
                e.actor_id.as_str(),
                e.at,
                e.amount_fen,
            )
        })
        .collect();
    let (a1, a2) = (o.id("a1"), o.id("a2"));
    assert_eq!(
        seen,
        vec![
            (None, LeadStage::Contacted, a1.as_str(), T0, None),
            (
                Some("contacted"),
                LeadStage::AddedPrivately,
                a1.as_str(),
                T0 + 100,
                None
            ),
            (
                Some("added_privately"),
                LeadStage::Purchased,
                a2.as_str(),
                T0 + 200,
                Some(39_900)
            ),
            (
                Some("purchased"),
                LeadStage::Repurchased,
                a2.as_str(),
                T0 + 300,
                Some(12_000)
            ),
            (
                Some("repurchased"),
                LeadStage::Repurchased,
                a2.as_str(),
                T0 + 400,
                None
            ),
        ]
    );
    assert!(events.iter().all(|e| e.actor_kind == "staff"));
}

both!(tags_filter_or_within_a_group_and_across_groups);
async fn tags_filter_or_within_a_group_and_across_groups(db: &Db) {
    let o = org(db, "ka").await;
    let op = LeadActor::Operator("op1".into());
    let mut tag = std::collections::HashMap::new();
    for (g, names) in [("肤质", vec!["干皮", "油皮"]), ("预算", vec!["高"])] {
        let group = TagGroup {
            id: new_id(),
            name: g.into(),
            created_at: T0,
        };
        db.store
            .create_tag_group(&o.brand, &group, "op1")
            .await
            .unwrap();
        for n in names {
            let t = Tag {
                id: new_id(),
                group_id: group.id.clone(),
                staff_id: String::new(),
                name: n.into(),
                created_at: T0,
            };
            db.store.create_tag(&o.brand, &t, &op).await.unwrap();
            tag.insert(n, t.id);
        }
    }
    let dup = TagGroup {
        id: new_id(),
        name: "肤质".into(),
        created_at: T0,
    };
    assert_eq!(
        conflict(db.store.create_tag_group(&o.brand, &dup, "op1").await),
        "tag_group_exists"
    );
    // a1's personal tag: theirs to apply, not a2's.
    let vip = Tag {
        id: new_id(),
        group_id: String::new(),
        staff_id: o.id("a1"),
        name: "老客".into(),
        created_at: T0,
    };
    db.store
        .create_tag(&o.brand, &vip, &LeadActor::Staff(o.id("a1")))
        .await
        .unwrap();
    let lead = |n: &str, tags: Vec<&str>, at| {
        let mut l = new_lead(&o, "a1", "s1", n, at);
        l.tags = tags
            .iter()
            .map(|t| tag.get(t).cloned().unwrap_or(vip.id.clone()))
            .collect();
        l
    };
    let l1 = lead("13800000001", vec!["干皮", "高"], T0);
    let l2 = lead("13800000002", vec!["油皮"], T0 + 1);
    let l3 = lead("13800000003", vec!["干皮", "老客"], T0 + 2);
    for l in [&l1, &l2, &l3] {
        db.store.create_lead(&o.brand, l).await.unwrap();
    }
    let f = |groups: Vec<Vec<&str>>| LeadFilter {
        tag_groups: groups
            .into_iter()
            .map(|g| {
                g.into_iter()
                    .map(|t| tag.get(t).cloned().unwrap_or(vip.id.clone()))
                    .collect()
            })
            .collect(),
        ..LeadFilter::default()
    };
    let want = |ls: &[&NewLead]| {
        let mut v: Vec<String> = ls.iter().map(|l| l.id.clone()).collect();
        v.sort();
        v
    };
    let b = KosScope::Brand;
    assert_eq!(
        list(db, &o, &b, &f(vec![vec!["干皮", "油皮"]])).await,
        want(&[&l1, &l2, &l3])
    );
    assert_eq!(
        list(db, &o, &b, &f(vec![vec!["干皮", "油皮"], vec!["高"]])).await,
        want(&[&l1])
    );
    assert_eq!(
        list(db, &o, &b, &f(vec![vec!["干皮"], vec!["老客"]])).await,
        want(&[&l3])
    );
    assert_eq!(
        list(db, &o, &b, &f(vec![vec!["油皮"], vec!["高"]])).await,
        Vec::<String>::new()
    );
    // Staff apply only what they may: a2 cannot use a1's personal tag.
    let mut other = new_lead(&o, "a2", "s1", "13800000004", T0 + 3);
    other.tags = vec![vip.id.clone()];
    assert_eq!(
        conflict(db.store.create_lead(&o.brand, &other).await),
        "tag_unknown"
    );
    let store = KosScope::Store(o.id("s1"));
    let re = db
        .store
        .set_lead_tags(&o.brand, &store, &l2.id, &[tag["高"].clone()], &o.id("a1"))
        .await
        .unwrap();
    assert_eq!(re.tags, vec![tag["高"].clone()]);
    assert_eq!(
        list(db, &o, &b, &f(vec![vec!["高"]])).await,
        want(&[&l1, &l2])
    );
    // The dictionary: brand tags for everyone, personal ones for their owner.
    assert_eq!(db.store.tags(&o.brand, None).await.unwrap().len(), 3);
    assert_eq!(
        db.store
            .tags(&o.brand, Some(&o.id("a1")))
            .await
            .unwrap()
            .len(),
        4
    );
    // Removing a brand tag takes it off every lead; a staff member cannot.
    assert!(matches!(
        db.store
            .delete_tag(&o.brand, &tag["高"], &LeadActor::Staff(o.id("a1")), T0)
            .await,
        Err(StoreError::NotFound)
    ));
    db.store
        .delete_tag(&o.brand, &tag["高"], &op, T0)
        .await
        .unwrap();
    let l2_now = db.store.lead(&o.brand, &b, &l2.id).await.unwrap();
    assert!(l2_now.tags.is_empty());
}

both!(funnels_count_stages_and_time_in_stage);
async fn funnels_count_stages_and_time_in_stage(db: &Db) {
    let o = org(db, "ka").await;
    let h = 3600;
    // (staff, store, stays in hours between stages)
    let plan: [(&str, &str, &[i64]); 5] = [
        ("a1", "s1", &[1, 4]),    // contacted 1h, added 4h, joined now
        ("a1", "s1", &[3]),       // contacted 3h, added now
        ("a2", "s1", &[]),        // contacted now
        ("b1", "s2", &[2, 2, 5]), // contacted 2h, added 2h, joined 5h, visited now
        ("c1", "s3", &[5]),       // contacted 5h, added now
    ];
    for (i, (f, s, stays)) in plan.iter().enumerate() {
        let mut l = new_lead(&o, f, s, &format!("1380000000{i}"), T0);
        l.source_platform = if i % 2 == 0 { "douyin" } else { "xiaohongshu" }.into();
        let row = db.store.create_lead(&o.brand, &l).await.unwrap();
        let mut at = T0;
        let mut stage = LeadStage::Contacted;
        for stay in *stays {
            at += stay * h;
            stage = stage.next();
            db.store
                .move_lead(
                    &o.brand,
                    &KosScope::Brand,
                    &row.id,
                    &LeadMove {
                        to: stage,
                        amount_fen: None,
                        by: LeadActor::Operator("op".into()),
                        at,
                    },
                )
                .await
                .unwrap();
        }
    }
    let f = db
        .store
        .funnel(&o.brand, &KosScope::Brand, FunnelBy::Store, None, None)
        .await
        .unwrap();
    let s1 = f.rows.iter().find(|r| r.key == o.id("s1")).unwrap();
    assert_eq!(s1.label, "门店s1");
    assert_eq!(s1.at_stage, [1, 1, 1, 0, 0, 0]);
    assert_eq!(s1.reached(), [3, 2, 1, 0, 0, 0]);
    // Contacted: stays of 1h and 3h (mean 2h, median 2h); added: 4h.
    assert_eq!(
        s1.time[0],
        StageTime {
            n: 2,
            mean_secs: 2 * h,
            median_secs: 2 * h
        }
    );
    assert_eq!(
        s1.time[1],
        StageTime {
            n: 1,
            mean_secs: 4 * h,
            median_secs: 4 * h
        }
    );
    // The total: every lead; contacted stays 1, 3, 2, 5 h: mean 2.75h,
    // median (2 + 3) / 2 = 2.5h.
    assert_eq!(f.total.at_stage, [1, 2, 1, 1, 0, 0]);
    assert_eq!(
        f.total.time[0],
        StageTime {
            n: 4,
            mean_secs: 11 * h / 4,
            median_secs: 5 * h / 2
        }
    );
    // By region, staff and platform.
    let r = db
        .store
        .funnel(&o.brand, &KosScope::Brand, FunnelBy::Region, None, None)
        .await
        .unwrap();
    let r1 = r.rows.iter().find(|x| x.key == o.id("r1")).unwrap();
    assert_eq!((r1.label.as_str(), r1.reached()[0]), ("区域r1", 4));
    let by_staff = db
        .store
        .funnel(
            &o.brand,
            &KosScope::Store(o.id("s1")),
            FunnelBy::Staff,
            None,
            None,
        )
        .await
        .unwrap();
    assert_eq!(by_staff.rows.len(), 2);
    assert_eq!(by_staff.total.reached()[0], 3);
    let a1 = by_staff.rows.iter().find(|x| x.key == o.id("a1")).unwrap();
    assert_eq!((a1.label.as_str(), a1.at_stage), ("a1", [0, 1, 1, 0, 0, 0]));
    let p = db
        .store
        .funnel(&o.brand, &KosScope::Brand, FunnelBy::Platform, None, None)
        .await
        .unwrap();
    let douyin = p.rows.iter().find(|x| x.key == "douyin").unwrap();
    assert_eq!(douyin.reached()[0], 3);
    // A period that holds no lead's creation: nothing.
    let none = db
        .store
        .funnel(
            &o.brand,
            &KosScope::Brand,
            FunnelBy::Store,
            Some(T0 + 1),
            None,
        )
        .await
        .unwrap();
    assert!(none.rows.is_empty());
}

both!(live_code_hands_walk_ins_round_and_to_those_on_shift);
async fn live_code_hands_walk_ins_round_and_to_those_on_shift(db: &Db) {
    let o = org(db, "ka").await;
    let walk = |i: usize, code: LeadCode| WalkIn {
        id: new_id(),
        code,
        handle: String::new(),
        phone: format!("137000000{i:02}"),
        at: T0 + i as i64,
        client_key: "k1".into(),
        daily_limit: 100,
    };
    let s1 = || LeadCode::Store(o.id("s1"));
    let mut got = Vec::new();
    for i in 0..4 {
        let (l, new) = db.store.walk_in(&o.brand, &walk(i, s1())).await.unwrap();
        assert!(new);
        assert_eq!(
            (l.source, l.store_id.clone(), l.consent),
            (LeadSource::LiveCode, o.id("s1"), true)
        );
        got.push(l.staff_id);
    }
    assert_eq!(got, vec![o.id("a1"), o.id("a2"), o.id("a1"), o.id("a2")]);
    // The same phone again: the lead that is there, no turn spent.
    let (again, new) = db.store.walk_in(&o.brand, &walk(0, s1())).await.unwrap();
    assert!(!new);
    assert_eq!(again.staff_id, o.id("a1"));
    // a2 on shift: every walk-in goes to a2.
    db.store
        .set_on_duty(&o.brand, &o.id("a2"), true, T0)
        .await
        .unwrap();
    assert!(db.store.on_duty(&o.brand, &o.id("a2")).await.unwrap());
    for i in 10..13 {
        let (l, _) = db.store.walk_in(&o.brand, &walk(i, s1())).await.unwrap();
        assert_eq!(l.staff_id, o.id("a2"));
    }
    // A personal code: that staff member's lead.
    let (l, _) = db
        .store
        .walk_in(&o.brand, &walk(20, LeadCode::Staff(o.id("c1"))))
        .await
        .unwrap();
    assert_eq!(
        (l.staff_id, l.store_id, l.source),
        (o.id("c1"), o.id("s3"), LeadSource::PersonalCode)
    );
    // Codes naming nobody: not found.
    for code in [
        LeadCode::Staff("nobody".into()),
        LeadCode::Store("nowhere".into()),
    ] {
        assert!(matches!(
            db.store.walk_in(&o.brand, &walk(21, code)).await,
            Err(StoreError::NotFound)
        ));
    }
    let stranger = org(db, "kb").await;
    assert!(matches!(
        db.store.walk_in(&stranger.brand, &walk(22, s1())).await,
        Err(StoreError::NotFound)
    ));
}

both!(simultaneous_walk_ins_land_on_different_colleagues);
async fn simultaneous_walk_ins_land_on_different_colleagues(db: &Db) {
    let o = org(db, "ka").await;
    staff(db, &o, "a3", "s1", "r1", "13900009993").await;
    staff(db, &o, "a4", "s1", "r1", "13900009994").await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let store: Arc<dyn Store> = db.store.clone();
        let (b, s) = (o.brand.clone(), o.id("s1"));
        tasks.push(tokio::spawn(async move {
            let w = WalkIn {
                id: new_id(),
                code: LeadCode::Store(s),
                handle: String::new(),
                phone: format!("136000000{i:02}"),
                at: T0,
                client_key: format!("k{i}"),
                daily_limit: 100,
            };
            store.walk_in(&b, &w).await.unwrap().0.staff_id
        }));
    }
    let mut counts = std::collections::HashMap::new();
    for t in tasks {
        *counts.entry(t.await.unwrap()).or_insert(0) += 1;
    }
    // Four colleagues, sixteen walk-ins, in turn: four each.
    assert_eq!(counts.len(), 4, "{counts:?}");
    assert!(counts.values().all(|n| *n == 4), "{counts:?}");
}

both!(leaving_staff_hand_their_leads_over);
async fn leaving_staff_hand_their_leads_over(db: &Db) {
    let o = org(db, "ka").await;
    staff(db, &o, "b2", "s2", "r1", "13900009995").await;
    let vip = Tag {
        id: new_id(),
        group_id: String::new(),
        staff_id: o.id("a1"),
        name: "老客".into(),
        created_at: T0,
    };
    db.store
        .create_tag(&o.brand, &vip, &LeadActor::Staff(o.id("a1")))
        .await
        .unwrap();
    let mut leads = Vec::new();
    for i in 0..4 {
        let mut l = new_lead(&o, "a1", "s1", &format!("1350000000{i}"), T0 + i);
        l.tags = vec![vip.id.clone()];
        leads.push(db.store.create_lead(&o.brand, &l).await.unwrap().id);
    }
    // To a colleague: all of them, their store too; a1's personal tags off.
    let n = db
        .store
        .hand_over_staff_leads(
            &o.brand,
            &o.id("a1"),
            &LeadsTo::Staff(o.id("c1")),
            "op1",
            T0 + 10,
        )
        .await
        .unwrap();
    assert_eq!(n, 4);
    let c1 = KosScope::Own {
        staff: o.id("c1"),
        store: o.id("s3"),
    };
    let mine = db
        .store
        .leads(&o.brand, &c1, &LeadFilter::default(), Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(mine.len(), 4);
    assert!(
        mine.iter()
            .all(|l| l.store_id == o.id("s3") && l.tags.is_empty())
    );
    // Stages and history stay.
    assert_eq!(
        db.store
            .lead_events(&o.brand, &c1, &leads[0])
            .await
            .unwrap()
            .len(),
        1
    );
    // To a store: its active staff, in turn.
    let n = db
        .store
        .hand_over_staff_leads(
            &o.brand,
            &o.id("c1"),
            &LeadsTo::Store(o.id("s2")),
            "op1",
            T0 + 20,
        )
        .await
        .unwrap();
    assert_eq!(n, 4);
    for who in ["b1", "b2"] {
        let scope = KosScope::Own {
            staff: o.id(who),
            store: o.id("s2"),
        };
        assert_eq!(
            db.store
                .count_leads(&o.brand, &scope, &LeadFilter::default())
                .await
                .unwrap(),
            2
        );
    }
    // A store with nobody, a colleague who does not exist.
    exec(
        db,
        "UPDATE kos_staff SET left_on = '2026-11-01' WHERE brand_id = $1 AND id = $2",
        &[&o.brand, &o.id("c1")],
    )
    .await;
    assert_eq!(
        conflict(
            db.store
                .hand_over_staff_leads(
                    &o.brand,
                    &o.id("a1"),
                    &LeadsTo::Store(o.id("s3")),
                    "op1",
                    T0
                )
                .await
        ),
        "store_has_no_staff"
    );
    assert!(matches!(
        db.store
            .hand_over_staff_leads(
                &o.brand,
                &o.id("b1"),
                &LeadsTo::Staff(o.id("c1")),
                "op1",
                T0
            )
            .await,
        Err(StoreError::NotFound)
    ));
    // The hand-overs are audited, naming no lead's contact.
    let audit = db
        .store
        .audit_log(
            &o.brand,
            &AuditFilter {
                action: Some("kos_leads.hand_over".into()),
                ..AuditFilter::default()
            },
            Page::FIRST_100,
        )
        .await
        .unwrap();
    assert_eq!(audit.len(), 2);
    assert!(
        audit
            .iter()
            .all(|a| !a.after.as_deref().unwrap_or("").contains("1350000000"))
    );
}

both!(erasure_blanks_a_lead_and_a_members_phone);
async fn erasure_blanks_a_lead_and_a_members_phone(db: &Db) {
    let o = org(db, "ka").await;
    let group = TagGroup {
        id: new_id(),
        name: "肤质".into(),
        created_at: T0,
    };
    db.store
        .create_tag_group(&o.brand, &group, "op1")
        .await
        .unwrap();
    let dry = Tag {
        id: new_id(),
        group_id: group.id.clone(),
        staff_id: String::new(),
        name: "干皮".into(),
        created_at: T0,
    };
    db.store
        .create_tag(&o.brand, &dry, &LeadActor::Operator("op1".into()))
        .await
        .unwrap();
    // An operator erases a lead on request.
    let mut l = new_lead(&o, "a1", "s1", "13511112222", T0);
    l.handle = "lily_erase_me".into();
    l.tags = vec![dry.id.clone()];
    let l = db.store.create_lead(&o.brand, &l).await.unwrap();
    db.store
        .erase_lead(&o.brand, &l.id, "op1", T0 + 5)
        .await
        .unwrap();
    let gone = db
        .store
        .lead(&o.brand, &KosScope::Brand, &l.id)
        .await
        .unwrap();
    assert_eq!(
        (gone.phone.as_str(), gone.handle.as_str(), gone.erased_at),
        ("", "", Some(T0 + 5))
    );
    assert!(gone.tags.is_empty());
    assert_eq!(
        gone.stage,
        LeadStage::Contacted,
        "stages stay for the funnels"
    );
    assert!(db.sql.find_text("lily_erase_me").await.unwrap().is_empty());
    assert!(db.sql.find_text("13511112222").await.unwrap().is_empty());
    // A member who is also a lead erases their account: the lead goes too.
    let m = member(db, &o.brand, "13533334444").await;
    let mut l = new_lead(&o, "a2", "s1", "13533334444", T0);
    l.handle = "member_lead_handle".into();
    db.store.create_lead(&o.brand, &l).await.unwrap();
    assert_eq!(
        db.store
            .leads_by_phone(&o.brand, "13533334444")
            .await
            .unwrap()
            .len(),
        1
    );
    db.store
        .erase_member(&o.brand, &m, "erased-x", T0 + 9)
        .await
        .unwrap();
    assert!(
        db.sql
            .find_text("member_lead_handle")
            .await
            .unwrap()
            .is_empty()
    );
    assert!(db.sql.find_text("13533334444").await.unwrap().is_empty());
}

both!(walk_ins_are_capped_per_address_and_day);
async fn walk_ins_are_capped_per_address_and_day(db: &Db) {
    let o = org(db, "ka").await;
    let walk = |i: usize, key: &str, at: i64| WalkIn {
        id: new_id(),
        code: LeadCode::Store(o.id("s1")),
        handle: String::new(),
        phone: format!("135500000{i:02}"),
        at,
        client_key: key.into(),
        daily_limit: 2,
    };
    for i in 0..2 {
        db.store
            .walk_in(&o.brand, &walk(i, "k1", T0))
            .await
            .unwrap();
    }
    assert_eq!(
        conflict(db.store.walk_in(&o.brand, &walk(2, "k1", T0 + 5)).await),
        "walk_ins_exhausted"
    );
    assert!(
        db.store
            .leads_by_phone(&o.brand, "13550000002")
            .await
            .unwrap()
            .is_empty()
    );
    // Another address, and the same one the next day.
    db.store
        .walk_in(&o.brand, &walk(3, "k2", T0))
        .await
        .unwrap();
    db.store
        .walk_in(&o.brand, &walk(4, "k1", T0 + 86_400))
        .await
        .unwrap();
}
