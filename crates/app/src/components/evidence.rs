//! Screenshot upload: each file is sent as soon as it is picked. Used by
//! the application form, "more information", a note and a task.

use crate::api;
use crate::components::shell::use_ctx;
use crate::{error_line, message};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EvidenceProps {
    pub ids: UseStateHandle<Vec<String>>,
    /// One screenshot of a published note, instead of up to five of accounts.
    #[prop_or_default]
    pub note: bool,
}

/// Screenshots of the applicant's accounts (follower counts, best notes),
/// up to five; or one of a published note.
#[component]
pub fn Evidence(props: &EvidenceProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let c = ctx.client();
    let ids = props.ids.clone();
    let upload = ui::use_action(
        move |file: web_sys::File| async move { api::upload(c, &file).await },
        Callback::from(move |u: std::rc::Rc<::api::UploadView>| {
            let mut v = (*ids).clone();
            v.push(u.id.clone());
            ids.set(v);
        }),
    );
    let pick = {
        let run = upload.run.clone();
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target_dyn_into();
            if let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) {
                run.emit(file);
            }
        })
    };
    let max = if props.note { 1 } else { 5 };
    html! {
        <label>{ if props.note { l.t("笔记截图（可选）", "Screenshot of the note (optional)") } else { l.t("账号截图（可选，最多 5 张）", "Account screenshots (optional, up to 5)") } }
            if props.ids.len() < max {
                <input name="evidence" type="file" accept="image/png,image/jpeg,image/webp" onchange={pick} />
            }
            if !props.ids.is_empty() {
                <span class="ok" data-testid="evidence-count">{ "✓ " }{ props.ids.len() }{ l.t(" 张已上传", " uploaded") }</span>
            }
            { error_line(&message(&upload.error)) }
        </label>
    }
}
