//! KOS leads (issue 17): the pure decisions about a lead's stages, its
//! contact's visibility, the tag filter's shape and the funnel's
//! arithmetic, shared by the server (which enforces them) and the staff
//! and admin apps (which offer only the moves that will be accepted).
//!
//! A lead moves forward only: contacted → added privately → joined brand
//! account → visited store → purchased → repurchased, skipping stages when
//! the staff member learns of a later one first; a purchase may repeat
//! (repurchased → repurchased, each one dated with its amount). Amounts are
//! integer fen and only purchases carry one.

use crate::words::LeadStage;

impl LeadStage {
    /// The stage's place in the funnel, from 0 (contacted) to 5.
    pub fn rank(self) -> usize {
        LeadStage::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or_default()
    }

    /// The stage one tap moves to: the next one, a repurchase after a
    /// purchase and after a repurchase.
    pub fn next(self) -> LeadStage {
        LeadStage::ALL
            .get(self.rank() + 1)
            .copied()
            .unwrap_or(LeadStage::Repurchased)
    }

    /// A purchase or repurchase: the stages that carry an amount in fen.
    pub fn is_purchase(self) -> bool {
        matches!(self, LeadStage::Purchased | LeadStage::Repurchased)
    }
}

/// Whether a lead at `from` may move to `to`: forward, or another
/// repurchase.
pub fn may_move(from: LeadStage, to: LeadStage) -> bool {
    to.rank() > from.rank() || (to == LeadStage::Repurchased && from.is_purchase())
}

/// Why a stage move is refused, as the server's stable codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveRefusal {
    /// Backwards, or to the stage it is at (`lead_stage_invalid`).
    NotForward,
    /// An amount on a stage that is not a purchase, or a negative or
    /// absurd one (`lead_amount_invalid`).
    Amount,
}

/// The largest amount one purchase may record: ¥10,000,000.00.
pub const MAX_AMOUNT_FEN: i64 = 1_000_000_000;

/// The platforms a lead may come from (the account matrix's platforms:
/// public, then private). Empty: met in the store.
pub const PLATFORMS: [&str; 10] = [
    "douyin",
    "xiaohongshu",
    "wechat_channels",
    "weibo",
    "bilibili",
    "kuaishou",
    "personal_wechat",
    "wecom",
    "official_account",
    "mini_program",
];

/// Checks a move and its amount together.
pub fn check_move(
    from: LeadStage,
    to: LeadStage,
    amount_fen: Option<i64>,
) -> Result<(), MoveRefusal> {
    if !may_move(from, to) {
        return Err(MoveRefusal::NotForward);
    }
    match amount_fen {
        Some(a) if !to.is_purchase() || !(0..=MAX_AMOUNT_FEN).contains(&a) => {
            Err(MoveRefusal::Amount)
        }
        _ => Ok(()),
    }
}

/// Who looks at a lead, for its contact (phone and handle): the staff
/// member who owns it sees it whole; their managers and the brand's
/// operators see it masked and may ask to see it whole, which is audited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The staff member the lead belongs to.
    Owner,
    /// A store or regional manager of the lead's store, or an operator.
    Overseer,
}

/// The contact as `viewer` sees it in lists and on the lead's page.
pub fn shown_contact(viewer: Viewer, contact: &str) -> String {
    match viewer {
        Viewer::Owner => contact.to_string(),
        Viewer::Overseer if contact.is_empty() => String::new(),
        Viewer::Overseer => crate::phone::mask_contact(contact),
    }
}

/// A conversion rate in per mille (‰), `None` when nothing reached the
/// earlier stage: the funnel's "how many went on", integer, so the apps
/// and the server show the same digits.
pub fn conversion_permille(reached_from: i64, reached_to: i64) -> Option<i64> {
    (reached_from > 0).then(|| reached_to.saturating_mul(1000) / reached_from)
}

/// `123‰` as `12.3%`.
pub fn permille_text(p: i64) -> String {
    format!("{}.{}%", p / 10, p % 10)
}

/// Groups a filter's tags by their tag group for "OR within a group, AND
/// across groups": `(group, tag)` pairs in, one list of tag ids per group
/// out (groups in first-seen order, duplicates dropped). Personal tags
/// come with the group `""` and form one group of their own.
pub fn tag_groups(selected: &[(String, String)]) -> Vec<Vec<String>> {
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (g, t) in selected {
        match groups.iter_mut().find(|(name, _)| name == g) {
            Some((_, tags)) if !tags.contains(t) => tags.push(t.clone()),
            Some(_) => {}
            None => groups.push((g.clone(), vec![t.clone()])),
        }
    }
    groups.into_iter().map(|(_, tags)| tags).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use LeadStage::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn stages_move_forward_and_purchases_repeat() {
        let check = |from, to, ok: bool| assert_eq!(may_move(from, to), ok, "{from} → {to}");
        check(Contacted, AddedPrivately, true);
        check(Contacted, VisitedStore, true);
        check(AddedPrivately, Contacted, false);
        check(AddedPrivately, AddedPrivately, false);
        check(Purchased, Repurchased, true);
        check(Repurchased, Repurchased, true);
        check(Repurchased, Purchased, false);
        check(Purchased, Purchased, false);
        assert_eq!(Contacted.next(), AddedPrivately);
        assert_eq!(Purchased.next(), Repurchased);
        assert_eq!(Repurchased.next(), Repurchased);
        assert_eq!(Contacted.rank(), 0);
        assert_eq!(Repurchased.rank(), 5);
    }

    #[test]
    fn amounts_only_on_purchases() {
        let check = |from, to, amount, want| assert_eq!(check_move(from, to, amount), want);
        check(VisitedStore, Purchased, Some(12_900), Ok(()));
        check(VisitedStore, Purchased, None, Ok(()));
        check(
            Contacted,
            AddedPrivately,
            Some(100),
            Err(MoveRefusal::Amount),
        );
        check(VisitedStore, Purchased, Some(-1), Err(MoveRefusal::Amount));
        check(
            Purchased,
            Repurchased,
            Some(MAX_AMOUNT_FEN + 1),
            Err(MoveRefusal::Amount),
        );
        check(Purchased, Contacted, Some(1), Err(MoveRefusal::NotForward));
    }

    #[test]
    fn contacts_are_masked_for_overseers() {
        assert_eq!(shown_contact(Viewer::Owner, "13812340001"), "13812340001");
        assert_eq!(
            shown_contact(Viewer::Overseer, "13812340001"),
            "138****0001"
        );
        assert_eq!(shown_contact(Viewer::Overseer, "xhs_lily_88"), "xh****88");
        assert_eq!(shown_contact(Viewer::Overseer, ""), "");
    }

    #[test]
    fn conversion_in_per_mille() {
        assert_eq!(conversion_permille(0, 0), None);
        assert_eq!(conversion_permille(3, 1), Some(333));
        assert_eq!(conversion_permille(200_000, 200_000), Some(1000));
        assert_eq!(permille_text(333), "33.3%");
        assert_eq!(permille_text(1000), "100.0%");
    }

    #[test]
    fn tags_group_for_or_within_and_across() {
        let p = |g: &str, t: &str| (g.to_string(), t.to_string());
        let groups = tag_groups(&[
            p("skin", "dry"),
            p("budget", "high"),
            p("skin", "oily"),
            p("skin", "dry"),
            p("", "vip"),
        ]);
        assert_eq!(
            groups,
            vec![
                vec!["dry".to_string(), "oily".into()],
                vec!["high".into()],
                vec!["vip".into()]
            ]
        );
        assert!(tag_groups(&[]).is_empty());
    }
}
