//! "My QR code" (issue 17: leads): the staff member's personal code (a
//! walk-in who scans it leaves a contact and becomes their lead), the
//! store's live code (活码: walk-ins go to whoever is on shift, in turn)
//! and the on-shift switch.

use super::shell::use_staff;
use crate::api_staff_leads as api;
use ::api::DutyView;
use ui::{use_action, use_load, view_load};
use yew::prelude::*;

#[component]
pub fn StaffCodes() -> Html {
    let ctx = use_staff();
    let l = ctx.lang;
    let c = ctx.client();
    let codes = use_load((), move |_| api::codes(c));
    let c = ctx.client();
    let duty = use_load((), move |_| api::duty(c));
    let set = {
        let c = ctx.client();
        let done = duty.set.clone();
        use_action(
            move |on: bool| async move { api::set_duty(c, &DutyView { on_duty: on }).await },
            Callback::from(move |d: std::rc::Rc<DutyView>| done.emit((*d).clone())),
        )
    };
    let has_store = ctx.staff().is_some_and(|m| m.store_id.is_some());
    html! {
        <>
            <h1>{ l.t("我的二维码", "My QR code") }</h1>
            <section class="card qr" data-testid="personal-qr">
                <p>{ l.t("顾客扫码留下联系方式，即成为你的线索。", "A customer who scans it and leaves a contact becomes your lead.") }</p>
                <img src={api::PERSONAL_QR} alt={l.t("我的二维码", "My QR code")} width="220" height="220" />
                { view_load(&codes, l, |c| html! { <p class="muted small">{ c.personal_url.clone() }</p> }) }
            </section>
            if has_store {
                <section class="card">
                    <h2>{ l.t("当班", "On shift") }</h2>
                    <p class="muted">{ l.t("门店活码把到店顾客轮流分配给当班的导购；无人当班时分配给全店。", "The store's live code hands walk-ins in turn to those on shift, else to everyone in the store.") }</p>
                    { view_load(&duty, l, |d| {
                        let on = d.on_duty;
                        html! {
                            <button name="duty" class={if on { "" } else { "secondary" }} aria-pressed={on.to_string()}
                                disabled={set.busy} onclick={set.run.reform(move |_| !on)}>
                                { if on { l.t("当班中 · 点此下班", "On shift · tap to go off") } else { l.t("未当班 · 点此上班", "Off shift · tap to go on") } }
                            </button>
                        }
                    }) }
                    { crate::error_line(&crate::message(&set.error)) }
                </section>
                if ctx.is_manager() {
                    <section class="card qr" data-testid="store-qr">
                        <h2>{ l.t("门店活码", "Store live code") }</h2>
                        <img src={api::STORE_QR} alt={l.t("门店活码", "Store live code")} width="220" height="220" />
                        <p class="muted">{ l.t("打印后放在收银台。", "Print it for the counter.") }</p>
                    </section>
                }
            }
        </>
    }
}
