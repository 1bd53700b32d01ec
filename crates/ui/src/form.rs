//! Small form helpers both apps use.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The value of the input, textarea or select that fired `e`.
pub fn value_of(e: &Event) -> String {
    let target = e.target();
    if let Some(i) = target
        .clone()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        return i.value();
    }
    if let Some(t) = target
        .clone()
        .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    {
        return t.value();
    }
    target
        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

/// Whether the checkbox that fired `e` is checked.
pub fn checked_of(e: &Event) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.checked())
}

/// A form-level error line, announced to screen readers.
pub fn error_line(error: &Option<String>) -> Html {
    match error {
        Some(e) => html! { <p class="error" role="alert">{ e }</p> },
        None => html! {},
    }
}

/// A text state updated on every keystroke (`oninput`), so a re-render
/// for any other reason never resets what is being typed.
pub fn bind(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let s = state.clone();
    Callback::from(move |e: InputEvent| s.set(value_of(&e)))
}
