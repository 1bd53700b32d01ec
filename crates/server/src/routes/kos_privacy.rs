//! A KOS staff member's data rights (issue 17): their own data download in
//! the staff app, and an owner's erasure of a departed staff member's
//! personal data (`store::KosPrivacyStore`).

use super::Json;
use super::staff_session::staff_me_of;
use crate::AppState;
use crate::auth::{OperatorAuth, Perm, StaffAuth};
use crate::error::{ApiError, ApiResult, ErrorCode};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(staff_my_data))
        .routes(routes!(erase_staff))
}

/// Everything the organisation holds about the signed-in staff member, as
/// JSON to keep.
#[utoipa::path(get, path = "/api/v1/staff/me/data", tag = "staff", security(("staff_session" = ["staff"])),
    responses((status = 200, body = api::StaffMyData), (status = 401, body = api::ErrorBody)))]
async fn staff_my_data(
    State(state): State<AppState>,
    who: StaffAuth,
) -> ApiResult<(
    [(axum::http::HeaderName, &'static str); 1],
    Json<api::StaffMyData>,
)> {
    let data = state.store.staff_data(&who.brand, &who.staff_id).await?;
    let me = staff_me_of(&state, &who.brand, &who.staff_id).await?;
    Ok((
        [(
            axum::http::header::CONTENT_DISPOSITION,
            "attachment; filename=\"seedbed-staff-data.json\"",
        )],
        Json(api::StaffMyData {
            me,
            phone: data.staff.phone,
            employee_no: data.staff.employee_no,
            joined_on: data.staff.joined_on,
            left_on: data.staff.left_on,
            moves: data
                .moves
                .into_iter()
                .map(|m| api::StaffMoveView {
                    kind: m.kind,
                    from_store_id: m.from_store_id,
                    to_store_id: m.to_store_id,
                    on_date: m.on_date,
                })
                .collect(),
        }),
    ))
}

/// Erases a departed staff member's personal data (name, phone, employee
/// number, password, log-in codes and texts); the organisation's records
/// stay, naming an anonymous person. Owners only; 409
/// `staff_still_working` for someone who has not left.
#[utoipa::path(delete, path = "/api/v1/admin/kos/staff/{id}/personal-data", tag = "admin",
    security(("operator_session" = ["manage"])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn erase_staff(
    State(state): State<AppState>,
    who: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    who.require(Perm::Manage)?;
    let today = super::brand_today(&state, &who.brand).await?.to_string();
    match state
        .store
        .erase_staff(&who.brand, &id, &today, &who.operator_id, state.clock.now())
        .await
    {
        Ok(uploads) => {
            crate::uploads::remove_files(&state, &who.brand, &uploads).await;
            Ok(StatusCode::NO_CONTENT)
        }
        Err(store::StoreError::Conflict("staff_still_working")) => Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::StaffStillWorking,
        )),
        Err(e) => Err(e.into()),
    }
}
