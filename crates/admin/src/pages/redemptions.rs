//! Redemptions and their fulfilment: gifts shipped (courier and tracking,
//! the full address shown on request and audited), codes issued, done, or
//! cancelled with the points returned; the list exported as Excel opens it.
//! Codes and contacts are masked here: a code is the member's secret.

use super::rewards::kind_name;
use crate::api;
use crate::app::use_ctx;
use crate::components::failure_line;
use ::api::{FulfilForm, RedemptionView, SampleForm};
use rules::{Perm, RedemptionStatus};
use ui::{use_action, use_load, view_load};
use yew::prelude::*;

pub fn status_name(l: ui::Lang, s: RedemptionStatus) -> &'static str {
    match s {
        RedemptionStatus::Pending => l.t("待处理", "Pending"),
        RedemptionStatus::Issued => l.t("已发放", "Issued"),
        RedemptionStatus::Shipped => l.t("已发货", "Shipped"),
        RedemptionStatus::Done => l.t("已完成", "Done"),
        RedemptionStatus::Cancelled => l.t("已取消", "Cancelled"),
    }
}

#[component]
pub fn Redemptions() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let view = use_state(|| "pending".to_string());
    let rows = use_load((*view).clone(), move |v: String| async move {
        api::redemptions(client, &v).await
    });
    let views = [
        ("pending", l.t("待处理", "Pending")),
        ("issued", l.t("已发放", "Issued")),
        ("shipped", l.t("已发货", "Shipped")),
        ("done", l.t("已完成", "Done")),
        ("cancelled", l.t("已取消", "Cancelled")),
        ("", l.t("全部", "All")),
    ];
    let on_done = rows.reload.clone();
    html! {
        <>
            <h1>{ l.t("兑换记录", "Redemptions") }</h1>
            <div class="toolbar">
                { super::tabs(&view, &views) }
                <a class="button secondary" href={api::redemptions_export(&view)} download="redemptions.csv">{ l.t("导出 Excel", "Export for Excel") }</a>
            </div>
            { view_load(&rows, l, |rows| if rows.is_empty() {
                html! { <p class="muted">{ l.t("这里没有兑换。", "Nothing here.") }</p> }
            } else { html! {
                <table data-testid="redemptions">
                    <thead><tr>
                        <th>{ l.t("时间", "When") }</th>
                        <th>{ l.t("成员", "Member") }</th>
                        <th>{ l.t("奖品", "Reward") }</th>
                        <th class="num">{ l.t("积分", "Points") }</th>
                        <th>{ l.t("券码 / 收货", "Code / shipping") }</th>
                        <th>{ l.t("处理", "Fulfilment") }</th>
                    </tr></thead>
                    <tbody>{ for rows.iter().map(|r| html! { <Row r={r.clone()} on_done={on_done.clone()} /> }) }</tbody>
                </table>
            } }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    r: RedemptionView,
    on_done: Callback<()>,
}

#[component]
fn Row(props: &RowProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let r = &props.r;
    let courier = use_state(String::new);
    let tracking = use_state(String::new);
    let reason = use_state(String::new);
    let step = {
        let id = r.id.clone();
        use_action(
            move |body: FulfilForm| {
                let id = id.clone();
                async move { api::fulfil(client, &id, body).await }
            },
            props.on_done.reform(|_| ()),
        )
    };
    let full = use_state(|| None::<SampleForm>);
    let show = {
        let (id, full) = (r.id.clone(), full.clone());
        use_action(
            move |()| {
                let id = id.clone();
                async move { api::redemption_shipping(client, &id).await }
            },
            Callback::from(move |s: std::rc::Rc<SampleForm>| full.set(Some((*s).clone()))),
        )
    };
    let send = |to: &'static str| {
        let (courier, tracking, reason) = (courier.clone(), tracking.clone(), reason.clone());
        step.run.reform(move |_: MouseEvent| FulfilForm {
            status: to.into(),
            courier: Some((*courier).clone()),
            tracking: Some((*tracking).clone()),
            reason: Some((*reason).clone()).filter(|r| !r.trim().is_empty()),
        })
    };
    let open = !matches!(
        r.status,
        RedemptionStatus::Done | RedemptionStatus::Cancelled
    );
    let gift = r.kind == rules::RewardKind::Gift;
    let may = ctx.can(Perm::Operate);
    let shipping = match (&*full, gift) {
        (Some(s), _) => html! { <p>{ &s.recipient }{ " " }{ &s.phone }<br />{ &s.address }</p> },
        (None, true) => html! {
            <p>{ r.recipient.clone().unwrap_or_default() }{ " " }{ r.phone.clone().unwrap_or_default() }<br />
                <span class="muted">{ r.address.clone().unwrap_or_default() }</span>
                if may && r.address.is_some() { { " " }<button class="link" onclick={show.run.reform(|_| ())} disabled={show.busy}>{ l.t("查看完整地址", "Show address") }</button> }
            </p>
        },
        (None, false) => html! {},
    };
    html! {
        <tr data-redemption={r.title.clone()}>
            <td>{ l.date(r.created_at, "Asia/Shanghai", true) }</td>
            <td>{ &r.member_name }</td>
            <td><strong>{ &r.title }</strong><br /><span class="muted">{ kind_name(l, r.kind.as_str()) }</span></td>
            <td class="num">{ l.number(r.points) }</td>
            <td>
                if let Some(c) = &r.code { <code data-testid="masked-code">{ c }</code> }
                { shipping }
                if let (Some(c), Some(t)) = (&r.courier, &r.tracking) { <p class="muted">{ c }{ " " }{ t }</p> }
                { failure_line(&show.error) }
            </td>
            <td>
                <span class={classes!("pill", r.status.as_str())}>{ status_name(l, r.status) }</span>
                if let Some(why) = &r.reason { <br /><span class="muted">{ why }</span> }
                if open && may {
                    <div class="actions">
                        if gift && r.status == RedemptionStatus::Pending {
                            <input name="courier" placeholder={l.t("快递公司", "Courier")} value={(*courier).clone()} oninput={super::bind(&courier)} />
                            <input name="tracking" placeholder={l.t("运单号", "Tracking")} value={(*tracking).clone()} oninput={super::bind(&tracking)} />
                            <button onclick={send("shipped")} disabled={step.busy}>{ l.t("发货", "Ship") }</button>
                        }
                        if !gift && r.status == RedemptionStatus::Pending {
                            <button onclick={send("issued")} disabled={step.busy}>{ l.t("发放", "Issue") }</button>
                        }
                        if r.status != RedemptionStatus::Pending {
                            <button onclick={send("done")} disabled={step.busy}>{ l.t("完成", "Done") }</button>
                        }
                        <input name="reason" placeholder={l.t("取消原因", "Reason to cancel")} value={(*reason).clone()} oninput={super::bind(&reason)} />
                        <button class="danger" onclick={send("cancelled")} disabled={step.busy}>{ l.t("取消并退回积分", "Cancel, return points") }</button>
                    </div>
                }
                { failure_line(&step.error) }
            </td>
        </tr>
    }
}
