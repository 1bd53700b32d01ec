//! The KOS organisation on both backends (issue 17): regions, stores and
//! staff; codes and phones unique per brand; a store only in its region;
//! the scope filter keeps each caller to their part.

use crate::scenarios::{T0, brand};
use crate::{Db, both};
use rules::{KosRole, KosScope, StaffRole};
use store::*;

fn person(name: &str, phone: &str, role: StaffRole, region: &str, shop: Option<&str>) -> NewStaff {
    NewStaff {
        name: name.into(),
        phone: phone.into(),
        role,
        kos_role: KosRole::ShoppingAssistant,
        region_id: region.into(),
        store_id: shop.map(str::to_string),
        employee_no: String::new(),
        password_hash: None,
        joined_on: "2026-03-01".into(),
    }
}

fn shop(region: &str, code: &str) -> NewKosStore {
    NewKosStore {
        region_id: region.into(),
        code: code.into(),
        name: format!("店 {code}"),
        city: "广州".into(),
        address: String::new(),
    }
}

async fn organisation_and_scopes(db: &Db) {
    let s = &db.store;
    brand(db, "demo").await;
    brand(db, "acme").await;
    let south = s.create_region("demo", "华南", "op", T0).await.unwrap();
    let east = s.create_region("demo", "华东", "op", T0).await.unwrap();
    assert!(matches!(
        s.create_region("demo", "华南", "op", T0).await,
        Err(StoreError::Conflict("region_name_taken"))
    ));
    // Codes are trimmed and upper-cased before the uniqueness check.
    let s1 = s
        .create_kos_store("demo", &shop(&south.id, " gz001 "), "op", T0)
        .await
        .unwrap();
    assert_eq!(s1.code, "GZ001");
    assert!(matches!(
        s.create_kos_store("demo", &shop(&south.id, "GZ001"), "op", T0)
            .await,
        Err(StoreError::Conflict("store_code_taken"))
    ));
    // Another brand's region is no region.
    assert!(matches!(
        s.create_kos_store("acme", &shop(&south.id, "A1"), "op", T0)
            .await,
        Err(StoreError::NotFound)
    ));
    let s2 = s
        .create_kos_store("demo", &shop(&south.id, "GZ002"), "op", T0)
        .await
        .unwrap();
    let s3 = s
        .create_kos_store("demo", &shop(&east.id, "SH001"), "op", T0)
        .await
        .unwrap();

    let a = s
        .create_staff(
            "demo",
            &person(
                "甲",
                "13900000001",
                StaffRole::Staff,
                &south.id,
                Some(&s1.id),
            ),
            "op",
            T0,
        )
        .await
        .unwrap();
    // A store outside the named region is refused.
    assert!(matches!(
        s.create_staff(
            "demo",
            &person(
                "乙",
                "13900000002",
                StaffRole::Staff,
                &east.id,
                Some(&s1.id)
            ),
            "op",
            T0
        )
        .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.create_staff(
            "demo",
            &person(
                "丙",
                "13900000001",
                StaffRole::Staff,
                &south.id,
                Some(&s2.id)
            ),
            "op",
            T0
        )
        .await,
        Err(StoreError::Conflict("staff_phone_taken"))
    ));
    let m = s
        .create_staff(
            "demo",
            &person(
                "店长",
                "13900000011",
                StaffRole::StoreManager,
                &south.id,
                Some(&s1.id),
            ),
            "op",
            T0,
        )
        .await
        .unwrap();
    let g = s
        .create_staff(
            "demo",
            &person(
                "区经理",
                "13900000021",
                StaffRole::RegionalManager,
                &south.id,
                None,
            ),
            "op",
            T0,
        )
        .await
        .unwrap();
    // The same phone may work for another brand.
    let acme_region = s.create_region("acme", "华南", "op", T0).await.unwrap();
    s.create_staff(
        "acme",
        &person("甲", "13900000001", StaffRole::Staff, &acme_region.id, None),
        "op",
        T0,
    )
    .await
    .unwrap();

    assert_eq!(s.staff_by_phone("demo", "13900000001").await.unwrap(), a);
    assert_eq!(
        a.scope(),
        KosScope::Own {
            staff: a.id.clone(),
            store: s1.id.clone()
        }
    );
    assert_eq!(m.scope(), KosScope::Store(s1.id.clone()));
    assert_eq!(g.scope(), KosScope::Region(south.id.clone()));
    assert!(
        a.in_scope(&m.scope())
            && a.in_scope(&g.scope())
            && !a.in_scope(&KosScope::Store(s2.id.clone()))
    );

    let codes = |v: Vec<KosStoreRow>| v.into_iter().map(|r| r.code).collect::<Vec<_>>();
    assert_eq!(
        codes(s.kos_stores("demo", &KosScope::Brand).await.unwrap()),
        ["GZ001", "GZ002", "SH001"]
    );
    assert_eq!(
        codes(s.kos_stores("demo", &g.scope()).await.unwrap()),
        ["GZ001", "GZ002"]
    );
    assert_eq!(
        codes(s.kos_stores("demo", &m.scope()).await.unwrap()),
        ["GZ001"]
    );
    assert_eq!(
        codes(s.kos_stores("demo", &a.scope()).await.unwrap()),
        ["GZ001"]
    );
    assert!(
        s.kos_stores("acme", &KosScope::Brand)
            .await
            .unwrap()
            .is_empty()
    );
    let _ = s3;

    // The scope filter as SQL, over the staff table itself (it has
    // `store_id`; `id` stands in for `staff_id`).
    for (scope, want) in [
        (KosScope::Brand, 3),
        // Records in the region's stores: the manager's own row has none.
        (g.scope(), 2),
        (m.scope(), 2),
        (KosScope::Store(s2.id.clone()), 0),
        (KosScope::Region(east.id.clone()), 0),
    ] {
        let (cond, args) = scope_filter(&scope, "t", 2);
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT brand_id, id AS staff_id, store_id FROM kos_staff) t WHERE t.brand_id = $1 AND {cond}"
        );
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).bind("demo");
        for a in &args {
            q = q.bind(a.clone());
        }
        assert_eq!(q.fetch_one(db.sql.pool()).await.unwrap(), want, "{scope:?}");
    }
}
both!(organisation_and_scopes);

/// A departed staff member's personal data is erased, nothing of it left
/// to find; someone still working is refused.
async fn erasing_a_departed_staff_member(db: &Db) {
    let s = &db.store;
    brand(db, "demo").await;
    let r = s.create_region("demo", "华南", "op", T0).await.unwrap();
    let shop1 = s
        .create_kos_store("demo", &shop(&r.id, "GZ001"), "op", T0)
        .await
        .unwrap();
    let mut p = person(
        "欧阳娜娜",
        "13912345678",
        StaffRole::Staff,
        &r.id,
        Some(&shop1.id),
    );
    p.employee_no = "E98765".into();
    p.password_hash = Some("argon2-hash".into());
    let a = s.create_staff("demo", &p, "op", T0).await.unwrap();
    assert!(matches!(
        s.erase_staff("demo", &a.id, "2026-11-26", "op", T0).await,
        Err(StoreError::Conflict("staff_still_working"))
    ));
    sqlx::query("UPDATE kos_staff SET left_on = '2026-10-31' WHERE brand_id = 'demo' AND id = $1")
        .bind(&a.id)
        .execute(db.sql.pool())
        .await
        .unwrap();
    // A personal tag she wrote about customers, and her shift.
    sqlx::query("INSERT INTO kos_tags (brand_id, id, group_id, staff_id, name, created_at) VALUES ('demo', 'pt1', '', $1, '爱砍价的熟客', 0)")
        .bind(&a.id)
        .execute(db.sql.pool())
        .await
        .unwrap();
    for needle in ["13912345678", "欧阳娜娜", "E98765", "爱砍价的熟客"] {
        assert!(!s.find_text(needle).await.unwrap().is_empty(), "{needle}");
    }
    // Not before the day they left.
    assert!(matches!(
        s.erase_staff("demo", &a.id, "2026-10-30", "op", T0).await,
        Err(StoreError::Conflict("staff_still_working"))
    ));
    s.erase_staff("demo", &a.id, "2026-11-26", "op", T0 + 1)
        .await
        .unwrap();
    for needle in [
        "13912345678",
        "欧阳娜娜",
        "E98765",
        "argon2-hash",
        "爱砍价的熟客",
    ] {
        let found = s.find_text(needle).await.unwrap();
        assert!(found.is_empty(), "{needle} is still in {found:?}");
    }
    // The history stays, naming an anonymous person.
    let data = s.staff_data("demo", &a.id).await.unwrap();
    assert_eq!(data.staff.name, ERASED_STAFF_NAME);
    assert_eq!(data.moves.len(), 1);
    assert!(matches!(
        s.erase_staff("demo", "nobody", "2026-11-26", "op", T0)
            .await,
        Err(StoreError::NotFound)
    ));
}
both!(erasing_a_departed_staff_member);
