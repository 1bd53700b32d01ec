//! The KOS organisation (issue 17, org): the brand's regions, its stores
//! (filtered by region and searched, pages of 50, with their working
//! staff) and a store import from a CSV file as Excel saves it (every
//! refused row listed with its line); the KOS roles' competency profiles.

use super::bind;
use super::kos_staff::{import_report, kos_role_label, region_select};
use crate::api_kos_org as api;
use crate::app::{Route, use_ctx};
use crate::components::{choice, emit_some, failure_line, picked_file, set};
use ::api::{KosCompetencyForm, KosImportResult, KosRegionForm, KosStoreCreate};
use rules::{KosRole, Perm};
use std::rc::Rc;
use ui::{use_action, use_load, view_load};
use yew::prelude::*;
use yew_router::prelude::*;

const PAGE: i64 = 50;

#[component]
pub fn KosOrg() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let c = ctx.client();
    let regions = use_load((), move |()| api::regions(c));
    let region = use_state(String::new);
    let search = use_state(String::new);
    let query = use_state(Vec::<(&'static str, String)>::new);
    let offset = use_state(|| 0i64);
    let stores = use_load(((*query).clone(), *offset), move |(q, o)| {
        api::stores(c, q, PAGE, o)
    });
    let apply = {
        let (region, search, query, offset) = (
            region.clone(),
            search.clone(),
            query.clone(),
            offset.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let q = [("region_id", (*region).clone()), ("q", (*search).clone())]
                .into_iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .collect();
            offset.set(0);
            query.set(q);
        })
    };
    let import = {
        let reload = stores.reload.clone();
        let reload_regions = regions.reload.clone();
        use_action(
            move |f: web_sys::File| api::import_stores(c, f),
            Callback::from(move |_: Rc<KosImportResult>| {
                reload.emit(());
                reload_regions.emit(());
            }),
        )
    };
    let operate = ctx.can(Perm::Operate);
    let at = *offset;
    let go = |to: i64| {
        let offset = offset.clone();
        Callback::from(move |_: MouseEvent| offset.set(to.max(0)))
    };
    let region_list = regions.ready().cloned().unwrap_or_default();
    let table = view_load(&stores, l, |p| {
        if p.rows.is_empty() {
            return html! { <p class="muted">{ l.t("还没有门店。", "No stores yet.") }</p> };
        }
        let last = (at + PAGE).min(p.total);
        html! {
            <>
                <p class="muted" data-testid="stores-total">{ format!("{}–{} / {}", at + 1, last, p.total) }</p>
                <table class="kos-stores">
                    <thead><tr>
                        <th>{ l.t("门店编号", "Code") }</th><th>{ l.t("门店", "Store") }</th>
                        <th>{ l.t("区域", "Region") }</th><th>{ l.t("城市", "City") }</th>
                        <th>{ l.t("地址", "Address") }</th><th class="num">{ l.t("在职员工", "Staff") }</th>
                        <th>{ l.t("状态", "Status") }</th>
                    </tr></thead>
                    <tbody>{ for p.rows.iter().map(|s| html! {
                        <tr data-store={s.code.clone()}>
                            <td><code>{ &s.code }</code></td>
                            <td>{ &s.name }</td><td>{ &s.region_name }</td><td>{ &s.city }</td><td>{ &s.address }</td>
                            <td class="num">{ s.staff }</td>
                            <td>{ if s.status == "open" { html!{ <span class="pill ok">{ l.t("营业", "Open") }</span> } } else { html!{ <span class="pill">{ l.t("关闭", "Closed") }</span> } } }</td>
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
    html! {
        <>
            <h1>{ l.t("组织架构", "Organisation") }</h1>
            <p class="muted">{ l.t("品牌 → 区域 → 门店 → 员工。员工名单见", "Brand → regions → stores → staff. The staff list is under ") }
                <Link<Route> to={Route::KosStaff}>{ l.t("员工", "Staff") }</Link<Route>>{ "." }</p>
            <section class="card">
                <h2>{ l.t("区域", "Regions") }</h2>
                <p class="chips" data-testid="regions">{ for region_list.iter().map(|r| html! { <span class="pill">{ &r.name }</span> }) }</p>
                if operate { <NewRegion on_done={regions.reload.clone()} /> }
            </section>
            <section class="card">
                <h2>{ l.t("门店", "Stores") }</h2>
                <form class="toolbar" onsubmit={apply}>
                    <input name="q" type="search" placeholder={l.t("编号、名称或城市", "Code, name or city")} value={(*search).clone()} oninput={bind(&search)} />
                    { region_select(l, &region, &region_list) }
                    <button type="submit">{ l.t("筛选", "Filter") }</button>
                </form>
                if operate {
                    <label>{ l.t("导入门店（CSV：门店编号、门店名称、区域、城市、地址；Excel 另存的 UTF-8 或 GBK 均可，按编号更新）", "Import stores (CSV: code, name, region, city, address; UTF-8 or GBK as Excel saves it; updated by code)") }
                        <input type="file" name="stores-file" accept=".csv,text/csv" onchange={emit_some(&import.run, |e: Event| picked_file(&e))} />
                    </label>
                    { failure_line(&import.error) }
                    if let Some(r) = &import.done { { import_report(l, r) } }
                }
                { table }
                if operate { <NewStore regions={region_list.clone()} on_done={stores.reload.clone()} /> }
            </section>
            <Competencies />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct DoneProps {
    on_done: Callback<()>,
}

#[component]
fn NewRegion(props: &DoneProps) -> Html {
    let ctx = use_ctx();
    let (l, c) = (ctx.lang, ctx.client());
    let name = use_state(String::new);
    let add = {
        let (done, name) = (props.on_done.clone(), name.clone());
        use_action(
            move |body: KosRegionForm| api::create_region(c, body),
            Callback::from(move |_| {
                name.set(String::new());
                done.emit(());
            }),
        )
    };
    let submit = {
        let (name, run) = (name.clone(), add.run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(KosRegionForm {
                name: (*name).clone(),
            });
        })
    };
    html! {
        <form class="toolbar" onsubmit={submit}>
            <input name="region-name" required=true maxlength="40" placeholder={l.t("新区域名称", "New region")} value={(*name).clone()} oninput={bind(&name)} />
            <button type="submit" class="secondary" disabled={add.busy}>{ l.t("添加区域", "Add region") }</button>
            { failure_line(&add.error) }
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct NewStoreProps {
    regions: Vec<::api::KosRegionView>,
    on_done: Callback<()>,
}

#[component]
fn NewStore(props: &NewStoreProps) -> Html {
    let ctx = use_ctx();
    let (l, c) = (ctx.lang, ctx.client());
    let code = use_state(String::new);
    let name = use_state(String::new);
    let region = use_state(String::new);
    let city = use_state(String::new);
    let address = use_state(String::new);
    let add = use_action(
        move |body: KosStoreCreate| api::create_store(c, body),
        props.on_done.reform(|_| ()),
    );
    let first = props
        .regions
        .first()
        .map(|r| r.id.clone())
        .unwrap_or_default();
    let submit = {
        let (code, name, region, city, address, run) = (
            code.clone(),
            name.clone(),
            region.clone(),
            city.clone(),
            address.clone(),
            add.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let region_id = if region.is_empty() {
                first.clone()
            } else {
                (*region).clone()
            };
            run.emit(KosStoreCreate {
                region_id,
                code: (*code).clone(),
                name: (*name).clone(),
                city: (*city).clone(),
                address: (*address).clone(),
            });
        })
    };
    html! {
        <details>
            <summary>{ l.t("新建门店", "New store") }</summary>
            <form class="grid2" onsubmit={submit}>
                <label>{ l.t("门店编号", "Code") }<input name="code" required=true maxlength="20" value={(*code).clone()} oninput={bind(&code)} /></label>
                <label>{ l.t("门店名称", "Name") }<input name="name" required=true maxlength="60" value={(*name).clone()} oninput={bind(&name)} /></label>
                <label>{ l.t("区域", "Region") }
                    <select name="region" onchange={let r = region.clone(); Callback::from(move |e: Event| r.set(ui::form::value_of(&e)))}>
                        { for props.regions.iter().map(|r| html! { <option value={r.id.clone()} selected={*region == r.id}>{ &r.name }</option> }) }
                    </select>
                </label>
                <label>{ l.t("城市", "City") }<input name="city" maxlength="40" value={(*city).clone()} oninput={bind(&city)} /></label>
                <label>{ l.t("地址", "Address") }<input name="address" maxlength="200" value={(*address).clone()} oninput={bind(&address)} /></label>
                <div>{ failure_line(&add.error) }<button type="submit" disabled={add.busy}>{ l.t("创建门店", "Create store") }</button></div>
            </form>
        </details>
    }
}

/// The KOS roles' competency profiles, and adding a competency.
#[component]
fn Competencies() -> Html {
    let ctx = use_ctx();
    let (l, c) = (ctx.lang, ctx.client());
    let list = use_load((), move |()| api::competencies(c));
    let role = use_state(|| KosRole::TopicExpert.as_str().to_string());
    let name = use_state(String::new);
    let description = use_state(String::new);
    let add = {
        let (reload, name, description) = (list.reload.clone(), name.clone(), description.clone());
        use_action(
            move |body: KosCompetencyForm| api::add_competency(c, body),
            Callback::from(move |_| {
                name.set(String::new());
                description.set(String::new());
                reload.emit(());
            }),
        )
    };
    let submit = {
        let (role, name, description, run) = (
            role.clone(),
            name.clone(),
            description.clone(),
            add.run.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Ok(kos_role) = role.parse::<KosRole>() {
                run.emit(KosCompetencyForm {
                    kos_role,
                    name: (*name).clone(),
                    description: (*description).clone(),
                });
            }
        })
    };
    let roles: Vec<(&'static str, &str)> = KosRole::ALL
        .iter()
        .map(|r| (r.as_str(), kos_role_label(l, *r)))
        .collect();
    let body = view_load(&list, l, |all| {
        html! {
            <div class="grid2">{ for KosRole::ALL.iter().map(|r| html! {
                <div data-role={r.as_str()}>
                    <h3>{ kos_role_label(l, *r) }</h3>
                    <ol>{ for all.iter().filter(|c| c.kos_role == *r).map(|c| html! {
                        <li><strong>{ &c.name }</strong>{ " · " }<span class="muted">{ &c.description }</span></li>
                    }) }</ol>
                </div>
            }) }</div>
        }
    });
    html! {
        <section class="card">
            <h2>{ l.t("KOS 角色能力模型", "KOS role competencies") }</h2>
            <p class="muted">{ l.t("员工在手机上自评 1–5 分，店长、区域经理或运营评分。", "Staff rate themselves 1–5 on their phone; managers and operators rate them too.") }</p>
            { body }
            if ctx.can(Perm::Operate) {
                <form class="toolbar" onsubmit={submit}>
                    { choice("kos_role", &role, &roles, set(&role)) }
                    <input name="competency" required=true maxlength="30" placeholder={l.t("能力项", "Competency")} value={(*name).clone()} oninput={bind(&name)} />
                    <input name="competency-description" maxlength="200" placeholder={l.t("说明", "What it means")} value={(*description).clone()} oninput={bind(&description)} />
                    <button type="submit" class="secondary" disabled={add.busy}>{ l.t("添加", "Add") }</button>
                    { failure_line(&add.error) }
                </form>
            }
        </section>
    }
}
