//! Submissions with review (the ad-disclosure check, flags, appeals),
//! metrics entry and a note's trend; used by the campaign page and the
//! review queue.

use crate::api;
use crate::app::use_ctx;
use crate::components::{failure_line, today};
use ::api::{Decision, MetricsView, SubmissionView};
use rules::Perm;
use ui::form::bind;
use ui::{Load, use_action, use_load};
use yew::prelude::*;

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
            <tbody>{ for props.rows.iter().map(|s| html! { <SubmissionRow key={s.id.clone()} sub={s.clone()} on_done={props.on_done.clone()} /> }) }</tbody>
        </table>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    sub: SubmissionView,
    on_done: Callback<()>,
}

/// What a row sends.
enum Write {
    Decide(Decision),
    /// Date, likes, comments, saves as typed.
    Metrics([String; 4]),
}

#[component]
fn SubmissionRow(props: &RowProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let reason = use_state(String::new);
    let date = use_state(today);
    let likes = use_state(String::new);
    let comments = use_state(String::new);
    let saves = use_state(String::new);
    let confirmed = use_state(|| false);
    let s = &props.sub;
    let write = {
        let id = s.id.clone();
        use_action(
            move |w: Write| {
                let id = id.clone();
                async move {
                    match w {
                        Write::Decide(d) => api::decide_submission(client, &id, d).await,
                        Write::Metrics([date, likes, comments, saves]) => {
                            let n = |v: &str| v.trim().replace([',', '，'], "").parse::<i64>().ok();
                            let (Some(likes), Some(comments), Some(saves)) =
                                (n(&likes), n(&comments), n(&saves))
                            else {
                                return Err(api::invalid(
                                    l.t("请填写数字。", "Enter whole numbers."),
                                ));
                            };
                            let m = MetricsView {
                                date,
                                likes,
                                comments,
                                saves,
                            };
                            api::record_metrics(client, &id, m).await.map(|_| ())
                        }
                    }
                }
            },
            props.on_done.reform(|_| ()),
        )
    };
    let decide = |approve: bool| {
        let (reason, confirmed) = (reason.clone(), *confirmed);
        write.run.reform(move |_: MouseEvent| {
            Write::Decide(Decision {
                approve,
                reason: (!approve).then(|| (*reason).clone()),
                disclosure_confirmed: confirmed,
                kind: None,
            })
        })
    };
    let record = {
        let (run, date, likes, comments, saves) = (
            write.run.clone(),
            date.clone(),
            likes.clone(),
            comments.clone(),
            saves.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(Write::Metrics([
                (*date).clone(),
                (*likes).clone(),
                (*comments).clone(),
                (*saves).clone(),
            ]));
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
                if let Some(shot) = s.screenshot_id.as_ref().filter(|_| ctx.can(Perm::Review)) {
                    <br /><img class="shot" src={api::upload_url(shot)} alt={l.t("截图", "Screenshot")} loading="lazy" />
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
                if s.status == "pending" && ctx.can(Perm::Review) {
                    <div class="actions">
                        if s.disclosure_required {
                            <label class="check"><input type="checkbox" name="disclosure_confirmed" checked={*confirmed} onchange={{ let c = confirmed.clone(); Callback::from(move |e: Event| c.set(ui::form::checked_of(&e))) }} />
                                { l.t("已核实笔记带有平台合作/广告标识", "The note carries the platform's ad disclosure") }</label>
                        }
                        <button onclick={decide(true)} disabled={write.busy}>{ l.t("通过", "Approve") }</button>
                        <input name="reason" placeholder={l.t("拒绝原因", "Reason to reject")} value={(*reason).clone()} oninput={bind(&reason)} />
                        <button class="danger" onclick={decide(false)} disabled={write.busy}>{ l.t("拒绝", "Reject") }</button>
                    </div>
                }
            </td>
            <td>
                { metrics }
                if s.status == "approved" && s.points.is_none() && ctx.can(Perm::Operate) {
                    <form class="actions" onsubmit={record}>
                        <input name="date" type="date" value={(*date).clone()} oninput={bind(&date)} />
                        <input class="n" name="likes" inputmode="numeric" placeholder={l.t("点赞", "Likes")} value={(*likes).clone()} oninput={bind(&likes)} />
                        <input class="n" name="comments" inputmode="numeric" placeholder={l.t("评论", "Comments")} value={(*comments).clone()} oninput={bind(&comments)} />
                        <input class="n" name="saves" inputmode="numeric" placeholder={l.t("收藏", "Saves")} value={(*saves).clone()} oninput={bind(&saves)} />
                        <button type="submit" disabled={write.busy}>{ l.t("记录数据", "Record") }</button>
                    </form>
                }
                { failure_line(&write.error) }
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
    let l = ctx.lang;
    let client = ctx.client();
    let asked = use_state(|| false);
    let points = use_load((props.id.clone(), *asked), move |(id, asked)| async move {
        if asked {
            api::trend(client, &id).await.map(Some)
        } else {
            Ok(None)
        }
    });
    match (&points.state, points.ready()) {
        (Load::Failed(e), _) => ui::hooks::failed(e, l, points.reload.clone()),
        (_, Some(Some(v))) => html! { <div data-testid="trend">{ sparkline(v) }</div> },
        _ => {
            let ask = {
                let asked = asked.clone();
                Callback::from(move |_| asked.set(true))
            };
            html! { <> { " " }<button class="link" onclick={ask}>{ l.t("趋势", "Trend") }</button></> }
        }
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
