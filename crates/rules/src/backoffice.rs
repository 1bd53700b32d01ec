//! The KOS back office's pure decisions (issue 17): a training quiz and
//! its score (the answer key stays with the server: staff get
//! [`Quiz::for_staff`]), a goal's progress, a competition's phase, its
//! leaderboard places and prizes, and the sales and account-growth
//! rewards. The server and the apps compute these the same way because
//! they are computed here once; everything is integer (percent and fen),
//! so the phone, the admin and the ledger agree to the digit.

use crate::date::CivilDate;
use crate::words::CompetitionPhase;
use serde::{Deserialize, Serialize};

/// The most questions a quiz may have, and choices per question.
pub const MAX_QUESTIONS: usize = 50;
pub const MAX_CHOICES: usize = 8;

/// One multiple-choice question with its answer key (the index of the
/// right choice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub prompt: String,
    pub choices: Vec<String>,
    pub answer: u8,
}

/// A course's quiz as stored (JSON in `kos_courses.quiz`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiz {
    pub questions: Vec<Question>,
}

/// A question as staff see it: no answer key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffQuestion {
    pub prompt: String,
    pub choices: Vec<String>,
}

/// Why a quiz cannot be saved; the code is the server's error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizError {
    /// More than [`MAX_QUESTIONS`] questions.
    TooManyQuestions,
    /// A question without a prompt, with fewer than two or more than
    /// [`MAX_CHOICES`] choices, an empty choice, or a key naming no choice.
    BadQuestion(usize),
}

impl QuizError {
    pub fn code(self) -> &'static str {
        match self {
            QuizError::TooManyQuestions => "quiz_too_long",
            QuizError::BadQuestion(_) => "quiz_question_invalid",
        }
    }
}

/// How one attempt went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizResult {
    pub correct: u32,
    pub total: u32,
    /// `correct / total` in whole percent, rounded down; 100 for a course
    /// without questions (reading it completes it).
    pub percent: u32,
    pub passed: bool,
}

impl Quiz {
    /// Checks a quiz an operator saves: prompts and choices trimmed and
    /// present, 2 to 8 choices, a key that names one of them.
    pub fn check(&self) -> Result<(), QuizError> {
        if self.questions.len() > MAX_QUESTIONS {
            return Err(QuizError::TooManyQuestions);
        }
        for (i, q) in self.questions.iter().enumerate() {
            let bad = q.prompt.trim().is_empty()
                || q.choices.len() < 2
                || q.choices.len() > MAX_CHOICES
                || q.choices.iter().any(|c| c.trim().is_empty())
                || usize::from(q.answer) >= q.choices.len();
            if bad {
                return Err(QuizError::BadQuestion(i));
            }
        }
        Ok(())
    }

    /// The questions without their answer key.
    pub fn for_staff(&self) -> Vec<StaffQuestion> {
        self.questions
            .iter()
            .map(|q| StaffQuestion {
                prompt: q.prompt.clone(),
                choices: q.choices.clone(),
            })
            .collect()
    }

    /// Scores `answers` (one chosen index per question, in order; a
    /// missing or out-of-range answer is wrong) against the key;
    /// `pass_percent` is the least percent that passes.
    pub fn score(&self, answers: &[u8], pass_percent: u32) -> QuizResult {
        let total = self.questions.len() as u32;
        let correct = self
            .questions
            .iter()
            .zip(answers.iter().map(Some).chain(std::iter::repeat(None)))
            .filter(|(q, a)| *a == Some(&q.answer))
            .count() as u32;
        let percent = (correct * 100).checked_div(total).unwrap_or(100);
        QuizResult {
            correct,
            total,
            percent,
            passed: percent >= pass_percent,
        }
    }
}

/// A goal's progress in whole percent of its target, rounded down and
/// not capped (a goal beaten shows more than 100); a target of zero is
/// met at once.
pub fn goal_percent(actual: i64, target: i64) -> i64 {
    if target <= 0 {
        return 100;
    }
    let p = i128::from(actual.max(0)) * 100 / i128::from(target);
    p.min(i128::from(i64::MAX)) as i64
}

/// Where a competition stands on `today` (the brand's date): upcoming
/// before `starts_on`, running through `ends_on` inclusive, then finished
/// until its prizes are paid.
pub fn competition_phase(
    starts_on: CivilDate,
    ends_on: CivilDate,
    paid: bool,
    today: CivilDate,
) -> CompetitionPhase {
    if paid {
        CompetitionPhase::Paid
    } else if today < starts_on {
        CompetitionPhase::Upcoming
    } else if today <= ends_on {
        CompetitionPhase::Running
    } else {
        CompetitionPhase::Finished
    }
}

/// Standard competition places ("1224"): entrants sorted by `value`
/// descending (ties in the order given, which callers make their id
/// order), an entrant's place is one more than the number of entrants
/// with a strictly larger value. Returns `(index into values, place)` in
/// leaderboard order.
pub fn places(values: &[i64]) -> Vec<(usize, u32)> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| values[*b].cmp(&values[*a]).then(a.cmp(b)));
    let mut out = Vec::with_capacity(order.len());
    let mut place = 0u32;
    for (n, &i) in order.iter().enumerate() {
        if n == 0 || values[i] != values[order[n - 1]] {
            place = n as u32 + 1;
        }
        out.push((i, place));
    }
    out
}

/// The prize for a place: `prizes[place - 1]`, nothing past the list or
/// for an entrant who scored nothing. Tied entrants each get their place's
/// prize (two firsts both get the first prize; the next place is third).
pub fn prize_for(prizes: &[i64], place: u32, value: i64) -> i64 {
    if value <= 0 || place == 0 {
        return 0;
    }
    prizes.get(place as usize - 1).copied().unwrap_or(0).max(0)
}

/// A sales reward: `permille` ‰ of `sales_fen`, rounded down to the fen.
pub fn sales_reward(sales_fen: i64, permille: i64) -> i64 {
    if sales_fen <= 0 || permille <= 0 {
        return 0;
    }
    (i128::from(sales_fen) * i128::from(permille) / 1000).min(i128::from(i64::MAX)) as i64
}

/// An account-growth reward: `per_step` for every whole `step` followers
/// gained (a loss earns nothing).
pub fn growth_reward(gained: i64, step: i64, per_step: i64) -> i64 {
    if gained <= 0 || step <= 0 || per_step <= 0 {
        return 0;
    }
    (gained / step).saturating_mul(per_step)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn q(answer: u8, n: usize) -> Question {
        Question {
            prompt: "问".into(),
            choices: (0..n).map(|i| format!("选项{i}")).collect(),
            answer,
        }
    }

    #[test]
    fn quizzes_are_checked() {
        let check = |questions: Vec<Question>, expect: Result<(), QuizError>| {
            assert_eq!(Quiz { questions }.check(), expect);
        };
        check(vec![], Ok(()));
        check(vec![q(0, 2), q(3, 4)], Ok(()));
        check(vec![q(0, 2), q(2, 2)], Err(QuizError::BadQuestion(1)));
        check(vec![q(0, 1)], Err(QuizError::BadQuestion(0)));
        check(vec![q(0, 9)], Err(QuizError::BadQuestion(0)));
        let mut blank = q(0, 2);
        blank.prompt = "  ".into();
        check(vec![blank], Err(QuizError::BadQuestion(0)));
        let mut empty_choice = q(0, 3);
        empty_choice.choices[2] = " ".into();
        check(vec![empty_choice], Err(QuizError::BadQuestion(0)));
        check(vec![q(0, 2); 51], Err(QuizError::TooManyQuestions));
    }

    #[test]
    fn quizzes_are_scored_against_the_key() {
        let quiz = Quiz {
            questions: vec![q(1, 3), q(0, 2), q(2, 4)],
        };
        let check = |answers: &[u8], pass: u32, correct: u32, percent: u32, passed: bool| {
            let r = quiz.score(answers, pass);
            assert_eq!(
                (r.correct, r.total, r.percent, r.passed),
                (correct, 3, percent, passed),
                "{answers:?}"
            );
        };
        check(&[1, 0, 2], 60, 3, 100, true);
        check(&[1, 0, 0], 60, 2, 66, true);
        check(&[1, 0, 0], 67, 2, 66, false);
        check(&[1], 0, 1, 33, true);
        check(&[], 1, 0, 0, false);
        check(&[9, 9, 9, 1], 0, 0, 0, true);
        let none = Quiz::default().score(&[], 80);
        assert_eq!((none.percent, none.passed), (100, true));
    }

    #[test]
    fn staff_never_see_the_key() {
        let quiz = Quiz {
            questions: vec![q(1, 3)],
        };
        let shown = serde_json::to_string(&quiz.for_staff()).unwrap();
        assert!(!shown.contains("answer"), "{shown}");
    }

    #[test]
    fn goal_progress() {
        for (actual, target, expect) in [
            (0, 10, 0),
            (5, 10, 50),
            (9, 10, 90),
            (10, 10, 100),
            (25, 10, 250),
            (1, 3, 33),
            (-4, 10, 0),
            (7, 0, 100),
            (i64::MAX, 1, i64::MAX),
        ] {
            assert_eq!(goal_percent(actual, target), expect, "{actual}/{target}");
        }
    }

    #[test]
    fn competition_phases() {
        let d = |s: &str| CivilDate::parse(s).unwrap();
        let phase = |today: &str, paid: bool| {
            competition_phase(d("2026-11-01"), d("2026-11-30"), paid, d(today))
        };
        assert_eq!(phase("2026-10-31", false), CompetitionPhase::Upcoming);
        assert_eq!(phase("2026-11-01", false), CompetitionPhase::Running);
        assert_eq!(phase("2026-11-30", false), CompetitionPhase::Running);
        assert_eq!(phase("2026-12-01", false), CompetitionPhase::Finished);
        assert_eq!(phase("2026-12-01", true), CompetitionPhase::Paid);
    }

    #[test]
    fn places_share_ties_and_skip_after_them() {
        let check = |values: &[i64], expect: &[(usize, u32)]| {
            assert_eq!(places(values), expect, "{values:?}");
        };
        check(&[], &[]);
        check(&[5], &[(0, 1)]);
        check(&[3, 9, 9, 1], &[(1, 1), (2, 1), (0, 3), (3, 4)]);
        check(&[0, 0], &[(0, 1), (1, 1)]);
        check(&[1, 2, 3], &[(2, 1), (1, 2), (0, 3)]);
    }

    #[test]
    fn prizes_by_place() {
        let prizes = [500, 300, 100];
        for (place, value, expect) in [
            (1, 10, 500),
            (2, 10, 300),
            (3, 1, 100),
            (4, 10, 0),
            (1, 0, 0),
            (0, 10, 0),
        ] {
            assert_eq!(prize_for(&prizes, place, value), expect, "{place} {value}");
        }
        assert_eq!(prize_for(&[-5], 1, 3), 0);
    }

    #[test]
    fn rewards_round_down() {
        assert_eq!(sales_reward(123_456, 10), 1_234);
        assert_eq!(sales_reward(99, 10), 0);
        assert_eq!(sales_reward(-100, 10), 0);
        assert_eq!(sales_reward(100, 0), 0);
        assert_eq!(growth_reward(250, 100, 20), 40);
        assert_eq!(growth_reward(99, 100, 20), 0);
        assert_eq!(growth_reward(-300, 100, 20), 0);
        assert_eq!(growth_reward(300, 0, 20), 0);
    }
}
