//! Upload routes (the handlers live in `crate::uploads`, next to the
//! file checks), and the check that a member names only their own uploads.

use crate::AppState;
use crate::auth::MemberAuth;
use crate::error::{ApiError, ApiResult, ErrorCode};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(crate::uploads::member_upload))
        .routes(routes!(crate::uploads::member_file))
        .routes(routes!(crate::uploads::operator_upload))
        .routes(routes!(crate::uploads::operator_file))
}

/// The member's own uploads among `ids` (at most 5), or `screenshot_unknown`.
pub(super) async fn own_uploads(
    state: &AppState,
    who: &MemberAuth,
    ids: &[String],
) -> ApiResult<Vec<String>> {
    if ids.len() > 5 {
        return Err(ApiError::invalid(ErrorCode::FieldTooLong));
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
                return Err(ApiError::invalid(ErrorCode::ScreenshotUnknown));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(out)
}
