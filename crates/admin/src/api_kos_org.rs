//! The KOS organisation's requests (issue 17, org area): regions, stores
//! and staff, imports, moves and leaving, the competency profiles. Kept
//! beside `api` (one file per KOS area) so the areas never edit one list;
//! pages still never write a path.

use api::{
    KosCompetencyForm, KosCompetencyView, KosImportResult, KosLeaveForm, KosRatingForm,
    KosRegionForm, KosRegionView, KosStaffCreate, KosStaffDetail, KosStaffEdit, KosStaffMoveForm,
    KosStaffPage, KosStoreCreate, KosStorePage, KosStoreView,
};
use ui::{ApiFailure, Client};

const KOS: &str = "/api/v1/admin/kos";

fn query(filters: &[(&'static str, String)]) -> String {
    filters
        .iter()
        .map(|(k, v)| {
            let v: String = js_sys::encode_uri_component(v).into();
            format!("&{k}={v}")
        })
        .collect()
}

pub async fn regions(c: Client) -> Result<Vec<KosRegionView>, ApiFailure> {
    c.get(&format!("{KOS}/regions")).await
}

pub async fn create_region(c: Client, body: KosRegionForm) -> Result<KosRegionView, ApiFailure> {
    c.post(&format!("{KOS}/regions"), &body).await
}

pub async fn stores(
    c: Client,
    filters: Vec<(&'static str, String)>,
    limit: i64,
    offset: i64,
) -> Result<KosStorePage, ApiFailure> {
    c.get(&format!(
        "{KOS}/stores?limit={limit}&offset={offset}{}",
        query(&filters)
    ))
    .await
}

pub async fn create_store(c: Client, body: KosStoreCreate) -> Result<KosStoreView, ApiFailure> {
    c.post(&format!("{KOS}/stores"), &body).await
}

pub async fn import_stores(c: Client, file: web_sys::File) -> Result<KosImportResult, ApiFailure> {
    c.upload(&format!("{KOS}/stores/import"), &file).await
}

pub async fn staff(
    c: Client,
    filters: Vec<(&'static str, String)>,
    limit: i64,
    offset: i64,
) -> Result<KosStaffPage, ApiFailure> {
    c.get(&format!(
        "{KOS}/staff?limit={limit}&offset={offset}{}",
        query(&filters)
    ))
    .await
}

pub async fn create_staff(c: Client, body: KosStaffCreate) -> Result<KosStaffDetail, ApiFailure> {
    c.post(&format!("{KOS}/staff"), &body).await
}

pub async fn import_staff(c: Client, file: web_sys::File) -> Result<KosImportResult, ApiFailure> {
    c.upload(&format!("{KOS}/staff/import"), &file).await
}

pub async fn staff_member(c: Client, id: &str) -> Result<KosStaffDetail, ApiFailure> {
    c.get(&format!("{KOS}/staff/{id}")).await
}

pub async fn edit_staff(
    c: Client,
    id: &str,
    body: KosStaffEdit,
) -> Result<KosStaffDetail, ApiFailure> {
    c.put(&format!("{KOS}/staff/{id}"), &body).await
}

pub async fn move_staff(
    c: Client,
    id: &str,
    body: KosStaffMoveForm,
) -> Result<KosStaffDetail, ApiFailure> {
    c.post(&format!("{KOS}/staff/{id}/move"), &body).await
}

pub async fn rejoin_staff(
    c: Client,
    id: &str,
    body: KosStaffMoveForm,
) -> Result<KosStaffDetail, ApiFailure> {
    c.post(&format!("{KOS}/staff/{id}/rejoin"), &body).await
}

pub async fn leave_staff(
    c: Client,
    id: &str,
    body: KosLeaveForm,
) -> Result<KosStaffDetail, ApiFailure> {
    c.post(&format!("{KOS}/staff/{id}/leave"), &body).await
}

pub async fn rate_staff(
    c: Client,
    id: &str,
    body: KosRatingForm,
) -> Result<KosStaffDetail, ApiFailure> {
    c.put(&format!("{KOS}/staff/{id}/ratings"), &body).await
}

pub async fn competencies(c: Client) -> Result<Vec<KosCompetencyView>, ApiFailure> {
    c.get(&format!("{KOS}/competencies")).await
}

pub async fn add_competency(
    c: Client,
    body: KosCompetencyForm,
) -> Result<KosCompetencyView, ApiFailure> {
    c.post(&format!("{KOS}/competencies"), &body).await
}
