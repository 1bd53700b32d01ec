//! The `staff` entry's pages, under `/b/{brand}/staff/…`: the brand's
//! sales staff (KOS), store managers and regional managers on their phones.
//! [`StaffShell`](shell::StaffShell) loads the brand and the signed-in staff
//! member (`GET /api/v1/staff/me`; 401 opens the log-in page) and draws
//! the header and the bottom tab bar. Every page but the log-in needs a
//! staff session; what a page shows is limited by the server to the
//! caller's scope (own records, their store, their region).
//!
//! Areas add their pages as `Route` variants (router.rs, at the end of
//! the staff list), one arm each in [`Staff::page`] and, for a tab, one
//! line at the end of [`tabs`].

pub mod codes;
pub mod content_accounts;
pub mod content_notes;
pub mod content_templates;
pub mod funnel;
pub mod home;
pub mod lead_add;
pub mod leads;
pub mod login;
pub mod profile;
pub mod shell;
// issue 17: backoffice
pub mod competitions;
pub mod courses;
pub mod goals;
pub mod team;

use crate::router::{Entry, Pages, Route};
use shell::{SignedIn, StaffShell};
use ui::Lang;
use yew::prelude::*;

/// The daily entry's routes (`staff`): home, leads, QR codes, templates
/// and notes, what a staff member opens between customers.
pub struct Staff;

impl Pages for Staff {
    const ENTRY: Entry = Entry::Staff;

    fn page(route: Route) -> Html {
        let current = route.clone();
        let (brand, page) = match route {
            Route::StaffLogin { brand } => {
                return html! { <StaffShell {brand}><login::StaffLogin /></StaffShell> };
            }
            Route::StaffHome { brand } => (brand, html! { <home::StaffHome /> }),
            Route::StaffLeads { brand } => (brand, html! { <leads::StaffLeads /> }),
            Route::StaffCodes { brand } => (brand, html! { <codes::StaffCodes /> }),
            Route::StaffTemplates { brand } => (brand, html! { <content_templates::Templates /> }),
            Route::StaffNotes { brand } => (brand, html! { <content_notes::MyNotes /> }),
            _ => return html! {},
        };
        html! { <StaffShell {brand}><SignedIn {current}>{ page }</SignedIn></StaffShell> }
    }
}

/// The second entry's routes (`staff_office`, under `/b/{brand}/staff/office/…`):
/// goals, courses, competitions, the profile and accounts, a manager's team
/// and funnel. Each entry names only its own pages, so the other's code is
/// never in its wasm.
pub struct Office;

impl Pages for Office {
    const ENTRY: Entry = Entry::StaffOffice;

    fn page(route: Route) -> Html {
        let current = route.clone();
        let (brand, page) = match route {
            Route::StaffFunnel { brand } => (brand, html! { <funnel::StaffFunnel /> }),
            Route::StaffGoals { brand } => (brand, html! { <goals::StaffGoals /> }),
            Route::StaffCourses { brand } => (brand, html! { <courses::StaffCourses /> }),
            Route::StaffCourse { brand, id } => {
                let key = id.clone();
                (brand, html! { <courses::StaffCourse {key} {id} /> })
            }
            Route::StaffCompetitions { brand } => {
                (brand, html! { <competitions::StaffCompetitions /> })
            }
            Route::StaffProfile { brand } => (brand, html! { <profile::StaffProfile /> }),
            Route::StaffTeam { brand } => (brand, html! { <team::StaffTeam /> }),
            Route::StaffAccounts { brand } => (brand, html! { <content_accounts::MyAccounts /> }),
            _ => return html! {},
        };
        html! { <StaffShell {brand}><SignedIn {current}>{ page }</SignedIn></StaffShell> }
    }
}

/// One tab of the bottom bar.
pub struct Tab {
    pub to: Route,
    /// A short glyph drawn above the label (text, no icon font to load).
    pub glyph: &'static str,
    pub label: &'static str,
    /// Shown to store and regional managers only.
    pub managers_only: bool,
    /// In the bottom bar (five at most, the daily loop); every tab is also
    /// a shortcut on the home page.
    pub in_bar: bool,
}

/// The staff app's places, in order: the bottom bar shows those `in_bar`
/// (five: home, leads, templates, goals, profile), the home page every one
/// as a shortcut. Areas add theirs at the end.
pub fn tabs(brand: &str, l: Lang) -> Vec<Tab> {
    let b = || brand.to_string();
    vec![
        Tab {
            to: Route::StaffHome { brand: b() },
            glyph: "⌂",
            label: l.t("首页", "Home"),
            in_bar: true,
            managers_only: false,
        },
        // issue 17: leads
        Tab {
            to: Route::StaffLeads { brand: b() },
            glyph: "☷",
            label: l.t("线索", "Leads"),
            in_bar: true,
            managers_only: false,
        },
        Tab {
            to: Route::StaffCodes { brand: b() },
            glyph: "▦",
            label: l.t("二维码", "QR code"),
            in_bar: false,
            managers_only: false,
        },
        Tab {
            to: Route::StaffFunnel { brand: b() },
            glyph: "▽",
            label: l.t("漏斗", "Funnel"),
            in_bar: false,
            managers_only: true,
        },
        // issue 17: backoffice (courses and competitions open from it)
        Tab {
            to: Route::StaffGoals { brand: b() },
            glyph: "◎",
            label: l.t("目标", "Goals"),
            in_bar: true,
            managers_only: false,
        },
        // org
        Tab {
            to: Route::StaffProfile { brand: b() },
            glyph: "☺",
            label: l.t("人设", "Profile"),
            in_bar: true,
            managers_only: false,
        },
        Tab {
            to: Route::StaffTeam { brand: b() },
            glyph: "☰",
            label: l.t("团队", "Team"),
            in_bar: false,
            managers_only: true,
        },
        Tab {
            to: Route::StaffTemplates { brand: b() },
            glyph: "✎",
            label: l.t("模板", "Templates"),
            in_bar: true,
            managers_only: false,
        },
        Tab {
            to: Route::StaffNotes { brand: b() },
            glyph: "▤",
            label: l.t("笔记", "Notes"),
            in_bar: false,
            managers_only: false,
        },
        Tab {
            to: Route::StaffAccounts { brand: b() },
            glyph: "@",
            label: l.t("账号", "Accounts"),
            in_bar: false,
            managers_only: false,
        },
    ]
}
