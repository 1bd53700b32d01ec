//! Candidate discovery: scoring customers from a purchase list (amount
//! spent, order frequency, membership age, recency) to invite as KOCs.

use crate::date::CivilDate;
use crate::ruleset::{
    MAX_RULE_VALUE, RuleError, ScorePart, linear_score, log_score, positive, weighted, weights,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscoveryRules {
    pub amount_weight: i64,
    pub frequency_weight: i64,
    pub tenure_weight: i64,
    pub recency_weight: i64,
    /// Spend (in cents) that scores full marks, on a log scale.
    pub amount_full_cents: i64,
    /// Orders that score full marks.
    pub orders_full: i64,
    /// Days of membership that score full marks.
    pub tenure_full_days: i64,
    /// Days since last activity at which recency scores nothing.
    pub recency_zero_days: i64,
}

impl Default for DiscoveryRules {
    fn default() -> Self {
        DiscoveryRules {
            amount_weight: 35,
            frequency_weight: 25,
            tenure_weight: 15,
            recency_weight: 25,
            amount_full_cents: 500_000,
            orders_full: 20,
            tenure_full_days: 730,
            recency_zero_days: 180,
        }
    }
}

/// One row of a brand's customer list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: String,
    pub amount_cents: i64,
    pub orders: i64,
    pub member_since: CivilDate,
    pub last_active: CivilDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateScore {
    pub id: String,
    /// Hundredths of a point, 0–10,000.
    pub score: i64,
    pub parts: Vec<ScorePart>,
}

impl DiscoveryRules {
    pub fn validate(&self) -> Result<(), RuleError> {
        weights(&[
            ("discovery.amount_weight", self.amount_weight),
            ("discovery.frequency_weight", self.frequency_weight),
            ("discovery.tenure_weight", self.tenure_weight),
            ("discovery.recency_weight", self.recency_weight),
        ])?;
        positive(
            "discovery.amount_full_cents",
            self.amount_full_cents,
            MAX_RULE_VALUE,
        )?;
        positive("discovery.orders_full", self.orders_full, MAX_RULE_VALUE)?;
        positive("discovery.tenure_full_days", self.tenure_full_days, 36_500)?;
        positive(
            "discovery.recency_zero_days",
            self.recency_zero_days,
            36_500,
        )
    }

    pub fn score(&self, c: &Customer, today: CivilDate) -> CandidateScore {
        let tenure = today.days_since(c.member_since).max(0);
        let idle = today.days_since(c.last_active).max(0);
        let recency = (100 - idle * 100 / self.recency_zero_days.max(1)).max(0);
        let (score, parts) = weighted(vec![
            (
                "amount",
                c.amount_cents,
                log_score(c.amount_cents, self.amount_full_cents),
                self.amount_weight,
            ),
            (
                "frequency",
                c.orders,
                linear_score(c.orders, self.orders_full),
                self.frequency_weight,
            ),
            (
                "tenure",
                tenure,
                linear_score(tenure, self.tenure_full_days),
                self.tenure_weight,
            ),
            ("recency", idle, recency, self.recency_weight),
        ]);
        CandidateScore {
            id: c.id.clone(),
            score,
            parts,
        }
    }

    /// Scores a whole list, best first (ties by id).
    pub fn rank(&self, customers: &[Customer], today: CivilDate) -> Vec<CandidateScore> {
        let mut v: Vec<CandidateScore> = customers.iter().map(|c| self.score(c, today)).collect();
        v.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(s: &str) -> CivilDate {
        CivilDate::parse(s).unwrap()
    }

    fn customer(id: &str, amount: i64, orders: i64, since: &str, last: &str) -> Customer {
        Customer {
            id: id.into(),
            amount_cents: amount,
            orders,
            member_since: d(since),
            last_active: d(last),
        }
    }

    #[test]
    fn loyal_recent_big_spenders_first() {
        let today = d("2026-11-23");
        let list = [
            customer("lapsed", 900_000, 30, "2020-01-01", "2025-01-01"),
            customer("loyal", 400_000, 18, "2023-05-01", "2026-11-20"),
            customer("new", 5_000, 1, "2026-11-01", "2026-11-01"),
        ];
        let r = DiscoveryRules::default();
        let ranked = r.rank(&list, today);
        let ids: Vec<&str> = ranked.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["loyal", "lapsed", "new"]);
        for c in &ranked {
            assert_eq!(c.parts.iter().map(|p| p.contribution).sum::<i64>(), c.score);
        }
        let top = &ranked[0];
        assert_eq!(top.parts[3].code, "recency");
        assert_eq!(top.parts[3].value, 3);
        assert_eq!(top.parts[3].score, 99);
        // A date in the future counts as today.
        let odd = customer("odd", 0, 0, "2030-01-01", "2030-01-01");
        assert_eq!(r.score(&odd, today).parts[2].value, 0);
    }
}
