//! One campaign: its figures and transitions (publish, close), then its
//! panels: copy to another month, selection, samples, settlement, and the
//! submissions with review and metrics. A failed load shows the error and
//! a retry instead of loading forever.

use crate::api::{self, Step};
use crate::app::use_ctx;
use crate::components::{
    campaign_copy::CampaignCopy, failure_line, samples_panel::SamplesPanel,
    selection_panel::SelectionPanel, settlement_panel::SettlementPanel,
    submission_table::SubmissionTable,
};
use ::api::{CampaignView, SettlementView, SubmissionView};
use rules::Perm;
use ui::{use_action, use_load, view_load};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CampaignProps {
    pub id: String,
}

/// What the page loads in one go.
pub struct CampaignData {
    campaign: CampaignView,
    submissions: Vec<SubmissionView>,
    settlement: Option<SettlementView>,
}

#[component]
pub fn CampaignPage(props: &CampaignProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    // Bumped by every write on the page; the panels reload with it.
    let version = use_state(|| 0u32);
    let client = ctx.client();
    let data = use_load((props.id.clone(), *version), move |(id, _)| async move {
        Ok(CampaignData {
            campaign: api::campaign(client, &id).await?,
            submissions: api::submissions(client, None, Some(&id)).await?,
            settlement: api::settlement(client, &id).await?,
        })
    });
    let on_done = {
        let version = version.clone();
        Callback::from(move |()| version.set(version.wrapping_add(1)))
    };
    let step = {
        let id = props.id.clone();
        use_action(
            move |s: Step| {
                let id = id.clone();
                async move { api::campaign_step(client, &id, s).await }
            },
            on_done.reform(|_| ()),
        )
    };
    let run = |s: Step| step.run.reform(move |_: MouseEvent| s);
    let operate = ctx.can(Perm::Operate);
    view_load(&data, l, |d| {
        let c = &d.campaign;
        let pending = d
            .submissions
            .iter()
            .filter(|s| s.status == "pending")
            .count();
        html! {
            <>
                <p class="eyebrow">{ l.status(c.status.as_str()) }</p>
                <h1>{ &c.title }</h1>
                <p class="muted">{ &c.brief }</p>
                <div class="toolbar">
                    <span>{ l.t("名额 ", "Slots ") }{ l.number(c.slots) }{ " · " }{ l.t("报名 ", "Sign-ups ") }{ l.number(c.signups) }</span>
                    <span>{ l.t("结算日 ", "Settles ") }{ l.day(&c.settlement_date) }</span>
                    if operate && c.status == "draft" {
                        <button onclick={run(Step::Publish)} disabled={step.busy}>{ l.t("发布活动", "Publish") }</button>
                    }
                    if operate && c.status == "published" {
                        <button class="secondary" onclick={run(Step::Close)} disabled={step.busy}>{ l.t("结束活动", "Close campaign") }</button>
                    }
                    if let Some(s) = &d.settlement {
                        <strong data-testid="settlement">{ l.t("已结算：", "Settled: ") }{ l.number(s.notes) }{ l.t(" 篇笔记，共 ", " notes, ") }{ l.number(s.points_total) }{ l.t(" 积分", " points") }</strong>
                    }
                </div>
                <p class="muted">
                    { l.t("最低等级：", "Minimum tier: ") }{ l.tier(&c.min_tier) }
                    if !c.products.is_empty() { { " · " }{ l.t("产品：", "Products: ") }{ c.products.join("、") } }
                    { " · " }{ l.t("报名 ", "Sign-up ") }{ if c.signup_opens.is_empty() { l.t("发布起 – ", "from publication – ").to_string() } else { format!("{} – ", l.day(&c.signup_opens)) } }{ l.day(&c.signup_closes) }
                    { " · " }{ l.t("发布截止 ", "Publish by ") }{ l.day(&c.publish_by) }
                </p>
                { failure_line(&step.error) }
                if operate { <CampaignCopy id={props.id.clone()} /> }
                <SelectionPanel id={props.id.clone()} version={*version} status={c.status.to_string()} on_done={on_done.clone()} />
                if c.sample_days > 0 && operate && c.status != "draft" {
                    <SamplesPanel id={props.id.clone()} days={c.sample_days} />
                }
                if c.status != "draft" {
                    <SettlementPanel id={props.id.clone()} version={*version} on_settle={run(Step::Settle)} pending={pending} />
                }
                <SubmissionTable rows={d.submissions.clone()} on_done={on_done.clone()} />
            </>
        }
    })
}
