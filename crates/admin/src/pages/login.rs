//! Operator log-in: e-mail and password, then (for an account with a
//! second factor) the 6-digit code from the authenticator app or a
//! recovery code.

use super::bind;
use crate::api::{self, LogIn};
use crate::components::failure_line;
use ::api::{OperatorCredentials, SecondFactorForm, SecondFactorNeeded};
use ui::{Client, Lang, use_action};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LoginProps {
    pub lang: Lang,
    pub on_done: Callback<()>,
}

#[component]
pub fn Login(props: &LoginProps) -> Html {
    let l = props.lang;
    let email = use_state(String::new);
    let password = use_state(String::new);
    let code = use_state(String::new);
    let step = use_state(|| None::<SecondFactorNeeded>);
    let log_in = {
        let (step, done) = (step.clone(), props.on_done.clone());
        use_action(
            move |body: OperatorCredentials| api::log_in(Client::new(l), body),
            Callback::from(move |answer: std::rc::Rc<LogIn>| match answer.as_ref() {
                LogIn::SignedIn(_) => done.emit(()),
                LogIn::SecondFactor(s) => step.set(Some(s.clone())),
            }),
        )
    };
    let second = use_action(
        move |body: SecondFactorForm| api::second_factor(Client::new(l), body),
        props.on_done.reform(|_| ()),
    );
    let submit = {
        let (email, password, run) = (email.clone(), password.clone(), log_in.run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(OperatorCredentials {
                email: (*email).clone(),
                password: (*password).clone(),
                brand: None,
            });
        })
    };
    let body = match &*step {
        None => html! {
            <form onsubmit={submit}>
                <label>{ l.t("邮箱", "E-mail") }<input name="email" type="email" autocomplete="username" required=true value={(*email).clone()} oninput={bind(&email)} /></label>
                <label>{ l.t("密码", "Password") }<input name="password" type="password" autocomplete="current-password" required=true value={(*password).clone()} oninput={bind(&password)} /></label>
                { failure_line(&log_in.error) }
                <button type="submit" disabled={log_in.busy}>{ l.t("登录", "Log in") }</button>
            </form>
        },
        Some(s) => {
            let verify = {
                let (s, code, run) = (s.clone(), code.clone(), second.run.clone());
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    run.emit(SecondFactorForm {
                        brand: s.brand.clone(),
                        step_token: s.step_token.clone(),
                        code: (*code).clone(),
                    });
                })
            };
            let back = {
                let step = step.clone();
                Callback::from(move |_: MouseEvent| step.set(None))
            };
            html! {
                <form onsubmit={verify} data-testid="second-factor">
                    <p>{ l.t("请输入身份验证器 App 中的 6 位验证码，或一个恢复码。", "Enter the 6-digit code from your authenticator app, or a recovery code.") }</p>
                    <label>{ l.t("验证码", "Code") }<input name="code" inputmode="numeric" autocomplete="one-time-code" required=true value={(*code).clone()} oninput={bind(&code)} /></label>
                    { failure_line(&second.error) }
                    <button type="submit" disabled={second.busy}>{ l.t("验证", "Verify") }</button>
                    <button type="button" class="link" onclick={back}>{ l.t("重新输入密码", "Start again") }</button>
                </form>
            }
        }
    };
    html! {
        <main>
            <section class="card login">
                <h1>{ l.t("运营后台登录", "Operator log-in") }</h1>
                { body }
            </section>
        </main>
    }
}
