//! Member tiers: the Miniso ladder, every threshold configurable.
//!
//! - **Junior**: at least `junior_notes` approved notes (default 1).
//! - **Intermediate**: at least `streak_notes` qualifying notes (default 1)
//!   in each of `streak_months` consecutive calendar months (default 3),
//!   months in the brand's time zone; a note qualifies with at least
//!   `streak_min_interactions` interactions (the minimum performance).
//! - **Senior**: a note with at least `viral_threshold` interactions
//!   (default 1,000) settled since any last demotion.
//! - **Demotion**: a senior whose last `demotion_notes` settled notes
//!   (default 3) each have fewer than `demotion_below` interactions
//!   (default 100) drops one tier.
//!
//! Tiers move as notes settle, in settlement order, and every change is
//! dated with its reason. Changes are never retroactive: [`advance`] starts
//! from the tier the member holds, and settled points are never touched.

use crate::date::{CivilDate, YearMonth};
use crate::ruleset::{MAX_RULE_VALUE, RuleError, bounded, positive};
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Approved KOC without an approved note yet.
    #[default]
    Member,
    Junior,
    Intermediate,
    Senior,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Member, Tier::Junior, Tier::Intermediate, Tier::Senior];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Member => "member",
            Tier::Junior => "junior",
            Tier::Intermediate => "intermediate",
            Tier::Senior => "senior",
        }
    }

    pub fn parse(s: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.as_str() == s)
    }

    fn below(self) -> Tier {
        match self {
            Tier::Senior => Tier::Intermediate,
            Tier::Intermediate => Tier::Junior,
            _ => Tier::Member,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierRules {
    pub junior_notes: i64,
    pub streak_notes: i64,
    pub streak_months: i64,
    pub streak_min_interactions: i64,
    pub viral_threshold: i64,
    pub demotion_notes: i64,
    pub demotion_below: i64,
}

impl Default for TierRules {
    fn default() -> Self {
        TierRules {
            junior_notes: 1,
            streak_notes: 1,
            streak_months: 3,
            streak_min_interactions: 0,
            viral_threshold: 1_000,
            demotion_notes: 3,
            demotion_below: 100,
        }
    }
}

impl TierRules {
    pub fn validate(&self) -> Result<(), RuleError> {
        positive("tiers.junior_notes", self.junior_notes, 1_000)?;
        positive("tiers.streak_notes", self.streak_notes, 1_000)?;
        positive("tiers.streak_months", self.streak_months, 120)?;
        bounded(
            "tiers.streak_min_interactions",
            self.streak_min_interactions,
            MAX_RULE_VALUE,
        )?;
        positive(
            "tiers.viral_threshold",
            self.viral_threshold,
            MAX_RULE_VALUE,
        )?;
        positive("tiers.demotion_notes", self.demotion_notes, 1_000)?;
        bounded("tiers.demotion_below", self.demotion_below, MAX_RULE_VALUE)
    }
}

/// One approved, settled note of a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettledNote {
    /// Unique within the brand; breaks ties so order of input never matters.
    pub id: String,
    /// When it was published (submitted), in the brand's time zone.
    pub published: CivilDate,
    /// When it was settled, in the brand's time zone.
    pub settled: CivilDate,
    pub interactions: i64,
}

/// Why a tier changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TierReason {
    /// Reached `notes` approved notes.
    ApprovedNotes { notes: i64 },
    /// Qualifying notes in every month from `first` to `last`.
    Streak { first: YearMonth, last: YearMonth },
    /// A note with `interactions` at or over the viral threshold.
    Viral { note_id: String, interactions: i64 },
    /// The last `notes` settled notes each under `below` interactions.
    Demoted { notes: i64, below: i64 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierChange {
    pub date: CivilDate,
    pub from: Tier,
    pub to: Tier,
    pub reason: TierReason,
}

/// What the engine needs to remember between settlements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierState {
    pub tier: Tier,
    /// Senior needs a viral note settled after this date.
    pub last_demotion: Option<CivilDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierOutcome {
    pub state: TierState,
    pub changes: Vec<TierChange>,
}

/// Settlement order: by settlement date, then publication, then id.
fn sorted(notes: &[SettledNote]) -> Vec<&SettledNote> {
    let mut v: Vec<&SettledNote> = notes.iter().collect();
    v.sort_by(|a, b| (a.settled, a.published, &a.id).cmp(&(b.settled, b.published, &b.id)));
    v
}

/// Qualifying notes per published month, in month order.
fn months(notes: &[&SettledNote], rules: &TierRules) -> Vec<(YearMonth, i64)> {
    let mut v: Vec<YearMonth> = notes
        .iter()
        .filter(|n| n.interactions >= rules.streak_min_interactions)
        .map(|n| n.published.month())
        .collect();
    v.sort();
    let mut out: Vec<(YearMonth, i64)> = Vec::new();
    for m in v {
        match out.last_mut() {
            Some((last, count)) if *last == m => *count += 1,
            _ => out.push((m, 1)),
        }
    }
    out
}

/// The first complete streak of full months, if any.
fn streak(notes: &[&SettledNote], rules: &TierRules) -> Option<(YearMonth, YearMonth)> {
    let mut run: Option<(YearMonth, YearMonth, i64)> = None;
    for (m, count) in months(notes, rules) {
        if count < rules.streak_notes {
            run = None;
            continue;
        }
        run = match run {
            Some((first, last, len)) if last.next() == m => Some((first, m, len + 1)),
            _ => Some((m, m, 1)),
        };
        if let Some((first, last, len)) = run
            && len >= rules.streak_months
        {
            return Some((first, last));
        }
    }
    None
}

/// Moves a member's tier along as `new` notes settle, given the notes
/// `settled_before` (already accounted for in `state`). Deterministic and
/// independent of the order of either slice.
pub fn advance(
    state: TierState,
    settled_before: &[SettledNote],
    new: &[SettledNote],
    rules: &TierRules,
) -> TierOutcome {
    let mut state = state;
    let mut changes = Vec::new();
    let mut seen: Vec<&SettledNote> = sorted(settled_before);
    for note in sorted(new) {
        seen.push(note);
        let date = note.settled;
        let mut change = |state: &mut TierState, to: Tier, reason: TierReason| {
            changes.push(TierChange {
                date,
                from: state.tier,
                to,
                reason,
            });
            state.tier = to;
        };
        let count = seen.len() as i64;
        if state.tier < Tier::Junior && count >= rules.junior_notes {
            change(
                &mut state,
                Tier::Junior,
                TierReason::ApprovedNotes { notes: count },
            );
        }
        if state.tier == Tier::Junior
            && let Some((first, last)) = streak(&seen, rules)
        {
            change(
                &mut state,
                Tier::Intermediate,
                TierReason::Streak { first, last },
            );
        }
        let viral = note.interactions >= rules.viral_threshold
            && state.last_demotion.is_none_or(|d| note.settled >= d);
        if state.tier < Tier::Senior && state.tier >= Tier::Junior && viral {
            change(
                &mut state,
                Tier::Senior,
                TierReason::Viral {
                    note_id: note.id.clone(),
                    interactions: note.interactions,
                },
            );
        } else if state.tier == Tier::Senior {
            let window = rules.demotion_notes as usize;
            let recent = &seen[seen.len().saturating_sub(window)..];
            if recent.len() == window
                && recent.iter().all(|n| n.interactions < rules.demotion_below)
            {
                change(
                    &mut state,
                    Tier::Senior.below(),
                    TierReason::Demoted {
                        notes: rules.demotion_notes,
                        below: rules.demotion_below,
                    },
                );
                state.last_demotion = Some(date);
            }
        }
    }
    TierOutcome { state, changes }
}

/// The whole history from the first note: what a new member's notes lead to.
pub fn evaluate(notes: &[SettledNote], rules: &TierRules) -> TierOutcome {
    advance(TierState::default(), &[], notes, rules)
}

/// What a member still needs for the next tier, for the app to explain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Progress {
    /// `notes` more approved notes to reach Junior.
    ToJunior { notes: i64 },
    /// `notes` more qualifying notes this month, then `months_after` more
    /// months in a row, to reach Intermediate.
    ToIntermediate {
        notes: i64,
        months_after: i64,
        min_interactions: i64,
    },
    /// One note with `threshold` interactions to reach Senior.
    ToSenior { threshold: i64 },
    /// At the top. `low_notes` of the last notes are under the bar; at
    /// `window` low notes in a row the member drops a tier.
    Top {
        low_notes: i64,
        window: i64,
        below: i64,
    },
}

/// Progress towards the next tier as of `today` (brand's time zone).
pub fn progress(
    state: TierState,
    notes: &[SettledNote],
    rules: &TierRules,
    today: CivilDate,
) -> Progress {
    let seen = sorted(notes);
    match state.tier {
        Tier::Member => Progress::ToJunior {
            notes: (rules.junior_notes - seen.len() as i64).max(1),
        },
        Tier::Junior => {
            let this_month = today.month();
            let counts = months(&seen, rules);
            let count_of = |month: YearMonth| {
                counts
                    .iter()
                    .find(|(m, _)| *m == month)
                    .map_or(0, |(_, c)| *c)
            };
            let full = |month: YearMonth| count_of(month) >= rules.streak_notes;
            let count_now = count_of(this_month);
            let done_now = full(this_month);
            // Full months in a row ending last month.
            let mut run = 0;
            let mut m = this_month.prev();
            while full(m) {
                run += 1;
                m = m.prev();
            }
            let months_after = (rules.streak_months - run - 1).max(0);
            Progress::ToIntermediate {
                notes: if done_now {
                    0
                } else {
                    rules.streak_notes - count_now
                },
                months_after,
                min_interactions: rules.streak_min_interactions,
            }
        }
        Tier::Intermediate => Progress::ToSenior {
            threshold: rules.viral_threshold,
        },
        Tier::Senior => {
            let low = seen
                .iter()
                .rev()
                .take_while(|n| n.interactions < rules.demotion_below)
                .count() as i64;
            Progress::Top {
                low_notes: low.min(rules.demotion_notes),
                window: rules.demotion_notes,
                below: rules.demotion_below,
            }
        }
    }
}

impl Progress {
    /// The sentence the member reads, in simplified Chinese or English.
    pub fn text(&self, zh: bool) -> String {
        match *self {
            Progress::ToJunior { notes } => {
                if zh {
                    format!("再发布 {notes} 篇通过审核的笔记即可成为初级 KOC")
                } else {
                    format!(
                        "{notes} more approved {} to reach Junior",
                        plural(notes, "note")
                    )
                }
            }
            Progress::ToIntermediate {
                notes,
                months_after,
                ..
            } => match (notes > 0, months_after > 0, zh) {
                (true, false, true) => format!("本月再发布 {notes} 篇笔记即可成为中级 KOC"),
                (true, false, false) => {
                    format!(
                        "{notes} more {} this month to reach Intermediate",
                        plural(notes, "note")
                    )
                }
                (true, true, true) => format!(
                    "本月再发布 {notes} 篇笔记，之后连续 {months_after} 个月每月都有笔记，即可成为中级 KOC"
                ),
                (true, true, false) => format!(
                    "{notes} more {} this month, then notes in each of the next {months_after} {}, to reach Intermediate",
                    plural(notes, "note"),
                    plural(months_after, "month")
                ),
                (false, _, true) => {
                    format!("本月已达标，之后连续 {months_after} 个月每月都有笔记即可成为中级 KOC")
                }
                (false, _, false) => format!(
                    "This month counts; notes in each of the next {months_after} {} to reach Intermediate",
                    plural(months_after, "month")
                ),
            },
            Progress::ToSenior { threshold } => {
                if zh {
                    format!("一篇笔记互动数达到 {threshold}（爆文）即可成为高级 KOC")
                } else {
                    format!("One note with {threshold} interactions (a viral note) to reach Senior")
                }
            }
            Progress::Top {
                low_notes,
                window,
                below,
            } => match (low_notes > 0, zh) {
                (false, true) => "你已是高级 KOC".to_string(),
                (false, false) => "You are at the top tier".to_string(),
                (true, true) => {
                    format!("最近 {low_notes} 篇笔记互动数低于 {below}；连续 {window} 篇将降一级")
                }
                (true, false) => format!(
                    "Your last {low_notes} {} had under {below} interactions; {window} in a row drops you one tier",
                    plural(low_notes, "note")
                ),
            },
        }
    }
}

fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // On wasm32 the same tests run in Node through wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(s: &str) -> CivilDate {
        CivilDate::parse(s).unwrap()
    }

    /// `published settled interactions` per note.
    fn notes(spec: &[(&str, &str, i64)]) -> Vec<SettledNote> {
        spec.iter()
            .enumerate()
            .map(|(i, (p, s, n))| SettledNote {
                id: format!("n{i:03}"),
                published: d(p),
                settled: d(s),
                interactions: *n,
            })
            .collect()
    }

    fn history(o: &TierOutcome) -> Vec<String> {
        o.changes
            .iter()
            .map(|c| format!("{} {}→{}", c.date, c.from.as_str(), c.to.as_str()))
            .collect()
    }

    #[test]
    fn the_ladder_with_dates() {
        let r = TierRules::default();
        assert_eq!(evaluate(&[], &r).state.tier, Tier::Member);
        let n = notes(&[
            ("2026-09-03", "2026-09-30", 120),
            ("2026-10-05", "2026-10-31", 150),
            ("2026-11-02", "2026-11-30", 300),
            ("2026-12-01", "2026-12-31", 1_500),
        ]);
        let o = evaluate(&n, &r);
        assert_eq!(
            history(&o),
            [
                "2026-09-30 member→junior",
                "2026-11-30 junior→intermediate",
                "2026-12-31 intermediate→senior"
            ]
        );
        assert_eq!(
            o.changes[1].reason,
            TierReason::Streak {
                first: YearMonth::parse("2026-09").unwrap(),
                last: YearMonth::parse("2026-11").unwrap()
            }
        );
    }

    #[test]
    fn a_gap_breaks_the_streak_and_performance_counts() {
        let r = TierRules::default();
        let gap = notes(&[
            ("2026-09-03", "2026-09-30", 120),
            ("2026-11-05", "2026-11-30", 150),
            ("2026-12-02", "2026-12-31", 300),
        ]);
        assert_eq!(evaluate(&gap, &r).state.tier, Tier::Junior);
        let strict = TierRules {
            streak_min_interactions: 200,
            ..r.clone()
        };
        let weak = notes(&[
            ("2026-09-03", "2026-09-30", 120),
            ("2026-10-05", "2026-10-31", 250),
            ("2026-11-02", "2026-11-30", 300),
        ]);
        assert_eq!(evaluate(&weak, &r).state.tier, Tier::Intermediate);
        assert_eq!(evaluate(&weak, &strict).state.tier, Tier::Junior);
        let two_a_month = TierRules {
            streak_notes: 2,
            ..r
        };
        assert_eq!(evaluate(&weak, &two_a_month).state.tier, Tier::Junior);
    }

    #[test]
    fn demotion_and_a_second_rise() {
        let r = TierRules::default();
        let n = notes(&[
            ("2026-01-03", "2026-01-31", 2_000),
            ("2026-02-03", "2026-02-28", 50),
            ("2026-03-03", "2026-03-31", 99),
            ("2026-04-03", "2026-04-30", 10),
            ("2026-05-03", "2026-05-31", 5_000),
        ]);
        let o = evaluate(&n, &r);
        assert_eq!(
            history(&o),
            [
                "2026-01-31 member→junior",
                "2026-01-31 junior→senior",
                "2026-04-30 senior→intermediate",
                "2026-05-31 intermediate→senior"
            ]
        );
        assert_eq!(
            o.changes[2].reason,
            TierReason::Demoted {
                notes: 3,
                below: 100
            }
        );
        // One note at 100 interactions keeps the member up.
        let mut kept = n.clone();
        kept[2].interactions = 100;
        assert_eq!(history(&evaluate(&kept[..4], &r)).len(), 2);
    }

    #[test]
    fn never_retroactive() {
        // A member promoted under old rules keeps the tier when later notes
        // are evaluated under stricter ones; only what settles now moves it.
        let r = TierRules::default();
        let before = notes(&[("2026-01-03", "2026-01-31", 1_200)]);
        let o = evaluate(&before, &r);
        assert_eq!(o.state.tier, Tier::Senior);
        let stricter = TierRules {
            viral_threshold: 10_000,
            ..r
        };
        let new = vec![SettledNote {
            id: "n900".into(),
            published: d("2026-02-01"),
            settled: d("2026-02-28"),
            interactions: 500,
        }];
        let o2 = advance(o.state, &before, &new, &stricter);
        assert_eq!(o2.state.tier, Tier::Senior);
        assert!(o2.changes.is_empty());
    }

    #[test]
    fn progress_texts() {
        let r = TierRules::default();
        let today = d("2026-11-23");
        let none: Vec<SettledNote> = Vec::new();
        let p = progress(TierState::default(), &none, &r, today);
        assert_eq!(p.text(false), "1 more approved note to reach Junior");
        let n = notes(&[
            ("2026-09-03", "2026-09-30", 120),
            ("2026-10-05", "2026-10-31", 150),
        ]);
        let junior = TierState {
            tier: Tier::Junior,
            last_demotion: None,
        };
        let p = progress(junior, &n, &r, today);
        assert_eq!(
            p.text(false),
            "1 more note this month to reach Intermediate"
        );
        assert_eq!(p.text(true), "本月再发布 1 篇笔记即可成为中级 KOC");
        let two = TierRules {
            streak_notes: 2,
            ..r.clone()
        };
        let p = progress(junior, &n[1..], &two, today);
        assert_eq!(
            p.text(false),
            "2 more notes this month, then notes in each of the next 2 months, to reach Intermediate"
        );
        let intermediate = TierState {
            tier: Tier::Intermediate,
            last_demotion: None,
        };
        assert_eq!(
            progress(intermediate, &n, &r, today).text(false),
            "One note with 1000 interactions (a viral note) to reach Senior"
        );
        let senior = TierState {
            tier: Tier::Senior,
            last_demotion: None,
        };
        let low = notes(&[
            ("2026-09-03", "2026-09-30", 1_200),
            ("2026-10-05", "2026-10-31", 50),
        ]);
        assert_eq!(
            progress(senior, &low, &r, today).text(false),
            "Your last 1 note had under 100 interactions; 3 in a row drops you one tier"
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_notes() -> impl Strategy<Value = Vec<SettledNote>> {
        prop::collection::vec((0..36i64, 0..40i64, 0..3_000i64), 0..30).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (day, wait, interactions))| {
                    let published = CivilDate::new(2025, 1, 1).unwrap().add_days(day * 9);
                    SettledNote {
                        id: format!("n{i:03}"),
                        published,
                        settled: published.add_days(wait),
                        interactions,
                    }
                })
                .collect()
        })
    }

    proptest! {
        /// Evaluation is deterministic and independent of input order, and
        /// settling in two steps gives what settling at once gives.
        #[test]
        fn order_independent_and_incremental(n in any_notes(), seed in any::<u64>(), split in 0..30usize) {
            let r = TierRules::default();
            let all = evaluate(&n, &r);
            let mut shuffled = n.clone();
            let len = shuffled.len();
            for i in (1..len).rev() {
                shuffled.swap(i, (seed.wrapping_mul(i as u64 + 7) % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(&evaluate(&shuffled, &r), &all);
            let mut order = n.clone();
            order.sort_by(|a, b| (a.settled, a.published, &a.id).cmp(&(b.settled, b.published, &b.id)));
            let (first, rest) = order.split_at(split.min(order.len()));
            let part = evaluate(first, &r);
            let whole = advance(part.state, first, rest, &r);
            prop_assert_eq!(whole.state, all.state);
            prop_assert_eq!([part.changes, whole.changes].concat(), all.changes);
        }
    }
}
