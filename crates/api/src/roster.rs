//! The roster: the operators' list of every member of the program, a
//! member's page, class overrides, kinds of KOC, group invitations, and the
//! member's perks (`MyPerks`, a projection for the `me` entry).

use serde::{Deserialize, Serialize};

api_type! {
    /// One member on the roster.
    pub struct RosterRowView {
        pub member_id: String,
        pub display_name: String,
        pub city: String,
        pub channel: rules::Channel,
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub tier: rules::Tier,
        /// The class that counts (an override wins); none before the first
        /// settlement.
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub class: Option<rules::MemberClass>,
        /// The class is an operator's override.
        pub overridden: bool,
        pub domain: rules::KocDomain,
        pub origin: rules::KocOrigin,
        /// When the application was approved (UNIX seconds).
        pub joined_at: i64,
        /// Notes submitted, approved, and viral among the approved.
        pub notes: i64,
        pub approved: i64,
        pub viral: i64,
        /// Available points and their cash value in fen at the brand's rate.
        pub balance: i64,
        pub balance_fen: i64,
        /// The latest submission, sign-up or task hand-in.
        pub last_active_at: Option<i64>,
    }
}

api_type! {
    pub struct RosterPageView {
        /// Members matching the filters, over all pages.
        pub total: i64,
        pub rows: Vec<RosterRowView>,
    }
}

api_type! {
    /// A member's class: what counts, what settlement computed and why.
    pub struct ClassView {
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub class: Option<rules::MemberClass>,
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub computed: Option<rules::MemberClass>,
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub override_class: Option<rules::MemberClass>,
        pub computed_at: Option<i64>,
        /// Hundredths of a point, 0–10,000.
        pub score: Option<i64>,
        /// Each weighted part (`task_completion`, `content_quality`,
        /// `skill`, `influence`).
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
        pub parts: Vec<rules::ScorePart>,
    }
}

api_type! {
    /// An override of a member's class, or its removal (`class` none).
    pub struct ClassOverrideView {
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub class: Option<rules::MemberClass>,
        pub reason: String,
        pub by: String,
        pub at: i64,
    }
}

api_type! {
    /// Set (`class`) or remove (`class` null) the operator's class; a
    /// reason is required either way.
    pub struct ClassOverrideForm {
        /// Required: `null` (not absent) removes the override.
        #[serde(deserialize_with = "present")]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub class: Option<rules::MemberClass>,
        pub reason: String,
    }
}

/// An `Option` that must be present (`null` allowed): serde treats a
/// missing field as an error when it has its own deserializer.
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d)
}

api_type! {
    pub struct KindForm {
        pub domain: rules::KocDomain,
        pub origin: rules::KocOrigin,
    }
}

api_type! {
    /// A sign-up with its campaign and outcome, on the member's page.
    pub struct MemberSignupView {
        pub campaign_id: String,
        pub campaign_title: String,
        pub status: rules::SignupStatus,
        pub signed_up_at: i64,
    }
}

api_type! {
    /// One operator's view of the member's page (the audit trail).
    pub struct MemberViewLine {
        pub by: String,
        pub at: i64,
    }
}

api_type! {
    /// Everything about one member, for operators. Contacts are masked;
    /// each opening of this page is audited (`member.view`).
    pub struct MemberPageView {
        pub member: RosterRowView,
        pub application: Option<crate::ApplicationView>,
        pub notes: Vec<crate::SubmissionView>,
        pub signups: Vec<MemberSignupView>,
        pub tasks: Vec<crate::AssignmentView>,
        pub tier_history: Vec<crate::TierChangeRecord>,
        pub class: ClassView,
        pub overrides: Vec<ClassOverrideView>,
        /// The latest 50 postings.
        pub ledger: Vec<crate::LedgerEntryView>,
        /// The member's latest 50 redemptions (codes and contacts masked,
        /// as in the redemptions list).
        #[serde(default)]
        pub redemptions: Vec<crate::RedemptionView>,
        /// The inbox lines sent to the member, newest first.
        pub inbox: Vec<crate::NotificationView>,
        /// Who opened this page, newest first (this view included).
        pub views: Vec<MemberViewLine>,
    }
}

api_type! {
    /// A group the brand invites members of a tier and class to.
    pub struct GroupLinkView {
        pub id: String,
        pub title: String,
        /// The group's invitation link (or what its QR code holds).
        pub url: String,
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub min_tier: Option<rules::Tier>,
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub min_class: Option<rules::MemberClass>,
    }
}

api_type! {
    pub struct GroupLinkForm {
        pub title: String,
        pub url: String,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub min_tier: Option<rules::Tier>,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub min_class: Option<rules::MemberClass>,
    }
}

api_type! {
    /// An invitation shown to a qualifying member.
    pub struct MyGroup {
        pub title: String,
        pub url: String,
    }
}

api_type! {
    /// The member's perks in the `me` entry: tier, class, and the groups
    /// they are invited to.
    pub struct MyPerks {
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        pub tier: rules::Tier,
        #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
        pub class: Option<rules::MemberClass>,
        pub groups: Vec<MyGroup>,
    }
}
