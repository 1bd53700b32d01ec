//! Setting up a brand from the command line (`seedbed brand create`): the
//! brand row and a one-time invitation for its first owner, in one
//! transaction, through the same invitation mechanism the team page uses
//! (`/admin/join?b=…&t=…`, accepted with `POST
//! /api/v1/brands/{brand}/invitations/{token}`). Only the token's hash is
//! stored; the link is printed once.

use crate::{auth, time};
use store::Store;

/// An owner invitation is valid this long, like the team page's.
pub const OWNER_INVITE_DAYS: i64 = 7;

/// What `seedbed brand create` was asked to make.
#[derive(Debug, Clone)]
pub struct NewBrand {
    pub id: String,
    pub name: String,
    pub time_zone: String,
    pub owner_email: String,
}

/// Why a brand was not created; the CLI prints it and exits with 2.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Refusal {
    #[error(
        "brand id {0:?} is not valid: use 1 to 40 lower-case letters, digits, '-' or '_' (it becomes /b/{{id}})"
    )]
    BadId(String),
    #[error("brand {0:?} already exists: choose another id")]
    Exists(String),
    #[error("the brand name must be 1 to 60 characters on one line")]
    BadName,
    #[error("unknown time zone {0:?}: use an IANA name such as Asia/Shanghai")]
    BadZone(String),
    #[error("{0:?} is not an e-mail address")]
    BadEmail(String),
}

/// The created brand's owner invitation.
#[derive(Debug, Clone)]
pub struct Created {
    pub link: String,
    pub expires_at: i64,
}

/// Checks the request, then creates the brand and its owner's invitation;
/// `base` is the origin the link starts with (no trailing slash).
pub async fn create_brand(
    store: &dyn Store,
    new: &NewBrand,
    base: &str,
    now: i64,
) -> anyhow::Result<Result<Created, Refusal>> {
    let id = new.id.trim();
    if !rules::is_brand_id(id) {
        return Ok(Err(Refusal::BadId(new.id.clone())));
    }
    let Ok(name) = rules::brand::brand_name(&new.name) else {
        return Ok(Err(Refusal::BadName));
    };
    let zone = new.time_zone.trim();
    if !time::valid_zone(zone) {
        return Ok(Err(Refusal::BadZone(new.time_zone.clone())));
    }
    let email = new.owner_email.trim().to_lowercase();
    if email.len() > 254
        || email.parse::<lettre::Address>().is_err()
        || email.chars().any(char::is_control)
    {
        return Ok(Err(Refusal::BadEmail(new.owner_email.clone())));
    }
    let brand = store::Brand {
        id: id.to_string(),
        name,
        time_zone: zone.to_string(),
        points_rule: serde_json::to_string(&rules::RuleSet::default())?,
        created_at: now,
        default_lang: rules::Language::ZhCn.as_str().to_string(),
        ..Default::default()
    };
    let (token, hash) = auth::new_token();
    let invite = store::OperatorInvite {
        brand_id: brand.id.clone(),
        token_hash: hash,
        email,
        role: rules::Role::Owner,
        created_by: "setup".into(),
        created_at: now,
        expires_at: now + OWNER_INVITE_DAYS * 86_400,
        accepted_at: None,
    };
    match store.create_brand_with_owner_invite(&brand, &invite).await {
        Ok(()) => Ok(Ok(Created {
            link: format!("{base}/admin/join?b={}&t={token}", brand.id),
            expires_at: invite.expires_at,
        })),
        Err(store::StoreError::Conflict("brand_exists")) => Ok(Err(Refusal::Exists(brand.id))),
        Err(e) => Err(e.into()),
    }
}
