//! The application review queue: filter by status and channel, search by
//! name or city, and decide one by one or many at once (a rejection takes
//! a reason from the list or typed). Each row shows where the applicant
//! posts, their evidence screenshots, the channel they came by, and a
//! warning when another application shares their contact or a social
//! account. "Ask for more" sends a question the applicant answers in the
//! app. Contacts arrive masked; a reviewing role may reveal one (audited).

use super::bind;
use crate::api;
use crate::app::use_ctx;
use crate::components::{failure_line, set};
use ::api::{ApplicationView, BulkDecision, Decision, InfoRequest};
use rules::{Channel, Perm};
use ui::{use_action, use_load, view_load};
use yew::prelude::*;

/// Reasons reviewers pick most; any other can be typed.
pub const REASONS: [(&str, &str); 5] = [
    ("资料不完整", "Incomplete details"),
    (
        "社交账号内容与品牌方向不符",
        "Account content does not fit the brand",
    ),
    (
        "粉丝数或活跃度暂未达到要求",
        "Followers or activity below requirements",
    ),
    ("重复申请", "Duplicate application"),
    ("所在地区暂未开放", "Region not open yet"),
];

pub fn channel_name(l: ui::Lang, c: &str) -> &'static str {
    match c {
        "wechat" => l.t("微信生态", "WeChat"),
        "member_pool" => l.t("会员池", "Member pool"),
        "partner" => l.t("合作渠道", "Partner channel"),
        "in_store" => l.t("门店扫码", "In-store QR"),
        "one_to_one" => l.t("一对一邀请", "One-to-one"),
        _ => l.t("直接申请", "Direct"),
    }
}

#[component]
pub fn Applications() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let status = use_state(|| "pending".to_string());
    let channel = use_state(String::new);
    let typed = use_state(String::new);
    let search = use_state(String::new);
    let chosen = use_state(Vec::<String>::new);
    let reason = use_state(String::new);
    let filter = ((*status).clone(), (*channel).clone(), (*search).clone());
    let rows = use_load(filter.clone(), move |(s, c, q)| async move {
        api::applications(client, &s, &c, &q).await
    });
    {
        // Another filter, another page: nothing stays chosen.
        let chosen = chosen.clone();
        use_effect_with(filter, move |_| chosen.set(Vec::new()));
    }
    let on_done = {
        let (reload, chosen) = (rows.reload.clone(), chosen.clone());
        Callback::from(move |()| {
            chosen.set(Vec::new());
            reload.emit(());
        })
    };
    let bulk = use_action(
        move |body: BulkDecision| api::decide_applications(client, body),
        on_done.reform(|_| ()),
    );
    let decide = |approve: bool| {
        let (chosen, reason) = (chosen.clone(), reason.clone());
        bulk.run.reform(move |_: MouseEvent| BulkDecision {
            ids: (*chosen).clone(),
            approve,
            reason: (!approve).then(|| (*reason).clone()),
        })
    };
    let note = bulk.done.as_ref().map(|r| {
        format!(
            "{} {}{}",
            l.t("已处理", "Decided"),
            r.decided.len(),
            if r.skipped.is_empty() {
                String::new()
            } else {
                format!(
                    " · {} {}",
                    l.t("已被他人处理，跳过", "already decided, skipped"),
                    r.skipped.len()
                )
            }
        )
    });
    let all = rows
        .ready()
        .map(|v| {
            v.iter()
                .filter(|a| matches!(a.status.as_str(), "pending" | "more_info"))
                .map(|a| a.id.clone())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let select_all = {
        let (chosen, all) = (chosen.clone(), all.clone());
        Callback::from(move |e: Event| {
            chosen.set(if super::checked_of(&e) {
                all.clone()
            } else {
                Vec::new()
            })
        })
    };
    let toggle = {
        let chosen = chosen.clone();
        Callback::from(move |(id, on): (String, bool)| {
            let mut v = (*chosen).clone();
            v.retain(|x| *x != id);
            if on {
                v.push(id);
            }
            chosen.set(v);
        })
    };
    let run_search = {
        let (typed, search) = (typed.clone(), search.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            search.set(typed.trim().to_string());
        })
    };
    let statuses = ["pending", "more_info", "approved", "rejected"].map(|s| (s, l.status(s)));
    let review = ctx.can(Perm::Review);
    html! {
        <>
            <h1>{ l.t("KOC 申请审核", "KOC applications") }</h1>
            <div class="toolbar">
                { super::tabs(&status, &statuses) }
                <select name="channel" onchange={set(&channel).reform(|e: Event| ui::form::value_of(&e))} aria-label={l.t("渠道", "Channel")}>
                    <option value="" selected={channel.is_empty()}>{ l.t("全部渠道", "All channels") }</option>
                    { for Channel::ALL.iter().map(|c| html! { <option value={c.as_str()} selected={*channel == c.as_str()}>{ channel_name(l, c.as_str()) }</option> }) }
                </select>
                <form class="actions" onsubmit={run_search}>
                    <input name="q" type="search" placeholder={l.t("搜索昵称或城市", "Search name or city")} value={(*typed).clone()} oninput={bind(&typed)} />
                    <button type="submit" class="secondary">{ l.t("搜索", "Search") }</button>
                </form>
            </div>
            if review && !all.is_empty() {
                <div class="toolbar bulk" data-testid="bulk">
                    <label class="check"><input type="checkbox" name="select_all" checked={!chosen.is_empty() && chosen.len() == all.len()} onchange={select_all} />
                        { l.t("全选本页", "Select page") }</label>
                    <span class="muted">{ l.t("已选 ", "Selected ") }{ chosen.len() }</span>
                    <button onclick={decide(true)} disabled={chosen.is_empty() || bulk.busy}>{ l.t("批量通过", "Approve selected") }</button>
                    <ReasonPicker reason={reason.clone()} />
                    <button class="danger" onclick={decide(false)} disabled={chosen.is_empty() || bulk.busy}>{ l.t("批量拒绝", "Reject selected") }</button>
                </div>
            }
            if let Some(n) = note { <p class="ok" role="status">{ n }</p> }
            { failure_line(&bulk.error) }
            { view_load(&rows, l, |v| if v.is_empty() {
                html! { <p class="muted">{ l.t("没有符合条件的申请。", "Nothing here.") }</p> }
            } else {
                html! {
                    <table>
                        <thead><tr>
                            <th></th>
                            <th>{ l.t("申请人", "Applicant") }</th>
                            <th>{ l.t("社交账号与截图", "Social accounts and evidence") }</th>
                            <th>{ l.t("兴趣与动机", "Interests and motivation") }</th>
                            <th>{ l.t("申请时间", "Applied") }</th>
                            <th>{ l.t("处理", "Decision") }</th>
                        </tr></thead>
                        <tbody>{ for v.iter().map(|a| html! {
                            <ApplicationRow key={a.id.clone()} app={a.clone()} on_done={on_done.clone()}
                                chosen={chosen.contains(&a.id)} on_choose={toggle.clone()} />
                        }) }</tbody>
                    </table>
                }
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReasonProps {
    pub reason: UseStateHandle<String>,
}

/// A reason from the list, or typed.
#[component]
pub fn ReasonPicker(props: &ReasonProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let pick = {
        let reason = props.reason.clone();
        Callback::from(move |e: Event| {
            let v = ui::form::value_of(&e);
            if !v.is_empty() {
                reason.set(v);
            }
        })
    };
    html! {
        <>
            <select name="reason_preset" onchange={pick} aria-label={l.t("常用原因", "Common reasons")}>
                <option value="" selected={!REASONS.iter().any(|(zh, en)| *props.reason == l.t(zh, en))}>{ l.t("选择原因…", "Pick a reason…") }</option>
                { for REASONS.iter().map(|(zh, en)| html! { <option value={l.t(zh, en)} selected={*props.reason == l.t(zh, en)}>{ l.t(zh, en) }</option> }) }
            </select>
            <input name="reason" placeholder={l.t("或填写拒绝原因", "or type a reason")} value={(*props.reason).clone()} oninput={bind(&props.reason)} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    app: ApplicationView,
    on_done: Callback<()>,
    chosen: bool,
    on_choose: Callback<(String, bool)>,
}

/// What a row sends.
enum Write {
    Decide(Decision),
    Ask(InfoRequest),
}

#[component]
fn ApplicationRow(props: &RowProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let reason = use_state(String::new);
    let question = use_state(String::new);
    let a = &props.app;
    let reveal = {
        let id = a.id.clone();
        use_action(
            move |()| {
                let id = id.clone();
                async move { api::contact(client, &id).await }
            },
            Callback::noop(),
        )
    };
    let write = {
        let id = a.id.clone();
        use_action(
            move |w: Write| {
                let id = id.clone();
                async move {
                    match w {
                        Write::Decide(d) => api::decide_application(client, &id, d).await,
                        Write::Ask(q) => api::ask_more(client, &id, q).await.map(|_| ()),
                    }
                }
            },
            props.on_done.reform(|_| ()),
        )
    };
    let decide = |approve: bool| {
        let reason = reason.clone();
        write.run.reform(move |_: MouseEvent| {
            Write::Decide(Decision {
                approve,
                reason: (!approve).then(|| (*reason).clone()),
                disclosure_confirmed: false,
                kind: None,
            })
        })
    };
    let ask = {
        let (question, run) = (question.clone(), write.run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(Write::Ask(InfoRequest {
                question: (*question).clone(),
            }));
        })
    };
    let contact = reveal.done.as_ref().map(|c| c.contact.clone());
    let error = write.error.clone().or(reveal.error.clone());
    let choose = {
        let (id, on_choose) = (a.id.clone(), props.on_choose.clone());
        Callback::from(move |e: Event| on_choose.emit((id.clone(), super::checked_of(&e))))
    };
    let open = matches!(a.status.as_str(), "pending" | "more_info");
    html! {
        <tr data-applicant={a.display_name.clone()}>
            <td>
                if open && ctx.can(Perm::Review) {
                    <input type="checkbox" name="choose" checked={props.chosen} onchange={choose} aria-label={a.display_name.clone()} />
                }
            </td>
            <td><strong>{ &a.display_name }</strong><br />{ &a.city }<br />
                if let Some(c) = &contact {
                    <span data-testid="contact">{ c }</span>
                } else {
                    <span class="muted" data-testid="contact">{ &a.contact }</span>
                    if ctx.can(Perm::Review) && !a.contact.is_empty() {
                        { " " }<button class="link" onclick={reveal.run.reform(|_| ())} title={l.t("查看将记入审计日志", "Viewing is recorded in the audit log")}>{ l.t("查看", "Show") }</button>
                    }
                }
                <br /><span class="pill">{ channel_name(l, a.channel.as_str()) }</span>
                if a.duplicates > 0 {
                    <br /><span class="pill rejected" data-testid="duplicate" title={l.t("联系方式或社交账号与其他申请相同", "Shares a contact or social account with other applications")}>
                        { l.t("疑似重复 ×", "Possible duplicate ×") }{ a.duplicates }
                    </span>
                }
            </td>
            <td>{ for a.social_accounts.iter().map(|s| html! {
                <div>{ l.platform(&s.platform) }{ " · " }{ l.number(s.followers) }{ l.t(" 粉丝 ", " followers ") }
                    <a href={s.profile_url.clone()} target="_blank" rel="noopener noreferrer">{ l.t("主页", "profile") }</a></div>
            }) }
                // Screenshots are personal data: reviewing roles only (the server refuses the rest).
                <div class="shots">{ for a.evidence.iter().filter(|_| ctx.can(Perm::Review)).map(|id| html! {
                    <a href={api::upload_url(id)} target="_blank"><img class="shot" src={api::upload_url(id)} alt={l.t("账号截图", "Account screenshot")} loading="lazy" /></a>
                }) }</div>
            </td>
            <td>{ a.interests.join("、") }<br /><span class="muted">{ &a.motivation }</span>
                if let Some(q) = &a.info_request {
                    <p class="muted" data-testid="info-request">{ l.t("补充问题：", "Asked: ") }{ q }</p>
                }
                if let Some(r) = &a.info_reply {
                    <p data-testid="info-reply">{ l.t("申请人回复：", "Answer: ") }{ r }</p>
                }
                if let Some(n) = &a.appeal_note {
                    <p class="pill pending" data-testid="appeal">{ l.t("申诉：", "Appeal: ") }{ n }</p>
                }
            </td>
            <td>{ l.date(a.created_at, "Asia/Shanghai", false) }</td>
            <td>
                if open && ctx.can(Perm::Review) {
                    <div class="actions">
                        <button onclick={decide(true)}>{ l.t("通过", "Approve") }</button>
                        <ReasonPicker reason={reason.clone()} />
                        <button class="danger" onclick={decide(false)}>{ l.t("拒绝", "Reject") }</button>
                    </div>
                    if a.status == "pending" {
                        <form class="actions" onsubmit={ask}>
                            <input name="question" placeholder={l.t("需要申请人补充什么？", "What should the applicant add?")} value={(*question).clone()} oninput={bind(&question)} />
                            <button type="submit" class="secondary">{ l.t("请求补充", "Ask for more") }</button>
                        </form>
                    } else {
                        <span class="pill pending">{ l.status(a.status.as_str()) }</span>
                    }
                } else {
                    <span class={classes!("pill", a.status.as_str())}>{ l.status(a.status.as_str()) }</span>
                    if let Some(r) = &a.reason { <br /><span class="muted">{ r }</span> }
                }
                { failure_line(&error) }
            </td>
        </tr>
    }
}
