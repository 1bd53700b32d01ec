//! KOS training and goals (issue 17). Operators write courses (text, a
//! video link, a quiz with its answer key) assigned to KOS roles or
//! stores, and set monthly goals per staff member and store; staff take
//! their courses on the phone (the key never leaves the server: they get
//! `api::MyQuestion`s and their score) and see their goals and their
//! store's with progress; managers see their staff's results and goals,
//! limited to their store or region (anything outside is 404).
//!
//! Inputs are parsed here: the quiz by `rules::backoffice::Quiz::check`,
//! the month as `yyyy-mm`, the video link as https, KOS roles as
//! `rules::KosRole`. A month's progress runs from its first day to the
//! next month's first day in the brand's time zone.

use super::{Json, input};
use crate::AppState;
use crate::auth::{OperatorAuth, Perm, StaffAuth};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::time;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use rules::backoffice::{Question, Quiz, goal_percent};
use rules::words::{CourseTarget, KosSubject};
use rules::{KosRole, KosScope, YearMonth};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(courses, create_course))
        .routes(routes!(course, update_course))
        .routes(routes!(course_results))
        .routes(routes!(goals, set_goal))
        .routes(routes!(my_courses))
        .routes(routes!(my_course))
        .routes(routes!(take_course))
        .routes(routes!(staff_course_results))
        .routes(routes!(staff_goals))
}

fn parse_course(f: &api::CourseForm) -> ApiResult<store::NewCourse> {
    let quiz = Quiz {
        questions: f
            .questions
            .iter()
            .map(|q| Question {
                prompt: q.prompt.trim().to_string(),
                choices: q.choices.iter().map(|c| c.trim().to_string()).collect(),
                answer: q.answer,
            })
            .collect(),
    };
    quiz.check().map_err(|e| {
        ApiError::invalid(match e {
            rules::backoffice::QuizError::TooManyQuestions => ErrorCode::QuizTooLong,
            rules::backoffice::QuizError::BadQuestion(_) => ErrorCode::QuizQuestionInvalid,
        })
    })?;
    for q in &quiz.questions {
        input::optional_text(&q.prompt, 500)?;
        for c in &q.choices {
            input::optional_text(c, 200)?;
        }
    }
    if !(0..=100).contains(&f.pass_percent) {
        return Err(ApiError::invalid(ErrorCode::PassPercentInvalid));
    }
    let video_url = input::optional_text(&f.video_url, 500)?;
    if !video_url.is_empty() && (!video_url.starts_with("https://") || video_url.contains(' ')) {
        return Err(ApiError::invalid(ErrorCode::VideoUrlInvalid));
    }
    let mut targets = Vec::new();
    for r in input::text_list(&f.kos_roles, 3, 40)? {
        let role: KosRole = r
            .parse()
            .map_err(|_| ApiError::invalid(ErrorCode::CourseTargetInvalid))?;
        targets.push((CourseTarget::KosRole, role.as_str().to_string()));
    }
    for s in input::text_list(&f.store_ids, 500, 64)? {
        targets.push((CourseTarget::Store, s));
    }
    Ok(store::NewCourse {
        title: input::text(&f.title, 80)?,
        body: input::optional_text(&f.body, 10_000)?,
        video_url,
        quiz,
        pass_percent: f.pass_percent,
        status: f.status,
        targets,
    })
}

fn course_view(c: store::CourseRow) -> api::CourseView {
    let mut kos_roles = Vec::new();
    let mut store_ids = Vec::new();
    for (kind, id) in c.course.targets {
        match kind {
            CourseTarget::KosRole => kos_roles.push(id),
            CourseTarget::Store => store_ids.push(id),
        }
    }
    api::CourseView {
        id: c.id,
        form: api::CourseForm {
            title: c.course.title,
            body: c.course.body,
            video_url: c.course.video_url,
            questions: c
                .course
                .quiz
                .questions
                .into_iter()
                .map(|q| api::QuizQuestionForm {
                    prompt: q.prompt,
                    choices: q.choices,
                    answer: q.answer,
                })
                .collect(),
            pass_percent: c.course.pass_percent,
            status: c.course.status,
            kos_roles,
            store_ids,
        },
        updated_at: c.updated_at,
    }
}

fn result_view(r: store::CourseResultRow) -> api::CourseResultView {
    api::CourseResultView {
        staff_id: r.staff_id,
        name: r.name,
        store_name: r.store_name,
        attempts: r.attempts,
        best_percent: r.best_percent,
        passed: r.passed,
        last_at: r.last_at,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct PageQuery {
    limit: Option<i64>,
    offset: Option<i64>,
}

/// The brand's courses, newest first, with how many took and passed each.
#[utoipa::path(get, path = "/api/v1/admin/kos/courses", tag = "admin", security(("operator_session" = ["read"])),
    params(PageQuery), responses((status = 200, body = Vec<api::CourseSummaryView>)))]
async fn courses(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Vec<api::CourseSummaryView>>> {
    let list = state
        .store
        .courses(&op.brand, input::page(q.limit, q.offset))
        .await?;
    Ok(Json(
        list.into_iter()
            .map(|c| api::CourseSummaryView {
                id: c.id,
                title: c.title,
                status: c.status,
                pass_percent: c.pass_percent,
                targets: c.targets,
                attempted: c.attempted,
                passed: c.passed,
                updated_at: c.updated_at,
            })
            .collect(),
    ))
}

/// Creates a course; audited.
#[utoipa::path(post, path = "/api/v1/admin/kos/courses", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::CourseForm,
    responses((status = 201, body = api::CourseView), (status = 403, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn create_course(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::CourseForm>,
) -> ApiResult<(StatusCode, Json<api::CourseView>)> {
    op.require(Perm::Operate)?;
    let c = parse_course(&form)?;
    let row = state
        .store
        .create_course(&op.brand, &c, &op.operator_id, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(course_view(row))))
}

/// One course with its quiz and answer key.
#[utoipa::path(get, path = "/api/v1/admin/kos/courses/{id}", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path)), responses((status = 200, body = api::CourseView), (status = 404, body = api::ErrorBody)))]
async fn course(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::CourseView>> {
    Ok(Json(course_view(state.store.course(&op.brand, &id).await?)))
}

/// Replaces a course (attempts keep their scores); audited.
#[utoipa::path(put, path = "/api/v1/admin/kos/courses/{id}", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::CourseForm,
    responses((status = 200, body = api::CourseView), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody),
        (status = 422, body = api::ErrorBody)))]
async fn update_course(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::CourseForm>,
) -> ApiResult<Json<api::CourseView>> {
    op.require(Perm::Operate)?;
    let c = parse_course(&form)?;
    let row = state
        .store
        .update_course(&op.brand, &id, &c, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(course_view(row)))
}

/// The staff a course is assigned to, with attempts, best score and pass.
#[utoipa::path(get, path = "/api/v1/admin/kos/courses/{id}/results", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path), PageQuery),
    responses((status = 200, body = Vec<api::CourseResultView>), (status = 404, body = api::ErrorBody)))]
async fn course_results(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Vec<api::CourseResultView>>> {
    let rows = state
        .store
        .course_results(
            &op.brand,
            &id,
            &KosScope::Brand,
            input::page(q.limit, q.offset),
        )
        .await?;
    Ok(Json(rows.into_iter().map(result_view).collect()))
}

/// A month (`yyyy-mm`, default this month in the brand's zone) and its
/// period `[from, to)` in Unix seconds.
async fn month_period(
    state: &AppState,
    brand: &str,
    month: Option<&str>,
) -> ApiResult<(YearMonth, i64, i64)> {
    let b = state.store.brand(brand).await?;
    let month = match month.map(str::trim).filter(|m| !m.is_empty()) {
        Some(m) => YearMonth::parse(m).ok_or_else(|| ApiError::invalid(ErrorCode::MonthInvalid))?,
        None => time::local_month(&b.time_zone, state.clock.now()),
    };
    let from = time::start_of_day(&b.time_zone, month.first_day());
    let to = time::start_of_day(&b.time_zone, month.next().first_day());
    Ok((month, from, to))
}

fn goal_view(g: store::GoalRow) -> api::GoalView {
    api::GoalView {
        percent: goal_percent(g.actual, g.target),
        id: g.id,
        subject: g.subject,
        subject_id: g.subject_id,
        subject_name: g.subject_name,
        month: g.month,
        metric: g.metric,
        target: g.target,
        actual: g.actual,
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct GoalQuery {
    /// `yyyy-mm`; this month when absent.
    month: Option<String>,
    /// `staff` or `store`; both when absent.
    subject: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn goals_in(
    state: &AppState,
    brand: &str,
    scope: &KosScope,
    q: GoalQuery,
) -> ApiResult<Vec<api::GoalView>> {
    let (month, from, to) = month_period(state, brand, q.month.as_deref()).await?;
    let Ok(subject) = input::filter_word::<KosSubject>(q.subject) else {
        return Ok(Vec::new());
    };
    let rows = state
        .store
        .goals(
            brand,
            month,
            subject,
            scope,
            from,
            to,
            input::page(q.limit, q.offset),
        )
        .await?;
    Ok(rows.into_iter().map(goal_view).collect())
}

/// A month's goals with their progress, counted from the notes, leads
/// and purchases of the month.
#[utoipa::path(get, path = "/api/v1/admin/kos/goals", tag = "admin", security(("operator_session" = ["read"])),
    params(GoalQuery), responses((status = 200, body = Vec<api::GoalView>), (status = 422, body = api::ErrorBody)))]
async fn goals(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<GoalQuery>,
) -> ApiResult<Json<Vec<api::GoalView>>> {
    Ok(Json(
        goals_in(&state, &op.brand, &KosScope::Brand, q).await?,
    ))
}

/// Sets a goal (again: changes its target); audited.
#[utoipa::path(put, path = "/api/v1/admin/kos/goals", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::GoalForm,
    responses((status = 200, body = api::GoalView), (status = 403, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn set_goal(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::GoalForm>,
) -> ApiResult<Json<api::GoalView>> {
    op.require(Perm::Operate)?;
    let month = YearMonth::parse(form.month.trim())
        .ok_or_else(|| ApiError::invalid(ErrorCode::MonthInvalid))?;
    if !(0..=1_000_000_000_000).contains(&form.target) {
        return Err(ApiError::invalid(ErrorCode::GoalTargetInvalid));
    }
    let goal = store::NewGoal {
        subject: form.subject,
        subject_id: input::text(&form.subject_id, 64)?,
        month,
        metric: form.metric,
        target: form.target,
    };
    let row = state
        .store
        .set_goal(
            &op.brand,
            &goal,
            &KosScope::Brand,
            &op.operator_id,
            state.clock.now(),
        )
        .await
        .map_err(|e| match e {
            store::StoreError::NotFound => ApiError::invalid(ErrorCode::GoalSubjectUnknown),
            e => e.into(),
        })?;
    Ok(Json(goal_view(row)))
}

/// The caller's staff row (their KOS role and store decide their courses).
async fn me(state: &AppState, who: &StaffAuth) -> ApiResult<store::StaffRow> {
    Ok(state.store.staff_member(&who.brand, &who.staff_id).await?)
}

/// The courses assigned to the staff member (their KOS role or store).
#[utoipa::path(get, path = "/api/v1/staff/courses", tag = "staff", security(("staff_session" = ["staff"])),
    responses((status = 200, body = Vec<api::MyCourse>)))]
async fn my_courses(
    State(state): State<AppState>,
    who: StaffAuth,
) -> ApiResult<Json<Vec<api::MyCourse>>> {
    let staff = me(&state, &who).await?;
    let list = state.store.my_courses(&who.brand, &staff).await?;
    Ok(Json(
        list.into_iter()
            .map(|c| api::MyCourse {
                id: c.id,
                title: c.title,
                pass_percent: c.pass_percent,
                best_percent: c.best_percent,
                passed: c.passed,
            })
            .collect(),
    ))
}

/// One of the staff member's courses to take: no answer key.
#[utoipa::path(get, path = "/api/v1/staff/courses/{id}", tag = "staff", security(("staff_session" = ["staff"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::MyCourseDetail), (status = 404, body = api::ErrorBody)))]
async fn my_course(
    State(state): State<AppState>,
    who: StaffAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::MyCourseDetail>> {
    let staff = me(&state, &who).await?;
    let c = state.store.my_course(&who.brand, &staff, &id).await?;
    Ok(Json(api::MyCourseDetail {
        id: c.id,
        title: c.title,
        body: c.body,
        video_url: c.video_url,
        pass_percent: c.pass_percent,
        questions: c
            .questions
            .into_iter()
            .map(|q| api::MyQuestion {
                prompt: q.prompt,
                choices: q.choices,
            })
            .collect(),
        best_percent: c.best_percent,
        passed: c.passed,
    }))
}

/// Answers a course's quiz: scored against the key on the server.
#[utoipa::path(post, path = "/api/v1/staff/courses/{id}/attempts", tag = "staff", security(("staff_session" = ["staff"])),
    params(("id" = String, Path)), request_body = api::AttemptForm,
    responses((status = 201, body = api::AttemptView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn take_course(
    State(state): State<AppState>,
    who: StaffAuth,
    Path(id): Path<String>,
    Json(form): Json<api::AttemptForm>,
) -> ApiResult<(StatusCode, Json<api::AttemptView>)> {
    if form.answers.len() > rules::backoffice::MAX_QUESTIONS {
        return Err(ApiError::invalid(ErrorCode::AnswersInvalid));
    }
    let staff = me(&state, &who).await?;
    let a = state
        .store
        .take_course(&who.brand, &staff, &id, &form.answers, state.clock.now())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(api::AttemptView {
            correct: a.result.correct,
            total: a.result.total,
            percent: a.result.percent,
            passed: a.result.passed,
        }),
    ))
}

/// Managers: their staff's results on a course assigned in their scope.
#[utoipa::path(get, path = "/api/v1/staff/courses/{id}/results", tag = "staff", security(("staff_session" = ["manager"])),
    params(("id" = String, Path), PageQuery),
    responses((status = 200, body = Vec<api::CourseResultView>), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
async fn staff_course_results(
    State(state): State<AppState>,
    who: StaffAuth,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Vec<api::CourseResultView>>> {
    who.require_manager()?;
    let rows = state
        .store
        .course_results(
            &who.brand,
            &id,
            &who.scope(),
            input::page(q.limit, q.offset),
        )
        .await?;
    Ok(Json(rows.into_iter().map(result_view).collect()))
}

/// The staff member's goals and their store's (managers: their store's or
/// region's) this month, with progress.
#[utoipa::path(get, path = "/api/v1/staff/goals", tag = "staff", security(("staff_session" = ["staff"])),
    params(GoalQuery), responses((status = 200, body = Vec<api::GoalView>), (status = 422, body = api::ErrorBody)))]
async fn staff_goals(
    State(state): State<AppState>,
    who: StaffAuth,
    Query(q): Query<GoalQuery>,
) -> ApiResult<Json<Vec<api::GoalView>>> {
    Ok(Json(goals_in(&state, &who.brand, &who.scope(), q).await?))
}
