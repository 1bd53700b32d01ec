//! Who takes part in a campaign: members sign up and withdraw; operators
//! see the ranking, confirm the selection and swap people with the
//! waitlist.

use super::brand_today;
use super::input::trimmed;
use super::{Json, views};
use crate::AppState;
use crate::auth::{MemberAuth, OperatorAuth, Perm};
use crate::error::{ApiError, ApiResult, ErrorCode};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(join_campaign, withdraw))
        .routes(routes!(ranking))
        .routes(routes!(confirm_selection))
        .routes(routes!(swap_selection))
}

/// What sign-up knows of a member: approval and recorded tier.
pub(super) async fn applicant(
    state: &AppState,
    brand: &str,
    member_id: &str,
) -> ApiResult<rules::signup::Applicant> {
    let approved = match state.store.application_of(brand, member_id).await {
        Ok(a) => a.status == "approved",
        Err(store::StoreError::NotFound) => false,
        Err(e) => return Err(e.into()),
    };
    let tier = if approved {
        state.store.tier_history(brand, member_id).await?.state.tier
    } else {
        rules::Tier::Member
    };
    Ok(rules::signup::Applicant { approved, tier })
}

/// Signs the member up for a campaign of their brand: selected later by
/// the operator, or straight onto the waitlist once the selection is
/// confirmed. 409 with the reason when they may not (not approved, tier
/// too low, window not open or closed).
#[utoipa::path(post, path = "/api/v1/me/campaigns/{id}/signup", tag = "member", security(("member_session" = [])),
    params(("id" = String, Path, description = "Campaign id")),
    responses((status = 201, body = api::CampaignView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn join_campaign(
    State(state): State<AppState>,
    who: MemberAuth,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<api::CampaignView>)> {
    let campaign = state.store.campaign(&who.brand, &id).await?;
    if campaign.status == "draft" {
        return Err(ApiError::not_found());
    }
    let me = applicant(&state, &who.brand, &who.member_id).await?;
    let today = brand_today(&state, &who.brand).await?;
    if let Some(b) = rules::signup::block(&views::signup_window(&campaign), me, today)
        && b.refuses()
    {
        return Err(ApiError::conflict(b.into()));
    }
    let signup = state
        .store
        .create_signup(&who.brand, &id, &who.member_id, state.clock.now())
        .await?;
    let campaign = state.store.campaign(&who.brand, &id).await?;
    let blocked = rules::signup::block(&views::signup_window(&campaign), me, today);
    Ok((
        StatusCode::CREATED,
        Json(views::campaign(campaign, Some(&signup), blocked)),
    ))
}

/// Withdraws the member's sign-up. A freed place goes to the first on the
/// waitlist. Refused once a note was submitted for the campaign or the
/// campaign has closed.
#[utoipa::path(delete, path = "/api/v1/me/campaigns/{id}/signup", tag = "member", security(("member_session" = [])),
    params(("id" = String, Path, description = "Campaign id")),
    responses((status = 200, body = api::CampaignView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn withdraw(
    State(state): State<AppState>,
    who: MemberAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::CampaignView>> {
    let signup = state
        .store
        .withdraw_signup(&who.brand, &id, &who.member_id, state.clock.now())
        .await?;
    let campaign = state.store.campaign(&who.brand, &id).await?;
    let me = applicant(&state, &who.brand, &who.member_id).await?;
    let today = brand_today(&state, &who.brand).await?;
    let blocked = rules::signup::block(&views::signup_window(&campaign), me, today);
    Ok(Json(views::campaign(campaign, Some(&signup), blocked)))
}

/// The campaign's sign-ups (not withdrawn) ranked by its frozen selection
/// rules, each with the ranking's proposal and its status now.
async fn rank(state: &AppState, campaign: &store::Campaign) -> ApiResult<api::RankingView> {
    let facts = state
        .store
        .signup_facts(&campaign.brand_id, &campaign.id)
        .await?;
    let set = &campaign.rules;
    let mut names = std::collections::HashMap::new();
    let candidates: Vec<rules::Candidate> = facts
        .into_iter()
        .map(|f| {
            let followers: i64 =
                serde_json::from_str::<Vec<store::SocialAccount>>(&f.social_accounts)
                    .unwrap_or_default()
                    .iter()
                    .map(|a| a.followers.max(0))
                    .fold(0, i64::saturating_add);
            let facts = rules::roster::ClassFacts {
                followers,
                notes: f.notes,
                interactions: f.interactions,
                past_signups: f.past_signups,
                past_completed: f.past_completed,
                reviewed: f.reviewed,
                approved: f.approved,
            };
            let avg = facts.avg_interactions();
            let completion = facts.completion_percent();
            let tier = f
                .tier
                .as_deref()
                .and_then(rules::Tier::parse)
                .unwrap_or_default();
            // The class perk: the class on the roster (an operator's
            // override, else the last settlement's) ranks; a member never
            // classified yet is classified from the same facts now.
            let class = f
                .class
                .as_deref()
                .and_then(rules::MemberClass::parse)
                .unwrap_or_else(|| facts.classify(set).class);
            names.insert(
                f.member_id.clone(),
                (f.display_name, tier, f.status, f.waitlist_pos),
            );
            rules::Candidate {
                member_id: f.member_id,
                signed_up_at: f.signed_up_at,
                followers,
                notes: f.notes,
                avg_interactions: avg,
                completion_percent: completion,
                tier,
                class,
            }
        })
        .collect();
    let slots = usize::try_from(campaign.slots).unwrap_or(0);
    let entries = set
        .selection
        .rank(&candidates, slots)
        .into_iter()
        .map(|r| {
            let (name, tier, status, waitlist_pos) =
                names.remove(&r.member_id).ok_or_else(ApiError::internal)?;
            Ok(api::RankedView {
                display_name: name,
                tier: tier.as_str().into(),
                rank: r.rank as i64,
                score: r.score,
                parts: r.parts,
                first_timer: r.first_timer,
                outcome: match r.outcome {
                    rules::Outcome::Selected => "selected",
                    rules::Outcome::SelectedByQuota => "selected_by_quota",
                    rules::Outcome::Waitlisted => "waitlisted",
                }
                .into(),
                waitlist: r.waitlist.map(|w| w as i64),
                member_id: r.member_id,
                status,
                waitlist_pos,
            })
        })
        .collect::<ApiResult<_>>()?;
    Ok(api::RankingView {
        campaign_id: campaign.id.clone(),
        slots: campaign.slots,
        signups: campaign.signups,
        selected: campaign.selected,
        selection_confirmed: campaign.selected_at.is_some(),
        entries,
    })
}

/// The campaign's sign-ups ranked by its frozen selection rules, with each
/// score's breakdown, the first-timer quota applied, the proposed waitlist
/// order, and each sign-up's status now.
#[utoipa::path(get, path = "/api/v1/admin/campaigns/{id}/ranking", tag = "admin", security(("operator_session" = ["read"])), params(("id" = String, Path)),
    responses((status = 200, body = api::RankingView), (status = 404, body = api::ErrorBody)))]
async fn ranking(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::RankingView>> {
    let campaign = state.store.campaign(&op.brand, &id).await?;
    Ok(Json(rank(&state, &campaign).await?))
}

/// Confirms the selection once: the ranking's proposal (top N with the
/// first-timer quota) or the operator's own list of at most N; everyone
/// else queues on the waitlist in ranking order. Members are told.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/selection", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::SelectionForm,
    responses((status = 200, body = api::RankingView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn confirm_selection(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::SelectionForm>,
) -> ApiResult<Json<api::RankingView>> {
    op.require(Perm::Operate)?;
    let campaign = state.store.campaign(&op.brand, &id).await?;
    let ranked = rank(&state, &campaign).await?;
    let selected: Vec<String> = match form.selected {
        None => ranked
            .entries
            .iter()
            .filter(|e| e.outcome != "waitlisted")
            .map(|e| e.member_id.clone())
            .collect(),
        Some(list) => {
            let mut out: Vec<String> = Vec::new();
            for m in list {
                let m = m.trim().to_string();
                if !ranked.entries.iter().any(|e| e.member_id == m) {
                    return Err(ApiError::conflict(ErrorCode::NotSignedUp));
                }
                if !out.contains(&m) {
                    out.push(m);
                }
            }
            out
        }
    };
    if selected.len() as i64 > campaign.slots {
        return Err(ApiError::conflict(ErrorCode::TooManySelected));
    }
    let waitlist: Vec<String> = ranked
        .entries
        .iter()
        .filter(|e| !selected.contains(&e.member_id))
        .map(|e| e.member_id.clone())
        .collect();
    let campaign = state
        .store
        .confirm_selection(
            &op.brand,
            &id,
            &selected,
            &waitlist,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(rank(&state, &campaign).await?))
}

/// After the selection: swaps one selected member out (not selected) and
/// one waiting member in, or either alone, within the slots.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/selection/swap", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::SwapForm,
    responses((status = 200, body = api::RankingView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn swap_selection(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::SwapForm>,
) -> ApiResult<Json<api::RankingView>> {
    op.require(Perm::Operate)?;
    let (out, into) = (trimmed(&form.out), trimmed(&form.into));
    if out.is_none() && into.is_none() {
        return Err(ApiError::invalid(ErrorCode::FieldRequired));
    }
    let campaign = state
        .store
        .swap_selection(
            &op.brand,
            &id,
            out,
            into,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(rank(&state, &campaign).await?))
}
