//! The owner's team: operators and roles, invitations (a link to copy;
//! also mailed when SMTP is configured), and the outbox's recent mail.
//! `Join` is the page an invitation link opens.

use super::bind;
use crate::api;
use crate::app::use_ctx;
use crate::components::{choice, emit_some, failure_line, set};
use ::api::{AcceptInvitation, InviteLinkView, OperatorInviteForm, ResetLinkView, SecurityPolicy};
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
    Revoke(String),
    /// A reset link for the operator (id, e-mail).
    Reset(String, String),
    RemoveSecondFactor(String),
    OwnersNeedTotp(bool),
}

/// What it answered that the page shows.
enum Made {
    Invite(InviteLinkView),
    Reset(String, ResetLinkView),
    Nothing,
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
                    Write::Invite(body) => Made::Invite(api::invite_operator(client, body).await?),
                    Write::Role(id, r) => {
                        api::set_role(client, &id, r).await.map(|_| Made::Nothing)?
                    }
                    Write::Remove(id) => api::remove_operator(client, &id)
                        .await
                        .map(|_| Made::Nothing)?,
                    Write::Revoke(id) => api::revoke_invitation(client, &id)
                        .await
                        .map(|_| Made::Nothing)?,
                    Write::Reset(id, email) => {
                        Made::Reset(email, api::reset_link(client, &id).await?)
                    }
                    Write::RemoveSecondFactor(id) => api::remove_second_factor_of(client, &id)
                        .await
                        .map(|_| Made::Nothing)?,
                    Write::OwnersNeedTotp(on) => api::set_security(
                        client,
                        SecurityPolicy {
                            owners_need_totp: on,
                        },
                    )
                    .await
                    .map(|_| Made::Nothing)?,
                })
            },
            Callback::from(move |made: std::rc::Rc<Made>| {
                if matches!(*made, Made::Invite(_)) {
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
    let made = write.done.as_deref().and_then(|m| match m {
        Made::Invite(v) => Some(v),
        _ => None,
    });
    let reset = write.done.as_deref().and_then(|m| match m {
        Made::Reset(email, v) => Some((email.clone(), v.clone())),
        _ => None,
    });
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
            if let Some((email, r)) = reset {
                <p class="ok" data-testid="reset-link">{ l.t("把重置密码链接发给 ", "Send the password reset link to ") }{ email }{ l.t("（只显示这一次，24 小时内有效；使用前旧密码仍有效）：", " (shown once, valid 24 hours; the old password works until it is used): ") }
                    <input readonly=true value={r.link.clone()} />
                    if r.mailed { { l.t(" 已加入发信队列。", " Queued to be mailed.") } }</p>
            }
            <table data-testid="operators">
                <thead><tr><th>{ l.t("邮箱", "E-mail") }</th><th>{ l.t("角色", "Role") }</th><th>{ l.t("两步验证", "Second factor") }</th><th>{ l.t("加入", "Joined") }</th><th></th></tr></thead>
                <tbody>{ for t.operators.iter().map(|o| {
                    let id = o.id.clone();
                    let onchange = emit_some(&write.run, move |e: Event| {
                        let r = ui::form::value_of(&e).parse::<Role>().ok()?;
                        Some(Write::Role(id.clone(), r))
                    });
                    let id = o.id.clone();
                    let remove = write.run.reform(move |_: MouseEvent| Write::Remove(id.clone()));
                    let (id, email) = (o.id.clone(), o.email.clone());
                    let reset = write.run.reform(move |_: MouseEvent| Write::Reset(id.clone(), email.clone()));
                    let id = o.id.clone();
                    let drop_factor = write.run.reform(move |_: MouseEvent| Write::RemoveSecondFactor(id.clone()));
                    let current = o.role;
                    html! {
                        <tr data-operator={o.email.clone()}>
                            <td>{ &o.email }</td>
                            <td>
                                <select name="role" {onchange} disabled={o.id == me}>
                                    { for Role::ALL.iter().map(|r| html! { <option value={r.as_str()} selected={current == *r}>{ role_name(l, *r) }</option> }) }
                                </select>
                            </td>
                            <td>if o.second_factor {
                                { l.t("已开启", "On") }
                                if o.id != me { { " " }<button class="link" onclick={drop_factor} title={l.t("手机丢失时使用：该成员需重新设置", "For a lost phone: they set it up again")}>{ l.t("移除", "Remove") }</button> }
                            } else { <span class="muted">{ l.t("未开启", "Off") }</span> }</td>
                            <td>{ l.date(o.created_at, "Asia/Shanghai", false) }</td>
                            <td>if o.id != me {
                                <button class="secondary" onclick={reset}>{ l.t("重置密码链接", "Reset link") }</button>
                                { " " }<button class="danger" onclick={remove}>{ l.t("移除", "Remove") }</button>
                            }</td>
                        </tr>
                    }
                }) }</tbody>
            </table>
            if !t.invites.is_empty() {
                <h2>{ l.t("待接受的邀请", "Pending invitations") }</h2>
                <ul data-testid="invitations">{ for t.invites.iter().map(|i| {
                    let id = i.id.clone();
                    let revoke = write.run.reform(move |_: MouseEvent| Write::Revoke(id.clone()));
                    html! {
                        <li data-invite={i.email.clone()}>{ &i.email }{ " · " }{ role_name(l, i.role) }{ l.t(" · 有效至 ", " · until ") }{ l.date(i.expires_at, "Asia/Shanghai", false) }
                            { " " }<button class="link" onclick={revoke}>{ l.t("撤销", "Revoke") }</button></li>
                    }
                }) }</ul>
            }
            <section class="card">
                <h2>{ l.t("安全", "Security") }</h2>
                <label class="check">
                    <input type="checkbox" name="owners_need_totp" checked={t.owners_need_totp}
                        onchange={emit_some(&write.run, |e: Event| Some(Write::OwnersNeedTotp(ui::form::checked_of(&e))))} />
                    { l.t("所有者必须开启两步验证", "Owners need a second factor") }
                </label>
                <p class="muted">{ l.t("开启后，未设置两步验证的所有者登录后须先完成设置。你需要先为自己开启。", "Once on, an owner without one must set it up before doing anything else. Set up your own first.") }</p>
            </section>
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

/// A parameter of the page's query string (`b` and `t` of a link).
pub fn query_param(k: &str) -> String {
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix(k).and_then(|v| v.strip_prefix('=')))
        .unwrap_or_default()
        .to_string()
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
    let (brand, token) = (query_param("b"), query_param("t"));
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
