//! The `staff` entry (web/staff/index.html, served under
//! `/b/{brand}/staff/…`): the brand's sales staff and their managers on
//! their phones (issue 17, the KOS program).

fn main() {
    app::start::<app::staff::Staff>();
}
