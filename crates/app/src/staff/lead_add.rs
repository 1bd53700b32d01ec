//! Adding a lead in seconds (issue 17: leads): a phone or a WeChat ID,
//! where they came from, their consent, tags with one tap each; and the
//! tag picker (the brand's groups, then one's own tags, with a field to
//! add a personal tag) that the lead list reuses.

use super::shell::use_staff;
use crate::api_staff_leads as api;
use ::api::{LeadForm, TagDictionary, TagForm};
use ui::{Lang, use_action};
use yew::prelude::*;

/// A platform word as shown (`''`: met in the store).
pub fn platform_name(l: Lang, p: &str) -> &'static str {
    match p {
        "" => l.t("门店", "In store"),
        "personal_wechat" => l.t("个人微信", "Personal WeChat"),
        "wecom" => l.t("企业微信", "WeCom"),
        "official_account" => l.t("公众号", "Official account"),
        "mini_program" => l.t("小程序", "Mini-program"),
        "wechat_channels" => l.t("视频号", "Channels"),
        p => l.platform(p),
    }
}

#[derive(Properties, PartialEq)]
pub struct AddProps {
    pub dict: Option<TagDictionary>,
    pub on_added: Callback<()>,
    /// A personal tag was added (the dictionary reloads).
    pub on_tag: Callback<()>,
}

#[component]
pub fn AddLead(props: &AddProps) -> Html {
    let ctx = use_staff();
    let l = ctx.lang;
    let phone = use_state(String::new);
    let handle = use_state(String::new);
    let platform = use_state(String::new);
    let consent = use_state(|| false);
    let tags = use_state(Vec::<String>::new);
    // Folded to one button: the list stays in view; one tap opens the form.
    let open = use_state(|| false);
    let add = {
        let c = ctx.client();
        let (phone, handle, tags, consent, done, open) = (
            phone.clone(),
            handle.clone(),
            tags.clone(),
            consent.clone(),
            props.on_added.clone(),
            open.clone(),
        );
        use_action(
            move |body: LeadForm| async move { api::add_lead(c, &body).await },
            Callback::from(move |_| {
                phone.set(String::new());
                handle.set(String::new());
                tags.set(Vec::new());
                consent.set(false);
                open.set(false);
                done.emit(());
            }),
        )
    };
    let onsubmit = {
        let (phone, handle, platform, consent, tags, run) = (
            phone.clone(),
            handle.clone(),
            platform.clone(),
            consent.clone(),
            tags.clone(),
            add.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(LeadForm {
                phone: (*phone).clone(),
                handle: (*handle).clone(),
                source_platform: Some((*platform).clone()).filter(|p| !p.is_empty()),
                source_note_id: None,
                template_id: None,
                stage: None,
                consent: *consent,
                tags: (*tags).clone(),
            });
        })
    };
    let on_consent = {
        let consent = consent.clone();
        Callback::from(move |e: Event| consent.set(ui::form::checked_of(&e)))
    };
    let on_platform = {
        let platform = platform.clone();
        Callback::from(move |e: Event| platform.set(ui::form::value_of(&e)))
    };
    let set_tags = {
        let tags = tags.clone();
        Callback::from(move |v: Vec<String>| tags.set(v))
    };
    if !*open {
        let open = open.clone();
        return html! {
            <button name="new-lead" class="new-lead" onclick={move |_| open.set(true)}>{ l.t("＋ 新增线索", "+ New lead") }</button>
        };
    }
    html! {
        <form class="card add-lead" {onsubmit} data-testid="add-lead">
            <h2>{ l.t("新增线索", "New lead") }</h2>
            <label>{ l.t("手机号", "Phone") }
                <input name="phone" type="tel" inputmode="tel" value={(*phone).clone()} oninput={crate::bind(&phone)} />
            </label>
            <label>{ l.t("或微信号 / 昵称", "or WeChat ID / nickname") }
                <input name="handle" value={(*handle).clone()} oninput={crate::bind(&handle)} />
            </label>
            <label>{ l.t("来源", "Came from") }
                <select name="platform" onchange={on_platform}>
                    <option value="" selected={platform.is_empty()}>{ platform_name(l, "") }</option>
                    { for rules::kos_leads::PLATFORMS.iter().map(|p| html! {
                        <option value={*p} selected={*platform == *p}>{ platform_name(l, p) }</option>
                    }) }
                </select>
            </label>
            if let Some(d) = &props.dict {
                <TagPicker dict={d.clone()} picked={(*tags).clone()} on_change={set_tags} on_tag={props.on_tag.clone()} />
            }
            <label class="check">
                <input type="checkbox" name="consent" checked={*consent} onchange={on_consent} />
                { l.t("顾客同意被联系并保存联系方式", "The customer agrees to be contacted and to their contact being kept") }
            </label>
            <button disabled={add.busy}>{ l.t("保存线索", "Save lead") }</button>
            { crate::error_line(&crate::message(&add.error)) }
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub dict: TagDictionary,
    pub picked: Vec<String>,
    /// The whole new selection.
    pub on_change: Callback<Vec<String>>,
    /// Given: a field to add a personal tag (then called).
    #[prop_or_default]
    pub on_tag: Option<Callback<()>>,
}

/// The brand's tag groups and the staff member's own tags, each a toggle.
#[component]
pub fn TagPicker(props: &PickerProps) -> Html {
    let ctx = use_staff();
    let l = ctx.lang;
    let name = use_state(String::new);
    let add = {
        let c = ctx.client();
        let (name, done) = (name.clone(), props.on_tag.clone());
        use_action(
            move |body: TagForm| async move { api::add_tag(c, &body).await },
            Callback::from(move |_| {
                name.set(String::new());
                if let Some(d) = &done {
                    d.emit(());
                }
            }),
        )
    };
    let chip = |id: &str, label: &str| {
        let on = props.picked.iter().any(|p| p == id);
        let (picked, id_owned, cb) = (
            props.picked.clone(),
            id.to_string(),
            props.on_change.clone(),
        );
        let onclick = Callback::from(move |_: MouseEvent| {
            let mut v = picked.clone();
            match v.iter().position(|p| *p == id_owned) {
                Some(i) => {
                    v.remove(i);
                }
                None => v.push(id_owned.clone()),
            }
            cb.emit(v);
        });
        html! {
            <button type="button" class={if on { "chip active" } else { "chip" }} aria-pressed={on.to_string()} {onclick}>{ label.to_string() }</button>
        }
    };
    let add_tag = {
        let (name, run) = (name.clone(), add.run.clone());
        Callback::from(move |_: MouseEvent| {
            run.emit(TagForm {
                group_id: None,
                name: (*name).clone(),
            })
        })
    };
    html! {
        <div class="tag-picker">
            { for props.dict.groups.iter().filter(|g| !g.tags.is_empty()).map(|g| html! {
                <p><span class="muted">{ g.name.clone() }{ "：" }</span>{ for g.tags.iter().map(|t| chip(&t.id, &t.name)) }</p>
            }) }
            <p><span class="muted">{ l.t("我的标签：", "My tags: ") }</span>{ for props.dict.personal.iter().map(|t| chip(&t.id, &t.name)) }</p>
            if props.on_tag.is_some() {
                <p class="inline">
                    <input name="new-tag" placeholder={l.t("新个人标签", "New personal tag")} value={(*name).clone()} oninput={crate::bind(&name)} />
                    <button type="button" class="secondary" disabled={add.busy || name.trim().is_empty()} onclick={add_tag}>{ l.t("添加", "Add") }</button>
                </p>
                { crate::error_line(&crate::message(&add.error)) }
            }
        </div>
    }
}
