//! The brand's API keys (settings, owners): the keys its shop and tills
//! sign the server-to-server API with (points as cash at the checkout).
//! A new key's secret is shown once, here, right after it is made; a
//! revoked key's calls are refused at once.

use super::bind;
use crate::api;
use crate::app::use_ctx;
use crate::components::failure_line;
use ::api::{ApiKeyForm, NewApiKey};
use ui::{use_action, use_load, view_load};
use yew::prelude::*;

/// What the page sends.
enum Write {
    Create(ApiKeyForm),
    Revoke(String),
}

#[component]
pub fn ApiKeys() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let keys = use_load((), move |()| api::api_keys(client));
    let label = use_state(String::new);
    let write = {
        let (reload, label) = (keys.reload.clone(), label.clone());
        use_action(
            move |w: Write| async move {
                Ok(match w {
                    Write::Create(body) => Some(api::create_api_key(client, body).await?),
                    Write::Revoke(id) => api::revoke_api_key(client, &id).await.map(|_| None)?,
                })
            },
            Callback::from(move |made: std::rc::Rc<Option<NewApiKey>>| {
                if made.is_some() {
                    label.set(String::new());
                }
                reload.emit(());
            }),
        )
    };
    let create = {
        let (run, label) = (write.run.clone(), label.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(Write::Create(ApiKeyForm {
                label: (*label).clone(),
            }));
        })
    };
    let made = write.done.as_deref().and_then(|m| m.clone());
    let run = write.run.clone();
    let list = view_load(&keys, l, move |keys| {
        if keys.is_empty() {
            return html! { <p class="muted">{ l.t("还没有 API 密钥。", "No API keys yet.") }</p> };
        }
        html! {
            <table data-testid="api-keys">
                <thead><tr><th>{ l.t("名称", "Label") }</th><th>{ l.t("密钥编号", "Key id") }</th><th>{ l.t("创建", "Created") }</th><th>{ l.t("最近使用", "Last used") }</th><th></th></tr></thead>
                <tbody>{ for keys.iter().map(|k| {
                    let id = k.id.clone();
                    let revoke = run.reform(move |_: MouseEvent| Write::Revoke(id.clone()));
                    html! {
                        <tr data-key={k.id.clone()}>
                            <td>{ &k.label }</td>
                            <td><code>{ &k.id }</code></td>
                            <td>{ l.date(k.created_at, "Asia/Shanghai", true) }</td>
                            <td>{ k.last_used_at.map(|t| l.date(t, "Asia/Shanghai", true)).unwrap_or_else(|| l.t("从未", "Never").into()) }</td>
                            <td>if let Some(t) = k.revoked_at {
                                <span class="muted">{ l.t("已吊销 ", "Revoked ") }{ l.date(t, "Asia/Shanghai", false) }</span>
                            } else {
                                <button class="danger" onclick={revoke}>{ l.t("吊销", "Revoke") }</button>
                            }</td>
                        </tr>
                    }
                }) }</tbody>
            </table>
        }
    });
    html! {
        <>
            <h1>{ l.t("API 密钥", "API keys") }</h1>
            <p class="muted">{ l.t(
                "品牌的商城或收银系统用 API 密钥签名调用 Seedbed（例如会员用积分抵现）。签名方法见 README「Points as cash at the till」。",
                "The brand's shop or tills sign their calls to Seedbed with an API key (paying with points, for one). The README's \"Points as cash at the till\" shows how to sign.") }</p>
            <section class="card">
                <h2>{ l.t("新建密钥", "New key") }</h2>
                <form class="toolbar" onsubmit={create}>
                    <input name="label" required=true maxlength="60" placeholder={l.t("用途，例如：门店收银", "What for, e.g. store tills")} value={(*label).clone()} oninput={bind(&label)} />
                    <button type="submit" disabled={write.busy}>{ l.t("创建", "Create") }</button>
                </form>
                if let Some(m) = made {
                    <div class="ok" data-testid="new-key">
                        <p>{ l.t("密钥已创建。请立即复制保存密钥，它只显示这一次：", "Key created. Copy the secret now: it is shown this once.") }</p>
                        <p>{ l.t("密钥编号 ", "Key id ") }<input readonly=true name="key-id" value={m.key.id.clone()} /></p>
                        <p>{ l.t("密钥 ", "Secret ") }<input readonly=true name="key-secret" value={m.secret.clone()} /></p>
                    </div>
                }
                { failure_line(&write.error) }
            </section>
            { list }
        </>
    }
}
