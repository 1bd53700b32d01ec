//! The owner's team: operators and roles, invitations (a link to copy;
//! also mailed when SMTP is configured), and the outbox's recent mail.
//! `Join` is the page an invitation link opens.

use super::{bind, error_line};
use crate::app::use_ctx;
use api::{
    AcceptInvitation, InvitationView, InviteLinkView, OperatorInviteForm, OperatorMe, OperatorView,
    RoleForm, TeamView,
};
use ui::{Client, Lang};
use yew::platform::spawn_local;
use yew::prelude::*;

const ROLES: [&str; 4] = ["owner", "operator", "reviewer", "analyst"];

pub fn role_name(l: Lang, r: &str) -> &'static str {
    match r {
        "owner" => l.t("所有者", "Owner"),
        "operator" => l.t("运营", "Operator"),
        "reviewer" => l.t("审核员", "Reviewer"),
        _ => l.t("分析员（只读）", "Analyst (read only)"),
    }
}

#[component]
pub fn Team() -> Html {
    let ctx = use_ctx();
    let team = use_state(|| None::<TeamView>);
    let email = use_state(String::new);
    let role = use_state(|| "reviewer".to_string());
    let made = use_state(|| None::<InviteLinkView>);
    let error = use_state(|| None::<String>);
    let reload = use_state(|| 0u32);
    let l = ctx.lang;
    {
        let (team, client) = (team.clone(), ctx.client());
        use_effect_with(*reload, move |_| {
            spawn_local(async move {
                if let Ok(v) = client.get::<TeamView>("/api/v1/admin/operators").await {
                    team.set(Some(v));
                }
            });
        });
    }
    let invite = {
        let (client, email, role, made, error, reload) = (
            ctx.client(),
            email.clone(),
            role.clone(),
            made.clone(),
            error.clone(),
            reload.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = OperatorInviteForm {
                email: (*email).clone(),
                role: (*role).clone(),
            };
            let (made, error, reload, email) =
                (made.clone(), error.clone(), reload.clone(), email.clone());
            spawn_local(async move {
                match client
                    .post::<_, InviteLinkView>("/api/v1/admin/operators/invitations", &body)
                    .await
                {
                    Ok(v) => {
                        error.set(None);
                        email.set(String::new());
                        made.set(Some(v));
                        reload.set(*reload + 1);
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let change = {
        let (client, error, reload) = (ctx.client(), error.clone(), reload.clone());
        Callback::from(move |(id, r): (String, String)| {
            let (error, reload) = (error.clone(), reload.clone());
            spawn_local(async move {
                let path = format!("/api/v1/admin/operators/{id}/role");
                match client
                    .post::<_, OperatorView>(&path, &RoleForm { role: r })
                    .await
                {
                    Ok(_) => reload.set(*reload + 1),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let remove = {
        let (client, error, reload) = (ctx.client(), error.clone(), reload.clone());
        Callback::from(move |id: String| {
            let (error, reload) = (error.clone(), reload.clone());
            spawn_local(async move {
                match client
                    .delete(&format!("/api/v1/admin/operators/{id}"))
                    .await
                {
                    Ok(()) => reload.set(*reload + 1),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let Some(t) = &*team else {
        return html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> };
    };
    let me = ctx.me.operator_id.clone();
    html! {
        <>
            <h1>{ l.t("团队与权限", "Team and roles") }</h1>
            <section class="card">
                <h2>{ l.t("邀请运营人员", "Invite an operator") }</h2>
                <form class="toolbar" onsubmit={invite}>
                    <input name="email" type="email" required=true placeholder={l.t("邮箱", "E-mail")} value={(*email).clone()} oninput={bind(&email)} />
                    { super::themes::choice("role", &role, &ROLES.map(|r| (r, role_name(l, r)))) }
                    <button type="submit">{ l.t("生成邀请链接", "Make an invitation link") }</button>
                </form>
                if let Some(m) = &*made {
                    <p class="ok" data-testid="invite-link">{ l.t("复制链接发给对方（只显示这一次，7 天内有效）：", "Copy the link to them (shown once, valid 7 days): ") }
                        <input readonly=true value={m.link.clone()} />
                        if m.mailed { { l.t(" 已加入发信队列。", " Queued to be mailed.") } }</p>
                }
                if !t.mail_enabled {
                    <p class="muted">{ l.t("未配置邮件服务器（SEEDBED_SMTP_URL）：请复制链接发送。", "No mail server configured (SEEDBED_SMTP_URL): copy the link to send it.") }</p>
                }
                { error_line(&error) }
            </section>
            <table data-testid="operators">
                <thead><tr><th>{ l.t("邮箱", "E-mail") }</th><th>{ l.t("角色", "Role") }</th><th>{ l.t("加入", "Joined") }</th><th></th></tr></thead>
                <tbody>{ for t.operators.iter().map(|o| {
                    let (id, change) = (o.id.clone(), change.clone());
                    let onchange = Callback::from(move |e: Event| change.emit((id.clone(), ui::form::value_of(&e))));
                    let (id, remove) = (o.id.clone(), remove.clone());
                    html! {
                        <tr data-operator={o.email.clone()}>
                            <td>{ &o.email }</td>
                            <td>
                                <select name="role" {onchange} disabled={o.id == me}>
                                    { for ROLES.iter().map(|r| html! { <option value={*r} selected={o.role == *r}>{ role_name(l, r) }</option> }) }
                                </select>
                            </td>
                            <td>{ l.date(o.created_at, "Asia/Shanghai", false) }</td>
                            <td>if o.id != me { <button class="danger" onclick={move |_| remove.emit(id.clone())}>{ l.t("移除", "Remove") }</button> }</td>
                        </tr>
                    }
                }) }</tbody>
            </table>
            if !t.invites.is_empty() {
                <h2>{ l.t("待接受的邀请", "Pending invitations") }</h2>
                <ul>{ for t.invites.iter().map(|i| html! {
                    <li>{ &i.email }{ " · " }{ role_name(l, i.role.as_str()) }{ l.t(" · 有效至 ", " · until ") }{ l.date(i.expires_at, "Asia/Shanghai", false) }</li>
                }) }</ul>
            }
            if !t.mail.is_empty() {
                <h2>{ l.t("邮件", "Mail") }</h2>
                <table>
                    <thead><tr><th>{ l.t("收件人", "To") }</th><th>{ l.t("主题", "Subject") }</th><th>{ l.t("状态", "State") }</th></tr></thead>
                    <tbody>{ for t.mail.iter().map(|m| html! {
                        <tr>
                            <td>{ &m.to }</td>
                            <td>{ &m.subject }</td>
                            <td>{
                                match (m.sent_at, &m.last_error) {
                                    (Some(at), _) => html! { <span class="pill approved">{ l.t("已发送 ", "Sent ") }{ l.date(at, "Asia/Shanghai", true) }</span> },
                                    (None, Some(e)) => html! { <span class="pill rejected" title={e.clone()}>{ l.t("发送失败，重试中 ×", "Failed, retrying ×") }{ m.attempts }</span> },
                                    _ => html! { <span class="pill pending">{ l.t("排队中", "Queued") }</span> },
                                }
                            }</td>
                        </tr>
                    }) }</tbody>
                </table>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct JoinProps {
    pub lang: Lang,
    pub on_done: Callback<()>,
}

/// The page an invitation link opens: who is invited where, and a password.
#[component]
pub fn Join(props: &JoinProps) -> Html {
    let l = props.lang;
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let param = |k: &str| {
        query
            .trim_start_matches('?')
            .split('&')
            .find_map(|kv| kv.strip_prefix(k).and_then(|v| v.strip_prefix('=')))
            .unwrap_or_default()
            .to_string()
    };
    let (brand, token) = (param("b"), param("t"));
    let path = format!("/api/v1/brands/{brand}/invitations/{token}");
    let seen = use_state(|| None::<Result<InvitationView, String>>);
    let password = use_state(String::new);
    let error = use_state(|| None::<String>);
    {
        let (seen, path) = (seen.clone(), path.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                seen.set(Some(
                    Client::new(l)
                        .get::<InvitationView>(&path)
                        .await
                        .map_err(|e| e.message),
                ));
            });
        });
    }
    let accept = {
        let (password, error, on_done, path) = (
            password.clone(),
            error.clone(),
            props.on_done.clone(),
            path.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = AcceptInvitation {
                password: (*password).clone(),
            };
            let (error, on_done, path) = (error.clone(), on_done.clone(), path.clone());
            spawn_local(async move {
                match Client::new(l).post::<_, OperatorMe>(&path, &body).await {
                    Ok(_) => {
                        if let Some(w) = web_sys::window() {
                            let _ = w.history().and_then(|h| {
                                h.replace_state_with_url(
                                    &wasm_bindgen::JsValue::NULL,
                                    "",
                                    Some("/admin/"),
                                )
                            });
                        }
                        on_done.emit(());
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    html! {
        <main class="login">
            <section class="card">
                <h1>{ l.t("加入运营后台", "Join the admin") }</h1>
                {
                    match &*seen {
                        None => html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> },
                        Some(Err(_)) => html! { <p class="error">{ l.t("邀请链接无效：请向品牌管理员索取新的链接。", "This invitation link is not valid: ask the brand's owner for a new one.") }</p> },
                        Some(Ok(v)) if !v.usable => html! { <p class="error">{ l.t("该邀请已使用或已过期。", "This invitation was used or has expired.") }</p> },
                        Some(Ok(v)) => html! {
                            <form onsubmit={accept}>
                                <p>{ &v.brand_name }{ l.t(" 邀请 ", " invites ") }<strong>{ &v.email }</strong>{ l.t(" 担任", " as ") }{ role_name(l, v.role.as_str()) }</p>
                                <label>{ l.t("设置密码（至少 10 位）", "Choose a password (10 characters or more)") }
                                    <input name="password" type="password" required=true autocomplete="new-password" value={(*password).clone()} oninput={bind(&password)} /></label>
                                { error_line(&error) }
                                <button type="submit">{ l.t("加入", "Join") }</button>
                            </form>
                        },
                    }
                }
            </section>
        </main>
    }
}
