//! Routes, the operator session and the page frame (top bar, grouped
//! navigation, the page).

use crate::components::nav::{MenuButton, SideNav};
use crate::pages::{
    account::{Account, Reset},
    api_keys::ApiKeys,
    applications::Applications,
    audit::Audit,
    campaign::CampaignPage,
    login::Login,
    member::MemberPage,
    points::Points,
    recruit::Recruitment,
    redemptions::Redemptions,
    rewards::Rewards,
    roster::Roster,
    settings::Settings,
    submissions::Submissions,
    tasks::Tasks,
    team::{Join, Team},
    themes::{RulesPage, Themes},
};
// issue 17: backoffice
use crate::pages::{kos_backoffice::KosBackoffice, kos_dashboard::KosDashboard};
use api::OperatorMe;
use rules::{Perm, Role};
use ui::{Client, Lang, Load, use_action, use_load};
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Clone, Routable, PartialEq)]
pub enum Route {
    #[at("/admin/")]
    Applications,
    #[at("/admin/themes")]
    Themes,
    #[at("/admin/campaigns/:id")]
    Campaign { id: String },
    #[at("/admin/submissions")]
    Submissions,
    #[at("/admin/audit")]
    Audit,
    #[at("/admin/recruitment")]
    Recruitment,
    #[at("/admin/tasks")]
    Tasks,
    #[at("/admin/team")]
    Team,
    #[at("/admin/rules")]
    Rules,
    #[at("/admin/account")]
    Account,
    #[at("/admin/settings")]
    Settings,
    #[at("/admin/api-keys")]
    ApiKeys,
    #[at("/admin/rewards")]
    Rewards,
    #[at("/admin/redemptions")]
    Redemptions,
    #[at("/admin/points")]
    Points,
    #[at("/admin/roster")]
    Roster,
    #[at("/admin/members/:id")]
    Member { id: String },
    // issue 17: leads
    #[at("/admin/kos/leads")]
    KosLeads,
    #[at("/admin/kos/funnel")]
    KosFunnel,
    #[at("/admin/kos/tags")]
    KosTags,
    // issue 17: backoffice
    #[at("/admin/kos/dashboard")]
    KosDashboard,
    #[at("/admin/kos/backoffice")]
    KosBackoffice,
    #[not_found]
    #[at("/admin/404")]
    NotFound,
}

/// What every page can use.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub lang: Lang,
    pub me: OperatorMe,
    pub role: Role,
}

impl Ctx {
    pub fn new(lang: Lang, me: OperatorMe) -> Ctx {
        let role = me.role;
        Ctx { lang, me, role }
    }
    pub fn client(&self) -> Client {
        Client::new(self.lang)
    }
    /// Whether the operator may do `perm` (`rules::Role::allows`, the one
    /// permission table the server also enforces).
    pub fn can(&self, perm: Perm) -> bool {
        self.role.allows(perm)
    }
}

#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("pages render inside the frame")
}

fn switch(route: Route) -> Html {
    match route {
        Route::Account => html! { <AccountRoute /> },
        Route::Applications | Route::NotFound => html! { <Applications /> },
        Route::Themes => html! { <Themes /> },
        Route::Campaign { id } => {
            // Keyed: another campaign is a fresh page, never the last one
            // under the new address while it loads.
            let key = id.clone();
            html! { <CampaignPage {key} {id} /> }
        }
        Route::Submissions => html! { <Submissions /> },
        Route::Audit => html! { <Audit /> },
        Route::Recruitment => html! { <Recruitment /> },
        Route::Tasks => html! { <Tasks /> },
        Route::Team => html! { <Team /> },
        Route::Rules => html! { <RulesPage /> },
        Route::Settings => html! { <Settings /> },
        Route::ApiKeys => html! { <ApiKeys /> },
        Route::Rewards => html! { <Rewards /> },
        Route::Redemptions => html! { <Redemptions /> },
        Route::Points => html! { <Points /> },
        Route::Roster => html! { <Roster /> },
        Route::Member { id } => {
            let key = id.clone();
            html! { <MemberPage {key} {id} /> }
        }
        // issue 17: leads
        Route::KosLeads => html! { <crate::pages::kos_leads::KosLeads /> },
        Route::KosFunnel => html! { <crate::pages::kos_funnel::KosFunnel /> },
        Route::KosTags => html! { <crate::pages::kos_tags::KosTags /> },
        Route::KosDashboard => html! { <KosDashboard /> },
        Route::KosBackoffice => html! { <KosBackoffice /> },
    }
}

/// The account page under the frame, reloading "me" when the second
/// factor changes (an owner who had to enrol is let in).
#[component]
fn AccountRoute() -> Html {
    let refresh = use_context::<Refresh>().map(|r| r.0).unwrap_or_default();
    html! { <Account on_change={refresh} /> }
}

/// Reloads the signed-in operator (context for pages that change it).
#[derive(Clone, PartialEq)]
struct Refresh(Callback<()>);

#[component]
pub fn App() -> Html {
    let lang = use_state(Lang::detect);
    let l = *lang;
    let me = use_load((), move |()| crate::api::me(Client::new(l)));
    let refresh = me.reload.clone();
    let toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_| {
            let next = lang.other();
            next.save();
            lang.set(next);
        })
    };
    // Signed out either way: a session the server no longer knows is gone too.
    let log_out = use_action(
        move |everywhere: bool| async move {
            let _ = crate::api::log_out(Client::new(l), everywhere).await;
            Ok::<(), ui::ApiFailure>(())
        },
        refresh.reform(|_| ()),
    );
    let menu_open = use_state(|| false);
    let on_menu = {
        let menu_open = menu_open.clone();
        Callback::from(move |open: bool| menu_open.set(open))
    };
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let joining = path.starts_with("/admin/join");
    let resetting = path.starts_with("/admin/reset");
    let signed_out_bar = html! {
        <header class="bar">
            <span class="brand">{ l.t("Seedbed 运营后台", "Seedbed admin") }</span>
            <nav><button class="link" onclick={toggle_lang.clone()}>{ l.t("English", "中文") }</button></nav>
        </header>
    };
    let body = match &me.state {
        Load::Loading => {
            html! { <main><p class="muted" aria-busy="true">{ l.t("加载中…", "Loading…") }</p></main> }
        }
        // An invitation link opens the join page, signed in or not.
        _ if joining => html! { <Join lang={l} on_done={refresh.clone()} /> },
        // A reset link opens its page, signed in or not.
        _ if resetting => html! { <>{ signed_out_bar.clone() }<Reset lang={l} /></> },
        Load::Failed(e) => html! {
            <>{ signed_out_bar }<main>{ ui::hooks::failed(e, l, refresh.clone()) }</main></>
        },
        Load::Ready(op) => match op.as_ref() {
            None => html! {
                <>{ signed_out_bar }<Login lang={l} on_done={refresh.clone()} /></>
            },
            Some(op) => {
                let end = |everywhere: bool| log_out.run.reform(move |_: MouseEvent| everywhere);
                let ctx = Ctx::new(l, op.clone());
                // An owner who must set up a second factor sees only that.
                let page = if op.must_enrol {
                    html! { <main id="main"><Account on_change={refresh.clone()} /></main> }
                } else {
                    html! {
                        <div class="frame">
                            <SideNav open={*menu_open} on_pick={on_menu.reform(|()| false)} />
                            <main id="main"><Switch<Route> render={switch} /></main>
                        </div>
                    }
                };
                html! {
                    <ContextProvider<Refresh> context={Refresh(refresh.clone())}>
                    <ContextProvider<Ctx> context={ctx.clone()}>
                        <header class="bar">
                            <MenuButton open={*menu_open} on_toggle={on_menu.clone()} lang={l} />
                            <span class="brand">{ &op.brand_name }{ l.t(" · 运营后台", " · Admin") }</span>
                            <div class="who">
                                <Link<Route> to={Route::Account} classes="link email">{ &op.email }</Link<Route>>
                                <button class="link" onclick={end(false)}>{ l.t("退出", "Log out") }</button>
                                <button class="link" onclick={end(true)} title={l.t("结束此账号在所有设备上的登录", "End this account's sessions on every device")}>{ l.t("全部退出", "Log out everywhere") }</button>
                                <button class="link" onclick={toggle_lang.clone()}>{ l.t("English", "中文") }</button>
                            </div>
                        </header>
                        { page }
                    </ContextProvider<Ctx>>
                    </ContextProvider<Refresh>>
                }
            }
        },
    };
    html! {
        <BrowserRouter>
            { body }
        </BrowserRouter>
    }
}
