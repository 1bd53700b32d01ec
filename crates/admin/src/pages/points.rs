//! The brand's points (积分): totals per account in points and yuan
//! (issued, available, held, expired, redeemed, paid at the checkout),
//! the points policy (rate, expiry, checkout share; owners change it, the
//! server checks each bound), and operators' adjustments
//! ([`AdjustPanel`], which a member's page can embed with the member
//! already chosen).

use super::{bind, checked_of};
use crate::api;
use crate::app::use_ctx;
use crate::components::failure_line;
use ::api::{AdjustmentForm, PointsAmount, PointsMemberView, PointsOverview, PointsPolicyForm};
use rules::{AdjustmentDirection, Perm};
use ui::{Lang, use_action, use_load, view_load};
use yew::prelude::*;

#[component]
pub fn Points() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let overview = use_load((), move |()| api::points(client));
    let reload = overview.reload.clone();
    // Kept here: a save reloads the policy and draws its form afresh.
    let saved = use_state(|| false);
    let on_saved = {
        let (saved, reload) = (saved.clone(), reload.clone());
        Callback::from(move |()| {
            saved.set(true);
            reload.emit(());
        })
    };
    view_load(&overview, l, |o| {
        let key = format!("{:?}", o.policy);
        html! {
            <>
                <h1>{ l.t("积分", "Points") }</h1>
                <Totals overview={o.clone()} />
                <PolicyForm {key} policy={o.policy.clone()} saved={*saved} on_saved={on_saved.clone()} />
                if ctx.can(Perm::Operate) {
                    <AdjustPanel member={None::<String>} on_done={reload.clone()} />
                }
            </>
        }
    })
}

fn amount(l: Lang, a: &PointsAmount) -> Html {
    html! { <>{ l.number(a.points) }<span class="muted">{ " · " }{ l.money(a.fen) }</span></> }
}

#[derive(Properties, PartialEq)]
struct TotalsProps {
    overview: PointsOverview,
}

#[component]
fn Totals(props: &TotalsProps) -> Html {
    let l = use_ctx().lang;
    let o = &props.overview;
    let rows = [
        (l.t("已发放", "Issued"), &o.issued, "issued"),
        (
            l.t("会员可用", "Available to members"),
            &o.available,
            "available",
        ),
        (l.t("抵现冻结中", "Held at checkouts"), &o.held, "held"),
        (l.t("已过期", "Expired"), &o.expired, "expired"),
        (l.t("已兑换", "Redeemed"), &o.redeemed, "redeemed"),
        (l.t("已抵现", "Paid at checkouts"), &o.checkout, "checkout"),
    ];
    html! {
        <section class="card" data-testid="points-totals">
            <h2>{ l.t("积分总览", "Totals") }</h2>
            <table>
                <thead><tr><th>{ l.t("账户", "Account") }</th><th>{ l.t("积分 · 折合人民币", "Points · in yuan") }</th></tr></thead>
                <tbody>
                    { for rows.iter().map(|(label, a, id)| html! {
                        <tr data-account={*id}><td>{ *label }</td><td>{ amount(l, a) }</td></tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PolicyProps {
    policy: PointsPolicyForm,
    /// A save has succeeded on this page.
    saved: bool,
    on_saved: Callback<()>,
}

/// A whole number typed in a field, or the field's own error.
fn whole(v: &str) -> Option<i64> {
    v.trim().parse().ok()
}

#[component]
fn PolicyForm(props: &PolicyProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let p = &props.policy;
    let rate = use_state(|| p.points_per_yuan.to_string());
    let never = use_state(|| p.expiry_months == 0);
    let months = use_state(|| {
        if p.expiry_months == 0 {
            "12".to_string()
        } else {
            p.expiry_months.to_string()
        }
    });
    let percent = use_state(|| p.checkout_max_percent.to_string());
    let save = use_action(
        move |body: PointsPolicyForm| api::save_points_policy(client, body),
        props.on_saved.reform(|_| ()),
    );
    let owner = ctx.can(Perm::Manage);
    let parsed = (|| {
        let points_per_yuan = whole(&rate).filter(|r| (1..=10_000).contains(r))?;
        let expiry_months = if *never {
            0
        } else {
            whole(&months).filter(|m| (1..=120).contains(m))?
        };
        let checkout_max_percent = whole(&percent).filter(|p| (0..=100).contains(p))?;
        Some(PointsPolicyForm {
            points_per_yuan,
            expiry_months,
            checkout_max_percent,
        })
    })();
    let submit = {
        let (run, parsed) = (save.run.clone(), parsed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(p) = parsed.clone() {
                run.emit(p);
            }
        })
    };
    let toggle = {
        let never = never.clone();
        Callback::from(move |e: Event| never.set(checked_of(&e)))
    };
    let bad = |ok: bool| (!ok).to_string();
    html! {
        <form class="card settings" data-testid="points-policy" onsubmit={submit}>
            <h2>{ l.t("积分规则", "Points policy") }</h2>
            if !owner { <p class="muted">{ l.t("只有品牌所有者可以修改。", "Only owners can change it.") }</p> }
            <label>{ l.t("多少积分等于 1 元（1–10000）", "Points worth ¥1 (1–10,000)") }
                <input name="points_per_yuan" inputmode="numeric" disabled={!owner} value={(*rate).clone()} oninput={bind(&rate)}
                    aria-invalid={bad(whole(&rate).is_some_and(|r| (1..=10_000).contains(&r)))} /></label>
            <label class="check"><input type="checkbox" name="never_expire" disabled={!owner} checked={*never} onchange={toggle} />
                { l.t("积分永不过期", "Points never expire") }</label>
            if !*never {
                <label>{ l.t("获得当月之后第几个月月底过期（1–120）", "Expire at the end of the Nth month after the month earned (1–120)") }
                    <input name="expiry_months" inputmode="numeric" disabled={!owner} value={(*months).clone()} oninput={bind(&months)}
                        aria-invalid={bad(whole(&months).is_some_and(|m| (1..=120).contains(&m)))} /></label>
            }
            <label>{ l.t("订单最多可用积分抵扣的比例（%，0–100）", "Largest share of an order paid in points (%, 0–100)") }
                <input name="checkout_max_percent" inputmode="numeric" disabled={!owner} value={(*percent).clone()} oninput={bind(&percent)}
                    aria-invalid={bad(whole(&percent).is_some_and(|p| (0..=100).contains(&p)))} /></label>
            if owner && parsed.is_none() {
                <p class="error">{ l.t("请检查标红的数字：须为范围内的整数。", "Check the marked numbers: whole numbers within their range.") }</p>
            }
            if owner {
                <button type="submit" disabled={save.busy || parsed.is_none()}>{ l.t("保存规则", "Save policy") }</button>
            }
            if props.saved || save.done.is_some() { <p class="ok" role="status">{ l.t("已保存。", "Saved.") }</p> }
            { failure_line(&save.error) }
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct AdjustProps {
    /// A member already chosen (a member's page); `None`: find one.
    pub member: Option<String>,
    /// An adjustment was posted.
    pub on_done: Callback<()>,
}

/// Finds a member by phone or id and credits or debits them with a
/// required reason; "allow below zero" is an explicit box, off by default.
#[component]
pub fn AdjustPanel(props: &AdjustProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let query = use_state(|| props.member.clone().unwrap_or_default());
    let found = use_state(|| None::<Vec<PointsMemberView>>);
    let find = {
        let found = found.clone();
        use_action(
            move |q: String| async move { api::find_points_member(client, &q).await },
            Callback::from(move |v: std::rc::Rc<Vec<PointsMemberView>>| {
                found.set(Some((*v).clone()))
            }),
        )
    };
    {
        // A member given by the page is looked up at once.
        let (run, member) = (find.run.clone(), props.member.clone());
        use_effect_with(member, move |m| {
            if let Some(m) = m {
                run.emit(m.clone());
            }
        });
    }
    let direction = use_state(|| "credit".to_string());
    let points = use_state(String::new);
    let reason = use_state(String::new);
    let below = use_state(|| false);
    let retry = use_mut_ref(ui::services::RetryKey::default);
    let adjust = {
        let (on_done, find_run, query) = (props.on_done.clone(), find.run.clone(), query.clone());
        use_action(
            move |form: AdjustmentForm| {
                let retry = retry.clone();
                async move { api::adjust_points(client, &form, &retry).await }
            },
            Callback::from(move |_| {
                on_done.emit(());
                find_run.emit((*query).clone());
            }),
        )
    };
    let on_find = {
        let (run, query) = (find.run.clone(), query.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit((*query).clone());
        })
    };
    let member = found.as_ref().and_then(|v| v.first().cloned());
    let amount = whole(&points).filter(|p| (1..=1_000_000).contains(p));
    let ready = member.is_some() && amount.is_some() && !reason.trim().is_empty();
    let on_adjust = {
        let (run, direction, reason, below, member) = (
            adjust.run.clone(),
            direction.clone(),
            reason.clone(),
            below.clone(),
            member.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(m), Some(p)) = (&member, amount) else {
                return;
            };
            let debit = *direction == "debit";
            run.emit(AdjustmentForm {
                member: m.member_id.clone(),
                direction: if debit {
                    AdjustmentDirection::Debit
                } else {
                    AdjustmentDirection::Credit
                },
                points: p,
                reason: (*reason).clone(),
                allow_negative: *direction == "debit" && *below,
            });
        })
    };
    let toggle_below = {
        let below = below.clone();
        Callback::from(move |e: Event| below.set(checked_of(&e)))
    };
    let directions = [
        ("credit", l.t("增加积分", "Credit")),
        ("debit", l.t("扣减积分", "Debit")),
    ];
    html! {
        <section class="card" data-testid="points-adjust">
            <h2>{ l.t("积分调整", "Adjust a member's points") }</h2>
            if props.member.is_none() {
                <form class="toolbar" onsubmit={on_find}>
                    <input name="member_query" placeholder={l.t("手机号或会员编号", "Phone or member id")} value={(*query).clone()} oninput={bind(&query)} />
                    <button type="submit" class="secondary" disabled={find.busy}>{ l.t("查找", "Find") }</button>
                </form>
            }
            { failure_line(&find.error) }
            if matches!(&*found, Some(v) if v.is_empty()) {
                <p class="warn">{ l.t("没有找到该会员。", "No member found.") }</p>
            }
            if let Some(m) = &member {
                <p data-testid="points-member"><strong>{ &m.phone_masked }</strong>
                    { " · " }{ l.t("可用 ", "available ") }{ l.number(m.available) }{ " (" }{ l.money(m.fen) }{ ")" }
                    if m.held > 0 { { " · " }{ l.t("冻结 ", "held ") }{ l.number(m.held) } }</p>
                <form class="settings" onsubmit={on_adjust}>
                    <label>{ l.t("调整方向", "Direction") }
                        { crate::components::choice("direction", &direction, &directions, crate::components::set(&direction)) }</label>
                    <label>{ l.t("积分（1–1000000）", "Points (1–1,000,000)") }
                        <input name="points" inputmode="numeric" value={(*points).clone()} oninput={bind(&points)} /></label>
                    <label>{ l.t("原因（必填，会员可见）", "Reason (required; the member sees it)") }
                        <input name="reason" maxlength="200" value={(*reason).clone()} oninput={bind(&reason)} /></label>
                    if *direction == "debit" {
                        <label class="check"><input type="checkbox" name="allow_negative" checked={*below} onchange={toggle_below} />
                            { l.t("允许扣至负数", "Allow the balance below zero") }</label>
                    }
                    <button type="submit" disabled={adjust.busy || !ready}>{ l.t("确认调整", "Post adjustment") }</button>
                </form>
                if let Some(done) = &adjust.done {
                    <p class="ok" role="status" data-testid="adjusted">{ l.t("已调整：", "Adjusted: ") }
                        { l.number(done.before) }{ " → " }{ l.number(done.after) }</p>
                }
                { failure_line(&adjust.error) }
            }
        </section>
    }
}
