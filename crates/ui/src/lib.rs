//! What the consumer and admin apps share: the one HTTP client
//! ([`services`]), the language choice and locale formatting ([`i18n`]).
//!
//! Kept small on purpose: every byte here ships to phones on slow networks.
//! JSON goes through `serde-wasm-bindgen` and the browser's own
//! `JSON`/`Intl`, never `serde_json` or tz data.

pub mod form;
pub mod hooks;
pub mod i18n;
pub mod services;

pub use hooks::{Load, UseAction, UseLoad, use_action, use_load, view_load};
pub use i18n::Lang;
pub use services::{ApiFailure, Client};
