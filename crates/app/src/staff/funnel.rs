//! The store's lead funnel for its manager (a regional manager: the
//! region's), by staff member (issue 17: leads): how many leads reached
//! each stage, the conversion from the stage before, the median time spent
//! in it. Phone-sized: one card per staff member.

use super::leads::stage_name;
use super::shell::use_staff;
use crate::api_staff_leads as api;
use ::api::FunnelLine;
use rules::kos_leads::permille_text;
use rules::words::LeadStage;
use ui::{Lang, use_load, view_load};
use yew::prelude::*;

fn duration(l: Lang, secs: Option<i64>) -> String {
    match secs {
        None => String::new(),
        Some(s) if s < 2 * 86_400 => format!("{}{}", (s + 1_800) / 3_600, l.t("小时", "h")),
        Some(s) => format!("{}{}", (s + 43_200) / 86_400, l.t("天", "d")),
    }
}

#[component]
pub fn StaffFunnel() -> Html {
    let ctx = use_staff();
    let l = ctx.lang;
    let c = ctx.client();
    let funnel = use_load((), move |_| api::funnel(c, "staff"));
    html! {
        <>
            <h1>{ l.t("线索漏斗", "Lead funnel") }</h1>
            { view_load(&funnel, l, |f| html! {
                <div data-testid="store-funnel">
                    { line(l, &f.total, l.t("全店合计", "Whole store")) }
                    { for f.lines.iter().map(|x| line(l, x, &x.label)) }
                </div>
            }) }
        </>
    }
}

fn line(l: Lang, x: &FunnelLine, title: &str) -> Html {
    let top = x.reached.first().copied().unwrap_or(0).max(1);
    html! {
        <section class="card funnel" data-staff={title.to_string()}>
            <h2>{ title.to_string() }</h2>
            <table>
                <tbody>
                    { for LeadStage::ALL.iter().enumerate().map(|(i, s)| {
                        let n = x.reached.get(i).copied().unwrap_or(0);
                        let conv = i.checked_sub(1).and_then(|p| x.conversion_permille.get(p).copied().flatten());
                        let stay = i.checked_sub(1).and_then(|p| x.median_secs.get(p).copied().flatten());
                        html! {
                            <tr>
                                <th scope="row">{ stage_name(l, *s) }</th>
                                <td class="bar-cell"><svg viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true"><rect class="funnel-bar" height="8" width={(4 + n * 96 / top).to_string()} /></svg></td>
                                <td class="num"><strong>{ l.number(n) }</strong></td>
                                <td class="num muted">{ conv.map(permille_text).unwrap_or_default() }</td>
                                <td class="num muted">{ duration(l, stay) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}
