//! Operator log-in.

use super::{bind, error_line};
use api::{OperatorCredentials, OperatorMe};
use ui::{Client, Lang};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LoginProps {
    pub lang: Lang,
    pub on_done: Callback<()>,
}

#[component]
pub fn Login(props: &LoginProps) -> Html {
    let email = use_state(String::new);
    let password = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let l = props.lang;
    let submit = {
        let (email, password, error, busy, on_done) = (
            email.clone(),
            password.clone(),
            error.clone(),
            busy.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = OperatorCredentials {
                email: (*email).clone(),
                password: (*password).clone(),
                brand: None,
            };
            let (error, busy, on_done) = (error.clone(), busy.clone(), on_done.clone());
            busy.set(true);
            spawn_local(async move {
                match Client::new(l)
                    .post::<_, OperatorMe>("/api/v1/admin/session", &body)
                    .await
                {
                    Ok(_) => on_done.emit(()),
                    Err(e) => error.set(Some(e.message)),
                }
                busy.set(false);
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
                    { error_line(&error) }
                    <button type="submit" disabled={*busy}>{ l.t("登录", "Log in") }</button>
                </form>
            </section>
        </main>
    }
}
