//! The brand's KOS staff (issue 17, org): filtered by region, position,
//! KOS role and working / left, searched by name, employee number or phone,
//! pages of 50, each with their store, region and persona completeness
//! (phones masked); a staff import from a CSV file as Excel saves it, and
//! adding one person. A name opens the staff member's page.

use super::bind;
use crate::api_kos_org as api;
use crate::app::{Route, use_ctx};
use crate::components::{choice, emit_some, failure_line, picked_file, set, today};
use ::api::{KosImportResult, KosRegionView, KosStaffCreate};
use rules::{KosRole, Perm, StaffRole};
use ui::{Lang, use_action, use_load, view_load};
use yew::prelude::*;
use yew_router::prelude::*;

const PAGE: i64 = 50;

pub fn role_label(l: Lang, r: StaffRole) -> &'static str {
    match r {
        StaffRole::Staff => l.t("导购", "Staff"),
        StaffRole::StoreManager => l.t("店长", "Store manager"),
        StaffRole::RegionalManager => l.t("区域经理", "Regional manager"),
    }
}

pub fn kos_role_label(l: Lang, r: KosRole) -> &'static str {
    match r {
        KosRole::ShoppingAssistant => l.t("购物助理", "Shopping assistant"),
        KosRole::TopicExpert => l.t("话题专家", "Topic expert"),
        KosRole::PersonalPartner => l.t("私人伙伴", "Personal partner"),
    }
}

/// A filter by region: "every region" and the brand's regions.
pub fn region_select(l: Lang, state: &UseStateHandle<String>, regions: &[KosRegionView]) -> Html {
    let pick = {
        let st = state.clone();
        Callback::from(move |e: Event| st.set(ui::form::value_of(&e)))
    };
    html! {
        <select name="region_id" onchange={pick}>
            <option value="" selected={state.is_empty()}>{ l.t("全部区域", "Every region") }</option>
            { for regions.iter().map(|r| html! { <option value={r.id.clone()} selected={**state == r.id}>{ &r.name }</option> }) }
        </select>
    }
}

/// What an import did, with every refused row and its line.
pub fn import_report(l: Lang, r: &KosImportResult) -> Html {
    html! {
        <div data-testid="import-result">
            <p class="ok">{ format!("{}{}{}{}{}{}", l.t("新增 ", "Created "), r.created, l.t("，更新 ", ", updated "), r.updated, l.t("，未变 ", ", unchanged "), r.unchanged) }</p>
            if !r.errors.is_empty() {
                <ul class="error">{ for r.errors.iter().map(|e| html! {
                    <li>{ format!("{} {}: {} ({})", l.t("第", "Line"), e.line, e.message, e.code) }</li>
                }) }</ul>
            }
        </div>
    }
}

/// A persona's completeness as a small bar and the percentage.
pub fn completeness(percent: i64) -> Html {
    html! {
        <span class="completeness" title={format!("{percent}%")}>
            <meter min="0" max="100" value={percent.to_string()}></meter>{ format!(" {percent}%") }
        </span>
    }
}

#[component]
pub fn KosStaff() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let c = ctx.client();
    let regions = use_load((), move |()| api::regions(c));
    let region = use_state(String::new);
    let role = use_state(String::new);
    let kos_role = use_state(String::new);
    let status = use_state(String::new);
    let search = use_state(String::new);
    let query = use_state(Vec::<(&'static str, String)>::new);
    let offset = use_state(|| 0i64);
    let rows = use_load(((*query).clone(), *offset), move |(q, o)| {
        api::staff(c, q, PAGE, o)
    });
    let apply = {
        let states = [
            ("region_id", region.clone()),
            ("role", role.clone()),
            ("kos_role", kos_role.clone()),
            ("status", status.clone()),
            ("q", search.clone()),
        ];
        let (query, offset) = (query.clone(), offset.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let q = states
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(k, v)| (*k, v.trim().to_string()))
                .collect();
            offset.set(0);
            query.set(q);
        })
    };
    let import = use_action(
        move |f: web_sys::File| api::import_staff(c, f),
        rows.reload.reform(|_| ()),
    );
    let at = *offset;
    let go = |to: i64| {
        let offset = offset.clone();
        Callback::from(move |_: MouseEvent| offset.set(to.max(0)))
    };
    let region_list = regions.ready().cloned().unwrap_or_default();
    let roles: Vec<(&'static str, &str)> = std::iter::once(("", l.t("全部岗位", "Every position")))
        .chain(
            StaffRole::ALL
                .iter()
                .map(|r| (r.as_str(), role_label(l, *r))),
        )
        .collect();
    let kos_roles: Vec<(&'static str, &str)> =
        std::iter::once(("", l.t("全部 KOS 角色", "Every KOS role")))
            .chain(
                KosRole::ALL
                    .iter()
                    .map(|r| (r.as_str(), kos_role_label(l, *r))),
            )
            .collect();
    let statuses = [
        ("", l.t("在职", "Working")),
        ("left", l.t("已离职", "Left")),
        ("all", l.t("全部", "Everyone")),
    ];
    let table = view_load(&rows, l, |p| {
        if p.rows.is_empty() {
            return html! { <p class="muted">{ l.t("没有符合条件的员工。", "No matching staff.") }</p> };
        }
        let last = (at + PAGE).min(p.total);
        html! {
            <>
                <p class="muted" data-testid="staff-total">{ format!("{}–{} / {}", at + 1, last, p.total) }</p>
                <table class="kos-staff">
                    <thead><tr>
                        <th>{ l.t("姓名", "Name") }</th><th>{ l.t("手机号", "Phone") }</th>
                        <th>{ l.t("岗位", "Position") }</th><th>{ l.t("KOS 角色", "KOS role") }</th>
                        <th>{ l.t("门店", "Store") }</th><th>{ l.t("区域", "Region") }</th>
                        <th>{ l.t("入职", "Joined") }</th><th>{ l.t("人设完整度", "Persona") }</th>
                    </tr></thead>
                    <tbody>{ for p.rows.iter().map(|s| html! {
                        <tr data-staff={s.id.clone()}>
                            <td><Link<Route> to={Route::KosStaffMember { id: s.id.clone() }}>{ &s.name }</Link<Route>>
                                if let Some(d) = &s.left_on { <br /><span class="pill">{ l.t("离职 ", "Left ") }{ d }</span> }</td>
                            <td>{ &s.phone }</td>
                            <td>{ role_label(l, s.role) }</td>
                            <td>{ kos_role_label(l, s.kos_role) }</td>
                            <td>{ s.store_code.clone().map(|c| format!("{c} {}", s.store_name.clone().unwrap_or_default())).unwrap_or_else(|| "—".into()) }</td>
                            <td>{ &s.region_name }</td>
                            <td>{ &s.joined_on }</td>
                            <td>{ completeness(s.persona_percent) }</td>
                        </tr>
                    }) }</tbody>
                </table>
                <div class="toolbar">
                    <button class="secondary" disabled={at == 0} onclick={go(at - PAGE)}>{ l.t("上一页", "Previous") }</button>
                    <button class="secondary" disabled={last >= p.total} onclick={go(at + PAGE)}>{ l.t("下一页", "Next") }</button>
                </div>
            </>
        }
    });
    let operate = ctx.can(Perm::Operate);
    html! {
        <>
            <h1>{ l.t("员工", "Staff") }</h1>
            <form class="toolbar" onsubmit={apply}>
                <input name="q" type="search" placeholder={l.t("姓名、工号或手机号", "Name, employee no. or phone")} value={(*search).clone()} oninput={bind(&search)} />
                { region_select(l, &region, &region_list) }
                { choice("role", &role, &roles, set(&role)) }
                { choice("kos_role", &kos_role, &kos_roles, set(&kos_role)) }
                { choice("status", &status, &statuses, set(&status)) }
                <button type="submit">{ l.t("筛选", "Filter") }</button>
            </form>
            if operate {
                <section class="card">
                    <label>{ l.t("导入员工（CSV：手机号、姓名、岗位、KOS角色、门店编号、工号、入职日期；区域经理填区域；按手机号更新，换门店记为调动）", "Import staff (CSV: phone, name, position, KOS role, store code, employee no., joined; a regional manager names a region; updated by phone, a new store is a move)") }
                        <input type="file" name="staff-file" accept=".csv,text/csv" onchange={emit_some(&import.run, |e: Event| picked_file(&e))} />
                    </label>
                    { failure_line(&import.error) }
                    if let Some(r) = &import.done { { import_report(l, r) } }
                    <NewStaff on_done={rows.reload.clone()} />
                </section>
            }
            { table }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct NewStaffProps {
    on_done: Callback<()>,
}

#[component]
fn NewStaff(props: &NewStaffProps) -> Html {
    let ctx = use_ctx();
    let (l, c) = (ctx.lang, ctx.client());
    let stores = use_load((), move |()| api::stores(c, vec![], 500, 0));
    let name = use_state(String::new);
    let phone = use_state(String::new);
    let store = use_state(String::new);
    let no = use_state(String::new);
    let kos_role = use_state(|| KosRole::ShoppingAssistant.as_str().to_string());
    let role = use_state(|| StaffRole::Staff.as_str().to_string());
    let joined = use_state(today);
    let add = use_action(
        move |body: KosStaffCreate| api::create_staff(c, body),
        props.on_done.reform(|_| ()),
    );
    let first = stores
        .ready()
        .and_then(|p| p.rows.first())
        .map(|s| s.id.clone())
        .unwrap_or_default();
    let submit = {
        let (name, phone, store, no, kos_role, role, joined, run) = (
            name.clone(),
            phone.clone(),
            store.clone(),
            no.clone(),
            kos_role.clone(),
            role.clone(),
            joined.clone(),
            add.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Ok(r), Ok(k)) = (role.parse::<StaffRole>(), kos_role.parse::<KosRole>()) else {
                return;
            };
            let store_id = if store.is_empty() {
                first.clone()
            } else {
                (*store).clone()
            };
            run.emit(KosStaffCreate {
                name: (*name).clone(),
                phone: (*phone).clone(),
                role: r,
                kos_role: k,
                store_id: Some(store_id),
                region_id: None,
                employee_no: (*no).clone(),
                joined_on: (*joined).clone(),
            });
        })
    };
    let roles: Vec<(&'static str, &str)> = [StaffRole::Staff, StaffRole::StoreManager]
        .iter()
        .map(|r| (r.as_str(), role_label(l, *r)))
        .collect();
    let kos_roles: Vec<(&'static str, &str)> = KosRole::ALL
        .iter()
        .map(|r| (r.as_str(), kos_role_label(l, *r)))
        .collect();
    let shops = stores.ready().map(|p| p.rows.clone()).unwrap_or_default();
    html! {
        <details>
            <summary>{ l.t("添加员工", "Add a staff member") }</summary>
            <form class="grid2" onsubmit={submit}>
                <label>{ l.t("姓名", "Name") }<input name="staff-name" required=true maxlength="40" value={(*name).clone()} oninput={bind(&name)} /></label>
                <label>{ l.t("手机号", "Phone") }<input name="staff-phone" type="tel" required=true value={(*phone).clone()} oninput={bind(&phone)} /></label>
                <label>{ l.t("门店", "Store") }
                    <select name="staff-store" onchange={let s = store.clone(); Callback::from(move |e: Event| s.set(ui::form::value_of(&e)))}>
                        { for shops.iter().map(|s| html! { <option value={s.id.clone()} selected={*store == s.id}>{ format!("{} {}", s.code, s.name) }</option> }) }
                    </select>
                </label>
                <label>{ l.t("岗位", "Position") }{ choice("staff-role", &role, &roles, set(&role)) }</label>
                <label>{ l.t("KOS 角色", "KOS role") }{ choice("staff-kos-role", &kos_role, &kos_roles, set(&kos_role)) }</label>
                <label>{ l.t("工号", "Employee no.") }<input name="staff-no" maxlength="32" value={(*no).clone()} oninput={bind(&no)} /></label>
                <label>{ l.t("入职日期", "Joined on") }<input name="staff-joined" type="date" required=true value={(*joined).clone()} oninput={bind(&joined)} /></label>
                <div>{ failure_line(&add.error) }<button type="submit" disabled={add.busy}>{ l.t("添加", "Add") }</button></div>
            </form>
        </details>
    }
}
