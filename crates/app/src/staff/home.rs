//! The staff member's home: who is signed in, their role and KOS role,
//! their store and region (a regional manager has a region and no store).
//! Areas add their summary cards below (goals, leads, courses …).

use super::shell::use_staff;
use super::tabs;
use crate::api_staff::StaffMe;
use crate::router::{Link, Route};
use rules::{KosRole, StaffRole};
use ui::Lang;
use yew::prelude::*;

/// A staff role in the reader's language.
pub fn role_text(l: Lang, role: StaffRole) -> &'static str {
    match role {
        StaffRole::Staff => l.t("导购", "Sales staff"),
        StaffRole::StoreManager => l.t("店长", "Store manager"),
        StaffRole::RegionalManager => l.t("区域经理", "Regional manager"),
    }
}

/// A KOS role in the reader's language.
pub fn kos_role_text(l: Lang, role: KosRole) -> &'static str {
    match role {
        KosRole::ShoppingAssistant => l.t("购物助理", "Shopping assistant"),
        KosRole::TopicExpert => l.t("话题专家", "Topic expert"),
        KosRole::PersonalPartner => l.t("私人伙伴", "Personal partner"),
    }
}

#[component]
pub fn StaffHome() -> Html {
    let ctx = use_staff();
    let l = ctx.lang;
    let Some(me) = ctx.staff() else {
        return html! {};
    };
    html! {
        <>
            <section class="card accent who" data-testid="staff-who">
                <p class="eyebrow">{ role_text(l, me.role) }{ " · " }{ kos_role_text(l, me.kos_role) }</p>
                <h1 data-testid="staff-name">{ me.name.clone() }</h1>
                { place(l, me) }
            </section>
            <nav class="shortcuts" aria-label={l.t("全部功能", "Everything")}>
                { for tabs(&ctx.brand, l).into_iter()
                    .filter(|t| !matches!(t.to, Route::StaffHome { .. }))
                    .filter(|t| ctx.is_manager() || !t.managers_only)
                    .map(|t| html! {
                        <Link to={t.to}>
                            <span class="glyph" aria-hidden="true">{ t.glyph }</span>
                            <span>{ t.label }</span>
                        </Link>
                    }) }
            </nav>
        </>
    }
}

fn place(l: Lang, me: &StaffMe) -> Html {
    html! {
        <dl>
            if let Some(store) = &me.store_name {
                <dt>{ l.t("门店", "Store") }</dt>
                <dd data-testid="staff-store">{ store.clone() }</dd>
            }
            <dt>{ l.t("区域", "Region") }</dt>
            <dd data-testid="staff-region">{ me.region_name.clone() }</dd>
        </dl>
    }
}
