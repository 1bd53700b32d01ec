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
    keep_invite();
    yew::Renderer::<app::App>::new().render();
}

fn boot_shell() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("boot")
}

/// An invitation link (`/b/{brand}/apply?i={code}`) names the channel the
/// applicant came by; the code is kept until the application is sent,
/// across signing up or logging in first.
fn keep_invite() {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let (Ok(path), Ok(search)) = (loc.pathname(), loc.search()) else {
        return;
    };
    let code = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("i="))
        .filter(|c| !c.is_empty() && c.len() <= 32 && c.bytes().all(|b| b.is_ascii_alphanumeric()));
    if let (Some(app::Route::Apply { brand }), Some(code)) = (app::Route::parse(&path), code) {
        ui::services::remember(pages::apply::INVITE_KEY, &format!("{brand}/{code}"));
    }
}
