//! KOC applications: a member applies, answers a question, sees their
//! application; operators list the queue, decide one or many, ask for more
//! information and see an applicant's full contact.

use super::account::TERMS_VERSION;
use super::input::decision;
use super::uploads::own_uploads;
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
        .routes(routes!(apply, my_application))
        .routes(routes!(answer))
        .routes(routes!(applications))
        .routes(routes!(decide_application))
        .routes(routes!(decide_many))
        .routes(routes!(request_information))
        .routes(routes!(application_contact))
}

const SOCIAL_PLATFORMS: &[&str] = &[
    "xiaohongshu",
    "douyin",
    "weibo",
    "bilibili",
    "wechat",
    "kuaishou",
];

/// Turns the form into a pending application of `who`, or the first error.
fn parse_application(
    form: api::ApplicationForm,
    who: &MemberAuth,
    now: i64,
) -> ApiResult<store::Application> {
    if !form.consent_terms || !form.consent_data {
        return Err(ApiError::invalid(ErrorCode::ConsentRequired));
    }
    let name = input::text(&form.display_name, 40)?;
    let contact = input::text(&form.contact, 64)?;
    let city = input::text(&form.city, 40)?;
    let motivation = input::optional_text(&form.motivation, 1000)?;
    if form.social_accounts.is_empty() {
        return Err(ApiError::invalid(ErrorCode::SocialAccountRequired));
    }
    if form.social_accounts.len() > 10 || form.interests.len() > 20 {
        return Err(ApiError::invalid(ErrorCode::FieldTooLong));
    }
    let mut accounts = Vec::new();
    for a in form.social_accounts {
        let platform = a.platform.trim().to_ascii_lowercase();
        let profile = input::optional_text(&a.profile_url, 300)?;
        if !SOCIAL_PLATFORMS.contains(&platform.as_str())
            || profile.is_empty()
            || !(0..=1_000_000_000).contains(&a.followers)
        {
            return Err(ApiError::invalid(ErrorCode::SocialAccountInvalid));
        }
        accounts.push(store::SocialAccount {
            platform,
            profile_url: profile,
            followers: a.followers,
        });
    }
    let mut interests = Vec::new();
    for i in form.interests {
        let i = input::optional_text(&i, 20)?;
        if !i.is_empty() && !interests.contains(&i) {
            interests.push(i);
        }
    }
    Ok(store::Application {
        brand_id: who.brand.clone(),
        id: store::new_id(),
        member_id: who.member_id.clone(),
        display_name: name,
        contact,
        city,
        social_accounts: accounts,
        interests,
        motivation,
        terms_version: TERMS_VERSION.into(),
        consented_at: now,
        status: rules::ApplicationStatus::Pending,
        reason: None,
        created_at: now,
        decided_at: None,
        decided_by: None,
        // Stored as `direct` when empty; said so here too, so the answer
        // to applying names a channel like every later read does.
        channel: rules::Channel::Direct,
        ..Default::default()
    })
}

/// Applies to become a KOC of the member's brand. One application per member.
#[utoipa::path(post, path = "/api/v1/me/application", tag = "member", security(("member_session" = [])),
    request_body = api::ApplicationForm,
    responses((status = 201, body = api::ApplicationView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn apply(
    State(state): State<AppState>,
    who: MemberAuth,
    Json(form): Json<api::ApplicationForm>,
) -> ApiResult<(StatusCode, Json<api::ApplicationView>)> {
    let (invite, evidence) = (form.invite.clone(), form.evidence.clone());
    let mut app = parse_application(form, &who, state.clock.now())?;
    app.evidence = own_uploads(&state, &who, &evidence).await?;
    // The link's channel and recruitment; an unknown code is the direct
    // channel (a mistyped link must not cost the applicant the form).
    if let Some(code) = invite.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        match state.store.invite(&who.brand, code).await {
            Ok(i) => {
                let open = state
                    .store
                    .recruitment(&who.brand, &i.recruitment_id)
                    .await
                    .is_ok_and(|r| r.status == "open");
                app.channel = i.channel;
                app.invite_code = Some(i.code);
                app.recruitment_id = open.then_some(i.recruitment_id);
            }
            Err(store::StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    state.store.create_application(&app).await?;
    Ok((StatusCode::CREATED, Json(views::own_application(app))))
}

#[utoipa::path(get, path = "/api/v1/me/application", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = api::ApplicationView), (status = 404, body = api::ErrorBody)))]
async fn my_application(
    State(state): State<AppState>,
    who: MemberAuth,
) -> ApiResult<Json<api::ApplicationView>> {
    Ok(Json(views::own_application(
        state
            .store
            .application_of(&who.brand, &who.member_id)
            .await?,
    )))
}

/// Answers the operator's request for more information: the application
/// goes back to the review queue.
#[utoipa::path(post, path = "/api/v1/me/application/reply", tag = "member", security(("member_session" = [])),
    request_body = api::InfoReply,
    responses((status = 200, body = api::ApplicationView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn answer(
    State(state): State<AppState>,
    who: MemberAuth,
    Json(form): Json<api::InfoReply>,
) -> ApiResult<Json<api::ApplicationView>> {
    let reply = input::text(&form.reply, 1000)?;
    let evidence = own_uploads(&state, &who, &form.evidence).await?;
    let app = state
        .store
        .answer_information(
            &who.brand,
            &who.member_id,
            &reply,
            &evidence,
            state.clock.now(),
        )
        .await?;
    Ok(Json(views::own_application(app)))
}

pub(super) async fn require_approved(
    state: &AppState,
    who: &MemberAuth,
) -> ApiResult<store::Application> {
    match state.store.application_of(&who.brand, &who.member_id).await {
        Ok(a) if a.status == "approved" => Ok(a),
        Ok(_) | Err(store::StoreError::NotFound) => {
            Err(ApiError::conflict(ErrorCode::ApplicationNotApproved))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct QueueQuery {
    /// `pending`, `more_info`, `approved` or `rejected`.
    status: Option<String>,
    /// `direct` or an invitation channel.
    channel: Option<String>,
    /// Part of the applicant's name or city.
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// The application review queue, oldest first, with each applicant's
/// duplicate count (other applications sharing the contact or a social
/// account).
#[utoipa::path(get, path = "/api/v1/admin/applications", tag = "admin", security(("operator_session" = ["read"])), params(QueueQuery),
    responses((status = 200, body = Vec<api::ApplicationView>)))]
async fn applications(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<QueueQuery>,
) -> ApiResult<Json<Vec<api::ApplicationView>>> {
    let (Ok(status), Ok(channel)) = (input::filter_word(q.status), input::filter_word(q.channel))
    else {
        return Ok(Json(Vec::new()));
    };
    let filter = store::ApplicationFilter {
        status,
        channel,
        q: q.q.map(|s| s.chars().take(40).collect()),
    };
    let rows = state
        .store
        .applications(&op.brand, &filter, input::page(q.limit, q.offset))
        .await?;
    let ids: Vec<String> = rows.iter().map(|a| a.id.clone()).collect();
    let dups = state.store.duplicate_applicants(&op.brand, &ids).await?;
    Ok(Json(
        rows.into_iter()
            .map(|a| {
                let n = dups.iter().find(|d| d.0 == a.id).map_or(0, |d| d.1);
                let mut v = views::application(a);
                v.duplicates = n;
                Ok(v)
            })
            .collect::<ApiResult<_>>()?,
    ))
}

#[utoipa::path(post, path = "/api/v1/admin/applications/{id}/decision", tag = "admin", security(("operator_session" = ["review"])),
    params(("id" = String, Path)), request_body = api::Decision,
    responses((status = 200, body = api::ApplicationView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn decide_application(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(d): Json<api::Decision>,
) -> ApiResult<Json<api::ApplicationView>> {
    op.require(Perm::Review)?;
    let kind = d.kind.clone().filter(|_| d.approve);
    let record = decision(&op, d, state.clock.now())?;
    Ok(Json(views::application(match kind {
        // Approved with a kind of KOC: both in one transaction.
        Some(k) => {
            state
                .store
                .approve_application_as(&op.brand, &id, &record, k.domain, k.origin)
                .await?
        }
        None => {
            state
                .store
                .decide_application(&op.brand, &id, &record)
                .await?
        }
    })))
}

/// Approves or rejects many applications at once, in one transaction.
/// A rejection needs a reason (from the reason list or free text); it is
/// shown to each applicant.
#[utoipa::path(post, path = "/api/v1/admin/applications/decisions", tag = "admin", security(("operator_session" = ["review"])),
    request_body = api::BulkDecision,
    responses((status = 200, body = api::BulkResult), (status = 422, body = api::ErrorBody)))]
async fn decide_many(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::BulkDecision>,
) -> ApiResult<Json<api::BulkResult>> {
    op.require(Perm::Review)?;
    if form.ids.is_empty() || form.ids.len() > 500 {
        return Err(ApiError::invalid(ErrorCode::IdsCount));
    }
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
    let mut ids: Vec<String> = Vec::new();
    for id in form.ids {
        let id = id.trim().to_string();
        if !id.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    let decided = state
        .store
        .decide_applications(&op.brand, &ids, &record)
        .await?;
    let skipped = ids.into_iter().filter(|i| !decided.contains(i)).collect();
    Ok(Json(api::BulkResult { decided, skipped }))
}

/// Asks the applicant for more information; the application waits
/// (`more_info`) until they answer in the app, then is pending again.
#[utoipa::path(post, path = "/api/v1/admin/applications/{id}/more-info", tag = "admin", security(("operator_session" = ["review"])),
    params(("id" = String, Path)), request_body = api::InfoRequest,
    responses((status = 200, body = api::ApplicationView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn request_information(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::InfoRequest>,
) -> ApiResult<Json<api::ApplicationView>> {
    op.require(Perm::Review)?;
    let question = input::text(&form.question, 500)?;
    let a = state
        .store
        .request_information(
            &op.brand,
            &id,
            &question,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(views::application(a)))
}

/// An applicant's contact (phone or WeChat ID) in full. Lists show it
/// masked (`138****0001`); roles that review applicants may see it whole,
/// and every look is recorded in the audit log.
#[utoipa::path(get, path = "/api/v1/admin/applications/{id}/contact", tag = "admin", security(("operator_session" = ["review"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::ContactView), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
async fn application_contact(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::ContactView>> {
    op.require(Perm::Review)?;
    let app = state.store.application(&op.brand, &id).await?;
    // Recorded before the answer leaves: a view that cannot be logged is not shown.
    let field = serde_json::json!({ "field": "contact" });
    op.audit(
        &state,
        "personal_data.view",
        ("application", &app.id),
        Some(field),
    )
    .await?;
    Ok(Json(api::ContactView {
        contact: app.contact,
    }))
}
