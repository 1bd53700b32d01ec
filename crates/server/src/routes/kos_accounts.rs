//! The KOS account matrix (issue 17: content). Operators keep the brand's
//! accounts (brand, regions, stores, staff; public and private
//! platforms), record follower counts, hand accounts over, and read the
//! matrix with its gaps, brand-wide. Staff see and add their own accounts
//! on the phone and record their counts; managers see their store's or
//! region's accounts and matrix (`StaffAuth::scope`: a record outside it
//! is 404). Forms refuse unknown fields: an account never carries a
//! password.

use super::Json;
use super::input;
use super::kos_views as views;
use crate::AppState;
use crate::auth::{OperatorAuth, Perm, StaffAuth};
use crate::error::{ApiError, ApiResult, ErrorCode};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use rules::kos::KosScope;
use rules::words::{AccountOwnerLevel, AccountStatus, KosPlatform};
use serde::Deserialize;
use store::By;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(accounts, create_account))
        .routes(routes!(account, update_account))
        .routes(routes!(record_followers))
        .routes(routes!(hand_over))
        .routes(routes!(matrix))
        .routes(routes!(my_accounts, add_my_account))
        .routes(routes!(my_followers))
        .routes(routes!(staff_matrix))
}

fn platform(p: &str) -> ApiResult<KosPlatform> {
    p.trim()
        .parse()
        .map_err(|_| ApiError::invalid(ErrorCode::KosPlatformUnknown))
}

fn status(s: Option<&str>) -> ApiResult<AccountStatus> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(AccountStatus::Active),
        Some(s) => s
            .parse()
            .map_err(|_| ApiError::invalid(ErrorCode::AccountStatusUnknown)),
    }
}

fn profile(text: &str, p: KosPlatform) -> ApiResult<String> {
    let url = input::optional_text(text, 500)?;
    rules::kos_content::profile_url(&url, p).map_err(|e| match e {
        rules::kos_content::ProfileError::IsANote => ApiError::invalid(ErrorCode::ProfileUrlIsNote),
        rules::kos_content::ProfileError::Link(_) => {
            ApiError::invalid(ErrorCode::ProfileUrlInvalid)
        }
    })
}

fn followers(n: i64) -> ApiResult<i64> {
    if (0..=1_000_000_000).contains(&n) {
        Ok(n)
    } else {
        Err(ApiError::invalid(ErrorCode::FollowersInvalid))
    }
}

fn store_error(e: store::StoreError) -> ApiError {
    match e {
        store::StoreError::Conflict("account_owner_unknown") => {
            ApiError::invalid(ErrorCode::AccountOwnerUnknown)
        }
        e => e.into(),
    }
}

/// Today in the brand's calendar.
async fn today(state: &AppState, brand: &str) -> ApiResult<rules::CivilDate> {
    let b = state.store.brand(brand).await?;
    Ok(crate::time::local_date(&b.time_zone, state.clock.now()))
}

/// A day given, else today; never after today.
async fn day(state: &AppState, brand: &str, given: &Option<String>) -> ApiResult<String> {
    let today = today(state, brand).await?;
    let d = match input::trimmed(given) {
        Some(d) => input::date(d)?,
        None => today,
    };
    if d > today {
        return Err(ApiError::invalid(ErrorCode::DateInFuture));
    }
    Ok(d.to_string())
}

/// How far back a staff member may date a follower count: counts pay
/// account-growth rewards, so the person who gains from one may not
/// backdate it (operators may, to enter history).
const STAFF_BACKDATE_DAYS: i64 = 7;

/// A day a staff member gives for a follower count: not in the future,
/// at most [`STAFF_BACKDATE_DAYS`] ago.
async fn staff_day(state: &AppState, brand: &str, given: &Option<String>) -> ApiResult<String> {
    let d = day(state, brand, given).await?;
    let today = today(state, brand).await?;
    let earliest = today.add_days(-STAFF_BACKDATE_DAYS);
    if d < earliest.to_string() {
        return Err(ApiError::invalid(ErrorCode::FollowersBackdated));
    }
    Ok(d)
}

/// The form as an account: owner, platform, handle, checked link.
fn new_account(
    form: &api::KosAccountForm,
    owner: (AccountOwnerLevel, String),
    on_date: String,
) -> ApiResult<store::NewKosAccount> {
    let p = platform(&form.platform)?;
    Ok(store::NewKosAccount {
        id: store::new_id(),
        owner_level: owner.0,
        owner_id: owner.1,
        platform: p,
        handle: input::text(&form.handle, 60)?,
        profile_url: profile(&form.profile_url, p)?,
        status: status(form.status.as_deref())?,
        followers: form.followers.map(followers).transpose()?,
        on_date,
    })
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
struct AccountQuery {
    /// `brand`, `region`, `store` or `staff`.
    owner_level: Option<String>,
    owner_id: Option<String>,
    platform: Option<String>,
    status: Option<String>,
    /// Only this region's accounts (its own, its stores', its staff's).
    region_id: Option<String>,
    /// Handles starting with this.
    handle: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

impl AccountQuery {
    /// A filter value no word knows matches nothing: `None` then.
    fn filter(self) -> Option<store::AccountFilter> {
        Some(store::AccountFilter {
            owner_level: input::filter_word(self.owner_level).ok()?,
            owner_id: input::trimmed(&self.owner_id).map(String::from),
            platform: input::filter_word(self.platform).ok()?,
            status: input::filter_word(self.status).ok()?,
            region_id: input::trimmed(&self.region_id).map(String::from),
            handle: input::trimmed(&self.handle).map(String::from),
        })
    }
}

async fn list(
    state: &AppState,
    brand: &str,
    scope: &KosScope,
    q: AccountQuery,
) -> ApiResult<Json<Vec<api::KosAccountView>>> {
    let page = input::page(q.limit, q.offset);
    let Some(f) = q.filter() else {
        return Ok(Json(Vec::new()));
    };
    let rows = state.store.kos_accounts(brand, scope, &f, page).await?;
    Ok(Json(rows.into_iter().map(views::account).collect()))
}

/// The brand's accounts, by owner level, platform and handle; filter by
/// owner, platform, status, region or handle.
#[utoipa::path(get, path = "/api/v1/admin/kos/accounts", tag = "admin", security(("operator_session" = ["read"])), params(AccountQuery),
    responses((status = 200, body = Vec<api::KosAccountView>)))]
async fn accounts(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<AccountQuery>,
) -> ApiResult<Json<Vec<api::KosAccountView>>> {
    list(&state, &op.brand, &KosScope::Brand, q).await
}

/// Adds an account of the brand, a region, a store or a staff member.
#[utoipa::path(post, path = "/api/v1/admin/kos/accounts", tag = "admin", security(("operator_session" = ["operate"])),
    request_body = api::KosAccountForm,
    responses((status = 201, body = api::KosAccountView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn create_account(
    State(state): State<AppState>,
    op: OperatorAuth,
    Json(form): Json<api::KosAccountForm>,
) -> ApiResult<(StatusCode, Json<api::KosAccountView>)> {
    op.require(Perm::Operate)?;
    let level: AccountOwnerLevel = form
        .owner_level
        .trim()
        .parse()
        .map_err(|_| ApiError::invalid(ErrorCode::AccountOwnerLevelUnknown))?;
    let owner_id = match level {
        AccountOwnerLevel::Brand => String::new(),
        _ => input::text(&form.owner_id, 64)?,
    };
    let on_date = day(&state, &op.brand, &None).await?;
    let a = new_account(&form, (level, owner_id), on_date)?;
    let row = state
        .store
        .create_kos_account(
            &op.brand,
            &a,
            &By::Operator(op.operator_id.clone()),
            state.clock.now(),
        )
        .await
        .map_err(store_error)?;
    Ok((StatusCode::CREATED, Json(views::account(row))))
}

/// An account with its follower history and its hand-overs.
#[utoipa::path(get, path = "/api/v1/admin/kos/accounts/{id}", tag = "admin", security(("operator_session" = ["read"])),
    params(("id" = String, Path)),
    responses((status = 200, body = api::KosAccountDetail), (status = 404, body = api::ErrorBody)))]
async fn account(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<api::KosAccountDetail>> {
    let a = state
        .store
        .kos_account(&op.brand, &id, &KosScope::Brand)
        .await?;
    let followers = state.store.account_followers(&op.brand, &id).await?;
    let handovers = state.store.account_handovers(&op.brand, &id).await?;
    Ok(Json(views::account_detail(a, followers, handovers)))
}

/// Saves an account's handle, link and status (its platform and holder
/// stay: hand it over to change the holder).
#[utoipa::path(put, path = "/api/v1/admin/kos/accounts/{id}", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::KosAccountEdit,
    responses((status = 200, body = api::KosAccountView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn update_account(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::KosAccountEdit>,
) -> ApiResult<Json<api::KosAccountView>> {
    op.require(Perm::Operate)?;
    let old = state
        .store
        .kos_account(&op.brand, &id, &KosScope::Brand)
        .await?;
    let edit = store::AccountEdit {
        handle: input::text(&form.handle, 60)?,
        profile_url: profile(&form.profile_url, old.platform)?,
        status: status(Some(&form.status))?,
    };
    let row = state
        .store
        .update_kos_account(
            &op.brand,
            &id,
            &KosScope::Brand,
            &edit,
            &By::Operator(op.operator_id.clone()),
            state.clock.now(),
        )
        .await?;
    Ok(Json(views::account(row)))
}

/// Records a follower count for a day (today by default; a second count
/// the same day replaces the first).
#[utoipa::path(post, path = "/api/v1/admin/kos/accounts/{id}/followers", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::FollowerForm,
    responses((status = 200, body = api::KosAccountView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn record_followers(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::FollowerForm>,
) -> ApiResult<Json<api::KosAccountView>> {
    op.require(Perm::Operate)?;
    let count = store::FollowerCount {
        on_date: day(&state, &op.brand, &form.on_date).await?,
        followers: followers(form.followers)?,
    };
    let row = state
        .store
        .record_followers(
            &op.brand,
            &id,
            &KosScope::Brand,
            &count,
            &By::Operator(op.operator_id.clone()),
            state.clock.now(),
        )
        .await?;
    Ok(Json(views::account(row)))
}

/// Hands an account to a colleague or a store, dated, with the reason;
/// the history keeps every holder.
#[utoipa::path(post, path = "/api/v1/admin/kos/accounts/{id}/hand-over", tag = "admin", security(("operator_session" = ["operate"])),
    params(("id" = String, Path)), request_body = api::HandOverForm,
    responses((status = 200, body = api::KosAccountView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn hand_over(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::HandOverForm>,
) -> ApiResult<Json<api::KosAccountView>> {
    op.require(Perm::Operate)?;
    let to = match (
        input::trimmed(&form.to_staff_id),
        input::trimmed(&form.to_store_id),
    ) {
        (Some(s), None) => store::HandOverTo::Staff(input::text(s, 64)?),
        (None, Some(s)) => store::HandOverTo::Store(input::text(s, 64)?),
        _ => return Err(ApiError::invalid(ErrorCode::HandOverTargetRequired)),
    };
    let on_date = day(&state, &op.brand, &form.on_date).await?;
    let reason = input::optional_text(&form.reason, 200)?;
    let row = state
        .store
        .hand_over_account(
            &op.brand,
            &id,
            &to,
            &on_date,
            &reason,
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    Ok(Json(views::account(row)))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
struct MatrixQuery {
    /// Only this region (its own accounts, its stores', its staff's).
    region_id: Option<String>,
}

/// The matrix: owner level × platform with accounts, followers and the
/// owners lacking one (the gaps), brand-wide or for one region.
#[utoipa::path(get, path = "/api/v1/admin/kos/matrix", tag = "admin", security(("operator_session" = ["read"])), params(MatrixQuery),
    responses((status = 200, body = api::AccountMatrixView)))]
async fn matrix(
    State(state): State<AppState>,
    op: OperatorAuth,
    Query(q): Query<MatrixQuery>,
) -> ApiResult<Json<api::AccountMatrixView>> {
    let region = input::trimmed(&q.region_id);
    let m = state
        .store
        .account_matrix(&op.brand, &KosScope::Brand, region)
        .await?;
    let mut view = views::matrix(m, region.map(String::from));
    view.regions = state
        .store
        .regions(&op.brand)
        .await?
        .into_iter()
        .map(|r| api::MatrixRegion {
            id: r.id,
            name: r.name,
        })
        .collect();
    Ok(Json(view))
}

/// The caller's accounts: a staff member's own; a manager's store's or
/// region's (the accounts of its stores and staff too).
#[utoipa::path(get, path = "/api/v1/staff/accounts", tag = "staff", security(("staff_session" = ["staff"])), params(AccountQuery),
    responses((status = 200, body = Vec<api::KosAccountView>)))]
async fn my_accounts(
    State(state): State<AppState>,
    who: StaffAuth,
    Query(q): Query<AccountQuery>,
) -> ApiResult<Json<Vec<api::KosAccountView>>> {
    list(&state, &who.brand, &who.scope(), q).await
}

/// A staff member adds an account of their own (the owner fields of the
/// form are ignored: it is always theirs).
#[utoipa::path(post, path = "/api/v1/staff/accounts", tag = "staff", security(("staff_session" = ["staff"])),
    request_body = api::KosAccountForm,
    responses((status = 201, body = api::KosAccountView), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn add_my_account(
    State(state): State<AppState>,
    who: StaffAuth,
    Json(form): Json<api::KosAccountForm>,
) -> ApiResult<(StatusCode, Json<api::KosAccountView>)> {
    let on_date = day(&state, &who.brand, &None).await?;
    let a = new_account(
        &form,
        (AccountOwnerLevel::Staff, who.staff_id.clone()),
        on_date,
    )?;
    let row = state
        .store
        .create_kos_account(
            &who.brand,
            &a,
            &By::Staff(who.staff_id.clone()),
            state.clock.now(),
        )
        .await
        .map_err(store_error)?;
    Ok((StatusCode::CREATED, Json(views::account(row))))
}

/// Records a follower count of an account in the caller's scope.
#[utoipa::path(post, path = "/api/v1/staff/accounts/{id}/followers", tag = "staff", security(("staff_session" = ["staff"])),
    params(("id" = String, Path)), request_body = api::FollowerForm,
    responses((status = 200, body = api::KosAccountView), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn my_followers(
    State(state): State<AppState>,
    who: StaffAuth,
    Path(id): Path<String>,
    Json(form): Json<api::FollowerForm>,
) -> ApiResult<Json<api::KosAccountView>> {
    // The scope first: another store's account is 404 before any check
    // of the form could tell it exists.
    state
        .store
        .kos_account(&who.brand, &id, &who.scope())
        .await?;
    let count = store::FollowerCount {
        on_date: staff_day(&state, &who.brand, &form.on_date).await?,
        followers: followers(form.followers)?,
    };
    let row = state
        .store
        .record_followers(
            &who.brand,
            &id,
            &who.scope(),
            &count,
            &By::Staff(who.staff_id.clone()),
            state.clock.now(),
        )
        .await?;
    Ok(Json(views::account(row)))
}

/// A manager's matrix: their store's (the store and its staff) or their
/// region's.
#[utoipa::path(get, path = "/api/v1/staff/matrix", tag = "staff", security(("staff_session" = ["manager"])),
    responses((status = 200, body = api::AccountMatrixView)))]
async fn staff_matrix(
    State(state): State<AppState>,
    who: StaffAuth,
) -> ApiResult<Json<api::AccountMatrixView>> {
    who.require_manager()?;
    let m = state
        .store
        .account_matrix(&who.brand, &who.scope(), None)
        .await?;
    Ok(Json(views::matrix(m, None)))
}
