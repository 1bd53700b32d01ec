//! The monthly tier check: for every brand, seniors the rules in force
//! demote are demoted (dated today in the brand's zone, told in the inbox),
//! and seniors one low note from demotion are warned once a month. Each
//! brand's check is one transaction in the store and safe to run twice and
//! at any time, so several server processes may each run it; a process
//! runs it when it starts and again when the month turns.

use std::sync::Arc;
use store::Store;

/// Runs the check for every brand at `now`; what it did, brand by brand.
pub async fn check_once(
    store: &dyn Store,
    now: i64,
) -> store::Result<Vec<(String, store::MonthlyCheck)>> {
    let mut out = Vec::new();
    for brand in store.brand_ids().await? {
        let b = store.brand(&brand).await?;
        let rules = store::load_rules(&b.points_rule)?;
        let today = crate::time::local_date(&b.time_zone, now);
        let offset = crate::time::offset_minutes(&b.time_zone, now);
        let r = store
            .monthly_tier_check(&brand, &rules, today, offset, now)
            .await?;
        out.push((brand, r));
    }
    Ok(out)
}

/// Checks at start, then whenever the (UTC) month differs from the last
/// run's, looking every [`crate::housekeeping::EVERY`].
pub fn spawn(store: Arc<dyn Store>, clock: crate::time::Clock) {
    tokio::spawn(async move {
        let mut done: Option<rules::YearMonth> = None;
        loop {
            let now = clock.now();
            let month = rules::CivilDate::from_unix(now, 0).month();
            if done != Some(month) {
                match check_once(store.as_ref(), now).await {
                    Ok(report) => {
                        done = Some(month);
                        for (brand, r) in report {
                            if !r.demoted.is_empty() || !r.warned.is_empty() {
                                tracing::info!(
                                    brand,
                                    demoted = r.demoted.len(),
                                    warned = r.warned.len(),
                                    "monthly tier check"
                                );
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "monthly tier check"),
                }
            }
            tokio::time::sleep(crate::housekeeping::EVERY).await;
        }
    });
}
