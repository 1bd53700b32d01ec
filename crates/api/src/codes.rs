//! SMS codes for members: asking for one, and the three things a code
//! does (sign up, log in without a password, set a forgotten password).

use serde::{Deserialize, Serialize};

api_type! {
    /// Ask for a code to be sent to a phone. The answer is the same
    /// whether or not the phone has an account.
    pub struct CodeRequest {
        pub phone: String,
        /// `sign_up`, `log_in` or `reset`.
        pub purpose: rules::words::CodePurpose,
    }
}

api_type! {
    /// A code is on its way (or, for a phone that cannot use one for this
    /// purpose, a message saying so; the answer does not tell which).
    pub struct CodeSent {
        /// Seconds before another code may be asked for this phone.
        pub resend_after: i64,
        /// Seconds the code stays valid.
        pub valid_for: i64,
    }
}

api_type! {
    /// Sign-up of a consumer: phone, the code sent to it, and a password.
    pub struct MemberSignUp {
        pub phone: String,
        pub code: String,
        pub password: String,
    }
}

api_type! {
    /// Log-in with a code instead of a password ("验证码登录").
    pub struct CodeLogIn {
        pub phone: String,
        pub code: String,
    }
}

api_type! {
    /// A forgotten password replaced, with a code sent to the phone.
    pub struct PasswordReset {
        pub phone: String,
        pub code: String,
        pub password: String,
    }
}

api_type! {
    /// What the SMS tables hold about the member's phone, in their data
    /// download: texts, codes and the send counter (never a code itself).
    pub struct MySms {
        pub texts: Vec<SmsRecord>,
        pub codes: Vec<SmsCodeRecord>,
        /// Codes sent to the phone on `counter_day` (UTC), and the last send.
        pub sends_on_counter_day: i64,
        pub counter_day: Option<String>,
        pub last_send_at: Option<i64>,
    }
}

api_type! {
    /// A code held for the phone: what for, when, tries spent, whether used.
    pub struct SmsCodeRecord {
        pub purpose: rules::words::CodePurpose,
        pub created_at: i64,
        pub expires_at: i64,
        pub tries: i64,
        pub used_at: Option<i64>,
    }
}

api_type! {
    /// A text message sent (or waiting to be sent) to the member's phone,
    /// in their data download; the code itself is never shown.
    pub struct SmsRecord {
        /// `code` or `registered`.
        pub template: String,
        pub created_at: i64,
        pub sent_at: Option<i64>,
    }
}
