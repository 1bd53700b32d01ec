//! Points: the balance with its cash value at the brand's rate
//! (`rules::points::fen_for_points`, as the server computes it), points a
//! till holds, what expires next and when, every posting explained by its
//! reason (a settled note with its breakdown lines), the inbox, and the
//! member's account.

use super::account::Account;
use super::inbox::InboxList;
use super::perks::Perks;
use crate::api;
use crate::components::shell::use_ctx;
use ::api::MyPointsEntry;
use rules::PostingReason;
use ui::Lang;
use yew::prelude::*;

/// What a posting was, in the member's language.
fn reason_text(l: Lang, r: PostingReason) -> &'static str {
    match r {
        PostingReason::NoteSettled => l.t("笔记结算", "Note settled"),
        PostingReason::TaskApproved => l.t("任务奖励", "Task reward"),
        PostingReason::Adjustment | PostingReason::StaffReward => {
            l.t("品牌调整", "Adjusted by the brand")
        }
        PostingReason::Expiry => l.t("积分过期", "Points expired"),
        PostingReason::Redemption => l.t("兑换奖励", "Reward redeemed"),
        PostingReason::RedemptionCancelled => l.t(
            "兑换取消，积分退回",
            "Redemption cancelled, points returned",
        ),
        PostingReason::CheckoutHold => l.t("积分抵现，已冻结", "Held for a purchase"),
        PostingReason::CheckoutCapture => l.t("积分抵现完成", "Paid at the checkout"),
        PostingReason::CheckoutRelease => l.t("抵现取消，积分解冻", "Purchase hold released"),
        PostingReason::CheckoutRefund => l.t("退款，积分退回", "Refund, points returned"),
    }
}

/// The line under a posting's title: what the memo means for its reason.
fn memo_text(l: Lang, e: &MyPointsEntry) -> String {
    match e.reason {
        PostingReason::Expiry => match l {
            Lang::Zh => format!("{} 及以前获得、已到期的积分", e.memo),
            Lang::En => format!("earned in {} or before, past their expiry", e.memo),
        },
        PostingReason::Adjustment => match l {
            Lang::Zh => format!("原因：{}", e.memo),
            Lang::En => format!("Reason: {}", e.memo),
        },
        _ => e.memo.clone(),
    }
}

#[component]
pub fn Points() -> Html {
    let ctx = use_ctx();
    let c = ctx.client();
    let points = ui::use_load(ctx.me.clone(), move |_| api::my_points(c));
    let l = ctx.lang;
    let zone = ctx.zone().to_string();
    ui::view_load(&points, l, |v| {
        html! {
            <>
                <section class="card stats">
                    <div>
                        <p class="eyebrow">{ l.t("积分余额", "Points balance") }</p>
                        <p class="big" data-testid="balance">{ l.number(v.available) }</p>
                        <p class="muted" data-testid="cash-value">
                            { l.t("约合 ", "Worth ") }{ l.money(v.fen) }
                            { " · " }{ l.number(v.points_per_yuan) }{ l.t(" 积分 = ¥1", " points = ¥1") }
                        </p>
                    </div>
                    if v.held > 0 {
                        <div>
                            <p class="eyebrow">{ l.t("冻结中", "Held") }</p>
                            <p class="big" data-testid="held">{ l.number(v.held) }</p>
                        </div>
                    }
                </section>
                if let Some(x) = &v.next_expiry {
                    <p class="card warn" data-testid="next-expiry">{ match l {
                        Lang::Zh => format!("{} 将过期 {} 积分", x.date, l.number(x.points)),
                        Lang::En => format!("{} points expire after {}", l.number(x.points), l.day(&x.date)),
                    } }</p>
                }
                <Perks />
                <InboxList />
                <h2>{ l.t("积分明细", "History") }</h2>
                if v.entries.is_empty() {
                    <p class="muted">{ l.t("还没有积分记录。笔记通过审核并结算后，积分会出现在这里。", "No points yet. Points appear here when an approved note is settled.") }</p>
                }
                <ul class="list">
                    { for v.entries.iter().map(|e| html! {
                        <li class="row ledger" data-reason={e.reason.as_str()}>
                            <div>
                                <strong>{ reason_text(l, e.reason) }</strong>
                                if !e.memo.is_empty() { <p>{ memo_text(l, e) }</p> }
                                <p class="muted">{ l.date(e.created_at, &zone, true) }
                                    if let Some(i) = e.interactions { { " · " }{ l.number(i) }{ l.t(" 互动", " interactions") } }
                                </p>
                                if !e.lines.is_empty() {
                                    <p class="muted">{ for e.lines.iter().map(|x| html! { <span class="line">{ l.points_line(&x.code) }{ " +" }{ x.points }</span> }) }</p>
                                }
                            </div>
                            <p class={classes!("points", (e.points < 0).then_some("out"))}>{ if e.points > 0 { "+" } else { "" } }{ l.number(e.points) }</p>
                        </li>
                    }) }
                </ul>
                <Account />
            </>
        }
    })
}
