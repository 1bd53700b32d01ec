//! Operators' account security: changing a password, one-time reset links,
//! the TOTP second factor (enrolment, recovery codes, the log-in's second
//! step) and the brand's rule that owners need one.

use serde::{Deserialize, Serialize};

api_type! {
    /// An operator changes their own password; other sessions end.
    pub struct PasswordChange {
        pub current_password: String,
        pub new_password: String,
    }
}

api_type! {
    /// The log-in's answer (202) when the account has a second factor: the
    /// code goes with this token to `POST /api/v1/admin/session/second-factor`.
    pub struct SecondFactorNeeded {
        pub step_token: String,
        pub brand: String,
        /// Seconds the step stays valid.
        pub expires_in: i64,
    }
}

api_type! {
    /// The log-in's second step: a 6-digit code or a recovery code.
    pub struct SecondFactorForm {
        pub brand: String,
        pub step_token: String,
        pub code: String,
    }
}

api_type! {
    /// The caller's second factor.
    pub struct SecondFactorView {
        /// A confirmed second factor is on.
        pub enabled: bool,
        pub recovery_codes_left: i64,
        /// The brand requires one of its owners.
        pub owners_need_totp: bool,
    }
}

api_type! {
    /// A new enrolment: the secret for the authenticator app, as text and
    /// as a QR code (SVG). Shown once; confirmed by a first code.
    pub struct TotpEnrolment {
        pub secret: String,
        pub otpauth_url: String,
        pub qr_svg: String,
    }
}

api_type! {
    pub struct TotpCode {
        pub code: String,
    }
}

api_type! {
    /// Recovery codes, shown once: each replaces a code once.
    pub struct RecoveryCodes {
        pub codes: Vec<String>,
    }
}

api_type! {
    /// Turning the caller's second factor off needs their password.
    pub struct TotpOff {
        pub password: String,
    }
}

api_type! {
    /// The brand's security rules (owners).
    pub struct SecurityPolicy {
        /// Owners must have a second factor before doing anything else.
        pub owners_need_totp: bool,
    }
}

api_type! {
    /// A reset link an owner made for an operator (shown once).
    pub struct ResetLinkView {
        pub link: String,
        pub expires_at: i64,
        /// Also mailed to the operator (queued in the outbox).
        #[serde(default)]
        pub mailed: bool,
    }
}

api_type! {
    /// What a reset link opens.
    pub struct PasswordResetView {
        pub brand_name: String,
        pub email: String,
        /// Used already, or expired: it cannot be used.
        pub usable: bool,
    }
}

api_type! {
    pub struct NewPassword {
        pub password: String,
    }
}
