//! The consumer's routes: sign up and log in to a brand, apply as a KOC,
//! sign up for campaigns, submit note links, read points.

use super::{Json, views};
use crate::AppState;
use crate::auth::{self, MemberAuth, SessionKind};
use crate::error::{ApiError, ApiResult};
use crate::time;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use rules::Phone;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The version of the program terms a new application consents to.
pub const TERMS_VERSION: &str = "2026-11";

const SOCIAL_PLATFORMS: &[&str] = &[
    "xiaohongshu",
    "douyin",
    "weibo",
    "bilibili",
    "wechat",
    "kuaishou",
];

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_up))
        .routes(routes!(log_in))
        .routes(routes!(log_out))
        .routes(routes!(log_out_everywhere))
        .routes(routes!(me, delete_account))
        .routes(routes!(my_data))
        .routes(routes!(apply, my_application))
        .routes(routes!(answer))
        .routes(routes!(join_campaign, withdraw))
        .routes(routes!(inbox))
        .routes(routes!(read_inbox))
        .routes(routes!(submit_note, my_submissions))
        .routes(routes!(my_ledger))
        .routes(routes!(crate::uploads::member_upload))
        .routes(routes!(crate::uploads::member_file))
}

async fn member_me(state: &AppState, brand: &str, member_id: &str) -> ApiResult<api::MemberMe> {
    let member = state.store.member(brand, member_id).await?;
    let b = state.store.brand(brand).await?;
    let application = match state.store.application_of(brand, member_id).await {
        Ok(a) => Some(api::MyApplication {
            id: a.id,
            status: a.status.into(),
            reason: a.reason,
            info_request: a.info_request,
            appeal_note: a.appeal_note,
        }),
        Err(store::StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let approved = application.as_ref().is_some_and(|a| a.status == "approved");
    let (tier, progress, tier_since) = if approved {
        let offset = time::offset_minutes(&b.time_zone, state.clock.now());
        let today = time::local_date(&b.time_zone, state.clock.now());
        let rules = store::load_rules(&b.points_rule)?;
        let notes = state.store.settled_notes(brand, member_id, offset).await?;
        let mut history = state.store.tier_history(brand, member_id).await?;
        if history.changes.is_empty() && !notes.is_empty() {
            // Notes settled before tiers were recorded: evaluate them now
            // (shown, not stored; the next settlement records from here).
            let o = rules::tier::evaluate(&notes, &rules.tiers);
            history = store::TierHistory {
                state: o.state,
                changes: o.changes,
            };
        }
        let progress = rules::tier::progress(history.state, &notes, &rules.tiers, today);
        let since = history.changes.last().map(|c| c.date.to_string());
        let progress = api::Localized {
            zh: progress.text(true),
            en: progress.text(false),
        };
        (history.state.tier.as_str(), Some(progress), since)
    } else {
        ("applicant", None, None)
    };
    Ok(api::MemberMe {
        member_id: member.id,
        brand: member.brand_id,
        phone_masked: Phone::parse(&member.phone)
            .map(|p| p.masked())
            .unwrap_or_default(),
        application,
        tier: tier.into(),
        balance: state.store.balance(brand, member_id).await?,
        progress,
        tier_since,
        unread: state.store.unread_notifications(brand, member_id).await?,
    })
}

/// Registers a consumer with a brand and starts a session.
#[utoipa::path(post, path = "/api/v1/brands/{brand}/members", tag = "member", security(()),
    params(("brand" = String, Path)),
    request_body = api::MemberCredentials,
    responses((status = 201, body = api::MemberMe), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn sign_up(
    State(state): State<AppState>,
    Path(brand): Path<String>,
    jar: CookieJar,
    Json(input): Json<api::MemberCredentials>,
) -> ApiResult<(StatusCode, CookieJar, Json<api::MemberMe>)> {
    let phone = Phone::parse(&input.phone).map_err(|e| ApiError::invalid(e.code()))?;
    auth::check_new_password(&input.password)?;
    let b = state.store.brand(&brand).await?;
    let member = store::Member {
        brand_id: b.id.clone(),
        id: store::new_id(),
        phone: phone.as_str().into(),
        password_hash: auth::hash_password(&input.password),
        created_at: state.clock.now(),
    };
    state.store.create_member(&member).await?;
    let jar = auth::start_session(&state, jar, SessionKind::Member, &b.id, &member.id).await?;
    Ok((
        StatusCode::CREATED,
        jar,
        Json(member_me(&state, &b.id, &member.id).await?),
    ))
}

#[utoipa::path(post, path = "/api/v1/brands/{brand}/session", tag = "member", security(()),
    params(("brand" = String, Path)),
    request_body = api::MemberCredentials,
    responses((status = 200, body = api::MemberMe), (status = 401, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn log_in(
    State(state): State<AppState>,
    Path(brand): Path<String>,
    jar: CookieJar,
    Json(input): Json<api::MemberCredentials>,
) -> ApiResult<(CookieJar, Json<api::MemberMe>)> {
    let b = state.store.brand(&brand).await?;
    let account = format!("member:{}:{}", b.id, input.phone.trim());
    let now = state.clock.now();
    if !state.throttle.allowed(&account, now) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
        ));
    }
    let found = match Phone::parse(&input.phone) {
        Ok(phone) => match state.store.member_by_phone(&b.id, phone.as_str()).await {
            Ok(m) => Some(m),
            Err(store::StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        Err(_) => None,
    };
    let hash = found
        .as_ref()
        .map_or(&*state.dummy_hash, |m| m.password_hash.as_str());
    let ok = auth::verify_password(&input.password, hash);
    let Some(member) = found.filter(|_| ok) else {
        state.throttle.failed(&account, now);
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        ));
    };
    state.throttle.succeeded(&account);
    let jar = auth::start_session(&state, jar, SessionKind::Member, &b.id, &member.id).await?;
    Ok((jar, Json(member_me(&state, &b.id, &member.id).await?)))
}

/// Ends the member session (the cookie and the stored session).
#[utoipa::path(delete, path = "/api/v1/me/session", tag = "member", security(()),
    responses((status = 204)))]
async fn log_out(
    State(state): State<AppState>,
    jar: CookieJar,
) -> ApiResult<(StatusCode, CookieJar)> {
    let jar = auth::end_session(&state, jar, SessionKind::Member).await?;
    Ok((StatusCode::NO_CONTENT, jar))
}

#[utoipa::path(get, path = "/api/v1/me", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = api::MemberMe), (status = 401, body = api::ErrorBody)))]
async fn me(State(state): State<AppState>, who: MemberAuth) -> ApiResult<Json<api::MemberMe>> {
    Ok(Json(member_me(&state, &who.brand, &who.member_id).await?))
}

/// Turns the form into a pending application of `who`, or the first error.
fn parse_application(
    form: api::ApplicationForm,
    who: &MemberAuth,
    now: i64,
) -> ApiResult<store::Application> {
    if !form.consent_terms || !form.consent_data {
        return Err(ApiError::invalid("consent_required"));
    }
    let name = views::text(&form.display_name, 40)?;
    let contact = views::text(&form.contact, 64)?;
    let city = views::text(&form.city, 40)?;
    let motivation = views::optional_text(&form.motivation, 1000)?;
    if form.social_accounts.is_empty() {
        return Err(ApiError::invalid("social_account_required"));
    }
    if form.social_accounts.len() > 10 || form.interests.len() > 20 {
        return Err(ApiError::invalid("field_too_long"));
    }
    let mut accounts = Vec::new();
    for a in form.social_accounts {
        let platform = a.platform.trim().to_ascii_lowercase();
        let profile = views::optional_text(&a.profile_url, 300)?;
        if !SOCIAL_PLATFORMS.contains(&platform.as_str())
            || profile.is_empty()
            || !(0..=1_000_000_000).contains(&a.followers)
        {
            return Err(ApiError::invalid("social_account_invalid"));
        }
        accounts.push(store::SocialAccount {
            platform,
            profile_url: profile,
            followers: a.followers,
        });
    }
    let mut interests = Vec::new();
    for i in form.interests {
        let i = views::optional_text(&i, 20)?;
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
        ..Default::default()
    })
}

/// The member's own uploads among `ids` (at most 5), or `screenshot_unknown`.
pub(super) async fn own_uploads(
    state: &AppState,
    who: &MemberAuth,
    ids: &[String],
) -> ApiResult<Vec<String>> {
    if ids.len() > 5 {
        return Err(ApiError::invalid("field_too_long"));
    }
    let mut out = Vec::new();
    for id in ids {
        let id = id.trim();
        if id.is_empty() || out.iter().any(|o| o == id) {
            continue;
        }
        match state.store.upload(&who.brand, id).await {
            Ok(u) if u.owner_kind == "member" && u.owner_id == who.member_id => out.push(u.id),
            Ok(_) | Err(store::StoreError::NotFound) => {
                return Err(ApiError::invalid("screenshot_unknown"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(out)
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
    let reply = views::text(&form.reply, 1000)?;
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

async fn require_approved(state: &AppState, who: &MemberAuth) -> ApiResult<store::Application> {
    match state.store.application_of(&who.brand, &who.member_id).await {
        Ok(a) if a.status == "approved" => Ok(a),
        Ok(_) | Err(store::StoreError::NotFound) => {
            Err(ApiError::conflict("application_not_approved"))
        }
        Err(e) => Err(e.into()),
    }
}

/// The device a request came from, for the suspicious-pattern flags: the
/// SHA-256 of the client address (from the reverse proxy's
/// `X-Forwarded-For` or `X-Real-IP`) and the browser; `None` when neither
/// is known. The address itself is never stored.
fn client_hash(headers: &axum::http::HeaderMap) -> Option<String> {
    use sha2::{Digest, Sha256};
    let get = |h: &str| headers.get(h).and_then(|v| v.to_str().ok()).unwrap_or("");
    let ip = get("x-forwarded-for")
        .split(',')
        .next()
        .unwrap_or("")
        .trim();
    let ip = if ip.is_empty() {
        get("x-real-ip").trim()
    } else {
        ip
    };
    let agent = get("user-agent");
    if ip.is_empty() && agent.is_empty() {
        return None;
    }
    Some(crate::hex(
        &Sha256::digest(format!("{ip}|{agent}").as_bytes())[..16],
    ))
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

/// Today in the brand's zone.
pub(super) async fn brand_today(state: &AppState, brand: &str) -> ApiResult<rules::CivilDate> {
    let b = state.store.brand(brand).await?;
    Ok(time::local_date(&b.time_zone, state.clock.now()))
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
        return Err(ApiError::conflict(b.code()));
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

/// The member's inbox, newest first (100 lines).
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = api::Inbox), (status = 401, body = api::ErrorBody)))]
async fn inbox(State(state): State<AppState>, who: MemberAuth) -> ApiResult<Json<api::Inbox>> {
    let items = state
        .store
        .notifications(&who.brand, &who.member_id, store::Page::FIRST_100)
        .await?
        .into_iter()
        .map(views::notification)
        .collect();
    Ok(Json(api::Inbox {
        unread: state
            .store
            .unread_notifications(&who.brand, &who.member_id)
            .await?,
        items,
    }))
}

/// Marks the whole inbox read.
#[utoipa::path(post, path = "/api/v1/me/notifications/read", tag = "member", security(("member_session" = [])),
    responses((status = 204), (status = 401, body = api::ErrorBody)))]
async fn read_inbox(State(state): State<AppState>, who: MemberAuth) -> ApiResult<StatusCode> {
    state
        .store
        .mark_notifications_read(&who.brand, &who.member_id, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Submits the link of a published note. The text may be a platform's
/// share text; the server finds the link with the same parser the app uses.
#[utoipa::path(post, path = "/api/v1/me/submissions", tag = "member", security(("member_session" = [])),
    request_body = api::SubmissionForm,
    responses((status = 201, body = api::SubmissionView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn submit_note(
    State(state): State<AppState>,
    who: MemberAuth,
    headers: axum::http::HeaderMap,
    Json(form): Json<api::SubmissionForm>,
) -> ApiResult<(StatusCode, Json<api::SubmissionView>)> {
    let link = rules::parse_note_link(&form.link_text)?;
    let campaign = state.store.campaign(&who.brand, &form.campaign_id).await?;
    let application = require_approved(&state, &who).await?;
    // Until the operator confirms a selection every sign-up may publish;
    // after it, the selected only.
    match state
        .store
        .signup(&who.brand, &campaign.id, &who.member_id)
        .await
    {
        Ok(s) if s.status == "selected" || s.status == "pending" => {}
        Ok(_) => return Err(ApiError::conflict("not_selected")),
        Err(store::StoreError::NotFound) => return Err(ApiError::conflict("not_signed_up")),
        Err(e) => return Err(e.into()),
    }
    match campaign.status.as_str() {
        "published" => {}
        "settled" => return Err(ApiError::conflict("campaign_settled")),
        _ => return Err(ApiError::conflict("campaign_closed")),
    }
    if campaign.disclosure_required && !form.disclosure_declared {
        return Err(ApiError::invalid("disclosure_undeclared"));
    }
    // Only the member's own upload.
    let screenshot_id = own_uploads(&state, &who, form.screenshot_id.as_slice())
        .await?
        .pop();
    // Only an approved, signed-up member's short link is fetched.
    let link = super::expand(&state, link).await?;
    let Some(note_id) = link.note_id else {
        return Err(ApiError::invalid("link_unresolved"));
    };
    if !campaign
        .platforms
        .iter()
        .any(|p| p == link.platform.as_str())
    {
        return Err(ApiError::invalid("platform_not_allowed"));
    }
    let submission = store::Submission {
        brand_id: who.brand.clone(),
        id: store::new_id(),
        campaign_id: campaign.id.clone(),
        member_id: who.member_id.clone(),
        platform: link.platform.as_str().into(),
        note_id,
        canonical_url: link.canonical_url,
        original_url: link.original_url,
        status: rules::SubmissionStatus::Pending,
        reason: None,
        created_at: state.clock.now(),
        reviewed_at: None,
        reviewed_by: None,
        settled_points: None,
        settled_interactions: None,
        disclosure_declared: form.disclosure_declared,
        disclosure_confirmed: false,
        screenshot_id,
        client_hash: client_hash(&headers),
    };
    match state.store.create_submission(&submission).await {
        Ok(()) => {}
        Err(store::StoreError::Conflict("note_already_submitted")) => {
            // Someone claimed a note the brand has: the reviewer sees it
            // flagged on the note that was there first.
            let key = (submission.platform.clone(), submission.note_id.clone());
            if let Some(first) = state.store.notes_by_key(&who.brand, &[key]).await?.first() {
                state
                    .store
                    .record_audit(&store::AuditEntry::member(
                        &who.brand,
                        &who.member_id,
                        "submission.duplicate_attempt",
                        ("submission", &first.submission_id),
                        state.clock.now(),
                    ))
                    .await?;
            }
            return Err(ApiError::conflict("note_already_submitted"));
        }
        Err(e) => return Err(e.into()),
    }
    // Answered from what this request already read: a new note has no
    // metrics yet (three reads fewer on the busiest write).
    Ok((
        StatusCode::CREATED,
        Json(views::submission_detail(store::SubmissionDetail {
            campaign_title: campaign.title,
            disclosure_required: campaign.disclosure_required,
            member_name: application.display_name,
            snapshot_date: None,
            likes: None,
            comments: None,
            saves: None,
            appeal_note: None,
            submission,
        })),
    ))
}

#[utoipa::path(get, path = "/api/v1/me/submissions", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = Vec<api::SubmissionView>)))]
async fn my_submissions(
    State(state): State<AppState>,
    who: MemberAuth,
) -> ApiResult<Json<Vec<api::SubmissionView>>> {
    let filter = store::SubmissionFilter {
        member_id: Some(who.member_id.clone()),
        ..Default::default()
    };
    let rows = state
        .store
        .submissions(&who.brand, &filter, store::Page::FIRST_100)
        .await?;
    Ok(Json(
        rows.into_iter().map(views::submission_detail).collect(),
    ))
}

/// The member's points: balance (the sum of all entries) and the entries.
#[utoipa::path(get, path = "/api/v1/me/ledger", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = api::LedgerView)))]
async fn my_ledger(
    State(state): State<AppState>,
    who: MemberAuth,
) -> ApiResult<Json<api::LedgerView>> {
    let entries = state
        .store
        .ledger(
            &who.brand,
            &who.member_id,
            store::Page {
                limit: 200,
                offset: 0,
            },
        )
        .await?;
    Ok(Json(api::LedgerView {
        balance: state.store.balance(&who.brand, &who.member_id).await?,
        entries: entries.into_iter().map(views::ledger_entry).collect(),
    }))
}

/// Ends every session of the caller on every device (a lost phone, a
/// shared computer).
#[utoipa::path(delete, path = "/api/v1/me/sessions", tag = "member", security(("member_session" = [])),
    responses((status = 204), (status = 401, body = api::ErrorBody)))]
async fn log_out_everywhere(
    State(state): State<AppState>,
    _caller: MemberAuth,
    jar: CookieJar,
) -> ApiResult<(StatusCode, CookieJar)> {
    let jar = auth::end_all_sessions(&state, jar, SessionKind::Member).await?;
    Ok((StatusCode::NO_CONTENT, jar))
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
    if !auth::verify_password(&input.password, &member.password_hash) {
        return Err(ApiError::invalid("password_mismatch"));
    }
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
