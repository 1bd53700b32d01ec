//! Recruitment and review on both databases: invitation links per
//! channel, the channel report, the review queue's filters and duplicate
//! keys, bulk decisions in one transaction, "more information", and the
//! candidate import that a second run leaves unchanged.

use crate::scenarios::{T0, brand, conflict, member, submit};
use crate::{Db, both};
use store::*;

fn application(brand: &str, member: &str, name: &str, contact: &str, profile: &str) -> Application {
    Application {
        brand_id: brand.into(),
        id: new_id(),
        member_id: member.into(),
        display_name: name.into(),
        contact: contact.into(),
        city: "上海".into(),
        social_accounts: vec![SocialAccount {
            platform: "xiaohongshu".into(),
            profile_url: profile.into(),
            followers: 100,
        }],
        terms_version: "2026-11".into(),
        consented_at: T0,
        status: rules::ApplicationStatus::Pending,
        created_at: T0,
        ..Default::default()
    }
}

fn queue(status: Option<&str>, channel: Option<&str>, q: Option<&str>) -> ApplicationFilter {
    ApplicationFilter {
        status: status.map(|s| s.parse().unwrap()),
        channel: channel.map(|c| c.parse().unwrap()),
        q: q.map(Into::into),
    }
}

async fn names(db: &Db, f: &ApplicationFilter) -> Vec<String> {
    db.store
        .applications("demo", f, Page::FIRST_100)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.display_name)
        .collect()
}

async fn the_review_queue_filters_flags_and_decides_in_bulk(db: &Db) {
    brand(db, "demo").await;
    brand(db, "acme").await;
    let r = Recruitment {
        brand_id: "demo".into(),
        id: new_id(),
        title: "新品试用".into(),
        purpose: rules::RecruitmentPurpose::Trial,
        kind: rules::RecruitmentKind::OneOff,
        status: rules::RecruitmentStatus::Open,
        created_at: T0,
        created_by: "op".into(),
    };
    let links = vec![
        ("wechat".to_string(), "codewechat1".to_string()),
        ("in_store".to_string(), "codestore11".to_string()),
    ];
    db.store.create_recruitment(&r, &links).await.unwrap();
    assert_eq!(db.store.invites("demo", &r.id).await.unwrap().len(), 2);
    assert!(matches!(
        db.store.invite("acme", "codewechat1").await,
        Err(StoreError::NotFound)
    ));
    let wechat = db.store.invite("demo", "codewechat1").await.unwrap();
    assert_eq!(wechat.channel, "wechat");

    // Four applicants: two share a phone (written two ways), two a profile.
    let mut ids = Vec::new();
    for (i, (name, contact, profile, via)) in [
        (
            "林小雨",
            "138 0000 1111",
            "https://www.xiaohongshu.com/user/profile/aaa",
            Some(&wechat),
        ),
        (
            "陈星_50%",
            "+86 13800001111",
            "https://xiaohongshu.com/user/profile/bbb",
            None,
        ),
        (
            "王可",
            "wx_wang",
            "https://www.xiaohongshu.com/user/profile/CCC/?xsec=1",
            Some(&wechat),
        ),
        (
            "周一",
            "wx_zhou",
            "HTTPS://www.xiaohongshu.com/user/profile/ccc",
            None,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let m = member(db, "demo", &format!("1390000000{i}")).await;
        let mut a = application("demo", &m, name, contact, profile);
        if let Some(v) = via {
            a.channel = v.channel;
            a.recruitment_id = Some(v.recruitment_id.clone());
            a.invite_code = Some(v.code.clone());
        }
        a.created_at = T0 + i as i64;
        db.store.create_application(&a).await.unwrap();
        ids.push(a.id);
    }
    let dups = db.store.duplicate_applicants("demo", &ids).await.unwrap();
    let n = |id: &str| dups.iter().find(|d| d.0 == id).map_or(0, |d| d.1);
    assert_eq!(
        (n(&ids[0]), n(&ids[1]), n(&ids[2]), n(&ids[3])),
        (1, 1, 1, 1),
        "{}: {dups:?}",
        db.label
    );
    assert!(
        db.store
            .duplicate_applicants("acme", &ids)
            .await
            .unwrap()
            .is_empty()
    );

    assert_eq!(
        names(db, &queue(Some("pending"), None, None)).await.len(),
        4
    );
    assert_eq!(
        names(db, &queue(None, Some("wechat"), None)).await,
        ["林小雨", "王可"]
    );
    assert_eq!(names(db, &queue(None, None, Some("王"))).await, ["王可"]);
    // `%` and `_` are literal: only the name that has them matches.
    assert_eq!(
        names(db, &queue(None, None, Some("_50%"))).await,
        ["陈星_50%"]
    );
    assert_eq!(names(db, &queue(None, None, Some("上海"))).await.len(), 4);
    assert!(
        names(db, &queue(Some("pending"), Some("in_store"), None))
            .await
            .is_empty()
    );

    // More information, then the answer puts it back in the queue.
    let asked = db
        .store
        .request_information("demo", &ids[2], "请补充主页截图", "op", T0 + 5)
        .await
        .unwrap();
    assert_eq!(
        (asked.status.as_str(), asked.info_request.as_deref()),
        ("more_info", Some("请补充主页截图"))
    );
    let kinds: Vec<String> = db
        .store
        .notifications("demo", &asked.member_id, Page::FIRST_100)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind.to_string())
        .collect();
    assert_eq!(kinds, ["application_more_info"]);
    assert_eq!(
        conflict(
            db.store
                .answer_information("demo", &db_member(db, &ids[0]).await, "x", &[], T0)
                .await
        ),
        "no_question"
    );
    let answered = db
        .store
        .answer_information(
            "demo",
            &asked.member_id,
            "已上传",
            &["u1".to_string()],
            T0 + 6,
        )
        .await
        .unwrap();
    assert_eq!(
        (
            answered.status.as_str(),
            answered.info_reply.as_deref(),
            answered.evidence.len()
        ),
        ("pending", Some("已上传"), 1)
    );

    // Bulk: one already decided, one of another brand: skipped, the rest decided together.
    db.store
        .decide_application("demo", &ids[3], &decision(true))
        .await
        .unwrap();
    let foreign = member(db, "acme", "13900009999").await;
    let other = application(
        "acme",
        &foreign,
        "Acme",
        "wx_acme",
        "https://www.xiaohongshu.com/user/profile/zzz",
    );
    db.store.create_application(&other).await.unwrap();
    let mut all = ids.clone();
    all.push(other.id.clone());
    let mut d = decision(false);
    d.reason = Some("资料不完整".into());
    let decided = db
        .store
        .decide_applications("demo", &all, &d)
        .await
        .unwrap();
    assert_eq!(decided, ids[..3].to_vec(), "{}", db.label);
    assert_eq!(
        db.store
            .application("acme", &other.id)
            .await
            .unwrap()
            .status,
        "pending"
    );
    let rejected = db.store.application("demo", &ids[0]).await.unwrap();
    assert_eq!(
        (rejected.status.as_str(), rejected.reason.as_deref()),
        ("rejected", Some("资料不完整"))
    );
    let audit = db
        .store
        .audit_log(
            "demo",
            &AuditFilter {
                action: Some("application.reject".into()),
                ..Default::default()
            },
            Page::FIRST_100,
        )
        .await
        .unwrap();
    assert_eq!(audit.len(), 3);

    // The channel report: the approved one came directly and has a note.
    submit(
        db,
        "demo",
        &campaign_for(db).await,
        &db_member(db, &ids[3]).await,
        "65a0000000000000000000d1",
    )
    .await
    .unwrap();
    let report = db.store.channel_report("demo", None).await.unwrap();
    let row = |c: &str| {
        report
            .iter()
            .find(|r| r.channel == c)
            .map(|r| (r.applications, r.approved, r.first_notes))
    };
    assert_eq!(row("direct"), Some((2, 1, 1)), "{}: {report:?}", db.label);
    assert_eq!(row("wechat"), Some((2, 0, 0)));
    let of_recruitment = db.store.channel_report("demo", Some(&r.id)).await.unwrap();
    assert_eq!(of_recruitment.len(), 1);

    // Erasure takes the identity keys with it.
    db.store
        .erase_member("demo", &db_member(db, &ids[0]).await, "erased", T0 + 9)
        .await
        .unwrap();
    let dups = db.store.duplicate_applicants("demo", &ids).await.unwrap();
    assert_eq!(dups.iter().find(|d| d.0 == ids[1]), None, "{dups:?}");
}
both!(the_review_queue_filters_flags_and_decides_in_bulk);

fn decision(approve: bool) -> DecisionRecord {
    DecisionRecord {
        approve,
        reason: None,
        by: "op".into(),
        at: T0 + 7,
        disclosure_confirmed: false,
    }
}

async fn db_member(db: &Db, application: &str) -> String {
    db.store
        .application("demo", application)
        .await
        .unwrap()
        .member_id
}

async fn campaign_for(db: &Db) -> String {
    crate::scenarios::campaign(db, "demo", "2026-12", "2026-12-31").await
}

fn customer(external: &str, score: i64) -> Candidate {
    Candidate {
        brand_id: "demo".into(),
        id: new_id(),
        external_id: external.into(),
        phone: "13800002222".into(),
        amount_cents: 10_000,
        orders: 3,
        member_since: "2024-01-01".into(),
        last_active: "2026-10-01".into(),
        score,
        parts: "[]".into(),
        invite_code: None,
        invited_at: None,
        imported_at: T0,
    }
}

async fn candidates_import_once_and_are_invited_once(db: &Db) {
    brand(db, "demo").await;
    let rows = vec![
        customer("C1", 500),
        customer("C2", 9_000),
        customer("C3", 4_000),
        customer("C1", 600),
    ];
    assert_eq!(
        db.store
            .import_candidates("demo", &rows, "op", T0)
            .await
            .unwrap(),
        (3, 0)
    );
    // The same file again adds nothing and changes nothing.
    let before = db
        .store
        .candidates("demo", false, Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(
        db.store
            .import_candidates("demo", &rows, "op", T0)
            .await
            .unwrap(),
        (0, 3)
    );
    let after = db
        .store
        .candidates("demo", false, Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(before, after, "{}", db.label);
    let order: Vec<(&str, i64)> = after
        .iter()
        .map(|c| (c.external_id.as_str(), c.score))
        .collect();
    assert_eq!(
        order,
        [("C2", 9_000), ("C3", 4_000), ("C1", 600)],
        "last row of a customer wins"
    );

    let r = Recruitment {
        brand_id: "demo".into(),
        id: new_id(),
        title: "会员招募".into(),
        purpose: rules::RecruitmentPurpose::Seeding,
        kind: rules::RecruitmentKind::LongRunning,
        status: rules::RecruitmentStatus::Open,
        created_at: T0,
        created_by: "op".into(),
    };
    db.store.create_recruitment(&r, &[]).await.unwrap();
    let codes = vec![
        (after[0].id.clone(), "candcode001".to_string()),
        ("nobody".to_string(), "candcode002".to_string()),
    ];
    let invited = db
        .store
        .invite_candidates("demo", &r.id, &codes, "op", T0 + 1)
        .await
        .unwrap();
    assert_eq!(invited, [after[0].id.clone()]);
    let again = vec![(after[0].id.clone(), "candcode003".to_string())];
    assert!(
        db.store
            .invite_candidates("demo", &r.id, &again, "op", T0 + 2)
            .await
            .unwrap()
            .is_empty()
    );
    let link = db.store.invite("demo", "candcode001").await.unwrap();
    assert_eq!(
        (link.channel.as_str(), link.candidate_id.as_deref()),
        ("member_pool", Some(after[0].id.as_str()))
    );
    assert!(
        db.store.invites("demo", &r.id).await.unwrap().is_empty(),
        "candidate links are not channel links"
    );
    let uninvited = db
        .store
        .candidates("demo", true, Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(uninvited.len(), 2);
    // A re-import keeps the invitation.
    db.store
        .import_candidates("demo", &rows, "op", T0 + 3)
        .await
        .unwrap();
    assert_eq!(
        db.store
            .candidates("demo", true, Page::FIRST_100)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(matches!(
        db.store
            .invite_candidates("demo", "no-such", &codes, "op", T0)
            .await,
        Err(StoreError::NotFound)
    ));
}
both!(candidates_import_once_and_are_invited_once);
