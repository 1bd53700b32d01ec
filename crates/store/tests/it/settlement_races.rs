//! Settlement against what happens around it (issue 15): a note approved
//! on appeal after its campaign was settled is credited by a follow-up
//! line that matches the preview's figures; two campaigns sharing members,
//! settled at the same moment, each see the other's notes in tier
//! evaluation and never collide on the tier history's key.

use crate::scenarios::{CST, T0, brand, campaign, decision, member, snapshot, submit};
use crate::{Db, both};
use store::*;

async fn a_note_approved_after_settlement_is_credited_once(db: &Db) {
    brand(db, "demo").await;
    let m = member(db, "demo", "13800000071").await;
    let c = campaign(db, "demo", "2026-12", "2026-12-31").await;
    let kept = submit(db, "demo", &c, &m, "late1").await.unwrap();
    let late = submit(db, "demo", &c, &m, "late2").await.unwrap();
    db.store
        .decide_submission("demo", &kept, &decision(true))
        .await
        .unwrap();
    db.store
        .decide_submission("demo", &late, &decision(false))
        .await
        .unwrap();
    for (s, likes) in [(&kept, 100), (&late, 600)] {
        db.store
            .put_metrics("demo", s, &snapshot("2026-12-30", likes, 200, 200))
            .await
            .unwrap();
    }
    let first = db
        .store
        .settle_campaign("demo", &c, "op", T0 + 100, CST)
        .await
        .unwrap();
    let before = db.store.balance("demo", &m).await.unwrap();
    assert_eq!(first.points_total, before);

    // The member appeals the rejected note; a reviewer upholds it.
    db.store
        .appeal_submission("demo", &m, &late, "请再看一下", T0 + 200)
        .await
        .unwrap();
    db.store
        .decide_submission(
            "demo",
            &late,
            &DecisionRecord {
                at: T0 + 300,
                ..decision(true)
            },
        )
        .await
        .unwrap();

    // The preview's figure for the note, computed as the preview does.
    let c_row = db.store.campaign("demo", &c).await.unwrap();
    let notes = db.store.settlement_notes("demo", &c).await.unwrap();
    let inputs: Vec<rules::settlement::Note> = notes
        .iter()
        .map(|n| rules::settlement::Note {
            id: n.submission_id.clone(),
            member_id: n.member_id.clone(),
            platform: rules::Platform::parse(&n.platform).unwrap(),
            metrics: rules::Metrics {
                likes: n.likes.unwrap_or(0),
                comments: n.comments.unwrap_or(0),
                saves: n.saves.unwrap_or(0),
            },
        })
        .collect();
    let figures = rules::settlement::statements(&c_row.rules, c_row.multiplier_percent, &inputs);
    let want = figures.notes().find(|n| n.id == late).unwrap().points();
    assert!(want > 0);
    let row = notes.iter().find(|n| n.submission_id == late).unwrap();
    assert_eq!(
        row.settled_points,
        Some(want),
        "marked settled with the preview's figure"
    );
    let after = db.store.balance("demo", &m).await.unwrap();
    assert_eq!(
        after - before,
        want,
        "{}: credited what the preview shows",
        db.label
    );
    let ledger = db.store.ledger("demo", &m, Page::FIRST_100).await.unwrap();
    assert_eq!(
        ledger.iter().filter(|e| e.source_id == late).count(),
        1,
        "one follow-up line"
    );
    let record = db.store.settlement("demo", &c).await.unwrap();
    assert_eq!(
        (record.notes, record.points_total),
        (first.notes + 1, first.points_total + want),
        "the settlement record counts it"
    );
    // The settlement's figures and the ledger agree: every approved
    // note's settled points sum to the member's balance.
    let settled: i64 = notes.iter().filter_map(|n| n.settled_points).sum();
    assert_eq!(settled, after);
}
both!(a_note_approved_after_settlement_is_credited_once);

async fn simultaneous_settlements_of_shared_members_see_each_other(db: &Db) {
    brand(db, "race").await;
    // Junior after two approved notes: one in each campaign.
    let mut set = rules::RuleSet::default();
    set.tiers.junior_notes = 2;
    db.store
        .save_rule_set("race", &set, "op", T0)
        .await
        .unwrap();
    let mut members = Vec::new();
    for i in 0..150 {
        members.push(member(db, "race", &format!("1390000{i:04}")).await);
    }
    let a = campaign(db, "race", "2026-11", "2026-11-30").await;
    let b = campaign(db, "race", "2026-12", "2026-12-31").await;
    for (i, m) in members.iter().enumerate() {
        for c in [&a, &b] {
            let s = submit(db, "race", c, m, &format!("r{i}{}", &c[c.len() - 6..]))
                .await
                .unwrap();
            db.store
                .decide_submission("race", &s, &decision(true))
                .await
                .unwrap();
        }
    }
    // Both start together (a barrier), each on its own task.
    let go = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let settle = |c: String, by: &'static str| {
        let (s, go) = (db.store.clone(), go.clone());
        tokio::spawn(async move {
            go.wait().await;
            s.settle_campaign("race", &c, by, T0 + 100, CST).await
        })
    };
    let (ta, tb) = (settle(a.clone(), "op1"), settle(b.clone(), "op2"));
    let (ra, rb) = (ta.await.unwrap(), tb.await.unwrap());
    ra.unwrap_or_else(|e| panic!("{}: settling a: {e}", db.label));
    rb.unwrap_or_else(|e| panic!("{}: settling b: {e}", db.label));
    for m in &members {
        let h = db.store.tier_history("race", m).await.unwrap();
        assert_eq!(
            (h.state.tier, h.changes.len()),
            (rules::Tier::Junior, 1),
            "{}: each member's two notes were counted together, once",
            db.label
        );
    }
}
both!(simultaneous_settlements_of_shared_members_see_each_other);
