//! Metrics and settlement, at program scale: a platform's data export
//! imported with column mapping, a preview and row-by-row errors (a second
//! import of the same file changes nothing); each note's dated history;
//! and settlement previewed under the campaign's frozen rule set, one
//! statement per member, before and after the commit.

use super::recruit::row_error;
use super::{Json, views};
use crate::AppState;
use crate::auth::{OperatorAuth, Perm};
use crate::csvin::{self, RowFault};
use crate::error::{ApiError, ApiResult};
use crate::messages;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_metrics))
        .routes(routes!(metric_history))
        .routes(routes!(settlement_preview))
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
                .ok_or_else(|| ApiError::invalid("columns_missing")),
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
            errors: vec![row_error(1, RowFault("columns_missing"), zh)],
            committed: false,
            changed: 0,
            unchanged: 0,
        }));
    };
    let b = state.store.brand(&op.brand).await?;
    let today = crate::time::local_date(&b.time_zone, state.clock.now());
    let file_date = match q.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => views::date(d)?,
        None => today,
    };
    let default_platform = match q
        .platform
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        Some(p) => {
            rules::Platform::parse(p).ok_or_else(|| ApiError::invalid("platform_unknown"))?
        }
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
                figure(likes).ok_or(RowFault("metrics_invalid"))?,
                figure(comments).ok_or(RowFault("metrics_invalid"))?,
                figure(saves).ok_or(RowFault("metrics_invalid"))?,
            );
            let date = match date_col {
                Some(i) => csvin::date(c(i)).ok_or(RowFault("date_invalid"))?,
                None => file_date,
            };
            if date > today {
                return Err(RowFault("date_in_future"));
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
    let mut rows = Vec::new();
    let mut writes: Vec<(String, store::Snapshot)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in parsed {
        let Some(n) = found
            .iter()
            .find(|n| n.platform == p.platform && n.note_id == p.note_id)
        else {
            errors.push(row_error(p.line, RowFault("note_unknown"), zh));
            continue;
        };
        let fault = if n.status != "approved" {
            Some(RowFault("submission_not_approved"))
        } else if n.settled_points.is_some() {
            Some(RowFault("already_settled"))
        } else if !seen.insert((n.submission_id.clone(), p.date)) {
            // The same note and date twice in one file: which is right?
            Some(RowFault("row_repeated"))
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
    let (changed, unchanged) = if commit && !writes.is_empty() {
        state.store.import_metrics(&op.brand, &writes).await?
    } else {
        (0, 0)
    };
    Ok(Json(api::MetricsImport {
        headers: sheet.headers.clone(),
        mapping,
        rows,
        good: writes.len() as i64,
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
        return Err(RowFault("note_missing"));
    }
    if cell.contains('/') || cell.contains('.') {
        let link = rules::parse_note_link(cell).map_err(|_| RowFault("note_link_invalid"))?;
        let id = link.note_id.ok_or(RowFault("note_link_invalid"))?;
        return Ok((link.platform.as_str().into(), id));
    }
    if cell.len() > 64
        || !cell
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(RowFault("note_link_invalid"));
    }
    let platform = match platform_cell.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => platform_named(p).ok_or(RowFault("platform_unknown"))?,
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
            .map(|m| api::MetricsView {
                date: m.snapshot_date,
                likes: m.likes,
                comments: m.comments,
                saves: m.saves,
            })
            .collect(),
    ))
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
        assert_eq!(note_key("", None, x), Err(RowFault("note_missing")));
        assert_eq!(
            note_key("hello world", None, x),
            Err(RowFault("note_link_invalid"))
        );
        assert_eq!(
            note_key("abc", Some("某平台"), x),
            Err(RowFault("platform_unknown"))
        );
        assert_eq!(
            note_key("https://www.xiaohongshu.com/user/profile/5f0e", None, x),
            Err(RowFault("note_link_invalid"))
        );
    }
}
