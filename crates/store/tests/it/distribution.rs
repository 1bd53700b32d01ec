//! The scaling plan (ARCHITECTURE.md, "Where users outgrow one machine"),
//! checked against the schema both databases really have: every
//! brand-owned table can be distributed by `brand_id` on Citus, which
//! needs the distribution column in the primary key and in every unique
//! index. The few tables that are not brand-owned are named here with the
//! reason, so a new table without its brand fails this test.

use crate::{Db, both};

/// Tables that are deliberately not distributed by brand.
const NOT_BY_BRAND: [(&str, &str); 3] = [
    ("brands", "reference table: small, copied to every node"),
    (
        "sessions",
        "looked up by token hash before the brand is known: distributed by token_hash",
    ),
    (
        "_sqlx_migrations",
        "the migrator's own bookkeeping, per node",
    ),
];

async fn every_brand_owned_table_is_keyed_by_brand(db: &Db) {
    let tables = db.sql.keys().await.unwrap();
    let mut owned = 0;
    for t in &tables {
        if let Some((_, why)) = NOT_BY_BRAND.iter().find(|(name, _)| *name == t.table) {
            assert!(!why.is_empty());
            continue;
        }
        owned += 1;
        let has = |cols: &[String]| cols.iter().any(|c| c == "brand_id");
        assert!(
            t.columns.first().map(String::as_str) == Some("brand_id"),
            "{}: {} has no leading brand_id column: {:?}",
            db.label,
            t.table,
            t.columns
        );
        assert!(
            has(&t.primary_key),
            "{}: the primary key of {} lacks brand_id: {:?}",
            db.label,
            t.table,
            t.primary_key
        );
        for u in &t.unique {
            assert!(
                has(u),
                "{}: a unique index of {} lacks brand_id: {u:?}",
                db.label,
                t.table
            );
        }
    }
    // Guards the check itself: the catalogue was read, keys were found.
    assert_eq!(owned, tables.len() - NOT_BY_BRAND.len(), "{}", db.label);
    assert!(owned >= 14, "{}: only {owned} brand-owned tables", db.label);
    let submissions = tables.iter().find(|t| t.table == "submissions").unwrap();
    assert_eq!(submissions.primary_key, ["brand_id", "id"], "{}", db.label);
    assert!(
        submissions
            .unique
            .iter()
            .any(|u| u == &["brand_id", "platform", "note_id"]),
        "{}: {:?}",
        db.label,
        submissions.unique
    );
    let sessions = tables.iter().find(|t| t.table == "sessions").unwrap();
    assert_eq!(sessions.primary_key, ["token_hash"], "{}", db.label);
}
both!(every_brand_owned_table_is_keyed_by_brand);
