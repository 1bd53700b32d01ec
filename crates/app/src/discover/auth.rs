//! Log in, or sign up with phone and password: the first card a visitor
//! from a shared link sees.

use crate::components::shell::use_ctx;
use crate::{api, bind, error_line, message};
use ::api::MemberCredentials;
use yew::prelude::*;

#[component]
pub fn Auth() -> Html {
    let ctx = use_ctx();
    let signing_up = use_state(|| false);
    let phone = use_state(String::new);
    let password = use_state(String::new);
    let wrong_phone = use_state(|| false);
    let l = ctx.lang;
    let send = {
        let (c, brand) = (ctx.client(), ctx.brand.clone());
        ui::use_action(
            move |(up, body): (bool, MemberCredentials)| {
                let brand = brand.clone();
                async move {
                    if up {
                        api::sign_up(c, &brand, &body).await
                    } else {
                        api::log_in(c, &brand, &body).await
                    }
                }
            },
            ctx.refresh.reform(|_| ()),
        )
    };
    let submit = {
        let (signing_up, phone, password, wrong_phone, run) = (
            *signing_up,
            phone.clone(),
            password.clone(),
            wrong_phone.clone(),
            send.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let bad = rules::Phone::parse(&phone).is_err();
            wrong_phone.set(bad);
            if !bad {
                run.emit((
                    signing_up,
                    MemberCredentials {
                        phone: (*phone).clone(),
                        password: (*password).clone(),
                    },
                ));
            }
        })
    };
    let switch = {
        let (signing_up, wrong_phone, clear) =
            (signing_up.clone(), wrong_phone.clone(), send.clear.clone());
        Callback::from(move |_| {
            signing_up.set(!*signing_up);
            wrong_phone.set(false);
            clear.emit(());
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
        message(&send.error)
    };
    html! {
        <section class="card">
            <h2>{ if *signing_up { l.t("注册", "Sign up") } else { l.t("登录", "Log in") } }</h2>
            <form onsubmit={submit}>
                <label>{ l.t("手机号", "Mobile number") }
                    <input name="phone" type="tel" inputmode="numeric" autocomplete="tel" required=true value={(*phone).clone()}
                        oninput={bind(&phone)} />
                </label>
                <label>{ l.t("密码", "Password") }
                    <input name="password" type="password" required=true minlength="8"
                        autocomplete={if *signing_up { "new-password" } else { "current-password" }} value={(*password).clone()}
                        oninput={bind(&password)} />
                </label>
                { error_line(&error) }
                <button type="submit" disabled={send.busy}>{ if *signing_up { l.t("注册", "Sign up") } else { l.t("登录", "Log in") } }</button>
            </form>
            <button class="link" onclick={switch}>
                { if *signing_up { l.t("已有账号？登录", "Have an account? Log in") } else { l.t("没有账号？注册", "New here? Sign up") } }
            </button>
        </section>
    }
}
