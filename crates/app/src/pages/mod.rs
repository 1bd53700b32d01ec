//! One module per route.

pub mod apply;
pub mod campaign;
pub mod home;
pub mod points;
pub mod tasks;

pub use ui::form::{bind, checked_of, error_line, value_of};
