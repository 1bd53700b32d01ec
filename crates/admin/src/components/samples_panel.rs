//! Product samples: where each selected member wants theirs, courier and
//! tracking once shipped, and the publishing deadline from receipt.
//! The list loads when the panel is opened, because opening it is recorded
//! in the audit log (addresses).

use crate::api;
use crate::app::use_ctx;
use crate::components::failure_line;
use ::api::{SampleView, ShipForm};
use ui::{Load, use_action, use_load};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SamplesPanelProps {
    pub id: String,
    pub days: i64,
}

#[component]
pub fn SamplesPanel(props: &SamplesPanelProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    // `None` until opened; then the number of loads asked for.
    let opened = use_state(|| None::<u32>);
    let rows = use_load((props.id.clone(), *opened), move |(id, o)| async move {
        match o {
            Some(_) => api::samples(client, &id).await.map(Some),
            None => Ok(None),
        }
    });
    let open = {
        let opened = opened.clone();
        Callback::from(move |_: MouseEvent| opened.set(Some(opened.map_or(0, |n| n + 1))))
    };
    let on_done = rows.reload.clone();
    html! {
        <details class="card">
            <summary onclick={open}>{ l.t("寄样", "Samples") }
                <span class="muted">{ format!(" · {}", props.days) }{ l.t(" 天内发布（自收货起）", " days to publish after receipt") }</span></summary>
            {
                match (&rows.state, rows.ready()) {
                    (Load::Failed(e), _) => ui::hooks::failed(e, l, rows.reload.clone()),
                    (_, Some(Some(v))) if v.is_empty() => html! { <p class="muted">{ l.t("还没有入选成员登记收货信息。", "No selected member has given an address yet.") }</p> },
                    (_, Some(Some(v))) => html! {
                        <table data-testid="samples">
                            <thead><tr>
                                <th>{ l.t("成员", "Member") }</th>
                                <th>{ l.t("收货信息", "Ship to") }</th>
                                <th>{ l.t("物流", "Shipping") }</th>
                                <th>{ l.t("收货 / 发布截止", "Received / publish by") }</th>
                            </tr></thead>
                            <tbody>{ for v.iter().map(|x| html! { <SampleRow id={props.id.clone()} x={x.clone()} on_done={on_done.clone()} /> }) }</tbody>
                        </table>
                    },
                    _ => html! { <p class="muted">{ l.t("查看收货地址会记入审计日志。", "Viewing addresses is recorded in the audit log.") }</p> },
                }
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct SampleRowProps {
    id: String,
    x: SampleView,
    on_done: Callback<()>,
}

#[component]
fn SampleRow(props: &SampleRowProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let courier = use_state(|| props.x.courier.clone().unwrap_or_default());
    let tracking = use_state(|| props.x.tracking.clone().unwrap_or_default());
    let ship = {
        let id = props.id.clone();
        use_action(
            move |body: ShipForm| {
                let id = id.clone();
                async move { api::ship(client, &id, body).await }
            },
            props.on_done.reform(|_| ()),
        )
    };
    let x = &props.x;
    let submit = {
        let (run, courier, tracking, member) = (
            ship.run.clone(),
            courier.clone(),
            tracking.clone(),
            x.member_id.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(ShipForm {
                member_id: member.clone(),
                courier: (*courier).clone(),
                tracking: (*tracking).clone(),
            });
        })
    };
    html! {
        <tr data-member={x.member_name.clone()}>
            <td>{ &x.member_name }</td>
            <td>{ &x.recipient }{ " · " }{ &x.phone }<br /><span class="muted">{ &x.address }</span></td>
            <td>
                if x.received_on.is_none() {
                    <form class="actions" onsubmit={submit}>
                        <input name="courier" placeholder={l.t("快递公司", "Courier")} value={(*courier).clone()} oninput={ui::form::bind(&courier)} />
                        <input name="tracking" placeholder={l.t("运单号", "Tracking number")} value={(*tracking).clone()} oninput={ui::form::bind(&tracking)} />
                        <button type="submit" disabled={ship.busy}>{ if x.shipped_at.is_some() { l.t("更新", "Update") } else { l.t("已寄出", "Shipped") } }</button>
                    </form>
                } else {
                    { x.courier.clone().unwrap_or_default() }{ " " }<code>{ x.tracking.clone().unwrap_or_default() }</code>
                }
                { failure_line(&ship.error) }
            </td>
            <td>{
                match (&x.received_on, &x.publish_by) {
                    (Some(r), Some(p)) => html! { <>{ l.day(r) }{ " → " }<strong>{ l.day(p) }</strong></> },
                    _ if x.shipped_at.is_some() => html! { <span class="muted">{ l.t("运输中", "In transit") }</span> },
                    _ => html! { <span class="muted">{ l.t("待寄出", "To ship") }</span> },
                }
            }</td>
        </tr>
    }
}
