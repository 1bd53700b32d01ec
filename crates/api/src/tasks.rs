//! Tasks and their assignments, samples, and appeals.

use serde::{Deserialize, Serialize};

api_type! {
    pub struct TaskForm {
        /// `publish_note`, `share_moments`, `contest`, `feedback`, `training`.
        pub kind: String,
        pub title: String,
        #[serde(default)]
        pub instructions: String,
        /// Feedback tasks: the questions (at most 10).
        #[serde(default)]
        pub questions: Vec<String>,
        /// `YYYY-MM-DD`.
        pub due_on: String,
        /// Points on approval; default: the brand's rule set for the kind.
        #[serde(default)]
        pub reward_points: Option<i64>,
        /// Assign to this campaign's selected members; without it, to every
        /// approved KOC of the brand.
        #[serde(default)]
        pub campaign_id: Option<String>,
    }
}

api_type! {
    pub struct TaskView {
        pub id: String,
        pub kind: String,
        pub title: String,
        pub instructions: String,
        pub questions: Vec<String>,
        pub due_on: String,
        pub reward_points: i64,
        pub campaign_id: Option<String>,
        pub assigned: i64,
        pub submitted: i64,
        /// Approved or rewarded.
        pub done: i64,
    }
}

api_type! {
    /// What a member hands in for a task.
    pub struct TaskAnswer {
        /// A note, an entry, a completion code (training).
        #[serde(default)]
        pub text: String,
        /// A link (a published note for `publish_note`, a contest entry).
        #[serde(default)]
        pub link: Option<String>,
        /// Feedback: one answer per question, in order.
        #[serde(default)]
        pub answers: Vec<String>,
        /// A screenshot upload (`share_moments` needs one).
        #[serde(default)]
        pub evidence_id: Option<String>,
    }
}

api_type! {
    pub struct AssignmentView {
        pub task_id: String,
        pub member_id: String,
        pub member_name: String,
        pub kind: String,
        pub title: String,
        pub instructions: String,
        pub questions: Vec<String>,
        pub due_on: String,
        pub reward_points: i64,
        /// `assigned`, `submitted`, `approved`, `rejected` or `rewarded`.
        pub status: rules::AssignmentStatus,
        pub answer: Option<TaskAnswer>,
        pub submitted_at: Option<i64>,
        pub reason: Option<String>,
        /// Still assigned after its due date.
        pub overdue: bool,
    }
}

api_type! {
    pub struct TaskReview {
        pub member_id: String,
        pub approve: bool,
        #[serde(default)]
        pub reason: Option<String>,
    }
}

api_type! {
    /// Where a selected member wants the product sample sent.
    pub struct SampleForm {
        pub recipient: String,
        pub phone: String,
        pub address: String,
    }
}

api_type! {
    pub struct ShipForm {
        pub member_id: String,
        pub courier: String,
        pub tracking: String,
    }
}

api_type! {
    pub struct SampleView {
        pub campaign_id: String,
        pub member_id: String,
        pub member_name: String,
        pub recipient: String,
        pub phone: String,
        pub address: String,
        pub courier: Option<String>,
        pub tracking: Option<String>,
        pub shipped_at: Option<i64>,
        pub received_on: Option<String>,
        /// The publishing deadline: the day received plus the campaign's
        /// sample days.
        pub publish_by: Option<String>,
    }
}

api_type! {
    /// An appeal of a rejection, with the member's note (once per item).
    pub struct AppealForm {
        pub note: String,
    }
}

api_type! {
    /// A selected member's product sample, as the app shows it.
    pub struct MySample {
        /// `address_needed`, `to_ship`, `shipped` or `received`.
        pub stage: String,
        pub courier: Option<String>,
        pub tracking: Option<String>,
        /// Publish by this day (from receipt).
        pub publish_by: Option<String>,
    }
}

api_type! {
    /// One of the member's tasks, as the app lists it.
    pub struct MyTask {
        pub task_id: String,
        pub kind: String,
        pub title: String,
        pub instructions: String,
        pub questions: Vec<String>,
        pub due_on: String,
        pub reward_points: i64,
        /// `assigned`, `submitted`, `approved`, `rejected` or `rewarded`.
        pub status: rules::AssignmentStatus,
        pub reason: Option<String>,
        pub overdue: bool,
    }
}
