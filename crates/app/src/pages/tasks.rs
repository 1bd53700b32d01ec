//! The member's tasks with due dates and rewards, handed in from the
//! phone; product samples (shipping details, receipt, the deadline from
//! it); and appeals of a rejection.

use super::{bind, error_line};
use crate::components::shell::use_ctx;
use api::{AppealForm, MySample, MyTask, SampleForm, TaskAnswer};
use serde::de::IgnoredAny;
use yew::platform::spawn_local;
use yew::prelude::*;

#[component]
pub fn MyTasks() -> Html {
    let ctx = use_ctx();
    let items = use_state(Vec::<MyTask>::new);
    let reload = use_state(|| 0u32);
    {
        let (items, client) = (items.clone(), ctx.client());
        use_effect_with((ctx.me.clone(), *reload), move |_| {
            spawn_local(async move {
                if let Ok(v) = client.get::<Vec<MyTask>>("/api/v1/me/tasks").await {
                    items.set(v);
                }
            });
        });
    }
    let l = ctx.lang;
    if items.is_empty() {
        return html! {};
    }
    let on_done = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    html! {
        <section>
            <h2>{ l.t("我的任务", "My tasks") }</h2>
            <ul class="list">{ for items.iter().map(|a| html! { <TaskItem a={a.clone()} on_done={on_done.clone()} /> }) }</ul>
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
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let a = &props.a;
    let open = matches!(a.status.as_str(), "assigned" | "rejected");
    let send = {
        let (client, text, link, answers, shots, error, on_done) = (
            ctx.client(),
            text.clone(),
            link.clone(),
            answers.clone(),
            shots.clone(),
            error.clone(),
            props.on_done.clone(),
        );
        let path = format!("/api/v1/me/tasks/{}/submission", a.task_id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = TaskAnswer {
                text: (*text).clone(),
                link: Some((*link).clone()).filter(|x| !x.trim().is_empty()),
                answers: (*answers).clone(),
                evidence_id: shots.first().cloned(),
            };
            let (path, error, on_done) = (path.clone(), error.clone(), on_done.clone());
            spawn_local(async move {
                match client.post::<_, IgnoredAny>(&path, &body).await {
                    Ok(_) => on_done.emit(()),
                    Err(e) => error.set(Some(e.message)),
                }
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
                        <form onsubmit={send}>
                            { for questions }
                            if matches!(a.kind.as_str(), "publish_note" | "contest") {
                                <label>{ l.t("链接", "Link") }<input name="link" value={(*link).clone()} oninput={bind(&link)} /></label>
                            }
                            if matches!(a.kind.as_str(), "training" | "contest") {
                                <label>{ if a.kind == "training" { l.t("完成码", "Completion code") } else { l.t("作品说明", "About your entry") } }
                                    <input name="text" value={(*text).clone()} oninput={bind(&text)} /></label>
                            }
                            if a.kind == "share_moments" { <super::apply::Evidence ids={shots.clone()} /> }
                            { error_line(&error) }
                            <button type="submit">{ l.t("提交", "Send") }</button>
                        </form>
                    </details>
                }
            </div>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct SampleProps {
    pub campaign_id: String,
    pub days: i64,
    pub sample: MySample,
    pub on_done: Callback<()>,
}

/// A selected member's product sample: where to send it, then "received",
/// then the deadline to publish.
#[component]
pub fn Sample(props: &SampleProps) -> Html {
    let ctx = use_ctx();
    let recipient = use_state(String::new);
    let phone = use_state(String::new);
    let address = use_state(String::new);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let path = format!("/api/v1/me/campaigns/{}/sample", props.campaign_id);
    let give = {
        let (client, recipient, phone, address, error, on_done, path) = (
            ctx.client(),
            recipient.clone(),
            phone.clone(),
            address.clone(),
            error.clone(),
            props.on_done.clone(),
            path.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = SampleForm {
                recipient: (*recipient).clone(),
                phone: (*phone).clone(),
                address: (*address).clone(),
            };
            let (error, on_done, path) = (error.clone(), on_done.clone(), path.clone());
            spawn_local(async move {
                match client.put::<_, IgnoredAny>(&path, &body).await {
                    Ok(_) => on_done.emit(()),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let received = {
        let (client, error, on_done) = (ctx.client(), error.clone(), props.on_done.clone());
        let path = format!("{path}/received");
        Callback::from(move |_| {
            let (error, on_done, path) = (error.clone(), on_done.clone(), path.clone());
            spawn_local(async move {
                match client.post::<_, IgnoredAny>(&path, &()).await {
                    Ok(_) => on_done.emit(()),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let s = &props.sample;
    let body = match s.stage.as_str() {
        "received" => html! {
            <p class="outcome">{ l.t("已收货，请在 ", "Received: publish by ") }{ l.day(s.publish_by.as_deref().unwrap_or_default()) }{ l.t(" 前发布笔记", "") }</p>
        },
        "shipped" => html! {
            <>
                <p>{ l.t("样品已寄出：", "Shipped: ") }{ s.courier.clone().unwrap_or_default() }{ " " }<code>{ s.tracking.clone().unwrap_or_default() }</code></p>
                <button onclick={received}>{ l.t("确认收货", "I received it") }</button>
            </>
        },
        stage => html! {
            <form onsubmit={give}>
                if stage == "to_ship" { <p class="muted">{ l.t("收货信息已登记，等待寄出；可修改：", "Address given, waiting to ship; you may correct it:") }</p> }
                <label>{ l.t("收件人", "Recipient") }<input name="recipient" required=true maxlength="40" value={(*recipient).clone()} oninput={bind(&recipient)} /></label>
                <label>{ l.t("手机号", "Phone") }<input name="phone" inputmode="tel" required=true value={(*phone).clone()} oninput={bind(&phone)} /></label>
                <label>{ l.t("收货地址", "Address") }<textarea name="address" rows="2" required=true maxlength="200" value={(*address).clone()} oninput={bind(&address)} /></label>
                <button type="submit">{ l.t("提交收货信息", "Send my address") }</button>
            </form>
        },
    };
    html! {
        <section class="card" data-testid="sample" data-stage={s.stage.clone()}>
            <h2>{ l.t("试用样品", "Product sample") }</h2>
            <p class="muted">{ l.t("收到样品后 ", "Publish within ") }{ props.days }{ l.t(" 天内发布笔记。", " days of receiving it.") }</p>
            { body }
            { error_line(&error) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct AppealProps {
    /// `/api/v1/me/submissions/{id}/appeal` or `/api/v1/me/application/appeal`.
    pub path: String,
    pub on_done: Callback<()>,
}

/// Appeal a rejection once, with a note for the reviewer.
#[component]
pub fn Appeal(props: &AppealProps) -> Html {
    let ctx = use_ctx();
    let note = use_state(String::new);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let send = {
        let (client, note, error, on_done, path) = (
            ctx.client(),
            note.clone(),
            error.clone(),
            props.on_done.clone(),
            props.path.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = AppealForm {
                note: (*note).clone(),
            };
            let (error, on_done, path) = (error.clone(), on_done.clone(), path.clone());
            spawn_local(async move {
                match client.post::<_, IgnoredAny>(&path, &body).await {
                    Ok(_) => on_done.emit(()),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    html! {
        <details class="appeal">
            <summary>{ l.t("申诉（仅一次）", "Appeal (once)") }</summary>
            <form onsubmit={send}>
                <textarea name="appeal" rows="2" maxlength="500" required=true placeholder={l.t("说明理由，审核员会重新查看", "Tell the reviewer why; they will look again")} value={(*note).clone()} oninput={bind(&note)} />
                { error_line(&error) }
                <button type="submit" class="secondary">{ l.t("提交申诉", "Send appeal") }</button>
            </form>
        </details>
    }
}
