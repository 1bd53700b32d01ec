//! Who may sign up for a campaign today, and if not, why: one answer for
//! the app's campaign card and the server's sign-up check.

use crate::date::CivilDate;
use crate::tier::Tier;

/// What keeps a member from signing up (or, for `SlotsFull`, what a
/// sign-up means now: a place on the waitlist).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// The member's KOC application is not approved (yet).
    NotApproved,
    TierTooLow,
    /// Before the sign-up window opens.
    NotOpen,
    /// After the window, or the campaign is no longer published.
    Closed,
    /// The selection is confirmed and every place is taken: a sign-up
    /// queues on the waitlist. Informs; does not refuse.
    SlotsFull,
}

impl Block {
    /// The stable error code the API and the apps use.
    pub fn code(self) -> &'static str {
        match self {
            Block::NotApproved => "application_not_approved",
            Block::TierTooLow => "tier_too_low",
            Block::NotOpen => "signup_not_open",
            Block::Closed => "signup_closed",
            Block::SlotsFull => "slots_full",
        }
    }

    /// Whether a sign-up is refused (every block but `SlotsFull`).
    pub fn refuses(self) -> bool {
        self != Block::SlotsFull
    }
}

/// The campaign as sign-up sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub published: bool,
    pub min_tier: Tier,
    /// `None`: open from publication.
    pub opens: Option<CivilDate>,
    pub closes: CivilDate,
    pub slots: i64,
    pub selected: i64,
    pub selection_confirmed: bool,
}

/// The member as sign-up sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applicant {
    pub approved: bool,
    pub tier: Tier,
}

/// The first thing that keeps `who` from signing up on `today` (in the
/// brand's zone), in the order a member can act on them.
pub fn block(w: &Window, who: Applicant, today: CivilDate) -> Option<Block> {
    if !w.published || today > w.closes {
        Some(Block::Closed)
    } else if w.opens.is_some_and(|o| today < o) {
        Some(Block::NotOpen)
    } else if !who.approved {
        Some(Block::NotApproved)
    } else if who.tier < w.min_tier {
        Some(Block::TierTooLow)
    } else if w.selection_confirmed && w.selected >= w.slots {
        Some(Block::SlotsFull)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> CivilDate {
        CivilDate::parse(s).unwrap()
    }

    fn window() -> Window {
        Window {
            published: true,
            min_tier: Tier::Junior,
            opens: Some(d("2026-12-01")),
            closes: d("2026-12-10"),
            slots: 2,
            selected: 0,
            selection_confirmed: false,
        }
    }

    const JUNIOR: Applicant = Applicant {
        approved: true,
        tier: Tier::Junior,
    };

    #[test]
    fn the_window_is_inclusive_at_both_ends() {
        let w = window();
        assert_eq!(block(&w, JUNIOR, d("2026-11-30")), Some(Block::NotOpen));
        assert_eq!(block(&w, JUNIOR, d("2026-12-01")), None);
        assert_eq!(block(&w, JUNIOR, d("2026-12-10")), None);
        assert_eq!(block(&w, JUNIOR, d("2026-12-11")), Some(Block::Closed));
        let open = Window { opens: None, ..w };
        assert_eq!(block(&open, JUNIOR, d("2020-01-01")), None);
    }

    #[test]
    fn tier_and_approval_are_checked_inside_the_window() {
        let w = window();
        let today = d("2026-12-05");
        let low = Applicant {
            approved: true,
            tier: Tier::Member,
        };
        assert_eq!(block(&w, low, today), Some(Block::TierTooLow));
        let senior = Applicant {
            approved: true,
            tier: Tier::Senior,
        };
        assert_eq!(block(&w, senior, today), None);
        let applicant = Applicant {
            approved: false,
            tier: Tier::Senior,
        };
        assert_eq!(block(&w, applicant, today), Some(Block::NotApproved));
        let draft = Window {
            published: false,
            ..w
        };
        assert_eq!(block(&draft, senior, today), Some(Block::Closed));
    }

    #[test]
    fn a_full_confirmed_selection_only_informs() {
        let today = d("2026-12-05");
        let full = Window {
            selection_confirmed: true,
            selected: 2,
            ..window()
        };
        let b = block(&full, JUNIOR, today).unwrap();
        assert_eq!(
            (b, b.refuses(), b.code()),
            (Block::SlotsFull, false, "slots_full")
        );
        let room = Window {
            selected: 1,
            ..full
        };
        assert_eq!(block(&room, JUNIOR, today), None);
        assert!(Block::TierTooLow.refuses());
    }
}
