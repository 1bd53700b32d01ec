//! The KOC application form: who you are, where you post, what you like,
//! and consent to the terms and to data processing. The form's state is
//! one reducer ([`Form`], changed by [`Edit`]s).

use crate::api;
use crate::components::evidence::Evidence;
use crate::components::shell::use_ctx;
use crate::router::{Redirect, Route, use_navigator};
use crate::{checked_of, error_line, message, value_of};
use ::api::{ApplicationForm, SocialAccount};
use std::rc::Rc;
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

/// Everything typed into the form.
#[derive(Clone, PartialEq)]
struct Form {
    name: String,
    contact: String,
    city: String,
    accounts: Vec<Account>,
    interests: Vec<String>,
    motivation: String,
    consent_terms: bool,
    consent_data: bool,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            name: String::new(),
            contact: String::new(),
            city: String::new(),
            accounts: vec![Account::default()],
            interests: Vec::new(),
            motivation: String::new(),
            consent_terms: false,
            consent_data: false,
        }
    }
}

#[derive(Clone, Copy)]
enum Text {
    Name,
    Contact,
    City,
    Motivation,
}

#[derive(Clone, Copy)]
enum AccountField {
    Platform,
    Profile,
    Followers,
}

enum Edit {
    Text(Text, String),
    Account(usize, AccountField, String),
    AddAccount,
    Interest(&'static str, bool),
    ConsentTerms(bool),
    ConsentData(bool),
}

impl Reducible for Form {
    type Action = Edit;

    fn reduce(self: Rc<Self>, edit: Edit) -> Rc<Self> {
        let mut f = (*self).clone();
        match edit {
            Edit::Text(which, v) => {
                *match which {
                    Text::Name => &mut f.name,
                    Text::Contact => &mut f.contact,
                    Text::City => &mut f.city,
                    Text::Motivation => &mut f.motivation,
                } = v
            }
            Edit::Account(i, field, v) => {
                if let Some(a) = f.accounts.get_mut(i) {
                    *match field {
                        AccountField::Platform => &mut a.platform,
                        AccountField::Profile => &mut a.profile_url,
                        AccountField::Followers => &mut a.followers,
                    } = v;
                }
            }
            Edit::AddAccount if f.accounts.len() < 10 => f.accounts.push(Account::default()),
            Edit::AddAccount => {}
            Edit::Interest(zh, on) => {
                f.interests.retain(|x| x != zh);
                if on {
                    f.interests.push(zh.to_string());
                }
            }
            Edit::ConsentTerms(on) => f.consent_terms = on,
            Edit::ConsentData(on) => f.consent_data = on,
        }
        Rc::new(f)
    }
}

impl Form {
    /// The request, or what to fix first.
    fn request(
        &self,
        l: ui::Lang,
        invite: Option<String>,
        evidence: Vec<String>,
    ) -> Result<ApplicationForm, &'static str> {
        if !self.consent_terms || !self.consent_data {
            return Err(l.t(
                "请同意活动条款和个人信息处理规则。",
                "Please agree to the program terms and to data processing.",
            ));
        }
        let mut social = Vec::new();
        for a in &self.accounts {
            let followers = a
                .followers
                .trim()
                .replace([',', '，'], "")
                .parse::<i64>()
                .map_err(|_| {
                    l.t(
                        "粉丝数请填写数字。",
                        "Enter the follower count as a number.",
                    )
                })?;
            social.push(SocialAccount {
                platform: a.platform.clone(),
                profile_url: a.profile_url.clone(),
                followers,
            });
        }
        Ok(ApplicationForm {
            display_name: self.name.clone(),
            contact: self.contact.clone(),
            city: self.city.clone(),
            social_accounts: social,
            interests: self.interests.clone(),
            motivation: self.motivation.clone(),
            consent_terms: self.consent_terms,
            consent_data: self.consent_data,
            invite,
            evidence,
        })
    }
}

#[component]
pub fn Apply() -> Html {
    let ctx = use_ctx();
    let navigator = use_navigator();
    let form = use_reducer(Form::default);
    let evidence = use_state(Vec::<String>::new);
    let refused = use_state(|| None::<&'static str>);
    let retry = use_mut_ref(ui::services::RetryKey::default);
    let l = ctx.lang;
    let send = {
        let c = ctx.client();
        let (refresh, brand) = (ctx.refresh.clone(), ctx.brand.clone());
        ui::use_action(
            move |body: ApplicationForm| {
                let retry = retry.clone();
                async move { api::apply(c, &body, &retry).await }
            },
            Callback::from(move |_| {
                refresh.emit(());
                navigator.push(Route::Home {
                    brand: brand.clone(),
                });
            }),
        )
    };

    if ctx.signed_out() {
        return html! { <Redirect to={Route::Home { brand: ctx.brand.clone() }} /> };
    }

    let submit = {
        let (form, evidence, refused, run, brand) = (
            form.clone(),
            evidence.clone(),
            refused.clone(),
            send.run.clone(),
            ctx.brand.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.request(l, invite_for(&brand), (*evidence).clone()) {
                Ok(body) => {
                    refused.set(None);
                    run.emit(body);
                }
                Err(why) => refused.set(Some(why)),
            }
        })
    };
    let text = |which: Text| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| form.dispatch(Edit::Text(which, value_of(&e))))
    };
    let account = |i: usize, field: AccountField| {
        let form = form.clone();
        Callback::from(move |e: Event| form.dispatch(Edit::Account(i, field, value_of(&e))))
    };
    let account_rows = form.accounts.iter().enumerate().map(|(i, a)| {
        let typed = |field| account(i, field).reform(|e: InputEvent| e.into());
        html! {
            <fieldset class="account">
                <legend>{ l.t("社交账号", "Social account") }{ format!(" {}", i + 1) }</legend>
                <label>{ l.t("平台", "Platform") }
                    <select name={format!("platform-{i}")} onchange={account(i, AccountField::Platform)}>
                        { for PLATFORMS.iter().map(|p| html! { <option value={*p} selected={a.platform == *p}>{ l.platform(p) }</option> }) }
                    </select>
                </label>
                <label>{ l.t("主页链接或账号 ID", "Profile link or ID") }
                    <input name={format!("profile-{i}")} required=true value={a.profile_url.clone()} oninput={typed(AccountField::Profile)} />
                </label>
                <label>{ l.t("粉丝数", "Followers") }
                    <input name={format!("followers-{i}")} inputmode="numeric" required=true value={a.followers.clone()} oninput={typed(AccountField::Followers)} />
                </label>
            </fieldset>
        }
    });
    let add_account = {
        let form = form.clone();
        Callback::from(move |_| form.dispatch(Edit::AddAccount))
    };
    let interest_boxes = INTERESTS.iter().map(|(zh, en)| {
        let on = form.interests.iter().any(|x| x == zh);
        let f = form.clone();
        let toggle = Callback::from(move |e: Event| f.dispatch(Edit::Interest(zh, checked_of(&e))));
        html! { <label class="chip"><input type="checkbox" checked={on} onchange={toggle} />{ l.t(zh, en) }</label> }
    });
    let check = |edit: fn(bool) -> Edit| {
        let form = form.clone();
        Callback::from(move |e: Event| form.dispatch(edit(checked_of(&e))))
    };
    let error = refused.map(str::to_string).or_else(|| message(&send.error));

    html! {
        <section class="card">
            <h1>{ l.t("申请成为 KOC", "Apply to be a KOC") }</h1>
            <form onsubmit={submit}>
                <label>{ l.t("昵称", "Display name") }<input name="display_name" required=true maxlength="40" value={form.name.clone()} oninput={text(Text::Name)} /></label>
                <label>{ l.t("联系方式（手机号或微信号）", "Contact (phone or WeChat ID)") }<input name="contact" required=true maxlength="64" value={form.contact.clone()} oninput={text(Text::Contact)} /></label>
                <label>{ l.t("所在城市", "City") }<input name="city" required=true maxlength="40" value={form.city.clone()} oninput={text(Text::City)} /></label>
                { for account_rows }
                <button type="button" class="link" onclick={add_account}>{ l.t("+ 再添加一个账号", "+ Add another account") }</button>
                <Evidence ids={evidence.clone()} />
                <fieldset><legend>{ l.t("兴趣领域", "Interests") }</legend><div class="chips">{ for interest_boxes }</div></fieldset>
                <label>{ l.t("为什么想加入？", "Why do you want to join?") }
                    <textarea name="motivation" maxlength="1000" rows="3" value={form.motivation.clone()} oninput={text(Text::Motivation)} />
                </label>
                <label class="check"><input name="consent_terms" type="checkbox" checked={form.consent_terms} onchange={check(Edit::ConsentTerms)} />
                    { l.t("我已阅读并同意《KOC 活动条款》，发布合作内容时会按平台规则标注广告。", "I accept the KOC program terms and will mark paid content as the platform requires.") }</label>
                <label class="check"><input name="consent_data" type="checkbox" checked={form.consent_data} onchange={check(Edit::ConsentData)} />
                    { l.t("我同意品牌为审核与活动运营处理我的个人信息。", "I consent to the brand processing my personal data to review and run the program.") }</label>
                { error_line(&error) }
                <button type="submit" disabled={send.busy}>{ l.t("提交申请", "Submit application") }</button>
            </form>
        </section>
    }
}
