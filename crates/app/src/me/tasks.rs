//! The member's tasks with due dates and rewards, handed in from the phone.

use crate::components::evidence::Evidence;
use crate::components::shell::use_ctx;
use crate::{api, bind, error_line, message};
use ::api::{MyTask, TaskAnswer};
use yew::prelude::*;

#[component]
pub fn MyTasks() -> Html {
    let ctx = use_ctx();
    let c = ctx.client();
    let tasks = ui::use_load(ctx.me.clone(), move |_| api::my_tasks(c));
    let l = ctx.lang;
    let on_done = tasks.reload.clone();
    html! {
        <section>
            <h2>{ l.t("我的任务", "My tasks") }</h2>
            { ui::view_load(&tasks, l, |v| if v.is_empty() {
                html! { <p class="muted">{ l.t("暂时没有任务。", "No tasks for now.") }</p> }
            } else {
                html! { <ul class="list">{ for v.iter().map(|a| html! { <TaskItem a={a.clone()} on_done={on_done.clone()} /> }) }</ul> }
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ItemProps {
    a: MyTask,
    on_done: Callback<()>,
}

#[component]
fn TaskItem(props: &ItemProps) -> Html {
    let ctx = use_ctx();
    let text = use_state(String::new);
    let link = use_state(String::new);
    let answers = use_state(|| vec![String::new(); props.a.questions.len()]);
    let shots = use_state(Vec::<String>::new);
    let l = ctx.lang;
    let a = &props.a;
    let (c, task) = (ctx.client(), a.task_id.clone());
    let send = ui::use_action(
        move |body: TaskAnswer| {
            let task = task.clone();
            async move { api::hand_in(c, &task, &body).await }
        },
        props.on_done.reform(|_| ()),
    );
    let open = matches!(a.status.as_str(), "assigned" | "rejected");
    let onsubmit = {
        let (text, link, answers, shots, run) = (
            text.clone(),
            link.clone(),
            answers.clone(),
            shots.clone(),
            send.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(TaskAnswer {
                text: (*text).clone(),
                link: Some((*link).clone()).filter(|x| !x.trim().is_empty()),
                answers: (*answers).clone(),
                evidence_id: shots.first().cloned(),
            });
        })
    };
    let questions = a.questions.iter().enumerate().map(|(i, q)| {
        let answers = answers.clone();
        let value = answers.get(i).cloned().unwrap_or_default();
        let oninput = Callback::from(move |e: InputEvent| {
            let mut v = (*answers).clone();
            if let Some(x) = v.get_mut(i) {
                *x = ui::form::value_of(&e);
            }
            answers.set(v);
        });
        html! { <label>{ q }<textarea rows="2" {value} {oninput} /></label> }
    });
    let status = match a.status.as_str() {
        "assigned" if a.overdue => l.t("已逾期", "Overdue"),
        "assigned" => l.t("待完成", "To do"),
        "submitted" => l.t("已提交，审核中", "Handed in, in review"),
        "rewarded" => l.t("已通过，积分已到账", "Approved, points credited"),
        s => l.status(s),
    };
    html! {
        <li class="row task" data-task={a.title.clone()} data-status={a.status.as_str()}>
            <div>
                <strong>{ &a.title }</strong>
                <p class="muted">{ l.task_kind(&a.kind) }{ " · " }{ l.t("截止 ", "due ") }{ l.day(&a.due_on) }
                    if a.reward_points > 0 { { " · +" }{ l.number(a.reward_points) }{ l.t(" 积分", " points") } }</p>
                if !a.instructions.is_empty() { <p>{ &a.instructions }</p> }
                <p class={classes!(if a.overdue { "error" } else { "outcome" })} data-testid="task-status">{ status }</p>
                if let Some(r) = &a.reason { <p class="error">{ l.t("原因：", "Reason: ") }{ r }</p> }
                if open {
                    <details>
                        <summary>{ l.t("提交任务", "Hand in") }</summary>
                        <form {onsubmit}>
                            { for questions }
                            if matches!(a.kind.as_str(), "publish_note" | "contest") {
                                <label>{ l.t("链接", "Link") }<input name="link" value={(*link).clone()} oninput={bind(&link)} /></label>
                            }
                            if matches!(a.kind.as_str(), "training" | "contest") {
                                <label>{ if a.kind == "training" { l.t("完成码", "Completion code") } else { l.t("作品说明", "About your entry") } }
                                    <input name="text" value={(*text).clone()} oninput={bind(&text)} /></label>
                            }
                            if a.kind == "share_moments" { <Evidence ids={shots.clone()} /> }
                            { error_line(&message(&send.error)) }
                            <button type="submit" disabled={send.busy}>{ l.t("提交", "Send") }</button>
                        </form>
                    </details>
                }
            </div>
        </li>
    }
}
