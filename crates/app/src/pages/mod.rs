//! One module per route.

pub mod apply;
pub mod campaign;
pub mod home;
pub mod points;

use yew::prelude::*;

/// The value of an input or textarea that fired `e`.
pub fn value_of(e: &Event) -> String {
    use wasm_bindgen::JsCast;
    let target = e.target();
    if let Some(i) = target.clone().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        return i.value();
    }
    if let Some(t) = target.clone().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
        return t.value();
    }
    target.and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default()
}

pub fn checked_of(e: &Event) -> bool {
    use wasm_bindgen::JsCast;
    e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| i.checked())
}

/// A form-level error line, announced to screen readers.
pub fn error_line(error: &Option<String>) -> Html {
    match error {
        Some(e) => html! { <p class="error" role="alert">{ e }</p> },
        None => html! {},
    }
}
