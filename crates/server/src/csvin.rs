//! Spreadsheet files as operators have them: CSV saved by Excel or WPS or
//! exported by a platform, parsed into typed cells at the edge.
//!
//! Files arrive as UTF-8 (with or without the BOM Excel writes) or as
//! GB18030/GBK (what Chinese Excel writes by default); headers may be
//! Chinese; numbers may carry thousands separators (`1,234`, `1，234`),
//! currency signs and spaces; dates come as `2026-11-05`, `2026/11/5` or
//! `2026.11.05`. Every refusal names its line and a stable code.

use crate::error::{ApiError, ApiResult, ErrorCode};

/// Why one row of a file was refused: a stable code with a message in
/// both languages (`messages`), reported with the row's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowFault(pub ErrorCode);

/// A file's text: UTF-8 without its BOM, or GB18030 decoded. Bytes that
/// are neither are refused (`file_encoding`).
pub fn decode(bytes: &[u8]) -> ApiResult<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(ApiError::invalid(ErrorCode::FileEncoding));
    }
    Ok(text.into_owned())
}

/// A parsed sheet: the header row and the data rows with their 1-based
/// line numbers (the header is line 1). Blank rows are skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<(i64, Vec<String>)>,
}

/// At most this many data rows a file: a platform export of a month of
/// notes fits many times over; a runaway file is refused before work.
pub const MAX_ROWS: usize = 50_000;

/// Parses CSV text (comma, or tab for a "Unicode text" save; the header
/// row decides), trimming every cell.
pub fn sheet(text: &str) -> ApiResult<Sheet> {
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    // Lines counted here from the record's byte offset: the reader's own
    // count is one short after `\r\n` endings (what Excel writes).
    let (mut counted_to, mut line) = (0usize, 1i64);
    for record in reader.records() {
        let record = record.map_err(|_| ApiError::invalid(ErrorCode::CsvMalformed))?;
        // The reader places a record after a `\r` at its `\n`: the record
        // begins past any line ending.
        let mut start = record.position().map_or(0, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += text.as_bytes()[counted_to..start.min(text.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as i64;
        counted_to = start.min(text.len()).max(counted_to);
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if headers.is_none() {
            headers = Some(cells);
        } else {
            if rows.len() == MAX_ROWS {
                return Err(ApiError::invalid(ErrorCode::FileTooManyRows));
            }
            rows.push((line, cells));
        }
    }
    // A header without a single row is as good as no file.
    let headers = headers
        .filter(|_| !rows.is_empty())
        .ok_or_else(|| ApiError::invalid(ErrorCode::FileEmpty))?;
    Ok(Sheet { headers, rows })
}

impl Sheet {
    /// The first column whose header is one of `names` (compared without
    /// case, spaces, `_` and `-`).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        let norm = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        let wanted: Vec<String> = names.iter().map(|n| norm(n)).collect();
        self.headers.iter().position(|h| wanted.contains(&norm(h)))
    }
}

/// The cell of `row` in column `col` ("" past the row's end).
pub fn cell(row: &[String], col: usize) -> &str {
    row.get(col).map_or("", String::as_str)
}

/// Strips what spreadsheets put around numbers: thousands separators,
/// currency signs, spaces (including the ideographic one).
fn bare(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !matches!(
                c,
                ',' | '，' | '¥' | '￥' | '$' | ' ' | '\u{3000}' | '\u{a0}'
            )
        })
        .collect()
}

/// A whole non-negative number: `1,234` → 1234. `1.2万` (ten thousands,
/// as platforms print large counts) → 12000. Decimals are refused.
pub fn count(s: &str) -> Option<i64> {
    let b = bare(s);
    if let Some(w) = b.strip_suffix('万').or_else(|| b.strip_suffix('w')) {
        return tenths(w).and_then(|t| t.checked_mul(1_000));
    }
    if b.is_empty() || !b.bytes().all(|c| c.is_ascii_digit()) || b.len() > 15 {
        return None;
    }
    b.parse().ok()
}

/// `1.2` → 12 (tenths), at most one decimal.
fn tenths(s: &str) -> Option<i64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty()
        || int.len() > 12
        || !int.bytes().all(|c| c.is_ascii_digit())
        || frac.len() > 1
        || !frac.bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some(int.parse::<i64>().ok()? * 10 + frac.parse::<i64>().unwrap_or(0))
}

/// An amount of money in yuan, to cents: `¥1,234.5` → 123450.
pub fn cents(s: &str) -> Option<i64> {
    let b = bare(s);
    let (int, frac) = b.split_once('.').unwrap_or((&b, ""));
    if int.is_empty()
        || int.len() > 12
        || !int.bytes().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<2}");
    Some(int.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?)
}

/// A date as spreadsheets write it: `2026-11-05`, `2026/11/5`,
/// `2026.11.05`, `2026年11月5日`; a time after a space is ignored.
pub fn date(s: &str) -> Option<rules::CivilDate> {
    let s = s.split_whitespace().next()?;
    let s = s.replace(['/', '.', '年', '月'], "-").replace('日', "");
    let mut parts = s.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    rules::CivilDate::new(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_encodings_are_read() {
        let text = "客户ID,手机号\n1,13800000001\n";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap(), text);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk).unwrap(), text);
        let (gb, _, _) = encoding_rs::GB18030.encode("点赞数,𠀀\n");
        assert_eq!(decode(&gb).unwrap(), "点赞数,𠀀\n");
        assert_eq!(
            decode(b"\xff\xfe\xff").unwrap_err().code,
            ErrorCode::FileEncoding
        );
    }

    #[test]
    fn sheets_keep_line_numbers_and_skip_blank_rows() {
        let s = sheet("笔记ID, 点赞 \n a,1\n\n,,\nb,\"1,234\"\n").unwrap();
        assert_eq!(s.headers, ["笔记ID", "点赞"]);
        assert_eq!(
            s.rows,
            [
                (2, vec!["a".into(), "1".into()]),
                (5, vec!["b".into(), "1,234".into()])
            ]
        );
        assert_eq!(s.column(&["likes", "点赞"]), Some(1));
        assert_eq!(s.column(&["note_id", "笔记 id"]), Some(0));
        assert_eq!(s.column(&["saves"]), None);
        let tabs = sheet("a\tb\n1\t2\n").unwrap();
        assert_eq!(tabs.rows[0].1, ["1", "2"]);
        assert_eq!(sheet("\n\n").unwrap_err().code, ErrorCode::FileEmpty);
        assert_eq!(sheet("a,b\n").unwrap_err().code, ErrorCode::FileEmpty);
        // Excel's \r\n endings and a quoted cell across lines.
        let crlf = sheet("h1,h2\r\na,1\r\n\r\nb,\"x\r\ny\"\r\nc,3\r\n").unwrap();
        let lines: Vec<i64> = crlf.rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [2, 4, 6]);
    }

    #[test]
    fn numbers_as_spreadsheets_write_them() {
        for (s, n) in [
            ("1234", Some(1234)),
            ("1,234", Some(1234)),
            ("1，234", Some(1234)),
            (" 12 345 ", Some(12345)),
            ("1.2万", Some(12_000)),
            ("3w", Some(30_000)),
            ("0", Some(0)),
            ("", None),
            ("-5", None),
            ("1.5", None),
            ("abc", None),
            ("1.25万", None),
        ] {
            assert_eq!(count(s), n, "{s:?}");
        }
        for (s, n) in [
            ("¥1,234.5", Some(123_450)),
            ("88", Some(8_800)),
            ("0.07", Some(7)),
            ("1.234", None),
            ("-1", None),
        ] {
            assert_eq!(cents(s), n, "{s:?}");
        }
        let d = |s: &str| date(s).map(|d| d.to_string());
        assert_eq!(d("2026/11/5"), Some("2026-11-05".into()));
        assert_eq!(d("2026.11.05 13:20"), Some("2026-11-05".into()));
        assert_eq!(d("2026年11月5日"), Some("2026-11-05".into()));
        assert_eq!(d("2026-02-30"), None);
        assert_eq!(d("11/05/2026"), None);
    }
}
