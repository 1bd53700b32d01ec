//! The member's perks by tier and class: the groups the brand invites them
//! to (a link to join). Nothing shows when there is no invitation.

use crate::api;
use crate::components::shell::use_ctx;
use yew::prelude::*;

#[component]
pub fn Perks() -> Html {
    let ctx = use_ctx();
    let c = ctx.client();
    let perks = ui::use_load(ctx.me.clone(), move |_| api::perks(c));
    let l = ctx.lang;
    match perks.ready() {
        Some(p) if !p.groups.is_empty() => html! {
            <section class="card" data-testid="perks">
                <h2>{ l.t("专属社群", "Your groups") }</h2>
                <p class="muted">{ l.t("你的等级和分类可以加入以下社群：", "Your tier and class invite you to:") }</p>
                <ul class="list">{ for p.groups.iter().map(|g| html! {
                    <li class="row"><a href={g.url.clone()} target="_blank" rel="noopener noreferrer">{ &g.title }</a></li>
                }) }</ul>
            </section>
        },
        _ => html! {},
    }
}
