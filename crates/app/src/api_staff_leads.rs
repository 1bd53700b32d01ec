//! The staff entry's lead functions (issue 17: leads): the caller's leads
//! (a manager's: their store's or region's), adding one, moving it a
//! stage, its tags, the tag dictionary, the on-shift flag, the QR codes'
//! links and the store's funnel. Pages never write these paths.

use api::{
    DutyView, FunnelView, LeadForm, LeadMoveForm, LeadPage, LeadTagsForm, LeadView, MyCodes,
    TagDictionary, TagForm, TagView,
};
use ui::{ApiFailure, Client};

/// The personal QR code's image (an `<img src>`; the session cookie goes along).
pub const PERSONAL_QR: &str = "/api/v1/staff/codes/personal.svg";
/// The store's live code's image.
pub const STORE_QR: &str = "/api/v1/staff/codes/store.svg";

/// A page of leads; `tags`: tag ids, comma-separated; `stage` a stage word or empty.
pub async fn leads(c: Client, stage: &str, tags: &str) -> Result<LeadPage, ApiFailure> {
    let enc = |v: &str| String::from(js_sys::encode_uri_component(v));
    c.get(&format!(
        "/api/v1/staff/leads?limit=100&stage={}&tags={}",
        enc(stage),
        enc(tags)
    ))
    .await
}

pub async fn add_lead(c: Client, body: &LeadForm) -> Result<LeadView, ApiFailure> {
    c.post("/api/v1/staff/leads", body).await
}

pub async fn move_lead(c: Client, id: &str, body: &LeadMoveForm) -> Result<LeadView, ApiFailure> {
    c.post(&format!("/api/v1/staff/leads/{id}/stage"), body)
        .await
}

pub async fn tag_lead(c: Client, id: &str, body: &LeadTagsForm) -> Result<LeadView, ApiFailure> {
    c.put(&format!("/api/v1/staff/leads/{id}/tags"), body).await
}

pub async fn tags(c: Client) -> Result<TagDictionary, ApiFailure> {
    c.get("/api/v1/staff/tags").await
}

pub async fn add_tag(c: Client, body: &TagForm) -> Result<TagView, ApiFailure> {
    c.post("/api/v1/staff/tags", body).await
}

pub async fn duty(c: Client) -> Result<DutyView, ApiFailure> {
    c.get("/api/v1/staff/duty").await
}

pub async fn set_duty(c: Client, body: &DutyView) -> Result<DutyView, ApiFailure> {
    c.put("/api/v1/staff/duty", body).await
}

pub async fn codes(c: Client) -> Result<MyCodes, ApiFailure> {
    c.get("/api/v1/staff/codes").await
}

/// The store's (a regional manager's: the region's) funnel, by staff member.
pub async fn funnel(c: Client, by: &str) -> Result<FunnelView, ApiFailure> {
    c.get(&format!("/api/v1/staff/funnel?by={by}")).await
}
