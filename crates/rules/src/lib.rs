//! Seedbed's domain rules, shared by the server and the wasm apps.
//!
//! Everything here is pure: no I/O, no async, no clocks, no time-zone data.
//! The same source decides on the server and previews in the browser, so a
//! member never sees one number in the app and another on the statement.

pub mod date;
pub mod link;
pub mod phone;
pub mod points;
pub mod tier;

pub use date::{CivilDate, YearMonth};
pub use link::{LinkError, LinkKind, NoteLink, Platform, parse_note_link};
pub use phone::{Phone, PhoneError};
pub use points::{Metrics, PointsBreakdown, PointsLine, PointsRule, RuleError};
pub use tier::{NoteFact, Tier};
