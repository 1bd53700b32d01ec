//! Tasks: create one for a campaign's selected members or every KOC, see
//! each task's progress, review what was handed in (approval credits the
//! reward), and chase what is overdue.

use super::bind;
use crate::api;
use crate::app::use_ctx;
use crate::components::form::{Edit, Fields, Form, pick, text};
use crate::components::{choice, failure_line};
use ::api::{AssignmentView, TaskForm, TaskReview};
use rules::Perm;
use ui::{use_action, use_load, view_load};
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
    let l = ctx.lang;
    let client = ctx.client();
    let view = use_state(|| "submitted".to_string());
    let tasks = use_load((), move |()| api::tasks(client));
    let rows = use_load((*view).clone(), move |v| async move {
        api::assignments(client, &v).await
    });
    let on_done = {
        let (a, b) = (tasks.reload.clone(), rows.reload.clone());
        Callback::from(move |()| {
            a.emit(());
            b.emit(());
        })
    };
    let views = [
        ("submitted", l.t("待审核", "To review")),
        ("overdue", l.t("已逾期", "Overdue")),
        ("rewarded", l.t("已奖励", "Rewarded")),
        ("rejected", l.t("未通过", "Rejected")),
    ];
    html! {
        <>
            <h1>{ l.t("任务", "Tasks") }</h1>
            if ctx.can(Perm::Operate) { <NewTask on_done={on_done.clone()} /> }
            { view_load(&tasks, l, |tasks| if tasks.is_empty() { html! {} } else { html! {
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
            } }) }
            <div class="toolbar">{ super::tabs(&view, &views) }</div>
            { view_load(&rows, l, |rows| if rows.is_empty() {
                html! { <p class="muted">{ l.t("这里没有任务。", "Nothing here.") }</p> }
            } else { html! {
                <table data-testid="assignments">
                    <thead><tr>
                        <th>{ l.t("成员", "Member") }</th>
                        <th>{ l.t("任务", "Task") }</th>
                        <th>{ l.t("提交内容", "Handed in") }</th>
                        <th>{ l.t("处理", "Decision") }</th>
                    </tr></thead>
                    <tbody>{ for rows.iter().map(|a| html! { <AssignmentRow a={a.clone()} on_done={on_done.clone()} /> }) }</tbody>
                </table>
            } }) }
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
    let l = ctx.lang;
    let client = ctx.client();
    let reason = use_state(String::new);
    let a = &props.a;
    let review = {
        let task = a.task_id.clone();
        use_action(
            move |body: TaskReview| {
                let task = task.clone();
                async move { api::review_task(client, &task, body).await }
            },
            props.on_done.reform(|_| ()),
        )
    };
    let decide = |approve: bool| {
        let (reason, member) = (reason.clone(), a.member_id.clone());
        review.run.reform(move |_: MouseEvent| TaskReview {
            member_id: member.clone(),
            approve,
            reason: (!approve).then(|| (*reason).clone()),
        })
    };
    let answer = a.answer.as_ref().map(|x| html! {
        <>
            if !x.text.is_empty() { <p>{ &x.text }</p> }
            if let Some(link) = &x.link { <p><a href={link.clone()} target="_blank" rel="noopener noreferrer">{ link }</a></p> }
            { for a.questions.iter().zip(x.answers.iter()).map(|(q, ans)| html! { <p><span class="muted">{ q }{ " " }</span>{ ans }</p> }) }
            if let Some(id) = x.evidence_id.as_ref().filter(|_| ctx.can(Perm::Review)) {
                <a href={api::upload_url(id)} target="_blank"><img class="shot" src={api::upload_url(id)} alt={l.t("截图", "Screenshot")} loading="lazy" /></a>
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
                if a.status == "submitted" && ctx.can(Perm::Review) {
                    <div class="actions">
                        <button onclick={decide(true)} disabled={review.busy}>{ l.t("通过并奖励", "Approve and reward") }{ format!(" +{}", a.reward_points) }</button>
                        <input name="reason" placeholder={l.t("未通过原因", "Reason")} value={(*reason).clone()} oninput={bind(&reason)} />
                        <button class="danger" onclick={decide(false)} disabled={review.busy}>{ l.t("不通过", "Reject") }</button>
                    </div>
                } else {
                    <span class={classes!("pill", a.status.as_str())}>{ status_name(l, a.status.as_str()) }</span>
                    if let Some(r) = &a.reason { <br /><span class="muted">{ r }</span> }
                }
                { failure_line(&review.error) }
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

/// The new-task form as typed.
#[derive(Clone, PartialEq)]
struct TaskDraft {
    kind: String,
    title: String,
    instructions: String,
    questions: String,
    due_on: String,
    reward: String,
    campaign_id: String,
}

impl Default for TaskDraft {
    fn default() -> TaskDraft {
        TaskDraft {
            kind: "share_moments".into(),
            title: String::new(),
            instructions: String::new(),
            questions: String::new(),
            due_on: String::new(),
            reward: String::new(),
            campaign_id: String::new(),
        }
    }
}

impl Fields for TaskDraft {
    fn text(&mut self, name: &str, v: String) {
        let field = match name {
            "kind" => &mut self.kind,
            "title" => &mut self.title,
            "instructions" => &mut self.instructions,
            "questions" => &mut self.questions,
            "due_on" => &mut self.due_on,
            "reward_points" => &mut self.reward,
            "campaign_id" => &mut self.campaign_id,
            _ => return,
        };
        *field = v;
    }
}

impl TaskDraft {
    fn form(self, l: ui::Lang) -> Result<TaskForm, ui::ApiFailure> {
        let reward_points = match self.reward.trim() {
            "" => None,
            r => Some(r.replace([',', '，'], "").parse().map_err(|_| {
                api::invalid(l.t("奖励须为整数。", "The reward must be a whole number."))
            })?),
        };
        Ok(TaskForm {
            kind: self.kind,
            title: self.title,
            instructions: self.instructions,
            questions: self
                .questions
                .lines()
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(str::to_string)
                .collect(),
            due_on: self.due_on,
            reward_points,
            campaign_id: Some(self.campaign_id).filter(|c| !c.trim().is_empty()),
        })
    }
}

#[component]
fn NewTask(props: &NewProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let form = use_reducer(Form::<TaskDraft>::default);
    // Published campaigns, for "assign to".
    let themes = use_load((), move |()| api::themes(client));
    let campaigns: Vec<(String, String)> = themes
        .ready()
        .map(|v| {
            v.iter()
                .flat_map(|t| {
                    t.campaigns
                        .iter()
                        .filter(|c| c.status == "published")
                        .map(move |c| (c.id.clone(), format!("{} · {}", t.month, c.title)))
                })
                .collect()
        })
        .unwrap_or_default();
    let create = {
        let (on_done, dispatch) = (props.on_done.clone(), form.dispatcher());
        use_action(
            move |d: TaskDraft| async move { api::create_task(client, d.form(l)?).await },
            Callback::from(move |_| {
                dispatch.dispatch(Edit::Text("title", String::new()));
                on_done.emit(());
            }),
        )
    };
    let submit = {
        let (run, form) = (create.run.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(form.0.clone());
        })
    };
    let f = &form.0;
    html! {
        <details class="card">
            <summary>{ l.t("新建任务", "New task") }</summary>
            <form onsubmit={submit} class="grid2">
                <label>{ l.t("类型", "Kind") }{ choice("kind", &f.kind, &KINDS.map(|k| (k, l.task_kind(k))), pick(&form, "kind")) }</label>
                <label>{ l.t("名称", "Title") }<input name="title" required=true maxlength="80" value={f.title.clone()} oninput={text(&form, "title")} /></label>
                <label>{ l.t("说明", "Instructions") }<textarea name="instructions" rows="2" value={f.instructions.clone()} oninput={text(&form, "instructions")} /></label>
                if f.kind == "feedback" {
                    <label>{ l.t("问题（每行一个）", "Questions (one a line)") }<textarea name="questions" rows="3" value={f.questions.clone()} oninput={text(&form, "questions")} /></label>
                }
                <label>{ l.t("截止日期", "Due on") }<input name="due_on" type="date" required=true value={f.due_on.clone()} oninput={text(&form, "due_on")} /></label>
                <label>{ l.t("奖励积分（空 = 按规则）", "Reward points (empty: the rule set's)") }<input name="reward_points" inputmode="numeric" value={f.reward.clone()} oninput={text(&form, "reward_points")} /></label>
                <label>{ l.t("分配给", "Assign to") }
                    <select name="campaign_id" onchange={pick(&form, "campaign_id").reform(|e: Event| ui::form::value_of(&e))}>
                        <option value="" selected={f.campaign_id.is_empty()}>{ l.t("全部已通过的 KOC", "Every approved KOC") }</option>
                        { for campaigns.iter().map(|(id, name)| html! { <option value={id.clone()} selected={f.campaign_id == *id}>{ l.t("活动入选成员：", "Selected members of ") }{ name }</option> }) }
                    </select>
                </label>
                <div>{ failure_line(&create.error) }<button type="submit" disabled={create.busy}>{ l.t("创建并分配", "Create and assign") }</button></div>
            </form>
        </details>
    }
}
