//! Exports as a spreadsheet opens them: CSV in UTF-8 with a byte-order
//! mark (Excel on Windows reads a BOM-less file as the local code page and
//! garbles Chinese), CRLF line ends, and every cell that a spreadsheet
//! would take for a formula (`=`, `+`, `-`, `@`, or a tab or carriage
//! return first) made inert with a leading apostrophe (OWASP's
//! "CSV injection"). Numbers are written by the caller as plain digits;
//! a negative number is data, not a formula, so [`Cell::Int`] is never
//! escaped. Every export route answers with [`download`].

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// One cell of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(i64),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}

/// A text cell as a spreadsheet may safely read it.
pub fn inert(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// The file's bytes: BOM, header, rows.
pub fn to_bytes(header: &[&str], rows: impl IntoIterator<Item = Vec<Cell>>) -> Vec<u8> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(header.iter().map(|h| inert(h)))
            .expect("writing to memory");
        for row in rows {
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(t) => inert(t),
                Cell::Int(n) => n.to_string(),
            }))
            .expect("writing to memory");
        }
        w.flush().expect("writing to memory");
    }
    out
}

/// A download of `filename` (ASCII; the caller names it, e.g.
/// `roster-2026-11-26.csv`), never cached.
pub fn download(
    filename: &str,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<Cell>>,
) -> Response {
    let name: String = filename
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        to_bytes(header, rows),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_inert_and_excel_reads_utf8() {
        let bytes = to_bytes(
            &["姓名", "积分"],
            [
                vec![Cell::from("=HYPERLINK(\"x\")"), Cell::Int(-30)],
                vec![Cell::from("+86 138"), Cell::Int(5)],
                vec![Cell::from("@SUM(A1)"), Cell::Int(0)],
                vec![Cell::from("-1+2"), Cell::Int(1)],
                vec![Cell::from("小红, \"引号\""), Cell::Int(2)],
            ],
        );
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            lines,
            [
                "姓名,积分",
                "\"'=HYPERLINK(\"\"x\"\")\",-30",
                "'+86 138,5",
                "'@SUM(A1),0",
                "'-1+2,1",
                "\"小红, \"\"引号\"\"\",2",
                ""
            ]
        );
    }
}
