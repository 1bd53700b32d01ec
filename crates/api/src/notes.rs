//! Notes: submitting a link, submissions as operators and members see them,
//! metrics and their import from a platform's file, and parsing a note link.

use crate::*;
use serde::{Deserialize, Serialize};

api_type! {
    pub struct SubmissionForm {
        pub campaign_id: String,
        /// What the member pasted: a URL or a platform's share text.
        pub link_text: String,
        /// The member declares the note carries the platform's ad
        /// disclosure (required by campaigns that say so).
        #[serde(default)]
        pub disclosure_declared: bool,
        /// An evidence screenshot: the id of the member's own upload.
        #[serde(default)]
        pub screenshot_id: Option<String>,
    }
}

api_type! {
    pub struct MetricsView {
        /// `YYYY-MM-DD`.
        pub date: String,
        pub likes: i64,
        pub comments: i64,
        pub saves: i64,
    }
}

api_type! {
    pub struct SubmissionView {
        pub id: String,
        pub campaign_id: String,
        pub campaign_title: String,
        pub member_id: String,
        pub member_name: String,
        pub platform: String,
        pub note_id: String,
        pub canonical_url: String,
        pub original_url: String,
        /// `pending`, `approved` or `rejected`.
        pub status: rules::SubmissionStatus,
        pub reason: Option<String>,
        pub created_at: i64,
        pub metrics: Option<MetricsView>,
        /// Points credited at settlement, once settled.
        pub points: Option<i64>,
        /// The campaign requires ad disclosure.
        pub disclosure_required: bool,
        /// The member declared the disclosure mark.
        pub disclosure_declared: bool,
        /// The reviewer confirmed it.
        pub disclosure_confirmed: bool,
        /// The evidence screenshot (`GET /api/v1/uploads/{id}`), if any.
        pub screenshot_id: Option<String>,
        /// The member's note when they appealed a rejection (once).
        #[serde(default)]
        pub appeal_note: Option<String>,
        /// For reviewers: `burst` (3 or more other notes by the member
        /// within 10 minutes), `shared_device` (notes from the same device
        /// under another account of the brand), `claimed_by_other` (another
        /// member tried to submit this same note).
        #[serde(default)]
        pub flags: Vec<String>,
    }
}

api_type! {
    pub struct NoteLinkText {
        pub text: String,
    }
}

api_type! {
    pub struct NoteLinkView {
        pub platform: String,
        pub note_id: Option<String>,
        /// `note` or `short_link`.
        pub kind: String,
        pub canonical_url: String,
    }
}

api_type! {
    /// Which header of the file holds what (as found, or as chosen).
    pub struct ColumnMapping {
        /// Note link or note id.
        pub note: Option<String>,
        pub likes: Option<String>,
        pub comments: Option<String>,
        pub saves: Option<String>,
        /// A per-row snapshot date; without it, the import's date.
        pub date: Option<String>,
        /// The platform of bare note ids.
        pub platform: Option<String>,
    }
}

api_type! {
    pub struct ImportRow {
        pub line: i64,
        pub platform: String,
        pub note_id: String,
        pub campaign_title: String,
        pub member_name: String,
        pub date: String,
        pub likes: i64,
        pub comments: i64,
        pub saves: i64,
    }
}

api_type! {
    /// A metrics file read: the headers, the mapping used, the first rows
    /// as they will be recorded, and every refused row. With `commit`, the
    /// good rows were written in one transaction (`changed` new or
    /// different figures; `unchanged` the same as recorded: a second import
    /// of the same file changes nothing).
    pub struct MetricsImport {
        pub headers: Vec<String>,
        pub mapping: ColumnMapping,
        pub rows: Vec<ImportRow>,
        pub good: i64,
        pub errors: Vec<RowError>,
        pub committed: bool,
        pub changed: i64,
        pub unchanged: i64,
    }
}

api_type! {
    /// The fields of a [`SubmissionView`] the consumer app reads: it
    /// decodes the member's notes into this (unknown fields are skipped),
    /// so the phone carries no decoder for the rest. The server's tests
    /// check that every `SubmissionView` decodes into it.
    pub struct MyNote {
        pub id: String,
        pub campaign_id: String,
        pub campaign_title: String,
        pub platform: String,
        pub note_id: String,
        pub original_url: String,
        pub status: rules::SubmissionStatus,
        pub reason: Option<String>,
        pub points: Option<i64>,
        #[serde(default)]
        pub appeal_note: Option<String>,
    }
}
