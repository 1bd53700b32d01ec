//! The people side of the KOS program (issue 17): the persona checklist a
//! good KOS profile meets (DOMAIN.md 2: the counter consultant with a real
//! name, photo and store in the profile, the store's location in notes,
//! quick answers with price questions moved to private messages), scored
//! as a completeness percentage, and the 1–5 competency ratings of a KOS
//! role's profile, with the standard profile a brand starts from.
//!
//! The same code scores on the server (lists, the admin) and in the staff
//! app (the checklist as it is ticked).

use crate::words::KosRole;

/// One item of the persona checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonaItem {
    RealName,
    Photo,
    StoreInProfile,
    LocationInNotes,
    ReplyHabits,
}

impl PersonaItem {
    pub const ALL: [PersonaItem; 5] = [
        PersonaItem::RealName,
        PersonaItem::Photo,
        PersonaItem::StoreInProfile,
        PersonaItem::LocationInNotes,
        PersonaItem::ReplyHabits,
    ];
}

/// Where a staff member's persona stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Persona {
    pub real_name: bool,
    /// A profile photo is uploaded.
    pub photo: bool,
    pub store_in_profile: bool,
    pub location_in_notes: bool,
    pub reply_habits: bool,
}

impl Persona {
    pub fn has(&self, item: PersonaItem) -> bool {
        match item {
            PersonaItem::RealName => self.real_name,
            PersonaItem::Photo => self.photo,
            PersonaItem::StoreInProfile => self.store_in_profile,
            PersonaItem::LocationInNotes => self.location_in_notes,
            PersonaItem::ReplyHabits => self.reply_habits,
        }
    }

    /// Items met, of [`PersonaItem::ALL`].
    pub fn done(&self) -> usize {
        PersonaItem::ALL.iter().filter(|i| self.has(**i)).count()
    }

    /// Completeness in whole percent (each item weighs the same), 0–100.
    pub fn completeness(&self) -> u8 {
        (self.done() * 100 / PersonaItem::ALL.len()) as u8
    }

    /// What is still missing, in checklist order.
    pub fn missing(&self) -> Vec<PersonaItem> {
        PersonaItem::ALL
            .into_iter()
            .filter(|i| !self.has(*i))
            .collect()
    }
}

/// A competency rating: a whole number from 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rating(u8);

impl Rating {
    pub fn parse(n: i64) -> Option<Rating> {
        (1..=5).contains(&n).then_some(Rating(n as u8))
    }
    pub fn get(self) -> i64 {
        i64::from(self.0)
    }
}

/// The mean of some ratings in tenths (`37` is 3.7), rounded half up;
/// `None` without any. Integers only: the app and the server agree.
pub fn mean_tenths(scores: &[i64]) -> Option<i64> {
    if scores.is_empty() {
        return None;
    }
    let n = scores.len() as i64;
    let sum: i64 = scores.iter().sum();
    Some((sum * 20 + n) / (2 * n))
}

/// The standard competency profile of a KOS role (name, what it means),
/// which a brand starts from and edits.
pub fn standard_competencies(role: KosRole) -> &'static [(&'static str, &'static str)] {
    match role {
        KosRole::ShoppingAssistant => &[
            ("产品知识", "熟悉在售产品的成分、功效与适用人群"),
            ("及时回复", "顾客咨询 10 分钟内回复，价格问题转私信"),
            ("需求判断", "通过几个问题判断顾客的肤质、预算与需求"),
        ],
        KosRole::TopicExpert => &[
            ("选题能力", "从品牌话题库和顾客问题中找到好选题"),
            ("内容制作", "能独立完成图文或短视频，画面与文案清晰"),
            ("专业讲解", "用大白话讲清成分与原理，不夸大功效"),
        ],
        KosRole::PersonalPartner => &[
            ("关系维护", "定期问候私域顾客，记录偏好与购买节点"),
            ("社群运营", "在社群中组织话题与活动，保持活跃"),
            ("复购引导", "在合适时机推荐复购与新品，不过度打扰"),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completeness_counts_each_item_alike() {
        let check = |p: Persona, percent: u8, missing: usize| {
            assert_eq!(p.completeness(), percent, "{p:?}");
            assert_eq!(p.missing().len(), missing, "{p:?}");
        };
        check(Persona::default(), 0, 5);
        check(
            Persona {
                real_name: true,
                ..Persona::default()
            },
            20,
            4,
        );
        check(
            Persona {
                real_name: true,
                photo: true,
                store_in_profile: true,
                ..Persona::default()
            },
            60,
            2,
        );
        check(
            Persona {
                real_name: true,
                photo: true,
                store_in_profile: true,
                location_in_notes: true,
                reply_habits: true,
            },
            100,
            0,
        );
        assert_eq!(
            Persona {
                photo: true,
                reply_habits: true,
                ..Persona::default()
            }
            .missing(),
            [
                PersonaItem::RealName,
                PersonaItem::StoreInProfile,
                PersonaItem::LocationInNotes
            ]
        );
    }

    #[test]
    fn ratings_are_one_to_five() {
        for (n, ok) in [
            (0, false),
            (1, true),
            (3, true),
            (5, true),
            (6, false),
            (-1, false),
        ] {
            assert_eq!(Rating::parse(n).is_some(), ok, "{n}");
        }
        assert_eq!(Rating::parse(4).unwrap().get(), 4);
    }

    #[test]
    fn means_in_tenths_round_half_up() {
        assert_eq!(mean_tenths(&[]), None);
        assert_eq!(mean_tenths(&[4]), Some(40));
        assert_eq!(mean_tenths(&[3, 4]), Some(35));
        assert_eq!(mean_tenths(&[3, 4, 4]), Some(37));
        assert_eq!(mean_tenths(&[1, 1, 2]), Some(13));
        assert_eq!(mean_tenths(&[5, 5, 4]), Some(47));
    }

    #[test]
    fn every_role_has_a_standard_profile() {
        for &role in KosRole::ALL {
            assert!(standard_competencies(role).len() >= 3, "{role:?}");
        }
    }
}
