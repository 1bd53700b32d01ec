//! Staff log-in: the phone the brand registered with the password (set by
//! the brand, `demo::DEMO_PASSWORD` in the demo) or an SMS code. Someone
//! already signed in goes to the home page. The phone is checked here
//! first, so a typo never costs a code.

use super::shell::use_staff;
use crate::api_staff::{self, StaffLogIn};
use crate::discover::auth::use_countdown;
use crate::router::{Redirect, Route};
use crate::{bind, error_line, message};
use yew::prelude::*;

#[component]
pub fn StaffLogin() -> Html {
    let ctx = use_staff();
    let with_code = use_state(|| false);
    let phone = use_state(String::new);
    let password = use_state(String::new);
    let code = use_state(String::new);
    let wrong_phone = use_state(|| false);
    let left = use_state(|| 0u32);
    use_countdown(left.clone());
    let l = ctx.lang;
    let c = ctx.client();
    let log_in = {
        let (brand, set_me) = (ctx.brand.clone(), ctx.set_me.clone());
        ui::use_action(
            move |body: StaffLogIn| {
                let brand = brand.clone();
                async move { api_staff::staff_log_in(c, &brand, &body).await }
            },
            Callback::from(move |me: std::rc::Rc<api_staff::StaffMe>| {
                set_me.emit(Some((*me).clone()))
            }),
        )
    };
    let code_sent = {
        let (brand, left) = (ctx.brand.clone(), left.clone());
        ui::use_action(
            move |phone: String| {
                let brand = brand.clone();
                async move { api_staff::staff_send_code(c, &brand, &phone).await }
            },
            Callback::from(move |sent: std::rc::Rc<::api::CodeSent>| {
                left.set(sent.resend_after.clamp(1, 600) as u32)
            }),
        )
    };
    if ctx.staff().is_some() {
        return html! { <Redirect to={Route::StaffHome { brand: ctx.brand.clone() }} /> };
    }
    let phone_ok = {
        let (phone, wrong_phone) = (phone.clone(), wrong_phone.clone());
        move || {
            let bad = rules::Phone::parse(&phone).is_err();
            wrong_phone.set(bad);
            !bad
        }
    };
    let ask_code = {
        let (phone, run, phone_ok) = (phone.clone(), code_sent.run.clone(), phone_ok.clone());
        Callback::from(move |_: MouseEvent| {
            if phone_ok() {
                run.emit((*phone).clone());
            }
        })
    };
    let by_code = *with_code;
    let submit = {
        let (phone, password, code, run) = (
            phone.clone(),
            password.clone(),
            code.clone(),
            log_in.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if phone_ok() {
                run.emit(StaffLogIn {
                    phone: (*phone).clone(),
                    password: (!by_code).then(|| (*password).clone()),
                    code: by_code.then(|| (*code).clone()),
                });
            }
        })
    };
    let switch = |to: bool| {
        let (with_code, wrong_phone, clear, clear_code) = (
            with_code.clone(),
            wrong_phone.clone(),
            log_in.clear.clone(),
            code_sent.clear.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            with_code.set(to);
            wrong_phone.set(false);
            clear.emit(());
            clear_code.emit(());
        })
    };
    let error = if *wrong_phone {
        Some(
            l.t(
                "请输入 11 位中国大陆手机号。",
                "Enter an 11-digit mainland mobile number.",
            )
            .to_string(),
        )
    } else {
        message(&log_in.error).or_else(|| message(&code_sent.error))
    };
    html! {
        <section class="card auth">
            <h2>{ l.t("员工登录", "Staff log-in") }</h2>
            <p class="muted">{ l.t("使用品牌登记的手机号登录。", "Use the mobile number the brand registered for you.") }</p>
            <p class="auth-tabs">
                <button type="button" class="link" aria-pressed={(!by_code).to_string()} onclick={switch(false)}>{ l.t("密码登录", "Password") }</button>
                <button type="button" class="link" aria-pressed={by_code.to_string()} onclick={switch(true)}>{ l.t("验证码登录", "SMS code") }</button>
            </p>
            <form onsubmit={submit}>
                <label>{ l.t("手机号", "Mobile number") }
                    <input name="phone" type="tel" inputmode="numeric" autocomplete="tel" required=true
                        value={(*phone).clone()} oninput={bind(&phone)} />
                </label>
                if by_code {
                    <label>{ l.t("验证码", "SMS code") }
                        <span class="code-row">
                            <input name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required=true
                                value={(*code).clone()} oninput={bind(&code)} />
                            <button type="button" name="send-code" class="secondary" disabled={*left > 0 || code_sent.busy} onclick={ask_code}>
                                { if *left > 0 { format!("{}{}", *left, l.t(" 秒后重发", " s")) } else { l.t("获取验证码", "Send code").to_string() } }
                            </button>
                        </span>
                    </label>
                    if code_sent.done.is_some() {
                        <p class="hint">{ l.t("验证码已发送，5 分钟内有效。", "Code sent; valid for 5 minutes.") }</p>
                    }
                } else {
                    <label>{ l.t("密码", "Password") }
                        <input name="password" type="password" required=true autocomplete="current-password"
                            value={(*password).clone()} oninput={bind(&password)} />
                    </label>
                }
                { error_line(&error) }
                <button type="submit" disabled={log_in.busy}>{ l.t("登录", "Log in") }</button>
            </form>
        </section>
    }
}
