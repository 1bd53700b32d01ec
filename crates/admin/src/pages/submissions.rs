//! Submissions waiting for review, across campaigns, and the metrics import.

use crate::api;
use crate::app::use_ctx;
use crate::components::submission_table::SubmissionTable;
use rules::Perm;
use ui::{use_load, view_load};
use yew::prelude::*;

#[component]
pub fn Submissions() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let status = use_state(|| "pending".to_string());
    let rows = use_load((*status).clone(), move |s| async move {
        api::submissions(client, Some(&s), None).await
    });
    let on_done = rows.reload.clone();
    let statuses = ["pending", "approved", "rejected"].map(|s| (s, l.status(s)));
    html! {
        <>
            <h1>{ l.t("笔记审核", "Submissions") }</h1>
            if ctx.can(Perm::Operate) { <super::metrics::MetricsImporter on_done={on_done.clone()} /> }
            <div class="toolbar">{ super::tabs(&status, &statuses) }</div>
            { view_load(&rows, l, |v| html! { <SubmissionTable rows={v.clone()} on_done={on_done.clone()} /> }) }
        </>
    }
}
