//! Themes by month, their campaigns, and the forms to plan new ones.
//! Creating a campaign publishes it and freezes the brand's points rule.

use super::{bind, checked_of, error_line};
use crate::app::{Route, use_ctx};
use api::{CampaignForm, CampaignView, RuleSetForm, RuleSetView, ThemeForm, ThemeView};
use rules::RuleSet;
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
            if let Some(v) = &*themes { { calendar(l, v) } }
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

/// A year of months around today: each a theme or a gap to plan.
fn calendar(l: ui::Lang, themes: &[ThemeView]) -> Html {
    let d = js_sys::Date::new_0();
    let (mut y, mut m) = (d.get_full_year() as i32, d.get_month() as i32 - 2);
    let mut cells = Vec::new();
    for _ in 0..12 {
        if m < 0 {
            m += 12;
            y -= 1;
        } else if m > 11 {
            m -= 12;
            y += 1;
        }
        let month = format!("{y}-{:02}", m + 1);
        let theme = themes.iter().find(|t| t.month == month);
        cells.push(html! {
            <a class={classes!("month", theme.is_none().then_some("empty"))} href={format!("#m{month}")} data-calendar={month.clone()}>
                <span class="eyebrow">{ &month }</span>
                {
                    match theme {
                        Some(t) => html! { <><strong>{ &t.title }</strong><span class="muted">{ t.campaigns.len() }{ l.t(" 个活动", " campaigns") }</span></> },
                        None => html! { <span class="muted">{ l.t("未规划", "Not planned") }</span> },
                    }
                }
            </a>
        });
        m += 1;
    }
    html! { <nav class="calendar" aria-label={l.t("主题日历", "Theme calendar")}>{ for cells }</nav> }
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
        <section class="card" data-month={t.month.clone()} id={format!("m{}", t.month)}>
            <p class="eyebrow">{ &t.month }</p>
            <h2>{ &t.title }</h2>
            if let Some(url) = &t.artwork_url { <img class="artwork" src={url.clone()} alt={t.title.clone()} loading="lazy" /> }
            <p class="muted">{ &t.description }</p>
            if ctx.can_operate() { <Artwork theme={t.clone()} on_done={props.on_done.clone()} /> }
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

/// Uploads an image and makes it the theme's artwork.
#[component]
fn Artwork(props: &ThemeProps) -> Html {
    let ctx = use_ctx();
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let pick = {
        let (client, error, on_done, t) = (
            ctx.client(),
            error.clone(),
            props.on_done.clone(),
            props.theme.clone(),
        );
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target_dyn_into();
            let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) else {
                return;
            };
            let (error, on_done, t) = (error.clone(), on_done.clone(), t.clone());
            spawn_local(async move {
                let done = async {
                    let up = client
                        .upload::<api::UploadView>("/api/v1/admin/uploads", &file)
                        .await?;
                    let body = api::ThemeUpdate {
                        title: t.title.clone(),
                        description: t.description.clone(),
                        artwork_id: Some(up.id),
                    };
                    client
                        .put::<_, ThemeView>(&format!("/api/v1/admin/themes/{}", t.id), &body)
                        .await
                };
                match done.await {
                    Ok(_) => on_done.emit(()),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    html! {
        <label class="artwork-pick">{ if props.theme.artwork_url.is_some() { l.t("更换主题图", "Replace artwork") } else { l.t("上传主题图", "Upload artwork") } }
            <input type="file" name="artwork" accept="image/png,image/jpeg,image/webp" onchange={pick} />
            { error_line(&error) }
        </label>
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
            <td><span class={classes!("pill", c.status.as_str())}>{ l.status(c.status.as_str()) }</span></td>
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
    let multiplier = use_state(|| "100".to_string());
    let disclosure = use_state(|| false);
    let products = use_state(String::new);
    let min_tier = use_state(|| "member".to_string());
    let note_type = use_state(|| "any".to_string());
    let signup_opens = use_state(String::new);
    let draft = use_state(|| false);
    let sample_days = use_state(|| "0".to_string());
    // One box per platform, in the order of `rules::Platform::ALL`.
    let chosen = use_state(|| vec![true, true, false, false, false, false]);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    let submit = {
        let (client, theme_id, error, on_done) = (
            ctx.client(),
            props.theme_id.clone(),
            error.clone(),
            props.on_done.clone(),
        );
        let (
            title,
            brief,
            hashtags,
            slots,
            signup_closes,
            publish_by,
            settlement,
            chosen,
            multiplier,
            disclosure,
            extra,
        ) = (
            title.clone(),
            brief.clone(),
            hashtags.clone(),
            slots.clone(),
            signup_closes.clone(),
            publish_by.clone(),
            settlement.clone(),
            chosen.clone(),
            multiplier.clone(),
            disclosure.clone(),
            (
                products.clone(),
                min_tier.clone(),
                note_type.clone(),
                signup_opens.clone(),
                draft.clone(),
                sample_days.clone(),
            ),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(n) = slots.trim().parse::<i64>() else {
                error.set(Some(
                    l.t("名额须为数字。", "Slots must be a number.").into(),
                ));
                return;
            };
            let Ok(multiplier_percent) = multiplier.trim().parse::<i64>() else {
                error.set(Some(
                    l.t(
                        "积分倍数须为整数。",
                        "The multiplier must be a whole number.",
                    )
                    .into(),
                ));
                return;
            };
            let platforms = rules::Platform::ALL
                .iter()
                .zip(chosen.iter())
                .filter(|(_, on)| **on)
                .map(|(p, _)| p.as_str().to_string())
                .collect();
            let (products, min_tier, note_type, signup_opens, draft, sample_days) = &extra;
            let form = CampaignForm {
                title: (*title).clone(),
                brief: (*brief).clone(),
                hashtags: words(&hashtags, &[' ', ',', '，']),
                products: words(products, &[',', '，', '、']),
                min_tier: (**min_tier).clone(),
                note_type: (**note_type).clone(),
                signup_opens: (**signup_opens).clone(),
                draft: **draft,
                sample_days: sample_days.trim().parse().unwrap_or(0),
                platforms,
                slots: n,
                signup_closes: (*signup_closes).clone(),
                publish_by: (*publish_by).clone(),
                settlement_date: (*settlement).clone(),
                multiplier_percent,
                disclosure_required: *disclosure,
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
    let boxes = rules::Platform::ALL.iter().enumerate().map(|(i, p)| {
        let chosen = chosen.clone();
        let on = chosen[i];
        let toggle = Callback::from(move |e: Event| {
            let mut v = (*chosen).clone();
            v[i] = checked_of(&e);
            chosen.set(v);
        });
        html! {
            <label class="check"><input type="checkbox" name={p.as_str()} checked={on} onchange={toggle} />{ l.platform(p.as_str()) }</label>
        }
    });
    html! {
        <details>
            <summary>{ l.t("新建活动", "New campaign") }</summary>
            <form onsubmit={submit} class="grid2">
                <label>{ l.t("活动名称", "Title") }<input name="title" required=true maxlength="80" value={(*title).clone()} oninput={bind(&title)} /></label>
                <label>{ l.t("名额", "Slots") }<input name="slots" type="number" min="1" required=true value={(*slots).clone()} oninput={bind(&slots)} /></label>
                <label>{ l.t("活动说明", "Brief") }<textarea name="brief" rows="3" value={(*brief).clone()} oninput={bind(&brief)} /></label>
                <label>{ l.t("话题标签（空格分隔）", "Hashtags (space separated)") }<input name="hashtags" value={(*hashtags).clone()} oninput={bind(&hashtags)} /></label>
                <label>{ l.t("产品（逗号分隔）", "Products (comma separated)") }<input name="products" value={(*products).clone()} oninput={bind(&products)} /></label>
                <label>{ l.t("最低等级", "Minimum tier") }{ choice("min_tier", &min_tier, &TIERS.map(|t| (t, l.tier(t)))) }</label>
                <label>{ l.t("笔记类型", "Note type") }{ choice("note_type", &note_type, &[("any", l.t("不限", "Any")), ("image", l.t("图文", "Image note")), ("video", l.t("视频", "Video"))]) }</label>
                <label>{ l.t("寄样：收货后几天内发布（0 = 不寄样）", "Samples: days to publish after receipt (0 = none)") }<input name="sample_days" inputmode="numeric" value={(*sample_days).clone()} oninput={bind(&sample_days)} /></label>
                <label>{ l.t("报名开始（可空）", "Sign-up opens (optional)") }<input name="signup_opens" type="date" value={(*signup_opens).clone()} oninput={bind(&signup_opens)} /></label>
                <label>{ l.t("报名截止", "Sign-up closes") }<input name="signup_closes" type="date" required=true value={(*signup_closes).clone()} oninput={bind(&signup_closes)} /></label>
                <label>{ l.t("发布截止", "Publish by") }<input name="publish_by" type="date" required=true value={(*publish_by).clone()} oninput={bind(&publish_by)} /></label>
                <label>{ l.t("结算日", "Settlement date") }<input name="settlement_date" type="date" required=true value={(*settlement).clone()} oninput={bind(&settlement)} /></label>
                <label>{ l.t("积分倍数 %", "Points multiplier %") }<input name="multiplier_percent" inputmode="numeric" value={(*multiplier).clone()} oninput={bind(&multiplier)} /></label>
                <fieldset><legend>{ l.t("平台", "Platforms") }</legend>
                    { for boxes }
                </fieldset>
                <label class="check"><input type="checkbox" name="disclosure_required" checked={*disclosure}
                    onchange={{ let d = disclosure.clone(); Callback::from(move |e: Event| d.set(checked_of(&e))) }} />
                    { l.t("品牌合作：笔记须带平台合作/广告标识，审核时核实", "Paid collaboration: notes must carry the platform's ad disclosure, checked in review") }</label>
                <label class="check"><input type="checkbox" name="draft" checked={*draft}
                    onchange={{ let d = draft.clone(); Callback::from(move |e: Event| d.set(checked_of(&e))) }} />
                    { l.t("存为草稿（稍后发布）", "Save as a draft (publish later)") }</label>
                <div>{ error_line(&error) }<button type="submit">{ if *draft { l.t("保存草稿", "Save draft") } else { l.t("发布活动", "Publish campaign") } }</button></div>
            </form>
        </details>
    }
}

const TIERS: [&str; 4] = ["member", "junior", "intermediate", "senior"];

/// The non-empty pieces of `text` split at any of `at`.
fn words(text: &str, at: &[char]) -> Vec<String> {
    text.split(at)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A `<select>` bound to `state`, one option per `(value, label)`.
pub(crate) fn choice(
    name: &'static str,
    state: &UseStateHandle<String>,
    options: &[(&'static str, &str)],
) -> Html {
    let s = state.clone();
    let onchange = Callback::from(move |e: Event| s.set(ui::form::value_of(&e)));
    html! {
        <select {name} {onchange}>
            { for options.iter().map(|(v, label)| html! { <option value={*v} selected={**state == *v}>{ *label }</option> }) }
        </select>
    }
}

/// The brand's rule set, versioned. New campaigns freeze the version in
/// force when they are published; running and settled ones keep theirs.
/// The card edits the numbers operators tune most; the API takes the whole
/// rule set (bands, weights, classes, selection, commissions).
#[component]
fn RuleCard() -> Html {
    let ctx = use_ctx();
    let view = use_state(|| None::<RuleSetView>);
    // The values as typed, in the order of FIELDS.
    let draft = use_state(|| vec![String::new(); FIELDS.len()]);
    let note = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    let l = ctx.lang;
    {
        let (view, draft, client) = (view.clone(), draft.clone(), ctx.client());
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(v) = client.get::<RuleSetView>("/api/v1/admin/rules").await {
                    draft.set(
                        FIELDS
                            .iter()
                            .map(|f| (f.get)(&v.rules).to_string())
                            .collect(),
                    );
                    view.set(Some(v));
                }
            });
        });
    }
    let Some(current) = (*view).clone() else {
        return html! {};
    };
    let save = {
        let (client, draft, view, note, error) = (
            ctx.client(),
            draft.clone(),
            view.clone(),
            note.clone(),
            error.clone(),
        );
        let base = current.rules.clone();
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
            let mut rules = base.clone();
            for (f, v) in FIELDS.iter().zip(n) {
                (f.set)(&mut rules, v);
            }
            let body = RuleSetForm { rules };
            let (draft, view, note, error) =
                (draft.clone(), view.clone(), note.clone(), error.clone());
            spawn_local(async move {
                match client
                    .put::<_, RuleSetView>("/api/v1/admin/rules", &body)
                    .await
                {
                    Ok(v) => {
                        draft.set(
                            FIELDS
                                .iter()
                                .map(|f| (f.get)(&v.rules).to_string())
                                .collect(),
                        );
                        error.set(None);
                        note.set(Some(format!(
                            "{} v{}",
                            l.t(
                                "已保存：之后发布的活动使用新规则",
                                "Saved: campaigns published from now on use",
                            ),
                            v.rules.version
                        )));
                        view.set(Some(v));
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let inputs = FIELDS.iter().enumerate().map(|(i, f)| {
        let value = draft[i].clone();
        let draft = draft.clone();
        let on_input = Callback::from(move |e: InputEvent| {
            let mut v = (*draft).clone();
            v[i] = ui::form::value_of(&e);
            draft.set(v);
        });
        html! {
            <label>{ l.t(f.zh, f.en) }
                <input name={f.name} inputmode="numeric" {value} oninput={on_input} disabled={!ctx.can_operate()} />
            </label>
        }
    });
    let p = &current.rules.points;
    html! {
        <details class="card">
            <summary>{ l.t("规则", "Rules") }
                <span class="muted" data-testid="rule-version">{ format!(
                    " · v{} · {} + {}/{} ≤ {} · {} → +{}",
                    current.rules.version,
                    p.base,
                    first_band(&current.rules, |b| b.points),
                    first_band(&current.rules, |b| b.per),
                    first_band(&current.rules, |b| b.cap),
                    p.viral_threshold,
                    p.viral_bonus
                ) }</span>
            </summary>
            <form onsubmit={save} class="grid3">
                { for inputs }
                if ctx.can_operate() {
                    <div>{ error_line(&error) }
                        if let Some(n) = &*note { <p class="ok">{ n }</p> }
                        <button type="submit">{ l.t("保存为新版本", "Save as a new version") }</button></div>
                }
            </form>
        </details>
    }
}

/// One number of the rule set the card edits.
struct Field {
    name: &'static str,
    zh: &'static str,
    en: &'static str,
    get: fn(&RuleSet) -> i64,
    set: fn(&mut RuleSet, i64),
}

/// The first engagement band, created when the rule set has none.
fn band(r: &mut RuleSet) -> &mut rules::points::Band {
    if r.points.bands.is_empty() {
        r.points.bands.push(rules::points::Band {
            from: 0,
            to: None,
            per: 100,
            points: 0,
            cap: 0,
        });
    }
    &mut r.points.bands[0]
}

fn first_band(r: &RuleSet, f: fn(&rules::points::Band) -> i64) -> i64 {
    r.points.bands.first().map_or(0, f)
}

const FIELDS: [Field; 13] = [
    Field {
        name: "base",
        zh: "每篇基础分",
        en: "Base points per note",
        get: |r| r.points.base,
        set: |r, v| r.points.base = v,
    },
    Field {
        name: "per",
        zh: "每档互动数",
        en: "Interactions per step",
        get: |r| first_band(r, |b| b.per),
        set: |r, v| band(r).per = v,
    },
    Field {
        name: "points",
        zh: "每档积分",
        en: "Points per step",
        get: |r| first_band(r, |b| b.points),
        set: |r, v| band(r).points = v,
    },
    Field {
        name: "cap",
        zh: "互动分上限",
        en: "Engagement cap",
        get: |r| first_band(r, |b| b.cap),
        set: |r, v| band(r).cap = v,
    },
    Field {
        name: "viral_threshold",
        zh: "爆文互动数",
        en: "Viral threshold",
        get: |r| r.points.viral_threshold,
        set: |r, v| r.points.viral_threshold = v,
    },
    Field {
        name: "viral_bonus",
        zh: "爆文奖励",
        en: "Viral bonus",
        get: |r| r.points.viral_bonus,
        set: |r, v| r.points.viral_bonus = v,
    },
    Field {
        name: "junior_notes",
        zh: "初级：通过笔记数",
        en: "Junior: approved notes",
        get: |r| r.tiers.junior_notes,
        set: |r, v| r.tiers.junior_notes = v,
    },
    Field {
        name: "streak_notes",
        zh: "中级：每月笔记数",
        en: "Intermediate: notes a month",
        get: |r| r.tiers.streak_notes,
        set: |r, v| r.tiers.streak_notes = v,
    },
    Field {
        name: "streak_months",
        zh: "中级：连续月数",
        en: "Intermediate: months in a row",
        get: |r| r.tiers.streak_months,
        set: |r, v| r.tiers.streak_months = v,
    },
    Field {
        name: "senior_viral",
        zh: "高级：爆文互动数",
        en: "Senior: viral interactions",
        get: |r| r.tiers.viral_threshold,
        set: |r, v| r.tiers.viral_threshold = v,
    },
    Field {
        name: "demotion_notes",
        zh: "降级：连续低表现笔记",
        en: "Demotion: low notes in a row",
        get: |r| r.tiers.demotion_notes,
        set: |r, v| r.tiers.demotion_notes = v,
    },
    Field {
        name: "demotion_below",
        zh: "降级：互动数低于",
        en: "Demotion: interactions under",
        get: |r| r.tiers.demotion_below,
        set: |r, v| r.tiers.demotion_below = v,
    },
    Field {
        name: "first_timer_quota",
        zh: "新人名额占比 %",
        en: "First-timer quota %",
        get: |r| r.selection.first_timer_quota_percent,
        set: |r, v| r.selection.first_timer_quota_percent = v,
    },
];
