//! The Seedbed server: JSON API under `/api/v1`, the consumer app at `/`,
//! the admin app at `/admin/`, all on one port.
//!
//! [`router`] builds the whole HTTP surface from an [`AppState`]; tests call
//! it directly or serve it on port 0. Nothing here talks SQL (that is the
//! `store` crate) or decides points and links (that is `rules`).

pub mod auth;
pub mod csvin;
pub mod csvout;
pub mod demo;
pub mod device;
pub mod error;
pub mod generate;
pub mod generate_kos;
pub mod housekeeping;
pub mod idempotency;
pub mod mail;
pub mod messages;
pub mod resolve;
pub mod routes;
pub mod setup;
pub mod signed;
pub mod sms;
pub mod throttle;
pub mod tiers;
pub mod time;
pub mod totp;
pub mod uploads;
pub mod web;

use std::path::PathBuf;
use std::sync::Arc;
use store::Store;

pub use routes::router;

/// Settings read once at start-up (flags or `SEEDBED_*` variables).
#[derive(Debug, Clone)]
pub struct Config {
    /// Folder holding the built apps: `app/` (consumer) and `admin/`.
    pub web_dir: PathBuf,
    /// Mark cookies `Secure` (set when served over https).
    pub secure_cookies: bool,
    /// Largest accepted request body, bytes.
    pub body_limit: usize,
    /// Where uploaded files are kept (`{brand}/{id}` below it).
    pub upload_dir: PathBuf,
    /// Largest accepted upload, bytes.
    pub upload_limit: usize,
    /// Who may frame the widget: CSP `frame-ancestors` sources
    /// (`web::frame_ancestors` checks them).
    pub widget_ancestors: String,
    /// The address consumers reach the app at (`https://koc.brand.cn`),
    /// for invitation links and their QR codes. Unset: the address the
    /// operator's request came to.
    pub public_url: Option<String>,
    /// An SMTP server for mail (`smtp://host:25`, `smtps://user:pass@host`):
    /// invitations are also mailed, through the outbox. Unset: links only.
    pub smtp_url: Option<String>,
    /// The sender of that mail.
    pub mail_from: String,
    /// The secret client hashes are keyed with (`SEEDBED_CLIENT_KEY`);
    /// unset: generated once and kept in the upload folder
    /// ([`device::ClientKey`]).
    pub client_key: Option<String>,
    /// How long an API request may take before it is answered 503
    /// `request_timeout` (uploads and file imports get four times this,
    /// committing a settlement twenty).
    pub request_timeout: std::time::Duration,
    /// `/` opens the demo brand (`seedbed serve --demo`). Otherwise `/` is
    /// a plain page that lists no brands and says how to create one.
    pub demo: bool,
}

/// Bytes as lower-case hex (tokens, hashes).
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

impl Config {
    /// The largest body accepted on `path`: uploads get their own cap.
    pub fn body_limit_for(&self, path: &str) -> usize {
        if uploads::is_upload(path) {
            self.upload_limit
        } else {
            self.body_limit
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            web_dir: PathBuf::from("dist"),
            secure_cookies: false,
            body_limit: 64 * 1024,
            upload_dir: PathBuf::from("data/uploads"),
            upload_limit: 5 * 1024 * 1024,
            widget_ancestors: web::DEFAULT_WIDGET_ANCESTORS.into(),
            public_url: None,
            smtp_url: None,
            mail_from: "Seedbed <noreply@localhost>".into(),
            client_key: None,
            request_timeout: std::time::Duration::from_secs(30),
            demo: false,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<Config>,
    pub clock: time::Clock,
    /// A real hash to verify against when an account does not exist, so a
    /// login takes as long for an unknown phone as for a wrong password.
    pub dummy_hash: Arc<str>,
    /// Failed log-ins per account, for lock-out.
    pub throttle: Arc<throttle::Throttle>,
    /// Argon2 hashing and checking, on the blocking pool with a limit.
    pub passwords: auth::Passwords,
    /// Expands short links, fenced to the platforms' own hosts.
    pub resolver: Arc<resolve::Resolver>,
    /// The secret client (device) hashes are keyed with: random per
    /// process from [`AppState::new`]; `seedbed serve` sets the kept one.
    pub client_key: device::ClientKey,
    /// Wakes the SMS sender when a route queued a message.
    pub sms_wake: Arc<tokio::sync::Notify>,
    /// How often codes may be sent (per phone, per client address).
    pub sms_limits: store::SendLimits,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: Config) -> AppState {
        AppState {
            // A key of this process: `seedbed serve` replaces it with the
            // kept one (`device::ClientKey::load`), so tests and embedders
            // write no key file.
            client_key: device::ClientKey::random(),
            store,
            config: Arc::new(config),
            clock: time::Clock::System,
            dummy_hash: auth::hash_password("not a real password, never matches").into(),
            throttle: Arc::default(),
            passwords: auth::Passwords::per_core(),
            resolver: Arc::new(resolve::Resolver::new()),
            sms_wake: Arc::default(),
            sms_limits: store::SendLimits::DEFAULT,
        }
    }
}
