//! Notes: a member submits a note link and sees their submissions;
//! operators review them, record metrics by hand or import them from a
//! platform's export file, and read a note's metric snapshots. Parsing a
//! note link (public) is here too.

use super::applications::require_approved;
use super::input::{decision, row_error};
use super::uploads::own_uploads;
use super::{Json, input, views};
use crate::AppState;
use crate::auth::{MaybeMember, MemberAuth, OperatorAuth, Perm};
use crate::csvin::{self, RowFault};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::messages;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(parse_note_link))
        .routes(routes!(submit_note, my_submissions))
        .routes(routes!(submissions))
        .routes(routes!(decide_submission))
        .routes(routes!(record_metrics))
        .routes(routes!(import_metrics))
        .routes(routes!(metric_history))
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
    let link = if let Some(who) = &member.0 {
        super::expand(&state, who, link).await?
    } else {
        link
    };
    Ok(Json(views::note_link(link)))
}

/// Submits the link of a published note. The text may be a platform's
/// share text; the server finds the link with the same parser the app uses.
#[utoipa::path(post, path = "/api/v1/me/submissions", tag = "member", security(("member_session" = [])),
    request_body = api::SubmissionForm,
    responses((status = 201, body = api::SubmissionView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn submit_note(
    State(state): State<AppState>,
    who: MemberAuth,
    headers: axum::http::HeaderMap,
    extensions: axum::http::Extensions,
    Json(form): Json<api::SubmissionForm>,
) -> ApiResult<(StatusCode, Json<api::SubmissionView>)> {
    let link = rules::parse_note_link(&form.link_text)?;
    let campaign = state.store.campaign(&who.brand, &form.campaign_id).await?;
    let application = require_approved(&state, &who).await?;
    // Until the operator confirms a selection every sign-up may publish;
    // after it, the selected only.
    match state
        .store
        .signup(&who.brand, &campaign.id, &who.member_id)
        .await
    {
        Ok(s) if s.status == "selected" || s.status == "pending" => {}
        Ok(_) => return Err(ApiError::conflict(ErrorCode::NotSelected)),
        Err(store::StoreError::NotFound) => return Err(ApiError::conflict(ErrorCode::NotSignedUp)),
        Err(e) => return Err(e.into()),
    }
    match campaign.status.as_str() {
        "published" => {}
        "settled" => return Err(ApiError::conflict(ErrorCode::CampaignSettled)),
        _ => return Err(ApiError::conflict(ErrorCode::CampaignClosed)),
    }
    if campaign.disclosure_required && !form.disclosure_declared {
        return Err(ApiError::invalid(ErrorCode::DisclosureUndeclared));
    }
    // Only the member's own upload.
    let screenshot_id = own_uploads(&state, &who, form.screenshot_id.as_slice())
        .await?
        .pop();
    // Only an approved, signed-up member's short link is fetched.
    let link = super::expand(&state, &who, link).await?;
    let Some(note_id) = link.note_id else {
        return Err(ApiError::invalid(ErrorCode::LinkUnresolved));
    };
    if !campaign
        .platforms
        .iter()
        .any(|p| p == link.platform.as_str())
    {
        return Err(ApiError::invalid(ErrorCode::PlatformNotAllowed));
    }
    let submission = store::Submission {
        brand_id: who.brand.clone(),
        id: store::new_id(),
        campaign_id: campaign.id.clone(),
        member_id: who.member_id.clone(),
        platform: link.platform.as_str().into(),
        note_id,
        canonical_url: link.canonical_url,
        original_url: link.original_url,
        status: rules::SubmissionStatus::Pending,
        reason: None,
        created_at: state.clock.now(),
        reviewed_at: None,
        reviewed_by: None,
        settled_points: None,
        settled_interactions: None,
        disclosure_declared: form.disclosure_declared,
        disclosure_confirmed: false,
        screenshot_id,
        client_hash: crate::device::device_hash(
            &state.client_key,
            &crate::device::request_address(&extensions, &headers),
            &headers,
        ),
    };
    match state.store.create_submission(&submission).await {
        Ok(()) => {}
        Err(store::StoreError::Conflict("note_already_submitted")) => {
            // Someone claimed a note the brand has: the reviewer sees it
            // flagged on the note that was there first.
            let key = (submission.platform.clone(), submission.note_id.clone());
            if let Some(first) = state.store.notes_by_key(&who.brand, &[key]).await?.first() {
                state
                    .store
                    .record_audit(&store::AuditEntry::member(
                        &who.brand,
                        &who.member_id,
                        "submission.duplicate_attempt",
                        ("submission", &first.submission_id),
                        state.clock.now(),
                    ))
                    .await?;
            }
            return Err(ApiError::conflict(ErrorCode::NoteAlreadySubmitted));
        }
        Err(e) => return Err(e.into()),
    }
    // Answered from what this request already read: a new note has no
    // metrics yet (three reads fewer on the busiest write).
    Ok((
        StatusCode::CREATED,
        Json(views::submission_detail(store::SubmissionDetail {
            campaign_title: campaign.title,
            disclosure_required: campaign.disclosure_required,
            member_name: application.display_name,
            snapshot_date: None,
            likes: None,
            comments: None,
            saves: None,
            appeal_note: None,
            submission,
        })),
    ))
}

#[utoipa::path(get, path = "/api/v1/me/submissions", tag = "member", security(("member_session" = [])),
    responses((status = 200, body = Vec<api::SubmissionView>)))]
async fn my_submissions(
    State(state): State<AppState>,
    who: MemberAuth,
) -> ApiResult<Json<Vec<api::SubmissionView>>> {
    let filter = store::SubmissionFilter {
        member_id: Some(who.member_id.clone()),
        ..Default::default()
    };
    let rows = state
        .store
        .submissions(&who.brand, &filter, store::Page::FIRST_100)
        .await?;
    Ok(Json(
        rows.into_iter().map(views::submission_detail).collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct ListQuery {
    /// Only items in this state, e.g. `pending`.
    status: Option<String>,
    /// Only submissions of this campaign.
    campaign_id: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// Submissions, newest first; filter by status and campaign.
#[utoipa::path(get, path = "/api/v1/admin/submissions", tag = "admin", security(("operator_session" = ["read"])), params(ListQuery),
    responses((status = 200, body = Vec<api::SubmissionView>)))]
async fn submissions(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Vec<api::SubmissionView>>> {
    let Ok(status) = input::filter_word(q.status.clone()) else {
        return Ok(Json(Vec::new()));
    };
    let filter = store::SubmissionFilter {
        member_id: None,
        campaign_id: q.campaign_id.clone(),
        status,
    };
    let rows = state
        .store
        .submissions(&op.brand, &filter, input::page(q.limit, q.offset))
        .await?;
    let ids: Vec<String> = rows.iter().map(|r| r.submission.id.clone()).collect();
    let flags = state.store.submission_flags(&op.brand, &ids).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| {
                let mut v = views::submission_detail(r);
                v.flags = flags
                    .iter()
                    .filter(|(id, _)| *id == v.id)
                    .map(|(_, f)| f.to_string())
                    .collect();
                Ok(v)
            })
            .collect::<ApiResult<_>>()?,
    ))
}

#[utoipa::path(post, path = "/api/v1/admin/submissions/{id}/decision", tag = "admin", security(("operator_session" = ["review"])),
    params(("id" = String, Path)), request_body = api::Decision,
    responses((status = 200, body = api::SubmissionView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn decide_submission(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(d): Json<api::Decision>,
) -> ApiResult<Json<api::SubmissionView>> {
    op.require(Perm::Review)?;
    let record = decision(&op, d, state.clock.now())?;
    let pending = state.store.submission(&op.brand, &id).await?;
    let campaign = state
        .store
        .campaign(&op.brand, &pending.campaign_id)
        .await?;
    if record.approve && campaign.disclosure_required && !record.disclosure_confirmed {
        return Err(ApiError::invalid(ErrorCode::DisclosureUnconfirmed));
    }
    let s = state
        .store
        .decide_submission(&op.brand, &id, &record)
        .await?;
    Ok(Json(views::submission(&state, s).await?))
}

/// Records the likes, comments and saves of an approved note on a date
/// (entering the same date again corrects it).
#[utoipa::path(post, path = "/api/v1/admin/submissions/{id}/metrics", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::MetricsView,
    responses((status = 200, body = api::SubmissionView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn record_metrics(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(m): Json<api::MetricsView>,
) -> ApiResult<Json<api::SubmissionView>> {
    op.require(Perm::Operate)?;
    let date = input::date(&m.date)?;
    if [m.likes, m.comments, m.saves]
        .iter()
        .any(|v| !(0..=1_000_000_000).contains(v))
    {
        return Err(ApiError::invalid(ErrorCode::MetricsInvalid));
    }
    let s = state.store.submission(&op.brand, &id).await?;
    if s.status != "approved" {
        return Err(ApiError::conflict(ErrorCode::SubmissionNotApproved));
    }
    let snapshot = store::Snapshot {
        snapshot_date: date.to_string(),
        likes: m.likes,
        comments: m.comments,
        saves: m.saves,
        recorded_at: state.clock.now(),
        recorded_by: op.operator_id.clone(),
    };
    state.store.put_metrics(&op.brand, &id, &snapshot).await?;
    Ok(Json(
        views::submission(&state, state.store.submission(&op.brand, &id).await?).await?,
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
struct ImportQuery {
    /// Write the good rows (default: preview only).
    commit: Option<bool>,
    /// The snapshot date of rows without a date column, `YYYY-MM-DD`
    /// (default: today in the brand's zone).
    date: Option<String>,
    /// The platform of bare note ids (default `xiaohongshu`).
    platform: Option<String>,
    /// Header names to use instead of the ones found.
    note: Option<String>,
    likes: Option<String>,
    comments: Option<String>,
    saves: Option<String>,
    date_column: Option<String>,
    platform_column: Option<String>,
}

/// Headers platforms and spreadsheets use for each field.
const NOTE: &[&str] = &[
    "笔记链接",
    "笔记id",
    "笔记ID",
    "作品链接",
    "作品id",
    "链接",
    "note",
    "note id",
    "note link",
    "link",
    "url",
];

const LIKES: &[&str] = &["点赞", "点赞数", "点赞量", "获赞", "likes", "like"];

const COMMENTS: &[&str] = &["评论", "评论数", "评论量", "comments", "comment"];

const SAVES: &[&str] = &["收藏", "收藏数", "收藏量", "saves", "collects", "favorites"];

const DATES: &[&str] = &["日期", "数据日期", "统计日期", "date"];

const PLATFORMS: &[&str] = &["平台", "platform"];

/// Rows shown back in a preview (errors are all shown).
const PREVIEW_ROWS: usize = 200;

/// Reads a platform's data export: one row per note (a link, or a note id
/// with a platform), likes, comments and saves, and a date per row or for
/// the whole file. Without `commit=true` nothing is written: the answer is
/// the preview. With it, the good rows are written in one transaction;
/// rows with errors are never written and are listed with their line.
#[utoipa::path(post, path = "/api/v1/admin/metrics/import", tag = "admin", security(("operator_session" = ["operate"])), params(ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = api::MetricsImport), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn import_metrics(
    State(state): State<AppState>,
    op: OperatorAuth,
    headers: HeaderMap,
    Query(q): Query<ImportQuery>,
    body: axum::body::Bytes,
) -> ApiResult<Json<api::MetricsImport>> {
    op.require(Perm::Operate)?;
    let zh = messages::prefers_chinese_in(&headers);
    let sheet = csvin::sheet(&csvin::decode(&body)?)?;
    // A chosen header must exist; otherwise the first alias found.
    let pick = |chosen: &Option<String>, aliases: &[&str]| -> ApiResult<Option<usize>> {
        match chosen.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => sheet
                .column(&[c])
                .map(Some)
                .ok_or_else(|| ApiError::invalid(ErrorCode::ColumnsMissing)),
            None => Ok(sheet.column(aliases)),
        }
    };
    let (note, likes, comments, saves) = (
        pick(&q.note, NOTE)?,
        pick(&q.likes, LIKES)?,
        pick(&q.comments, COMMENTS)?,
        pick(&q.saves, SAVES)?,
    );
    let (date_col, platform_col) = (
        pick(&q.date_column, DATES)?,
        pick(&q.platform_column, PLATFORMS)?,
    );
    let name = |c: Option<usize>| c.map(|i| sheet.headers[i].clone());
    let mapping = api::ColumnMapping {
        note: name(note),
        likes: name(likes),
        comments: name(comments),
        saves: name(saves),
        date: name(date_col),
        platform: name(platform_col),
    };
    let (Some(note), Some(likes), Some(comments), Some(saves)) = (note, likes, comments, saves)
    else {
        // The mapping found so far goes back, so the operator can choose.
        return Ok(Json(api::MetricsImport {
            headers: sheet.headers.clone(),
            mapping,
            rows: Vec::new(),
            good: 0,
            errors: vec![row_error(1, RowFault(ErrorCode::ColumnsMissing), zh)],
            committed: false,
            changed: 0,
            unchanged: 0,
        }));
    };
    let b = state.store.brand(&op.brand).await?;
    let today = crate::time::local_date(&b.time_zone, state.clock.now());
    let file_date = match q.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => input::date(d)?,
        None => today,
    };
    let default_platform = match q
        .platform
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(p) => rules::Platform::parse(p)
            .ok_or_else(|| ApiError::invalid(ErrorCode::PlatformUnknown))?,
        None => rules::Platform::Xiaohongshu,
    };

    // Parse every row; then find every note in one pass.
    struct Parsed {
        line: i64,
        platform: String,
        note_id: String,
        date: rules::CivilDate,
        figures: (i64, i64, i64),
    }
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for (line, cells) in &sheet.rows {
        let c = |i| csvin::cell(cells, i);
        let row = (|| {
            let (platform, note_id) = note_key(c(note), platform_col.map(c), default_platform)?;
            let figure = |i| csvin::count(c(i)).filter(|n| *n <= 1_000_000_000);
            let figures = (
                figure(likes).ok_or(RowFault(ErrorCode::MetricsInvalid))?,
                figure(comments).ok_or(RowFault(ErrorCode::MetricsInvalid))?,
                figure(saves).ok_or(RowFault(ErrorCode::MetricsInvalid))?,
            );
            let date = match date_col {
                Some(i) => csvin::date(c(i)).ok_or(RowFault(ErrorCode::DateInvalid))?,
                None => file_date,
            };
            if date > today {
                return Err(RowFault(ErrorCode::DateInFuture));
            }
            Ok(Parsed {
                line: *line,
                platform,
                note_id,
                date,
                figures,
            })
        })();
        match row {
            Ok(p) => parsed.push(p),
            Err(f) => errors.push(row_error(*line, f, zh)),
        }
    }
    let keys: Vec<(String, String)> = parsed
        .iter()
        .map(|p| (p.platform.clone(), p.note_id.clone()))
        .collect();
    let found = state.store.notes_by_key(&op.brand, &keys).await?;
    // The same file also carries the staff's notes (issue 17): a row that
    // is no KOC note is looked for among the KOS notes.
    let kos_keys: Vec<(String, String)> = keys
        .into_iter()
        .filter(|(p, id)| !found.iter().any(|n| n.platform == *p && n.note_id == *id))
        .collect();
    let kos_found = state.store.kos_notes_by_key(&op.brand, &kos_keys).await?;
    let mut rows = Vec::new();
    let mut writes: Vec<(String, store::Snapshot)> = Vec::new();
    let mut kos_writes: Vec<(String, store::Snapshot)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in parsed {
        let Some(n) = found
            .iter()
            .find(|n| n.platform == p.platform && n.note_id == p.note_id)
        else {
            let Some(k) = kos_found
                .iter()
                .find(|k| k.platform == p.platform && k.note_key == p.note_id)
            else {
                errors.push(row_error(p.line, RowFault(ErrorCode::NoteUnknown), zh));
                continue;
            };
            if !seen.insert((k.id.clone(), p.date)) {
                errors.push(row_error(p.line, RowFault(ErrorCode::RowRepeated), zh));
                continue;
            }
            if rows.len() < PREVIEW_ROWS {
                rows.push(api::ImportRow {
                    line: p.line,
                    platform: p.platform.clone(),
                    note_id: p.note_id.clone(),
                    campaign_title: k.template_title.clone().unwrap_or_else(|| "KOS".into()),
                    member_name: k.staff_name.clone(),
                    date: p.date.to_string(),
                    likes: p.figures.0,
                    comments: p.figures.1,
                    saves: p.figures.2,
                });
            }
            kos_writes.push((
                k.id.clone(),
                store::Snapshot {
                    snapshot_date: p.date.to_string(),
                    likes: p.figures.0,
                    comments: p.figures.1,
                    saves: p.figures.2,
                    recorded_at: state.clock.now(),
                    recorded_by: op.operator_id.clone(),
                },
            ));
            continue;
        };
        let fault = if n.status != "approved" {
            Some(RowFault(ErrorCode::SubmissionNotApproved))
        } else if n.settled_points.is_some() {
            Some(RowFault(ErrorCode::AlreadySettled))
        } else if !seen.insert((n.submission_id.clone(), p.date)) {
            // The same note and date twice in one file: which is right?
            Some(RowFault(ErrorCode::RowRepeated))
        } else {
            None
        };
        if let Some(f) = fault {
            errors.push(row_error(p.line, f, zh));
            continue;
        }
        if rows.len() < PREVIEW_ROWS {
            rows.push(api::ImportRow {
                line: p.line,
                platform: p.platform.clone(),
                note_id: p.note_id.clone(),
                campaign_title: n.campaign_title.clone(),
                member_name: n.member_name.clone(),
                date: p.date.to_string(),
                likes: p.figures.0,
                comments: p.figures.1,
                saves: p.figures.2,
            });
        }
        writes.push((
            n.submission_id.clone(),
            store::Snapshot {
                snapshot_date: p.date.to_string(),
                likes: p.figures.0,
                comments: p.figures.1,
                saves: p.figures.2,
                recorded_at: state.clock.now(),
                recorded_by: op.operator_id.clone(),
            },
        ));
    }
    errors.sort_by_key(|e| e.line);
    errors.truncate(500);
    let commit = q.commit.unwrap_or(false);
    let (mut changed, mut unchanged) = if commit && !writes.is_empty() {
        state.store.import_metrics(&op.brand, &writes).await?
    } else {
        (0, 0)
    };
    // Its own transaction: a snapshot per note and day replaces that
    // day's, so importing the file again after a failure here converges.
    if commit && !kos_writes.is_empty() {
        let (c, u) = state
            .store
            .import_kos_metrics(&op.brand, &kos_writes)
            .await?;
        (changed, unchanged) = (changed + c, unchanged + u);
    }
    Ok(Json(api::MetricsImport {
        headers: sheet.headers.clone(),
        mapping,
        rows,
        good: (writes.len() + kos_writes.len()) as i64,
        errors,
        committed: commit,
        changed: changed as i64,
        unchanged: unchanged as i64,
    }))
}

/// A note cell as `(platform, note id)`: a link or share text the parser
/// knows, or a bare id with the row's platform (or the import's).
fn note_key(
    cell: &str,
    platform_cell: Option<&str>,
    default: rules::Platform,
) -> Result<(String, String), RowFault> {
    if cell.is_empty() {
        return Err(RowFault(ErrorCode::NoteMissing));
    }
    if cell.contains('/') || cell.contains('.') {
        let link =
            rules::parse_note_link(cell).map_err(|_| RowFault(ErrorCode::NoteLinkInvalid))?;
        let id = link.note_id.ok_or(RowFault(ErrorCode::NoteLinkInvalid))?;
        return Ok((link.platform.as_str().into(), id));
    }
    if cell.len() > 64
        || !cell
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(RowFault(ErrorCode::NoteLinkInvalid));
    }
    let platform = match platform_cell.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => platform_named(p).ok_or(RowFault(ErrorCode::PlatformUnknown))?,
        None => default,
    };
    Ok((platform.as_str().into(), cell.to_string()))
}

/// A platform as exports name it: its code or its Chinese name.
fn platform_named(p: &str) -> Option<rules::Platform> {
    rules::Platform::parse(p).or(match p {
        "小红书" => Some(rules::Platform::Xiaohongshu),
        "抖音" => Some(rules::Platform::Douyin),
        "微博" => Some(rules::Platform::Weibo),
        "哔哩哔哩" | "B站" | "b站" => Some(rules::Platform::Bilibili),
        "快手" => Some(rules::Platform::Kuaishou),
        "微信" | "公众号" => Some(rules::Platform::Wechat),
        _ => None,
    })
}

/// Every dated snapshot of a note, oldest first (the admin draws them as a
/// small chart).
#[utoipa::path(get, path = "/api/v1/admin/submissions/{id}/metrics", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path)),
    responses((status = 200, body = Vec<api::MetricsView>), (status = 404, body = api::ErrorBody)))]
async fn metric_history(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<api::MetricsView>>> {
    state.store.submission(&op.brand, &id).await?;
    Ok(Json(
        state
            .store
            .metric_history(&op.brand, &id)
            .await?
            .into_iter()
            .map(views::metrics)
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_cells_are_links_or_ids() {
        let x = rules::Platform::Xiaohongshu;
        assert_eq!(
            note_key(
                "https://www.xiaohongshu.com/explore/65a1b2c3d4e5f60718293a4b?xsec_token=x",
                None,
                x
            ),
            Ok(("xiaohongshu".into(), "65a1b2c3d4e5f60718293a4b".into()))
        );
        assert_eq!(
            note_key("7301234567890123456", Some("抖音"), x),
            Ok(("douyin".into(), "7301234567890123456".into()))
        );
        assert_eq!(
            note_key("65a1b2c3d4e5f60718293a4b", None, x),
            Ok(("xiaohongshu".into(), "65a1b2c3d4e5f60718293a4b".into()))
        );
        assert_eq!(note_key("", None, x), Err(RowFault(ErrorCode::NoteMissing)));
        assert_eq!(
            note_key("hello world", None, x),
            Err(RowFault(ErrorCode::NoteLinkInvalid))
        );
        assert_eq!(
            note_key("abc", Some("某平台"), x),
            Err(RowFault(ErrorCode::PlatformUnknown))
        );
        assert_eq!(
            note_key("https://www.xiaohongshu.com/user/profile/5f0e", None, x),
            Err(RowFault(ErrorCode::NoteLinkInvalid))
        );
    }
}
