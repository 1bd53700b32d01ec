//! Points: the balance and every ledger entry with its reasons, the inbox,
//! and the member's account.

use super::account::Account;
use super::inbox::InboxList;
use super::perks::Perks;
use crate::api;
use crate::components::shell::use_ctx;
use yew::prelude::*;

#[component]
pub fn Points() -> Html {
    let ctx = use_ctx();
    let c = ctx.client();
    let ledger = ui::use_load(ctx.me.clone(), move |_| api::ledger(c));
    let l = ctx.lang;
    let zone = ctx.zone().to_string();
    ui::view_load(&ledger, l, |v| {
        html! {
            <>
                <section class="card stats">
                    <div>
                        <p class="eyebrow">{ l.t("积分余额", "Points balance") }</p>
                        <p class="big" data-testid="balance">{ l.number(v.balance) }</p>
                    </div>
                </section>
                <Perks />
                <InboxList />
                <h2>{ l.t("积分明细", "History") }</h2>
                if v.entries.is_empty() {
                    <p class="muted">{ l.t("还没有积分记录。笔记通过审核并结算后，积分会出现在这里。", "No points yet. Points appear here when an approved note is settled.") }</p>
                }
                <ul class="list">
                    { for v.entries.iter().map(|e| html! {
                        <li class="row ledger">
                            <div>
                                <strong>{ if e.reason == "note_settled" { l.t("笔记结算", "Note settled") } else { l.t("积分变动", "Adjustment") } }{ " · " }{ &e.memo }</strong>
                                <p class="muted">{ l.date(e.created_at, &zone, true) }
                                    if let Some(i) = e.interactions { { " · " }{ l.number(i) }{ l.t(" 互动", " interactions") } }
                                </p>
                                <p class="muted">{ for e.lines.iter().map(|x| html! { <span class="line">{ l.points_line(&x.code) }{ " +" }{ x.points }</span> }) }</p>
                            </div>
                            <p class="points">{ if e.points >= 0 { "+" } else { "" } }{ l.number(e.points) }</p>
                        </li>
                    }) }
                </ul>
                <Account />
            </>
        }
    })
}
