//! Campaigns: the operator's form, the full view, the points rule shown with
//! it, and the consumer's projection.

use crate::*;
use serde::{Deserialize, Serialize};

api_type! {
    pub struct CampaignForm {
        pub title: String,
        pub brief: String,
        pub hashtags: Vec<String>,
        /// Allowed note platforms: `xiaohongshu`, `douyin`.
        pub platforms: Vec<String>,
        pub slots: i64,
        /// Last day of sign-up, `YYYY-MM-DD`.
        pub signup_closes: String,
        /// Last day to publish, `YYYY-MM-DD`.
        pub publish_by: String,
        /// Points settle on or after this day, `YYYY-MM-DD`.
        pub settlement_date: String,
        /// Percent applied to every note's points; 100 (the default) = none.
        #[serde(default = "hundred")]
        pub multiplier_percent: i64,
        /// A paid collaboration: notes must carry the platform's ad
        /// disclosure, declared by the member and confirmed by the reviewer.
        #[serde(default)]
        pub disclosure_required: bool,
        /// Lowest tier that may sign up: `member` (default, every approved
        /// KOC), `junior`, `intermediate` or `senior`.
        #[serde(default = "member_tier")]
        pub min_tier: String,
        /// `any` (default), `image` or `video`.
        #[serde(default = "any_note")]
        pub note_type: String,
        /// Products the notes feature, by name.
        #[serde(default)]
        pub products: Vec<String>,
        /// First day of sign-up, `YYYY-MM-DD`; empty: from publication.
        #[serde(default)]
        pub signup_opens: String,
        /// Save as a draft (edit, then publish) instead of publishing now.
        #[serde(default)]
        pub draft: bool,
        /// A trial with product samples: selected members publish within
        /// this many days of receiving theirs (0, the default: no samples).
        #[serde(default)]
        pub sample_days: i64,
    }
}

fn hundred() -> i64 {
    100
}

fn member_tier() -> String {
    "member".into()
}

fn any_note() -> String {
    "any".into()
}

api_type! {
    /// Where to copy a campaign: a theme (month) of the same brand. The
    /// copy is a draft with the same fields; dates are the operator's to set.
    pub struct DuplicateForm {
        pub theme_id: String,
    }
}

api_type! {
    /// The points rule a campaign froze when it was published.
    pub struct PointsRuleView {
        pub base: i64,
        pub interactions_per_step: i64,
        pub points_per_step: i64,
        pub engagement_cap: i64,
        pub viral_threshold: i64,
        pub viral_bonus: i64,
    }
}

api_type! {
    pub struct CampaignView {
        pub id: String,
        pub theme_id: String,
        pub title: String,
        pub brief: String,
        pub hashtags: Vec<String>,
        pub platforms: Vec<String>,
        pub slots: i64,
        pub signups: i64,
        /// `published` or `settled`.
        pub status: rules::CampaignStatus,
        pub signup_closes: String,
        pub publish_by: String,
        pub settlement_date: String,
        pub rule: PointsRuleView,
        /// The brand's rule-set version frozen at publication (0: first release).
        pub rule_version: i64,
        pub multiplier_percent: i64,
        /// Notes must carry the platform's ad disclosure.
        pub disclosure_required: bool,
        /// For a signed-in member: whether they have signed up.
        pub signed_up: bool,
        pub min_tier: String,
        pub note_type: rules::NoteType,
        pub products: Vec<String>,
        pub signup_opens: String,
        /// Sign-ups now selected.
        pub selected: i64,
        /// The operator has confirmed the selection.
        pub selection_confirmed: bool,
        /// For a signed-in member: their sign-up, if any.
        #[serde(default)]
        pub my_signup: Option<MySignup>,
        /// For a signed-in member who may not sign up: why (an error code:
        /// `application_not_approved`, `tier_too_low`, `signup_not_open`,
        /// `signup_closed`). `slots_full` only informs: a sign-up now
        /// joins the waitlist.
        #[serde(default)]
        pub blocked: Option<String>,
        /// Days to publish after receiving the product sample (0: none).
        #[serde(default)]
        pub sample_days: i64,
        /// For a selected member of a trial: where their sample is.
        #[serde(default)]
        pub my_sample: Option<MySample>,
    }
}

api_type! {
    /// The fields of a [`CampaignView`] the consumer app reads: it decodes
    /// the theme page into this (unknown fields are skipped), so the phone
    /// carries no decoder for the operators' fields. The server's tests
    /// check that every `CampaignView` decodes into it.
    pub struct MyCampaign {
        pub id: String,
        pub title: String,
        pub brief: String,
        pub hashtags: Vec<String>,
        pub platforms: Vec<String>,
        pub slots: i64,
        pub signups: i64,
        pub status: rules::CampaignStatus,
        pub signup_closes: String,
        pub publish_by: String,
        pub settlement_date: String,
        pub rule: PointsRuleView,
        pub disclosure_required: bool,
        pub selection_confirmed: bool,
        #[serde(default)]
        pub my_signup: Option<MySignup>,
        #[serde(default)]
        pub blocked: Option<String>,
        #[serde(default)]
        pub sample_days: i64,
        #[serde(default)]
        pub my_sample: Option<MySample>,
    }
}
