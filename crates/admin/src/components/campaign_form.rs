//! The new-campaign form of a theme: fifteen fields on one reducer.
//! Publishing (or saving a draft) freezes the brand's rule set in force.

use crate::api;
use crate::app::use_ctx;
use crate::components::form::{Fields, Form, check, pick, text};
use crate::components::{choice, failure_line};
use ::api::CampaignForm;
use ui::Lang;
use yew::prelude::*;

/// The form as typed.
#[derive(Clone, PartialEq)]
pub struct Draft {
    title: String,
    brief: String,
    hashtags: String,
    products: String,
    slots: String,
    min_tier: String,
    note_type: String,
    sample_days: String,
    signup_opens: String,
    signup_closes: String,
    publish_by: String,
    settlement_date: String,
    multiplier: String,
    disclosure: bool,
    draft: bool,
    /// One box per platform, in the order of `rules::Platform::ALL`.
    platforms: Vec<bool>,
}

impl Default for Draft {
    fn default() -> Draft {
        Draft {
            title: String::new(),
            brief: String::new(),
            hashtags: String::new(),
            products: String::new(),
            slots: "10".into(),
            min_tier: "member".into(),
            note_type: "any".into(),
            sample_days: "0".into(),
            signup_opens: String::new(),
            signup_closes: String::new(),
            publish_by: String::new(),
            settlement_date: String::new(),
            multiplier: "100".into(),
            disclosure: false,
            draft: false,
            // The first two (Xiaohongshu, Douyin) ticked.
            platforms: (0..rules::Platform::ALL.len()).map(|i| i < 2).collect(),
        }
    }
}

impl Fields for Draft {
    fn text(&mut self, name: &str, v: String) {
        let field = match name {
            "title" => &mut self.title,
            "brief" => &mut self.brief,
            "hashtags" => &mut self.hashtags,
            "products" => &mut self.products,
            "slots" => &mut self.slots,
            "min_tier" => &mut self.min_tier,
            "note_type" => &mut self.note_type,
            "sample_days" => &mut self.sample_days,
            "signup_opens" => &mut self.signup_opens,
            "signup_closes" => &mut self.signup_closes,
            "publish_by" => &mut self.publish_by,
            "settlement_date" => &mut self.settlement_date,
            "multiplier_percent" => &mut self.multiplier,
            _ => return,
        };
        *field = v;
    }

    fn check(&mut self, name: &str, on: bool) {
        match name {
            "disclosure_required" => self.disclosure = on,
            "draft" => self.draft = on,
            p => {
                if let Some(i) = rules::Platform::ALL.iter().position(|x| x.as_str() == p) {
                    self.platforms[i] = on;
                }
            }
        }
    }
}

impl Draft {
    /// The request, or what to fix first.
    fn form(&self, l: Lang) -> Result<CampaignForm, ui::ApiFailure> {
        let slots = self
            .slots
            .trim()
            .parse::<i64>()
            .map_err(|_| api::invalid(l.t("名额须为数字。", "Slots must be a number.")))?;
        let multiplier_percent = self.multiplier.trim().parse::<i64>().map_err(|_| {
            api::invalid(l.t(
                "积分倍数须为整数。",
                "The multiplier must be a whole number.",
            ))
        })?;
        Ok(CampaignForm {
            title: self.title.clone(),
            brief: self.brief.clone(),
            hashtags: words(&self.hashtags, &[' ', ',', '，']),
            products: words(&self.products, &[',', '，', '、']),
            min_tier: self.min_tier.clone(),
            // `into` fills the wire field whether it is a string or the word.
            note_type: self
                .note_type
                .parse::<rules::NoteType>()
                .unwrap_or(rules::NoteType::Any)
                .into(),
            signup_opens: self.signup_opens.clone(),
            draft: self.draft,
            sample_days: self.sample_days.trim().parse().unwrap_or(0),
            platforms: rules::Platform::ALL
                .iter()
                .zip(&self.platforms)
                .filter(|(_, on)| **on)
                .map(|(p, _)| p.as_str().to_string())
                .collect(),
            slots,
            signup_closes: self.signup_closes.clone(),
            publish_by: self.publish_by.clone(),
            settlement_date: self.settlement_date.clone(),
            multiplier_percent,
            disclosure_required: self.disclosure,
        })
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

#[derive(Properties, PartialEq)]
pub struct CampaignFormProps {
    pub theme_id: String,
    pub on_done: Callback<()>,
}

#[component]
pub fn NewCampaign(props: &CampaignFormProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let form = use_reducer(Form::<Draft>::default);
    let save = {
        let theme_id = props.theme_id.clone();
        use_action_for(client, theme_id, props.on_done.clone())
    };
    let submit = {
        let (run, form) = (save.run.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(form.0.clone());
        })
    };
    let f = &form.0;
    let boxes = rules::Platform::ALL.iter().enumerate().map(|(i, p)| html! {
        <label class="check"><input type="checkbox" name={p.as_str()} checked={f.platforms[i]} onchange={check(&form, p.as_str())} />{ l.platform(p.as_str()) }</label>
    });
    html! {
        <details>
            <summary>{ l.t("新建活动", "New campaign") }</summary>
            <form onsubmit={submit} class="grid2">
                <label>{ l.t("活动名称", "Title") }<input name="title" required=true maxlength="80" value={f.title.clone()} oninput={text(&form, "title")} /></label>
                <label>{ l.t("名额", "Slots") }<input name="slots" type="number" min="1" required=true value={f.slots.clone()} oninput={text(&form, "slots")} /></label>
                <label>{ l.t("活动说明", "Brief") }<textarea name="brief" rows="3" value={f.brief.clone()} oninput={text(&form, "brief")} /></label>
                <label>{ l.t("话题标签（空格分隔）", "Hashtags (space separated)") }<input name="hashtags" value={f.hashtags.clone()} oninput={text(&form, "hashtags")} /></label>
                <label>{ l.t("产品（逗号分隔）", "Products (comma separated)") }<input name="products" value={f.products.clone()} oninput={text(&form, "products")} /></label>
                <label>{ l.t("最低等级", "Minimum tier") }{ choice("min_tier", &f.min_tier, &TIERS.map(|t| (t, l.tier(t))), pick(&form, "min_tier")) }</label>
                <label>{ l.t("笔记类型", "Note type") }{ choice("note_type", &f.note_type, &[("any", l.t("不限", "Any")), ("image", l.t("图文", "Image note")), ("video", l.t("视频", "Video"))], pick(&form, "note_type")) }</label>
                <label>{ l.t("寄样：收货后几天内发布（0 = 不寄样）", "Samples: days to publish after receipt (0 = none)") }<input name="sample_days" inputmode="numeric" value={f.sample_days.clone()} oninput={text(&form, "sample_days")} /></label>
                <label>{ l.t("报名开始（可空）", "Sign-up opens (optional)") }<input name="signup_opens" type="date" value={f.signup_opens.clone()} oninput={text(&form, "signup_opens")} /></label>
                <label>{ l.t("报名截止", "Sign-up closes") }<input name="signup_closes" type="date" required=true value={f.signup_closes.clone()} oninput={text(&form, "signup_closes")} /></label>
                <label>{ l.t("发布截止", "Publish by") }<input name="publish_by" type="date" required=true value={f.publish_by.clone()} oninput={text(&form, "publish_by")} /></label>
                <label>{ l.t("结算日", "Settlement date") }<input name="settlement_date" type="date" required=true value={f.settlement_date.clone()} oninput={text(&form, "settlement_date")} /></label>
                <label>{ l.t("积分倍数 %", "Points multiplier %") }<input name="multiplier_percent" inputmode="numeric" value={f.multiplier.clone()} oninput={text(&form, "multiplier_percent")} /></label>
                <fieldset><legend>{ l.t("平台", "Platforms") }</legend>
                    { for boxes }
                </fieldset>
                <label class="check"><input type="checkbox" name="disclosure_required" checked={f.disclosure} onchange={check(&form, "disclosure_required")} />
                    { l.t("品牌合作：笔记须带平台合作/广告标识，审核时核实", "Paid collaboration: notes must carry the platform's ad disclosure, checked in review") }</label>
                <label class="check"><input type="checkbox" name="draft" checked={f.draft} onchange={check(&form, "draft")} />
                    { l.t("存为草稿（稍后发布）", "Save as a draft (publish later)") }</label>
                <div>{ failure_line(&save.error) }<button type="submit" disabled={save.busy}>{ if f.draft { l.t("保存草稿", "Save draft") } else { l.t("发布活动", "Publish campaign") } }</button></div>
            </form>
        </details>
    }
}

/// Checks the draft, then creates the campaign in `theme_id`.
#[hook]
fn use_action_for(
    client: ui::Client,
    theme_id: String,
    on_done: Callback<()>,
) -> ui::UseAction<Draft, ::api::CampaignView> {
    let l = client.lang;
    ui::use_action(
        move |d: Draft| {
            let theme_id = theme_id.clone();
            async move { api::create_campaign(client, &theme_id, d.form(l)?).await }
        },
        on_done.reform(|_| ()),
    )
}
