//! Recruitment: recruitments with one invitation link (and QR code) per
//! channel, the channel report, and candidate lists imported from a
//! customer file and invited in bulk.

use super::input::row_error;
use super::views::{recruitment_view, stats_view};
use super::{Json, input, views};
use crate::AppState;
use crate::auth::{OperatorAuth, Perm};
use crate::csvin::{self, RowFault};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::messages;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(recruitments, create_recruitment))
        .routes(routes!(set_recruitment_status))
        .routes(routes!(invite_qr))
        .routes(routes!(channel_report))
        .routes(routes!(candidates))
        .routes(routes!(delete_candidate))
        .routes(routes!(import_candidates))
        .routes(routes!(invite_candidates))
}

/// The origin invitation links and QR codes use: the brand's own public
/// address (its settings), else the server's, else the one the operator's
/// request came to.
pub(super) async fn origin(
    state: &AppState,
    brand: &str,
    headers: &HeaderMap,
) -> ApiResult<String> {
    let b = state.store.brand(brand).await?;
    Ok(origin_of(state, &b, headers))
}

/// [`origin`] for a brand already loaded.
pub(super) fn origin_of(state: &AppState, brand: &store::Brand, headers: &HeaderMap) -> String {
    if let Some(u) = brand
        .public_url
        .as_ref()
        .or(state.config.public_url.as_ref())
    {
        return u.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

pub(super) fn link_url(origin: &str, brand: &str, code: &str) -> String {
    format!("{origin}/b/{brand}/apply?i={code}")
}

/// The QR code of `text` as an SVG document.
pub(super) fn qr_svg(text: &str) -> ApiResult<String> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|_| ApiError::invalid(ErrorCode::Link(rules::LinkError::TooLong)))?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

/// A fresh invitation code: 10 characters of a 31-letter alphabet without
/// look-alikes (about 49 bits), easy to read out at a till.
fn invite_code() -> String {
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// The brand's recruitments, newest first, each with its links and its
/// channel report.
#[utoipa::path(get, path = "/api/v1/admin/recruitments", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = Vec<api::RecruitmentView>)))]
async fn recruitments(
    State(state): State<AppState>,
    op: OperatorAuth,
    headers: HeaderMap,
) -> ApiResult<Json<Vec<api::RecruitmentView>>> {
    let origin = origin(&state, &op.brand, &headers).await?;
    let mut out = Vec::new();
    for r in state.store.recruitments(&op.brand).await? {
        out.push(recruitment_view(&state, &origin, r).await?);
    }
    Ok(Json(out))
}

/// Starts a recruitment with an invitation link (and QR code) for each
/// channel chosen.
#[utoipa::path(post, path = "/api/v1/admin/recruitments", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::RecruitmentForm,
    responses((status = 201, body = api::RecruitmentView), (status = 422, body = api::ErrorBody)))]
async fn create_recruitment(
    State(state): State<AppState>,
    op: OperatorAuth,
    headers: HeaderMap,
    Json(form): Json<api::RecruitmentForm>,
) -> ApiResult<(StatusCode, Json<api::RecruitmentView>)> {
    op.require(Perm::Operate)?;
    let title = input::text(&form.title, 80)?;
    let purpose: rules::RecruitmentPurpose = form
        .purpose
        .trim()
        .parse()
        .map_err(|_| ApiError::invalid(ErrorCode::PurposeUnknown))?;
    let kind: rules::RecruitmentKind = form
        .kind
        .trim()
        .parse()
        .map_err(|_| ApiError::invalid(ErrorCode::RecruitmentKindUnknown))?;
    let mut links: Vec<(String, String)> = Vec::new();
    for c in &form.channels {
        let c = c.trim();
        if !c.parse().is_ok_and(|w| rules::Channel::LINKED.contains(&w)) {
            return Err(ApiError::invalid(ErrorCode::ChannelUnknown));
        }
        if !links.iter().any(|l| l.0 == c) {
            links.push((c.to_string(), invite_code()));
        }
    }
    if links.is_empty() {
        return Err(ApiError::invalid(ErrorCode::FieldRequired));
    }
    let r = store::Recruitment {
        brand_id: op.brand.clone(),
        id: store::new_id(),
        title,
        purpose,
        kind,
        status: rules::RecruitmentStatus::Open,
        created_at: state.clock.now(),
        created_by: op.operator_id.clone(),
    };
    state.store.create_recruitment(&r, &links).await?;
    let origin = origin(&state, &op.brand, &headers).await?;
    Ok((
        StatusCode::CREATED,
        Json(recruitment_view(&state, &origin, r).await?),
    ))
}

/// Opens or closes a recruitment. Links of a closed one still open the
/// application form (a printed QR code outlives a campaign) but record no
/// recruitment.
#[utoipa::path(post, path = "/api/v1/admin/recruitments/{id}/status", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::StatusForm,
    responses((status = 200, body = api::RecruitmentView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn set_recruitment_status(
    State(state): State<AppState>,
    op: OperatorAuth,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(form): Json<api::StatusForm>,
) -> ApiResult<Json<api::RecruitmentView>> {
    op.require(Perm::Operate)?;
    let status = form.status.trim();
    if !matches!(status, "open" | "closed") {
        return Err(ApiError::invalid(ErrorCode::StatusUnknown));
    }
    let r = state
        .store
        .set_recruitment_status(&op.brand, &id, status, &op.operator_id, state.clock.now())
        .await?;
    let origin = origin(&state, &op.brand, &headers).await?;
    Ok(Json(recruitment_view(&state, &origin, r).await?))
}

/// The QR code of an invitation link (SVG), to print or show on a screen.
#[utoipa::path(get, path = "/api/v1/admin/invites/{id}/qr.svg", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path, description = "Invitation code")),
    responses((status = 200, content_type = "image/svg+xml"), (status = 404, body = api::ErrorBody)))]
async fn invite_qr(
    State(state): State<AppState>,
    op: OperatorAuth,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> ApiResult<impl IntoResponse> {
    let invite = state.store.invite(&op.brand, &code).await?;
    let svg = qr_svg(&link_url(
        &origin(&state, &op.brand, &headers).await?,
        &op.brand,
        &invite.code,
    ))?;
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg))
}

/// Applications, approvals and applicants with a first note, per channel,
/// over the whole brand.
#[utoipa::path(get, path = "/api/v1/admin/channels", tag = "admin", security(("operator_session" = ["read"])),
    responses((status = 200, body = Vec<api::ChannelStatsView>)))]
async fn channel_report(
    State(state): State<AppState>,
    op: OperatorAuth,
) -> ApiResult<Json<Vec<api::ChannelStatsView>>> {
    Ok(Json(
        state
            .store
            .channel_report(&op.brand, None)
            .await?
            .into_iter()
            .map(stats_view)
            .collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct CandidateQuery {
    /// Leave out those already invited.
    uninvited: Option<bool>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// Imported customers, highest discovery score first.
#[utoipa::path(get, path = "/api/v1/admin/candidates", tag = "admin", security(("operator_session" = ["read"])), params(CandidateQuery),
    responses((status = 200, body = Vec<api::CandidateView>)))]
async fn candidates(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<CandidateQuery>,
) -> ApiResult<Json<Vec<api::CandidateView>>> {
    let rows = state
        .store
        .candidates(
            &op.brand,
            q.uninvited.unwrap_or(false),
            input::page(q.limit, q.offset),
        )
        .await?;
    Ok(Json(rows.into_iter().map(views::candidate).collect()))
}

/// Deletes an imported customer (their phone and purchase figures), when
/// they ask or the brand no longer may keep them; an invitation made for
/// them stays as a link for nobody in particular. Owners only; audited.
#[utoipa::path(delete, path = "/api/v1/admin/candidates/{id}", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
async fn delete_candidate(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    op.require(Perm::Manage)?;
    state
        .store
        .delete_candidate(&op.brand, &id, &op.operator_id, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Imports a customer list (CSV as Excel saves it: UTF-8 with or without
/// BOM, or GB18030; Chinese or English headers) and scores every customer
/// with the brand's discovery rules. Good rows are saved in one
/// transaction (a customer already imported is updated); bad rows come
/// back with their line and reason. The same file twice changes nothing.
#[utoipa::path(post, path = "/api/v1/admin/candidates/import", tag = "admin", security(("operator_session" = ["operate"])),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = api::CandidateImportResult), (status = 422, body = api::ErrorBody)))]
async fn import_candidates(
    State(state): State<AppState>,
    op: OperatorAuth,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<Json<api::CandidateImportResult>> {
    op.require(Perm::Operate)?;
    let zh = messages::prefers_chinese_in(&headers);
    let sheet = csvin::sheet(&csvin::decode(&body)?)?;
    let col = |names: &[&str]| sheet.column(names);
    let (Some(id), Some(phone), Some(amount), Some(orders), Some(since), Some(active)) = (
        col(&[
            "id",
            "customer id",
            "客户id",
            "会员id",
            "客户编号",
            "会员编号",
            "编号",
        ]),
        col(&["phone", "mobile", "手机", "手机号", "手机号码", "电话"]),
        col(&[
            "amount",
            "spend",
            "消费金额",
            "累计消费",
            "累计消费金额",
            "金额",
        ]),
        col(&[
            "orders",
            "order count",
            "订单数",
            "购买次数",
            "下单次数",
            "订单量",
        ]),
        col(&[
            "member since",
            "joined",
            "入会日期",
            "注册日期",
            "入会时间",
            "注册时间",
        ]),
        col(&[
            "last active",
            "最近活跃",
            "最后活跃",
            "最近购买",
            "最近活跃日期",
            "最后购买日期",
        ]),
    ) else {
        return Err(ApiError::invalid(ErrorCode::ColumnsMissing));
    };
    let b = state.store.brand(&op.brand).await?;
    let set = store::load_rules(&b.points_rule)?;
    let today = crate::time::local_date(&b.time_zone, state.clock.now());
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (line, cells) in &sheet.rows {
        let c = |i| csvin::cell(cells, i);
        let parsed = (|| {
            let external = c(id);
            if external.is_empty() || external.chars().count() > 64 {
                return Err(RowFault(ErrorCode::CustomerIdInvalid));
            }
            let phone =
                rules::Phone::parse(c(phone)).map_err(|_| RowFault(ErrorCode::PhoneMalformed))?;
            let amount = csvin::cents(c(amount)).ok_or(RowFault(ErrorCode::AmountInvalid))?;
            let orders = csvin::count(c(orders)).ok_or(RowFault(ErrorCode::OrdersInvalid))?;
            let since = csvin::date(c(since)).ok_or(RowFault(ErrorCode::DateInvalid))?;
            let active = csvin::date(c(active)).ok_or(RowFault(ErrorCode::DateInvalid))?;
            if since > today || active > today || active < since {
                return Err(RowFault(ErrorCode::DatesOutOfOrder));
            }
            Ok((external.to_string(), phone, amount, orders, since, active))
        })();
        match parsed {
            Ok((external, phone, amount_cents, orders, since, active)) => {
                let s = set.discovery.score(
                    &rules::Customer {
                        id: external.clone(),
                        amount_cents,
                        orders,
                        member_since: since,
                        last_active: active,
                    },
                    today,
                );
                rows.push(store::Candidate {
                    brand_id: op.brand.clone(),
                    id: store::new_id(),
                    external_id: external,
                    phone: phone.as_str().into(),
                    amount_cents,
                    orders,
                    member_since: since.to_string(),
                    last_active: active.to_string(),
                    score: s.score,
                    parts: serde_json::to_string(&s.parts).unwrap_or_else(|_| "[]".into()),
                    invite_code: None,
                    invited_at: None,
                    imported_at: state.clock.now(),
                });
            }
            Err(fault) => errors.push(row_error(*line, fault, zh)),
        }
    }
    let (added, updated) = if rows.is_empty() {
        (0, 0)
    } else {
        state
            .store
            .import_candidates(&op.brand, &rows, &op.operator_id, state.clock.now())
            .await?
    };
    Ok(Json(api::CandidateImportResult {
        added: added as i64,
        updated: updated as i64,
        errors,
    }))
}

/// Invites the chosen candidates: each gets a personal invitation link of
/// the recruitment (channel `member_pool`), shown in the candidate list
/// for the operator to send by SMS or WeChat.
#[utoipa::path(post, path = "/api/v1/admin/candidates/invite", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::CandidateInvite,
    responses((status = 200, body = api::BulkResult), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn invite_candidates(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::CandidateInvite>,
) -> ApiResult<Json<api::BulkResult>> {
    op.require(Perm::Operate)?;
    if form.ids.is_empty() || form.ids.len() > 500 {
        return Err(ApiError::invalid(ErrorCode::IdsCount));
    }
    let r = state
        .store
        .recruitment(&op.brand, form.recruitment_id.trim())
        .await?;
    if r.status != "open" {
        return Err(ApiError::conflict(ErrorCode::RecruitmentClosed));
    }
    let mut codes: Vec<(String, String)> = Vec::new();
    for id in &form.ids {
        let id = id.trim();
        if !id.is_empty() && !codes.iter().any(|c| c.0 == id) {
            codes.push((id.to_string(), invite_code()));
        }
    }
    let invited = state
        .store
        .invite_candidates(&op.brand, &r.id, &codes, &op.operator_id, state.clock.now())
        .await?;
    let skipped = codes
        .into_iter()
        .map(|c| c.0)
        .filter(|i| !invited.contains(i))
        .collect();
    Ok(Json(api::BulkResult {
        decided: invited,
        skipped,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitation_codes_are_readable_and_distinct() {
        let a = invite_code();
        assert_eq!(a.len(), 10);
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        assert!(!a.contains(['0', 'o', '1', 'l', 'i']));
        assert_ne!(a, invite_code());
    }

    #[test]
    fn qr_codes_are_svg_documents() {
        let svg = qr_svg("https://koc.brand.cn/b/demo/apply?i=abcd234567").unwrap();
        assert!(svg.starts_with("<?xml") && svg.contains("<svg"), "{svg}");
        assert!(svg.contains("<path"));
    }
}
