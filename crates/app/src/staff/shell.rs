//! The staff entry's shell: loads the brand (name, logo, accent colour,
//! default language) and the signed-in staff member once, shares them with
//! every page through [`StaffCtx`], and draws the header (brand, log-out,
//! language) and, around the signed-in pages, the bottom tab bar.

use super::tabs;
use crate::api;
use crate::api_staff::{self, StaffMe};
use crate::router::{Link, Redirect, Route};
use ::api::MyBrand;
use ui::{Client, Lang, use_load};
use yew::prelude::*;

/// What every staff page can use.
#[derive(Clone, PartialEq)]
pub struct StaffCtx {
    pub lang: Lang,
    pub brand: String,
    pub info: Option<MyBrand>,
    /// `None` while loading; `Some(None)` when nobody is signed in as staff.
    pub me: Option<Option<StaffMe>>,
    /// Loads `me` again.
    pub refresh: Callback<()>,
    /// Replaces `me` with an answer in hand (log-in, log-out).
    pub set_me: Callback<Option<StaffMe>>,
}

impl StaffCtx {
    pub fn client(&self) -> Client {
        Client::new(self.lang)
    }
    pub fn zone(&self) -> &str {
        self.info
            .as_ref()
            .map_or("Asia/Shanghai", |b| b.time_zone.as_str())
    }
    /// The signed-in staff member.
    pub fn staff(&self) -> Option<&StaffMe> {
        self.me.as_ref().and_then(|m| m.as_ref())
    }
    /// Nobody is signed in (known, not still loading).
    pub fn signed_out(&self) -> bool {
        self.me.as_ref().is_some_and(|m| m.is_none())
    }
    /// A store or regional manager (the server decides what they may do;
    /// this only chooses what to show).
    pub fn is_manager(&self) -> bool {
        self.staff()
            .is_some_and(|m| m.role != rules::StaffRole::Staff)
    }
}

#[derive(Properties, PartialEq)]
pub struct StaffShellProps {
    pub brand: String,
    pub children: Html,
}

#[component]
pub fn StaffShell(props: &StaffShellProps) -> Html {
    let lang = use_state(Lang::detect);
    // Both requests at once; neither stops the page (without the brand the
    // header says "Seedbed"; a failed `me` shows on the pages).
    let c = Client::new(*lang);
    let info = use_load(props.brand.clone(), move |b: String| async move {
        Ok::<_, ui::ApiFailure>(api::brand(c, &b).await.ok())
    });
    let me = use_load(props.brand.clone(), move |b: String| async move {
        api_staff::staff_me(c, &b).await
    });
    let default_lang = info
        .ready()
        .and_then(|b| b.as_ref())
        .map(|b| b.default_lang.clone());
    {
        let lang = lang.clone();
        use_effect_with(default_lang, move |d| {
            if d.as_deref() == Some("en") && Lang::chosen().is_none() {
                lang.set(Lang::En);
            }
        });
    }
    let failed = match &me.state {
        ui::hooks::Load::Failed(e) => Some(e.clone()),
        _ => None,
    };
    let ctx = StaffCtx {
        lang: *lang,
        brand: props.brand.clone(),
        info: info.ready().cloned().flatten(),
        me: me.ready().cloned(),
        refresh: me.reload.clone(),
        set_me: me.set.clone(),
    };
    let toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_| {
            let next = lang.other();
            next.save();
            lang.set(next);
        })
    };
    // Whatever the answer, nobody is signed in here any more.
    let log_out = {
        let set = me.set.clone();
        ui::use_action(
            move |()| async move { Ok::<_, ui::ApiFailure>(api_staff::staff_log_out(c).await.is_ok()) },
            Callback::from(move |_| set.emit(None)),
        )
    };
    let l = *lang;
    let title = ctx
        .info
        .as_ref()
        .map_or_else(|| "Seedbed".to_string(), |b| b.name.clone());
    html! {
        <ContextProvider<StaffCtx> context={ctx.clone()}>
            if let Some(href) = ctx.info.as_ref().and_then(|b| b.style_url.clone()) {
                <link rel="stylesheet" {href} />
            }
            <header class="bar">
                <Link to={Route::StaffHome { brand: props.brand.clone() }} classes="brand">
                    if let Some(src) = ctx.info.as_ref().and_then(|b| b.logo_url.clone()) { <img class="logo" {src} alt="" /> }
                    { title }<span class="staff-mark">{ l.t(" · 导购", " · Staff") }</span>
                </Link>
                <nav>
                    if ctx.staff().is_some() {
                        <button class="link" name="log-out" disabled={log_out.busy} onclick={log_out.run.reform(|_| ())}>{ l.t("退出", "Log out") }</button>
                    }
                    <button class="link" onclick={toggle_lang} aria-label="language">{ l.t("EN", "中文") }</button>
                </nav>
            </header>
            <main class="staff">
                if let Some(e) = failed {
                    { ui::hooks::failed(&e, l, me.reload.clone()) }
                } else {
                    { props.children.clone() }
                }
            </main>
        </ContextProvider<StaffCtx>>
    }
}

/// The shell's context; staff pages render inside [`StaffShell`].
#[hook]
pub fn use_staff() -> StaffCtx {
    use_context::<StaffCtx>().expect("staff pages render inside StaffShell")
}

#[derive(Properties, PartialEq)]
pub struct SignedInProps {
    /// The page's route (its tab is marked current).
    pub current: Route,
    pub children: Html,
}

/// A page that needs a staff session: signed out (never signed in, logged
/// out, the session ended or the person has left) it opens the log-in page;
/// signed in it draws the page over the bottom tab bar.
#[component]
pub fn SignedIn(props: &SignedInProps) -> Html {
    let ctx = use_staff();
    if ctx.signed_out() {
        return html! { <Redirect to={Route::StaffLogin { brand: ctx.brand.clone() }} /> };
    }
    if ctx.staff().is_none() {
        return html! { <p class="muted" aria-busy="true">{ ctx.lang.t("加载中…", "Loading…") }</p> };
    }
    let manager = ctx.is_manager();
    html! {
        <>
            { props.children.clone() }
            <nav class="tabbar" aria-label={ctx.lang.t("导航", "Navigation")}>
                { for tabs(&ctx.brand, ctx.lang).into_iter().filter(|t| t.in_bar && (manager || !t.managers_only)).map(|t| {
                    let here = t.to == props.current;
                    html! {
                        <Link to={t.to} classes={classes!(here.then_some("current"))}>
                            <span class="glyph" aria-hidden="true">{ t.glyph }</span>
                            <span>{ t.label }</span>
                        </Link>
                    }
                }) }
            </nav>
        </>
    }
}
