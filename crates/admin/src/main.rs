//! The admin app (Yew, wasm) for brand operators: review applications,
//! plan themes and campaigns, review submissions, record metrics, settle.

mod app;
mod pages;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
