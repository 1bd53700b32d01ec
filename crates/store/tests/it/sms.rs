//! SMS codes, their send limits, and the leased outboxes (SMS and mail):
//! a code is spent once, guesses and sends are counted one at a time even
//! in parallel, and two senders never lease the same message.

use crate::scenarios::{T0, brand, member};
use crate::{Db, both};
use rules::words::CodePurpose;
use store::*;

const PHONE: &str = "13800000009";

fn send<'a>(phone: &'a str, client: &'a str, code: Option<&'a str>, at: i64) -> CodeSend<'a> {
    CodeSend {
        brand: "b",
        phone,
        purpose: CodePurpose::SignUp,
        client,
        code: code.map(|c| (c, at + 300)),
        message: Some(NewSms {
            template: "code",
            code: code.unwrap_or(""),
            body: "Your code",
        }),
        limits: SendLimits::DEFAULT,
        at,
    }
}

fn conflict(r: Result<()>) -> &'static str {
    match r {
        Err(StoreError::Conflict(c)) => c,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn a_code_takes_five_tries_and_works_once(db: &Db) {
    brand(db, "b").await;
    db.store
        .send_code(&send(PHONE, "c1", Some("h1"), T0))
        .await
        .unwrap();
    let try_ = |hash: &'static str, at: i64| {
        let s = db.store.clone();
        async move {
            s.use_code("b", PHONE, CodePurpose::SignUp, hash, at)
                .await
                .unwrap()
        }
    };
    // Another purpose's code is another code.
    assert!(
        !db.store
            .use_code("b", PHONE, CodePurpose::Reset, "h1", T0 + 1)
            .await
            .unwrap()
    );
    for _ in 0..4 {
        assert!(!try_("wrong", T0 + 1).await);
    }
    assert!(try_("h1", T0 + 2).await, "the fifth try is still a try");
    assert!(!try_("h1", T0 + 3).await, "used up");

    // Five wrong guesses kill a new code.
    db.store
        .send_code(&send(PHONE, "c1", Some("h2"), T0 + 61))
        .await
        .unwrap();
    for _ in 0..5 {
        assert!(!try_("wrong", T0 + 62).await);
    }
    assert!(!try_("h2", T0 + 63).await, "no sixth try");

    // A code lives five minutes.
    db.store
        .send_code(&send(PHONE, "c1", Some("h3"), T0 + 122))
        .await
        .unwrap();
    assert!(!try_("h3", T0 + 122 + 300).await, "expired");
}
both!(a_code_takes_five_tries_and_works_once);

async fn parallel_guesses_share_five_tries(db: &Db) {
    brand(db, "b").await;
    db.store
        .send_code(&send(PHONE, "c1", Some("right"), T0))
        .await
        .unwrap();
    let guesses: Vec<_> = (0..12)
        .map(|_| {
            let s = db.store.clone();
            tokio::spawn(async move {
                s.use_code("b", PHONE, CodePurpose::SignUp, "wrong", T0 + 1)
                    .await
                    .unwrap()
            })
        })
        .collect();
    for g in guesses {
        assert!(!g.await.unwrap());
    }
    assert!(
        !db.store
            .use_code("b", PHONE, CodePurpose::SignUp, "right", T0 + 2)
            .await
            .unwrap(),
        "{}: twelve parallel guesses spent every try",
        db.label
    );
}
both!(parallel_guesses_share_five_tries);

async fn sends_are_limited_per_phone_and_client(db: &Db) {
    brand(db, "b").await;
    let s = &db.store;
    s.send_code(&send(PHONE, "c1", Some("h"), T0))
        .await
        .unwrap();
    // A minute between two sends to one phone, from any client.
    assert_eq!(
        conflict(s.send_code(&send(PHONE, "c2", Some("h"), T0 + 59)).await),
        "code_too_soon"
    );
    // "+86 138-0000-0009" is the same phone once normalised by the caller;
    // another phone from the same client is fine.
    s.send_code(&send("13800000010", "c1", Some("h"), T0 + 1))
        .await
        .unwrap();
    // Ten sends a day per phone.
    let day_start = T0 - T0.rem_euclid(86_400);
    let mut at = T0;
    for _ in 1..10 {
        at += 60;
        s.send_code(&send(PHONE, &format!("k{at}"), None, at))
            .await
            .unwrap();
    }
    at += 60;
    assert!(at < day_start + 86_400);
    assert_eq!(
        conflict(s.send_code(&send(PHONE, "fresh", None, at)).await),
        "code_daily_limit"
    );
    // A refused send wrote nothing: still no message for this phone at `at`.
    let held = s.sms_for_phone("b", PHONE).await.unwrap();
    assert_eq!(held.len(), 10);
    assert!(held.iter().all(|m| m.created_at < at));
    // The next day counts afresh.
    s.send_code(&send(PHONE, "fresh", None, day_start + 86_400))
        .await
        .unwrap();

    // Twenty sends a day per client, over any phones.
    for i in 0..18 {
        let phone = format!("139000000{i:02}");
        s.send_code(&send(&phone, "busy", None, T0 + i))
            .await
            .unwrap();
    }
    s.send_code(&send("13700000000", "busy", None, T0 + 30))
        .await
        .unwrap();
    s.send_code(&send("13700000001", "busy", None, T0 + 31))
        .await
        .unwrap();
    assert_eq!(
        conflict(
            s.send_code(&send("13700000002", "busy", None, T0 + 32))
                .await
        ),
        "code_daily_limit"
    );
}
both!(sends_are_limited_per_phone_and_client);

async fn parallel_sends_to_one_phone_send_once(db: &Db) {
    brand(db, "b").await;
    let sends: Vec<_> = (0..8)
        .map(|i| {
            let s = db.store.clone();
            tokio::spawn(async move {
                let client = format!("c{i}");
                s.send_code(&send(PHONE, &client, Some("h"), T0)).await
            })
        })
        .collect();
    let mut ok = 0;
    for r in sends {
        match r.await.unwrap() {
            Ok(()) => ok += 1,
            Err(StoreError::Conflict("code_too_soon")) => {}
            Err(e) => panic!("{}: {e}", db.label),
        }
    }
    assert_eq!(ok, 1, "{}", db.label);
    assert_eq!(db.store.sms_for_phone("b", PHONE).await.unwrap().len(), 1);
}
both!(parallel_sends_to_one_phone_send_once);

/// Two senders lease in parallel, round after round: every message is
/// leased by exactly one of them.
async fn two_senders_never_lease_one_message(db: &Db) {
    brand(db, "b").await;
    for i in 0..40 {
        db.store
            .send_code(&send(
                &format!("136000000{i:02}"),
                &format!("c{i}"),
                Some("h"),
                T0 + i,
            ))
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO outbox (brand_id, id, to_addr, subject, body, created_at) VALUES ('b', $1, 'a@x.test', 's', 'b', $2)",
        )
        .bind(new_id())
        .bind(T0 + i)
        .execute(db.sql.pool())
        .await
        .unwrap();
    }
    let mut sms_seen = std::collections::HashSet::new();
    let mut mail_seen = std::collections::HashSet::new();
    let now = T0 + 100;
    for _ in 0..10 {
        let (a, b) = (db.store.clone(), db.store.clone());
        let (sa, sb, ma, mb) = tokio::join!(
            a.claim_sms("A", now, 60, 3),
            b.claim_sms("B", now, 60, 3),
            a.claim_mail("A", now, 60, 3),
            b.claim_mail("B", now, 60, 3),
        );
        for (m, claim) in sa
            .unwrap()
            .into_iter()
            .map(|m| (m, "A"))
            .chain(sb.unwrap().into_iter().map(|m| (m, "B")))
        {
            assert!(
                sms_seen.insert(m.id.clone()),
                "{}: sms {} leased twice",
                db.label,
                m.id
            );
            // Sent by the holder of the lease only.
            db.store
                .mark_sms_sent("b", &m.id, if claim == "A" { "B" } else { "A" }, now)
                .await
                .unwrap();
            db.store
                .mark_sms_sent("b", &m.id, claim, now)
                .await
                .unwrap();
        }
        for m in ma.unwrap().into_iter().chain(mb.unwrap()) {
            assert!(
                mail_seen.insert(m.id.clone()),
                "{}: mail {} leased twice",
                db.label,
                m.id
            );
        }
    }
    assert_eq!(sms_seen.len(), 40, "{}", db.label);
    assert_eq!(mail_seen.len(), 40, "{}", db.label);
    // Sent messages are blank, and none is left to lease.
    let held = db.store.sms_for_phone("b", "13600000000").await.unwrap();
    assert_eq!(
        (
            held[0].code.as_str(),
            held[0].body.as_str(),
            held[0].sent_at
        ),
        ("", "", Some(now))
    );
    assert!(
        db.store
            .claim_sms("C", now + 1000, 60, 100)
            .await
            .unwrap()
            .is_empty()
    );
    // Leased mail not marked comes back once its lease ran out.
    assert!(
        db.store
            .claim_mail("C", now + 30, 60, 100)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        db.store
            .claim_mail("C", now + 60, 60, 100)
            .await
            .unwrap()
            .len(),
        40
    );
}
both!(two_senders_never_lease_one_message);

async fn a_failed_sms_is_retried_later_five_times_at_most(db: &Db) {
    brand(db, "b").await;
    db.store
        .send_code(&send(PHONE, "c", Some("h"), T0))
        .await
        .unwrap();
    let mut at = T0;
    for attempt in 0..5 {
        let got = db.store.claim_sms("W", at, 60, 10).await.unwrap();
        assert_eq!(got.len(), 1, "attempt {attempt}");
        assert_eq!(got[0].attempts, attempt);
        db.store
            .mark_sms_failed("b", &got[0].id, "W", "provider down", at + 30)
            .await
            .unwrap();
        assert!(
            db.store
                .claim_sms("W", at + 29, 60, 10)
                .await
                .unwrap()
                .is_empty(),
            "waits"
        );
        at += 30;
    }
    assert!(
        db.store
            .claim_sms("W", at + 1000, 60, 10)
            .await
            .unwrap()
            .is_empty(),
        "given up"
    );
    let held = db.store.sms_for_phone("b", PHONE).await.unwrap();
    assert_eq!(
        (held[0].attempts, held[0].last_error.as_deref()),
        (5, Some("provider down"))
    );
    assert_eq!(
        (held[0].code.as_str(), held[0].body.as_str()),
        ("", ""),
        "a message given up on keeps no code and no text"
    );
}
both!(a_failed_sms_is_retried_later_five_times_at_most);

async fn purge_and_erasure_leave_no_code_or_phone(db: &Db) {
    brand(db, "b").await;
    let id = member(db, "b", PHONE).await;
    db.store
        .send_code(&send(PHONE, "c", Some("h"), T0))
        .await
        .unwrap();
    db.store
        .send_code(&send("13800000011", "c", Some("h"), T0))
        .await
        .unwrap();
    let count = |table: &'static str| {
        let pool = db.sql.pool().clone();
        async move {
            let n: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            n
        }
    };
    db.store
        .erase_member("b", &id, "erased-1", T0 + 1)
        .await
        .unwrap();
    // The member's phone is gone from every SMS table; the other phone stays.
    for table in ["sms_codes", "sms_outbox"] {
        assert_eq!(count(table).await, 1, "{}: {table}", db.label);
    }
    let keys: Vec<String> = sqlx::query_scalar("SELECT key FROM sms_limits ORDER BY key")
        .fetch_all(db.sql.pool())
        .await
        .unwrap();
    assert_eq!(keys, ["client:c", "phone:13800000011"], "{}", db.label);

    // A used code and an expired one are purged, a live one stays.
    db.store
        .send_code(&send("13800000012", "d", Some("h"), T0 + 200))
        .await
        .unwrap();
    assert!(
        db.store
            .use_code("b", "13800000012", CodePurpose::SignUp, "h", T0 + 201)
            .await
            .unwrap()
    );
    db.store
        .send_code(&send("13800000013", "d", Some("h"), T0 + 250))
        .await
        .unwrap();
    db.store.purge_sms(T0 + 320).await.unwrap();
    let phones: Vec<String> = sqlx::query_scalar("SELECT phone FROM sms_codes ORDER BY phone")
        .fetch_all(db.sql.pool())
        .await
        .unwrap();
    assert_eq!(phones, ["13800000013"], "{}", db.label);
    // A week later, the counters and the messages sent go too.
    let later = T0 + 8 * 86_400;
    let claimed = db.store.claim_sms("W", later, 60, 100).await.unwrap();
    assert_eq!(claimed.len(), 3, "{}", db.label);
    for m in &claimed {
        db.store
            .mark_sms_sent("b", &m.id, "W", later)
            .await
            .unwrap();
    }
    db.store.purge_sms(later + 1).await.unwrap();
    for table in ["sms_limits", "sms_codes", "sms_outbox"] {
        assert_eq!(count(table).await, 0, "{}: {table}", db.label);
    }
}
both!(purge_and_erasure_leave_no_code_or_phone);
