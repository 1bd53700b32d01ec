//! The roster on both backends: settlement moves `members.tier`, tells
//! the member, computes classes; overrides stick through settlements until
//! removed; kinds, filters, search and counts; group links; the monthly
//! demotion check run twice.

use crate::scenarios::{CST, T0, brand, campaign, decision, member, snapshot, submit};
use crate::{Db, both};
use rules::{KocDomain, KocOrigin, MemberClass, NotificationKind, Tier};
use store::*;

/// An approved member with a name, city, channel and followers.
async fn koc(
    db: &Db,
    phone: &str,
    name: &str,
    city: &str,
    channel: rules::Channel,
    followers: i64,
) -> String {
    let m = member(db, "demo", phone).await;
    let app = Application {
        brand_id: "demo".into(),
        id: new_id(),
        member_id: m.clone(),
        display_name: name.into(),
        contact: phone.into(),
        city: city.into(),
        social_accounts: vec![SocialAccount {
            platform: "xiaohongshu".into(),
            profile_url: format!("https://www.xiaohongshu.com/user/profile/{phone}"),
            followers,
        }],
        terms_version: "2026-11".into(),
        consented_at: T0,
        created_at: T0,
        channel,
        ..Default::default()
    };
    db.store.create_application(&app).await.unwrap();
    db.store
        .decide_application("demo", &app.id, &decision(true))
        .await
        .unwrap();
    m
}

/// One approved note of `m` in campaign `c` with `likes`.
async fn note(db: &Db, c: &str, m: &str, id: &str, likes: i64) {
    let s = submit(db, "demo", c, m, id).await.unwrap();
    db.store
        .decide_submission("demo", &s, &decision(true))
        .await
        .unwrap();
    db.store
        .put_metrics("demo", &s, &snapshot("2026-12-20", likes, 0, 0))
        .await
        .unwrap();
}

fn all() -> RosterFilter {
    RosterFilter::default()
}

async fn ids(db: &Db, f: &RosterFilter) -> Vec<String> {
    let mut v: Vec<String> = db
        .store
        .roster("demo", f, 1_000, Page::FIRST_100)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.member_id)
        .collect();
    v.sort();
    v
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

async fn settlement_moves_tiers_and_classes(db: &Db) {
    brand(db, "demo").await;
    let star = koc(
        db,
        "13800000101",
        "小星",
        "上海",
        rules::Channel::Wechat,
        90_000,
    )
    .await;
    let mid = koc(
        db,
        "13800000102",
        "阿中",
        "杭州",
        rules::Channel::InStore,
        800,
    )
    .await;
    let idle = koc(
        db,
        "13800000103",
        "静静",
        "上海",
        rules::Channel::Direct,
        10,
    )
    .await;
    // Not approved: never on the roster.
    let pending = member(db, "demo", "13800000104").await;

    let before = db
        .store
        .roster("demo", &all(), 1_000, Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(before.total, 3);
    assert!(
        before
            .rows
            .iter()
            .all(|r| r.tier == Tier::Member && r.class.is_none())
    );
    assert!(!before.rows.iter().any(|r| r.member_id == pending));

    let c = campaign(db, "demo", "2026-12", "2026-12-31").await;
    note(db, &c, &star, "n1", 5_000).await;
    note(db, &c, &mid, "n2", 20).await;
    db.store
        .settle_campaign("demo", &c, "op", T0 + 100, CST)
        .await
        .unwrap();

    let (row, class) = db.store.roster_member("demo", &star, 1_000).await.unwrap();
    assert_eq!(
        row.tier,
        Tier::Senior,
        "junior then senior in one settlement"
    );
    assert_eq!((row.notes, row.approved, row.viral), (1, 1, 1));
    assert!(row.balance > 0);
    assert_eq!(row.last_active_at, Some(T0));
    assert_eq!(class.class, class.computed);
    let detail: serde_json::Value = serde_json::from_str(class.detail.as_deref().unwrap()).unwrap();
    assert_eq!(detail["facts"]["followers"], 90_000);
    assert_eq!(detail["parts"].as_array().unwrap().len(), 4);
    // The tier the roster shows is the tier history's last change.
    assert_eq!(
        db.store
            .tier_history("demo", &star)
            .await
            .unwrap()
            .state
            .tier,
        Tier::Senior
    );
    // Each change is an inbox line.
    let inbox = db
        .store
        .notifications("demo", &star, Page::FIRST_100)
        .await
        .unwrap();
    let tiers: Vec<String> = inbox
        .iter()
        .filter(|n| n.kind == NotificationKind::TierChanged)
        .map(|n| {
            serde_json::from_str::<serde_json::Value>(&n.detail).unwrap()["to"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(sorted(tiers), ["junior", "senior"]);

    let (mid_row, mid_class) = db.store.roster_member("demo", &mid, 1_000).await.unwrap();
    assert_eq!(mid_row.tier, Tier::Junior);
    assert!(mid_class.computed.is_some());
    let (idle_row, idle_class) = db.store.roster_member("demo", &idle, 1_000).await.unwrap();
    assert_eq!(
        (idle_row.tier, idle_class.class),
        (Tier::Member, None),
        "no note, no class yet"
    );

    // Filters, search and paging.
    let f = |tier| RosterFilter {
        tier: Some(tier),
        ..all()
    };
    assert_eq!(ids(db, &f(Tier::Senior)).await, vec![star.clone()]);
    assert_eq!(ids(db, &f(Tier::Junior)).await, vec![mid.clone()]);
    let city = RosterFilter {
        city: Some(" 上海 ".into()),
        ..all()
    };
    assert_eq!(
        ids(db, &city).await,
        sorted(vec![star.clone(), idle.clone()])
    );
    let ch = RosterFilter {
        channel: Some(rules::Channel::InStore),
        ..all()
    };
    assert_eq!(ids(db, &ch).await, vec![mid.clone()]);
    let q = |q: &str| RosterFilter {
        q: Some(q.into()),
        ..all()
    };
    assert_eq!(ids(db, &q("小星")).await, vec![star.clone()]);
    assert_eq!(
        ids(db, &q("+86 138 0000 0102")).await,
        vec![mid.clone()],
        "phones are normalised"
    );
    assert_eq!(ids(db, &q(&idle)).await, vec![idle.clone()], "a member id");
    assert_eq!(
        ids(db, &q("%")).await,
        Vec::<String>::new(),
        "LIKE wildcards are literal"
    );
    let hq = RosterFilter {
        class: row_class(&class),
        ..all()
    };
    assert!(ids(db, &hq).await.contains(&star));
    let first = db
        .store
        .roster(
            "demo",
            &all(),
            1_000,
            Page {
                limit: 2,
                offset: 0,
            },
        )
        .await
        .unwrap();
    let rest = db
        .store
        .roster(
            "demo",
            &all(),
            1_000,
            Page {
                limit: 2,
                offset: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!((first.total, first.rows.len(), rest.rows.len()), (3, 2, 1));
    assert!(matches!(
        db.store.roster_member("demo", "nobody", 1_000).await,
        Err(StoreError::NotFound)
    ));
}
both!(settlement_moves_tiers_and_classes);

fn row_class(c: &ClassState) -> Option<MemberClass> {
    c.class
}

async fn overrides_stick_until_removed(db: &Db) {
    brand(db, "demo").await;
    let m = koc(
        db,
        "13800000111",
        "小林",
        "北京",
        rules::Channel::Partner,
        10,
    )
    .await;
    let c = campaign(db, "demo", "2026-12", "2026-12-31").await;
    note(db, &c, &m, "n1", 10).await;
    db.store
        .settle_campaign("demo", &c, "op", T0 + 100, CST)
        .await
        .unwrap();
    let (_, computed) = db.store.roster_member("demo", &m, 1_000).await.unwrap();
    assert_eq!(computed.computed, Some(MemberClass::Potential));

    let s = db
        .store
        .set_class_override(
            "demo",
            &m,
            Some(MemberClass::HighQuality),
            "线下活动表现突出",
            "op",
            T0 + 200,
        )
        .await
        .unwrap();
    assert_eq!(
        (s.class, s.override_class),
        (
            Some(MemberClass::HighQuality),
            Some(MemberClass::HighQuality)
        )
    );
    // Another settlement recomputes the class; the override still counts.
    let c2 = campaign(db, "demo", "2027-01", "2027-01-31").await;
    note(db, &c2, &m, "n2", 10).await;
    db.store
        .settle_campaign("demo", &c2, "op", T0 + 300, CST)
        .await
        .unwrap();
    let (row, s) = db.store.roster_member("demo", &m, 1_000).await.unwrap();
    assert_eq!(
        (row.class, row.overridden),
        (Some(MemberClass::HighQuality), true)
    );
    assert_eq!(s.computed, Some(MemberClass::Potential));
    assert!(s.computed_at == Some(T0 + 300));
    let hq = RosterFilter {
        class: Some(MemberClass::HighQuality),
        ..all()
    };
    assert_eq!(ids(db, &hq).await, vec![m.clone()]);

    let s = db
        .store
        .set_class_override("demo", &m, None, "恢复自动分类", "op", T0 + 400)
        .await
        .unwrap();
    assert_eq!(
        (s.class, s.override_class),
        (Some(MemberClass::Potential), None)
    );
    let history = db.store.class_overrides("demo", &m).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[0].class.as_deref(), history[0].reason.as_str()),
        (None, "恢复自动分类")
    );
    assert_eq!(history[1].class.as_deref(), Some("high_quality"));
    let audit = db
        .store
        .audit_log(
            "demo",
            &AuditFilter {
                target_id: Some(m.clone()),
                action: Some("member.".into()),
                ..Default::default()
            },
            Page::FIRST_100,
        )
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(
        actions,
        ["member.class_override_removed", "member.class_override"]
    );
    assert!(matches!(
        db.store
            .set_class_override("demo", "nobody", None, "x", "op", T0)
            .await,
        Err(StoreError::NotFound)
    ));

    // Kinds of KOC: set, filtered, audited.
    db.store
        .set_member_kind(
            "demo",
            &m,
            KocDomain::Private,
            KocOrigin::BrandLover,
            "op",
            T0 + 500,
        )
        .await
        .unwrap();
    let (row, _) = db.store.roster_member("demo", &m, 1_000).await.unwrap();
    assert_eq!(
        (row.domain, row.origin),
        (KocDomain::Private, KocOrigin::BrandLover)
    );
    let f = RosterFilter {
        domain: Some(KocDomain::Private),
        origin: Some(KocOrigin::BrandLover),
        ..all()
    };
    assert_eq!(ids(db, &f).await, vec![m.clone()]);
    let f = RosterFilter {
        domain: Some(KocDomain::Public),
        ..all()
    };
    assert!(ids(db, &f).await.is_empty());

    // Erasure: the operators' reasons about the person go, and what the
    // class was computed from; the class and the history's dates stay.
    db.store
        .erase_member("demo", &m, "erased-1", T0 + 600)
        .await
        .unwrap();
    let history = db.store.class_overrides("demo", &m).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(history.iter().all(|o| o.reason.is_empty()));
    let (_, s) = db.store.roster_member("demo", &m, 1_000).await.unwrap();
    assert_eq!((s.detail, s.computed), (None, Some(MemberClass::Potential)));
    assert!(
        db.sql
            .find_text("线下活动表现突出")
            .await
            .unwrap()
            .is_empty()
    );
}
both!(overrides_stick_until_removed);

async fn group_links_by_tier_and_class(db: &Db) {
    brand(db, "demo").await;
    brand(db, "acme").await;
    let link = GroupLink {
        brand_id: "demo".into(),
        id: new_id(),
        title: "高级 KOC 群".into(),
        url: "https://work.weixin.qq.com/gm/abc".into(),
        requirement: rules::roster::Requirement {
            min_tier: Some(Tier::Senior),
            min_class: Some(MemberClass::Standard),
        },
        created_by: "op".into(),
        created_at: T0,
    };
    db.store.create_group_link(&link).await.unwrap();
    assert_eq!(
        db.store.group_links("demo").await.unwrap(),
        vec![link.clone()]
    );
    assert!(db.store.group_links("acme").await.unwrap().is_empty());
    assert!(matches!(
        db.store.delete_group_link("acme", &link.id, "op", T0).await,
        Err(StoreError::NotFound)
    ));
    db.store
        .delete_group_link("demo", &link.id, "op", T0 + 1)
        .await
        .unwrap();
    assert!(db.store.group_links("demo").await.unwrap().is_empty());
}
both!(group_links_by_tier_and_class);

async fn monthly_check_twice_changes_nothing_more(db: &Db) {
    brand(db, "demo").await;
    let a = koc(db, "13800000121", "甲", "上海", rules::Channel::Direct, 10).await;
    let b = koc(db, "13800000122", "乙", "上海", rules::Channel::Direct, 10).await;
    let c = campaign(db, "demo", "2026-12", "2026-12-31").await;
    note(db, &c, &a, "n1", 5_000).await;
    note(db, &c, &b, "n2", 5_000).await;
    db.store
        .settle_campaign("demo", &c, "op", T0 + 100, CST)
        .await
        .unwrap();
    db.store
        .set_member_kind(
            "demo",
            &b,
            KocDomain::Public,
            KocOrigin::Incubated,
            "op",
            T0,
        )
        .await
        .unwrap();
    let today = rules::CivilDate::parse("2027-01-01").unwrap();

    // The bar raised so far that one note is "low": a window of 2 warns
    // (one more low note would demote), a window of 1 demotes.
    let mut warn = rules::RuleSet::default();
    warn.tiers.demotion_notes = 2;
    warn.tiers.demotion_below = 1_000_000;
    for round in 0..2 {
        let r = db
            .store
            .monthly_tier_check("demo", &warn, today, CST, T0 + 1_000)
            .await
            .unwrap();
        assert!(r.demoted.is_empty());
        let want = if round == 0 {
            sorted(vec![a.clone(), b.clone()])
        } else {
            vec![]
        };
        assert_eq!(sorted(r.warned), want, "round {round}");
    }
    let warnings = db
        .store
        .notifications("demo", &a, Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(
        warnings
            .iter()
            .filter(|n| n.kind == NotificationKind::DemotionWarning)
            .count(),
        1
    );

    let mut demote = warn.clone();
    demote.tiers.demotion_notes = 1;
    let r = db
        .store
        .monthly_tier_check("demo", &demote, today, CST, T0 + 2_000)
        .await
        .unwrap();
    assert_eq!(sorted(r.demoted), sorted(vec![a.clone(), b.clone()]));
    let r = db
        .store
        .monthly_tier_check("demo", &demote, today, CST, T0 + 3_000)
        .await
        .unwrap();
    assert!(
        r.demoted.is_empty() && r.warned.is_empty(),
        "twice changes nothing more"
    );
    let h = db.store.tier_history("demo", &a).await.unwrap();
    assert_eq!(h.state.tier, Tier::Intermediate);
    assert_eq!(h.state.last_demotion, Some(today));
    assert!(matches!(
        h.changes.last().unwrap().reason,
        rules::TierReason::Demoted { .. }
    ));
    let (row, _) = db.store.roster_member("demo", &a, 1_000).await.unwrap();
    assert_eq!(row.tier, Tier::Intermediate);
    let inbox = db
        .store
        .notifications("demo", &a, Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(inbox[0].kind, NotificationKind::TierChanged);
}
both!(monthly_check_twice_changes_nothing_more);
