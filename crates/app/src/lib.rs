//! The consumer app (Yew, wasm): apply as a KOC, join this month's
//! campaigns, submit note links, watch points and tier. Phone first.
//!
//! One library, three entries (`src/bin/discover.rs`, `src/bin/me.rs`,
//! `src/bin/staff.rs`), each its own Trunk build and first-load budget:
//! [`discover`] holds what a first-time visitor from a shared link needs
//! (theme, campaigns, a campaign with note submission, applying, sign-up
//! and log-in), [`me`] what a member comes back for (points and inbox,
//! tasks, samples, account and data rights), [`staff`] the brand's sales
//! staff and their managers (the KOS program; its API calls in
//! [`api_staff`] and one `api_staff_<area>` file per area). Shared: the [`router`], the brand [`components::shell`],
//! the typed [`api`] functions and small components. Every page loads
//! through `ui::use_load` and draws with `ui::view_load`, so a failed
//! request shows its message and a retry, never "加载中…" for good.

pub mod api;
pub mod api_staff;
pub mod api_staff_leads;
// issue 17: backoffice
pub mod api_staff_backoffice;
pub mod components;
pub mod discover;
pub mod me;
pub mod router;
pub mod staff;

pub use ui::form::{bind, checked_of, error_line, value_of};

/// Starts an entry: removes the boot shell index.html paints while the
/// wasm downloads (a first paint on a slow phone link, long before the app
/// can run) and renders the entry's app.
pub fn start<P: router::Pages>() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    yew::Renderer::<router::App<P>>::new().render();
}

/// A failed write's message, for [`error_line`].
pub fn message(e: &Option<ui::ApiFailure>) -> Option<String> {
    e.as_ref().map(|e| e.message.clone())
}
