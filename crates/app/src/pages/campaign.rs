//! One campaign: its brief, and the note submission form. The pasted text
//! is checked live with the same parser the server uses (`rules`, compiled
//! to wasm), so the member sees the platform and note ID before sending.

use super::home::submission_row;
use super::{error_line, value_of};
use crate::components::shell::use_ctx;
use api::{MyCampaign, MyNote, MyTheme, SubmissionForm};
use rules::{LinkKind, parse_note_link};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CampaignProps {
    pub id: String,
}

#[component]
pub fn CampaignPage(props: &CampaignProps) -> Html {
    let ctx = use_ctx();
    let campaign = use_state(|| None::<MyCampaign>);
    let mine = use_state(Vec::<MyNote>::new);
    let text = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let declared = use_state(|| false);
    let shots = use_state(Vec::<String>::new);
    let reload = use_state(|| 0u32);
    let retry = use_mut_ref(ui::services::RetryKey::default);
    let l = ctx.lang;
    {
        let (campaign, mine, client, brand, id) = (
            campaign.clone(),
            mine.clone(),
            ctx.client(),
            ctx.brand.clone(),
            props.id.clone(),
        );
        use_effect_with((props.id.clone(), *reload, ctx.me.clone()), move |_| {
            spawn_local(async move {
                if let Ok(t) = client
                    .get::<MyTheme>(&format!("/api/v1/brands/{brand}/themes/current"))
                    .await
                {
                    campaign.set(t.campaigns.into_iter().find(|c| c.id == id));
                }
                if let Ok(v) = client.get::<Vec<MyNote>>("/api/v1/me/submissions").await {
                    mine.set(v.into_iter().filter(|s| s.campaign_id == id).collect());
                }
            });
        });
    }
    let Some(c) = (*campaign).clone() else {
        return html! { <p class="muted">{ l.t("加载中…", "Loading…") }</p> };
    };
    let parsed = (!text.trim().is_empty()).then(|| parse_note_link(&text));
    let preview = match &parsed {
        None => {
            html! { <p class="hint">{ l.t("在小红书或抖音点「分享 → 复制链接」，整段粘贴即可。", "In Xiaohongshu or Douyin tap Share → Copy link, then paste it all here.") }</p> }
        }
        Some(Ok(link)) if link.kind == LinkKind::ShortLink => html! {
            <p class="warn" data-testid="link-preview">{ l.t("这是短链接：请先在浏览器打开它，再复制完整链接粘贴。", "This is a short link: open it in a browser, then paste the full link.") }</p>
        },
        Some(Ok(link)) if !c.platforms.iter().any(|p| p == link.platform.as_str()) => html! {
            <p class="warn" data-testid="link-preview">{ l.t("该活动不接受此平台的笔记。", "This campaign does not accept notes from that platform.") }</p>
        },
        Some(Ok(link)) => html! {
            <p class="ok" data-testid="link-preview">{ "✓ " }{ l.platform(link.platform.as_str()) }{ l.t(" 笔记 ", " note ") }<code>{ link.note_id.clone().unwrap_or_default() }</code></p>
        },
        Some(Err(e)) => {
            html! { <p class="warn" data-testid="link-preview">{ l.link_error(*e) }</p> }
        }
    };
    let ready = matches!(&parsed, Some(Ok(link)) if link.kind == LinkKind::Note && c.platforms.iter().any(|p| p == link.platform.as_str()))
        && (*declared || !c.disclosure_required);
    let submit = {
        let (text, error, busy, reload, client, id, retry, declared) = (
            text.clone(),
            error.clone(),
            busy.clone(),
            reload.clone(),
            ctx.client(),
            c.id.clone(),
            retry.clone(),
            *declared,
        );
        let shots = shots.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form = SubmissionForm {
                campaign_id: id.clone(),
                link_text: (*text).clone(),
                disclosure_declared: declared,
                // A screenshot of the published note (its figures), if any.
                screenshot_id: shots.first().cloned(),
            };
            let (text, error, busy, reload, retry) = (
                text.clone(),
                error.clone(),
                busy.clone(),
                reload.clone(),
                retry.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                match client
                    .post_once::<_, serde::de::IgnoredAny>("/api/v1/me/submissions", &form, &retry)
                    .await
                {
                    Ok(_) => {
                        text.set(String::new());
                        error.set(None);
                        reload.set(*reload + 1);
                    }
                    Err(e) => error.set(Some(e.message)),
                }
                busy.set(false);
            });
        })
    };
    // Until the selection is confirmed every sign-up may publish.
    let may_publish = c.my_signup.as_ref().is_some_and(|s| {
        s.status == "selected" || (s.status == "pending" && !c.selection_confirmed)
    });
    let withdraw = {
        let (client, id, error, reload) =
            (ctx.client(), c.id.clone(), error.clone(), reload.clone());
        Callback::from(move |_| {
            let (path, error, reload) = (
                format!("/api/v1/me/campaigns/{id}/signup"),
                error.clone(),
                reload.clone(),
            );
            spawn_local(async move {
                match client.delete(&path).await {
                    Ok(()) => reload.set(*reload + 1),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(value_of(&e.into())))
    };
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
                    <p class="outcome" data-testid="outcome" data-status={s.status.as_str()}>{ super::home::outcome(l, s) }</p>
                    if c.status == "published" && mine.is_empty() && matches!(s.status.as_str(), "pending" | "selected" | "waitlisted") {
                        <button class="secondary" onclick={withdraw}>{ l.t("撤回报名", "Withdraw") }</button>
                    }
                </section>
            }
            if let Some(sample) = &c.my_sample {
                <super::tasks::Sample campaign_id={c.id.clone()} days={c.sample_days} sample={sample.clone()}
                    on_done={{ let r = reload.clone(); Callback::from(move |()| r.set(*r + 1)) }} />
            }
            if may_publish && c.status == "published" {
                <section class="card">
                    <h2>{ l.t("提交笔记链接", "Submit your note") }</h2>
                    <form onsubmit={submit}>
                        <label>{ l.t("笔记链接或分享文字", "Note link or share text") }
                            <textarea name="link_text" rows="4" value={(*text).clone()} oninput={on_input} />
                        </label>
                        { preview }
                        if c.disclosure_required {
                            <label class="check"><input type="checkbox" name="disclosure_declared" checked={*declared}
                                onchange={{ let d = declared.clone(); Callback::from(move |e: Event| d.set(ui::form::checked_of(&e))) }} />
                                { l.t("本活动为品牌合作：我已在笔记中添加平台的合作/广告标识", "A paid collaboration: my note carries the platform's ad disclosure mark") }</label>
                        }
                        <super::apply::Evidence ids={shots.clone()} note=true />
                        { error_line(&error) }
                        <button type="submit" disabled={!ready || *busy}>{ l.t("提交", "Submit") }</button>
                    </form>
                </section>
            }
            if !mine.is_empty() {
                <section>
                    <h2>{ l.t("本活动的笔记", "Notes for this campaign") }</h2>
                    <ul class="list">{ for mine.iter().map(|s| submission_row(&ctx, s)) }</ul>
                </section>
            }
        </>
    }
}
