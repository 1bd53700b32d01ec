//! Submissions waiting for review, across campaigns.

use super::campaign::SubmissionTable;
use crate::app::use_ctx;
use api::SubmissionView;
use yew::platform::spawn_local;
use yew::prelude::*;

#[component]
pub fn Submissions() -> Html {
    let ctx = use_ctx();
    let status = use_state(|| "pending".to_string());
    let rows = use_state(Vec::<SubmissionView>::new);
    let reload = use_state(|| 0u32);
    let l = ctx.lang;
    {
        let (rows, client, st) = (rows.clone(), ctx.client(), (*status).clone());
        use_effect_with(((*status).clone(), *reload), move |_| {
            spawn_local(async move {
                if let Ok(v) = client
                    .get::<Vec<SubmissionView>>(&format!(
                        "/api/v1/admin/submissions?status={st}&limit=200"
                    ))
                    .await
                {
                    rows.set(v);
                }
            });
        });
    }
    let on_done = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    html! {
        <>
            <h1>{ l.t("笔记审核", "Submissions") }</h1>
            if ctx.can_operate() { <super::metrics::MetricsImporter on_done={on_done.clone()} /> }
            { super::status_tabs(l, &status) }
            <SubmissionTable rows={(*rows).clone()} {on_done} />
        </>
    }
}
