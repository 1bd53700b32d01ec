//! The application review queue: who applied, where they post, and an
//! approve or reject (with a reason the applicant sees) per row. Contacts
//! arrive masked; a reviewing role may reveal one (the server audits it).

use super::{bind, error_line};
use crate::app::use_ctx;
use api::{ApplicationView, ContactView};
use yew::platform::spawn_local;
use yew::prelude::*;

#[component]
pub fn Applications() -> Html {
    let ctx = use_ctx();
    let status = use_state(|| "pending".to_string());
    let rows = use_state(|| None::<Vec<ApplicationView>>);
    let reload = use_state(|| 0u32);
    let l = ctx.lang;
    {
        let (rows, client, st) = (rows.clone(), ctx.client(), (*status).clone());
        use_effect_with(((*status).clone(), *reload), move |_| {
            spawn_local(async move {
                if let Ok(v) = client
                    .get::<Vec<ApplicationView>>(&format!(
                        "/api/v1/admin/applications?status={st}&limit=200"
                    ))
                    .await
                {
                    rows.set(Some(v));
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
            <h1>{ l.t("KOC 申请审核", "KOC applications") }</h1>
            { super::status_tabs(l, &status) }
            {
                match &*rows {
                    None => html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> },
                    Some(v) if v.is_empty() => html! { <p class="muted">{ l.t("没有待处理的申请。", "Nothing here.") }</p> },
                    Some(v) => html! {
                        <table>
                            <thead><tr>
                                <th>{ l.t("申请人", "Applicant") }</th>
                                <th>{ l.t("社交账号", "Social accounts") }</th>
                                <th>{ l.t("兴趣与动机", "Interests and motivation") }</th>
                                <th>{ l.t("申请时间", "Applied") }</th>
                                <th>{ l.t("处理", "Decision") }</th>
                            </tr></thead>
                            <tbody>{ for v.iter().map(|a| html! { <ApplicationRow app={a.clone()} on_done={on_done.clone()} /> }) }</tbody>
                        </table>
                    },
                }
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    app: ApplicationView,
    on_done: Callback<()>,
}

#[component]
fn ApplicationRow(props: &RowProps) -> Html {
    let ctx = use_ctx();
    let reason = use_state(String::new);
    let error = use_state(|| None::<String>);
    let contact = use_state(|| None::<String>);
    let l = ctx.lang;
    let a = &props.app;
    let reveal = {
        let (client, contact, error) = (ctx.client(), contact.clone(), error.clone());
        let path = format!("/api/v1/admin/applications/{}/contact", a.id);
        Callback::from(move |_| {
            let (client, contact, error, path) =
                (client, contact.clone(), error.clone(), path.clone());
            spawn_local(async move {
                match client.get::<ContactView>(&path).await {
                    Ok(v) => contact.set(Some(v.contact)),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let decide = |approve: bool| {
        let path = format!("/api/v1/admin/applications/{}/decision", a.id);
        let (reason, error) = (reason.clone(), error.clone());
        super::decide(
            ctx.client(),
            path,
            approve,
            false,
            reason,
            error,
            props.on_done.clone(),
        )
    };
    html! {
        <tr data-applicant={a.display_name.clone()}>
            <td><strong>{ &a.display_name }</strong><br />{ &a.city }<br />
                if let Some(c) = &*contact {
                    <span data-testid="contact">{ c }</span>
                } else {
                    <span class="muted" data-testid="contact">{ &a.contact }</span>
                    if ctx.can_review() && !a.contact.is_empty() {
                        { " " }<button class="link" onclick={reveal} title={l.t("查看将记入审计日志", "Viewing is recorded in the audit log")}>{ l.t("查看", "Show") }</button>
                    }
                }
            </td>
            <td>{ for a.social_accounts.iter().map(|s| html! {
                <div>{ l.platform(&s.platform) }{ " · " }{ l.number(s.followers) }{ l.t(" 粉丝 ", " followers ") }
                    <a href={s.profile_url.clone()} target="_blank" rel="noopener noreferrer">{ l.t("主页", "profile") }</a></div>
            }) }</td>
            <td>{ a.interests.join("、") }<br /><span class="muted">{ &a.motivation }</span></td>
            <td>{ l.date(a.created_at, "Asia/Shanghai", false) }</td>
            <td>
                if a.status == "pending" && ctx.can_review() {
                    <div class="actions">
                        <button onclick={decide(true)}>{ l.t("通过", "Approve") }</button>
                        <input name="reason" placeholder={l.t("拒绝原因", "Reason to reject")} value={(*reason).clone()} oninput={bind(&reason)} />
                        <button class="danger" onclick={decide(false)}>{ l.t("拒绝", "Reject") }</button>
                    </div>
                } else {
                    <span class={classes!("pill", a.status.clone())}>{ l.status(&a.status) }</span>
                    if let Some(r) = &a.reason { <br /><span class="muted">{ r }</span> }
                }
                { error_line(&error) }
            </td>
        </tr>
    }
}
