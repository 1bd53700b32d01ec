//! The content middle platform's materials and policies (issue 17:
//! content): images (uploaded through the uploads path, which checks
//! their type and size) and video links, with tags, usage rights and an
//! expiry after which staff no longer see them; and the pricing and
//! activity policies attached to campaigns, which staff read on the phone.

use crate::api_kos_content as kos;
use crate::app::use_ctx;
use crate::components::{choice, failure_line};
use ::api::{MaterialForm, PolicyForm};
use rules::Perm;
use ui::{use_action, use_load, view_load};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[component]
pub fn KosMaterials() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let list = use_load((), move |()| kos::materials(client));
    let policies = use_load((), move |()| kos::policies(client));
    html! {
        <>
            <h1>{ l.t("内容中台 · 素材与政策", "Content platform · materials & policies") }</h1>
            if ctx.can(Perm::Operate) {
                <details class="card"><summary>{ l.t("新增素材", "New material") }</summary>
                    <MaterialEditor on_done={list.reload.clone()} /></details>
            }
            { view_load(&list, l, |v| if v.is_empty() {
                html! { <p class="muted">{ l.t("还没有素材。", "No materials yet.") }</p> }
            } else { html! {
                <table data-testid="materials">
                    <thead><tr>
                        <th>{ l.t("素材", "Material") }</th><th>{ l.t("标签", "Tags") }</th>
                        <th>{ l.t("使用权", "Usage rights") }</th><th>{ l.t("有效期至", "Expires") }</th>
                    </tr></thead>
                    <tbody>{ for v.iter().map(|m| html! {
                        <tr data-material={m.title.clone()}>
                            <td><strong>{ &m.title }</strong><br />
                                <span class="muted">{ if m.kind == rules::words::MaterialKind::Image { l.t("图片", "Image") } else { l.t("视频", "Video") } }</span>
                                if !m.video_url.is_empty() { { " · " }<a href={m.video_url.clone()} target="_blank" rel="noopener noreferrer">{ l.t("链接", "Link") }</a> }</td>
                            <td>{ m.tags.join(" · ") }</td>
                            <td>{ &m.usage_rights }</td>
                            <td>{ m.expires_on.as_deref().map(|d| l.day(d)).unwrap_or_else(|| l.t("长期", "Never").into()) }
                                if m.expired { { " " }<span class="pill rejected">{ l.t("已过期，员工不可见", "Expired: hidden from staff") }</span> }</td>
                        </tr>
                    }) }</tbody>
                </table>
            } }) }
            <h2>{ l.t("价格与活动政策", "Pricing & activity policies") }</h2>
            if ctx.can(Perm::Operate) {
                <details class="card"><summary>{ l.t("新增政策", "New policy") }</summary>
                    <PolicyEditor on_done={policies.reload.clone()} /></details>
            }
            { view_load(&policies, l, |v| if v.is_empty() {
                html! { <p class="muted">{ l.t("还没有政策。", "No policies yet.") }</p> }
            } else { html! {
                <ul class="list" data-testid="policies">{ for v.iter().map(|p| html! {
                    <li class="card">
                        <strong>{ &p.title }</strong>{ " · " }{ &p.campaign_title }
                        <p class="muted">{ if p.kind == rules::words::PolicyKind::Pricing { l.t("价格政策", "Pricing") } else { l.t("活动政策", "Activity") } }
                            { " · " }{ p.starts_on.as_deref().map(|d| l.day(d)).unwrap_or_default() }{ " – " }
                            { p.ends_on.as_deref().map(|d| l.day(d)).unwrap_or_default() }</p>
                        <p>{ &p.body }</p>
                    </li>
                }) }</ul>
            } }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct DoneProps {
    on_done: Callback<()>,
}

#[component]
fn MaterialEditor(props: &DoneProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let (kind, title, upload, video, tags, rights, expires) = (
        use_state(|| "image".to_string()),
        use_state(String::new),
        use_state(|| None::<String>),
        use_state(String::new),
        use_state(String::new),
        use_state(String::new),
        use_state(String::new),
    );
    let uploading = use_action(
        move |file: web_sys::File| crate::api::upload(client, file),
        {
            let upload = upload.clone();
            Callback::from(move |u: std::rc::Rc<::api::UploadView>| upload.set(Some(u.id.clone())))
        },
    );
    let on_file = {
        let run = uploading.run.clone();
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> =
                e.target().and_then(|t| t.dyn_into().ok());
            if let Some(f) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) {
                run.emit(f);
            }
        })
    };
    let save = use_action(
        move |form: MaterialForm| kos::save_material(client, None, form),
        props.on_done.reform(|_| ()),
    );
    let submit = {
        let run = save.run.clone();
        let (kind, title, upload, video, tags, rights, expires) = (
            kind.clone(),
            title.clone(),
            upload.clone(),
            video.clone(),
            tags.clone(),
            rights.clone(),
            expires.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(MaterialForm {
                kind: (*kind).clone(),
                title: (*title).clone(),
                upload_id: (*upload).clone(),
                video_url: (*video).clone(),
                tags: vec![(*tags).clone()],
                product: String::new(),
                campaign_id: None,
                usage_rights: (*rights).clone(),
                expires_on: Some((*expires).clone()).filter(|d| !d.is_empty()),
            });
        })
    };
    let kinds = [
        ("image", l.t("图片", "Image")),
        ("video", l.t("视频链接", "Video link")),
    ];
    let set = {
        let s = kind.clone();
        Callback::from(move |v: String| s.set(v))
    };
    html! {
        <form onsubmit={submit} data-testid="material-form">
            <label>{ l.t("类型", "Kind") }{ choice("kind", &kind, &kinds, set) }</label>
            <label>{ l.t("名称", "Title") }<input name="title" value={(*title).clone()} oninput={super::bind(&title)} /></label>
            if *kind == "image" {
                <label>{ l.t("图片（PNG、JPEG 或 WebP）", "Image (PNG, JPEG or WebP)") }
                    <input type="file" name="file" accept="image/png,image/jpeg,image/webp" onchange={on_file} /></label>
                { failure_line(&uploading.error) }
                if upload.is_some() { <p class="ok">{ l.t("已上传", "Uploaded") }</p> }
            } else {
                <label>{ l.t("视频链接", "Video link") }<input name="video_url" type="url" value={(*video).clone()} oninput={super::bind(&video)} /></label>
            }
            <label>{ l.t("标签（逗号分隔）", "Tags (comma-separated)") }<input name="tags" value={(*tags).clone()} oninput={super::bind(&tags)} /></label>
            <label>{ l.t("使用权说明", "Usage rights") }<input name="usage_rights" value={(*rights).clone()} oninput={super::bind(&rights)} /></label>
            <label>{ l.t("有效期至", "Expires on") }<input name="expires_on" type="date" value={(*expires).clone()} oninput={super::bind(&expires)} /></label>
            { failure_line(&save.error) }
            <button type="submit" disabled={save.busy || uploading.busy}>{ l.t("保存", "Save") }</button>
        </form>
    }
}

#[component]
fn PolicyEditor(props: &DoneProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let (campaign, kind, title, body, starts, ends) = (
        use_state(String::new),
        use_state(|| "pricing".to_string()),
        use_state(String::new),
        use_state(String::new),
        use_state(String::new),
        use_state(String::new),
    );
    let save = use_action(
        move |form: PolicyForm| kos::save_policy(client, None, form),
        props.on_done.reform(|_| ()),
    );
    let submit = {
        let run = save.run.clone();
        let (campaign, kind, title, body, starts, ends) = (
            campaign.clone(),
            kind.clone(),
            title.clone(),
            body.clone(),
            starts.clone(),
            ends.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let day = |s: &UseStateHandle<String>| Some((**s).clone()).filter(|d| !d.is_empty());
            run.emit(PolicyForm {
                campaign_id: (*campaign).clone(),
                kind: (*kind).clone(),
                title: (*title).clone(),
                body: (*body).clone(),
                starts_on: day(&starts),
                ends_on: day(&ends),
            });
        })
    };
    let kinds = [
        ("pricing", l.t("价格政策", "Pricing")),
        ("activity", l.t("活动政策", "Activity")),
    ];
    let set = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };
    let themes = use_load((), move |()| crate::api::themes(client));
    let campaigns: Vec<(String, String)> = themes
        .ready()
        .map(|t| {
            t.iter()
                .flat_map(|t| t.campaigns.iter().map(|c| (c.id.clone(), c.title.clone())))
                .collect()
        })
        .unwrap_or_default();
    let pick_campaign = set(&campaign);
    html! {
        <form onsubmit={submit} data-testid="policy-form">
            <label>{ l.t("所属活动", "Campaign") }
                <select name="campaign_id" onchange={pick_campaign.reform(|e: Event| ui::form::value_of(&e))}>
                    <option value="" selected={campaign.is_empty()}>{ l.t("请选择", "Choose") }</option>
                    { for campaigns.iter().map(|(id, title)| html! { <option value={id.clone()} selected={*campaign == *id}>{ title }</option> }) }
                </select></label>
            <label>{ l.t("类型", "Kind") }{ choice("kind", &kind, &kinds, set(&kind)) }</label>
            <label>{ l.t("标题", "Title") }<input name="title" value={(*title).clone()} oninput={super::bind(&title)} /></label>
            <label>{ l.t("内容", "Text") }<textarea name="body" rows="4" value={(*body).clone()} oninput={super::bind(&body)} /></label>
            <label>{ l.t("开始", "From") }<input name="starts_on" type="date" value={(*starts).clone()} oninput={super::bind(&starts)} /></label>
            <label>{ l.t("结束", "Until") }<input name="ends_on" type="date" value={(*ends).clone()} oninput={super::bind(&ends)} /></label>
            { failure_line(&save.error) }
            <button type="submit" disabled={save.busy}>{ l.t("保存", "Save") }</button>
        </form>
    }
}
