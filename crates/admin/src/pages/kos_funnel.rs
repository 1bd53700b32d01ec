//! The KOS lead funnel (issue 17): how many leads reached each stage,
//! the conversion from one stage to the next and the median time spent in
//! each, grouped by store, region, staff member, platform or template,
//! optionally within one region. The total is drawn as bars (SVG, no
//! script) with the table beside it.

use super::kos_leads::stage_name;
use crate::api;
use crate::app::use_ctx;
use ::api::{FunnelLine, FunnelView};
use rules::kos_leads::permille_text;
use rules::words::LeadStage;
use ui::{use_load, view_load};
use yew::prelude::*;

/// Seconds as the table shows them: hours under two days, else days.
pub fn duration(l: ui::Lang, secs: Option<i64>) -> String {
    match secs {
        None => "—".into(),
        Some(s) if s < 2 * 86_400 => format!("{}{}", (s + 1_800) / 3_600, l.t(" 小时", " h")),
        Some(s) => format!("{}{}", (s + 43_200) / 86_400, l.t(" 天", " d")),
    }
}

#[component]
pub fn KosFunnel() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let by = use_state(|| "store".to_string());
    let client = ctx.client();
    let funnel = use_load((*by).clone(), move |b: String| async move {
        api::kos_funnel(client, &b, "").await
    });
    let views = [
        ("store", l.t("按门店", "By store")),
        ("region", l.t("按区域", "By region")),
        ("staff", l.t("按导购", "By staff")),
        ("platform", l.t("按平台", "By platform")),
        ("template", l.t("按模板", "By template")),
    ];
    html! {
        <>
            <h1>{ l.t("线索漏斗", "Lead funnel") }</h1>
            <div class="toolbar">{ super::tabs(&by, &views) }</div>
            { view_load(&funnel, l, |f| html! { <FunnelTable f={f.clone()} /> }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct FunnelProps {
    pub f: FunnelView,
}

/// The total as bars, then one line per group.
#[component]
pub fn FunnelTable(props: &FunnelProps) -> Html {
    let l = use_ctx().lang;
    let f = &props.f;
    let top = f.total.reached.first().copied().unwrap_or(0).max(1);
    let bars = LeadStage::ALL.iter().enumerate().map(|(i, s)| {
        let n = f.total.reached.get(i).copied().unwrap_or(0);
        let w = 10 + n * 290 / top;
        let y = i as i64 * 28;
        html! {
            <g>
                <rect x="130" y={y.to_string()} width={w.to_string()} height="22" rx="3" class="funnel-bar" />
                <text x="124" y={(y + 16).to_string()} text-anchor="end">{ stage_name(l, *s) }</text>
                <text x={(136 + w).to_string()} y={(y + 16).to_string()}>{ l.number(n) }</text>
            </g>
        }
    });
    html! {
        <>
            <svg class="funnel-chart" viewBox="0 0 520 170" role="img" aria-label={l.t("漏斗总览", "Funnel overview")}>
                { for bars }
            </svg>
            <table data-testid="kos-funnel">
                <thead><tr>
                    <th></th>
                    { for LeadStage::ALL.iter().map(|s| html! { <th class="num">{ stage_name(l, *s) }</th> }) }
                </tr></thead>
                <tbody>
                    { for f.lines.iter().map(|line| line_row(l, line, false)) }
                    { line_row(l, &f.total, true) }
                </tbody>
            </table>
            <p class="muted">{ l.t(
                "每格：到达该阶段的线索数、由上一阶段转化的比例、在上一阶段停留的中位时间。跳过的阶段计为已经过。",
                "Each cell: leads that reached the stage, the conversion from the stage before, the median time spent in the stage before. A skipped stage counts as passed.",
            ) }</p>
        </>
    }
}

fn line_row(l: ui::Lang, line: &FunnelLine, total: bool) -> Html {
    let cells = (0..6usize).map(|i| {
        let conv = i
            .checked_sub(1)
            .and_then(|p| line.conversion_permille.get(p).copied().flatten());
        let stay = i
            .checked_sub(1)
            .and_then(|p| line.median_secs.get(p).copied().flatten());
        html! {
            <td class="num">
                <strong>{ l.number(line.reached.get(i).copied().unwrap_or(0)) }</strong>
                if let Some(c) = conv { <br /><span class="muted">{ permille_text(c) }</span> }
                if i > 0 && stay.is_some() { <br /><span class="muted">{ duration(l, stay) }</span> }
            </td>
        }
    });
    let label = if total {
        l.t("合计", "Total").to_string()
    } else if line.label.is_empty() {
        l.t("（无）", "(none)").to_string()
    } else {
        line.label.clone()
    };
    html! {
        <tr class={if total { "total" } else { "" }}>
            <th scope="row">{ label }</th>
            { for cells }
        </tr>
    }
}
