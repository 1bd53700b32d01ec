//! The sign-ups ranked by the campaign's selection rules, each score with
//! its parts, the first-timer quota and the waitlist order; confirming the
//! top N and, afterwards, swapping people out and in.

use crate::api;
use crate::app::use_ctx;
use crate::components::failure_line;
use ::api::{RankingView, SelectionForm, SwapForm};
use rules::Perm;
use ui::{Load, use_action, use_load};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SelectionPanelProps {
    pub id: String,
    /// The page's write count: the ranking reloads when it changes.
    pub version: u32,
    pub status: String,
    pub on_done: Callback<()>,
}

/// What a selection button asks for.
#[derive(Clone)]
enum Pick {
    Confirm,
    Out(String),
    In(String),
}

#[component]
pub fn SelectionPanel(props: &SelectionPanelProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let ranking = use_load(
        (props.id.clone(), props.version),
        move |(id, _)| async move { api::ranking(client, &id).await },
    );
    // Every selection write answers the new ranking.
    let pick = {
        let id = props.id.clone();
        let (set, on_done) = (ranking.set.clone(), props.on_done.clone());
        use_action(
            move |p: Pick| {
                let id = id.clone();
                async move {
                    match p {
                        Pick::Confirm => {
                            api::confirm_selection(client, &id, SelectionForm { selected: None })
                                .await
                        }
                        Pick::Out(m) => {
                            api::swap(
                                client,
                                &id,
                                SwapForm {
                                    out: Some(m),
                                    into: None,
                                },
                            )
                            .await
                        }
                        Pick::In(m) => {
                            api::swap(
                                client,
                                &id,
                                SwapForm {
                                    out: None,
                                    into: Some(m),
                                },
                            )
                            .await
                        }
                    }
                }
            },
            Callback::from(move |r: std::rc::Rc<RankingView>| {
                set.emit((*r).clone());
                on_done.emit(());
            }),
        )
    };
    let r = match &ranking.state {
        Load::Ready(r) => r.clone(),
        Load::Failed(e) => return ui::hooks::failed(e, l, ranking.reload.clone()),
        Load::Loading => return html! {},
    };
    if r.entries.is_empty() {
        return html! {};
    }
    let send = |p: Pick| pick.run.reform(move |_: MouseEvent| p.clone());
    let may_select = ctx.can(Perm::Operate) && props.status == "published";
    let score = |hundredths: i64| format!("{}.{:02}", hundredths / 100, hundredths % 100);
    let part_name = |code: &str| match code {
        "followers" => l.t("粉丝", "Followers"),
        "performance" => l.t("笔记表现", "Note performance"),
        "completion" => l.t("完成率", "Completion"),
        "tier" => l.t("等级", "Tier"),
        "class" => l.t("分类", "Class"),
        _ => l.t("其他", "Other"),
    };
    let rows = r.entries.iter().map(|e| {
        let outcome = if r.selection_confirmed {
            match e.waitlist_pos {
                Some(n) => html! { <span class="pill pending">{ l.t("候补 #", "Waitlist #") }{ n }</span> },
                None => html! { <span class={classes!("pill", if e.status == "selected" { "approved" } else { "rejected" })}>{ l.status(e.status.as_str()) }</span> },
            }
        } else {
            match e.outcome.as_str() {
                "selected" => html! { <span class="pill ok">{ l.t("建议入选", "Proposed") }</span> },
                "selected_by_quota" => html! { <span class="pill ok">{ l.t("建议入选（新人名额）", "Proposed (first-timer quota)") }</span> },
                _ => html! { <span class="pill">{ l.t("建议候补 #", "Proposed waitlist #") }{ e.waitlist.unwrap_or(0) }</span> },
            }
        };
        let swap = if may_select && r.selection_confirmed {
            let m = e.member_id.clone();
            if e.status == "selected" {
                html! { <button class="secondary" disabled={pick.busy} onclick={send(Pick::Out(m))}>{ l.t("调出", "Take out") }</button> }
            } else {
                html! { <button class="secondary" disabled={pick.busy} onclick={send(Pick::In(m))}>{ l.t("调入", "Put in") }</button> }
            }
        } else {
            html! {}
        };
        let parts = e.parts.iter().map(|p| html! {
            <span class="part" title={format!("{} = {} → {}/100 × {}%", p.code, p.value, p.score, p.weight)}>
                { part_name(&p.code) }{ " " }{ score(p.contribution) }
            </span>
        });
        html! {
            <tr data-testid="ranked" data-status={e.status.to_string()}>
                <td class="num">{ e.rank }</td>
                <td>{ &e.display_name }<span class="muted">{ " · " }{ l.tier(&e.tier) }{ if e.first_timer { l.t(" · 新人", " · first-timer") } else { "" } }</span></td>
                <td class="num"><strong>{ score(e.score) }</strong></td>
                <td class="parts">{ for parts }</td>
                <td>{ outcome }</td>
                <td>{ swap }</td>
            </tr>
        }
    });
    let ratio = r.signups as f64 / r.slots.max(1) as f64;
    html! {
        <details class="card" open=true>
            <summary>{ l.t("报名与选拔", "Sign-ups and selection") }
                <span class="muted" data-testid="ratio">{ format!(" · {} / {} · {:.1} : 1", l.number(r.signups), l.number(r.slots), ratio) }</span>
                if r.selection_confirmed {
                    <span class="muted">{ " · " }{ l.t("已入选 ", "selected ") }{ l.number(r.selected) }</span>
                }
            </summary>
            if may_select && !r.selection_confirmed {
                <div class="toolbar">
                    <button disabled={pick.busy} onclick={send(Pick::Confirm)}>
                        { l.t("确认前 ", "Confirm the top ") }{ l.number(r.slots.min(r.signups)) }{ l.t(" 名入选", "") }
                    </button>
                    <span class="muted">{ l.t("其余报名者按排名进入候补，有人撤回时依次递补。", "Everyone else queues on the waitlist in ranking order and moves up when someone withdraws.") }</span>
                </div>
            }
            if may_select && r.selection_confirmed {
                <p class="muted">{ l.t("名额已满时，先调出再调入。", "When every place is taken, take someone out before putting someone in.") }</p>
            }
            { failure_line(&pick.error) }
            <table>
                <thead><tr>
                    <th class="num">{ "#" }</th>
                    <th>{ l.t("成员", "Member") }</th>
                    <th class="num">{ l.t("得分", "Score") }</th>
                    <th>{ l.t("得分构成", "Score parts") }</th>
                    <th>{ l.t("结果", "Outcome") }</th>
                    <th></th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </details>
    }
}
