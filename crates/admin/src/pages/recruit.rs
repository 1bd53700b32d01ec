//! Recruitment: recruitments with an invitation link and QR code per
//! channel, the channel report (applications → approvals → first notes),
//! and candidate discovery: import a customer list, see it scored, invite
//! the chosen ones with personal links.

use super::applications::channel_name;
use super::bind;
use crate::api;
use crate::app::use_ctx;
use crate::components::{choice, emit_some, failure_line, picked_file, set};
use ::api::{
    BulkResult, CandidateImportResult, CandidateInvite, ChannelStatsView, RecruitmentForm,
    RecruitmentView,
};
use rules::{Channel, Perm, RecruitmentKind, RecruitmentPurpose};
use ui::{use_action, use_load, view_load};
use yew::prelude::*;

const CHANNELS: [Channel; 5] = Channel::LINKED;

fn purpose_name(l: ui::Lang, p: &str) -> &'static str {
    match p {
        "trial" => l.t("新品试用", "Product trial"),
        "feedback" => l.t("体验反馈", "Feedback"),
        "seeding" => l.t("种草推荐", "Seeding"),
        _ => l.t("分销带货", "Distribution"),
    }
}

/// The page's two lists.
struct Lists {
    recruitments: Vec<RecruitmentView>,
    channels: Vec<ChannelStatsView>,
}

#[component]
pub fn Recruitment() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let lists = use_load((), move |()| async move {
        Ok(Lists {
            recruitments: api::recruitments(client).await?,
            channels: api::channels(client).await?,
        })
    });
    let on_done = lists.reload.clone();
    let operate = ctx.can(Perm::Operate);
    html! {
        <>
            <h1>{ l.t("招募与渠道", "Recruitment and channels") }</h1>
            { view_load(&lists, l, |v| {
                let open: Vec<RecruitmentView> = v
                    .recruitments
                    .iter()
                    .filter(|r| r.status == "open")
                    .cloned()
                    .collect();
                html! {
                    <>
                        <section class="card">
                            <h2>{ l.t("渠道效果（全部申请）", "Channels (all applications)") }</h2>
                            { stats_table(l, &v.channels) }
                        </section>
                        if operate { <NewRecruitment on_done={on_done.clone()} /> }
                        { for v.recruitments.iter().map(|r| recruitment_card(l, r)) }
                        <Candidates recruitments={open} />
                    </>
                }
            }) }
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
    let l = ctx.lang;
    let client = ctx.client();
    let title = use_state(String::new);
    let purpose = use_state(|| "trial".to_string());
    let kind = use_state(|| "long_running".to_string());
    let channels = use_state(|| vec![true, false, false, true, false]);
    let create = {
        let (title, on_done) = (title.clone(), props.on_done.clone());
        use_action(
            move |form: RecruitmentForm| api::create_recruitment(client, form),
            Callback::from(move |_| {
                title.set(String::new());
                on_done.emit(());
            }),
        )
    };
    let submit = {
        let (run, title, purpose, kind, channels) = (
            create.run.clone(),
            title.clone(),
            purpose.clone(),
            kind.clone(),
            channels.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // `into` fills the wire fields whether they are strings or the
            // `rules` words.
            let purpose = purpose
                .parse::<RecruitmentPurpose>()
                .unwrap_or(RecruitmentPurpose::Trial);
            let kind = kind
                .parse::<RecruitmentKind>()
                .unwrap_or(RecruitmentKind::LongRunning);
            run.emit(RecruitmentForm {
                title: (*title).clone(),
                purpose: purpose.into(),
                kind: kind.into(),
                channels: CHANNELS
                    .iter()
                    .zip(channels.iter())
                    .filter(|(_, on)| **on)
                    .map(|(c, _)| (*c).into())
                    .collect(),
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
        html! { <label class="check"><input type="checkbox" name={c.as_str()} checked={on} onchange={toggle} />{ channel_name(l, c.as_str()) }</label> }
    });
    html! {
        <details class="card">
            <summary>{ l.t("新建招募", "New recruitment") }</summary>
            <form onsubmit={submit} class="grid2">
                <label>{ l.t("名称", "Title") }<input name="title" required=true maxlength="80" value={(*title).clone()} oninput={bind(&title)} /></label>
                <label>{ l.t("目的", "Purpose") }{ choice("purpose", &purpose, &["trial", "feedback", "seeding", "distribution"].map(|p| (p, purpose_name(l, p))), set(&purpose)) }</label>
                <label>{ l.t("类型", "Kind") }{ choice("kind", &kind, &[("long_running", l.t("长期（每月主题）", "Long-running (monthly themes)")), ("one_off", l.t("一次性（新品上市）", "One-off (a launch)"))], set(&kind)) }</label>
                <fieldset><legend>{ l.t("渠道（每个渠道一个链接和二维码）", "Channels (a link and QR code each)") }</legend>{ for boxes }</fieldset>
                <div>{ failure_line(&create.error) }<button type="submit" disabled={create.busy}>{ l.t("创建招募", "Create recruitment") }</button></div>
            </form>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct CandidatesProps {
    recruitments: Vec<RecruitmentView>,
}

/// Candidate discovery: import, scored list, invite.
/// What the candidate panel sends.
enum Write {
    Import(web_sys::File),
    Invite(CandidateInvite),
    /// Delete an imported customer (their data, at their request).
    Delete(String),
}

/// What a write answered.
enum Answer {
    Imported(CandidateImportResult),
    Invited(BulkResult),
    Deleted,
}

#[component]
fn Candidates(props: &CandidatesProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let rows = use_load((), move |()| api::candidates(client));
    let chosen = use_state(Vec::<String>::new);
    let target = use_state(String::new);
    let write = {
        let (reload, chosen) = (rows.reload.clone(), chosen.clone());
        use_action(
            move |w: Write| async move {
                Ok(match w {
                    Write::Import(f) => Answer::Imported(api::import_candidates(client, f).await?),
                    Write::Invite(i) => Answer::Invited(api::invite_candidates(client, i).await?),
                    Write::Delete(id) => {
                        api::delete_candidate(client, id).await?;
                        Answer::Deleted
                    }
                })
            },
            Callback::from(move |a: std::rc::Rc<Answer>| {
                if matches!(*a, Answer::Invited(_)) {
                    chosen.set(Vec::new());
                }
                reload.emit(());
            }),
        )
    };
    let import = emit_some(&write.run, |e: Event| picked_file(&e).map(Write::Import));
    let recruitment = if target.is_empty() {
        props.recruitments.first().map(|r| r.id.clone())
    } else {
        Some((*target).clone())
    };
    let invite = {
        let (chosen, recruitment) = (chosen.clone(), recruitment.clone().unwrap_or_default());
        write.run.reform(move |_: MouseEvent| {
            Write::Invite(CandidateInvite {
                recruitment_id: recruitment.clone(),
                ids: (*chosen).clone(),
            })
        })
    };
    let (result, note) = match write.done.as_deref() {
        Some(Answer::Imported(r)) => (Some(r), None),
        Some(Answer::Invited(r)) => (
            None,
            Some(format!(
                "{} {}",
                l.t("已生成专属邀请链接：", "Personal links made:"),
                r.decided.len()
            )),
        ),
        Some(Answer::Deleted) => (
            None,
            Some(
                l.t("已删除该客户的资料。", "The customer's data was deleted.")
                    .to_string(),
            ),
        ),
        None => (None, None),
    };
    let operate = ctx.can(Perm::Operate);
    let manage = ctx.can(Perm::Manage);
    let rows = rows.ready().cloned().unwrap_or_default();
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
            if operate {
                <label>{ l.t("导入客户名单", "Import customers") }
                    <input type="file" name="customers" accept=".csv,text/csv" onchange={import} />
                </label>
            }
            if let Some(r) = result {
                <p class="ok" data-testid="import-result">{ l.t("新增 ", "Added ") }{ r.added }{ l.t("，更新 ", ", updated ") }{ r.updated }
                    if !r.errors.is_empty() { { l.t("，错误 ", ", errors ") }{ r.errors.len() } }</p>
                if !r.errors.is_empty() {
                    <ul class="errors">{ for r.errors.iter().map(|e| html! { <li>{ l.t("第 ", "Line ") }{ e.line }{ l.t(" 行：", ": ") }{ &e.message }</li> }) }</ul>
                }
            }
            if let Some(n) = note { <p class="ok" role="status">{ n }</p> }
            { failure_line(&write.error) }
            if !rows.is_empty() {
                if operate && recruitment.is_some() {
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
                        if manage { <th></th> }
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
                        let delete = {
                            let (run, id) = (write.run.clone(), c.id.clone());
                            let sure = l.t(
                                "删除该客户的手机号和消费资料？此操作不可撤销。",
                                "Delete this customer's phone and purchase data? This cannot be undone.",
                            );
                            Callback::from(move |_: MouseEvent| {
                                let yes = web_sys::window()
                                    .and_then(|w| w.confirm_with_message(sure).ok())
                                    .unwrap_or(false);
                                if yes {
                                    run.emit(Write::Delete(id.clone()));
                                }
                            })
                        };
                        html! {
                            <tr data-candidate={c.external_id.clone()}>
                                <td>if c.invite_code.is_none() && operate {
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
                                if manage {
                                    <td><button class="link" name="delete-candidate" onclick={delete}>{ l.t("删除", "Delete") }</button></td>
                                }
                            </tr>
                        }
                    }) }</tbody>
                </table>
            }
        </section>
    }
}
