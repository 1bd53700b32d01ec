//! Group invitations (owners): a WeChat group link the brand provides,
//! shown in the `me` entry to members of at least a tier and class.

use super::{choice, failure_line, set};
use crate::api;
use crate::app::use_ctx;
use crate::pages::bind;
use crate::pages::roster::{class_label, tier_label};
use ::api::GroupLinkForm;
use ui::{use_action, use_load, view_load};
use yew::prelude::*;

#[component]
pub fn GroupLinks() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let links = use_load((), move |()| api::group_links(client));
    let title = use_state(String::new);
    let url = use_state(String::new);
    let tier = use_state(String::new);
    let class = use_state(String::new);
    let create = {
        let (reload, title, url) = (links.reload.clone(), title.clone(), url.clone());
        use_action(
            move |body: GroupLinkForm| api::create_group_link(client, body),
            Callback::from(move |_| {
                title.set(String::new());
                url.set(String::new());
                reload.emit(());
            }),
        )
    };
    let remove = {
        let reload = links.reload.clone();
        use_action(
            move |id: String| api::delete_group_link(client, id),
            Callback::from(move |_| reload.emit(())),
        )
    };
    let submit = {
        let (run, title, url, tier, class) = (
            create.run.clone(),
            title.clone(),
            url.clone(),
            tier.clone(),
            class.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(GroupLinkForm {
                title: (*title).clone(),
                url: (*url).clone(),
                min_tier: rules::Tier::parse(&tier),
                min_class: rules::MemberClass::parse(&class),
            });
        })
    };
    let tiers = [
        ("", l.t("任何等级", "Any tier")),
        ("junior", l.t("初级及以上", "Junior and up")),
        ("intermediate", l.t("中级及以上", "Intermediate and up")),
        ("senior", l.t("高级", "Senior")),
    ];
    let classes = [
        ("", l.t("任何分类", "Any class")),
        ("standard", l.t("标准及以上", "Standard and up")),
        ("high_quality", l.t("优质", "High quality")),
    ];
    let list = view_load(&links, l, |v| {
        if v.is_empty() {
            return html! { <p class="muted">{ l.t("还没有群邀请。", "No group invitations yet.") }</p> };
        }
        html! {
            <ul class="plain">{ for v.iter().map(|g| {
                let (run, id) = (remove.run.clone(), g.id.clone());
                let who = format!(
                    "{} · {}",
                    g.min_tier.map_or(l.t("任何等级", "any tier"), |t| tier_label(l, t)),
                    g.min_class.map_or(l.t("任何分类", "any class"), |c| class_label(l, Some(c))),
                );
                html! {
                    <li data-group={g.id.clone()}>
                        <strong>{ &g.title }</strong>{ " " }<span class="muted">{ who }</span><br />
                        <code>{ &g.url }</code>{ " " }
                        <button class="secondary" disabled={remove.busy} onclick={move |_| run.emit(id.clone())}>{ l.t("删除", "Delete") }</button>
                    </li>
                }
            }) }</ul>
        }
    });
    html! {
        <section class="card" data-testid="group-links">
            <h2>{ l.t("群邀请", "Group invitations") }</h2>
            <p class="muted">{ l.t("符合等级和分类的成员会在“我的”里看到群链接。", "Qualifying members see the link in their app.") }</p>
            { list }
            { failure_line(&remove.error) }
            <form class="toolbar" onsubmit={submit}>
                <input name="group_title" required=true maxlength="60" placeholder={l.t("群名称", "Group name")} value={(*title).clone()} oninput={bind(&title)} />
                <input name="group_url" type="url" required=true placeholder="https://work.weixin.qq.com/…" value={(*url).clone()} oninput={bind(&url)} />
                { choice("group_tier", &tier, &tiers, set(&tier)) }
                { choice("group_class", &class, &classes, set(&class)) }
                <button type="submit" disabled={create.busy}>{ l.t("添加", "Add") }</button>
            </form>
            { failure_line(&create.error) }
        </section>
    }
}
