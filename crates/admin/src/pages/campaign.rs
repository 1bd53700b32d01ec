//! One campaign: its submissions with review, metrics entry, and settlement.

use super::{bind, error_line};
use crate::app::use_ctx;
use api::{CampaignView, MetricsView, RankingView, SettlementView, SubmissionView};
use yew::platform::spawn_local;
use yew::prelude::*;

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
    let settle = {
        let (client, id, error, on_done) = (
            ctx.client(),
            props.id.clone(),
            error.clone(),
            on_done.clone(),
        );
        Callback::from(move |_| {
            let (id, error, on_done) = (id.clone(), error.clone(), on_done.clone());
            spawn_local(async move {
                match client
                    .post::<_, SettlementView>(
                        &format!("/api/v1/admin/campaigns/{id}/settlement"),
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
    let Some(c) = (*campaign).clone() else {
        return html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> };
    };
    let pending = subs.iter().filter(|s| s.status == "pending").count();
    html! {
        <>
            <p class="eyebrow">{ l.status(&c.status) }</p>
            <h1>{ &c.title }</h1>
            <p class="muted">{ &c.brief }</p>
            <div class="toolbar">
                <span>{ l.t("名额 ", "Slots ") }{ l.number(c.slots) }{ " · " }{ l.t("报名 ", "Sign-ups ") }{ l.number(c.signups) }</span>
                <span>{ l.t("结算日 ", "Settles ") }{ l.day(&c.settlement_date) }</span>
                if let Some(s) = &*settlement {
                    <strong data-testid="settlement">{ l.t("已结算：", "Settled: ") }{ l.number(s.notes) }{ l.t(" 篇笔记，共 ", " notes, ") }{ l.number(s.points_total) }{ l.t(" 积分", " points") }</strong>
                } else if ctx.can_operate() {
                    <button onclick={settle} title={if pending > 0 { l.t("仍有待审核的笔记", "Submissions still pending") } else { "" }}>{ l.t("结算积分", "Settle points") }</button>
                }
            </div>
            { error_line(&error) }
            <Ranking id={props.id.clone()} reload={*reload} />
            <SubmissionTable rows={(*subs).clone()} on_done={on_done} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RankingProps {
    id: String,
    reload: u32,
}

/// The sign-ups ranked by the campaign's selection rules, each score with
/// its parts, the first-timer quota and the waitlist order.
#[component]
fn Ranking(props: &RankingProps) -> Html {
    let ctx = use_ctx();
    let ranking = use_state(|| None::<RankingView>);
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
    let Some(r) = (*ranking).clone() else {
        return html! {};
    };
    if r.entries.is_empty() {
        return html! {};
    }
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
        let outcome = match e.outcome.as_str() {
            "selected" => html! { <span class="pill ok">{ l.t("入选", "Selected") }</span> },
            "selected_by_quota" => html! { <span class="pill ok">{ l.t("入选（新人名额）", "Selected (first-timer quota)") }</span> },
            _ => html! { <span class="pill">{ l.t("候补 #", "Waitlist #") }{ e.waitlist.unwrap_or(0) }</span> },
        };
        let parts = e.parts.iter().map(|p| html! {
            <span class="part" title={format!("{} = {} → {}/100 × {}%", p.code, p.value, p.score, p.weight)}>
                { part_name(&p.code) }{ " " }{ score(p.contribution) }
            </span>
        });
        html! {
            <tr data-testid="ranked">
                <td class="num">{ e.rank }</td>
                <td>{ &e.display_name }<span class="muted">{ " · " }{ l.tier(&e.tier) }{ if e.first_timer { l.t(" · 新人", " · first-timer") } else { "" } }</span></td>
                <td class="num"><strong>{ score(e.score) }</strong></td>
                <td class="parts">{ for parts }</td>
                <td>{ outcome }</td>
            </tr>
        }
    });
    html! {
        <details class="card" open=true>
            <summary>{ l.t("报名排序", "Sign-ups ranked") }
                <span class="muted">{ format!(" · {} / {}", r.entries.len(), r.slots) }</span>
            </summary>
            <table>
                <thead><tr>
                    <th class="num">{ "#" }</th>
                    <th>{ l.t("成员", "Member") }</th>
                    <th class="num">{ l.t("得分", "Score") }</th>
                    <th>{ l.t("得分构成", "Score parts") }</th>
                    <th>{ l.t("结果", "Outcome") }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
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
            html! { <span>{ l.number(m.likes) }{ " / " }{ l.number(m.comments) }{ " / " }{ l.number(m.saves) }<span class="muted">{ " · " }{ l.day(&m.date) }</span></span> }
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
                <span class={classes!("pill", s.status.clone())}>{ l.status(&s.status) }</span>
                if let Some(r) = &s.reason { <br /><span class="muted">{ r }</span> }
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
