//! Routes that need no session: health, brand info, the current theme,
//! and the note-link parser.

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
        .routes(routes!(parse_note_link))
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
    Ok(Json(api::BrandInfo {
        utc_offset_minutes: time::offset_minutes(&b.time_zone, state.clock.now()),
        id: b.id,
        name: b.name,
        time_zone: b.time_zone,
    }))
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
            Some(super::member::applicant(&state, &b.id, &m.member_id).await?),
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

/// Finds the note link in pasted text. The same code runs in the apps and
/// the CLI. For a signed-in member a short link is also expanded (only the
/// server fetches, fenced to the platform's own hosts); anonymous callers
/// get it back unexpanded, so the endpoint is no free fetcher.
#[utoipa::path(post, path = "/api/v1/note-links/parse", tag = "public", security(()),
    request_body = api::NoteLinkText,
    responses((status = 200, body = api::NoteLinkView), (status = 422, body = api::ErrorBody)))]
async fn parse_note_link(
    State(state): State<AppState>,
    member: MaybeMember,
    Json(input): Json<api::NoteLinkText>,
) -> ApiResult<Json<api::NoteLinkView>> {
    let link = rules::parse_note_link(&input.text)?;
    let link = if member.0.is_some() {
        super::expand(&state, link).await?
    } else {
        link
    };
    Ok(Json(views::note_link(link)))
}
