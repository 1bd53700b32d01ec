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
        /// Campaign sign-ups and their outcome.
        #[serde(default)]
        pub signups: Vec<SignupRecord>,
        /// Tasks with the answers given and the reviewers' reasons.
        #[serde(default)]
        pub tasks: Vec<AssignmentView>,
        /// Sample requests with the address given and the shipment.
        #[serde(default)]
        pub samples: Vec<SampleView>,
        /// The inbox.
        #[serde(default)]
        pub inbox: Vec<NotificationView>,
        /// Files uploaded (the bytes at `GET /api/v1/me/uploads/{id}`).
        #[serde(default)]
        pub uploads: Vec<UploadView>,
        /// Every tier change, oldest first.
        #[serde(default)]
        pub tier_history: Vec<TierChangeRecord>,
        /// What the SMS tables hold for the member's phone (codes not shown).
        pub sms: MySms,
        /// issue 16: checkout. Points held at the brand's tills.
        #[serde(default)]
        pub checkout_holds: Vec<HoldView>,
        /// Rewards redeemed, with codes and shipping details (issue 16).
        #[serde(default)]
        pub redemptions: Vec<RedemptionRecord>,
        /// The class that counts, how it was computed, and every operator
        /// override with its reason.
        #[serde(default)]
        pub class: Option<ClassView>,
        #[serde(default)]
        pub class_overrides: Vec<ClassOverrideView>,
        /// issue 17: leads. What the brand's staff recorded of the member's
        /// phone as a KOS lead (the stage, store, consent, tags).
        #[serde(default)]
        pub kos_leads: Vec<LeadView>,
    }
}

api_type! {
    /// Deleting the account needs the password again.
    pub struct AccountDeletion {
        pub password: String,
    }
}

api_type! {
    /// A sign-up as the data download lists it.
    pub struct SignupRecord {
        pub campaign_id: String,
        /// `pending`, `selected`, `waitlisted`, `not_selected` or `withdrawn`.
        pub status: rules::SignupStatus,
        pub waitlist_pos: Option<i64>,
        pub signed_up_at: i64,
        pub decided_at: Option<i64>,
    }
}

api_type! {
    /// One tier change as the data download lists it.
    pub struct TierChangeRecord {
        /// `YYYY-MM-DD`, in the brand's zone.
        pub on: String,
        /// `member`, `junior`, `intermediate` or `senior`.
        pub from: String,
        pub to: String,
        /// Why, as recorded: a code and its figures (JSON, e.g.
        /// `{"code":"approved_notes","notes":1}`).
        pub reason: String,
    }
}
