//! The large demo program (`seedbed demo --members 25000 --notes 200000 …`):
//! one more brand, `bulk`, the size of a real KOC program, for the list and
//! load benchmarks and for seeing how the admin pages behave at scale.
//!
//! Its shape follows DOMAIN.md: a themed month after month, campaigns of
//! which some are oversubscribed (17 : 1, one in five 50 : 1), members who
//! sign up and publish several notes, a long tail of interactions with a
//! few viral notes, reviews that reject some notes, metric snapshots that
//! grow, and every past campaign settled through the real settlement (so
//! ledgers and tier histories are what Seedbed itself computes). The most
//! recent past month is left unsettled with notes still to review.
//!
//! Members, applications, sign-ups, notes and snapshots are bulk-inserted
//! (one transaction per table and campaign); themes, campaigns and
//! settlements go through the store as an operator's would. Deterministic:
//! the same sizes give the same program. Every member's password is the
//! demo password.

use crate::time;
use rules::{CivilDate, YearMonth};
use store::prelude::*;
use store::{Cell, SqlStore, new_id};

pub const BRAND: &str = "bulk";

/// The columns of a generated metric snapshot row, in row order.
pub const SNAPSHOT_COLUMNS: [&str; 8] = [
    "brand_id",
    "submission_id",
    "snapshot_date",
    "likes",
    "comments",
    "saves",
    "recorded_at",
    "recorded_by",
];
pub const OWNER_EMAIL: &str = "owner@bulk.test";

/// How large a program to make.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub members: usize,
    pub months: u32,
    pub campaigns: usize,
    pub notes: usize,
}

/// What was made, for the command's report.
#[derive(Debug, Default)]
pub struct Made {
    pub members: u64,
    pub signups: u64,
    pub notes: u64,
    pub snapshots: u64,
    pub settled_campaigns: u64,
    pub ledger_points: i64,
}

/// splitmix64: small, fast, deterministic; its finaliser is a bijection
/// on `u64`, which makes unique note ids from a counter.
pub(crate) struct Rng(pub(crate) u64);

pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }
    /// Uniform in `0..n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

pub(crate) const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋",
];
pub(crate) const GIVEN: [&str; 24] = [
    "小雨", "星", "可", "一", "桐", "悦", "晴", "欣怡", "子涵", "雨桐", "思琪", "佳怡", "梓萱",
    "诗涵", "若曦", "安然", "沐晨", "一诺", "语嫣", "清欢", "知夏", "南乔", "书瑶", "芷若",
];
pub(crate) const CITIES: [&str; 16] = [
    "上海", "北京", "广州", "深圳", "杭州", "成都", "南京", "武汉", "重庆", "苏州", "西安", "长沙",
    "厦门", "青岛", "天津", "昆明",
];
const INTERESTS: [&str; 8] = [
    "护肤", "彩妆", "穿搭", "香氛", "母婴", "健身", "美食", "旅行",
];
const THEMES: [(&str, &str); 12] = [
    ("新年焕新", "新年第一篇笔记：分享你的焕新仪式。"),
    ("春日出游", "带上好物去踏青，记录真实的出游妆容。"),
    ("换季修护", "换季敏感肌的修护心得。"),
    ("樱花限定", "限定系列的真实上脸体验。"),
    ("五一好物", "假期出行必备清单。"),
    ("防晒季", "防晒实测：通勤、户外、运动。"),
    ("清爽一夏", "夏日控油与底妆持久度测评。"),
    ("开学季", "学生党平价好物分享。"),
    ("秋季焕肤", "秋季护肤步骤与产品搭配。"),
    ("国庆出游", "旅行装与出游妆容分享。"),
    ("冬日护肤季", "冬季干燥，分享你的保湿修护心得。"),
    ("年末好物", "年度爱用物盘点。"),
];
const CAMPAIGN_KINDS: [(&str, &str); 5] = [
    (
        "新品试用",
        "免费试用新品，两周内发布一篇真实测评笔记，需标注品牌合作。",
    ),
    ("笔记征集", "分享你的真实使用体验，图文或视频均可。"),
    ("开箱分享", "拍摄开箱，介绍你最喜欢的一件单品。"),
    ("好物清单", "把它放进你的好物清单，说说为什么。"),
    ("门店体验", "到店体验后分享感受，带上门店定位。"),
];
const REJECT_REASONS: [&str; 3] = [
    "笔记未标注品牌合作",
    "笔记内容与活动主题无关",
    "链接无法打开，请重新提交",
];

/// Makes brand [`BRAND`] with `scale` into `store` (which already has the
/// small demo, or nothing). `now` fixes "this month".
pub async fn load(store: &SqlStore, scale: Scale, now: i64) -> anyhow::Result<Made> {
    anyhow::ensure!(
        scale.members >= 10 && scale.campaigns >= 1 && scale.months >= 2,
        "give at least 10 members, 1 campaign and 2 months"
    );
    anyhow::ensure!(
        store.brand(BRAND).await.is_err(),
        "brand {BRAND} already exists: generate into a fresh database"
    );
    let zone = time::DEFAULT_TIME_ZONE;
    let offset = time::offset_minutes(zone, now);
    let at = |d: CivilDate, hour: i64| d.start_unix(offset) + hour * 3600;
    let today = time::local_date(zone, now);
    let mut rng = Rng(0x5eed_bed5);
    let mut made = Made::default();

    store
        .create_brand(&store::Brand {
            id: BRAND.into(),
            name: "Seedbed 规模演示".into(),
            time_zone: zone.into(),
            points_rule: serde_json::to_string(&rules::RuleSet::default())?,
            created_at: now,
            ..Default::default()
        })
        .await?;
    let hash = crate::auth::hash_password(crate::demo::DEMO_PASSWORD);
    let owner = new_id();
    store
        .create_operator(&store::Operator {
            brand_id: BRAND.into(),
            id: owner.clone(),
            email: OWNER_EMAIL.into(),
            password_hash: hash.clone(),
            role: rules::Role::Owner,
            created_at: now,
        })
        .await?;

    // ── Members and their applications ────────────────────────────────
    let this_month = time::local_month(zone, now);
    let mut first = this_month;
    for _ in 1..scale.months {
        first = first.prev();
    }
    let span_days = (today.days_since(first.first_day()) + 180).max(1);
    let mut members = Vec::with_capacity(scale.members);
    let mut approved = Vec::with_capacity(scale.members);
    let (mut member_rows, mut application_rows) = (Vec::new(), Vec::new());
    for i in 0..scale.members {
        let id = new_id();
        let joined = at(
            today.add_days(-(rng.below(span_days as u64) as i64) - 1),
            10,
        );
        let phone = format!("139{:08}", i);
        let status = match rng.below(100) {
            0..=91 => "approved",
            92..=96 => "pending",
            _ => "rejected",
        };
        let followers = (rng.unit().powi(3) * 50_000.0) as i64 + 50;
        let platform = if rng.below(4) == 0 {
            "douyin"
        } else {
            "xiaohongshu"
        };
        let profile = if platform == "douyin" {
            format!("https://www.douyin.com/user/{}", &id[..24])
        } else {
            format!("https://www.xiaohongshu.com/user/profile/{}", &id[..24])
        };
        let accounts = serde_json::json!([{ "platform": platform, "profile_url": profile, "followers": followers }]);
        let interests = serde_json::json!([rng.pick(&INTERESTS), rng.pick(&INTERESTS)]);
        let decided = status != "pending";
        member_rows.push(vec![
            text(BRAND),
            text(&id),
            text(&phone),
            text(&hash),
            Cell::Int(Some(joined)),
        ]);
        application_rows.push(vec![
            text(BRAND),
            text(&new_id()),
            text(&id),
            text(&format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN))),
            text(&phone),
            text(rng.pick::<&str>(&CITIES)),
            text(&accounts.to_string()),
            text(&interests.to_string()),
            text("喜欢分享真实的使用感受。"),
            text(crate::routes::TERMS_VERSION),
            Cell::Int(Some(joined)),
            text(status),
            Cell::Text((status == "rejected").then(|| "资料不完整".to_string())),
            Cell::Int(Some(joined)),
            Cell::Int(decided.then_some(joined + 86_400)),
            Cell::Text(decided.then(|| owner.clone())),
            // Where applicants come from (the channel report's rows).
            text(match rng.below(100) {
                0..=39 => "wechat",
                40..=64 => "member_pool",
                65..=79 => "in_store",
                80..=89 => "partner",
                _ => "direct",
            }),
        ]);
        if status == "approved" {
            approved.push(id.clone());
        }
        members.push(id);
    }
    made.members = store
        .bulk_insert(
            "members",
            &["brand_id", "id", "phone", "password_hash", "created_at"],
            member_rows,
        )
        .await?;
    store
        .bulk_insert(
            "applications",
            &[
                "brand_id",
                "id",
                "member_id",
                "display_name",
                "contact",
                "city",
                "social_accounts",
                "interests",
                "motivation",
                "terms_version",
                "consented_at",
                "status",
                "reason",
                "created_at",
                "decided_at",
                "decided_by",
                "channel",
            ],
            application_rows,
        )
        .await?;

    // ── Themes and campaigns ──────────────────────────────────────────
    let mut months = Vec::new();
    let mut m = first;
    for _ in 0..scale.months {
        months.push(m);
        m = m.next();
    }
    let mut themes = Vec::new();
    for month in &months {
        let (title, description) = THEMES[usize::from(month.month - 1)];
        let t = store::Theme {
            brand_id: BRAND.into(),
            id: new_id(),
            month: month.to_string(),
            title: title.into(),
            description: description.into(),
            created_at: at(month.first_day().add_days(-7), 10),
            artwork_id: None,
        };
        store.create_theme(&t, &owner).await?;
        themes.push(t.id);
    }
    struct Planned {
        id: String,
        month: YearMonth,
        signups: Vec<usize>,
        settle: bool,
        settlement_date: CivilDate,
        disclosure: bool,
    }
    let mut planned = Vec::new();
    for i in 0..scale.campaigns {
        let mi = i * months.len() / scale.campaigns;
        let month = months[mi];
        let (kind, brief) = CAMPAIGN_KINDS[i % CAMPAIGN_KINDS.len()];
        let popular = i % 5 == 0;
        let slots = if popular {
            20
        } else {
            50 + rng.below(150) as i64
        };
        let last = month.last_day();
        let settlement_date = last.add_days(14);
        let c = store::Campaign {
            title: format!("{}{}", THEMES[usize::from(month.month - 1)].0, kind),
            brief: brief.into(),
            hashtags: vec![
                format!("#{}", THEMES[usize::from(month.month - 1)].0),
                "#真实测评".into(),
            ],
            platforms: vec!["xiaohongshu".into(), "douyin".into()],
            slots,
            signup_closes: last.to_string(),
            publish_by: last.add_days(7).to_string(),
            settlement_date: settlement_date.to_string(),
            multiplier_percent: if popular { 150 } else { 100 },
            disclosure_required: brief.contains("品牌合作"),
            status: rules::CampaignStatus::Published,
            ..store::Campaign::draft(BRAND, &themes[mi], at(month.first_day(), 9))
        };
        store.create_campaign(&c, &owner).await?;
        // Oversubscribed as DOMAIN.md measures it: 50 : 1 popular, 17 : 1 others.
        let wanted = (slots as usize * if popular { 50 } else { 17 }).min(approved.len());
        let start = rng.below(approved.len() as u64) as usize;
        let stride = coprime_stride(approved.len(), &mut rng);
        let signups = (0..wanted)
            .map(|k| (start + k * stride) % approved.len())
            .collect();
        planned.push(Planned {
            id: c.id.clone(),
            month,
            signups,
            // The latest finished month stays open for review and settlement.
            settle: month < this_month.prev() && settlement_date < today,
            settlement_date,
            disclosure: c.disclosure_required,
        });
    }

    // ── Sign-ups, notes, reviews and metric snapshots, campaign by campaign
    let total_signups: usize = planned.iter().map(|p| p.signups.len()).sum();
    let mut note_counter = 0u64;
    for p in &planned {
        let signup_rows = p
            .signups
            .iter()
            .map(|&k| {
                let day = p.month.first_day().add_days(rng.below(10) as i64);
                vec![
                    text(BRAND),
                    text(&p.id),
                    text(&approved[k]),
                    Cell::Int(Some(at(day, 11))),
                ]
            })
            .collect();
        made.signups += store
            .bulk_insert(
                "signups",
                &["brand_id", "campaign_id", "member_id", "created_at"],
                signup_rows,
            )
            .await?;
        // Notes in proportion to sign-ups, from the people who signed up.
        let share = scale.notes * p.signups.len() / total_signups.max(1);
        let (mut notes, mut snapshots) = (Vec::with_capacity(share), Vec::new());
        let current = p.month == this_month;
        for _ in 0..share {
            note_counter += 1;
            let member = &approved[p.signups[rng.below(p.signups.len() as u64) as usize]];
            let days = u64::from(p.month.last_day().day);
            let day = p.month.first_day().add_days(rng.below(days) as i64);
            let day = if day > today { today } else { day };
            let created = at(day, 8 + rng.below(14) as i64);
            let url = if rng.below(10) < 7 {
                format!(
                    "https://www.xiaohongshu.com/explore/{:08x}{:016x}?xsec_token=g",
                    0x6650_0000u32 + u32::from(p.month.month),
                    mix(note_counter)
                )
            } else {
                format!(
                    "https://www.douyin.com/video/7{:018}",
                    mix(note_counter) % 1_000_000_000_000_000_000
                )
            };
            let link = rules::parse_note_link(&url)
                .map_err(|e| anyhow::anyhow!("generated link {url} did not parse: {e:?}"))?;
            let roll = rng.below(100);
            let status = match (p.settle, current) {
                (true, _) if roll < 92 => "approved",
                (true, _) => "rejected",
                (false, false) if roll < 60 => "approved",
                (false, false) if roll < 70 => "rejected",
                (false, true) if roll < 50 => "approved",
                _ => "pending",
            };
            let reviewed = status != "pending";
            let id = new_id();
            if status == "approved" {
                // A long tail: most notes draw tens of interactions, a few
                // pass the 1,000 viral line; snapshots grow towards the last.
                let total = (rng.unit().powi(3) * 7.6).exp() as i64;
                for (days, part) in [(3, 0.4), (7, 0.75), (12, 1.0)] {
                    let on = day.add_days(days);
                    if on >= today || on > p.settlement_date {
                        break;
                    }
                    let t = (total as f64 * part) as i64;
                    snapshots.push(vec![
                        text(BRAND),
                        text(&id),
                        text(&on.to_string()),
                        Cell::Int(Some(t * 7 / 10)),
                        Cell::Int(Some(t / 10)),
                        Cell::Int(Some(t - t * 7 / 10 - t / 10)),
                        Cell::Int(Some(at(on, 20))),
                        text(&owner),
                    ]);
                }
            }
            notes.push(vec![
                text(BRAND),
                text(&id),
                text(&p.id),
                text(member),
                text(link.platform.as_str()),
                Cell::Text(link.note_id),
                text(&link.canonical_url),
                text(&link.original_url),
                text(status),
                Cell::Text((status == "rejected").then(|| rng.pick(&REJECT_REASONS).to_string())),
                Cell::Int(Some(created)),
                Cell::Int(reviewed.then_some(created + 6 * 3600)),
                Cell::Text(reviewed.then(|| owner.clone())),
                // Paid collaborations: declared by the member, confirmed on approval.
                Cell::Int(Some(i64::from(p.disclosure))),
                Cell::Int(Some(i64::from(p.disclosure && status == "approved"))),
            ]);
        }
        made.notes += store
            .bulk_insert(
                "submissions",
                &[
                    "brand_id",
                    "id",
                    "campaign_id",
                    "member_id",
                    "platform",
                    "note_id",
                    "canonical_url",
                    "original_url",
                    "status",
                    "reason",
                    "created_at",
                    "reviewed_at",
                    "reviewed_by",
                    "disclosure_declared",
                    "disclosure_confirmed",
                ],
                notes,
            )
            .await?;
        made.snapshots += store
            .bulk_insert("metric_snapshots", &SNAPSHOT_COLUMNS, snapshots)
            .await?;
    }

    // ── A training every approved KOC was given, due last week: the
    // overdue view has a program's worth of rows.
    store
        .create_task(
            &store::Task {
                brand_id: BRAND.into(),
                id: new_id(),
                campaign_id: None,
                kind: rules::TaskKind::Training,
                title: "新品成分知识培训".into(),
                instructions: "看完课程，填写完成码。".into(),
                questions: Vec::new(),
                due_on: today.add_days(-7).to_string(),
                reward_points: 20,
                created_at: now - 14 * 86_400,
                created_by: owner.clone(),
            },
            &approved,
        )
        .await?;

    // ── Settlements, oldest first, as the operator would run them ────
    store.recount_signups(BRAND).await?;
    store.analyze().await?;
    for p in planned.iter().filter(|p| p.settle) {
        let s = store
            .settle_campaign(BRAND, &p.id, &owner, at(p.settlement_date, 18), offset)
            .await?;
        made.settled_campaigns += 1;
        made.ledger_points += s.points_total;
    }
    Ok(made)
}

pub(crate) fn text(s: &str) -> Cell {
    Cell::Text(Some(s.to_string()))
}

/// A step through `0..n` that visits every index once (gcd(step, n) = 1).
fn coprime_stride(n: usize, rng: &mut Rng) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    loop {
        let s = 1 + rng.below(n as u64) as usize;
        if gcd(s, n) == 1 {
            return s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strides_visit_every_member_once() {
        let mut rng = Rng(1);
        for n in [1, 2, 10, 97, 25_000] {
            let s = coprime_stride(n, &mut rng);
            let mut seen: Vec<usize> = (0..n).map(|k| (3 + k * s) % n).collect();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), n);
        }
    }
}
