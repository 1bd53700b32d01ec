//! The content middle platform (issue 17: content): templates (versioned),
//! materials, campaign policies, KOS notes and what content produced.
//! `MyTemplate` and `MyKosNote` are the staff app's projections (the
//! fields a phone page reads).

use rules::words::{MaterialKind, PolicyKind, TemplateKind};
use serde::{Deserialize, Serialize};

api_type! {
    /// A template as the operator writes it; saving an existing one makes
    /// its next version.
    pub struct TemplateForm {
        /// `topic`, `script`, `hook_title`, `hashtags`, `explanation`,
        /// `moments_copy` or `group_message`.
        pub kind: String,
        pub title: String,
        pub body: String,
        #[serde(default)]
        pub product: String,
        #[serde(default)]
        pub campaign_id: Option<String>,
        /// A platform (`xiaohongshu` …) or '' for any.
        #[serde(default)]
        pub platform: String,
        /// `shopping_assistant`, `topic_expert`, `personal_partner` or '' for any.
        #[serde(default)]
        pub kos_role: String,
        #[serde(default = "yes")]
        pub active: bool,
    }
}

fn yes() -> bool {
    true
}

api_type! {
    pub struct TemplateView {
        pub id: String,
        pub kind: TemplateKind,
        pub title: String,
        pub body: String,
        pub version: i64,
        pub product: String,
        pub campaign_id: Option<String>,
        pub platform: String,
        pub kos_role: String,
        pub active: bool,
        pub updated_at: i64,
    }
}

api_type! {
    /// The staff app's template: what the list and the copy button read.
    pub struct MyTemplate {
        pub id: String,
        pub kind: TemplateKind,
        pub title: String,
        pub body: String,
        pub version: i64,
        pub product: String,
        pub platform: String,
    }
}

api_type! {
    pub struct TemplateVersionView {
        pub version: i64,
        pub title: String,
        pub body: String,
        pub product: String,
        pub campaign_id: Option<String>,
        pub platform: String,
        pub kos_role: String,
        pub created_at: i64,
        pub created_by: String,
    }
}

api_type! {
    /// A template with every saved version, newest first.
    pub struct TemplateDetail {
        pub template: TemplateView,
        pub versions: Vec<TemplateVersionView>,
    }
}

api_type! {
    /// A material as the operator writes it: an image upload, or a video
    /// link (uploads take images only).
    pub struct MaterialForm {
        /// `image` or `video`.
        pub kind: String,
        pub title: String,
        #[serde(default)]
        pub upload_id: Option<String>,
        #[serde(default)]
        pub video_url: String,
        #[serde(default)]
        pub tags: Vec<String>,
        #[serde(default)]
        pub product: String,
        #[serde(default)]
        pub campaign_id: Option<String>,
        /// Who may use it, where, until when (free text, shown to staff).
        #[serde(default)]
        pub usage_rights: String,
        /// `YYYY-MM-DD`: hidden from staff after this day.
        #[serde(default)]
        pub expires_on: Option<String>,
    }
}

api_type! {
    pub struct MaterialView {
        pub id: String,
        pub kind: MaterialKind,
        pub title: String,
        pub upload_id: Option<String>,
        pub video_url: String,
        pub tags: Vec<String>,
        pub product: String,
        pub campaign_id: Option<String>,
        pub usage_rights: String,
        pub expires_on: Option<String>,
        /// Past its expiry day: staff no longer see it.
        pub expired: bool,
        pub updated_at: i64,
    }
}

api_type! {
    pub struct PolicyForm {
        pub campaign_id: String,
        /// `pricing` or `activity`.
        pub kind: String,
        pub title: String,
        pub body: String,
        #[serde(default)]
        pub starts_on: Option<String>,
        #[serde(default)]
        pub ends_on: Option<String>,
    }
}

api_type! {
    pub struct PolicyView {
        pub id: String,
        pub campaign_id: String,
        pub campaign_title: String,
        pub kind: PolicyKind,
        pub title: String,
        pub body: String,
        pub starts_on: Option<String>,
        pub ends_on: Option<String>,
        pub updated_at: i64,
    }
}

/// A staff member submits a published note's link (or share text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct KosNoteForm {
    pub link_text: String,
    /// The template the text came from.
    #[serde(default)]
    pub template_id: Option<String>,
    #[serde(default)]
    pub material_id: Option<String>,
    /// The staff member's own account it was published on.
    #[serde(default)]
    pub account_id: Option<String>,
}

api_type! {
    pub struct KosNoteView {
        pub id: String,
        pub staff_id: String,
        pub staff_name: String,
        pub store_id: String,
        pub template_id: Option<String>,
        pub template_version: Option<i64>,
        pub template_title: Option<String>,
        pub material_id: Option<String>,
        pub account_id: Option<String>,
        pub platform: String,
        pub note_key: String,
        pub canonical_url: String,
        pub submitted_at: i64,
        pub likes: i64,
        pub comments: i64,
        pub saves: i64,
        pub interactions: i64,
        pub metrics_on: Option<String>,
    }
}

api_type! {
    /// The staff app's note row.
    pub struct MyKosNote {
        pub id: String,
        pub staff_name: String,
        pub template_title: Option<String>,
        pub platform: String,
        pub canonical_url: String,
        pub submitted_at: i64,
        pub interactions: i64,
    }
}

api_type! {
    /// What one template or material produced.
    pub struct ContentResultView {
        pub id: String,
        pub title: String,
        pub kind: String,
        pub notes: i64,
        pub interactions: i64,
        /// Staff who used it.
        pub staff: i64,
        pub leads: i64,
    }
}

api_type! {
    pub struct ContentResults {
        pub templates: Vec<ContentResultView>,
        pub materials: Vec<ContentResultView>,
    }
}
