//! Competitions (issue 17): the ones the staff member or their store is
//! in, and a competition's leaderboard (places share ties; the prize each
//! place earns, in points or yuan).

use super::goals::metric_text;
use super::shell::use_staff;
use crate::api_staff_backoffice as api;
use rules::words::{CompetitionPhase, KosMetric, RewardUnit};
use ui::{Lang, use_load, view_load};
use yew::prelude::*;

fn phase_text(l: Lang, p: CompetitionPhase) -> &'static str {
    match p {
        CompetitionPhase::Upcoming => l.t("未开始", "Upcoming"),
        CompetitionPhase::Running => l.t("进行中", "Running"),
        CompetitionPhase::Finished => l.t("已结束", "Finished"),
        CompetitionPhase::Paid => l.t("已发奖", "Prizes paid"),
    }
}

#[component]
pub fn StaffCompetitions() -> Html {
    let ctx = use_staff();
    let l = ctx.lang;
    let c = ctx.client();
    let list = use_load((), move |()| api::my_competitions(c));
    let open = use_state(|| None::<String>);
    html! {
        <>
            <h1>{ l.t("门店竞赛", "Competitions") }</h1>
            { view_load(&list, l, |rows| if rows.is_empty() {
                html! { <p class="muted card">{ l.t("你或你的门店暂未参加竞赛。", "You and your store are in no competition.") }</p> }
            } else { html! {
                <ul class="plain" data-testid="my-competitions">
                    { for rows.iter().map(|c| {
                        let (open, id) = (open.clone(), c.id.clone());
                        html! {
                            <li class="card">
                                <button class="link" onclick={move |_| open.set(Some(id.clone()))}>{ c.title.clone() }</button>
                                <p class="muted">{ format!("{} · {} – {} · {}", metric_text(l, c.metric), c.starts_on, c.ends_on, phase_text(l, c.phase)) }</p>
                            </li>
                        }
                    }) }
                </ul>
            } }) }
            if let Some(id) = (*open).clone() {
                <Board key={id.as_str()} id={id.clone()} />
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct BoardProps {
    id: String,
}

#[component]
fn Board(props: &BoardProps) -> Html {
    let ctx = use_staff();
    let l = ctx.lang;
    let c = ctx.client();
    let board = use_load(props.id.clone(), move |id: String| async move {
        api::my_leaderboard(c, &id).await
    });
    view_load(&board, l, |b| {
        let metric = b.competition.metric;
        let unit = b.competition.prize_unit;
        html! {
            <section class="card">
                <h2>{ b.competition.title.clone() }</h2>
                <ol class="plain leaderboard" data-testid="leaderboard">
                    { for b.standings.iter().take(50).map(|s| html! {
                        <li>
                            <strong>{ format!("#{} ", s.place) }</strong>{ s.name.clone() }
                            { " · " }{ match metric { KosMetric::SalesFen => l.money(s.value), _ => l.number(s.value) } }
                            if s.prize > 0 {
                                { " · 🏆 " }{ match unit { RewardUnit::Fen => l.money(s.prize), RewardUnit::Points => format!("{} {}", l.number(s.prize), l.t("积分", "points")) } }
                            }
                        </li>
                    }) }
                </ol>
            </section>
        }
    })
}
