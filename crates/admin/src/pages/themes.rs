//! Themes by month, their campaigns, and the forms to plan new ones.
//! Creating a campaign publishes it and freezes the brand's points rule.

use super::{bind, checked_of, error_line};
use crate::app::{Route, use_ctx};
use api::{CampaignForm, CampaignView, PointsRuleView, ThemeForm, ThemeView};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn Themes() -> Html {
    let ctx = use_ctx();
    let themes = use_state(|| None::<Vec<ThemeView>>);
    let reload = use_state(|| 0u32);
    let l = ctx.lang;
    {
        let (themes, client) = (themes.clone(), ctx.client());
        use_effect_with(*reload, move |_| {
            spawn_local(async move {
                if let Ok(v) = client.get::<Vec<ThemeView>>("/api/v1/admin/themes").await {
                    themes.set(Some(v));
                }
            });
        });
    }
    let on_done = {
        let reload = reload.clone();
        Callback::from(move |()| reload.set(*reload + 1))
    };
    html! {
        <>
            <h1>{ l.t("主题与活动", "Themes and campaigns") }</h1>
            <RuleCard />
            if ctx.can_operate() { <NewTheme on_done={on_done.clone()} /> }
            {
                match &*themes {
                    None => html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> },
                    Some(v) => v.iter().map(|t| html! { <ThemeCard theme={t.clone()} on_done={on_done.clone()} /> }).collect::<Html>(),
                }
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct DoneProps {
    on_done: Callback<()>,
}

#[component]
fn NewTheme(props: &DoneProps) -> Html {
    let ctx = use_ctx();
    let month = use_state(String::new);
    let title = use_state(String::new);
    let description = use_state(String::new);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let submit = {
        let (client, month, title, description, error, on_done) = (
            ctx.client(),
            month.clone(),
            title.clone(),
            description.clone(),
            error.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form = ThemeForm {
                month: (*month).clone(),
                title: (*title).clone(),
                description: (*description).clone(),
            };
            let (error, on_done, title) = (error.clone(), on_done.clone(), title.clone());
            spawn_local(async move {
                match client
                    .post::<_, ThemeView>("/api/v1/admin/themes", &form)
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
    html! {
        <details class="card">
            <summary>{ l.t("新建月度主题", "New monthly theme") }</summary>
            <form onsubmit={submit} class="grid2">
                <label>{ l.t("月份", "Month") }<input name="month" type="month" required=true value={(*month).clone()} oninput={bind(&month)} /></label>
                <label>{ l.t("主题名称", "Title") }<input name="title" required=true maxlength="60" value={(*title).clone()} oninput={bind(&title)} /></label>
                <label>{ l.t("主题说明", "Description") }<textarea name="description" rows="2" value={(*description).clone()} oninput={bind(&description)} /></label>
                <div>{ error_line(&error) }<button type="submit">{ l.t("创建主题", "Create theme") }</button></div>
            </form>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct ThemeProps {
    theme: ThemeView,
    on_done: Callback<()>,
}

#[component]
fn ThemeCard(props: &ThemeProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let t = &props.theme;
    html! {
        <section class="card" data-month={t.month.clone()}>
            <p class="eyebrow">{ &t.month }</p>
            <h2>{ &t.title }</h2>
            <p class="muted">{ &t.description }</p>
            if !t.campaigns.is_empty() {
                <table>
                    <thead><tr>
                        <th>{ l.t("活动", "Campaign") }</th>
                        <th class="num">{ l.t("名额", "Slots") }</th>
                        <th class="num">{ l.t("报名", "Sign-ups") }</th>
                        <th class="num">{ l.t("报名比", "Ratio") }</th>
                        <th>{ l.t("结算日", "Settles") }</th>
                        <th>{ l.t("状态", "Status") }</th>
                    </tr></thead>
                    <tbody>{ for t.campaigns.iter().map(|c| campaign_row(l, c)) }</tbody>
                </table>
            }
            if ctx.can_operate() { <NewCampaign theme_id={t.id.clone()} on_done={props.on_done.clone()} /> }
        </section>
    }
}

fn campaign_row(l: ui::Lang, c: &CampaignView) -> Html {
    let ratio = format!("{:.1} : 1", c.signups as f64 / c.slots.max(1) as f64);
    html! {
        <tr>
            <td><Link<Route> to={Route::Campaign { id: c.id.clone() }}>{ &c.title }</Link<Route>></td>
            <td class="num">{ l.number(c.slots) }</td>
            <td class="num">{ l.number(c.signups) }</td>
            <td class="num">{ ratio }</td>
            <td>{ l.day(&c.settlement_date) }</td>
            <td><span class={classes!("pill", c.status.clone())}>{ l.status(&c.status) }</span></td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct NewCampaignProps {
    theme_id: String,
    on_done: Callback<()>,
}

#[component]
fn NewCampaign(props: &NewCampaignProps) -> Html {
    let ctx = use_ctx();
    let title = use_state(String::new);
    let brief = use_state(String::new);
    let hashtags = use_state(String::new);
    let slots = use_state(|| "10".to_string());
    let signup_closes = use_state(String::new);
    let publish_by = use_state(String::new);
    let settlement = use_state(String::new);
    let xhs = use_state(|| true);
    let douyin = use_state(|| true);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let submit = {
        let (client, theme_id, error, on_done) = (
            ctx.client(),
            props.theme_id.clone(),
            error.clone(),
            props.on_done.clone(),
        );
        let (title, brief, hashtags, slots, signup_closes, publish_by, settlement, xhs, douyin) = (
            title.clone(),
            brief.clone(),
            hashtags.clone(),
            slots.clone(),
            signup_closes.clone(),
            publish_by.clone(),
            settlement.clone(),
            xhs.clone(),
            douyin.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(n) = slots.trim().parse::<i64>() else {
                error.set(Some(
                    l.t("名额须为数字。", "Slots must be a number.").into(),
                ));
                return;
            };
            let mut platforms = Vec::new();
            if *xhs {
                platforms.push("xiaohongshu".to_string());
            }
            if *douyin {
                platforms.push("douyin".to_string());
            }
            let form = CampaignForm {
                title: (*title).clone(),
                brief: (*brief).clone(),
                hashtags: hashtags
                    .split([' ', ',', '，'])
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                platforms,
                slots: n,
                signup_closes: (*signup_closes).clone(),
                publish_by: (*publish_by).clone(),
                settlement_date: (*settlement).clone(),
            };
            let (error, on_done, path) = (
                error.clone(),
                on_done.clone(),
                format!("/api/v1/admin/themes/{theme_id}/campaigns"),
            );
            spawn_local(async move {
                match client.post::<_, CampaignView>(&path, &form).await {
                    Ok(_) => {
                        error.set(None);
                        on_done.emit(());
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let check = |s: &UseStateHandle<bool>| {
        let s = s.clone();
        Callback::from(move |e: Event| s.set(checked_of(&e)))
    };
    html! {
        <details>
            <summary>{ l.t("新建活动", "New campaign") }</summary>
            <form onsubmit={submit} class="grid2">
                <label>{ l.t("活动名称", "Title") }<input name="title" required=true maxlength="80" value={(*title).clone()} oninput={bind(&title)} /></label>
                <label>{ l.t("名额", "Slots") }<input name="slots" type="number" min="1" required=true value={(*slots).clone()} oninput={bind(&slots)} /></label>
                <label>{ l.t("活动说明", "Brief") }<textarea name="brief" rows="3" value={(*brief).clone()} oninput={bind(&brief)} /></label>
                <label>{ l.t("话题标签（空格分隔）", "Hashtags (space separated)") }<input name="hashtags" value={(*hashtags).clone()} oninput={bind(&hashtags)} /></label>
                <label>{ l.t("报名截止", "Sign-up closes") }<input name="signup_closes" type="date" required=true value={(*signup_closes).clone()} oninput={bind(&signup_closes)} /></label>
                <label>{ l.t("发布截止", "Publish by") }<input name="publish_by" type="date" required=true value={(*publish_by).clone()} oninput={bind(&publish_by)} /></label>
                <label>{ l.t("结算日", "Settlement date") }<input name="settlement_date" type="date" required=true value={(*settlement).clone()} oninput={bind(&settlement)} /></label>
                <fieldset><legend>{ l.t("平台", "Platforms") }</legend>
                    <label class="check"><input type="checkbox" checked={*xhs} onchange={check(&xhs)} />{ l.platform("xiaohongshu") }</label>
                    <label class="check"><input type="checkbox" checked={*douyin} onchange={check(&douyin)} />{ l.platform("douyin") }</label>
                </fieldset>
                <div>{ error_line(&error) }<button type="submit">{ l.t("发布活动", "Publish campaign") }</button></div>
            </form>
        </details>
    }
}

/// The brand's points rule. New campaigns freeze it when published;
/// running and settled ones keep theirs.
#[component]
fn RuleCard() -> Html {
    let ctx = use_ctx();
    let rule = use_state(|| None::<PointsRuleView>);
    // The six values as typed, in the order of FIELDS.
    let draft = use_state(|| vec![String::new(); 6]);
    let note = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    {
        let (rule, draft, client) = (rule.clone(), draft.clone(), ctx.client());
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(r) = client
                    .get::<PointsRuleView>("/api/v1/admin/points-rule")
                    .await
                {
                    draft.set(values(&r).iter().map(i64::to_string).collect());
                    rule.set(Some(r));
                }
            });
        });
    }
    let Some(current) = (*rule).clone() else {
        return html! {};
    };
    let save = {
        let (client, draft, rule, note, error) = (
            ctx.client(),
            draft.clone(),
            rule.clone(),
            note.clone(),
            error.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let n: Option<Vec<i64>> = draft
                .iter()
                .map(|v| v.trim().replace([',', '，'], "").parse().ok())
                .collect();
            let Some(n) = n else {
                error.set(Some(l.t("请填写整数。", "Enter whole numbers.").into()));
                return;
            };
            let body = PointsRuleView {
                base: n[0],
                interactions_per_step: n[1],
                points_per_step: n[2],
                engagement_cap: n[3],
                viral_threshold: n[4],
                viral_bonus: n[5],
            };
            let (rule, note, error) = (rule.clone(), note.clone(), error.clone());
            spawn_local(async move {
                match client
                    .put::<_, PointsRuleView>("/api/v1/admin/points-rule", &body)
                    .await
                {
                    Ok(r) => {
                        rule.set(Some(r));
                        error.set(None);
                        note.set(Some(
                            l.t(
                                "已保存：之后发布的活动使用新规则。",
                                "Saved: campaigns published from now on use it.",
                            )
                            .into(),
                        ));
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let labels = [
        l.t("每篇基础分", "Base points per note"),
        l.t("每档互动数", "Interactions per step"),
        l.t("每档积分", "Points per step"),
        l.t("互动分上限", "Engagement cap"),
        l.t("爆文互动数", "Viral threshold"),
        l.t("爆文奖励", "Viral bonus"),
    ];
    let inputs = labels.iter().enumerate().map(|(i, label)| {
        let value = draft[i].clone();
        let draft = draft.clone();
        let on_input = Callback::from(move |e: InputEvent| {
            let mut v = (*draft).clone();
            v[i] = ui::form::value_of(&e);
            draft.set(v);
        });
        html! {
            <label>{ *label }
                <input name={FIELDS[i]} inputmode="numeric" {value} oninput={on_input} disabled={!ctx.can_operate()} />
            </label>
        }
    });
    let v = values(&current);
    html! {
        <details class="card">
            <summary>{ l.t("积分规则", "Points rule") }
                <span class="muted">{ format!(" · {} + {}/{} ≤ {} · {} → +{}", v[0], v[2], v[1], v[3], v[4], v[5]) }</span>
            </summary>
            <form onsubmit={save} class="grid3">
                { for inputs }
                if ctx.can_operate() {
                    <div>{ error_line(&error) }
                        if let Some(n) = &*note { <p class="ok">{ n }</p> }
                        <button type="submit">{ l.t("保存规则", "Save rule") }</button></div>
                }
            </form>
        </details>
    }
}

const FIELDS: [&str; 6] = [
    "base",
    "interactions_per_step",
    "points_per_step",
    "engagement_cap",
    "viral_threshold",
    "viral_bonus",
];

fn values(r: &PointsRuleView) -> [i64; 6] {
    [
        r.base,
        r.interactions_per_step,
        r.points_per_step,
        r.engagement_cap,
        r.viral_threshold,
        r.viral_bonus,
    ]
}
