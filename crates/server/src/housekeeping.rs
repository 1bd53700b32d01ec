//! Periodic clean-up while the server runs: sessions past their absolute
//! end or idle past their kind's limit, expired log-in steps and reset
//! links are deleted, so the `sessions` table holds live sessions only
//! (a session is refused once it ends whether or not it was purged; the
//! purge keeps the table from growing with every log-in ever made).
//! Started by `seedbed serve` beside the mail worker; several server
//! processes may each run it (the deletes are idempotent).
//!
//! The same loop expires points (`routes::points::expire_all`): each
//! brand whose policy sets months, first in first out, safe to run twice
//! and from several processes (a posting's source is its member and the
//! month expired).

use crate::auth::{MEMBER_IDLE_SECS, OPERATOR_IDLE_SECS};
use std::sync::Arc;
use std::time::Duration;
use store::Store;

/// How often the purge runs.
pub const EVERY: Duration = Duration::from_secs(10 * 60);

/// Purges once at `now`; returns the sessions deleted.
pub async fn purge_once(store: &dyn Store, now: i64) -> store::Result<u64> {
    store
        .purge_expired_sessions(now, now - MEMBER_IDLE_SECS, now - OPERATOR_IDLE_SECS)
        .await
}

/// Runs [`purge_once`] every [`EVERY`] for as long as the server runs.
pub fn spawn(store: Arc<dyn Store>, clock: crate::time::Clock) {
    tokio::spawn(async move {
        loop {
            match purge_once(store.as_ref(), clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, "expired sessions purged"),
                Err(e) => tracing::warn!(error = %e, "session purge"),
            }
            match crate::routes::points::expire_all(store.as_ref(), clock.now()).await {
                Ok(r) if r.members == 0 => {}
                Ok(r) => tracing::info!(members = r.members, points = r.points, "points expired"),
                Err(e) => tracing::warn!(error = %e, "points expiry"),
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
