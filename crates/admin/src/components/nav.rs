//! The admin's navigation: areas in groups (KOC program, KOS, points and
//! rewards, distribution, insight, settings), each link shown only to a
//! role that may use it, and a group only when it has a page. A left
//! sidebar on a desktop; on a tablet it folds behind the menu button.
//!
//! A new area adds its pages to [`GROUPS`]; a group with no pages yet
//! stays out of sight, so no dead link ships.

use crate::app::{Route, use_ctx};
use rules::Perm;
use ui::Lang;
use yew::prelude::*;
use yew_router::prelude::*;

/// One page in the navigation.
struct Item {
    route: Route,
    zh: &'static str,
    en: &'static str,
    /// What the role needs to see the link (`None`: every role reads it).
    needs: Option<Perm>,
}

struct Group {
    id: &'static str,
    zh: &'static str,
    en: &'static str,
    items: &'static [Item],
}

const fn item(route: Route, zh: &'static str, en: &'static str, needs: Option<Perm>) -> Item {
    Item {
        route,
        zh,
        en,
        needs,
    }
}

const GROUPS: [Group; 6] = [
    Group {
        id: "koc",
        zh: "KOC 计划",
        en: "KOC program",
        items: &[
            item(Route::Applications, "申请审核", "Applications", None),
            item(Route::Recruitment, "招募", "Recruitment", None),
            item(Route::Themes, "主题与活动", "Themes & campaigns", None),
            item(Route::Submissions, "笔记审核", "Submissions", None),
            item(Route::Tasks, "任务", "Tasks", None),
            item(Route::Roster, "KOC 名册", "Roster", None),
        ],
    },
    // issue 17: the KOS program.
    Group {
        id: "kos",
        zh: "KOS",
        en: "KOS",
        items: &[
            item(Route::KosDashboard, "数据看板", "Dashboard", None),
            item(Route::KosOrg, "组织架构", "Organisation", None),
            item(Route::KosStaff, "员工", "Staff", None),
            item(Route::KosMatrix, "账号矩阵", "Account matrix", None),
            item(Route::KosContent, "内容模板", "Content templates", None),
            item(
                Route::KosMaterials,
                "素材与政策",
                "Materials & policies",
                None,
            ),
            item(Route::KosLeads, "线索", "Leads", None),
            item(Route::KosFunnel, "线索漏斗", "Lead funnel", None),
            item(Route::KosTags, "线索标签库", "Lead tags", None),
            item(
                Route::KosBackoffice,
                "培训、目标与激励",
                "Training, goals & incentives",
                None,
            ),
        ],
    },
    Group {
        id: "points",
        zh: "积分与奖励",
        en: "Points & rewards",
        items: &[
            item(Route::Points, "积分", "Points", Some(Perm::Operate)),
            item(Route::Rewards, "奖品目录", "Rewards catalogue", None),
            item(Route::Redemptions, "兑换记录", "Redemptions", None),
        ],
    },
    Group {
        id: "distribution",
        zh: "分销",
        en: "Distribution",
        items: &[],
    },
    Group {
        id: "insight",
        zh: "洞察",
        en: "Insight",
        items: &[item(
            Route::Audit,
            "审计日志",
            "Audit log",
            Some(Perm::Audit),
        )],
    },
    Group {
        id: "settings",
        zh: "设置",
        en: "Settings",
        items: &[
            item(Route::Team, "团队", "Team", Some(Perm::Manage)),
            item(
                Route::Settings,
                "品牌设置",
                "Brand settings",
                Some(Perm::Manage),
            ),
            item(Route::Rules, "规则", "Rules", None),
            item(Route::ApiKeys, "API 密钥", "API keys", Some(Perm::Manage)),
        ],
    },
];

/// The navigation entry a route belongs to (a campaign lives under
/// themes and campaigns).
fn section(route: &Route) -> Route {
    match route {
        Route::Campaign { .. } => Route::Themes,
        Route::Member { .. } => Route::Roster,
        Route::KosStaffMember { .. } => Route::KosStaff,
        Route::NotFound => Route::Applications,
        r => r.clone(),
    }
}

#[derive(Properties, PartialEq)]
pub struct SideNavProps {
    /// Unfolded (tablet); the desktop always shows it.
    pub open: bool,
    /// A link was followed (folds the menu again).
    pub on_pick: Callback<()>,
}

#[component]
pub fn SideNav(props: &SideNavProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let here = use_route::<Route>().map(|r| section(&r));
    let navigator = use_navigator();
    let groups = GROUPS.iter().filter_map(|g| {
        let links: Vec<Html> = g
            .items
            .iter()
            .filter(|i| i.needs.is_none_or(|p| ctx.can(p)))
            .map(|i| {
                let current = here.as_ref() == Some(&i.route);
                let go = {
                    let (navigator, route, on_pick) =
                        (navigator.clone(), i.route.clone(), props.on_pick.clone());
                    Callback::from(move |e: MouseEvent| {
                        // Let the browser open a new tab on a modified click.
                        if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
                            return;
                        }
                        e.prevent_default();
                        if let Some(n) = &navigator {
                            n.push(&route);
                        }
                        on_pick.emit(());
                    })
                };
                html! {
                    <li><a href={i.route.to_path()} onclick={go}
                        class={classes!(current.then_some("current"))}
                        aria-current={current.then_some("page")}>{ l.t(i.zh, i.en) }</a></li>
                }
            })
            .collect();
        (!links.is_empty()).then(|| {
            let heading = format!("nav-{}", g.id);
            html! {
                <section class="group" data-group={g.id} aria-labelledby={heading.clone()}>
                    <h2 id={heading}>{ l.t(g.zh, g.en) }</h2>
                    <ul>{ for links }</ul>
                </section>
            }
        })
    });
    let close_on_escape = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_pick.emit(());
            }
        })
    };
    html! {
        <nav id="side-nav" class={classes!("side", props.open.then_some("open"))}
            aria-label={l.t("主导航", "Main navigation")} onkeydown={close_on_escape}>
            { for groups }
        </nav>
    }
}

#[derive(Properties, PartialEq)]
pub struct MenuButtonProps {
    pub open: bool,
    pub on_toggle: Callback<bool>,
    pub lang: Lang,
}

/// Shows or hides the navigation where the screen is too narrow for both
/// (CSS hides the button on a desktop).
#[component]
pub fn MenuButton(props: &MenuButtonProps) -> Html {
    let l = props.lang;
    let open = props.open;
    let toggle = props.on_toggle.reform(move |_: MouseEvent| !open);
    html! {
        <button type="button" class="menu" aria-controls="side-nav" aria-expanded={open.to_string()} onclick={toggle}>
            <span aria-hidden="true">{ if open { "✕" } else { "☰" } }</span>
            { " " }{ l.t("菜单", "Menu") }
        </button>
    }
}
