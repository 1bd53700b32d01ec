//! One KOS staff member (issue 17, org): where they work, their dated
//! history (joined, moved, left, rejoined), the persona checklist and the
//! competency ratings (an operator rates as a manager); edit, move to
//! another store, record leaving with the hand-over of their accounts and
//! leads (to a colleague or a store), or take them back.

use super::bind;
use super::kos_staff::{completeness, kos_role_label, role_label};
use crate::api_kos_org as api;
use crate::app::use_ctx;
use crate::components::{choice, failure_line, set, today};
use ::api::{
    KosLeaveForm, KosRatingForm, KosStaffDetail, KosStaffEdit, KosStaffMoveForm, KosStoreView,
};
use rules::{KosRole, Perm, StaffMoveKind, StaffRole};
use std::rc::Rc;
use ui::{Lang, use_action, use_load, view_load};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub id: String,
}

fn move_label(l: Lang, k: StaffMoveKind) -> &'static str {
    match k {
        StaffMoveKind::Joined => l.t("入职", "Joined"),
        StaffMoveKind::Moved => l.t("调动", "Moved"),
        StaffMoveKind::Left => l.t("离职", "Left"),
        StaffMoveKind::Rejoined => l.t("重新入职", "Rejoined"),
    }
}

fn item_label(l: Lang, item: &str) -> &'static str {
    match item {
        "real_name" => l.t("真实姓名", "Real name"),
        "photo" => l.t("真人照片", "Photo"),
        "store_in_profile" => l.t("简介写明门店", "Store named in the profile"),
        "location_in_notes" => l.t("笔记带门店定位", "Store location in notes"),
        _ => l.t("及时回复、价格转私信", "Quick replies, prices in private"),
    }
}

/// What an action on the page does.
enum Act {
    Edit(KosStaffEdit),
    Move(KosStaffMoveForm),
    Rejoin(KosStaffMoveForm),
    Leave(KosLeaveForm),
    Rate(KosRatingForm),
}

#[component]
pub fn KosStaffMember(props: &Props) -> Html {
    let ctx = use_ctx();
    let (l, c) = (ctx.lang, ctx.client());
    let person = use_load(props.id.clone(), move |id: String| async move {
        api::staff_member(c, &id).await
    });
    let stores = use_load((), move |()| api::stores(c, vec![], 500, 0));
    let act = {
        let (id, set_person) = (props.id.clone(), person.set.clone());
        use_action(
            move |a: Act| {
                let id = id.clone();
                async move {
                    match a {
                        Act::Edit(b) => api::edit_staff(c, &id, b).await,
                        Act::Move(b) => api::move_staff(c, &id, b).await,
                        Act::Rejoin(b) => api::rejoin_staff(c, &id, b).await,
                        Act::Leave(b) => api::leave_staff(c, &id, b).await,
                        Act::Rate(b) => api::rate_staff(c, &id, b).await,
                    }
                }
            },
            Callback::from(move |d: Rc<KosStaffDetail>| set_person.emit((*d).clone())),
        )
    };
    let shops = stores.ready().map(|p| p.rows.clone()).unwrap_or_default();
    let operate = ctx.can(Perm::Operate);
    view_load(&person, l, |d| {
        let s = &d.staff;
        html! {
            <>
                <h1 data-testid="staff-name">{ &s.name }</h1>
                <p class="muted">{ role_label(l, s.role) }{ " · " }{ kos_role_label(l, s.kos_role) }
                    if let Some(left) = &s.left_on { { " · " }<span class="pill" data-testid="staff-left">{ l.t("离职于 ", "Left on ") }{ left }</span> }</p>
                <section class="card">
                    <dl>
                        <dt>{ l.t("门店", "Store") }</dt><dd data-testid="staff-store">{ s.store_code.clone().map(|c| format!("{c} {}", s.store_name.clone().unwrap_or_default())).unwrap_or_else(|| "—".into()) }</dd>
                        <dt>{ l.t("区域", "Region") }</dt><dd>{ &s.region_name }</dd>
                        <dt>{ l.t("手机号", "Phone") }</dt><dd>{ &s.phone }</dd>
                        <dt>{ l.t("工号", "Employee no.") }</dt><dd>{ &s.employee_no }</dd>
                        <dt>{ l.t("入职日期", "Joined on") }</dt><dd>{ &s.joined_on }</dd>
                    </dl>
                </section>
                <div class="grid2">
                    <section class="card" data-testid="persona">
                        <h2>{ l.t("人设完整度 ", "Persona ") }{ completeness(d.persona.percent) }</h2>
                        <ul class="checklist">{ for ["real_name", "photo", "store_in_profile", "location_in_notes", "reply_habits"].iter().map(|i| {
                            let missing = d.persona.missing.iter().any(|m| m == i);
                            html! { <li class={if missing { "missing" } else { "done" }}>{ if missing { "○ " } else { "● " } }{ item_label(l, i) }</li> }
                        }) }</ul>
                    </section>
                    <section class="card" data-testid="ratings">
                        <h2>{ l.t("能力评分", "Competencies") }
                            if let Some(m) = d.manager_mean_tenths { <span class="muted">{ format!(" · {}.{}", m / 10, m % 10) }</span> }</h2>
                        <table><thead><tr><th>{ l.t("能力项", "Competency") }</th><th class="num">{ l.t("自评", "Self") }</th><th class="num">{ l.t("上级评", "Manager") }</th></tr></thead>
                        <tbody>{ for d.ratings.iter().map(|r| {
                            let rate = {
                                let (run, id) = (act.run.clone(), r.competency_id.clone());
                                Callback::from(move |e: Event| {
                                    if let Ok(score) = ui::form::value_of(&e).parse::<i64>() {
                                        run.emit(Act::Rate(KosRatingForm { competency_id: id.clone(), score }));
                                    }
                                })
                            };
                            let score = |v: Option<i64>| v.map_or("—".to_string(), |v| v.to_string());
                            html! { <tr>
                                <td title={r.description.clone()}>{ &r.name }</td>
                                <td class="num">{ score(r.self_score) }</td>
                                <td class="num">
                                    if operate {
                                        <select name={format!("rate-{}", r.competency_id)} onchange={rate}>
                                            <option value="" selected={r.manager_score.is_none()}>{ "—" }</option>
                                            { for (1..=5).map(|n| html! { <option value={n.to_string()} selected={r.manager_score == Some(n)}>{ n }</option> }) }
                                        </select>
                                    } else { { score(r.manager_score) } }
                                </td>
                            </tr> }
                        }) }</tbody></table>
                    </section>
                </div>
                <section class="card">
                    <h2>{ l.t("任职记录", "History") }</h2>
                    <table class="kos-history"><tbody>{ for d.moves.iter().map(|m| html! {
                        <tr><td>{ &m.on_date }</td><td>{ move_label(l, m.kind) }</td>
                            <td>{ m.from_store.clone().unwrap_or_default() }{ if m.from_store.is_some() && m.to_store.is_some() { " → " } else { "" } }{ m.to_store.clone().unwrap_or_default() }</td></tr>
                    }) }</tbody></table>
                </section>
                { failure_line(&act.error) }
                if operate {
                    <Actions detail={d.clone()} stores={shops.clone()} run={act.run.clone()} busy={act.busy} />
                }
            </>
        }
    })
}

#[derive(Properties)]
struct ActionsProps {
    detail: KosStaffDetail,
    stores: Vec<KosStoreView>,
    run: Callback<Act>,
    busy: bool,
}

impl PartialEq for ActionsProps {
    fn eq(&self, o: &Self) -> bool {
        self.detail == o.detail && self.stores == o.stores && self.busy == o.busy
    }
}

#[component]
fn Actions(props: &ActionsProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let s = &props.detail.staff;
    let name = use_state(|| s.name.clone());
    let phone = use_state(String::new);
    let no = use_state(|| s.employee_no.clone());
    let role = use_state(|| s.role.as_str().to_string());
    let kos_role = use_state(|| s.kos_role.as_str().to_string());
    let to_store = use_state(String::new);
    let on_date = use_state(today);
    let hand_to = use_state(String::new);
    let others: Vec<&KosStoreView> = props
        .stores
        .iter()
        .filter(|x| Some(&x.id) != s.store_id.as_ref())
        .collect();
    let first_other = others.first().map(|x| x.id.clone()).unwrap_or_default();
    let pick = |st: &UseStateHandle<String>| {
        let st = st.clone();
        Callback::from(move |e: Event| st.set(ui::form::value_of(&e)))
    };
    let edit = {
        let (name, phone, no, role, kos_role, run) = (
            name.clone(),
            phone.clone(),
            no.clone(),
            role.clone(),
            kos_role.clone(),
            props.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let (Ok(r), Ok(k)) = (role.parse::<StaffRole>(), kos_role.parse::<KosRole>()) {
                run.emit(Act::Edit(KosStaffEdit {
                    name: (*name).clone(),
                    phone: (*phone).clone(),
                    role: r,
                    kos_role: k,
                    employee_no: (*no).clone(),
                }));
            }
        })
    };
    let relocate = {
        let (to_store, on_date, run, first) = (
            to_store.clone(),
            on_date.clone(),
            props.run.clone(),
            first_other.clone(),
        );
        let left = s.left_on.is_some();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form = KosStaffMoveForm {
                store_id: if to_store.is_empty() {
                    first.clone()
                } else {
                    (*to_store).clone()
                },
                on_date: (*on_date).clone(),
            };
            run.emit(if left {
                Act::Rejoin(form)
            } else {
                Act::Move(form)
            });
        })
    };
    let store_id = s.store_id.clone().unwrap_or_default();
    let leave = {
        let (hand_to, on_date, run, store_id) = (
            hand_to.clone(),
            on_date.clone(),
            props.run.clone(),
            store_id.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let to = if hand_to.is_empty() {
                store_id.clone()
            } else {
                (*hand_to).clone()
            };
            run.emit(Act::Leave(KosLeaveForm {
                on_date: (*on_date).clone(),
                to_staff_id: None,
                to_store_id: Some(to),
            }));
        })
    };
    let roles: Vec<(&'static str, &str)> = StaffRole::ALL
        .iter()
        .map(|r| (r.as_str(), role_label(l, *r)))
        .collect();
    let kos_roles: Vec<(&'static str, &str)> = KosRole::ALL
        .iter()
        .map(|r| (r.as_str(), kos_role_label(l, *r)))
        .collect();
    let store_select = |name: &'static str, st: &UseStateHandle<String>, list: &[&KosStoreView]| {
        html! {
            <select {name} onchange={pick(st)}>
                { for list.iter().map(|x| html! { <option value={x.id.clone()} selected={**st == x.id}>{ format!("{} {}", x.code, x.name) }</option> }) }
            </select>
        }
    };
    let all: Vec<&KosStoreView> = props.stores.iter().collect();
    html! {
        <div class="grid2">
            <section class="card">
                <h2>{ if s.left_on.is_some() { l.t("重新入职", "Take back") } else { l.t("调动门店", "Move to another store") } }</h2>
                <form onsubmit={relocate}>
                    <label>{ l.t("新门店", "Store") }{ store_select("move-store", &to_store, &others) }</label>
                    <label>{ l.t("生效日期", "From") }<input name="move-date" type="date" required=true value={(*on_date).clone()} oninput={bind(&on_date)} /></label>
                    <button type="submit" disabled={props.busy}>{ if s.left_on.is_some() { l.t("重新入职", "Take back") } else { l.t("调动", "Move") } }</button>
                </form>
                if s.left_on.is_none() {
                    <h2>{ l.t("离职交接", "Leaving and hand-over") }</h2>
                    <form onsubmit={leave}>
                        <p class="muted">{ l.t("离职后该员工立即无法登录；其账号和私域线索交接给所选门店。", "They can no longer sign in; their accounts and private-domain leads go to the chosen store.") }</p>
                        <label>{ l.t("交接给门店", "Hand over to the store") }{ store_select("hand-over-store", &hand_to, &all) }</label>
                        <label>{ l.t("离职日期", "Leaves on") }<input name="leave-date" type="date" required=true value={(*on_date).clone()} oninput={bind(&on_date)} /></label>
                        <button type="submit" class="danger" disabled={props.busy}>{ l.t("确认离职", "Record leaving") }</button>
                    </form>
                }
            </section>
            <section class="card">
                <h2>{ l.t("编辑资料", "Edit") }</h2>
                <form onsubmit={edit}>
                    <label>{ l.t("姓名", "Name") }<input name="edit-name" required=true maxlength="40" value={(*name).clone()} oninput={bind(&name)} /></label>
                    <label>{ l.t("手机号（重新输入完整号码）", "Phone (type the full number)") }<input name="edit-phone" type="tel" required=true value={(*phone).clone()} oninput={bind(&phone)} /></label>
                    <label>{ l.t("岗位", "Position") }{ choice("edit-role", &role, &roles, set(&role)) }</label>
                    <label>{ l.t("KOS 角色", "KOS role") }{ choice("edit-kos-role", &kos_role, &kos_roles, set(&kos_role)) }</label>
                    <label>{ l.t("工号", "Employee no.") }<input name="edit-no" maxlength="32" value={(*no).clone()} oninput={bind(&no)} /></label>
                    <button type="submit" class="secondary" disabled={props.busy}>{ l.t("保存", "Save") }</button>
                </form>
            </section>
        </div>
    }
}
