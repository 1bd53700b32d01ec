//! Copies a campaign into another month's theme as a draft. The themes
//! load when the operator opens the panel.

use crate::api;
use crate::app::{Route, use_ctx};
use crate::components::failure_line;
use ::api::{CampaignView, DuplicateForm};
use ui::{Load, use_action, use_load};
use yew::prelude::*;
use yew_router::prelude::Link;

#[derive(Properties, PartialEq)]
pub struct CampaignCopyProps {
    pub id: String,
}

#[component]
pub fn CampaignCopy(props: &CampaignCopyProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    // Loads once opened (`Some(round)`).
    let opened = use_state(|| None::<u32>);
    let themes = use_load(*opened, move |o| async move {
        match o {
            Some(_) => api::themes(client).await,
            None => Ok(Vec::new()),
        }
    });
    let target = use_state(String::new);
    let copy = {
        let id = props.id.clone();
        use_action(
            move |theme_id: String| {
                let id = id.clone();
                async move { api::duplicate_campaign(client, &id, DuplicateForm { theme_id }).await }
            },
            Callback::noop(),
        )
    };
    let open = {
        let opened = opened.clone();
        Callback::from(move |_| {
            if opened.is_none() {
                opened.set(Some(0));
            }
        })
    };
    let list = themes.ready().cloned().unwrap_or_default();
    let chosen = if target.is_empty() {
        list.first().map(|t| t.id.clone()).unwrap_or_default()
    } else {
        (*target).clone()
    };
    let submit = {
        let (run, chosen) = (copy.run.clone(), chosen.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(chosen.clone());
        })
    };
    let pick = {
        let target = target.clone();
        Callback::from(move |e: Event| target.set(ui::form::value_of(&e)))
    };
    let done: Option<&CampaignView> = copy.done.as_deref();
    html! {
        <details class="card" onclick={open}>
            <summary>{ l.t("复制到其他月份", "Copy to another month") }</summary>
            if let Load::Failed(e) = &themes.state {
                { ui::hooks::failed(e, l, themes.reload.clone()) }
            }
            <form class="actions" onsubmit={submit}>
                <select name="theme_id" onchange={pick}>
                    { for list.iter().map(|t| html! { <option value={t.id.clone()} selected={chosen == t.id}>{ format!("{} · {}", t.month, t.title) }</option> }) }
                </select>
                <button type="submit" disabled={copy.busy || chosen.is_empty()}>{ l.t("复制为草稿", "Copy as a draft") }</button>
                if let Some(c) = done {
                    <Link<Route> to={Route::Campaign { id: c.id.clone() }}>{ l.t("已复制：打开草稿", "Copied: open the draft") }</Link<Route>>
                }
                { failure_line(&copy.error) }
            </form>
        </details>
    }
}
