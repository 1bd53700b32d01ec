//! Accounts and sessions: argon2id password hashes, random session tokens
//! in HttpOnly cookies, and the extractors that tell handlers who calls.
//!
//! A consumer and an operator session live in two cookies
//! (`seedbed_member`, `seedbed_operator`), so one browser can hold both.
//! The database keeps only the SHA-256 of a token: a leaked table opens no
//! session. Status codes follow the house rule: no session 401, a session
//! of the wrong kind or role 403, another brand's resource 404 (handlers
//! look resources up inside the caller's brand only).
//!
//! Argon2 costs tens of milliseconds of CPU per password: [`Passwords`]
//! runs every hash and check on tokio's blocking pool, at most one per core
//! at a time, so a flood of log-ins queues there instead of stalling the
//! async workers that answer everything else.

use crate::AppState;
use crate::error::{ApiError, ApiResult, ErrorCode};
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use sha2::{Digest, Sha256};

pub const MEMBER_COOKIE: &str = "seedbed_member";
pub const OPERATOR_COOKIE: &str = "seedbed_operator";
pub const STAFF_COOKIE: &str = "seedbed_staff";
pub const MEMBER_SESSION_SECS: i64 = 30 * 24 * 3600;
pub const OPERATOR_SESSION_SECS: i64 = 12 * 3600;
/// A staff member's phone stays signed in for a working week; a day away
/// ends the session (the staff app holds leads' contacts).
pub const STAFF_SESSION_SECS: i64 = 7 * 24 * 3600;
pub const STAFF_IDLE_SECS: i64 = 24 * 3600;
/// A session unused this long ends: a consumer's phone stays signed in for
/// two weeks of quiet; an operator's desk for half an hour.
pub const MEMBER_IDLE_SECS: i64 = 14 * 24 * 3600;
pub const OPERATOR_IDLE_SECS: i64 = 30 * 60;
/// Last use is written at most this often, so reads stay reads.
const TOUCH_EVERY_SECS: i64 = 60;

/// Hashes with argon2id at the OWASP-recommended cost (19 MiB, t=2, p=1).
pub fn hash_password(password: &str) -> String {
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .expect("argon2 with default parameters cannot fail")
        .to_string()
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    argon2::Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// Hashes and checks passwords off the async workers: each job runs on the
/// blocking pool once one of `limit` permits is free (by default one per
/// core), so a burst of log-ins waits its turn while other requests go on.
#[derive(Clone)]
pub struct Passwords {
    permits: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Passwords {
    pub fn new(limit: usize) -> Passwords {
        Passwords {
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(limit.max(1))),
        }
    }

    /// One permit per core the process may use.
    pub fn per_core() -> Passwords {
        Passwords::new(std::thread::available_parallelism().map_or(2, usize::from))
    }

    async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> ApiResult<T> {
        // The permit goes with the job: a request cancelled meanwhile (the
        // time-out layer) cannot free it while the hash still runs.
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal())?;
        let job = move || {
            let out = job();
            drop(permit);
            out
        };
        tokio::task::spawn_blocking(job).await.map_err(|e| {
            tracing::error!(error = %e, "password job failed");
            ApiError::internal()
        })
    }

    /// [`hash_password`] on the blocking pool.
    pub async fn hash(&self, password: &str) -> ApiResult<String> {
        let password = password.to_owned();
        self.run(move || hash_password(&password)).await
    }

    /// [`verify_password`] on the blocking pool.
    pub async fn verify(&self, password: &str, hash: &str) -> ApiResult<bool> {
        let (password, hash) = (password.to_owned(), hash.to_owned());
        self.run(move || verify_password(&password, &hash)).await
    }

    /// Permits free now (none: every permit is hashing).
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }
}

pub fn check_new_password(password: &str) -> ApiResult<()> {
    if password.chars().any(char::is_control) {
        return Err(ApiError::invalid(ErrorCode::ControlCharacters));
    }
    match password.chars().count() {
        0..8 => Err(ApiError::invalid(ErrorCode::PasswordTooShort)),
        129.. => Err(ApiError::invalid(ErrorCode::PasswordTooLong)),
        _ => Ok(()),
    }
}

/// A fresh session token (256 random bits, hex) and the hash to store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    let token = crate::hex(&bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    crate::hex(&Sha256::digest(token.as_bytes()))
}

pub fn session_cookie(
    name: &'static str,
    token: String,
    max_age_secs: i64,
    secure: bool,
) -> Cookie<'static> {
    Cookie::build((name, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build()
}

pub fn removal_cookie(name: &'static str) -> Cookie<'static> {
    Cookie::build((name, "")).path("/").build()
}

/// The three kinds of session, each in its own cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Member,
    Operator,
    /// A KOS staff member in the staff app (issue 17).
    Staff,
}

impl SessionKind {
    fn cookie(self) -> &'static str {
        match self {
            SessionKind::Member => MEMBER_COOKIE,
            SessionKind::Operator => OPERATOR_COOKIE,
            SessionKind::Staff => STAFF_COOKIE,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            SessionKind::Member => "member",
            SessionKind::Operator => "operator",
            SessionKind::Staff => "staff",
        }
    }
    fn idle(self) -> i64 {
        match self {
            SessionKind::Member => MEMBER_IDLE_SECS,
            SessionKind::Operator => OPERATOR_IDLE_SECS,
            SessionKind::Staff => STAFF_IDLE_SECS,
        }
    }
    fn lifetime(self) -> i64 {
        match self {
            SessionKind::Member => MEMBER_SESSION_SECS,
            SessionKind::Operator => OPERATOR_SESSION_SECS,
            SessionKind::Staff => STAFF_SESSION_SECS,
        }
    }
}

/// Starts a session after a successful log-in or sign-up. A session the
/// browser already held is ended first (rotation: a token planted before
/// log-in never becomes a signed-in one).
pub async fn start_session(
    state: &AppState,
    jar: CookieJar,
    kind: SessionKind,
    brand: &str,
    subject: &str,
) -> ApiResult<CookieJar> {
    if let Some(old) = jar.get(kind.cookie()) {
        state.store.delete_session(&token_hash(old.value())).await?;
    }
    let (token, hash) = new_token();
    let now = state.clock.now();
    state
        .store
        .create_session(&store::Session {
            token_hash: hash,
            brand_id: brand.into(),
            kind: match kind {
                SessionKind::Member => rules::ActorKind::Member,
                SessionKind::Operator => rules::ActorKind::Operator,
                SessionKind::Staff => rules::ActorKind::Staff,
            },
            subject_id: subject.into(),
            created_at: now,
            expires_at: now + kind.lifetime(),
            last_seen_at: now,
        })
        .await?;
    Ok(jar.add(session_cookie(
        kind.cookie(),
        token,
        kind.lifetime(),
        state.config.secure_cookies,
    )))
}

/// Ends every session of the caller's subject, on every device.
pub async fn end_all_sessions(
    state: &AppState,
    jar: CookieJar,
    kind: SessionKind,
) -> ApiResult<CookieJar> {
    if let Some(s) = session_of(state, &jar, kind).await? {
        state
            .store
            .delete_sessions_of(&s.brand_id, kind.name(), &s.subject_id)
            .await?;
    }
    Ok(jar.remove(removal_cookie(kind.cookie())))
}

/// Ends the session of `kind` the browser holds, if any.
pub async fn end_session(
    state: &AppState,
    jar: CookieJar,
    kind: SessionKind,
) -> ApiResult<CookieJar> {
    if let Some(c) = jar.get(kind.cookie()) {
        state.store.delete_session(&token_hash(c.value())).await?;
    }
    Ok(jar.remove(removal_cookie(kind.cookie())))
}

/// Roles and what each may do are defined once, in `rules::words`
/// ([`Role::allows`] is the table); the OpenAPI scopes of the operator
/// routes are [`Perm`]'s names and `read`.
pub use rules::{Perm, Role};

#[derive(Debug, Clone)]
pub struct MemberAuth {
    pub brand: String,
    pub member_id: String,
}

#[derive(Debug, Clone)]
pub struct OperatorAuth {
    pub brand: String,
    pub operator_id: String,
    pub role: Role,
}

impl OperatorAuth {
    /// Records an action of this operator on its own line of the audit log
    /// (a view of personal data, "log out everywhere"); writes through the
    /// store record theirs in their own transaction instead.
    pub async fn audit(
        &self,
        state: &AppState,
        action: &str,
        target: (&str, &str),
        after: Option<serde_json::Value>,
    ) -> ApiResult<()> {
        let mut line = store::AuditEntry::operator(
            &self.brand,
            &self.operator_id,
            action,
            target,
            state.clock.now(),
        );
        line.after = after.map(|v| v.to_string());
        Ok(state.store.record_audit(&line).await?)
    }

    pub fn require(&self, perm: Perm) -> ApiResult<()> {
        if self.role.allows(perm) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }
}

/// The live session of `kind` the browser holds, if any. A session idle
/// past its kind's limit is ended here; an active one has its last use
/// recorded (at most once a minute).
pub async fn session_of(
    state: &AppState,
    jar: &CookieJar,
    kind: SessionKind,
) -> ApiResult<Option<store::Session>> {
    let Some(cookie) = jar.get(kind.cookie()) else {
        return Ok(None);
    };
    let hash = token_hash(cookie.value());
    let now = state.clock.now();
    let s = match state.store.session(&hash, now).await {
        Ok(s) if s.kind == kind.name() => s,
        Ok(_) | Err(store::StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if now - s.last_seen_at >= kind.idle() {
        state.store.delete_session(&hash).await?;
        return Ok(None);
    }
    if now - s.last_seen_at >= TOUCH_EVERY_SECS {
        state.store.touch_session(&hash, now).await?;
    }
    Ok(Some(s))
}

/// Whether the operator has a confirmed second factor.
pub async fn has_second_factor(state: &AppState, brand: &str, id: &str) -> ApiResult<bool> {
    Ok(state
        .store
        .operator_totp(brand, id)
        .await?
        .is_some_and(|t| t.confirmed_at.is_some()))
}

/// An owner of a brand that requires a second factor, without one.
async fn must_enrol(state: &AppState, brand: &str, id: &str) -> ApiResult<bool> {
    Ok(state.store.owners_need_totp(brand).await? && !has_second_factor(state, brand, id).await?)
}

/// What an owner who must enrol may still do: see who they are, set up
/// the second factor, change their password, log out.
fn while_enrolling(method: &axum::http::Method, path: &str) -> bool {
    path == "/api/v1/admin/me"
        || path.starts_with("/api/v1/admin/me/totp")
        || path == "/api/v1/admin/me/password"
        || (method == axum::http::Method::DELETE
            && (path == "/api/v1/admin/session" || path == "/api/v1/admin/sessions"))
}

impl FromRequestParts<AppState> for MemberAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let jar = CookieJar::from_headers(&parts.headers);
        if let Some(s) = session_of(state, &jar, SessionKind::Member).await? {
            return Ok(MemberAuth {
                brand: s.brand_id,
                member_id: s.subject_id,
            });
        }
        if other_session(state, &jar, SessionKind::Member).await? {
            return Err(ApiError::forbidden());
        }
        Err(ApiError::unauthenticated())
    }
}

/// Whether the browser holds a live session of another kind than `kind`
/// (the wrong kind of caller: 403 rather than 401).
async fn other_session(state: &AppState, jar: &CookieJar, kind: SessionKind) -> ApiResult<bool> {
    for other in [
        SessionKind::Member,
        SessionKind::Operator,
        SessionKind::Staff,
    ] {
        if other != kind && session_of(state, jar, other).await?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A member session if there is one; never rejects.
pub struct MaybeMember(pub Option<MemberAuth>);

impl FromRequestParts<AppState> for MaybeMember {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let jar = CookieJar::from_headers(&parts.headers);
        Ok(MaybeMember(
            session_of(state, &jar, SessionKind::Member)
                .await?
                .map(|s| MemberAuth {
                    brand: s.brand_id,
                    member_id: s.subject_id,
                }),
        ))
    }
}

impl FromRequestParts<AppState> for OperatorAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let jar = CookieJar::from_headers(&parts.headers);
        if let Some(s) = session_of(state, &jar, SessionKind::Operator).await? {
            let op = state.store.operator(&s.brand_id, &s.subject_id).await?;
            let role: Role = op.role;
            if role == Role::Owner
                && !while_enrolling(&parts.method, parts.uri.path())
                && must_enrol(state, &s.brand_id, &s.subject_id).await?
            {
                return Err(ApiError::forbidden_with(ErrorCode::SecondFactorRequired));
            }
            return Ok(OperatorAuth {
                brand: s.brand_id,
                operator_id: s.subject_id,
                role,
            });
        }
        if other_session(state, &jar, SessionKind::Operator).await? {
            return Err(ApiError::forbidden());
        }
        Err(ApiError::unauthenticated())
    }
}

/// A signed-in KOS staff member (issue 17), with their place in the
/// organisation as it is now (read on every request: a move or a
/// promotion takes effect at once, and a staff member who has left has no
/// session).
#[derive(Debug, Clone)]
pub struct StaffAuth {
    pub brand: String,
    pub staff_id: String,
    pub role: rules::StaffRole,
    pub store_id: Option<String>,
    pub region_id: String,
}

impl StaffAuth {
    /// What this staff member sees (`rules::KosScope`).
    pub fn scope(&self) -> rules::KosScope {
        rules::KosScope::of_staff(
            self.role,
            &self.staff_id,
            self.store_id.as_deref(),
            &self.region_id,
        )
    }

    /// Store and regional managers only (403 for plain staff).
    pub fn require_manager(&self) -> ApiResult<()> {
        if self.scope().manages() {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    /// Records an action of this staff member on its own audit line (a
    /// view of a lead's full contact).
    pub async fn audit(
        &self,
        state: &AppState,
        action: &str,
        target: (&str, &str),
        after: Option<serde_json::Value>,
    ) -> ApiResult<()> {
        let mut line = store::AuditEntry::staff(
            &self.brand,
            &self.staff_id,
            action,
            target,
            state.clock.now(),
        );
        line.after = after.map(|v| v.to_string());
        Ok(state.store.record_audit(&line).await?)
    }
}

impl FromRequestParts<AppState> for StaffAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ApiResult<Self> {
        let jar = CookieJar::from_headers(&parts.headers);
        if let Some(s) = session_of(state, &jar, SessionKind::Staff).await? {
            let staff = match state.store.staff_member(&s.brand_id, &s.subject_id).await {
                Ok(p) if p.left_on.is_none() => p,
                Ok(_) | Err(store::StoreError::NotFound) => {
                    return Err(ApiError::unauthenticated());
                }
                Err(e) => return Err(e.into()),
            };
            return Ok(StaffAuth {
                brand: s.brand_id,
                staff_id: staff.id,
                role: staff.role,
                store_id: staff.store_id,
                region_id: staff.region_id,
            });
        }
        if other_session(state, &jar, SessionKind::Staff).await? {
            return Err(ApiError::forbidden());
        }
        Err(ApiError::unauthenticated())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_round_trip_with_argon2id() {
        let h = hash_password("seedbed-demo");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password("seedbed-demo", &h));
        assert!(!verify_password("seedbed-dem0", &h));
        assert!(!verify_password("seedbed-demo", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (t1, h1) = new_token();
        let (t2, _) = new_token();
        assert_ne!(t1, t2);
        assert_eq!(t1.len(), 64);
        assert_eq!(h1, token_hash(&t1));
        assert_ne!(h1, t1);
    }
}
