//! The roster's decisions: a member's class from what they have done (the
//! same derivation settlement stores and the ranking uses), the perks a
//! tier and class open (group invitations), and the demotion checks the
//! monthly job and settlement run (who is one low note from dropping, and
//! who no longer meets the senior bar under the rules in force).
//!
//! Pure, like the rest of `rules`: callers pass facts, dates and rules.

use crate::CivilDate;
use crate::class::{ClassScores, Classification, MemberClass};
use crate::ruleset::{RuleSet, linear_score, log_score};
use crate::tier::{SettledNote, Tier, TierChange, TierReason, TierRules, TierState};
use serde::{Deserialize, Serialize};

/// What a member's class is computed from, as the store counts it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassFacts {
    /// Followers over all declared social accounts.
    pub followers: i64,
    /// Approved, settled notes and their interactions in total.
    pub notes: i64,
    pub interactions: i64,
    /// Sign-ups to settled campaigns, and how many ended in an approved note.
    pub past_signups: i64,
    pub past_completed: i64,
    /// Submissions reviewed, and how many were approved.
    pub reviewed: i64,
    pub approved: i64,
}

impl ClassFacts {
    /// Average interactions per settled note (0 without notes).
    pub fn avg_interactions(&self) -> i64 {
        if self.notes > 0 {
            self.interactions / self.notes
        } else {
            0
        }
    }

    /// Percent of past selections that ended in an approved note.
    pub fn completion_percent(&self) -> i64 {
        if self.past_signups > 0 {
            (self.past_completed * 100 / self.past_signups).clamp(0, 100)
        } else {
            0
        }
    }

    /// The four class scores: task completion, content quality (approval
    /// rate), skill (note performance on the selection's log scale) and
    /// influence (followers on the selection's log scale).
    pub fn scores(&self, rules: &RuleSet) -> ClassScores {
        ClassScores {
            task_completion: self.completion_percent(),
            content_quality: if self.reviewed > 0 {
                linear_score(self.approved * 100 / self.reviewed, 100)
            } else {
                0
            },
            skill: log_score(self.avg_interactions(), rules.selection.performance_full),
            influence: log_score(self.followers, rules.selection.followers_full),
        }
    }

    /// The member's class under `rules`, with every part explained.
    pub fn classify(&self, rules: &RuleSet) -> Classification {
        rules.classes.classify(self.scores(rules))
    }
}

/// The class that counts: an operator's override wins until removed.
pub fn effective_class(computed: MemberClass, over: Option<MemberClass>) -> MemberClass {
    over.unwrap_or(computed)
}

/// A perk's requirement: at least this tier and at least this class (each
/// optional).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub min_tier: Option<Tier>,
    pub min_class: Option<MemberClass>,
}

/// Why a member does not qualify yet (the first missing requirement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Missing {
    Tier { need: Tier },
    Class { need: MemberClass },
}

impl Requirement {
    /// `None` when a member of `tier` and `class` qualifies.
    pub fn missing(&self, tier: Tier, class: MemberClass) -> Option<Missing> {
        if let Some(need) = self.min_tier
            && tier < need
        {
            return Some(Missing::Tier { need });
        }
        if let Some(need) = self.min_class
            && class < need
        {
            return Some(Missing::Class { need });
        }
        None
    }
}

/// Notes at the end of the member's settled notes (settlement order) that
/// are under the demotion bar.
fn low_run(notes: &[SettledNote], rules: &TierRules) -> i64 {
    let mut v: Vec<&SettledNote> = notes.iter().collect();
    v.sort_by(|a, b| (a.settled, a.published, &a.id).cmp(&(b.settled, b.published, &b.id)));
    v.iter()
        .rev()
        .take_while(|n| n.interactions < rules.demotion_below)
        .count() as i64
}

/// A senior whose next low note would demote them: the last
/// `demotion_notes - 1` settled notes are all under the bar. The member is
/// told a month ahead (the monthly job, and settlement), once a month.
pub fn demotion_likely(state: TierState, notes: &[SettledNote], rules: &TierRules) -> bool {
    state.tier == Tier::Senior
        && rules.demotion_notes > 1
        && low_run(notes, rules) >= rules.demotion_notes - 1
}

/// The monthly demotion check: a senior whose last `demotion_notes`
/// settled notes are all under the bar drops one tier on `today`.
/// Settlement demotes as notes settle; this catches a senior left there
/// when the brand raised the bar or shortened the window since. `None`
/// when nothing changes, so running it twice changes nothing more.
pub fn monthly_demotion(
    state: TierState,
    notes: &[SettledNote],
    rules: &TierRules,
    today: CivilDate,
) -> Option<TierChange> {
    (state.tier == Tier::Senior && low_run(notes, rules) >= rules.demotion_notes).then_some(
        TierChange {
            date: today,
            from: Tier::Senior,
            to: Tier::Intermediate,
            reason: TierReason::Demoted {
                notes: rules.demotion_notes,
                below: rules.demotion_below,
            },
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn facts(
        followers: i64,
        notes: i64,
        interactions: i64,
        done: (i64, i64),
        ok: (i64, i64),
    ) -> ClassFacts {
        ClassFacts {
            followers,
            notes,
            interactions,
            past_signups: done.0,
            past_completed: done.1,
            reviewed: ok.0,
            approved: ok.1,
        }
    }

    #[test]
    fn classes_from_facts() {
        let r = RuleSet::default();
        let check = |f: ClassFacts, want: MemberClass| {
            let c = f.classify(&r);
            assert_eq!(c.class, want, "{f:?} scored {}", c.score);
            assert_eq!(c.parts.iter().map(|p| p.contribution).sum::<i64>(), c.score);
            assert_eq!(c.parts.len(), 4);
        };
        check(ClassFacts::default(), MemberClass::Potential);
        check(
            facts(100_000, 10, 10_000, (10, 10), (10, 10)),
            MemberClass::HighQuality,
        );
        check(facts(2_000, 4, 800, (4, 3), (5, 4)), MemberClass::Standard);
        check(facts(50, 1, 5, (3, 0), (4, 1)), MemberClass::Potential);
        // Odd counts never panic or exceed the scale.
        check(facts(-5, 0, 99, (0, 7), (0, 3)), MemberClass::Potential);
        assert_eq!(facts(0, 3, 10, (2, 9), (0, 0)).completion_percent(), 100);
    }

    #[test]
    fn overrides_win() {
        use MemberClass::*;
        assert_eq!(effective_class(Potential, None), Potential);
        assert_eq!(effective_class(Potential, Some(HighQuality)), HighQuality);
        assert_eq!(effective_class(HighQuality, Some(Standard)), Standard);
    }

    #[test]
    fn requirements() {
        use MemberClass::*;
        let r = |t, c| Requirement {
            min_tier: t,
            min_class: c,
        };
        let table = [
            (r(None, None), Tier::Member, Potential, None),
            (
                r(Some(Tier::Intermediate), None),
                Tier::Junior,
                HighQuality,
                Some(Missing::Tier {
                    need: Tier::Intermediate,
                }),
            ),
            (
                r(Some(Tier::Intermediate), None),
                Tier::Senior,
                Potential,
                None,
            ),
            (
                r(Some(Tier::Junior), Some(Standard)),
                Tier::Junior,
                Potential,
                Some(Missing::Class { need: Standard }),
            ),
            (r(None, Some(HighQuality)), Tier::Member, HighQuality, None),
        ];
        for (req, tier, class, want) in table {
            assert_eq!(req.missing(tier, class), want, "{req:?} {tier:?} {class:?}");
        }
    }

    fn note(id: &str, day: &str, interactions: i64) -> SettledNote {
        let d = CivilDate::parse(day).unwrap();
        SettledNote {
            id: id.into(),
            published: d,
            settled: d,
            interactions,
        }
    }

    #[test]
    fn demotion_checks() {
        let rules = TierRules::default();
        let senior = TierState {
            tier: Tier::Senior,
            last_demotion: None,
        };
        let today = CivilDate::parse("2026-12-01").unwrap();
        let viral = note("a", "2026-01-05", 5_000);
        let low1 = note("b", "2026-02-05", 10);
        let low2 = note("c", "2026-03-05", 20);
        let low3 = note("d", "2026-04-05", 30);
        let ok = note("e", "2026-05-05", 500);
        // (notes, likely, demoted)
        let table: [(Vec<SettledNote>, bool, bool); 5] = [
            (vec![viral.clone()], false, false),
            (vec![viral.clone(), low1.clone()], false, false),
            (vec![low2.clone(), viral.clone(), low1.clone()], true, false),
            (
                vec![viral.clone(), low1.clone(), low2.clone(), low3.clone()],
                true,
                true,
            ),
            (vec![low1, low2, low3, ok], false, false),
        ];
        for (notes, likely, demoted) in table {
            assert_eq!(demotion_likely(senior, &notes, &rules), likely, "{notes:?}");
            let d = monthly_demotion(senior, &notes, &rules, today);
            assert_eq!(d.is_some(), demoted, "{notes:?}");
            if let Some(c) = d {
                assert_eq!(
                    (c.from, c.to, c.date),
                    (Tier::Senior, Tier::Intermediate, today)
                );
            }
            // Only seniors are checked.
            let junior = TierState {
                tier: Tier::Intermediate,
                last_demotion: None,
            };
            assert!(!demotion_likely(junior, &notes, &rules));
            assert!(monthly_demotion(junior, &notes, &rules, today).is_none());
        }
    }
}
