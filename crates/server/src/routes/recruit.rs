//! Recruitment and the application review queue: recruitments with an
//! invitation link and QR code per channel and a channel report,
//! candidates imported from a customer list and invited, and the queue's
//! filters, duplicate warnings, bulk decisions and "more information".

use super::{Json, views};
use crate::AppState;
use crate::auth::{OperatorAuth, Perm};
use crate::csvin::{self, RowFault};
use crate::error::{ApiError, ApiResult};
use crate::messages;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(applications))
        .routes(routes!(decide_many))
        .routes(routes!(request_information))
        .routes(routes!(recruitments, create_recruitment))
        .routes(routes!(set_recruitment_status))
        .routes(routes!(invite_qr))
        .routes(routes!(channel_report))
        .routes(routes!(candidates))
        .routes(routes!(import_candidates))
        .routes(routes!(invite_candidates))
}

pub const CHANNELS: [&str; 5] = ["wechat", "member_pool", "partner", "in_store", "one_to_one"];
const PURPOSES: [&str; 4] = ["trial", "feedback", "seeding", "distribution"];

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct QueueQuery {
    /// `pending`, `more_info`, `approved` or `rejected`.
    status: Option<String>,
    /// `direct` or an invitation channel.
    channel: Option<String>,
    /// Part of the applicant's name or city.
    q: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// The application review queue, oldest first, with each applicant's
/// duplicate count (other applications sharing the contact or a social
/// account).
#[utoipa::path(get, path = "/api/v1/admin/applications", tag = "admin", security(("operator_session" = ["read"])), params(QueueQuery),
    responses((status = 200, body = Vec<api::ApplicationView>)))]
async fn applications(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<QueueQuery>,
) -> ApiResult<Json<Vec<api::ApplicationView>>> {
    let filter = store::ApplicationFilter {
        // An unknown state or channel matches no application, as before
        // they were typed.
        status: match q
            .status
            .filter(|s| !s.is_empty())
            .map(|s| s.parse())
            .transpose()
        {
            Ok(s) => s,
            Err(_) => return Ok(Json(Vec::new())),
        },
        channel: match q
            .channel
            .filter(|s| !s.is_empty())
            .map(|s| s.parse())
            .transpose()
        {
            Ok(c) => c,
            Err(_) => return Ok(Json(Vec::new())),
        },
        q: q.q.map(|s| s.chars().take(40).collect()),
    };
    let rows = state
        .store
        .applications(&op.brand, &filter, views::page(q.limit, q.offset))
        .await?;
    let ids: Vec<String> = rows.iter().map(|a| a.id.clone()).collect();
    let dups = state.store.duplicate_applicants(&op.brand, &ids).await?;
    Ok(Json(
        rows.into_iter()
            .map(|a| {
                let n = dups.iter().find(|d| d.0 == a.id).map_or(0, |d| d.1);
                let mut v = views::application(a);
                v.duplicates = n;
                v
            })
            .collect(),
    ))
}

/// Approves or rejects many applications at once, in one transaction.
/// A rejection needs a reason (from the reason list or free text); it is
/// shown to each applicant.
#[utoipa::path(post, path = "/api/v1/admin/applications/decisions", tag = "admin", security(("operator_session" = ["review"])),
    request_body = api::BulkDecision,
    responses((status = 200, body = api::BulkResult), (status = 422, body = api::ErrorBody)))]
async fn decide_many(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::BulkDecision>,
) -> ApiResult<Json<api::BulkResult>> {
    op.require(Perm::Review)?;
    if form.ids.is_empty() || form.ids.len() > 500 {
        return Err(ApiError::invalid("ids_count"));
    }
    let record = super::admin::decision(
        &op,
        api::Decision {
            approve: form.approve,
            reason: form.reason,
            disclosure_confirmed: false,
        },
        state.clock.now(),
    )?;
    let mut ids: Vec<String> = Vec::new();
    for id in form.ids {
        let id = id.trim().to_string();
        if !id.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    let decided = state
        .store
        .decide_applications(&op.brand, &ids, &record)
        .await?;
    let skipped = ids.into_iter().filter(|i| !decided.contains(i)).collect();
    Ok(Json(api::BulkResult { decided, skipped }))
}

/// Asks the applicant for more information; the application waits
/// (`more_info`) until they answer in the app, then is pending again.
#[utoipa::path(post, path = "/api/v1/admin/applications/{id}/more-info", tag = "admin", security(("operator_session" = ["review"])),
    params(("id" = String, Path)), request_body = api::InfoRequest,
    responses((status = 200, body = api::ApplicationView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn request_information(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::InfoRequest>,
) -> ApiResult<Json<api::ApplicationView>> {
    op.require(Perm::Review)?;
    let question = views::text(&form.question, 500)?;
    let a = state
        .store
        .request_information(
            &op.brand,
            &id,
            &question,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(views::application(a)))
}

/// The origin invitation links use: the configured public address, or
/// the one the operator's request came to.
pub(super) fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(u) = &state.config.public_url {
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

fn link_url(origin: &str, brand: &str, code: &str) -> String {
    format!("{origin}/b/{brand}/apply?i={code}")
}

/// The QR code of `text` as an SVG document.
fn qr_svg(text: &str) -> ApiResult<String> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|_| ApiError::invalid("link_too_long"))?;
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

async fn recruitment_view(
    state: &AppState,
    origin: &str,
    r: store::Recruitment,
) -> ApiResult<api::RecruitmentView> {
    let mut links = Vec::new();
    for i in state.store.invites(&r.brand_id, &r.id).await? {
        let url = link_url(origin, &r.brand_id, &i.code);
        links.push(api::InviteLink {
            qr_svg: format!("/api/v1/admin/invites/{}/qr.svg", i.code),
            channel: i.channel.into(),
            code: i.code,
            url,
        });
    }
    let report = state
        .store
        .channel_report(&r.brand_id, Some(&r.id))
        .await?
        .into_iter()
        .map(stats_view)
        .collect();
    Ok(api::RecruitmentView {
        id: r.id,
        title: r.title,
        purpose: r.purpose.into(),
        kind: r.kind.into(),
        status: r.status.into(),
        created_at: r.created_at,
        links,
        report,
    })
}

fn stats_view(s: store::ChannelStats) -> api::ChannelStatsView {
    api::ChannelStatsView {
        channel: s.channel.into(),
        applications: s.applications,
        approved: s.approved,
        first_notes: s.first_notes,
    }
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
    let origin = origin(&state, &headers);
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
    let title = views::text(&form.title, 80)?;
    if !PURPOSES.contains(&form.purpose.trim()) {
        return Err(ApiError::invalid("purpose_unknown"));
    }
    if !matches!(form.kind.trim(), "one_off" | "long_running") {
        return Err(ApiError::invalid("recruitment_kind_unknown"));
    }
    let mut links: Vec<(String, String)> = Vec::new();
    for c in &form.channels {
        let c = c.trim();
        if !CHANNELS.contains(&c) {
            return Err(ApiError::invalid("channel_unknown"));
        }
        if !links.iter().any(|l| l.0 == c) {
            links.push((c.to_string(), invite_code()));
        }
    }
    if links.is_empty() {
        return Err(ApiError::invalid("field_required"));
    }
    let r = store::Recruitment {
        brand_id: op.brand.clone(),
        id: store::new_id(),
        title,
        purpose: form
            .purpose
            .trim()
            .parse()
            .map_err(|_| ApiError::invalid("purpose_unknown"))?,
        kind: form
            .kind
            .trim()
            .parse()
            .map_err(|_| ApiError::invalid("recruitment_kind_unknown"))?,
        status: rules::RecruitmentStatus::Open,
        created_at: state.clock.now(),
        created_by: op.operator_id.clone(),
    };
    state.store.create_recruitment(&r, &links).await?;
    let origin = origin(&state, &headers);
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
        return Err(ApiError::invalid("status_unknown"));
    }
    let r = state
        .store
        .set_recruitment_status(&op.brand, &id, status, &op.operator_id, state.clock.now())
        .await?;
    let origin = origin(&state, &headers);
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
        &origin(&state, &headers),
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
            views::page(q.limit, q.offset),
        )
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|c| api::CandidateView {
                phone: rules::phone::mask_contact(&c.phone),
                parts: serde_json::from_str(&c.parts).unwrap_or_default(),
                id: c.id,
                external_id: c.external_id,
                amount_cents: c.amount_cents,
                orders: c.orders,
                member_since: c.member_since,
                last_active: c.last_active,
                score: c.score,
                invite_code: c.invite_code,
                invited_at: c.invited_at,
            })
            .collect(),
    ))
}

/// A row error in the caller's language.
pub fn row_error(line: i64, fault: RowFault, zh: bool) -> api::RowError {
    api::RowError {
        line,
        code: fault.0.into(),
        message: if zh {
            messages::chinese(fault.0)
        } else {
            messages::english(fault.0)
        }
        .into(),
    }
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
        return Err(ApiError::invalid("columns_missing"));
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
                return Err(RowFault("customer_id_invalid"));
            }
            let phone = rules::Phone::parse(c(phone)).map_err(|_| RowFault("phone_malformed"))?;
            let amount = csvin::cents(c(amount)).ok_or(RowFault("amount_invalid"))?;
            let orders = csvin::count(c(orders)).ok_or(RowFault("orders_invalid"))?;
            let since = csvin::date(c(since)).ok_or(RowFault("date_invalid"))?;
            let active = csvin::date(c(active)).ok_or(RowFault("date_invalid"))?;
            if since > today || active > today || active < since {
                return Err(RowFault("dates_out_of_order"));
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
        return Err(ApiError::invalid("ids_count"));
    }
    let r = state
        .store
        .recruitment(&op.brand, form.recruitment_id.trim())
        .await?;
    if r.status != "open" {
        return Err(ApiError::conflict("recruitment_closed"));
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
