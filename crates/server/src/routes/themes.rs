//! Monthly themes as operators plan them (the public read of the current
//! theme is in `brands`).

use super::views::theme_view;
use super::{Json, input, views};
use crate::AppState;
use crate::auth::{OperatorAuth, Perm};
use crate::error::{ApiError, ApiResult, ErrorCode};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(themes, create_theme))
        .routes(routes!(update_theme))
}

/// Every theme of the brand, newest month first, with its campaigns.
#[utoipa::path(get, path = "/api/v1/admin/themes", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = Vec<api::ThemeView>)))]
async fn themes(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<Vec<api::ThemeView>>> {
    let mut out = Vec::new();
    for t in state.store.themes(&op.brand).await? {
        out.push(theme_view(&state, t).await?);
    }
    Ok(Json(out))
}

/// Changes a theme's title, description and artwork (an operator upload
/// of this brand, shown publicly with the theme).
#[utoipa::path(put, path = "/api/v1/admin/themes/{id}", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::ThemeUpdate,
    responses((status = 200, body = api::ThemeView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn update_theme(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::ThemeUpdate>,
) -> ApiResult<Json<api::ThemeView>> {
    op.require(Perm::Operate)?;
    let mut t = state.store.theme(&op.brand, &id).await?;
    t.title = input::text(&form.title, 60)?;
    t.description = input::optional_text(&form.description, 2000)?;
    t.artwork_id = match form
        .artwork_id
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(a) => match state.store.upload(&op.brand, a).await {
            // Artwork is an operator's upload: a member's screenshot never
            // becomes public this way.
            Ok(u) if u.owner_kind == "operator" => Some(u.id),
            Ok(_) | Err(store::StoreError::NotFound) => {
                return Err(ApiError::invalid(ErrorCode::ArtworkUnknown));
            }
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    state
        .store
        .update_theme(&t, &op.operator_id, state.clock.now())
        .await?;
    Ok(Json(theme_view(&state, t).await?))
}

#[utoipa::path(post, path = "/api/v1/admin/themes", tag = "admin", security(("operator_session" = ["operate"])), request_body = api::ThemeForm,
    responses((status = 201, body = api::ThemeView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn create_theme(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::ThemeForm>,
) -> ApiResult<(StatusCode, Json<api::ThemeView>)> {
    op.require(Perm::Operate)?;
    let month = rules::YearMonth::parse(form.month.trim())
        .ok_or_else(|| ApiError::invalid(ErrorCode::MonthMalformed))?;
    let theme = store::Theme {
        brand_id: op.brand.clone(),
        id: store::new_id(),
        month: month.to_string(),
        title: input::text(&form.title, 60)?,
        description: input::optional_text(&form.description, 2000)?,
        created_at: state.clock.now(),
        artwork_id: None,
    };
    state.store.create_theme(&theme, &op.operator_id).await?;
    Ok((StatusCode::CREATED, Json(views::theme(theme, Vec::new()))))
}
