//! The admin app (Yew, wasm) for brand operators: review applications,
//! plan themes and campaigns, review submissions, record metrics, settle.
//!
//! `api` holds every request, `pages` one module per route, `components`
//! the pieces pages are made of (navigation, panels, forms).

mod api;
mod api_kos_content;
mod api_kos_org;
mod app;
mod components;
mod pages;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
