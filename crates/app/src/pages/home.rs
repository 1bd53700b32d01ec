//! The home page of a brand: log in or sign up, the application's status,
//! this month's theme and its campaigns, and the member's submissions.

use super::{bind, error_line};
use crate::app::{Link, Route};
use crate::components::shell::{Ctx, use_ctx};
use api::{MemberCredentials, MemberMe, MyCampaign, MyNote, MyTheme};
use yew::platform::spawn_local;
use yew::prelude::*;

#[component]
pub fn Home() -> Html {
    let ctx = use_ctx();
    let theme = use_state(|| None::<Result<MyTheme, String>>);
    let reload = use_state(|| 0u32);
    {
        let (theme, client, brand) = (theme.clone(), ctx.client(), ctx.brand.clone());
        let signed_in = ctx.member().map(|m| m.member_id.clone());
        use_effect_with((brand.clone(), signed_in, *reload), move |_| {
            spawn_local(async move {
                let r = client
                    .get::<MyTheme>(&format!("/api/v1/brands/{brand}/themes/current"))
                    .await;
                theme.set(Some(r.map_err(|e| e.message)));
            });
        });
    }
    let on_changed = {
        let (reload, refresh) = (reload.clone(), ctx.refresh.clone());
        Callback::from(move |()| {
            reload.set(*reload + 1);
            refresh.emit(());
        })
    };
    let l = ctx.lang;
    let top = match &ctx.me {
        None => html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> },
        Some(None) => html! { <Auth /> },
        Some(Some(me)) => status_card(&ctx, me),
    };
    let theme_html = match &*theme {
        None => html! {},
        Some(Err(_)) => {
            html! { <section class="card"><p class="muted">{ l.t("本月主题还在筹备中，敬请期待。", "This month's theme is on its way.") }</p></section> }
        }
        Some(Ok(t)) => html! {
            <section class="theme">
                if let Some(url) = &t.artwork_url { <img class="artwork" src={url.clone()} alt="" /> }
                <p class="eyebrow">{ l.t("本月主题", "This month's theme") }{ " · " }{ &t.month }</p>
                <h1>{ &t.title }</h1>
                <p>{ &t.description }</p>
                { for t.campaigns.iter().map(|c| html! { <CampaignCard campaign={c.clone()} on_changed={on_changed.clone()} /> }) }
            </section>
        },
    };
    html! {
        <>
            { top }
            { theme_html }
            if ctx.approved() {
                <super::tasks::MyTasks />
                <MySubmissions />
            }
        </>
    }
}

fn status_card(ctx: &Ctx, me: &MemberMe) -> Html {
    let l = ctx.lang;
    let brand = ctx.brand.clone();
    match &me.application {
        None => html! {
            <section class="card accent">
                <h2>{ l.t("成为品牌 KOC", "Become a KOC") }</h2>
                <p>{ l.t("分享真实体验，参加每月主题活动，赚取积分与奖励。", "Share real experiences, join monthly themes, earn points and rewards.") }</p>
                <Link to={Route::Apply { brand }} classes="button">{ l.t("立即申请", "Apply now") }</Link>
            </section>
        },
        Some(a) if a.status == "pending" => html! {
            <section class="card" data-status="pending">
                <h2>{ l.t("申请审核中", "Application under review") }</h2>
                <p class="muted">{ l.t("我们会尽快审核你的申请，结果会显示在这里。", "We will review it soon; the result shows here.") }</p>
            </section>
        },
        Some(a) if a.status == "more_info" => {
            html! { <MoreInfo question={a.info_request.clone().unwrap_or_default()} /> }
        }
        Some(a) if a.status == "rejected" => html! {
            <section class="card" data-status="rejected">
                <h2>{ l.t("申请未通过", "Application not approved") }</h2>
                <p>{ l.t("原因：", "Reason: ") }{ a.reason.clone().unwrap_or_default() }</p>
                if a.appeal_note.is_none() {
                    <super::tasks::Appeal path="/api/v1/me/application/appeal" on_done={ctx.refresh.clone()} />
                }
            </section>
        },
        Some(_) => html! {
            <section class="card stats" data-status="approved">
                <div>
                    <p class="eyebrow">{ l.t("等级", "Tier") }</p>
                    <p class="big" data-testid="tier">{ l.tier(&me.tier) }</p>
                </div>
                <Link to={Route::Points { brand }} classes="stat">
                    <p class="eyebrow">{ l.t("积分", "Points") }</p>
                    <p class="big" data-testid="balance">{ l.number(me.balance) }</p>
                </Link>
                if let Some(p) = &me.progress {
                    <p class="progress" data-testid="tier-progress">{ if l == ui::i18n::Lang::Zh { &p.zh } else { &p.en } }</p>
                }
                if let Some(day) = &me.tier_since {
                    <p class="muted small" data-testid="tier-since">
                        { l.tier(&me.tier) }{ l.t(" · 自 ", " since ") }{ l.day(day) }
                    </p>
                }
            </section>
        },
    }
}

#[derive(Properties, PartialEq)]
struct MoreInfoProps {
    question: String,
}

/// The reviewer asked for more: answer, optionally with screenshots; the
/// application goes back to review.
#[component]
fn MoreInfo(props: &MoreInfoProps) -> Html {
    let ctx = use_ctx();
    let reply = use_state(String::new);
    let evidence = use_state(Vec::<String>::new);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let send = {
        let (client, reply, evidence, error, refresh) = (
            ctx.client(),
            reply.clone(),
            evidence.clone(),
            error.clone(),
            ctx.refresh.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = api::InfoReply {
                reply: (*reply).clone(),
                evidence: (*evidence).clone(),
            };
            let (error, refresh) = (error.clone(), refresh.clone());
            spawn_local(async move {
                match client
                    .post::<_, serde::de::IgnoredAny>("/api/v1/me/application/reply", &body)
                    .await
                {
                    Ok(_) => refresh.emit(()),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    html! {
        <section class="card accent" data-status="more_info">
            <h2>{ l.t("需要补充信息", "More information needed") }</h2>
            <p data-testid="question">{ &props.question }</p>
            <form onsubmit={send}>
                <label>{ l.t("你的回复", "Your answer") }
                    <textarea name="reply" rows="3" maxlength="1000" required=true value={(*reply).clone()} oninput={bind(&reply)} />
                </label>
                <super::apply::Evidence ids={evidence.clone()} />
                { error_line(&error) }
                <button type="submit">{ l.t("提交回复", "Send") }</button>
            </form>
        </section>
    }
}

/// Log in, or sign up with phone and password.
#[component]
fn Auth() -> Html {
    let ctx = use_ctx();
    let signing_up = use_state(|| false);
    let phone = use_state(String::new);
    let password = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let l = ctx.lang;
    let submit = {
        let (ctx, signing_up, phone, password, error, busy) = (
            ctx.clone(),
            *signing_up,
            phone.clone(),
            password.clone(),
            error.clone(),
            busy.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            if rules::Phone::parse(&phone).is_err() {
                error.set(Some(
                    l.t(
                        "请输入 11 位中国大陆手机号。",
                        "Enter an 11-digit mainland mobile number.",
                    )
                    .into(),
                ));
                return;
            }
            let body = MemberCredentials {
                phone: (*phone).clone(),
                password: (*password).clone(),
            };
            let path = if signing_up {
                format!("/api/v1/brands/{}/members", ctx.brand)
            } else {
                format!("/api/v1/brands/{}/session", ctx.brand)
            };
            let (client, refresh, error, busy) = (
                ctx.client(),
                ctx.refresh.clone(),
                error.clone(),
                busy.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                match client.post::<_, MemberMe>(&path, &body).await {
                    Ok(_) => refresh.emit(()),
                    Err(e) => error.set(Some(e.message)),
                }
                busy.set(false);
            });
        })
    };
    let switch = {
        let (signing_up, error) = (signing_up.clone(), error.clone());
        Callback::from(move |_| {
            signing_up.set(!*signing_up);
            error.set(None);
        })
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
                <button type="submit" disabled={*busy}>{ if *signing_up { l.t("注册", "Sign up") } else { l.t("登录", "Log in") } }</button>
            </form>
            <button class="link" onclick={switch}>
                { if *signing_up { l.t("已有账号？登录", "Have an account? Log in") } else { l.t("没有账号？注册", "New here? Sign up") } }
            </button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct CampaignCardProps {
    pub campaign: MyCampaign,
    pub on_changed: Callback<()>,
}

#[component]
pub fn CampaignCard(props: &CampaignCardProps) -> Html {
    let ctx = use_ctx();
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let c = &props.campaign;
    let join = {
        let (client, id, error, on_changed) = (
            ctx.client(),
            c.id.clone(),
            error.clone(),
            props.on_changed.clone(),
        );
        Callback::from(move |_| {
            let (id, error, on_changed) = (id.clone(), error.clone(), on_changed.clone());
            spawn_local(async move {
                match client
                    .post::<_, MyCampaign>(&format!("/api/v1/me/campaigns/{id}/signup"), &())
                    .await
                {
                    Ok(_) => on_changed.emit(()),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let oversubscribed = c.signups > c.slots;
    let mine = c.my_signup.as_ref().filter(|s| s.status != "withdrawn");
    let blocked = c.blocked.as_deref();
    let action = if !ctx.approved() {
        html! {}
    } else if let Some(s) = mine {
        html! {
            <>
                <p class="outcome" data-testid="outcome" data-status={s.status.as_str()}>{ outcome(l, s) }</p>
                <Link to={Route::Campaign { brand: ctx.brand.clone(), id: c.id.clone() }} classes="button">{ l.t("查看 · 提交笔记", "Open · submit a note") }</Link>
            </>
        }
    } else if let Some(code) = blocked.filter(|b| *b != "slots_full") {
        html! { <p class="muted" data-testid="blocked" data-code={code.to_string()}>{ why_not(l, code) }</p> }
    } else {
        html! { <button onclick={join}>{ if blocked.is_some() { l.t("名额已满 · 加入候补", "Full · join the waitlist") } else { l.t("报名参加", "Sign up") } }</button> }
    };
    html! {
        <article class="card campaign" data-campaign={c.title.clone()}>
            <h3>{ &c.title }</h3>
            <p>{ &c.brief }</p>
            <p class="tags">{ for c.hashtags.iter().map(|h| html! { <span>{ h }</span> }) }</p>
            <dl>
                <dt>{ l.t("名额", "Slots") }</dt><dd>{ l.number(c.slots) }</dd>
                <dt>{ l.t("已报名", "Signed up") }</dt>
                <dd>{ l.number(c.signups) }{ if oversubscribed { l.t("（火爆）", " (popular)") } else { "" } }</dd>
                <dt>{ l.t("报名截止", "Sign-up closes") }</dt><dd>{ l.day(&c.signup_closes) }</dd>
                <dt>{ l.t("结算日", "Settles on") }</dt><dd>{ l.day(&c.settlement_date) }</dd>
            </dl>
            { error_line(&error) }
            { action }
        </article>
    }
}

/// What became of the member's sign-up, in a line.
pub fn outcome(l: ui::Lang, s: &api::MySignup) -> String {
    match (s.status.as_str(), s.waitlist_pos) {
        ("pending", _) => l
            .t("已报名 · 等待选拔", "Signed up · awaiting selection")
            .into(),
        ("waitlisted", Some(n)) => {
            format!("{}{n}", l.t("候补第 ", "Waitlist place ")) + l.t(" 位", "")
        }
        (status, _) => l.status(status).into(),
    }
}

/// Why the member may not sign up.
fn why_not(l: ui::Lang, code: &str) -> &'static str {
    match code {
        "tier_too_low" => l.t(
            "等级未达到本活动要求",
            "Your tier is below this campaign's minimum",
        ),
        "signup_not_open" => l.t("报名尚未开始", "Sign-up has not opened yet"),
        _ => l.t("报名已截止", "Sign-up is closed"),
    }
}

/// The member's submissions with their review status and points.
#[component]
pub fn MySubmissions() -> Html {
    let ctx = use_ctx();
    let items = use_state(Vec::<MyNote>::new);
    {
        let (items, client) = (items.clone(), ctx.client());
        use_effect_with(ctx.me.clone(), move |_| {
            spawn_local(async move {
                if let Ok(v) = client.get::<Vec<MyNote>>("/api/v1/me/submissions").await {
                    items.set(v);
                }
            });
        });
    }
    let l = ctx.lang;
    if items.is_empty() {
        return html! {};
    }
    html! {
        <section>
            <h2>{ l.t("我的笔记", "My notes") }</h2>
            <ul class="list">
                { for items.iter().map(|s| submission_row(&ctx, s)) }
            </ul>
        </section>
    }
}

pub fn submission_row(ctx: &Ctx, s: &MyNote) -> Html {
    let l = ctx.lang;
    html! {
        <li class="row" data-status={s.status.as_str()}>
            <div>
                <strong>{ &s.campaign_title }</strong>
                <p class="muted">{ l.platform(&s.platform) }{ " · " }<a href={s.original_url.clone()} target="_blank" rel="noopener noreferrer">{ &s.note_id }</a></p>
                if let Some(r) = &s.reason { <p class="error">{ l.t("原因：", "Reason: ") }{ r }</p> }
                if s.status == "rejected" && s.appeal_note.is_none() {
                    <super::tasks::Appeal path={format!("/api/v1/me/submissions/{}/appeal", s.id)} on_done={ctx.refresh.clone()} />
                }
                if s.status == "pending" && s.appeal_note.is_some() {
                    <p class="muted">{ l.t("申诉已提交，等待重新审核", "Appealed: in review again") }</p>
                }
            </div>
            <div class="right">
                <span class={classes!("pill", s.status.as_str())}>{ l.status(s.status.as_str()) }</span>
                if let Some(p) = s.points { <p class="points">{ "+" }{ l.number(p) }</p> }
            </div>
        </li>
    }
}
