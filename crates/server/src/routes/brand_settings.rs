//! A brand's own settings: the owners' page (display name, logo, accent
//! colour, time zone, default language, contact line, the public address
//! its links and QR codes use) and the public face every visitor's app
//! reads (`GET /api/v1/brands/{brand}` answers with it, the logo is served
//! publicly like a theme's artwork, the accent colour also as a one-line
//! style sheet the consumer app links).
//!
//! Every field is parsed at the edge: the colour by `rules::Accent`, the
//! zone by chrono-tz (`time::valid_zone`), the language as a
//! `rules::Language`, the address by `web::public_url`, texts by
//! `rules::brand`. The store writes the row and its audit line in one
//! transaction and checks the logo is an operator upload of the brand.

use super::Json;
use crate::AppState;
use crate::auth::{OperatorAuth, Perm};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::time;
use axum::extract::{Path, State};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(settings, save_settings))
        .routes(routes!(logo))
        .routes(routes!(look))
}

/// Where the brand's logo is served from; the upload id in the query makes
/// a new logo a new address, so a cached old one is never shown.
fn logo_url(b: &store::Brand) -> Option<String> {
    b.logo_id
        .as_ref()
        .map(|id| format!("/api/v1/brands/{}/logo?v={id}", b.id))
}

fn language(b: &store::Brand) -> rules::Language {
    b.default_lang.parse().unwrap_or(rules::Language::ZhCn)
}

/// The brand's public face (`GET /api/v1/brands/{brand}`).
pub(super) fn info(state: &AppState, b: store::Brand) -> api::BrandInfo {
    api::BrandInfo {
        utc_offset_minutes: time::offset_minutes(&b.time_zone, state.clock.now()),
        logo_url: logo_url(&b),
        // The colour in the query: a new colour is a new address.
        style_url: b.accent.as_ref().map(|a| {
            format!(
                "/api/v1/brands/{}/look.css?v={}",
                b.id,
                a.trim_start_matches('#')
            )
        }),
        default_lang: language(&b),
        accent: b.accent,
        contact: b.contact,
        id: b.id,
        name: b.name,
        time_zone: b.time_zone,
    }
}

fn view(state: &AppState, b: store::Brand) -> api::BrandSettingsView {
    api::BrandSettingsView {
        logo_url: logo_url(&b),
        default_lang: language(&b),
        effective_public_url: b
            .public_url
            .clone()
            .or_else(|| state.config.public_url.clone()),
        id: b.id,
        name: b.name,
        time_zone: b.time_zone,
        logo_id: b.logo_id,
        accent: b.accent,
        contact: b.contact,
        public_url: b.public_url,
    }
}

fn text_error(e: rules::brand::TextError, empty: ErrorCode) -> ApiError {
    ApiError::invalid(match e {
        rules::brand::TextError::Empty => empty,
        rules::brand::TextError::TooLong => ErrorCode::FieldTooLong,
        rules::brand::TextError::ControlCharacters => ErrorCode::ControlCharacters,
    })
}

/// The form, parsed into settings the store can keep.
fn parse(form: &api::BrandSettingsForm) -> ApiResult<store::BrandSettings> {
    let name = rules::brand::brand_name(&form.name)
        .map_err(|e| text_error(e, ErrorCode::BrandNameInvalid))?;
    let contact = rules::brand::contact_line(&form.contact)
        .map_err(|e| text_error(e, ErrorCode::FieldRequired))?;
    let zone = form.time_zone.trim();
    if zone.len() > 64 || !time::valid_zone(zone) {
        return Err(ApiError::invalid(ErrorCode::TimeZoneUnknown));
    }
    let default_lang = form
        .default_lang
        .trim()
        .parse::<rules::Language>()
        .map_err(|_| ApiError::invalid(ErrorCode::LanguageUnknown))?;
    let accent = match super::input::trimmed(&form.accent) {
        Some(a) => Some(
            rules::Accent::parse(a)
                .ok_or_else(|| ApiError::invalid(ErrorCode::AccentInvalid))?
                .as_str()
                .to_string(),
        ),
        None => None,
    };
    let public_url = match super::input::trimmed(&form.public_url) {
        Some(u) if u.len() <= 200 => Some(
            crate::web::public_url(u)
                .map_err(|_| ApiError::invalid(ErrorCode::PublicUrlInvalid))?,
        ),
        Some(_) => return Err(ApiError::invalid(ErrorCode::PublicUrlInvalid)),
        None => None,
    };
    let logo_id = match super::input::trimmed(&form.logo_id) {
        Some(id) if rules::is_brand_id(id) => Some(id.to_string()),
        Some(_) => return Err(ApiError::invalid(ErrorCode::LogoUnknown)),
        None => None,
    };
    Ok(store::BrandSettings {
        name,
        time_zone: zone.to_string(),
        logo_id,
        accent,
        default_lang,
        contact,
        public_url,
    })
}

/// The brand's settings (owners).
#[utoipa::path(get, path = "/api/v1/admin/brand", tag = "admin", security(("operator_session" = ["manage"])),
    responses((status = 200, body = api::BrandSettingsView), (status = 403, body = api::ErrorBody)))]
async fn settings(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<api::BrandSettingsView>> {
    op.require(Perm::Manage)?;
    let b = state.store.brand(&op.brand).await?;
    Ok(Json(view(&state, b)))
}

/// Saves the brand's settings (owners); audited with what changed.
#[utoipa::path(put, path = "/api/v1/admin/brand", tag = "admin", security(("operator_session" = ["manage"])),
    request_body = api::BrandSettingsForm,
    responses((status = 200, body = api::BrandSettingsView), (status = 403, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn save_settings(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::BrandSettingsForm>,
) -> ApiResult<Json<api::BrandSettingsView>> {
    op.require(Perm::Manage)?;
    let settings = parse(&form)?;
    let b = state
        .store
        .save_brand_settings(&op.brand, &settings, &op.operator_id, state.clock.now())
        .await
        .map_err(|e| match e {
            store::StoreError::Conflict("logo_unknown") => {
                ApiError::invalid(ErrorCode::LogoUnknown)
            }
            e => e.into(),
        })?;
    Ok(Json(view(&state, b)))
}

/// The brand's logo, public like its name.
#[utoipa::path(get, path = "/api/v1/brands/{brand}/logo", tag = "public", security(()),
    params(("brand" = String, Path)),
    responses((status = 200, content_type = "image/*"), (status = 404, body = api::ErrorBody)))]
async fn logo(
    State(state): State<AppState>,
    Path(brand): Path<String>,
) -> ApiResult<axum::response::Response> {
    let b = state.store.brand(&brand).await?;
    let id = b.logo_id.ok_or_else(ApiError::not_found)?;
    let u = state.store.upload(&b.id, &id).await?;
    crate::uploads::serve(&state, &u).await
}

/// The brand's accent colour as a style sheet, `:root{--accent:#rrggbb}`:
/// the consumer app links it (`BrandInfo::style_url`) when the brand has a colour, so every button
/// and link takes it with no code in the app (a stylesheet from this
/// origin is what the strict CSP allows; a `style` attribute is not). The
/// app's link carries the colour in its query, so a new colour is a new
/// address and the old one may be cached.
#[utoipa::path(get, path = "/api/v1/brands/{brand}/look.css", tag = "public", security(()),
    params(("brand" = String, Path)),
    responses((status = 200, content_type = "text/css"), (status = 404, body = api::ErrorBody)))]
async fn look(
    State(state): State<AppState>,
    Path(brand): Path<String>,
) -> ApiResult<axum::response::Response> {
    use axum::http::header;
    use axum::response::IntoResponse;
    let b = state.store.brand(&brand).await?;
    // Stored only after `rules::Accent` accepted it: `#` and six hex digits.
    let css = match b.accent {
        Some(a) => format!(":root{{--accent:{a}}}\n"),
        None => String::new(),
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        css,
    )
        .into_response())
}
