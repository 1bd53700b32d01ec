//! The TOTP second factor (RFC 6238: HMAC-SHA1, 6 digits, 30-second
//! steps, one step of clock skew either way) through the `totp-rs` crate,
//! the enrolment QR code (`qrcode`, as recruitment links), and recovery
//! codes.
//!
//! A secret is 160 random bits (RFC 4226's recommendation), shown once as
//! base32 and as an `otpauth://` QR code. [`check`] answers the time step a
//! code matched; the store accepts each step once (`use_totp_step`), so a
//! code seen over a shoulder cannot be replayed. Recovery codes are 80
//! random bits each, shown once and kept as SHA-256 hashes (their entropy
//! makes a slow hash unnecessary), each usable once.

use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// Recovery codes made at enrolment.
pub const RECOVERY_CODES: usize = 10;
const STEP_SECS: u64 = 30;

fn totp(secret: &[u8], digits: u8, issuer: Option<&str>, account: &str) -> Option<Totp> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(digits)
        .with_skew(1)
        .with_step_duration(STEP_SECS)
        .with_secret(secret.to_vec())
        .with_issuer(issuer.map(str::to_owned))
        .with_account_name(account.to_owned())
        .build()
        .ok()
}

/// A new secret, base32 without padding.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    Secret::from(bytes.to_vec()).to_base32()
}

/// The time step (`unix time / 30`) whose code `code` is, within one step
/// of `now`, or `None`. Spaces in the code are ignored.
pub fn check(secret_base32: &str, code: &str, now: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    let t = totp(secret.as_bytes(), 6, None, "")?;
    let step = t.check(&code, u64::try_from(now).ok()?)?;
    i64::try_from(step).ok()
}

/// The code for `secret` at `now` (tests, and the demo's documentation).
pub fn code_at(secret_base32: &str, now: i64) -> String {
    let secret = Secret::try_from_base32(secret_base32).expect("a secret this module made");
    totp(secret.as_bytes(), 6, None, "")
        .expect("a 160-bit secret is valid")
        .generate(now as u64)
        .to_string()
}

/// The `otpauth://totp/…` address authenticator apps read from the QR
/// code. A `:` may not appear in the issuer or account: replaced.
pub fn otpauth_url(secret_base32: &str, issuer: &str, account: &str) -> Option<String> {
    let clean = |s: &str| s.replace(':', " ");
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    totp(secret.as_bytes(), 6, Some(&clean(issuer)), &clean(account))?
        .to_url()
        .ok()
}

/// The QR code of `text` as an SVG document.
pub fn qr_svg(text: &str) -> Option<String> {
    let code =
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

/// New recovery codes (`xxxx-xxxx-xxxx-xxxx`, base32 lower case) and
/// their hashes to store.
pub fn new_recovery_codes() -> (Vec<String>, Vec<String>) {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 10];
            getrandom::fill(&mut bytes).expect("the OS random source is available");
            let plain = Secret::from(bytes.to_vec()).to_base32().to_lowercase();
            let code = plain
                .as_bytes()
                .chunks(4)
                .map(|c| std::str::from_utf8(c).expect("base32 is ASCII"))
                .collect::<Vec<_>>()
                .join("-");
            let hash = recovery_hash(&code);
            (code, hash)
        })
        .unzip()
}

/// The stored hash of a recovery code as typed (dashes, spaces and case
/// do not matter).
pub fn recovery_hash(code: &str) -> String {
    let norm: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    crate::hex(&Sha256::digest(
        format!("seedbed-recovery:{norm}").as_bytes(),
    ))
}

/// Whether `text` looks like a recovery code rather than a 6-digit code.
pub fn is_recovery_code(text: &str) -> bool {
    text.chars().filter(char::is_ascii_alphanumeric).count() == 16
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows: the secret is the ASCII text
    /// "12345678901234567890", codes of 8 digits.
    #[test]
    fn rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        let t = totp(secret, 8, None, "").unwrap();
        for (time, want) in [
            (59u64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(t.generate(time).to_string(), want, "T = {time}");
        }
    }

    #[test]
    fn codes_match_within_one_step_and_name_it() {
        let s = new_secret();
        assert_eq!(s.len(), 32, "160 bits in base32: {s}");
        let now = 1_800_000_015;
        let code = code_at(&s, now);
        assert_eq!(check(&s, &code, now), Some(now / 30));
        assert_eq!(check(&s, &code, now + 30), Some(now / 30), "skew");
        assert_eq!(check(&s, &code, now + 90), None, "too late");
        assert_eq!(
            check(&s, &format!("{} {}", &code[..3], &code[3..]), now),
            Some(now / 30)
        );
        assert_eq!(check(&s, "12345", now), None);
        assert_eq!(check(&s, "abcdef", now), None);
        assert_eq!(check("not base32!", &code, now), None);
    }

    #[test]
    fn enrolment_address_and_qr_code() {
        let s = new_secret();
        let url = otpauth_url(&s, "Demo: Brand", "owner@demo.test").unwrap();
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(url.contains(&format!("secret={s}")), "{url}");
        assert!(url.contains("issuer=Demo"), "{url}");
        let svg = qr_svg(&url).unwrap();
        assert!(svg.contains("<svg"), "{svg}");
    }

    #[test]
    fn recovery_codes_are_random_and_hashed() {
        let (codes, hashes) = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let unique: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), RECOVERY_CODES);
        assert!(
            codes.iter().all(|c| c.len() == 19 && is_recovery_code(c)),
            "{codes:?}"
        );
        assert_eq!(
            hashes[0],
            recovery_hash(&codes[0].to_uppercase().replace('-', " "))
        );
        assert_ne!(hashes[0], codes[0]);
        assert!(!is_recovery_code("123456"));
    }
}
