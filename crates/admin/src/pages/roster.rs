//! The roster: every member of the program with tier, class, kind, points
//! (and their cash value), notes, last activity, channel and city;
//! filters, search, pages of 50 and an export as Excel opens it. A name
//! opens the member's page. Owners also manage the group invitations
//! (`components::group_links`).

use super::bind;
use crate::api;
use crate::app::{Route, use_ctx};
use crate::components::group_links::GroupLinks;
use crate::components::{choice, set};
use rules::Perm;
use ui::{Lang, use_load, view_load};
use yew::prelude::*;
use yew_router::prelude::*;

const PAGE: i64 = 50;

pub fn tier_label(l: Lang, t: rules::Tier) -> &'static str {
    match t {
        rules::Tier::Member => l.t("成员", "Member"),
        rules::Tier::Junior => l.t("初级", "Junior"),
        rules::Tier::Intermediate => l.t("中级", "Intermediate"),
        rules::Tier::Senior => l.t("高级", "Senior"),
    }
}

pub fn class_label(l: Lang, c: Option<rules::MemberClass>) -> &'static str {
    match c {
        None => l.t("未分类", "Not classed"),
        Some(rules::MemberClass::Potential) => l.t("潜力", "Potential"),
        Some(rules::MemberClass::Standard) => l.t("标准", "Standard"),
        Some(rules::MemberClass::HighQuality) => l.t("优质", "High quality"),
    }
}

pub fn kind_label(l: Lang, d: rules::KocDomain, o: rules::KocOrigin) -> String {
    let domain = match d {
        rules::KocDomain::Public => l.t("公域", "Public"),
        rules::KocDomain::Private => l.t("私域", "Private"),
    };
    let origin = match o {
        rules::KocOrigin::BrandLover => l.t("品牌粉丝", "brand lover"),
        rules::KocOrigin::Incubated => l.t("孵化", "incubated"),
        rules::KocOrigin::PartnerCreator => l.t("合作达人", "partner creator"),
    };
    format!("{domain} · {origin}")
}

/// Filter options: (value, 中文, English); "" is any.
const TIERS: [(&str, &str, &str); 5] = [
    ("", "全部等级", "Every tier"),
    ("member", "成员", "Member"),
    ("junior", "初级", "Junior"),
    ("intermediate", "中级", "Intermediate"),
    ("senior", "高级", "Senior"),
];
const CLASSES: [(&str, &str, &str); 4] = [
    ("", "全部分类", "Every class"),
    ("high_quality", "优质", "High quality"),
    ("standard", "标准", "Standard"),
    ("potential", "潜力", "Potential"),
];
const DOMAINS: [(&str, &str, &str); 3] = [
    ("", "公域与私域", "Public and private"),
    ("public", "公域", "Public domain"),
    ("private", "私域", "Private domain"),
];
const ORIGINS: [(&str, &str, &str); 4] = [
    ("", "全部来源", "Every origin"),
    ("brand_lover", "品牌粉丝", "Brand lover"),
    ("incubated", "孵化", "Incubated"),
    ("partner_creator", "合作达人", "Partner creator"),
];
const CHANNELS: [(&str, &str, &str); 7] = [
    ("", "全部渠道", "Every channel"),
    ("direct", "直接申请", "Direct"),
    ("wechat", "微信", "WeChat"),
    ("member_pool", "会员池", "Member pool"),
    ("partner", "合作渠道", "Partner"),
    ("in_store", "门店", "In store"),
    ("one_to_one", "一对一邀请", "One to one"),
];

/// A channel in the operator's language (the filter's own labels).
pub fn channel_label(l: Lang, c: rules::Channel) -> &'static str {
    CHANNELS
        .iter()
        .find(|(v, _, _)| *v == c.as_str())
        .map_or(c.as_str(), |(_, zh, en)| l.t(zh, en))
}

fn options(
    l: Lang,
    o: &[(&'static str, &'static str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    o.iter().map(|(v, zh, en)| (*v, l.t(zh, en))).collect()
}

#[component]
pub fn Roster() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let tier = use_state(String::new);
    let class = use_state(String::new);
    let domain = use_state(String::new);
    let origin = use_state(String::new);
    let channel = use_state(String::new);
    let city = use_state(String::new);
    let search = use_state(String::new);
    // The filters applied (on search) and the page shown.
    let query = use_state(Vec::<(&'static str, String)>::new);
    let offset = use_state(|| 0i64);
    let rows = use_load(((*query).clone(), *offset), move |(q, offset)| {
        api::roster(client, q, PAGE, offset)
    });
    let apply = {
        let states = [
            ("tier", tier.clone()),
            ("class", class.clone()),
            ("domain", domain.clone()),
            ("origin", origin.clone()),
            ("channel", channel.clone()),
            ("city", city.clone()),
            ("q", search.clone()),
        ];
        let (query, offset) = (query.clone(), offset.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let q = states
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (*k, v.trim().to_string()))
                .collect();
            offset.set(0);
            query.set(q);
        })
    };
    let go = |to: i64| {
        let offset = offset.clone();
        Callback::from(move |_: MouseEvent| offset.set(to.max(0)))
    };
    let at = *offset;
    let body = view_load(&rows, l, |p| {
        if p.rows.is_empty() {
            return html! { <p class="muted">{ l.t("没有符合条件的成员。", "No matching members.") }</p> };
        }
        let last = (at + PAGE).min(p.total);
        html! {
            <>
                <p class="muted" data-testid="roster-total">{ format!("{}–{} / {}", at + 1, last, p.total) }</p>
                <table class="roster">
                    <thead><tr>
                        <th>{ l.t("成员", "Member") }</th>
                        <th>{ l.t("等级", "Tier") }</th>
                        <th>{ l.t("分类", "Class") }</th>
                        <th>{ l.t("类型", "Kind") }</th>
                        <th class="num">{ l.t("积分", "Points") }</th>
                        <th class="num">{ l.t("笔记 / 通过 / 爆文", "Notes / approved / viral") }</th>
                        <th>{ l.t("最近活跃", "Last active") }</th>
                        <th>{ l.t("渠道 · 城市", "Channel · city") }</th>
                    </tr></thead>
                    <tbody>{ for p.rows.iter().map(|r| html! {
                        <tr data-member={r.member_id.clone()}>
                            <td><Link<Route> to={Route::Member { id: r.member_id.clone() }}>{ &r.display_name }</Link<Route>></td>
                            <td>{ tier_label(l, r.tier) }</td>
                            <td>{ class_label(l, r.class) }{ if r.overridden { l.t("（人工）", " (set)") } else { "" } }</td>
                            <td>{ kind_label(l, r.domain, r.origin) }</td>
                            <td class="num">{ l.number(r.balance) }<br /><span class="muted">{ l.money(r.balance_fen) }</span></td>
                            <td class="num">{ format!("{} / {} / {}", r.notes, r.approved, r.viral) }</td>
                            <td>{ r.last_active_at.map(|t| l.date(t, "Asia/Shanghai", false)).unwrap_or_else(|| "—".into()) }</td>
                            <td>{ format!("{} · {}", channel_label(l, r.channel), r.city) }</td>
                        </tr>
                    }) }</tbody>
                </table>
                <div class="toolbar">
                    <button class="secondary" disabled={at == 0} onclick={go(at - PAGE)}>{ l.t("上一页", "Previous") }</button>
                    <button class="secondary" disabled={last >= p.total} onclick={go(at + PAGE)}>{ l.t("下一页", "Next") }</button>
                </div>
            </>
        }
    });
    html! {
        <>
            <h1>{ l.t("KOC 名册", "Roster") }</h1>
            <form class="toolbar" onsubmit={apply}>
                <input name="q" type="search" placeholder={l.t("姓名、城市、手机号或编号", "Name, city, phone or id")} value={(*search).clone()} oninput={bind(&search)} />
                { choice("tier", &tier, &options(l, &TIERS), set(&tier)) }
                { choice("class", &class, &options(l, &CLASSES), set(&class)) }
                { choice("domain", &domain, &options(l, &DOMAINS), set(&domain)) }
                { choice("origin", &origin, &options(l, &ORIGINS), set(&origin)) }
                { choice("channel", &channel, &options(l, &CHANNELS), set(&channel)) }
                <input name="city" placeholder={l.t("城市", "City")} value={(*city).clone()} oninput={bind(&city)} />
                <button type="submit">{ l.t("筛选", "Filter") }</button>
                <a class="button secondary" href={api::roster_export_url(&query)} download="">{ l.t("导出 CSV", "Export CSV") }</a>
            </form>
            { body }
            if ctx.can(Perm::Manage) { <GroupLinks /> }
        </>
    }
}
