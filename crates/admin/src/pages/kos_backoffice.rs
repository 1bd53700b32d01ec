//! KOS training, goals and incentives (issue 17): this month's goals
//! with their progress (set one: a staff member or store, a metric, a
//! target), the courses with who took and passed them (add one: the quiz
//! written one question a line, `question | choice | *right choice | …`),
//! and the competitions with their leaderboard and the payment of a
//! finished one's prizes through the ledger.

use super::bind;
use crate::api;
use crate::app::use_ctx;
use crate::components::{choice, failure_line, set};
use ::api::{CourseForm, GoalForm, QuizQuestionForm};
use rules::Perm;
use rules::words::{CompetitionPhase, CourseStatus, KosMetric, KosSubject, RewardUnit};
use ui::{Lang, use_action, use_load, view_load};
use yew::prelude::*;

pub fn metric_name(l: Lang, m: KosMetric) -> &'static str {
    match m {
        KosMetric::Notes => l.t("笔记", "Notes"),
        KosMetric::Leads => l.t("线索", "Leads"),
        KosMetric::Conversions => l.t("成交", "Conversions"),
        KosMetric::SalesFen => l.t("销售额", "Sales"),
    }
}

fn amount(l: Lang, metric: KosMetric, v: i64) -> String {
    match metric {
        KosMetric::SalesFen => l.money(v),
        _ => l.number(v),
    }
}

/// The quiz as typed: one question a line, choices after `|`, the right
/// one marked with `*`.
pub fn parse_quiz(text: &str) -> Vec<QuizQuestionForm> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut parts = line.split('|').map(str::trim);
            let prompt = parts.next().unwrap_or_default().to_string();
            let mut answer = 0u8;
            let choices = parts
                .enumerate()
                .map(|(i, c)| match c.strip_prefix('*') {
                    Some(right) => {
                        answer = i as u8;
                        right.trim().to_string()
                    }
                    None => c.to_string(),
                })
                .collect();
            QuizQuestionForm {
                prompt,
                choices,
                answer,
            }
        })
        .collect()
}

#[component]
pub fn KosBackoffice() -> Html {
    let l = use_ctx().lang;
    html! {
        <>
            <h1>{ l.t("培训、目标与激励", "Training, goals & incentives") }</h1>
            <Goals />
            <Courses />
            <Competitions />
        </>
    }
}

#[component]
fn Goals() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let goals = use_load((), move |()| api::kos_goals(client, ""));
    let subject = use_state(|| "store".to_string());
    let subject_id = use_state(String::new);
    let metric = use_state(|| "notes".to_string());
    let target = use_state(String::new);
    let month = use_state(|| crate::components::today()[..7].to_string());
    let save = use_action(
        move |body: GoalForm| async move { api::set_kos_goal(client, body).await },
        goals.reload.reform(|_| ()),
    );
    let onsubmit = {
        let (subject, subject_id, metric, target, month, run) = (
            subject.clone(),
            subject_id.clone(),
            metric.clone(),
            target.clone(),
            month.clone(),
            save.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Ok(subject), Ok(metric)) =
                (subject.parse::<KosSubject>(), metric.parse::<KosMetric>())
            else {
                return;
            };
            let target = target.trim().parse::<i64>().unwrap_or(-1);
            run.emit(GoalForm {
                subject,
                subject_id: (*subject_id).clone(),
                month: (*month).clone(),
                metric,
                target,
            });
        })
    };
    let subjects = [
        ("store", l.t("门店", "Store")),
        ("staff", l.t("员工", "Staff member")),
    ];
    let metrics = [
        ("notes", l.t("笔记", "Notes")),
        ("leads", l.t("线索", "Leads")),
        ("conversions", l.t("成交", "Conversions")),
        ("sales_fen", l.t("销售额（分）", "Sales (fen)")),
    ];
    html! {
        <section class="card">
            <h2>{ l.t("本月目标", "This month's goals") }</h2>
            if ctx.can(Perm::Operate) {
                <form class="inline" {onsubmit} data-testid="goal-form">
                    <label>{ l.t("月份", "Month") }<input value={(*month).clone()} oninput={bind(&month)} /></label>
                    { choice("subject", &subject, &subjects, set(&subject)) }
                    <label>{ l.t("编号", "Id") }<input name="subject_id" value={(*subject_id).clone()} oninput={bind(&subject_id)} /></label>
                    { choice("metric", &metric, &metrics, set(&metric)) }
                    <label>{ l.t("目标", "Target") }<input name="target" inputmode="numeric" value={(*target).clone()} oninput={bind(&target)} /></label>
                    <button disabled={save.busy}>{ l.t("设定目标", "Set goal") }</button>
                </form>
                { failure_line(&save.error) }
            }
            { view_load(&goals, l, |rows| if rows.is_empty() {
                html! { <p class="muted">{ l.t("本月还没有目标。", "No goals this month yet.") }</p> }
            } else { html! {
                <table data-testid="goals">
                    <thead><tr>
                        <th>{ l.t("对象", "For") }</th><th>{ l.t("指标", "Metric") }</th>
                        <th class="num">{ l.t("目标", "Target") }</th><th class="num">{ l.t("完成", "Done") }</th>
                        <th>{ l.t("进度", "Progress") }</th>
                    </tr></thead>
                    <tbody>{ for rows.iter().map(|g| html! {
                        <tr>
                            <td>{ &g.subject_name }</td>
                            <td>{ metric_name(l, g.metric) }</td>
                            <td class="num">{ amount(l, g.metric, g.target) }</td>
                            <td class="num">{ amount(l, g.metric, g.actual) }</td>
                            <td><progress max="100" value={g.percent.min(100).to_string()} />{ format!(" {}%", g.percent) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            } }) }
        </section>
    }
}

#[component]
fn Courses() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let courses = use_load((), move |()| api::kos_courses(client));
    let title = use_state(String::new);
    let body = use_state(String::new);
    let video = use_state(String::new);
    let quiz = use_state(String::new);
    let role = use_state(|| "shopping_assistant".to_string());
    let save = use_action(
        move |form: CourseForm| async move { api::create_kos_course(client, form).await },
        courses.reload.reform(|_| ()),
    );
    let onsubmit = {
        let (title, body, video, quiz, role, run) = (
            title.clone(),
            body.clone(),
            video.clone(),
            quiz.clone(),
            role.clone(),
            save.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(CourseForm {
                title: (*title).clone(),
                body: (*body).clone(),
                video_url: (*video).clone(),
                questions: parse_quiz(&quiz),
                pass_percent: 60,
                status: CourseStatus::Published,
                kos_roles: vec![(*role).clone()],
                store_ids: Vec::new(),
            });
        })
    };
    let roles = [
        ("shopping_assistant", l.t("导购助手", "Shopping assistant")),
        ("topic_expert", l.t("话题专家", "Topic expert")),
        ("personal_partner", l.t("私域伙伴", "Personal partner")),
    ];
    html! {
        <section class="card">
            <h2>{ l.t("培训课程", "Courses") }</h2>
            { view_load(&courses, l, |rows| html! {
                <table data-testid="courses">
                    <thead><tr>
                        <th>{ l.t("课程", "Course") }</th><th>{ l.t("状态", "Status") }</th>
                        <th class="num">{ l.t("参加", "Took it") }</th><th class="num">{ l.t("通过", "Passed") }</th>
                    </tr></thead>
                    <tbody>{ for rows.iter().map(|c| html! {
                        <tr>
                            <td>{ &c.title }</td>
                            <td>{ match c.status {
                                CourseStatus::Draft => l.t("草稿", "Draft"),
                                CourseStatus::Published => l.t("已发布", "Published"),
                                CourseStatus::Archived => l.t("已归档", "Archived"),
                            } }</td>
                            <td class="num">{ l.number(c.attempted) }</td><td class="num">{ l.number(c.passed) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            }) }
            if ctx.can(Perm::Operate) {
                <form {onsubmit} data-testid="course-form">
                    <label>{ l.t("课程名称", "Title") }<input name="title" value={(*title).clone()} oninput={bind(&title)} /></label>
                    <label>{ l.t("内容", "Text") }<textarea name="body" value={(*body).clone()} oninput={bind(&body)} /></label>
                    <label>{ l.t("视频链接（https）", "Video link (https)") }<input name="video" value={(*video).clone()} oninput={bind(&video)} /></label>
                    <label>{ l.t("测验：每行一题，用 | 分隔选项，正确选项前加 *", "Quiz: a question a line, choices after |, the right one marked *") }
                        <textarea name="quiz" value={(*quiz).clone()} oninput={bind(&quiz)} /></label>
                    { choice("role", &role, &roles, set(&role)) }
                    <button disabled={save.busy}>{ l.t("发布课程", "Publish course") }</button>
                    { failure_line(&save.error) }
                </form>
            }
        </section>
    }
}

#[component]
fn Competitions() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let list = use_load((), move |()| api::kos_competitions(client));
    let open = use_state(|| None::<String>);
    html! {
        <section class="card">
            <h2>{ l.t("门店竞赛", "Competitions") }</h2>
            { view_load(&list, l, |rows| html! {
                <ul class="plain" data-testid="competitions">
                    { for rows.iter().map(|c| {
                        let (id, open2) = (c.id.clone(), open.clone());
                        let phase = match c.phase {
                            CompetitionPhase::Upcoming => l.t("未开始", "Upcoming"),
                            CompetitionPhase::Running => l.t("进行中", "Running"),
                            CompetitionPhase::Finished => l.t("已结束", "Finished"),
                            CompetitionPhase::Paid => l.t("已发奖", "Prizes paid"),
                        };
                        html! {
                            <li>
                                <button class="link" onclick={move |_| open2.set(Some(id.clone()))}>{ &c.title }</button>
                                { format!(" · {} · {} – {} · {}", metric_name(l, c.metric), c.starts_on, c.ends_on, phase) }
                            </li>
                        }
                    }) }
                </ul>
            }) }
            if let Some(id) = (*open).clone() {
                <Board key={id.as_str()} id={id.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct BoardProps {
    id: String,
}

#[component]
fn Board(props: &BoardProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let board = use_load(props.id.clone(), move |id: String| async move {
        api::kos_leaderboard(client, &id).await
    });
    let pay = {
        let id = props.id.clone();
        use_action(
            move |()| {
                let id = id.clone();
                async move { api::pay_kos_competition(client, &id).await }
            },
            board.reload.reform(|_| ()),
        )
    };
    html! {
        { view_load(&board, l, |b| {
            let unit = b.competition.prize_unit;
            let prize = |v: i64| match unit {
                RewardUnit::Fen => l.money(v),
                RewardUnit::Points => format!("{} {}", l.number(v), l.t("积分", "points")),
            };
            html! {
                <>
                    <table data-testid="leaderboard">
                        <thead><tr>
                            <th class="num">{ l.t("名次", "Place") }</th><th>{ l.t("参赛", "Entrant") }</th>
                            <th class="num">{ metric_name(l, b.competition.metric) }</th><th class="num">{ l.t("奖励", "Prize") }</th>
                        </tr></thead>
                        <tbody>{ for b.standings.iter().take(50).map(|s| html! {
                            <tr>
                                <td class="num">{ s.place }</td><td>{ &s.name }</td>
                                <td class="num">{ amount(l, b.competition.metric, s.value) }</td>
                                <td class="num">{ if s.prize > 0 { prize(s.prize) } else { String::new() } }</td>
                            </tr>
                        }) }</tbody>
                    </table>
                    if b.competition.phase == CompetitionPhase::Finished && ctx.can(Perm::Manage) {
                        <button onclick={pay.run.reform(|_| ())} disabled={pay.busy}>{ l.t("按排名发放奖励", "Pay the prizes") }</button>
                    }
                    { failure_line(&pay.error) }
                </>
            }
        }) }
    }
}
