//! The brand shell: loads the brand and the signed-in member once, shares
//! them with every page through [`Ctx`], and draws the header with the
//! brand's name and logo. A brand with an accent colour gets a link to
//! its one-line style sheet (`--accent`, served by the API from this
//! origin, which the strict CSP allows), so every button and link takes
//! the colour with no code here. A visitor who has chosen no language gets
//! the brand's default one. Both entries use it; the header's links into the
//! other entry are ordinary links.

use crate::api;
use crate::router::{Link, Route};
use ::api::{MemberMe, MyBrand};
use ui::{Client, Lang, use_load};
use yew::prelude::*;

/// What every page of a brand can use.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub lang: Lang,
    pub brand: String,
    pub info: Option<MyBrand>,
    /// `None` while loading; `Some(None)` when nobody is signed in here.
    pub me: Option<Option<MemberMe>>,
    /// Reloads `me` (after log-in, applying, settling …).
    pub refresh: Callback<()>,
}

impl Ctx {
    pub fn client(&self) -> Client {
        Client::new(self.lang)
    }
    pub fn zone(&self) -> &str {
        self.info
            .as_ref()
            .map_or("Asia/Shanghai", |b| b.time_zone.as_str())
    }
    pub fn member(&self) -> Option<&MemberMe> {
        self.me.as_ref().and_then(|m| m.as_ref())
    }
    /// Nobody is signed in (known, not still loading).
    pub fn signed_out(&self) -> bool {
        self.me.as_ref().is_some_and(|m| m.is_none())
    }
    pub fn approved(&self) -> bool {
        self.member()
            .and_then(|m| m.application.as_ref())
            .is_some_and(|a| a.status == "approved")
    }
}

#[derive(Properties, PartialEq)]
pub struct ShellProps {
    pub brand: String,
    pub children: Html,
}

#[component]
pub fn Shell(props: &ShellProps) -> Html {
    let lang = use_state(Lang::detect);
    // Two requests at once: on a 150 ms link, one round trip saved. Neither
    // stops the page: without the brand the header says "Seedbed", and a
    // failed `me` reads as signed out (the pages' own loads show failures).
    let c = Client::new(*lang);
    let info = use_load(props.brand.clone(), move |b: String| async move {
        Ok::<_, ui::ApiFailure>(api::brand(c, &b).await.ok())
    });
    let me = use_load(props.brand.clone(), move |b: String| async move {
        Ok::<_, ui::ApiFailure>(api::me(c, &b).await.unwrap_or(None))
    });
    // The brand's default language, for a visitor who has chosen none.
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
    let ctx = Ctx {
        lang: *lang,
        brand: props.brand.clone(),
        info: info.ready().cloned().flatten(),
        me: me.ready().cloned(),
        refresh: me.reload.clone(),
    };
    let toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_| {
            let next = lang.other();
            next.save();
            lang.set(next);
        })
    };
    // Whatever the answer, the member is then looked up again.
    let log_out = ui::use_action(
        move |()| async move { Ok::<_, ui::ApiFailure>(api::log_out(c).await.is_ok()) },
        me.reload.reform(|_| ()),
    );
    let l = *lang;
    let title = ctx
        .info
        .as_ref()
        .map_or_else(|| "Seedbed".to_string(), |b| b.name.clone());
    let brand = props.brand.clone();
    html! {
        <ContextProvider<Ctx> context={ctx.clone()}>
            if let Some(href) = ctx.info.as_ref().and_then(|b| b.style_url.clone()) {
                <link rel="stylesheet" {href} />
            }
            <header class="bar">
                <Link to={Route::Home { brand: brand.clone() }} classes="brand">
                    if let Some(src) = ctx.info.as_ref().and_then(|b| b.logo_url.clone()) { <img class="logo" {src} alt="" /> }
                    { title }
                </Link>
                <nav>
                    if let Some(m) = ctx.member() {
                        <Link to={Route::Points { brand }}>{ l.t("积分", "Points") }
                            if m.unread > 0 { <span class="badge" data-testid="unread">{ m.unread }</span> }
                        </Link>
                        <button class="link" disabled={log_out.busy} onclick={log_out.run.reform(|_| ())}>{ l.t("退出", "Log out") }</button>
                    }
                    <button class="link" onclick={toggle_lang} aria-label="language">{ l.t("EN", "中文") }</button>
                </nav>
            </header>
            <main>
                { props.children.clone() }
            </main>
        </ContextProvider<Ctx>>
    }
}

/// The shell's context; pages render inside a shell, so it is always there.
#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("pages render inside Shell")
}
