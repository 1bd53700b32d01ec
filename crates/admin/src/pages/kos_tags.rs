//! The brand's tag dictionary for KOS leads (issue 17): tag groups (肤质,
//! 预算, 兴趣 …) and their tags, managed here; staff apply them on the
//! phone and keep personal tags of their own, which operators do not see.
//! Removing a tag (owners) takes it off every lead.

use crate::api;
use crate::app::use_ctx;
use crate::components::failure_line;
use ::api::{TagForm, TagGroupForm, TagGroupView};
use rules::Perm;
use ui::{use_action, use_load, view_load};
use yew::prelude::*;

#[component]
pub fn KosTags() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let dict = use_load((), move |_| api::kos_tags(client));
    let name = use_state(String::new);
    let add = {
        let (client, name) = (ctx.client(), name.clone());
        let reload = dict.reload.clone();
        use_action(
            move |body: TagGroupForm| async move { api::add_kos_tag_group(client, body).await },
            Callback::from(move |_| {
                name.set(String::new());
                reload.emit(());
            }),
        )
    };
    let onsubmit = {
        let (name, run) = (name.clone(), add.run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(TagGroupForm {
                name: (*name).clone(),
            });
        })
    };
    let on_done = dict.reload.clone();
    html! {
        <>
            <h1>{ l.t("线索标签库", "Lead tags") }</h1>
            <p class="muted">{ l.t(
                "筛选时，同一组内的标签为“或”，不同组之间为“且”。导购只能使用标签，不能修改；个人标签仅本人可见。",
                "Filters combine tags of one group with OR and groups with AND. Staff apply tags, never edit them; personal tags are their own.",
            ) }</p>
            { view_load(&dict, l, |d| html! {
                <div data-testid="tag-groups">
                    { for d.groups.iter().map(|g| html! { <GroupCard key={g.id.clone()} g={g.clone()} on_done={on_done.clone()} /> }) }
                </div>
            }) }
            if ctx.can(Perm::Operate) {
                <form class="inline" {onsubmit}>
                    <input name="group" placeholder={l.t("新标签组，如：肤质", "New group, e.g. skin type")} value={(*name).clone()} oninput={super::bind(&name)} />
                    <button disabled={add.busy}>{ l.t("添加标签组", "Add group") }</button>
                </form>
                { failure_line(&add.error) }
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct GroupProps {
    g: TagGroupView,
    on_done: Callback<()>,
}

#[component]
fn GroupCard(props: &GroupProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let g = &props.g;
    let name = use_state(String::new);
    let add = {
        let (client, name) = (ctx.client(), name.clone());
        let done = props.on_done.clone();
        use_action(
            move |body: TagForm| async move { api::add_kos_tag(client, body).await },
            Callback::from(move |_| {
                name.set(String::new());
                done.emit(());
            }),
        )
    };
    let remove = {
        let client = ctx.client();
        use_action(
            move |id: String| async move { api::delete_kos_tag(client, &id).await },
            props.on_done.reform(|_| ()),
        )
    };
    let onsubmit = {
        let (name, run, group) = (name.clone(), add.run.clone(), g.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(TagForm {
                group_id: Some(group.clone()),
                name: (*name).clone(),
            });
        })
    };
    html! {
        <section class="card" data-group={g.name.clone()}>
            <h2>{ &g.name }</h2>
            <p>
                { for g.tags.iter().map(|t| {
                    let id = t.id.clone();
                    html! {
                        <span class="chip">{ &t.name }
                            if ctx.can(Perm::Manage) {
                                <button class="link" aria-label={format!("{} {}", l.t("删除", "Remove"), t.name)}
                                    onclick={remove.run.reform(move |_| id.clone())} disabled={remove.busy}>{ "×" }</button>
                            }
                        </span>
                    }
                }) }
                if g.tags.is_empty() { <span class="muted">{ l.t("还没有标签。", "No tags yet.") }</span> }
            </p>
            if ctx.can(Perm::Operate) {
                <form class="inline" {onsubmit}>
                    <input name="tag" placeholder={l.t("新标签", "New tag")} value={(*name).clone()} oninput={super::bind(&name)} />
                    <button class="secondary" disabled={add.busy}>{ l.t("添加", "Add") }</button>
                </form>
            }
            { failure_line(&add.error) }
            { failure_line(&remove.error) }
        </section>
    }
}
