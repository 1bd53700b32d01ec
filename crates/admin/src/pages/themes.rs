//! Themes by month, their campaigns, and the forms to plan new ones; the
//! rules page. Creating a campaign publishes it (or saves a draft) and
//! freezes the brand's rule set.

use crate::api;
use crate::app::{Route, use_ctx};
use crate::components::form::{Fields, Form, text};
use crate::components::{
    campaign_form::NewCampaign, emit_some, failure_line, picked_file, rule_card::RuleCard,
};
use ::api::{CampaignView, ThemeForm, ThemeView};
use rules::Perm;
use ui::{use_action, use_load, view_load};
use yew::prelude::*;
use yew_router::prelude::*;

#[component]
pub fn Themes() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let themes = use_load((), move |()| api::themes(client));
    let on_done = themes.reload.clone();
    let operate = ctx.can(Perm::Operate);
    html! {
        <>
            <h1>{ l.t("主题与活动", "Themes and campaigns") }</h1>
            if let Some(v) = themes.ready() { { calendar(l, v) } }
            <RuleCard />
            if operate { <NewTheme on_done={on_done.clone()} /> }
            { view_load(&themes, l, |v| v.iter().map(|t| html! { <ThemeCard key={t.id.clone()} theme={t.clone()} on_done={on_done.clone()} /> }).collect::<Html>()) }
        </>
    }
}

/// Settings · rules: the rule set on its own page.
#[component]
pub fn RulesPage() -> Html {
    let l = use_ctx().lang;
    html! {
        <>
            <h1>{ l.t("规则", "Rules") }</h1>
            <p class="muted">{ l.t("新发布的活动冻结当时的规则版本；进行中和已结算的活动沿用各自的版本。", "Campaigns freeze the rule version in force when they are published; running and settled ones keep theirs.") }</p>
            <RuleCard />
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

/// The new-theme form as typed.
#[derive(Clone, Default, PartialEq)]
struct ThemeDraft {
    month: String,
    title: String,
    description: String,
}

impl Fields for ThemeDraft {
    fn text(&mut self, name: &str, v: String) {
        match name {
            "month" => self.month = v,
            "title" => self.title = v,
            _ => self.description = v,
        }
    }
}

#[component]
fn NewTheme(props: &DoneProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let form = use_reducer(Form::<ThemeDraft>::default);
    let create = {
        let (on_done, dispatch) = (props.on_done.clone(), form.dispatcher());
        use_action(
            move |d: ThemeDraft| async move {
                let body = ThemeForm {
                    month: d.month,
                    title: d.title,
                    description: d.description,
                };
                api::create_theme(client, body).await
            },
            Callback::from(move |_| {
                dispatch.dispatch(crate::components::form::Edit::Text("title", String::new()));
                on_done.emit(());
            }),
        )
    };
    let submit = {
        let (run, form) = (create.run.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(form.0.clone());
        })
    };
    let f = &form.0;
    html! {
        <details class="card">
            <summary>{ l.t("新建月度主题", "New monthly theme") }</summary>
            <form onsubmit={submit} class="grid2">
                <label>{ l.t("月份", "Month") }<input name="month" type="month" required=true value={f.month.clone()} oninput={text(&form, "month")} /></label>
                <label>{ l.t("主题名称", "Title") }<input name="title" required=true maxlength="60" value={f.title.clone()} oninput={text(&form, "title")} /></label>
                <label>{ l.t("主题说明", "Description") }<textarea name="description" rows="2" value={f.description.clone()} oninput={text(&form, "description")} /></label>
                <div>{ failure_line(&create.error) }<button type="submit" disabled={create.busy}>{ l.t("创建主题", "Create theme") }</button></div>
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
    let operate = ctx.can(Perm::Operate);
    html! {
        <section class="card" data-month={t.month.clone()} id={format!("m{}", t.month)}>
            <p class="eyebrow">{ &t.month }</p>
            <h2>{ &t.title }</h2>
            if let Some(url) = &t.artwork_url { <img class="artwork" src={url.clone()} alt={t.title.clone()} loading="lazy" /> }
            <p class="muted">{ &t.description }</p>
            if operate { <Artwork theme={t.clone()} on_done={props.on_done.clone()} /> }
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
            if operate { <NewCampaign theme_id={t.id.clone()} on_done={props.on_done.clone()} /> }
        </section>
    }
}

/// Uploads an image and makes it the theme's artwork.
#[component]
fn Artwork(props: &ThemeProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let upload = {
        let t = props.theme.clone();
        use_action(
            move |file: web_sys::File| {
                let t = t.clone();
                async move {
                    let up = api::upload(client, file).await?;
                    let body = ::api::ThemeUpdate {
                        title: t.title.clone(),
                        description: t.description.clone(),
                        artwork_id: Some(up.id),
                    };
                    api::update_theme(client, &t.id, body).await
                }
            },
            props.on_done.reform(|_| ()),
        )
    };
    let pick = emit_some(&upload.run, |e: Event| picked_file(&e));
    html! {
        <label class="artwork-pick">{ if props.theme.artwork_url.is_some() { l.t("更换主题图", "Replace artwork") } else { l.t("上传主题图", "Upload artwork") } }
            <input type="file" name="artwork" accept="image/png,image/jpeg,image/webp" onchange={pick} disabled={upload.busy} />
            { failure_line(&upload.error) }
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
