//! The KOS organisation's people (issue 17, org area). Operators
//! (`/api/v1/admin/kos/…`, brand-wide) list, create and edit regions,
//! stores and staff, import stores and staff from CSV files as Excel saves
//! them (`csvin`; idempotent by store code and phone, every refused row
//! with its line and code), move staff between stores, record leaving
//! with the hand-over of accounts and leads, and keep the KOS roles'
//! competency profiles. Staff (`/api/v1/staff/…`) keep their own persona
//! checklist (with a profile photo upload) and rate themselves; store and
//! regional managers see their team (their store or region only: another
//! store's staff member is 404) and rate them. Phones are always masked.

use super::{Json, input};
use crate::AppState;
use crate::auth::{OperatorAuth, Perm, StaffAuth};
use crate::csvin::{self, RowFault};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::{messages, time};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rules::persona::{PersonaItem, Rating};
use rules::{KosRole, KosScope, Phone, StaffRole};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(regions, create_region))
        .routes(routes!(rename_region))
        .routes(routes!(stores, create_store))
        .routes(routes!(edit_store))
        .routes(routes!(import_stores))
        .routes(routes!(staff_list, create_staff))
        .routes(routes!(staff_detail, edit_staff))
        .routes(routes!(move_staff))
        .routes(routes!(leave_staff))
        .routes(routes!(rejoin_staff))
        .routes(routes!(rate_staff))
        .routes(routes!(import_staff))
        .routes(routes!(competencies, add_competency))
        .routes(routes!(remove_competency))
        .routes(routes!(my_profile))
        .routes(routes!(save_my_persona))
        .routes(routes!(rate_myself))
        .routes(routes!(staff_photo_upload))
        .routes(routes!(staff_photo))
        .routes(routes!(team))
        .routes(routes!(team_member))
        .routes(routes!(rate_team_member))
}

// ---- conversions ----------------------------------------------------------

fn item_word(i: PersonaItem) -> &'static str {
    match i {
        PersonaItem::RealName => "real_name",
        PersonaItem::Photo => "photo",
        PersonaItem::StoreInProfile => "store_in_profile",
        PersonaItem::LocationInNotes => "location_in_notes",
        PersonaItem::ReplyHabits => "reply_habits",
    }
}

fn masked(phone: &str) -> String {
    Phone::parse(phone).map_or_else(|_| rules::phone::mask_contact(phone), |p| p.masked())
}

fn staff_view(r: store::StaffListRow) -> api::KosStaffView {
    let percent = i64::from(r.persona().completeness());
    api::KosStaffView {
        phone: masked(&r.phone),
        id: r.id,
        name: r.name,
        role: r.role,
        kos_role: r.kos_role,
        region_id: r.region_id,
        region_name: r.region_name,
        store_id: r.store_id,
        store_code: r.store_code,
        store_name: r.store_name,
        employee_no: r.employee_no,
        joined_on: r.joined_on,
        left_on: r.left_on,
        persona_percent: percent,
    }
}

fn persona_view(p: &store::PersonaRecord) -> api::KosPersonaView {
    let persona = p.persona();
    api::KosPersonaView {
        real_name: p.real_name,
        photo_upload_id: p.photo_upload_id.clone(),
        store_in_profile: p.store_in_profile,
        location_in_notes: p.location_in_notes,
        reply_habits: p.reply_habits,
        percent: i64::from(persona.completeness()),
        missing: persona
            .missing()
            .into_iter()
            .map(|i| item_word(i).to_string())
            .collect(),
    }
}

fn rating_view(r: store::CompetencyRating) -> api::KosRatingView {
    api::KosRatingView {
        competency_id: r.competency_id,
        name: r.name,
        description: r.description,
        self_score: r.self_score,
        manager_score: r.manager_score,
    }
}

fn store_view(r: store::StoreListRow) -> api::KosStoreView {
    api::KosStoreView {
        id: r.id,
        region_id: r.region_id,
        region_name: r.region_name,
        code: r.code,
        name: r.name,
        city: r.city,
        address: r.address,
        status: r.status,
        staff: r.staff,
    }
}

/// A staff member inside `scope` with history, persona and ratings.
async fn detail(
    state: &AppState,
    brand: &str,
    scope: &KosScope,
    id: &str,
) -> ApiResult<api::KosStaffDetail> {
    let row = state.store.staff_row(brand, scope, id).await?;
    let stores = state.store.kos_stores(brand, &KosScope::Brand).await?;
    let name_of = |id: Option<String>| {
        id.map(|id| {
            stores
                .iter()
                .find(|s| s.id == id)
                .map_or(id.clone(), |s| format!("{} {}", s.code, s.name))
        })
    };
    let moves = state
        .store
        .staff_moves(brand, id)
        .await?
        .into_iter()
        .map(|m| api::KosStaffMoveView {
            kind: m.kind,
            from_store: name_of(m.from_store_id),
            to_store: name_of(m.to_store_id),
            on_date: m.on_date,
        })
        .collect();
    let persona = state.store.persona(brand, id).await?;
    let ratings: Vec<api::KosRatingView> = state
        .store
        .competency_ratings(brand, id)
        .await?
        .into_iter()
        .map(rating_view)
        .collect();
    let scores: Vec<i64> = ratings.iter().filter_map(|r| r.manager_score).collect();
    Ok(api::KosStaffDetail {
        staff: staff_view(row),
        moves,
        persona: persona_view(&persona),
        manager_mean_tenths: rules::persona::mean_tenths(&scores),
        ratings,
    })
}

// ---- input ----------------------------------------------------------------

fn day(v: &str) -> ApiResult<String> {
    Ok(input::date(v)?.to_string())
}

fn phone(v: &str) -> ApiResult<String> {
    Phone::parse(v)
        .map(|p| p.as_str().to_string())
        .map_err(|_| ApiError::invalid(ErrorCode::PhoneMalformed))
}

fn store_status(v: &str) -> ApiResult<String> {
    match v.trim() {
        s @ ("open" | "closed") => Ok(s.to_string()),
        _ => Err(ApiError::invalid(ErrorCode::StatusUnknown)),
    }
}

fn rating(score: i64) -> ApiResult<Rating> {
    Rating::parse(score).ok_or_else(|| ApiError::invalid(ErrorCode::RatingInvalid))
}

fn today(state: &AppState, zone: &str) -> String {
    time::local_date(zone, state.clock.now()).to_string()
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
struct StaffQuery {
    region_id: Option<String>,
    store_id: Option<String>,
    /// `staff`, `store_manager` or `regional_manager`.
    role: Option<String>,
    /// `shopping_assistant`, `topic_expert` or `personal_partner`.
    kos_role: Option<String>,
    /// `working` (the default), `left` or `all`.
    status: Option<String>,
    /// A name, employee number or phone, contained.
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

fn staff_filter(q: &StaffQuery) -> ApiResult<store::StaffFilter> {
    let bad = |_: rules::UnknownWord| ApiError::invalid(ErrorCode::FilterMalformed);
    Ok(store::StaffFilter {
        region_id: input::trimmed(&q.region_id).map(str::to_string),
        store_id: input::trimmed(&q.store_id).map(str::to_string),
        role: input::filter_word(q.role.clone()).map_err(bad)?,
        kos_role: input::filter_word(q.kos_role.clone()).map_err(bad)?,
        left: match input::trimmed(&q.status) {
            None | Some("working") => Some(false),
            Some("left") => Some(true),
            Some("all") => None,
            Some(_) => return Err(ApiError::invalid(ErrorCode::FilterMalformed)),
        },
        q: input::trimmed(&q.q)
            .map(|c| input::optional_text(c, 40))
            .transpose()?,
    })
}

// ---- operators: regions and stores ------------------------------------------

/// The brand's regions, by name.
#[utoipa::path(get, path = "/api/v1/admin/kos/regions", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = Vec<api::KosRegionView>)))]
async fn regions(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<Vec<api::KosRegionView>>> {
    let rows = state.store.regions(&op.brand).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| api::KosRegionView {
                id: r.id,
                name: r.name,
            })
            .collect(),
    ))
}

/// Adds a region. 409 `region_name_taken`.
#[utoipa::path(post, path = "/api/v1/admin/kos/regions", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::KosRegionForm,
    responses((status = 201, body = api::KosRegionView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn create_region(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(f): Json<api::KosRegionForm>,
) -> ApiResult<(StatusCode, Json<api::KosRegionView>)> {
    op.require(Perm::Operate)?;
    let name = input::text(&f.name, 40)?;
    let r = state
        .store
        .create_region(&op.brand, &name, &op.operator_id, state.clock.now())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(api::KosRegionView {
            id: r.id,
            name: r.name,
        }),
    ))
}

/// Renames a region.
#[utoipa::path(put, path = "/api/v1/admin/kos/regions/{id}", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::KosRegionForm,
    responses((status = 200, body = api::KosRegionView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn rename_region(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(f): Json<api::KosRegionForm>,
) -> ApiResult<Json<api::KosRegionView>> {
    op.require(Perm::Operate)?;
    let name = input::text(&f.name, 40)?;
    state
        .store
        .rename_region(&op.brand, &id, &name, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(api::KosRegionView { id, name }))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
struct StoreQuery {
    region_id: Option<String>,
    /// `open` or `closed`.
    status: Option<String>,
    /// A code, name or city, contained.
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// A page of the brand's stores (by code) with their working staff.
#[utoipa::path(get, path = "/api/v1/admin/kos/stores", tag = "admin", security(("operator_session" = ["read"])),
    params(StoreQuery),
    responses((status = 200, body = api::KosStorePage), (status = 422, body = api::ErrorBody)))]
async fn stores(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<StoreQuery>,
) -> ApiResult<Json<api::KosStorePage>> {
    let f = store::StoreFilter {
        region_id: input::trimmed(&q.region_id).map(str::to_string),
        status: input::trimmed(&q.status).map(store_status).transpose()?,
        q: input::trimmed(&q.q)
            .map(|c| input::optional_text(c, 40))
            .transpose()?,
    };
    let page = state
        .store
        .store_page(&op.brand, &f, input::page(q.limit, q.offset))
        .await?;
    Ok(Json(api::KosStorePage {
        total: page.total,
        rows: page.rows.into_iter().map(store_view).collect(),
    }))
}

/// Adds a store. 409 `store_code_taken`; 404 for a region not the brand's.
#[utoipa::path(post, path = "/api/v1/admin/kos/stores", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::KosStoreCreate,
    responses((status = 201, body = api::KosStoreView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn create_store(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(f): Json<api::KosStoreCreate>,
) -> ApiResult<(StatusCode, Json<api::KosStoreView>)> {
    op.require(Perm::Operate)?;
    let new = store::NewKosStore {
        region_id: input::text(&f.region_id, 64)?,
        code: input::text(&f.code, 20)?.to_uppercase(),
        name: input::text(&f.name, 60)?,
        city: input::optional_text(&f.city, 40)?,
        address: input::optional_text(&f.address, 200)?,
    };
    let s = state
        .store
        .create_kos_store(&op.brand, &new, &op.operator_id, state.clock.now())
        .await?;
    let region = state.store.region(&op.brand, &s.region_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(api::KosStoreView {
            id: s.id,
            region_id: s.region_id,
            region_name: region.name,
            code: s.code,
            name: s.name,
            city: s.city,
            address: s.address,
            status: s.status,
            staff: 0,
        }),
    ))
}

/// Saves a store (a new region takes its staff along).
#[utoipa::path(put, path = "/api/v1/admin/kos/stores/{id}", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::KosStoreEdit,
    responses((status = 200, body = api::KosStoreView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn edit_store(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(f): Json<api::KosStoreEdit>,
) -> ApiResult<Json<api::KosStoreView>> {
    op.require(Perm::Operate)?;
    let e = store::StoreEdit {
        region_id: input::text(&f.region_id, 64)?,
        name: input::text(&f.name, 60)?,
        city: input::optional_text(&f.city, 40)?,
        address: input::optional_text(&f.address, 200)?,
        status: store_status(&f.status)?,
    };
    let s = state
        .store
        .edit_kos_store(&op.brand, &id, &e, &op.operator_id, state.clock.now())
        .await?;
    let f = store::StoreFilter {
        q: Some(s.code.clone()),
        ..Default::default()
    };
    let row = state
        .store
        .store_page(&op.brand, &f, store::Page::FIRST_100)
        .await?
        .rows
        .into_iter()
        .find(|r| r.id == s.id)
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(store_view(row)))
}

const CODE: &[&str] = &[
    "门店编号",
    "门店代码",
    "门店号",
    "店号",
    "code",
    "store_code",
];
const STORE_NAME: &[&str] = &["门店名称", "门店", "名称", "store", "name"];
const REGION: &[&str] = &["区域", "大区", "所属区域", "region"];
const CITY: &[&str] = &["城市", "city"];
const ADDRESS: &[&str] = &["地址", "门店地址", "address"];

/// Imports stores from a CSV file (UTF-8 with or without BOM, or GB18030,
/// as Excel saves it): columns 门店编号, 门店名称, 区域, 城市, 地址 (or
/// their English names). A known code is updated, a new one created; a
/// region unknown by name is created. Rows with errors are listed with
/// their line and never written; the rest is written in one transaction.
#[utoipa::path(post, path = "/api/v1/admin/kos/stores/import", tag = "admin", security(("operator_session" = ["operate"])),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = api::KosImportResult), (status = 422, body = api::ErrorBody)))]
async fn import_stores(
    State(state): State<AppState>,
    op: OperatorAuth,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Json<api::KosImportResult>> {
    op.require(Perm::Operate)?;
    let zh = messages::prefers_chinese_in(&headers);
    let sheet = csvin::sheet(&csvin::decode(&body)?)?;
    let col = |names: &[&str]| sheet.column(names);
    let (Some(code), Some(name), Some(region)) = (col(CODE), col(STORE_NAME), col(REGION)) else {
        return Err(ApiError::invalid(ErrorCode::ColumnsMissing));
    };
    let (city, address) = (col(CITY), col(ADDRESS));
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (line, cells) in &sheet.rows {
        let c = |i: usize| csvin::cell(cells, i);
        let opt = |i: Option<usize>| i.map_or("", c);
        let row = (|| {
            let text = |v: &str, max: usize| {
                input::text(v, max).map_err(|_| RowFault(ErrorCode::FieldRequired))
            };
            let r = store::StoreImportRow {
                line: *line,
                code: text(c(code), 20)?.to_uppercase(),
                name: text(c(name), 60)?,
                region: text(c(region), 40)?,
                city: input::optional_text(opt(city), 40)
                    .map_err(|_| RowFault(ErrorCode::FieldTooLong))?,
                address: input::optional_text(opt(address), 200)
                    .map_err(|_| RowFault(ErrorCode::FieldTooLong))?,
            };
            if !seen.insert(r.code.clone()) {
                return Err(RowFault(ErrorCode::RowRepeated));
            }
            Ok(r)
        })();
        match row {
            Ok(r) => rows.push(r),
            Err(f) => errors.push(input::row_error(*line, f, zh)),
        }
    }
    let out = state
        .store
        .import_stores(&op.brand, &rows, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(api::KosImportResult {
        created: out.created,
        updated: out.updated,
        unchanged: out.unchanged,
        errors,
    }))
}

// ---- operators: staff -----------------------------------------------------

/// A page of the brand's staff (working ones unless `status` says), by
/// store code and name, with their persona's completeness. Phones masked.
#[utoipa::path(get, path = "/api/v1/admin/kos/staff", tag = "admin", security(("operator_session" = ["read"])),
    params(StaffQuery),
    responses((status = 200, body = api::KosStaffPage), (status = 422, body = api::ErrorBody)))]
async fn staff_list(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<StaffQuery>,
) -> ApiResult<Json<api::KosStaffPage>> {
    let f = staff_filter(&q)?;
    let page = state
        .store
        .staff_page(
            &op.brand,
            &KosScope::Brand,
            &f,
            input::page(q.limit, q.offset),
        )
        .await?;
    Ok(Json(api::KosStaffPage {
        total: page.total,
        rows: page.rows.into_iter().map(staff_view).collect(),
    }))
}

/// Adds a staff member (no password: they sign in with an SMS code).
#[utoipa::path(post, path = "/api/v1/admin/kos/staff", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::KosStaffCreate,
    responses((status = 201, body = api::KosStaffDetail), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn create_staff(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(f): Json<api::KosStaffCreate>,
) -> ApiResult<(StatusCode, Json<api::KosStaffDetail>)> {
    op.require(Perm::Operate)?;
    let store_id = f
        .store_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    // A regional manager has a region and no store; everyone else a store,
    // whose region is theirs.
    let (region_id, store_id) = match (f.role, store_id) {
        (StaffRole::RegionalManager, None) => (
            input::text(f.region_id.as_deref().unwrap_or_default(), 64)?,
            None,
        ),
        (StaffRole::Staff | StaffRole::StoreManager, Some(s)) => {
            let shop = state.store.kos_store(&op.brand, s).await?;
            (shop.region_id, Some(shop.id))
        }
        _ => return Err(ApiError::invalid(ErrorCode::StaffPlaceInvalid)),
    };
    let new = store::NewStaff {
        name: input::text(&f.name, 40)?,
        phone: phone(&f.phone)?,
        role: f.role,
        kos_role: f.kos_role,
        region_id,
        store_id,
        employee_no: input::optional_text(&f.employee_no, 32)?,
        password_hash: None,
        joined_on: day(&f.joined_on)?,
    };
    let s = state
        .store
        .create_staff(&op.brand, &new, &op.operator_id, state.clock.now())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(detail(&state, &op.brand, &KosScope::Brand, &s.id).await?),
    ))
}

/// A staff member: history, persona and competency ratings.
#[utoipa::path(get, path = "/api/v1/admin/kos/staff/{id}", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::KosStaffDetail), (status = 404, body = api::ErrorBody)))]
async fn staff_detail(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::KosStaffDetail>> {
    Ok(Json(
        detail(&state, &op.brand, &KosScope::Brand, &id).await?,
    ))
}

/// Saves a staff member's name, phone, roles and employee number.
#[utoipa::path(put, path = "/api/v1/admin/kos/staff/{id}", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::KosStaffEdit,
    responses((status = 200, body = api::KosStaffDetail), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn edit_staff(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(f): Json<api::KosStaffEdit>,
) -> ApiResult<Json<api::KosStaffDetail>> {
    op.require(Perm::Operate)?;
    let e = store::StaffEdit {
        name: input::text(&f.name, 40)?,
        phone: phone(&f.phone)?,
        role: f.role,
        kos_role: f.kos_role,
        employee_no: input::optional_text(&f.employee_no, 32)?,
    };
    state
        .store
        .edit_staff(&op.brand, &id, &e, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(
        detail(&state, &op.brand, &KosScope::Brand, &id).await?,
    ))
}

/// Moves a working staff member to another store from a date.
#[utoipa::path(post, path = "/api/v1/admin/kos/staff/{id}/move", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::KosStaffMoveForm,
    responses((status = 200, body = api::KosStaffDetail), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn move_staff(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(f): Json<api::KosStaffMoveForm>,
) -> ApiResult<Json<api::KosStaffDetail>> {
    op.require(Perm::Operate)?;
    let on = day(&f.on_date)?;
    state
        .store
        .move_staff(
            &op.brand,
            &id,
            f.store_id.trim(),
            &on,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(
        detail(&state, &op.brand, &KosScope::Brand, &id).await?,
    ))
}

/// Records that a staff member leaves on a date, in one transaction: their
/// sessions end and their accounts and leads go to a working colleague or
/// a store (exactly one of `to_staff_id`, `to_store_id`).
#[utoipa::path(post, path = "/api/v1/admin/kos/staff/{id}/leave", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::KosLeaveForm,
    responses((status = 200, body = api::KosStaffDetail), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn leave_staff(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(f): Json<api::KosLeaveForm>,
) -> ApiResult<Json<api::KosStaffDetail>> {
    op.require(Perm::Operate)?;
    let on = day(&f.on_date)?;
    let pick = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let to = match (pick(&f.to_staff_id), pick(&f.to_store_id)) {
        (Some(s), None) => store::HandOver::Colleague(s),
        (None, Some(s)) => store::HandOver::Store(s),
        _ => return Err(ApiError::invalid(ErrorCode::HandOverMissing)),
    };
    state
        .store
        .leave_staff(&op.brand, &id, &on, &to, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(
        detail(&state, &op.brand, &KosScope::Brand, &id).await?,
    ))
}

/// A staff member who left works again, from a date, at a store.
#[utoipa::path(post, path = "/api/v1/admin/kos/staff/{id}/rejoin", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::KosStaffMoveForm,
    responses((status = 200, body = api::KosStaffDetail), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn rejoin_staff(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(f): Json<api::KosStaffMoveForm>,
) -> ApiResult<Json<api::KosStaffDetail>> {
    op.require(Perm::Operate)?;
    let on = day(&f.on_date)?;
    state
        .store
        .rejoin_staff(
            &op.brand,
            &id,
            f.store_id.trim(),
            &on,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(
        detail(&state, &op.brand, &KosScope::Brand, &id).await?,
    ))
}

/// An operator's rating of a staff member on one competency (as a manager's).
#[utoipa::path(put, path = "/api/v1/admin/kos/staff/{id}/ratings", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::KosRatingForm,
    responses((status = 200, body = api::KosStaffDetail), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn rate_staff(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(f): Json<api::KosRatingForm>,
) -> ApiResult<Json<api::KosStaffDetail>> {
    op.require(Perm::Operate)?;
    state
        .store
        .staff_row(&op.brand, &KosScope::Brand, &id)
        .await?;
    let score = rating(f.score)?;
    state
        .store
        .rate_competency(
            &op.brand,
            &id,
            f.competency_id.trim(),
            score,
            store::Rater::Manager(&op.operator_id),
            state.clock.now(),
        )
        .await
        .map_err(|e| match e {
            store::StoreError::NotFound => ApiError::invalid(ErrorCode::CompetencyUnknown),
            e => e.into(),
        })?;
    Ok(Json(
        detail(&state, &op.brand, &KosScope::Brand, &id).await?,
    ))
}

const PHONE: &[&str] = &["手机号", "手机", "手机号码", "电话", "phone", "mobile"];
const PERSON: &[&str] = &["姓名", "员工姓名", "名字", "name"];
const ROLE: &[&str] = &["岗位", "职位", "角色", "role"];
const KOS_ROLE: &[&str] = &["KOS角色", "KOS 角色", "kos_role", "kosrole"];
const EMPLOYEE_NO: &[&str] = &["工号", "员工编号", "employee_no", "employeeno"];
const JOINED: &[&str] = &["入职日期", "入职时间", "joined_on", "joined"];

fn role_of(v: &str) -> Option<StaffRole> {
    match v.trim() {
        "" | "导购" | "员工" | "店员" => Some(StaffRole::Staff),
        "店长" => Some(StaffRole::StoreManager),
        "区域经理" | "区经理" => Some(StaffRole::RegionalManager),
        w => w.parse().ok(),
    }
}

fn kos_role_of(v: &str) -> Option<KosRole> {
    match v.trim() {
        "" | "购物助理" | "购物助手" => Some(KosRole::ShoppingAssistant),
        "话题专家" | "话题达人" => Some(KosRole::TopicExpert),
        "私人伙伴" | "私域伙伴" => Some(KosRole::PersonalPartner),
        w => w.parse().ok(),
    }
}

/// Imports staff from a CSV file as Excel saves it: columns 手机号, 姓名,
/// 岗位 (导购/店长/区域经理), KOS角色 (购物助理/话题专家/私人伙伴), 门店编号
/// (a regional manager: 区域 instead), 工号, 入职日期 (default today). A
/// known phone is updated (a new store is a move dated today), a new one
/// created without a password (they sign in with a code). Rows with
/// errors are listed with their line and never written.
#[utoipa::path(post, path = "/api/v1/admin/kos/staff/import", tag = "admin", security(("operator_session" = ["operate"])),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = api::KosImportResult), (status = 422, body = api::ErrorBody)))]
async fn import_staff(
    State(state): State<AppState>,
    op: OperatorAuth,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Json<api::KosImportResult>> {
    op.require(Perm::Operate)?;
    let zh = messages::prefers_chinese_in(&headers);
    let sheet = csvin::sheet(&csvin::decode(&body)?)?;
    let col = |names: &[&str]| sheet.column(names);
    let (Some(phone_col), Some(name)) = (col(PHONE), col(PERSON)) else {
        return Err(ApiError::invalid(ErrorCode::ColumnsMissing));
    };
    let (role, kos_role, code, region, no, joined) = (
        col(ROLE),
        col(KOS_ROLE),
        col(CODE),
        col(REGION),
        col(EMPLOYEE_NO),
        col(JOINED),
    );
    let b = state.store.brand(&op.brand).await?;
    let today = today(&state, &b.time_zone);
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (line, cells) in &sheet.rows {
        let opt = |i: Option<usize>| i.map_or("", |i| csvin::cell(cells, i));
        let row = (|| {
            let phone = Phone::parse(csvin::cell(cells, phone_col))
                .map_err(|_| RowFault(ErrorCode::PhoneMalformed))?;
            let role = role_of(opt(role)).ok_or(RowFault(ErrorCode::StaffRoleUnknown))?;
            let kos_role = kos_role_of(opt(kos_role)).ok_or(RowFault(ErrorCode::KosRoleUnknown))?;
            let store_code = opt(code).trim().to_uppercase();
            let region = opt(region).trim().to_string();
            match role {
                StaffRole::RegionalManager if region.is_empty() => {
                    return Err(RowFault(ErrorCode::RegionUnknown));
                }
                StaffRole::Staff | StaffRole::StoreManager if store_code.is_empty() => {
                    return Err(RowFault(ErrorCode::StoreUnknown));
                }
                _ => {}
            }
            let joined_on = match opt(joined).trim() {
                "" => today.clone(),
                d => csvin::date(d)
                    .ok_or(RowFault(ErrorCode::DateInvalid))?
                    .to_string(),
            };
            let r = store::StaffImportRow {
                line: *line,
                phone: phone.as_str().to_string(),
                name: input::text(csvin::cell(cells, name), 40)
                    .map_err(|_| RowFault(ErrorCode::FieldRequired))?,
                role,
                kos_role,
                store_code,
                region,
                employee_no: input::optional_text(opt(no), 32)
                    .map_err(|_| RowFault(ErrorCode::FieldTooLong))?,
                joined_on,
            };
            if !seen.insert(r.phone.clone()) {
                return Err(RowFault(ErrorCode::RowRepeated));
            }
            Ok(r)
        })();
        match row {
            Ok(r) => rows.push(r),
            Err(f) => errors.push(input::row_error(*line, f, zh)),
        }
    }
    let out = state
        .store
        .import_staff(&op.brand, &rows, &today, &op.operator_id, state.clock.now())
        .await?;
    for (line, code) in &out.refused {
        errors.push(input::row_error(
            *line,
            RowFault(ErrorCode::from_store(code)),
            zh,
        ));
    }
    errors.sort_by_key(|e| e.line);
    errors.truncate(500);
    Ok(Json(api::KosImportResult {
        created: out.created,
        updated: out.updated,
        unchanged: out.unchanged,
        errors,
    }))
}

fn competency_view(c: store::Competency) -> api::KosCompetencyView {
    api::KosCompetencyView {
        id: c.id,
        kos_role: c.kos_role,
        name: c.name,
        description: c.description,
        position: c.position,
    }
}

/// The competency profiles of the KOS roles.
#[utoipa::path(get, path = "/api/v1/admin/kos/competencies", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = Vec<api::KosCompetencyView>)))]
async fn competencies(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<Vec<api::KosCompetencyView>>> {
    let all = state.store.competencies(&op.brand).await?;
    Ok(Json(all.into_iter().map(competency_view).collect()))
}

/// Adds a competency at the end of a role's profile.
#[utoipa::path(post, path = "/api/v1/admin/kos/competencies", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::KosCompetencyForm,
    responses((status = 201, body = api::KosCompetencyView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn add_competency(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(f): Json<api::KosCompetencyForm>,
) -> ApiResult<(StatusCode, Json<api::KosCompetencyView>)> {
    op.require(Perm::Operate)?;
    let c = state
        .store
        .add_competency(
            &op.brand,
            f.kos_role,
            &input::text(&f.name, 30)?,
            &input::optional_text(&f.description, 200)?,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(competency_view(c))))
}

/// Removes a competency and its ratings (owners: the ratings go too).
#[utoipa::path(delete, path = "/api/v1/admin/kos/competencies/{id}", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = api::ErrorBody)))]
async fn remove_competency(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    op.require(Perm::Manage)?;
    state
        .store
        .remove_competency(&op.brand, &id, &op.operator_id, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- staff: my profile ------------------------------------------------------

async fn profile_of(state: &AppState, brand: &str, id: &str) -> ApiResult<api::MyKosProfile> {
    let persona = state.store.persona(brand, id).await?;
    let ratings = state.store.competency_ratings(brand, id).await?;
    Ok(api::MyKosProfile {
        persona: persona_view(&persona),
        ratings: ratings.into_iter().map(rating_view).collect(),
    })
}

/// The staff member's persona checklist and competency ratings.
#[utoipa::path(get, path = "/api/v1/staff/profile", tag = "staff", security(("staff_session" = ["staff"])),
    responses((status = 200, body = api::MyKosProfile), (status = 401, body = api::ErrorBody)))]
async fn my_profile(
    State(state): State<AppState>,
    me: StaffAuth,
) -> ApiResult<Json<api::MyKosProfile>> {
    Ok(Json(profile_of(&state, &me.brand, &me.staff_id).await?))
}

/// Saves the staff member's persona checklist (the photo: one of their
/// own uploads, `POST /api/v1/staff/uploads`).
#[utoipa::path(put, path = "/api/v1/staff/profile/persona", tag = "staff", security(("staff_session" = ["staff"])),
    request_body = api::KosPersonaForm,
    responses((status = 200, body = api::MyKosProfile), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn save_my_persona(
    State(state): State<AppState>,
    me: StaffAuth,
    Json(f): Json<api::KosPersonaForm>,
) -> ApiResult<Json<api::MyKosProfile>> {
    let p = store::PersonaRecord {
        real_name: f.real_name,
        photo_upload_id: f
            .photo_upload_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        store_in_profile: f.store_in_profile,
        location_in_notes: f.location_in_notes,
        reply_habits: f.reply_habits,
        updated_at: None,
    };
    state
        .store
        .save_persona(&me.brand, &me.staff_id, &p, state.clock.now())
        .await
        .map_err(|e| match e {
            store::StoreError::NotFound => ApiError::invalid(ErrorCode::PhotoUnknown),
            e => e.into(),
        })?;
    Ok(Json(profile_of(&state, &me.brand, &me.staff_id).await?))
}

/// The staff member rates themself on one competency of their role, 1–5.
#[utoipa::path(put, path = "/api/v1/staff/profile/ratings", tag = "staff", security(("staff_session" = ["staff"])),
    request_body = api::KosRatingForm,
    responses((status = 200, body = api::MyKosProfile), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn rate_myself(
    State(state): State<AppState>,
    me: StaffAuth,
    Json(f): Json<api::KosRatingForm>,
) -> ApiResult<Json<api::MyKosProfile>> {
    let score = rating(f.score)?;
    state
        .store
        .rate_competency(
            &me.brand,
            &me.staff_id,
            f.competency_id.trim(),
            score,
            store::Rater::Own,
            state.clock.now(),
        )
        .await
        .map_err(|e| match e {
            store::StoreError::NotFound => ApiError::invalid(ErrorCode::CompetencyUnknown),
            e => e.into(),
        })?;
    Ok(Json(profile_of(&state, &me.brand, &me.staff_id).await?))
}

/// Uploads the staff member's profile photo (PNG, JPEG or WebP; the body
/// is the file), checked as every upload is.
#[utoipa::path(post, path = "/api/v1/staff/uploads", tag = "staff", security(("staff_session" = ["staff"])),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = api::UploadView), (status = 413, body = api::ErrorBody), (status = 415, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn staff_photo_upload(
    State(state): State<AppState>,
    me: StaffAuth,
    req: Request,
) -> ApiResult<(StatusCode, Json<api::UploadView>)> {
    crate::uploads::staff_upload(&state, &me.brand, &me.staff_id, req).await
}

/// The profile photo of a staff member inside the caller's scope (their
/// own; a manager's team).
#[utoipa::path(get, path = "/api/v1/staff/photos/{id}", tag = "staff", security(("staff_session" = ["staff"])),
    params(("id" = String, Path)),
    responses((status = 200, content_type = "image/png"), (status = 404, body = api::ErrorBody)))]
async fn staff_photo(
    State(state): State<AppState>,
    me: StaffAuth,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let u = state.store.upload(&me.brand, &id).await?;
    if u.owner_kind != rules::ActorKind::Staff {
        return Err(ApiError::not_found());
    }
    // The photo's owner must be inside the caller's scope.
    state
        .store
        .staff_row(&me.brand, &me.scope(), &u.owner_id)
        .await?;
    crate::uploads::serve(&state, &u).await
}

// ---- managers: the team ---------------------------------------------------

/// The manager's team (their store, or their region's stores), working
/// staff unless `status` says, with each persona's completeness.
#[utoipa::path(get, path = "/api/v1/staff/team", tag = "staff", security(("staff_session" = ["manager"])),
    params(StaffQuery),
    responses((status = 200, body = api::KosStaffPage), (status = 403, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn team(
    State(state): State<AppState>,
    me: StaffAuth,
    Query(q): Query<StaffQuery>,
) -> ApiResult<Json<api::KosStaffPage>> {
    me.require_manager()?;
    let f = staff_filter(&q)?;
    let page = state
        .store
        .staff_page(&me.brand, &me.scope(), &f, input::page(q.limit, q.offset))
        .await?;
    Ok(Json(api::KosStaffPage {
        total: page.total,
        rows: page.rows.into_iter().map(staff_view).collect(),
    }))
}

/// One member of the manager's team (404 outside it).
#[utoipa::path(get, path = "/api/v1/staff/team/{id}", tag = "staff", security(("staff_session" = ["manager"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::KosStaffDetail), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
async fn team_member(
    State(state): State<AppState>,
    me: StaffAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::KosStaffDetail>> {
    me.require_manager()?;
    Ok(Json(detail(&state, &me.brand, &me.scope(), &id).await?))
}

/// The manager rates a member of their team on one competency, 1–5 (not
/// themself: 422 `rating_own_as_manager`).
#[utoipa::path(put, path = "/api/v1/staff/team/{id}/ratings", tag = "staff", security(("staff_session" = ["manager"])),
    params(("id" = String, Path)), request_body = api::KosRatingForm,
    responses((status = 200, body = api::KosStaffDetail), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn rate_team_member(
    State(state): State<AppState>,
    me: StaffAuth,
    Path(id): Path<String>,
    Json(f): Json<api::KosRatingForm>,
) -> ApiResult<Json<api::KosStaffDetail>> {
    me.require_manager()?;
    // Inside the team first: another store's staff member is not found.
    state.store.staff_row(&me.brand, &me.scope(), &id).await?;
    if id == me.staff_id {
        return Err(ApiError::invalid(ErrorCode::RatingOwnAsManager));
    }
    let score = rating(f.score)?;
    state
        .store
        .rate_competency(
            &me.brand,
            &id,
            f.competency_id.trim(),
            score,
            store::Rater::Manager(&me.staff_id),
            state.clock.now(),
        )
        .await
        .map_err(|e| match e {
            store::StoreError::NotFound => ApiError::invalid(ErrorCode::CompetencyUnknown),
            e => e.into(),
        })?;
    Ok(Json(detail(&state, &me.brand, &me.scope(), &id).await?))
}
