//! Log-in throttling: at most [`MAX_FAILURES`] wrong tries per account
//! within [`WINDOW_SECS`]; past that, that account's log-in is refused with
//! 429 `too_many_attempts` until the window has passed, whatever is sent.
//! Unknown accounts are tracked the same way, so the answer never tells
//! whether an account exists. A success clears the count.
//!
//! The key is the account as the store finds it: the *normalised* phone
//! ([`member_key`]: `13800000003`, `138-0000-0003` and `+86 138 0000 0003`
//! are one account with one count) or the normalised e-mail
//! ([`operator_key`]). Input that cannot name an account (a phone that does
//! not parse, an e-mail past 254 bytes) gets no key: the caller refuses it
//! without a password check, and it takes no room here.
//!
//! A try is **reserved** before the password is checked
//! ([`Throttle::reserve`] checks and counts under one lock), so parallel
//! guesses cannot all pass the check before any failure is recorded; a
//! success gives the reservation back by clearing the count.
//!
//! Memory is bounded: keys are at most [`MAX_KEY_BYTES`], and at most
//! [`MAX_ENTRIES`] accounts are tracked. When full, expired entries are
//! swept, then the entries still below the limit (a spray over that many
//! accounts within one window fills the table with those): refusing every
//! new account instead would let that spray lock everybody out of log-in.
//! Locked accounts are never dropped, so a spray cannot unlock a victim;
//! the worst it does is forgive a partial count, at the price of
//! [`MAX_ENTRIES`] requests. Only a table full of locked accounts refuses
//! new ones.
//!
//! Counts live in this process's memory: a restart forgives, and several
//! server processes count separately (each still caps guessing at
//! `MAX_FAILURES` per window).

use std::collections::HashMap;
use std::sync::Mutex;

pub const MAX_FAILURES: u32 = 5;
pub const WINDOW_SECS: i64 = 15 * 60;
/// Accounts tracked at most (about 100 bytes each: ~10 MB).
pub const MAX_ENTRIES: usize = 100_000;
/// The longest key kept (a prefix, a brand id and a 254-byte e-mail fit).
pub const MAX_KEY_BYTES: usize = 400;

/// The throttle key of a member log-in: the brand and the normalised
/// phone, or `None` for text that is not a phone number.
pub fn member_key(brand: &str, raw_phone: &str) -> Option<String> {
    let phone = rules::Phone::parse(raw_phone).ok()?;
    Some(format!("member:{brand}:{}", phone.as_str()))
}

/// The throttle key of a staff log-in (by normalised phone; its own count,
/// apart from a member account on the same phone).
pub fn staff_key(brand: &str, raw_phone: &str) -> Option<String> {
    let phone = rules::Phone::parse(raw_phone).ok()?;
    Some(format!("staff:{brand}:{}", phone.as_str()))
}

/// The normalised e-mail (trimmed, lower case), or `None` when it cannot
/// be an address (empty, past 254 bytes, control characters).
pub fn normalise_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    (!email.is_empty() && email.len() <= 254 && !email.chars().any(char::is_control))
        .then_some(email)
}

/// The throttle key of an operator log-in (by normalised e-mail).
pub fn operator_key(raw_email: &str) -> Option<String> {
    normalise_email(raw_email).map(|e| format!("operator:{e}"))
}

/// Refused: too many tries (or no room to track a new account).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

#[derive(Debug, Default)]
pub struct Throttle {
    /// Account → (tries in the window, the window's start).
    failures: Mutex<HashMap<String, (u32, i64)>>,
}

impl Throttle {
    /// Checks that `key` may try at `now` and counts the try, atomically.
    /// Call [`Throttle::succeeded`] when the try succeeds; a failed try
    /// stays counted.
    pub fn reserve(&self, key: &str, now: i64) -> Result<(), Refused> {
        if key.len() > MAX_KEY_BYTES {
            return Err(Refused);
        }
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if !map.contains_key(key) && map.len() >= MAX_ENTRIES {
            map.retain(|_, (_, first)| now - *first < WINDOW_SECS);
            if map.len() >= MAX_ENTRIES {
                tracing::warn!(
                    tracked = map.len(),
                    "log-in throttle full: forgetting the accounts below the limit"
                );
                map.retain(|_, (count, _)| *count >= MAX_FAILURES);
            }
            if map.len() >= MAX_ENTRIES {
                return Err(Refused);
            }
        }
        let entry = map.entry(key.to_string()).or_insert((0, now));
        if now - entry.1 >= WINDOW_SECS {
            *entry = (0, now);
        }
        if entry.0 >= MAX_FAILURES {
            return Err(Refused);
        }
        entry.0 += 1;
        Ok(())
    }

    /// The try succeeded: the account's count is cleared.
    pub fn succeeded(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }

    /// Accounts tracked now (for tests and logs).
    pub fn tracked(&self) -> usize {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_five_tries_for_the_window() {
        let t = Throttle::default();
        for i in 0..MAX_FAILURES {
            assert_eq!(t.reserve("a", 100 + i64::from(i)), Ok(()));
        }
        assert_eq!(t.reserve("a", 110), Err(Refused));
        assert_eq!(
            t.reserve("b", 110),
            Ok(()),
            "other accounts are not affected"
        );
        assert_eq!(t.reserve("a", 100 + WINDOW_SECS - 1), Err(Refused));
        assert_eq!(t.reserve("a", 100 + WINDOW_SECS), Ok(()), "a new window");
        t.succeeded("a");
        for _ in 0..MAX_FAILURES {
            assert_eq!(t.reserve("a", 0), Ok(()), "a success clears the count");
        }
        assert_eq!(t.reserve("a", 0), Err(Refused));
    }

    #[test]
    fn spellings_of_one_phone_share_one_key() {
        let keys: Vec<_> = [
            "13800000003",
            "138-0000-0003",
            "+86 138 0000 0003",
            " 138 0000 0003 ",
        ]
        .iter()
        .map(|p| member_key("demo", p))
        .collect();
        assert!(keys[0].is_some());
        assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
        assert_ne!(member_key("acme", "13800000003"), keys[0], "per brand");
        assert_eq!(member_key("demo", "not a phone"), None);
        assert_eq!(member_key("demo", &"1".repeat(10_000)), None);
    }

    #[test]
    fn e_mails_are_normalised_and_bounded() {
        assert_eq!(
            operator_key("  Owner@Demo.TEST "),
            Some("operator:owner@demo.test".into())
        );
        assert_eq!(operator_key(""), None);
        assert_eq!(operator_key(&format!("{}@x.test", "a".repeat(300))), None);
        assert_eq!(operator_key("a\u{7}@x.test"), None);
    }

    #[test]
    fn parallel_tries_cannot_pass_the_check_together() {
        let t = std::sync::Arc::new(Throttle::default());
        let passed = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
        let threads: Vec<_> = (0..32)
            .map(|_| {
                let (t, passed) = (t.clone(), passed.clone());
                std::thread::spawn(move || {
                    if t.reserve("x", 1).is_ok() {
                        passed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for th in threads {
            th.join().unwrap();
        }
        assert_eq!(
            passed.load(std::sync::atomic::Ordering::SeqCst),
            MAX_FAILURES
        );
    }

    #[test]
    fn memory_is_bounded_and_long_keys_refused() {
        let t = Throttle::default();
        assert_eq!(t.reserve(&"k".repeat(MAX_KEY_BYTES + 1), 0), Err(Refused));
        for i in 0..MAX_ENTRIES {
            assert_eq!(t.reserve(&format!("k{i}"), 0), Ok(()));
        }
        assert_eq!(t.tracked(), MAX_ENTRIES);
        // A victim locked out before the spray filled the table.
        for _ in 1..MAX_FAILURES {
            assert_eq!(t.reserve("k7", 1), Ok(()));
        }
        assert_eq!(t.reserve("k7", 1), Err(Refused));
        // Full of live entries: a new account still gets its try (a spray
        // cannot lock everyone out), and the locked victim stays locked.
        assert_eq!(t.reserve("new", 1), Ok(()));
        assert!(t.tracked() <= 2, "{}", t.tracked());
        assert_eq!(t.reserve("k7", 2), Err(Refused), "locked stays locked");
        // Once the window has passed, the sweep makes room.
        assert_eq!(t.reserve("k7", WINDOW_SECS + 1), Ok(()));
    }

    #[test]
    fn only_a_table_full_of_locked_accounts_refuses_newcomers() {
        let t = Throttle::default();
        for i in 0..MAX_ENTRIES {
            for _ in 0..MAX_FAILURES {
                assert_eq!(t.reserve(&format!("k{i}"), 0), Ok(()));
            }
        }
        assert_eq!(t.reserve("new", 1), Err(Refused));
        assert_eq!(t.reserve("new", WINDOW_SECS), Ok(()), "after the window");
    }
}
