//! 我的账号 on the phone (issue 17: content): the staff member's accounts
//! on each platform (a manager's: the store's and its staff's), adding one
//! (handle and profile link only: never a password) and recording today's
//! follower count.

use crate::api_staff_content as api;
use crate::{error_line, message};
use ::api::{FollowerForm, KosAccountForm, KosAccountView};
use rules::words::KosPlatform;
use ui::Lang;
use yew::prelude::*;

pub fn platform_name(l: Lang, p: KosPlatform) -> &'static str {
    match p {
        KosPlatform::Douyin => l.t("抖音", "Douyin"),
        KosPlatform::Xiaohongshu => l.t("小红书", "Xiaohongshu"),
        KosPlatform::WechatChannels => l.t("视频号", "WeChat Channels"),
        KosPlatform::Weibo => l.t("微博", "Weibo"),
        KosPlatform::Bilibili => l.t("哔哩哔哩", "Bilibili"),
        KosPlatform::Kuaishou => l.t("快手", "Kuaishou"),
        KosPlatform::PersonalWechat => l.t("个人微信", "Personal WeChat"),
        KosPlatform::Wecom => l.t("企业微信", "WeCom"),
        KosPlatform::OfficialAccount => l.t("公众号", "Official account"),
        KosPlatform::MiniProgram => l.t("小程序", "Mini-program"),
    }
}

#[component]
pub fn MyAccounts() -> Html {
    let ctx = super::shell::use_staff();
    let l = ctx.lang;
    let c = ctx.client();
    let list = ui::use_load((), move |()| api::my_accounts(c));
    let platform = use_state(|| "xiaohongshu".to_string());
    let (handle, url) = (use_state(String::new), use_state(String::new));
    let add = {
        let (reload, handle, url) = (list.reload.clone(), handle.clone(), url.clone());
        ui::use_action(
            move |form: KosAccountForm| async move { api::add_account(c, &form).await },
            Callback::from(move |_| {
                handle.set(String::new());
                url.set(String::new());
                reload.emit(());
            }),
        )
    };
    let onsubmit = {
        let (run, platform, handle, url) = (
            add.run.clone(),
            platform.clone(),
            handle.clone(),
            url.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(KosAccountForm {
                owner_level: String::new(),
                owner_id: String::new(),
                platform: (*platform).clone(),
                handle: (*handle).clone(),
                profile_url: (*url).clone(),
                status: None,
                followers: None,
            });
        })
    };
    let pick = {
        let platform = platform.clone();
        Callback::from(move |e: Event| platform.set(ui::form::value_of(&e)))
    };
    let reload = list.reload.clone();
    html! {
        <section>
            <h2>{ l.t("我的账号", "My accounts") }</h2>
            { ui::view_load(&list, l, |v| if v.is_empty() {
                html! { <p class="muted">{ l.t("还没有登记账号。", "No accounts yet.") }</p> }
            } else { html! {
                <ul class="list">{ for v.iter().map(|a| html! { <Row account={a.clone()} on_done={reload.clone()} /> }) }</ul>
            } }) }
            <details class="card">
                <summary>{ l.t("登记账号", "Add an account") }</summary>
                <form {onsubmit} data-testid="add-account">
                    <label>{ l.t("平台", "Platform") }
                        <select name="platform" onchange={pick}>
                            { for KosPlatform::ALL.iter().map(|p| html! {
                                <option value={p.as_str()} selected={*platform == p.as_str()}>{ platform_name(l, *p) }</option>
                            }) }
                        </select></label>
                    <label>{ l.t("账号名", "Handle") }<input name="handle" value={(*handle).clone()} oninput={crate::bind(&handle)} /></label>
                    <label>{ l.t("主页链接（选填）", "Profile link (optional)") }
                        <input name="profile_url" type="url" value={(*url).clone()} oninput={crate::bind(&url)} /></label>
                    <p class="muted">{ l.t("账号属于品牌资产，只登记账号名和链接，不要填写密码。", "Accounts are brand assets: give the handle and link, never a password.") }</p>
                    { error_line(&message(&add.error)) }
                    <button type="submit" disabled={add.busy}>{ l.t("登记", "Add") }</button>
                </form>
            </details>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    account: KosAccountView,
    on_done: Callback<()>,
}

#[component]
fn Row(props: &RowProps) -> Html {
    let ctx = super::shell::use_staff();
    let l = ctx.lang;
    let c = ctx.client();
    let a = &props.account;
    let count = use_state(String::new);
    let id = a.id.clone();
    let save = ui::use_action(
        move |form: FollowerForm| {
            let id = id.clone();
            async move { api::record_followers(c, &id, &form).await }
        },
        props.on_done.reform(|_| ()),
    );
    let onsubmit = {
        let (run, count) = (save.run.clone(), count.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Ok(n) = count.trim().parse::<i64>() {
                run.emit(FollowerForm {
                    on_date: None,
                    followers: n,
                });
            }
        })
    };
    html! {
        <li class="card" data-testid="my-account" data-platform={a.platform.as_str()}>
            <p class="eyebrow">{ platform_name(l, a.platform) }
                { if a.private { l.t(" · 私域", " · private") } else { l.t(" · 公域", " · public") } }</p>
            <h3>{ &a.handle }</h3>
            <p class="muted">{ &a.owner_name }{ " · " }{ l.number(a.followers) }{ l.t(" 粉丝", " followers") }</p>
            <form {onsubmit} class="inline">
                <input name="followers" inputmode="numeric" aria-label={l.t("今日粉丝数", "Followers today")}
                    placeholder={l.t("今日粉丝数", "Followers today")} value={(*count).clone()} oninput={crate::bind(&count)} />
                <button type="submit" class="secondary" disabled={save.busy}>{ l.t("更新", "Update") }</button>
            </form>
            { error_line(&message(&save.error)) }
        </li>
    }
}
