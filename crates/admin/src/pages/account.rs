//! The operator's own account: change the password (other sessions end),
//! and the second factor: set it up with a QR code and a first code (the
//! recovery codes are shown once), or turn it off. An owner whose brand
//! requires a second factor and who has none sees only this page until it
//! is on. `Reset` is the page a reset link opens.

use super::bind;
use crate::api;
use crate::app::use_ctx;
use crate::components::failure_line;
use ::api::{NewPassword, PasswordChange, TotpCode, TotpEnrolment, TotpOff};
use ui::{Client, Lang, Load, use_action, use_load, view_load};
use yew::prelude::*;

/// What the second-factor card sends.
enum Write {
    Start,
    Confirm(String),
    Off(String),
}

/// What it answered.
enum Made {
    Enrolment(TotpEnrolment),
    Codes(Vec<String>),
    Off,
}

#[derive(Properties, PartialEq)]
pub struct AccountProps {
    /// Called once the second factor is on (the frame reloads "me").
    pub on_change: Callback<()>,
}

#[component]
pub fn Account(props: &AccountProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    html! {
        <>
            <h1>{ l.t("我的账号", "My account") }</h1>
            if ctx.me.must_enrol {
                <p class="error" role="alert">{ l.t("本品牌要求所有者开启两步验证：请先完成下面的设置。", "This brand requires owners to use a second factor: set it up below first.") }</p>
            }
            <p class="muted">{ &ctx.me.email }</p>
            <SecondFactor {client} lang={l} on_change={props.on_change.clone()} owner={ctx.role == rules::Role::Owner} />
            <ChangePassword {client} lang={l} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    client: Client,
    lang: Lang,
    #[prop_or_default]
    on_change: Callback<()>,
    /// An owner (may not turn the factor off while the brand requires it;
    /// the server refuses it too).
    #[prop_or_default]
    owner: bool,
}

#[component]
fn ChangePassword(props: &CardProps) -> Html {
    let (l, client) = (props.lang, props.client);
    let current = use_state(String::new);
    let new = use_state(String::new);
    let change = {
        let (current, new) = (current.clone(), new.clone());
        use_action(
            move |body: PasswordChange| api::change_password(client, body),
            Callback::from(move |_| {
                current.set(String::new());
                new.set(String::new());
            }),
        )
    };
    let submit = {
        let (current, new, run) = (current.clone(), new.clone(), change.run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(PasswordChange {
                current_password: (*current).clone(),
                new_password: (*new).clone(),
            });
        })
    };
    html! {
        <section class="card" data-testid="change-password">
            <h2>{ l.t("修改密码", "Change password") }</h2>
            <form onsubmit={submit}>
                <label>{ l.t("当前密码", "Current password") }<input name="current_password" type="password" autocomplete="current-password" required=true value={(*current).clone()} oninput={bind(&current)} /></label>
                <label>{ l.t("新密码（至少 8 位）", "New password (8 characters or more)") }<input name="new_password" type="password" autocomplete="new-password" required=true value={(*new).clone()} oninput={bind(&new)} /></label>
                { failure_line(&change.error) }
                if change.done.is_some() {
                    <p class="ok">{ l.t("密码已修改，其他设备上的登录已结束。", "Password changed; your other sessions have ended.") }</p>
                }
                <button type="submit" disabled={change.busy}>{ l.t("修改密码", "Change password") }</button>
            </form>
        </section>
    }
}

#[component]
fn SecondFactor(props: &CardProps) -> Html {
    let (l, client) = (props.lang, props.client);
    let view = use_load((), move |()| api::my_second_factor(client));
    let code = use_state(String::new);
    let password = use_state(String::new);
    let write = {
        let (reload, on_change) = (view.reload.clone(), props.on_change.clone());
        use_action(
            move |w: Write| async move {
                Ok(match w {
                    Write::Start => Made::Enrolment(api::start_totp(client).await?),
                    Write::Confirm(code) => {
                        Made::Codes(api::confirm_totp(client, TotpCode { code }).await?.codes)
                    }
                    Write::Off(password) => {
                        api::turn_off_totp(client, TotpOff { password }).await?;
                        Made::Off
                    }
                })
            },
            Callback::from(move |made: std::rc::Rc<Made>| {
                // The recovery codes stay on screen until "Done" (a reload
                // of the frame now would take them away unseen).
                if matches!(*made, Made::Off) {
                    reload.emit(());
                    on_change.emit(());
                }
            }),
        )
    };
    let Some(v) = view.ready() else {
        return view_load(&view, l, |_| html! {});
    };
    let made = write.done.as_deref();
    let body = match made {
        // Shown once: the recovery codes.
        Some(Made::Codes(codes)) => {
            let done = {
                let (clear, reload, on_change) = (
                    write.clear.clone(),
                    view.reload.clone(),
                    props.on_change.clone(),
                );
                Callback::from(move |_: MouseEvent| {
                    clear.emit(());
                    reload.emit(());
                    on_change.emit(());
                })
            };
            html! {
                <div data-testid="recovery-codes">
                    <p class="ok">{ l.t("两步验证已开启。请把这些恢复码保存在安全的地方：每个只能用一次，只显示这一次。", "The second factor is on. Keep these recovery codes somewhere safe: each works once, and they are shown only now.") }</p>
                    <ul class="codes">{ for codes.iter().map(|c| html! { <li><code>{ c }</code></li> }) }</ul>
                    <button onclick={done}>{ l.t("我已保存", "I have saved them") }</button>
                </div>
            }
        }
        Some(Made::Enrolment(e)) if !v.enabled => {
            let src = format!(
                "data:image/svg+xml;charset=utf-8,{}",
                String::from(js_sys::encode_uri_component(&e.qr_svg))
            );
            let confirm = {
                let (code, run) = (code.clone(), write.run.clone());
                Callback::from(move |ev: SubmitEvent| {
                    ev.prevent_default();
                    run.emit(Write::Confirm((*code).clone()));
                })
            };
            html! {
                <form onsubmit={confirm} data-testid="totp-enrol">
                    <p>{ l.t("用身份验证器 App（如 Google Authenticator、Microsoft Authenticator）扫描二维码，或手动输入密钥：", "Scan the QR code with an authenticator app (Google Authenticator, Microsoft Authenticator…), or type the key:") }</p>
                    <img class="qr" src={src} alt={l.t("两步验证二维码", "Second-factor QR code")} width="200" height="200" />
                    <p><code data-testid="totp-secret">{ &e.secret }</code></p>
                    <label>{ l.t("App 显示的 6 位验证码", "The 6-digit code the app shows") }<input name="code" inputmode="numeric" autocomplete="one-time-code" required=true value={(*code).clone()} oninput={bind(&code)} /></label>
                    { failure_line(&write.error) }
                    <button type="submit" disabled={write.busy}>{ l.t("确认开启", "Turn on") }</button>
                </form>
            }
        }
        _ if v.enabled => {
            let off = {
                let (password, run) = (password.clone(), write.run.clone());
                Callback::from(move |ev: SubmitEvent| {
                    ev.prevent_default();
                    run.emit(Write::Off((*password).clone()));
                })
            };
            html! {
                <>
                    <p class="ok">{ l.t("两步验证已开启。", "The second factor is on.") }{ " " }{ l.t("剩余恢复码：", "Recovery codes left: ") }{ v.recovery_codes_left }</p>
                    if !(v.owners_need_totp && props.owner) {
                        <form onsubmit={off} class="toolbar">
                            <input name="password" type="password" autocomplete="current-password" required=true placeholder={l.t("输入密码以关闭", "Password to turn it off")} value={(*password).clone()} oninput={bind(&password)} />
                            <button type="submit" class="secondary" disabled={write.busy}>{ l.t("关闭两步验证", "Turn off") }</button>
                        </form>
                    }
                    { failure_line(&write.error) }
                </>
            }
        }
        _ => {
            let start = write.run.reform(|_: MouseEvent| Write::Start);
            html! {
                <>
                    <p class="muted">{ l.t("登录时除密码外，还需输入手机 App 生成的验证码。", "Log-in will also ask for a code from an app on your phone.") }</p>
                    { failure_line(&write.error) }
                    <button onclick={start} disabled={write.busy}>{ l.t("设置两步验证", "Set up a second factor") }</button>
                </>
            }
        }
    };
    html! {
        <section class="card" data-testid="second-factor">
            <h2>{ l.t("两步验证", "Second factor") }</h2>
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ResetProps {
    pub lang: Lang,
}

/// The page a reset link opens: whose password, and the new one.
#[component]
pub fn Reset(props: &ResetProps) -> Html {
    let l = props.lang;
    let (brand, token) = (super::team::query_param("b"), super::team::query_param("t"));
    let client = Client::new(l);
    let seen = {
        let (brand, token) = (brand.clone(), token.clone());
        use_load((), move |()| {
            let (brand, token) = (brand.clone(), token.clone());
            async move { api::password_reset(client, &brand, &token).await }
        })
    };
    let password = use_state(String::new);
    let set = use_action(
        move |body: NewPassword| {
            let (brand, token) = (brand.clone(), token.clone());
            async move { api::use_password_reset(client, &brand, &token, body).await }
        },
        Callback::noop(),
    );
    let submit = {
        let (password, run) = (password.clone(), set.run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(NewPassword {
                password: (*password).clone(),
            });
        })
    };
    let body = match &seen.state {
        _ if set.done.is_some() => html! {
            <p class="ok">{ l.t("新密码已设置。", "Your new password is set. ") }<a href="/admin/">{ l.t("去登录", "Log in") }</a></p>
        },
        Load::Loading => html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> },
        Load::Failed(e) if e.status == 0 => ui::hooks::failed(e, l, seen.reload.clone()),
        Load::Failed(_) => {
            html! { <p class="error">{ l.t("重置链接无效：请向品牌所有者索取新的链接。", "This reset link is not valid: ask an owner of the brand for a new one.") }</p> }
        }
        Load::Ready(v) if !v.usable => {
            html! { <p class="error">{ l.t("该链接已使用或已过期。", "This link was used or has expired.") }</p> }
        }
        Load::Ready(v) => html! {
            <form onsubmit={submit}>
                <p>{ &v.brand_name }{ " · " }<strong>{ &v.email }</strong></p>
                <label>{ l.t("新密码（至少 8 位）", "New password (8 characters or more)") }
                    <input name="password" type="password" required=true autocomplete="new-password" value={(*password).clone()} oninput={bind(&password)} /></label>
                { failure_line(&set.error) }
                <button type="submit" disabled={set.busy}>{ l.t("设置新密码", "Set the new password") }</button>
            </form>
        },
    };
    html! {
        <main class="login">
            <section class="card">
                <h1>{ l.t("重置密码", "Reset your password") }</h1>
                { body }
            </section>
        </main>
    }
}
