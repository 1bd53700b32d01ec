//! Routes, the operator session and the page frame.

use crate::pages::{
    applications::Applications,
    audit::Audit,
    campaign::CampaignPage,
    login::Login,
    recruit::Recruitment,
    submissions::Submissions,
    tasks::Tasks,
    team::{Join, Team},
    themes::Themes,
};
use api::OperatorMe;
use ui::{Client, Lang};
use yew::platform::spawn_local;
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
    #[not_found]
    #[at("/admin/404")]
    NotFound,
}

/// What every page can use.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub lang: Lang,
    pub me: OperatorMe,
}

impl Ctx {
    pub fn client(&self) -> Client {
        Client::new(self.lang)
    }
    pub fn can_review(&self) -> bool {
        matches!(self.me.role.as_str(), "owner" | "operator" | "reviewer")
    }
    pub fn can_operate(&self) -> bool {
        matches!(self.me.role.as_str(), "owner" | "operator")
    }
}

#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("pages render inside the frame")
}

fn switch(route: Route) -> Html {
    match route {
        Route::Applications | Route::NotFound => html! { <Applications /> },
        Route::Themes => html! { <Themes /> },
        Route::Campaign { id } => html! { <CampaignPage {id} /> },
        Route::Submissions => html! { <Submissions /> },
        Route::Audit => html! { <Audit /> },
        Route::Recruitment => html! { <Recruitment /> },
        Route::Tasks => html! { <Tasks /> },
        Route::Team => html! { <Team /> },
    }
}

#[component]
pub fn App() -> Html {
    let lang = use_state(Lang::detect);
    // None: loading; Some(None): signed out.
    let me = use_state(|| None::<Option<OperatorMe>>);
    let generation = use_state(|| 0u32);
    {
        let (me, lang) = (me.clone(), *lang);
        use_effect_with(*generation, move |_| {
            spawn_local(async move {
                me.set(Some(
                    Client::new(lang)
                        .get::<OperatorMe>("/api/v1/admin/me")
                        .await
                        .ok(),
                ));
            });
        });
    }
    let refresh = {
        let generation = generation.clone();
        Callback::from(move |()| generation.set(*generation + 1))
    };
    let toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_| {
            let next = lang.other();
            next.save();
            lang.set(next);
        })
    };
    let l = *lang;
    let body = match &*me {
        None => html! { <main><p class="muted">{ l.t("加载中…", "Loading…") }</p></main> },
        // An invitation link opens the join page, signed in or not.
        _ if web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .is_some_and(|p| p.starts_with("/admin/join")) =>
        {
            html! { <Join lang={l} on_done={refresh.clone()} /> }
        }
        Some(None) => html! {
            <>
                <header class="bar">
                    <span class="brand">{ l.t("Seedbed 运营后台", "Seedbed admin") }</span>
                    <nav><button class="link" onclick={toggle_lang.clone()}>{ l.t("English", "中文") }</button></nav>
                </header>
                <Login lang={l} on_done={refresh.clone()} />
            </>
        },
        Some(Some(op)) => {
            let end = |path: &'static str| {
                let refresh = refresh.clone();
                Callback::from(move |_| {
                    let refresh = refresh.clone();
                    spawn_local(async move {
                        let _ = Client::new(l).delete(path).await;
                        refresh.emit(());
                    });
                })
            };
            let log_out = end("/api/v1/admin/session");
            let log_out_everywhere = end("/api/v1/admin/sessions");
            html! {
                <ContextProvider<Ctx> context={Ctx { lang: l, me: op.clone() }}>
                    <header class="bar">
                        <span class="brand">{ &op.brand_name }{ l.t(" · 运营后台", " · Admin") }</span>
                        <nav>
                            <Link<Route> to={Route::Applications}>{ l.t("申请审核", "Applications") }</Link<Route>>
                            <Link<Route> to={Route::Recruitment}>{ l.t("招募", "Recruitment") }</Link<Route>>
                            <Link<Route> to={Route::Themes}>{ l.t("主题与活动", "Themes & campaigns") }</Link<Route>>
                            <Link<Route> to={Route::Submissions}>{ l.t("笔记审核", "Submissions") }</Link<Route>>
                            <Link<Route> to={Route::Tasks}>{ l.t("任务", "Tasks") }</Link<Route>>
                            if op.role == "owner" {
                                <Link<Route> to={Route::Team}>{ l.t("团队", "Team") }</Link<Route>>
                                <Link<Route> to={Route::Audit}>{ l.t("审计日志", "Audit log") }</Link<Route>>
                            }
                            <span class="muted">{ &op.email }</span>
                            <button class="link" onclick={log_out}>{ l.t("退出", "Log out") }</button>
                            <button class="link" onclick={log_out_everywhere} title={l.t("结束此账号在所有设备上的登录", "End this account's sessions on every device")}>{ l.t("全部退出", "Log out everywhere") }</button>
                            <button class="link" onclick={toggle_lang.clone()}>{ l.t("English", "中文") }</button>
                        </nav>
                    </header>
                    <main><Switch<Route> render={switch} /></main>
                </ContextProvider<Ctx>>
            }
        }
    };
    html! {
        <BrowserRouter>
            { body }
        </BrowserRouter>
    }
}
