//! Member classes: high-quality / standard / potential, from task
//! completion, content quality, skill and influence scores (0–100 each)
//! with configurable weights. Operations tailor perks by class.

use crate::ruleset::{RuleError, RuleErrorKind, ScorePart, bounded, weighted, weights};
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum MemberClass {
    #[default]
    Potential,
    Standard,
    HighQuality,
}

impl MemberClass {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberClass::Potential => "potential",
            MemberClass::Standard => "standard",
            MemberClass::HighQuality => "high_quality",
        }
    }

    pub const ALL: [MemberClass; 3] = [
        MemberClass::Potential,
        MemberClass::Standard,
        MemberClass::HighQuality,
    ];

    /// Strict: an unknown text is `None`, never a default.
    pub fn parse(s: &str) -> Option<MemberClass> {
        MemberClass::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Decodes a stored class strictly (store rows use `try_from = "String"`).
impl TryFrom<String> for MemberClass {
    type Error = crate::UnknownWord;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        MemberClass::parse(&s).ok_or(crate::UnknownWord {
            word: "MemberClass",
            value: s,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassRules {
    pub task_completion_weight: i64,
    pub content_quality_weight: i64,
    pub skill_weight: i64,
    pub influence_weight: i64,
    /// Total score (0–100) from which a member is high-quality.
    pub high_quality_from: i64,
    /// Total score from which a member is standard.
    pub standard_from: i64,
}

impl Default for ClassRules {
    fn default() -> Self {
        ClassRules {
            task_completion_weight: 30,
            content_quality_weight: 30,
            skill_weight: 20,
            influence_weight: 20,
            high_quality_from: 75,
            standard_from: 50,
        }
    }
}

/// A member's four scores, each 0–100 (out-of-range values are clamped).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassScores {
    pub task_completion: i64,
    pub content_quality: i64,
    pub skill: i64,
    pub influence: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Classification {
    pub class: MemberClass,
    /// Hundredths of a point, 0–10,000.
    pub score: i64,
    pub parts: Vec<ScorePart>,
}

impl ClassRules {
    pub fn validate(&self) -> Result<(), RuleError> {
        weights(&[
            (
                "classes.task_completion_weight",
                self.task_completion_weight,
            ),
            (
                "classes.content_quality_weight",
                self.content_quality_weight,
            ),
            ("classes.skill_weight", self.skill_weight),
            ("classes.influence_weight", self.influence_weight),
        ])?;
        bounded("classes.high_quality_from", self.high_quality_from, 100)?;
        bounded("classes.standard_from", self.standard_from, 100)?;
        if self.standard_from > self.high_quality_from {
            return Err(RuleError::new(
                RuleErrorKind::OutOfOrder,
                "classes.standard_from",
            ));
        }
        Ok(())
    }

    pub fn classify(&self, s: ClassScores) -> Classification {
        let c = |v: i64| v.clamp(0, 100);
        let (score, parts) = weighted(vec![
            (
                "task_completion",
                s.task_completion,
                c(s.task_completion),
                self.task_completion_weight,
            ),
            (
                "content_quality",
                s.content_quality,
                c(s.content_quality),
                self.content_quality_weight,
            ),
            ("skill", s.skill, c(s.skill), self.skill_weight),
            (
                "influence",
                s.influence,
                c(s.influence),
                self.influence_weight,
            ),
        ]);
        let class = if score >= self.high_quality_from * 100 {
            MemberClass::HighQuality
        } else if score >= self.standard_from * 100 {
            MemberClass::Standard
        } else {
            MemberClass::Potential
        };
        Classification {
            class,
            score,
            parts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn class(t: i64, q: i64, s: i64, i: i64) -> (MemberClass, i64) {
        let c = ClassRules::default().classify(ClassScores {
            task_completion: t,
            content_quality: q,
            skill: s,
            influence: i,
        });
        assert_eq!(c.parts.iter().map(|p| p.contribution).sum::<i64>(), c.score);
        (c.class, c.score)
    }

    #[test]
    fn thresholds() {
        assert_eq!(
            class(100, 100, 100, 100),
            (MemberClass::HighQuality, 10_000)
        );
        assert_eq!(class(75, 75, 75, 75), (MemberClass::HighQuality, 7_500));
        assert_eq!(class(100, 60, 20, 10), (MemberClass::Standard, 5_400));
        assert_eq!(class(0, 0, 0, 0), (MemberClass::Potential, 0));
        assert_eq!(class(500, -3, 0, 0), (MemberClass::Potential, 3_000));
    }

    #[test]
    fn classes_keep_their_stored_strings() {
        for (c, t) in MemberClass::ALL
            .into_iter()
            .zip(["potential", "standard", "high_quality"])
        {
            assert_eq!(c.as_str(), t);
            assert_eq!(MemberClass::try_from(t.to_string()), Ok(c));
        }
        assert!(MemberClass::try_from("High_quality".to_string()).is_err());
    }

    #[test]
    fn validation() {
        let r = ClassRules {
            standard_from: 80,
            ..ClassRules::default()
        };
        assert_eq!(r.validate().unwrap_err().code(), "rule_out_of_order");
        let r = ClassRules {
            task_completion_weight: 0,
            content_quality_weight: 0,
            skill_weight: 0,
            influence_weight: 0,
            ..ClassRules::default()
        };
        assert_eq!(r.validate().unwrap_err().code(), "rule_zero_step");
    }
}
