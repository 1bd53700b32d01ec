//! The admin's calls of the KOS account matrix and the content middle
//! platform (issue 17: content), one typed function each (kept apart from
//! `api` so the KOS areas merge without touching it).

use api::*;
use ui::{ApiFailure, Client};

const KOS: &str = "/api/v1/admin/kos";

fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

pub async fn matrix(c: Client, region: String) -> Result<AccountMatrixView, ApiFailure> {
    c.get(&format!("{KOS}/matrix?region_id={}", enc(&region)))
        .await
}

/// Accounts filtered by owner level, platform and region ('' = any).
pub async fn accounts(
    c: Client,
    level: String,
    platform: String,
    region: String,
) -> Result<Vec<KosAccountView>, ApiFailure> {
    c.get(&format!(
        "{KOS}/accounts?owner_level={}&platform={}&region_id={}&limit=200",
        enc(&level),
        enc(&platform),
        enc(&region)
    ))
    .await
}

pub async fn account(c: Client, id: String) -> Result<KosAccountDetail, ApiFailure> {
    c.get(&format!("{KOS}/accounts/{id}")).await
}

pub async fn create_account(c: Client, body: KosAccountForm) -> Result<KosAccountView, ApiFailure> {
    c.post(&format!("{KOS}/accounts"), &body).await
}

pub async fn record_followers(
    c: Client,
    id: String,
    body: FollowerForm,
) -> Result<KosAccountView, ApiFailure> {
    c.post(&format!("{KOS}/accounts/{id}/followers"), &body)
        .await
}

pub async fn hand_over(
    c: Client,
    id: String,
    body: HandOverForm,
) -> Result<KosAccountView, ApiFailure> {
    c.post(&format!("{KOS}/accounts/{id}/hand-over"), &body)
        .await
}

pub async fn templates(c: Client, kind: String) -> Result<Vec<TemplateView>, ApiFailure> {
    c.get(&format!("{KOS}/templates?kind={}", enc(&kind))).await
}

pub async fn template(c: Client, id: String) -> Result<TemplateDetail, ApiFailure> {
    c.get(&format!("{KOS}/templates/{id}")).await
}

pub async fn save_template(
    c: Client,
    id: Option<String>,
    body: TemplateForm,
) -> Result<TemplateView, ApiFailure> {
    match id {
        Some(id) => c.put(&format!("{KOS}/templates/{id}"), &body).await,
        None => c.post(&format!("{KOS}/templates"), &body).await,
    }
}

pub async fn materials(c: Client) -> Result<Vec<MaterialView>, ApiFailure> {
    c.get(&format!("{KOS}/materials")).await
}

pub async fn save_material(
    c: Client,
    id: Option<String>,
    body: MaterialForm,
) -> Result<MaterialView, ApiFailure> {
    match id {
        Some(id) => c.put(&format!("{KOS}/materials/{id}"), &body).await,
        None => c.post(&format!("{KOS}/materials"), &body).await,
    }
}

pub async fn policies(c: Client) -> Result<Vec<PolicyView>, ApiFailure> {
    c.get(&format!("{KOS}/policies")).await
}

pub async fn save_policy(
    c: Client,
    id: Option<String>,
    body: PolicyForm,
) -> Result<PolicyView, ApiFailure> {
    match id {
        Some(id) => c.put(&format!("{KOS}/policies/{id}"), &body).await,
        None => c.post(&format!("{KOS}/policies"), &body).await,
    }
}

pub async fn results(c: Client) -> Result<ContentResults, ApiFailure> {
    c.get(&format!("{KOS}/results")).await
}

pub async fn notes(c: Client) -> Result<Vec<KosNoteView>, ApiFailure> {
    c.get(&format!("{KOS}/notes?limit=100")).await
}
