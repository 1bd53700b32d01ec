//! The KOS dashboards (issue 17): over a period (30 days by default) and
//! for the brand or one region, content execution (notes and leads per
//! day, the share of staff who posted), account growth per platform, the
//! lead funnel with conversion between stages, the top templates and the
//! weakest stores ("the bottom of the barrel"). Each chart is SVG drawn
//! here (`components::chart`) with its table beside it.

use crate::api;
use crate::app::use_ctx;
use crate::components::chart::{Bars, Daily};
use ::api::DashboardView;
use ui::{Lang, use_load, view_load};
use yew::prelude::*;

/// The lead stages in funnel order, with their names.
const STAGES: [(&str, &str, &str); 6] = [
    ("contacted", "已接触", "Contacted"),
    ("added_privately", "已加私域", "Added privately"),
    ("joined_brand_account", "已入品牌号", "Joined brand account"),
    ("visited_store", "已到店", "Visited store"),
    ("purchased", "已购买", "Purchased"),
    ("repurchased", "已复购", "Repurchased"),
];

fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        "–".into()
    } else {
        format!("{}%", part * 100 / whole)
    }
}

#[component]
pub fn KosDashboard() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let region = use_state(String::new);
    let from = use_state(String::new);
    let to = use_state(String::new);
    let regions = {
        let client = ctx.client();
        use_load((), move |_| async move {
            crate::api_kos_org::regions(client).await
        })
    };
    let key = ((*region).clone(), (*from).clone(), (*to).clone());
    let data = use_load(key, move |(r, f, t): (String, String, String)| async move {
        api::kos_dashboard(client, &r, &f, &t).await
    });
    let input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let v: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.set(v.value());
        })
    };
    let pick = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let v: web_sys::HtmlSelectElement = e.target_unchecked_into();
            state.set(v.value());
        })
    };
    html! {
        <>
            <h1>{ l.t("KOS 数据看板", "KOS dashboard") }</h1>
            <div class="toolbar">
                <label>{ l.t("开始", "From") }<input type="date" value={(*from).clone()} onchange={input(&from)} /></label>
                <label>{ l.t("结束", "To") }<input type="date" value={(*to).clone()} onchange={input(&to)} /></label>
                <label>{ l.t("区域", "Region") }
                    <select data-testid="region" onchange={pick(&region)}>
                        <option value="" selected={region.is_empty()}>{ l.t("全部区域", "All regions") }</option>
                        { for regions.ready().into_iter().flatten().map(|r| html! {
                            <option value={r.id.clone()} selected={*region == r.id}>{ r.name.clone() }</option>
                        }) }
                    </select>
                </label>
            </div>
            { view_load(&data, l, |d| board(l, d)) }
        </>
    }
}

fn board(l: Lang, d: &DashboardView) -> Html {
    let notes: i64 = d.days.iter().map(|x| x.notes).sum();
    let leads: i64 = d.days.iter().map(|x| x.leads).sum();
    let days: Vec<(String, i64, i64)> = d
        .days
        .iter()
        .map(|x| (x.date.clone(), x.notes, x.leads))
        .collect();
    let stage_count = |s: &str| {
        d.funnel
            .iter()
            .find(|f| f.stage == s)
            .map(|f| f.leads)
            .unwrap_or(0)
    };
    // Leads at a stage or past it: how many reached it.
    let reached: Vec<i64> = (0..STAGES.len())
        .map(|i| STAGES[i..].iter().map(|(s, _, _)| stage_count(s)).sum())
        .collect();
    let funnel_bars: Vec<(String, i64, bool)> = STAGES
        .iter()
        .zip(&reached)
        .map(|((_, zh, en), n)| (l.t(zh, en).to_string(), *n, false))
        .collect();
    let growth_bars: Vec<(String, i64, bool)> = d
        .platforms
        .iter()
        .map(|p| {
            (
                crate::pages::kos_leads::platform_name(l, &p.platform).to_string(),
                p.followers,
                p.followers < p.followers_before,
            )
        })
        .collect();
    let template_bars: Vec<(String, i64, bool)> = d
        .top_templates
        .iter()
        .map(|t| {
            (
                if t.title.is_empty() {
                    t.template_id.clone()
                } else {
                    t.title.clone()
                },
                t.notes,
                false,
            )
        })
        .collect();
    let weak_bars: Vec<(String, i64, bool)> = d
        .weakest_stores
        .iter()
        .map(|s| (format!("{} {}", s.code, s.name), s.notes + s.leads, true))
        .collect();
    html! {
        <div class="dashboard" data-testid="kos-dashboard">
            <section class="card">
                <h2>{ l.t("内容执行", "Content execution") }</h2>
                <p class="muted" data-testid="execution">
                    { format!("{} – {} · ", d.from, d.to) }
                    { l.t("笔记 ", "Notes ") }{ l.number(notes) }{ " · " }
                    { l.t("线索 ", "Leads ") }{ l.number(leads) }{ " · " }
                    { l.t("发过笔记的员工 ", "Staff who posted ") }
                    { format!("{} / {} ({})", d.staff_posting, d.staff_total, percent(d.staff_posting, d.staff_total)) }
                </p>
                <Daily days={days} testid="daily-chart" />
                <p class="muted">{ l.t("柱：每日笔记；线：每日线索", "Bars: notes a day; line: leads a day") }</p>
                <details>
                    <summary>{ l.t("按日明细", "Day by day") }</summary>
                    <table data-testid="days">
                        <thead><tr>
                            <th>{ l.t("日期", "Date") }</th><th class="num">{ l.t("笔记", "Notes") }</th>
                            <th class="num">{ l.t("线索", "Leads") }</th>
                        </tr></thead>
                        <tbody>{ for d.days.iter().map(|x| html! {
                            <tr><td>{ &x.date }</td><td class="num">{ l.number(x.notes) }</td><td class="num">{ l.number(x.leads) }</td></tr>
                        }) }</tbody>
                    </table>
                </details>
            </section>
            <section class="card">
                <h2>{ l.t("账号增长", "Account growth") }</h2>
                <Bars bars={growth_bars} testid="growth-chart" />
                <table>
                    <thead><tr>
                        <th>{ l.t("平台", "Platform") }</th><th class="num">{ l.t("账号", "Accounts") }</th>
                        <th class="num">{ l.t("粉丝", "Followers") }</th><th class="num">{ l.t("期初", "At start") }</th>
                        <th class="num">{ l.t("增长", "Growth") }</th>
                    </tr></thead>
                    <tbody>{ for d.platforms.iter().map(|p| html! {
                        <tr>
                            <td>{ crate::pages::kos_leads::platform_name(l, &p.platform) }</td><td class="num">{ l.number(p.accounts) }</td>
                            <td class="num">{ l.number(p.followers) }</td><td class="num">{ l.number(p.followers_before) }</td>
                            <td class="num">{ l.number(p.followers - p.followers_before) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            </section>
            <section class="card">
                <h2>{ l.t("线索漏斗", "Lead funnel") }</h2>
                <Bars bars={funnel_bars} testid="funnel-chart" />
                <table data-testid="funnel">
                    <thead><tr>
                        <th>{ l.t("阶段", "Stage") }</th><th class="num">{ l.t("到达", "Reached") }</th>
                        <th class="num">{ l.t("上一阶段转化", "From the stage before") }</th>
                    </tr></thead>
                    <tbody>{ for STAGES.iter().enumerate().map(|(i, (_, zh, en))| html! {
                        <tr>
                            <td>{ l.t(zh, en) }</td><td class="num">{ l.number(reached[i]) }</td>
                            <td class="num">{ if i == 0 { "–".to_string() } else { percent(reached[i], reached[i - 1]) } }</td>
                        </tr>
                    }) }</tbody>
                </table>
            </section>
            <section class="card">
                <h2>{ l.t("热门模板", "Top templates") }</h2>
                <Bars bars={template_bars} testid="templates-chart" />
                <table data-testid="templates">
                    <thead><tr>
                        <th>{ l.t("模板", "Template") }</th><th class="num">{ l.t("笔记", "Notes") }</th>
                        <th class="num">{ l.t("互动", "Interactions") }</th><th class="num">{ l.t("线索", "Leads") }</th>
                    </tr></thead>
                    <tbody>{ for d.top_templates.iter().map(|t| html! {
                        <tr>
                            <td>{ &t.title }</td><td class="num">{ l.number(t.notes) }</td>
                            <td class="num">{ l.number(t.interactions) }</td><td class="num">{ l.number(t.leads) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            </section>
            <section class="card">
                <h2>{ l.t("最弱门店（垫底）", "Weakest stores (the bottom of the barrel)") }</h2>
                <Bars bars={weak_bars} testid="weak-chart" />
                <table data-testid="weakest">
                    <thead><tr>
                        <th>{ l.t("门店", "Store") }</th><th>{ l.t("区域", "Region") }</th>
                        <th class="num">{ l.t("员工", "Staff") }</th><th class="num">{ l.t("笔记", "Notes") }</th>
                        <th class="num">{ l.t("线索", "Leads") }</th><th class="num">{ l.t("销售额", "Sales") }</th>
                    </tr></thead>
                    <tbody>{ for d.weakest_stores.iter().map(|s| html! {
                        <tr>
                            <td>{ format!("{} {}", s.code, s.name) }</td><td>{ &s.region_name }</td>
                            <td class="num">{ l.number(s.staff) }</td><td class="num">{ l.number(s.notes) }</td>
                            <td class="num">{ l.number(s.leads) }</td><td class="num">{ l.money(s.sales_fen) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            </section>
        </div>
    }
}
