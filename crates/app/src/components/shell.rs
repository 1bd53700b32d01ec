//! The brand shell: loads the brand and the signed-in member once, shares
//! them with every page through [`Ctx`], and draws the header.

use crate::app::{Link, Route};
use api::{BrandInfo, MemberMe};
use ui::{Client, Lang};
use yew::platform::spawn_local;
use yew::prelude::*;

/// What every page of a brand can use.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub lang: Lang,
    pub brand: String,
    pub info: Option<BrandInfo>,
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
    let info = use_state(|| None::<BrandInfo>);
    let me = use_state(|| None::<Option<MemberMe>>);
    let generation = use_state(|| 0u32);

    {
        let (info, me, lang, brand) = (info.clone(), me.clone(), *lang, props.brand.clone());
        use_effect_with((props.brand.clone(), *generation), move |_| {
            // Two requests at once: on a 150 ms link, one round trip saved.
            let b = brand.clone();
            spawn_local(async move {
                if let Ok(b) = Client::new(lang)
                    .get::<BrandInfo>(&format!("/api/v1/brands/{b}"))
                    .await
                {
                    info.set(Some(b));
                }
            });
            spawn_local(async move {
                let who = Client::new(lang)
                    .get::<MemberMe>("/api/v1/me")
                    .await
                    .ok()
                    .filter(|m| m.brand == brand);
                me.set(Some(who));
            });
        });
    }

    let refresh = {
        let generation = generation.clone();
        Callback::from(move |()| generation.set(*generation + 1))
    };
    let ctx = Ctx {
        lang: *lang,
        brand: props.brand.clone(),
        info: (*info).clone(),
        me: (*me).clone(),
        refresh: refresh.clone(),
    };
    let toggle_lang = {
        let lang = lang.clone();
        Callback::from(move |_| {
            let next = lang.other();
            next.save();
            lang.set(next);
        })
    };
    let log_out = {
        let (ctx, refresh) = (ctx.clone(), refresh);
        Callback::from(move |_| {
            let (client, refresh) = (ctx.client(), refresh.clone());
            spawn_local(async move {
                let _ = client.delete("/api/v1/me/session").await;
                refresh.emit(());
            });
        })
    };
    let l = *lang;
    let title = info
        .as_ref()
        .map_or_else(|| "Seedbed".to_string(), |b| b.name.clone());
    html! {
        <ContextProvider<Ctx> context={ctx.clone()}>
            <header class="bar">
                <Link to={Route::Home { brand: props.brand.clone() }} classes="brand">{ title }</Link>
                <nav>
                    if ctx.member().is_some() {
                        <Link to={Route::Points { brand: props.brand.clone() }}>{ l.t("积分", "Points") }
                            if let Some(n) = ctx.member().map(|m| m.unread).filter(|n| *n > 0) { <span class="badge" data-testid="unread">{ n }</span> }
                        </Link>
                        <button class="link" onclick={log_out}>{ l.t("退出", "Log out") }</button>
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
