//! A brand's own settings (the owners' settings page) and the consumer
//! app's projection of the brand's public face.

use serde::{Deserialize, Serialize};

api_type! {
    /// The brand's settings as its owners see them.
    pub struct BrandSettingsView {
        pub id: String,
        pub name: String,
        pub time_zone: String,
        /// The logo: an operator upload of the brand.
        #[serde(default)]
        pub logo_id: Option<String>,
        /// Where the logo is shown from (public).
        #[serde(default)]
        pub logo_url: Option<String>,
        /// `#rrggbb`.
        #[serde(default)]
        pub accent: Option<String>,
        pub default_lang: rules::Language,
        pub contact: String,
        /// The brand's own public address, if set.
        #[serde(default)]
        pub public_url: Option<String>,
        /// The address links and QR codes use now: the brand's own, else
        /// the server's `SEEDBED_PUBLIC_URL`, else (`None`) the address
        /// the operator's browser used.
        #[serde(default)]
        pub effective_public_url: Option<String>,
    }
}

api_type! {
    /// What an owner saves on the settings page. Empty `accent`,
    /// `logo_id` or `public_url` (or absent) clears the setting.
    pub struct BrandSettingsForm {
        pub name: String,
        pub time_zone: String,
        #[serde(default)]
        pub logo_id: Option<String>,
        /// `#rrggbb` (`accent_invalid` otherwise).
        #[serde(default)]
        pub accent: Option<String>,
        /// `zh-CN` or `en` (`language_unknown` otherwise).
        pub default_lang: String,
        /// May be empty, never absent.
        pub contact: String,
        /// An http(s) origin such as `https://koc.brand.cn`
        /// (`public_url_invalid` otherwise).
        #[serde(default)]
        pub public_url: Option<String>,
    }
}

api_type! {
    /// The fields of a [`crate::BrandInfo`] the consumer app reads: every
    /// decoded field is code in the app's first load.
    pub struct MyBrand {
        pub name: String,
        pub time_zone: String,
        #[serde(default)]
        pub logo_url: Option<String>,
        #[serde(default)]
        pub style_url: Option<String>,
        /// `zh-CN` or `en`: the language for visitors who chose none.
        #[serde(default)]
        pub default_lang: String,
    }
}

api_type! {
    /// The brand's contact line, as the consumer app's account page reads
    /// it from [`crate::BrandInfo`] (only the me entry decodes it).
    pub struct BrandContact {
        #[serde(default)]
        pub contact: String,
    }
}
