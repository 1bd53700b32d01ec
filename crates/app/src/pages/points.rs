//! Points: the balance and every ledger entry with its reasons.

use super::{bind, error_line};
use crate::components::shell::use_ctx;
use api::{Inbox, LedgerView, NotificationView};
use serde::de::IgnoredAny;
use yew::platform::spawn_local;
use yew::prelude::*;

#[component]
pub fn Points() -> Html {
    let ctx = use_ctx();
    let ledger = use_state(|| None::<Result<LedgerView, String>>);
    {
        let (ledger, client) = (ledger.clone(), ctx.client());
        use_effect_with(ctx.me.clone(), move |_| {
            spawn_local(async move {
                ledger.set(Some(
                    client
                        .get::<LedgerView>("/api/v1/me/ledger")
                        .await
                        .map_err(|e| e.message),
                ));
            });
        });
    }
    let l = ctx.lang;
    // Signed out (log-out here, or another device ended the session): log in at home.
    if ctx.me.as_ref().is_some_and(|m| m.is_none()) {
        return html! { <crate::app::Redirect to={crate::app::Route::Home { brand: ctx.brand.clone() }} /> };
    }
    let zone = ctx.zone().to_string();
    match &*ledger {
        None => html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> },
        Some(Err(e)) => html! { <p class="error">{ e }</p> },
        Some(Ok(v)) => html! {
            <>
                <section class="card stats">
                    <div>
                        <p class="eyebrow">{ l.t("积分余额", "Points balance") }</p>
                        <p class="big" data-testid="balance">{ l.number(v.balance) }</p>
                    </div>
                </section>
                <InboxList />
                <h2>{ l.t("积分明细", "History") }</h2>
                if v.entries.is_empty() {
                    <p class="muted">{ l.t("还没有积分记录。笔记通过审核并结算后，积分会出现在这里。", "No points yet. Points appear here when an approved note is settled.") }</p>
                }
                <ul class="list">
                    { for v.entries.iter().map(|e| html! {
                        <li class="row ledger">
                            <div>
                                <strong>{ if e.reason == "note_settled" { l.t("笔记结算", "Note settled") } else { l.t("积分变动", "Adjustment") } }{ " · " }{ &e.memo }</strong>
                                <p class="muted">{ l.date(e.created_at, &zone, true) }
                                    if let Some(i) = e.interactions { { " · " }{ l.number(i) }{ l.t(" 互动", " interactions") } }
                                </p>
                                <p class="muted">{ for e.lines.iter().map(|x| html! { <span class="line">{ l.points_line(&x.code) }{ " +" }{ x.points }</span> }) }</p>
                            </div>
                            <p class="points">{ if e.points >= 0 { "+" } else { "" } }{ l.number(e.points) }</p>
                        </li>
                    }) }
                </ul>
                <Account />
            </>
        },
    }
}

/// What happened to the member, newest first; opening it marks it read.
#[component]
fn InboxList() -> Html {
    let ctx = use_ctx();
    let inbox = use_state(|| None::<Inbox>);
    {
        let (inbox, client, refresh) = (inbox.clone(), ctx.client(), ctx.refresh.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(v) = client.get::<Inbox>("/api/v1/me/notifications").await {
                    if v.unread > 0
                        && client
                            .post::<_, IgnoredAny>("/api/v1/me/notifications/read", &())
                            .await
                            .is_ok()
                    {
                        refresh.emit(());
                    }
                    inbox.set(Some(v));
                }
            });
        });
    }
    let l = ctx.lang;
    let zone = ctx.zone().to_string();
    let Some(v) = &*inbox else { return html! {} };
    if v.items.is_empty() {
        return html! {};
    }
    html! {
        <section>
            <h2>{ l.t("消息", "Inbox") }</h2>
            <ul class="list">
                { for v.items.iter().take(20).map(|n| html! {
                    <li class={classes!("row", (!n.read).then_some("unread"))} data-testid="notice" data-kind={n.kind.as_str()}>
                        <div>
                            <strong>{ notice(l, n) }</strong>
                            <p class="muted">{ l.date(n.created_at, &zone, true) }
                                if let Some(t) = &n.campaign_title { { " · " }{ t } }</p>
                            if let Some(r) = &n.reason { <p class="error">{ l.t("原因：", "Reason: ") }{ r }</p> }
                        </div>
                        if let Some(p) = n.points { <p class="points">{ "+" }{ l.number(p) }</p> }
                    </li>
                }) }
            </ul>
        </section>
    }
}

fn notice(l: ui::Lang, n: &NotificationView) -> String {
    match n.kind.as_str() {
        "selected" if n.moved_up => l
            .t(
                "有人退出，你已递补入选",
                "A place freed up: you are now selected",
            )
            .into(),
        "selected" => l.t("恭喜，你已入选活动", "You were selected").into(),
        "waitlisted" => {
            format!(
                "{}{}",
                l.t("你在候补名单第 ", "You are on the waitlist, place "),
                n.waitlist_pos.unwrap_or(0)
            ) + l.t(" 位", "")
        }
        "not_selected" => l
            .t("很遗憾，本次未入选", "You were not selected this time")
            .into(),
        "application_approved" => l
            .t("你的 KOC 申请已通过", "Your KOC application was approved")
            .into(),
        "application_rejected" => l
            .t(
                "你的 KOC 申请未通过",
                "Your KOC application was not approved",
            )
            .into(),
        "note_approved" => l.t("笔记已通过审核", "Your note was approved").into(),
        "note_rejected" => l.t("笔记未通过审核", "Your note was not approved").into(),
        "points_credited" => l.t("积分已到账", "Points credited").into(),
        "application_more_info" => l
            .t(
                "审核员请你补充信息",
                "The reviewer asks for more information",
            )
            .into(),
        "task_assigned" => l.t("你有一个新任务", "You have a new task").into(),
        "task_approved" => l.t("任务已通过", "Task approved").into(),
        "task_rejected" => l.t("任务未通过", "Task not approved").into(),
        "sample_shipped" => l.t("样品已寄出", "Your sample has shipped").into(),
        _ => l.t("新消息", "New notice").into(),
    }
}

/// The member's own data: download it, or delete the account.
#[component]
fn Account() -> Html {
    let ctx = use_ctx();
    let navigator = crate::app::use_navigator();
    let password = use_state(String::new);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let delete = {
        let (client, password, error, refresh, brand) = (
            ctx.client(),
            password.clone(),
            error.clone(),
            ctx.refresh.clone(),
            ctx.brand.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = api::AccountDeletion {
                password: (*password).clone(),
            };
            let (error, refresh, navigator, brand) = (
                error.clone(),
                refresh.clone(),
                navigator.clone(),
                brand.clone(),
            );
            spawn_local(async move {
                match client.delete_with::<_>("/api/v1/me", &body).await {
                    Ok(()) => {
                        refresh.emit(());
                        navigator.push(crate::app::Route::Home { brand });
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let everywhere = {
        let (client, refresh) = (ctx.client(), ctx.refresh.clone());
        Callback::from(move |_| {
            let refresh = refresh.clone();
            spawn_local(async move {
                let _ = client.delete("/api/v1/me/sessions").await;
                refresh.emit(());
            });
        })
    };
    html! {
        <section class="card">
            <h2>{ l.t("我的数据", "My data") }</h2>
            <p><a href="/api/v1/me/data" download="seedbed-my-data.json">{ l.t("下载我的全部数据（JSON）", "Download all my data (JSON)") }</a></p>
            <p><button class="link" onclick={everywhere}>{ l.t("在所有设备上退出登录", "Log out on every device") }</button></p>
            <details>
                <summary>{ l.t("注销账户", "Delete my account") }</summary>
                <p class="muted">{ l.t("注销后，你的手机号、昵称和申请资料将被删除，无法恢复；积分记录匿名保留用于品牌对账。",
                    "Your phone number, name and application are erased for good; points history stays, anonymous, for the brand's accounts.") }</p>
                <form onsubmit={delete}>
                    <label>{ l.t("输入密码确认", "Confirm with your password") }
                        <input name="confirm_password" type="password" autocomplete="current-password" value={(*password).clone()} oninput={bind(&password)} />
                    </label>
                    { error_line(&error) }
                    <button type="submit" class="danger">{ l.t("永久注销", "Delete for good") }</button>
                </form>
            </details>
        </section>
    }
}
