//! The `me` entry's pages, under `/b/{brand}/me/…`: what a member comes
//! back for (points and inbox, tasks, samples, rewards and redemptions,
//! account and data rights). Referral pages join here. Every page needs a session: a
//! signed-out visitor goes to the brand's home (discover) to log in.

pub mod account;
pub mod checkout;
pub mod inbox;
pub mod perks;
pub mod points;
pub mod redemptions;
pub mod rewards;
pub mod samples;
pub mod tasks;

use crate::components::shell::{Shell, use_ctx};
use crate::router::{Entry, Link, Pages, Redirect, Route};
use yew::prelude::*;

/// The entry's routes: points (with the inbox and account), tasks, samples.
pub struct Me;

impl Pages for Me {
    const ENTRY: Entry = Entry::Me;

    fn page(route: Route) -> Html {
        let (brand, page) = match route {
            Route::Points { brand } => (brand, html! { <points::Points /> }),
            Route::Tasks { brand } => (brand, html! { <tasks::MyTasks /> }),
            Route::Samples { brand } => (brand, html! { <samples::Samples /> }),
            Route::Checkout { brand } => (brand, html! { <checkout::Checkout /> }),
            Route::Rewards { brand } => (brand, html! { <rewards::Rewards /> }),
            Route::Redemptions { brand } => (brand, html! { <redemptions::MyRedemptions /> }),
            _ => return html! {},
        };
        html! { <Shell {brand}><Member>{ page }</Member></Shell> }
    }
}

#[derive(Properties, PartialEq)]
struct MemberProps {
    children: Html,
}

/// The tabs between the entry's pages, and the page itself once someone
/// is signed in (signed out, log-out here or on another device: log in
/// at home).
#[component]
fn Member(props: &MemberProps) -> Html {
    let ctx = use_ctx();
    let l = ctx.lang;
    let brand = || ctx.brand.clone();
    if ctx.signed_out() {
        return html! { <Redirect to={Route::Home { brand: brand() }} /> };
    }
    html! {
        <>
            <nav class="tabs" aria-label={l.t("我的", "Me")}>
                <Link to={Route::Points { brand: brand() }}>{ l.t("积分与消息", "Points & inbox") }</Link>
                <Link to={Route::Tasks { brand: brand() }}>{ l.t("任务", "Tasks") }</Link>
                <Link to={Route::Samples { brand: brand() }}>{ l.t("样品", "Samples") }</Link>
                <Link to={Route::Checkout { brand: brand() }}>{ l.t("积分抵现", "Pay with points") }</Link>
                <Link to={Route::Rewards { brand: brand() }}>{ l.t("兑换", "Rewards") }</Link>
            </nav>
            if ctx.member().is_some() { { props.children.clone() } }
        </>
    }
}
