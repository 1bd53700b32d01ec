//! The audit log (owners): every operator action and every view of full
//! personal data, newest first, searchable by kind of action, record and
//! day. Records appear by id; the log never holds personal fields.

use super::bind;
use crate::api;
use crate::app::use_ctx;
use crate::components::{choice, set};
use ui::{use_load, view_load};
use yew::prelude::*;

/// Filter choices: (action or prefix, 中文, English).
const KINDS: [(&str, &str, &str); 9] = [
    ("", "全部操作", "Every action"),
    ("personal_data.view", "查看个人信息", "Personal data viewed"),
    ("application.", "申请审核", "Application decisions"),
    ("submission.", "笔记审核", "Submission decisions"),
    ("metrics.record", "录入数据", "Metrics recorded"),
    (
        "campaign.",
        "活动发布与结算",
        "Campaigns published and settled",
    ),
    ("theme.create", "新建主题", "Themes created"),
    ("rules.save", "规则修改", "Rule changes"),
    ("session.", "登录与退出", "Log-ins and log-outs"),
];

const PAGE: usize = 50;

fn label(l: ui::Lang, action: &str) -> String {
    let known = [
        ("personal_data.view", "查看个人信息", "Viewed personal data"),
        ("application.approve", "通过申请", "Approved an application"),
        ("application.reject", "拒绝申请", "Rejected an application"),
        ("submission.approve", "通过笔记", "Approved a submission"),
        ("submission.reject", "拒绝笔记", "Rejected a submission"),
        ("metrics.record", "录入数据", "Recorded metrics"),
        ("campaign.publish", "发布活动", "Published a campaign"),
        ("campaign.settle", "结算活动", "Settled a campaign"),
        ("theme.create", "新建主题", "Created a theme"),
        ("rules.save", "保存规则", "Saved the rules"),
        ("session.login", "登录", "Logged in"),
        ("session.logout_all", "全部退出", "Logged out everywhere"),
        (
            "member.erase",
            "成员注销账号",
            "A member erased their account",
        ),
        (
            "member.password_reset",
            "成员用验证码重设密码",
            "A member reset their password with a code",
        ),
    ];
    match known.iter().find(|k| k.0 == action) {
        Some((_, zh, en)) => l.t(zh, en).to_string(),
        None => action.to_string(),
    }
}

#[component]
pub fn Audit() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let kind = use_state(String::new);
    let target = use_state(String::new);
    let from = use_state(String::new);
    let to = use_state(String::new);
    // The filters applied (set on search) and how many pages are shown.
    let query = use_state(Vec::<(&'static str, String)>::new);
    let pages = use_state(|| 1usize);
    let rows = use_load(((*query).clone(), *pages), move |(q, pages)| {
        api::audit(client, PAGE * pages, q)
    });
    let search = {
        let (kind, target, from, to, query, pages) = (
            kind.clone(),
            target.clone(),
            from.clone(),
            to.clone(),
            query.clone(),
            pages.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let q = [
                ("action", &*kind),
                ("target_id", &*target),
                ("from", &*from),
                ("to", &*to),
            ]
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k, v.trim().to_string()))
            .collect();
            pages.set(1);
            query.set(q);
        })
    };
    let next = {
        let pages = pages.clone();
        Callback::from(move |_| pages.set(*pages + 1))
    };
    let shown = *pages;
    let body = view_load(&rows, l, |v| {
        if v.is_empty() {
            return html! { <p class="muted">{ l.t("没有符合条件的记录。", "No matching entries.") }</p> };
        }
        let more = v.len() == PAGE * shown;
        html! {
            <>
                <table>
                    <thead><tr>
                        <th>{ l.t("时间", "When") }</th>
                        <th>{ l.t("操作人", "Who") }</th>
                        <th>{ l.t("操作", "What") }</th>
                        <th>{ l.t("对象", "Record") }</th>
                        <th>{ l.t("变更前 → 变更后", "Before → after") }</th>
                    </tr></thead>
                    <tbody>{ for v.iter().map(|e| html! {
                        <tr data-action={e.action.clone()}>
                            <td>{ l.date(e.at, "Asia/Shanghai", true) }</td>
                            <td>{ e.actor_email.clone().unwrap_or_else(|| e.actor_id.clone()) }</td>
                            <td>{ label(l, &e.action) }</td>
                            <td><span class="muted">{ &e.target_kind }</span><br /><code>{ &e.target_id }</code></td>
                            <td class="change">
                                if let Some(b) = &e.before { <code>{ b }</code>{ " → " } }
                                if let Some(a) = &e.after { <code>{ a }</code> }
                            </td>
                        </tr>
                    }) }</tbody>
                </table>
                if more { <button class="secondary" onclick={next.clone()}>{ l.t("更多", "More") }</button> }
            </>
        }
    });
    html! {
        <>
            <h1>{ l.t("审计日志", "Audit log") }</h1>
            <p class="muted">{ l.t(
                "记录每一次运营操作和每一次查看完整个人信息。记录只引用编号，不保存个人信息。",
                "Every operator action and every view of full personal data. Entries refer to records by id and never hold personal data.",
            ) }</p>
            <form class="toolbar" onsubmit={search}>
                { choice("action", &kind, &KINDS.map(|(v, zh, en)| (v, l.t(zh, en))), set(&kind)) }
                <input name="target_id" placeholder={l.t("对象编号", "Record id")} value={(*target).clone()} oninput={bind(&target)} />
                <input name="from" type="date" value={(*from).clone()} oninput={bind(&from)} />
                <input name="to" type="date" value={(*to).clone()} oninput={bind(&to)} />
                <button type="submit">{ l.t("搜索", "Search") }</button>
            </form>
            { body }
        </>
    }
}
