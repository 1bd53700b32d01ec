//! Rows decode their domain words strictly: a stored state no enum knows
//! is `StoreError::Corrupt`, never read as some other state (a string
//! comparison used to let an unknown application status pass as
//! approved).

use crate::scenarios::{brand, campaign};
use crate::{Db, both};

async fn an_unknown_stored_state_is_corrupt(db: &Db) {
    brand(db, "demo").await;
    let c = campaign(db, "demo", "2026-12", "2026-12-31").await;
    assert_eq!(
        db.store.campaign("demo", &c).await.unwrap().status,
        rules::CampaignStatus::Published
    );
    sqlx::query("UPDATE campaigns SET status = 'archived' WHERE brand_id = 'demo' AND id = $1")
        .bind(&c)
        .execute(db.sql.pool())
        .await
        .unwrap();
    match db.store.campaign("demo", &c).await {
        // The message names the column (sqlx's derive cannot print the
        // value's error from inside its generic code).
        Err(store::StoreError::Corrupt(why)) => assert!(why.contains("status"), "{why}"),
        other => panic!("{}: {other:?}", db.label),
    }
}
both!(an_unknown_stored_state_is_corrupt);
