//! The brand's settings (owners): display name, logo, accent colour, time
//! zone, default language, the contact line consumers see, and the public
//! address the brand's links and QR codes use. The server checks every
//! field (`accent_invalid`, `time_zone_unknown`, …); the page checks the
//! colour as it is typed with the same `rules::Accent`.

use super::bind;
use crate::api;
use crate::app::use_ctx;
use crate::components::{choice, emit_some, failure_line, picked_file, set};
use ::api::{BrandSettingsForm, BrandSettingsView};
use ui::{use_action, use_load, view_load};
use yew::prelude::*;

#[component]
pub fn Settings() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let settings = use_load((), move |()| api::brand_settings(client));
    let saved = use_state(|| false);
    let on_saved = {
        let (saved, reload) = (saved.clone(), settings.reload.clone());
        Callback::from(move |()| {
            saved.set(true);
            reload.emit(());
        })
    };
    view_load(&settings, l, |s| {
        // Keyed by what was loaded: a save shows the form as the server
        // stored it (the colour in lower case, the address without `/`).
        let key = format!("{:?}", s);
        html! { <SettingsForm {key} settings={s.clone()} saved={*saved} on_saved={on_saved.clone()} /> }
    })
}

#[derive(Properties, PartialEq)]
struct FormProps {
    settings: BrandSettingsView,
    /// A save has succeeded on this page.
    saved: bool,
    on_saved: Callback<()>,
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn optional(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty()).then(|| v.to_string())
}

#[component]
fn SettingsForm(props: &FormProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let s = &props.settings;
    let name = use_state(|| s.name.clone());
    let zone = use_state(|| s.time_zone.clone());
    let lang = use_state(|| s.default_lang.as_str().to_string());
    let accent = use_state(|| text(&s.accent));
    let contact = use_state(|| s.contact.clone());
    let public_url = use_state(|| text(&s.public_url));
    let logo = use_state(|| s.logo_id.clone());
    let save = use_action(
        move |body: BrandSettingsForm| api::save_brand_settings(client, body),
        props.on_saved.reform(|_| ()),
    );
    let upload = {
        let logo = logo.clone();
        use_action(
            move |file: web_sys::File| api::upload(client, file),
            Callback::from(move |up: std::rc::Rc<::api::UploadView>| logo.set(Some(up.id.clone()))),
        )
    };
    let pick = emit_some(&upload.run, |e: Event| picked_file(&e));
    let accent_ok = accent.trim().is_empty() || rules::Accent::parse(&accent).is_some();
    let submit = {
        let (run, name, zone, lang, accent, contact, public_url, logo) = (
            save.run.clone(),
            name.clone(),
            zone.clone(),
            lang.clone(),
            accent.clone(),
            contact.clone(),
            public_url.clone(),
            logo.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(BrandSettingsForm {
                name: (*name).clone(),
                time_zone: (*zone).clone(),
                logo_id: (*logo).clone(),
                accent: optional(&accent),
                default_lang: (*lang).clone(),
                contact: (*contact).clone(),
                public_url: optional(&public_url),
            });
        })
    };
    let langs = [("zh-CN", "简体中文"), ("en", "English")];
    let picker = {
        let accent = accent.clone();
        Callback::from(move |e: InputEvent| accent.set(ui::form::value_of(&e)))
    };
    let swatch = rules::Accent::parse(&accent)
        .map_or_else(|| "#c2410c".to_string(), |a| a.as_str().to_string());
    let clear_logo = {
        let logo = logo.clone();
        Callback::from(move |_: MouseEvent| logo.set(None))
    };
    let logo_changed = *logo != s.logo_id;
    html! {
        <>
            <h1>{ l.t("品牌设置", "Brand settings") }</h1>
            <form class="card settings" data-testid="brand-settings" onsubmit={submit}>
                <label>{ l.t("品牌名称", "Display name") }
                    <input name="name" required=true maxlength="60" value={(*name).clone()} oninput={bind(&name)} /></label>
                <div class="logo">
                    <span>{ l.t("品牌标志", "Logo") }</span>
                    if let Some(id) = &*logo {
                        <img class="logo-preview" alt={l.t("品牌标志", "Logo")}
                            src={if logo_changed { api::upload_url(id) } else { text(&s.logo_url) }} />
                        <button type="button" class="secondary" onclick={clear_logo}>{ l.t("移除标志", "Remove logo") }</button>
                    }
                    <label class="artwork-pick">{ if logo.is_some() { l.t("更换标志", "Replace logo") } else { l.t("上传标志", "Upload a logo") } }
                        <input type="file" name="logo" accept="image/png,image/jpeg,image/webp" onchange={pick} disabled={upload.busy} /></label>
                    if logo_changed { <p class="muted">{ l.t("保存后生效。", "Takes effect when saved.") }</p> }
                    { failure_line(&upload.error) }
                </div>
                <label>{ l.t("主题色（#rrggbb，留空用默认）", "Accent colour (#rrggbb; empty for the default)") }
                    <span class="toolbar">
                        <input name="accent" placeholder="#c2410c" maxlength="7" value={(*accent).clone()} oninput={bind(&accent)} aria-invalid={(!accent_ok).to_string()} />
                        <input type="color" name="accent-picker" value={swatch} oninput={picker} aria-label={l.t("选色", "Pick a colour")} />
                    </span></label>
                if !accent_ok { <p class="error">{ l.t("请按 #rrggbb 格式填写，例如 #e6007a。", "Write it as #rrggbb, e.g. #e6007a.") }</p> }
                <label>{ l.t("时区（IANA，如 Asia/Shanghai）", "Time zone (IANA, e.g. Asia/Shanghai)") }
                    <input name="time_zone" required=true value={(*zone).clone()} oninput={bind(&zone)} /></label>
                <label>{ l.t("默认语言", "Default language") }
                    { choice("default_lang", &lang, &langs, set(&lang)) }</label>
                <label>{ l.t("联系方式（显示给消费者）", "Contact line (shown to consumers)") }
                    <input name="contact" maxlength="200" placeholder={l.t("例如：客服微信 brand-care", "e.g. WeChat brand-care")} value={(*contact).clone()} oninput={bind(&contact)} /></label>
                <label>{ l.t("公开地址（链接和二维码使用）", "Public address (used in links and QR codes)") }
                    <input name="public_url" type="url" placeholder="https://koc.brand.cn" value={(*public_url).clone()} oninput={bind(&public_url)} /></label>
                <p class="muted">{
                    match &s.effective_public_url {
                        Some(u) => format!("{}{u}", l.t("当前链接使用：", "Links now use: ")),
                        None => l.t("未设置：链接使用你打开后台的地址。", "Not set: links use the address you opened the admin at.").to_string(),
                    }
                }</p>
                <button type="submit" disabled={save.busy || !accent_ok}>{ l.t("保存", "Save") }</button>
                if props.saved || save.done.is_some() { <p class="ok" role="status">{ l.t("已保存。", "Saved.") }</p> }
                { failure_line(&save.error) }
            </form>
        </>
    }
}
