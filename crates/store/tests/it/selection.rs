//! A campaign's life cycle and an oversubscribed selection: draft and
//! publish, confirm, late sign-ups, withdrawals moving the waitlist up,
//! swaps within the slots, closing, and the inbox lines each step leaves.

use crate::scenarios::{T0, brand, campaign, conflict, member, submit};
use crate::{Db, both};
use store::*;

async fn status(db: &Db, c: &str, m: &str) -> (String, Option<i64>) {
    let s = db.store.signup("demo", c, m).await.unwrap();
    (s.status.to_string(), s.waitlist_pos)
}

fn sel() -> (String, Option<i64>) {
    ("selected".into(), None)
}

fn wait(n: i64) -> (String, Option<i64>) {
    ("waitlisted".into(), Some(n))
}

async fn kinds(db: &Db, m: &str) -> Vec<String> {
    db.store
        .notifications("demo", m, Page::FIRST_100)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind.to_string())
        .collect()
}

async fn a_draft_is_edited_then_published_once(db: &Db) {
    brand(db, "demo").await;
    let id = campaign(db, "demo", "2026-12", "2026-12-31").await;
    let mut c = db.store.campaign("demo", &id).await.unwrap();
    // A draft copy of it, edited, then published with the brand's rules.
    c.id = new_id();
    c.status = rules::CampaignStatus::Draft;
    db.store.create_campaign(&c, "op").await.unwrap();
    c.title = "改名".into();
    c.min_tier = rules::Tier::Junior;
    c.products = vec!["面霜".into(), "精华".into()];
    c.signup_opens = "2026-12-01".into();
    db.store.update_campaign(&c, "op", T0).await.unwrap();
    let got = db.store.campaign("demo", &c.id).await.unwrap();
    assert_eq!(
        (
            got.title.as_str(),
            got.min_tier,
            got.products.len(),
            got.signup_opens.as_str()
        ),
        ("改名", rules::Tier::Junior, 2, "2026-12-01"),
        "{}",
        db.label
    );
    let set = rules::RuleSet {
        version: 7,
        ..Default::default()
    };
    let published = db
        .store
        .publish_campaign("demo", &c.id, &set, "op", T0)
        .await
        .unwrap();
    assert_eq!(
        (published.status.as_str(), published.rules.version),
        ("published", 7)
    );
    assert_eq!(
        conflict(
            db.store
                .publish_campaign("demo", &c.id, &set, "op", T0)
                .await
        ),
        "not_draft"
    );
    assert_eq!(
        conflict(db.store.update_campaign(&c, "op", T0).await),
        "not_draft"
    );
    assert!(matches!(
        db.store
            .publish_campaign("acme", &c.id, &set, "op", T0)
            .await,
        Err(StoreError::NotFound)
    ));
    let actions: Vec<String> = db
        .store
        .audit_log(
            "demo",
            &AuditFilter {
                target_id: Some(c.id.clone()),
                ..Default::default()
            },
            Page::FIRST_100,
        )
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(
        actions,
        ["campaign.publish", "campaign.update", "campaign.create"]
    );
}
both!(a_draft_is_edited_then_published_once);

async fn an_oversubscribed_campaign_selects_waits_and_moves_up(db: &Db) {
    brand(db, "demo").await;
    let c = campaign(db, "demo", "2026-12", "2026-12-31").await;
    let mut c_row = db.store.campaign("demo", &c).await.unwrap();
    c_row.slots = 2;
    // Slots are a draft's field; set them for this scenario directly.
    c_row.id = new_id();
    c_row.status = rules::CampaignStatus::Draft;
    db.store.create_campaign(&c_row, "op").await.unwrap();
    let c = db
        .store
        .publish_campaign("demo", &c_row.id, &rules::RuleSet::default(), "op", T0)
        .await
        .unwrap()
        .id;
    let mut m = Vec::new();
    for i in 0..6 {
        m.push(member(db, "demo", &format!("1380000100{i}")).await);
    }
    for x in &m[..5] {
        let s = db.store.create_signup("demo", &c, x, T0).await.unwrap();
        assert_eq!(s.status, "pending");
    }
    let ids = |r: std::ops::Range<usize>| m[r].to_vec();
    assert_eq!(
        conflict(
            db.store
                .confirm_selection("demo", &c, &ids(0..3), &[], "op", T0)
                .await
        ),
        "too_many_selected"
    );
    assert_eq!(
        conflict(
            db.store
                .confirm_selection("demo", &c, &ids(0..2), &[m[5].clone()], "op", T0)
                .await
        ),
        "not_signed_up",
        "{}: m5 has not signed up",
        db.label
    );
    // Refusals wrote nothing: still unconfirmed, everyone pending.
    assert_eq!(
        db.store.campaign("demo", &c).await.unwrap().selected_at,
        None
    );
    assert_eq!(status(db, &c, &m[0]).await.0, "pending");

    // m4 is in neither list: it queues behind the named waitlist.
    let after = db
        .store
        .confirm_selection("demo", &c, &ids(0..2), &ids(2..4), "op", T0 + 1)
        .await
        .unwrap();
    assert_eq!(
        (after.selected, after.signups, after.selected_at),
        (2, 5, Some(T0 + 1))
    );
    assert_eq!(status(db, &c, &m[0]).await, sel());
    assert_eq!(status(db, &c, &m[2]).await, wait(1));
    assert_eq!(status(db, &c, &m[4]).await, wait(3));
    assert_eq!(
        conflict(
            db.store
                .confirm_selection("demo", &c, &ids(0..2), &[], "op", T0)
                .await
        ),
        "selection_confirmed"
    );
    assert_eq!(kinds(db, &m[0]).await, ["selected"]);
    assert_eq!(kinds(db, &m[4]).await, ["waitlisted"]);

    // A late sign-up queues at the end.
    let late = db
        .store
        .create_signup("demo", &c, &m[5], T0 + 2)
        .await
        .unwrap();
    assert_eq!(
        (late.status.as_str(), late.waitlist_pos),
        ("waitlisted", Some(4))
    );

    // A selected member withdraws: the first on the waitlist moves up.
    let gone = db
        .store
        .withdraw_signup("demo", &c, &m[0], T0 + 3)
        .await
        .unwrap();
    assert_eq!(gone.status, "withdrawn");
    assert_eq!(status(db, &c, &m[2]).await, sel());
    assert_eq!(status(db, &c, &m[3]).await, wait(1));
    assert_eq!(status(db, &c, &m[5]).await, wait(3));
    let row = db.store.campaign("demo", &c).await.unwrap();
    assert_eq!((row.selected, row.signups), (2, 5), "{}", db.label);
    let moved = db
        .store
        .notifications("demo", &m[2], Page::FIRST_100)
        .await
        .unwrap();
    assert_eq!(moved[0].kind, "selected");
    assert!(
        moved[0].detail.contains("\"moved_up\":true"),
        "{}",
        moved[0].detail
    );

    // A waitlisted member withdraws: the places behind close up.
    db.store
        .withdraw_signup("demo", &c, &m[4], T0 + 4)
        .await
        .unwrap();
    assert_eq!(status(db, &c, &m[5]).await, wait(2));
    assert_eq!(
        conflict(db.store.withdraw_signup("demo", &c, &m[0], T0).await),
        "not_withdrawable"
    );
    let stranger = member(db, "demo", "13800001099").await;
    assert_eq!(
        conflict(db.store.withdraw_signup("demo", &c, &stranger, T0).await),
        "not_signed_up"
    );

    // Swaps: m1 out, m5 (second in line) in; the queue closes up.
    db.store
        .swap_selection("demo", &c, Some(&m[1]), Some(&m[5]), "op", T0 + 5)
        .await
        .unwrap();
    assert_eq!(status(db, &c, &m[1]).await, ("not_selected".into(), None));
    assert_eq!(status(db, &c, &m[5]).await, sel());
    assert_eq!(status(db, &c, &m[3]).await, wait(1));
    // Full: putting m3 in without taking anyone out is refused, unchanged.
    assert_eq!(
        conflict(
            db.store
                .swap_selection("demo", &c, None, Some(&m[3]), "op", T0)
                .await
        ),
        "too_many_selected"
    );
    assert_eq!(status(db, &c, &m[3]).await, wait(1));
    assert_eq!(
        conflict(
            db.store
                .swap_selection("demo", &c, Some(&m[3]), None, "op", T0)
                .await
        ),
        "swap_out_not_selected"
    );
    // The one taken out may be put back in when a place frees.
    db.store
        .swap_selection("demo", &c, Some(&m[5]), Some(&m[1]), "op", T0 + 6)
        .await
        .unwrap();
    assert_eq!(status(db, &c, &m[1]).await, sel());

    // A member with a note for the campaign cannot withdraw.
    submit(db, "demo", &c, &m[2], "65a000000000000000000101")
        .await
        .unwrap();
    assert_eq!(
        conflict(db.store.withdraw_signup("demo", &c, &m[2], T0).await),
        "note_submitted"
    );

    // Closing tells whoever still waits.
    let closed = db
        .store
        .close_campaign("demo", &c, "op", T0 + 7)
        .await
        .unwrap();
    assert_eq!(closed.status, "closed");
    assert_eq!(status(db, &c, &m[3]).await, ("not_selected".into(), None));
    assert_eq!(kinds(db, &m[3]).await[0], "not_selected");
    assert_eq!(
        conflict(db.store.close_campaign("demo", &c, "op", T0).await),
        "not_published"
    );
    assert_eq!(
        conflict(db.store.withdraw_signup("demo", &c, &m[1], T0).await),
        "campaign_closed"
    );

    // Reading the inbox.
    assert!(db.store.unread_notifications("demo", &m[3]).await.unwrap() >= 2);
    assert!(
        db.store
            .mark_notifications_read("demo", &m[3], T0 + 8)
            .await
            .unwrap()
            >= 2
    );
    assert_eq!(
        db.store.unread_notifications("demo", &m[3]).await.unwrap(),
        0
    );
    // Another brand sees nothing of it.
    assert!(
        db.store
            .notifications("acme", &m[3], Page::FIRST_100)
            .await
            .unwrap()
            .is_empty()
    );
    // Erasure removes the inbox.
    db.store
        .erase_member("demo", &m[3], "erased-1", T0 + 9)
        .await
        .unwrap();
    assert!(
        db.store
            .notifications("demo", &m[3], Page::FIRST_100)
            .await
            .unwrap()
            .is_empty()
    );
}
both!(an_oversubscribed_campaign_selects_waits_and_moves_up);

/// Decisions and settlement write the member's inbox in their own
/// transaction.
async fn decisions_and_points_reach_the_inbox(db: &Db) {
    brand(db, "demo").await;
    let c = campaign(db, "demo", "2026-12", "2026-12-31").await;
    let m = member(db, "demo", "13800002000").await;
    db.store.create_signup("demo", &c, &m, T0).await.unwrap();
    let ok = submit(db, "demo", &c, &m, "65a000000000000000000201")
        .await
        .unwrap();
    let no = submit(db, "demo", &c, &m, "65a000000000000000000202")
        .await
        .unwrap();
    let mut d = DecisionRecord {
        approve: true,
        reason: None,
        by: "op".into(),
        at: T0 + 1,
        disclosure_confirmed: false,
    };
    db.store.decide_submission("demo", &ok, &d).await.unwrap();
    d.approve = false;
    d.reason = Some("看不到产品".into());
    db.store.decide_submission("demo", &no, &d).await.unwrap();
    db.store
        .put_metrics(
            "demo",
            &ok,
            &Snapshot {
                snapshot_date: "2026-12-30".into(),
                likes: 100,
                comments: 10,
                saves: 5,
                recorded_at: T0,
                recorded_by: "op".into(),
            },
        )
        .await
        .unwrap();
    let s = db
        .store
        .settle_campaign("demo", &c, "op", T0 + 2, 480)
        .await
        .unwrap();
    let inbox = db
        .store
        .notifications("demo", &m, Page::FIRST_100)
        .await
        .unwrap();
    let got: Vec<&str> = inbox.iter().map(|n| n.kind.as_str()).collect();
    // The first approved note makes the member a junior: a tier line too.
    assert_eq!(
        got,
        [
            "tier_changed",
            "points_credited",
            "note_rejected",
            "note_approved"
        ],
        "{}",
        db.label
    );
    assert!(inbox[0].detail.contains("\"to\":\"junior\""));
    assert!(
        inbox[1]
            .detail
            .contains(&format!("\"points\":{}", s.points_total))
    );
    assert!(inbox[2].detail.contains("看不到产品"));
    // A second settlement credits nothing and tells nobody again.
    db.store
        .settle_campaign("demo", &c, "op", T0 + 3, 480)
        .await
        .unwrap();
    assert_eq!(db.store.unread_notifications("demo", &m).await.unwrap(), 4);
}
both!(decisions_and_points_reach_the_inbox);
