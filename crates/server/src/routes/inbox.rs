//! A member's inbox: notifications and marking them read.

use super::{Json, views};
use crate::AppState;
use crate::auth::MemberAuth;
use crate::error::ApiResult;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox))
        .routes(routes!(read_inbox))
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
