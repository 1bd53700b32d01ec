//! My goals (issue 17): this month's goals of the staff member and their
//! store (a manager: their store's or region's), each with what was done
//! so far and a progress bar; counted on the server from the notes, leads
//! and purchases of the month.

use super::shell::use_staff;
use crate::api_staff_backoffice as api;
use crate::router::{Link, Route};
use rules::words::KosMetric;
use rules::words::KosSubject;
use ui::{Lang, use_load, view_load};
use yew::prelude::*;

pub fn metric_text(l: Lang, m: KosMetric) -> &'static str {
    match m {
        KosMetric::Notes => l.t("笔记", "Notes"),
        KosMetric::Leads => l.t("线索", "Leads"),
        KosMetric::Conversions => l.t("成交", "Conversions"),
        KosMetric::SalesFen => l.t("销售额", "Sales"),
    }
}

fn figure(l: Lang, m: KosMetric, v: i64) -> String {
    match m {
        KosMetric::SalesFen => l.money(v),
        _ => l.number(v),
    }
}

#[component]
pub fn StaffGoals() -> Html {
    let ctx = use_staff();
    let l = ctx.lang;
    let c = ctx.client();
    let goals = use_load((), move |()| api::my_goals(c));
    let brand = ctx.brand.clone();
    html! {
        <>
            <h1>{ l.t("本月目标", "This month's goals") }</h1>
            <nav class="chips" aria-label={l.t("培训与竞赛", "Training and competitions")}>
                <Link to={Route::StaffCourses { brand: brand.clone() }}>{ l.t("我的课程", "My courses") }</Link>
                <Link to={Route::StaffCompetitions { brand }}>{ l.t("门店竞赛", "Competitions") }</Link>
            </nav>
            { view_load(&goals, l, |rows| if rows.is_empty() {
                html! { <p class="muted card">{ l.t("本月还没有设定目标。", "No goals set this month.") }</p> }
            } else { html! {
                <ul class="plain" data-testid="my-goals">
                    { for rows.iter().map(|g| html! {
                        <li class="card">
                            <p class="eyebrow">
                                { match g.subject {
                                    KosSubject::Staff => l.t("个人", "Mine"),
                                    KosSubject::Store => l.t("门店", "Store"),
                                } }
                                { " · " }{ g.subject_name.clone() }
                            </p>
                            <h2>{ metric_text(l, g.metric) }</h2>
                            <p class="big" data-testid="goal-progress">
                                { figure(l, g.metric, g.actual) }{ " / " }{ figure(l, g.metric, g.target) }
                            </p>
                            <progress max="100" value={g.percent.min(100).to_string()}
                                aria-label={format!("{}%", g.percent)} />
                            <p class="muted">{ format!("{}%", g.percent) }</p>
                        </li>
                    }) }
                </ul>
            } }) }
        </>
    }
}
