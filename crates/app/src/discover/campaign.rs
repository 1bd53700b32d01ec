//! One campaign: its brief, the member's sign-up, and the note submission
//! form. The pasted text is checked live with the same parser the server
//! uses (`rules`, compiled to wasm), so the member sees the platform and
//! note ID before sending. A failed load shows its message and a retry.

use super::cards::outcome;
use super::notes::submission_row;
use crate::api;
use crate::components::evidence::Evidence;
use crate::components::shell::use_ctx;
use crate::router::Route;
use crate::{error_line, message, value_of};
use ::api::{MyCampaign, MyNote, SubmissionForm};
use rules::{LinkKind, parse_note_link};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CampaignProps {
    pub id: String,
}

/// The campaign (`None`: not in this month's theme) and the member's notes for it.
type Loaded = (Option<MyCampaign>, Vec<MyNote>);

#[component]
pub fn CampaignPage(props: &CampaignProps) -> Html {
    let ctx = use_ctx();
    let c = ctx.client();
    let member = ctx.member().map(|m| m.member_id.clone());
    let load = ui::use_load(
        (ctx.brand.clone(), props.id.clone(), member),
        move |(brand, id, member): (String, String, Option<String>)| async move {
            let campaign = api::campaign(c, &brand, &id).await?;
            let notes = match member {
                Some(_) => api::my_notes(c).await?,
                None => Vec::new(),
            };
            let mine = notes.into_iter().filter(|s| s.campaign_id == id).collect();
            Ok::<Loaded, ui::ApiFailure>((campaign, mine))
        },
    );
    let l = ctx.lang;
    let note = use_note_form(c, load.reload.clone());
    let withdraw = ui::use_action(
        move |id: String| async move { api::withdraw(c, &id).await },
        load.reload.reform(|_| ()),
    );
    ui::view_load(&load, l, |(campaign, mine)| match campaign {
        None => html! {
            <section class="card"><p class="muted" data-testid="not-found">{ l.t("本月没有这个活动。", "This campaign is not in this month's theme.") }</p></section>
        },
        Some(c) => campaign_view(&ctx, c, mine, &withdraw, &note),
    })
}

/// The campaign, the member's sign-up and notes.
fn campaign_view(
    ctx: &crate::components::shell::Ctx,
    c: &MyCampaign,
    mine: &[MyNote],
    withdraw: &ui::UseAction<String, ()>,
    note: &NoteForm,
) -> Html {
    let l = ctx.lang;
    html! {
        <>
            <section class="card">
                <h1>{ &c.title }</h1>
                <p>{ &c.brief }</p>
                <p class="tags">{ for c.hashtags.iter().map(|h| html! { <span>{ h }</span> }) }</p>
                <p class="muted">
                    { l.t("发布截止：", "Publish by: ") }{ l.day(&c.publish_by) }{ " · " }
                    { l.t("结算日：", "Settles: ") }{ l.day(&c.settlement_date) }
                </p>
                <p class="muted">{ l.t("积分规则：每篇通过的笔记 ", "Points: ") }{ c.rule.base }
                    { l.t(" 分；每 ", " per approved note; ") }{ c.rule.points_per_step }{ l.t(" 分 / ", " per ") }{ l.number(c.rule.interactions_per_step) }
                    { l.t(" 互动（上限 ", " interactions (up to ") }{ c.rule.engagement_cap }{ l.t(" 分）；互动达 ", "); ") }{ l.number(c.rule.viral_threshold) }
                    { l.t(" 为爆文，另加 ", " interactions make it viral: +") }{ c.rule.viral_bonus }{ l.t(" 分。", ".") }</p>
            </section>
            if let Some(s) = c.my_signup.as_ref() {
                <section class="card">
                    <p class="outcome" data-testid="outcome" data-status={s.status.as_str()}>{ outcome(l, s) }</p>
                    if c.status == "published" && mine.is_empty() && matches!(s.status.as_str(), "pending" | "selected" | "waitlisted") {
                        <button class="secondary" disabled={withdraw.busy}
                            onclick={withdraw.run.reform({ let id = c.id.clone(); move |_| id.clone() })}>{ l.t("撤回报名", "Withdraw") }</button>
                    }
                    { error_line(&message(&withdraw.error)) }
                </section>
            }
            if let Some(sample) = &c.my_sample {
                <section class="card" data-testid="sample" data-stage={sample.stage.clone()}>
                    <h2>{ l.t("试用样品", "Product sample") }</h2>
                    <p><a href={Route::Samples { brand: ctx.brand.clone() }.href()}>{ l.t("查看样品与收货信息 →", "Sample and shipping details →") }</a></p>
                </section>
            }
            { submit_note(l, c, note) }
            if !mine.is_empty() {
                <section>
                    <h2>{ l.t("本活动的笔记", "Notes for this campaign") }</h2>
                    <ul class="list">{ for mine.iter().map(|s| submission_row(ctx, s)) }</ul>
                </section>
            }
        </>
    }
}

/// The note form's state, held by the page (a reload keeps what is typed).
struct NoteForm {
    text: UseStateHandle<String>,
    declared: UseStateHandle<bool>,
    shots: UseStateHandle<Vec<String>>,
    send: ui::UseAction<SubmissionForm, serde::de::IgnoredAny>,
}

#[hook]
fn use_note_form(client: ui::Client, on_changed: Callback<()>) -> NoteForm {
    let text = use_state(String::new);
    let declared = use_state(|| false);
    let shots = use_state(Vec::<String>::new);
    let retry = use_mut_ref(ui::services::RetryKey::default);
    let send = {
        let text = text.clone();
        ui::use_action(
            move |form: SubmissionForm| {
                let retry = retry.clone();
                async move { api::submit_note(client, &form, &retry).await }
            },
            Callback::from(move |_| {
                text.set(String::new());
                on_changed.emit(());
            }),
        )
    };
    NoteForm {
        text,
        declared,
        shots,
        send,
    }
}

/// The note submission form, for a member who may publish.
fn submit_note(l: ui::Lang, c: &MyCampaign, form: &NoteForm) -> Html {
    let (text, declared, shots, send) = (
        form.text.clone(),
        form.declared.clone(),
        form.shots.clone(),
        &form.send,
    );
    // Until the selection is confirmed every sign-up may publish.
    let may_publish = c.my_signup.as_ref().is_some_and(|s| {
        s.status == "selected" || (s.status == "pending" && !c.selection_confirmed)
    });
    if !(may_publish && c.status == "published") {
        return html! {};
    }
    let accepts = |p: &str| c.platforms.iter().any(|x| x == p);
    let parsed = (!text.trim().is_empty()).then(|| parse_note_link(&text));
    let preview = match &parsed {
        None => {
            html! { <p class="hint">{ l.t("在小红书或抖音点「分享 → 复制链接」，整段粘贴即可。", "In Xiaohongshu or Douyin tap Share → Copy link, then paste it all here.") }</p> }
        }
        Some(Ok(link)) if link.kind == LinkKind::ShortLink => html! {
            <p class="warn" data-testid="link-preview">{ l.t("这是短链接：请先在浏览器打开它，再复制完整链接粘贴。", "This is a short link: open it in a browser, then paste the full link.") }</p>
        },
        Some(Ok(link)) if !accepts(link.platform.as_str()) => html! {
            <p class="warn" data-testid="link-preview">{ l.t("该活动不接受此平台的笔记。", "This campaign does not accept notes from that platform.") }</p>
        },
        Some(Ok(link)) => html! {
            <p class="ok" data-testid="link-preview">{ "✓ " }{ l.platform(link.platform.as_str()) }{ l.t(" 笔记 ", " note ") }<code>{ link.note_id.clone().unwrap_or_default() }</code></p>
        },
        Some(Err(e)) => {
            html! { <p class="warn" data-testid="link-preview">{ l.link_error(*e) }</p> }
        }
    };
    let ready = matches!(&parsed, Some(Ok(link)) if link.kind == LinkKind::Note && accepts(link.platform.as_str()))
        && (*declared || !c.disclosure_required);
    let submit = {
        let (text, declared, shots, run, id) = (
            text.clone(),
            *declared,
            shots.clone(),
            send.run.clone(),
            c.id.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(SubmissionForm {
                campaign_id: id.clone(),
                link_text: (*text).clone(),
                disclosure_declared: declared,
                // A screenshot of the published note (its figures), if any.
                screenshot_id: shots.first().cloned(),
            });
        })
    };
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(value_of(&e.into())))
    };
    let on_declared = {
        let d = declared.clone();
        Callback::from(move |e: Event| d.set(ui::form::checked_of(&e)))
    };
    html! {
        <section class="card">
            <h2>{ l.t("提交笔记链接", "Submit your note") }</h2>
            <form onsubmit={submit}>
                <label>{ l.t("笔记链接或分享文字", "Note link or share text") }
                    <textarea name="link_text" rows="4" value={(*text).clone()} oninput={on_input} />
                </label>
                { preview }
                if c.disclosure_required {
                    <label class="check"><input type="checkbox" name="disclosure_declared" checked={*declared} onchange={on_declared} />
                        { l.t("本活动为品牌合作：我已在笔记中添加平台的合作/广告标识", "A paid collaboration: my note carries the platform's ad disclosure mark") }</label>
                }
                <Evidence ids={shots.clone()} note=true />
                { error_line(&message(&send.error)) }
                <button type="submit" disabled={!ready || send.busy}>{ l.t("提交", "Submit") }</button>
            </form>
        </section>
    }
}
