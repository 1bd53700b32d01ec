//! One module per route. Pages load through `ui::use_load` (drawn with
//! `ui::view_load`: loading, failed with a retry, ready) and write through
//! `ui::use_action`; every request is a function in `crate::api`.

pub mod account;
pub mod api_keys;
pub mod applications;
pub mod audit;
// issue 17: backoffice
pub mod campaign;
pub mod kos_backoffice;
pub mod kos_dashboard;
pub mod kos_funnel;
pub mod kos_leads;
pub mod kos_tags;
pub mod login;
pub mod member;
pub mod metrics;
pub mod points;
pub mod recruit;
pub mod redemptions;
pub mod rewards;
pub mod roster;
pub mod settings;
pub mod submissions;
pub mod tasks;
pub mod team;
pub mod themes;

pub use ui::form::{bind, checked_of};

/// Buttons that pick one of `options` (value, label) into `state` (put
/// them in a `.toolbar`).
pub fn tabs(state: &yew::UseStateHandle<String>, options: &[(&'static str, &str)]) -> yew::Html {
    use yew::html;
    let tabs = options.iter().map(|(v, label)| {
        let (st, v) = (state.clone(), *v);
        let class = if **state == v { "secondary active" } else { "secondary" };
        html! { <button class={class} aria-pressed={(**state == v).to_string()} onclick={move |_| st.set(v.to_string())}>{ *label }</button> }
    });
    html! { <>{ for tabs }</> }
}
