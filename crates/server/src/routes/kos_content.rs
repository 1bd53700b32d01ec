//! The content middle platform (issue 17: content). Operators keep the
//! template library (versioned: saving makes the next version, old ones
//! stay readable), the material library (image uploads checked by the
//! uploads path, or video links; tags, usage rights, an expiry after which
//! staff no longer see it) and the campaigns' pricing and activity
//! policies, and see which templates and materials produced notes,
//! interactions and leads. Staff pick a template on the phone, copy it,
//! publish and submit the note's link: parsed by `rules::parse_note_link`
//! (the KOC notes' parser; short links expanded by the same fenced
//! resolver), attributed to them, their store and the template version.
//! KOS notes' metrics come in through the KOC metrics import
//! (`routes/notes.rs` finds KOS notes too).

use super::Json;
use super::input;
use super::kos_views as views;
use crate::AppState;
use crate::auth::{OperatorAuth, Perm, StaffAuth};
use crate::error::{ApiError, ApiResult, ErrorCode};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use rules::kos::KosScope;
use rules::words::{MaterialKind, PolicyKind, TemplateKind};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(templates, create_template))
        .routes(routes!(template, revise_template))
        .routes(routes!(materials, create_material))
        .routes(routes!(update_material))
        .routes(routes!(policies, create_policy))
        .routes(routes!(update_policy))
        .routes(routes!(notes))
        .routes(routes!(note_metrics))
        .routes(routes!(results))
        .routes(routes!(my_templates))
        .routes(routes!(my_materials))
        .routes(routes!(material_image))
        .routes(routes!(my_policies))
        .routes(routes!(submit_note, my_notes))
}

fn store_error(e: store::StoreError) -> ApiError {
    use store::StoreError::Conflict;
    match e {
        Conflict("campaign_unknown") => ApiError::invalid(ErrorCode::CampaignUnknown),
        Conflict("image_unknown") => ApiError::invalid(ErrorCode::ImageUnknown),
        Conflict("template_unknown") => ApiError::invalid(ErrorCode::TemplateUnknown),
        Conflict("material_unknown") => ApiError::invalid(ErrorCode::MaterialUnknown),
        Conflict("account_not_yours") => ApiError::invalid(ErrorCode::AccountNotYours),
        e => e.into(),
    }
}

async fn today(state: &AppState, brand: &str) -> ApiResult<rules::CivilDate> {
    let b = state.store.brand(brand).await?;
    Ok(crate::time::local_date(&b.time_zone, state.clock.now()))
}

/// An id-shaped optional value (ids are 32 hex digits; others are refused
/// before any lookup).
fn id_of(v: &Option<String>) -> ApiResult<Option<String>> {
    match input::trimmed(v) {
        Some(i) if i.len() <= 64 && i.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            Ok(Some(i.to_string()))
        }
        Some(_) => Err(ApiError::invalid(ErrorCode::IdMalformed)),
        None => Ok(None),
    }
}

fn draft(form: &api::TemplateForm) -> ApiResult<store::TemplateDraft> {
    let kind: TemplateKind = form
        .kind
        .trim()
        .parse()
        .map_err(|_| ApiError::invalid(ErrorCode::TemplateKindUnknown))?;
    let platform = match form.platform.trim() {
        "" => String::new(),
        p => p
            .parse::<rules::words::KosPlatform>()
            .map_err(|_| ApiError::invalid(ErrorCode::KosPlatformUnknown))?
            .as_str()
            .to_string(),
    };
    let kos_role = match form.kos_role.trim() {
        "" => String::new(),
        r => r
            .parse::<rules::words::KosRole>()
            .map_err(|_| ApiError::invalid(ErrorCode::KosRoleUnknown))?
            .as_str()
            .to_string(),
    };
    Ok(store::TemplateDraft {
        kind,
        title: input::text(&form.title, 80)?,
        body: input::text(&form.body, 5000)?,
        product: input::optional_text(&form.product, 60)?,
        campaign_id: id_of(&form.campaign_id)?,
        platform,
        kos_role,
        active: form.active,
    })
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
struct TemplateQuery {
    /// `topic`, `script`, `hook_title`, …
    kind: Option<String>,
    product: Option<String>,
    campaign_id: Option<String>,
    /// Templates for this platform (and for any).
    platform: Option<String>,
    /// Templates for this KOS role (and for any).
    kos_role: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

impl TemplateQuery {
    fn filter(&self, active_only: bool) -> Option<store::TemplateFilter> {
        Some(store::TemplateFilter {
            kind: input::filter_word(self.kind.clone()).ok()?,
            product: input::trimmed(&self.product).map(String::from),
            campaign_id: input::trimmed(&self.campaign_id).map(String::from),
            platform: input::trimmed(&self.platform).map(String::from),
            kos_role: input::trimmed(&self.kos_role).map(String::from),
            active_only,
        })
    }
}

/// The template library, most recently saved first.
#[utoipa::path(get, path = "/api/v1/admin/kos/templates", tag = "admin", security(("operator_session" = ["read"])), params(TemplateQuery),
    responses((status = 200, body = Vec<api::TemplateView>)))]
async fn templates(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<TemplateQuery>,
) -> ApiResult<Json<Vec<api::TemplateView>>> {
    let Some(f) = q.filter(false) else {
        return Ok(Json(Vec::new()));
    };
    let list = state
        .store
        .templates(&op.brand, &f, input::page(q.limit, q.offset))
        .await?;
    Ok(Json(list.into_iter().map(views::template).collect()))
}

/// Adds a template (version 1).
#[utoipa::path(post, path = "/api/v1/admin/kos/templates", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::TemplateForm,
    responses((status = 201, body = api::TemplateView), (status = 422, body = api::ErrorBody)))]
async fn create_template(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::TemplateForm>,
) -> ApiResult<(StatusCode, Json<api::TemplateView>)> {
    op.require(Perm::Operate)?;
    let d = draft(&form)?;
    let t = state
        .store
        .create_template(
            &op.brand,
            &store::new_id(),
            &d,
            &op.operator_id,
            state.clock.now(),
        )
        .await
        .map_err(store_error)?;
    Ok((StatusCode::CREATED, Json(views::template(t))))
}

/// A template with every saved version, newest first.
#[utoipa::path(get, path = "/api/v1/admin/kos/templates/{id}", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::TemplateDetail), (status = 404, body = api::ErrorBody)))]
async fn template(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::TemplateDetail>> {
    let t = state.store.template(&op.brand, &id).await?;
    let versions = state.store.template_versions(&op.brand, &id).await?;
    Ok(Json(api::TemplateDetail {
        template: views::template(t),
        versions: versions.into_iter().map(views::template_version).collect(),
    }))
}

/// Saves the template's next version (its kind stays).
#[utoipa::path(put, path = "/api/v1/admin/kos/templates/{id}", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::TemplateForm,
    responses((status = 200, body = api::TemplateView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn revise_template(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::TemplateForm>,
) -> ApiResult<Json<api::TemplateView>> {
    op.require(Perm::Operate)?;
    let d = draft(&form)?;
    let t = state
        .store
        .revise_template(&op.brand, &id, &d, &op.operator_id, state.clock.now())
        .await
        .map_err(store_error)?;
    Ok(Json(views::template(t)))
}

fn material_of(form: &api::MaterialForm, id: String, now: i64) -> ApiResult<store::Material> {
    let kind: MaterialKind = form
        .kind
        .trim()
        .parse()
        .map_err(|_| ApiError::invalid(ErrorCode::MaterialKindUnknown))?;
    let upload_id = id_of(&form.upload_id)?;
    let video_url = input::optional_text(&form.video_url, 500)?;
    let video_url = match (kind, video_url.as_str()) {
        (MaterialKind::Video, "") if upload_id.is_none() => {
            return Err(ApiError::invalid(ErrorCode::MaterialSourceRequired));
        }
        (MaterialKind::Video, "") => String::new(),
        (MaterialKind::Video, url) => rules::link::profile_link(url, None)
            .map_err(|_| ApiError::invalid(ErrorCode::MaterialSourceRequired))?,
        (MaterialKind::Image, _) if upload_id.is_none() => {
            return Err(ApiError::invalid(ErrorCode::MaterialSourceRequired));
        }
        (MaterialKind::Image, _) => String::new(),
    };
    let tags = rules::kos_content::tags(form.tags.iter().map(String::as_str))
        .map_err(|_| ApiError::invalid(ErrorCode::TagsInvalid))?;
    let expires_on = input::trimmed(&form.expires_on)
        .map(input::date)
        .transpose()?
        .map(|d| d.to_string());
    Ok(store::Material {
        id,
        kind,
        title: input::text(&form.title, 80)?,
        upload_id,
        video_url,
        tags: tags.join(","),
        product: input::optional_text(&form.product, 60)?,
        campaign_id: id_of(&form.campaign_id)?,
        usage_rights: input::optional_text(&form.usage_rights, 500)?,
        expires_on,
        created_at: now,
        updated_at: now,
    })
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
struct MaterialQuery {
    /// `image` or `video`.
    kind: Option<String>,
    tag: Option<String>,
    product: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

impl MaterialQuery {
    fn filter(&self, visible_on: Option<String>) -> Option<store::MaterialFilter> {
        Some(store::MaterialFilter {
            kind: input::filter_word(self.kind.clone()).ok()?,
            tag: match input::trimmed(&self.tag) {
                Some(t) => rules::kos_content::tags([t]).ok()?.pop(),
                None => None,
            },
            product: input::trimmed(&self.product).map(String::from),
            visible_on,
        })
    }
}

/// The material library (expired ones included, marked), newest first.
#[utoipa::path(get, path = "/api/v1/admin/kos/materials", tag = "admin", security(("operator_session" = ["read"])), params(MaterialQuery),
    responses((status = 200, body = Vec<api::MaterialView>)))]
async fn materials(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<MaterialQuery>,
) -> ApiResult<Json<Vec<api::MaterialView>>> {
    let today = today(&state, &op.brand).await?;
    let Some(f) = q.filter(None) else {
        return Ok(Json(Vec::new()));
    };
    let list = state
        .store
        .materials(&op.brand, &f, input::page(q.limit, q.offset))
        .await?;
    Ok(Json(
        list.into_iter()
            .map(|m| views::material(m, today))
            .collect(),
    ))
}

/// Adds a material: an image (an operator upload, type- and size-checked
/// when uploaded) or a video link.
#[utoipa::path(post, path = "/api/v1/admin/kos/materials", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::MaterialForm,
    responses((status = 201, body = api::MaterialView), (status = 422, body = api::ErrorBody)))]
async fn create_material(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::MaterialForm>,
) -> ApiResult<(StatusCode, Json<api::MaterialView>)> {
    op.require(Perm::Operate)?;
    let m = material_of(&form, store::new_id(), state.clock.now())?;
    let m = state
        .store
        .save_material(&op.brand, &m, &op.operator_id)
        .await
        .map_err(store_error)?;
    let today = today(&state, &op.brand).await?;
    Ok((StatusCode::CREATED, Json(views::material(m, today))))
}

/// Saves a material (its kind stays).
#[utoipa::path(put, path = "/api/v1/admin/kos/materials/{id}", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::MaterialForm,
    responses((status = 200, body = api::MaterialView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn update_material(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::MaterialForm>,
) -> ApiResult<Json<api::MaterialView>> {
    op.require(Perm::Operate)?;
    let old = state.store.material(&op.brand, &id).await?;
    let mut m = material_of(&form, old.id, state.clock.now())?;
    m.created_at = old.created_at;
    let m = state
        .store
        .save_material(&op.brand, &m, &op.operator_id)
        .await
        .map_err(store_error)?;
    let today = today(&state, &op.brand).await?;
    Ok(Json(views::material(m, today)))
}

fn policy_of(form: &api::PolicyForm, id: String, now: i64) -> ApiResult<store::Policy> {
    let kind: PolicyKind = form
        .kind
        .trim()
        .parse()
        .map_err(|_| ApiError::invalid(ErrorCode::PolicyKindUnknown))?;
    let day = |v: &Option<String>| -> ApiResult<Option<rules::CivilDate>> {
        input::trimmed(v).map(input::date).transpose()
    };
    let (starts, ends) = (day(&form.starts_on)?, day(&form.ends_on)?);
    if let (Some(s), Some(e)) = (starts, ends)
        && e < s
    {
        return Err(ApiError::invalid(ErrorCode::PolicyWindowInvalid));
    }
    Ok(store::Policy {
        id,
        campaign_id: id_of(&Some(form.campaign_id.clone()))?
            .ok_or_else(|| ApiError::invalid(ErrorCode::FieldRequired))?,
        campaign_title: String::new(),
        kind,
        title: input::text(&form.title, 80)?,
        body: input::text(&form.body, 5000)?,
        starts_on: starts.map(|d| d.to_string()),
        ends_on: ends.map(|d| d.to_string()),
        created_at: now,
        updated_at: now,
    })
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
struct PolicyQuery {
    campaign_id: Option<String>,
}

/// Pricing and activity policies, a campaign's or all.
#[utoipa::path(get, path = "/api/v1/admin/kos/policies", tag = "admin", security(("operator_session" = ["read"])), params(PolicyQuery),
    responses((status = 200, body = Vec<api::PolicyView>)))]
async fn policies(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<PolicyQuery>,
) -> ApiResult<Json<Vec<api::PolicyView>>> {
    let list = state
        .store
        .policies(&op.brand, input::trimmed(&q.campaign_id), None)
        .await?;
    Ok(Json(list.into_iter().map(views::policy).collect()))
}

/// Attaches a pricing or activity policy to a campaign.
#[utoipa::path(post, path = "/api/v1/admin/kos/policies", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::PolicyForm,
    responses((status = 201, body = api::PolicyView), (status = 422, body = api::ErrorBody)))]
async fn create_policy(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::PolicyForm>,
) -> ApiResult<(StatusCode, Json<api::PolicyView>)> {
    op.require(Perm::Operate)?;
    let p = policy_of(&form, store::new_id(), state.clock.now())?;
    let p = state
        .store
        .save_policy(&op.brand, &p, &op.operator_id)
        .await
        .map_err(store_error)?;
    Ok((StatusCode::CREATED, Json(views::policy(p))))
}

/// Saves a policy.
#[utoipa::path(put, path = "/api/v1/admin/kos/policies/{id}", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::PolicyForm,
    responses((status = 200, body = api::PolicyView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn update_policy(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::PolicyForm>,
) -> ApiResult<Json<api::PolicyView>> {
    op.require(Perm::Operate)?;
    let old = state.store.policy(&op.brand, &id).await?;
    let mut p = policy_of(&form, old.id, state.clock.now())?;
    p.created_at = old.created_at;
    let p = state
        .store
        .save_policy(&op.brand, &p, &op.operator_id)
        .await
        .map_err(store_error)?;
    Ok(Json(views::policy(p)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
struct NoteQuery {
    staff_id: Option<String>,
    store_id: Option<String>,
    template_id: Option<String>,
    /// `xiaohongshu`, `douyin`, …
    platform: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

impl NoteQuery {
    fn filter(&self) -> store::KosNoteFilter {
        store::KosNoteFilter {
            staff_id: input::trimmed(&self.staff_id).map(String::from),
            store_id: input::trimmed(&self.store_id).map(String::from),
            template_id: input::trimmed(&self.template_id).map(String::from),
            platform: input::trimmed(&self.platform).map(String::from),
        }
    }
}

/// KOS notes, newest first, by staff member, store, template or platform.
#[utoipa::path(get, path = "/api/v1/admin/kos/notes", tag = "admin", security(("operator_session" = ["read"])), params(NoteQuery),
    responses((status = 200, body = Vec<api::KosNoteView>)))]
async fn notes(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<NoteQuery>,
) -> ApiResult<Json<Vec<api::KosNoteView>>> {
    let list = state
        .store
        .kos_notes(
            &op.brand,
            &KosScope::Brand,
            &q.filter(),
            input::page(q.limit, q.offset),
        )
        .await?;
    Ok(Json(list.into_iter().map(views::kos_note).collect()))
}

/// A KOS note's dated metric snapshots, oldest first.
#[utoipa::path(get, path = "/api/v1/admin/kos/notes/{id}/metrics", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path)),
    responses((status = 200, body = Vec<api::MetricsView>), (status = 404, body = api::ErrorBody)))]
async fn note_metrics(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<api::MetricsView>>> {
    state
        .store
        .kos_note(&op.brand, &id, &KosScope::Brand)
        .await?;
    let list = state.store.kos_note_metrics(&op.brand, &id).await?;
    Ok(Json(list.into_iter().map(super::views::metrics).collect()))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
struct ResultsQuery {
    /// Notes submitted in the last this many days (default 90, at most 3,650).
    days: Option<i64>,
}

/// Which templates and materials produce results: notes, interactions,
/// staff and leads per template and per material, best first.
#[utoipa::path(get, path = "/api/v1/admin/kos/results", tag = "admin", security(("operator_session" = ["read"])), params(ResultsQuery),
    responses((status = 200, body = api::ContentResults)))]
async fn results(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<ResultsQuery>,
) -> ApiResult<Json<api::ContentResults>> {
    let days = q.days.unwrap_or(90).clamp(1, 3650);
    let since = state.clock.now() - days * 86_400;
    let templates = state.store.template_results(&op.brand, since).await?;
    let materials = state.store.material_results(&op.brand, since).await?;
    Ok(Json(api::ContentResults {
        templates: templates.into_iter().map(views::content_result).collect(),
        materials: materials.into_iter().map(views::content_result).collect(),
    }))
}

/// The templates a staff member may use: in use, for their KOS role (or
/// any); filter by kind, product and platform.
#[utoipa::path(get, path = "/api/v1/staff/templates", tag = "staff", security(("staff_session" = ["staff"])), params(TemplateQuery),
    responses((status = 200, body = Vec<api::MyTemplate>)))]
async fn my_templates(
    State(state): State<AppState>,
    who: StaffAuth,
    Query(q): Query<TemplateQuery>,
) -> ApiResult<Json<Vec<api::MyTemplate>>> {
    let Some(mut f) = q.filter(true) else {
        return Ok(Json(Vec::new()));
    };
    let me = state.store.staff_member(&who.brand, &who.staff_id).await?;
    f.kos_role = Some(me.kos_role.as_str().to_string());
    let list = state
        .store
        .templates(&who.brand, &f, input::page(q.limit, q.offset))
        .await?;
    Ok(Json(list.into_iter().map(views::my_template).collect()))
}

/// The materials staff may use today (expired ones are hidden).
#[utoipa::path(get, path = "/api/v1/staff/materials", tag = "staff", security(("staff_session" = ["staff"])), params(MaterialQuery),
    responses((status = 200, body = Vec<api::MaterialView>)))]
async fn my_materials(
    State(state): State<AppState>,
    who: StaffAuth,
    Query(q): Query<MaterialQuery>,
) -> ApiResult<Json<Vec<api::MaterialView>>> {
    let today = today(&state, &who.brand).await?;
    let Some(f) = q.filter(Some(today.to_string())) else {
        return Ok(Json(Vec::new()));
    };
    let list = state
        .store
        .materials(&who.brand, &f, input::page(q.limit, q.offset))
        .await?;
    Ok(Json(
        list.into_iter()
            .map(|m| views::material(m, today))
            .collect(),
    ))
}

/// A material's image while it has not expired, public like the
/// rewards' images (materials are made to be published; the id is
/// unguessable), so the staff app and the admin show it in an `<img>`.
#[utoipa::path(get, path = "/api/v1/brands/{brand}/materials/{id}/image", tag = "public", security(()),
    params(("brand" = String, Path), ("id" = String, Path)),
    responses((status = 200, content_type = "image/*"), (status = 404, body = api::ErrorBody)))]
async fn material_image(
    State(state): State<AppState>,
    Path((brand, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let m = state.store.material(&brand, &id).await?;
    let today = today(&state, &brand).await?;
    let expires = m.expires_on.as_deref().and_then(rules::CivilDate::parse);
    if !rules::kos_content::material_visible(expires, today) {
        return Err(ApiError::not_found());
    }
    let upload = m.upload_id.ok_or_else(ApiError::not_found)?;
    let u = state.store.upload(&brand, &upload).await?;
    crate::uploads::serve(&state, &u).await
}

/// The pricing and activity policies in force today.
#[utoipa::path(get, path = "/api/v1/staff/policies", tag = "staff", security(("staff_session" = ["staff"])),
    responses((status = 200, body = Vec<api::PolicyView>)))]
async fn my_policies(
    State(state): State<AppState>,
    who: StaffAuth,
) -> ApiResult<Json<Vec<api::PolicyView>>> {
    let today = today(&state, &who.brand).await?.to_string();
    let list = state.store.policies(&who.brand, None, Some(&today)).await?;
    Ok(Json(list.into_iter().map(views::policy).collect()))
}

/// A staff member submits the link of a note they published (a
/// platform's share text will do), with the template it came from:
/// attributed to them, their store and the template's current version.
#[utoipa::path(post, path = "/api/v1/staff/notes", tag = "staff", security(("staff_session" = ["staff"])),
    request_body = api::KosNoteForm,
    responses((status = 201, body = api::KosNoteView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn submit_note(
    State(state): State<AppState>,
    who: StaffAuth,
    Json(form): Json<api::KosNoteForm>,
) -> ApiResult<(StatusCode, Json<api::KosNoteView>)> {
    let link = rules::parse_note_link(&form.link_text)?;
    let (template_id, material_id, account_id) = (
        id_of(&form.template_id)?,
        id_of(&form.material_id)?,
        id_of(&form.account_id)?,
    );
    let key = format!("staff:{}:{}", who.brand, who.staff_id);
    let link = super::expand_as(&state, &key, link).await?;
    let Some(note_key) = link.note_id else {
        return Err(ApiError::invalid(ErrorCode::LinkUnresolved));
    };
    let n = store::NewKosNote {
        id: store::new_id(),
        staff_id: who.staff_id.clone(),
        // A regional manager has no store: their notes count for the region only.
        store_id: who.store_id.clone().unwrap_or_default(),
        template_id,
        material_id,
        account_id,
        platform: link.platform.as_str().to_string(),
        note_key,
        canonical_url: link.canonical_url,
        original_url: link.original_url,
        submitted_at: state.clock.now(),
    };
    let note = state
        .store
        .submit_kos_note(&who.brand, &n)
        .await
        .map_err(|e| match e {
            store::StoreError::Conflict("note_already_submitted") => {
                ApiError::conflict(ErrorCode::NoteAlreadySubmitted)
            }
            e => store_error(e),
        })?;
    Ok((StatusCode::CREATED, Json(views::kos_note(note))))
}

/// The caller's notes, newest first: a staff member's own; a manager's
/// store's or region's.
#[utoipa::path(get, path = "/api/v1/staff/notes", tag = "staff", security(("staff_session" = ["staff"])), params(NoteQuery),
    responses((status = 200, body = Vec<api::MyKosNote>)))]
async fn my_notes(
    State(state): State<AppState>,
    who: StaffAuth,
    Query(q): Query<NoteQuery>,
) -> ApiResult<Json<Vec<api::MyKosNote>>> {
    let list = state
        .store
        .kos_notes(
            &who.brand,
            &who.scope(),
            &q.filter(),
            input::page(q.limit, q.offset),
        )
        .await?;
    Ok(Json(list.into_iter().map(views::my_kos_note).collect()))
}
