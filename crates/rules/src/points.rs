//! The points rule: how many points an approved note earns at settlement.
//!
//! A brand configures one [`PointsRule`]; a campaign freezes a copy when it
//! is published, so editing the brand's rule never changes a running or
//! settled campaign. Every point is explained by a [`PointsLine`].

use serde::{Deserialize, Serialize};

/// Engagement of one note at one date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metrics {
    pub likes: i64,
    pub comments: i64,
    pub saves: i64,
}

impl Metrics {
    /// Interactions = likes + comments + saves.
    pub fn interactions(self) -> i64 {
        self.likes
            .saturating_add(self.comments)
            .saturating_add(self.saves)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsRule {
    /// Points for every approved note.
    pub base: i64,
    /// Interactions per step of engagement points.
    pub interactions_per_step: i64,
    /// Points per full step.
    pub points_per_step: i64,
    /// Most engagement points one note can earn.
    pub engagement_cap: i64,
    /// Interactions at which a note is viral (爆文).
    pub viral_threshold: i64,
    /// Extra points for a viral note.
    pub viral_bonus: i64,
}

impl Default for PointsRule {
    fn default() -> Self {
        PointsRule {
            base: 50,
            interactions_per_step: 100,
            points_per_step: 10,
            engagement_cap: 500,
            viral_threshold: 1_000,
            viral_bonus: 200,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleError {
    Negative(&'static str),
    ZeroStep,
    /// Over [`MAX_RULE_VALUE`]: no real rule needs it, and sums must not overflow.
    TooLarge(&'static str),
}

/// The largest value any field of a points rule may take.
pub const MAX_RULE_VALUE: i64 = 1_000_000_000;

impl RuleError {
    pub fn code(self) -> &'static str {
        match self {
            RuleError::Negative(_) => "rule_negative",
            RuleError::ZeroStep => "rule_zero_step",
            RuleError::TooLarge(_) => "rule_too_large",
        }
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RuleError::Negative(field) => write!(f, "{field} must not be negative"),
            RuleError::ZeroStep => f.write_str("interactions_per_step must be at least 1"),
            RuleError::TooLarge(field) => write!(f, "{field} must be at most {MAX_RULE_VALUE}"),
        }
    }
}

/// One reason for points, with a stable code the apps translate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsLine {
    pub code: String,
    pub points: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsBreakdown {
    pub interactions: i64,
    pub viral: bool,
    pub lines: Vec<PointsLine>,
    pub total: i64,
}

impl PointsRule {
    pub fn validate(&self) -> Result<(), RuleError> {
        for (name, v) in [
            ("base", self.base),
            ("points_per_step", self.points_per_step),
            ("engagement_cap", self.engagement_cap),
            ("viral_threshold", self.viral_threshold),
            ("viral_bonus", self.viral_bonus),
            ("interactions_per_step", self.interactions_per_step),
        ] {
            if v < 0 {
                return Err(RuleError::Negative(name));
            }
            if v > MAX_RULE_VALUE {
                return Err(RuleError::TooLarge(name));
            }
        }
        if self.interactions_per_step == 0 {
            return Err(RuleError::ZeroStep);
        }
        Ok(())
    }

    /// Points for one approved note with the given metrics.
    pub fn points_for(&self, m: Metrics) -> PointsBreakdown {
        let interactions = m.interactions().max(0);
        let mut lines = vec![PointsLine {
            code: "base".into(),
            points: self.base,
        }];
        let steps = interactions / self.interactions_per_step.max(1);
        let engagement = steps
            .saturating_mul(self.points_per_step)
            .min(self.engagement_cap);
        if engagement > 0 {
            lines.push(PointsLine {
                code: "engagement".into(),
                points: engagement,
            });
        }
        let viral = interactions >= self.viral_threshold;
        if viral && self.viral_bonus > 0 {
            lines.push(PointsLine {
                code: "viral_bonus".into(),
                points: self.viral_bonus,
            });
        }
        let total = lines
            .iter()
            .fold(0i64, |sum, l| sum.saturating_add(l.points));
        PointsBreakdown {
            interactions,
            viral,
            lines,
            total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // On wasm32 the same tests run in Node through wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn check(likes: i64, comments: i64, saves: i64, expect: &str) {
        let b = PointsRule::default().points_for(Metrics {
            likes,
            comments,
            saves,
        });
        let lines: Vec<String> = b
            .lines
            .iter()
            .map(|l| format!("{}={}", l.code, l.points))
            .collect();
        assert_eq!(format!("{} [{}]", b.total, lines.join(" ")), expect);
    }

    #[test]
    fn default_rule() {
        check(0, 0, 0, "50 [base=50]");
        check(60, 20, 19, "50 [base=50]");
        check(60, 20, 20, "60 [base=50 engagement=10]");
        check(500, 200, 299, "140 [base=50 engagement=90]");
        check(
            500,
            200,
            300,
            "350 [base=50 engagement=100 viral_bonus=200]",
        );
        check(90_000, 0, 0, "750 [base=50 engagement=500 viral_bonus=200]");
        check(
            i64::MAX,
            i64::MAX,
            0,
            "750 [base=50 engagement=500 viral_bonus=200]",
        );
    }

    #[test]
    fn validation() {
        assert_eq!(PointsRule::default().validate(), Ok(()));
        let r = PointsRule {
            base: -1,
            ..PointsRule::default()
        };
        assert_eq!(r.validate(), Err(RuleError::Negative("base")));
        let r = PointsRule {
            interactions_per_step: 0,
            ..PointsRule::default()
        };
        assert_eq!(r.validate().unwrap_err().code(), "rule_zero_step");
        let r = PointsRule {
            viral_bonus: MAX_RULE_VALUE + 1,
            ..PointsRule::default()
        };
        assert_eq!(r.validate(), Err(RuleError::TooLarge("viral_bonus")));
        // Even an unvalidated extreme rule cannot overflow the total.
        let r = PointsRule {
            base: i64::MAX,
            ..PointsRule::default()
        };
        assert_eq!(
            r.points_for(Metrics {
                likes: 5_000,
                comments: 0,
                saves: 0
            })
            .total,
            i64::MAX
        );
    }
}
