//! Scenarios shared by both backends.

use crate::{Db, both};
use store::*;

pub(crate) const T0: i64 = 1_795_000_000;
/// Asia/Shanghai, minutes east of UTC.
pub(crate) const CST: i32 = 480;

pub(crate) async fn brand(db: &Db, id: &str) {
    db.store
        .create_brand(&Brand {
            id: id.into(),
            name: id.to_uppercase(),
            time_zone: "Asia/Shanghai".into(),
            points_rule: serde_json::to_string(&rules::RuleSet::default()).unwrap(),
            created_at: T0,
            ..Default::default()
        })
        .await
        .unwrap();
}

pub(crate) async fn member(db: &Db, brand: &str, phone: &str) -> String {
    let id = new_id();
    db.store
        .create_member(&Member {
            brand_id: brand.into(),
            id: id.clone(),
            phone: phone.into(),
            password_hash: "x".into(),
            created_at: T0,
        })
        .await
        .unwrap();
    id
}

pub(crate) async fn campaign(db: &Db, brand: &str, month: &str, settlement_date: &str) -> String {
    let theme_id = match db.store.theme_by_month(brand, month).await {
        Ok(t) => t.id,
        Err(_) => {
            let t = Theme {
                brand_id: brand.into(),
                id: new_id(),
                month: month.into(),
                title: "冬日护肤".into(),
                description: "d".into(),
                created_at: T0,
                artwork_id: None,
            };
            db.store.create_theme(&t, "op").await.unwrap();
            t.id
        }
    };
    let c = Campaign {
        title: "面霜试用".into(),
        brief: "b".into(),
        hashtags: vec!["#护肤".into()],
        platforms: vec!["xiaohongshu".into()],
        slots: 10,
        signup_closes: "2026-12-10".into(),
        publish_by: "2026-12-20".into(),
        settlement_date: settlement_date.into(),
        rules: db.store.brand(brand).await.map_or_else(
            |_| rules::RuleSet::default(),
            |b| load_rules(&b.points_rule).unwrap(),
        ),
        status: rules::CampaignStatus::Published,
        ..Campaign::draft(brand, &theme_id, T0)
    };
    db.store.create_campaign(&c, "op").await.unwrap();
    c.id
}

pub(crate) async fn submit(
    db: &Db,
    brand: &str,
    campaign: &str,
    member: &str,
    note: &str,
) -> Result<String> {
    let id = new_id();
    db.store
        .create_submission(&Submission {
            brand_id: brand.into(),
            id: id.clone(),
            campaign_id: campaign.into(),
            member_id: member.into(),
            platform: "xiaohongshu".into(),
            note_id: note.into(),
            canonical_url: format!("https://www.xiaohongshu.com/explore/{note}"),
            original_url: format!("https://www.xiaohongshu.com/explore/{note}?xsec_token=t"),
            status: rules::SubmissionStatus::Pending,
            reason: None,
            created_at: T0,
            reviewed_at: None,
            reviewed_by: None,
            settled_points: None,
            settled_interactions: None,
            disclosure_declared: false,
            disclosure_confirmed: false,
            screenshot_id: None,
            client_hash: None,
        })
        .await?;
    Ok(id)
}

pub(crate) fn decision(approve: bool) -> DecisionRecord {
    DecisionRecord {
        approve,
        reason: (!approve).then(|| "不符合要求".into()),
        by: "op".into(),
        at: T0 + 10,
        disclosure_confirmed: false,
    }
}

pub(crate) fn snapshot(date: &str, likes: i64, comments: i64, saves: i64) -> Snapshot {
    Snapshot {
        snapshot_date: date.into(),
        likes,
        comments,
        saves,
        recorded_at: T0,
        recorded_by: "op".into(),
    }
}

pub(crate) fn conflict(r: Result<impl std::fmt::Debug>) -> &'static str {
    match r {
        Err(StoreError::Conflict(code)) => code,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

async fn members_are_unique_per_brand(db: &Db) {
    brand(db, "demo").await;
    brand(db, "acme").await;
    assert!(!db.store.is_empty().await.unwrap());
    let a = member(db, "demo", "13800000001").await;
    member(db, "acme", "13800000001").await;
    let again = Member {
        brand_id: "demo".into(),
        id: new_id(),
        phone: "13800000001".into(),
        password_hash: "y".into(),
        created_at: T0,
    };
    assert_eq!(
        conflict(db.store.create_member(&again).await),
        "phone_taken",
        "{}",
        db.label
    );
    assert_eq!(
        db.store
            .member_by_phone("demo", "13800000001")
            .await
            .unwrap()
            .id,
        a
    );
    assert!(matches!(
        db.store.member("acme", &a).await,
        Err(StoreError::NotFound)
    ));
}
both!(members_are_unique_per_brand);

async fn applications_are_decided_once(db: &Db) {
    brand(db, "demo").await;
    brand(db, "acme").await;
    let m = member(db, "demo", "13800000002").await;
    let app = Application {
        brand_id: "demo".into(),
        id: new_id(),
        member_id: m.clone(),
        display_name: "小林".into(),
        contact: "wx_lin".into(),
        city: "上海".into(),
        social_accounts: vec![SocialAccount {
            platform: "xiaohongshu".into(),
            profile_url: "https://www.xiaohongshu.com/user/profile/1".into(),
            followers: 1200,
        }],
        interests: vec!["护肤".into()],
        motivation: "喜欢分享".into(),
        terms_version: "2026-11".into(),
        consented_at: T0,
        status: rules::ApplicationStatus::Pending,
        reason: None,
        created_at: T0,
        decided_at: None,
        decided_by: None,
        channel: rules::Channel::Direct,
        ..Default::default()
    };
    db.store.create_application(&app).await.unwrap();
    let second = Application {
        id: new_id(),
        ..app.clone()
    };
    assert_eq!(
        conflict(db.store.create_application(&second).await),
        "application_exists"
    );
    assert_eq!(db.store.application_of("demo", &m).await.unwrap(), app);
    assert_eq!(
        db.store
            .applications(
                "demo",
                &ApplicationFilter {
                    status: Some(rules::ApplicationStatus::Pending),
                    ..Default::default()
                },
                Page::FIRST_100
            )
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        db.store
            .applications("acme", &ApplicationFilter::default(), Page::FIRST_100)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        db.store
            .decide_application("acme", &app.id, &decision(true))
            .await,
        Err(StoreError::NotFound)
    ));

    let decided = db
        .store
        .decide_application("demo", &app.id, &decision(false))
        .await
        .unwrap();
    assert_eq!(decided.status, "rejected");
    assert_eq!(decided.reason.as_deref(), Some("不符合要求"));
    assert_eq!(
        conflict(
            db.store
                .decide_application("demo", &app.id, &decision(true))
                .await
        ),
        "already_decided"
    );
    assert!(
        db.store
            .applications(
                "demo",
                &ApplicationFilter {
                    status: Some(rules::ApplicationStatus::Pending),
                    ..Default::default()
                },
                Page::FIRST_100
            )
            .await
            .unwrap()
            .is_empty()
    );
}
both!(applications_are_decided_once);

async fn a_note_is_submitted_once_per_brand(db: &Db) {
    brand(db, "demo").await;
    brand(db, "acme").await;
    let (m1, m2) = (
        member(db, "demo", "13800000003").await,
        member(db, "demo", "13800000004").await,
    );
    let c1 = campaign(db, "demo", "2026-12", "2026-12-31").await;
    let c2 = campaign(db, "demo", "2026-12", "2026-12-31").await;
    submit(db, "demo", &c1, &m1, "aaaa").await.unwrap();
    assert_eq!(
        conflict(submit(db, "demo", &c2, &m2, "aaaa").await),
        "note_already_submitted"
    );
    assert_eq!(
        conflict(submit(db, "demo", &c1, &m1, "aaaa").await),
        "note_already_submitted"
    );
    let a1 = member(db, "acme", "13800000003").await;
    let ca = campaign(db, "acme", "2026-12", "2026-12-31").await;
    submit(db, "acme", &ca, &a1, "aaaa").await.unwrap();
    let mine = db
        .store
        .submissions(
            "demo",
            &SubmissionFilter {
                member_id: Some(m1.clone()),
                ..Default::default()
            },
            Page::FIRST_100,
        )
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(
        mine[0].submission.original_url,
        "https://www.xiaohongshu.com/explore/aaaa?xsec_token=t"
    );
    assert_eq!(mine[0].campaign_title, "面霜试用");
    assert_eq!((mine[0].member_name.as_str(), mine[0].likes), ("", None));
    let by_campaign = |campaign: &str, status: Option<&str>| SubmissionFilter {
        campaign_id: Some(campaign.to_string()),
        status: status.map(|s| s.parse().unwrap()),
        ..Default::default()
    };
    let page = Page::FIRST_100;
    assert_eq!(
        db.store
            .submissions("demo", &by_campaign(&c1, Some("pending")), page)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        db.store
            .submissions("demo", &by_campaign(&c1, Some("approved")), page)
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        db.store
            .submissions("demo", &by_campaign(&c2, None), page)
            .await
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        db.store
            .submissions("demo", &by_campaign(&ca, None), page)
            .await
            .unwrap()
            .len(),
        0,
        "another brand's campaign"
    );
    db.store.create_signup("demo", &c1, &m1, T0).await.unwrap();
    assert_eq!(
        conflict(db.store.create_signup("demo", &c1, &m1, T0).await),
        "already_signed_up"
    );
    assert_eq!(db.store.campaign("demo", &c1).await.unwrap().signups, 1);
    assert_eq!(
        db.store.signup("demo", &c1, &m1).await.unwrap().status,
        "pending"
    );
    assert!(matches!(
        db.store.signup("demo", &c2, &m1).await,
        Err(StoreError::NotFound)
    ));
    let theme = db.store.campaign("demo", &c1).await.unwrap().theme_id;
    assert_eq!(
        db.store
            .member_signups_in_theme("demo", &theme, &m1)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.campaign_id)
            .collect::<Vec<_>>(),
        vec![c1.clone()],
        "{}",
        db.label
    );
    assert_eq!(
        conflict(
            db.store
                .create_theme(
                    &Theme {
                        brand_id: "demo".into(),
                        id: new_id(),
                        month: "2026-12".into(),
                        title: "t".into(),
                        description: "".into(),
                        created_at: T0,
                        artwork_id: None,
                    },
                    "op"
                )
                .await
        ),
        "theme_month_taken"
    );
}
both!(a_note_is_submitted_once_per_brand);

async fn sessions_expire_and_end(db: &Db) {
    brand(db, "demo").await;
    let s = Session {
        token_hash: "h1".into(),
        brand_id: "demo".into(),
        kind: rules::ActorKind::Member,
        subject_id: "m".into(),
        created_at: T0,
        expires_at: T0 + 60,
        last_seen_at: T0,
    };
    db.store.create_session(&s).await.unwrap();
    db.store.touch_session("h1", T0 + 30).await.unwrap();
    db.store.touch_session("h1", T0 + 10).await.unwrap(); // never moves back
    let s = Session {
        last_seen_at: T0 + 30,
        ..s
    };
    assert_eq!(db.store.session("h1", T0 + 59).await.unwrap(), s);
    assert!(matches!(
        db.store.session("h1", T0 + 60).await,
        Err(StoreError::NotFound)
    ));
    db.store.delete_session("h1").await.unwrap();
    assert!(matches!(
        db.store.session("h1", T0).await,
        Err(StoreError::NotFound)
    ));
    // Log out everywhere: every session of that subject, and only those.
    for (hash, subject) in [("a", "m"), ("b", "m"), ("c", "other")] {
        let s = Session {
            token_hash: hash.into(),
            subject_id: subject.into(),
            expires_at: T0 + 600,
            ..s.clone()
        };
        db.store.create_session(&s).await.unwrap();
    }
    assert_eq!(
        db.store
            .delete_sessions_of("demo", "member", "m")
            .await
            .unwrap(),
        2
    );
    assert!(db.store.session("a", T0).await.is_err() && db.store.session("b", T0).await.is_err());
    assert!(db.store.session("c", T0).await.is_ok());
}
both!(sessions_expire_and_end);

async fn idempotency_keys_remember_the_first_answer(db: &Db) {
    let key = |k: &str, caller: &str| IdempotencyKey {
        brand_id: "demo".into(),
        caller: caller.into(),
        route: "POST /api/v1/me/submissions".into(),
        key: k.into(),
    };
    let s = &db.store;
    assert_eq!(
        s.idempotency_start(&key("a", "m1"), "h1", T0, 0, None)
            .await
            .unwrap(),
        IdempotencyStart::Fresh
    );
    assert_eq!(
        s.idempotency_start(&key("a", "m1"), "h1", T0 + 1, 0, None)
            .await
            .unwrap(),
        IdempotencyStart::InProgress
    );
    s.idempotency_finish(&key("a", "m1"), 201, Some("{\"id\":\"x\"}"))
        .await
        .unwrap();
    assert_eq!(
        s.idempotency_start(&key("a", "m1"), "h1", T0 + 2, 0, None)
            .await
            .unwrap(),
        IdempotencyStart::Replay {
            status: 201,
            body: "{\"id\":\"x\"}".into()
        }
    );
    assert_eq!(
        s.idempotency_start(&key("a", "m1"), "h2", T0 + 2, 0, None)
            .await
            .unwrap(),
        IdempotencyStart::Mismatch
    );
    assert_eq!(
        s.idempotency_start(&key("a", "m2"), "h2", T0 + 2, 0, None)
            .await
            .unwrap(),
        IdempotencyStart::Fresh,
        "per caller"
    );
    // A failed first attempt is released, so the retry runs.
    s.idempotency_abort(&key("a", "m2")).await.unwrap();
    assert_eq!(
        s.idempotency_start(&key("a", "m2"), "h2", T0 + 3, 0, None)
            .await
            .unwrap(),
        IdempotencyStart::Fresh
    );
    // Past the keeping time the key is forgotten.
    assert_eq!(
        s.idempotency_start(&key("a", "m1"), "h9", T0 + 100, T0 + 50, None)
            .await
            .unwrap(),
        IdempotencyStart::Fresh
    );
}
both!(idempotency_keys_remember_the_first_answer);

async fn backups_are_complete_copies(db: &Db) {
    brand(db, "demo").await;
    let m = member(db, "demo", "13800000008").await;
    let c = campaign(db, "demo", "2026-12", "2026-12-31").await;
    let s1 = submit(db, "demo", &c, &m, "bk1").await.unwrap();
    db.store
        .decide_submission("demo", &s1, &decision(true))
        .await
        .unwrap();
    db.store
        .put_metrics("demo", &s1, &snapshot("2026-12-30", 10, 2, 3))
        .await
        .unwrap();
    db.store
        .settle_campaign("demo", &c, "op", T0, CST)
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!("seedbed-bk-{}", new_id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("copy.db");
    match db.store.kind() {
        DbKind::Postgres => {
            assert!(matches!(
                db.store.backup_to(&file).await,
                Err(StoreError::Unsupported(_))
            ));
        }
        DbKind::Sqlite => {
            db.store.backup_to(&file).await.unwrap();
            assert!(
                db.store.backup_to(&file).await.is_err(),
                "never overwrites a file"
            );
            let copy = store::connect(&format!("sqlite:{}?mode=ro", file.display()))
                .await
                .unwrap();
            let (original, copied) = (db.store.dump().await.unwrap(), copy.dump().await.unwrap());
            assert_eq!(original, copied);
            assert!(
                copied
                    .iter()
                    .any(|(t, rows)| *t == "ledger_postings" && rows.len() == 1)
            );
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}
both!(backups_are_complete_copies);

async fn rule_sets_are_versioned_and_frozen(db: &Db) {
    brand(db, "demo").await;
    assert_eq!(
        db.store
            .rule_set_versions("demo")
            .await
            .unwrap()
            .iter()
            .map(|v| v.version)
            .collect::<Vec<_>>(),
        [1]
    );
    let frozen = campaign(db, "demo", "2026-12", "2026-12-31").await;
    let mut next = rules::RuleSet::default();
    next.points.base = 80;
    next.version = 99; // the store numbers versions, not the caller
    let saved = db
        .store
        .save_rule_set("demo", &next, "op", T0 + 1)
        .await
        .unwrap();
    assert_eq!(saved.version, 2);
    let current = load_rules(&db.store.brand("demo").await.unwrap().points_rule).unwrap();
    assert_eq!((current.version, current.points.base), (2, 80));
    // The campaign published before keeps version 1; a new one freezes 2.
    let old = db.store.campaign("demo", &frozen).await.unwrap();
    assert_eq!((old.rules.version, old.rules.points.base), (1, 50));
    let fresh = campaign(db, "demo", "2026-12", "2026-12-31").await;
    assert_eq!(
        db.store
            .campaign("demo", &fresh)
            .await
            .unwrap()
            .rules
            .version,
        2
    );
    let versions = db.store.rule_set_versions("demo").await.unwrap();
    assert_eq!(
        (versions[0].version, versions[0].created_by.as_str()),
        (2, "op")
    );
    assert!(matches!(
        db.store.save_rule_set("nope", &next, "op", T0).await,
        Err(StoreError::NotFound)
    ));
    // A first-release points rule still loads (as version 0).
    let legacy = load_rules(
        r#"{"base":50,"interactions_per_step":100,"points_per_step":10,"engagement_cap":500,"viral_threshold":1000,"viral_bonus":200}"#,
    )
    .unwrap();
    assert_eq!(legacy.version, 0);
}
both!(rule_sets_are_versioned_and_frozen);

/// Operators correcting one note's figures at the same moment: every write
/// succeeds (none fails on a lock it could not upgrade) and the audit log
/// holds one line per write, each "before" being a figure some other
/// write left (or none, for the first).
async fn simultaneous_metric_entries_all_land(db: &Db) {
    brand(db, "demo").await;
    let m = member(db, "demo", "13800000005").await;
    let c = campaign(db, "demo", "2026-12", "2026-12-31").await;
    let s = submit(db, "demo", &c, &m, "n1").await.unwrap();
    let writes = (1..=12).map(|i| {
        let (store, s) = (db.store.clone(), s.clone());
        tokio::spawn(async move {
            store
                .put_metrics("demo", &s, &snapshot("2026-12-20", i, 0, 0))
                .await
        })
    });
    for w in writes.collect::<Vec<_>>() {
        w.await.unwrap().unwrap();
    }
    let lines = db
        .store
        .audit_log(
            "demo",
            &AuditFilter {
                target_id: Some(s.clone()),
                ..Default::default()
            },
            Page::FIRST_100,
        )
        .await
        .unwrap();
    assert_eq!(lines.len(), 12);
    assert_eq!(lines.iter().filter(|l| l.before.is_none()).count(), 1);
}
both!(simultaneous_metric_entries_all_land);

/// The sign-up count a campaign carries moves with every sign-up, also
/// when many arrive at once, and not with a refused one.
async fn signup_counts_follow_signups(db: &Db) {
    brand(db, "demo").await;
    let c = campaign(db, "demo", "2026-12", "2026-12-31").await;
    let mut members = Vec::new();
    for i in 0..20 {
        members.push(member(db, "demo", &format!("1370000{i:04}")).await);
    }
    let joins = members
        .iter()
        .map(|m| db.store.create_signup("demo", &c, m, T0));
    for r in futures_util::future::join_all(joins).await {
        r.unwrap();
    }
    assert_eq!(
        db.store.campaign("demo", &c).await.unwrap().signups,
        20,
        "{}",
        db.label
    );
    assert_eq!(
        conflict(db.store.create_signup("demo", &c, &members[0], T0).await),
        "already_signed_up"
    );
    let listed = db.store.campaign("demo", &c).await.unwrap();
    assert_eq!(listed.signups, 20, "a refused sign-up counts nothing");
}
both!(signup_counts_follow_signups);
