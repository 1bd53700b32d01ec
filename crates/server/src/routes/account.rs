//! A member's own account: their profile (`GET /api/v1/me`) and their data
//! rights (download everything kept about them, erase the account).

use super::{Json, views};
use crate::AppState;
use crate::auth::{self, MemberAuth};
use crate::error::{ApiError, ApiResult, ErrorCode};
use axum::extract::State;
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(member_me, delete_account))
        .routes(routes!(my_data))
}

/// The version of the program terms a new application consents to.
pub const TERMS_VERSION: &str = "2026-11";

#[utoipa::path(get, path = "/api/v1/me", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = api::MemberMe), (status = 401, body = api::ErrorBody)))]
async fn member_me(
    State(state): State<AppState>,
    who: MemberAuth,
) -> ApiResult<Json<api::MemberMe>> {
    Ok(Json(
        views::member_me(&state, &who.brand, &who.member_id).await?,
    ))
}

/// Everything held about the member, as JSON to keep (PIPL / GDPR access
/// and portability).
#[utoipa::path(get, path = "/api/v1/me/data", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = api::MyData), (status = 401, body = api::ErrorBody)))]
async fn my_data(
    State(state): State<AppState>,
    who: MemberAuth,
) -> ApiResult<(
    [(axum::http::HeaderName, &'static str); 1],
    Json<api::MyData>,
)> {
    let member = state.store.member(&who.brand, &who.member_id).await?;
    let application = match state.store.application_of(&who.brand, &who.member_id).await {
        Ok(a) => Some(views::own_application(a)),
        Err(store::StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let all = store::Page {
        limit: i64::MAX,
        offset: 0,
    };
    let filter = store::SubmissionFilter {
        member_id: Some(who.member_id.clone()),
        ..Default::default()
    };
    let submissions = state.store.submissions(&who.brand, &filter, all).await?;
    let ledger = state.store.ledger(&who.brand, &who.member_id, all).await?;
    let records = state
        .store
        .member_records(&who.brand, &who.member_id)
        .await?;
    let today = super::brand_today(&state, &who.brand).await?.to_string();
    let tasks = state
        .store
        .member_assignments(&who.brand, &who.member_id)
        .await?;
    let inbox = state
        .store
        .notifications(&who.brand, &who.member_id, all)
        .await?;
    let tiers = state.store.tier_history(&who.brand, &who.member_id).await?;
    let texts = state.store.sms_for_phone(&who.brand, &member.phone).await?;
    let (codes, counter) = state
        .store
        .sms_codes_for_phone(&who.brand, &member.phone)
        .await?;
    let sms = views::my_sms(texts, codes, counter);
    let holds = state
        .store
        .member_holds(&who.brand, &who.member_id, all)
        .await?;
    let mine = store::RedemptionFilter {
        member_id: Some(who.member_id.clone()),
        ..Default::default()
    };
    let redemptions = state.store.redemptions(&who.brand, &mine, all).await?;
    let class = match state
        .store
        .roster_member(&who.brand, &who.member_id, 0)
        .await
    {
        Ok((_, c)) => Some(views::class_view(c)),
        Err(store::StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let class_overrides = state
        .store
        .class_overrides(&who.brand, &who.member_id)
        .await?
        .into_iter()
        .map(views::class_override)
        .collect::<ApiResult<_>>()?;
    // issue 17: leads. A lead with the member's phone is theirs to see whole.
    let kos_leads = state
        .store
        .leads_by_phone(&who.brand, &member.phone)
        .await?
        .into_iter()
        .map(|l| super::kos_leads_views::lead_view(rules::kos_leads::Viewer::Owner, l))
        .collect();
    let data = api::MyData {
        member_id: member.id,
        brand: member.brand_id,
        phone: member.phone,
        joined_at: member.created_at,
        application,
        submissions: submissions
            .into_iter()
            .map(views::submission_detail)
            .collect(),
        ledger: ledger.into_iter().map(views::ledger_entry).collect(),
        exported_at: state.clock.now(),
        signups: records
            .signups
            .into_iter()
            .map(|s| api::SignupRecord {
                campaign_id: s.campaign_id,
                status: s.status,
                waitlist_pos: s.waitlist_pos,
                signed_up_at: s.created_at,
                decided_at: s.decided_at,
            })
            .collect(),
        tasks: tasks
            .into_iter()
            .map(|a| views::assignment_view(a, &today))
            .collect(),
        samples: records
            .samples
            .into_iter()
            .map(|s| api::SampleView {
                publish_by: None,
                ..views::sample_view(s, 0)
            })
            .collect(),
        inbox: inbox.into_iter().map(views::notification).collect(),
        uploads: records
            .uploads
            .into_iter()
            .map(|u| api::UploadView {
                id: u.id,
                content_type: u.content_type,
                size: u.size,
            })
            .collect(),
        tier_history: tiers
            .changes
            .into_iter()
            .map(|c| api::TierChangeRecord {
                on: c.date.to_string(),
                from: c.from.as_str().into(),
                to: c.to.as_str().into(),
                reason: serde_json::to_string(&c.reason).unwrap_or_default(),
            })
            .collect(),
        sms,
        checkout_holds: holds.into_iter().map(views::hold).collect(),
        redemptions: redemptions
            .into_iter()
            .map(|r| api::RedemptionRecord {
                recipient: r.recipient.clone(),
                phone: r.phone.clone(),
                address: r.address.clone(),
                redemption: views::my_redemption(r),
            })
            .collect(),
        class,
        class_overrides,
        kos_leads,
    };
    Ok((
        [(
            axum::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"seedbed-my-data.json\"",
        )],
        Json(data),
    ))
}

/// Deletes the account: personal data erased (the phone replaced by a
/// pseudonym, the application's personal fields blanked), every session
/// ended. Points history and notes stay for the brand's accounting and
/// duplicate checks, linked to nobody.
#[utoipa::path(delete, path = "/api/v1/me", tag = "member", security(("member_session" = [])),
    request_body = api::AccountDeletion,
    responses((status = 204), (status = 401, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn delete_account(
    State(state): State<AppState>,
    who: MemberAuth,
    jar: CookieJar,
    Json(input): Json<api::AccountDeletion>,
) -> ApiResult<(StatusCode, CookieJar)> {
    let member = state.store.member(&who.brand, &who.member_id).await?;
    // Wrong passwords here count with the log-in's: a session alone cannot
    // guess the password.
    let key = crate::throttle::member_key(&who.brand, &member.phone)
        .unwrap_or_else(|| format!("member-id:{}:{}", who.brand, member.id));
    if state.throttle.reserve(&key, state.clock.now()).is_err() {
        return Err(super::session::too_many());
    }
    if !state
        .passwords
        .verify(&input.password, &member.password_hash)
        .await?
    {
        return Err(ApiError::invalid(ErrorCode::PasswordMismatch));
    }
    state.throttle.succeeded(&key);
    let pseudonym = format!("deleted:{}", member.id);
    let uploads = state
        .store
        .erase_member(&who.brand, &who.member_id, &pseudonym, state.clock.now())
        .await?;
    crate::uploads::remove_files(&state, &who.brand, &uploads).await;
    tracing::info!(brand = %who.brand, member = %who.member_id, "member account erased");
    Ok((
        StatusCode::NO_CONTENT,
        jar.remove(auth::removal_cookie(auth::MEMBER_COOKIE)),
    ))
}
