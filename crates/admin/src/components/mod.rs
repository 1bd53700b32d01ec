//! Pieces of the admin's pages: the navigation, the campaign page's
//! panels, the forms, and the small helpers they share.

pub mod campaign_copy;
pub mod campaign_form;
pub mod chart;
pub mod form;
pub mod group_links;
pub mod nav;
pub mod reward_form;
pub mod rule_card;
pub mod samples_panel;
pub mod selection_panel;
pub mod settlement_panel;
pub mod submission_table;

use ui::ApiFailure;
use yew::prelude::*;

/// A write's failure under the form or row, announced to screen readers.
pub fn failure_line(error: &Option<ApiFailure>) -> Html {
    match error {
        Some(e) => html! { <p class="error" role="alert">{ e.message.clone() }</p> },
        None => html! {},
    }
}

/// A `<select>` showing `current`, one option per `(value, label)`.
pub fn choice(
    name: &'static str,
    current: &str,
    options: &[(&'static str, &str)],
    on_pick: Callback<String>,
) -> Html {
    let onchange = on_pick.reform(|e: Event| ui::form::value_of(&e));
    html! {
        <select {name} {onchange}>
            { for options.iter().map(|(v, label)| html! { <option value={*v} selected={current == *v}>{ *label }</option> }) }
        </select>
    }
}

/// Sets a text state (for [`choice`] on a `use_state`).
pub fn set(state: &UseStateHandle<String>) -> Callback<String> {
    let s = state.clone();
    Callback::from(move |v: String| s.set(v))
}

/// Today in the browser's zone, `YYYY-MM-DD`.
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    rules::CivilDate::from_unix(
        (d.get_time() / 1000.0) as i64,
        -(d.get_timezone_offset() as i32),
    )
    .to_string()
}

/// A handler that sends `run` what `f` makes of the event, if anything
/// (a picked file, a known role).
pub fn emit_some<E: 'static, I: 'static>(
    run: &Callback<I>,
    f: impl Fn(E) -> Option<I> + 'static,
) -> Callback<E> {
    let run = run.clone();
    Callback::from(move |e: E| {
        if let Some(i) = f(e) {
            run.emit(i);
        }
    })
}

/// The file an `<input type=file>` change picked.
pub fn picked_file(e: &Event) -> Option<web_sys::File> {
    let input: Option<web_sys::HtmlInputElement> = e.target_dyn_into();
    input.and_then(|i| i.files()).and_then(|f| f.get(0))
}
