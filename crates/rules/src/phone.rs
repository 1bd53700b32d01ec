//! Mainland China mobile numbers, the consumer's login name.
//!
//! Users type numbers with spaces, dashes or a `+86` prefix; a [`Phone`]
//! always holds the bare 11 digits so `13800000001` and `+86 138-0000-0001`
//! are the same member.

use std::fmt;

/// An 11-digit mainland mobile number (`1[3-9]xxxxxxxxx`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Phone(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// Not an 11-digit mobile number starting with 13–19.
    Malformed,
}

impl PhoneError {
    pub fn code(self) -> &'static str {
        "phone_malformed"
    }
}

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let mut digits = String::with_capacity(11);
        let trimmed = input.trim();
        let rest = trimmed
            .strip_prefix("+86")
            .or_else(|| trimmed.strip_prefix("0086"))
            .unwrap_or(trimmed);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' => {}
                _ => return Err(PhoneError::Malformed),
            }
        }
        let b = digits.as_bytes();
        if b.len() != 11 || b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
            return Err(PhoneError::Malformed);
        }
        Ok(Phone(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****0001`, for lists and logs that must not show the whole number.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// A contact (phone or WeChat ID) as lists and logs show it: a mobile
/// number as `138****0001`, anything else with its middle starred
/// (`wx****23`), short ones wholly starred.
pub fn mask_contact(contact: &str) -> String {
    if let Ok(p) = Phone::parse(contact) {
        return p.masked();
    }
    let chars: Vec<char> = contact.trim().chars().collect();
    if chars.len() < 6 {
        return "****".into();
    }
    let mut out: String = chars[..2].iter().collect();
    out.push_str("****");
    out.extend(&chars[chars.len() - 2..]);
    out
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // On wasm32 the same tests run in Node through wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn contacts_are_masked() {
        for (contact, masked) in [
            ("13800000001", "138****0001"),
            ("+86 138-0000-0001", "138****0001"),
            ("wxid_lin2023", "wx****23"),
            ("小雨的微信号", "小雨****信号"),
            ("abc12", "****"),
            ("", "****"),
        ] {
            assert_eq!(mask_contact(contact), masked, "{contact}");
        }
    }

    fn check(input: &str, expect: Option<&str>) {
        assert_eq!(
            Phone::parse(input).ok().as_ref().map(Phone::as_str),
            expect,
            "{input:?}"
        );
    }

    #[test]
    fn parses_common_spellings() {
        check("13800000001", Some("13800000001"));
        check(" +86 138-0000-0001 ", Some("13800000001"));
        check("0086 19912345678", Some("19912345678"));
        check("1380000000", None);
        check("138000000012", None);
        check("12800000001", None);
        check("23800000001", None);
        check("1380000000a", None);
        check("", None);
        check("１３８００００００01", None);
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(Phone::parse("13812345678").unwrap().masked(), "138****5678");
    }
}
