//! "My leads" (issue 17: leads): add a lead in seconds, move it a stage
//! with one tap, tag it from the brand's dictionary and one's own tags,
//! filter by stage. A store manager sees the store's leads (a regional
//! manager the region's), each with whose it is and its contact masked.

use super::lead_add::AddLead;
use super::shell::use_staff;
use crate::api_staff_leads as api;
use ::api::{LeadMoveForm, LeadTagsForm, LeadView, TagDictionary};
use rules::words::LeadStage;
use ui::{Lang, use_action, use_load, view_load};
use yew::prelude::*;

pub fn stage_name(l: Lang, s: LeadStage) -> &'static str {
    match s {
        LeadStage::Contacted => l.t("已接触", "Contacted"),
        LeadStage::AddedPrivately => l.t("已加私域", "Added privately"),
        LeadStage::JoinedBrandAccount => l.t("已入品牌号", "Joined brand"),
        LeadStage::VisitedStore => l.t("已到店", "Visited store"),
        LeadStage::Purchased => l.t("已购买", "Purchased"),
        LeadStage::Repurchased => l.t("已复购", "Repurchased"),
    }
}

#[component]
pub fn StaffLeads() -> Html {
    let ctx = use_staff();
    let l = ctx.lang;
    let stage = use_state(String::new);
    let c = ctx.client();
    let dict = use_load((), move |_| api::tags(c));
    let c = ctx.client();
    let page = use_load((*stage).clone(), move |s: String| async move {
        api::leads(c, &s, "").await
    });
    let pick = {
        let stage = stage.clone();
        Callback::from(move |e: Event| stage.set(ui::form::value_of(&e)))
    };
    let me = ctx.staff().map(|m| m.id.clone()).unwrap_or_default();
    let reload = page.reload.clone();
    let dict_now = dict.ready().cloned();
    let reload_dict = dict.reload.clone();
    html! {
        <>
            <h1>{ if ctx.is_manager() { l.t("门店线索", "Leads") } else { l.t("我的线索", "My leads") } }</h1>
            if ctx.staff().is_some_and(|m| m.store_id.is_some()) {
                <AddLead dict={dict_now.clone()} on_added={reload.clone()} on_tag={reload_dict} />
            }
            <label class="inline">{ l.t("阶段", "Stage") }
                <select name="stage" onchange={pick}>
                    <option value="" selected={stage.is_empty()}>{ l.t("全部", "All") }</option>
                    { for LeadStage::ALL.iter().map(|s| html! {
                        <option value={s.as_str()} selected={*stage == s.as_str()}>{ stage_name(l, *s) }</option>
                    }) }
                </select>
            </label>
            { view_load(&page, l, |p| if p.leads.is_empty() {
                html! { <p class="muted">{ l.t("还没有线索。", "No leads yet.") }</p> }
            } else {
                html! {
                    <>
                        <p class="muted">{ format!("{} {}", l.number(p.total), l.t("条", "leads")) }</p>
                        <ul class="list leads" data-testid="leads">
                            { for p.leads.iter().map(|lead| html! {
                                <LeadItem key={lead.id.clone()} lead={lead.clone()} mine={lead.staff_id == me}
                                    dict={dict_now.clone()} on_change={reload.clone()} />
                            }) }
                        </ul>
                    </>
                }
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    lead: LeadView,
    mine: bool,
    dict: Option<TagDictionary>,
    on_change: Callback<()>,
}

#[component]
fn LeadItem(props: &ItemProps) -> Html {
    let ctx = use_staff();
    let l = ctx.lang;
    let lead = &props.lead;
    let open = use_state(|| false);
    let next = lead.stage.next();
    let movable = rules::kos_leads::may_move(lead.stage, next);
    let step = {
        let (c, id) = (ctx.client(), lead.id.clone());
        use_action(
            move |to: LeadStage| {
                let id = id.clone();
                async move {
                    let body = LeadMoveForm {
                        stage: to.as_str().into(),
                        amount_fen: None,
                    };
                    api::move_lead(c, &id, &body).await
                }
            },
            props.on_change.reform(|_| ()),
        )
    };
    let retag = {
        let (c, id) = (ctx.client(), lead.id.clone());
        use_action(
            move |tags: Vec<String>| {
                let id = id.clone();
                async move { api::tag_lead(c, &id, &LeadTagsForm { tags }).await }
            },
            props.on_change.reform(|_| ()),
        )
    };
    let names: Vec<String> = lead
        .tags
        .iter()
        .filter_map(|t| tag_name(&props.dict, t))
        .collect();
    let contact = match (lead.phone.is_empty(), lead.handle.is_empty()) {
        (false, false) => format!("{} · {}", lead.handle, lead.phone),
        (true, _) => lead.handle.clone(),
        (false, true) => lead.phone.clone(),
    };
    let toggle_open = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <li class="lead" data-lead={lead.id.clone()}>
            <div class="lead-head">
                <strong class="contact">{ if lead.erased { l.t("（已删除）", "(erased)").to_string() } else { contact } }</strong>
                <span class={classes!("pill", lead.stage.as_str())} data-testid="lead-stage">{ stage_name(l, lead.stage) }</span>
            </div>
            <p class="muted">
                if !props.mine { { lead.staff_name.clone() }{ " · " } }
                { super::lead_add::platform_name(l, &lead.source_platform) }{ " · " }{ l.date(lead.created_at, ctx.zone(), false) }
                if !names.is_empty() { { " · " }{ names.join("、") } }
            </p>
            <div class="actions">
                if movable {
                    <button name="next-stage" disabled={step.busy} onclick={step.run.reform(move |_| next)}>
                        { "→ " }{ stage_name(l, next) }
                    </button>
                }
                if props.mine {
                    <button class="secondary" name="tags" aria-expanded={open.to_string()} onclick={toggle_open}>{ l.t("标签", "Tags") }</button>
                }
            </div>
            if *open {
                if let Some(d) = &props.dict {
                    <super::lead_add::TagPicker dict={d.clone()} picked={lead.tags.clone()} on_change={retag.run.clone()} />
                }
            }
            { crate::error_line(&crate::message(&step.error)) }
            { crate::error_line(&crate::message(&retag.error)) }
        </li>
    }
}

fn tag_name(dict: &Option<TagDictionary>, id: &str) -> Option<String> {
    let d = dict.as_ref()?;
    d.groups
        .iter()
        .flat_map(|g| g.tags.iter())
        .chain(d.personal.iter())
        .find(|t| t.id == id)
        .map(|t| t.name.clone())
}
