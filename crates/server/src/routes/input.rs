//! Input checks: raw strings from requests become trimmed, bounded,
//! typed values here (texts, dates, pages of a list, decisions, a file's
//! row faults), so every route refuses bad input the same way and with the
//! same error codes.

use super::input;
use crate::auth::OperatorAuth;
use crate::csvin::RowFault;
use crate::error::{ApiError, ApiResult, ErrorCode};

/// A required single-line text: trimmed, non-empty, at most `max` characters.
pub fn text(value: &str, max: usize) -> ApiResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::invalid(ErrorCode::FieldRequired));
    }
    optional_text(v, max)
}

/// A list filter naming a domain word (`?status=approved`): empty or absent
/// is no filter; `Err` for a value the word does not have, which matches
/// nothing (lists answer empty, as they did before states were typed).
pub fn filter_word<W: std::str::FromStr>(value: Option<String>) -> Result<Option<W>, W::Err> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse().map(Some),
    }
}

/// An optional text: trimmed, at most `max` characters, no control characters
/// other than line breaks.
pub fn optional_text(value: &str, max: usize) -> ApiResult<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(ApiError::invalid(ErrorCode::FieldTooLong));
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ApiError::invalid(ErrorCode::ControlCharacters));
    }
    Ok(v.to_string())
}

pub fn date(value: &str) -> ApiResult<rules::CivilDate> {
    rules::CivilDate::parse(value.trim()).ok_or_else(|| ApiError::invalid(ErrorCode::DateMalformed))
}

pub fn page(limit: Option<i64>, offset: Option<i64>) -> store::Page {
    store::Page {
        limit: limit.unwrap_or(100).clamp(1, 500),
        offset: offset.unwrap_or(0).max(0),
    }
}

pub(super) fn decision(
    op: &OperatorAuth,
    d: api::Decision,
    now: i64,
) -> ApiResult<store::DecisionRecord> {
    let reason = match d
        .reason
        .as_deref()
        .map(|r| input::optional_text(r, 500))
        .transpose()?
    {
        Some(r) if !r.is_empty() => Some(r),
        _ if !d.approve => return Err(ApiError::invalid(ErrorCode::ReasonRequired)),
        _ => None,
    };
    Ok(store::DecisionRecord {
        approve: d.approve,
        reason,
        by: op.operator_id.clone(),
        at: now,
        disclosure_confirmed: d.disclosure_confirmed,
    })
}

/// Up to `max` distinct non-empty texts of at most `len` characters.
pub fn text_list(items: &[String], max: usize, len: usize) -> ApiResult<Vec<String>> {
    if items.len() > max {
        return Err(ApiError::invalid(ErrorCode::FieldTooLong));
    }
    let mut out: Vec<String> = Vec::new();
    for i in items {
        let i = input::optional_text(i, len)?;
        if !i.is_empty() && !out.contains(&i) {
            out.push(i);
        }
    }
    Ok(out)
}

/// The text without surrounding space, or `None` when nothing is left.
pub fn trimmed(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A row error in the caller's language.
pub fn row_error(line: i64, fault: RowFault, zh: bool) -> api::RowError {
    api::RowError {
        line,
        code: fault.0.as_str().into(),
        message: if zh {
            fault.0.chinese()
        } else {
            fault.0.english()
        }
        .into(),
    }
}
