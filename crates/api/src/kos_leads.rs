//! KOS leads (issue 17): a staff member's leads and their stages, tags
//! from the brand's dictionary and personal tags, the funnels, the QR
//! codes and the walk-in's form. Contacts arrive masked unless the caller
//! is the lead's own staff member (or asked to see them, audited).

use rules::words::{FunnelBy, LeadSource, LeadStage};
use serde::{Deserialize, Serialize};

api_type! {
    /// A lead as a staff member adds it on the phone.
    pub struct LeadForm {
        /// A phone number (any spelling; stored normalised), or empty.
        #[serde(default)]
        pub phone: String,
        /// A WeChat ID or nickname, or empty (one of the two is needed).
        #[serde(default)]
        pub handle: String,
        /// Where they came from: `xiaohongshu`, `douyin`, … (empty: met in
        /// the store).
        #[serde(default)]
        pub source_platform: Option<String>,
        /// The staff member's KOS note they came from.
        #[serde(default)]
        pub source_note_id: Option<String>,
        /// The content template that note was made from.
        #[serde(default)]
        pub template_id: Option<String>,
        /// The stage they are at (default `contacted`).
        #[serde(default)]
        pub stage: Option<String>,
        /// They agreed to be contacted and to their contact being kept.
        pub consent: bool,
        /// Tag ids: the brand's and the staff member's own.
        #[serde(default)]
        pub tags: Vec<String>,
    }
}

api_type! {
    /// A lead. `phone` and `handle` are whole for the lead's own staff
    /// member, masked (`contact_masked`) for managers and operators.
    pub struct LeadView {
        pub id: String,
        pub staff_id: String,
        pub staff_name: String,
        pub store_id: String,
        pub store_name: String,
        pub source: LeadSource,
        pub source_platform: String,
        pub source_note_id: Option<String>,
        pub template_id: Option<String>,
        pub phone: String,
        pub handle: String,
        pub contact_masked: bool,
        pub consent: bool,
        pub consent_at: Option<i64>,
        pub stage: LeadStage,
        pub stage_at: i64,
        pub created_at: i64,
        /// Erased on request: no contact, no tags.
        pub erased: bool,
        pub tags: Vec<String>,
    }
}

api_type! {
    /// One page of leads and how many match.
    pub struct LeadPage {
        pub total: i64,
        pub leads: Vec<LeadView>,
    }
}

api_type! {
    /// Moves a lead to a later stage (one tap: the next one).
    pub struct LeadMoveForm {
        pub stage: String,
        /// A purchase's amount in fen.
        #[serde(default)]
        pub amount_fen: Option<i64>,
    }
}

api_type! {
    /// The lead's tags, replacing the ones it has.
    pub struct LeadTagsForm {
        pub tags: Vec<String>,
    }
}

api_type! {
    /// A lead's whole contact (audited).
    pub struct LeadContact {
        pub phone: String,
        pub handle: String,
    }
}

api_type! {
    /// One stage change, dated and attributed.
    pub struct LeadEventView {
        pub from_stage: Option<LeadStage>,
        pub to_stage: LeadStage,
        /// `staff`, `operator` or `system` (a walk-in's scan).
        pub actor_kind: String,
        pub actor_id: String,
        pub at: i64,
        pub amount_fen: Option<i64>,
    }
}

api_type! {
    pub struct TagView {
        pub id: String,
        /// Empty for a personal tag.
        pub group_id: String,
        pub name: String,
        pub personal: bool,
    }
}

api_type! {
    pub struct TagGroupView {
        pub id: String,
        pub name: String,
        pub tags: Vec<TagView>,
    }
}

api_type! {
    /// The brand's tag groups with their tags, and the caller's personal
    /// tags (staff only).
    pub struct TagDictionary {
        pub groups: Vec<TagGroupView>,
        pub personal: Vec<TagView>,
    }
}

api_type! {
    pub struct TagGroupForm {
        pub name: String,
    }
}

api_type! {
    /// A brand tag (operators: `group_id` names its group) or a personal
    /// tag (staff: no group).
    pub struct TagForm {
        #[serde(default)]
        pub group_id: Option<String>,
        pub name: String,
    }
}

api_type! {
    /// One line of a funnel. Arrays are indexed by stage (contacted = 0 …
    /// repurchased = 5): leads at the stage now, leads that reached it,
    /// the conversion from each stage to the next in per mille (5
    /// entries; none when nobody reached the earlier one), and the mean
    /// and median seconds spent in each stage (none when no stay ended).
    pub struct FunnelLine {
        pub key: String,
        pub label: String,
        pub at_stage: Vec<i64>,
        pub reached: Vec<i64>,
        pub conversion_permille: Vec<Option<i64>>,
        pub mean_secs: Vec<Option<i64>>,
        pub median_secs: Vec<Option<i64>>,
    }
}

api_type! {
    /// A funnel: one line per group and the total line.
    pub struct FunnelView {
        pub by: FunnelBy,
        pub lines: Vec<FunnelLine>,
        pub total: FunnelLine,
    }
}

api_type! {
    /// Whether the staff member is on shift (the store's live code hands
    /// walk-ins to those on shift first).
    pub struct DutyView {
        pub on_duty: bool,
    }
}

api_type! {
    /// The links the staff member's personal QR code and their store's
    /// live code open (the SVG images are served beside).
    pub struct MyCodes {
        pub personal_url: String,
        pub store_url: Option<String>,
    }
}

api_type! {
    /// What a walk-in leaves after scanning a code.
    pub struct WalkInForm {
        /// The code in the link: `p-{staff id}` or `s-{store id}`.
        pub code: String,
        #[serde(default)]
        pub phone: String,
        #[serde(default)]
        pub handle: String,
        pub consent: bool,
    }
}

api_type! {
    /// Who will be in touch.
    pub struct WalkInAnswer {
        pub staff_name: String,
        pub store_name: String,
    }
}
