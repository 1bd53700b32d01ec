//! The staff entry's organisation calls (issue 17, org): the staff
//! member's persona checklist, photo and self-ratings; a manager's team.

use api::{KosPersonaForm, KosRatingForm, KosStaffDetail, KosStaffPage, MyKosProfile, UploadView};
use ui::{ApiFailure, Client};

pub async fn my_profile(c: Client) -> Result<MyKosProfile, ApiFailure> {
    c.get("/api/v1/staff/profile").await
}

pub async fn save_persona(c: Client, body: &KosPersonaForm) -> Result<MyKosProfile, ApiFailure> {
    c.put("/api/v1/staff/profile/persona", body).await
}

pub async fn rate_myself(c: Client, body: &KosRatingForm) -> Result<MyKosProfile, ApiFailure> {
    c.put("/api/v1/staff/profile/ratings", body).await
}

pub async fn upload_photo(c: Client, file: &web_sys::Blob) -> Result<UploadView, ApiFailure> {
    c.upload("/api/v1/staff/uploads", file).await
}

/// A staff member's photo, as an `<img src>` (same-origin, the session
/// cookie goes with it).
pub fn photo_url(id: &str) -> String {
    format!("/api/v1/staff/photos/{id}")
}

/// The manager's team (their store or region), working staff.
pub async fn team(c: Client) -> Result<KosStaffPage, ApiFailure> {
    c.get("/api/v1/staff/team?limit=200").await
}

pub async fn team_member(c: Client, id: &str) -> Result<KosStaffDetail, ApiFailure> {
    c.get(&format!("/api/v1/staff/team/{id}")).await
}

pub async fn rate_team_member(
    c: Client,
    id: &str,
    body: &KosRatingForm,
) -> Result<KosStaffDetail, ApiFailure> {
    c.put(&format!("/api/v1/staff/team/{id}/ratings"), body)
        .await
}
