//! The rewards catalogue: coupons (a pool of uploaded codes or one shared
//! code), checkout vouchers, gifts and experiences, each with a points
//! price, stock, tier and class requirements, a per-member limit, an
//! availability window, an image and a description. Operating roles add
//! and edit items and upload coupon codes; every role reads.

use crate::api;
use crate::app::use_ctx;
use crate::components::failure_line;
use crate::components::reward_form::RewardEditor;
use ::api::{RewardCodes, RewardView};
use rules::Perm;
use ui::{use_action, use_load, view_load};
use yew::prelude::*;

pub fn kind_name(l: ui::Lang, k: &str) -> &'static str {
    match k {
        "coupon" => l.t("优惠券", "Coupon"),
        "voucher" => l.t("代金券", "Cash voucher"),
        "gift" => l.t("礼品", "Gift"),
        _ => l.t("体验活动", "Experience"),
    }
}

pub fn class_name(l: ui::Lang, c: &str) -> &'static str {
    match c {
        "potential" => l.t("潜力", "Potential"),
        "standard" => l.t("标准", "Standard"),
        "high_quality" => l.t("优质", "High-quality"),
        _ => l.t("不限", "Any"),
    }
}

#[component]
pub fn Rewards() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let list = use_load((), move |()| api::rewards(client));
    let on_done = list.reload.clone();
    html! {
        <>
            <h1>{ l.t("奖品目录", "Rewards catalogue") }</h1>
            if ctx.can(Perm::Operate) {
                <details class="card">
                    <summary>{ l.t("新建奖品", "New reward") }</summary>
                    <RewardEditor item={None::<RewardView>} on_done={on_done.clone()} />
                </details>
            }
            { view_load(&list, l, |items| if items.is_empty() {
                html! { <p class="muted">{ l.t("目录里还没有奖品。", "No rewards yet.") }</p> }
            } else { html! {
                <table data-testid="rewards">
                    <thead><tr>
                        <th>{ l.t("奖品", "Reward") }</th>
                        <th class="num">{ l.t("积分", "Points") }</th>
                        <th class="num">{ l.t("库存", "Stock") }</th>
                        <th class="num">{ l.t("已兑换", "Redeemed") }</th>
                        <th>{ l.t("条件", "Who") }</th>
                        <th>{ l.t("兑换时间", "Window") }</th>
                        <th>{ l.t("操作", "Actions") }</th>
                    </tr></thead>
                    <tbody>{ for items.iter().map(|r| html! { <RewardRow item={r.clone()} on_done={on_done.clone()} /> }) }</tbody>
                </table>
            } }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    item: RewardView,
    on_done: Callback<()>,
}

#[component]
fn RewardRow(props: &RowProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let r = &props.item;
    let window = match (&r.starts_on, &r.ends_on) {
        (None, None) => l.t("长期", "Always").to_string(),
        (s, e) => format!(
            "{} – {}",
            s.as_deref().map(|d| l.day(d)).unwrap_or_default(),
            e.as_deref().map(|d| l.day(d)).unwrap_or_default()
        ),
    };
    let pooled = r.kind == rules::RewardKind::Coupon && r.shared_code.is_none();
    html! {
        <tr data-reward={r.title.clone()}>
            <td>
                if let Some(url) = &r.image_url { <img class="thumb" src={url.clone()} alt="" loading="lazy" /> }
                <strong>{ &r.title }</strong><br />
                <span class="muted">{ kind_name(l, r.kind.as_str()) }
                    if r.kind == rules::RewardKind::Voucher { { " · " }{ l.money(r.voucher_fen) } }
                    if let Some(code) = &r.shared_code { { " · " }{ l.t("通用券码 ", "shared code ") }<code>{ code }</code> }
                    if pooled { { " · " }{ l.t("券码 ", "codes ") }{ r.codes_used }{ "/" }{ r.codes_total } }
                </span>
                if !r.active { <br /><span class="pill rejected">{ l.t("已下架", "Withdrawn") }</span> }
            </td>
            <td class="num">{ l.number(r.price) }</td>
            <td class="num">{ l.number(r.stock) }</td>
            <td class="num">{ l.number(r.redeemed) }</td>
            <td>{ l.tier(&r.min_tier) }
                if let Some(c) = &r.min_class { <br />{ class_name(l, c) }{ l.t(" 及以上", " or better") } }
                if r.per_member_limit > 0 { <br /><span class="muted">{ l.t("每人限 ", "limit ") }{ r.per_member_limit }</span> }
            </td>
            <td>{ window }</td>
            <td>
                if ctx.can(Perm::Operate) {
                    <details>
                        <summary>{ l.t("编辑", "Edit") }</summary>
                        <RewardEditor item={Some(r.clone())} on_done={props.on_done.clone()} />
                    </details>
                    if pooled { <Codes id={r.id.clone()} on_done={props.on_done.clone()} /> }
                }
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct CodesProps {
    id: String,
    on_done: Callback<()>,
}

/// Uploads coupon codes, one a line (pasted from the brand's file).
#[component]
fn Codes(props: &CodesProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let codes = use_state(String::new);
    let add = {
        let (id, codes) = (props.id.clone(), codes.clone());
        let on_done = props.on_done.clone();
        use_action(
            move |body: RewardCodes| {
                let id = id.clone();
                async move { api::add_reward_codes(client, &id, body).await }
            },
            Callback::from(move |_| {
                codes.set(String::new());
                on_done.emit(());
            }),
        )
    };
    let submit = {
        let (run, codes) = (add.run.clone(), codes.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(RewardCodes {
                codes: (*codes).clone(),
            });
        })
    };
    html! {
        <details>
            <summary>{ l.t("上传券码", "Upload codes") }</summary>
            <form onsubmit={submit}>
                <label>{ l.t("券码（每行一个）", "Codes (one a line)") }
                    <textarea name="codes" rows="4" value={(*codes).clone()} oninput={super::bind(&codes)} /></label>
                { failure_line(&add.error) }
                <button type="submit" disabled={add.busy}>{ l.t("添加", "Add") }</button>
            </form>
        </details>
    }
}
