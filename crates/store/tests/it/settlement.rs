//! Settlement on both backends: credits once from the latest snapshot,
//! and a campaign larger than one write batch settles exactly as the rules
//! say, note by note and member by member.

use crate::scenarios::{CST, T0, brand, campaign, conflict, decision, member, snapshot, submit};
use crate::{Db, both};
use store::*;

async fn settlement_credits_once_from_the_latest_snapshot(db: &Db) {
    brand(db, "demo").await;
    let (m1, m2) = (
        member(db, "demo", "13800000005").await,
        member(db, "demo", "13800000006").await,
    );
    let c = campaign(db, "demo", "2026-12", "2026-12-31").await;
    let s1 = submit(db, "demo", &c, &m1, "n1").await.unwrap();
    let s2 = submit(db, "demo", &c, &m2, "n2").await.unwrap();
    let s3 = submit(db, "demo", &c, &m2, "n3").await.unwrap();

    db.store
        .decide_submission("demo", &s1, &decision(true))
        .await
        .unwrap();
    assert_eq!(
        conflict(db.store.settle_campaign("demo", &c, "op", T0, CST).await),
        "submissions_pending"
    );
    assert!(
        matches!(
            db.store.settlement("demo", &c).await,
            Err(StoreError::NotFound)
        ),
        "a refused settle leaves nothing"
    );
    db.store
        .decide_submission("demo", &s2, &decision(true))
        .await
        .unwrap();
    db.store
        .decide_submission("demo", &s3, &decision(false))
        .await
        .unwrap();
    // Each decision wrote its audit line in its own transaction; a refused
    // one writes none.
    let on_s3 = AuditFilter {
        target_id: Some(s3.clone()),
        ..Default::default()
    };
    let lines = db
        .store
        .audit_log("demo", &on_s3, Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (lines[0].action.as_str(), lines[0].actor_id.as_str()),
        ("submission.reject", "op")
    );
    assert_eq!(
        conflict(
            db.store
                .decide_submission("demo", &s3, &decision(true))
                .await
        ),
        "already_decided"
    );
    assert_eq!(
        db.store
            .audit_log("demo", &on_s3, Page::FIRST_100)
            .await
            .unwrap()
            .len(),
        1,
        "a refused decision leaves no line"
    );

    db.store
        .put_metrics("demo", &s1, &snapshot("2026-12-20", 100, 10, 10))
        .await
        .unwrap();
    db.store
        .put_metrics("demo", &s1, &snapshot("2026-12-30", 600, 200, 200))
        .await
        .unwrap();
    db.store
        .put_metrics("demo", &s1, &snapshot("2027-01-05", 5000, 0, 0))
        .await
        .unwrap(); // after the date: ignored
    db.store
        .put_metrics("demo", &s2, &snapshot("2026-12-30", 1, 1, 1))
        .await
        .unwrap();
    db.store
        .put_metrics("demo", &s2, &snapshot("2026-12-30", 100, 20, 0))
        .await
        .unwrap(); // correction
    assert_eq!(
        db.store
            .latest_metrics("demo", &s2, "2026-12-31")
            .await
            .unwrap()
            .unwrap()
            .likes,
        100
    );
    assert!(matches!(
        db.store
            .put_metrics("demo", "nope", &snapshot("2026-12-30", 1, 1, 1))
            .await,
        Err(StoreError::NotFound)
    ));

    // Two operators press "settle" at once: one settlement, one credit per note.
    let (a, b) = tokio::join!(
        db.store.settle_campaign("demo", &c, "op1", T0 + 100, CST),
        db.store.settle_campaign("demo", &c, "op2", T0 + 100, CST)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a, b);
    // s1: 1000 interactions: 50 + 100 + 200 viral; s2: 120: 50 + 10.
    assert_eq!((a.notes, a.points_total), (2, 410), "{}", db.label);
    let again = db
        .store
        .settle_campaign("demo", &c, "op", T0 + 500, CST)
        .await
        .unwrap();
    assert_eq!(again, a);
    assert_eq!(db.store.balance("demo", &m1).await.unwrap(), 350);
    assert_eq!(db.store.balance("demo", &m2).await.unwrap(), 60);
    let ledger = db.store.ledger("demo", &m1, Page::FIRST_100).await.unwrap();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].reason, "note_settled");
    let detail: serde_json::Value = serde_json::from_str(&ledger[0].detail).unwrap();
    assert_eq!(detail["breakdown"]["total"], 350);
    assert_eq!(
        db.store.campaign("demo", &c).await.unwrap().status,
        "settled"
    );
    let notes = db.store.settled_notes("demo", &m1, CST).await.unwrap();
    assert_eq!(
        notes
            .iter()
            .map(|n| (
                n.id.as_str(),
                n.published.to_string(),
                n.settled.to_string(),
                n.interactions
            ))
            .collect::<Vec<_>>(),
        vec![(
            s1.as_str(),
            "2026-11-18".to_string(),
            "2026-12-31".to_string(),
            1000
        )]
    );
    // Settling recorded the tier changes, dated on the settlement day.
    let tiers = db.store.tier_history("demo", &m1).await.unwrap();
    assert_eq!(tiers.state.tier, rules::Tier::Senior, "{}", db.label);
    assert_eq!(
        tiers
            .changes
            .iter()
            .map(|c| format!("{} {}", c.date, c.to.as_str()))
            .collect::<Vec<_>>(),
        ["2026-12-31 junior", "2026-12-31 senior"]
    );
    assert_eq!(
        db.store.tier_history("demo", &m2).await.unwrap().state.tier,
        rules::Tier::Junior
    );
    assert_eq!(
        conflict(
            db.store
                .put_metrics("demo", &s1, &snapshot("2026-12-31", 1, 1, 1))
                .await
        ),
        "already_settled"
    );
    let filter = SubmissionFilter {
        member_id: Some(m1.clone()),
        ..Default::default()
    };
    let listed = db
        .store
        .submissions("demo", &filter, Page::FIRST_100)
        .await
        .unwrap();
    // The latest snapshot of all, even one after the settlement date.
    assert_eq!(
        (listed[0].snapshot_date.as_deref(), listed[0].likes),
        (Some("2027-01-05"), Some(5000))
    );
    assert_eq!(listed[0].submission.settled_points, Some(350));
}
both!(settlement_credits_once_from_the_latest_snapshot);

/// A campaign larger than one write batch settles exactly as the rules say,
/// note by note and member by member, with tier history carried over from
/// an earlier campaign.
async fn large_settlements_match_the_rules_note_by_note(db: &Db) {
    brand(db, "demo").await;
    let rules = rules::RuleSet::default();
    let mut members = Vec::new();
    for i in 0..120 {
        members.push(member(db, "demo", &format!("1390000{i:04}")).await);
    }
    let settle = |c: String, date: &'static str, notes: Vec<(String, String, rules::Metrics)>| async move {
        for (id, _, m) in &notes {
            db.store
                .decide_submission("demo", id, &decision(true))
                .await
                .unwrap();
            if m.likes + m.comments + m.saves > 0 {
                db.store
                    .put_metrics("demo", id, &snapshot(date, m.likes, m.comments, m.saves))
                    .await
                    .unwrap();
            }
        }
        db.store
            .settle_campaign("demo", &c, "op", T0 + 1000, CST)
            .await
            .unwrap()
    };
    // An earlier campaign: 40 members, one of them viral.
    let earlier = campaign(db, "demo", "2026-10", "2026-10-31").await;
    let mut first = Vec::new();
    for (i, m) in members.iter().take(40).enumerate() {
        let id = submit(db, "demo", &earlier, m, &format!("a{i}"))
            .await
            .unwrap();
        let likes = if i == 0 { 1_000 } else { 30 };
        first.push((
            id,
            m.clone(),
            rules::Metrics {
                likes,
                comments: 0,
                saves: 0,
            },
        ));
    }
    settle(earlier, "2026-10-30", first.clone()).await;
    // The large one: 1,050 notes (three batches), eight or nine per member.
    let c = campaign(db, "demo", "2026-12", "2026-12-31").await;
    let mut second = Vec::new();
    for i in 0..1_050usize {
        let m = &members[i % members.len()];
        let id = submit(db, "demo", &c, m, &format!("b{i}")).await.unwrap();
        let metrics = if i % 3 == 0 {
            rules::Metrics {
                likes: (i as i64 * 37) % 1_500,
                comments: i as i64 % 50,
                saves: i as i64 % 30,
            }
        } else {
            rules::Metrics {
                likes: 0,
                comments: 0,
                saves: 0,
            }
        };
        second.push((id, m.clone(), metrics));
    }
    let result = settle(c.clone(), "2026-12-30", second.clone()).await;

    let points = |m: rules::Metrics| {
        rules.points.points_for(rules::NoteInput {
            metrics: m,
            platform: rules::Platform::Xiaohongshu,
            multiplier_percent: 100,
        })
    };
    let expected: i64 = second.iter().map(|n| points(n.2).total).sum();
    assert_eq!(
        (result.notes, result.points_total),
        (1_050, expected),
        "{}",
        db.label
    );
    for (id, _, m) in &second {
        let s = db.store.submission("demo", id).await.unwrap();
        assert_eq!(
            s.settled_points,
            Some(points(*m).total),
            "{}: {id}",
            db.label
        );
        assert_eq!(s.settled_interactions, Some(points(*m).interactions));
    }
    // Each member: balance and tier history as the rules compute them when
    // the two campaigns settle one after the other.
    let note = |n: &(String, String, rules::Metrics), settled: &str| rules::SettledNote {
        id: n.0.clone(),
        published: rules::CivilDate::from_unix(T0, CST),
        settled: rules::CivilDate::parse(settled).unwrap(),
        interactions: points(n.2).interactions,
    };
    let mut grand = 0;
    for m in &members {
        let a: Vec<_> = first
            .iter()
            .filter(|n| &n.1 == m)
            .map(|n| note(n, "2026-10-31"))
            .collect();
        let b: Vec<_> = second
            .iter()
            .filter(|n| &n.1 == m)
            .map(|n| note(n, "2026-12-31"))
            .collect();
        let after_a = rules::tier::advance(rules::TierState::default(), &[], &a, &rules.tiers);
        let after_b = rules::tier::advance(after_a.state, &a, &b, &rules.tiers);
        let history = db.store.tier_history("demo", m).await.unwrap();
        assert_eq!(history.state.tier, after_b.state.tier, "{}: {m}", db.label);
        assert_eq!(
            history.changes.len(),
            after_a.changes.len() + after_b.changes.len(),
            "{}: {m}",
            db.label
        );
        let balance = db.store.balance("demo", m).await.unwrap();
        let want: i64 = first
            .iter()
            .chain(&second)
            .filter(|n| &n.1 == m)
            .map(|n| points(n.2).total)
            .sum();
        assert_eq!(balance, want, "{}: {m}", db.label);
        grand += db
            .store
            .ledger("demo", m, Page::FIRST_100)
            .await
            .unwrap()
            .len();
    }
    assert_eq!(grand, 40 + 1_050, "one ledger line per note");
    let again = db
        .store
        .settle_campaign("demo", &c, "op", T0 + 2000, CST)
        .await
        .unwrap();
    assert_eq!(again, result, "a second settle is a no-op");
}
both!(large_settlements_match_the_rules_note_by_note);
