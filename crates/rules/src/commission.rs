//! Commissions for members who sell (DOMAIN.md, distribution): a rate by
//! the seller's tier, a higher rate for team leaders, and an override for
//! the seller's team leader — never more than two levels, only on paid
//! product orders (never on entry or membership fees: that is pyramid
//! selling), reversed in full on refund.

use crate::ruleset::{RuleError, RuleErrorKind, bounded};
use crate::tier::Tier;
use serde::{Deserialize, Serialize};

/// Rates are in basis points (1/100 of a percent); at most 50 %.
pub const MAX_RATE_BP: i64 = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierRate {
    pub tier: Tier,
    pub rate_bp: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommissionRules {
    /// The seller's rate by tier; tiers not listed earn nothing.
    pub tier_rates: Vec<TierRate>,
    /// A team leader's rate on their own sales.
    pub leader_rate_bp: i64,
    /// A team leader's override on sales by members of their team.
    pub leader_override_bp: i64,
}

impl Default for CommissionRules {
    fn default() -> Self {
        CommissionRules {
            tier_rates: vec![
                TierRate {
                    tier: Tier::Member,
                    rate_bp: 300,
                },
                TierRate {
                    tier: Tier::Junior,
                    rate_bp: 500,
                },
                TierRate {
                    tier: Tier::Intermediate,
                    rate_bp: 700,
                },
                TierRate {
                    tier: Tier::Senior,
                    rate_bp: 1_000,
                },
            ],
            leader_rate_bp: 1_200,
            leader_override_bp: 200,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    Pending,
    Paid,
    Refunded,
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    /// A product sale: the only thing that earns commission.
    Product,
    /// An entry, membership or training fee paid by a recruit: never.
    Fee,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: String,
    pub kind: OrderKind,
    pub status: OrderStatus,
    /// What the customer paid, in cents.
    pub amount_cents: i64,
}

/// The member an order was attributed to (through their referral link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seller {
    pub member_id: String,
    pub tier: Tier,
    pub is_leader: bool,
    /// Their team leader, if they are in a team. Only one level up counts.
    pub leader_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commission {
    pub member_id: String,
    /// 1 = the seller, 2 = the seller's team leader.
    pub level: u8,
    pub rate_bp: i64,
    /// Negative for the reversal of a refunded order.
    pub amount_cents: i64,
}

impl CommissionRules {
    pub fn validate(&self) -> Result<(), RuleError> {
        for (i, r) in self.tier_rates.iter().enumerate() {
            bounded(
                &format!("commissions.tier_rates[{i}].rate_bp"),
                r.rate_bp,
                MAX_RATE_BP,
            )?;
            if self.tier_rates[..i].iter().any(|o| o.tier == r.tier) {
                return Err(RuleError::new(
                    RuleErrorKind::Duplicate,
                    format!("commissions.tier_rates[{i}].tier"),
                ));
            }
        }
        bounded(
            "commissions.leader_rate_bp",
            self.leader_rate_bp,
            MAX_RATE_BP,
        )?;
        bounded(
            "commissions.leader_override_bp",
            self.leader_override_bp,
            MAX_RATE_BP,
        )?;
        if self
            .tier_rates
            .iter()
            .map(|r| r.rate_bp)
            .max()
            .unwrap_or(0)
            .max(self.leader_rate_bp)
            + self.leader_override_bp
            > MAX_RATE_BP
        {
            return Err(RuleError::new(
                RuleErrorKind::TooLarge,
                "commissions.leader_override_bp",
            ));
        }
        Ok(())
    }

    fn seller_rate(&self, seller: &Seller) -> i64 {
        let by_tier = self
            .tier_rates
            .iter()
            .find(|r| r.tier == seller.tier)
            .map_or(0, |r| r.rate_bp);
        if seller.is_leader {
            by_tier.max(self.leader_rate_bp)
        } else {
            by_tier
        }
    }

    /// What an order's status means in commission postings: the credits of
    /// a paid product order, their exact reversal once it is refunded, and
    /// nothing for pending, cancelled or fee orders. Amounts round down.
    pub fn for_order(&self, order: &Order, seller: &Seller) -> Vec<Commission> {
        let sign = match (order.kind, order.status) {
            (OrderKind::Product, OrderStatus::Paid) => 1,
            (OrderKind::Product, OrderStatus::Refunded) => -1,
            _ => return Vec::new(),
        };
        let amount = order.amount_cents.max(0);
        let line = |member_id: &str, level: u8, rate_bp: i64| Commission {
            member_id: member_id.to_string(),
            level,
            rate_bp,
            amount_cents: sign * (i128::from(amount) * i128::from(rate_bp) / 10_000) as i64,
        };
        let mut out = vec![line(&seller.member_id, 1, self.seller_rate(seller))];
        if let Some(leader) = seller.leader_id.as_deref()
            && leader != seller.member_id
            && self.leader_override_bp > 0
        {
            out.push(line(leader, 2, self.leader_override_bp));
        }
        out.retain(|c| c.amount_cents != 0);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn order(kind: OrderKind, status: OrderStatus, amount: i64) -> Order {
        Order {
            id: "o1".into(),
            kind,
            status,
            amount_cents: amount,
        }
    }

    fn seller(tier: Tier, leader: Option<&str>) -> Seller {
        Seller {
            member_id: "m1".into(),
            tier,
            is_leader: false,
            leader_id: leader.map(String::from),
        }
    }

    fn show(v: &[Commission]) -> Vec<String> {
        v.iter()
            .map(|c| {
                format!(
                    "{} L{} {}bp {}",
                    c.member_id, c.level, c.rate_bp, c.amount_cents
                )
            })
            .collect()
    }

    #[test]
    fn paid_refunded_and_never_fees() {
        let r = CommissionRules::default();
        let s = seller(Tier::Junior, Some("lead"));
        let paid = r.for_order(&order(OrderKind::Product, OrderStatus::Paid, 19_900), &s);
        assert_eq!(show(&paid), ["m1 L1 500bp 995", "lead L2 200bp 398"]);
        let refunded = r.for_order(
            &order(OrderKind::Product, OrderStatus::Refunded, 19_900),
            &s,
        );
        assert_eq!(show(&refunded), ["m1 L1 500bp -995", "lead L2 200bp -398"]);
        assert!(
            r.for_order(&order(OrderKind::Product, OrderStatus::Pending, 19_900), &s)
                .is_empty()
        );
        assert!(
            r.for_order(
                &order(OrderKind::Product, OrderStatus::Cancelled, 19_900),
                &s
            )
            .is_empty()
        );
        assert!(
            r.for_order(&order(OrderKind::Fee, OrderStatus::Paid, 99_900), &s)
                .is_empty()
        );
    }

    #[test]
    fn leaders_and_two_levels_at_most() {
        let r = CommissionRules::default();
        let mut leader = seller(Tier::Junior, None);
        leader.is_leader = true;
        let own = r.for_order(
            &order(OrderKind::Product, OrderStatus::Paid, 10_000),
            &leader,
        );
        assert_eq!(show(&own), ["m1 L1 1200bp 1200"]);
        // A seller cannot be their own leader to double-dip.
        let selfish = seller(Tier::Senior, Some("m1"));
        assert_eq!(
            show(&r.for_order(
                &order(OrderKind::Product, OrderStatus::Paid, 10_000),
                &selfish
            )),
            ["m1 L1 1000bp 1000"]
        );
    }

    #[test]
    fn validation() {
        let r = CommissionRules {
            leader_override_bp: 4_000,
            ..CommissionRules::default()
        };
        assert_eq!(r.validate().unwrap_err().code(), "rule_too_large");
        let mut r = CommissionRules::default();
        r.tier_rates.push(TierRate {
            tier: Tier::Junior,
            rate_bp: 1,
        });
        assert_eq!(r.validate().unwrap_err().code(), "rule_duplicate");
        assert_eq!(CommissionRules::default().validate(), Ok(()));
    }
}
