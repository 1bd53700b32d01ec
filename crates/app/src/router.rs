//! Routes of both entries and the router. The brand comes from the URL
//! (`/b/{brand}/…`, which invitation links carry); `/` opens the demo brand.
//!
//! The app is three entries, each its own build and first load: `discover`
//! (home, apply, a campaign), `me` (points and inbox, tasks, samples,
//! account) under `/b/{brand}/me/…` and `staff` (the brand's sales staff on
//! their phones) under `/b/{brand}/staff/…`. [`Route`] knows all three, so
//! any page can link anywhere: a link within the running entry moves in
//! place over the History API, a link into another entry is an ordinary
//! navigation.
//!
//! The router is this file's few lines rather than yew-router: yew-router
//! (route recognizer, gloo-history, query encoding) cost 18,399 B of the
//! first load (brotli, as served). The admin app, which has room, uses it.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

pub const DEFAULT_BRAND: &str = "demo";

/// The app's three builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Discover,
    Me,
    Staff,
    /// The staff app's second entry: what staff open now and then.
    StaffOffice,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Home {
        brand: String,
    },
    Apply {
        brand: String,
    },
    Campaign {
        brand: String,
        id: String,
    },
    Points {
        brand: String,
    },
    Tasks {
        brand: String,
    },
    Samples {
        brand: String,
    },
    Checkout {
        brand: String,
    },
    Rewards {
        brand: String,
    },
    Redemptions {
        brand: String,
    },
    // The staff entry (issue 17). Areas add their pages at the end.
    /// The staff member's home: who, which store, which region.
    StaffHome {
        brand: String,
    },
    /// Staff log-in: phone and password or SMS code.
    StaffLogin {
        brand: String,
    },
    // issue 17: leads
    /// My leads (a manager: the store's or region's).
    StaffLeads {
        brand: String,
    },
    /// My QR code, the store's live code, on shift.
    StaffCodes {
        brand: String,
    },
    /// The store's lead funnel (managers).
    StaffFunnel {
        brand: String,
    },
    // issue 17: backoffice
    /// This month's goals with progress, and the way to courses and
    /// competitions.
    StaffGoals {
        brand: String,
    },
    StaffCourses {
        brand: String,
    },
    StaffCourse {
        brand: String,
        id: String,
    },
    StaffCompetitions {
        brand: String,
    },
    /// The persona checklist and self-ratings (org).
    StaffProfile {
        brand: String,
    },
    /// A manager's team (org).
    StaffTeam {
        brand: String,
    },
    /// Content templates to copy (issue 17: content).
    StaffTemplates {
        brand: String,
    },
    /// My notes, and submitting one.
    StaffNotes {
        brand: String,
    },
    /// My accounts on each platform.
    StaffAccounts {
        brand: String,
    },
}

impl Route {
    /// The route a path names; `None` for anything else (the app then
    /// opens the demo brand's home). `/b/{brand}/points`, the points page's
    /// address before the `me` entry, still names it.
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
            ["b", b, "me"] | ["b", b, "points"] => Some(Route::Points { brand: brand(b)? }),
            ["b", b, "me", "tasks"] => Some(Route::Tasks { brand: brand(b)? }),
            ["b", b, "me", "samples"] => Some(Route::Samples { brand: brand(b)? }),
            ["b", b, "me", "checkout"] => Some(Route::Checkout { brand: brand(b)? }),
            ["b", b, "me", "rewards"] => Some(Route::Rewards { brand: brand(b)? }),
            ["b", b, "me", "redemptions"] => Some(Route::Redemptions { brand: brand(b)? }),
            ["b", b, "campaigns", id] if ok(id) => Some(Route::Campaign {
                brand: brand(b)?,
                id: id.to_string(),
            }),
            ["b", b, "staff"] => Some(Route::StaffHome { brand: brand(b)? }),
            ["b", b, "staff", "login"] => Some(Route::StaffLogin { brand: brand(b)? }),
            ["b", b, "staff", "leads"] => Some(Route::StaffLeads { brand: brand(b)? }),
            ["b", b, "staff", "qr"] => Some(Route::StaffCodes { brand: brand(b)? }),
            ["b", b, "staff", "office", "funnel"] => Some(Route::StaffFunnel { brand: brand(b)? }),
            ["b", b, "staff", "office", "goals"] => Some(Route::StaffGoals { brand: brand(b)? }),
            ["b", b, "staff", "office", "courses"] => {
                Some(Route::StaffCourses { brand: brand(b)? })
            }
            ["b", b, "staff", "office", "courses", id] if ok(id) => Some(Route::StaffCourse {
                brand: brand(b)?,
                id: id.to_string(),
            }),
            ["b", b, "staff", "office", "competitions"] => {
                Some(Route::StaffCompetitions { brand: brand(b)? })
            }
            ["b", b, "staff", "office", "profile"] => {
                Some(Route::StaffProfile { brand: brand(b)? })
            }
            ["b", b, "staff", "office", "team"] => Some(Route::StaffTeam { brand: brand(b)? }),
            ["b", b, "staff", "templates"] => Some(Route::StaffTemplates { brand: brand(b)? }),
            ["b", b, "staff", "notes"] => Some(Route::StaffNotes { brand: brand(b)? }),
            ["b", b, "staff", "office", "accounts"] => {
                Some(Route::StaffAccounts { brand: brand(b)? })
            }
            _ => None,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Home { brand } => format!("/b/{brand}"),
            Route::Apply { brand } => format!("/b/{brand}/apply"),
            Route::Campaign { brand, id } => format!("/b/{brand}/campaigns/{id}"),
            Route::Points { brand } => format!("/b/{brand}/me"),
            Route::Tasks { brand } => format!("/b/{brand}/me/tasks"),
            Route::Samples { brand } => format!("/b/{brand}/me/samples"),
            Route::Checkout { brand } => format!("/b/{brand}/me/checkout"),
            Route::Rewards { brand } => format!("/b/{brand}/me/rewards"),
            Route::Redemptions { brand } => format!("/b/{brand}/me/redemptions"),
            Route::StaffHome { brand } => format!("/b/{brand}/staff"),
            Route::StaffLogin { brand } => format!("/b/{brand}/staff/login"),
            Route::StaffLeads { brand } => format!("/b/{brand}/staff/leads"),
            Route::StaffCodes { brand } => format!("/b/{brand}/staff/qr"),
            Route::StaffFunnel { brand } => format!("/b/{brand}/staff/office/funnel"),
            Route::StaffGoals { brand } => format!("/b/{brand}/staff/office/goals"),
            Route::StaffCourses { brand } => format!("/b/{brand}/staff/office/courses"),
            Route::StaffCourse { brand, id } => format!("/b/{brand}/staff/office/courses/{id}"),
            Route::StaffCompetitions { brand } => format!("/b/{brand}/staff/office/competitions"),
            Route::StaffProfile { brand } => format!("/b/{brand}/staff/office/profile"),
            Route::StaffTeam { brand } => format!("/b/{brand}/staff/office/team"),
            Route::StaffTemplates { brand } => format!("/b/{brand}/staff/templates"),
            Route::StaffNotes { brand } => format!("/b/{brand}/staff/notes"),
            Route::StaffAccounts { brand } => format!("/b/{brand}/staff/office/accounts"),
        }
    }

    /// The build that draws this route.
    pub fn entry(&self) -> Entry {
        match self {
            Route::Home { .. } | Route::Apply { .. } | Route::Campaign { .. } => Entry::Discover,
            Route::Points { .. }
            | Route::Tasks { .. }
            | Route::Samples { .. }
            | Route::Checkout { .. }
            | Route::Rewards { .. }
            | Route::Redemptions { .. } => Entry::Me,
            Route::StaffHome { .. }
            | Route::StaffLogin { .. }
            | Route::StaffLeads { .. }
            | Route::StaffCodes { .. }
            | Route::StaffTemplates { .. }
            | Route::StaffNotes { .. } => Entry::Staff,
            Route::StaffFunnel { .. }
            | Route::StaffGoals { .. }
            | Route::StaffCourses { .. }
            | Route::StaffCourse { .. }
            | Route::StaffCompetitions { .. }
            | Route::StaffProfile { .. }
            | Route::StaffTeam { .. }
            | Route::StaffAccounts { .. } => Entry::StaffOffice,
        }
    }
}

/// Opens `to` with a full page load (the other entry).
fn load_page(to: &Route, replace: bool) {
    if let Some(w) = web_sys::window() {
        let href = to.href();
        let _ = if replace {
            w.location().replace(&href)
        } else {
            w.location().assign(&href)
        };
    }
}

/// Moves the app to a route: `push` adds a history entry, `replace` does not.
#[derive(Clone, PartialEq)]
pub struct Navigator {
    entry: Entry,
    go: Callback<(Route, bool)>,
}

impl Navigator {
    pub fn push(&self, to: Route) {
        self.go(to, false);
    }

    pub fn replace(&self, to: Route) {
        self.go(to, true);
    }

    fn go(&self, to: Route, replace: bool) {
        if to.entry() == self.entry {
            self.go.emit((to, replace));
        } else {
            load_page(&to, replace);
        }
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
/// in place on a plain click when the route is in this entry.
#[component]
pub fn Link(props: &LinkProps) -> Html {
    let nav = use_navigator();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            let plain =
                e.button() == 0 && !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key());
            if plain && to.entry() == nav.entry {
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

/// One entry's pages: its name and how it draws each of its routes.
pub trait Pages: 'static {
    const ENTRY: Entry;
    /// Draws `route`, one of this entry's.
    fn page(route: Route) -> Html;
}

/// The app of one entry.
#[component]
pub fn App<P>() -> Html
where
    P: Pages,
{
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
        let go = Callback::from(move |(to, replace): (Route, bool)| {
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
        });
        Navigator {
            entry: P::ENTRY,
            go,
        }
    };
    let route = (*route).clone();
    if route.entry() != P::ENTRY {
        // The other entry's page (an old address, or an unknown path opening
        // the demo brand's home): load it.
        load_page(&route, true);
        return html! {};
    }
    // An unknown path shows the demo brand's home under its own address;
    // an old one (`/b/{brand}/points`) moves to its current address.
    let moved = current().is_none_or(|r| {
        web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .is_some_and(|p| p.trim_end_matches('/') != r.href())
    });
    html! {
        <ContextProvider<Navigator> context={nav}>
            if moved { <Redirect to={route.clone()} /> }
            { P::page(route) }
        </ContextProvider<Navigator>>
    }
}

#[cfg(test)]
mod tests {
    use super::{Entry, Route};

    #[test]
    fn paths_and_routes_round_trip() {
        let b = || "demo".to_string();
        for (r, entry) in [
            (Route::Home { brand: b() }, Entry::Discover),
            (
                Route::Apply {
                    brand: "acme-1".into(),
                },
                Entry::Discover,
            ),
            (
                Route::Campaign {
                    brand: b(),
                    id: "0190abcdef".into(),
                },
                Entry::Discover,
            ),
            (Route::Points { brand: b() }, Entry::Me),
            (Route::Tasks { brand: b() }, Entry::Me),
            (Route::Samples { brand: b() }, Entry::Me),
            (Route::Checkout { brand: b() }, Entry::Me),
            (Route::StaffHome { brand: b() }, Entry::Staff),
            (Route::StaffLogin { brand: b() }, Entry::Staff),
            (Route::StaffLeads { brand: b() }, Entry::Staff),
            (Route::StaffCodes { brand: b() }, Entry::Staff),
            (Route::StaffFunnel { brand: b() }, Entry::StaffOffice),
            (Route::StaffGoals { brand: b() }, Entry::StaffOffice),
            (Route::StaffCourses { brand: b() }, Entry::StaffOffice),
            (
                Route::StaffCourse {
                    brand: b(),
                    id: "0190abcdef".into(),
                },
                Entry::StaffOffice,
            ),
            (Route::StaffCompetitions { brand: b() }, Entry::StaffOffice),
            (Route::StaffProfile { brand: b() }, Entry::StaffOffice),
            (Route::StaffTeam { brand: b() }, Entry::StaffOffice),
            (Route::StaffTemplates { brand: b() }, Entry::Staff),
            (Route::StaffNotes { brand: b() }, Entry::Staff),
            (Route::StaffAccounts { brand: b() }, Entry::StaffOffice),
        ] {
            assert_eq!(r.entry(), entry, "{r:?}");
            assert_eq!(Route::parse(&r.href()), Some(r.clone()));
            assert_eq!(Route::parse(&format!("{}/", r.href())), Some(r));
        }
        assert_eq!(
            Route::parse("/b/demo/points"),
            Some(Route::Points { brand: b() }),
            "the old points address"
        );
        for bad in [
            "/",
            "/b",
            "/b/",
            "/x/demo",
            "/b/demo/nope",
            "/b/de%2Fmo",
            "/b/demo/campaigns/",
            "/b/demo/me/nope",
            "/b/demo/staff/nope",
        ] {
            assert_eq!(Route::parse(bad), None, "{bad}");
        }
    }
}
