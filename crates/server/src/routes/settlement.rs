//! Settlement: its preview (the statements it would write), the commit,
//! the settlement record, and a member's points ledger.

use super::{Json, views};
use crate::AppState;
use crate::auth::{MemberAuth, OperatorAuth, Perm};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::time;
use axum::extract::{Path, State};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(settlement_preview))
        .routes(routes!(settle, settlement))
        .routes(routes!(my_ledger))
}

/// Settlement before the commit (each approved note's points from its
/// latest snapshot on or before the settlement date, under the campaign's
/// frozen rule set) or after it (what was credited): one statement per
/// member. The commit (`POST …/settlement`) computes the same figures in
/// its transaction.
#[utoipa::path(get, path = "/api/v1/admin/campaigns/{id}/statements", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::SettlementPreview), (status = 404, body = api::ErrorBody)))]
async fn settlement_preview(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::SettlementPreview>> {
    let campaign = state.store.campaign(&op.brand, &id).await?;
    let settled = campaign.status == "settled";
    let notes = state.store.settlement_notes(&op.brand, &id).await?;
    let pending = state.store.pending_in_campaign(&op.brand, &id).await?;
    // The figures come from `rules::settlement`, as the commit's do.
    let inputs = notes
        .iter()
        .map(|n| {
            Ok(rules::settlement::Note {
                id: n.submission_id.clone(),
                member_id: n.member_id.clone(),
                platform: rules::Platform::parse(&n.platform).ok_or_else(ApiError::internal)?,
                metrics: rules::Metrics {
                    likes: n.likes.unwrap_or(0),
                    comments: n.comments.unwrap_or(0),
                    saves: n.saves.unwrap_or(0),
                },
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let figures =
        rules::settlement::statements(&campaign.rules, campaign.multiplier_percent, &inputs);
    let stored: std::collections::HashMap<&str, &store::SettlementNote> = notes
        .iter()
        .map(|n| (n.submission_id.as_str(), n))
        .collect();
    let mut total = 0;
    let mut statements: Vec<api::MemberStatement> = Vec::new();
    for s in figures.statements {
        let mut lines = Vec::with_capacity(s.notes.len());
        for r in s.notes {
            let n = stored[r.id.as_str()];
            // After the commit, what was credited is the record.
            let (points, interactions) = match (settled, n.settled_points, n.settled_interactions) {
                (true, Some(p), Some(i)) => (p, i),
                _ => (r.points(), r.interactions()),
            };
            lines.push(api::StatementLine {
                submission_id: r.id,
                platform: n.platform.clone(),
                note_id: n.note_id.clone(),
                interactions,
                points,
                lines: r.breakdown.lines,
            });
        }
        let member_total = lines.iter().map(|l| l.points).sum();
        total += member_total;
        statements.push(api::MemberStatement {
            member_name: stored[lines[0].submission_id.as_str()].member_name.clone(),
            member_id: s.member_id,
            total: member_total,
            notes: lines,
        });
    }
    statements.sort_by(|a, b| b.total.cmp(&a.total).then(a.member_id.cmp(&b.member_id)));
    Ok(Json(api::SettlementPreview {
        campaign_id: campaign.id,
        settled,
        rule_version: i64::from(campaign.rules.version),
        settlement_date: campaign.settlement_date,
        pending,
        notes: notes.len() as i64,
        points_total: total,
        statements,
    }))
}

/// Settles the campaign: credits every approved note's points to the
/// ledger. Allowed from the settlement date on, once no submission waits
/// for review. Settling again answers the first settlement, crediting nothing.
#[utoipa::path(post, path = "/api/v1/admin/campaigns/{id}/settlement", tag = "admin", security(("operator_session" = ["operate"])), params(("id" = String, Path)),
    responses((status = 200, body = api::SettlementView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn settle(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::SettlementView>> {
    op.require(Perm::Operate)?;
    let campaign = state.store.campaign(&op.brand, &id).await?;
    let b = state.store.brand(&op.brand).await?;
    let today = time::local_date(&b.time_zone, state.clock.now()).to_string();
    if today < campaign.settlement_date {
        return Err(ApiError::conflict(ErrorCode::SettlementNotDue));
    }
    let s = state
        .store
        .settle_campaign(
            &op.brand,
            &id,
            &op.operator_id,
            state.clock.now(),
            time::offset_minutes(&b.time_zone, state.clock.now()),
        )
        .await?;
    Ok(Json(views::settlement(s)))
}

#[utoipa::path(get, path = "/api/v1/admin/campaigns/{id}/settlement", tag = "admin", security(("operator_session" = ["read"])), params(("id" = String, Path)),
    responses((status = 200, body = api::SettlementView), (status = 404, body = api::ErrorBody)))]
async fn settlement(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::SettlementView>> {
    Ok(Json(views::settlement(
        state.store.settlement(&op.brand, &id).await?,
    )))
}

/// The member's points: balance (the sum of all entries) and the entries.
#[utoipa::path(get, path = "/api/v1/me/ledger", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = api::LedgerView)))]
async fn my_ledger(
    State(state): State<AppState>,
    who: MemberAuth,
) -> ApiResult<Json<api::LedgerView>> {
    let entries = state
        .store
        .ledger(
            &who.brand,
            &who.member_id,
            store::Page {
                limit: 200,
                offset: 0,
            },
        )
        .await?;
    Ok(Json(api::LedgerView {
        balance: state.store.balance(&who.brand, &who.member_id).await?,
        entries: entries.into_iter().map(views::ledger_entry).collect(),
    }))
}
