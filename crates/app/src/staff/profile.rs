//! "My profile" on the staff app (issue 17, org): the persona checklist a
//! good KOS profile meets (real name, a real photo, the store named in the
//! profile, the store's location in notes, quick replies with price
//! questions moved to private messages), scored as it is ticked by the
//! same `rules::persona` the server uses, and the competencies of the
//! staff member's KOS role, rated 1–5 with a tap (the manager's rating
//! beside it).

use super::shell::use_staff;
use crate::api_staff_org as api;
use crate::{error_line, message};
use ::api::{KosPersonaForm, KosRatingForm, MyKosProfile};
use rules::persona::Persona;
use std::rc::Rc;
use ui::Lang;
use yew::prelude::*;

fn item_text(l: Lang, item: &str) -> (&'static str, &'static str) {
    match item {
        "real_name" => (
            l.t("使用真实姓名", "Your real name"),
            l.t(
                "账号昵称带上真名，顾客更信任。",
                "Put your real name in the account name.",
            ),
        ),
        "photo" => (
            l.t("真人头像", "A real photo"),
            l.t("上传一张本人工作照。", "Upload a work photo of yourself."),
        ),
        "store_in_profile" => (
            l.t("简介写明门店", "Store in the profile"),
            l.t(
                "例如：广州天河店专柜顾问。",
                "E.g. consultant at the Tianhe store.",
            ),
        ),
        "location_in_notes" => (
            l.t("笔记带门店定位", "Store location in notes"),
            l.t(
                "发笔记时添加门店位置，线索到对的门店。",
                "Tag the store's location so leads reach it.",
            ),
        ),
        _ => (
            l.t("及时回复、价格转私信", "Quick replies, prices in private"),
            l.t(
                "评论尽快回复，价格问题引导私信。",
                "Answer comments fast; move price questions to private messages.",
            ),
        ),
    }
}

#[component]
pub fn StaffProfile() -> Html {
    let ctx = use_staff();
    let (l, c) = (ctx.lang, ctx.client());
    let profile = ui::use_load((), move |()| api::my_profile(c));
    html! {
        <>
            <h1>{ l.t("我的人设", "My profile") }</h1>
            { ui::view_load(&profile, l, |p| html! {
                <ProfileForm profile={p.clone()} on_saved={profile.set.clone()} />
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    profile: MyKosProfile,
    on_saved: Callback<MyKosProfile>,
}

#[component]
fn ProfileForm(props: &FormProps) -> Html {
    let ctx = use_staff();
    let (l, c) = (ctx.lang, ctx.client());
    let p = &props.profile.persona;
    let real_name = use_state(|| p.real_name);
    let store_in_profile = use_state(|| p.store_in_profile);
    let location_in_notes = use_state(|| p.location_in_notes);
    let reply_habits = use_state(|| p.reply_habits);
    let photo = use_state(|| p.photo_upload_id.clone());
    let saved = {
        let on_saved = props.on_saved.clone();
        Callback::from(move |p: Rc<MyKosProfile>| on_saved.emit((*p).clone()))
    };
    let save = ui::use_action(
        move |body: KosPersonaForm| async move { api::save_persona(c, &body).await },
        saved.clone(),
    );
    let rate = ui::use_action(
        move |body: KosRatingForm| async move { api::rate_myself(c, &body).await },
        saved,
    );
    let upload = {
        let photo = photo.clone();
        ui::use_action(
            move |file: web_sys::File| async move { api::upload_photo(c, &file).await },
            Callback::from(move |u: Rc<::api::UploadView>| photo.set(Some(u.id.clone()))),
        )
    };
    // Scored as ticked, by the server's own rule.
    let now = Persona {
        real_name: *real_name,
        photo: photo.is_some(),
        store_in_profile: *store_in_profile,
        location_in_notes: *location_in_notes,
        reply_habits: *reply_habits,
    };
    let percent = now.completeness();
    let toggle = |st: &UseStateHandle<bool>| {
        let st = st.clone();
        Callback::from(move |e: Event| st.set(crate::checked_of(&e)))
    };
    let pick = {
        let run = upload.run.clone();
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target_dyn_into();
            if let Some(f) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) {
                run.emit(f);
            }
        })
    };
    let submit = {
        let (real_name, store_in_profile, location_in_notes, reply_habits, photo, run) = (
            real_name.clone(),
            store_in_profile.clone(),
            location_in_notes.clone(),
            reply_habits.clone(),
            photo.clone(),
            save.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(KosPersonaForm {
                real_name: *real_name,
                photo_upload_id: (*photo).clone(),
                store_in_profile: *store_in_profile,
                location_in_notes: *location_in_notes,
                reply_habits: *reply_habits,
            });
        })
    };
    let check = |name: &'static str, st: &UseStateHandle<bool>| {
        let (title, hint) = item_text(l, name);
        html! {
            <label class="check">
                <input type="checkbox" {name} checked={**st} onchange={toggle(st)} />
                <span><strong>{ title }</strong><br /><span class="hint">{ hint }</span></span>
            </label>
        }
    };
    let (photo_title, photo_hint) = item_text(l, "photo");
    html! {
        <>
            <section class="card accent">
                <p class="eyebrow">{ l.t("人设完整度", "Profile completeness") }</p>
                <p class="big" data-testid="persona-percent">{ format!("{percent}%") }</p>
                <meter class="progress" min="0" max="100" value={percent.to_string()}></meter>
            </section>
            <form class="card" onsubmit={submit}>
                { check("real_name", &real_name) }
                <div class="photo-row">
                    if let Some(id) = &*photo {
                        <img class="avatar" src={api::photo_url(id)} alt={l.t("我的照片", "My photo")} />
                    }
                    <label>
                        <span><strong>{ photo_title }</strong><br /><span class="hint">{ photo_hint }</span></span>
                        <input type="file" name="photo" accept="image/png,image/jpeg,image/webp" onchange={pick} />
                    </label>
                </div>
                { error_line(&message(&upload.error)) }
                { check("store_in_profile", &store_in_profile) }
                { check("location_in_notes", &location_in_notes) }
                { check("reply_habits", &reply_habits) }
                { error_line(&message(&save.error)) }
                if save.done.is_some() && !save.busy { <p class="ok" data-testid="persona-saved">{ l.t("已保存。", "Saved.") }</p> }
                <button type="submit" disabled={save.busy || upload.busy}>{ l.t("保存", "Save") }</button>
            </form>
            <section class="card" data-testid="my-competencies">
                <h2>{ l.t("能力自评", "Rate yourself") }</h2>
                <p class="hint">{ l.t("1 = 刚起步，5 = 可以带别人。", "1 = just starting, 5 = can teach others.") }</p>
                { for props.profile.ratings.iter().map(|r| {
                    let stars = (1..=5).map(|n| {
                        let (run, id) = (rate.run.clone(), r.competency_id.clone());
                        let on = r.self_score == Some(n);
                        html! {
                            <button type="button" class={classes!("score", on.then_some("on"))} aria-pressed={on.to_string()}
                                onclick={Callback::from(move |_| run.emit(KosRatingForm { competency_id: id.clone(), score: n }))}>{ n }</button>
                        }
                    });
                    html! {
                        <div class="competency">
                            <p><strong>{ &r.name }</strong><br /><span class="hint">{ &r.description }</span></p>
                            <p class="scores">{ for stars }
                                if let Some(m) = r.manager_score { <span class="muted">{ l.t(" 上级评 ", " manager ") }{ m }</span> }
                            </p>
                        </div>
                    }
                }) }
                { error_line(&message(&rate.error)) }
            </section>
        </>
    }
}
