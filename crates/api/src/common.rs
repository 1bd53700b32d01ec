//! Shapes every area uses: the error answer, health, a brand's public face,
//! an upload, a text in both languages, and a refused row of an imported
//! file.

use serde::{Deserialize, Serialize};

api_type! {
    /// Every error answer: `{"error":{"code":"...","message":"..."}}`.
    pub struct ErrorBody {
        pub error: ErrorDetail,
    }
}

api_type! {
    pub struct ErrorDetail {
        /// Stable, machine-readable; the apps translate by code.
        pub code: String,
        /// English explanation for people reading the raw API.
        pub message: String,
    }
}

api_type! {
    pub struct Health {
        pub status: String,
        pub version: String,
        /// `sqlite` or `postgres`.
        pub database: String,
    }
}

api_type! {
    pub struct BrandInfo {
        pub id: String,
        pub name: String,
        pub time_zone: String,
        /// The zone's current offset from UTC in minutes.
        pub utc_offset_minutes: i32,
        /// The brand's accent colour, `#rrggbb`, if it has one.
        #[serde(default)]
        pub accent: Option<String>,
        /// The brand's logo (public), if it has one.
        #[serde(default)]
        pub logo_url: Option<String>,
        /// The accent colour as a style sheet (`--accent`) for the apps to
        /// link, when the brand has one.
        #[serde(default)]
        pub style_url: Option<String>,
        /// The language for visitors who have not chosen one.
        pub default_lang: rules::Language,
        /// A line for consumers, e.g. where to ask (may be empty).
        #[serde(default)]
        pub contact: String,
    }
}

api_type! {
    pub struct RowError {
        /// 1-based line of the file (the header is line 1).
        pub line: i64,
        /// A stable code, e.g. `amount_invalid`.
        pub code: String,
        pub message: String,
    }
}

api_type! {
    /// A stored upload. Fetch the bytes at `GET /api/v1/uploads/{id}`.
    pub struct UploadView {
        pub id: String,
        /// Sniffed from the bytes: `image/png`, `image/jpeg` or `image/webp`.
        pub content_type: String,
        pub size: i64,
    }
}

api_type! {
    /// A text in both languages the apps speak; they show one.
    pub struct Localized {
        pub zh: String,
        pub en: String,
    }
}
