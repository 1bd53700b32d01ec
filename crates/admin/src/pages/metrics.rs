//! Metrics import: a platform's data export (CSV as Excel or the platform
//! saves it), previewed with its column mapping and row errors, then
//! imported. Importing the same file again changes nothing.

use crate::api;
use crate::app::use_ctx;
use crate::components::{choice, failure_line, set, today};
use ::api::{ColumnMapping, MetricsImport};
use ui::use_action;
use yew::prelude::*;

/// The mapping fields: query name, label.
const FIELDS: [(&str, &str, &str); 6] = [
    ("note", "笔记链接或 ID", "Note link or ID"),
    ("likes", "点赞", "Likes"),
    ("comments", "评论", "Comments"),
    ("saves", "收藏", "Saves"),
    ("date_column", "日期列（可选）", "Date column (optional)"),
    (
        "platform_column",
        "平台列（可选）",
        "Platform column (optional)",
    ),
];

fn mapped(m: &ColumnMapping, field: &str) -> Option<String> {
    match field {
        "note" => m.note.clone(),
        "likes" => m.likes.clone(),
        "comments" => m.comments.clone(),
        "saves" => m.saves.clone(),
        "date_column" => m.date.clone(),
        _ => m.platform.clone(),
    }
}

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    pub on_done: Callback<()>,
}

#[component]
pub fn MetricsImporter(props: &ImportProps) -> Html {
    let ctx = use_ctx();
    let file = use_state(|| None::<web_sys::File>);
    let date = use_state(today);
    let platform = use_state(|| "xiaohongshu".to_string());
    // Chosen headers, in the order of FIELDS ("" = as found).
    let chosen = use_state(|| vec![String::new(); FIELDS.len()]);
    let client = ctx.client();
    let l = ctx.lang;
    // The last answer (preview or import) while the same file is chosen.
    let result = use_state(|| None::<MetricsImport>);
    let import = {
        let (file, date, platform, chosen, result, on_done) = (
            file.clone(),
            date.clone(),
            platform.clone(),
            chosen.clone(),
            result.clone(),
            props.on_done.clone(),
        );
        use_action(
            move |commit: bool| {
                let file = (*file).clone();
                let mut options =
                    vec![("date", (*date).clone()), ("platform", (*platform).clone())];
                for ((name, _, _), v) in FIELDS.iter().zip(chosen.iter()) {
                    if !v.is_empty() {
                        options.push((*name, v.clone()));
                    }
                }
                async move {
                    let file = file.ok_or_else(|| {
                        api::invalid(l.t("请先选择文件。", "Choose a file first."))
                    })?;
                    api::import_metrics(client, file, commit, options).await
                }
            },
            Callback::from(move |r: std::rc::Rc<MetricsImport>| {
                if r.committed {
                    on_done.emit(());
                }
                result.set(Some((*r).clone()));
            }),
        )
    };
    let run = |commit: bool| import.run.reform(move |_: MouseEvent| commit);
    let busy = import.busy;
    let pick_file = {
        let (file, result) = (file.clone(), result.clone());
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target_dyn_into();
            file.set(input.and_then(|i| i.files()).and_then(|f| f.get(0)));
            result.set(None);
        })
    };
    let headers = result
        .as_ref()
        .map(|r| r.headers.clone())
        .unwrap_or_default();
    let selects = FIELDS.iter().enumerate().map(|(i, (name, zh, en))| {
        let found = result.as_ref().and_then(|r| mapped(&r.mapping, name));
        let current = if chosen[i].is_empty() { found.clone().unwrap_or_default() } else { chosen[i].clone() };
        let chosen = chosen.clone();
        let onchange = Callback::from(move |e: Event| {
            let mut v = (*chosen).clone();
            v[i] = ui::form::value_of(&e);
            chosen.set(v);
        });
        html! {
            <label>{ l.t(zh, en) }
                <select name={*name} {onchange}>
                    <option value="" selected={current.is_empty()}>{ l.t("（未选）", "(none)") }</option>
                    { for headers.iter().map(|h| html! { <option value={h.clone()} selected={*h == current}>{ h }</option> }) }
                </select>
            </label>
        }
    });
    html! {
        <details class="card" open={result.is_some()}>
            <summary>{ l.t("导入平台数据（CSV）", "Import platform data (CSV)") }</summary>
            <p class="muted">{ l.t("每行一篇笔记：笔记链接或 ID、点赞、评论、收藏，可带日期列。支持 Excel 另存的 UTF-8 / GBK 文件、中文表头和千分位。先预览，再导入；同一文件重复导入不会改变数据。", "One note a row: link or ID, likes, comments, saves, optionally a date column. UTF-8 or GBK as Excel saves it, Chinese headers, thousands separators. Preview, then import; importing the same file again changes nothing.") }</p>
            <div class="grid3">
                <label>{ l.t("文件", "File") }<input type="file" name="metrics_file" accept=".csv,text/csv,.txt" onchange={pick_file} /></label>
                <label>{ l.t("数据日期（无日期列时）", "Snapshot date (no date column)") }
                    <input type="date" name="snapshot_date" value={(*date).clone()} oninput={super::bind(&date)} /></label>
                <label>{ l.t("纯 ID 的平台", "Platform of bare IDs") }
                    { choice("platform", &platform, &rules::Platform::ALL.map(|p| (p.as_str(), l.platform(p.as_str()))), set(&platform)) }</label>
                if result.is_some() { { for selects } }
            </div>
            <div class="toolbar">
                <button class="secondary" onclick={run(false)} disabled={busy}>{ l.t("预览", "Preview") }</button>
                <button onclick={run(true)} disabled={busy || result.as_ref().is_none_or(|r| r.good <= 0)}>{ l.t("导入", "Import") }</button>
            </div>
            { failure_line(&import.error) }
            if let Some(r) = &*result {
                <p class={if r.errors.is_empty() { "ok" } else { "warn" }} data-testid="import-summary">
                    { l.t("可导入 ", "Good rows ") }{ l.number(r.good) }{ l.t(" 行，错误 ", ", errors ") }{ r.errors.len() }
                    if r.committed { { l.t("；已导入：新增或更新 ", "; imported: new or changed ") }{ r.changed }{ l.t("，未变 ", ", unchanged ") }{ r.unchanged } }
                </p>
                if !r.errors.is_empty() {
                    <ul class="errors" data-testid="import-errors">{ for r.errors.iter().map(|e| html! {
                        <li data-line={e.line.to_string()}>{ l.t("第 ", "Line ") }{ e.line }{ l.t(" 行：", ": ") }{ &e.message }</li>
                    }) }</ul>
                }
                if !r.rows.is_empty() {
                    <table>
                        <thead><tr>
                            <th class="num">{ l.t("行", "Line") }</th>
                            <th>{ l.t("笔记", "Note") }</th>
                            <th>{ l.t("成员 · 活动", "Member · campaign") }</th>
                            <th>{ l.t("日期", "Date") }</th>
                            <th class="num">{ l.t("点赞", "Likes") }</th>
                            <th class="num">{ l.t("评论", "Comments") }</th>
                            <th class="num">{ l.t("收藏", "Saves") }</th>
                        </tr></thead>
                        <tbody>{ for r.rows.iter().map(|x| html! {
                            <tr>
                                <td class="num">{ x.line }</td>
                                <td>{ l.platform(&x.platform) }{ " " }<code>{ &x.note_id }</code></td>
                                <td>{ &x.member_name }{ " · " }<span class="muted">{ &x.campaign_title }</span></td>
                                <td>{ l.day(&x.date) }</td>
                                <td class="num">{ l.number(x.likes) }</td>
                                <td class="num">{ l.number(x.comments) }</td>
                                <td class="num">{ l.number(x.saves) }</td>
                            </tr>
                        }) }</tbody>
                    </table>
                }
            }
        </details>
    }
}
