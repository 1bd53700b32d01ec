//! Operator log-in.

use super::bind;
use crate::api;
use crate::components::failure_line;
use ::api::OperatorCredentials;
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
    let log_in = use_action(
        move |body: OperatorCredentials| api::log_in(Client::new(l), body),
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
    html! {
        <main>
            <section class="card login">
                <h1>{ l.t("运营后台登录", "Operator log-in") }</h1>
                <form onsubmit={submit}>
                    <label>{ l.t("邮箱", "E-mail") }<input name="email" type="email" autocomplete="username" required=true value={(*email).clone()} oninput={bind(&email)} /></label>
                    <label>{ l.t("密码", "Password") }<input name="password" type="password" autocomplete="current-password" required=true value={(*password).clone()} oninput={bind(&password)} /></label>
                    { failure_line(&log_in.error) }
                    <button type="submit" disabled={log_in.busy}>{ l.t("登录", "Log in") }</button>
                </form>
            </section>
        </main>
    }
}
