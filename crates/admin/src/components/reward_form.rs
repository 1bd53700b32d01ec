//! The rewards catalogue's item form (new or existing): kind, title,
//! description, image upload, points price, stock or seats, the coupon's
//! shared code, the voucher's value, the experience's day and venue, tier
//! and class requirements, per-member limit and window.

use crate::api;
use crate::app::use_ctx;
use crate::components::form::{Edit, Fields, Form, check, pick, text};
use crate::components::{choice, emit_some, failure_line, picked_file};
use crate::pages::rewards::{class_name, kind_name};
use ::api::{RewardForm, RewardView};
use ui::use_action;
use yew::prelude::*;

const KINDS: [&str; 4] = ["coupon", "voucher", "gift", "experience"];
const TIERS: [&str; 4] = ["member", "junior", "intermediate", "senior"];
const CLASSES: [&str; 4] = ["", "potential", "standard", "high_quality"];

/// The item form as typed.
#[derive(Clone, PartialEq)]
struct Draft {
    kind: String,
    title: String,
    description: String,
    image_id: String,
    price: String,
    stock: String,
    min_tier: String,
    min_class: String,
    limit: String,
    starts_on: String,
    ends_on: String,
    shared_code: String,
    voucher_yuan: String,
    event_on: String,
    venue: String,
    active: bool,
}

impl Default for Draft {
    fn default() -> Draft {
        Draft {
            kind: "coupon".into(),
            title: String::new(),
            description: String::new(),
            image_id: String::new(),
            price: String::new(),
            stock: "0".into(),
            min_tier: "member".into(),
            min_class: String::new(),
            limit: "1".into(),
            starts_on: String::new(),
            ends_on: String::new(),
            shared_code: String::new(),
            voucher_yuan: String::new(),
            event_on: String::new(),
            venue: String::new(),
            active: true,
        }
    }
}

impl Draft {
    fn of(r: &RewardView) -> Draft {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        Draft {
            kind: r.kind.as_str().into(),
            title: r.title.clone(),
            description: r.description.clone(),
            image_id: opt(&r.image_id),
            price: r.price.to_string(),
            stock: r.stock.to_string(),
            min_tier: r.min_tier.clone(),
            min_class: opt(&r.min_class),
            limit: r.per_member_limit.to_string(),
            starts_on: opt(&r.starts_on),
            ends_on: opt(&r.ends_on),
            // The code is shown masked: an empty field keeps it.
            shared_code: String::new(),
            voucher_yuan: format!("{}.{:02}", r.voucher_fen / 100, r.voucher_fen % 100),
            event_on: opt(&r.event_on),
            venue: r.venue.clone(),
            active: r.active,
        }
    }

    fn form(self, l: ui::Lang, keep_code: bool) -> Result<RewardForm, ui::ApiFailure> {
        let whole = |s: &str, what: &'static str| -> Result<i64, ui::ApiFailure> {
            s.trim()
                .replace([',', '，'], "")
                .parse()
                .map_err(|_| api::invalid(what))
        };
        let numbers = l.t(
            "积分、库存和限兑须为整数。",
            "Points, stock and limit must be whole numbers.",
        );
        let voucher_fen = match self.voucher_yuan.trim() {
            "" => 0,
            v => {
                let (y, f) = v.split_once('.').unwrap_or((v, ""));
                let f = format!("{f:0<2}");
                whole(y, numbers)? * 100 + whole(&f[..2], numbers)?
            }
        };
        let some = |s: String| Some(s).filter(|s| !s.trim().is_empty());
        Ok(RewardForm {
            price: whole(&self.price, numbers)?,
            stock: whole(&self.stock, numbers)?,
            per_member_limit: whole(&self.limit, numbers)?,
            kind: self.kind,
            title: self.title,
            description: self.description,
            image_id: some(self.image_id),
            min_tier: some(self.min_tier),
            min_class: some(self.min_class),
            starts_on: some(self.starts_on),
            ends_on: some(self.ends_on),
            shared_code: if keep_code && self.shared_code.is_empty() {
                None
            } else {
                some(self.shared_code)
            },
            voucher_fen,
            event_on: some(self.event_on),
            venue: self.venue,
            active: self.active,
        })
    }
}

impl Fields for Draft {
    fn text(&mut self, name: &str, v: String) {
        let field = match name {
            "kind" => &mut self.kind,
            "title" => &mut self.title,
            "description" => &mut self.description,
            "image_id" => &mut self.image_id,
            "price" => &mut self.price,
            "stock" => &mut self.stock,
            "min_tier" => &mut self.min_tier,
            "min_class" => &mut self.min_class,
            "per_member_limit" => &mut self.limit,
            "starts_on" => &mut self.starts_on,
            "ends_on" => &mut self.ends_on,
            "shared_code" => &mut self.shared_code,
            "voucher_yuan" => &mut self.voucher_yuan,
            "event_on" => &mut self.event_on,
            "venue" => &mut self.venue,
            _ => return,
        };
        *field = v;
    }

    fn check(&mut self, name: &str, on: bool) {
        if name == "active" {
            self.active = on;
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// `None`: a new item.
    pub item: Option<RewardView>,
    pub on_done: Callback<()>,
}

/// The form of a new or an existing item.
#[component]
pub fn RewardEditor(props: &EditorProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let start = props.item.as_ref().map(Draft::of).unwrap_or_default();
    let form = use_reducer(move || Form(start));
    let id = props.item.as_ref().map(|r| r.id.clone());
    let save = {
        let (on_done, dispatch, id) = (props.on_done.clone(), form.dispatcher(), id.clone());
        let fresh = id.is_none();
        use_action(
            move |d: Draft| {
                let id = id.clone();
                async move {
                    let body = d.form(l, id.is_some())?;
                    match &id {
                        Some(id) => api::update_reward(client, id, body).await,
                        None => api::create_reward(client, body).await,
                    }
                }
            },
            Callback::from(move |_| {
                if fresh {
                    dispatch.dispatch(Edit::Text("title", String::new()));
                }
                on_done.emit(());
            }),
        )
    };
    let image = {
        let dispatch = form.dispatcher();
        use_action(
            move |file: web_sys::File| async move { api::upload(client, file).await },
            Callback::from(move |up: std::rc::Rc<::api::UploadView>| {
                dispatch.dispatch(Edit::Text("image_id", up.id.clone()))
            }),
        )
    };
    let submit = {
        let (run, form) = (save.run.clone(), form.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(form.0.clone());
        })
    };
    let f = &form.0;
    let kinds = KINDS.map(|k| (k, kind_name(l, k)));
    let tiers = TIERS.map(|t| (t, l.tier(t)));
    let classes = CLASSES.map(|c| (c, class_name(l, c)));
    let new = props.item.is_none();
    html! {
        <form onsubmit={submit} class="grid2" data-testid="reward-form">
            if new {
                <label>{ l.t("类型", "Kind") }{ choice("kind", &f.kind, &kinds, pick(&form, "kind")) }</label>
            }
            <label>{ l.t("名称", "Title") }<input name="title" required=true maxlength="60" value={f.title.clone()} oninput={text(&form, "title")} /></label>
            <label>{ l.t("说明", "Description") }<textarea name="description" rows="2" value={f.description.clone()} oninput={text(&form, "description")} /></label>
            <label>{ l.t("所需积分", "Points price") }<input name="price" inputmode="numeric" required=true value={f.price.clone()} oninput={text(&form, "price")} /></label>
            if !(f.kind == "coupon" && f.shared_code.is_empty() && props.item.as_ref().is_none_or(|r| r.shared_code.is_none())) {
                <label>{ if f.kind == "experience" { l.t("名额", "Seats") } else { l.t("库存", "Stock") } }<input name="stock" inputmode="numeric" value={f.stock.clone()} oninput={text(&form, "stock")} /></label>
            }
            if f.kind == "coupon" {
                <label>{ l.t("通用券码（留空则上传券码池）", "Shared code (empty: upload a pool)") }<input name="shared_code" maxlength="64" value={f.shared_code.clone()} oninput={text(&form, "shared_code")} /></label>
            }
            if f.kind == "voucher" {
                <label>{ l.t("面值（元）", "Value (yuan)") }<input name="voucher_yuan" inputmode="decimal" value={f.voucher_yuan.clone()} oninput={text(&form, "voucher_yuan")} /></label>
            }
            if f.kind == "experience" {
                <label>{ l.t("活动日期", "Event day") }<input name="event_on" type="date" value={f.event_on.clone()} oninput={text(&form, "event_on")} /></label>
                <label>{ l.t("地点", "Venue") }<input name="venue" maxlength="100" value={f.venue.clone()} oninput={text(&form, "venue")} /></label>
            }
            <label>{ l.t("最低等级", "Minimum tier") }{ choice("min_tier", &f.min_tier, &tiers, pick(&form, "min_tier")) }</label>
            <label>{ l.t("最低分层", "Minimum class") }{ choice("min_class", &f.min_class, &classes, pick(&form, "min_class")) }</label>
            <label>{ l.t("每人限兑（0 = 不限）", "Per member (0: no limit)") }<input name="per_member_limit" inputmode="numeric" value={f.limit.clone()} oninput={text(&form, "per_member_limit")} /></label>
            <label>{ l.t("开始日期", "First day") }<input name="starts_on" type="date" value={f.starts_on.clone()} oninput={text(&form, "starts_on")} /></label>
            <label>{ l.t("截止日期", "Last day") }<input name="ends_on" type="date" value={f.ends_on.clone()} oninput={text(&form, "ends_on")} /></label>
            <label>{ if f.image_id.is_empty() { l.t("上传图片", "Upload an image") } else { l.t("更换图片（已上传）", "Replace the image (uploaded)") } }
                <input type="file" name="image" accept="image/png,image/jpeg,image/webp" onchange={emit_some(&image.run, |e: Event| picked_file(&e))} disabled={image.busy} />
                { failure_line(&image.error) }
            </label>
            <label class="check"><input type="checkbox" name="active" checked={f.active} onchange={check(&form, "active")} />{ l.t("上架", "Listed") }</label>
            <div>{ failure_line(&save.error) }<button type="submit" disabled={save.busy}>{ if new { l.t("创建", "Create") } else { l.t("保存", "Save") } }</button></div>
        </form>
    }
}
