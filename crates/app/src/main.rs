//! The consumer app (Yew, wasm): apply as a KOC, join this month's
//! campaigns, submit note links, watch points and tier. Phone first.

mod app;
mod components;
mod pages;

fn main() {
    // index.html paints a header and "加载中…" while the wasm downloads (a
    // first paint on a slow phone link, long before the app can run); the
    // app replaces it.
    if let Some(boot) = boot_shell() {
        boot.remove();
    }
    yew::Renderer::<app::App>::new().render();
}

fn boot_shell() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("boot")
}
