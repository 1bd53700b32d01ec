//! The staff entry's API functions (issue 17): the session and who is
//! signed in. Each KOS area adds its own file (`api_staff_<area>.rs`), so
//! the staff pages never write a path and areas never edit one list.

use api::CodeSent;
use serde::{Deserialize, Serialize};
use ui::{ApiFailure, Client};

// TEMPORARY until "KOS: organisation core" lands on main: the contract's
// `api::StaffMe`; replaced by `pub use api::StaffMe` on the merge.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StaffMe {
    pub id: String,
    pub name: String,
    pub role: String,
    pub kos_role: String,
    pub store_id: Option<String>,
    pub store_name: Option<String>,
    pub region_id: String,
    pub region_name: String,
}

/// Who is signed in as staff; `None` when nobody is (401).
pub async fn staff_me(c: Client) -> Result<Option<StaffMe>, ApiFailure> {
    match c.get::<StaffMe>("/api/v1/staff/me").await {
        Ok(m) => Ok(Some(m)),
        Err(e) if e.status == 401 => Ok(None),
        Err(e) => Err(e),
    }
}

/// A staff log-in: the phone with the password or with an SMS code.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StaffLogIn {
    pub phone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

pub async fn staff_log_in(
    c: Client,
    brand: &str,
    body: &StaffLogIn,
) -> Result<StaffMe, ApiFailure> {
    c.post(&format!("/api/v1/brands/{brand}/staff/session"), body)
        .await
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct StaffCodeRequest<'a> {
    phone: &'a str,
}

/// Sends a log-in code to a staff member's phone.
pub async fn staff_send_code(c: Client, brand: &str, phone: &str) -> Result<CodeSent, ApiFailure> {
    c.post(
        &format!("/api/v1/brands/{brand}/staff/session/code"),
        &StaffCodeRequest { phone },
    )
    .await
}

pub async fn staff_log_out(c: Client) -> Result<(), ApiFailure> {
    c.delete("/api/v1/staff/session").await
}
