//! The roster: every member of the program with tier, class, kind, balance
//! and counts (filters, search, pages, a CSV export); a member's page (each
//! opening audited); class overrides and kinds of KOC; group invitations by
//! tier and class, and the member's perks; exports of a member's ledger and
//! a campaign's settlement statements. Exports go through `csvout`.

use super::{Json, input, views};
use crate::AppState;
use crate::auth::{MemberAuth, OperatorAuth, Perm};
use crate::csvout::{self, Cell};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::time;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(roster))
        .routes(routes!(roster_export))
        .routes(routes!(member_page))
        .routes(routes!(set_class))
        .routes(routes!(set_kind))
        .routes(routes!(member_ledger_export))
        .routes(routes!(statements_export))
        .routes(routes!(group_links, create_group_link))
        .routes(routes!(delete_group_link))
        .routes(routes!(my_perks))
}

/// Rows an export holds at most (the 25,000-member program fits).
const EXPORT_MAX: i64 = 100_000;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
struct RosterQuery {
    /// `member`, `junior`, `intermediate` or `senior`.
    tier: Option<String>,
    /// `potential`, `standard` or `high_quality`.
    class: Option<String>,
    /// `public` or `private`.
    domain: Option<String>,
    /// `brand_lover`, `incubated` or `partner_creator`.
    origin: Option<String>,
    /// The application's channel (`direct`, `wechat`, …).
    channel: Option<String>,
    /// A city, whole (case and surrounding space ignored).
    city: Option<String>,
    /// A name or city fragment, a phone number or a member id.
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// The filters as typed values; a value no word has is 422 `filter_malformed`.
fn filter(q: &RosterQuery) -> ApiResult<store::RosterFilter> {
    let bad = |_: rules::UnknownWord| ApiError::invalid(ErrorCode::FilterMalformed);
    let malformed = || ApiError::invalid(ErrorCode::FilterMalformed);
    let tier = match input::trimmed(&q.tier) {
        None => None,
        Some(t) => Some(rules::Tier::parse(t).ok_or_else(malformed)?),
    };
    let class = match input::trimmed(&q.class) {
        None => None,
        Some(c) => Some(rules::MemberClass::parse(c).ok_or_else(malformed)?),
    };
    Ok(store::RosterFilter {
        tier,
        class,
        domain: input::filter_word(q.domain.clone()).map_err(bad)?,
        origin: input::filter_word(q.origin.clone()).map_err(bad)?,
        channel: input::filter_word(q.channel.clone()).map_err(bad)?,
        city: input::trimmed(&q.city)
            .map(|c| input::optional_text(c, 40))
            .transpose()?,
        q: input::trimmed(&q.q)
            .map(|c| input::optional_text(c, 64))
            .transpose()?,
    })
}

/// The brand's viral threshold and points rate, for counts and cash values.
async fn brand_figures(state: &AppState, brand: &str) -> ApiResult<(i64, i64)> {
    let b = state.store.brand(brand).await?;
    let set = store::load_rules(&b.points_rule)?;
    let policy = state.store.points_policy(brand).await?;
    Ok((set.tiers.viral_threshold, policy.points_per_yuan))
}

/// Every member of the program (approved applications), newest first, with
/// tier, class, kind, balance, note counts and last activity.
#[utoipa::path(get, path = "/api/v1/admin/roster", tag = "admin", security(("operator_session" = ["read"])), params(RosterQuery),
    responses((status = 200, body = api::RosterPageView), (status = 422, body = api::ErrorBody)))]
async fn roster(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<RosterQuery>,
) -> ApiResult<Json<api::RosterPageView>> {
    let f = filter(&q)?;
    let (viral, rate) = brand_figures(&state, &op.brand).await?;
    let page = state
        .store
        .roster(&op.brand, &f, viral, input::page(q.limit, q.offset))
        .await?;
    Ok(Json(api::RosterPageView {
        total: page.total,
        rows: page
            .rows
            .into_iter()
            .map(|r| views::roster_row(r, rate))
            .collect(),
    }))
}

fn tier_text(t: rules::Tier) -> &'static str {
    t.as_str()
}

/// The roster as a spreadsheet (UTF-8 CSV with BOM), with the list's
/// filters; audited (`roster.export`).
#[utoipa::path(get, path = "/api/v1/admin/roster/export", tag = "admin", security(("operator_session" = ["read"])), params(RosterQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 422, body = api::ErrorBody)))]
async fn roster_export(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<RosterQuery>,
) -> ApiResult<Response> {
    let f = filter(&q)?;
    let (viral, rate) = brand_figures(&state, &op.brand).await?;
    let mut rows = Vec::new();
    let mut offset = 0;
    while offset < EXPORT_MAX {
        let page = state
            .store
            .roster(&op.brand, &f, viral, store::Page { limit: 500, offset })
            .await?;
        let n = page.rows.len() as i64;
        rows.extend(page.rows);
        if n < 500 {
            break;
        }
        offset += n;
    }
    op.audit(
        &state,
        "roster.export",
        ("roster", &op.brand),
        Some(serde_json::json!({ "rows": rows.len() })),
    )
    .await?;
    let today = super::brand_today(&state, &op.brand).await?;
    let header = [
        "member_id",
        "name",
        "city",
        "channel",
        "tier",
        "class",
        "class_overridden",
        "domain",
        "origin",
        "joined_at",
        "notes",
        "approved",
        "viral",
        "points",
        "cash_fen",
        "last_active_at",
    ];
    let cells = rows.into_iter().map(|r| {
        vec![
            Cell::from(r.member_id),
            r.display_name.into(),
            r.city.into(),
            r.channel.as_str().into(),
            tier_text(r.tier).into(),
            r.class.map(|c| c.as_str()).unwrap_or("").into(),
            Cell::Int(i64::from(r.overridden)),
            r.domain.as_str().into(),
            r.origin.as_str().into(),
            Cell::Int(r.joined_at),
            Cell::Int(r.notes),
            Cell::Int(r.approved),
            Cell::Int(r.viral),
            Cell::Int(r.balance),
            Cell::Int(rules::points::fen_for_points(r.balance, rate)),
            r.last_active_at.map_or(Cell::from(""), Cell::Int),
        ]
    });
    Ok(csvout::download(
        &format!("roster-{today}.csv"),
        &header,
        cells,
    ))
}

/// Everything about one member: application (contact masked), notes with
/// metrics, sign-ups and outcomes, tasks, tier history, class with its
/// explanation and overrides, the latest postings, the inbox sent, and who
/// opened this page. Each opening is audited (`member.view`) first.
#[utoipa::path(get, path = "/api/v1/admin/members/{id}", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path, description = "Member id")),
    responses((status = 200, body = api::MemberPageView), (status = 404, body = api::ErrorBody)))]
async fn member_page(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::MemberPageView>> {
    let (viral, rate) = brand_figures(&state, &op.brand).await?;
    let (row, class) = state.store.roster_member(&op.brand, &id, viral).await?;
    op.audit(&state, "member.view", ("member", &id), None)
        .await?;
    let application = match state.store.application_of(&op.brand, &id).await {
        Ok(a) => Some(views::application(a)),
        Err(store::StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let notes = state
        .store
        .submissions(
            &op.brand,
            &store::SubmissionFilter {
                member_id: Some(id.clone()),
                ..Default::default()
            },
            store::Page::FIRST_100,
        )
        .await?;
    let records = state.store.member_records(&op.brand, &id).await?;
    let mut signups = Vec::with_capacity(records.signups.len());
    for s in records.signups {
        let title = match state.store.campaign(&op.brand, &s.campaign_id).await {
            Ok(c) => c.title,
            Err(store::StoreError::NotFound) => String::new(),
            Err(e) => return Err(e.into()),
        };
        signups.push(api::MemberSignupView {
            campaign_id: s.campaign_id,
            campaign_title: title,
            status: s.status,
            signed_up_at: s.created_at,
        });
    }
    signups.reverse();
    let today = super::brand_today(&state, &op.brand).await?.to_string();
    let tasks = state.store.member_assignments(&op.brand, &id).await?;
    let tiers = state.store.tier_history(&op.brand, &id).await?;
    let overrides = state.store.class_overrides(&op.brand, &id).await?;
    let ledger = state
        .store
        .ledger(
            &op.brand,
            &id,
            store::Page {
                limit: 50,
                offset: 0,
            },
        )
        .await?;
    let redemptions = state
        .store
        .redemptions(
            &op.brand,
            &store::RedemptionFilter {
                member_id: Some(id.clone()),
                ..Default::default()
            },
            store::Page {
                limit: 50,
                offset: 0,
            },
        )
        .await?;
    let inbox = state
        .store
        .notifications(&op.brand, &id, store::Page::FIRST_100)
        .await?;
    let viewed = state
        .store
        .audit_log(
            &op.brand,
            &store::AuditFilter {
                action: Some("member.view".into()),
                target_id: Some(id.clone()),
                ..Default::default()
            },
            store::Page::FIRST_100,
        )
        .await?;
    Ok(Json(api::MemberPageView {
        member: views::roster_row(row, rate),
        application,
        notes: notes.into_iter().map(views::submission_detail).collect(),
        signups,
        tasks: tasks
            .into_iter()
            .map(|a| views::assignment_view(a, &today))
            .collect(),
        tier_history: tiers
            .changes
            .into_iter()
            .rev()
            .map(views::tier_change_record)
            .collect(),
        class: views::class_view(class),
        overrides: overrides
            .into_iter()
            .map(views::class_override)
            .collect::<ApiResult<_>>()?,
        ledger: ledger.into_iter().map(views::ledger_entry).collect(),
        redemptions: redemptions
            .into_iter()
            .map(views::redemption_view)
            .collect(),
        inbox: inbox.into_iter().map(views::notification).collect(),
        views: viewed
            .into_iter()
            .map(|a| api::MemberViewLine {
                by: a.actor_id,
                at: a.at,
            })
            .collect(),
    }))
}

/// Overrides the member's class with a reason (`class` null removes the
/// override; settlement's class counts again). Audited; an override stays
/// through settlements until removed.
#[utoipa::path(put, path = "/api/v1/admin/members/{id}/class", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path, description = "Member id")), request_body = api::ClassOverrideForm,
    responses((status = 200, body = api::ClassView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn set_class(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::ClassOverrideForm>,
) -> ApiResult<Json<api::ClassView>> {
    op.require(Perm::Operate)?;
    let reason = input::optional_text(&form.reason, 200)?;
    if reason.is_empty() {
        return Err(ApiError::invalid(ErrorCode::ReasonRequired));
    }
    let s = state
        .store
        .set_class_override(
            &op.brand,
            &id,
            form.class,
            &reason,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(views::class_view(s)))
}

/// Sets the member's kind of KOC (domain and origin). Audited.
#[utoipa::path(put, path = "/api/v1/admin/members/{id}/kind", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path, description = "Member id")), request_body = api::KindForm,
    responses((status = 200, body = api::RosterRowView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn set_kind(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::KindForm>,
) -> ApiResult<Json<api::RosterRowView>> {
    op.require(Perm::Operate)?;
    state
        .store
        .set_member_kind(
            &op.brand,
            &id,
            form.domain,
            form.origin,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    let (viral, rate) = brand_figures(&state, &op.brand).await?;
    let (row, _) = state.store.roster_member(&op.brand, &id, viral).await?;
    Ok(Json(views::roster_row(row, rate)))
}

/// A member's points history as a spreadsheet; audited (`member.ledger_export`).
#[utoipa::path(get, path = "/api/v1/admin/members/{id}/ledger/export", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path, description = "Member id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = api::ErrorBody)))]
async fn member_ledger_export(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    state.store.member(&op.brand, &id).await?;
    let (_, rate) = brand_figures(&state, &op.brand).await?;
    let entries = state
        .store
        .ledger(
            &op.brand,
            &id,
            store::Page {
                limit: EXPORT_MAX,
                offset: 0,
            },
        )
        .await?;
    op.audit(&state, "member.ledger_export", ("member", &id), None)
        .await?;
    let b = state.store.brand(&op.brand).await?;
    let header = ["posting_id", "time", "reason", "memo", "points", "cash_fen"];
    let cells = entries.into_iter().map(|e| {
        vec![
            Cell::from(e.id),
            time::local_date(&b.time_zone, e.created_at)
                .to_string()
                .into(),
            e.reason.into(),
            e.memo.into(),
            Cell::Int(e.points),
            Cell::Int(if e.points < 0 {
                -rules::points::fen_for_points(-e.points, rate)
            } else {
                rules::points::fen_for_points(e.points, rate)
            }),
        ]
    });
    Ok(csvout::download(
        &format!("ledger-{id}.csv"),
        &header,
        cells,
    ))
}

/// A settled campaign's statements as a spreadsheet: one row per note with
/// its member, interactions and points (what was credited).
#[utoipa::path(get, path = "/api/v1/admin/campaigns/{id}/statements/export", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path, description = "Campaign id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = api::ErrorBody)))]
async fn statements_export(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let campaign = state.store.campaign(&op.brand, &id).await?;
    let notes = state.store.settlement_notes(&op.brand, &id).await?;
    let inputs = notes
        .iter()
        .map(|n| {
            Ok(rules::settlement::Note {
                id: n.submission_id.clone(),
                member_id: n.member_id.clone(),
                platform: rules::Platform::parse(&n.platform).ok_or_else(ApiError::internal)?,
                metrics: rules::Metrics {
                    likes: n.likes.unwrap_or(0),
                    comments: n.comments.unwrap_or(0),
                    saves: n.saves.unwrap_or(0),
                },
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    // The same figures as the settlement preview; once settled, what was
    // credited is the record.
    let figures =
        rules::settlement::statements(&campaign.rules, campaign.multiplier_percent, &inputs);
    let stored: std::collections::HashMap<&str, &store::SettlementNote> = notes
        .iter()
        .map(|n| (n.submission_id.as_str(), n))
        .collect();
    op.audit(
        &state,
        "campaign.statements_export",
        ("campaign", &id),
        None,
    )
    .await?;
    let header = [
        "member_id",
        "name",
        "submission_id",
        "platform",
        "note_id",
        "interactions",
        "points",
        "member_total",
    ];
    let mut rows = Vec::new();
    for s in &figures.statements {
        for r in &s.notes {
            let n = stored[r.id.as_str()];
            let (points, interactions) = match (n.settled_points, n.settled_interactions) {
                (Some(p), Some(i)) => (p, i),
                _ => (r.points(), r.interactions()),
            };
            rows.push(vec![
                Cell::from(s.member_id.clone()),
                n.member_name.clone().into(),
                r.id.clone().into(),
                n.platform.clone().into(),
                n.note_id.clone().into(),
                Cell::Int(interactions),
                Cell::Int(points),
                Cell::Int(s.total),
            ]);
        }
    }
    Ok(csvout::download(
        &format!("statements-{id}.csv"),
        &header,
        rows,
    ))
}

/// The brand's group invitations with who qualifies.
#[utoipa::path(get, path = "/api/v1/admin/groups", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = Vec<api::GroupLinkView>)))]
async fn group_links(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<Vec<api::GroupLinkView>>> {
    let links = state.store.group_links(&op.brand).await?;
    Ok(Json(links.into_iter().map(views::group_link).collect()))
}

/// Adds a group invitation (an https link the brand provides) for members
/// of at least a tier and class. Owners, as the brand's settings. Audited.
#[utoipa::path(post, path = "/api/v1/admin/groups", tag = "admin", security(("operator_session" = ["manage"])),
    request_body = api::GroupLinkForm,
    responses((status = 201, body = api::GroupLinkView), (status = 422, body = api::ErrorBody)))]
async fn create_group_link(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::GroupLinkForm>,
) -> ApiResult<(StatusCode, Json<api::GroupLinkView>)> {
    op.require(Perm::Manage)?;
    let title = input::text(&form.title, 60)?;
    let url = input::text(&form.url, 500)?;
    let parsed =
        url::Url::parse(&url).map_err(|_| ApiError::invalid(ErrorCode::GroupUrlInvalid))?;
    if parsed.scheme() != "https" || parsed.host_str().is_none() || !parsed.username().is_empty() {
        return Err(ApiError::invalid(ErrorCode::GroupUrlInvalid));
    }
    let link = store::GroupLink {
        brand_id: op.brand.clone(),
        id: store::new_id(),
        title,
        url: parsed.to_string(),
        requirement: rules::roster::Requirement {
            min_tier: form.min_tier,
            min_class: form.min_class,
        },
        created_by: op.operator_id.clone(),
        created_at: state.clock.now(),
    };
    state.store.create_group_link(&link).await?;
    Ok((StatusCode::CREATED, Json(views::group_link(link))))
}

#[utoipa::path(delete, path = "/api/v1/admin/groups/{id}", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path, description = "Group link id")),
    responses((status = 204), (status = 404, body = api::ErrorBody)))]
async fn delete_group_link(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    op.require(Perm::Manage)?;
    state
        .store
        .delete_group_link(&op.brand, &id, &op.operator_id, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The member's tier and class and the groups they are invited to (only
/// the ones their tier and class qualify for).
#[utoipa::path(get, path = "/api/v1/me/perks", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = api::MyPerks), (status = 401, body = api::ErrorBody)))]
async fn my_perks(State(state): State<AppState>, who: MemberAuth) -> ApiResult<Json<api::MyPerks>> {
    let none = || api::MyPerks {
        tier: rules::Tier::Member,
        class: None,
        groups: Vec::new(),
    };
    // Perks are for the program's members: an applicant waiting for review
    // or turned down is invited to no group.
    match state.store.application_of(&who.brand, &who.member_id).await {
        Ok(a) if a.status == rules::ApplicationStatus::Approved => {}
        Ok(_) | Err(store::StoreError::NotFound) => return Ok(Json(none())),
        Err(e) => return Err(e.into()),
    }
    let (row, _) = match state
        .store
        .roster_member(&who.brand, &who.member_id, 0)
        .await
    {
        Ok(r) => r,
        // Not in the program yet (no application): no perks.
        Err(store::StoreError::NotFound) => return Ok(Json(none())),
        Err(e) => return Err(e.into()),
    };
    let class = row.class.unwrap_or_default();
    let groups = state
        .store
        .group_links(&who.brand)
        .await?
        .into_iter()
        .filter(|g| g.requirement.missing(row.tier, class).is_none())
        .map(|g| api::MyGroup {
            title: g.title,
            url: g.url,
        })
        .collect();
    Ok(Json(api::MyPerks {
        tier: row.tier,
        class: row.class,
        groups,
    }))
}
