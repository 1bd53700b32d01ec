//! The content middle platform's templates (issue 17: content): the
//! library filtered by kind, a template's versions (saving makes the next
//! one; old ones stay readable), and what each template and material
//! produced (notes, interactions, staff, leads).

use crate::api_kos_content as api;
use crate::app::use_ctx;
use crate::components::{choice, failure_line};
use ::api::{TemplateForm, TemplateView};
use rules::Perm;
use rules::words::TemplateKind;
use ui::{Lang, use_action, use_load, view_load};
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

fn kinds(l: Lang) -> Vec<(&'static str, &'static str)> {
    TemplateKind::ALL
        .iter()
        .map(|k| (k.as_str(), kind_name(l, *k)))
        .collect()
}

#[component]
pub fn KosContent() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let kind = use_state(String::new);
    let list = use_load((*kind).clone(), move |k| api::templates(client, k));
    let mut options = vec![("", l.t("全部类型", "All kinds"))];
    options.extend(kinds(l));
    let pick = {
        let kind = kind.clone();
        Callback::from(move |v: String| kind.set(v))
    };
    let on_done = list.reload.clone();
    html! {
        <>
            <h1>{ l.t("内容中台 · 模板库", "Content platform · templates") }</h1>
            <div class="toolbar">{ choice("kind", &kind, &options, pick) }</div>
            if ctx.can(Perm::Operate) {
                <details class="card"><summary>{ l.t("新建模板", "New template") }</summary>
                    <TemplateEditor template={None::<TemplateView>} on_done={on_done.clone()} /></details>
            }
            { view_load(&list, l, |v| if v.is_empty() {
                html! { <p class="muted">{ l.t("还没有模板。", "No templates yet.") }</p> }
            } else { html! {
                <table data-testid="templates">
                    <thead><tr>
                        <th>{ l.t("模板", "Template") }</th><th>{ l.t("类型", "Kind") }</th>
                        <th>{ l.t("标签", "Tags") }</th><th class="num">{ l.t("版本", "Version") }</th>
                        <th>{ l.t("操作", "Actions") }</th>
                    </tr></thead>
                    <tbody>{ for v.iter().map(|t| html! { <TemplateRow template={t.clone()} on_done={on_done.clone()} /> }) }</tbody>
                </table>
            } }) }
            <Results />
            <Notes />
        </>
    }
}

/// The staff's latest notes, with the template and version they came from.
#[component]
fn Notes() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let notes = use_load((), move |()| api::notes(client));
    html! {
        <section>
            <h2>{ l.t("员工笔记", "Staff notes") }</h2>
            { view_load(&notes, l, |v| if v.is_empty() {
                html! { <p class="muted">{ l.t("员工还没有提交笔记。", "No staff notes yet.") }</p> }
            } else { html! {
                <table data-testid="kos-notes">
                    <thead><tr>
                        <th>{ l.t("员工", "Staff") }</th><th>{ l.t("平台", "Platform") }</th>
                        <th>{ l.t("模板", "Template") }</th><th class="num">{ l.t("互动", "Interactions") }</th>
                    </tr></thead>
                    <tbody>{ for v.iter().map(|n| html! {
                        <tr>
                            <td>{ &n.staff_name }</td>
                            <td><a href={n.canonical_url.clone()} target="_blank" rel="noopener noreferrer">{ l.platform(&n.platform) }</a></td>
                            <td>{ n.template_title.clone().unwrap_or_default() }
                                if let Some(v) = n.template_version { { " v" }{ v } }</td>
                            <td class="num">{ l.number(n.interactions) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            } }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    template: TemplateView,
    on_done: Callback<()>,
}

#[component]
fn TemplateRow(props: &RowProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let t = &props.template;
    let platform = t
        .platform
        .parse()
        .map(|p| super::kos_matrix::platform_name(l, p))
        .unwrap_or("");
    let role = match t.kos_role.as_str() {
        "shopping_assistant" => l.t("导购助手", "Shopping assistant"),
        "topic_expert" => l.t("话题专家", "Topic expert"),
        "personal_partner" => l.t("私域伙伴", "Personal partner"),
        _ => "",
    };
    let tags: Vec<&str> = [t.product.as_str(), platform, role]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    html! {
        <tr data-template={t.title.clone()}>
            <td><strong>{ &t.title }</strong>
                if !t.active { { " " }<span class="pill rejected">{ l.t("已停用", "Withdrawn") }</span> }
                <br /><span class="muted clip">{ &t.body }</span></td>
            <td>{ kind_name(l, t.kind) }</td>
            <td>{ tags.join(" · ") }</td>
            <td class="num">{ "v" }{ t.version }</td>
            <td>
                <Versions id={t.id.clone()} />
                if ctx.can(Perm::Operate) {
                    <details><summary>{ l.t("编辑（存为新版本）", "Edit (saves a new version)") }</summary>
                        <TemplateEditor template={Some(t.clone())} on_done={props.on_done.clone()} /></details>
                }
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct VersionsProps {
    id: String,
}

/// Every saved version, loaded when opened.
#[component]
fn Versions(props: &VersionsProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let open = use_state(|| false);
    let client = ctx.client();
    let id = props.id.clone();
    let detail = use_load((*open, id), move |(open, id)| async move {
        if open {
            api::template(client, id).await.map(Some)
        } else {
            Ok(None)
        }
    });
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    html! {
        <div>
            <button class="link" onclick={toggle}>{ l.t("历史版本", "Versions") }</button>
            if *open {
                { view_load(&detail, l, |d| match d { None => html! {}, Some(d) => html! {
                    <ol class="versions" data-testid="versions">{ for d.versions.iter().map(|v| html! {
                        <li><strong>{ "v" }{ v.version }{ " · " }{ &v.title }</strong><pre class="copy">{ &v.body }</pre></li>
                    }) }</ol>
                } }) }
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    template: Option<TemplateView>,
    on_done: Callback<()>,
}

#[component]
fn TemplateEditor(props: &EditorProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let t = props.template.clone();
    let field = |f: fn(&TemplateView) -> String| t.as_ref().map(f).unwrap_or_default();
    let kind = use_state(|| {
        t.as_ref()
            .map_or("topic".to_string(), |t| t.kind.as_str().to_string())
    });
    let title = use_state(|| field(|t| t.title.clone()));
    let body = use_state(|| field(|t| t.body.clone()));
    let product = use_state(|| field(|t| t.product.clone()));
    let platform = use_state(|| field(|t| t.platform.clone()));
    let role = use_state(|| field(|t| t.kos_role.clone()));
    let active = use_state(|| t.as_ref().is_none_or(|t| t.active));
    let campaign = use_state(|| {
        t.as_ref()
            .and_then(|t| t.campaign_id.clone())
            .unwrap_or_default()
    });
    let themes = use_load((), move |()| crate::api::themes(client));
    let campaigns: Vec<(String, String)> = themes
        .ready()
        .map(|t| {
            t.iter()
                .flat_map(|t| t.campaigns.iter().map(|c| (c.id.clone(), c.title.clone())))
                .collect()
        })
        .unwrap_or_default();
    let id = t.as_ref().map(|t| t.id.clone());
    let save = use_action(
        move |form: TemplateForm| api::save_template(client, id.clone(), form),
        props.on_done.reform(|_| ()),
    );
    let submit = {
        let run = save.run.clone();
        let (kind, title, body, product, platform, role, active, campaign) = (
            kind.clone(),
            title.clone(),
            body.clone(),
            product.clone(),
            platform.clone(),
            role.clone(),
            active.clone(),
            campaign.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(TemplateForm {
                kind: (*kind).clone(),
                title: (*title).clone(),
                body: (*body).clone(),
                product: (*product).clone(),
                campaign_id: Some((*campaign).clone()).filter(|c| !c.is_empty()),
                platform: (*platform).clone(),
                kos_role: (*role).clone(),
                active: *active,
            });
        })
    };
    let set = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };
    let platforms = [
        ("", l.t("全部平台", "Any platform")),
        ("xiaohongshu", l.t("小红书", "Xiaohongshu")),
        ("douyin", l.t("抖音", "Douyin")),
        ("wechat_channels", l.t("视频号", "WeChat Channels")),
        ("weibo", l.t("微博", "Weibo")),
        ("personal_wechat", l.t("个人微信", "Personal WeChat")),
        ("wecom", l.t("企业微信", "WeCom")),
    ];
    let roles = [
        ("", l.t("全部角色", "Any role")),
        ("shopping_assistant", l.t("导购助手", "Shopping assistant")),
        ("topic_expert", l.t("话题专家", "Topic expert")),
        ("personal_partner", l.t("私域伙伴", "Personal partner")),
    ];
    let toggle = {
        let active = active.clone();
        Callback::from(move |_| active.set(!*active))
    };
    html! {
        <form onsubmit={submit} data-testid="template-form">
            if props.template.is_none() {
                <label>{ l.t("类型", "Kind") }{ choice("kind", &kind, &kinds(l), set(&kind)) }</label>
            }
            <label>{ l.t("标题", "Title") }<input name="title" value={(*title).clone()} oninput={super::bind(&title)} /></label>
            <label>{ l.t("正文（员工一键复制）", "Text (staff copy it)") }
                <textarea name="body" rows="6" value={(*body).clone()} oninput={super::bind(&body)} /></label>
            <label>{ l.t("产品", "Product") }<input name="product" value={(*product).clone()} oninput={super::bind(&product)} /></label>
            <label>{ l.t("活动", "Campaign") }
                <select name="campaign_id" onchange={set(&campaign).reform(|e: Event| ui::form::value_of(&e))}>
                    <option value="" selected={campaign.is_empty()}>{ l.t("不限活动", "Any campaign") }</option>
                    { for campaigns.iter().map(|(id, title)| html! { <option value={id.clone()} selected={*campaign == *id}>{ title }</option> }) }
                </select></label>
            <label>{ l.t("平台", "Platform") }{ choice("platform", &platform, &platforms, set(&platform)) }</label>
            <label>{ l.t("KOS 角色", "KOS role") }{ choice("kos_role", &role, &roles, set(&role)) }</label>
            <label class="check"><input type="checkbox" name="active" checked={*active} onchange={toggle} />{ l.t("在用", "In use") }</label>
            { failure_line(&save.error) }
            <button type="submit" disabled={save.busy}>{ l.t("保存", "Save") }</button>
        </form>
    }
}

/// What templates and materials produced, best first.
#[component]
fn Results() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let results = use_load((), move |()| api::results(client));
    let table = |rows: &[::api::ContentResultView], id: &'static str| {
        html! {
            <table data-testid={id}>
                <thead><tr>
                    <th>{ l.t("名称", "Name") }</th><th class="num">{ l.t("笔记", "Notes") }</th>
                    <th class="num">{ l.t("互动", "Interactions") }</th><th class="num">{ l.t("使用员工", "Staff") }</th>
                    <th class="num">{ l.t("线索", "Leads") }</th>
                </tr></thead>
                <tbody>{ for rows.iter().map(|r| html! {
                    <tr data-result={r.title.clone()}>
                        <td>{ &r.title }</td><td class="num">{ l.number(r.notes) }</td>
                        <td class="num">{ l.number(r.interactions) }</td><td class="num">{ l.number(r.staff) }</td>
                        <td class="num">{ l.number(r.leads) }</td>
                    </tr>
                }) }</tbody>
            </table>
        }
    };
    html! {
        <section>
            <h2>{ l.t("内容效果（近 90 天）", "What content produced (90 days)") }</h2>
            { view_load(&results, l, |r| html! {
                <>
                    <h3>{ l.t("模板", "Templates") }</h3>{ table(&r.templates, "template-results") }
                    <h3>{ l.t("素材", "Materials") }</h3>{ table(&r.materials, "material-results") }
                </>
            }) }
        </section>
    }
}
