//! Points expiry, first in first out: points earned in a month expire at
//! the end of the `months`-th month after it (0: never). Every outflow of
//! a member's available points (a redemption, a till's hold, a debit, an
//! earlier expiry) consumes the oldest earned points first; points coming
//! back (a cancelled redemption, a released hold, a refund) count back.
//! Credits by an operator are not earnings: they never expire and they do
//! not pay back what was consumed.
//!
//! The store's job and the member's "what expires next" both use these
//! functions, so the app shows what the job will do.

use crate::date::YearMonth;
use crate::words::PostingReason;

/// How a posting's change to a member's available points counts for
/// expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Earned in its month (it may expire).
    Earned,
    /// Consumes the oldest earned points (negative changes) or gives
    /// consumed points back (a return).
    Consumed,
    /// Neither: an operator's credit.
    Neither,
}

/// How a change of `points` to the available account by a posting of
/// `reason` counts.
pub fn flow(reason: PostingReason, points: i64) -> Flow {
    if reason.earns() {
        Flow::Earned
    } else if points < 0 || returns(reason) {
        Flow::Consumed
    } else {
        Flow::Neither
    }
}

/// Reasons that give consumed points back to the available account.
pub fn returns(reason: PostingReason) -> bool {
    matches!(
        reason,
        PostingReason::RedemptionCancelled
            | PostingReason::CheckoutRelease
            | PostingReason::CheckoutRefund
    )
}

/// The last month whose earnings have expired at a moment in month
/// `now`: earnings of months up to and including it are due. `None` when
/// points never expire.
pub fn last_expired_month(now: YearMonth, months: i64) -> Option<YearMonth> {
    if months <= 0 {
        return None;
    }
    let mut m = now;
    for _ in 0..=months.min(1200) {
        m = m.prev();
    }
    Some(m)
}

/// The month at whose end the points earned in `earned` expire.
pub fn expiry_month(earned: YearMonth, months: i64) -> YearMonth {
    let mut m = earned;
    for _ in 0..months.clamp(0, 1200) {
        m = m.next();
    }
    m
}

/// What expires now: the earned points still unconsumed among those due
/// (`due` earned in expired months, `consumed` net of returns), never more
/// than the member has available.
pub fn due_now(due: i64, consumed: i64, available: i64) -> i64 {
    (due - consumed.max(0)).min(available).max(0)
}

/// What is left of each month's earnings after FIFO consumption, oldest
/// first, months with nothing left omitted; capped so the total never
/// exceeds `available` (the newest are cut first).
pub fn remaining(
    earned: &[(YearMonth, i64)],
    consumed: i64,
    available: i64,
) -> Vec<(YearMonth, i64)> {
    let mut months: Vec<(YearMonth, i64)> = Vec::new();
    for &(m, p) in earned {
        match months.iter_mut().find(|(k, _)| *k == m) {
            Some(e) => e.1 += p,
            None => months.push((m, p)),
        }
    }
    months.sort_by_key(|(m, _)| *m);
    // A month whose corrections exceed its earnings consumes like a spend.
    let mut left = consumed.max(0)
        + months
            .iter()
            .filter(|(_, p)| *p < 0)
            .map(|(_, p)| -p)
            .sum::<i64>();
    let mut out = Vec::new();
    for (m, p) in months.into_iter().filter(|(_, p)| *p > 0) {
        let used = left.min(p);
        left -= used;
        if p - used > 0 {
            out.push((m, p - used));
        }
    }
    let total: i64 = out.iter().map(|(_, p)| p).sum();
    let mut over = total - available.max(0);
    while over > 0 {
        let Some(last) = out.last_mut() else { break };
        let cut = over.min(last.1);
        last.1 -= cut;
        over -= cut;
        if last.1 == 0 {
            out.pop();
        }
    }
    out
}

/// The next expiry: the month at whose end points expire and how many.
pub fn next_expiry(
    earned: &[(YearMonth, i64)],
    consumed: i64,
    available: i64,
    months: i64,
) -> Option<(YearMonth, i64)> {
    if months <= 0 {
        return None;
    }
    remaining(earned, consumed, available)
        .first()
        .map(|&(m, p)| (expiry_month(m, months), p))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse(s).unwrap()
    }

    #[test]
    fn months_count_from_the_month_earned() {
        assert_eq!(last_expired_month(ym("2027-02"), 12), Some(ym("2026-01")));
        assert_eq!(last_expired_month(ym("2027-01"), 1), Some(ym("2026-11")));
        assert_eq!(last_expired_month(ym("2027-01"), 0), None);
        assert_eq!(expiry_month(ym("2026-01"), 12), ym("2027-01"));
        assert_eq!(expiry_month(ym("2026-12"), 1), ym("2027-01"));
    }

    #[test]
    fn oldest_points_are_consumed_first() {
        let check = |earned: &[(&str, i64)], consumed, available, expect: &[(&str, i64)]| {
            let earned: Vec<_> = earned.iter().map(|&(m, p)| (ym(m), p)).collect();
            let expect: Vec<_> = expect.iter().map(|&(m, p)| (ym(m), p)).collect();
            assert_eq!(remaining(&earned, consumed, available), expect);
        };
        check(
            &[("2026-01", 100), ("2026-03", 50)],
            0,
            150,
            &[("2026-01", 100), ("2026-03", 50)],
        );
        check(
            &[("2026-01", 100), ("2026-03", 50)],
            120,
            30,
            &[("2026-03", 30)],
        );
        check(
            &[("2026-01", 100), ("2026-01", 20)],
            30,
            90,
            &[("2026-01", 90)],
        );
        // Everything spent: nothing left to expire.
        check(&[("2026-01", 100)], 100, 0, &[]);
        // A correction below zero consumes like a spend.
        check(
            &[("2026-01", 100), ("2026-02", -40)],
            0,
            60,
            &[("2026-01", 60)],
        );
        // A debit below what was earned leaves at most what is available.
        check(
            &[("2026-01", 100), ("2026-02", 100)],
            0,
            50,
            &[("2026-01", 50)],
        );
        // An operator's credit (available above earnings) never expires.
        check(&[("2026-01", 100)], 0, 300, &[("2026-01", 100)]);
    }

    #[test]
    fn what_is_due_now() {
        assert_eq!(due_now(100, 0, 100), 100);
        assert_eq!(due_now(100, 30, 170), 70);
        assert_eq!(due_now(100, 130, 0), 0);
        assert_eq!(due_now(100, -20, 100), 100);
        assert_eq!(due_now(100, 0, -5), 0);
        assert_eq!(
            next_expiry(&[(ym("2026-01"), 100)], 40, 60, 12),
            Some((ym("2027-01"), 60))
        );
        assert_eq!(next_expiry(&[(ym("2026-01"), 100)], 0, 100, 0), None);
    }

    #[test]
    fn reasons_flow() {
        assert_eq!(flow(PostingReason::NoteSettled, -5), Flow::Earned);
        assert_eq!(flow(PostingReason::Redemption, -5), Flow::Consumed);
        assert_eq!(flow(PostingReason::CheckoutRelease, 5), Flow::Consumed);
        assert_eq!(flow(PostingReason::Adjustment, 5), Flow::Neither);
        assert_eq!(flow(PostingReason::Adjustment, -5), Flow::Consumed);
        assert_eq!(flow(PostingReason::Expiry, -5), Flow::Consumed);
    }
}
