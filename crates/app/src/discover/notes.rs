//! The member's notes (submissions) with their review status and points,
//! and the appeal of a rejection (a note's or the application's).

use crate::api::{self, Appealed};
use crate::components::shell::{Ctx, use_ctx};
use crate::{bind, error_line, message};
use ::api::{AppealForm, MyNote};
use yew::prelude::*;

/// All the member's notes, on the home page (nothing while there are none).
pub fn my_notes(ctx: &Ctx, notes: &ui::UseLoad<Vec<MyNote>>) -> Html {
    let l = ctx.lang;
    if notes.ready().is_some_and(|v| v.is_empty()) {
        return html! {};
    }
    html! {
        <section>
            <h2>{ l.t("我的笔记", "My notes") }</h2>
            { ui::view_load(notes, l, |v| html! {
                <ul class="list">{ for v.iter().map(|s| submission_row(ctx, s)) }</ul>
            }) }
        </section>
    }
}

pub fn submission_row(ctx: &Ctx, s: &MyNote) -> Html {
    let l = ctx.lang;
    html! {
        <li class="row" data-status={s.status.as_str()}>
            <div>
                <strong>{ &s.campaign_title }</strong>
                <p class="muted">{ l.platform(&s.platform) }{ " · " }<a href={s.original_url.clone()} target="_blank" rel="noopener noreferrer">{ &s.note_id }</a></p>
                if let Some(r) = &s.reason { <p class="error">{ l.t("原因：", "Reason: ") }{ r }</p> }
                if s.status == "rejected" && s.appeal_note.is_none() {
                    <Appeal of={Appealed::Note(s.id.clone())} on_done={ctx.refresh.clone()} />
                }
                if s.status == "pending" && s.appeal_note.is_some() {
                    <p class="muted">{ l.t("申诉已提交，等待重新审核", "Appealed: in review again") }</p>
                }
            </div>
            <div class="right">
                <span class={classes!("pill", s.status.as_str())}>{ l.status(s.status.as_str()) }</span>
                if let Some(p) = s.points { <p class="points">{ "+" }{ l.number(p) }</p> }
            </div>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct AppealProps {
    pub of: Appealed,
    pub on_done: Callback<()>,
}

/// Appeal a rejection once, with a note for the reviewer.
#[component]
pub fn Appeal(props: &AppealProps) -> Html {
    let ctx = use_ctx();
    let note = use_state(String::new);
    let l = ctx.lang;
    let (c, of) = (ctx.client(), props.of.clone());
    let send = ui::use_action(
        move |body: AppealForm| {
            let of = of.clone();
            async move { api::appeal(c, &of, &body).await }
        },
        props.on_done.reform(|_| ()),
    );
    let onsubmit = {
        let (note, run) = (note.clone(), send.run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(AppealForm {
                note: (*note).clone(),
            });
        })
    };
    html! {
        <details class="appeal">
            <summary>{ l.t("申诉（仅一次）", "Appeal (once)") }</summary>
            <form {onsubmit}>
                <textarea name="appeal" rows="2" maxlength="500" required=true placeholder={l.t("说明理由，审核员会重新查看", "Tell the reviewer why; they will look again")} value={(*note).clone()} oninput={bind(&note)} />
                { error_line(&message(&send.error)) }
                <button type="submit" class="secondary" disabled={send.busy}>{ l.t("提交申诉", "Send appeal") }</button>
            </form>
        </details>
    }
}
