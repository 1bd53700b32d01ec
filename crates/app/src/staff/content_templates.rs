//! 内容模板 on the phone (issue 17: content): the templates a staff member
//! may use (for their KOS role or any), filtered by kind and platform; a
//! copy button puts the text on the clipboard (the Clipboard API; where a
//! browser refuses, the text is selected for a long-press copy); once
//! published, the note's link is submitted right there, attributed to the
//! template.

use super::content_notes::SubmitNote;
use crate::api_staff_content as api;
use ::api::MyTemplate;
use rules::words::TemplateKind;
use ui::Lang;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

pub fn kind_name(l: Lang, k: TemplateKind) -> &'static str {
    match k {
        TemplateKind::Topic => l.t("选题", "Topic"),
        TemplateKind::Script => l.t("脚本", "Script"),
        TemplateKind::HookTitle => l.t("爆款标题", "Hook title"),
        TemplateKind::Hashtags => l.t("话题标签", "Hashtags"),
        TemplateKind::Explanation => l.t("专业解读", "Expert explanation"),
        TemplateKind::MomentsCopy => l.t("朋友圈文案", "Moments copy"),
        TemplateKind::GroupMessage => l.t("社群消息", "Group message"),
    }
}

/// Copies `text` with `navigator.clipboard.writeText`; `false` where the
/// browser has no clipboard or refuses.
async fn copy(text: &str) -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).ok();
    let Some(clip) = get(&w.into(), "navigator").and_then(|n| get(&n, "clipboard")) else {
        return false;
    };
    let Some(write) = get(&clip, "writeText").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    match write.call1(&clip, &JsValue::from_str(text)) {
        Ok(p) => match p.dyn_into::<js_sys::Promise>() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
            Err(_) => false,
        },
        Err(_) => false,
    }
}

#[component]
pub fn Templates() -> Html {
    let ctx = super::shell::use_staff();
    let l = ctx.lang;
    let c = ctx.client();
    let kind = use_state(String::new);
    let platform = use_state(String::new);
    let product = use_state(String::new);
    let list = ui::use_load(
        ((*kind).clone(), (*platform).clone(), (*product).clone()),
        move |(k, p, prod)| async move { api::templates(c, &k, &prod, &p).await },
    );
    let policies = ui::use_load((), move |()| api::policies(c));
    let pick = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: Event| s.set(ui::form::value_of(&e)))
    };
    let platforms = [
        ("", l.t("全部平台", "All platforms")),
        ("xiaohongshu", l.t("小红书", "Xiaohongshu")),
        ("douyin", l.t("抖音", "Douyin")),
        ("wechat_channels", l.t("视频号", "WeChat Channels")),
        ("personal_wechat", l.t("朋友圈/私聊", "WeChat (private)")),
        ("wecom", l.t("企业微信", "WeCom")),
    ];
    html! {
        <section>
            <h2>{ l.t("内容模板", "Content templates") }</h2>
            <div class="toolbar">
                <select name="kind" aria-label={l.t("类型", "Kind")} onchange={pick(&kind)}>
                    <option value="" selected={kind.is_empty()}>{ l.t("全部类型", "All kinds") }</option>
                    { for TemplateKind::ALL.iter().map(|k| html! {
                        <option value={k.as_str()} selected={*kind == k.as_str()}>{ kind_name(l, *k) }</option>
                    }) }
                </select>
                <select name="platform" aria-label={l.t("平台", "Platform")} onchange={pick(&platform)}>
                    { for platforms.iter().map(|(v, n)| html! { <option value={*v} selected={*platform == *v}>{ *n }</option> }) }
                </select>
                <input name="product" type="search" placeholder={l.t("产品", "Product")} aria-label={l.t("产品", "Product")}
                    value={(*product).clone()} onchange={pick(&product)} />
            </div>
            if let Some(p) = policies.ready().filter(|p| !p.is_empty()) {
                <details class="card" data-testid="policies">
                    <summary>{ l.t("活动与价格政策", "Pricing & activity policies") }</summary>
                    { for p.iter().map(|p| html! {
                        <div><strong>{ &p.title }</strong>{ " · " }<span class="muted">{ &p.campaign_title }</span><p>{ &p.body }</p></div>
                    }) }
                </details>
            }
            { ui::view_load(&list, l, |v| if v.is_empty() {
                html! { <p class="muted">{ l.t("暂时没有可用的模板。", "No templates for you yet.") }</p> }
            } else { html! {
                <ul class="list">{ for v.iter().map(|t| html! { <Card template={t.clone()} /> }) }</ul>
            } }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    template: MyTemplate,
}

#[component]
fn Card(props: &CardProps) -> Html {
    let ctx = super::shell::use_staff();
    let l = ctx.lang;
    let t = &props.template;
    // None: not tried; Some(true) copied; Some(false) refused.
    let copied = use_state(|| None::<bool>);
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let onclick = {
        let (copied, body) = (copied.clone(), t.body.clone());
        Callback::from(move |_: MouseEvent| {
            let (copied, body) = (copied.clone(), body.clone());
            wasm_bindgen_futures::spawn_local(async move { copied.set(Some(copy(&body).await)) });
        })
    };
    html! {
        <li class="card" data-testid="template" data-title={t.title.clone()}>
            <p class="eyebrow">{ kind_name(l, t.kind) }
                if !t.product.is_empty() { { " · " }{ &t.product } }</p>
            <h3>{ &t.title }</h3>
            <p class="copy-text" data-testid="template-body">{ &t.body }</p>
            <button class="secondary" data-testid="copy" {onclick}>{ l.t("复制文案", "Copy text") }</button>
            { match *copied {
                Some(true) => html! { <p class="ok" role="status">{ l.t("已复制，去发布吧", "Copied: go and publish") }</p> },
                Some(false) => html! { <p class="muted" role="status">{ l.t("请长按上方文字复制", "Press and hold the text to copy it") }</p> },
                None => html! {},
            } }
            // The form (and its accounts request) only when asked for.
            <button class="link" aria-expanded={open.to_string()} onclick={toggle}>
                { l.t("已发布？提交笔记链接", "Published? Submit the link") }</button>
            if *open {
                <SubmitNote template_id={Some(t.id.clone())} on_done={Callback::noop()} />
            }
        </li>
    }
}
