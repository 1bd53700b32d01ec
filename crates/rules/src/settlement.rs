//! Settlement's arithmetic, with no I/O: a campaign's approved notes (each
//! with the snapshot settlement reads) and its frozen rule set and
//! multiplier in; each note's points and interactions (its ledger line),
//! the per-member statements, and, given the members' earlier settled
//! notes and tier states, the tier changes out.
//!
//! The store's settlement and the settlement preview both call
//! [`statements`], so what the preview shows is what a commit credits by
//! construction; the store adds [`tier_changes`] and writes the result.

use crate::{CivilDate, Metrics, NoteInput, Platform, PointsBreakdown, RuleSet};
use crate::{SettledNote, TierChange, TierState};
use std::collections::BTreeMap;

/// One approved note as settlement sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The submission's id (unique within the brand).
    pub id: String,
    pub member_id: String,
    pub platform: Platform,
    /// The latest snapshot on or before the settlement date (zeros when
    /// there is none).
    pub metrics: Metrics,
}

/// What one note earns: the line credited to the member's ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteResult {
    pub id: String,
    pub member_id: String,
    pub platform: Platform,
    pub breakdown: PointsBreakdown,
}

impl NoteResult {
    pub fn points(&self) -> i64 {
        self.breakdown.total
    }
    pub fn interactions(&self) -> i64 {
        self.breakdown.interactions
    }
}

/// One member's notes in a settlement and their total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub member_id: String,
    pub total: i64,
    /// The member's notes, by id.
    pub notes: Vec<NoteResult>,
}

/// A campaign's settlement figures.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Statements {
    /// Highest total first, then by member id.
    pub statements: Vec<Statement>,
    pub notes: usize,
    pub points_total: i64,
}

impl Statements {
    /// Every note's result, member by member.
    pub fn notes(&self) -> impl Iterator<Item = &NoteResult> {
        self.statements.iter().flat_map(|s| s.notes.iter())
    }
}

/// Scores every note under `rules` with the campaign's multiplier and
/// groups the results per member. The order of `notes` does not matter.
pub fn statements(rules: &RuleSet, multiplier_percent: i64, notes: &[Note]) -> Statements {
    let mut by_member: BTreeMap<&str, Vec<NoteResult>> = BTreeMap::new();
    let mut points_total = 0;
    for n in notes {
        let breakdown = rules.points.points_for(NoteInput {
            metrics: n.metrics,
            platform: n.platform,
            multiplier_percent,
        });
        points_total += breakdown.total;
        by_member.entry(&n.member_id).or_default().push(NoteResult {
            id: n.id.clone(),
            member_id: n.member_id.clone(),
            platform: n.platform,
            breakdown,
        });
    }
    let mut statements: Vec<Statement> = by_member
        .into_iter()
        .map(|(member, mut notes)| {
            notes.sort_by(|a, b| a.id.cmp(&b.id));
            Statement {
                member_id: member.to_string(),
                total: notes.iter().map(NoteResult::points).sum(),
                notes,
            }
        })
        .collect();
    statements.sort_by(|a, b| {
        b.total
            .cmp(&a.total)
            .then_with(|| a.member_id.cmp(&b.member_id))
    });
    Statements {
        statements,
        notes: notes.len(),
        points_total,
    }
}

/// A member's tier inputs before this settlement.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TierHistory {
    pub state: TierState,
    /// Notes settled before this campaign.
    pub before: Vec<SettledNote>,
    /// Tier changes already recorded (the next change's sequence number).
    pub recorded: i64,
}

/// One tier change this settlement causes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberTierChange {
    pub member_id: String,
    /// Its sequence number among the member's changes.
    pub seq: i64,
    pub change: TierChange,
    /// The member's last demotion after this settlement.
    pub last_demotion: Option<CivilDate>,
}

/// The tier changes settling `settled` on `settled_on` causes, member by
/// member (a member without history starts as a new member). `published`
/// gives each note's submission date in the brand's time zone.
pub fn tier_changes(
    rules: &RuleSet,
    settled: &Statements,
    published: &BTreeMap<&str, CivilDate>,
    settled_on: CivilDate,
    history: &BTreeMap<String, TierHistory>,
) -> Vec<MemberTierChange> {
    let empty = TierHistory::default();
    let mut out = Vec::new();
    for s in &settled.statements {
        let h = history.get(&s.member_id).unwrap_or(&empty);
        let new: Vec<SettledNote> = s
            .notes
            .iter()
            .map(|n| SettledNote {
                id: n.id.clone(),
                published: published.get(n.id.as_str()).copied().unwrap_or(settled_on),
                settled: settled_on,
                interactions: n.interactions(),
            })
            .collect();
        let outcome = crate::tier::advance(h.state, &h.before, &new, &rules.tiers);
        for (i, change) in outcome.changes.into_iter().enumerate() {
            out.push(MemberTierChange {
                member_id: s.member_id.clone(),
                seq: h.recorded + i as i64,
                change,
                last_demotion: outcome.state.last_demotion,
            });
        }
    }
    out.sort_by(|a, b| (&a.member_id, a.seq).cmp(&(&b.member_id, b.seq)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Tier;

    fn note(id: &str, member: &str, likes: i64) -> Note {
        Note {
            id: id.into(),
            member_id: member.into(),
            platform: Platform::Xiaohongshu,
            metrics: Metrics {
                likes,
                comments: 0,
                saves: 0,
            },
        }
    }

    /// `(member, total, note ids)` per statement, and the grand total.
    fn check(notes: &[Note], multiplier: i64, expect: &[(&str, i64, &[&str])]) {
        let rules = RuleSet::default();
        let got = statements(&rules, multiplier, notes);
        let shape: Vec<(&str, i64, Vec<&str>)> = got
            .statements
            .iter()
            .map(|s| {
                (
                    s.member_id.as_str(),
                    s.total,
                    s.notes.iter().map(|n| n.id.as_str()).collect(),
                )
            })
            .collect();
        let want: Vec<(&str, i64, Vec<&str>)> = expect
            .iter()
            .map(|(m, t, ids)| (*m, *t, ids.to_vec()))
            .collect();
        assert_eq!(shape, want);
        assert_eq!(got.notes, notes.len());
        assert_eq!(got.points_total, expect.iter().map(|e| e.1).sum::<i64>());
        // Each line is what the points rules give the note alone.
        for n in got.notes() {
            let alone = notes.iter().find(|x| x.id == n.id).unwrap();
            let b = rules.points.points_for(NoteInput {
                metrics: alone.metrics,
                platform: alone.platform,
                multiplier_percent: multiplier,
            });
            assert_eq!(n.breakdown, b);
        }
    }

    fn points(likes: i64, multiplier: i64) -> i64 {
        RuleSet::default()
            .points
            .points_for(NoteInput {
                metrics: Metrics {
                    likes,
                    comments: 0,
                    saves: 0,
                },
                platform: Platform::Xiaohongshu,
                multiplier_percent: multiplier,
            })
            .total
    }

    #[test]
    fn statements_group_by_member_and_rank_by_total() {
        check(&[], 100, &[]);
        let (low, high) = (points(0, 100), points(5_000, 100));
        assert!(high > low);
        check(
            &[
                note("n2", "a", 0),
                note("n1", "b", 5_000),
                note("n3", "a", 0),
            ],
            100,
            &[("b", high, &["n1"]), ("a", 2 * low, &["n2", "n3"])],
        );
        // Ties rank by member id; input order never matters.
        check(
            &[note("n9", "z", 0), note("n8", "y", 0)],
            100,
            &[("y", low, &["n8"]), ("z", low, &["n9"])],
        );
        let doubled = points(5_000, 200);
        check(&[note("n1", "a", 5_000)], 200, &[("a", doubled, &["n1"])]);
    }

    #[test]
    fn tier_changes_number_after_the_recorded_ones() {
        let rules = RuleSet::default();
        let notes: Vec<Note> = (0..12)
            .map(|i| note(&format!("n{i:02}"), "a", 50_000))
            .collect();
        let on = CivilDate::parse("2026-12-31").unwrap();
        let day = CivilDate::parse("2026-12-01").unwrap();
        let published: BTreeMap<&str, CivilDate> =
            notes.iter().map(|n| (n.id.as_str(), day)).collect();
        let settled = statements(&rules, 100, &notes);
        let fresh = tier_changes(&rules, &settled, &published, on, &BTreeMap::new());
        let expected = crate::tier::advance(
            TierState::default(),
            &[],
            &notes
                .iter()
                .map(|n| SettledNote {
                    id: n.id.clone(),
                    published: day,
                    settled: on,
                    interactions: settled
                        .notes()
                        .find(|r| r.id == n.id)
                        .unwrap()
                        .interactions(),
                })
                .collect::<Vec<_>>(),
            &rules.tiers,
        );
        assert_eq!(
            fresh.iter().map(|c| c.change.clone()).collect::<Vec<_>>(),
            expected.changes
        );
        assert!(fresh.iter().enumerate().all(|(i, c)| c.seq == i as i64));
        let history = BTreeMap::from([(
            "a".to_string(),
            TierHistory {
                state: TierState {
                    tier: Tier::Member,
                    last_demotion: None,
                },
                before: Vec::new(),
                recorded: 3,
            },
        )]);
        let later = tier_changes(&rules, &settled, &published, on, &history);
        assert_eq!(later.len(), fresh.len());
        assert!(later.iter().enumerate().all(|(i, c)| c.seq == 3 + i as i64));
    }
}
