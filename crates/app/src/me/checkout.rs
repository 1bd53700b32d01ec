//! 用积分抵现: the member's points as cash at the brand's till. The page
//! shows what the points are worth and the brand's limit, makes a one-time
//! payment code (18 digits and a QR code, valid 5 minutes) for the till to
//! scan or type, and lists recent uses (held, paid, released, refunded).

use crate::components::shell::use_ctx;
use crate::{api, error_line, message};
use ::api::{MyCheckout, PaymentCode};
use rules::HoldStatus;
use std::rc::Rc;
use yew::prelude::*;

#[component]
pub fn Checkout() -> Html {
    let ctx = use_ctx();
    let c = ctx.client();
    let data = ui::use_load(ctx.me.clone(), move |_| api::my_checkout(c));
    let l = ctx.lang;
    let code = use_state(|| None::<Rc<PaymentCode>>);
    let make = ui::use_action(move |()| api::payment_code(c), {
        let code = code.clone();
        Callback::from(move |p: Rc<PaymentCode>| code.set(Some(p)))
    });
    let zone = ctx.zone().to_string();
    let onclick = make.run.reform(|_| ());
    let reload = data.reload.reform(|_: MouseEvent| ());
    let shown = (*code).clone();
    ui::view_load(&data, l, move |v: &MyCheckout| {
        html! {
            <>
                <h2>{ l.t("用积分抵现", "Pay with points") }</h2>
                <section class="card stats">
                    <div>
                        <p class="eyebrow">{ l.t("可用积分", "Points available") }</p>
                        <p class="big" data-testid="available">{ l.number(v.available) }</p>
                        <p class="muted">{ l.t("约合 ", "Worth ") }{ l.money(v.available_fen) }</p>
                    </div>
                </section>
                <p class="muted">
                    { l.t("在门店或商城结账时出示付款码，积分按 ", "Show a payment code at the till: points count at ") }
                    { l.number(v.points_per_yuan) }{ l.t(" 积分 = ¥1 抵扣，最多抵扣订单金额的 ", " points = ¥1, for at most ") }
                    { v.max_percent }{ l.t("%。", "% of the order.") }
                </p>
                if let Some(p) = shown.as_ref().filter(|p| !used(v, p)) {
                    <section class="card accent pay-code" aria-live="polite">
                        <p class="eyebrow">{ l.t("付款码（仅可使用一次）", "Payment code (one use)") }</p>
                        <img src={qr_src(&p.qr_svg)} alt={l.t("付款码二维码", "Payment code QR")} width="200" height="200" />
                        <p class="big" data-testid="payment-code">{ grouped(&p.code) }</p>
                        <p class="muted">{ l.t("有效期至 ", "Valid until ") }{ l.date(p.expires_at, &zone, true) }</p>
                        <button class="secondary" onclick={reload.clone()}>{ l.t("收银台已扫码，刷新记录", "Scanned: refresh") }</button>
                    </section>
                }
                if shown.as_ref().is_some_and(|p| used(v, p)) {
                    <p class="ok">{ l.t("付款码已使用，抵扣见下方记录。", "The code was used: see the use below.") }</p>
                }
                <button onclick={onclick.clone()} disabled={make.busy}>
                    { if shown.is_some() { l.t("换一个付款码", "New payment code") } else { l.t("出示付款码", "Show payment code") } }
                </button>
                { error_line(&message(&make.error)) }
                <h2>{ l.t("抵现记录", "Uses") }</h2>
                if v.holds.is_empty() {
                    <p class="muted">{ l.t("还没有用积分抵现。", "No points used at a till yet.") }</p>
                }
                <ul class="list">
                    { for v.holds.iter().map(|h| html! {
                        <li class="row">
                            <div>
                                <strong>{ l.t("抵扣 ", "Discount ") }{ l.money(h.discount_fen) }</strong>
                                <p class="muted">{ l.date(h.created_at, &zone, true) }{ l.t(" · 订单 ", " · order ") }{ l.money(h.order_fen) }</p>
                            </div>
                            <div class="right">
                                <p class="points out">{ "-" }{ l.number(h.points) }</p>
                                <span class="pill">{ status(l, h.status) }</span>
                            </div>
                        </li>
                    }) }
                </ul>
            </>
        }
    })
}

/// Whether a till used the code shown (a use since the code was made:
/// a member has one live code at a time).
fn used(v: &MyCheckout, p: &PaymentCode) -> bool {
    v.holds
        .first()
        .is_some_and(|h| h.created_at >= p.expires_at - CODE_SECS)
}

/// How long a payment code works (the server's `CODE_SECS`).
const CODE_SECS: i64 = 5 * 60;

fn status(l: ui::Lang, s: HoldStatus) -> &'static str {
    match s {
        HoldStatus::Held => l.t("待确认", "Held"),
        HoldStatus::Captured => l.t("已抵扣", "Paid"),
        HoldStatus::Released => l.t("已退回", "Released"),
        HoldStatus::Refunded => l.t("已退款", "Refunded"),
    }
}

/// The code in groups of four, as a till clerk reads it out.
fn grouped(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The QR code's SVG as an image address (the CSP allows `data:` images).
fn qr_src(svg: &str) -> String {
    format!(
        "data:image/svg+xml,{}",
        String::from(js_sys::encode_uri_component(svg))
    )
}
