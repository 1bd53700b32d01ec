//! KOS leads (issue 17): staff add leads on the phone and move them a
//! stage with one tap, apply tags, show their personal QR code and set
//! themselves on shift; managers see their store's or region's leads
//! (contacts masked, "show" audited) and funnels; operators see the
//! brand's, manage the tag dictionary, export (audited) and erase leads.
//! A walk-in who scans a personal code or a store's live code (活码) leaves
//! a contact with consent on a small server-rendered page
//! (`/b/{brand}/join/{code}`): it works in any phone browser and in
//! WeChat's, with no app to load (see `landing`).
//!
//! Every staff route filters by the caller's `KosScope` in SQL: a lead of
//! another store is 404.

use super::kos_leads_views::{funnel_view, lead_view, tag_dictionary};
use super::{Json, input};
use crate::AppState;
use crate::auth::{OperatorAuth, Perm, StaffAuth};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::time;
use axum::extract::{Path, Query, State};
use axum::http::{Extensions, HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rules::kos::KosScope;
use rules::kos_leads::Viewer;
use rules::words::{FunnelBy, LeadSource, LeadStage};
use serde::Deserialize;
use store::{LeadActor, LeadCode, LeadFilter};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_leads, add_lead))
        .routes(routes!(my_lead))
        .routes(routes!(move_lead))
        .routes(routes!(tag_lead))
        .routes(routes!(my_lead_events))
        .routes(routes!(my_lead_contact))
        .routes(routes!(my_tags, add_my_tag))
        .routes(routes!(duty, set_duty))
        .routes(routes!(my_codes))
        .routes(routes!(my_qr))
        .routes(routes!(store_qr))
        .routes(routes!(staff_funnel))
        .routes(routes!(admin_leads))
        .routes(routes!(export_leads))
        .routes(routes!(admin_lead_events))
        .routes(routes!(admin_lead_contact))
        .routes(routes!(erase_lead))
        .routes(routes!(admin_funnel))
        .routes(routes!(admin_tags))
        .routes(routes!(add_tag_group))
        .routes(routes!(add_tag))
        .routes(routes!(delete_tag))
        .routes(routes!(live_code_qr))
        .routes(routes!(walk_in))
}

// ---- input -------------------------------------------------------------

/// A contact: the phone normalised (`rules::Phone`), the handle trimmed;
/// at least one of them.
fn contact(phone: &str, handle: &str) -> ApiResult<(String, String)> {
    let phone = match phone.trim() {
        "" => String::new(),
        p => rules::Phone::parse(p)
            .map_err(|e| ApiError::invalid(e.into()))?
            .as_str()
            .to_string(),
    };
    let handle = input::optional_text(handle, 60)?;
    if phone.is_empty() && handle.is_empty() {
        return Err(ApiError::invalid(ErrorCode::LeadContactRequired));
    }
    Ok((phone, handle))
}

fn platform(v: &Option<String>) -> ApiResult<String> {
    match input::trimmed(v) {
        None => Ok(String::new()),
        Some(p) if rules::kos_leads::PLATFORMS.contains(&p) => Ok(p.to_string()),
        Some(_) => Err(ApiError::invalid(ErrorCode::LeadPlatformUnknown)),
    }
}

fn stage(v: &str) -> ApiResult<LeadStage> {
    v.trim()
        .parse()
        .map_err(|_| ApiError::invalid(ErrorCode::LeadStageUnknown))
}

/// An id in a body (hex, as the store makes them), or none.
fn id_ref(v: &Option<String>) -> ApiResult<Option<String>> {
    match input::trimmed(v) {
        None => Ok(None),
        Some(i) if i.len() <= 64 && i.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            Ok(Some(i.to_string()))
        }
        Some(_) => Err(ApiError::invalid(ErrorCode::FieldTooLong)),
    }
}

fn tag_ids(tags: &[String]) -> ApiResult<Vec<String>> {
    let tags = input::text_list(tags, 50, 64)?;
    if tags
        .iter()
        .any(|t| !t.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return Err(ApiError::invalid(ErrorCode::TagUnknown));
    }
    Ok(tags)
}

fn store_error(e: store::StoreError) -> ApiError {
    match e {
        store::StoreError::Conflict("tag_unknown") => ApiError::invalid(ErrorCode::TagUnknown),
        store::StoreError::Conflict(c @ ("lead_stage_invalid" | "lead_amount_invalid")) => {
            ApiError::invalid(ErrorCode::from_store(c))
        }
        e => e.into(),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct LeadQuery {
    /// A stage word.
    stage: Option<String>,
    /// A platform word.
    platform: Option<String>,
    /// `manual`, `personal_code` or `live_code`.
    source: Option<String>,
    staff_id: Option<String>,
    store_id: Option<String>,
    region_id: Option<String>,
    /// Tag ids, comma-separated: OR within a tag group, AND across groups.
    tags: Option<String>,
    /// A phone (any spelling) or an exact handle.
    q: Option<String>,
    /// Created on or after / up to and including (`YYYY-MM-DD`, the brand's zone).
    from: Option<String>,
    until: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// The filter; `None` when a word is not one (nothing matches).
async fn lead_filter(
    state: &AppState,
    brand: &str,
    staff: Option<&str>,
    q: &LeadQuery,
) -> ApiResult<Option<LeadFilter>> {
    let keep = |v: &Option<String>| input::trimmed(v).map(str::to_string);
    let (Ok(stage), Ok(source)) = (
        input::filter_word::<LeadStage>(q.stage.clone()),
        input::filter_word::<LeadSource>(q.source.clone()),
    ) else {
        return Ok(None);
    };
    let (from, until) = period(state, brand, &q.from, &q.until).await?;
    // Each tag id to its group: OR within a group, AND across groups.
    let mut tag_groups = Vec::new();
    if let Some(list) = input::trimmed(&q.tags) {
        let dictionary = state.store.tags(brand, staff).await?;
        let mut pairs = Vec::new();
        for t in list.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let Some(tag) = dictionary.iter().find(|d| d.id == t) else {
                return Ok(None);
            };
            pairs.push((tag.group_id.clone(), tag.id.clone()));
        }
        tag_groups = rules::kos_leads::tag_groups(&pairs);
    }
    let contact = input::trimmed(&q.q)
        .map(|v| rules::Phone::parse(v).map_or_else(|_| v.to_string(), |p| p.as_str().to_string()));
    Ok(Some(LeadFilter {
        stage,
        staff_id: keep(&q.staff_id),
        store_id: keep(&q.store_id),
        region_id: keep(&q.region_id),
        platform: keep(&q.platform),
        source,
        tag_groups,
        contact,
        from,
        until,
    }))
}

/// `[from, until]` days in the brand's zone as UNIX seconds `[from, until+1)`.
async fn period(
    state: &AppState,
    brand: &str,
    from: &Option<String>,
    until: &Option<String>,
) -> ApiResult<(Option<i64>, Option<i64>)> {
    if input::trimmed(from).is_none() && input::trimmed(until).is_none() {
        return Ok((None, None));
    }
    let zone = state.store.brand(brand).await?.time_zone;
    let from = input::trimmed(from).map(input::date).transpose()?;
    let until = input::trimmed(until).map(input::date).transpose()?;
    Ok((
        from.map(|d| time::start_of_day(&zone, d)),
        until.map(|d| time::start_of_day(&zone, d.add_days(1))),
    ))
}

fn viewer(staff: Option<&str>, lead: &store::LeadRow) -> Viewer {
    match staff {
        Some(s) if s == lead.staff_id => Viewer::Owner,
        _ => Viewer::Overseer,
    }
}

fn views(staff: Option<&str>, rows: Vec<store::LeadRow>) -> Vec<api::LeadView> {
    rows.into_iter()
        .map(|r| lead_view(viewer(staff, &r), r))
        .collect()
}

// ---- staff -------------------------------------------------------------

/// The caller's leads (a store manager: the store's; a regional manager:
/// the region's), newest first; contacts masked but for one's own.
#[utoipa::path(get, path = "/api/v1/staff/leads", tag = "staff", security(("staff_session" = ["staff"])),
    params(LeadQuery), responses((status = 200, body = api::LeadPage)))]
async fn my_leads(
    State(state): State<AppState>,
    me: StaffAuth,
    Query(q): Query<LeadQuery>,
) -> ApiResult<Json<api::LeadPage>> {
    let Some(f) = lead_filter(&state, &me.brand, Some(&me.staff_id), &q).await? else {
        return Ok(Json(api::LeadPage {
            total: 0,
            leads: Vec::new(),
        }));
    };
    let scope = me.scope();
    let page = input::page(q.limit, q.offset);
    let total = state.store.count_leads(&me.brand, &scope, &f).await?;
    let rows = state.store.leads(&me.brand, &scope, &f, page).await?;
    Ok(Json(api::LeadPage {
        total,
        leads: views(Some(&me.staff_id), rows),
    }))
}

/// Adds a lead of the caller's store, in seconds: a phone or a handle,
/// consent, where they came from, tags.
#[utoipa::path(post, path = "/api/v1/staff/leads", tag = "staff", security(("staff_session" = ["staff"])),
    request_body = api::LeadForm,
    responses((status = 201, body = api::LeadView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn add_lead(
    State(state): State<AppState>,
    me: StaffAuth,
    Json(form): Json<api::LeadForm>,
) -> ApiResult<(StatusCode, Json<api::LeadView>)> {
    let store_id = me
        .store_id
        .clone()
        .ok_or_else(|| ApiError::invalid(ErrorCode::LeadNeedsStore))?;
    let (phone, handle) = contact(&form.phone, &form.handle)?;
    if !form.consent {
        return Err(ApiError::invalid(ErrorCode::LeadConsentRequired));
    }
    let stage = match input::trimmed(&form.stage) {
        Some(s) => stage(s)?,
        None => LeadStage::Contacted,
    };
    let lead = store::NewLead {
        id: store::new_id(),
        staff_id: me.staff_id.clone(),
        store_id,
        source: LeadSource::Manual,
        source_platform: platform(&form.source_platform)?,
        source_note_id: id_ref(&form.source_note_id)?,
        template_id: id_ref(&form.template_id)?,
        handle,
        phone,
        consent: true,
        stage,
        tags: tag_ids(&form.tags)?,
        by: LeadActor::Staff(me.staff_id.clone()),
        at: state.clock.now(),
    };
    let row = state
        .store
        .create_lead(&me.brand, &lead)
        .await
        .map_err(store_error)?;
    Ok((StatusCode::CREATED, Json(lead_view(Viewer::Owner, row))))
}

#[utoipa::path(get, path = "/api/v1/staff/leads/{id}", tag = "staff", security(("staff_session" = ["staff"])),
    params(("id" = String, Path)), responses((status = 200, body = api::LeadView), (status = 404, body = api::ErrorBody)))]
async fn my_lead(
    State(state): State<AppState>,
    me: StaffAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::LeadView>> {
    let row = state.store.lead(&me.brand, &me.scope(), &id).await?;
    Ok(Json(lead_view(viewer(Some(&me.staff_id), &row), row)))
}

/// Moves a lead to a later stage (dated, attributed to the caller); a
/// purchase may carry its amount in fen.
#[utoipa::path(post, path = "/api/v1/staff/leads/{id}/stage", tag = "staff", security(("staff_session" = ["staff"])),
    params(("id" = String, Path)), request_body = api::LeadMoveForm,
    responses((status = 200, body = api::LeadView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn move_lead(
    State(state): State<AppState>,
    me: StaffAuth,
    Path(id): Path<String>,
    Json(form): Json<api::LeadMoveForm>,
) -> ApiResult<Json<api::LeadView>> {
    let to = stage(&form.stage)?;
    let row = state
        .store
        .move_lead(
            &me.brand,
            &me.scope(),
            &id,
            &store::LeadMove {
                to,
                amount_fen: form.amount_fen,
                by: LeadActor::Staff(me.staff_id.clone()),
                at: state.clock.now(),
            },
        )
        .await
        .map_err(store_error)?;
    Ok(Json(lead_view(viewer(Some(&me.staff_id), &row), row)))
}

/// Sets the lead's tags: the brand's and the caller's own personal tags.
#[utoipa::path(put, path = "/api/v1/staff/leads/{id}/tags", tag = "staff", security(("staff_session" = ["staff"])),
    params(("id" = String, Path)), request_body = api::LeadTagsForm,
    responses((status = 200, body = api::LeadView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn tag_lead(
    State(state): State<AppState>,
    me: StaffAuth,
    Path(id): Path<String>,
    Json(form): Json<api::LeadTagsForm>,
) -> ApiResult<Json<api::LeadView>> {
    let tags = tag_ids(&form.tags)?;
    let row = state
        .store
        .set_lead_tags(&me.brand, &me.scope(), &id, &tags, &me.staff_id)
        .await
        .map_err(store_error)?;
    Ok(Json(lead_view(viewer(Some(&me.staff_id), &row), row)))
}

fn event_views(events: Vec<store::LeadEvent>) -> Vec<api::LeadEventView> {
    events
        .into_iter()
        .map(|e| api::LeadEventView {
            from_stage: e.from_stage.and_then(|s| s.parse().ok()),
            to_stage: e.to_stage,
            actor_kind: e.actor_kind,
            actor_id: e.actor_id,
            at: e.at,
            amount_fen: e.amount_fen,
        })
        .collect()
}

/// The lead's stage changes, oldest first.
#[utoipa::path(get, path = "/api/v1/staff/leads/{id}/events", tag = "staff", security(("staff_session" = ["staff"])),
    params(("id" = String, Path)), responses((status = 200, body = Vec<api::LeadEventView>), (status = 404, body = api::ErrorBody)))]
async fn my_lead_events(
    State(state): State<AppState>,
    me: StaffAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<api::LeadEventView>>> {
    let events = state.store.lead_events(&me.brand, &me.scope(), &id).await?;
    Ok(Json(event_views(events)))
}

/// A lead's whole contact for a manager of its store or region; audited
/// (`kos_lead.contact_view`) before it is shown.
#[utoipa::path(get, path = "/api/v1/staff/leads/{id}/contact", tag = "staff", security(("staff_session" = ["manager"])),
    params(("id" = String, Path)), responses((status = 200, body = api::LeadContact), (status = 404, body = api::ErrorBody)))]
async fn my_lead_contact(
    State(state): State<AppState>,
    me: StaffAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::LeadContact>> {
    me.require_manager()?;
    let row = state.store.lead(&me.brand, &me.scope(), &id).await?;
    me.audit(&state, "kos_lead.contact_view", ("kos_lead", &id), None)
        .await?;
    Ok(Json(api::LeadContact {
        phone: row.phone,
        handle: row.handle,
    }))
}

/// The brand's tag dictionary and the caller's personal tags.
#[utoipa::path(get, path = "/api/v1/staff/tags", tag = "staff", security(("staff_session" = ["staff"])),
    responses((status = 200, body = api::TagDictionary)))]
async fn my_tags(
    State(state): State<AppState>,
    me: StaffAuth,
) -> ApiResult<Json<api::TagDictionary>> {
    let groups = state.store.tag_groups(&me.brand).await?;
    let tags = state.store.tags(&me.brand, Some(&me.staff_id)).await?;
    Ok(Json(tag_dictionary(groups, tags)))
}

/// Adds a personal tag (staff apply the brand's tags, never edit them).
#[utoipa::path(post, path = "/api/v1/staff/tags", tag = "staff", security(("staff_session" = ["staff"])),
    request_body = api::TagForm,
    responses((status = 201, body = api::TagView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn add_my_tag(
    State(state): State<AppState>,
    me: StaffAuth,
    Json(form): Json<api::TagForm>,
) -> ApiResult<(StatusCode, Json<api::TagView>)> {
    let tag = store::Tag {
        id: store::new_id(),
        group_id: String::new(),
        staff_id: me.staff_id.clone(),
        name: input::text(&form.name, 20)?,
        created_at: state.clock.now(),
    };
    state
        .store
        .create_tag(&me.brand, &tag, &LeadActor::Staff(me.staff_id.clone()))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(api::TagView {
            id: tag.id,
            group_id: String::new(),
            name: tag.name,
            personal: true,
        }),
    ))
}

/// Whether the caller is on shift.
#[utoipa::path(get, path = "/api/v1/staff/duty", tag = "staff", security(("staff_session" = ["staff"])),
    responses((status = 200, body = api::DutyView)))]
async fn duty(State(state): State<AppState>, me: StaffAuth) -> ApiResult<Json<api::DutyView>> {
    let on_duty = state.store.on_duty(&me.brand, &me.staff_id).await?;
    Ok(Json(api::DutyView { on_duty }))
}

/// Goes on or off shift: the store's live code hands walk-ins to those on
/// shift (in turn), else to every colleague in turn.
#[utoipa::path(put, path = "/api/v1/staff/duty", tag = "staff", security(("staff_session" = ["staff"])),
    request_body = api::DutyView, responses((status = 200, body = api::DutyView)))]
async fn set_duty(
    State(state): State<AppState>,
    me: StaffAuth,
    Json(form): Json<api::DutyView>,
) -> ApiResult<Json<api::DutyView>> {
    state
        .store
        .set_on_duty(&me.brand, &me.staff_id, form.on_duty, state.clock.now())
        .await?;
    Ok(Json(form))
}

fn join_url(origin: &str, brand: &str, code: &str) -> String {
    format!("{origin}/b/{brand}/join/{code}")
}

/// The links behind the caller's personal code and their store's live code.
#[utoipa::path(get, path = "/api/v1/staff/codes", tag = "staff", security(("staff_session" = ["staff"])),
    responses((status = 200, body = api::MyCodes)))]
async fn my_codes(
    State(state): State<AppState>,
    me: StaffAuth,
    headers: HeaderMap,
) -> ApiResult<Json<api::MyCodes>> {
    let origin = super::recruitment::origin(&state, &me.brand, &headers).await?;
    Ok(Json(api::MyCodes {
        personal_url: join_url(&origin, &me.brand, &format!("p-{}", me.staff_id)),
        store_url: me
            .store_id
            .as_ref()
            .map(|s| join_url(&origin, &me.brand, &format!("s-{s}"))),
    }))
}

fn svg(svg: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        svg,
    )
        .into_response()
}

/// The caller's personal QR code (SVG): a walk-in who scans it becomes
/// their lead.
#[utoipa::path(get, path = "/api/v1/staff/codes/personal.svg", tag = "staff", security(("staff_session" = ["staff"])),
    responses((status = 200, content_type = "image/svg+xml")))]
async fn my_qr(
    State(state): State<AppState>,
    me: StaffAuth,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let origin = super::recruitment::origin(&state, &me.brand, &headers).await?;
    let url = join_url(&origin, &me.brand, &format!("p-{}", me.staff_id));
    Ok(svg(super::recruitment::qr_svg(&url)?))
}

/// The caller's store's live code (SVG), to print at the counter.
#[utoipa::path(get, path = "/api/v1/staff/codes/store.svg", tag = "staff", security(("staff_session" = ["staff"])),
    responses((status = 200, content_type = "image/svg+xml"), (status = 422, body = api::ErrorBody)))]
async fn store_qr(
    State(state): State<AppState>,
    me: StaffAuth,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let store = me
        .store_id
        .as_ref()
        .ok_or_else(|| ApiError::invalid(ErrorCode::LeadNeedsStore))?;
    let origin = super::recruitment::origin(&state, &me.brand, &headers).await?;
    let url = join_url(&origin, &me.brand, &format!("s-{store}"));
    Ok(svg(super::recruitment::qr_svg(&url)?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct FunnelQuery {
    /// `staff`, `store`, `region`, `platform` or `template` (default `staff`).
    by: Option<String>,
    /// Only this region's stores (operators).
    region_id: Option<String>,
    /// Leads created on or after / up to and including (`YYYY-MM-DD`).
    from: Option<String>,
    until: Option<String>,
}

async fn funnel(
    state: &AppState,
    brand: &str,
    scope: &KosScope,
    q: &FunnelQuery,
    default: FunnelBy,
) -> ApiResult<api::FunnelView> {
    let by = match input::trimmed(&q.by) {
        Some(b) => b
            .parse()
            .map_err(|_| ApiError::invalid(ErrorCode::FunnelByUnknown))?,
        None => default,
    };
    let (from, until) = period(state, brand, &q.from, &q.until).await?;
    let f = state.store.funnel(brand, scope, by, from, until).await?;
    Ok(funnel_view(by, f))
}

/// The funnel of the caller's store (a store manager) or region (a
/// regional manager), grouped `by`.
#[utoipa::path(get, path = "/api/v1/staff/funnel", tag = "staff", security(("staff_session" = ["manager"])),
    params(FunnelQuery), responses((status = 200, body = api::FunnelView), (status = 422, body = api::ErrorBody)))]
async fn staff_funnel(
    State(state): State<AppState>,
    me: StaffAuth,
    Query(q): Query<FunnelQuery>,
) -> ApiResult<Json<api::FunnelView>> {
    me.require_manager()?;
    let view = funnel(&state, &me.brand, &me.scope(), &q, FunnelBy::Staff).await?;
    Ok(Json(view))
}

// ---- operators -----------------------------------------------------------

/// The brand's leads with filters (tags: OR within a group, AND across
/// groups), newest first; contacts masked.
#[utoipa::path(get, path = "/api/v1/admin/kos/leads", tag = "admin", security(("operator_session" = ["read"])),
    params(LeadQuery), responses((status = 200, body = api::LeadPage)))]
async fn admin_leads(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<LeadQuery>,
) -> ApiResult<Json<api::LeadPage>> {
    let Some(f) = lead_filter(&state, &op.brand, None, &q).await? else {
        return Ok(Json(api::LeadPage {
            total: 0,
            leads: Vec::new(),
        }));
    };
    let page = input::page(q.limit, q.offset);
    let total = state
        .store
        .count_leads(&op.brand, &KosScope::Brand, &f)
        .await?;
    let rows = state
        .store
        .leads(&op.brand, &KosScope::Brand, &f, page)
        .await?;
    Ok(Json(api::LeadPage {
        total,
        leads: views(None, rows),
    }))
}

/// The filtered leads as a spreadsheet (UTF-8 CSV with BOM), contacts
/// masked as in the list; audited (`kos_leads.export`, with the count).
#[utoipa::path(get, path = "/api/v1/admin/kos/leads/export", tag = "admin", security(("operator_session" = ["read"])),
    params(LeadQuery), responses((status = 200, content_type = "text/csv")))]
async fn export_leads(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<LeadQuery>,
) -> ApiResult<Response> {
    let b = state.store.brand(&op.brand).await?;
    let f = lead_filter(&state, &op.brand, None, &q).await?;
    let mut rows: Vec<Vec<crate::csvout::Cell>> = Vec::new();
    for offset in (0..).step_by(1000) {
        let Some(f) = &f else { break };
        let page = store::Page {
            limit: 1000,
            offset,
        };
        let list = state
            .store
            .leads(&op.brand, &KosScope::Brand, f, page)
            .await?;
        let n = list.len();
        for r in list {
            let day = time::local_date(&b.time_zone, r.created_at).to_string();
            let v = lead_view(Viewer::Overseer, r);
            rows.push(vec![
                v.id.into(),
                day.into(),
                v.staff_name.into(),
                v.store_name.into(),
                v.source.as_str().into(),
                v.source_platform.into(),
                v.phone.into(),
                v.handle.into(),
                v.stage.as_str().into(),
                v.tags.join(" ").into(),
            ]);
        }
        if n < 1000 {
            break;
        }
    }
    let header = [
        "lead_id", "date", "staff", "store", "source", "platform", "phone", "handle", "stage",
        "tags",
    ];
    op.audit(
        &state,
        "kos_leads.export",
        ("kos_leads", &op.brand),
        Some(serde_json::json!({ "rows": rows.len() })),
    )
    .await?;
    Ok(crate::csvout::download("leads.csv", &header, rows))
}

#[utoipa::path(get, path = "/api/v1/admin/kos/leads/{id}/events", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path)), responses((status = 200, body = Vec<api::LeadEventView>), (status = 404, body = api::ErrorBody)))]
async fn admin_lead_events(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<api::LeadEventView>>> {
    let events = state
        .store
        .lead_events(&op.brand, &KosScope::Brand, &id)
        .await?;
    Ok(Json(event_views(events)))
}

/// A lead's whole contact (reviewing roles); audited first.
#[utoipa::path(get, path = "/api/v1/admin/kos/leads/{id}/contact", tag = "admin", security(("operator_session" = ["review"])),
    params(("id" = String, Path)), responses((status = 200, body = api::LeadContact), (status = 404, body = api::ErrorBody)))]
async fn admin_lead_contact(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::LeadContact>> {
    op.require(Perm::Review)?;
    let row = state.store.lead(&op.brand, &KosScope::Brand, &id).await?;
    op.audit(&state, "kos_lead.contact_view", ("kos_lead", &id), None)
        .await?;
    Ok(Json(api::LeadContact {
        phone: row.phone,
        handle: row.handle,
    }))
}

/// Erases a lead on request (owners): its contact and tags go, its stages
/// stay for the funnels; audited.
#[utoipa::path(delete, path = "/api/v1/admin/kos/leads/{id}", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path)), responses((status = 204), (status = 404, body = api::ErrorBody)))]
async fn erase_lead(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    op.require(Perm::Manage)?;
    state
        .store
        .erase_lead(&op.brand, &id, &op.operator_id, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The brand's funnel grouped `by` (default `store`), optionally one
/// region's.
#[utoipa::path(get, path = "/api/v1/admin/kos/funnel", tag = "admin", security(("operator_session" = ["read"])),
    params(FunnelQuery), responses((status = 200, body = api::FunnelView), (status = 422, body = api::ErrorBody)))]
async fn admin_funnel(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<FunnelQuery>,
) -> ApiResult<Json<api::FunnelView>> {
    let scope = match input::trimmed(&q.region_id) {
        Some(r) => KosScope::Region(r.to_string()),
        None => KosScope::Brand,
    };
    let view = funnel(&state, &op.brand, &scope, &q, FunnelBy::Store).await?;
    Ok(Json(view))
}

/// The brand's tag dictionary.
#[utoipa::path(get, path = "/api/v1/admin/kos/tags", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = api::TagDictionary)))]
async fn admin_tags(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<api::TagDictionary>> {
    let groups = state.store.tag_groups(&op.brand).await?;
    let tags = state.store.tags(&op.brand, None).await?;
    Ok(Json(tag_dictionary(groups, tags)))
}

#[utoipa::path(post, path = "/api/v1/admin/kos/tag-groups", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::TagGroupForm,
    responses((status = 201, body = api::TagGroupView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn add_tag_group(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::TagGroupForm>,
) -> ApiResult<(StatusCode, Json<api::TagGroupView>)> {
    op.require(Perm::Operate)?;
    let g = store::TagGroup {
        id: store::new_id(),
        name: input::text(&form.name, 20)?,
        created_at: state.clock.now(),
    };
    state
        .store
        .create_tag_group(&op.brand, &g, &op.operator_id)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(api::TagGroupView {
            id: g.id,
            name: g.name,
            tags: Vec::new(),
        }),
    ))
}

/// Adds a brand tag to a group.
#[utoipa::path(post, path = "/api/v1/admin/kos/tags", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::TagForm,
    responses((status = 201, body = api::TagView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn add_tag(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::TagForm>,
) -> ApiResult<(StatusCode, Json<api::TagView>)> {
    op.require(Perm::Operate)?;
    let group =
        id_ref(&form.group_id)?.ok_or_else(|| ApiError::invalid(ErrorCode::FieldRequired))?;
    let tag = store::Tag {
        id: store::new_id(),
        group_id: group,
        staff_id: String::new(),
        name: input::text(&form.name, 20)?,
        created_at: state.clock.now(),
    };
    state
        .store
        .create_tag(
            &op.brand,
            &tag,
            &LeadActor::Operator(op.operator_id.clone()),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(api::TagView {
            id: tag.id,
            group_id: tag.group_id,
            name: tag.name,
            personal: false,
        }),
    ))
}

/// Removes a brand tag from the dictionary and from every lead (owners:
/// it changes every staff member's leads); audited.
#[utoipa::path(delete, path = "/api/v1/admin/kos/tags/{id}", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path)), responses((status = 204), (status = 404, body = api::ErrorBody)))]
async fn delete_tag(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    op.require(Perm::Manage)?;
    state
        .store
        .delete_tag(
            &op.brand,
            &id,
            &LeadActor::Operator(op.operator_id.clone()),
            state.clock.now(),
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A store's live code (SVG), to print for its counter.
#[utoipa::path(get, path = "/api/v1/admin/kos/stores/{id}/live-code.svg", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path)), responses((status = 200, content_type = "image/svg+xml"), (status = 404, body = api::ErrorBody)))]
async fn live_code_qr(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let s = state.store.kos_store(&op.brand, &id).await?;
    let origin = super::recruitment::origin(&state, &op.brand, &headers).await?;
    let url = join_url(&origin, &op.brand, &format!("s-{}", s.id));
    Ok(svg(super::recruitment::qr_svg(&url)?))
}

// ---- walk-ins ------------------------------------------------------------

/// A QR code's `p-{staff}` / `s-{store}`.
fn lead_code(code: &str) -> ApiResult<LeadCode> {
    let unknown = || ApiError::new(StatusCode::NOT_FOUND, ErrorCode::LeadCodeUnknown);
    let (kind, id) = code.split_once('-').ok_or_else(unknown)?;
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(unknown());
    }
    match kind {
        "p" => Ok(LeadCode::Staff(id.to_string())),
        "s" => Ok(LeadCode::Store(id.to_string())),
        _ => Err(unknown()),
    }
}

/// A walk-in's contact through a code: the lead lands with the code's
/// staff member, or with the store's next colleague on shift (in turn).
/// Walk-ins one client address may leave in a day (a family at the
/// counter, a shop's shared Wi-Fi; not a script).
const WALK_INS_PER_ADDRESS: i64 = 20;

/// The key of the per-address cap: the address keyed with the server
/// secret (never stored itself).
pub(crate) fn walk_in_key(
    state: &AppState,
    headers: &HeaderMap,
    extensions: &Extensions,
) -> String {
    let address = crate::device::request_address(extensions, headers);
    state.client_key.hash(&["kos_walk_in", &address])
}

pub(crate) async fn take_walk_in(
    state: &AppState,
    brand: &str,
    form: &api::WalkInForm,
    client_key: String,
) -> ApiResult<api::WalkInAnswer> {
    let code = lead_code(&form.code)?;
    let (phone, handle) = contact(&form.phone, &form.handle)?;
    if !form.consent {
        return Err(ApiError::invalid(ErrorCode::LeadConsentRequired));
    }
    let w = store::WalkIn {
        id: store::new_id(),
        code,
        handle,
        phone,
        at: state.clock.now(),
        client_key,
        daily_limit: WALK_INS_PER_ADDRESS,
    };
    let (lead, new) = state.store.walk_in(brand, &w).await.map_err(|e| match e {
        store::StoreError::NotFound => {
            ApiError::new(StatusCode::NOT_FOUND, ErrorCode::LeadCodeUnknown)
        }
        store::StoreError::Conflict("walk_ins_exhausted") => {
            ApiError::new(StatusCode::TOO_MANY_REQUESTS, ErrorCode::WalkInsExhausted)
        }
        e => e.into(),
    })?;
    // The staff member's name as they show it to customers (their
    // persona's real name). A phone that was a lead already is answered
    // with no name: the answer never says whose lead a phone is.
    Ok(if new {
        api::WalkInAnswer {
            staff_name: lead.staff_name,
            store_name: lead.store_name,
        }
    } else {
        api::WalkInAnswer {
            staff_name: String::new(),
            store_name: String::new(),
        }
    })
}

/// A walk-in who scanned a code leaves a phone or handle with consent
/// (the landing page posts the same form).
#[utoipa::path(post, path = "/api/v1/brands/{brand}/kos/walk-in", tag = "public", security(()),
    params(("brand" = String, Path)), request_body = api::WalkInForm,
    responses((status = 201, body = api::WalkInAnswer), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn walk_in(
    State(state): State<AppState>,
    Path(brand): Path<String>,
    headers: HeaderMap,
    extensions: Extensions,
    Json(form): Json<api::WalkInForm>,
) -> ApiResult<(StatusCode, Json<api::WalkInAnswer>)> {
    state.store.brand(&brand).await?;
    let key = walk_in_key(&state, &headers, &extensions);
    let answer = take_walk_in(&state, &brand, &form, key).await?;
    Ok((StatusCode::CREATED, Json(answer)))
}
