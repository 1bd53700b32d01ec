//! Tasks: create one for a campaign's selected members or every KOC, see
//! each task's progress, review what was handed in (approval credits the
//! reward), and chase what is overdue.

use super::{bind, error_line};
use crate::app::use_ctx;
use api::{AssignmentView, TaskForm, TaskReview, TaskView, ThemeView};
use yew::platform::spawn_local;
use yew::prelude::*;

const KINDS: [&str; 5] = [
    "share_moments",
    "feedback",
    "contest",
    "training",
    "publish_note",
];

#[component]
pub fn Tasks() -> Html {
    let ctx = use_ctx();
    let tasks = use_state(Vec::<TaskView>::new);
    let view = use_state(|| "submitted".to_string());
    let rows = use_state(Vec::<AssignmentView>::new);
    let reload = use_state(|| 0u32);
    let l = ctx.lang;
    {
        let (tasks, rows, client, v) = (tasks.clone(), rows.clone(), ctx.client(), (*view).clone());
        use_effect_with(((*view).clone(), *reload), move |_| {
            spawn_local(async move {
                if let Ok(t) = client.get::<Vec<TaskView>>("/api/v1/admin/tasks").await {
                    tasks.set(t);
                }
                let q = if v == "overdue" {
                    "overdue=true".to_string()
                } else {
                    format!("status={v}")
                };
                if let Ok(r) = client
                    .get::<Vec<AssignmentView>>(&format!("/api/v1/admin/assignments?{q}&limit=200"))
                    .await
                {
                    rows.set(r);
                }
            });
        });
    }
    let on_done = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    let tabs = [
        ("submitted", l.t("待审核", "To review")),
        ("overdue", l.t("已逾期", "Overdue")),
        ("rewarded", l.t("已奖励", "Rewarded")),
        ("rejected", l.t("未通过", "Rejected")),
    ]
    .map(|(v, label)| {
        let st = view.clone();
        let class = if *view == v {
            "secondary active"
        } else {
            "secondary"
        };
        html! { <button class={class} onclick={move |_| st.set(v.to_string())}>{ label }</button> }
    });
    html! {
        <>
            <h1>{ l.t("任务", "Tasks") }</h1>
            if ctx.can_operate() { <NewTask on_done={on_done.clone()} /> }
            if !tasks.is_empty() {
                <table data-testid="tasks">
                    <thead><tr>
                        <th>{ l.t("任务", "Task") }</th>
                        <th>{ l.t("截止", "Due") }</th>
                        <th class="num">{ l.t("奖励", "Reward") }</th>
                        <th class="num">{ l.t("已分配", "Assigned") }</th>
                        <th class="num">{ l.t("待审核", "To review") }</th>
                        <th class="num">{ l.t("已完成", "Done") }</th>
                    </tr></thead>
                    <tbody>{ for tasks.iter().map(|t| html! {
                        <tr data-task={t.title.clone()}>
                            <td><strong>{ &t.title }</strong><br /><span class="muted">{ l.task_kind(&t.kind) }</span></td>
                            <td>{ l.day(&t.due_on) }</td>
                            <td class="num">{ l.number(t.reward_points) }</td>
                            <td class="num">{ l.number(t.assigned) }</td>
                            <td class="num">{ l.number(t.submitted) }</td>
                            <td class="num">{ l.number(t.done) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            }
            <div class="toolbar">{ for tabs }</div>
            if rows.is_empty() {
                <p class="muted">{ l.t("这里没有任务。", "Nothing here.") }</p>
            } else {
                <table data-testid="assignments">
                    <thead><tr>
                        <th>{ l.t("成员", "Member") }</th>
                        <th>{ l.t("任务", "Task") }</th>
                        <th>{ l.t("提交内容", "Handed in") }</th>
                        <th>{ l.t("处理", "Decision") }</th>
                    </tr></thead>
                    <tbody>{ for rows.iter().map(|a| html! { <AssignmentRow a={a.clone()} on_done={on_done.clone()} /> }) }</tbody>
                </table>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    a: AssignmentView,
    on_done: Callback<()>,
}

#[component]
fn AssignmentRow(props: &RowProps) -> Html {
    let ctx = use_ctx();
    let reason = use_state(String::new);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let a = &props.a;
    let decide = |approve: bool| {
        let (client, reason, error, on_done) = (
            ctx.client(),
            reason.clone(),
            error.clone(),
            props.on_done.clone(),
        );
        let (path, member) = (
            format!("/api/v1/admin/tasks/{}/review", a.task_id),
            a.member_id.clone(),
        );
        Callback::from(move |_| {
            let body = TaskReview {
                member_id: member.clone(),
                approve,
                reason: (!approve).then(|| (*reason).clone()),
            };
            let (path, error, on_done) = (path.clone(), error.clone(), on_done.clone());
            spawn_local(async move {
                match client.post::<_, AssignmentView>(&path, &body).await {
                    Ok(_) => on_done.emit(()),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let answer = a.answer.as_ref().map(|x| html! {
        <>
            if !x.text.is_empty() { <p>{ &x.text }</p> }
            if let Some(link) = &x.link { <p><a href={link.clone()} target="_blank" rel="noopener noreferrer">{ link }</a></p> }
            { for a.questions.iter().zip(x.answers.iter()).map(|(q, ans)| html! { <p><span class="muted">{ q }{ " " }</span>{ ans }</p> }) }
            if let Some(id) = &x.evidence_id {
                <a href={format!("/api/v1/admin/uploads/{id}")} target="_blank"><img class="shot" src={format!("/api/v1/admin/uploads/{id}")} alt={l.t("截图", "Screenshot")} loading="lazy" /></a>
            }
        </>
    });
    html! {
        <tr data-member={a.member_name.clone()}>
            <td>{ &a.member_name }</td>
            <td><strong>{ &a.title }</strong><br /><span class="muted">{ l.task_kind(&a.kind) }{ " · " }{ l.t("截止 ", "due ") }{ l.day(&a.due_on) }</span>
                if a.overdue { <br /><span class="pill rejected">{ l.t("已逾期", "Overdue") }</span> }</td>
            <td>{ answer.unwrap_or_default() }</td>
            <td>
                if a.status == "submitted" && ctx.can_review() {
                    <div class="actions">
                        <button onclick={decide(true)}>{ l.t("通过并奖励", "Approve and reward") }{ format!(" +{}", a.reward_points) }</button>
                        <input name="reason" placeholder={l.t("未通过原因", "Reason")} value={(*reason).clone()} oninput={bind(&reason)} />
                        <button class="danger" onclick={decide(false)}>{ l.t("不通过", "Reject") }</button>
                    </div>
                } else {
                    <span class={classes!("pill", a.status.as_str())}>{ status_name(l, a.status.as_str()) }</span>
                    if let Some(r) = &a.reason { <br /><span class="muted">{ r }</span> }
                }
                { error_line(&error) }
            </td>
        </tr>
    }
}

pub fn status_name(l: ui::Lang, s: &str) -> &'static str {
    match s {
        "assigned" => l.t("待完成", "To do"),
        "submitted" => l.t("已提交", "Handed in"),
        "rewarded" => l.t("已奖励", "Rewarded"),
        other => l.status(other),
    }
}

#[derive(Properties, PartialEq)]
struct NewProps {
    on_done: Callback<()>,
}

#[component]
fn NewTask(props: &NewProps) -> Html {
    let ctx = use_ctx();
    let kind = use_state(|| "share_moments".to_string());
    let title = use_state(String::new);
    let instructions = use_state(String::new);
    let questions = use_state(String::new);
    let due = use_state(String::new);
    let reward = use_state(String::new);
    let campaign = use_state(String::new);
    let campaigns = use_state(Vec::<(String, String)>::new);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    {
        let (campaigns, client) = (campaigns.clone(), ctx.client());
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(v) = client.get::<Vec<ThemeView>>("/api/v1/admin/themes").await {
                    campaigns.set(
                        v.into_iter()
                            .flat_map(|t| {
                                let month = t.month;
                                t.campaigns
                                    .into_iter()
                                    .filter(|c| c.status == "published")
                                    .map(move |c| (c.id, format!("{month} · {}", c.title)))
                            })
                            .collect(),
                    );
                }
            });
        });
    }
    let pick_campaign = {
        let campaign = campaign.clone();
        Callback::from(move |e: Event| campaign.set(ui::form::value_of(&e)))
    };
    let submit = {
        let (client, kind, title, instructions, questions, due, reward, campaign, error, on_done) = (
            ctx.client(),
            kind.clone(),
            title.clone(),
            instructions.clone(),
            questions.clone(),
            due.clone(),
            reward.clone(),
            campaign.clone(),
            error.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let reward_points = match reward.trim() {
                "" => None,
                r => match r.replace([',', '，'], "").parse() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        error.set(Some(
                            l.t("奖励须为整数。", "The reward must be a whole number.")
                                .into(),
                        ));
                        return;
                    }
                },
            };
            let form = TaskForm {
                kind: (*kind).clone(),
                title: (*title).clone(),
                instructions: (*instructions).clone(),
                questions: questions
                    .lines()
                    .map(str::trim)
                    .filter(|q| !q.is_empty())
                    .map(str::to_string)
                    .collect(),
                due_on: (*due).clone(),
                reward_points,
                campaign_id: Some((*campaign).clone()).filter(|c| !c.trim().is_empty()),
            };
            let (error, on_done, title) = (error.clone(), on_done.clone(), title.clone());
            spawn_local(async move {
                match client
                    .post::<_, TaskView>("/api/v1/admin/tasks", &form)
                    .await
                {
                    Ok(_) => {
                        error.set(None);
                        title.set(String::new());
                        on_done.emit(());
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    html! {
        <details class="card">
            <summary>{ l.t("新建任务", "New task") }</summary>
            <form onsubmit={submit} class="grid2">
                <label>{ l.t("类型", "Kind") }{ super::themes::choice("kind", &kind, &KINDS.map(|k| (k, l.task_kind(k)))) }</label>
                <label>{ l.t("名称", "Title") }<input name="title" required=true maxlength="80" value={(*title).clone()} oninput={bind(&title)} /></label>
                <label>{ l.t("说明", "Instructions") }<textarea name="instructions" rows="2" value={(*instructions).clone()} oninput={bind(&instructions)} /></label>
                if *kind == "feedback" {
                    <label>{ l.t("问题（每行一个）", "Questions (one a line)") }<textarea name="questions" rows="3" value={(*questions).clone()} oninput={bind(&questions)} /></label>
                }
                <label>{ l.t("截止日期", "Due on") }<input name="due_on" type="date" required=true value={(*due).clone()} oninput={bind(&due)} /></label>
                <label>{ l.t("奖励积分（空 = 按规则）", "Reward points (empty: the rule set's)") }<input name="reward_points" inputmode="numeric" value={(*reward).clone()} oninput={bind(&reward)} /></label>
                <label>{ l.t("分配给", "Assign to") }
                    <select name="campaign_id" onchange={pick_campaign}>
                        <option value="" selected={campaign.is_empty()}>{ l.t("全部已通过的 KOC", "Every approved KOC") }</option>
                        { for campaigns.iter().map(|(id, name)| html! { <option value={id.clone()} selected={*campaign == *id}>{ l.t("活动入选成员：", "Selected members of ") }{ name }</option> }) }
                    </select>
                </label>
                <div>{ error_line(&error) }<button type="submit">{ l.t("创建并分配", "Create and assign") }</button></div>
            </form>
        </details>
    }
}
