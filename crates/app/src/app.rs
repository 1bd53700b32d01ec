//! Routes and the brand shell. The brand comes from the URL (`/b/{brand}/…`,
//! which invitation links carry); `/` opens the demo brand.
//!
//! The router is this file's few lines over the History API rather than
//! yew-router: the app has four routes, and yew-router (route recognizer,
//! gloo-history, query encoding) cost 18,399 B of the first load's
//! 150 KB budget (brotli, as served). The admin app, which has
//! room, uses yew-router.

use crate::components::shell::Shell;
use crate::pages::{apply::Apply, campaign::CampaignPage, home::Home, points::Points};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

pub const DEFAULT_BRAND: &str = "demo";

#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Home { brand: String },
    Apply { brand: String },
    Campaign { brand: String, id: String },
    Points { brand: String },
}

impl Route {
    /// The route a path names; `None` for anything else (the app then
    /// opens the demo brand's home).
    pub fn parse(path: &str) -> Option<Route> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let ok = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        let brand = |s: &str| ok(s).then(|| s.to_string());
        match parts.as_slice() {
            ["b", b] => Some(Route::Home { brand: brand(b)? }),
            ["b", b, "apply"] => Some(Route::Apply { brand: brand(b)? }),
            ["b", b, "points"] => Some(Route::Points { brand: brand(b)? }),
            ["b", b, "campaigns", id] if ok(id) => Some(Route::Campaign {
                brand: brand(b)?,
                id: id.to_string(),
            }),
            _ => None,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Home { brand } => format!("/b/{brand}"),
            Route::Apply { brand } => format!("/b/{brand}/apply"),
            Route::Points { brand } => format!("/b/{brand}/points"),
            Route::Campaign { brand, id } => format!("/b/{brand}/campaigns/{id}"),
        }
    }
}

/// Moves the app to a route: `push` adds a history entry, `replace` does not.
#[derive(Clone, PartialEq)]
pub struct Navigator(Callback<(Route, bool)>);

impl Navigator {
    pub fn push(&self, to: Route) {
        self.0.emit((to, false));
    }

    pub fn replace(&self, to: Route) {
        self.0.emit((to, true));
    }
}

#[hook]
pub fn use_navigator() -> Navigator {
    use_context::<Navigator>().expect("pages render inside App")
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Route,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// A real `<a href>` (open in a new tab, copy the link) that navigates
/// in place on a plain click.
#[component]
pub fn Link(props: &LinkProps) -> Html {
    let nav = use_navigator();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            if e.button() == 0 && !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key()) {
                e.prevent_default();
                nav.push(to.clone());
            }
        })
    };
    html! { <a href={props.to.href()} class={props.classes.clone()} {onclick}>{ props.children.clone() }</a> }
}

#[derive(Properties, PartialEq)]
pub struct RedirectProps {
    pub to: Route,
}

#[component]
pub fn Redirect(props: &RedirectProps) -> Html {
    let nav = use_navigator();
    use_effect_with(props.to.clone(), move |to| nav.replace(to.clone()));
    html! {}
}

fn current() -> Option<Route> {
    let path = web_sys::window()?.location().pathname().ok()?;
    Route::parse(&path)
}

fn home() -> Route {
    Route::Home {
        brand: DEFAULT_BRAND.into(),
    }
}

#[component]
pub fn App() -> Html {
    let route = use_state(|| current().unwrap_or_else(home));
    {
        // Back and forward buttons.
        let route = route.clone();
        use_effect_with((), move |_| {
            let on_pop =
                Closure::<dyn Fn()>::new(move || route.set(current().unwrap_or_else(home)));
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ =
                    w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback(
                        "popstate",
                        on_pop.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    let nav = {
        let route = route.clone();
        Navigator(Callback::from(move |(to, replace): (Route, bool)| {
            if let Some(w) = web_sys::window() {
                if let Ok(h) = w.history() {
                    let url = Some(to.href());
                    let _ = if replace {
                        h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", url.as_deref())
                    } else {
                        h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", url.as_deref())
                    };
                }
                if !replace {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
            }
            route.set(to);
        }))
    };
    // An unknown path shows the demo brand's home under its own address.
    let unknown = current().is_none();
    html! {
        <ContextProvider<Navigator> context={nav}>
            if unknown { <Redirect to={(*route).clone()} /> }
            { switch((*route).clone()) }
        </ContextProvider<Navigator>>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home { brand } => html! { <Shell {brand}><Home /></Shell> },
        Route::Apply { brand } => html! { <Shell {brand}><Apply /></Shell> },
        Route::Campaign { brand, id } => html! { <Shell {brand}><CampaignPage {id} /></Shell> },
        Route::Points { brand } => html! { <Shell {brand}><Points /></Shell> },
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn paths_and_routes_round_trip() {
        for r in [
            Route::Home {
                brand: "demo".into(),
            },
            Route::Apply {
                brand: "acme-1".into(),
            },
            Route::Points {
                brand: "demo".into(),
            },
            Route::Campaign {
                brand: "demo".into(),
                id: "0190abcdef".into(),
            },
        ] {
            assert_eq!(Route::parse(&r.href()), Some(r.clone()));
            assert_eq!(Route::parse(&format!("{}/", r.href())), Some(r));
        }
        for bad in [
            "/",
            "/b",
            "/b/",
            "/x/demo",
            "/b/demo/nope",
            "/b/de%2Fmo",
            "/b/demo/campaigns/",
        ] {
            assert_eq!(Route::parse(bad), None, "{bad}");
        }
    }
}
