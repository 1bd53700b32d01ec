//! Pieces the pages share.

pub mod shell;
