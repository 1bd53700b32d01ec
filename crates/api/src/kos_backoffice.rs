//! The KOS back office (issue 17): training courses and their quiz,
//! monthly goals with progress, competitions with leaderboards, incentives
//! paid through the ledger, and the dashboards. The staff app reads the
//! slim `My…` projections (a course's questions without the answer key);
//! the admin reads the full views.

use rules::words::{
    CompetitionPhase, CourseStatus, IncentiveKind, KosMetric, KosSubject, RewardUnit,
};
use serde::{Deserialize, Serialize};

api_type! {
    /// One quiz question with its answer key (operators only).
    pub struct QuizQuestionForm {
        pub prompt: String,
        /// 2 to 8 choices.
        pub choices: Vec<String>,
        /// The index of the right choice.
        pub answer: u8,
    }
}

api_type! {
    /// A course as operators write it.
    pub struct CourseForm {
        pub title: String,
        pub body: String,
        /// An https link to the video, or empty.
        pub video_url: String,
        pub questions: Vec<QuizQuestionForm>,
        /// The least score that passes, 0 to 100.
        pub pass_percent: i64,
        pub status: CourseStatus,
        /// KOS roles it is assigned to (`shopping_assistant`, …).
        pub kos_roles: Vec<String>,
        /// Stores it is assigned to (ids).
        pub store_ids: Vec<String>,
    }
}

api_type! {
    /// A course with its quiz and key, for operators.
    pub struct CourseView {
        pub id: String,
        pub form: CourseForm,
        pub updated_at: i64,
    }
}

api_type! {
    /// A course in the operators' list.
    pub struct CourseSummaryView {
        pub id: String,
        pub title: String,
        pub status: CourseStatus,
        pub pass_percent: i64,
        pub targets: i64,
        pub attempted: i64,
        pub passed: i64,
        pub updated_at: i64,
    }
}

api_type! {
    /// One assigned staff member's results on a course.
    pub struct CourseResultView {
        pub staff_id: String,
        pub name: String,
        pub store_name: String,
        pub attempts: i64,
        pub best_percent: Option<i64>,
        pub passed: bool,
        pub last_at: Option<i64>,
    }
}

api_type! {
    /// A course in the staff member's list.
    pub struct MyCourse {
        pub id: String,
        pub title: String,
        pub pass_percent: i64,
        pub best_percent: Option<i64>,
        pub passed: bool,
    }
}

api_type! {
    /// A question as staff see it: no answer key.
    pub struct MyQuestion {
        pub prompt: String,
        pub choices: Vec<String>,
    }
}

api_type! {
    /// A course to take on the phone.
    pub struct MyCourseDetail {
        pub id: String,
        pub title: String,
        pub body: String,
        pub video_url: String,
        pub pass_percent: i64,
        pub questions: Vec<MyQuestion>,
        pub best_percent: Option<i64>,
        pub passed: bool,
    }
}

api_type! {
    /// The chosen choice per question, in order.
    pub struct AttemptForm {
        pub answers: Vec<u8>,
    }
}

api_type! {
    /// How an attempt went.
    pub struct AttemptView {
        pub correct: u32,
        pub total: u32,
        pub percent: u32,
        pub passed: bool,
    }
}

api_type! {
    /// A goal to set: one per subject, month and metric (setting it again
    /// changes the target).
    pub struct GoalForm {
        pub subject: KosSubject,
        pub subject_id: String,
        /// `yyyy-mm`.
        pub month: String,
        pub metric: KosMetric,
        pub target: i64,
    }
}

api_type! {
    /// A goal with its progress this month.
    pub struct GoalView {
        pub id: String,
        pub subject: KosSubject,
        pub subject_id: String,
        pub subject_name: String,
        pub month: String,
        pub metric: KosMetric,
        pub target: i64,
        pub actual: i64,
        /// `actual` in whole percent of `target` (`rules::backoffice::goal_percent`).
        pub percent: i64,
    }
}

api_type! {
    /// A competition to create.
    pub struct CompetitionForm {
        pub title: String,
        pub metric: KosMetric,
        pub entrant: KosSubject,
        /// `yyyy-mm-dd`, both days included.
        pub starts_on: String,
        pub ends_on: String,
        pub prize_unit: RewardUnit,
        /// The prize for first, second, … place.
        pub prizes: Vec<i64>,
        /// Store or staff ids; empty: every open store or every staff member.
        pub entrants: Vec<String>,
    }
}

api_type! {
    pub struct CompetitionView {
        pub id: String,
        pub title: String,
        pub metric: KosMetric,
        pub entrant: KosSubject,
        pub starts_on: String,
        pub ends_on: String,
        pub prize_unit: RewardUnit,
        pub prizes: Vec<i64>,
        pub phase: CompetitionPhase,
        pub entrants: i64,
    }
}

api_type! {
    /// One line of a leaderboard.
    pub struct StandingView {
        pub entrant_id: String,
        pub name: String,
        pub store_name: String,
        pub value: i64,
        pub place: u32,
        pub prize: i64,
    }
}

api_type! {
    pub struct LeaderboardView {
        pub competition: CompetitionView,
        pub standings: Vec<StandingView>,
    }
}

api_type! {
    /// An operator's reward to one staff member (the request's
    /// `Idempotency-Key` makes a retry pay once).
    pub struct KosRewardForm {
        pub staff_id: String,
        pub kind: IncentiveKind,
        pub unit: RewardUnit,
        pub amount: i64,
        pub memo: String,
    }
}

api_type! {
    /// Sales rewards for a month: `permille` ‰ of each staff member's
    /// leads' sales, in fen.
    pub struct SalesRewardForm {
        pub month: String,
        pub permille: i64,
    }
}

api_type! {
    /// Account-growth rewards for a month: `per_step` points for every
    /// `step` followers a staff member's accounts gained.
    pub struct GrowthRewardForm {
        pub month: String,
        pub step: i64,
        pub per_step: i64,
    }
}

api_type! {
    pub struct KosRewardView {
        pub id: String,
        pub staff_id: String,
        pub staff_name: String,
        pub kind: IncentiveKind,
        pub unit: RewardUnit,
        pub amount: i64,
        pub period: String,
        pub memo: String,
        pub posting_id: String,
        pub reversed: bool,
        pub created_at: i64,
    }
}

api_type! {
    /// A staff member's incentives: points and cash owed, and their rewards.
    pub struct MyIncentives {
        pub points: i64,
        pub cash_fen: i64,
        pub rewards: Vec<KosRewardView>,
    }
}

api_type! {
    pub struct DashboardDay {
        /// `yyyy-mm-dd`.
        pub date: String,
        pub notes: i64,
        pub leads: i64,
    }
}

api_type! {
    pub struct DashboardPlatform {
        pub platform: String,
        pub accounts: i64,
        pub followers: i64,
        pub followers_before: i64,
    }
}

api_type! {
    pub struct DashboardStage {
        pub stage: String,
        pub leads: i64,
    }
}

api_type! {
    pub struct DashboardTemplate {
        pub template_id: String,
        pub title: String,
        pub notes: i64,
        pub interactions: i64,
        pub leads: i64,
    }
}

api_type! {
    pub struct DashboardStore {
        pub store_id: String,
        pub code: String,
        pub name: String,
        pub region_name: String,
        pub staff: i64,
        pub notes: i64,
        pub leads: i64,
        pub sales_fen: i64,
    }
}

api_type! {
    /// The KOS dashboards over a period: content execution, account
    /// growth, the funnel, top templates and the weakest stores.
    pub struct DashboardView {
        pub from: String,
        pub to: String,
        pub days: Vec<DashboardDay>,
        pub staff_total: i64,
        pub staff_posting: i64,
        pub platforms: Vec<DashboardPlatform>,
        pub funnel: Vec<DashboardStage>,
        pub top_templates: Vec<DashboardTemplate>,
        pub weakest_stores: Vec<DashboardStore>,
    }
}
