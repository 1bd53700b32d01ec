//! The KOS account matrix and the content middle platform (issue 17:
//! content), on both databases: scope (staff their own, a store manager
//! their store, a regional manager their region, nothing of another
//! store), the matrix's counts and gaps, hand-overs with their history,
//! versioned templates, materials' expiry, and notes attributed to staff,
//! store and template version with their metrics and results.

use crate::scenarios::{T0, brand, campaign, conflict, member};
use crate::{Db, both};
use rules::kos::KosScope;
use rules::words::{AccountOwnerLevel, AccountStatus, KosPlatform, MaterialKind, TemplateKind};
use store::*;

/// The organisation of the tests: region 1 with stores 1 and 2, region 2
/// with store 3 (closed: it counts for nothing), staff A and B at store 1,
/// C at store 2, L (left) at store 1.
pub(crate) struct Org {
    pub r1: String,
    pub r2: String,
    pub s1: String,
    pub s2: String,
    pub s3: String,
    pub a: String,
    pub b: String,
    pub c: String,
    pub left: String,
}

fn t(s: &str) -> Cell {
    Cell::Text(Some(s.to_string()))
}

pub(crate) async fn org(db: &Db, brand: &str) -> Org {
    let o = Org {
        r1: new_id(),
        r2: new_id(),
        s1: new_id(),
        s2: new_id(),
        s3: new_id(),
        a: new_id(),
        b: new_id(),
        c: new_id(),
        left: new_id(),
    };
    let now = Cell::Int(Some(T0));
    db.sql
        .bulk_insert(
            "kos_regions",
            &["brand_id", "id", "name", "created_at"],
            vec![
                vec![t(brand), t(&o.r1), t("华南"), now.clone()],
                vec![t(brand), t(&o.r2), t("华东"), now.clone()],
            ],
        )
        .await
        .unwrap();
    let store = |id: &str, region: &str, code: &str, status: &str| {
        vec![
            t(brand),
            t(id),
            t(region),
            t(code),
            t(code),
            t("广州"),
            t(""),
            t(status),
            now.clone(),
        ]
    };
    db.sql
        .bulk_insert(
            "kos_stores",
            &[
                "brand_id",
                "id",
                "region_id",
                "code",
                "name",
                "city",
                "address",
                "status",
                "created_at",
            ],
            vec![
                store(&o.s1, &o.r1, "GZ001", "open"),
                store(&o.s2, &o.r1, "GZ002", "open"),
                store(&o.s3, &o.r2, "SH001", "closed"),
            ],
        )
        .await
        .unwrap();
    let staff = |id: &str, name: &str, phone: &str, store: &str, left: Option<&str>| {
        vec![
            t(brand),
            t(id),
            t(name),
            t(phone),
            t("staff"),
            t("topic_expert"),
            t(&o.r1),
            t(store),
            t(""),
            Cell::Text(None),
            t("2026-01-01"),
            Cell::Text(left.map(String::from)),
            now.clone(),
        ]
    };
    db.sql
        .bulk_insert(
            "kos_staff",
            &[
                "brand_id",
                "id",
                "name",
                "phone",
                "role",
                "kos_role",
                "region_id",
                "store_id",
                "employee_no",
                "password_hash",
                "joined_on",
                "left_on",
                "created_at",
            ],
            vec![
                staff(&o.a, "林小美", "13900000001", &o.s1, None),
                staff(&o.b, "陈晓", "13900000002", &o.s1, None),
                staff(&o.c, "周周", "13900000003", &o.s2, None),
                staff(&o.left, "离职", "13900000004", &o.s1, Some("2026-10-01")),
            ],
        )
        .await
        .unwrap();
    o
}

fn account(level: AccountOwnerLevel, owner: &str, p: KosPlatform, handle: &str) -> NewKosAccount {
    NewKosAccount {
        id: new_id(),
        owner_level: level,
        owner_id: owner.into(),
        platform: p,
        handle: handle.into(),
        profile_url: String::new(),
        status: AccountStatus::Active,
        followers: Some(100),
        on_date: "2026-11-01".into(),
    }
}

fn op() -> By {
    By::Operator("op".into())
}

async fn add(db: &Db, a: &NewKosAccount) -> KosAccount {
    db.store
        .create_kos_account("demo", a, &op(), T0)
        .await
        .unwrap()
}

async fn accounts_are_scoped_and_counted(db: &Db) {
    brand(db, "demo").await;
    let o = org(db, "demo").await;
    use AccountOwnerLevel::*;
    use KosPlatform::*;
    add(db, &account(Brand, "", Xiaohongshu, "品牌官方")).await;
    add(db, &account(Region, &o.r1, Douyin, "华南区")).await;
    let s1 = add(db, &account(Store, &o.s1, Xiaohongshu, "天河店")).await;
    add(db, &account(Store, &o.s3, Xiaohongshu, "静安店")).await;
    let a = add(db, &account(Staff, &o.a, Xiaohongshu, "小美")).await;
    add(db, &account(Staff, &o.a, PersonalWechat, "xiaomei_wx")).await;
    let c = add(db, &account(Staff, &o.c, Xiaohongshu, "周周")).await;
    let mut closed = account(Staff, &o.b, Xiaohongshu, "陈晓旧号");
    closed.status = AccountStatus::Closed;
    add(db, &closed).await;

    let list = |scope: KosScope| async move {
        db.store
            .kos_accounts("demo", &scope, &AccountFilter::default(), Page::FIRST_100)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.handle)
            .collect::<Vec<_>>()
    };
    let own = list(KosScope::Own {
        staff: o.a.clone(),
        store: o.s1.clone(),
    })
    .await;
    assert_eq!(own.len(), 2, "{}: {own:?}", db.label);
    let store1 = list(KosScope::Store(o.s1.clone())).await;
    assert_eq!(
        store1.len(),
        4,
        "{}: store 1, its staff: {store1:?}",
        db.label
    );
    assert!(!store1.contains(&"周周".to_string()));
    let region1 = list(KosScope::Region(o.r1.clone())).await;
    assert_eq!(region1.len(), 6, "{}: {region1:?}", db.label);
    assert_eq!(list(KosScope::Brand).await.len(), 8);
    // Another store's record is not found, never forbidden.
    for (scope, id) in [
        (KosScope::Store(o.s2.clone()), &a.id),
        (
            KosScope::Own {
                staff: o.a.clone(),
                store: o.s1.clone(),
            },
            &c.id,
        ),
        (KosScope::Region(o.r2.clone()), &s1.id),
    ] {
        assert!(matches!(
            db.store.kos_account("demo", id, &scope).await,
            Err(StoreError::NotFound)
        ));
    }
    // A filter by region and platform.
    let f = AccountFilter {
        region_id: Some(o.r1.clone()),
        platform: Some(Xiaohongshu),
        ..Default::default()
    };
    let xhs = db
        .store
        .kos_accounts("demo", &KosScope::Brand, &f, Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(xhs.len(), 4, "{}", db.label);
    assert_eq!(
        xhs.iter().find(|x| x.handle == "小美").unwrap().owner_name,
        "林小美"
    );

    // The matrix: closed accounts, closed stores and left staff do not count.
    let m = db
        .store
        .account_matrix("demo", &KosScope::Brand, None)
        .await
        .unwrap();
    let cell = |level, p| {
        m.cells
            .iter()
            .find(|c| c.owner_level == level && c.platform == p)
            .cloned()
    };
    let total = |level| m.owners_total.iter().find(|(l, _)| *l == level).unwrap().1;
    assert_eq!(
        (total(Brand), total(Region), total(Store), total(Staff)),
        (1, 2, 2, 3),
        "{}",
        db.label
    );
    let staff_xhs = cell(Staff, Xiaohongshu).unwrap();
    assert_eq!(
        (staff_xhs.accounts, staff_xhs.owners, staff_xhs.followers),
        (2, 2, 200)
    );
    let store_xhs = cell(Store, Xiaohongshu).unwrap();
    assert_eq!(
        store_xhs.owners, 1,
        "{}: the closed store's account is not counted",
        db.label
    );
    assert_eq!(rules::kos_content::gap(total(Store), store_xhs.owners), 1);
    assert!(cell(Store, Douyin).is_none());
    // Narrowed to region 1; a store manager's matrix is their store's.
    let m = db
        .store
        .account_matrix("demo", &KosScope::Brand, Some(&o.r1))
        .await
        .unwrap();
    assert_eq!(
        m.owners_total.iter().map(|x| x.1).collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
    let m = db
        .store
        .account_matrix("demo", &KosScope::Store(o.s2.clone()), None)
        .await
        .unwrap();
    assert_eq!(
        m.owners_total.iter().map(|x| x.1).collect::<Vec<_>>(),
        [0, 0, 1, 1]
    );
    assert_eq!(m.cells.len(), 1, "{}: {:?}", db.label, m.cells);
}
both!(accounts_are_scoped_and_counted);

async fn account_rules(db: &Db) {
    brand(db, "demo").await;
    brand(db, "acme").await;
    let o = org(db, "demo").await;
    use AccountOwnerLevel::*;
    let a = add(db, &account(Staff, &o.a, KosPlatform::Douyin, "XiaoMei")).await;
    // One handle per platform, whatever its case.
    let again = db
        .store
        .create_kos_account(
            "demo",
            &account(Store, &o.s1, KosPlatform::Douyin, " xiaomei "),
            &op(),
            T0,
        )
        .await;
    assert_eq!(conflict(again), "account_taken");
    // Owners must be current and of the brand; nothing is written otherwise.
    for (level, owner) in [
        (Staff, o.left.as_str()),
        (Store, "nope"),
        (Region, o.s1.as_str()),
        (Brand, "x"),
    ] {
        let r = db
            .store
            .create_kos_account(
                "demo",
                &account(level, owner, KosPlatform::Weibo, "w"),
                &op(),
                T0,
            )
            .await;
        assert_eq!(conflict(r), "account_owner_unknown", "{level:?}");
    }
    let r = db
        .store
        .create_kos_account(
            "acme",
            &account(Staff, &o.a, KosPlatform::Weibo, "w"),
            &op(),
            T0,
        )
        .await;
    assert_eq!(
        conflict(r),
        "account_owner_unknown",
        "{}: another brand's staff",
        db.label
    );
    assert_eq!(
        db.store
            .kos_accounts(
                "demo",
                &KosScope::Brand,
                &AccountFilter::default(),
                Page::FIRST_100
            )
            .await
            .unwrap()
            .len(),
        1
    );
    // Counts: the latest moves forward only; history is kept per day.
    let own = KosScope::Own {
        staff: o.a.clone(),
        store: o.s1.clone(),
    };
    let count = |d: &str, n| FollowerCount {
        on_date: d.into(),
        followers: n,
    };
    let by = By::Staff(o.a.clone());
    let x = db
        .store
        .record_followers("demo", &a.id, &own, &count("2026-11-20", 500), &by, T0)
        .await
        .unwrap();
    assert_eq!(
        (x.followers, x.followers_on.as_deref()),
        (500, Some("2026-11-20"))
    );
    let x = db
        .store
        .record_followers("demo", &a.id, &own, &count("2026-11-10", 300), &by, T0)
        .await
        .unwrap();
    assert_eq!(
        x.followers, 500,
        "{}: an older count does not replace the latest",
        db.label
    );
    db.store
        .record_followers("demo", &a.id, &own, &count("2026-11-20", 520), &by, T0)
        .await
        .unwrap();
    let h = db.store.account_followers("demo", &a.id).await.unwrap();
    assert_eq!(
        h.iter().map(|c| c.followers).collect::<Vec<_>>(),
        [100, 300, 520]
    );
    let other = KosScope::Store(o.s2.clone());
    assert!(matches!(
        db.store
            .record_followers("demo", &a.id, &other, &count("2026-11-21", 1), &by, T0)
            .await,
        Err(StoreError::NotFound)
    ));
    // The edit keeps the holder and the platform.
    let e = AccountEdit {
        handle: "小美在天河".into(),
        profile_url: String::new(),
        status: AccountStatus::Paused,
    };
    let x = db
        .store
        .update_kos_account("demo", &a.id, &KosScope::Brand, &e, &op(), T0 + 1)
        .await
        .unwrap();
    assert_eq!(
        (x.handle.as_str(), x.status, x.owner_id.as_str()),
        ("小美在天河", AccountStatus::Paused, o.a.as_str())
    );
    // No column of the matrix's tables holds a password.
    let keys = db.sql.keys().await.unwrap();
    for t in keys.iter().filter(|t| t.table.starts_with("kos_account")) {
        assert!(
            !t.columns
                .iter()
                .any(|c| c.contains("password") || c.contains("secret")),
            "{}: {:?}",
            t.table,
            t.columns
        );
    }
}
both!(account_rules);

async fn leaving_hands_accounts_over(db: &Db) {
    brand(db, "demo").await;
    let o = org(db, "demo").await;
    use AccountOwnerLevel::*;
    let x = add(db, &account(Staff, &o.a, KosPlatform::Xiaohongshu, "小美")).await;
    let y = add(db, &account(Staff, &o.a, KosPlatform::Wecom, "小美企微")).await;
    add(db, &account(Staff, &o.b, KosPlatform::Xiaohongshu, "陈晓")).await;
    // A colleague who left, or the same person: refused, nothing moves.
    for to in [
        HandOverTo::Staff(o.left.clone()),
        HandOverTo::Staff(o.a.clone()),
        HandOverTo::Store("nope".into()),
    ] {
        let r = db
            .store
            .hand_over_staff_accounts("demo", &o.a, &to, "2026-11-25", "op", T0)
            .await;
        assert_eq!(conflict(r), "hand_over_target_unknown", "{to:?}");
    }
    let n = db
        .store
        .hand_over_staff_accounts(
            "demo",
            &o.a,
            &HandOverTo::Staff(o.b.clone()),
            "2026-11-25",
            "op",
            T0,
        )
        .await
        .unwrap();
    assert_eq!(n, 2);
    let b = KosScope::Own {
        staff: o.b.clone(),
        store: o.s1.clone(),
    };
    assert_eq!(
        db.store
            .kos_account("demo", &x.id, &b)
            .await
            .unwrap()
            .owner_name,
        "陈晓"
    );
    let h = db.store.account_handovers("demo", &y.id).await.unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(
        (h[0].from_level, h[0].from_id.as_str(), h[0].to_id.as_str()),
        (Staff, o.a.as_str(), o.b.as_str())
    );
    assert_eq!(
        (h[0].on_date.as_str(), h[0].decided_by.as_str()),
        ("2026-11-25", "op")
    );
    // Then to the store, one account by an operator: the history keeps both.
    let r = db
        .store
        .hand_over_account(
            "demo",
            &y.id,
            &HandOverTo::Staff(o.b.clone()),
            "2026-11-26",
            "",
            "op",
            T0,
        )
        .await;
    assert_eq!(conflict(r), "hand_over_same_holder");
    let z = db
        .store
        .hand_over_account(
            "demo",
            &y.id,
            &HandOverTo::Store(o.s1.clone()),
            "2026-11-26",
            "门店统一运营",
            "op",
            T0 + 1,
        )
        .await
        .unwrap();
    assert_eq!((z.owner_level, z.owner_name.as_str()), (Store, "GZ001"));
    let h = db.store.account_handovers("demo", &y.id).await.unwrap();
    assert_eq!(
        h.iter().map(|h| h.to_level).collect::<Vec<_>>(),
        [Staff, Store]
    );
    let audit = db
        .store
        .audit_log("demo", &AuditFilter::default(), Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "kos_account.hand_over")
            .count(),
        3,
        "{}",
        db.label
    );
}
both!(leaving_hands_accounts_over);

fn draft(kind: TemplateKind, title: &str, body: &str) -> TemplateDraft {
    TemplateDraft {
        kind,
        title: title.into(),
        body: body.into(),
        product: "口红".into(),
        campaign_id: None,
        platform: String::new(),
        kos_role: String::new(),
        active: true,
    }
}

async fn templates_are_versioned(db: &Db) {
    brand(db, "demo").await;
    let id = new_id();
    let t = db
        .store
        .create_template(
            "demo",
            &id,
            &draft(TemplateKind::HookTitle, "v1", "正文一"),
            "op",
            T0,
        )
        .await
        .unwrap();
    assert_eq!((t.version, t.body.as_str()), (1, "正文一"));
    let mut d = draft(TemplateKind::HookTitle, "v2", "正文二");
    d.platform = "xiaohongshu".into();
    db.store
        .revise_template("demo", &id, &d, "op", T0 + 1)
        .await
        .unwrap();
    d.title = "v3".into();
    d.body = "正文三".into();
    let t = db
        .store
        .revise_template("demo", &id, &d, "op", T0 + 2)
        .await
        .unwrap();
    assert_eq!(
        (t.version, t.title.as_str(), t.body.as_str()),
        (3, "v3", "正文三"),
        "{}",
        db.label
    );
    let v = db.store.template_versions("demo", &id).await.unwrap();
    assert_eq!(
        v.iter().map(|v| v.body.as_str()).collect::<Vec<_>>(),
        ["正文三", "正文二", "正文一"]
    );
    let r = db
        .store
        .revise_template(
            "demo",
            &id,
            &draft(TemplateKind::Script, "x", "y"),
            "op",
            T0,
        )
        .await;
    assert_eq!(conflict(r), "template_kind_fixed");
    assert_eq!(
        db.store.template("demo", &id).await.unwrap().version,
        3,
        "{}: the refused save wrote nothing",
        db.label
    );
    let mut bad = draft(TemplateKind::Topic, "x", "y");
    bad.campaign_id = Some("nope".into());
    assert_eq!(
        conflict(
            db.store
                .create_template("demo", &new_id(), &bad, "op", T0)
                .await
        ),
        "campaign_unknown"
    );
    // Filters: a tag '' is "any".
    let mut any = draft(TemplateKind::Topic, "any", "for all");
    any.kos_role = "topic_expert".into();
    db.store
        .create_template("demo", &new_id(), &any, "op", T0)
        .await
        .unwrap();
    let mut off = draft(TemplateKind::Topic, "off", "withdrawn");
    off.active = false;
    db.store
        .create_template("demo", &new_id(), &off, "op", T0)
        .await
        .unwrap();
    let titles = |f: TemplateFilter| async move {
        let mut v: Vec<String> = db
            .store
            .templates("demo", &f, Page::FIRST_100)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.title)
            .collect();
        v.sort();
        v
    };
    let f = TemplateFilter {
        platform: Some("douyin".into()),
        active_only: true,
        ..Default::default()
    };
    assert_eq!(titles(f).await, ["any"], "{}", db.label);
    let f = TemplateFilter {
        platform: Some("xiaohongshu".into()),
        kos_role: Some("shopping_assistant".into()),
        active_only: true,
        ..Default::default()
    };
    assert_eq!(titles(f).await, ["v3"]);
    let f = TemplateFilter {
        kind: Some(TemplateKind::Topic),
        ..Default::default()
    };
    assert_eq!(titles(f).await, ["any", "off"]);
}
both!(templates_are_versioned);

fn material(
    kind: MaterialKind,
    title: &str,
    upload: Option<&str>,
    expires: Option<&str>,
) -> Material {
    Material {
        id: new_id(),
        kind,
        title: title.into(),
        upload_id: upload.map(String::from),
        video_url: if kind == MaterialKind::Video {
            "https://v.example.com/1".into()
        } else {
            String::new()
        },
        tags: "口红,100%_new".into(),
        product: "口红".into(),
        campaign_id: None,
        usage_rights: "仅限门店员工账号使用".into(),
        expires_on: expires.map(String::from),
        created_at: T0,
        updated_at: T0,
    }
}

async fn materials_expire_for_staff(db: &Db) {
    brand(db, "demo").await;
    let up = Upload {
        brand_id: "demo".into(),
        id: new_id(),
        owner_kind: rules::ActorKind::Operator,
        owner_id: "op".into(),
        content_type: "image/png".into(),
        size: 10,
        sha256: "x".into(),
        created_at: T0,
    };
    db.store.create_upload(&up).await.unwrap();
    let m = db
        .store
        .save_material(
            "demo",
            &material(
                MaterialKind::Image,
                "海报",
                Some(&up.id),
                Some("2026-11-30"),
            ),
            "op",
        )
        .await
        .unwrap();
    db.store
        .save_material(
            "demo",
            &material(MaterialKind::Video, "旧视频", None, Some("2026-10-31")),
            "op",
        )
        .await
        .unwrap();
    let r = db
        .store
        .save_material(
            "demo",
            &material(MaterialKind::Image, "偷图", Some("nope"), None),
            "op",
        )
        .await;
    assert_eq!(conflict(r), "image_unknown");
    let visible = |day: &str, tag: Option<&str>| {
        let f = MaterialFilter {
            visible_on: Some(day.into()),
            tag: tag.map(String::from),
            ..Default::default()
        };
        async move {
            db.store
                .materials("demo", &f, Page::FIRST_100)
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.title)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(visible("2026-11-26", None).await, ["海报"], "{}", db.label);
    assert_eq!(
        visible("2026-11-30", None).await,
        ["海报"],
        "{}: the expiry day itself is visible",
        db.label
    );
    assert!(visible("2026-12-01", None).await.is_empty());
    assert_eq!(visible("2026-10-01", Some("100%_new")).await.len(), 2);
    assert!(
        visible("2026-10-01", Some("100")).await.is_empty(),
        "{}: a tag is matched whole, `%` literal",
        db.label
    );
    // Saving keeps the kind.
    let mut v = m.clone();
    v.kind = MaterialKind::Video;
    assert_eq!(
        conflict(db.store.save_material("demo", &v, "op").await),
        "material_kind_fixed"
    );
}
both!(materials_expire_for_staff);

fn note(o: &Org, staff: &str, store: &str, key: &str, template: Option<&str>) -> NewKosNote {
    let _ = o;
    NewKosNote {
        id: new_id(),
        staff_id: staff.into(),
        store_id: store.into(),
        template_id: template.map(String::from),
        material_id: None,
        account_id: None,
        platform: "xiaohongshu".into(),
        note_key: key.into(),
        canonical_url: format!("https://www.xiaohongshu.com/explore/{key}"),
        original_url: format!("https://www.xiaohongshu.com/explore/{key}"),
        submitted_at: T0,
    }
}

async fn notes_are_attributed(db: &Db) {
    brand(db, "demo").await;
    let o = org(db, "demo").await;
    let tid = new_id();
    db.store
        .create_template(
            "demo",
            &tid,
            &draft(TemplateKind::Script, "口红试色", "v1"),
            "op",
            T0,
        )
        .await
        .unwrap();
    db.store
        .revise_template(
            "demo",
            &tid,
            &draft(TemplateKind::Script, "口红试色", "v2"),
            "op",
            T0,
        )
        .await
        .unwrap();
    let k1 = "64b0c0d0e0f0a0b0c0d0e0f1";
    let n = db
        .store
        .submit_kos_note("demo", &note(&o, &o.a, &o.s1, k1, Some(&tid)))
        .await
        .unwrap();
    assert_eq!(
        (
            n.template_version,
            n.staff_name.as_str(),
            n.store_id.as_str()
        ),
        (Some(2), "林小美", o.s1.as_str())
    );
    assert_eq!(n.template_title.as_deref(), Some("口红试色"));
    assert_eq!(
        conflict(
            db.store
                .submit_kos_note("demo", &note(&o, &o.b, &o.s1, k1, None))
                .await
        ),
        "note_already_submitted"
    );
    assert_eq!(
        conflict(
            db.store
                .submit_kos_note("demo", &note(&o, &o.a, &o.s1, "k2", Some("nope")))
                .await
        ),
        "template_unknown"
    );
    let mut theirs = note(&o, &o.a, &o.s1, "k3", None);
    let c_acc = add(
        db,
        &account(
            AccountOwnerLevel::Staff,
            &o.c,
            KosPlatform::Xiaohongshu,
            "周周",
        ),
    )
    .await;
    theirs.account_id = Some(c_acc.id.clone());
    assert_eq!(
        conflict(db.store.submit_kos_note("demo", &theirs).await),
        "account_not_yours"
    );
    // A note the brand has as a KOC submission is not a KOS note too.
    let m = member(db, "demo", "13800000009").await;
    let cid = campaign(db, "demo", "2026-11", "2026-12-31").await;
    crate::scenarios::submit(db, "demo", &cid, &m, "k4")
        .await
        .unwrap();
    assert_eq!(
        conflict(
            db.store
                .submit_kos_note("demo", &note(&o, &o.a, &o.s1, "k4", None))
                .await
        ),
        "note_already_submitted"
    );
    db.store
        .submit_kos_note("demo", &note(&o, &o.c, &o.s2, "k5", Some(&tid)))
        .await
        .unwrap();
    // Scope.
    let count = |scope: KosScope| async move {
        db.store
            .kos_notes("demo", &scope, &KosNoteFilter::default(), Page::FIRST_100)
            .await
            .unwrap()
            .len()
    };
    assert_eq!(
        count(KosScope::Own {
            staff: o.a.clone(),
            store: o.s1.clone()
        })
        .await,
        1
    );
    assert_eq!(count(KosScope::Store(o.s2.clone())).await, 1);
    assert_eq!(count(KosScope::Region(o.r1.clone())).await, 2);
    assert_eq!(count(KosScope::Region(o.r2.clone())).await, 0);
    assert!(matches!(
        db.store
            .kos_note("demo", &n.id, &KosScope::Store(o.s2.clone()))
            .await,
        Err(StoreError::NotFound)
    ));
    // Metrics: found by key, the latest moves forward only.
    let refs = db
        .store
        .kos_notes_by_key("demo", &[("xiaohongshu".into(), k1.into())])
        .await
        .unwrap();
    assert_eq!(refs.len(), 1);
    let snap = |d: &str, likes| Snapshot {
        snapshot_date: d.into(),
        likes,
        comments: 10,
        saves: 5,
        recorded_at: T0,
        recorded_by: "op".into(),
    };
    let (changed, unchanged) = db
        .store
        .import_kos_metrics(
            "demo",
            &[
                (n.id.clone(), snap("2026-11-20", 100)),
                (n.id.clone(), snap("2026-11-10", 50)),
            ],
        )
        .await
        .unwrap();
    assert_eq!((changed, unchanged), (2, 0));
    assert_eq!(
        db.store
            .import_kos_metrics("demo", &[(n.id.clone(), snap("2026-11-20", 100))])
            .await
            .unwrap(),
        (0, 1)
    );
    let n = db
        .store
        .kos_note("demo", &n.id, &KosScope::Brand)
        .await
        .unwrap();
    assert_eq!(
        (n.interactions, n.metrics_on.as_deref()),
        (115, Some("2026-11-20")),
        "{}",
        db.label
    );
    assert_eq!(
        db.store
            .kos_note_metrics("demo", &n.id)
            .await
            .unwrap()
            .len(),
        2
    );
    // Results per template.
    let r = db.store.template_results("demo", T0 - 1).await.unwrap();
    let row = r.iter().find(|r| r.id == tid).unwrap();
    assert_eq!(
        (row.notes, row.interactions, row.staff),
        (2, 115, 2),
        "{}",
        db.label
    );
    assert!(
        db.store
            .template_results("demo", T0 + 1)
            .await
            .unwrap()
            .iter()
            .all(|r| r.notes == 0)
    );
}
both!(notes_are_attributed);
