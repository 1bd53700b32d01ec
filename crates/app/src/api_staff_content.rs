//! The staff app's calls of the account matrix and the content middle
//! platform (issue 17: content), one typed function each over the one
//! client in `ui`: templates to copy, submitting a published note, my
//! notes, my accounts (add one, record followers).

use api::{
    FollowerForm, KosAccountForm, KosAccountView, KosNoteForm, KosNoteView, MyKosNote, MyTemplate,
    PolicyView,
};
use std::cell::RefCell;
use ui::services::RetryKey;
use ui::{ApiFailure, Client};

/// The templates the staff member may use, filtered by kind, product and
/// platform (each may be empty: no filter).
pub async fn templates(
    c: Client,
    kind: &str,
    product: &str,
    platform: &str,
) -> Result<Vec<MyTemplate>, ApiFailure> {
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s));
    c.get(&format!(
        "/api/v1/staff/templates?kind={}&product={}&platform={}",
        enc(kind),
        enc(product),
        enc(platform)
    ))
    .await
}

/// Submits a published note's link; a retried tap (the page keeps
/// `retry` in `use_mut_ref`) gets the first answer.
pub async fn submit_note(
    c: Client,
    form: &KosNoteForm,
    retry: &RefCell<RetryKey>,
) -> Result<KosNoteView, ApiFailure> {
    c.post_once("/api/v1/staff/notes", form, retry).await
}

/// The campaigns' pricing and activity policies in force today.
pub async fn policies(c: Client) -> Result<Vec<PolicyView>, ApiFailure> {
    c.get("/api/v1/staff/policies").await
}

/// The caller's notes (a manager's: their store's), newest first.
pub async fn my_notes(c: Client) -> Result<Vec<MyKosNote>, ApiFailure> {
    c.get("/api/v1/staff/notes").await
}

pub async fn my_accounts(c: Client) -> Result<Vec<KosAccountView>, ApiFailure> {
    c.get("/api/v1/staff/accounts").await
}

pub async fn add_account(c: Client, form: &KosAccountForm) -> Result<KosAccountView, ApiFailure> {
    c.post("/api/v1/staff/accounts", form).await
}

pub async fn record_followers(
    c: Client,
    id: &str,
    form: &FollowerForm,
) -> Result<KosAccountView, ApiFailure> {
    c.post(&format!("/api/v1/staff/accounts/{id}/followers"), form)
        .await
}
