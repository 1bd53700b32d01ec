//! Public reads that need no session: health, a brand's name and look,
//! its current theme with campaigns, and the theme's artwork.

use super::{Json, views};
use crate::AppState;
use crate::auth::MaybeMember;
use crate::error::{ApiError, ApiResult};
use crate::time;
use axum::extract::{Path, State};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(brand))
        .routes(routes!(current_theme))
        .routes(routes!(theme_artwork))
}

#[utoipa::path(get, path = "/api/v1/health", tag = "public", security(()),
    responses((status = 200, body = api::Health)))]
async fn health(State(state): State<AppState>) -> Json<api::Health> {
    Json(api::Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        database: state.store.kind().as_str().into(),
    })
}

#[utoipa::path(get, path = "/api/v1/brands/{brand}", tag = "public", security(()),
    params(("brand" = String, Path, description = "Brand id, e.g. `demo`")),
    responses((status = 200, body = api::BrandInfo), (status = 404, body = api::ErrorBody)))]
async fn brand(
    State(state): State<AppState>,
    Path(brand): Path<String>,
) -> ApiResult<Json<api::BrandInfo>> {
    let b = state.store.brand(&brand).await?;
    Ok(Json(super::brand_settings::info(&state, b)))
}

/// This month's theme (in the brand's zone) and its campaigns. With a
/// member session of the brand, `signed_up` tells the member's sign-ups.
#[utoipa::path(get, path = "/api/v1/brands/{brand}/themes/current", tag = "public", security(()),
    params(("brand" = String, Path)),
    responses((status = 200, body = api::ThemeView), (status = 404, body = api::ErrorBody)))]
async fn current_theme(
    State(state): State<AppState>,
    Path(brand): Path<String>,
    MaybeMember(member): MaybeMember,
) -> ApiResult<Json<api::ThemeView>> {
    let b = state.store.brand(&brand).await?;
    let month = time::local_month(&b.time_zone, state.clock.now());
    let theme = state
        .store
        .theme_by_month(&b.id, &month.to_string())
        .await?;
    let member = member.filter(|m| m.brand == b.id);
    let today = time::local_date(&b.time_zone, state.clock.now());
    let (mine, who) = match &member {
        Some(m) => (
            state
                .store
                .member_signups_in_theme(&b.id, &theme.id, &m.member_id)
                .await?,
            Some(super::selection::applicant(&state, &b.id, &m.member_id).await?),
        ),
        None => (Vec::new(), None),
    };
    let campaigns = state
        .store
        .campaigns(&b.id, &theme.id)
        .await?
        .into_iter()
        .filter(|c| c.status != "draft")
        .map(|c| {
            let signup = mine.iter().find(|s| s.campaign_id == c.id);
            let blocked =
                who.and_then(|w| rules::signup::block(&views::signup_window(&c), w, today));
            views::campaign(c, signup, blocked)
        })
        .collect();
    Ok(Json(views::theme(theme, campaigns)))
}

/// A theme's artwork, public like the theme.
#[utoipa::path(get, path = "/api/v1/brands/{brand}/themes/{id}/artwork", tag = "public", security(()),
    params(("brand" = String, Path), ("id" = String, Path)),
    responses((status = 200, content_type = "image/*"), (status = 404, body = api::ErrorBody)))]
async fn theme_artwork(
    State(state): State<AppState>,
    Path((brand, id)): Path<(String, String)>,
) -> ApiResult<axum::response::Response> {
    let t = state.store.theme(&brand, &id).await?;
    let artwork = t.artwork_id.ok_or_else(ApiError::not_found)?;
    let u = state.store.upload(&brand, &artwork).await?;
    crate::uploads::serve(&state, &u).await
}
