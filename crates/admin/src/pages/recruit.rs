//! Recruitment: recruitments with an invitation link and QR code per
//! channel, the channel report (applications → approvals → first notes),
//! and candidate discovery: import a customer list, see it scored, invite
//! the chosen ones with personal links.

use super::applications::channel_name;
use super::{bind, error_line};
use crate::app::use_ctx;
use api::{
    BulkResult, CandidateImportResult, CandidateInvite, CandidateView, ChannelStatsView,
    RecruitmentForm, RecruitmentView,
};
use yew::platform::spawn_local;
use yew::prelude::*;

const CHANNELS: [&str; 5] = ["wechat", "member_pool", "partner", "in_store", "one_to_one"];

fn purpose_name(l: ui::Lang, p: &str) -> &'static str {
    match p {
        "trial" => l.t("新品试用", "Product trial"),
        "feedback" => l.t("体验反馈", "Feedback"),
        "seeding" => l.t("种草推荐", "Seeding"),
        _ => l.t("分销带货", "Distribution"),
    }
}

#[component]
pub fn Recruitment() -> Html {
    let ctx = use_ctx();
    let list = use_state(|| None::<Vec<RecruitmentView>>);
    let report = use_state(Vec::<ChannelStatsView>::new);
    let reload = use_state(|| 0u32);
    let l = ctx.lang;
    {
        let (list, report, client) = (list.clone(), report.clone(), ctx.client());
        use_effect_with(*reload, move |_| {
            spawn_local(async move {
                if let Ok(v) = client
                    .get::<Vec<RecruitmentView>>("/api/v1/admin/recruitments")
                    .await
                {
                    list.set(Some(v));
                }
                if let Ok(v) = client
                    .get::<Vec<ChannelStatsView>>("/api/v1/admin/channels")
                    .await
                {
                    report.set(v);
                }
            });
        });
    }
    let on_done = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    let open: Vec<RecruitmentView> = list
        .as_ref()
        .map(|v| v.iter().filter(|r| r.status == "open").cloned().collect())
        .unwrap_or_default();
    html! {
        <>
            <h1>{ l.t("招募与渠道", "Recruitment and channels") }</h1>
            <section class="card">
                <h2>{ l.t("渠道效果（全部申请）", "Channels (all applications)") }</h2>
                { stats_table(l, &report) }
            </section>
            if ctx.can_operate() { <NewRecruitment on_done={on_done.clone()} /> }
            {
                match &*list {
                    None => html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> },
                    Some(v) => v.iter().map(|r| recruitment_card(l, r)).collect::<Html>(),
                }
            }
            <Candidates recruitments={open} />
        </>
    }
}

fn stats_table(l: ui::Lang, rows: &[ChannelStatsView]) -> Html {
    if rows.is_empty() {
        return html! { <p class="muted">{ l.t("还没有申请。", "No applications yet.") }</p> };
    }
    let pct = |n: i64, of: i64| {
        if of == 0 {
            "—".to_string()
        } else {
            format!("{}%", n * 100 / of)
        }
    };
    html! {
        <table data-testid="channel-report">
            <thead><tr>
                <th>{ l.t("渠道", "Channel") }</th>
                <th class="num">{ l.t("申请", "Applications") }</th>
                <th class="num">{ l.t("通过", "Approved") }</th>
                <th class="num">{ l.t("首篇笔记", "First notes") }</th>
                <th class="num">{ l.t("通过率", "Approval rate") }</th>
            </tr></thead>
            <tbody>{ for rows.iter().map(|r| html! {
                <tr data-channel={r.channel.as_str()}>
                    <td>{ channel_name(l, r.channel.as_str()) }</td>
                    <td class="num">{ l.number(r.applications) }</td>
                    <td class="num">{ l.number(r.approved) }</td>
                    <td class="num">{ l.number(r.first_notes) }</td>
                    <td class="num">{ pct(r.approved, r.applications) }</td>
                </tr>
            }) }</tbody>
        </table>
    }
}

fn recruitment_card(l: ui::Lang, r: &RecruitmentView) -> Html {
    html! {
        <section class="card" data-recruitment={r.title.clone()}>
            <p class="eyebrow">{ purpose_name(l, r.purpose.as_str()) }{ " · " }
                { if r.kind == "one_off" { l.t("一次性", "One-off") } else { l.t("长期", "Long-running") } }{ " · " }
                { if r.status == "open" { l.t("进行中", "Open") } else { l.t("已关闭", "Closed") } }</p>
            <h2>{ &r.title }</h2>
            <div class="links">{ for r.links.iter().map(|k| html! {
                <figure class="invite" data-channel={k.channel.as_str()}>
                    <img src={k.qr_svg.clone()} alt={format!("QR {}", channel_name(l, k.channel.as_str()))} width="120" height="120" loading="lazy" />
                    <figcaption>
                        <strong>{ channel_name(l, k.channel.as_str()) }</strong><br />
                        <input readonly=true value={k.url.clone()} aria-label={l.t("邀请链接", "Invitation link")} />
                        <a href={k.qr_svg.clone()} download={format!("qr-{}.svg", k.channel)}>{ l.t("下载二维码", "Download QR") }</a>
                    </figcaption>
                </figure>
            }) }</div>
            { stats_table(l, &r.report) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DoneProps {
    on_done: Callback<()>,
}

#[component]
fn NewRecruitment(props: &DoneProps) -> Html {
    let ctx = use_ctx();
    let title = use_state(String::new);
    let purpose = use_state(|| "trial".to_string());
    let kind = use_state(|| "long_running".to_string());
    let channels = use_state(|| vec![true, false, false, true, false]);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let submit = {
        let (client, title, purpose, kind, channels, error, on_done) = (
            ctx.client(),
            title.clone(),
            purpose.clone(),
            kind.clone(),
            channels.clone(),
            error.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form = RecruitmentForm {
                title: (*title).clone(),
                purpose: (*purpose).clone(),
                kind: (*kind).clone(),
                channels: CHANNELS
                    .iter()
                    .zip(channels.iter())
                    .filter(|(_, on)| **on)
                    .map(|(c, _)| c.to_string())
                    .collect(),
            };
            let (error, on_done, title) = (error.clone(), on_done.clone(), title.clone());
            spawn_local(async move {
                match client
                    .post::<_, RecruitmentView>("/api/v1/admin/recruitments", &form)
                    .await
                {
                    Ok(_) => {
                        error.set(None);
                        title.set(String::new());
                        on_done.emit(());
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let boxes = CHANNELS.iter().enumerate().map(|(i, c)| {
        let on = channels[i];
        let channels = channels.clone();
        let toggle = Callback::from(move |e: Event| {
            let mut v = (*channels).clone();
            v[i] = super::checked_of(&e);
            channels.set(v);
        });
        html! { <label class="check"><input type="checkbox" name={*c} checked={on} onchange={toggle} />{ channel_name(l, c) }</label> }
    });
    html! {
        <details class="card">
            <summary>{ l.t("新建招募", "New recruitment") }</summary>
            <form onsubmit={submit} class="grid2">
                <label>{ l.t("名称", "Title") }<input name="title" required=true maxlength="80" value={(*title).clone()} oninput={bind(&title)} /></label>
                <label>{ l.t("目的", "Purpose") }{ super::themes::choice("purpose", &purpose, &["trial", "feedback", "seeding", "distribution"].map(|p| (p, purpose_name(l, p)))) }</label>
                <label>{ l.t("类型", "Kind") }{ super::themes::choice("kind", &kind, &[("long_running", l.t("长期（每月主题）", "Long-running (monthly themes)")), ("one_off", l.t("一次性（新品上市）", "One-off (a launch)"))]) }</label>
                <fieldset><legend>{ l.t("渠道（每个渠道一个链接和二维码）", "Channels (a link and QR code each)") }</legend>{ for boxes }</fieldset>
                <div>{ error_line(&error) }<button type="submit">{ l.t("创建招募", "Create recruitment") }</button></div>
            </form>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct CandidatesProps {
    recruitments: Vec<RecruitmentView>,
}

/// Candidate discovery: import, scored list, invite.
#[component]
fn Candidates(props: &CandidatesProps) -> Html {
    let ctx = use_ctx();
    let rows = use_state(Vec::<CandidateView>::new);
    let chosen = use_state(Vec::<String>::new);
    let result = use_state(|| None::<CandidateImportResult>);
    let target = use_state(String::new);
    let note = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    let reload = use_state(|| 0u32);
    let l = ctx.lang;
    {
        let (rows, client) = (rows.clone(), ctx.client());
        use_effect_with(*reload, move |_| {
            spawn_local(async move {
                if let Ok(v) = client
                    .get::<Vec<CandidateView>>("/api/v1/admin/candidates?limit=200")
                    .await
                {
                    rows.set(v);
                }
            });
        });
    }
    let import = {
        let (client, result, error, reload) =
            (ctx.client(), result.clone(), error.clone(), reload.clone());
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target_dyn_into();
            let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) else {
                return;
            };
            let (result, error, reload) = (result.clone(), error.clone(), reload.clone());
            spawn_local(async move {
                match client
                    .upload::<CandidateImportResult>("/api/v1/admin/candidates/import", &file)
                    .await
                {
                    Ok(r) => {
                        error.set(None);
                        result.set(Some(r));
                        reload.set(*reload + 1);
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let recruitment = if target.is_empty() {
        props.recruitments.first().map(|r| r.id.clone())
    } else {
        Some((*target).clone())
    };
    let invite = {
        let (client, chosen, note, error, reload) = (
            ctx.client(),
            chosen.clone(),
            note.clone(),
            error.clone(),
            reload.clone(),
        );
        let recruitment = recruitment.clone().unwrap_or_default();
        Callback::from(move |_| {
            let body = CandidateInvite {
                recruitment_id: recruitment.clone(),
                ids: (*chosen).clone(),
            };
            let (chosen, note, error, reload) =
                (chosen.clone(), note.clone(), error.clone(), reload.clone());
            spawn_local(async move {
                match client
                    .post::<_, BulkResult>("/api/v1/admin/candidates/invite", &body)
                    .await
                {
                    Ok(r) => {
                        error.set(None);
                        chosen.set(Vec::new());
                        note.set(Some(format!(
                            "{} {}",
                            l.t("已生成专属邀请链接：", "Personal links made:"),
                            r.decided.len()
                        )));
                        reload.set(*reload + 1);
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let pick_target = {
        let target = target.clone();
        Callback::from(move |e: Event| target.set(ui::form::value_of(&e)))
    };
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let brand = ctx.me.brand.clone();
    let score = |h: i64| format!("{}.{:02}", h / 100, h % 100);
    html! {
        <section class="card">
            <h2>{ l.t("候选人发掘", "Candidate discovery") }</h2>
            <p class="muted">{ l.t("导入客户名单（CSV：客户ID、手机号、累计消费、订单数、入会日期、最近购买；Excel 另存的 UTF-8 或 GBK 均可），按消费、频次、会龄和活跃度打分。", "Import a customer list (CSV: id, phone, amount, orders, member since, last active; UTF-8 or GBK as Excel saves it), scored by spend, frequency, tenure and recency.") }</p>
            if ctx.can_operate() {
                <label>{ l.t("导入客户名单", "Import customers") }
                    <input type="file" name="customers" accept=".csv,text/csv" onchange={import} />
                </label>
            }
            if let Some(r) = &*result {
                <p class="ok" data-testid="import-result">{ l.t("新增 ", "Added ") }{ r.added }{ l.t("，更新 ", ", updated ") }{ r.updated }
                    if !r.errors.is_empty() { { l.t("，错误 ", ", errors ") }{ r.errors.len() } }</p>
                if !r.errors.is_empty() {
                    <ul class="errors">{ for r.errors.iter().map(|e| html! { <li>{ l.t("第 ", "Line ") }{ e.line }{ l.t(" 行：", ": ") }{ &e.message }</li> }) }</ul>
                }
            }
            if let Some(n) = &*note { <p class="ok" role="status">{ n }</p> }
            { error_line(&error) }
            if !rows.is_empty() {
                if ctx.can_operate() && recruitment.is_some() {
                    <div class="toolbar">
                        <select name="recruitment" onchange={pick_target}>
                            { for props.recruitments.iter().map(|r| html! { <option value={r.id.clone()} selected={recruitment.as_deref() == Some(r.id.as_str())}>{ &r.title }</option> }) }
                        </select>
                        <button onclick={invite} disabled={chosen.is_empty()}>{ l.t("邀请所选 ", "Invite selected ") }{ chosen.len() }</button>
                    </div>
                }
                <table>
                    <thead><tr>
                        <th></th>
                        <th>{ l.t("客户", "Customer") }</th>
                        <th class="num">{ l.t("得分", "Score") }</th>
                        <th class="num">{ l.t("累计消费", "Spend") }</th>
                        <th class="num">{ l.t("订单", "Orders") }</th>
                        <th>{ l.t("入会 / 最近购买", "Member since / last active") }</th>
                        <th>{ l.t("邀请", "Invitation") }</th>
                    </tr></thead>
                    <tbody>{ for rows.iter().map(|c| {
                        let choose = {
                            let (chosen, id) = (chosen.clone(), c.id.clone());
                            Callback::from(move |e: Event| {
                                let mut v = (*chosen).clone();
                                v.retain(|x| *x != id);
                                if super::checked_of(&e) {
                                    v.push(id.clone());
                                }
                                chosen.set(v);
                            })
                        };
                        html! {
                            <tr data-candidate={c.external_id.clone()}>
                                <td>if c.invite_code.is_none() && ctx.can_operate() {
                                    <input type="checkbox" name="choose" checked={chosen.contains(&c.id)} onchange={choose} aria-label={c.external_id.clone()} />
                                }</td>
                                <td>{ &c.external_id }<br /><span class="muted">{ &c.phone }</span></td>
                                <td class="num"><strong>{ score(c.score) }</strong></td>
                                <td class="num">{ l.money(c.amount_cents) }</td>
                                <td class="num">{ l.number(c.orders) }</td>
                                <td>{ l.day(&c.member_since) }{ " / " }{ l.day(&c.last_active) }</td>
                                <td>{
                                    match &c.invite_code {
                                        Some(code) => html! { <input readonly=true value={format!("{origin}/b/{brand}/apply?i={code}")} /> },
                                        None => html! { <span class="muted">{ "—" }</span> },
                                    }
                                }</td>
                            </tr>
                        }
                    }) }</tbody>
                </table>
            }
        </section>
    }
}
