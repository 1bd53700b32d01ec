//! The manager's team on the staff app (issue 17, org): the staff of
//! their store (a regional manager: their region's stores) with each
//! persona's completeness, weakest first, so the manager knows whom to
//! help. The server limits the list to the manager's part of the brand.

use super::home::kos_role_text;
use super::shell::use_staff;
use crate::api_staff_org as api;
use yew::prelude::*;

#[component]
pub fn StaffTeam() -> Html {
    let ctx = use_staff();
    let (l, c) = (ctx.lang, ctx.client());
    let team = ui::use_load((), move |()| api::team(c));
    html! {
        <>
            <h1>{ l.t("我的团队", "My team") }</h1>
            { ui::view_load(&team, l, |p| {
                let mut rows = p.rows.clone();
                rows.sort_by_key(|r| (r.persona_percent, r.name.clone()));
                html! {
                    <section class="card">
                        <p class="muted" data-testid="team-total">{ format!("{} {}", p.total, l.t("人", "people")) }</p>
                        <ul class="list team">{ for rows.iter().map(|r| html! {
                            <li class="row" data-staff={r.name.clone()}>
                                <span><strong>{ &r.name }</strong><br />
                                    <span class="hint">{ kos_role_text(l, r.kos_role) }{ " · " }{ r.store_name.clone().unwrap_or_default() }</span></span>
                                <span class="right">
                                    <meter class="progress small" min="0" max="100" value={r.persona_percent.to_string()}></meter>
                                    { format!(" {}%", r.persona_percent) }
                                </span>
                            </li>
                        }) }</ul>
                    </section>
                }
            }) }
        </>
    }
}
