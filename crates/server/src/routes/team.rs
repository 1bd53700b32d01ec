//! The owner's team: operators and their roles, invitations by a link the
//! owner copies (and by mail through the outbox when SMTP is configured),
//! pending invitations (revoked by the owner, or when their sender is
//! removed or no longer an owner), and the public side of an invitation:
//! see it, accept it with a password.

use super::{Json, views};
use crate::AppState;
use crate::auth::{self, OperatorAuth, Perm, SessionKind};
use crate::error::{ApiError, ApiResult, ErrorCode};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum_extra::extract::CookieJar;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(team))
        .routes(routes!(invite))
        .routes(routes!(set_role))
        .routes(routes!(remove))
        .routes(routes!(revoke_invitation))
        .routes(routes!(invitation, accept))
}

/// An invitation is valid for seven days.
const INVITE_DAYS: i64 = 7;

fn role(v: &str) -> ApiResult<auth::Role> {
    v.trim()
        .parse::<auth::Role>()
        .map_err(|_| ApiError::invalid(ErrorCode::RoleUnknown))
}

/// Operators, pending invitations and recent mail of the brand.
#[utoipa::path(get, path = "/api/v1/admin/operators", tag = "admin", security(("operator_session" = ["manage"])),
    responses((status = 200, body = api::TeamView), (status = 403, body = api::ErrorBody)))]
async fn team(State(state): State<AppState>, op: OperatorAuth) -> ApiResult<Json<api::TeamView>> {
    op.require(Perm::Manage)?;
    let now = state.clock.now();
    let with_totp = state.store.operators_with_totp(&op.brand).await?;
    let operators = state
        .store
        .operators(&op.brand)
        .await?
        .into_iter()
        .map(|o| {
            let on = with_totp.contains(&o.id);
            views::operator(o, on)
        })
        .collect();
    let invites = state
        .store
        .pending_operator_invites(&op.brand, now)
        .await?
        .into_iter()
        .map(views::invite)
        .collect();
    let mail = state
        .store
        .outbox(
            &op.brand,
            store::Page {
                limit: 20,
                offset: 0,
            },
        )
        .await?
        .into_iter()
        .map(views::mail)
        .collect();
    Ok(Json(api::TeamView {
        operators,
        invites,
        mail,
        mail_enabled: state.config.smtp_url.is_some(),
        owners_need_totp: state.store.owners_need_totp(&op.brand).await?,
    }))
}

/// Invites someone as an operator of the brand: the answer holds the link
/// (shown once; only its hash is kept). With SMTP configured the link is
/// also mailed, through the outbox.
#[utoipa::path(post, path = "/api/v1/admin/operators/invitations", tag = "admin", security(("operator_session" = ["manage"])),
    request_body = api::OperatorInviteForm,
    responses((status = 201, body = api::InviteLinkView), (status = 403, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn invite(
    State(state): State<AppState>,
    op: OperatorAuth,
    headers: HeaderMap,
    Json(form): Json<api::OperatorInviteForm>,
) -> ApiResult<(StatusCode, Json<api::InviteLinkView>)> {
    op.require(Perm::Manage)?;
    let email = form.email.trim().to_lowercase();
    if email.len() > 254
        || email.parse::<lettre::Address>().is_err()
        || email.chars().any(char::is_control)
    {
        return Err(ApiError::invalid(ErrorCode::EmailInvalid));
    }
    let role = role(&form.role)?;
    let b = state.store.brand(&op.brand).await?;
    let (token, hash) = auth::new_token();
    let now = state.clock.now();
    let link = format!(
        "{}/admin/join?b={}&t={token}",
        super::recruitment::origin_of(&state, &b, &headers),
        op.brand
    );
    let inv = store::OperatorInvite {
        brand_id: op.brand.clone(),
        token_hash: hash,
        email: email.clone(),
        role,
        created_by: op.operator_id.clone(),
        created_at: now,
        expires_at: now + INVITE_DAYS * 86_400,
        accepted_at: None,
    };
    let mail = state.config.smtp_url.is_some().then(|| store::OutboxMail {
        brand_id: op.brand.clone(),
        id: store::new_id(),
        to_addr: email.clone(),
        subject: format!("{} 邀请你加入 Seedbed 运营后台 / invites you to Seedbed", b.name),
        body: format!(
            "你好！{} 邀请你以「{role}」身份加入 KOC 运营后台。\n打开链接设置密码即可加入（7 天内有效）：\n{link}\n\n\
             Hello! {} invites you to its KOC admin as {role}.\nOpen the link to set your password (valid for 7 days):\n{link}\n",
            b.name, b.name
        ),
        created_at: now,
        sent_at: None,
        attempts: 0,
        last_error: None,
    });
    state
        .store
        .create_operator_invite(&inv, mail.as_ref())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(api::InviteLinkView {
            link,
            email,
            role,
            expires_at: inv.expires_at,
            mailed: mail.is_some(),
        }),
    ))
}

/// Changes an operator's role; the brand keeps at least one owner.
#[utoipa::path(post, path = "/api/v1/admin/operators/{id}/role", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path)), request_body = api::RoleForm,
    responses((status = 200, body = api::OperatorView), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn set_role(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
    Json(form): Json<api::RoleForm>,
) -> ApiResult<Json<api::OperatorView>> {
    op.require(Perm::Manage)?;
    let role = role(&form.role)?;
    let o = state
        .store
        .set_operator_role(
            &op.brand,
            &id,
            role.as_str(),
            &op.operator_id,
            state.clock.now(),
        )
        .await?;
    let on = auth::has_second_factor(&state, &op.brand, &o.id).await?;
    Ok(Json(views::operator(o, on)))
}

/// Removes an operator from the brand and ends their sessions.
#[utoipa::path(delete, path = "/api/v1/admin/operators/{id}", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    op.require(Perm::Manage)?;
    if id == op.operator_id {
        return Err(ApiError::conflict(ErrorCode::RemoveSelf));
    }
    state
        .store
        .remove_operator(&op.brand, &id, &op.operator_id, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes a pending invitation (its link stops working). The id is the
/// one the team view lists, not the link's token.
#[utoipa::path(delete, path = "/api/v1/admin/operator-invitations/{id}", tag = "admin", security(("operator_session" = ["manage"])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = api::ErrorBody)))]
async fn revoke_invitation(
    State(state): State<AppState>,
    op: OperatorAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    op.require(Perm::Manage)?;
    state
        .store
        .revoke_operator_invite(&op.brand, &id, &op.operator_id, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What an invitation link opens (no session needed: the token is the key).
#[utoipa::path(get, path = "/api/v1/brands/{brand}/invitations/{id}", tag = "public", security(()),
    params(("brand" = String, Path), ("id" = String, Path, description = "The token from the link")),
    responses((status = 200, body = api::InvitationView), (status = 404, body = api::ErrorBody)))]
async fn invitation(
    State(state): State<AppState>,
    Path((brand, token)): Path<(String, String)>,
) -> ApiResult<Json<api::InvitationView>> {
    let b = state.store.brand(&brand).await?;
    let inv = state
        .store
        .operator_invite(&b.id, &auth::token_hash(&token))
        .await?;
    Ok(Json(api::InvitationView {
        brand_name: b.name,
        usable: inv.accepted_at.is_none() && inv.expires_at > state.clock.now(),
        email: inv.email,
        role: inv.role,
    }))
}

/// Accepts an invitation: the operator account is created with the
/// invited email and role and signed in.
#[utoipa::path(post, path = "/api/v1/brands/{brand}/invitations/{id}", tag = "public", security(()),
    params(("brand" = String, Path), ("id" = String, Path, description = "The token from the link")),
    request_body = api::AcceptInvitation,
    responses((status = 201, body = api::OperatorMe), (status = 404, body = api::ErrorBody), (status = 409, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn accept(
    State(state): State<AppState>,
    Path((brand, token)): Path<(String, String)>,
    jar: CookieJar,
    Json(form): Json<api::AcceptInvitation>,
) -> ApiResult<(StatusCode, CookieJar, Json<api::OperatorMe>)> {
    auth::check_new_password(&form.password)?;
    let b = state.store.brand(&brand).await?;
    let hash = auth::token_hash(&token);
    let inv = state.store.operator_invite(&b.id, &hash).await?;
    let op = store::Operator {
        brand_id: b.id.clone(),
        id: store::new_id(),
        email: inv.email,
        password_hash: state.passwords.hash(&form.password).await?,
        role: inv.role,
        created_at: state.clock.now(),
    };
    state
        .store
        .accept_operator_invite(&hash, &op, state.clock.now())
        .await?;
    let jar = auth::start_session(&state, jar, SessionKind::Operator, &b.id, &op.id).await?;
    let must_enrol = op.role == auth::Role::Owner && state.store.owners_need_totp(&b.id).await?;
    Ok((
        StatusCode::CREATED,
        jar,
        Json(api::OperatorMe {
            operator_id: op.id,
            brand: b.id,
            brand_name: b.name,
            email: op.email,
            role: op.role,
            second_factor: false,
            must_enrol,
        }),
    ))
}
