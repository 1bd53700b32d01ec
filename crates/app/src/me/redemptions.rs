//! The member's redemptions, newest first: each coupon's or voucher's code
//! in full (theirs alone to see), a gift's shipment, a cancellation with
//! its reason (the points were returned).

use super::rewards::kind_name;
use crate::api;
use crate::components::shell::use_ctx;
use crate::router::{Link, Route};
use rules::RedemptionStatus;
use yew::prelude::*;

fn status_name(l: ui::Lang, s: RedemptionStatus) -> &'static str {
    match s {
        RedemptionStatus::Pending => l.t("处理中", "Being prepared"),
        RedemptionStatus::Issued => l.t("已发放", "Issued"),
        RedemptionStatus::Shipped => l.t("已发货", "Shipped"),
        RedemptionStatus::Done => l.t("已完成", "Done"),
        RedemptionStatus::Cancelled => l.t("已取消，积分已退回", "Cancelled, points returned"),
    }
}

#[component]
pub fn MyRedemptions() -> Html {
    let ctx = use_ctx();
    let c = ctx.client();
    let list = ui::use_load(ctx.me.clone(), move |_| api::my_redemptions(c));
    let l = ctx.lang;
    let zone = ctx.zone().to_string();
    let brand = ctx.brand.clone();
    html! {
        <section>
            <h2>{ l.t("我的兑换", "My redemptions") }</h2>
            <p><Link to={Route::Rewards { brand }}>{ l.t("← 积分兑换", "← Rewards") }</Link></p>
            { ui::view_load(&list, l, |v| if v.is_empty() {
                html! { <p class="muted">{ l.t("还没有兑换记录。", "Nothing redeemed yet.") }</p> }
            } else { html! {
                <ul class="list">{ for v.iter().map(|r| html! {
                    <li class="card" data-testid="redemption" data-status={r.status.as_str()}>
                        <h3>{ &r.title }</h3>
                        <p class="muted">{ kind_name(l, r.kind) }{ " · " }{ l.number(r.points) }{ l.t(" 积分 · ", " points · ") }{ l.date(r.created_at, &zone, false) }</p>
                        <p><span class={classes!("pill", r.status.as_str())}>{ status_name(l, r.status) }</span></p>
                        if let (Some(code), false) = (&r.code, r.status == RedemptionStatus::Cancelled) {
                            <p>{ l.t("券码：", "Code: ") }<code class="code" data-testid="my-code">{ code }</code>
                                if r.voucher_fen > 0 { { " · " }{ l.money(r.voucher_fen) } }</p>
                        }
                        if let Some(at) = r.event_at { <p>{ l.date(at, &zone, false) }{ " " }{ &r.venue }</p> }
                        if let (Some(c), Some(t)) = (&r.courier, &r.tracking) { <p>{ c }{ " " }<code>{ t }</code></p> }
                        if let Some(why) = &r.reason { <p class="muted">{ why }</p> }
                    </li>
                }) }</ul>
            } }) }
        </section>
    }
}
