//! Pieces both entries share.

pub mod evidence;
pub mod shell;
