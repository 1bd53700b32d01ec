//! The owner's team: operators and roles, invitations (a link to copy;
//! also mailed when SMTP is configured), and the outbox's recent mail.
//! `Join` is the page an invitation link opens.

use super::bind;
use crate::api;
use crate::app::use_ctx;
use crate::components::{choice, emit_some, failure_line, set};
use ::api::{AcceptInvitation, InviteLinkView, OperatorInviteForm};
use rules::Role;
use ui::{Client, Lang, Load, use_action, use_load, view_load};
use yew::prelude::*;

/// A role's name in the user's language.
pub fn role_name(l: Lang, role: Role) -> &'static str {
    match role {
        Role::Owner => l.t("所有者", "Owner"),
        Role::Operator => l.t("运营", "Operator"),
        Role::Reviewer => l.t("审核员", "Reviewer"),
        Role::Analyst => l.t("分析员（只读）", "Analyst (read only)"),
    }
}

/// What the team page sends.
enum Write {
    Invite(OperatorInviteForm),
    Role(String, Role),
    Remove(String),
}

#[component]
pub fn Team() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let team = use_load((), move |()| api::team(client));
    let email = use_state(String::new);
    let role = use_state(|| Role::Reviewer.as_str().to_string());
    let write = {
        let (reload, email) = (team.reload.clone(), email.clone());
        use_action(
            move |w: Write| async move {
                Ok(match w {
                    Write::Invite(body) => Some(api::invite_operator(client, body).await?),
                    Write::Role(id, r) => api::set_role(client, &id, r).await.map(|_| None)?,
                    Write::Remove(id) => api::remove_operator(client, &id).await.map(|_| None)?,
                })
            },
            Callback::from(move |made: std::rc::Rc<Option<InviteLinkView>>| {
                if made.is_some() {
                    email.set(String::new());
                }
                reload.emit(());
            }),
        )
    };
    let invite = {
        let (run, email, role) = (write.run.clone(), email.clone(), role.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // `into` fills the wire field whether it is a string or a `Role`.
            let role = role.parse::<Role>().unwrap_or(Role::Reviewer);
            run.emit(Write::Invite(OperatorInviteForm {
                email: (*email).clone(),
                role: role.into(),
            }));
        })
    };
    let made = write.done.as_deref().and_then(|m| m.as_ref());
    let roles = Role::ALL
        .iter()
        .map(|r| (r.as_str(), role_name(l, *r)))
        .collect::<Vec<_>>();
    let Some(t) = team.ready() else {
        return view_load(&team, l, |_| html! {});
    };
    let me = ctx.me.operator_id.clone();
    html! {
        <>
            <h1>{ l.t("团队与权限", "Team and roles") }</h1>
            <section class="card">
                <h2>{ l.t("邀请运营人员", "Invite an operator") }</h2>
                <form class="toolbar" onsubmit={invite}>
                    <input name="email" type="email" required=true placeholder={l.t("邮箱", "E-mail")} value={(*email).clone()} oninput={bind(&email)} />
                    { choice("role", &role, &roles, set(&role)) }
                    <button type="submit">{ l.t("生成邀请链接", "Make an invitation link") }</button>
                </form>
                if let Some(m) = made {
                    <p class="ok" data-testid="invite-link">{ l.t("复制链接发给对方（只显示这一次，7 天内有效）：", "Copy the link to them (shown once, valid 7 days): ") }
                        <input readonly=true value={m.link.clone()} />
                        if m.mailed { { l.t(" 已加入发信队列。", " Queued to be mailed.") } }</p>
                }
                if !t.mail_enabled {
                    <p class="muted">{ l.t("未配置邮件服务器（SEEDBED_SMTP_URL）：请复制链接发送。", "No mail server configured (SEEDBED_SMTP_URL): copy the link to send it.") }</p>
                }
                { failure_line(&write.error) }
            </section>
            <table data-testid="operators">
                <thead><tr><th>{ l.t("邮箱", "E-mail") }</th><th>{ l.t("角色", "Role") }</th><th>{ l.t("加入", "Joined") }</th><th></th></tr></thead>
                <tbody>{ for t.operators.iter().map(|o| {
                    let id = o.id.clone();
                    let onchange = emit_some(&write.run, move |e: Event| {
                        let r = ui::form::value_of(&e).parse::<Role>().ok()?;
                        Some(Write::Role(id.clone(), r))
                    });
                    let id = o.id.clone();
                    let remove = write.run.reform(move |_: MouseEvent| Write::Remove(id.clone()));
                    let current = o.role;
                    html! {
                        <tr data-operator={o.email.clone()}>
                            <td>{ &o.email }</td>
                            <td>
                                <select name="role" {onchange} disabled={o.id == me}>
                                    { for Role::ALL.iter().map(|r| html! { <option value={r.as_str()} selected={current == *r}>{ role_name(l, *r) }</option> }) }
                                </select>
                            </td>
                            <td>{ l.date(o.created_at, "Asia/Shanghai", false) }</td>
                            <td>if o.id != me { <button class="danger" onclick={remove}>{ l.t("移除", "Remove") }</button> }</td>
                        </tr>
                    }
                }) }</tbody>
            </table>
            if !t.invites.is_empty() {
                <h2>{ l.t("待接受的邀请", "Pending invitations") }</h2>
                <ul>{ for t.invites.iter().map(|i| html! {
                    <li>{ &i.email }{ " · " }{ role_name(l, i.role) }{ l.t(" · 有效至 ", " · until ") }{ l.date(i.expires_at, "Asia/Shanghai", false) }</li>
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
    let client = Client::new(l);
    let seen = {
        let (brand, token) = (brand.clone(), token.clone());
        use_load((), move |()| {
            let (brand, token) = (brand.clone(), token.clone());
            async move { api::invitation(client, &brand, &token).await }
        })
    };
    let password = use_state(String::new);
    let join = use_action(
        move |body: AcceptInvitation| {
            let (brand, token) = (brand.clone(), token.clone());
            async move { api::accept_invitation(client, &brand, &token, body).await }
        },
        props.on_done.reform(|_| {
            if let Some(w) = web_sys::window() {
                let _ = w.history().and_then(|h| {
                    h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/admin/"))
                });
            }
        }),
    );
    let accept = {
        let (password, run) = (password.clone(), join.run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(AcceptInvitation {
                password: (*password).clone(),
            });
        })
    };
    html! {
        <main class="login">
            <section class="card">
                <h1>{ l.t("加入运营后台", "Join the admin") }</h1>
                {
                    match &seen.state {
                        Load::Loading => html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> },
                        // A network failure can be retried; anything else is a bad link.
                        Load::Failed(e) if e.status == 0 => ui::hooks::failed(e, l, seen.reload.clone()),
                        Load::Failed(_) => html! { <p class="error">{ l.t("邀请链接无效：请向品牌管理员索取新的链接。", "This invitation link is not valid: ask the brand's owner for a new one.") }</p> },
                        Load::Ready(v) if !v.usable => html! { <p class="error">{ l.t("该邀请已使用或已过期。", "This invitation was used or has expired.") }</p> },
                        Load::Ready(v) => html! {
                            <form onsubmit={accept}>
                                <p>{ &v.brand_name }{ l.t(" 邀请 ", " invites ") }<strong>{ &v.email }</strong>{ l.t(" 担任", " as ") }{ role_name(l, v.role) }</p>
                                <label>{ l.t("设置密码（至少 10 位）", "Choose a password (10 characters or more)") }
                                    <input name="password" type="password" required=true autocomplete="new-password" value={(*password).clone()} oninput={bind(&password)} /></label>
                                { failure_line(&join.error) }
                                <button type="submit" disabled={join.busy}>{ l.t("加入", "Join") }</button>
                            </form>
                        },
                    }
                }
            </section>
        </main>
    }
}
