//! Every API path the consumer app calls, as one typed function each, over
//! the one client in `ui`. Pages never write a path: they call these
//! (through `ui::use_load` to read, `ui::use_action` to write), so a
//! renamed route is one edit here and the compiler finds every caller.

use api::{
    AccountDeletion, AppealForm, ApplicationForm, BrandContact, CodeLogIn, CodeRequest, CodeSent,
    Inbox, InfoReply, MemberCredentials, MemberMe, MemberSignUp, MyBrand, MyCampaign, MyCatalogue,
    MyNote, MyPoints, MyRedemption, MyTask, MyTheme, PasswordReset, RedeemForm, SampleForm,
    SubmissionForm, TaskAnswer, UploadView,
};
use api::{MyCheckout, PaymentCode};
use serde::de::IgnoredAny;
use std::cell::RefCell;
use ui::services::RetryKey;
use ui::{ApiFailure, Client};

/// The member's data as one JSON download (a plain link, not a fetch).
pub const MY_DATA: &str = "/api/v1/me/data";

/// The brand's public face, the fields the app shows ([`MyBrand`]).
pub async fn brand(c: Client, brand: &str) -> Result<MyBrand, ApiFailure> {
    c.get(&format!("/api/v1/brands/{brand}")).await
}

/// The brand's contact line (the account page; the me entry only).
pub async fn brand_contact(c: Client, brand: &str) -> Result<BrandContact, ApiFailure> {
    c.get(&format!("/api/v1/brands/{brand}")).await
}

/// Who is signed in; `None` when nobody is (or it is another brand's member).
pub async fn me(c: Client, brand: &str) -> Result<Option<MemberMe>, ApiFailure> {
    match c.get::<MemberMe>("/api/v1/me").await {
        Ok(m) => Ok(Some(m).filter(|m| m.brand == brand)),
        Err(e) if e.status == 401 => Ok(None),
        Err(e) => Err(e),
    }
}

/// Sends an SMS code to a phone (for signing up, logging in or a reset).
pub async fn send_code(c: Client, brand: &str, body: &CodeRequest) -> Result<CodeSent, ApiFailure> {
    c.post(&format!("/api/v1/brands/{brand}/codes"), body).await
}

pub async fn code_log_in(c: Client, brand: &str, body: &CodeLogIn) -> Result<MemberMe, ApiFailure> {
    c.post(&format!("/api/v1/brands/{brand}/session/code"), body)
        .await
}

pub async fn reset_password(
    c: Client,
    brand: &str,
    body: &PasswordReset,
) -> Result<MemberMe, ApiFailure> {
    c.post(&format!("/api/v1/brands/{brand}/password-reset"), body)
        .await
}

pub async fn sign_up(c: Client, brand: &str, body: &MemberSignUp) -> Result<MemberMe, ApiFailure> {
    c.post(&format!("/api/v1/brands/{brand}/members"), body)
        .await
}

pub async fn log_in(
    c: Client,
    brand: &str,
    body: &MemberCredentials,
) -> Result<MemberMe, ApiFailure> {
    c.post(&format!("/api/v1/brands/{brand}/session"), body)
        .await
}

pub async fn log_out(c: Client) -> Result<(), ApiFailure> {
    c.delete("/api/v1/me/session").await
}

/// Ends every session of the member, this one included.
pub async fn log_out_everywhere(c: Client) -> Result<(), ApiFailure> {
    c.delete("/api/v1/me/sessions").await
}

pub async fn delete_account(c: Client, body: &AccountDeletion) -> Result<(), ApiFailure> {
    c.delete_with("/api/v1/me", body).await
}

pub async fn current_theme(c: Client, brand: &str) -> Result<MyTheme, ApiFailure> {
    c.get(&format!("/api/v1/brands/{brand}/themes/current"))
        .await
}

/// One campaign of this month's theme (`None`: not in it).
pub async fn campaign(c: Client, brand: &str, id: &str) -> Result<Option<MyCampaign>, ApiFailure> {
    let theme = current_theme(c, brand).await?;
    Ok(theme.campaigns.into_iter().find(|x| x.id == id))
}

pub async fn sign_up_for(c: Client, campaign: &str) -> Result<MyCampaign, ApiFailure> {
    c.post(&format!("/api/v1/me/campaigns/{campaign}/signup"), &())
        .await
}

pub async fn withdraw(c: Client, campaign: &str) -> Result<(), ApiFailure> {
    c.delete(&format!("/api/v1/me/campaigns/{campaign}/signup"))
        .await
}

pub async fn apply(
    c: Client,
    form: &ApplicationForm,
    retry: &RefCell<RetryKey>,
) -> Result<IgnoredAny, ApiFailure> {
    c.post_once("/api/v1/me/application", form, retry).await
}

pub async fn reply_to_question(c: Client, body: &InfoReply) -> Result<IgnoredAny, ApiFailure> {
    c.post("/api/v1/me/application/reply", body).await
}

/// What a rejection appealed against is.
#[derive(Clone, Debug, PartialEq)]
pub enum Appealed {
    Application,
    Note(String),
}

pub async fn appeal(c: Client, of: &Appealed, body: &AppealForm) -> Result<IgnoredAny, ApiFailure> {
    let path = match of {
        Appealed::Application => "/api/v1/me/application/appeal".to_string(),
        Appealed::Note(id) => format!("/api/v1/me/submissions/{id}/appeal"),
    };
    c.post(&path, body).await
}

pub async fn upload(c: Client, file: &web_sys::Blob) -> Result<UploadView, ApiFailure> {
    c.upload("/api/v1/me/uploads", file).await
}

pub async fn my_notes(c: Client) -> Result<Vec<MyNote>, ApiFailure> {
    c.get("/api/v1/me/submissions").await
}

pub async fn submit_note(
    c: Client,
    form: &SubmissionForm,
    retry: &RefCell<RetryKey>,
) -> Result<IgnoredAny, ApiFailure> {
    c.post_once("/api/v1/me/submissions", form, retry).await
}

/// The member's points: balance, cash value, what expires next, history.
pub async fn my_points(c: Client) -> Result<MyPoints, ApiFailure> {
    c.get("/api/v1/me/points").await
}

/// The member's tier, class and the groups they are invited to.
pub async fn perks(c: Client) -> Result<api::MyPerks, ApiFailure> {
    c.get("/api/v1/me/perks").await
}

pub async fn inbox(c: Client) -> Result<Inbox, ApiFailure> {
    c.get("/api/v1/me/notifications").await
}

pub async fn mark_read(c: Client) -> Result<IgnoredAny, ApiFailure> {
    c.post("/api/v1/me/notifications/read", &()).await
}

pub async fn my_tasks(c: Client) -> Result<Vec<MyTask>, ApiFailure> {
    c.get("/api/v1/me/tasks").await
}

pub async fn hand_in(c: Client, task: &str, body: &TaskAnswer) -> Result<IgnoredAny, ApiFailure> {
    c.post(&format!("/api/v1/me/tasks/{task}/submission"), body)
        .await
}

pub async fn give_address(
    c: Client,
    campaign: &str,
    body: &SampleForm,
) -> Result<IgnoredAny, ApiFailure> {
    c.put(&format!("/api/v1/me/campaigns/{campaign}/sample"), body)
        .await
}

pub async fn sample_received(c: Client, campaign: &str) -> Result<IgnoredAny, ApiFailure> {
    c.post(
        &format!("/api/v1/me/campaigns/{campaign}/sample/received"),
        &(),
    )
    .await
}

// issue 16: checkout

pub async fn my_checkout(c: Client) -> Result<MyCheckout, ApiFailure> {
    c.get("/api/v1/me/checkout").await
}

/// A new one-time payment code (the previous one stops working).
pub async fn payment_code(c: Client) -> Result<PaymentCode, ApiFailure> {
    c.post("/api/v1/me/checkout/code", &()).await
}

/// The catalogue with why-not for each reward, and the member's points.
pub async fn rewards(c: Client) -> Result<MyCatalogue, ApiFailure> {
    c.get("/api/v1/me/rewards").await
}

/// Redeems once: a retry after a lost answer gets the first redemption.
pub async fn redeem(
    c: Client,
    reward: &str,
    body: &RedeemForm,
    retry: &RefCell<RetryKey>,
) -> Result<MyRedemption, ApiFailure> {
    c.post_once(
        &format!("/api/v1/me/rewards/{reward}/redemption"),
        body,
        retry,
    )
    .await
}

pub async fn my_redemptions(c: Client) -> Result<Vec<MyRedemption>, ApiFailure> {
    c.get("/api/v1/me/redemptions").await
}
