//! The staff entry's back-office calls (issue 17): the staff member's
//! goals with progress, their courses (questions without the answer key)
//! and attempts, and the competitions they or their store are in.

use api::{
    AttemptForm, AttemptView, CompetitionView, GoalView, LeaderboardView, MyCourse, MyCourseDetail,
};
use ui::{ApiFailure, Client};

const STAFF: &str = "/api/v1/staff";

fn q(v: &str) -> String {
    js_sys::encode_uri_component(v).into()
}

/// This month's goals: the staff member's own and their store's (a
/// manager: their store's or region's).
pub async fn my_goals(c: Client) -> Result<Vec<GoalView>, ApiFailure> {
    c.get(&format!("{STAFF}/goals?limit=100")).await
}

pub async fn my_courses(c: Client) -> Result<Vec<MyCourse>, ApiFailure> {
    c.get(&format!("{STAFF}/courses")).await
}

pub async fn my_course(c: Client, id: &str) -> Result<MyCourseDetail, ApiFailure> {
    c.get(&format!("{STAFF}/courses/{}", q(id))).await
}

pub async fn take_course(
    c: Client,
    id: &str,
    body: AttemptForm,
) -> Result<AttemptView, ApiFailure> {
    c.post(&format!("{STAFF}/courses/{}/attempts", q(id)), &body)
        .await
}

pub async fn my_competitions(c: Client) -> Result<Vec<CompetitionView>, ApiFailure> {
    c.get(&format!("{STAFF}/competitions")).await
}

pub async fn my_leaderboard(c: Client, id: &str) -> Result<LeaderboardView, ApiFailure> {
    c.get(&format!("{STAFF}/competitions/{}", q(id))).await
}
