//! A member's page: the roster line, application (contact masked), class
//! with its explanation and overrides, kind, tier history with reasons,
//! notes with metrics, sign-ups and outcomes, tasks, the latest postings
//! (with an export) and a points adjustment, redemptions (codes masked),
//! the inbox sent, and who opened the page (each opening is audited).

use super::bind;
use super::points::AdjustPanel;
use super::roster::{channel_label, class_label, kind_label, tier_label};
use crate::api;
use crate::app::use_ctx;
use crate::components::{choice, failure_line, set};
use ::api::{ClassOverrideForm, KindForm, MemberPageView};
use rules::Perm;
use ui::{Lang, use_action, use_load, view_load};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MemberProps {
    pub id: String,
}

#[component]
pub fn MemberPage(props: &MemberProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let page = use_load(props.id.clone(), move |id| api::member_page(client, id));
    let reload = page.reload.clone();
    view_load(
        &page,
        l,
        |p| html! { <Member page={p.clone()} reload={reload.clone()} /> },
    )
}

#[derive(Properties, PartialEq)]
struct Props {
    page: MemberPageView,
    reload: Callback<()>,
}

fn redemption_status(l: Lang, s: rules::RedemptionStatus) -> &'static str {
    use rules::RedemptionStatus as S;
    match s {
        S::Pending => l.t("待处理", "Pending"),
        S::Issued => l.t("已发放", "Issued"),
        S::Shipped => l.t("已寄出", "Shipped"),
        S::Done => l.t("已完成", "Done"),
        S::Cancelled => l.t("已取消", "Cancelled"),
    }
}

fn part_label(l: Lang, code: &str) -> String {
    match code {
        "task_completion" => l.t("任务完成", "Task completion"),
        "content_quality" => l.t("内容质量", "Content quality"),
        "skill" => l.t("创作能力", "Skill"),
        "influence" => l.t("影响力", "Influence"),
        _ => return code.to_string(),
    }
    .to_string()
}

#[component]
fn Member(props: &Props) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let p = &props.page;
    let m = &p.member;
    let zone = "Asia/Shanghai";
    let id = m.member_id.clone();
    let class = use_state(|| {
        p.class
            .override_class
            .map_or(String::new(), |c| c.as_str().to_string())
    });
    let reason = use_state(String::new);
    let domain = use_state(|| m.domain.as_str().to_string());
    let origin = use_state(|| m.origin.as_str().to_string());
    let save_class = use_action(
        {
            let id = id.clone();
            move |body: ClassOverrideForm| api::set_member_class(client, id.clone(), body)
        },
        props.reload.reform(|_| ()),
    );
    let save_kind = use_action(
        {
            let id = id.clone();
            move |body: KindForm| api::set_member_kind(client, id.clone(), body)
        },
        props.reload.reform(|_| ()),
    );
    let on_class = {
        let (run, class, reason) = (save_class.run.clone(), class.clone(), reason.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(ClassOverrideForm {
                class: rules::MemberClass::parse(&class),
                reason: (*reason).clone(),
            });
        })
    };
    let on_kind = {
        let (run, domain, origin) = (save_kind.run.clone(), domain.clone(), origin.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let (Ok(domain), Ok(origin)) = (domain.parse(), origin.parse()) {
                run.emit(KindForm { domain, origin });
            }
        })
    };
    let can = ctx.can(Perm::Operate);
    let classes = [
        ("", l.t("自动（按结算计算）", "Automatic (from settlement)")),
        ("high_quality", l.t("优质", "High quality")),
        ("standard", l.t("标准", "Standard")),
        ("potential", l.t("潜力", "Potential")),
    ];
    let domains = [
        ("public", l.t("公域", "Public domain")),
        ("private", l.t("私域", "Private domain")),
    ];
    let origins = [
        ("brand_lover", l.t("品牌粉丝", "Brand lover")),
        ("incubated", l.t("孵化", "Incubated")),
        ("partner_creator", l.t("合作达人", "Partner creator")),
    ];
    html! {
        <div class="member-page" data-member={id.clone()}>
            <h1>{ &m.display_name }</h1>
            <p class="muted">{ format!("{} · {} · {} · {}", tier_label(l, m.tier), class_label(l, m.class), kind_label(l, m.domain, m.origin), m.city) }</p>
            <div class="stats">
                <div class="card"><span class="muted">{ l.t("可用积分", "Points") }</span><br /><strong>{ l.number(m.balance) }</strong>{ " " }<span class="muted">{ l.money(m.balance_fen) }</span></div>
                <div class="card"><span class="muted">{ l.t("笔记 / 通过 / 爆文", "Notes / approved / viral") }</span><br /><strong>{ format!("{} / {} / {}", m.notes, m.approved, m.viral) }</strong></div>
                <div class="card"><span class="muted">{ l.t("最近活跃", "Last active") }</span><br /><strong>{ m.last_active_at.map(|t| l.date(t, zone, false)).unwrap_or_else(|| "—".into()) }</strong></div>
            </div>

            <section class="card" data-testid="member-class">
                <h2>{ l.t("分类", "Class") }</h2>
                <p>{ class_label(l, p.class.class) }{
                    match (p.class.override_class, p.class.computed) {
                        (Some(_), Some(c)) => format!("（{}{}）", l.t("人工设定；自动计算为", "set by an operator; computed: "), class_label(l, Some(c))),
                        (Some(_), None) => l.t("（人工设定）", " (set by an operator)").to_string(),
                        _ => String::new(),
                    }
                }</p>
                if let Some(score) = p.class.score {
                    <table>
                        <thead><tr><th>{ l.t("维度", "Part") }</th><th class="num">{ l.t("得分", "Score") }</th><th class="num">{ l.t("权重", "Weight") }</th></tr></thead>
                        <tbody>{ for p.class.parts.iter().map(|x| html! {
                            <tr><td>{ part_label(l, &x.code) }</td><td class="num">{ x.score }</td><td class="num">{ format!("{}%", x.weight) }</td></tr>
                        }) }</tbody>
                        <tfoot><tr><td>{ l.t("总分", "Total") }</td><td class="num">{ format!("{}.{:02}", score / 100, score % 100) }</td><td /></tr></tfoot>
                    </table>
                }
                if can {
                    <form class="toolbar" onsubmit={on_class}>
                        { choice("class", &class, &classes, set(&class)) }
                        <input name="reason" required=true maxlength="200" placeholder={l.t("原因（必填）", "Reason (required)")} value={(*reason).clone()} oninput={bind(&reason)} />
                        <button type="submit" disabled={save_class.busy}>{ l.t("保存分类", "Save class") }</button>
                    </form>
                    { failure_line(&save_class.error) }
                }
                if !p.overrides.is_empty() {
                    <ul class="plain">{ for p.overrides.iter().map(|o| html! {
                        <li>{ format!("{} · {} · {}", l.date(o.at, zone, true),
                            o.class.map_or(l.t("恢复自动", "back to automatic"), |c| class_label(l, Some(c))), o.reason) }</li>
                    }) }</ul>
                }
            </section>

            if can {
                <form class="card toolbar" onsubmit={on_kind} data-testid="member-kind">
                    <strong>{ l.t("KOC 类型", "Kind of KOC") }</strong>
                    { choice("domain", &domain, &domains, set(&domain)) }
                    { choice("origin", &origin, &origins, set(&origin)) }
                    <button type="submit" class="secondary" disabled={save_kind.busy}>{ l.t("保存类型", "Save kind") }</button>
                    { failure_line(&save_kind.error) }
                </form>
            }

            if let Some(a) = &p.application {
                <section class="card">
                    <h2>{ l.t("申请", "Application") }</h2>
                    <p>{ format!("{} · {} · {}", a.contact, a.city, channel_label(l, a.channel)) }</p>
                    <p class="muted">{ &a.motivation }</p>
                    <ul class="plain">{ for a.social_accounts.iter().map(|s| html! {
                        <li>{ format!("{} · {} · {}", s.platform, s.profile_url, l.number(s.followers)) }</li>
                    }) }</ul>
                </section>
            }

            <section class="card">
                <h2>{ l.t("等级历史", "Tier history") }</h2>
                if p.tier_history.is_empty() { <p class="muted">{ l.t("尚无等级变化。", "No tier changes yet.") }</p> }
                <ul class="plain">{ for p.tier_history.iter().map(|t| html! {
                    <li>{ format!("{} · {} → {} · {}", t.on, t.from, t.to, t.reason) }</li>
                }) }</ul>
            </section>

            <section class="card">
                <h2>{ l.t("笔记", "Notes") }</h2>
                <table>
                    <thead><tr><th>{ l.t("活动", "Campaign") }</th><th>{ l.t("状态", "Status") }</th><th class="num">{ l.t("互动", "Interactions") }</th><th class="num">{ l.t("积分", "Points") }</th></tr></thead>
                    <tbody>{ for p.notes.iter().map(|n| html! {
                        <tr>
                            <td><a href={n.canonical_url.clone()} target="_blank" rel="noopener noreferrer">{ &n.campaign_title }</a></td>
                            <td>{ n.status.as_str() }</td>
                            <td class="num">{ n.metrics.as_ref().map(|x| l.number(x.likes + x.comments + x.saves)).unwrap_or_else(|| "—".into()) }</td>
                            <td class="num">{ n.points.map(|x| l.number(x)).unwrap_or_else(|| "—".into()) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            </section>

            <section class="card">
                <h2>{ l.t("报名与结果", "Sign-ups and outcomes") }</h2>
                <ul class="plain">{ for p.signups.iter().map(|s| html! {
                    <li>{ format!("{} · {} · {}", l.date(s.signed_up_at, zone, false), s.campaign_title, s.status.as_str()) }</li>
                }) }</ul>
                <h2>{ l.t("任务", "Tasks") }</h2>
                <ul class="plain">{ for p.tasks.iter().map(|t| html! {
                    <li>{ format!("{} · {} · {}", t.due_on, t.title, t.status.as_str()) }</li>
                }) }</ul>
            </section>

            <section class="card">
                <h2>{ l.t("积分明细", "Points history") }</h2>
                <a class="button secondary" href={api::member_ledger_export_url(&id)} download="">{ l.t("导出 CSV", "Export CSV") }</a>
                <table>
                    <thead><tr><th>{ l.t("时间", "When") }</th><th>{ l.t("说明", "What") }</th><th class="num">{ l.t("积分", "Points") }</th></tr></thead>
                    <tbody>{ for p.ledger.iter().map(|e| html! {
                        <tr><td>{ l.date(e.created_at, zone, false) }</td><td>{ format!("{} · {}", e.reason, e.memo) }</td><td class="num">{ l.number(e.points) }</td></tr>
                    }) }</tbody>
                </table>
            </section>

            if can {
                <section class="card" data-testid="member-adjust">
                    <h2>{ l.t("调整积分", "Adjust points") }</h2>
                    <AdjustPanel member={Some(id.clone())} on_done={props.reload.clone()} />
                </section>
            }

            <section class="card" data-testid="member-redemptions">
                <h2>{ l.t("兑换记录", "Redemptions") }</h2>
                if p.redemptions.is_empty() { <p class="muted">{ l.t("尚无兑换。", "No redemptions yet.") }</p> }
                <ul class="plain">{ for p.redemptions.iter().map(|r| html! {
                    <li>{ format!("{} · {} · {} {} · {}{}", l.date(r.created_at, zone, false), r.title,
                        l.number(r.points), l.t("积分", "points"), redemption_status(l, r.status),
                        r.code.as_ref().map(|c| format!(" · {c}")).unwrap_or_default()) }</li>
                }) }</ul>
            </section>

            <section class="card">
                <h2>{ l.t("已发送的消息", "Inbox sent") }</h2>
                <ul class="plain">{ for p.inbox.iter().map(|n| html! {
                    <li>{ format!("{} · {}{}", l.date(n.created_at, zone, true), n.kind.as_str(), n.campaign_title.as_ref().map(|t| format!(" · {t}")).unwrap_or_default()) }</li>
                }) }</ul>
                <h2>{ l.t("查看记录", "Views of this page") }</h2>
                <ul class="plain" data-testid="member-views">{ for p.views.iter().map(|v| html! {
                    <li>{ format!("{} · {}", l.date(v.at, zone, true), v.by) }</li>
                }) }</ul>
            </section>
        </div>
    }
}
