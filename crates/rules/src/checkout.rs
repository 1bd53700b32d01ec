//! Points as cash at the brand's checkout: how many of a member's points a
//! till's order may take, and what they are worth in fen.
//!
//! The brand sets a rate (`points_per_yuan`, e.g. 100 points = 1 yuan)
//! and a cap (`max_percent` of the order, e.g. 30). A hold takes as many
//! of the member's available points as the cap allows, and never a point
//! that buys no fen: with 1,000 points a yuan, 1 fen costs 10 points and a
//! hold of 15 points would keep 5 of them for nothing, so it holds 10.
//! Integers only (fen, points), flooring in the member's disfavour by at
//! most one fen, never in their favour.

pub use crate::points::{fen_for_points, points_for_fen};

/// The fewest points worth `fen` at `points_per_yuan` (ceiling).
fn points_to_buy(fen: i64, points_per_yuan: i64) -> i64 {
    let need = i128::from(fen) * i128::from(points_per_yuan);
    ((need + 99) / 100) as i64
}

/// What a hold takes and gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// Points held (0: nothing to hold).
    pub points: i64,
    /// The discount they buy, in fen.
    pub discount_fen: i64,
}

/// The hold for an order of `order_fen` by a member with `available`
/// points, at the brand's rate and cap (percent of the order, 0–100).
pub fn quote(order_fen: i64, available: i64, max_percent: i64, points_per_yuan: i64) -> Quote {
    let none = Quote {
        points: 0,
        discount_fen: 0,
    };
    if order_fen <= 0 || available <= 0 || points_per_yuan <= 0 {
        return none;
    }
    let percent = max_percent.clamp(0, 100);
    let cap_fen = (i128::from(order_fen) * i128::from(percent) / 100) as i64;
    // The most points the cap allows (rounded down, so a point worth more
    // than what is left of the cap is never taken), what they are worth,
    // then the fewest points worth exactly that.
    let most = available.min(points_for_fen(cap_fen, points_per_yuan));
    let discount_fen = fen_for_points(most, points_per_yuan);
    if discount_fen <= 0 {
        return none;
    }
    Quote {
        points: points_to_buy(discount_fen, points_per_yuan).min(available),
        discount_fen,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn check(order: i64, available: i64, percent: i64, rate: i64, points: i64, fen: i64) {
        assert_eq!(
            quote(order, available, percent, rate),
            Quote {
                points,
                discount_fen: fen
            },
            "order {order} fen, {available} points, {percent}%, {rate}/yuan"
        );
        assert!(points <= available);
        assert!(fen <= order * percent.clamp(0, 100) / 100);
        assert_eq!(fen_for_points(points, rate), fen, "the points buy the fen");
    }

    #[test]
    fn quotes() {
        // 100 points = 1 yuan: a point is a fen.
        check(10_000, 5_000, 30, 100, 3_000, 3_000); // capped at 30 %
        check(10_000, 1_200, 30, 100, 1_200, 1_200); // all the member has
        check(10_000, 0, 30, 100, 0, 0);
        check(0, 5_000, 30, 100, 0, 0);
        check(10_000, 5_000, 0, 100, 0, 0); // the brand allows none
        check(999, 5_000, 30, 100, 299, 299); // floor of 299.7 fen
        check(10_000, 50_000, 150, 100, 10_000, 10_000); // a cap past 100 % is 100 %
        // 1,000 points a yuan: 10 points a fen; 15 points buy 1 fen for 10.
        check(10_000, 15, 30, 1_000, 10, 1);
        check(10_000, 9, 30, 1_000, 0, 0);
        // One point is worth a yuan: a 30-fen cap buys no point (never a
        // whole yuan's point for 30 fen).
        check(100, 10, 30, 1, 0, 0);
        check(1_000, 10, 30, 1, 3, 300);
        // 30 points a yuan: 1 point is 3.33 fen; 10 points buy 33 fen.
        check(10_000, 10, 30, 30, 10, 33);
        check(100, 10, 30, 30, 9, 30); // capped at 30 fen: 9 points (30 fen) suffice
        check(
            i64::MAX / 200,
            i64::MAX / 200,
            30,
            100,
            (i64::MAX / 200) * 30 / 100,
            (i64::MAX / 200) * 30 / 100,
        );
    }

    #[test]
    fn conversions() {
        assert_eq!(fen_for_points(250, 100), 250);
        assert_eq!(fen_for_points(250, 1_000), 25);
        assert_eq!(fen_for_points(-5, 100), 0);
        assert_eq!(points_for_fen(250, 1_000), 2_500);
        assert_eq!(points_for_fen(1, 30), 0);
        assert_eq!(points_to_buy(1, 30), 1);
        assert_eq!(points_to_buy(30, 30), 9);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever the rate, the member is never charged more points
            /// than the discount is worth, the cap holds, and the points
            /// held are the fewest worth the discount.
            #[test]
            fn a_hold_is_worth_what_it_takes(order in 0..10_000_000i64, available in 0..1_000_000i64,
                                             percent in 0..=100i64, rate in 1..10_000i64) {
                let q = quote(order, available, percent, rate);
                prop_assert!(q.points <= available);
                prop_assert!(q.discount_fen <= order * percent / 100);
                prop_assert_eq!(fen_for_points(q.points, rate), q.discount_fen);
                if q.points > 0 {
                    prop_assert!(fen_for_points(q.points - 1, rate) < q.discount_fen);
                }
            }
        }
    }
}
