//! Member tiers (the Miniso ladder), simplified for the first release:
//! junior after one approved note, intermediate after approved notes in
//! three consecutive calendar months, senior after a viral note. Demotion
//! and configurable thresholds arrive with the full rules engine.

use crate::date::YearMonth;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Approved KOC without an approved note yet.
    Member,
    Junior,
    Intermediate,
    Senior,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Member => "member",
            Tier::Junior => "junior",
            Tier::Intermediate => "intermediate",
            Tier::Senior => "senior",
        }
    }
}

/// One approved note: the month it was published in (brand's zone) and
/// whether it reached the viral threshold at settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteFact {
    pub month: YearMonth,
    pub viral: bool,
}

const MONTHS_IN_A_ROW: usize = 3;

impl Tier {
    pub fn compute(notes: &[NoteFact]) -> Tier {
        if notes.is_empty() {
            return Tier::Member;
        }
        if notes.iter().any(|n| n.viral) {
            return Tier::Senior;
        }
        let mut months: Vec<YearMonth> = notes.iter().map(|n| n.month).collect();
        months.sort();
        months.dedup();
        let mut run = 1;
        for w in months.windows(2) {
            run = if w[0].next() == w[1] { run + 1 } else { 1 };
            if run >= MONTHS_IN_A_ROW {
                return Tier::Intermediate;
            }
        }
        if months.len() >= MONTHS_IN_A_ROW && run >= MONTHS_IN_A_ROW {
            return Tier::Intermediate;
        }
        Tier::Junior
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // On wasm32 the same tests run in Node through wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn facts(spec: &[(&str, bool)]) -> Vec<NoteFact> {
        spec.iter()
            .map(|(m, viral)| NoteFact {
                month: YearMonth::parse(m).unwrap(),
                viral: *viral,
            })
            .collect()
    }

    #[test]
    fn ladder() {
        assert_eq!(Tier::compute(&[]), Tier::Member);
        assert_eq!(Tier::compute(&facts(&[("2026-11", false)])), Tier::Junior);
        assert_eq!(
            Tier::compute(&facts(&[
                ("2026-09", false),
                ("2026-11", false),
                ("2026-12", false)
            ])),
            Tier::Junior
        );
        assert_eq!(
            Tier::compute(&facts(&[
                ("2026-11", false),
                ("2026-12", false),
                ("2027-01", false),
                ("2026-12", false)
            ])),
            Tier::Intermediate
        );
        assert_eq!(Tier::compute(&facts(&[("2026-11", true)])), Tier::Senior);
    }
}
