//! Points: what an approved note (or a completed task) earns at settlement.
//!
//! `base` points per approved note, engagement points by interaction bands
//! (each band pays `points` per `per` interactions inside it, up to its
//! `cap`), a viral bonus at the viral threshold, then the platform's weight
//! and the campaign's multiplier. Every point is explained by a
//! [`PointsLine`]; the lines always sum to the total.

use crate::link::Platform;
use crate::ruleset::{MAX_PERCENT, MAX_RULE_VALUE, RuleError, RuleErrorKind, bounded, positive};
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

/// Interactions from `from` (inclusive) up to `to` (exclusive; open-ended
/// when absent) earn `points` per full `per` interactions, at most `cap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub from: i64,
    #[serde(default)]
    pub to: Option<i64>,
    pub per: i64,
    pub points: i64,
    pub cap: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformWeight {
    pub platform: Platform,
    /// 100 = as is; 150 = half as much again.
    pub percent: i64,
}

/// The kinds of task a member is rewarded for (DOMAIN.md, tasks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    PublishNote,
    ShareMoments,
    Contest,
    Feedback,
    Training,
}

impl core::fmt::Display for TaskKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl core::str::FromStr for TaskKind {
    type Err = crate::UnknownWord;
    fn from_str(s: &str) -> Result<Self, crate::UnknownWord> {
        TaskKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| crate::UnknownWord {
                word: "TaskKind",
                value: s.to_string(),
            })
    }
}

impl From<TaskKind> for String {
    fn from(k: TaskKind) -> String {
        k.as_str().to_string()
    }
}

impl TryFrom<String> for TaskKind {
    type Error = crate::UnknownWord;
    fn try_from(s: String) -> Result<Self, crate::UnknownWord> {
        s.parse()
    }
}

impl PartialEq<str> for TaskKind {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for TaskKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl TaskKind {
    pub const ALL: [TaskKind; 5] = [
        TaskKind::PublishNote,
        TaskKind::ShareMoments,
        TaskKind::Contest,
        TaskKind::Feedback,
        TaskKind::Training,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskKind::PublishNote => "publish_note",
            TaskKind::ShareMoments => "share_moments",
            TaskKind::Contest => "contest",
            TaskKind::Feedback => "feedback",
            TaskKind::Training => "training",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskReward {
    pub task: TaskKind,
    pub points: i64,
}

/// At most this many bands, weights or task rewards.
pub const MAX_ENTRIES: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointsRules {
    /// Points for every approved note.
    pub base: i64,
    /// Engagement bands, in order, not overlapping.
    pub bands: Vec<Band>,
    /// Interactions at which a note is viral (爆文).
    pub viral_threshold: i64,
    /// Extra points for a viral note.
    pub viral_bonus: i64,
    /// Platforms not listed count 100 %.
    #[serde(default)]
    pub platform_weights: Vec<PlatformWeight>,
    /// Points for approved tasks other than notes; unlisted kinds earn 0.
    #[serde(default)]
    pub task_rewards: Vec<TaskReward>,
}

impl Default for PointsRules {
    fn default() -> Self {
        PointsRules::from_single_step(50, 100, 10, 500, 1_000, 200)
    }
}

/// One reason for points, with a stable code the apps translate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsLine {
    /// `base`, `engagement`, `viral_bonus`, `platform_weight`,
    /// `campaign_multiplier` or `task`. Borrowed when built here (settling a
    /// million notes allocates no code strings), owned when read back.
    pub code: std::borrow::Cow<'static, str>,
    pub points: i64,
    /// The band (`engagement`): its first and last interaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<i64>,
    /// The weight or multiplier, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<i64>,
}

impl PointsLine {
    pub fn new(code: &'static str, points: i64) -> PointsLine {
        PointsLine {
            code: std::borrow::Cow::Borrowed(code),
            points,
            from: None,
            to: None,
            percent: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsBreakdown {
    pub interactions: i64,
    pub viral: bool,
    pub lines: Vec<PointsLine>,
    pub total: i64,
}

/// What settles one note: its metrics, platform and the campaign's
/// multiplier (percent, 100 = none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteInput {
    pub metrics: Metrics,
    pub platform: Platform,
    pub multiplier_percent: i64,
}

/// Checks a list keyed by platform or task: at most [`MAX_ENTRIES`]
/// entries, each value from 0 to `max`, no key twice. Errors name the
/// entry: `points.task_rewards[2].task`.
fn keyed_list<T, K: PartialEq>(
    field: &str,
    items: &[T],
    (key_name, key): (&str, fn(&T) -> K),
    (value_name, value, max): (&str, fn(&T) -> i64, i64),
) -> Result<(), RuleError> {
    if items.len() > MAX_ENTRIES {
        return Err(RuleError::new(RuleErrorKind::TooMany, field));
    }
    for (i, item) in items.iter().enumerate() {
        bounded(&format!("{field}[{i}].{value_name}"), value(item), max)?;
        if items[..i].iter().any(|o| key(o) == key(item)) {
            return Err(RuleError::new(
                RuleErrorKind::Duplicate,
                format!("{field}[{i}].{key_name}"),
            ));
        }
    }
    Ok(())
}

impl PointsRules {
    /// The first release's rule: one band from 0 interactions.
    pub fn from_single_step(
        base: i64,
        per: i64,
        points: i64,
        cap: i64,
        viral_threshold: i64,
        viral_bonus: i64,
    ) -> PointsRules {
        PointsRules {
            base,
            bands: vec![Band {
                from: 0,
                to: None,
                per,
                points,
                cap,
            }],
            viral_threshold,
            viral_bonus,
            platform_weights: Vec::new(),
            task_rewards: Vec::new(),
        }
    }

    pub fn validate(&self) -> Result<(), RuleError> {
        bounded("points.base", self.base, MAX_RULE_VALUE)?;
        bounded(
            "points.viral_threshold",
            self.viral_threshold,
            MAX_RULE_VALUE,
        )?;
        bounded("points.viral_bonus", self.viral_bonus, MAX_RULE_VALUE)?;
        if self.bands.len() > MAX_ENTRIES {
            return Err(RuleError::new(RuleErrorKind::TooMany, "points.bands"));
        }
        let mut open_from: Option<i64> = Some(0);
        for (i, b) in self.bands.iter().enumerate() {
            let f = |name: &str| format!("points.bands[{i}].{name}");
            bounded(&f("from"), b.from, MAX_RULE_VALUE)?;
            positive(&f("per"), b.per, MAX_RULE_VALUE)?;
            bounded(&f("points"), b.points, MAX_RULE_VALUE)?;
            bounded(&f("cap"), b.cap, MAX_RULE_VALUE)?;
            if let Some(to) = b.to {
                bounded(&f("to"), to, MAX_RULE_VALUE)?;
                if to <= b.from {
                    return Err(RuleError::new(RuleErrorKind::BandsOverlap, f("to")));
                }
            }
            // Each band starts at or after the end of the one before it.
            match open_from {
                Some(min) if b.from >= min => {}
                _ => return Err(RuleError::new(RuleErrorKind::BandsOverlap, f("from"))),
            }
            open_from = b.to;
        }
        keyed_list(
            "points.platform_weights",
            &self.platform_weights,
            ("platform", |w| w.platform),
            ("percent", |w| w.percent, MAX_PERCENT),
        )?;
        keyed_list(
            "points.task_rewards",
            &self.task_rewards,
            ("task", |t| t.task),
            ("points", |t| t.points, MAX_RULE_VALUE),
        )?;
        Ok(())
    }

    /// The weight of a platform, in percent.
    pub fn weight_of(&self, platform: Platform) -> i64 {
        self.platform_weights
            .iter()
            .find(|w| w.platform == platform)
            .map_or(100, |w| w.percent)
    }

    /// Points for one approved note. Metrics below zero count as zero; the
    /// arithmetic saturates, so even an unvalidated rule cannot overflow.
    pub fn points_for(&self, note: NoteInput) -> PointsBreakdown {
        let interactions = note.metrics.interactions().max(0);
        let mut lines = vec![PointsLine::new("base", self.base)];
        for b in &self.bands {
            let top = b.to.map_or(interactions, |to| interactions.min(to));
            if top <= b.from {
                continue;
            }
            let earned = ((top - b.from) / b.per.max(1))
                .saturating_mul(b.points)
                .min(b.cap);
            if earned > 0 {
                lines.push(PointsLine {
                    from: Some(b.from),
                    to: b.to.map(|to| to - 1),
                    ..PointsLine::new("engagement", earned)
                });
            }
        }
        let viral = interactions >= self.viral_threshold;
        if viral && self.viral_bonus > 0 {
            lines.push(PointsLine::new("viral_bonus", self.viral_bonus));
        }
        let sum = |lines: &[PointsLine]| lines.iter().fold(0i64, |s, l| s.saturating_add(l.points));
        for (code, percent) in [
            ("platform_weight", self.weight_of(note.platform)),
            ("campaign_multiplier", note.multiplier_percent),
        ] {
            if percent != 100 {
                let before = sum(&lines);
                let after = before.saturating_mul(percent.max(0)) / 100;
                lines.push(PointsLine {
                    percent: Some(percent),
                    ..PointsLine::new(code, after.saturating_sub(before))
                });
            }
        }
        let total = sum(&lines);
        PointsBreakdown {
            interactions,
            viral,
            lines,
            total,
        }
    }

    /// Points for an approved task of this kind.
    pub fn task_points(&self, task: TaskKind) -> PointsBreakdown {
        let points = self
            .task_rewards
            .iter()
            .find(|t| t.task == task)
            .map_or(0, |t| t.points);
        PointsBreakdown {
            interactions: 0,
            viral: false,
            lines: vec![PointsLine::new("task", points)],
            total: points,
        }
    }
}

/// The cash value of `points` in fen at the brand's rate of
/// `points_per_yuan` points to one yuan, rounded down (a member is never
/// shown more than the till gives). A rate below 1 is worth nothing.
pub fn fen_for_points(points: i64, points_per_yuan: i64) -> i64 {
    if points_per_yuan < 1 || points < 1 {
        return 0;
    }
    (i128::from(points) * 100 / i128::from(points_per_yuan)) as i64
}

/// The points that cover at most `fen` at the brand's rate, rounded down:
/// `fen_for_points(points_for_fen(f, r), r) <= f`.
pub fn points_for_fen(fen: i64, points_per_yuan: i64) -> i64 {
    if points_per_yuan < 1 || fen < 1 {
        return 0;
    }
    (i128::from(fen) * i128::from(points_per_yuan) / 100) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    // On wasm32 the same tests run in Node through wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn note(interactions: i64) -> NoteInput {
        NoteInput {
            metrics: Metrics {
                likes: interactions,
                comments: 0,
                saves: 0,
            },
            platform: Platform::Xiaohongshu,
            multiplier_percent: 100,
        }
    }

    fn show(b: &PointsBreakdown) -> String {
        let lines: Vec<String> = b
            .lines
            .iter()
            .map(|l| format!("{}={}", l.code, l.points))
            .collect();
        format!("{} [{}]", b.total, lines.join(" "))
    }

    #[test]
    fn default_rule() {
        let r = PointsRules::default();
        let check = |likes, comments, saves, expect: &str| {
            let m = Metrics {
                likes,
                comments,
                saves,
            };
            assert_eq!(
                show(&r.points_for(NoteInput {
                    metrics: m,
                    ..note(0)
                })),
                expect
            );
        };
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
        check(-5, 0, 0, "50 [base=50]");
    }

    fn banded() -> PointsRules {
        PointsRules {
            bands: vec![
                Band {
                    from: 0,
                    to: Some(100),
                    per: 10,
                    points: 1,
                    cap: 10,
                },
                Band {
                    from: 100,
                    to: Some(1_000),
                    per: 100,
                    points: 20,
                    cap: 150,
                },
                Band {
                    from: 1_000,
                    to: None,
                    per: 1_000,
                    points: 50,
                    cap: 300,
                },
            ],
            platform_weights: vec![PlatformWeight {
                platform: Platform::Douyin,
                percent: 150,
            }],
            task_rewards: vec![TaskReward {
                task: TaskKind::ShareMoments,
                points: 30,
            }],
            ..PointsRules::default()
        }
    }

    #[test]
    fn bands_weights_and_multipliers() {
        let r = banded();
        assert_eq!(r.validate(), Ok(()));
        assert_eq!(show(&r.points_for(note(99))), "59 [base=50 engagement=9]");
        assert_eq!(
            show(&r.points_for(note(450))),
            "120 [base=50 engagement=10 engagement=60]"
        );
        assert_eq!(
            show(&r.points_for(note(12_345))),
            "710 [base=50 engagement=10 engagement=150 engagement=300 viral_bonus=200]"
        );
        let douyin = NoteInput {
            platform: Platform::Douyin,
            multiplier_percent: 200,
            ..note(450)
        };
        assert_eq!(
            show(&r.points_for(douyin)),
            "360 [base=50 engagement=10 engagement=60 platform_weight=60 campaign_multiplier=180]"
        );
        let third = NoteInput {
            multiplier_percent: 33,
            ..note(0)
        };
        assert_eq!(
            show(&r.points_for(third)),
            "16 [base=50 campaign_multiplier=-34]"
        );
        assert_eq!(show(&r.task_points(TaskKind::ShareMoments)), "30 [task=30]");
        assert_eq!(show(&r.task_points(TaskKind::Training)), "0 [task=0]");
    }

    #[test]
    fn validation_names_the_field() {
        let err = |r: PointsRules| r.validate().map_err(|e| e.to_string());
        let mut r = banded();
        r.bands[1].from = 50;
        assert_eq!(
            err(r),
            Err("rule_bands_overlap (points.bands[1].from)".into())
        );
        let mut r = banded();
        r.bands[0].to = None;
        assert_eq!(
            err(r),
            Err("rule_bands_overlap (points.bands[1].from)".into())
        );
        let mut r = banded();
        r.bands[2].to = Some(1_000);
        assert_eq!(
            err(r),
            Err("rule_bands_overlap (points.bands[2].to)".into())
        );
        let mut r = banded();
        r.bands[0].per = 0;
        assert_eq!(err(r), Err("rule_zero_step (points.bands[0].per)".into()));
        let mut r = banded();
        r.base = -1;
        assert_eq!(err(r), Err("rule_negative (points.base)".into()));
        let mut r = banded();
        r.viral_bonus = MAX_RULE_VALUE + 1;
        assert_eq!(err(r), Err("rule_too_large (points.viral_bonus)".into()));
        let mut r = banded();
        r.platform_weights.push(PlatformWeight {
            platform: Platform::Douyin,
            percent: 10,
        });
        assert_eq!(
            err(r),
            Err("rule_duplicate (points.platform_weights[1].platform)".into())
        );
        let mut r = banded();
        r.platform_weights[0].percent = MAX_PERCENT + 1;
        assert_eq!(
            err(r),
            Err("rule_too_large (points.platform_weights[0].percent)".into())
        );
        let mut r = banded();
        r.task_rewards = vec![
            TaskReward {
                task: TaskKind::Contest,
                points: 5,
            };
            2
        ];
        assert_eq!(
            err(r),
            Err("rule_duplicate (points.task_rewards[1].task)".into())
        );
        let mut r = banded();
        r.task_rewards = vec![TaskReward {
            task: TaskKind::Training,
            points: -1,
        }];
        assert_eq!(
            err(r),
            Err("rule_negative (points.task_rewards[0].points)".into())
        );
        let mut r = banded();
        r.platform_weights = (0..=MAX_ENTRIES)
            .map(|_| PlatformWeight {
                platform: Platform::Weibo,
                percent: 10,
            })
            .collect();
        assert_eq!(
            err(r),
            Err("rule_too_many (points.platform_weights)".into())
        );
        // Gaps between bands are allowed: interactions there earn nothing.
        let mut r = banded();
        r.bands[1].from = 200;
        assert_eq!(err(r), Ok(()));
    }

    #[test]
    fn extreme_rules_do_not_overflow() {
        let r = PointsRules {
            base: i64::MAX,
            ..PointsRules::default()
        };
        assert_eq!(r.points_for(note(5_000)).total, i64::MAX);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn rules() -> impl Strategy<Value = PointsRules> {
        (
            0..1_000i64,
            prop::collection::vec((1..500i64, 1..50i64, 0..100i64, 0..1_000i64), 0..5),
            0..5_000i64,
            0..1_000i64,
            0..400i64,
        )
            .prop_map(|(base, raw, viral_threshold, viral_bonus, weight)| {
                let mut from = 0;
                let bands = raw
                    .into_iter()
                    .map(|(len, per, points, cap)| {
                        let b = Band {
                            from,
                            to: Some(from + len),
                            per,
                            points,
                            cap,
                        };
                        from += len;
                        b
                    })
                    .collect();
                PointsRules {
                    base,
                    bands,
                    viral_threshold,
                    viral_bonus,
                    platform_weights: vec![PlatformWeight {
                        platform: Platform::Weibo,
                        percent: weight,
                    }],
                    task_rewards: Vec::new(),
                }
            })
    }

    #[test]
    fn cash_value_rounds_down() {
        assert_eq!(fen_for_points(100, 100), 100);
        assert_eq!(fen_for_points(1_234, 100), 1_234);
        assert_eq!(fen_for_points(1, 3), 33);
        assert_eq!(fen_for_points(5, 0), 0);
        assert_eq!(fen_for_points(-5, 100), 0);
        assert_eq!(points_for_fen(3_000, 100), 3_000);
        assert_eq!(points_for_fen(100, 50), 50);
        assert_eq!(points_for_fen(1, 30), 0);
    }

    proptest! {
        /// Points bought back from their cash value never exceed the
        /// value: a till is never given more than the points are worth.
        #[test]
        fn cash_round_trip_never_overpays(fen in 0..10_000_000i64, rate in 1..10_000i64) {
            let p = points_for_fen(fen, rate);
            prop_assert!(fen_for_points(p, rate) <= fen);
            prop_assert!(fen_for_points(p + 1, rate) >= fen_for_points(p, rate));
        }
    }

    proptest! {
        /// Every breakdown's lines sum to its total, and valid rules never
        /// pay less for more interactions on the same platform.
        #[test]
        fn lines_sum_to_the_total(r in rules(), a in 0..100_000i64, b in 0..100_000i64, p in 0..6usize, m in 0..500i64) {
            prop_assert_eq!(r.validate(), Ok(()));
            let platform = Platform::ALL[p];
            let input = |n| NoteInput { metrics: Metrics { likes: n, comments: 0, saves: 0 }, platform, multiplier_percent: m };
            let (lo, hi) = (r.points_for(input(a.min(b))), r.points_for(input(a.max(b))));
            for br in [&lo, &hi] {
                prop_assert_eq!(br.lines.iter().map(|l| l.points).sum::<i64>(), br.total);
            }
            prop_assert!(lo.total <= hi.total);
        }
    }
}
