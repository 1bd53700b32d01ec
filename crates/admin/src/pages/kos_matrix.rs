//! The 1 + X + N account matrix (issue 17: content): owner level × platform
//! (public, then private) with accounts, followers and the owners that
//! lack one, the gaps named above the grid ("12 家门店没有小红书账号"),
//! narrowed to a region; below it the accounts themselves, filtered, with
//! adding one, recording followers and handing one over (operating roles).

use crate::api_kos_content as api;
use crate::app::use_ctx;
use crate::components::{choice, failure_line};
use ::api::{
    AccountMatrixView, FollowerForm, HandOverForm, KosAccountForm, KosAccountView, MatrixRow,
};
use rules::Perm;
use rules::words::{AccountOwnerLevel, KosPlatform};
use ui::{Lang, use_action, use_load, view_load};
use yew::prelude::*;

pub fn platform_name(l: Lang, p: KosPlatform) -> &'static str {
    match p {
        KosPlatform::Douyin => l.t("抖音", "Douyin"),
        KosPlatform::Xiaohongshu => l.t("小红书", "Xiaohongshu"),
        KosPlatform::WechatChannels => l.t("视频号", "WeChat Channels"),
        KosPlatform::Weibo => l.t("微博", "Weibo"),
        KosPlatform::Bilibili => l.t("哔哩哔哩", "Bilibili"),
        KosPlatform::Kuaishou => l.t("快手", "Kuaishou"),
        KosPlatform::PersonalWechat => l.t("个人微信", "Personal WeChat"),
        KosPlatform::Wecom => l.t("企业微信", "WeCom"),
        KosPlatform::OfficialAccount => l.t("公众号", "Official account"),
        KosPlatform::MiniProgram => l.t("小程序", "Mini-program"),
    }
}

pub fn level_name(l: Lang, v: AccountOwnerLevel) -> &'static str {
    match v {
        AccountOwnerLevel::Brand => l.t("品牌", "Brand"),
        AccountOwnerLevel::Region => l.t("区域", "Regions"),
        AccountOwnerLevel::Store => l.t("门店", "Stores"),
        AccountOwnerLevel::Staff => l.t("员工", "Staff"),
    }
}

/// "12 家门店没有小红书账号" / "12 stores have no Xiaohongshu account".
fn gap_text(l: Lang, level: AccountOwnerLevel, p: KosPlatform, n: i64) -> String {
    let (zh_unit, en_unit) = match level {
        AccountOwnerLevel::Brand => ("", "the brand"),
        AccountOwnerLevel::Region => (" 个区域", " regions"),
        AccountOwnerLevel::Store => (" 家门店", " stores"),
        AccountOwnerLevel::Staff => (" 名员工", " staff"),
    };
    let name = platform_name(l, p);
    match (l == Lang::Zh, level) {
        (true, AccountOwnerLevel::Brand) => format!("品牌没有{name}账号"),
        (true, _) => format!("{n}{zh_unit}没有{name}账号"),
        (false, AccountOwnerLevel::Brand) => format!("The brand has no {name} account"),
        (false, _) => format!("{n}{en_unit} have no {name} account"),
    }
}

#[component]
pub fn KosMatrix() -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let region = use_state(String::new);
    let client = ctx.client();
    let matrix = use_load((*region).clone(), move |r| api::matrix(client, r));
    let pick_region = {
        let region = region.clone();
        Callback::from(move |v: String| region.set(v))
    };
    let regions: Vec<(String, String)> = matrix
        .ready()
        .map(|m| {
            m.regions
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    html! {
        <>
            <h1>{ l.t("KOS 账号矩阵", "KOS account matrix") }</h1>
            <p class="muted">{ l.t("1 个品牌号 + X 个区域/门店号 + N 个员工号，按平台统计；缺口为没有该平台账号的门店、员工或区域。",
                "1 brand + X region and store + N staff accounts per platform; a gap is a store, staff member or region without an account there.") }</p>
            <div class="toolbar">
                <label>{ l.t("区域 ", "Region ") }
                    <select name="region" onchange={pick_region.reform(|e: Event| ui::form::value_of(&e))}>
                        <option value="" selected={region.is_empty()}>{ l.t("全部区域", "All regions") }</option>
                        { for regions.iter().map(|(id, name)| html! { <option value={id.clone()} selected={*region == *id}>{ name }</option> }) }
                    </select>
                </label>
            </div>
            { view_load(&matrix, l, |m| grid(l, m)) }
            <Accounts region={(*region).clone()} on_change={matrix.reload.clone()} />
        </>
    }
}

fn grid(l: Lang, m: &AccountMatrixView) -> Html {
    // The largest gaps first, public platforms before private.
    let mut gaps: Vec<(AccountOwnerLevel, KosPlatform, i64)> = m
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(move |c| (r.level, c.platform, c.gap)))
        .filter(|(_, _, gap)| *gap > 0)
        .collect();
    // Public platforms first, then the X of "1 + X + N" (stores, regions),
    // the brand, the staff; the platforms in their usual order.
    let rank = |lv: &AccountOwnerLevel| match lv {
        AccountOwnerLevel::Store => 0,
        AccountOwnerLevel::Region => 1,
        AccountOwnerLevel::Brand => 2,
        AccountOwnerLevel::Staff => 3,
    };
    gaps.sort_by_key(|(lv, p, _)| (p.is_private(), rank(lv), *p));
    let head = KosPlatform::ALL.iter().map(|p| {
        html! { <th class={classes!("num", p.is_private().then_some("private"))}>{ platform_name(l, *p) }</th> }
    });
    html! {
        <>
            if !gaps.is_empty() {
                <ul class="gaps" data-testid="gaps">
                    { for gaps.iter().take(12).map(|(lv, p, g)| html! {
                        <li class="pill warn" data-testid="gap" data-level={lv.as_str()} data-platform={p.as_str()}>{ gap_text(l, *lv, *p, *g) }</li>
                    }) }
                </ul>
            }
            <div class="scroll">
                <table data-testid="matrix" class="matrix">
                    <thead>
                        <tr><th rowspan="2">{ l.t("归属", "Owner") }</th>
                            <th colspan="6">{ l.t("公域", "Public") }</th><th colspan="4">{ l.t("私域", "Private") }</th></tr>
                        <tr>{ for head }</tr>
                    </thead>
                    <tbody>{ for m.rows.iter().map(|r| row(l, r)) }</tbody>
                </table>
            </div>
        </>
    }
}

fn row(l: Lang, r: &MatrixRow) -> Html {
    html! {
        <tr data-level={r.level.as_str()}>
            <th>{ level_name(l, r.level) }<br /><span class="muted">{ l.number(r.owners) }</span></th>
            { for r.cells.iter().map(|c| html! {
                <td class={classes!("num", (c.gap > 0).then_some("gap"))} data-platform={c.platform.as_str()}
                    title={gap_text(l, r.level, c.platform, c.gap)}>
                    <strong>{ l.number(c.accounts) }</strong>
                    if c.followers > 0 { <br /><span class="muted">{ l.number(c.followers) }{ l.t(" 粉丝", " fans") }</span> }
                    if c.gap > 0 { <br /><span class="gap-count">{ l.t("缺 ", "gap ") }{ l.number(c.gap) }</span> }
                </td>
            }) }
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct AccountsProps {
    region: String,
    on_change: Callback<()>,
}

#[component]
fn Accounts(props: &AccountsProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let level = use_state(String::new);
    let platform = use_state(String::new);
    let list = use_load(
        ((*level).clone(), (*platform).clone(), props.region.clone()),
        move |(lv, p, r)| api::accounts(client, lv, p, r),
    );
    let changed = {
        let (reload, on_change) = (list.reload.clone(), props.on_change.clone());
        Callback::from(move |()| {
            reload.emit(());
            on_change.emit(());
        })
    };
    let mut levels = vec![("", l.t("全部归属", "All owners"))];
    levels.extend(
        AccountOwnerLevel::ALL
            .iter()
            .map(|v| (v.as_str(), level_name(l, *v))),
    );
    let mut platforms = vec![("", l.t("全部平台", "All platforms"))];
    platforms.extend(
        KosPlatform::ALL
            .iter()
            .map(|p| (p.as_str(), platform_name(l, *p))),
    );
    let set = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };
    html! {
        <section>
            <h2>{ l.t("账号", "Accounts") }</h2>
            <div class="toolbar">
                { choice("owner_level", &level, &levels, set(&level)) }
                { choice("platform", &platform, &platforms, set(&platform)) }
            </div>
            if ctx.can(Perm::Operate) {
                <details class="card"><summary>{ l.t("添加账号", "Add an account") }</summary>
                    <AddAccount on_done={changed.clone()} /></details>
            }
            { view_load(&list, l, |v| if v.is_empty() {
                html! { <p class="muted">{ l.t("没有符合条件的账号。", "No accounts match.") }</p> }
            } else { html! {
                <table data-testid="accounts">
                    <thead><tr>
                        <th>{ l.t("账号", "Handle") }</th><th>{ l.t("平台", "Platform") }</th>
                        <th>{ l.t("归属", "Owner") }</th><th class="num">{ l.t("粉丝", "Followers") }</th>
                        <th>{ l.t("状态", "Status") }</th><th>{ l.t("操作", "Actions") }</th>
                    </tr></thead>
                    <tbody>{ for v.iter().map(|a| html! { <AccountRow account={a.clone()} on_done={changed.clone()} /> }) }</tbody>
                </table>
            } }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DoneProps {
    on_done: Callback<()>,
}

#[component]
fn AddAccount(props: &DoneProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let (level, owner, platform, handle, url) = (
        use_state(|| "store".to_string()),
        use_state(String::new),
        use_state(|| "xiaohongshu".to_string()),
        use_state(String::new),
        use_state(String::new),
    );
    let add = {
        let (on_done, handle) = (props.on_done.clone(), handle.clone());
        use_action(
            move |body: KosAccountForm| api::create_account(client, body),
            Callback::from(move |_| {
                handle.set(String::new());
                on_done.emit(());
            }),
        )
    };
    let submit = {
        let run = add.run.clone();
        let (level, owner, platform, handle, url) = (
            level.clone(),
            owner.clone(),
            platform.clone(),
            handle.clone(),
            url.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(KosAccountForm {
                owner_level: (*level).clone(),
                owner_id: (*owner).clone(),
                platform: (*platform).clone(),
                handle: (*handle).clone(),
                profile_url: (*url).clone(),
                status: None,
                followers: None,
            });
        })
    };
    let levels: Vec<(&str, &str)> = AccountOwnerLevel::ALL
        .iter()
        .map(|v| (v.as_str(), level_name(l, *v)))
        .collect();
    let platforms: Vec<(&str, &str)> = KosPlatform::ALL
        .iter()
        .map(|p| (p.as_str(), platform_name(l, *p)))
        .collect();
    let set = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };
    html! {
        <form onsubmit={submit} data-testid="add-account">
            <label>{ l.t("归属", "Owner level") }{ choice("owner_level", &level, &levels, set(&level)) }</label>
            if *level != "brand" {
                <label>{ l.t("区域/门店/员工编号", "Region, store or staff id") }
                    <input name="owner_id" value={(*owner).clone()} oninput={super::bind(&owner)} /></label>
            }
            <label>{ l.t("平台", "Platform") }{ choice("platform", &platform, &platforms, set(&platform)) }</label>
            <label>{ l.t("账号名", "Handle") }<input name="handle" value={(*handle).clone()} oninput={super::bind(&handle)} /></label>
            <label>{ l.t("主页链接", "Profile link") }<input name="profile_url" type="url" value={(*url).clone()} oninput={super::bind(&url)} /></label>
            <p class="muted">{ l.t("只登记账号与归属，不保存任何平台密码。", "Only the handle and owner are kept; never a platform password.") }</p>
            { failure_line(&add.error) }
            <button type="submit" disabled={add.busy}>{ l.t("添加", "Add") }</button>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    account: KosAccountView,
    on_done: Callback<()>,
}

#[component]
fn AccountRow(props: &RowProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let a = &props.account;
    let status = match a.status.as_str() {
        "active" => l.t("运营中", "Active"),
        "paused" => l.t("暂停", "Paused"),
        _ => l.t("已关闭", "Closed"),
    };
    html! {
        <tr data-account={a.handle.clone()}>
            <td><strong>{ &a.handle }</strong>
                if !a.profile_url.is_empty() { <br /><a href={a.profile_url.clone()} target="_blank" rel="noopener noreferrer">{ l.t("主页", "Profile") }</a> }</td>
            <td>{ platform_name(l, a.platform) }{ if a.private { l.t("（私域）", " (private)") } else { "" } }</td>
            <td>{ level_name(l, a.owner_level) }{ " · " }{ &a.owner_name }</td>
            <td class="num">{ l.number(a.followers) }
                if let Some(d) = &a.followers_on { <br /><span class="muted">{ l.day(d) }</span> }</td>
            <td><span class={classes!("pill", a.status.as_str())}>{ status }</span></td>
            <td>if ctx.can(Perm::Operate) { <AccountActions id={a.id.clone()} on_done={props.on_done.clone()} /> }</td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct ActionsProps {
    id: String,
    on_done: Callback<()>,
}

/// Record followers; hand over to a colleague (staff id) or a store.
#[component]
fn AccountActions(props: &ActionsProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let (count, to_kind, to_id, reason) = (
        use_state(String::new),
        use_state(|| "store".to_string()),
        use_state(String::new),
        use_state(String::new),
    );
    let id = props.id.clone();
    let record = {
        let id = id.clone();
        use_action(
            move |body: FollowerForm| api::record_followers(client, id.clone(), body),
            props.on_done.reform(|_| ()),
        )
    };
    let hand = use_action(
        move |body: HandOverForm| api::hand_over(client, id.clone(), body),
        props.on_done.reform(|_| ()),
    );
    let submit_count = {
        let (run, count) = (record.run.clone(), count.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Ok(n) = count.trim().parse::<i64>() {
                run.emit(FollowerForm {
                    on_date: None,
                    followers: n,
                });
            }
        })
    };
    let submit_hand = {
        let run = hand.run.clone();
        let (to_kind, to_id, reason) = (to_kind.clone(), to_id.clone(), reason.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let id = Some((*to_id).clone());
            let staff = *to_kind == "staff";
            run.emit(HandOverForm {
                to_staff_id: if staff { id.clone() } else { None },
                to_store_id: if staff { None } else { id },
                on_date: None,
                reason: (*reason).clone(),
            });
        })
    };
    let kinds = [
        ("store", l.t("门店", "Store")),
        ("staff", l.t("同事", "Colleague")),
    ];
    let set = {
        let s = to_kind.clone();
        Callback::from(move |v: String| s.set(v))
    };
    html! {
        <>
            <History id={props.id.clone()} />
            <details><summary>{ l.t("记录粉丝数", "Record followers") }</summary>
                <form onsubmit={submit_count}>
                    <input name="followers" inputmode="numeric" value={(*count).clone()} oninput={super::bind(&count)} />
                    { failure_line(&record.error) }
                    <button type="submit" disabled={record.busy}>{ l.t("保存", "Save") }</button>
                </form>
            </details>
            <details><summary>{ l.t("交接", "Hand over") }</summary>
                <form onsubmit={submit_hand}>
                    { choice("to_kind", &to_kind, &kinds, set) }
                    <input name="to_id" placeholder={l.t("门店或同事编号", "Store or colleague id")} value={(*to_id).clone()} oninput={super::bind(&to_id)} />
                    <input name="reason" placeholder={l.t("原因", "Reason")} value={(*reason).clone()} oninput={super::bind(&reason)} />
                    { failure_line(&hand.error) }
                    <button type="submit" disabled={hand.busy}>{ l.t("交接", "Hand over") }</button>
                </form>
            </details>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct HistoryProps {
    id: String,
}

/// Follower counts and hand-overs, loaded when opened.
#[component]
fn History(props: &HistoryProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let client = ctx.client();
    let open = use_state(|| false);
    let detail = use_load((*open, props.id.clone()), move |(open, id)| async move {
        if open {
            api::account(client, id).await.map(Some)
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
            <button class="link" onclick={toggle}>{ l.t("历史", "History") }</button>
            if *open {
                { view_load(&detail, l, |d| match d { None => html! {}, Some(d) => html! {
                    <div data-testid="account-history">
                        <p class="muted">{ for d.followers.iter().map(|f| html! { <>{ l.day(&f.on_date) }{ " " }{ l.number(f.followers) }{ "；" }</> }) }</p>
                        <ul>{ for d.handovers.iter().map(|h| html! {
                            <li>{ l.day(&h.on_date) }{ " " }{ level_name(l, h.from_level) }{ " → " }{ level_name(l, h.to_level) }
                                { " " }{ &h.to_id }if !h.reason.is_empty() { { " · " }{ &h.reason } }</li>
                        }) }</ul>
                    </div>
                } }) }
            }
        </div>
    }
}
