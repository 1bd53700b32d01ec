//! The KOS organisation's people (issue 17, org area): regions, stores
//! and staff as the admin lists and edits them, moves and leaving, CSV
//! imports, the KOS roles' competency profiles with ratings, and the
//! persona checklist (the staff app's "my profile", the managers' team).
//! Phones are masked in every view (`139****0001`).

use crate::RowError;
use serde::{Deserialize, Serialize};

api_type! {
    pub struct KosRegionView {
        pub id: String,
        pub name: String,
    }
}

api_type! {
    /// A new region, or a region's new name.
    pub struct KosRegionForm {
        pub name: String,
    }
}

api_type! {
    pub struct KosStoreView {
        pub id: String,
        pub region_id: String,
        pub region_name: String,
        /// The brand's store number (trimmed, upper-case).
        pub code: String,
        pub name: String,
        pub city: String,
        pub address: String,
        /// `open` or `closed`.
        pub status: String,
        /// Staff working there now.
        pub staff: i64,
    }
}

api_type! {
    pub struct KosStorePage {
        pub rows: Vec<KosStoreView>,
        pub total: i64,
    }
}

api_type! {
    /// A new store.
    pub struct KosStoreCreate {
        pub region_id: String,
        pub code: String,
        pub name: String,
        #[serde(default)]
        pub city: String,
        #[serde(default)]
        pub address: String,
    }
}

api_type! {
    /// A store's fields (its code is its key and stays).
    pub struct KosStoreEdit {
        pub region_id: String,
        pub name: String,
        pub city: String,
        pub address: String,
        /// `open` or `closed`.
        pub status: String,
    }
}

api_type! {
    /// A staff member in a list.
    pub struct KosStaffView {
        pub id: String,
        pub name: String,
        /// Masked: `139****0001`.
        pub phone: String,
        pub role: rules::StaffRole,
        pub kos_role: rules::KosRole,
        pub region_id: String,
        pub region_name: String,
        pub store_id: Option<String>,
        pub store_code: Option<String>,
        pub store_name: Option<String>,
        pub employee_no: String,
        /// `yyyy-mm-dd`.
        pub joined_on: String,
        pub left_on: Option<String>,
        /// Persona completeness, 0–100.
        pub persona_percent: i64,
    }
}

api_type! {
    pub struct KosStaffPage {
        pub rows: Vec<KosStaffView>,
        pub total: i64,
    }
}

api_type! {
    /// A dated line of a staff member's history.
    pub struct KosStaffMoveView {
        pub kind: rules::StaffMoveKind,
        pub from_store: Option<String>,
        pub to_store: Option<String>,
        /// `yyyy-mm-dd`.
        pub on_date: String,
    }
}

api_type! {
    /// The persona checklist, as ticked, with its score.
    pub struct KosPersonaView {
        pub real_name: bool,
        /// The profile photo (an upload of the staff member).
        pub photo_upload_id: Option<String>,
        pub store_in_profile: bool,
        pub location_in_notes: bool,
        pub reply_habits: bool,
        /// 0–100.
        pub percent: i64,
        /// `real_name`, `photo`, `store_in_profile`, `location_in_notes`,
        /// `reply_habits`: what is still missing, in checklist order.
        pub missing: Vec<String>,
    }
}

api_type! {
    /// The persona checklist to save (the staff member's own).
    pub struct KosPersonaForm {
        pub real_name: bool,
        #[serde(default)]
        pub photo_upload_id: Option<String>,
        pub store_in_profile: bool,
        pub location_in_notes: bool,
        pub reply_habits: bool,
    }
}

api_type! {
    /// One competency of the staff member's KOS role, with the ratings.
    pub struct KosRatingView {
        pub competency_id: String,
        pub name: String,
        pub description: String,
        /// 1–5, the staff member's own.
        pub self_score: Option<i64>,
        /// 1–5, their manager's (or an operator's).
        pub manager_score: Option<i64>,
    }
}

api_type! {
    /// A rating of one competency, 1–5.
    pub struct KosRatingForm {
        pub competency_id: String,
        pub score: i64,
    }
}

api_type! {
    /// A staff member with their history, persona and ratings.
    pub struct KosStaffDetail {
        pub staff: KosStaffView,
        pub moves: Vec<KosStaffMoveView>,
        pub persona: KosPersonaView,
        pub ratings: Vec<KosRatingView>,
        /// Mean of the manager's ratings in tenths (37 = 3.7).
        pub manager_mean_tenths: Option<i64>,
    }
}

api_type! {
    /// The staff app's "my profile": the persona and the competencies.
    pub struct MyKosProfile {
        pub persona: KosPersonaView,
        pub ratings: Vec<KosRatingView>,
    }
}

api_type! {
    /// A new staff member (they sign in with an SMS code until a password
    /// is set). A regional manager names a region and no store; everyone
    /// else a store (its region follows).
    pub struct KosStaffCreate {
        pub name: String,
        pub phone: String,
        pub role: rules::StaffRole,
        pub kos_role: rules::KosRole,
        #[serde(default)]
        pub store_id: Option<String>,
        #[serde(default)]
        pub region_id: Option<String>,
        #[serde(default)]
        pub employee_no: String,
        /// `yyyy-mm-dd`.
        pub joined_on: String,
    }
}

api_type! {
    /// A staff member's fields (where they work changes by a move).
    pub struct KosStaffEdit {
        pub name: String,
        pub phone: String,
        pub role: rules::StaffRole,
        pub kos_role: rules::KosRole,
        pub employee_no: String,
    }
}

api_type! {
    /// A move to another store, or a return after leaving.
    pub struct KosStaffMoveForm {
        pub store_id: String,
        /// `yyyy-mm-dd`.
        pub on_date: String,
    }
}

api_type! {
    /// Leaving: the date and who takes over the accounts and leads, a
    /// working colleague or a store (exactly one).
    pub struct KosLeaveForm {
        /// `yyyy-mm-dd`.
        pub on_date: String,
        #[serde(default)]
        pub to_staff_id: Option<String>,
        #[serde(default)]
        pub to_store_id: Option<String>,
    }
}

api_type! {
    /// What a CSV import did: rows created, changed, already so, and every
    /// refused row with its line and code (nothing of a refused row is
    /// written; the rest is, in one transaction).
    pub struct KosImportResult {
        pub created: i64,
        pub updated: i64,
        pub unchanged: i64,
        pub errors: Vec<RowError>,
    }
}

api_type! {
    pub struct KosCompetencyView {
        pub id: String,
        pub kos_role: rules::KosRole,
        pub name: String,
        pub description: String,
        pub position: i64,
    }
}

api_type! {
    pub struct KosCompetencyForm {
        pub kos_role: rules::KosRole,
        pub name: String,
        #[serde(default)]
        pub description: String,
    }
}
