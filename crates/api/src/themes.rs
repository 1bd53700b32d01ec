//! Monthly themes: the operator's form and view, and the consumer's
//! projection.

use crate::*;
use serde::{Deserialize, Serialize};

api_type! {
    pub struct ThemeForm {
        /// `YYYY-MM`.
        pub month: String,
        pub title: String,
        pub description: String,
    }
}

api_type! {
    pub struct ThemeView {
        pub id: String,
        pub month: String,
        pub title: String,
        pub description: String,
        /// The theme's artwork (public), if any.
        #[serde(default)]
        pub artwork_url: Option<String>,
        pub campaigns: Vec<CampaignView>,
    }
}

api_type! {
    /// The fields of a [`ThemeView`] the consumer app reads (see
    /// [`MyCampaign`]).
    pub struct MyTheme {
        pub id: String,
        pub month: String,
        pub title: String,
        pub description: String,
        #[serde(default)]
        pub artwork_url: Option<String>,
        pub campaigns: Vec<MyCampaign>,
    }
}

api_type! {
    /// A theme's editable fields; `artwork_id` is an operator upload
    /// (`POST /api/v1/admin/uploads`), or none to remove the artwork.
    pub struct ThemeUpdate {
        pub title: String,
        pub description: String,
        #[serde(default)]
        pub artwork_id: Option<String>,
    }
}
