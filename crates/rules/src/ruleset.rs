//! A brand's rule set: every number the engine decides with, versioned.
//!
//! The store keeps each version a brand saves; a campaign freezes the
//! version in force when it is published, so editing the rules never
//! changes a running or settled campaign. A rule set is validated when it
//! is loaded or saved ([`RuleSet::from_json`], [`RuleSet::validate`]), and
//! every error names the field it is about.

use crate::class::ClassRules;
use crate::commission::CommissionRules;
use crate::discovery::DiscoveryRules;
use crate::points::PointsRules;
use crate::selection::SelectionRules;
use crate::tier::TierRules;
use serde::{Deserialize, Serialize};

/// The largest value any count, threshold or points field may take: no
/// real rule needs more, and sums of such values cannot overflow.
pub const MAX_RULE_VALUE: i64 = 1_000_000_000;

/// The largest percentage (multipliers, weights): ten times.
pub const MAX_PERCENT: i64 = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// 1, 2, 3 … per brand; assigned by the store when a version is saved.
    #[serde(default)]
    pub version: u32,
    #[serde(default)]
    pub points: PointsRules,
    #[serde(default)]
    pub tiers: TierRules,
    #[serde(default)]
    pub classes: ClassRules,
    #[serde(default)]
    pub selection: SelectionRules,
    #[serde(default)]
    pub discovery: DiscoveryRules,
    #[serde(default)]
    pub commissions: CommissionRules,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet {
            version: 1,
            points: PointsRules::default(),
            tiers: TierRules::default(),
            classes: ClassRules::default(),
            selection: SelectionRules::default(),
            discovery: DiscoveryRules::default(),
            commissions: CommissionRules::default(),
        }
    }
}

/// A rule set as stored or submitted: the current shape, or the first
/// release's bare points rule (before rule sets had versions), which
/// campaigns published then still carry. Parse JSON into this, then
/// [`RuleSet::load`] it.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum StoredRuleSet {
    Current(Box<RuleSet>),
    Legacy(LegacyPointsRule),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegacyPointsRule {
    base: i64,
    interactions_per_step: i64,
    points_per_step: i64,
    engagement_cap: i64,
    viral_threshold: i64,
    viral_bonus: i64,
}

impl RuleSet {
    /// Validates a stored or submitted rule set; a first-release points
    /// rule becomes version 0 with default tiers and everything else, so
    /// campaigns frozen then settle exactly as they were promised.
    pub fn load(stored: StoredRuleSet) -> Result<RuleSet, RuleError> {
        let set = match stored {
            StoredRuleSet::Current(set) => *set,
            StoredRuleSet::Legacy(old) => RuleSet {
                version: 0,
                points: PointsRules::from_single_step(
                    old.base,
                    old.interactions_per_step,
                    old.points_per_step,
                    old.engagement_cap,
                    old.viral_threshold,
                    old.viral_bonus,
                ),
                ..RuleSet::default()
            },
        };
        set.validate()?;
        Ok(set)
    }

    pub fn validate(&self) -> Result<(), RuleError> {
        self.points.validate()?;
        self.tiers.validate()?;
        self.classes.validate()?;
        self.selection.validate()?;
        self.discovery.validate()?;
        self.commissions.validate()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleErrorKind {
    Negative,
    /// A step, divisor or weight total that must be at least 1.
    Zero,
    /// Over [`MAX_RULE_VALUE`] or [`MAX_PERCENT`].
    TooLarge,
    /// Points bands that overlap or are out of order.
    BandsOverlap,
    /// Thresholds in the wrong order (e.g. standard above high quality).
    OutOfOrder,
    /// More entries than the engine accepts.
    TooMany,
    /// The same platform, task or tier listed twice.
    Duplicate,
}

/// What is wrong with a rule set, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub kind: RuleErrorKind,
    /// The field, as a path: `points.bands[1].from`.
    pub field: String,
}

impl RuleErrorKind {
    pub const ALL: [RuleErrorKind; 7] = [
        RuleErrorKind::Negative,
        RuleErrorKind::Zero,
        RuleErrorKind::TooLarge,
        RuleErrorKind::BandsOverlap,
        RuleErrorKind::OutOfOrder,
        RuleErrorKind::TooMany,
        RuleErrorKind::Duplicate,
    ];
}

impl RuleError {
    pub fn new(kind: RuleErrorKind, field: impl Into<String>) -> RuleError {
        RuleError {
            kind,
            field: field.into(),
        }
    }

    /// Stable machine-readable code; the apps translate it.
    pub fn code(&self) -> &'static str {
        match self.kind {
            RuleErrorKind::Negative => "rule_negative",
            RuleErrorKind::Zero => "rule_zero_step",
            RuleErrorKind::TooLarge => "rule_too_large",
            RuleErrorKind::BandsOverlap => "rule_bands_overlap",
            RuleErrorKind::OutOfOrder => "rule_out_of_order",
            RuleErrorKind::TooMany => "rule_too_many",
            RuleErrorKind::Duplicate => "rule_duplicate",
        }
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.code(), self.field)
    }
}

/// Checks `0 <= value <= max` for the named field.
pub(crate) fn bounded(field: &str, value: i64, max: i64) -> Result<(), RuleError> {
    if value < 0 {
        Err(RuleError::new(RuleErrorKind::Negative, field))
    } else if value > max {
        Err(RuleError::new(RuleErrorKind::TooLarge, field))
    } else {
        Ok(())
    }
}

/// Checks `1 <= value <= max`.
pub(crate) fn positive(field: &str, value: i64, max: i64) -> Result<(), RuleError> {
    bounded(field, value, max)?;
    if value == 0 {
        return Err(RuleError::new(RuleErrorKind::Zero, field));
    }
    Ok(())
}

/// Checks a set of weights: each from 0 to 100, and not all zero (the
/// error then names the first).
pub(crate) fn weights(named: &[(&str, i64)]) -> Result<(), RuleError> {
    for &(name, w) in named {
        bounded(name, w, 100)?;
    }
    if named.iter().all(|&(_, w)| w == 0) {
        let first = named.first().map_or("", |&(name, _)| name);
        return Err(RuleError::new(RuleErrorKind::Zero, first));
    }
    Ok(())
}

/// log2(x) in fixed point with 8 fractional bits, for x >= 1, by integer
/// arithmetic only: the browser and the server must agree to the last
/// digit, which floating-point `ln` does not promise across platforms.
pub(crate) fn log2_q8(x: u64) -> u64 {
    let x = x.max(1);
    let n = x.ilog2();
    // x / 2^n in [1, 2) as Q32.
    let mut y: u128 = (u128::from(x) << 32) >> n;
    let mut frac = 0u64;
    for bit in (0..8).rev() {
        y = (y * y) >> 32;
        if y >= 2u128 << 32 {
            y >>= 1;
            frac |= 1 << bit;
        }
    }
    u64::from(n) * 256 + frac
}

/// A score from 0 to 100 growing with the logarithm of `value`: 0 at 0,
/// 100 at `full` or more (followers, spend, interactions span orders of
/// magnitude, so 1,000 → 10,000 counts as much as 10 → 100).
pub fn log_score(value: i64, full: i64) -> i64 {
    if value <= 0 {
        return 0;
    }
    let top = log2_q8(full.max(1) as u64 + 1);
    let got = log2_q8(value as u64 + 1);
    ((got * 100) / top.max(1)).min(100) as i64
}

/// A score from 0 to 100 growing linearly: 100 at `full` or more.
pub fn linear_score(value: i64, full: i64) -> i64 {
    if value <= 0 {
        return 0;
    }
    (i128::from(value) * 100 / i128::from(full.max(1))).min(100) as i64
}

/// One weighted part of a score, for the breakdown the operators see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorePart {
    /// Stable code (`followers`, `performance`, …); the apps translate it.
    pub code: String,
    /// The raw input (followers, average interactions, percent …).
    pub value: i64,
    /// The input scored from 0 to 100.
    pub score: i64,
    /// Its weight, in percent of the total weight.
    pub weight: i64,
    /// What it adds to the total, in hundredths of a point.
    pub contribution: i64,
}

/// Combines 0–100 part scores by weight into a total in hundredths
/// (0–10,000), with each part's contribution; contributions sum to the
/// total exactly (the rounding remainder goes to the largest part).
pub(crate) fn weighted(parts: Vec<(&str, i64, i64, i64)>) -> (i64, Vec<ScorePart>) {
    let total_weight: i64 = parts.iter().map(|p| p.3).sum::<i64>().max(1);
    let exact: i64 = parts.iter().map(|p| p.2 * p.3).sum::<i64>() * 100 / total_weight;
    let mut out: Vec<ScorePart> = parts
        .iter()
        .map(|&(code, value, score, weight)| ScorePart {
            code: code.to_string(),
            value,
            score,
            weight: weight * 100 / total_weight,
            contribution: score * weight * 100 / total_weight,
        })
        .collect();
    let sum: i64 = out.iter().map(|p| p.contribution).sum();
    if let Some(biggest) = out.iter_mut().max_by_key(|p| p.contribution) {
        biggest.contribution += exact - sum;
    }
    (exact, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn log2_is_exact_on_powers_and_monotonic() {
        assert_eq!(log2_q8(1), 0);
        assert_eq!(log2_q8(2), 256);
        assert_eq!(log2_q8(1024), 2560);
        // log2(3) = 1.58496… → 1 + 149/256 (0.58203) truncated.
        assert_eq!(log2_q8(3), 256 + 149);
        let mut last = 0;
        for x in 1..5_000u64 {
            let v = log2_q8(x);
            assert!(v >= last, "{x}");
            last = v;
        }
        assert_eq!(log2_q8(u64::MAX), 63 * 256 + 255);
    }

    #[test]
    fn scores() {
        assert_eq!(log_score(0, 100_000), 0);
        assert_eq!(log_score(100_000, 100_000), 100);
        assert_eq!(log_score(5_000_000, 100_000), 100);
        assert!((50..=65).contains(&log_score(1_000, 100_000)));
        assert_eq!(linear_score(5, 10), 50);
        assert_eq!(linear_score(i64::MAX, 1), 100);
    }

    #[test]
    fn weighted_parts_sum_to_the_total() {
        let (total, parts) = weighted(vec![("a", 0, 33, 1), ("b", 0, 67, 1), ("c", 0, 100, 1)]);
        assert_eq!(total, 6666);
        assert_eq!(parts.iter().map(|p| p.contribution).sum::<i64>(), total);
    }

    fn load(json: &str) -> Result<RuleSet, String> {
        let stored: StoredRuleSet =
            serde_json::from_str(json).map_err(|_| "malformed".to_string())?;
        RuleSet::load(stored).map_err(|e| e.to_string())
    }

    #[test]
    fn default_rule_set_is_valid_and_round_trips() {
        let set = RuleSet::default();
        assert_eq!(set.validate(), Ok(()));
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(load(&json), Ok(set));
    }

    #[test]
    fn reads_the_first_release_points_rule() {
        let set = load(
            r#"{"base":50,"interactions_per_step":100,"points_per_step":10,"engagement_cap":500,"viral_threshold":1000,"viral_bonus":200}"#,
        )
        .unwrap();
        assert_eq!(set.version, 0);
        assert_eq!(set.points, PointsRules::default());
        assert_eq!(
            load(
                r#"{"base":-1,"interactions_per_step":100,"points_per_step":10,"engagement_cap":500,"viral_threshold":1000,"viral_bonus":200}"#
            ),
            Err("rule_negative (points.base)".to_string())
        );
        assert_eq!(load("{"), Err("malformed".to_string()));
        assert_eq!(load(r#"{"surprise":1}"#), Err("malformed".to_string()));
    }
}
