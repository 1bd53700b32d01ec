//! The rewards catalogue on the phone: every reward with its points price
//! and cash value, and either "兑换" or why the member may not redeem it
//! yet ("需要中级 KOC"), the same answer the server gives. A coupon's code
//! shows as soon as it is redeemed; a gift asks where to send it.

use crate::components::shell::use_ctx;
use crate::router::{Link, Route};
use crate::{api, bind, error_line, message};
use ::api::{MyRedemption, MyReward, RedeemForm};
use rules::{RewardBlock, RewardKind};
use yew::prelude::*;

/// Why not, in the member's language.
fn why_not(l: ui::Lang, b: RewardBlock, need: &str) -> String {
    match b {
        RewardBlock::TierTooLow => format!("{}{}", l.t("需要", "Needs "), l.tier(need)),
        RewardBlock::ClassTooLow => format!(
            "{}{}",
            l.t("需要分层：", "Needs class: "),
            match need {
                "high_quality" => l.t("优质 KOC", "high-quality KOC"),
                "standard" => l.t("标准 KOC 及以上", "standard KOC or better"),
                _ => l.t("潜力 KOC 及以上", "potential KOC or better"),
            }
        ),
        RewardBlock::NotOpen => format!("{}{}", l.day(need), l.t(" 开始兑换", ": opens")),
        RewardBlock::Closed => l.t("已结束", "Closed").into(),
        RewardBlock::SoldOut => l.t("已兑完", "Sold out").into(),
        RewardBlock::LimitReached => format!("{}{}", l.t("每人限兑 ", "Limit per member: "), need),
        RewardBlock::NotEnoughPoints => l.t("积分不足", "Not enough points").into(),
        RewardBlock::NotApproved => l.t("成为 KOC 后可兑换", "For approved KOCs").into(),
    }
}

pub fn kind_name(l: ui::Lang, k: RewardKind) -> &'static str {
    match k {
        RewardKind::Coupon => l.t("优惠券", "Coupon"),
        RewardKind::Voucher => l.t("代金券", "Cash voucher"),
        RewardKind::Gift => l.t("礼品", "Gift"),
        RewardKind::Experience => l.t("体验活动", "Experience"),
    }
}

#[component]
pub fn Rewards() -> Html {
    let ctx = use_ctx();
    let c = ctx.client();
    let list = ui::use_load(ctx.me.clone(), move |_| api::rewards(c));
    let l = ctx.lang;
    let on_done = list.reload.clone();
    let brand = ctx.brand.clone();
    html! {
        <section>
            <h2>{ l.t("积分兑换", "Rewards") }</h2>
            <p><Link to={Route::Redemptions { brand }}>{ l.t("我的兑换与券码 →", "My redemptions and codes →") }</Link></p>
            { ui::view_load(&list, l, |cat| html! {
                <>
                    <p class="balance" data-testid="available">{ l.t("可用积分 ", "Available: ") }<strong>{ l.number(cat.available) }</strong>
                        <span class="muted">{ l.t("（约 ", " (about ") }{ l.money(cat.available_fen) }{ l.t("）", ")") }</span></p>
                    if cat.items.is_empty() {
                        <p class="muted">{ l.t("暂时没有可兑换的奖品。", "No rewards for now.") }</p>
                    }
                    <ul class="list">{ for cat.items.iter().map(|r| html! { <Reward r={r.clone()} on_done={on_done.clone()} /> }) }</ul>
                </>
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RewardProps {
    r: MyReward,
    on_done: Callback<()>,
}

#[component]
fn Reward(props: &RewardProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let c = ctx.client();
    let r = &props.r;
    let done = use_state(|| None::<MyRedemption>);
    let asking = use_state(|| false);
    let recipient = use_state(String::new);
    let phone = use_state(String::new);
    let address = use_state(String::new);
    let retry = use_mut_ref(ui::services::RetryKey::default);
    let redeem = {
        let (id, done, on_done) = (r.id.clone(), done.clone(), props.on_done.clone());
        ui::use_action(
            move |body: RedeemForm| {
                let (id, retry) = (id.clone(), retry.clone());
                async move { api::redeem(c, &id, &body, &retry).await }
            },
            Callback::from(move |x: std::rc::Rc<MyRedemption>| {
                done.set(Some((*x).clone()));
                on_done.emit(());
            }),
        )
    };
    let gift = r.kind == RewardKind::Gift;
    let onsubmit = {
        let (run, recipient, phone, address) = (
            redeem.run.clone(),
            recipient.clone(),
            phone.clone(),
            address.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(RedeemForm {
                recipient: Some((*recipient).clone()),
                phone: Some((*phone).clone()),
                address: Some((*address).clone()),
            });
        })
    };
    let start = {
        let (asking, run) = (asking.clone(), redeem.run.clone());
        Callback::from(move |_: MouseEvent| {
            if gift {
                asking.set(true);
            } else {
                run.emit(RedeemForm {
                    recipient: None,
                    phone: None,
                    address: None,
                });
            }
        })
    };
    let action = match (&*done, r.blocked) {
        (Some(x), _) => html! {
            <div class="outcome" data-testid="redeemed">
                { l.t("兑换成功！", "Redeemed! ") }
                if let Some(code) = &x.code { { l.t("券码：", "Your code: ") }<code data-testid="code">{ code }</code> }
                if gift { { l.t("礼品将寄到你填写的地址。", "The gift will be sent to your address.") } }
            </div>
        },
        (None, Some(b)) => {
            html! { <p class="muted why-not">{ why_not(l, b, r.need.as_deref().unwrap_or_default()) }</p> }
        }
        (None, None) if *asking => html! {
            <form {onsubmit}>
                <label>{ l.t("收件人", "Recipient") }<input name="recipient" required=true maxlength="40" value={(*recipient).clone()} oninput={bind(&recipient)} /></label>
                <label>{ l.t("手机号", "Phone") }<input name="phone" inputmode="tel" required=true value={(*phone).clone()} oninput={bind(&phone)} /></label>
                <label>{ l.t("收货地址", "Address") }<textarea name="address" rows="2" required=true maxlength="200" value={(*address).clone()} oninput={bind(&address)} /></label>
                <button type="submit" disabled={redeem.busy}>{ l.t("确认兑换", "Redeem") }{ format!(" · {}", r.price) }</button>
            </form>
        },
        (None, None) => html! {
            <button onclick={start} disabled={redeem.busy}>{ l.t("兑换", "Redeem") }{ format!(" · {}", r.price) }</button>
        },
    };
    html! {
        <li class="card reward" data-testid="reward" data-title={r.title.clone()}>
            if let Some(url) = &r.image_url { <img class="reward-image" src={url.clone()} alt="" loading="lazy" /> }
            <h3>{ &r.title }</h3>
            <p class="muted">{ kind_name(l, r.kind) }
                if r.kind == RewardKind::Voucher { { " · " }{ l.money(r.voucher_fen) } }
                if let Some(day) = &r.event_on { { " · " }{ l.day(day) }{ " " }{ &r.venue } }
                { " · " }{ l.t("剩余 ", "left: ") }{ r.stock }
            </p>
            if !r.description.is_empty() { <p>{ &r.description }</p> }
            <p><strong>{ l.number(r.price) }</strong>{ l.t(" 积分", " points") }
                <span class="muted">{ l.t("（约 ", " (about ") }{ l.money(r.price_fen) }{ l.t("）", ")") }</span></p>
            if let Some(day) = &r.ends_on { <p class="muted">{ l.t("兑换截止 ", "Until ") }{ l.day(day) }</p> }
            { action }
            { error_line(&message(&redeem.error)) }
        </li>
    }
}
