//! 我的笔记 on the phone (issue 17: content): submit a published note's
//! link (a platform's share text will do; the same parser as KOC notes),
//! optionally naming the account it went out on, and the list of the
//! staff member's notes (a manager's: the store's) with interactions.

use crate::api_staff_content as api;
use crate::{error_line, message};
use ::api::{KosNoteForm, KosNoteView};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SubmitProps {
    /// The template the text came from.
    pub template_id: Option<String>,
    pub on_done: Callback<()>,
}

#[component]
pub fn SubmitNote(props: &SubmitProps) -> Html {
    let ctx = super::shell::use_staff();
    let l = ctx.lang;
    let c = ctx.client();
    let text = use_state(String::new);
    let account = use_state(String::new);
    let accounts = ui::use_load((), move |()| api::my_accounts(c));
    let retry = use_mut_ref(ui::services::RetryKey::default);
    let send = {
        let (text, on_done) = (text.clone(), props.on_done.clone());
        ui::use_action(
            move |form: KosNoteForm| {
                let retry = retry.clone();
                async move { api::submit_note(c, &form, &retry).await }
            },
            Callback::from(move |_: Rc<KosNoteView>| {
                text.set(String::new());
                on_done.emit(());
            }),
        )
    };
    let onsubmit = {
        let (run, text, account) = (send.run.clone(), text.clone(), account.clone());
        let template_id = props.template_id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(KosNoteForm {
                link_text: (*text).clone(),
                template_id: template_id.clone(),
                material_id: None,
                account_id: Some((*account).clone()).filter(|a| !a.is_empty()),
            });
        })
    };
    let pick = {
        let account = account.clone();
        Callback::from(move |e: Event| account.set(ui::form::value_of(&e)))
    };
    let mine: Vec<(String, String)> = accounts
        .ready()
        .map(|v| {
            v.iter()
                .filter(|a| a.owner_level == rules::words::AccountOwnerLevel::Staff)
                .map(|a| (a.id.clone(), a.handle.clone()))
                .collect()
        })
        .unwrap_or_default();
    html! {
        <form {onsubmit} data-testid="submit-note">
            <label>{ l.t("笔记链接或分享文字", "Note link or share text") }
                <textarea name="link_text" rows="3" value={(*text).clone()} oninput={crate::bind(&text)} /></label>
            if !mine.is_empty() {
                <label>{ l.t("发布账号", "Published on") }
                    <select name="account_id" onchange={pick}>
                        <option value="" selected={account.is_empty()}>{ l.t("不指定", "Not said") }</option>
                        { for mine.iter().map(|(id, h)| html! { <option value={id.clone()} selected={*account == *id}>{ h }</option> }) }
                    </select></label>
            }
            { error_line(&message(&send.error)) }
            if send.done.is_some() && text.is_empty() {
                <p class="ok" role="status" data-testid="note-submitted">{ l.t("已提交，归属到你和你的门店", "Submitted: counted for you and your store") }</p>
            }
            <button type="submit" disabled={send.busy || text.trim().is_empty()}>{ l.t("提交", "Submit") }</button>
        </form>
    }
}

#[component]
pub fn MyNotes() -> Html {
    let ctx = super::shell::use_staff();
    let l = ctx.lang;
    let c = ctx.client();
    let zone = ctx.zone().to_string();
    let list = ui::use_load((), move |()| api::my_notes(c));
    html! {
        <section>
            <h2>{ l.t("我的笔记", "My notes") }</h2>
            <details class="card">
                <summary>{ l.t("提交笔记链接", "Submit a note link") }</summary>
                <SubmitNote template_id={None::<String>} on_done={list.reload.clone()} />
            </details>
            { ui::view_load(&list, l, |v| if v.is_empty() {
                html! { <p class="muted">{ l.t("还没有提交笔记。", "No notes yet.") }</p> }
            } else { html! {
                <ul class="list">{ for v.iter().map(|n| html! {
                    <li class="row" data-testid="kos-note">
                        <div>
                            <strong>{ l.platform(&n.platform) }</strong>
                            if let Some(t) = &n.template_title { { " · " }{ t } }
                            <p class="muted">{ &n.staff_name }{ " · " }{ l.date(n.submitted_at, &zone, false) }</p>
                        </div>
                        <div class="right"><p class="big">{ l.number(n.interactions) }</p><p class="muted">{ l.t("互动", "interactions") }</p></div>
                    </li>
                }) }</ul>
            } }) }
        </section>
    }
}
