//! The member's own data: download it, log out everywhere, or delete the
//! account (password confirmed); and the brand's contact line, when it
//! has one.

use crate::components::shell::use_ctx;
use crate::router::{Route, use_navigator};
use crate::{api, bind, error_line, message};
use ::api::AccountDeletion;
use yew::prelude::*;

#[component]
pub fn Account() -> Html {
    let ctx = use_ctx();
    let navigator = use_navigator();
    let password = use_state(String::new);
    let l = ctx.lang;
    let c = ctx.client();
    let delete = {
        let (refresh, brand) = (ctx.refresh.clone(), ctx.brand.clone());
        ui::use_action(
            move |body: AccountDeletion| async move { api::delete_account(c, &body).await },
            Callback::from(move |_| {
                refresh.emit(());
                navigator.push(Route::Home {
                    brand: brand.clone(),
                });
            }),
        )
    };
    let contact = ui::use_load(ctx.brand.clone(), move |b: String| async move {
        api::brand_contact(c, &b).await
    });
    let contact = contact
        .ready()
        .map(|b| b.contact.clone())
        .filter(|t| !t.is_empty());
    let everywhere = ui::use_action(
        move |()| async move { api::log_out_everywhere(c).await },
        ctx.refresh.reform(|_| ()),
    );
    let onsubmit = {
        let (password, run) = (password.clone(), delete.run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(AccountDeletion {
                password: (*password).clone(),
            });
        })
    };
    html! {
        <section class="card">
            if let Some(t) = contact {
                <p class="muted" data-testid="brand-contact">{ l.t("联系品牌：", "Contact the brand: ") }{ t }</p>
            }
            <h2>{ l.t("我的数据", "My data") }</h2>
            <p><a href={api::MY_DATA} download="seedbed-my-data.json">{ l.t("下载我的全部数据（JSON）", "Download all my data (JSON)") }</a></p>
            <p><button class="link" disabled={everywhere.busy} onclick={everywhere.run.reform(|_| ())}>{ l.t("在所有设备上退出登录", "Log out on every device") }</button></p>
            { error_line(&message(&everywhere.error)) }
            <details>
                <summary>{ l.t("注销账户", "Delete my account") }</summary>
                <p class="muted">{ l.t("注销后，你的手机号、昵称和申请资料将被删除，无法恢复；积分记录匿名保留用于品牌对账。",
                    "Your phone number, name and application are erased for good; points history stays, anonymous, for the brand's accounts.") }</p>
                <form {onsubmit}>
                    <label>{ l.t("输入密码确认", "Confirm with your password") }
                        <input name="confirm_password" type="password" autocomplete="current-password" value={(*password).clone()} oninput={bind(&password)} />
                    </label>
                    { error_line(&message(&delete.error)) }
                    <button type="submit" class="danger" disabled={delete.busy}>{ l.t("永久注销", "Delete for good") }</button>
                </form>
            </details>
        </section>
    }
}
