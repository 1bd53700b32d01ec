//! The consumer app (Yew, wasm): apply as a KOC, join this month's
//! campaigns, submit note links, watch points and tier. Phone first.

mod app;
mod components;
mod pages;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
