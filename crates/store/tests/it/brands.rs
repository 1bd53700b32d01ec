//! A brand's settings and its creation with a first owner's invitation;
//! a member's daily upload quota counted with the insert.

use crate::scenarios::{T0, brand, member};
use crate::{Db, both};
use store::*;

fn settings() -> BrandSettings {
    BrandSettings {
        name: "Lumi 护肤".into(),
        time_zone: "Europe/Berlin".into(),
        logo_id: None,
        accent: Some("#e6007a".into()),
        default_lang: rules::Language::En,
        contact: "客服微信 lumi-care".into(),
        public_url: Some("https://koc.lumi.example".into()),
    }
}

fn upload(brand: &str, kind: rules::ActorKind, owner: &str, at: i64) -> Upload {
    Upload {
        brand_id: brand.into(),
        id: new_id(),
        owner_kind: kind,
        owner_id: owner.into(),
        content_type: "image/png".into(),
        size: 1,
        sha256: "00".into(),
        created_at: at,
    }
}

async fn brand_settings_are_saved_checked_and_audited(db: &Db) {
    brand(db, "lumi").await;
    brand(db, "other").await;
    let b = db.store.brand("lumi").await.unwrap();
    assert_eq!((b.default_lang.as_str(), b.contact.as_str()), ("zh-CN", ""));
    assert_eq!((b.accent, b.logo_id, b.public_url), (None, None, None));

    let saved = db
        .store
        .save_brand_settings("lumi", &settings(), "op1", T0 + 5)
        .await
        .unwrap();
    assert_eq!(saved.name, "Lumi 护肤");
    assert_eq!(saved.accent.as_deref(), Some("#e6007a"));
    assert_eq!(saved.default_lang, "en");
    assert_eq!(
        saved.public_url.as_deref(),
        Some("https://koc.lumi.example")
    );
    assert_eq!(db.store.brand("lumi").await.unwrap(), saved);
    assert_eq!(
        db.store.brand("other").await.unwrap().accent,
        None,
        "only its brand"
    );

    // A logo is an operator upload of the same brand.
    let art = upload("lumi", rules::ActorKind::Operator, "op1", T0);
    db.store.create_upload(&art).await.unwrap();
    let m = member(db, "lumi", "13800000001").await;
    let shot = upload("lumi", rules::ActorKind::Member, &m, T0);
    db.store.create_upload(&shot).await.unwrap();
    let elsewhere = upload("other", rules::ActorKind::Operator, "op9", T0);
    db.store.create_upload(&elsewhere).await.unwrap();
    for bad in [&shot.id, &elsewhere.id, &"nosuch".to_string()] {
        let s = BrandSettings {
            logo_id: Some(bad.clone()),
            ..settings()
        };
        assert!(
            matches!(
                db.store
                    .save_brand_settings("lumi", &s, "op1", T0 + 6)
                    .await,
                Err(StoreError::Conflict("logo_unknown"))
            ),
            "{bad}"
        );
    }
    assert_eq!(
        db.store.brand("lumi").await.unwrap(),
        saved,
        "refusals change nothing"
    );
    let s = BrandSettings {
        logo_id: Some(art.id.clone()),
        ..settings()
    };
    let with_logo = db
        .store
        .save_brand_settings("lumi", &s, "op1", T0 + 7)
        .await
        .unwrap();
    assert_eq!(with_logo.logo_id, Some(art.id.clone()));
    assert!(matches!(
        db.store
            .save_brand_settings("nosuch", &settings(), "op1", T0)
            .await,
        Err(StoreError::NotFound)
    ));

    let log = db
        .store
        .audit_log(
            "lumi",
            &AuditFilter {
                action: Some("brand.settings".into()),
                ..Default::default()
            },
            Page {
                limit: 10,
                offset: 0,
            },
        )
        .await
        .unwrap();
    assert_eq!(log.len(), 2, "one line per save");
    assert!(log.iter().all(|e| e.actor_id == "op1"));
    assert!(
        log[1].before.as_deref().unwrap().contains("LUMI"),
        "{:?}",
        log[1].before
    );
    assert!(log[1].after.as_deref().unwrap().contains("#e6007a"));
}
both!(brand_settings_are_saved_checked_and_audited);

async fn a_brand_is_created_with_its_first_owner_invitation(db: &Db) {
    let b = Brand {
        id: "lumi".into(),
        name: "Lumi".into(),
        time_zone: "Asia/Shanghai".into(),
        points_rule: serde_json::to_string(&rules::RuleSet::default()).unwrap(),
        created_at: T0,
        ..Default::default()
    };
    let inv = OperatorInvite {
        brand_id: "lumi".into(),
        token_hash: "ab".repeat(32),
        email: "founder@lumi.example".into(),
        role: rules::Role::Owner,
        created_by: "setup".into(),
        created_at: T0,
        expires_at: T0 + 7 * 86_400,
        accepted_at: None,
    };
    db.store
        .create_brand_with_owner_invite(&b, &inv)
        .await
        .unwrap();
    assert_eq!(db.store.brand("lumi").await.unwrap().default_lang, "zh-CN");
    assert_eq!(
        db.store
            .operator_invite("lumi", &inv.token_hash)
            .await
            .unwrap(),
        inv
    );
    assert_eq!(db.store.brand_count().await.unwrap(), 1);
    // A taken id: refused, and its invitation is not written either.
    let again = OperatorInvite {
        token_hash: "cd".repeat(32),
        ..inv.clone()
    };
    assert!(matches!(
        db.store.create_brand_with_owner_invite(&b, &again).await,
        Err(StoreError::Conflict("brand_exists"))
    ));
    assert!(matches!(
        db.store.operator_invite("lumi", &again.token_hash).await,
        Err(StoreError::NotFound)
    ));
    // The invitation makes the first owner.
    let owner = Operator {
        brand_id: "lumi".into(),
        id: new_id(),
        email: inv.email.clone(),
        password_hash: "h".into(),
        role: inv.role,
        created_at: T0 + 1,
    };
    db.store
        .accept_operator_invite(&inv.token_hash, &owner, T0 + 1)
        .await
        .unwrap();
    let ops = db.store.operators("lumi").await.unwrap();
    assert_eq!((ops.len(), ops[0].role), (1, rules::Role::Owner));
}
both!(a_brand_is_created_with_its_first_owner_invitation);

async fn member_uploads_stop_at_the_quota(db: &Db) {
    brand(db, "lumi").await;
    let m = member(db, "lumi", "13800000001").await;
    let day = T0 + 86_400;
    // An old upload does not count.
    db.store
        .create_member_upload(&upload("lumi", rules::ActorKind::Member, &m, T0), T0 - 1, 3)
        .await
        .unwrap();
    for _ in 0..3 {
        let u = upload("lumi", rules::ActorKind::Member, &m, day);
        db.store
            .create_member_upload(&u, day - 10, 3)
            .await
            .unwrap();
    }
    let over = upload("lumi", rules::ActorKind::Member, &m, day);
    assert!(matches!(
        db.store.create_member_upload(&over, day - 10, 3).await,
        Err(StoreError::Conflict("too_many_uploads"))
    ));
    assert!(matches!(
        db.store.upload("lumi", &over.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        db.store
            .count_uploads("lumi", "member", &m, day - 10)
            .await
            .unwrap(),
        3
    );
    // Parallel: eight at once with two places left.
    let other = member(db, "lumi", "13800000002").await;
    let tries: Vec<_> = (0..8)
        .map(|_| {
            let (store, u) = (
                db.store.clone(),
                upload("lumi", rules::ActorKind::Member, &other, day),
            );
            tokio::spawn(async move { store.create_member_upload(&u, day - 10, 2).await })
        })
        .collect();
    let mut made = 0;
    for t in tries {
        match t.await.unwrap() {
            Ok(()) => made += 1,
            Err(StoreError::Conflict("too_many_uploads")) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(made, 2);
    // No such member: nothing recorded.
    assert!(matches!(
        db.store
            .create_member_upload(
                &upload("lumi", rules::ActorKind::Member, "nobody", day),
                0,
                9
            )
            .await,
        Err(StoreError::NotFound)
    ));
}
both!(member_uploads_stop_at_the_quota);
