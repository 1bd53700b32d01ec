//! The staff app's session (issue 17): a KOS staff member signs in by
//! phone, with a password or an SMS code, and reads who they are.

use serde::{Deserialize, Serialize};

api_type! {
    /// A staff member's log-in: the phone and either a password or the
    /// code sent by `POST /api/v1/brands/{brand}/staff/session/code`.
    pub struct StaffCredentials {
        pub phone: String,
        #[serde(default)]
        pub password: Option<String>,
        #[serde(default)]
        pub code: Option<String>,
    }
}

api_type! {
    /// Ask for a log-in code for a staff member's phone. The answer is the
    /// same whether or not the phone belongs to the brand's staff.
    pub struct StaffCodeRequest {
        pub phone: String,
    }
}

api_type! {
    /// The signed-in staff member, their store and region.
    pub struct StaffMe {
        pub id: String,
        pub brand: String,
        pub name: String,
        pub role: rules::StaffRole,
        pub kos_role: rules::KosRole,
        /// None for a regional manager.
        pub store_id: Option<String>,
        pub store_name: Option<String>,
        pub region_id: String,
        pub region_name: String,
    }
}

api_type! {
    /// A dated line of a staff member's history in the organisation.
    pub struct StaffMoveView {
        pub kind: rules::StaffMoveKind,
        pub from_store_id: Option<String>,
        pub to_store_id: Option<String>,
        /// `yyyy-mm-dd`.
        pub on_date: String,
    }
}

api_type! {
    /// Everything the organisation holds about the signed-in staff member
    /// (their own data download).
    pub struct StaffMyData {
        pub me: StaffMe,
        pub phone: String,
        pub employee_no: String,
        pub joined_on: String,
        pub left_on: Option<String>,
        pub moves: Vec<StaffMoveView>,
    }
}
