//! Privacy scenarios (issue 15): idempotency keys expire for every caller,
//! anonymous keys are bounded, an answer too large to keep is recorded as
//! done without it.

use crate::{Db, both};
use store::*;

const T0: i64 = 1_764_000_000;

fn key(k: &str, caller: &str) -> IdempotencyKey {
    IdempotencyKey {
        brand_id: "demo".into(),
        caller: caller.into(),
        route: "POST /api/v1/brands/demo/invitations/x".into(),
        key: k.into(),
    }
}

async fn anonymous_idempotency_keys_are_bounded(db: &Db) {
    let s = &db.store;
    let quota = Some(IdempotencyQuota {
        per_caller: 2,
        anonymous_per_brand: 3,
    });
    let a = "anonymous:aaaa";
    let b = "anonymous:bbbb";
    let start = |k: IdempotencyKey, at: i64| async move {
        s.idempotency_start(&k, "h", at, at - 100, quota)
            .await
            .unwrap()
    };
    assert_eq!(start(key("1", a), T0).await, IdempotencyStart::Fresh);
    assert_eq!(start(key("2", a), T0).await, IdempotencyStart::Fresh);
    assert_eq!(
        start(key("3", a), T0).await,
        IdempotencyStart::QuotaExceeded,
        "one client address holds two keys at most"
    );
    assert_eq!(
        start(key("1", a), T0).await,
        IdempotencyStart::InProgress,
        "a key already held is still answered for"
    );
    assert_eq!(start(key("1", b), T0).await, IdempotencyStart::Fresh);
    assert_eq!(
        start(key("2", b), T0).await,
        IdempotencyStart::QuotaExceeded,
        "three anonymous keys in the brand at most"
    );
    // Signed-in callers have no quota.
    for i in 0..5 {
        assert_eq!(
            s.idempotency_start(&key(&i.to_string(), "member:m1"), "h", T0, T0 - 100, None)
                .await
                .unwrap(),
            IdempotencyStart::Fresh
        );
    }
    // Keys age out: the quota frees itself.
    assert_eq!(start(key("3", a), T0 + 101).await, IdempotencyStart::Fresh);
}
both!(anonymous_idempotency_keys_are_bounded);

async fn parallel_anonymous_keys_cannot_pass_the_quota_together(db: &Db) {
    let quota = Some(IdempotencyQuota {
        per_caller: 5,
        anonymous_per_brand: 1_000,
    });
    let tasks: Vec<_> = (0..24)
        .map(|i| {
            let s = db.store.clone();
            tokio::spawn(async move {
                s.idempotency_start(
                    &key(&i.to_string(), "anonymous:par"),
                    "h",
                    T0,
                    T0 - 100,
                    quota,
                )
                .await
            })
        })
        .collect();
    let mut fresh = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(IdempotencyStart::Fresh) => fresh += 1,
            Ok(IdempotencyStart::QuotaExceeded) => {}
            // A busy SQLite may refuse a writer outright; it claimed nothing.
            Err(_) => {}
            Ok(other) => panic!("{}: {other:?}", db.label),
        }
    }
    assert_eq!(
        fresh, 5,
        "{}: one address holds five keys at most",
        db.label
    );
}
both!(parallel_anonymous_keys_cannot_pass_the_quota_together);

async fn idempotency_keys_expire_for_every_caller(db: &Db) {
    let s = &db.store;
    for caller in ["member:m1", "operator:o1", "anonymous:cc"] {
        s.idempotency_start(&key("k", caller), "h", T0, 0, None)
            .await
            .unwrap();
        s.idempotency_finish(&key("k", caller), 200, Some("{\"name\":\"张三\"}"))
            .await
            .unwrap();
    }
    s.idempotency_start(&key("late", "member:m2"), "h", T0 + 10, 0, None)
        .await
        .unwrap();
    assert_eq!(s.idempotency_purge(T0 + 5).await.unwrap(), 3);
    assert_eq!(
        s.idempotency_start(&key("late", "member:m2"), "h", T0 + 11, 0, None)
            .await
            .unwrap(),
        IdempotencyStart::InProgress,
        "younger keys stay"
    );
    for caller in ["member:m1", "operator:o1", "anonymous:cc"] {
        assert_eq!(
            s.idempotency_start(&key("k", caller), "other", T0 + 11, 0, None)
                .await
                .unwrap(),
            IdempotencyStart::Fresh,
            "{caller}'s answer is gone"
        );
    }
}
both!(idempotency_keys_expire_for_every_caller);

async fn an_answer_too_large_is_recorded_as_done(db: &Db) {
    let s = &db.store;
    let k = key("big", "operator:o1");
    s.idempotency_start(&k, "h", T0, 0, None).await.unwrap();
    s.idempotency_finish(&k, 201, None).await.unwrap();
    assert_eq!(
        s.idempotency_start(&k, "h", T0 + 1, 0, None).await.unwrap(),
        IdempotencyStart::DoneNotKept { status: 201 }
    );
    assert_eq!(
        s.idempotency_start(&k, "other", T0 + 1, 0, None)
            .await
            .unwrap(),
        IdempotencyStart::Mismatch
    );
}
both!(an_answer_too_large_is_recorded_as_done);
