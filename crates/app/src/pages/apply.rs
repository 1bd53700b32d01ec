//! The KOC application form: who you are, where you post, what you like,
//! and consent to the terms and to data processing.

use super::{bind, checked_of, error_line, value_of};
use crate::app::{Redirect, Route, use_navigator};
use crate::components::shell::use_ctx;
use api::{ApplicationForm, SocialAccount};
use yew::platform::spawn_local;
use yew::prelude::*;

const INTERESTS: &[(&str, &str)] = &[
    ("护肤", "Skincare"),
    ("彩妆", "Make-up"),
    ("穿搭", "Fashion"),
    ("美食", "Food"),
    ("母婴", "Parenting"),
    ("家居", "Home"),
    ("数码", "Gadgets"),
    ("旅行", "Travel"),
];
const PLATFORMS: &[&str] = &[
    "xiaohongshu",
    "douyin",
    "weibo",
    "bilibili",
    "wechat",
    "kuaishou",
];

/// Where the invitation code of the link the applicant came by is kept
/// (`{brand}/{code}`).
pub const INVITE_KEY: &str = "seedbed_invite";

/// The kept invitation code, if it is this brand's.
fn invite_for(brand: &str) -> Option<String> {
    let kept = ui::services::recall(INVITE_KEY)?;
    let (b, code) = kept.split_once('/')?;
    (b == brand).then(|| code.to_string())
}

#[derive(Clone, PartialEq)]
struct Account {
    platform: String,
    profile_url: String,
    followers: String,
}

impl Default for Account {
    fn default() -> Self {
        Account {
            platform: "xiaohongshu".into(),
            profile_url: String::new(),
            followers: String::new(),
        }
    }
}

#[component]
pub fn Apply() -> Html {
    let ctx = use_ctx();
    let navigator = use_navigator();
    let name = use_state(String::new);
    let contact = use_state(String::new);
    let city = use_state(String::new);
    let accounts = use_state(|| vec![Account::default()]);
    let interests = use_state(Vec::<String>::new);
    let motivation = use_state(String::new);
    let consent_terms = use_state(|| false);
    let consent_data = use_state(|| false);
    let evidence = use_state(Vec::<String>::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let retry = use_mut_ref(ui::services::RetryKey::default);
    let l = ctx.lang;

    if ctx.me.as_ref().is_some_and(|m| m.is_none()) {
        return html! { <Redirect to={Route::Home { brand: ctx.brand.clone() }} /> };
    }

    let submit = {
        let (name, contact, city, accounts, interests, motivation) = (
            name.clone(),
            contact.clone(),
            city.clone(),
            accounts.clone(),
            interests.clone(),
            motivation.clone(),
        );
        let (consent_terms, consent_data, error, busy, ctx, evidence) = (
            consent_terms.clone(),
            consent_data.clone(),
            error.clone(),
            busy.clone(),
            ctx.clone(),
            evidence.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !*consent_terms || !*consent_data {
                error.set(Some(
                    l.t(
                        "请同意活动条款和个人信息处理规则。",
                        "Please agree to the program terms and to data processing.",
                    )
                    .into(),
                ));
                return;
            }
            let mut social = Vec::new();
            for a in accounts.iter() {
                let Ok(followers) = a.followers.trim().replace([',', '，'], "").parse::<i64>()
                else {
                    error.set(Some(
                        l.t(
                            "粉丝数请填写数字。",
                            "Enter the follower count as a number.",
                        )
                        .into(),
                    ));
                    return;
                };
                social.push(SocialAccount {
                    platform: a.platform.clone(),
                    profile_url: a.profile_url.clone(),
                    followers,
                });
            }
            let form = ApplicationForm {
                display_name: (*name).clone(),
                contact: (*contact).clone(),
                city: (*city).clone(),
                social_accounts: social,
                interests: (*interests).clone(),
                motivation: (*motivation).clone(),
                consent_terms: *consent_terms,
                consent_data: *consent_data,
                invite: invite_for(&ctx.brand),
                evidence: (*evidence).clone(),
            };
            let (client, refresh, error, busy, navigator, brand, retry) = (
                ctx.client(),
                ctx.refresh.clone(),
                error.clone(),
                busy.clone(),
                navigator.clone(),
                ctx.brand.clone(),
                retry.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                match client
                    .post_once::<_, serde::de::IgnoredAny>("/api/v1/me/application", &form, &retry)
                    .await
                {
                    Ok(_) => {
                        refresh.emit(());
                        navigator.push(Route::Home { brand });
                    }
                    Err(e) => error.set(Some(e.message)),
                }
                busy.set(false);
            });
        })
    };

    let account_rows = accounts.iter().enumerate().map(|(i, a)| {
        let edit = |f: fn(&mut Account, String)| {
            let accounts = accounts.clone();
            Callback::from(move |e: Event| {
                let mut v = (*accounts).clone();
                f(&mut v[i], value_of(&e));
                accounts.set(v);
            })
        };
        html! {
            <fieldset class="account">
                <legend>{ l.t("社交账号", "Social account") }{ format!(" {}", i + 1) }</legend>
                <label>{ l.t("平台", "Platform") }
                    <select name={format!("platform-{i}")} onchange={edit(|a, v| a.platform = v)}>
                        { for PLATFORMS.iter().map(|p| html! { <option value={*p} selected={a.platform == *p}>{ l.platform(p) }</option> }) }
                    </select>
                </label>
                <label>{ l.t("主页链接或账号 ID", "Profile link or ID") }
                    <input name={format!("profile-{i}")} required=true value={a.profile_url.clone()} oninput={edit(|a, v| a.profile_url = v).reform(|e: InputEvent| e.into())} />
                </label>
                <label>{ l.t("粉丝数", "Followers") }
                    <input name={format!("followers-{i}")} inputmode="numeric" required=true value={a.followers.clone()} oninput={edit(|a, v| a.followers = v).reform(|e: InputEvent| e.into())} />
                </label>
            </fieldset>
        }
    });
    let add_account = {
        let accounts = accounts.clone();
        Callback::from(move |_| {
            let mut v = (*accounts).clone();
            if v.len() < 10 {
                v.push(Account::default());
            }
            accounts.set(v);
        })
    };
    let interest_boxes = INTERESTS.iter().map(|(zh, en)| {
        let interests = interests.clone();
        let on = interests.contains(&zh.to_string());
        let toggle = Callback::from(move |e: Event| {
            let mut v = (*interests).clone();
            v.retain(|x| x != zh);
            if checked_of(&e) {
                v.push(zh.to_string());
            }
            interests.set(v);
        });
        html! { <label class="chip"><input type="checkbox" checked={on} onchange={toggle} />{ l.t(zh, en) }</label> }
    });
    let check = |state: &UseStateHandle<bool>| {
        let s = state.clone();
        Callback::from(move |e: Event| s.set(checked_of(&e)))
    };

    html! {
        <section class="card">
            <h1>{ l.t("申请成为 KOC", "Apply to be a KOC") }</h1>
            <form onsubmit={submit}>
                <label>{ l.t("昵称", "Display name") }<input name="display_name" required=true maxlength="40" value={(*name).clone()} oninput={bind(&name)} /></label>
                <label>{ l.t("联系方式（手机号或微信号）", "Contact (phone or WeChat ID)") }<input name="contact" required=true maxlength="64" value={(*contact).clone()} oninput={bind(&contact)} /></label>
                <label>{ l.t("所在城市", "City") }<input name="city" required=true maxlength="40" value={(*city).clone()} oninput={bind(&city)} /></label>
                { for account_rows }
                <button type="button" class="link" onclick={add_account}>{ l.t("+ 再添加一个账号", "+ Add another account") }</button>
                <Evidence ids={evidence.clone()} />
                <fieldset><legend>{ l.t("兴趣领域", "Interests") }</legend><div class="chips">{ for interest_boxes }</div></fieldset>
                <label>{ l.t("为什么想加入？", "Why do you want to join?") }
                    <textarea name="motivation" maxlength="1000" rows="3" value={(*motivation).clone()} oninput={bind(&motivation)} />
                </label>
                <label class="check"><input name="consent_terms" type="checkbox" checked={*consent_terms} onchange={check(&consent_terms)} />
                    { l.t("我已阅读并同意《KOC 活动条款》，发布合作内容时会按平台规则标注广告。", "I accept the KOC program terms and will mark paid content as the platform requires.") }</label>
                <label class="check"><input name="consent_data" type="checkbox" checked={*consent_data} onchange={check(&consent_data)} />
                    { l.t("我同意品牌为审核与活动运营处理我的个人信息。", "I consent to the brand processing my personal data to review and run the program.") }</label>
                { error_line(&error) }
                <button type="submit" disabled={*busy}>{ l.t("提交申请", "Submit application") }</button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct EvidenceProps {
    pub ids: UseStateHandle<Vec<String>>,
    /// One screenshot of a published note, instead of up to five of accounts.
    #[prop_or_default]
    pub note: bool,
}

/// Screenshots of the applicant's accounts (follower counts, best notes):
/// each is uploaded as soon as it is picked, up to five.
#[component]
pub fn Evidence(props: &EvidenceProps) -> Html {
    let ctx = use_ctx();
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let pick = {
        let (ids, error, client) = (props.ids.clone(), error.clone(), ctx.client());
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target_dyn_into();
            let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) else {
                return;
            };
            let (ids, error) = (ids.clone(), error.clone());
            spawn_local(async move {
                match client
                    .upload::<api::UploadView>("/api/v1/me/uploads", &file)
                    .await
                {
                    Ok(u) => {
                        let mut v = (*ids).clone();
                        v.push(u.id);
                        ids.set(v);
                        error.set(None);
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    html! {
        <label>{ if props.note { l.t("笔记截图（可选）", "Screenshot of the note (optional)") } else { l.t("账号截图（可选，最多 5 张）", "Account screenshots (optional, up to 5)") } }
            if props.ids.len() < if props.note { 1 } else { 5 } {
                <input name="evidence" type="file" accept="image/png,image/jpeg,image/webp" onchange={pick} />
            }
            if !props.ids.is_empty() {
                <span class="ok" data-testid="evidence-count">{ "✓ " }{ props.ids.len() }{ l.t(" 张已上传", " uploaded") }</span>
            }
            { error_line(&error) }
        </label>
    }
}
