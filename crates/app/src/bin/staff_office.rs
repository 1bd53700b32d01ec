//! The staff app's second entry (web/staff-office/index.html, served under
//! `/b/{brand}/staff/office/…`): what staff open now and then rather than
//! between customers (goals, courses, competitions, their profile and
//! accounts, a manager's team and funnel), so the daily entry (leads, QR
//! codes, templates, notes) stays within its first-load budget.

fn main() {
    app::start::<app::staff::Office>();
}
