//! The audit log, for owners: filtered by action, actor and target.

use super::{Json, input, views};
use crate::AppState;
use crate::auth::{OperatorAuth, Perm};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::time;
use axum::extract::{Query, State};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(audit_log))
}

/// A search filter: absent or blank is no filter; otherwise at most 64
/// bytes, each one `allowed` accepts (422 `filter_malformed`).
fn filter_value(v: Option<String>, allowed: fn(u8) -> bool) -> ApiResult<Option<String>> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) if v.len() <= 64 && v.bytes().all(allowed) => Ok(Some(v.to_string())),
        Some(_) => Err(ApiError::invalid(ErrorCode::FilterMalformed)),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct AuditQuery {
    /// An action (`application.approve`) or a prefix ending in `.` (`application.`).
    action: Option<String>,
    /// Only what this operator (or member) did.
    actor_id: Option<String>,
    /// Only what was done to this record.
    target_id: Option<String>,
    /// From this day on, `YYYY-MM-DD` in the brand's zone.
    from: Option<String>,
    /// Up to and including this day, `YYYY-MM-DD` in the brand's zone.
    to: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// The brand's audit log, newest first: every operator action and every
/// view of full personal data. Owners only.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", security(("operator_session" = ["audit"])), params(AuditQuery),
    responses((status = 200, body = Vec<api::AuditEntryView>), (status = 403, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn audit_log(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<AuditQuery>,
) -> ApiResult<Json<Vec<api::AuditEntryView>>> {
    op.require(Perm::Audit)?;
    let b = state.store.brand(&op.brand).await?;
    let day_start = |d: Option<String>, next: bool| -> ApiResult<Option<i64>> {
        match d.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(d) => {
                let day = input::date(d)?;
                let day = if next { day.add_days(1) } else { day };
                Ok(Some(time::start_of_day(&b.time_zone, day)))
            }
        }
    };
    let id_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    let filter = store::AuditFilter {
        action: filter_value(q.action, |b| {
            b.is_ascii_lowercase() || b == b'_' || b == b'.'
        })?,
        actor_id: filter_value(q.actor_id, id_byte)?,
        target_id: filter_value(q.target_id, id_byte)?,
        from: day_start(q.from, false)?,
        until: day_start(q.to, true)?,
    };
    let rows = state
        .store
        .audit_log(&op.brand, &filter, input::page(q.limit, q.offset))
        .await?;
    let mut emails: std::collections::HashMap<String, Option<String>> = Default::default();
    let mut out = Vec::with_capacity(rows.len());
    for e in rows {
        let email = if e.actor_kind == "operator" {
            if !emails.contains_key(&e.actor_id) {
                let email = match state.store.operator(&op.brand, &e.actor_id).await {
                    Ok(o) => Some(o.email),
                    Err(store::StoreError::NotFound) => None,
                    Err(err) => return Err(err.into()),
                };
                emails.insert(e.actor_id.clone(), email);
            }
            emails[&e.actor_id].clone()
        } else {
            None
        };
        out.push(views::audit_entry(e, email)?);
    }
    Ok(Json(out))
}
