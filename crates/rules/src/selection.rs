//! Selection among oversubscribed sign-ups: a transparent score per
//! candidate (followers, past note performance, completion rate, tier,
//! class) with every component shown, deterministic tie-breaks (score, then
//! earlier sign-up, then id) and an optional quota of slots for first-timers.

use crate::class::MemberClass;
use crate::ruleset::{
    MAX_RULE_VALUE, RuleError, ScorePart, bounded, linear_score, log_score, positive, weighted,
    weights,
};
use crate::tier::Tier;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionRules {
    pub followers_weight: i64,
    pub performance_weight: i64,
    pub completion_weight: i64,
    pub tier_weight: i64,
    pub class_weight: i64,
    /// Followers that score full marks (scored on a log scale).
    pub followers_full: i64,
    /// Average interactions per past note that score full marks (log scale).
    pub performance_full: i64,
    /// Percent of slots kept for members without an approved note yet.
    pub first_timer_quota_percent: i64,
}

impl Default for SelectionRules {
    fn default() -> Self {
        SelectionRules {
            followers_weight: 25,
            performance_weight: 30,
            completion_weight: 20,
            tier_weight: 15,
            class_weight: 10,
            followers_full: 100_000,
            performance_full: 1_000,
            first_timer_quota_percent: 20,
        }
    }
}

impl SelectionRules {
    pub fn validate(&self) -> Result<(), RuleError> {
        weights(&[
            ("selection.followers_weight", self.followers_weight),
            ("selection.performance_weight", self.performance_weight),
            ("selection.completion_weight", self.completion_weight),
            ("selection.tier_weight", self.tier_weight),
            ("selection.class_weight", self.class_weight),
        ])?;
        positive(
            "selection.followers_full",
            self.followers_full,
            MAX_RULE_VALUE,
        )?;
        positive(
            "selection.performance_full",
            self.performance_full,
            MAX_RULE_VALUE,
        )?;
        bounded(
            "selection.first_timer_quota_percent",
            self.first_timer_quota_percent,
            100,
        )
    }
}

/// One sign-up to rank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub member_id: String,
    /// When they signed up (UNIX seconds): earlier wins a tie.
    pub signed_up_at: i64,
    pub followers: i64,
    /// Approved, settled notes so far; 0 makes a first-timer.
    pub notes: i64,
    /// Average interactions of those notes.
    pub avg_interactions: i64,
    /// Percent of past selections that ended in an approved note.
    pub completion_percent: i64,
    pub tier: Tier,
    pub class: MemberClass,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// In the top N.
    Selected,
    /// Below the cut, but in a slot kept for first-timers.
    SelectedByQuota,
    Waitlisted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    pub member_id: String,
    /// 1-based place in the ranking by score.
    pub rank: usize,
    /// Hundredths of a point, 0–10,000.
    pub score: i64,
    pub parts: Vec<ScorePart>,
    pub first_timer: bool,
    pub outcome: Outcome,
    /// Place on the waitlist (1-based), for waitlisted candidates.
    pub waitlist: Option<usize>,
}

fn tier_score(t: Tier) -> i64 {
    match t {
        Tier::Member => 0,
        Tier::Junior => 33,
        Tier::Intermediate => 67,
        Tier::Senior => 100,
    }
}

fn class_score(c: MemberClass) -> i64 {
    match c {
        MemberClass::Potential => 0,
        MemberClass::Standard => 50,
        MemberClass::HighQuality => 100,
    }
}

impl SelectionRules {
    /// The score of one candidate with its breakdown.
    pub fn score(&self, c: &Candidate) -> (i64, Vec<ScorePart>) {
        weighted(vec![
            (
                "followers",
                c.followers,
                log_score(c.followers, self.followers_full),
                self.followers_weight,
            ),
            (
                "performance",
                c.avg_interactions,
                log_score(c.avg_interactions, self.performance_full),
                self.performance_weight,
            ),
            (
                "completion",
                c.completion_percent,
                linear_score(c.completion_percent, 100),
                self.completion_weight,
            ),
            (
                "tier",
                tier_score(c.tier),
                tier_score(c.tier),
                self.tier_weight,
            ),
            (
                "class",
                class_score(c.class),
                class_score(c.class),
                self.class_weight,
            ),
        ])
    }

    /// Ranks all candidates and decides who fills `slots`. The order of
    /// `candidates` never matters.
    pub fn rank(&self, candidates: &[Candidate], slots: usize) -> Vec<Ranked> {
        let mut ranked: Vec<(Ranked, i64)> = candidates
            .iter()
            .map(|c| {
                let (score, parts) = self.score(c);
                let r = Ranked {
                    member_id: c.member_id.clone(),
                    rank: 0,
                    score,
                    parts,
                    first_timer: c.notes == 0,
                    outcome: Outcome::Waitlisted,
                    waitlist: None,
                };
                (r, c.signed_up_at)
            })
            .collect();
        ranked.sort_by(|(a, at), (b, bt)| {
            b.score
                .cmp(&a.score)
                .then(at.cmp(bt))
                .then_with(|| a.member_id.cmp(&b.member_id))
        });
        let mut out: Vec<Ranked> = ranked.into_iter().map(|(r, _)| r).collect();
        for (i, r) in out.iter_mut().enumerate() {
            r.rank = i + 1;
        }
        let slots = slots.min(out.len());
        for r in &mut out[..slots] {
            r.outcome = Outcome::Selected;
        }
        // Keep the quota: swap the lowest-ranked selected regulars for the
        // best waitlisted first-timers.
        let quota = slots * self.first_timer_quota_percent as usize / 100;
        let have = out[..slots].iter().filter(|r| r.first_timer).count();
        let newcomers: Vec<usize> = (slots..out.len()).filter(|&i| out[i].first_timer).collect();
        let regulars: Vec<usize> = (0..slots).rev().filter(|&i| !out[i].first_timer).collect();
        let swaps = quota.saturating_sub(have);
        for (newcomer, regular) in newcomers.into_iter().zip(regulars).take(swaps) {
            out[regular].outcome = Outcome::Waitlisted;
            out[newcomer].outcome = Outcome::SelectedByQuota;
        }
        let mut place = 0;
        for r in &mut out {
            if r.outcome == Outcome::Waitlisted {
                place += 1;
                r.waitlist = Some(place);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn cand(id: &str, at: i64, followers: i64, notes: i64, avg: i64, tier: Tier) -> Candidate {
        Candidate {
            member_id: id.into(),
            signed_up_at: at,
            followers,
            notes,
            avg_interactions: avg,
            completion_percent: if notes > 0 { 100 } else { 0 },
            tier,
            class: MemberClass::Standard,
        }
    }

    fn show(r: &[Ranked]) -> Vec<String> {
        r.iter()
            .map(|r| {
                format!(
                    "{} {:?}{}",
                    r.member_id,
                    r.outcome,
                    r.waitlist.map(|w| format!(" #{w}")).unwrap_or_default()
                )
            })
            .collect()
    }

    fn pool() -> Vec<Candidate> {
        vec![
            cand("senior", 5, 50_000, 12, 1_500, Tier::Senior),
            cand("mid", 4, 8_000, 6, 400, Tier::Intermediate),
            cand("junior", 3, 2_000, 1, 120, Tier::Junior),
            cand("new-big", 2, 20_000, 0, 0, Tier::Member),
            cand("new-small", 1, 300, 0, 0, Tier::Member),
        ]
    }

    #[test]
    fn ranks_by_score_with_breakdown() {
        let r = SelectionRules {
            first_timer_quota_percent: 0,
            ..SelectionRules::default()
        };
        let ranked = r.rank(&pool(), 2);
        assert_eq!(
            show(&ranked),
            [
                "senior Selected",
                "mid Selected",
                "junior Waitlisted #1",
                "new-big Waitlisted #2",
                "new-small Waitlisted #3"
            ]
        );
        for c in &ranked {
            assert_eq!(c.parts.iter().map(|p| p.contribution).sum::<i64>(), c.score);
            assert_eq!(c.parts.len(), 5);
        }
        assert!(ranked.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn quota_for_first_timers() {
        // 5 slots × 20 % = 1 slot kept: the best first-timer replaces the
        // lowest selected regular.
        let mut more = pool();
        more.push(cand("mid2", 6, 9_000, 5, 380, Tier::Intermediate));
        more.push(cand("mid3", 7, 7_000, 4, 350, Tier::Intermediate));
        let ranked = SelectionRules::default().rank(&more, 5);
        let selected: Vec<&str> = ranked
            .iter()
            .filter(|r| r.outcome != Outcome::Waitlisted)
            .map(|r| r.member_id.as_str())
            .collect();
        assert_eq!(selected.len(), 5);
        assert!(selected.contains(&"new-big"));
        assert_eq!(
            ranked
                .iter()
                .find(|r| r.member_id == "new-big")
                .unwrap()
                .outcome,
            Outcome::SelectedByQuota
        );
        assert!(!selected.contains(&"junior"));
    }

    #[test]
    fn ties_break_by_sign_up_time_then_id() {
        let a = cand("b", 10, 100, 0, 0, Tier::Member);
        let b = cand("a", 10, 100, 0, 0, Tier::Member);
        let c = cand("c", 9, 100, 0, 0, Tier::Member);
        let ranked = SelectionRules::default().rank(&[a, b, c], 1);
        assert_eq!(
            show(&ranked),
            ["c Selected", "a Waitlisted #1", "b Waitlisted #2"]
        );
    }

    #[test]
    fn more_slots_than_candidates() {
        let ranked = SelectionRules::default().rank(&pool(), 50);
        assert!(ranked.iter().all(|r| r.outcome == Outcome::Selected));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Ranking ignores input order, fills exactly min(slots, n) places,
        /// and keeps the quota whenever enough first-timers signed up.
        #[test]
        fn deterministic_and_fills_slots(
            raw in prop::collection::vec((0..100i64, 0..200_000i64, 0..5i64, 0..3_000i64, 0..4usize), 0..40),
            slots in 0..20usize,
            rot in 0..40usize,
        ) {
            let cands: Vec<Candidate> = raw.iter().enumerate().map(|(i, &(at, f, n, avg, t))| Candidate {
                member_id: format!("m{i:02}"),
                signed_up_at: at,
                followers: f,
                notes: n,
                avg_interactions: if n > 0 { avg } else { 0 },
                completion_percent: 50,
                tier: Tier::ALL[t],
                class: MemberClass::Standard,
            }).collect();
            let r = SelectionRules::default();
            let ranked = r.rank(&cands, slots);
            let mut rotated = cands.clone();
            let len = rotated.len();
            if len > 0 { rotated.rotate_left(rot % len); }
            prop_assert_eq!(&r.rank(&rotated, slots), &ranked);
            let chosen = ranked.iter().filter(|c| c.outcome != Outcome::Waitlisted).count();
            prop_assert_eq!(chosen, slots.min(cands.len()));
            let quota = slots.min(cands.len()) * 20 / 100;
            let newcomers = cands.iter().filter(|c| c.notes == 0).count();
            let chosen_new = ranked.iter().filter(|c| c.outcome != Outcome::Waitlisted && c.first_timer).count();
            prop_assert!(chosen_new >= quota.min(newcomers));
        }
    }
}
