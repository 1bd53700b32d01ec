//! Settlement before and after the commit: each member's notes and
//! points under the campaign's frozen rule set; the commit credits exactly
//! these figures.

use crate::api;
use crate::app::use_ctx;
use rules::Perm;
use ui::{Load, use_load};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SettlementPanelProps {
    pub id: String,
    /// The page's write count: the statements reload when it changes.
    pub version: u32,
    /// Submissions of the campaign still waiting for review.
    pub pending: usize,
    pub on_settle: Callback<MouseEvent>,
}

#[component]
pub fn SettlementPanel(props: &SettlementPanelProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let view = use_load(
        (props.id.clone(), props.version),
        move |(id, _)| async move { api::statements(client, &id).await },
    );
    let v = match &view.state {
        Load::Ready(v) => v.clone(),
        Load::Failed(e) => return ui::hooks::failed(e, l, view.reload.clone()),
        Load::Loading => return html! {},
    };
    let rows = v.statements.iter().map(|m| html! {
        <tr data-member={m.member_name.clone()}>
            <td>{ &m.member_name }</td>
            <td class="num">{ m.notes.len() }</td>
            <td class="parts">{ for m.notes.iter().map(|n| html! {
                <div><code>{ &n.note_id }</code>{ " · " }{ l.number(n.interactions) }{ l.t(" 互动 → ", " interactions → ") }{ l.number(n.points) }
                    <span class="muted">{ " (" }{ for n.lines.iter().map(|x| html! { <span class="part">{ l.points_line(&x.code) }{ " " }{ x.points }</span> }) }{ ")" }</span></div>
            }) }</td>
            <td class="num"><strong>{ l.number(m.total) }</strong></td>
        </tr>
    });
    html! {
        <details class="card" open={!v.settled}>
            <summary>{ if v.settled { l.t("结算单（已入账）", "Statements (credited)") } else { l.t("结算预览", "Settlement preview") } }
                <span class="muted" data-testid="preview-total">{ format!(" · v{} · {} · ", v.rule_version, l.day(&v.settlement_date)) }
                    { l.number(v.notes) }{ l.t(" 篇 · ", " notes · ") }{ l.number(v.points_total) }{ l.t(" 积分", " points") }</span>
            </summary>
            if v.settled {
                <a class="button secondary" href={crate::api::statements_export_url(&v.campaign_id)} download="">{ l.t("导出结算单 CSV", "Export statements (CSV)") }</a>
            }
            if !v.settled && ctx.can(Perm::Operate) {
                <div class="toolbar">
                    <button onclick={props.on_settle.clone()} disabled={v.pending > 0 || props.pending > 0}>{ l.t("确认结算入账", "Commit settlement") }</button>
                    if v.pending > 0 {
                        <span class="warn">{ l.t("仍有 ", "") }{ v.pending }{ l.t(" 篇笔记待审核，审核完才能结算。", " notes still wait for review; settle once they are decided.") }</span>
                    } else {
                        <span class="muted">{ l.t("按上表写入积分账本，一次完成；重复提交不会重复入账。", "Writes the ledger exactly as above, in one go; committing again credits nothing.") }</span>
                    }
                </div>
            }
            if v.statements.is_empty() {
                <p class="muted">{ l.t("还没有通过审核的笔记。", "No approved notes yet.") }</p>
            } else {
                <table data-testid="statements">
                    <thead><tr>
                        <th>{ l.t("成员", "Member") }</th>
                        <th class="num">{ l.t("笔记", "Notes") }</th>
                        <th>{ l.t("明细", "Detail") }</th>
                        <th class="num">{ l.t("积分", "Points") }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        </details>
    }
}
