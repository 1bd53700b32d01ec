//! One module per route.

pub mod applications;
pub mod audit;
pub mod campaign;
pub mod login;
pub mod metrics;
pub mod recruit;
pub mod submissions;
pub mod tasks;
pub mod team;
pub mod themes;

pub use ui::form::{bind, checked_of, error_line};

/// A button handler that approves, or rejects with the typed `reason`,
/// the item at `path` (`…/decision`), then reloads the list or shows the
/// server's error. `confirmed`: the reviewer checked the ad disclosure.
pub fn decide(
    client: ui::Client,
    path: String,
    approve: bool,
    confirmed: bool,
    reason: yew::UseStateHandle<String>,
    error: yew::UseStateHandle<Option<String>>,
    on_done: yew::Callback<()>,
) -> yew::Callback<yew::MouseEvent> {
    yew::Callback::from(move |_| {
        let body = api::Decision {
            approve,
            reason: (!approve).then(|| (*reason).clone()),
            disclosure_confirmed: confirmed,
        };
        let (path, error, on_done) = (path.clone(), error.clone(), on_done.clone());
        yew::platform::spawn_local(async move {
            match client.post::<_, serde::de::IgnoredAny>(&path, &body).await {
                Ok(_) => on_done.emit(()),
                Err(e) => error.set(Some(e.message)),
            }
        });
    })
}

/// The pending / approved / rejected switch above a review queue.
pub fn status_tabs(l: ui::Lang, status: &yew::UseStateHandle<String>) -> yew::Html {
    use yew::html;
    let tabs = ["pending", "approved", "rejected"].map(|s| {
        let st = status.clone();
        let class = if **status == s { "secondary active" } else { "secondary" };
        html! { <button class={class} onclick={move |_| st.set(s.to_string())}>{ l.status(s) }</button> }
    });
    html! { <div class="toolbar">{ for tabs }</div> }
}
