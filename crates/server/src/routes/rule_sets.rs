//! The brand's rule set (points, tiers, selection weights): read and save.
//! (Named `rule_sets`, not `rules`, so the `rules` crate keeps its name.)

use super::Json;
use super::views::rule_set_view;
use crate::AppState;
use crate::auth::{OperatorAuth, Perm};
use crate::error::{ApiError, ApiResult, ErrorCode};
use axum::extract::State;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(rule_set, save_rule_set))
}

/// The brand's rule set (points, tiers, classes, selection, discovery,
/// commissions): what campaigns published from now on freeze.
#[utoipa::path(get, path = "/api/v1/admin/rules", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = api::RuleSetView)))]
async fn rule_set(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<api::RuleSetView>> {
    let b = state.store.brand(&op.brand).await?;
    rule_set_view(&state, &op.brand, store::load_rules(&b.points_rule)?).await
}

/// Saves a new version of the brand's rule set, validated. Running and
/// settled campaigns keep the version they froze when they were published.
#[utoipa::path(put, path = "/api/v1/admin/rules", tag = "admin", security(("operator_session" = ["operate"])), request_body = api::RuleSetForm,
    responses((status = 200, body = api::RuleSetView), (status = 422, body = api::ErrorBody)))]
async fn save_rule_set(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::RuleSetForm>,
) -> ApiResult<Json<api::RuleSetView>> {
    op.require(Perm::Operate)?;
    form.rules.validate().map_err(|e| {
        tracing::info!(field = %e.field, code = e.code(), "rule set refused");
        ApiError::invalid(ErrorCode::from(&e))
    })?;
    let saved = state
        .store
        .save_rule_set(&op.brand, &form.rules, &op.operator_id, state.clock.now())
        .await?;
    rule_set_view(&state, &op.brand, saved).await
}
