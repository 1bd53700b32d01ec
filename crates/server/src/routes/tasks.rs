//! Tasks, product samples and appeals.
//!
//! Tasks are the units of work besides notes: share to Moments (with a
//! screenshot), a contest entry, product feedback (answers to questions),
//! a training (completion code), or a published note; each is due on a
//! date and rewarded on approval, in the approval's transaction.
//! Samples: a selected member of a trial campaign gives a shipping
//! address, the operator records courier and tracking, the member confirms
//! receipt and the publishing deadline counts from that day. Appeals: a
//! rejected note or application may be appealed once, with a note; it goes
//! back to the review queue.

use super::brand_today;
use super::views::{assignment_view, sample_view, task_view};
use super::{Json, input, views};
use crate::AppState;
use crate::auth::{MemberAuth, OperatorAuth, Perm};
use crate::error::{ApiError, ApiResult, ErrorCode};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(tasks, create_task))
        .routes(routes!(assignments))
        .routes(routes!(review_task))
        .routes(routes!(my_tasks))
        .routes(routes!(submit_task))
        .routes(routes!(samples))
        .routes(routes!(ship_sample))
        .routes(routes!(my_sample, request_sample))
        .routes(routes!(sample_received))
        .routes(routes!(appeal_submission))
        .routes(routes!(appeal_application))
}

/// The brand's tasks, latest due first, with their progress.
#[utoipa::path(get, path = "/api/v1/admin/tasks", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = Vec<api::TaskView>)))]
async fn tasks(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<Vec<api::TaskView>>> {
    Ok(Json(
        state
            .store
            .tasks(&op.brand, store::Page::FIRST_100)
            .await?
            .into_iter()
            .map(task_view)
            .collect(),
    ))
}

/// Creates a task and assigns it: to a campaign's selected members, or to
/// every approved KOC. Each is told in the app.
#[utoipa::path(post, path = "/api/v1/admin/tasks", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::TaskForm,
    responses((status = 201, body = api::TaskView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn create_task(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::TaskForm>,
) -> ApiResult<(StatusCode, Json<api::TaskView>)> {
    op.require(Perm::Operate)?;
    let kind = rules::TaskKind::ALL
        .into_iter()
        .find(|k| k.as_str() == form.kind.trim())
        .ok_or_else(|| ApiError::invalid(ErrorCode::TaskKindUnknown))?;
    let title = input::text(&form.title, 80)?;
    let instructions = input::optional_text(&form.instructions, 2000)?;
    let due = input::date(&form.due_on)?;
    if form.questions.len() > 10 {
        return Err(ApiError::invalid(ErrorCode::FieldTooLong));
    }
    let mut questions = Vec::new();
    for q in &form.questions {
        let q = input::optional_text(q, 200)?;
        if !q.is_empty() {
            questions.push(q);
        }
    }
    if kind == rules::TaskKind::Feedback && questions.is_empty() {
        return Err(ApiError::invalid(ErrorCode::QuestionsRequired));
    }
    let b = state.store.brand(&op.brand).await?;
    let set = store::load_rules(&b.points_rule)?;
    let reward = form
        .reward_points
        .unwrap_or_else(|| set.points.task_points(kind).total);
    if !(0..=100_000).contains(&reward) {
        return Err(ApiError::invalid(ErrorCode::RewardInvalid));
    }
    let campaign_id = match form
        .campaign_id
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) => Some(state.store.campaign(&op.brand, c).await?.id),
        None => None,
    };
    let members = match &campaign_id {
        Some(c) => state.store.campaign_participants(&op.brand, c).await?,
        None => state.store.approved_members(&op.brand).await?,
    };
    let task = store::Task {
        brand_id: op.brand.clone(),
        id: store::new_id(),
        campaign_id,
        kind,
        title,
        instructions,
        questions,
        due_on: due.to_string(),
        reward_points: reward,
        created_at: state.clock.now(),
        created_by: op.operator_id.clone(),
    };
    state.store.create_task(&task, &members).await?;
    Ok((
        StatusCode::CREATED,
        Json(task_view(store::TaskSummary {
            task,
            assigned: members.len() as i64,
            submitted: 0,
            done: 0,
        })),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct AssignmentQuery {
    task_id: Option<String>,
    /// `assigned`, `submitted`, `approved`, `rejected` or `rewarded`.
    status: Option<String>,
    /// Only those still assigned after their due date.
    overdue: Option<bool>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// Assignments to review or chase, soonest due first.
#[utoipa::path(get, path = "/api/v1/admin/assignments", tag = "admin", security(("operator_session" = ["read"])), params(AssignmentQuery),
    responses((status = 200, body = Vec<api::AssignmentView>)))]
async fn assignments(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<AssignmentQuery>,
) -> ApiResult<Json<Vec<api::AssignmentView>>> {
    let today = brand_today(&state, &op.brand).await?.to_string();
    let Ok(status) = input::filter_word(q.status) else {
        return Ok(Json(Vec::new()));
    };
    let f = store::AssignmentFilter {
        task_id: q.task_id.filter(|t| !t.is_empty()),
        status,
        overdue_on: q.overdue.unwrap_or(false).then(|| today.clone()),
    };
    Ok(Json(
        state
            .store
            .assignments(&op.brand, &f, input::page(q.limit, q.offset))
            .await?
            .into_iter()
            .map(|a| assignment_view(a, &today))
            .collect(),
    ))
}

/// Approves (crediting the reward) or rejects with a reason a member's
/// handed-in task.
#[utoipa::path(post, path = "/api/v1/admin/tasks/{id}/review", tag = "admin", security(("operator_session" = ["review"])),
    params(("id" = String, Path)), request_body = api::TaskReview,
    responses((status = 200, body = api::AssignmentView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn review_task(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::TaskReview>,
) -> ApiResult<Json<api::AssignmentView>> {
    op.require(Perm::Review)?;
    state.store.task(&op.brand, &id).await?;
    let record = input::decision(
        &op,
        api::Decision {
            approve: form.approve,
            reason: form.reason,
            disclosure_confirmed: false,
            kind: None,
        },
        state.clock.now(),
    )?;
    let a = state
        .store
        .review_task(&op.brand, &id, form.member_id.trim(), &record)
        .await?;
    let today = brand_today(&state, &op.brand).await?.to_string();
    Ok(Json(assignment_view(a, &today)))
}

/// The member's tasks, soonest due first.
#[utoipa::path(get, path = "/api/v1/me/tasks", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = Vec<api::MyTask>)))]
async fn my_tasks(
    State(state): State<AppState>,
    who: MemberAuth,
) -> ApiResult<Json<Vec<api::MyTask>>> {
    let today = brand_today(&state, &who.brand).await?.to_string();
    Ok(Json(
        state
            .store
            .member_assignments(&who.brand, &who.member_id)
            .await?
            .into_iter()
            .map(|a| {
                let v = assignment_view(a, &today);
                Ok(api::MyTask {
                    task_id: v.task_id,
                    kind: v.kind,
                    title: v.title,
                    instructions: v.instructions,
                    questions: v.questions,
                    due_on: v.due_on,
                    reward_points: v.reward_points,
                    status: v.status,
                    reason: v.reason,
                    overdue: v.overdue,
                })
            })
            .collect::<ApiResult<_>>()?,
    ))
}

/// Hands in a task: what each kind needs is checked here (a screenshot to
/// share to Moments, an answer per question for feedback, a note the
/// member submitted for a publish task, a code or text otherwise).
#[utoipa::path(post, path = "/api/v1/me/tasks/{id}/submission", tag = "member", security(("member_session" = [])),
    params(("id" = String, Path)), request_body = api::TaskAnswer,
    responses((status = 200, body = api::AssignmentView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn submit_task(
    State(state): State<AppState>,
    who: MemberAuth,
    Path(id): Path<String>,
    Json(form): Json<api::TaskAnswer>,
) -> ApiResult<Json<api::AssignmentView>> {
    let task = state.store.task(&who.brand, &id).await?;
    let text = input::optional_text(&form.text, 2000)?;
    let link = input::optional_text(form.link.as_deref().unwrap_or(""), 500)?;
    let mut answers = Vec::new();
    for a in form.answers.iter().take(10) {
        answers.push(input::optional_text(a, 1000)?);
    }
    let evidence = super::uploads::own_uploads(&state, &who, form.evidence_id.as_slice())
        .await?
        .pop();
    match task.kind.as_str() {
        "share_moments" if evidence.is_none() => {
            return Err(ApiError::invalid(ErrorCode::ScreenshotRequired));
        }
        "feedback"
            if answers.len() < task.questions.len() || answers.iter().any(String::is_empty) =>
        {
            return Err(ApiError::invalid(ErrorCode::AnswersRequired));
        }
        "publish_note" => {
            // One of the member's own notes in this brand.
            let parsed = rules::parse_note_link(&link)?;
            let note = parsed
                .note_id
                .ok_or_else(|| ApiError::invalid(ErrorCode::LinkUnresolved))?;
            let found = state
                .store
                .notes_by_key(&who.brand, &[(parsed.platform.as_str().to_string(), note)])
                .await?;
            if !found.iter().any(|n| n.member_id == who.member_id) {
                return Err(ApiError::invalid(ErrorCode::NoteNotYours));
            }
        }
        "contest" if text.is_empty() && link.is_empty() => {
            return Err(ApiError::invalid(ErrorCode::FieldRequired));
        }
        "training" if text.is_empty() => return Err(ApiError::invalid(ErrorCode::FieldRequired)),
        _ => {}
    }
    let answer = api::TaskAnswer {
        text,
        link: (!link.is_empty()).then_some(link),
        answers,
        evidence_id: None,
    };
    let stored = serde_json::to_string(&answer).map_err(|_| ApiError::internal())?;
    let a = state
        .store
        .submit_task(
            &who.brand,
            &id,
            &who.member_id,
            &stored,
            evidence.as_deref(),
            state.clock.now(),
        )
        .await?;
    let today = brand_today(&state, &who.brand).await?.to_string();
    Ok(Json(assignment_view(a, &today)))
}

/// The campaign's samples with shipping details, for those who ship them.
/// Each look at the addresses is recorded in the audit log.
#[utoipa::path(get, path = "/api/v1/admin/campaigns/{id}/samples", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)),
    responses((status = 200, body = Vec<api::SampleView>), (status = 404, body = api::ErrorBody)))]
async fn samples(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<api::SampleView>>> {
    op.require(Perm::Operate)?;
    let c = state.store.campaign(&op.brand, &id).await?;
    let rows = state.store.samples(&op.brand, &id).await?;
    if !rows.is_empty() {
        state
            .store
            .record_audit(&store::AuditEntry::operator(
                &op.brand,
                &op.operator_id,
                "personal_data.view",
                ("campaign_samples", &id),
                state.clock.now(),
            ))
            .await?;
    }
    Ok(Json(
        rows.into_iter()
            .map(|s| sample_view(s, c.sample_days))
            .collect(),
    ))
}

/// Records the courier and tracking number of a member's sample; the
/// member is told.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/samples/ship", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::ShipForm,
    responses((status = 200, body = api::SampleView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn ship_sample(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::ShipForm>,
) -> ApiResult<Json<api::SampleView>> {
    op.require(Perm::Operate)?;
    let c = state.store.campaign(&op.brand, &id).await?;
    let courier = input::text(&form.courier, 40)?;
    let tracking = input::text(&form.tracking, 40)?;
    let s = state
        .store
        .ship_sample(
            &op.brand,
            &id,
            form.member_id.trim(),
            (&courier, &tracking),
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(sample_view(s, c.sample_days)))
}

/// The member's sample for a campaign.
#[utoipa::path(get, path = "/api/v1/me/campaigns/{id}/sample", tag = "member", security(("member_session" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = Option<api::SampleView>), (status = 404, body = api::ErrorBody)))]
async fn my_sample(
    State(state): State<AppState>,
    who: MemberAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Option<api::SampleView>>> {
    let c = state.store.campaign(&who.brand, &id).await?;
    match state.store.sample(&who.brand, &id, &who.member_id).await {
        Ok(s) => Ok(Json(Some(sample_view(s, c.sample_days)))),
        Err(store::StoreError::NotFound) => Ok(Json(None)),
        Err(e) => Err(e.into()),
    }
}

/// A selected member of a trial gives (or corrects, until shipped) the
/// shipping details for the product sample.
#[utoipa::path(put, path = "/api/v1/me/campaigns/{id}/sample", tag = "member", security(("member_session" = [])),
    params(("id" = String, Path)), request_body = api::SampleForm,
    responses((status = 200, body = api::SampleView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn request_sample(
    State(state): State<AppState>,
    who: MemberAuth,
    Path(id): Path<String>,
    Json(form): Json<api::SampleForm>,
) -> ApiResult<Json<api::SampleView>> {
    let c = state.store.campaign(&who.brand, &id).await?;
    if c.sample_days == 0 {
        return Err(ApiError::conflict(ErrorCode::NoSamples));
    }
    match state.store.signup(&who.brand, &id, &who.member_id).await {
        Ok(s) if s.status == "selected" => {}
        Ok(_) | Err(store::StoreError::NotFound) => {
            return Err(ApiError::conflict(ErrorCode::NotSelected));
        }
        Err(e) => return Err(e.into()),
    }
    let phone = rules::Phone::parse(&form.phone).map_err(|e| ApiError::invalid(e.into()))?;
    let s = state
        .store
        .request_sample(
            &who.brand,
            &store::Sample {
                campaign_id: id.clone(),
                member_id: who.member_id.clone(),
                member_name: String::new(),
                recipient: input::text(&form.recipient, 40)?,
                phone: phone.as_str().into(),
                address: input::text(&form.address, 200)?,
                courier: None,
                tracking: None,
                shipped_at: None,
                received_on: None,
                created_at: state.clock.now(),
            },
        )
        .await?;
    Ok(Json(sample_view(s, c.sample_days)))
}

/// The member confirms the sample arrived today; the publishing deadline
/// counts from today.
#[utoipa::path(post, path = "/api/v1/me/campaigns/{id}/sample/received", tag = "member", security(("member_session" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::SampleView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn sample_received(
    State(state): State<AppState>,
    who: MemberAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::SampleView>> {
    let c = state.store.campaign(&who.brand, &id).await?;
    let today = brand_today(&state, &who.brand).await?.to_string();
    let s = state
        .store
        .receive_sample(&who.brand, &id, &who.member_id, &today, state.clock.now())
        .await?;
    Ok(Json(sample_view(s, c.sample_days)))
}

/// Appeals a rejected note once, with a note for the reviewer; it goes
/// back to the review queue.
#[utoipa::path(post, path = "/api/v1/me/submissions/{id}/appeal", tag = "member", security(("member_session" = [])),
    params(("id" = String, Path)), request_body = api::AppealForm,
    responses((status = 204), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn appeal_submission(
    State(state): State<AppState>,
    who: MemberAuth,
    Path(id): Path<String>,
    Json(form): Json<api::AppealForm>,
) -> ApiResult<StatusCode> {
    let note = input::text(&form.note, 500)?;
    state
        .store
        .appeal_submission(&who.brand, &who.member_id, &id, &note, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Appeals a rejected application once, with a note.
#[utoipa::path(post, path = "/api/v1/me/application/appeal", tag = "member", security(("member_session" = [])),
    request_body = api::AppealForm,
    responses((status = 200, body = api::ApplicationView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn appeal_application(
    State(state): State<AppState>,
    who: MemberAuth,
    Json(form): Json<api::AppealForm>,
) -> ApiResult<Json<api::ApplicationView>> {
    let note = input::text(&form.note, 500)?;
    let a = state
        .store
        .appeal_application(&who.brand, &who.member_id, &note, state.clock.now())
        .await?;
    Ok(Json(views::own_application(a)))
}
