//! The staff entry's API functions (issue 17): the session and who is
//! signed in. Each KOS area adds its own file (`api_staff_<area>.rs`), so
//! the staff pages never write a path and areas never edit one list.

pub use api::StaffMe;
use api::{CodeSent, StaffCodeRequest, StaffCredentials};
use ui::{ApiFailure, Client};

/// Who is signed in as staff of `brand`; `None` when nobody is (401) or
/// the session is another brand's.
pub async fn staff_me(c: Client, brand: &str) -> Result<Option<StaffMe>, ApiFailure> {
    match c.get::<StaffMe>("/api/v1/staff/me").await {
        Ok(m) => Ok(Some(m).filter(|m| m.brand == brand)),
        Err(e) if e.status == 401 => Ok(None),
        Err(e) => Err(e),
    }
}

/// Signs in with the phone and either the password or an SMS code.
pub async fn staff_log_in(
    c: Client,
    brand: &str,
    body: &StaffCredentials,
) -> Result<StaffMe, ApiFailure> {
    c.post(&format!("/api/v1/brands/{brand}/staff/session"), body)
        .await
}

/// Sends a log-in code to a staff member's phone.
pub async fn staff_send_code(c: Client, brand: &str, phone: &str) -> Result<CodeSent, ApiFailure> {
    let body = StaffCodeRequest {
        phone: phone.to_string(),
    };
    c.post(&format!("/api/v1/brands/{brand}/staff/session/code"), &body)
        .await
}

pub async fn staff_log_out(c: Client) -> Result<(), ApiFailure> {
    c.delete("/api/v1/staff/session").await
}
