//! Log-in throttling: after [`MAX_FAILURES`] wrong passwords for one
//! account within [`WINDOW_SECS`], that account's log-in is refused with
//! 429 `too_many_attempts` until the window has passed, whatever password
//! is sent. Unknown accounts are tracked the same way, so the answer never
//! tells whether an account exists. A success clears the count.
//!
//! Counts live in this process's memory: a restart forgives, and several
//! server processes count separately (each still caps guessing at
//! `MAX_FAILURES` per window).

use std::collections::HashMap;
use std::sync::Mutex;

pub const MAX_FAILURES: u32 = 5;
pub const WINDOW_SECS: i64 = 15 * 60;
/// Beyond this many tracked accounts, expired entries are swept.
const SWEEP_AT: usize = 10_000;

#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, (u32, i64)>>,
}

impl Throttle {
    /// Whether `account` may try to log in at `now`.
    pub fn allowed(&self, account: &str, now: i64) -> bool {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        match map.get(account) {
            Some(&(count, first)) => count < MAX_FAILURES || now - first >= WINDOW_SECS,
            None => true,
        }
    }

    pub fn failed(&self, account: &str, now: i64) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= SWEEP_AT {
            map.retain(|_, (_, first)| now - *first < WINDOW_SECS);
        }
        let entry = map.entry(account.to_string()).or_insert((0, now));
        if now - entry.1 >= WINDOW_SECS {
            *entry = (0, now);
        }
        entry.0 += 1;
    }

    pub fn succeeded(&self, account: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_five_failures_for_the_window() {
        let t = Throttle::default();
        for i in 0..MAX_FAILURES {
            assert!(t.allowed("a", 100 + i64::from(i)));
            t.failed("a", 100 + i64::from(i));
        }
        assert!(!t.allowed("a", 110));
        assert!(t.allowed("b", 110), "other accounts are not affected");
        assert!(!t.allowed("a", 100 + WINDOW_SECS - 1));
        assert!(t.allowed("a", 100 + WINDOW_SECS));
        t.failed("a", 100 + WINDOW_SECS);
        assert!(
            t.allowed("a", 100 + WINDOW_SECS + 1),
            "a new window starts the count again"
        );
        t.succeeded("a");
        assert!(t.allowed("a", 0));
    }
}
