//! Routes and the brand shell. The brand comes from the URL (`/b/{brand}/…`,
//! which invitation links carry); `/` opens the demo brand.

use crate::components::shell::Shell;
use crate::pages::{apply::Apply, campaign::CampaignPage, home::Home, points::Points};
use yew::prelude::*;
use yew_router::prelude::*;

pub const DEFAULT_BRAND: &str = "demo";

#[derive(Clone, Routable, PartialEq)]
pub enum Route {
    #[at("/")]
    Root,
    #[at("/b/:brand")]
    Home { brand: String },
    #[at("/b/:brand/apply")]
    Apply { brand: String },
    #[at("/b/:brand/campaigns/:id")]
    Campaign { brand: String, id: String },
    #[at("/b/:brand/points")]
    Points { brand: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Root | Route::NotFound => {
            html! { <Redirect<Route> to={Route::Home { brand: DEFAULT_BRAND.into() }} /> }
        }
        Route::Home { brand } => html! { <Shell {brand}><Home /></Shell> },
        Route::Apply { brand } => html! { <Shell {brand}><Apply /></Shell> },
        Route::Campaign { brand, id } => html! { <Shell {brand}><CampaignPage {id} /></Shell> },
        Route::Points { brand } => html! { <Shell {brand}><Points /></Shell> },
    }
}

#[component]
pub fn App() -> Html {
    html! {
        <BrowserRouter>
            <Switch<Route> render={switch} />
        </BrowserRouter>
    }
}
