//! Checkout on both backends: API keys (audited, revoked once), signatures
//! accepted once, payment codes used once even when a till sends one
//! twice at the same moment, and hold moves posted once whatever races
//! them (the till's capture against the time-out's release).

use crate::scenarios::{T0, brand, conflict, member};
use crate::{Db, both};
use store::*;

fn key(brand: &str, id: &str) -> ApiKey {
    ApiKey {
        brand_id: brand.into(),
        id: id.into(),
        label: "门店收银".into(),
        salt: "00".repeat(16),
        secret_check: "ab".repeat(32),
        created_by: "op".into(),
        created_at: T0,
        last_used_at: None,
        revoked_by: None,
        revoked_at: None,
    }
}

async fn api_keys_are_audited_and_revoked_once(db: &Db) {
    brand(db, "b1").await;
    brand(db, "b2").await;
    db.store
        .create_api_key(&key("b1", "b1.0000000000000001"))
        .await
        .unwrap();
    assert_eq!(
        conflict(
            db.store
                .create_api_key(&key("b1", "b1.0000000000000001"))
                .await
        ),
        "api_key_taken"
    );
    assert!(
        matches!(
            db.store
                .revoke_api_key("b2", "b1.0000000000000001", "op2", T0 + 1)
                .await,
            Err(StoreError::NotFound)
        ),
        "another brand's key is not found"
    );
    let r = db
        .store
        .revoke_api_key("b1", "b1.0000000000000001", "op", T0 + 5)
        .await
        .unwrap();
    assert_eq!(r.revoked_at, Some(T0 + 5));
    let again = db
        .store
        .revoke_api_key("b1", "b1.0000000000000001", "op", T0 + 9)
        .await
        .unwrap();
    assert_eq!(again.revoked_at, Some(T0 + 5), "revoked once");
    let log = db
        .store
        .audit_log(
            "b1",
            &AuditFilter::default(),
            Page {
                limit: 50,
                offset: 0,
            },
        )
        .await
        .unwrap();
    let actions: Vec<&str> = log
        .iter()
        .filter(|l| l.target_id == "b1.0000000000000001")
        .map(|l| l.action.as_str())
        .collect();
    assert_eq!(actions.len(), 2, "{actions:?}");
    assert!(actions.contains(&"api_key.create") && actions.contains(&"api_key.revoke"));
    assert_eq!(db.store.api_keys("b1").await.unwrap().len(), 1);
    assert!(db.store.api_keys("b2").await.unwrap().is_empty());
}
both!(api_keys_are_audited_and_revoked_once);

async fn a_signature_is_accepted_once(db: &Db) {
    brand(db, "b1").await;
    db.store
        .create_api_key(&key("b1", "b1.0000000000000001"))
        .await
        .unwrap();
    let sig = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    assert!(
        db.store
            .note_signature("b1", "b1.0000000000000001", sig, T0)
            .await
            .unwrap()
    );
    assert!(
        !db.store
            .note_signature("b1", "b1.0000000000000001", sig, T0 + 1)
            .await
            .unwrap()
    );
    assert_eq!(
        db.store
            .api_key("b1", "b1.0000000000000001")
            .await
            .unwrap()
            .last_used_at,
        Some(T0)
    );
    // A refused call's signature is forgotten: it may come again.
    db.store.forget_signature("b1", sig).await.unwrap();
    assert!(
        db.store
            .note_signature("b1", "b1.0000000000000001", sig, T0 + 2)
            .await
            .unwrap()
    );
    // Purged once past the window.
    assert_eq!(db.store.purge_checkout(T0 + 3, T0 + 3).await.unwrap(), 1);
    assert!(
        db.store
            .note_signature("b1", "b1.0000000000000001", sig, T0 + 4)
            .await
            .unwrap()
    );
}
both!(a_signature_is_accepted_once);

fn new_hold<'a>(brand: &'a str, id: &'a str, code_hash: &'a str, at: i64) -> NewHold<'a> {
    NewHold {
        brand_id: brand,
        id,
        code_hash,
        key_id: "k",
        order_ref: "POS-1",
        order_fen: 10_000,
        at,
        expires_at: at + 900,
    }
}

async fn a_payment_code_without_points_holds_nothing_and_stays_usable(db: &Db) {
    brand(db, "b1").await;
    let m = member(db, "b1", "13800000001").await;
    db.store
        .create_payment_code("b1", &m, "old", T0, T0 + 300)
        .await
        .unwrap();
    db.store
        .create_payment_code("b1", &m, "new", T0 + 1, T0 + 301)
        .await
        .unwrap();
    assert!(
        matches!(
            db.store
                .create_hold(&new_hold("b1", "h1", "old", T0 + 2))
                .await,
            Err(StoreError::NotFound)
        ),
        "a replaced code no longer works"
    );
    assert_eq!(
        conflict(
            db.store
                .create_hold(&new_hold("b1", "h1", "new", T0 + 2))
                .await
        ),
        "points_insufficient"
    );
    assert_eq!(
        conflict(
            db.store
                .create_hold(&new_hold("b1", "h1", "new", T0 + 3))
                .await
        ),
        "points_insufficient",
        "the refusal left the code usable"
    );
    assert!(
        matches!(
            db.store
                .create_hold(&new_hold("b1", "h1", "new", T0 + 301))
                .await,
            Err(StoreError::NotFound)
        ),
        "expired"
    );
    assert!(
        matches!(
            db.store
                .create_hold(&new_hold("b2", "h1", "new", T0 + 3))
                .await,
            Err(StoreError::NotFound)
        ),
        "another brand's code"
    );
}
both!(a_payment_code_without_points_holds_nothing_and_stays_usable);

/// A member of `brand` with `points` available.
async fn member_with(db: &Db, brand: &str, phone: &str, points: i64) -> String {
    let m = member(db, brand, phone).await;
    db.store
        .post(
            brand,
            &NewPosting::earning(
                &m,
                rules::PostingReason::Adjustment,
                ("test", &m),
                points,
                T0,
            ),
        )
        .await
        .unwrap();
    m
}

async fn a_code_sent_twice_at_once_holds_once(db: &Db) {
    brand(db, "b1").await;
    let m = member_with(db, "b1", "13800000001", 1_000).await;
    db.store
        .create_payment_code("b1", &m, "c", T0, T0 + 300)
        .await
        .unwrap();
    let ids: Vec<String> = (0..8).map(|i| format!("h{i}")).collect();
    let tries = ids.iter().map(|id| {
        let store = db.store.clone();
        let id = id.clone();
        async move { store.create_hold(&new_hold("b1", &id, "c", T0 + 5)).await }
    });
    let results = futures_util::future::join_all(tries).await;
    let held: Vec<&Hold> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(held.len(), 1, "{results:?}");
    assert!(
        results
            .iter()
            .all(|r| r.is_ok() || matches!(r, Err(StoreError::NotFound))),
        "{results:?}"
    );
    // All 1,000 points: under 30 % of 100 yuan (3,000 fen).
    assert_eq!((held[0].points, held[0].discount_fen), (1_000, 1_000));
    let b = db.store.balances("b1", &m).await.unwrap();
    assert_eq!((b.available, b.held), (0, 1_000));
    assert!(db.store.check_ledger("b1").await.unwrap().is_empty());
}
both!(a_code_sent_twice_at_once_holds_once);

async fn the_brands_policy_sets_the_hold(db: &Db) {
    brand(db, "b1").await;
    let m = member_with(db, "b1", "13800000001", 50_000).await;
    db.store
        .save_points_policy(
            "b1",
            &PointsPolicy {
                points_per_yuan: 1_000,
                expiry_months: 0,
                checkout_max_percent: 10,
            },
            "op",
            T0,
        )
        .await
        .unwrap();
    db.store
        .create_payment_code("b1", &m, "c", T0, T0 + 300)
        .await
        .unwrap();
    let h = db
        .store
        .create_hold(&new_hold("b1", "h1", "c", T0 + 1))
        .await
        .unwrap();
    // 10 % of 100 yuan = 1,000 fen, at 10 points a fen.
    assert_eq!((h.points, h.discount_fen), (10_000, 1_000));
    assert_eq!(db.store.balances("b1", &m).await.unwrap().available, 40_000);
}
both!(the_brands_policy_sets_the_hold);

async fn a_capture_racing_the_time_out_posts_once(db: &Db) {
    brand(db, "b1").await;
    let m = member_with(db, "b1", "13800000001", 2_000).await;
    for round in 0..6 {
        let (code, id) = (format!("c{round}"), format!("h{round}"));
        db.store
            .create_payment_code("b1", &m, &code, T0, T0 + 300)
            .await
            .unwrap();
        let h = db
            .store
            .create_hold(&new_hold("b1", &id, &code, T0 + 1))
            .await
            .unwrap();
        let late = h.expires_at + 1;
        let (captured, released, again) = tokio::join!(
            db.store.capture_hold("b1", &id, "k", late),
            db.store.release_expired_holds(late),
            db.store.release_expired_holds(late),
        );
        let released = released.unwrap() + again.unwrap();
        let after = db.store.hold("b1", &id).await.unwrap();
        match captured {
            Ok(c) => {
                assert_eq!(
                    (c.status, released),
                    (rules::HoldStatus::Captured, 0),
                    "round {round}"
                );
                // Give the points back for the next round.
                db.store.refund_hold("b1", &id, "k", late).await.unwrap();
                assert_eq!(
                    db.store
                        .refund_hold("b1", &id, "k", late)
                        .await
                        .unwrap()
                        .status,
                    rules::HoldStatus::Refunded,
                    "a second refund is the same refund"
                );
            }
            Err(e) => {
                assert_eq!(
                    conflict(Err::<Hold, _>(e)),
                    "hold_released",
                    "round {round}"
                );
                assert_eq!(
                    (after.status, released),
                    (rules::HoldStatus::Released, 1),
                    "round {round}"
                );
            }
        }
        let b = db.store.balances("b1", &m).await.unwrap();
        assert_eq!(
            (b.available, b.held),
            (2_000, 0),
            "round {round}: every point back, once"
        );
    }
    assert!(db.store.check_ledger("b1").await.unwrap().is_empty());
}
both!(a_capture_racing_the_time_out_posts_once);

async fn an_erased_members_payment_code_stops_working(db: &Db) {
    brand(db, "b1").await;
    let m = member_with(db, "b1", "13800000001", 500).await;
    db.store
        .create_payment_code("b1", &m, "c", T0, T0 + 300)
        .await
        .unwrap();
    db.store
        .erase_member("b1", &m, "erased-1", T0 + 1)
        .await
        .unwrap();
    assert!(matches!(
        db.store
            .create_hold(&new_hold("b1", "h1", "c", T0 + 2))
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(db.store.balances("b1", &m).await.unwrap().available, 500);
}
both!(an_erased_members_payment_code_stops_working);
