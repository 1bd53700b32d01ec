//! The `me` entry (web/me/index.html, served under `/b/{brand}/me/…`):
//! points and inbox, tasks, samples, account and data rights.

fn main() {
    app::start::<app::me::Me>();
}
