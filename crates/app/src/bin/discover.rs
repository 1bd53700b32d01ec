//! The `discover` entry (root index.html, served under `/b/{brand}/…`):
//! the brand's theme and campaigns, a campaign with note submission,
//! applying, invitation links, sign-up and log-in.

fn main() {
    app::discover::keep_invite();
    app::start::<app::discover::Discover>();
}
