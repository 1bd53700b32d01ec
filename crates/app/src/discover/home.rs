//! The home page of a brand: log in or sign up, the application's status,
//! this month's theme and its campaigns, and the member's notes.

use super::auth::Auth;
use super::cards::CampaignCard;
use super::notes::{Appeal, my_notes};
use crate::api::{self, Appealed};
use crate::components::evidence::Evidence;
use crate::components::shell::{Ctx, use_ctx};
use crate::router::{Link, Route};
use crate::{bind, error_line, message};
use ::api::MemberMe;
use yew::prelude::*;

#[component]
pub fn Home() -> Html {
    let ctx = use_ctx();
    let c = ctx.client();
    let signed_in = ctx.member().map(|m| m.member_id.clone());
    let theme = ui::use_load(
        (ctx.brand.clone(), signed_in),
        move |(b, _): (String, Option<String>)| async move { api::current_theme(c, &b).await },
    );
    // The member's notes, for an approved member (none to load otherwise).
    let notes = ui::use_load(
        (ctx.me.clone(), ctx.approved()),
        move |(_, approved): (Option<Option<MemberMe>>, bool)| async move {
            if approved {
                api::my_notes(c).await
            } else {
                Ok(Vec::new())
            }
        },
    );
    let on_changed = {
        let (reload, refresh) = (theme.reload.clone(), ctx.refresh.clone());
        Callback::from(move |()| {
            reload.emit(());
            refresh.emit(());
        })
    };
    let l = ctx.lang;
    let top = match &ctx.me {
        None => html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> },
        Some(None) => html! { <Auth /> },
        Some(Some(me)) => status_card(&ctx, me),
    };
    // No theme this month is an answer (404), not a failure.
    let theme_html = match &theme.state {
        ui::Load::Failed(e) if e.status == 404 => html! {
            <section class="card"><p class="muted">{ l.t("本月主题还在筹备中，敬请期待。", "This month's theme is on its way.") }</p></section>
        },
        _ => ui::view_load(&theme, l, |t| {
            html! {
                <section class="theme">
                    if let Some(url) = &t.artwork_url { <img class="artwork" src={url.clone()} alt="" /> }
                    <p class="eyebrow">{ l.t("本月主题", "This month's theme") }{ " · " }{ &t.month }</p>
                    <h1>{ &t.title }</h1>
                    <p>{ &t.description }</p>
                    { for t.campaigns.iter().map(|c| html! { <CampaignCard campaign={c.clone()} on_changed={on_changed.clone()} /> }) }
                </section>
            }
        }),
    };
    html! {
        <>
            { top }
            { theme_html }
            if ctx.approved() {
                <section class="card">
                    <p><a href={Route::Tasks { brand: ctx.brand.clone() }.href()} data-testid="my-tasks">{ l.t("我的任务 →", "My tasks →") }</a></p>
                </section>
                { my_notes(&ctx, &notes) }
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
                    <Appeal of={Appealed::Application} on_done={ctx.refresh.clone()} />
                }
            </section>
        },
        Some(a) if a.status == "approved" => html! {
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
        // A state this app does not know yet: say so rather than guess.
        Some(a) => html! {
            <section class="card" data-status={a.status.as_str()}>
                <h2>{ l.status(a.status.as_str()) }</h2>
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
    let l = ctx.lang;
    let c = ctx.client();
    let send = ui::use_action(
        move |body: ::api::InfoReply| async move { api::reply_to_question(c, &body).await },
        ctx.refresh.reform(|_| ()),
    );
    let onsubmit = {
        let (reply, evidence, run) = (reply.clone(), evidence.clone(), send.run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(::api::InfoReply {
                reply: (*reply).clone(),
                evidence: (*evidence).clone(),
            });
        })
    };
    html! {
        <section class="card accent" data-status="more_info">
            <h2>{ l.t("需要补充信息", "More information needed") }</h2>
            <p data-testid="question">{ &props.question }</p>
            <form {onsubmit}>
                <label>{ l.t("你的回复", "Your answer") }
                    <textarea name="reply" rows="3" maxlength="1000" required=true value={(*reply).clone()} oninput={bind(&reply)} />
                </label>
                <Evidence ids={evidence.clone()} />
                { error_line(&message(&send.error)) }
                <button type="submit" disabled={send.busy}>{ l.t("提交回复", "Send") }</button>
            </form>
        </section>
    }
}
