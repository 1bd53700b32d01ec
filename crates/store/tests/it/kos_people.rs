//! The KOS organisation's people work on both backends (issue 17, org):
//! scoped and paged staff lists (a store manager sees their store, a
//! regional manager their region), edits, moves and leaving with the
//! dates kept and the hand-over in one transaction, idempotent CSV
//! imports, competency ratings and the persona checklist.

use crate::scenarios::{T0, brand};
use crate::{Db, both};
use rules::persona::Rating;
use rules::{KosRole, KosScope, StaffMoveKind, StaffRole};
use store::*;

struct Org {
    south: String,
    east: String,
    s1: String,
    s2: String,
    s3: String,
    /// Staff at s1, s1, s2, s3; the store manager of s1; the regional manager of the south.
    a: String,
    b: String,
    c: String,
    d: String,
    m1: String,
    g: String,
}

fn person(
    name: &str,
    phone: &str,
    role: StaffRole,
    region: &str,
    shop: Option<&str>,
    kos_role: KosRole,
) -> NewStaff {
    NewStaff {
        name: name.into(),
        phone: phone.into(),
        role,
        kos_role,
        region_id: region.into(),
        store_id: shop.map(str::to_string),
        employee_no: format!("E{}", &phone[7..]),
        password_hash: None,
        joined_on: "2026-03-01".into(),
    }
}

async fn org(db: &Db) -> Org {
    let s = &db.store;
    brand(db, "demo").await;
    brand(db, "acme").await;
    let south = s.create_region("demo", "华南", "op", T0).await.unwrap().id;
    let east = s.create_region("demo", "华东", "op", T0).await.unwrap().id;
    let shop = |region: &str, code: &str, name: &str| NewKosStore {
        region_id: region.into(),
        code: code.into(),
        name: name.into(),
        city: "广州".into(),
        address: String::new(),
    };
    let mut ids = Vec::new();
    for (r, code, name) in [
        (&south, "GZ001", "天河店"),
        (&south, "GZ002", "越秀店"),
        (&east, "SH001", "静安店"),
    ] {
        ids.push(
            s.create_kos_store("demo", &shop(r, code, name), "op", T0)
                .await
                .unwrap()
                .id,
        );
    }
    let (s1, s2, s3) = (ids[0].clone(), ids[1].clone(), ids[2].clone());
    let mut people = Vec::new();
    for (name, phone, role, region, shop, k) in [
        (
            "林小美",
            "13900000001",
            StaffRole::Staff,
            &south,
            Some(&s1),
            KosRole::TopicExpert,
        ),
        (
            "陈晓",
            "13900000002",
            StaffRole::Staff,
            &south,
            Some(&s1),
            KosRole::ShoppingAssistant,
        ),
        (
            "赵一",
            "13900000004",
            StaffRole::Staff,
            &south,
            Some(&s2),
            KosRole::ShoppingAssistant,
        ),
        (
            "周婷",
            "13900000003",
            StaffRole::Staff,
            &east,
            Some(&s3),
            KosRole::PersonalPartner,
        ),
        (
            "王店长",
            "13900000011",
            StaffRole::StoreManager,
            &south,
            Some(&s1),
            KosRole::PersonalPartner,
        ),
        (
            "区经理",
            "13900000021",
            StaffRole::RegionalManager,
            &south,
            None,
            KosRole::TopicExpert,
        ),
    ] {
        let p = person(name, phone, role, region, shop.map(|x| x.as_str()), k);
        people.push(s.create_staff("demo", &p, "op", T0).await.unwrap().id);
    }
    Org {
        south,
        east,
        s1,
        s2,
        s3,
        a: people[0].clone(),
        b: people[1].clone(),
        c: people[2].clone(),
        d: people[3].clone(),
        m1: people[4].clone(),
        g: people[5].clone(),
    }
}

fn names(p: &StaffPage) -> Vec<&str> {
    p.rows.iter().map(|r| r.name.as_str()).collect()
}

async fn scoped_paged_lists(db: &Db) {
    let s = &db.store;
    let o = org(db).await;
    let all = StaffFilter::default();
    let page = Page::FIRST_100;
    let brand = s
        .staff_page("demo", &KosScope::Brand, &all, page)
        .await
        .unwrap();
    assert_eq!(brand.total, 6);
    // The regional manager (no store) first, then by store code and name.
    assert_eq!(
        names(&brand),
        ["区经理", "林小美", "王店长", "陈晓", "赵一", "周婷"]
    );
    assert_eq!(brand.rows[1].store_code.as_deref(), Some("GZ001"));
    assert_eq!(brand.rows[1].region_name, "华南");
    // A regional manager sees their region, a store manager their store.
    let region = s
        .staff_page("demo", &KosScope::Region(o.south.clone()), &all, page)
        .await
        .unwrap();
    assert_eq!(region.total, 5, "{:?}", names(&region));
    assert!(!names(&region).contains(&"周婷"));
    let store = s
        .staff_page("demo", &KosScope::Store(o.s1.clone()), &all, page)
        .await
        .unwrap();
    assert_eq!(names(&store), ["林小美", "王店长", "陈晓"]);
    let own = KosScope::Own {
        staff: o.a.clone(),
        store: o.s1.clone(),
    };
    assert_eq!(
        names(&s.staff_page("demo", &own, &all, page).await.unwrap()),
        ["林小美"]
    );
    // Another brand sees none of it.
    assert_eq!(
        s.staff_page("acme", &KosScope::Brand, &all, page)
            .await
            .unwrap()
            .total,
        0
    );
    // One record: outside the scope it is not found.
    assert_eq!(
        s.staff_row("demo", &KosScope::Store(o.s1.clone()), &o.b)
            .await
            .unwrap()
            .name,
        "陈晓"
    );
    for (scope, id) in [
        (KosScope::Store(o.s1.clone()), &o.c),
        (KosScope::Region(o.south.clone()), &o.d),
        (own.clone(), &o.b),
    ] {
        assert!(matches!(
            s.staff_row("demo", &scope, id).await,
            Err(StoreError::NotFound)
        ));
    }
    assert!(matches!(
        s.staff_row("acme", &KosScope::Brand, &o.a).await,
        Err(StoreError::NotFound)
    ));
    // Filters combine, in SQL; paging keeps the total.
    let f = |f: StaffFilter| async move {
        names(
            &s.staff_page("demo", &KosScope::Brand, &f, page)
                .await
                .unwrap(),
        )
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        f(StaffFilter {
            role: Some(StaffRole::StoreManager),
            ..Default::default()
        })
        .await,
        ["王店长"]
    );
    assert_eq!(
        f(StaffFilter {
            kos_role: Some(KosRole::ShoppingAssistant),
            region_id: Some(o.south.clone()),
            ..Default::default()
        })
        .await,
        ["陈晓", "赵一"]
    );
    assert_eq!(
        f(StaffFilter {
            q: Some("0003".into()),
            ..Default::default()
        })
        .await,
        ["周婷"]
    );
    assert_eq!(
        f(StaffFilter {
            q: Some("小美".into()),
            store_id: Some(o.s1.clone()),
            ..Default::default()
        })
        .await,
        ["林小美"]
    );
    let second = s
        .staff_page(
            "demo",
            &KosScope::Brand,
            &all,
            Page {
                limit: 2,
                offset: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!((second.total, names(&second)), (6, vec!["王店长", "陈晓"]));

    // Stores with their working staff, filtered.
    let stores = s
        .store_page("demo", &StoreFilter::default(), page)
        .await
        .unwrap();
    assert_eq!(stores.total, 3);
    let counts: Vec<(&str, i64)> = stores
        .rows
        .iter()
        .map(|r| (r.code.as_str(), r.staff))
        .collect();
    assert_eq!(counts, [("GZ001", 3), ("GZ002", 1), ("SH001", 1)]);
    let east = s
        .store_page(
            "demo",
            &StoreFilter {
                region_id: Some(o.east.clone()),
                ..Default::default()
            },
            page,
        )
        .await
        .unwrap();
    assert_eq!(east.rows.len(), 1);
    assert_eq!(east.rows[0].region_name, "华东");
    let q = s
        .store_page(
            "demo",
            &StoreFilter {
                q: Some("越秀".into()),
                ..Default::default()
            },
            page,
        )
        .await
        .unwrap();
    assert_eq!(q.rows[0].code, "GZ002");
    let _ = (o.s2, o.s3, o.m1, o.g);
}
both!(scoped_paged_lists);

async fn edits(db: &Db) {
    let s = &db.store;
    let o = org(db).await;
    s.rename_region("demo", &o.east, "华东区", "op", T0)
        .await
        .unwrap();
    assert!(matches!(
        s.rename_region("demo", &o.east, "华南", "op", T0).await,
        Err(StoreError::Conflict("region_name_taken"))
    ));
    // A store moved to another region takes its people with it.
    let edited = s
        .edit_kos_store(
            "demo",
            &o.s2,
            &StoreEdit {
                region_id: o.east.clone(),
                name: "越秀旗舰店".into(),
                city: "广州".into(),
                address: "北京路 1 号".into(),
                status: "open".into(),
            },
            "op",
            T0 + 1,
        )
        .await
        .unwrap();
    assert_eq!(edited.name, "越秀旗舰店");
    assert_eq!(
        s.staff_member("demo", &o.c).await.unwrap().region_id,
        o.east
    );
    assert!(matches!(
        s.edit_kos_store(
            "acme",
            &o.s2,
            &StoreEdit {
                region_id: o.east.clone(),
                name: "x".into(),
                city: "x".into(),
                address: "x".into(),
                status: "open".into(),
            },
            "op",
            T0
        )
        .await,
        Err(StoreError::NotFound)
    ));
    let edit = |role, phone: &str| StaffEdit {
        name: "陈晓晓".into(),
        phone: phone.into(),
        role,
        kos_role: KosRole::PersonalPartner,
        employee_no: "E9".into(),
    };
    let b = s
        .edit_staff(
            "demo",
            &o.b,
            &edit(StaffRole::StoreManager, "13900000099"),
            "op",
            T0,
        )
        .await
        .unwrap();
    assert_eq!(
        (b.name.as_str(), b.phone.as_str(), b.role, b.kos_role),
        (
            "陈晓晓",
            "13900000099",
            StaffRole::StoreManager,
            KosRole::PersonalPartner
        )
    );
    assert!(matches!(
        s.edit_staff(
            "demo",
            &o.b,
            &edit(StaffRole::Staff, "13900000001"),
            "op",
            T0
        )
        .await,
        Err(StoreError::Conflict("staff_phone_taken"))
    ));
    // Becoming a regional manager (who has no store) is not an edit.
    assert!(matches!(
        s.edit_staff(
            "demo",
            &o.b,
            &edit(StaffRole::RegionalManager, "13900000099"),
            "op",
            T0
        )
        .await,
        Err(StoreError::Conflict("staff_role_needs_move"))
    ));
    assert_eq!(
        s.staff_member("demo", &o.b).await.unwrap().role,
        StaffRole::StoreManager,
        "the refused edit wrote nothing"
    );
}
both!(edits);

async fn moves_and_leaving(db: &Db) {
    let s = &db.store;
    let o = org(db).await;
    // Moving to a store of another region: the region follows.
    let moved = s
        .move_staff("demo", &o.b, &o.s3, "2026-06-01", "op", T0 + 10)
        .await
        .unwrap();
    assert_eq!(moved.store_id.as_deref(), Some(o.s3.as_str()));
    assert_eq!(moved.region_id, o.east);
    assert!(matches!(
        s.move_staff("demo", &o.b, &o.s3, "2026-06-02", "op", T0)
            .await,
        Err(StoreError::Conflict("same_store"))
    ));
    assert!(matches!(
        s.move_staff("acme", &o.b, &o.s1, "2026-06-02", "op", T0)
            .await,
        Err(StoreError::NotFound)
    ));

    // Leaving: sessions end with it.
    for token in ["t-a1", "t-a2"] {
        s.create_session(&Session {
            token_hash: token.into(),
            brand_id: "demo".into(),
            kind: rules::ActorKind::Staff,
            subject_id: o.a.clone(),
            created_at: T0,
            expires_at: T0 + 86_400,
            last_seen_at: T0,
        })
        .await
        .unwrap();
    }
    // A bad hand-over refuses the whole leave: nothing is written.
    assert!(matches!(
        s.leave_staff(
            "demo",
            &o.a,
            "2026-07-01",
            &HandOver::Colleague(o.a.clone()),
            "op",
            T0
        )
        .await,
        Err(StoreError::Conflict("hand_over_to_self"))
    ));
    assert!(matches!(
        s.leave_staff(
            "demo",
            &o.a,
            "2026-07-01",
            &HandOver::Colleague("nobody".into()),
            "op",
            T0
        )
        .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.leave_staff(
            "demo",
            &o.a,
            "2026-07-01",
            &HandOver::Store("nowhere".into()),
            "op",
            T0
        )
        .await,
        Err(StoreError::NotFound)
    ));
    let a = s.staff_member("demo", &o.a).await.unwrap();
    assert_eq!(a.left_on, None, "a refused leave is rolled back");
    assert!(s.session("t-a1", T0 + 1).await.is_ok());

    // What she holds goes with her leaving: her Xiaohongshu account and
    // her lead, to the colleague named.
    let account = s
        .create_kos_account(
            "demo",
            &NewKosAccount {
                id: new_id(),
                owner_level: rules::words::AccountOwnerLevel::Staff,
                owner_id: o.a.clone(),
                platform: rules::words::KosPlatform::Xiaohongshu,
                handle: "天河小美".into(),
                profile_url: String::new(),
                status: rules::words::AccountStatus::Active,
                followers: Some(1200),
                on_date: "2026-06-01".into(),
            },
            &By::Operator("op".into()),
            T0,
        )
        .await
        .unwrap();
    let lead = s
        .create_lead(
            "demo",
            &NewLead {
                id: new_id(),
                staff_id: o.a.clone(),
                store_id: o.s1.clone(),
                source: rules::words::LeadSource::Manual,
                source_platform: "xiaohongshu".into(),
                source_note_id: None,
                template_id: None,
                handle: "小红薯 123".into(),
                phone: String::new(),
                consent: true,
                stage: rules::words::LeadStage::Contacted,
                tags: vec![],
                by: LeadActor::Staff(o.a.clone()),
                at: T0,
            },
        )
        .await
        .unwrap();
    s.leave_staff(
        "demo",
        &o.a,
        "2026-07-01",
        &HandOver::Colleague(o.m1.clone()),
        "op",
        T0 + 20,
    )
    .await
    .unwrap();
    let held = s
        .kos_accounts(
            "demo",
            &KosScope::Brand,
            &AccountFilter::default(),
            Page::FIRST_100,
        )
        .await
        .unwrap();
    let held = held.iter().find(|x| x.id == account.id).unwrap();
    assert_eq!(
        (held.owner_level, held.owner_id.as_str()),
        (rules::words::AccountOwnerLevel::Staff, o.m1.as_str()),
        "the account went to the colleague"
    );
    let moved = s.lead("demo", &KosScope::Brand, &lead.id).await.unwrap();
    assert_eq!(moved.staff_id, o.m1, "the lead went to the colleague");
    let a = s.staff_member("demo", &o.a).await.unwrap();
    assert_eq!(a.left_on.as_deref(), Some("2026-07-01"));
    assert_eq!(
        a.store_id.as_deref(),
        Some(o.s1.as_str()),
        "the last store stays"
    );
    for token in ["t-a1", "t-a2"] {
        assert!(
            matches!(s.session(token, T0 + 21).await, Err(StoreError::NotFound)),
            "{token} ended"
        );
    }
    assert!(matches!(
        s.leave_staff(
            "demo",
            &o.a,
            "2026-07-02",
            &HandOver::Store(o.s1.clone()),
            "op",
            T0
        )
        .await,
        Err(StoreError::Conflict("staff_left"))
    ));
    assert!(matches!(
        s.move_staff("demo", &o.a, &o.s2, "2026-07-03", "op", T0)
            .await,
        Err(StoreError::Conflict("staff_left"))
    ));
    // Nobody hands over to someone who has left.
    assert!(matches!(
        s.leave_staff(
            "demo",
            &o.c,
            "2026-07-02",
            &HandOver::Colleague(o.a.clone()),
            "op",
            T0
        )
        .await,
        Err(StoreError::NotFound)
    ));
    // The list tells who works and who left.
    let working = s
        .staff_page(
            "demo",
            &KosScope::Store(o.s1.clone()),
            &StaffFilter {
                left: Some(false),
                ..Default::default()
            },
            Page::FIRST_100,
        )
        .await
        .unwrap();
    assert_eq!(names(&working), ["王店长"]);

    // Back again at another store: the history keeps every date.
    let back = s
        .rejoin_staff("demo", &o.a, &o.s2, "2026-09-01", "op", T0 + 30)
        .await
        .unwrap();
    assert_eq!(back.left_on, None);
    assert_eq!(back.store_id.as_deref(), Some(o.s2.as_str()));
    assert!(matches!(
        s.rejoin_staff("demo", &o.a, &o.s2, "2026-09-02", "op", T0)
            .await,
        Err(StoreError::Conflict("staff_working"))
    ));
    let history: Vec<(StaffMoveKind, String, Option<String>, Option<String>)> = s
        .staff_moves("demo", &o.a)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.kind, m.on_date, m.from_store_id, m.to_store_id))
        .collect();
    assert_eq!(
        history,
        [
            (
                StaffMoveKind::Joined,
                "2026-03-01".into(),
                None,
                Some(o.s1.clone())
            ),
            (
                StaffMoveKind::Left,
                "2026-07-01".into(),
                Some(o.s1.clone()),
                None
            ),
            (
                StaffMoveKind::Rejoined,
                "2026-09-01".into(),
                Some(o.s1.clone()),
                Some(o.s2.clone())
            ),
        ]
    );
    let audit = s
        .audit_log(
            "demo",
            &AuditFilter {
                action: Some("kos.staff.".into()),
                target_id: Some(o.a.clone()),
                ..Default::default()
            },
            Page::FIRST_100,
        )
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"kos.staff.leave") && actions.contains(&"kos.staff.rejoin"),
        "{actions:?}"
    );
    let _ = (o.d, o.g, o.south);
}
both!(moves_and_leaving);

async fn imports_are_idempotent(db: &Db) {
    let s = &db.store;
    let o = org(db).await;
    let shop = |line, code: &str, name: &str, region: &str| StoreImportRow {
        line,
        code: code.into(),
        name: name.into(),
        region: region.into(),
        city: "深圳".into(),
        address: "深南大道 1 号".into(),
    };
    let rows = vec![
        shop(2, "SZ001", "深圳福田店", "华南"),
        shop(3, "CD001", "成都春熙店", "西南"),
    ];
    let first = s.import_stores("demo", &rows, "op", T0).await.unwrap();
    assert_eq!((first.created, first.updated, first.unchanged), (2, 0, 0));
    let again = s.import_stores("demo", &rows, "op", T0).await.unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    let renamed = s
        .import_stores(
            "demo",
            &[shop(2, "SZ001", "深圳福田旗舰店", "华南")],
            "op",
            T0,
        )
        .await
        .unwrap();
    assert_eq!(renamed.updated, 1);
    let regions: Vec<String> = s
        .regions("demo")
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert!(regions.contains(&"西南".to_string()), "{regions:?}");

    let person = |line, phone: &str, name: &str, code: &str| StaffImportRow {
        line,
        phone: phone.into(),
        name: name.into(),
        role: StaffRole::Staff,
        kos_role: KosRole::ShoppingAssistant,
        store_code: code.into(),
        region: String::new(),
        employee_no: format!("N{line}"),
        joined_on: "2026-10-01".into(),
    };
    let rows = vec![
        person(2, "13700000001", "新人甲", "SZ001"),
        person(3, "13700000002", "新人乙", "XX999"),
        // Known by phone: 陈晓 moves to SZ001 by the file.
        person(4, "13900000002", "陈晓", "SZ001"),
    ];
    let first = s
        .import_staff("demo", &rows, "2026-10-05", "op", T0)
        .await
        .unwrap();
    assert_eq!((first.created, first.updated, first.unchanged), (1, 1, 0));
    assert_eq!(first.refused, [(3, "store_unknown")]);
    let again = s
        .import_staff("demo", &rows, "2026-10-06", "op", T0)
        .await
        .unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    let b = s.staff_member("demo", &o.b).await.unwrap();
    let sz = s
        .store_page(
            "demo",
            &StoreFilter {
                q: Some("SZ001".into()),
                ..Default::default()
            },
            Page::FIRST_100,
        )
        .await
        .unwrap()
        .rows
        .remove(0);
    assert_eq!(b.store_id.as_deref(), Some(sz.id.as_str()));
    let last = s.staff_moves("demo", &o.b).await.unwrap().pop().unwrap();
    assert_eq!(
        (last.kind, last.on_date.as_str()),
        (StaffMoveKind::Moved, "2026-10-05")
    );
    let new = s.staff_by_phone("demo", "13700000001").await.unwrap();
    assert_eq!(
        new.password_hash, None,
        "imported staff sign in with a code"
    );
    assert_eq!(new.region_id, o.south);
    // A regional manager names a region.
    let mut g = person(2, "13700000009", "西南经理", "");
    g.role = StaffRole::RegionalManager;
    g.region = "西南".into();
    let mut nowhere = person(3, "13700000008", "无区经理", "");
    nowhere.role = StaffRole::RegionalManager;
    nowhere.region = "火星".into();
    let out = s
        .import_staff("demo", &[g, nowhere], "2026-10-05", "op", T0)
        .await
        .unwrap();
    assert_eq!(
        (out.created, out.refused.clone()),
        (1, vec![(3, "region_unknown")])
    );
    let _ = o.s1;
}
both!(imports_are_idempotent);

async fn competencies_and_persona(db: &Db) {
    let s = &db.store;
    let o = org(db).await;
    let talk = s
        .add_competency("demo", KosRole::TopicExpert, "选题", "找到好选题", "op", T0)
        .await
        .unwrap();
    let video = s
        .add_competency("demo", KosRole::TopicExpert, "视频", "拍好视频", "op", T0)
        .await
        .unwrap();
    assert_eq!((talk.position, video.position), (1, 2));
    let service = s
        .add_competency(
            "demo",
            KosRole::ShoppingAssistant,
            "选题",
            "同名不同角色",
            "op",
            T0,
        )
        .await
        .unwrap();
    assert!(matches!(
        s.add_competency("demo", KosRole::TopicExpert, "选题", "again", "op", T0)
            .await,
        Err(StoreError::Conflict("competency_name_taken"))
    ));
    // 林小美 is a topic expert: her profile is the role's two.
    let r = s.competency_ratings("demo", &o.a).await.unwrap();
    assert_eq!(
        r.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["选题", "视频"]
    );
    assert!(
        r.iter()
            .all(|c| c.self_score.is_none() && c.manager_score.is_none())
    );
    let four = Rating::parse(4).unwrap();
    s.rate_competency("demo", &o.a, &talk.id, four, Rater::Own, T0)
        .await
        .unwrap();
    s.rate_competency(
        "demo",
        &o.a,
        &talk.id,
        Rating::parse(3).unwrap(),
        Rater::Manager(&o.m1),
        T0 + 1,
    )
    .await
    .unwrap();
    // Rating again replaces only that side.
    s.rate_competency(
        "demo",
        &o.a,
        &talk.id,
        Rating::parse(5).unwrap(),
        Rater::Own,
        T0 + 2,
    )
    .await
    .unwrap();
    let r = s.competency_ratings("demo", &o.a).await.unwrap();
    assert_eq!(
        (r[0].self_score, r[0].manager_score, r[0].manager_at),
        (Some(5), Some(3), Some(T0 + 1))
    );
    // Another role's competency is not hers to be rated on.
    assert!(matches!(
        s.rate_competency("demo", &o.a, &service.id, four, Rater::Own, T0)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.rate_competency("acme", &o.a, &talk.id, four, Rater::Own, T0)
            .await,
        Err(StoreError::NotFound)
    ));
    s.remove_competency("demo", &video.id, "op", T0)
        .await
        .unwrap();
    assert_eq!(s.competency_ratings("demo", &o.a).await.unwrap().len(), 1);
    assert_eq!(s.competencies("demo").await.unwrap().len(), 2);

    // The persona checklist: nothing ticked before the first save.
    assert_eq!(
        s.persona("demo", &o.a).await.unwrap(),
        PersonaRecord::default()
    );
    let photo = |owner_kind: rules::ActorKind, owner: &str| Upload {
        brand_id: "demo".into(),
        id: new_id(),
        owner_kind,
        owner_id: owner.into(),
        content_type: "image/png".into(),
        size: 10,
        sha256: "00".into(),
        created_at: T0,
    };
    let hers = photo(rules::ActorKind::Staff, &o.a);
    let his = photo(rules::ActorKind::Staff, &o.b);
    s.create_upload(&hers).await.unwrap();
    s.create_upload(&his).await.unwrap();
    let mut p = PersonaRecord {
        real_name: true,
        photo_upload_id: Some(hers.id.clone()),
        store_in_profile: true,
        location_in_notes: false,
        reply_habits: false,
        updated_at: None,
    };
    s.save_persona("demo", &o.a, &p, T0 + 5).await.unwrap();
    let saved = s.persona("demo", &o.a).await.unwrap();
    assert_eq!(saved.persona().completeness(), 60);
    assert_eq!(saved.updated_at, Some(T0 + 5));
    // Someone else's upload is not her photo.
    p.photo_upload_id = Some(his.id.clone());
    assert!(matches!(
        s.save_persona("demo", &o.a, &p, T0 + 6).await,
        Err(StoreError::NotFound)
    ));
    p.photo_upload_id = Some(hers.id);
    p.reply_habits = true;
    p.location_in_notes = true;
    s.save_persona("demo", &o.a, &p, T0 + 7).await.unwrap();
    // The lists show the persona too.
    let row = s.staff_row("demo", &KosScope::Brand, &o.a).await.unwrap();
    assert_eq!(row.persona().completeness(), 100);
    let b = s.staff_row("demo", &KosScope::Brand, &o.b).await.unwrap();
    assert_eq!(b.persona().completeness(), 0);
}
both!(competencies_and_persona);
