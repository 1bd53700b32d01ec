//! One campaign: its submissions with review, metrics entry, and settlement.

use super::{bind, error_line};
use crate::app::Route;
use crate::app::use_ctx;
use api::{
    CampaignView, DuplicateForm, MetricsView, RankingView, SampleView, SelectionForm,
    SettlementPreview, SettlementView, ShipForm, SubmissionView, SwapForm, ThemeView,
};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::Link;

#[derive(Properties, PartialEq)]
pub struct CampaignProps {
    pub id: String,
}

#[component]
pub fn CampaignPage(props: &CampaignProps) -> Html {
    let ctx = use_ctx();
    let campaign = use_state(|| None::<CampaignView>);
    let subs = use_state(Vec::<SubmissionView>::new);
    let settlement = use_state(|| None::<SettlementView>);
    let error = use_state(|| None::<String>);
    let reload = use_state(|| 0u32);
    let l = ctx.lang;
    {
        let (campaign, subs, settlement, client, id) = (
            campaign.clone(),
            subs.clone(),
            settlement.clone(),
            ctx.client(),
            props.id.clone(),
        );
        use_effect_with((props.id.clone(), *reload), move |_| {
            spawn_local(async move {
                if let Ok(c) = client
                    .get::<CampaignView>(&format!("/api/v1/admin/campaigns/{id}"))
                    .await
                {
                    campaign.set(Some(c));
                }
                if let Ok(v) = client
                    .get::<Vec<SubmissionView>>(&format!(
                        "/api/v1/admin/submissions?campaign_id={id}&limit=500"
                    ))
                    .await
                {
                    subs.set(v);
                }
                settlement.set(
                    client
                        .get::<SettlementView>(&format!("/api/v1/admin/campaigns/{id}/settlement"))
                        .await
                        .ok(),
                );
            });
        });
    }
    let on_done = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    // Publish, close, settle: one POST each, then reload.
    let act = |verb: &'static str| {
        let (client, id, error, on_done) = (
            ctx.client(),
            props.id.clone(),
            error.clone(),
            on_done.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (id, error, on_done) = (id.clone(), error.clone(), on_done.clone());
            spawn_local(async move {
                match client
                    .post::<_, serde::de::IgnoredAny>(
                        &format!("/api/v1/admin/campaigns/{id}/{verb}"),
                        &(),
                    )
                    .await
                {
                    Ok(_) => {
                        error.set(None);
                        on_done.emit(());
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let settle = act("settlement");
    let Some(c) = (*campaign).clone() else {
        return html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> };
    };
    let pending = subs.iter().filter(|s| s.status == "pending").count();
    html! {
        <>
            <p class="eyebrow">{ l.status(c.status.as_str()) }</p>
            <h1>{ &c.title }</h1>
            <p class="muted">{ &c.brief }</p>
            <div class="toolbar">
                <span>{ l.t("名额 ", "Slots ") }{ l.number(c.slots) }{ " · " }{ l.t("报名 ", "Sign-ups ") }{ l.number(c.signups) }</span>
                <span>{ l.t("结算日 ", "Settles ") }{ l.day(&c.settlement_date) }</span>
                if ctx.can_operate() && c.status == "draft" {
                    <button onclick={act("publish")}>{ l.t("发布活动", "Publish") }</button>
                }
                if ctx.can_operate() && c.status == "published" {
                    <button class="secondary" onclick={act("close")}>{ l.t("结束活动", "Close campaign") }</button>
                }
                if let Some(s) = &*settlement {
                    <strong data-testid="settlement">{ l.t("已结算：", "Settled: ") }{ l.number(s.notes) }{ l.t(" 篇笔记，共 ", " notes, ") }{ l.number(s.points_total) }{ l.t(" 积分", " points") }</strong>
                }
            </div>
            <p class="muted">
                { l.t("最低等级：", "Minimum tier: ") }{ l.tier(&c.min_tier) }
                if !c.products.is_empty() { { " · " }{ l.t("产品：", "Products: ") }{ c.products.join("、") } }
                { " · " }{ l.t("报名 ", "Sign-up ") }{ if c.signup_opens.is_empty() { l.t("发布起 – ", "from publication – ").to_string() } else { format!("{} – ", l.day(&c.signup_opens)) } }{ l.day(&c.signup_closes) }
                { " · " }{ l.t("发布截止 ", "Publish by ") }{ l.day(&c.publish_by) }
            </p>
            { error_line(&error) }
            if ctx.can_operate() { <Duplicate id={props.id.clone()} /> }
            <Ranking id={props.id.clone()} reload={*reload} status={c.status.as_str()} on_done={on_done.clone()} />
            if c.sample_days > 0 && ctx.can_operate() && c.status != "draft" {
                <Samples id={props.id.clone()} days={c.sample_days} />
            }
            if c.status != "draft" {
                <Statements id={props.id.clone()} reload={*reload} on_settle={settle} pending={pending} />
            }
            <SubmissionTable rows={(*subs).clone()} on_done={on_done} />
        </>
    }
}

/// Copies the campaign into another month's theme as a draft.
#[component]
fn Duplicate(props: &CampaignProps) -> Html {
    let ctx = use_ctx();
    let themes = use_state(Vec::<ThemeView>::new);
    let target = use_state(String::new);
    let note = use_state(|| None::<Result<String, String>>);
    let l = ctx.lang;
    let open = {
        let (client, themes, target) = (ctx.client(), themes.clone(), target.clone());
        Callback::from(move |_| {
            if !themes.is_empty() {
                return;
            }
            let (client, themes, target) = (client, themes.clone(), target.clone());
            spawn_local(async move {
                if let Ok(v) = client.get::<Vec<ThemeView>>("/api/v1/admin/themes").await {
                    if let Some(t) = v.first() {
                        target.set(t.id.clone());
                    }
                    themes.set(v);
                }
            });
        })
    };
    let copy = {
        let (client, id, target, note) =
            (ctx.client(), props.id.clone(), target.clone(), note.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = DuplicateForm {
                theme_id: (*target).clone(),
            };
            let (path, note) = (
                format!("/api/v1/admin/campaigns/{id}/duplicate"),
                note.clone(),
            );
            spawn_local(async move {
                note.set(Some(
                    match client.post::<_, CampaignView>(&path, &body).await {
                        Ok(c) => Ok(c.id),
                        Err(e) => Err(e.message),
                    },
                ));
            });
        })
    };
    let pick = {
        let target = target.clone();
        Callback::from(move |e: Event| target.set(ui::form::value_of(&e)))
    };
    html! {
        <details class="card" onclick={open}>
            <summary>{ l.t("复制到其他月份", "Copy to another month") }</summary>
            <form class="actions" onsubmit={copy}>
                <select name="theme_id" onchange={pick}>
                    { for themes.iter().map(|t| html! { <option value={t.id.clone()} selected={*target == t.id}>{ format!("{} · {}", t.month, t.title) }</option> }) }
                </select>
                <button type="submit">{ l.t("复制为草稿", "Copy as a draft") }</button>
                {
                    match &*note {
                        Some(Ok(id)) => html! { <Link<Route> to={Route::Campaign { id: id.clone() }}>{ l.t("已复制：打开草稿", "Copied: open the draft") }</Link<Route>> },
                        Some(Err(e)) => html! { <span class="error" role="alert">{ e }</span> },
                        None => html! {},
                    }
                }
            </form>
        </details>
    }
}

/// What the selection buttons send.
#[derive(Clone, serde::Serialize)]
#[serde(untagged)]
enum SelectionBody {
    Confirm(SelectionForm),
    Swap(SwapForm),
}

#[derive(Properties, PartialEq)]
struct RankingProps {
    id: String,
    reload: u32,
    status: String,
    on_done: Callback<()>,
}

/// The sign-ups ranked by the campaign's selection rules, each score with
/// its parts, the first-timer quota and the waitlist order; confirming the
/// top N and, afterwards, swapping people out and in.
#[component]
fn Ranking(props: &RankingProps) -> Html {
    let ctx = use_ctx();
    let ranking = use_state(|| None::<RankingView>);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    {
        let (ranking, client, id) = (ranking.clone(), ctx.client(), props.id.clone());
        use_effect_with((props.id.clone(), props.reload), move |_| {
            spawn_local(async move {
                ranking.set(
                    client
                        .get::<RankingView>(&format!("/api/v1/admin/campaigns/{id}/ranking"))
                        .await
                        .ok(),
                );
            });
        });
    }
    // Every selection write answers the new ranking.
    let send = {
        let (client, id, ranking, error, on_done) = (
            ctx.client(),
            props.id.clone(),
            ranking.clone(),
            error.clone(),
            props.on_done.clone(),
        );
        move |path: &'static str, body: SelectionBody| {
            let (ranking, error, on_done) = (ranking.clone(), error.clone(), on_done.clone());
            let url = format!("/api/v1/admin/campaigns/{id}/{path}");
            Callback::from(move |_: MouseEvent| {
                let (url, body, ranking, error, on_done) = (
                    url.clone(),
                    body.clone(),
                    ranking.clone(),
                    error.clone(),
                    on_done.clone(),
                );
                spawn_local(async move {
                    match client.post::<_, RankingView>(&url, &body).await {
                        Ok(r) => {
                            error.set(None);
                            ranking.set(Some(r));
                            on_done.emit(());
                        }
                        Err(e) => error.set(Some(e.message)),
                    }
                });
            })
        }
    };
    let Some(r) = (*ranking).clone() else {
        return html! {};
    };
    if r.entries.is_empty() {
        return html! {};
    }
    let may_select = ctx.can_operate() && props.status == "published";
    let score = |hundredths: i64| format!("{}.{:02}", hundredths / 100, hundredths % 100);
    let part_name = |code: &str| match code {
        "followers" => l.t("粉丝", "Followers"),
        "performance" => l.t("笔记表现", "Note performance"),
        "completion" => l.t("完成率", "Completion"),
        "tier" => l.t("等级", "Tier"),
        "class" => l.t("分类", "Class"),
        _ => l.t("其他", "Other"),
    };
    let rows = r.entries.iter().map(|e| {
        let outcome = if r.selection_confirmed {
            match e.waitlist_pos {
                Some(n) => html! { <span class="pill pending">{ l.t("候补 #", "Waitlist #") }{ n }</span> },
                None => html! { <span class={classes!("pill", if e.status == "selected" { "approved" } else { "rejected" })}>{ l.status(e.status.as_str()) }</span> },
            }
        } else {
            match e.outcome.as_str() {
                "selected" => html! { <span class="pill ok">{ l.t("建议入选", "Proposed") }</span> },
                "selected_by_quota" => html! { <span class="pill ok">{ l.t("建议入选（新人名额）", "Proposed (first-timer quota)") }</span> },
                _ => html! { <span class="pill">{ l.t("建议候补 #", "Proposed waitlist #") }{ e.waitlist.unwrap_or(0) }</span> },
            }
        };
        let swap = if may_select && r.selection_confirmed {
            let m = e.member_id.clone();
            if e.status == "selected" {
                html! { <button class="secondary" onclick={send("selection/swap", SelectionBody::Swap(SwapForm { out: Some(m), into: None }))}>{ l.t("调出", "Take out") }</button> }
            } else {
                html! { <button class="secondary" onclick={send("selection/swap", SelectionBody::Swap(SwapForm { out: None, into: Some(m) }))}>{ l.t("调入", "Put in") }</button> }
            }
        } else {
            html! {}
        };
        let parts = e.parts.iter().map(|p| html! {
            <span class="part" title={format!("{} = {} → {}/100 × {}%", p.code, p.value, p.score, p.weight)}>
                { part_name(&p.code) }{ " " }{ score(p.contribution) }
            </span>
        });
        html! {
            <tr data-testid="ranked" data-status={e.status.as_str()}>
                <td class="num">{ e.rank }</td>
                <td>{ &e.display_name }<span class="muted">{ " · " }{ l.tier(&e.tier) }{ if e.first_timer { l.t(" · 新人", " · first-timer") } else { "" } }</span></td>
                <td class="num"><strong>{ score(e.score) }</strong></td>
                <td class="parts">{ for parts }</td>
                <td>{ outcome }</td>
                <td>{ swap }</td>
            </tr>
        }
    });
    let ratio = r.signups as f64 / r.slots.max(1) as f64;
    html! {
        <details class="card" open=true>
            <summary>{ l.t("报名与选拔", "Sign-ups and selection") }
                <span class="muted" data-testid="ratio">{ format!(" · {} / {} · {:.1} : 1", l.number(r.signups), l.number(r.slots), ratio) }</span>
                if r.selection_confirmed {
                    <span class="muted">{ " · " }{ l.t("已入选 ", "selected ") }{ l.number(r.selected) }</span>
                }
            </summary>
            if may_select && !r.selection_confirmed {
                <div class="toolbar">
                    <button onclick={send("selection", SelectionBody::Confirm(SelectionForm { selected: None }))}>
                        { l.t("确认前 ", "Confirm the top ") }{ l.number(r.slots.min(r.signups)) }{ l.t(" 名入选", "") }
                    </button>
                    <span class="muted">{ l.t("其余报名者按排名进入候补，有人撤回时依次递补。", "Everyone else queues on the waitlist in ranking order and moves up when someone withdraws.") }</span>
                </div>
            }
            if may_select && r.selection_confirmed {
                <p class="muted">{ l.t("名额已满时，先调出再调入。", "When every place is taken, take someone out before putting someone in.") }</p>
            }
            { error_line(&error) }
            <table>
                <thead><tr>
                    <th class="num">{ "#" }</th>
                    <th>{ l.t("成员", "Member") }</th>
                    <th class="num">{ l.t("得分", "Score") }</th>
                    <th>{ l.t("得分构成", "Score parts") }</th>
                    <th>{ l.t("结果", "Outcome") }</th>
                    <th></th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct SamplesProps {
    id: String,
    days: i64,
}

/// Product samples: where each selected member wants theirs, courier and
/// tracking once shipped, and the publishing deadline from receipt.
/// Opening the list is recorded in the audit log (addresses).
#[component]
fn Samples(props: &SamplesProps) -> Html {
    let ctx = use_ctx();
    let rows = use_state(|| None::<Vec<SampleView>>);
    let reload = use_state(|| 0u32);
    let l = ctx.lang;
    let load = {
        let (rows, client, id) = (rows.clone(), ctx.client(), props.id.clone());
        Callback::from(move |_| {
            let (rows, id) = (rows.clone(), id.clone());
            spawn_local(async move {
                if let Ok(v) = client
                    .get::<Vec<SampleView>>(&format!("/api/v1/admin/campaigns/{id}/samples"))
                    .await
                {
                    rows.set(Some(v));
                }
            });
        })
    };
    {
        let load = load.clone();
        use_effect_with(*reload, move |n| {
            if *n > 0 {
                load.emit(());
            }
        });
    }
    let on_done = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    html! {
        <details class="card">
            <summary onclick={load.reform(|_| ())}>{ l.t("寄样", "Samples") }
                <span class="muted">{ format!(" · {}", props.days) }{ l.t(" 天内发布（自收货起）", " days to publish after receipt") }</span></summary>
            {
                match &*rows {
                    None => html! { <p class="muted">{ l.t("查看收货地址会记入审计日志。", "Viewing addresses is recorded in the audit log.") }</p> },
                    Some(v) if v.is_empty() => html! { <p class="muted">{ l.t("还没有入选成员登记收货信息。", "No selected member has given an address yet.") }</p> },
                    Some(v) => html! {
                        <table data-testid="samples">
                            <thead><tr>
                                <th>{ l.t("成员", "Member") }</th>
                                <th>{ l.t("收货信息", "Ship to") }</th>
                                <th>{ l.t("物流", "Shipping") }</th>
                                <th>{ l.t("收货 / 发布截止", "Received / publish by") }</th>
                            </tr></thead>
                            <tbody>{ for v.iter().map(|x| html! { <SampleRow id={props.id.clone()} x={x.clone()} on_done={on_done.clone()} /> }) }</tbody>
                        </table>
                    },
                }
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct SampleRowProps {
    id: String,
    x: SampleView,
    on_done: Callback<()>,
}

#[component]
fn SampleRow(props: &SampleRowProps) -> Html {
    let ctx = use_ctx();
    let courier = use_state(|| props.x.courier.clone().unwrap_or_default());
    let tracking = use_state(|| props.x.tracking.clone().unwrap_or_default());
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let x = &props.x;
    let ship = {
        let (client, courier, tracking, error, on_done) = (
            ctx.client(),
            courier.clone(),
            tracking.clone(),
            error.clone(),
            props.on_done.clone(),
        );
        let (path, member) = (
            format!("/api/v1/admin/campaigns/{}/samples/ship", props.id),
            x.member_id.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = ShipForm {
                member_id: member.clone(),
                courier: (*courier).clone(),
                tracking: (*tracking).clone(),
            };
            let (path, error, on_done) = (path.clone(), error.clone(), on_done.clone());
            spawn_local(async move {
                match client.post::<_, SampleView>(&path, &body).await {
                    Ok(_) => on_done.emit(()),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    html! {
        <tr data-member={x.member_name.clone()}>
            <td>{ &x.member_name }</td>
            <td>{ &x.recipient }{ " · " }{ &x.phone }<br /><span class="muted">{ &x.address }</span></td>
            <td>
                if x.received_on.is_none() {
                    <form class="actions" onsubmit={ship}>
                        <input name="courier" placeholder={l.t("快递公司", "Courier")} value={(*courier).clone()} oninput={bind(&courier)} />
                        <input name="tracking" placeholder={l.t("运单号", "Tracking number")} value={(*tracking).clone()} oninput={bind(&tracking)} />
                        <button type="submit">{ if x.shipped_at.is_some() { l.t("更新", "Update") } else { l.t("已寄出", "Shipped") } }</button>
                    </form>
                } else {
                    { x.courier.clone().unwrap_or_default() }{ " " }<code>{ x.tracking.clone().unwrap_or_default() }</code>
                }
                { error_line(&error) }
            </td>
            <td>{
                match (&x.received_on, &x.publish_by) {
                    (Some(r), Some(p)) => html! { <>{ l.day(r) }{ " → " }<strong>{ l.day(p) }</strong></> },
                    _ if x.shipped_at.is_some() => html! { <span class="muted">{ l.t("运输中", "In transit") }</span> },
                    _ => html! { <span class="muted">{ l.t("待寄出", "To ship") }</span> },
                }
            }</td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct StatementsProps {
    id: String,
    reload: u32,
    pending: usize,
    on_settle: Callback<MouseEvent>,
}

/// Settlement before and after the commit: each member's notes and
/// points under the campaign's frozen rule set; the commit credits exactly
/// these figures.
#[component]
fn Statements(props: &StatementsProps) -> Html {
    let ctx = use_ctx();
    let view = use_state(|| None::<SettlementPreview>);
    let l = ctx.lang;
    {
        let (view, client, id) = (view.clone(), ctx.client(), props.id.clone());
        use_effect_with((props.id.clone(), props.reload), move |_| {
            spawn_local(async move {
                view.set(
                    client
                        .get::<SettlementPreview>(&format!(
                            "/api/v1/admin/campaigns/{id}/statements"
                        ))
                        .await
                        .ok(),
                );
            });
        });
    }
    let Some(v) = &*view else {
        return html! {};
    };
    let rows = v.statements.iter().map(|m| html! {
        <tr data-member={m.member_name.clone()}>
            <td>{ &m.member_name }</td>
            <td class="num">{ m.notes.len() }</td>
            <td class="parts">{ for m.notes.iter().map(|n| html! {
                <div><code>{ &n.note_id }</code>{ " · " }{ l.number(n.interactions) }{ l.t(" 互动 → ", " interactions → ") }{ l.number(n.points) }
                    <span class="muted">{ " (" }{ for n.lines.iter().map(|x| html! { <span class="part">{ l.points_line(&x.code) }{ " " }{ x.points }</span> }) }{ ")" }</span></div>
            }) }</td>
            <td class="num"><strong>{ l.number(m.total) }</strong></td>
        </tr>
    });
    html! {
        <details class="card" open={!v.settled}>
            <summary>{ if v.settled { l.t("结算单（已入账）", "Statements (credited)") } else { l.t("结算预览", "Settlement preview") } }
                <span class="muted" data-testid="preview-total">{ format!(" · v{} · {} · ", v.rule_version, l.day(&v.settlement_date)) }
                    { l.number(v.notes) }{ l.t(" 篇 · ", " notes · ") }{ l.number(v.points_total) }{ l.t(" 积分", " points") }</span>
            </summary>
            if !v.settled && ctx.can_operate() {
                <div class="toolbar">
                    <button onclick={props.on_settle.clone()} disabled={v.pending > 0 || props.pending > 0}>{ l.t("确认结算入账", "Commit settlement") }</button>
                    if v.pending > 0 {
                        <span class="warn">{ l.t("仍有 ", "") }{ v.pending }{ l.t(" 篇笔记待审核，审核完才能结算。", " notes still wait for review; settle once they are decided.") }</span>
                    } else {
                        <span class="muted">{ l.t("按上表写入积分账本，一次完成；重复提交不会重复入账。", "Writes the ledger exactly as above, in one go; committing again credits nothing.") }</span>
                    }
                </div>
            }
            if v.statements.is_empty() {
                <p class="muted">{ l.t("还没有通过审核的笔记。", "No approved notes yet.") }</p>
            } else {
                <table data-testid="statements">
                    <thead><tr>
                        <th>{ l.t("成员", "Member") }</th>
                        <th class="num">{ l.t("笔记", "Notes") }</th>
                        <th>{ l.t("明细", "Detail") }</th>
                        <th class="num">{ l.t("积分", "Points") }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub rows: Vec<SubmissionView>,
    pub on_done: Callback<()>,
}

#[component]
pub fn SubmissionTable(props: &TableProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    if props.rows.is_empty() {
        return html! { <p class="muted">{ l.t("还没有提交。", "No submissions yet.") }</p> };
    }
    html! {
        <table>
            <thead><tr>
                <th>{ l.t("成员", "Member") }</th>
                <th>{ l.t("笔记", "Note") }</th>
                <th>{ l.t("状态", "Status") }</th>
                <th>{ l.t("数据（点赞 / 评论 / 收藏）", "Metrics (likes / comments / saves)") }</th>
                <th class="num">{ l.t("积分", "Points") }</th>
            </tr></thead>
            <tbody>{ for props.rows.iter().map(|s| html! { <SubmissionRow sub={s.clone()} on_done={props.on_done.clone()} /> }) }</tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    sub: SubmissionView,
    on_done: Callback<()>,
}

fn today() -> String {
    let d = js_sys::Date::new_0();
    rules::CivilDate::from_unix(
        (d.get_time() / 1000.0) as i64,
        -(d.get_timezone_offset() as i32),
    )
    .to_string()
}

#[component]
fn SubmissionRow(props: &RowProps) -> Html {
    let ctx = use_ctx();
    let reason = use_state(String::new);
    let date = use_state(today);
    let likes = use_state(String::new);
    let comments = use_state(String::new);
    let saves = use_state(String::new);
    let error = use_state(|| None::<String>);
    let confirmed = use_state(|| false);
    let l = ctx.lang;
    let s = &props.sub;
    let decide = |approve: bool| {
        let path = format!("/api/v1/admin/submissions/{}/decision", s.id);
        let (reason, error) = (reason.clone(), error.clone());
        super::decide(
            ctx.client(),
            path,
            approve,
            *confirmed,
            reason,
            error,
            props.on_done.clone(),
        )
    };
    let record = {
        let (client, id, error, on_done) = (
            ctx.client(),
            s.id.clone(),
            error.clone(),
            props.on_done.clone(),
        );
        let (date, likes, comments, saves) =
            (date.clone(), likes.clone(), comments.clone(), saves.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let n = |v: &str| v.trim().replace([',', '，'], "").parse::<i64>().ok();
            let (Some(li), Some(co), Some(sa)) = (n(&likes), n(&comments), n(&saves)) else {
                error.set(Some(l.t("请填写数字。", "Enter whole numbers.").into()));
                return;
            };
            let body = MetricsView {
                date: (*date).clone(),
                likes: li,
                comments: co,
                saves: sa,
            };
            let (id, error, on_done) = (id.clone(), error.clone(), on_done.clone());
            spawn_local(async move {
                match client
                    .post::<_, SubmissionView>(
                        &format!("/api/v1/admin/submissions/{id}/metrics"),
                        &body,
                    )
                    .await
                {
                    Ok(_) => {
                        error.set(None);
                        on_done.emit(());
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let metrics = match &s.metrics {
        Some(m) => {
            html! { <span>{ l.number(m.likes) }{ " / " }{ l.number(m.comments) }{ " / " }{ l.number(m.saves) }<span class="muted">{ " · " }{ l.day(&m.date) }</span>
            <Trend id={s.id.clone()} /></span> }
        }
        None => html! { <span class="muted">{ "—" }</span> },
    };
    html! {
        <tr data-note={s.note_id.clone()}>
            <td><strong>{ &s.member_name }</strong><br /><span class="muted">{ &s.campaign_title }</span></td>
            <td>{ l.platform(&s.platform) }<br /><a href={s.original_url.clone()} target="_blank" rel="noopener noreferrer"><code>{ &s.note_id }</code></a>
                if s.disclosure_required {
                    <br /><span class={classes!("pill", if s.disclosure_confirmed { "approved" } else if s.disclosure_declared { "pending" } else { "rejected" })} data-testid="disclosure">
                        { if s.disclosure_confirmed { l.t("合作标识已核实", "Disclosure confirmed") } else if s.disclosure_declared { l.t("成员已声明合作标识", "Disclosure declared") } else { l.t("未声明合作标识", "No disclosure declared") } }
                    </span>
                }
                if let Some(shot) = &s.screenshot_id {
                    <br /><img class="shot" src={format!("/api/v1/admin/uploads/{shot}")} alt={l.t("截图", "Screenshot")} loading="lazy" />
                }
            </td>
            <td>
                <span class={classes!("pill", s.status.as_str())}>{ l.status(s.status.as_str()) }</span>
                if let Some(r) = &s.reason { <br /><span class="muted">{ r }</span> }
                if let Some(a) = &s.appeal_note { <br /><span class="pill pending" data-testid="appeal">{ l.t("申诉：", "Appeal: ") }{ a }</span> }
                { for s.flags.iter().map(|f| html! {
                    <><br /><span class="pill rejected" data-testid="flag" data-flag={f.clone()}>{
                        match f.as_str() {
                            "burst" => l.t("短时间内大量提交", "Burst of submissions"),
                            "shared_device" => l.t("同一设备多个账号", "Same device, several accounts"),
                            _ => l.t("他人也提交过此笔记", "Another member claimed this note"),
                        }
                    }</span></>
                }) }
                if s.status == "pending" && ctx.can_review() {
                    <div class="actions">
                        if s.disclosure_required {
                            <label class="check"><input type="checkbox" name="disclosure_confirmed" checked={*confirmed} onchange={{ let c = confirmed.clone(); Callback::from(move |e: Event| c.set(super::checked_of(&e))) }} />
                                { l.t("已核实笔记带有平台合作/广告标识", "The note carries the platform's ad disclosure") }</label>
                        }
                        <button onclick={decide(true)}>{ l.t("通过", "Approve") }</button>
                        <input name="reason" placeholder={l.t("拒绝原因", "Reason to reject")} value={(*reason).clone()} oninput={bind(&reason)} />
                        <button class="danger" onclick={decide(false)}>{ l.t("拒绝", "Reject") }</button>
                    </div>
                }
            </td>
            <td>
                { metrics }
                if s.status == "approved" && s.points.is_none() && ctx.can_operate() {
                    <form class="actions" onsubmit={record}>
                        <input name="date" type="date" value={(*date).clone()} oninput={bind(&date)} />
                        <input class="n" name="likes" inputmode="numeric" placeholder={l.t("点赞", "Likes")} value={(*likes).clone()} oninput={bind(&likes)} />
                        <input class="n" name="comments" inputmode="numeric" placeholder={l.t("评论", "Comments")} value={(*comments).clone()} oninput={bind(&comments)} />
                        <input class="n" name="saves" inputmode="numeric" placeholder={l.t("收藏", "Saves")} value={(*saves).clone()} oninput={bind(&saves)} />
                        <button type="submit">{ l.t("记录数据", "Record") }</button>
                    </form>
                }
                { error_line(&error) }
            </td>
            <td class="num">{ s.points.map(|p| l.number(p)).unwrap_or_default() }</td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct TrendProps {
    id: String,
}

/// A note's dated snapshots as a small chart of interactions, loaded when
/// asked for (a review page has hundreds of rows).
#[component]
fn Trend(props: &TrendProps) -> Html {
    let ctx = use_ctx();
    let points = use_state(|| None::<Vec<MetricsView>>);
    let l = ctx.lang;
    let load = {
        let (client, id, points) = (ctx.client(), props.id.clone(), points.clone());
        Callback::from(move |_| {
            let (id, points) = (id.clone(), points.clone());
            spawn_local(async move {
                if let Ok(v) = client
                    .get::<Vec<MetricsView>>(&format!("/api/v1/admin/submissions/{id}/metrics"))
                    .await
                {
                    points.set(Some(v));
                }
            });
        })
    };
    match &*points {
        None => {
            html! { <> { " " }<button class="link" onclick={load}>{ l.t("趋势", "Trend") }</button></> }
        }
        Some(v) => html! { <div data-testid="trend">{ sparkline(v) }</div> },
    }
}

/// Interactions (likes + comments + saves) over the snapshot dates.
fn sparkline(v: &[MetricsView]) -> Html {
    let (w, h) = (160.0, 36.0);
    let totals: Vec<i64> = v.iter().map(|m| m.likes + m.comments + m.saves).collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = if totals.len() > 1 {
        w / (totals.len() - 1) as f64
    } else {
        0.0
    };
    let pts: Vec<String> = totals
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "{:.1},{:.1}",
                i as f64 * step,
                h - 2.0 - (*t as f64 / max) * (h - 4.0)
            )
        })
        .collect();
    let title = v
        .iter()
        .zip(&totals)
        .map(|(m, t)| format!("{} {t}", m.date))
        .collect::<Vec<_>>()
        .join("\n");
    html! {
        <svg class="spark" width="160" height="36" viewBox="0 0 160 36" role="img" aria-label={title.clone()}>
            <title>{ title }</title>
            <polyline points={pts.join(" ")} fill="none" stroke="currentColor" stroke-width="2" />
            { for pts.iter().map(|p| {
                let (x, y) = p.split_once(',').unwrap_or(("0", "0"));
                html! { <circle cx={x.to_string()} cy={y.to_string()} r="2.5" fill="currentColor" /> }
            }) }
        </svg>
    }
}
