//! The inbox: what happened to the member, newest first; opening it marks
//! it read.

use crate::api;
use crate::components::shell::use_ctx;
use ::api::NotificationView;
use yew::prelude::*;

#[component]
pub fn InboxList() -> Html {
    let ctx = use_ctx();
    let (c, refresh) = (ctx.client(), ctx.refresh.clone());
    let inbox = ui::use_load((), move |()| {
        let refresh = refresh.clone();
        async move {
            let v = api::inbox(c).await?;
            if v.unread > 0 && api::mark_read(c).await.is_ok() {
                refresh.emit(());
            }
            Ok(v)
        }
    });
    let l = ctx.lang;
    let zone = ctx.zone().to_string();
    if inbox.ready().is_some_and(|v| v.items.is_empty()) {
        return html! {};
    }
    html! {
        <section>
            <h2>{ l.t("消息", "Inbox") }</h2>
            { ui::view_load(&inbox, l, |v| html! {
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
            }) }
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
        "reward_shipped" => l.t("兑换的礼品已寄出", "Your reward has shipped").into(),
        "redemption_cancelled" => l
            .t(
                "兑换已取消，积分已退回",
                "Redemption cancelled, points returned",
            )
            .into(),
        "tier_changed" => {
            let tier = match n.tier.as_deref() {
                Some("junior") => l.t("初级 KOC", "Junior"),
                Some("intermediate") => l.t("中级 KOC", "Intermediate"),
                Some("senior") => l.t("高级 KOC", "Senior"),
                _ => l.t("成员", "Member"),
            };
            format!("{}{tier}", l.t("你的等级已变为", "Your tier is now "))
        }
        "demotion_warning" => l
            .t(
                "最近笔记互动偏低：下一篇仍低于要求将降一级",
                "Your recent notes are under the bar: one more and you drop a tier",
            )
            .into(),
        _ => l.t("新消息", "New notice").into(),
    }
}
