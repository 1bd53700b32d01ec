//! A brand's settings as operators type them, parsed at the edge into
//! values the rest of the system can trust: the accent colour (`#rrggbb`),
//! the display name and the contact line (trimmed, bounded, no control
//! characters), and the default language. Shared by the server (which
//! refuses bad input with a stable code) and the admin app (which checks
//! while the owner types).

use serde::{Deserialize, Serialize};

/// Longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 60;
/// Longest contact line, in characters.
pub const MAX_CONTACT_CHARS: usize = 200;

/// An accent colour: `#` and six hex digits, stored in lower case, so it
/// can be written into a CSS custom property as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accent(String);

impl Accent {
    /// `#RRGGBB` in either case (surrounding spaces ignored); nothing else:
    /// no names, no short `#rgb`, no alpha.
    pub fn parse(text: &str) -> Option<Accent> {
        let t = text.trim();
        let hex = t.strip_prefix('#')?;
        (hex.len() == 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Accent(format!("#{}", hex.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a brand's text setting was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    Empty,
    TooLong,
    ControlCharacters,
}

/// The display name: trimmed, 1 to [`MAX_NAME_CHARS`] characters.
pub fn brand_name(text: &str) -> Result<String, TextError> {
    let t = bounded(text, MAX_NAME_CHARS)?;
    if t.is_empty() {
        return Err(TextError::Empty);
    }
    Ok(t)
}

/// The contact line shown to consumers (may be empty): trimmed, at most
/// [`MAX_CONTACT_CHARS`] characters, one line.
pub fn contact_line(text: &str) -> Result<String, TextError> {
    bounded(text, MAX_CONTACT_CHARS)
}

fn bounded(text: &str, max: usize) -> Result<String, TextError> {
    let t = text.trim();
    if t.chars().any(char::is_control) {
        return Err(TextError::ControlCharacters);
    }
    if t.chars().count() > max {
        return Err(TextError::TooLong);
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn check(input: &str, expect: Option<&str>) {
        assert_eq!(
            Accent::parse(input).as_ref().map(Accent::as_str),
            expect,
            "{input:?}"
        );
    }

    #[test]
    fn accents() {
        check("#e6007a", Some("#e6007a"));
        check(" #E6007A ", Some("#e6007a"));
        check("#000000", Some("#000000"));
        for bad in [
            "",
            "#",
            "e6007a",
            "#e6007",
            "#e6007a0",
            "#e6007g",
            "#fff",
            "red",
            "#e6007a;",
            "#e6007a}",
            "#ｅ6007a",
            "rgb(1,2,3)",
        ] {
            check(bad, None);
        }
    }

    #[test]
    fn names_and_contacts() {
        assert_eq!(brand_name("  Acme 护肤 "), Ok("Acme 护肤".to_string()));
        assert_eq!(brand_name("   "), Err(TextError::Empty));
        assert_eq!(brand_name(&"品".repeat(60)), Ok("品".repeat(60)));
        assert_eq!(brand_name(&"品".repeat(61)), Err(TextError::TooLong));
        assert_eq!(brand_name("a\nb"), Err(TextError::ControlCharacters));
        assert_eq!(contact_line(""), Ok(String::new()));
        assert_eq!(
            contact_line("客服微信 acme-care"),
            Ok("客服微信 acme-care".to_string())
        );
        assert_eq!(contact_line(&"x".repeat(201)), Err(TextError::TooLong));
        assert_eq!(contact_line("a\u{7}"), Err(TextError::ControlCharacters));
    }
}
