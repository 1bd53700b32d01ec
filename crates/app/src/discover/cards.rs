//! A campaign as a card on the theme page: its figures, and for an
//! approved member the sign-up (or why not, or the outcome).

use crate::components::shell::use_ctx;
use crate::router::{Link, Route};
use crate::{api, error_line, message};
use ::api::MyCampaign;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CampaignCardProps {
    pub campaign: MyCampaign,
    pub on_changed: Callback<()>,
}

#[component]
pub fn CampaignCard(props: &CampaignCardProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let c = &props.campaign;
    let c_ = ctx.client();
    let join = ui::use_action(
        move |id: String| async move { api::sign_up_for(c_, &id).await },
        props.on_changed.reform(|_| ()),
    );
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
        let onclick = join.run.reform({
            let id = c.id.clone();
            move |_| id.clone()
        });
        html! { <button {onclick} disabled={join.busy}>{ if blocked.is_some() { l.t("名额已满 · 加入候补", "Full · join the waitlist") } else { l.t("报名参加", "Sign up") } }</button> }
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
            { error_line(&message(&join.error)) }
            { action }
        </article>
    }
}

/// What became of the member's sign-up, in a line.
pub fn outcome(l: ui::Lang, s: &::api::MySignup) -> String {
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
