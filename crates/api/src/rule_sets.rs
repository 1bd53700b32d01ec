//! The brand's rule set and its versions.

use serde::{Deserialize, Serialize};

api_type! {
    /// The brand's rule set and its saved versions.
    pub struct RuleSetView {
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        pub rules: rules::RuleSet,
        pub versions: Vec<RuleVersionView>,
    }
}

api_type! {
    pub struct RuleVersionView {
        pub version: i64,
        pub created_at: i64,
        pub created_by: String,
    }
}

api_type! {
    /// A new rule set; the server numbers the version.
    pub struct RuleSetForm {
        #[cfg_attr(feature = "openapi", schema(value_type = Object))]
        pub rules: rules::RuleSet,
    }
}
