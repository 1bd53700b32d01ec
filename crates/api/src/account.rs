//! A member's data rights: the download of everything kept, and the answer to
//! erasing the account.

use crate::*;
use serde::{Deserialize, Serialize};

api_type! {
    /// Everything Seedbed holds about the signed-in member (data portability).
    pub struct MyData {
        pub member_id: String,
        pub brand: String,
        pub phone: String,
        pub joined_at: i64,
        /// With the version and time of the consent given.
        pub application: Option<ApplicationView>,
        pub submissions: Vec<SubmissionView>,
        pub ledger: Vec<LedgerEntryView>,
        pub exported_at: i64,
        /// What the SMS tables hold for the member's phone (codes not shown).
        pub sms: MySms,
    }
}

api_type! {
    /// Deleting the account needs the password again.
    pub struct AccountDeletion {
        pub password: String,
    }
}
