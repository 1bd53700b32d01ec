//! Product samples of this month's campaigns: where to send each, then
//! "received", then the deadline to publish from it.

use crate::components::shell::use_ctx;
use crate::router::{Link, Route};
use crate::{api, bind, error_line, message};
use ::api::{MySample, SampleForm};
use yew::prelude::*;

#[component]
pub fn Samples() -> Html {
    let ctx = use_ctx();
    let c = ctx.client();
    let theme = ui::use_load(ctx.brand.clone(), move |b: String| async move {
        api::current_theme(c, &b).await
    });
    let l = ctx.lang;
    let on_done = theme.reload.clone();
    let brand = ctx.brand.clone();
    let list = |t: &::api::MyTheme| {
        let with: Vec<_> = t
            .campaigns
            .iter()
            .filter_map(|c| Some((c, c.my_sample.clone()?)))
            .collect();
        if with.is_empty() {
            return html! { <p class="muted">{ l.t("暂时没有试用样品。", "No product samples for now.") }</p> };
        }
        html! { <>{ for with.into_iter().map(|(c, sample)| html! {
            <Sample campaign_id={c.id.clone()} title={c.title.clone()} days={c.sample_days} {sample} on_done={on_done.clone()}
                brand={brand.clone()} />
        }) }</> }
    };
    html! {
        <>
            <h2>{ l.t("试用样品", "Product samples") }</h2>
            // No theme this month: no samples either.
            if matches!(&theme.state, ui::Load::Failed(e) if e.status == 404) {
                <p class="muted">{ l.t("暂时没有试用样品。", "No product samples for now.") }</p>
            } else {
                { ui::view_load(&theme, l, list) }
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct SampleProps {
    pub brand: String,
    pub campaign_id: String,
    pub title: String,
    pub days: i64,
    pub sample: MySample,
    pub on_done: Callback<()>,
}

/// A selected member's product sample: where to send it, then "received",
/// then the deadline to publish.
#[component]
pub fn Sample(props: &SampleProps) -> Html {
    let ctx = use_ctx();
    let recipient = use_state(String::new);
    let phone = use_state(String::new);
    let address = use_state(String::new);
    let l = ctx.lang;
    let (c, id) = (ctx.client(), props.campaign_id.clone());
    let give = ui::use_action(
        {
            let id = id.clone();
            move |body: SampleForm| {
                let id = id.clone();
                async move { api::give_address(c, &id, &body).await }
            }
        },
        props.on_done.reform(|_| ()),
    );
    let received = ui::use_action(
        move |()| {
            let id = id.clone();
            async move { api::sample_received(c, &id).await }
        },
        props.on_done.reform(|_| ()),
    );
    let onsubmit = {
        let (recipient, phone, address, run) = (
            recipient.clone(),
            phone.clone(),
            address.clone(),
            give.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(SampleForm {
                recipient: (*recipient).clone(),
                phone: (*phone).clone(),
                address: (*address).clone(),
            });
        })
    };
    let s = &props.sample;
    let body = match s.stage.as_str() {
        "received" => html! {
            <p class="outcome">{ l.t("已收货，请在 ", "Received: publish by ") }{ l.day(s.publish_by.as_deref().unwrap_or_default()) }{ l.t(" 前发布笔记", "") }</p>
        },
        "shipped" => html! {
            <>
                <p>{ l.t("样品已寄出：", "Shipped: ") }{ s.courier.clone().unwrap_or_default() }{ " " }<code>{ s.tracking.clone().unwrap_or_default() }</code></p>
                <button disabled={received.busy} onclick={received.run.reform(|_| ())}>{ l.t("确认收货", "I received it") }</button>
            </>
        },
        stage => html! {
            <form {onsubmit}>
                if stage == "to_ship" { <p class="muted">{ l.t("收货信息已登记，等待寄出；可修改：", "Address given, waiting to ship; you may correct it:") }</p> }
                <label>{ l.t("收件人", "Recipient") }<input name="recipient" required=true maxlength="40" value={(*recipient).clone()} oninput={bind(&recipient)} /></label>
                <label>{ l.t("手机号", "Phone") }<input name="phone" inputmode="tel" required=true value={(*phone).clone()} oninput={bind(&phone)} /></label>
                <label>{ l.t("收货地址", "Address") }<textarea name="address" rows="2" required=true maxlength="200" value={(*address).clone()} oninput={bind(&address)} /></label>
                <button type="submit" disabled={give.busy}>{ l.t("提交收货信息", "Send my address") }</button>
            </form>
        },
    };
    let error = message(&give.error).or_else(|| message(&received.error));
    html! {
        <section class="card" data-testid="sample" data-stage={s.stage.clone()}>
            <h2><Link to={Route::Campaign { brand: props.brand.clone(), id: props.campaign_id.clone() }}>{ &props.title }</Link></h2>
            <p class="muted">{ l.t("收到样品后 ", "Publish within ") }{ props.days }{ l.t(" 天内发布笔记。", " days of receiving it.") }</p>
            { body }
            { error_line(&error) }
        </section>
    }
}
