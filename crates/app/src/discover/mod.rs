//! The `discover` entry's pages: what a first-time visitor from a shared
//! link needs (the theme and campaigns, a campaign with note submission,
//! applying, sign-up and log-in).

pub mod apply;
pub mod auth;
pub mod campaign;
pub mod cards;
pub mod home;
pub mod notes;

use crate::components::shell::Shell;
use crate::router::{Entry, Pages, Route};
use yew::prelude::*;

/// The entry's routes: home, apply, a campaign.
pub struct Discover;

impl Pages for Discover {
    const ENTRY: Entry = Entry::Discover;

    fn page(route: Route) -> Html {
        match route {
            Route::Home { brand } => html! { <Shell {brand}><home::Home /></Shell> },
            Route::Apply { brand } => html! { <Shell {brand}><apply::Apply /></Shell> },
            Route::Campaign { brand, id } => {
                // Keyed: another campaign is a fresh page, never the last
                // one under the new address while it loads.
                let key = id.clone();
                html! { <Shell {brand}><campaign::CampaignPage {key} {id} /></Shell> }
            }
            _ => html! {},
        }
    }
}

/// An invitation link (`/b/{brand}/apply?i={code}`) names the channel the
/// applicant came by; the code is kept until the application is sent,
/// across signing up or logging in first.
pub fn keep_invite() {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let (Ok(path), Ok(search)) = (loc.pathname(), loc.search()) else {
        return;
    };
    let code = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("i="))
        .filter(|c| !c.is_empty() && c.len() <= 32 && c.bytes().all(|b| b.is_ascii_alphanumeric()));
    if let (Some(Route::Apply { brand }), Some(code)) = (Route::parse(&path), code) {
        ui::services::remember(apply::INVITE_KEY, &format!("{brand}/{code}"));
    }
}
