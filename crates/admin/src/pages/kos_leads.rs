//! KOS leads (issue 17): the brand's leads, filtered by stage and by the
//! tag dictionary (tags of one group widen the list, tags of several
//! groups narrow it: OR within a group, AND across groups), paged on the
//! server. Contacts are masked; reviewing roles may show one (audited),
//! owners may erase a lead on request; the filtered list exports for Excel
//! (audited, masked).

use crate::api;
use crate::app::use_ctx;
use crate::components::failure_line;
use ::api::{LeadContact, LeadView, TagDictionary};
use rules::Perm;
use rules::words::LeadStage;
use ui::{use_action, use_load, view_load};
use yew::prelude::*;

const PAGE: i64 = 50;

pub fn stage_name(l: ui::Lang, s: LeadStage) -> &'static str {
    match s {
        LeadStage::Contacted => l.t("已接触", "Contacted"),
        LeadStage::AddedPrivately => l.t("已加私域", "Added privately"),
        LeadStage::JoinedBrandAccount => l.t("已入品牌号", "Joined brand account"),
        LeadStage::VisitedStore => l.t("已到店", "Visited store"),
        LeadStage::Purchased => l.t("已购买", "Purchased"),
        LeadStage::Repurchased => l.t("已复购", "Repurchased"),
    }
}

/// A platform word as shown (`''`: met in the store).
pub fn platform_name(l: ui::Lang, p: &str) -> &'static str {
    match p {
        "" => l.t("门店", "In store"),
        "personal_wechat" => l.t("个人微信", "Personal WeChat"),
        "wecom" => l.t("企业微信", "WeCom"),
        "official_account" => l.t("公众号", "Official account"),
        "mini_program" => l.t("小程序", "Mini-program"),
        "wechat_channels" => l.t("视频号", "WeChat Channels"),
        p => l.platform(p),
    }
}

#[component]
pub fn KosLeads() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let stage = use_state(String::new);
    let tags = use_state(Vec::<String>::new);
    let offset = use_state(|| 0i64);
    let client = ctx.client();
    let dict = use_load((), move |_| api::kos_tags(client));
    let query = {
        let (limit, off) = (PAGE.to_string(), offset.to_string());
        api::lead_query(&[
            ("stage", &stage),
            ("tags", &tags.join(",")),
            ("limit", &limit),
            ("offset", &off),
        ])
    };
    let client = ctx.client();
    let page = use_load(query.clone(), move |q: String| async move {
        api::kos_leads(client, &q).await
    });
    let mut stages: Vec<(&'static str, &str)> = vec![("", l.t("全部", "All"))];
    stages.extend(
        LeadStage::ALL
            .iter()
            .map(|s| (s.as_str(), stage_name(l, *s))),
    );
    let pick_stage = {
        let (stage, offset) = (stage.clone(), offset.clone());
        Callback::from(move |v: String| {
            offset.set(0);
            stage.set(v);
        })
    };
    let toggle = {
        let (tags, offset) = (tags.clone(), offset.clone());
        Callback::from(move |id: String| {
            let mut v = (*tags).clone();
            match v.iter().position(|t| *t == id) {
                Some(i) => {
                    v.remove(i);
                }
                None => v.push(id),
            }
            offset.set(0);
            tags.set(v);
        })
    };
    let chips = match dict.ready() {
        Some(d) => {
            html! { <TagChips dict={d.clone()} picked={(*tags).clone()} on_toggle={toggle} /> }
        }
        None => html! {},
    };
    let export_query = api::lead_query(&[("stage", &stage), ("tags", &tags.join(","))]);
    let on_done = page.reload.clone();
    let names = dict.ready().cloned();
    let turn = |delta: i64| {
        let offset = offset.clone();
        Callback::from(move |_: MouseEvent| offset.set((*offset + delta).max(0)))
    };
    html! {
        <>
            <h1>{ l.t("线索", "Leads") }</h1>
            <div class="toolbar">
                { crate::components::choice("stage", &stage, &stages, pick_stage) }
                <a class="button secondary" href={api::kos_leads_export(&export_query)} download="leads.csv">{ l.t("导出 Excel", "Export for Excel") }</a>
            </div>
            { chips }
            { view_load(&page, l, |p| html! {
                <>
                    <p class="muted" data-testid="lead-total">{ format!("{} {}", l.number(p.total), l.t("条线索", "leads")) }</p>
                    if p.leads.is_empty() {
                        <p class="muted">{ l.t("没有符合条件的线索。", "No lead matches.") }</p>
                    } else {
                        <table data-testid="kos-leads">
                            <thead><tr>
                                <th>{ l.t("时间", "When") }</th>
                                <th>{ l.t("导购 / 门店", "Staff / store") }</th>
                                <th>{ l.t("来源", "Source") }</th>
                                <th>{ l.t("联系方式", "Contact") }</th>
                                <th>{ l.t("阶段", "Stage") }</th>
                                <th>{ l.t("标签", "Tags") }</th>
                                <th></th>
                            </tr></thead>
                            <tbody>{ for p.leads.iter().map(|r| html! {
                                <LeadRow key={r.id.clone()} r={r.clone()} dict={names.clone()} on_done={on_done.clone()} />
                            }) }</tbody>
                        </table>
                    }
                    <div class="toolbar">
                        <button class="secondary" disabled={*offset == 0} onclick={turn(-PAGE)}>{ l.t("上一页", "Previous") }</button>
                        <button class="secondary" disabled={*offset + PAGE >= p.total} onclick={turn(PAGE)}>{ l.t("下一页", "Next") }</button>
                    </div>
                </>
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ChipsProps {
    dict: TagDictionary,
    picked: Vec<String>,
    on_toggle: Callback<String>,
}

/// The dictionary's groups, each tag a toggle.
#[component]
fn TagChips(props: &ChipsProps) -> Html {
    let l = use_ctx().lang;
    html! {
        <div class="tag-filter" aria-label={l.t("按标签筛选", "Filter by tags")}>
            { for props.dict.groups.iter().filter(|g| !g.tags.is_empty()).map(|g| html! {
                <p><strong>{ &g.name }{ "：" }</strong>
                    { for g.tags.iter().map(|t| {
                        let on = props.picked.contains(&t.id);
                        let id = t.id.clone();
                        html! {
                            <button class={if on { "chip active" } else { "chip" }} aria-pressed={on.to_string()}
                                onclick={props.on_toggle.reform(move |_| id.clone())}>{ &t.name }</button>
                        }
                    }) }
                </p>
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    r: LeadView,
    dict: Option<TagDictionary>,
    on_done: Callback<()>,
}

#[component]
fn LeadRow(props: &RowProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let r = &props.r;
    let full = use_state(|| None::<LeadContact>);
    let show = {
        let (client, id, full) = (ctx.client(), r.id.clone(), full.clone());
        use_action(
            move |()| {
                let id = id.clone();
                async move { api::kos_lead_contact(client, &id).await }
            },
            Callback::from(move |c: std::rc::Rc<LeadContact>| full.set(Some((*c).clone()))),
        )
    };
    let history = {
        let (client, id) = (ctx.client(), r.id.clone());
        use_action(
            move |()| {
                let id = id.clone();
                async move { api::kos_lead_events(client, &id).await }
            },
            Callback::noop(),
        )
    };
    let confirm = use_state(|| false);
    let erase = {
        let (client, id) = (ctx.client(), r.id.clone());
        use_action(
            move |()| {
                let id = id.clone();
                async move { api::erase_kos_lead(client, &id).await }
            },
            props.on_done.reform(|_| ()),
        )
    };
    let tag_names: Vec<String> = r
        .tags
        .iter()
        .map(|t| {
            props
                .dict
                .iter()
                .flat_map(|d| d.groups.iter().flat_map(|g| g.tags.iter()))
                .find(|x| x.id == *t)
                .map_or_else(
                    || l.t("个人标签", "personal tag").to_string(),
                    |x| x.name.clone(),
                )
        })
        .collect();
    let contact = match &*full {
        Some(c) => {
            html! { <span data-testid="full-contact">{ &c.phone }{ " " }{ &c.handle }</span> }
        }
        None => html! {
            <>
                <span>{ &r.phone }{ " " }{ &r.handle }</span>
                if r.contact_masked && ctx.can(Perm::Review) {
                    { " " }<button class="link" onclick={show.run.reform(|_| ())} disabled={show.busy}>{ l.t("显示", "Show") }</button>
                }
            </>
        },
    };
    html! {
        <tr data-lead={r.id.clone()}>
            <td>{ l.date(r.created_at, "Asia/Shanghai", true) }</td>
            <td>{ &r.staff_name }<br /><span class="muted">{ &r.store_name }</span></td>
            <td>{ platform_name(l, &r.source_platform) }</td>
            <td>
                if r.erased { <span class="muted">{ l.t("已删除", "Erased") }</span> } else { { contact } }
                { failure_line(&show.error) }
            </td>
            <td>
                <span class={classes!("pill", r.stage.as_str())}>{ stage_name(l, r.stage) }</span>
                if let Some(events) = &history.done {
                    <ol class="events">{ for events.iter().map(|e| html! {
                        <li>{ stage_name(l, e.to_stage) }{ " · " }{ l.date(e.at, "Asia/Shanghai", true) }
                            if let Some(a) = e.amount_fen { { " · " }{ l.money(a) } }</li>
                    }) }</ol>
                } else {
                    { " " }<button class="link" onclick={history.run.reform(|_| ())} disabled={history.busy}>{ l.t("记录", "History") }</button>
                }
            </td>
            <td>{ tag_names.join("、") }</td>
            <td>
                if ctx.can(Perm::Manage) && !r.erased {
                    if *confirm {
                        <button class="danger" onclick={erase.run.reform(|_| ())} disabled={erase.busy}>{ l.t("确认删除联系方式", "Erase the contact") }</button>
                    } else {
                        <button class="link" onclick={{ let c = confirm.clone(); move |_| c.set(true) }}>{ l.t("按要求删除", "Erase on request") }</button>
                    }
                }
                { failure_line(&erase.error) }
            </td>
        </tr>
    }
}
