//! Operators' security in the store: expired sessions purged, invitations
//! revoked by hand and with their sender, password changes and one-time
//! reset links, TOTP steps and recovery codes used once (also when tried
//! in parallel), and the log-in step's tries reserved atomically.

use crate::scenarios::{T0, brand, conflict};
use crate::{Db, both};
use store::*;

async fn operator(db: &Db, brand: &str, email: &str, role: rules::Role) -> String {
    let id = new_id();
    db.store
        .create_operator(&Operator {
            brand_id: brand.into(),
            id: id.clone(),
            email: email.into(),
            password_hash: "old".into(),
            role,
            created_at: T0,
        })
        .await
        .unwrap();
    id
}

fn session(hash: &str, kind: rules::ActorKind, subject: &str, expires: i64, seen: i64) -> Session {
    Session {
        token_hash: hash.into(),
        brand_id: "demo".into(),
        kind,
        subject_id: subject.into(),
        created_at: T0,
        expires_at: expires,
        last_seen_at: seen,
    }
}

async fn expired_sessions_are_purged(db: &Db) {
    use rules::ActorKind::{Member, Operator};
    brand(db, "demo").await;
    let now = T0 + 100_000;
    for s in [
        session("past-end", Member, "m", now, now),
        session("idle-member", Member, "m", now + 9_999, now - 1_000),
        session("idle-operator", Operator, "o", now + 9_999, now - 100),
        session("live-member", Member, "m", now + 9_999, now - 500),
        session("live-operator", Operator, "o", now + 9_999, now - 10),
    ] {
        db.store.create_session(&s).await.unwrap();
    }
    db.store
        .create_login_step(&LoginStep {
            brand_id: "demo".into(),
            token_hash: "step".into(),
            operator_id: "o".into(),
            created_at: T0,
            expires_at: now - 1,
            attempts: 0,
        })
        .await
        .unwrap();
    // Members idle past 600 s and operators idle past 60 s end.
    let purged = db
        .store
        .purge_expired_sessions(now, now - 600, now - 60)
        .await
        .unwrap();
    assert_eq!(purged, 3, "{}", db.label);
    let left = db.store.dump().await.unwrap();
    let sessions = &left.iter().find(|(t, _)| *t == "sessions").unwrap().1;
    let text = format!("{sessions:?}");
    for gone in ["past-end", "idle-member", "idle-operator"] {
        assert!(!text.contains(gone), "{}: {gone} left: {text}", db.label);
    }
    for live in ["live-member", "live-operator"] {
        assert!(
            db.store.session(live, now).await.is_ok(),
            "{}: {live}",
            db.label
        );
    }
    assert!(matches!(
        db.store.reserve_login_step("demo", "step", T0).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        db.store
            .purge_expired_sessions(now, now - 600, now - 60)
            .await
            .unwrap(),
        0,
        "{}: idempotent",
        db.label
    );
}
both!(expired_sessions_are_purged);

/// A token hash as long as a real one (SHA-256 in hex), named by its
/// first letter.
fn h(name: &str) -> String {
    format!("{name:0<64}")
}

fn invite(brand: &str, hash: &str, by: &str) -> OperatorInvite {
    OperatorInvite {
        brand_id: brand.into(),
        token_hash: h(hash),
        email: format!("{hash}@demo.test"),
        role: rules::Role::Reviewer,
        created_by: by.into(),
        created_at: T0,
        expires_at: T0 + 86_400,
        accepted_at: None,
    }
}

async fn pending(db: &Db) -> Vec<String> {
    let mut v: Vec<String> = db
        .store
        .pending_operator_invites("demo", T0 + 1)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.token_hash[..1].to_string())
        .collect();
    v.sort();
    v
}

async fn invitations_die_with_their_sender(db: &Db) {
    use rules::Role::Owner;
    brand(db, "demo").await;
    let a = operator(db, "demo", "a@demo.test", Owner).await;
    let b = operator(db, "demo", "b@demo.test", Owner).await;
    for (hash, by) in [("x", &b), ("y", &b), ("z", &a), ("r", &a)] {
        db.store
            .create_operator_invite(&invite("demo", hash, by), None)
            .await
            .unwrap();
    }
    assert_eq!(pending(db).await, ["r", "x", "y", "z"]);
    // Revoked by hand: gone, once.
    db.store
        .revoke_operator_invite("demo", &h("r"), &a, T0 + 1)
        .await
        .unwrap();
    assert!(matches!(
        db.store
            .revoke_operator_invite("demo", &h("r"), &a, T0 + 1)
            .await,
        Err(StoreError::NotFound)
    ));
    let joiner = Operator {
        brand_id: "demo".into(),
        id: new_id(),
        email: "r@demo.test".into(),
        password_hash: "h".into(),
        role: rules::Role::Reviewer,
        created_at: T0,
    };
    assert!(matches!(
        db.store
            .accept_operator_invite(&h("r"), &joiner, T0 + 2)
            .await,
        Err(StoreError::NotFound)
    ));
    // B is no longer an owner: B's invitations die, A's stay.
    db.store
        .set_operator_role("demo", &b, "reviewer", &a, T0 + 3)
        .await
        .unwrap();
    assert_eq!(pending(db).await, ["z"], "{}", db.label);
    let joiner = Operator {
        email: "x@demo.test".into(),
        ..joiner
    };
    assert!(matches!(
        db.store
            .accept_operator_invite(&h("x"), &joiner, T0 + 4)
            .await,
        Err(StoreError::NotFound)
    ));
    // An owner again invites; removed, the invitation dies with them.
    db.store
        .set_operator_role("demo", &b, "owner", &a, T0 + 5)
        .await
        .unwrap();
    db.store
        .create_operator_invite(&invite("demo", "w", &b), None)
        .await
        .unwrap();
    // B also made a password-reset link for A: it dies with B too.
    db.store
        .create_password_reset(
            &store::PasswordReset {
                brand_id: "demo".into(),
                token_hash: "reset-by-b".into(),
                operator_id: a.clone(),
                created_by: b.clone(),
                created_at: T0 + 5,
                expires_at: T0 + 86_400,
                used_at: None,
            },
            None,
        )
        .await
        .unwrap();
    db.store
        .remove_operator("demo", &b, &a, T0 + 6)
        .await
        .unwrap();
    assert_eq!(pending(db).await, ["z"], "{}", db.label);
    assert!(
        matches!(
            db.store.password_reset("demo", "reset-by-b").await,
            Err(StoreError::NotFound)
        ),
        "{}: a reset link outlived the owner who made it",
        db.label
    );
    let audit = db
        .store
        .audit_log(
            "demo",
            &AuditFilter {
                action: Some("operator.invite_revoke".into()),
                ..Default::default()
            },
            Page {
                limit: 10,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(audit.len(), 1, "{}: {audit:?}", db.label);
}
both!(invitations_die_with_their_sender);

async fn passwords_change_and_reset_links_work_once(db: &Db) {
    use rules::ActorKind::Operator as Op;
    brand(db, "demo").await;
    let owner = operator(db, "demo", "owner@demo.test", rules::Role::Owner).await;
    let o = operator(db, "demo", "o@demo.test", rules::Role::Reviewer).await;
    for h in ["mine", "other"] {
        db.store
            .create_session(&session(h, Op, &o, T0 + 9_999, T0))
            .await
            .unwrap();
    }
    // A log-in half done with the old password (waiting for its code).
    let step = |token: &str| LoginStep {
        brand_id: "demo".into(),
        token_hash: token.into(),
        operator_id: o.clone(),
        created_at: T0,
        expires_at: T0 + 300,
        attempts: 0,
    };
    db.store
        .create_login_step(&step("half-done"))
        .await
        .unwrap();
    db.store
        .set_operator_password("demo", &o, "new", Some("mine"), T0 + 1)
        .await
        .unwrap();
    assert!(
        matches!(
            db.store
                .reserve_login_step("demo", "half-done", T0 + 2)
                .await,
            Err(StoreError::NotFound)
        ),
        "{}: a changed password ends the log-ins waiting for their code",
        db.label
    );
    db.store
        .create_login_step(&step("half-done-2"))
        .await
        .unwrap();
    assert_eq!(
        db.store.operator("demo", &o).await.unwrap().password_hash,
        "new"
    );
    assert!(
        db.store.session("mine", T0 + 2).await.is_ok(),
        "{}",
        db.label
    );
    assert!(
        db.store.session("other", T0 + 2).await.is_err(),
        "{}",
        db.label
    );
    assert!(matches!(
        db.store
            .set_operator_password("demo", "nobody", "x", None, T0)
            .await,
        Err(StoreError::NotFound)
    ));

    let reset = |hash: &str, expires_at: i64| PasswordReset {
        brand_id: "demo".into(),
        token_hash: hash.into(),
        operator_id: o.clone(),
        created_by: owner.clone(),
        created_at: T0,
        expires_at,
        used_at: None,
    };
    db.store
        .create_password_reset(&reset("first", T0 + 100), None)
        .await
        .unwrap();
    // A newer link replaces the unused one.
    db.store
        .create_password_reset(&reset("second", T0 + 100), None)
        .await
        .unwrap();
    assert!(matches!(
        db.store.password_reset("demo", "first").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        db.store
            .create_password_reset(
                &PasswordReset {
                    operator_id: "nobody".into(),
                    ..reset("third", T0 + 100)
                },
                None
            )
            .await,
        Err(StoreError::NotFound)
    ));
    // The old password works until the link is used.
    assert_eq!(
        db.store.operator("demo", &o).await.unwrap().password_hash,
        "new"
    );
    let used = db
        .store
        .use_password_reset("demo", "second", "reset", T0 + 10)
        .await
        .unwrap();
    assert_eq!(used.id, o);
    assert_eq!(used.password_hash, "reset");
    assert!(
        matches!(
            db.store
                .reserve_login_step("demo", "half-done-2", T0 + 11)
                .await,
            Err(StoreError::NotFound)
        ),
        "{}: a used reset link ends the log-ins waiting for their code",
        db.label
    );
    assert!(
        db.store.session("mine", T0 + 11).await.is_err(),
        "every session ends"
    );
    assert_eq!(
        conflict(
            db.store
                .use_password_reset("demo", "second", "again", T0 + 11)
                .await
        ),
        "reset_used"
    );
    db.store
        .create_password_reset(&reset("late", T0 + 100), None)
        .await
        .unwrap();
    assert_eq!(
        conflict(
            db.store
                .use_password_reset("demo", "late", "x", T0 + 100)
                .await
        ),
        "reset_expired"
    );
    assert_eq!(
        db.store.operator("demo", &o).await.unwrap().password_hash,
        "reset"
    );
    // With mail configured, the link is queued in the same transaction.
    let mail = OutboxMail {
        brand_id: "demo".into(),
        id: new_id(),
        to_addr: "o@demo.test".into(),
        subject: "reset".into(),
        body: "link".into(),
        created_at: T0,
        sent_at: None,
        attempts: 0,
        last_error: None,
    };
    db.store
        .create_password_reset(&reset("mailed", T0 + 100), Some(&mail))
        .await
        .unwrap();
    // The sender reads it whole (the owner's list leaves bodies out).
    let outbox = db.store.unsent_mail(10).await.unwrap();
    assert_eq!(outbox, [mail], "{}", db.label);
}
both!(passwords_change_and_reset_links_work_once);

async fn second_factor_codes_are_used_once(db: &Db) {
    brand(db, "demo").await;
    let o = operator(db, "demo", "o@demo.test", rules::Role::Owner).await;
    let totp = |secret: &str| OperatorTotp {
        brand_id: "demo".into(),
        operator_id: o.clone(),
        secret: secret.into(),
        created_at: T0,
        confirmed_at: None,
        last_step: 0,
    };
    assert_eq!(
        conflict(db.store.confirm_totp("demo", &o, "AAAA", 5, &[], T0).await),
        "totp_not_started"
    );
    db.store.start_totp(&totp("AAAA")).await.unwrap();
    db.store.start_totp(&totp("BBBB")).await.unwrap(); // restarts
    assert_eq!(
        db.store
            .operator_totp("demo", &o)
            .await
            .unwrap()
            .unwrap()
            .secret,
        "BBBB"
    );
    assert!(
        !db.store.use_totp_step("demo", &o, 1).await.unwrap(),
        "not confirmed"
    );
    let hashes: Vec<String> = (0..10).map(|i| format!("code{i}")).collect();
    assert_eq!(
        conflict(
            db.store
                .confirm_totp("demo", &o, "AAAA", 100, &hashes, T0)
                .await
        ),
        "totp_not_started",
        "a code checked against the secret a restart replaced confirms nothing"
    );
    db.store
        .confirm_totp("demo", &o, "BBBB", 100, &hashes, T0)
        .await
        .unwrap();
    assert_eq!(
        conflict(
            db.store
                .confirm_totp("demo", &o, "BBBB", 101, &hashes, T0)
                .await
        ),
        "totp_enrolled"
    );
    assert_eq!(
        conflict(db.store.start_totp(&totp("CCCC")).await),
        "totp_enrolled"
    );
    assert_eq!(
        db.store.operators_with_totp("demo").await.unwrap(),
        vec![o.clone()]
    );
    // Each step once, never an earlier one.
    assert!(
        !db.store.use_totp_step("demo", &o, 100).await.unwrap(),
        "the confirming code"
    );
    assert!(db.store.use_totp_step("demo", &o, 101).await.unwrap());
    assert!(!db.store.use_totp_step("demo", &o, 101).await.unwrap());
    assert!(!db.store.use_totp_step("demo", &o, 99).await.unwrap());
    // A recovery code tried eight times at once works once.
    let tries = (0..8).map(|_| {
        let (s, o) = (db.store.clone(), o.clone());
        tokio::spawn(async move { s.use_recovery_code("demo", &o, "code3", T0).await.unwrap() })
    });
    let mut won = 0;
    for t in tries {
        won += usize::from(t.await.unwrap());
    }
    assert_eq!(won, 1, "{}", db.label);
    assert!(
        !db.store
            .use_recovery_code("demo", &o, "nope", T0)
            .await
            .unwrap()
    );
    assert_eq!(db.store.recovery_codes_left("demo", &o).await.unwrap(), 9);
    db.store.remove_totp("demo", &o, &o, T0).await.unwrap();
    assert!(db.store.operator_totp("demo", &o).await.unwrap().is_none());
    assert_eq!(db.store.recovery_codes_left("demo", &o).await.unwrap(), 0);

    // A log-in step allows five codes, reserved atomically.
    db.store
        .create_login_step(&LoginStep {
            brand_id: "demo".into(),
            token_hash: "step".into(),
            operator_id: o.clone(),
            created_at: T0,
            expires_at: T0 + 300,
            attempts: 0,
        })
        .await
        .unwrap();
    let tries = (0..12).map(|_| {
        let s = db.store.clone();
        tokio::spawn(async move { s.reserve_login_step("demo", "step", T0 + 1).await.is_ok() })
    });
    let mut passed = 0;
    for t in tries {
        passed += i64::from(t.await.unwrap());
    }
    assert_eq!(passed, LOGIN_STEP_TRIES, "{}", db.label);
    // Policy: off until set, audited.
    assert!(!db.store.owners_need_totp("demo").await.unwrap());
    db.store
        .set_owners_need_totp("demo", true, &o, T0)
        .await
        .unwrap();
    assert!(db.store.owners_need_totp("demo").await.unwrap());
    db.store
        .set_owners_need_totp("demo", false, &o, T0)
        .await
        .unwrap();
    assert!(!db.store.owners_need_totp("demo").await.unwrap());
}
both!(second_factor_codes_are_used_once);
