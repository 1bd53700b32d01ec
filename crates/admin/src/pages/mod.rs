//! One module per route.

pub mod applications;
pub mod campaign;
pub mod login;
pub mod submissions;
pub mod themes;

pub use ui::form::{bind, checked_of, error_line};
