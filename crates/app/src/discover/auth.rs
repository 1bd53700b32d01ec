//! Log in (with the password or an SMS code, "验证码登录"), sign up with
//! phone, SMS code and password, or set a forgotten password with a code:
//! the first card a visitor from a shared link sees. The code button
//! counts down the server's `resend_after` before it can send again.

use crate::components::shell::use_ctx;
use crate::{api, bind, error_line, message};
use ::api::{CodeLogIn, CodeRequest, MemberCredentials, MemberSignUp, PasswordReset};
use rules::words::CodePurpose;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

/// What the card does.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Password,
    Code,
    SignUp,
    Reset,
}

impl Mode {
    fn purpose(self) -> CodePurpose {
        match self {
            Mode::SignUp => CodePurpose::SignUp,
            Mode::Reset => CodePurpose::Reset,
            Mode::Password | Mode::Code => CodePurpose::LogIn,
        }
    }
}

/// Counts `left` down by one a second while it is above zero (the staff
/// log-in uses it too).
#[hook]
pub(crate) fn use_countdown(left: UseStateHandle<u32>) {
    use_effect_with(*left, move |n| {
        let n = *n;
        let tick = (n > 0).then(|| {
            let f = Closure::<dyn Fn()>::new(move || left.set(n - 1));
            let id = web_sys::window().and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    f.as_ref().unchecked_ref(),
                    1000,
                )
                .ok()
            });
            (f, id)
        });
        move || {
            if let (Some((_, Some(id))), Some(w)) = (&tick, web_sys::window()) {
                w.clear_timeout_with_handle(*id);
            }
        }
    });
}

#[component]
pub fn Auth() -> Html {
    let ctx = use_ctx();
    let mode = use_state(|| Mode::Password);
    let phone = use_state(String::new);
    let code = use_state(String::new);
    let password = use_state(String::new);
    let wrong_phone = use_state(|| false);
    let left = use_state(|| 0u32);
    use_countdown(left.clone());
    let l = ctx.lang;
    let m = *mode;
    let send = {
        let (c, brand) = (ctx.client(), ctx.brand.clone());
        ui::use_action(
            move |(m, phone, code, password): (Mode, String, String, String)| {
                let brand = brand.clone();
                async move {
                    match m {
                        Mode::Password => {
                            api::log_in(c, &brand, &MemberCredentials { phone, password }).await
                        }
                        Mode::Code => api::code_log_in(c, &brand, &CodeLogIn { phone, code }).await,
                        Mode::SignUp => {
                            let body = MemberSignUp {
                                phone,
                                code,
                                password,
                            };
                            api::sign_up(c, &brand, &body).await
                        }
                        Mode::Reset => {
                            let body = PasswordReset {
                                phone,
                                code,
                                password,
                            };
                            api::reset_password(c, &brand, &body).await
                        }
                    }
                }
            },
            ctx.refresh.reform(|_| ()),
        )
    };
    // A refused code is cleared, so the next one is typed into an empty
    // field (the field holds six digits and would take no more).
    {
        let code = code.clone();
        let refused = send
            .error
            .as_ref()
            .is_some_and(|e| e.code == "code_invalid");
        use_effect_with(refused, move |refused| {
            if *refused {
                code.set(String::new());
            }
        });
    }
    let code_sent = {
        let (c, brand) = (ctx.client(), ctx.brand.clone());
        let left = left.clone();
        ui::use_action(
            move |body: CodeRequest| {
                let brand = brand.clone();
                async move { api::send_code(c, &brand, &body).await }
            },
            Callback::from(move |sent: std::rc::Rc<::api::CodeSent>| {
                left.set(sent.resend_after.clamp(1, 600) as u32)
            }),
        )
    };
    // The phone is checked here first: a typo never costs a code.
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
                run.emit(CodeRequest {
                    phone: (*phone).clone(),
                    purpose: m.purpose(),
                });
            }
        })
    };
    let submit = {
        let (phone, code, password, run) = (
            phone.clone(),
            code.clone(),
            password.clone(),
            send.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if phone_ok() {
                run.emit((m, (*phone).clone(), (*code).clone(), (*password).clone()));
            }
        })
    };
    let to = |next: Mode| {
        let (mode, wrong_phone, clear, clear_code) = (
            mode.clone(),
            wrong_phone.clone(),
            send.clear.clone(),
            code_sent.clear.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            mode.set(next);
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
        message(&send.error).or_else(|| message(&code_sent.error))
    };
    let (title, action) = match m {
        Mode::Password | Mode::Code => (l.t("登录", "Log in"), l.t("登录", "Log in")),
        Mode::SignUp => (l.t("注册", "Sign up"), l.t("注册", "Sign up")),
        Mode::Reset => (
            l.t("重设密码", "Reset password"),
            l.t("重设并登录", "Reset and log in"),
        ),
    };
    let tab = |tab: Mode, text: &'static str| {
        html! {
            <button type="button" class="link" aria-pressed={(m == tab).to_string()} onclick={to(tab)}>{ text }</button>
        }
    };
    html! {
        <section class="card auth">
            <h2>{ title }</h2>
            if matches!(m, Mode::Password | Mode::Code) {
                <p class="auth-tabs">
                    { tab(Mode::Password, l.t("密码登录", "Password")) }
                    { tab(Mode::Code, l.t("验证码登录", "SMS code")) }
                </p>
            }
            <form onsubmit={submit}>
                <label>{ l.t("手机号", "Mobile number") }
                    <input name="phone" type="tel" inputmode="numeric" autocomplete="tel" required=true value={(*phone).clone()}
                        oninput={bind(&phone)} />
                </label>
                if m != Mode::Password {
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
                }
                if m != Mode::Code {
                    <label>{ if m == Mode::Reset { l.t("新密码", "New password") } else { l.t("密码", "Password") } }
                        <input name="password" type="password" required=true minlength="8"
                            autocomplete={if m == Mode::Password { "current-password" } else { "new-password" }} value={(*password).clone()}
                            oninput={bind(&password)} />
                    </label>
                }
                { error_line(&error) }
                <button type="submit" disabled={send.busy}>{ action }</button>
            </form>
            if matches!(m, Mode::Password | Mode::Code) {
                <button class="link" onclick={to(Mode::SignUp)}>{ l.t("没有账号？注册", "New here? Sign up") }</button>
                { " · " }
                <button class="link" onclick={to(Mode::Reset)}>{ l.t("忘记密码？", "Forgot password?") }</button>
            } else {
                <button class="link" onclick={to(Mode::Password)}>{ l.t("已有账号？登录", "Have an account? Log in") }</button>
            }
        </section>
    }
}
