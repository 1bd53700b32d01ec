//! The KOS program generator (`seedbed demo --kos`, issue 17): one more
//! brand, `kos`, the size of a real sales-staff program for the matrix,
//! funnel and dashboard benchmarks: 20 regions, 300 stores, 3,000 staff
//! (a regional manager per region, a store manager per store), 9,000
//! accounts over the 1 + X + N matrix (some stores left without a
//! Xiaohongshu account, so the matrix has gaps) with monthly follower
//! counts, 60 templates, 20,000 notes, 200,000 leads with their stage
//! events (each stage reached by a share of the one before, purchases with
//! amounts in fen), and the back office: goals per store and staff member
//! for this month and the last, five courses with attempts, and two
//! competitions. Sizes scale with `--kos-stores` (the defaults above at
//! 300).
//!
//! Everything is bulk-inserted (`SqlStore::bulk_insert`, one transaction
//! per table). Deterministic: the same sizes give the same program (ids
//! are fresh; the shape, names, numbers and dates are not).

use crate::generate::{CITIES, GIVEN, Rng, SURNAMES, mix, text};
use crate::time;
use rules::{CivilDate, YearMonth};
use store::prelude::*;
use store::{Cell, SqlStore, new_id};

pub const BRAND: &str = "kos";
pub const OWNER_EMAIL: &str = "owner@kos.test";

/// How large a program to make: everything follows the stores.
#[derive(Debug, Clone, Copy)]
pub struct KosScale {
    pub regions: usize,
    pub stores: usize,
    pub staff: usize,
    pub accounts: usize,
    pub leads: usize,
    pub notes: usize,
}

impl KosScale {
    /// The program at 300 stores, in proportion at other sizes.
    pub fn stores(stores: usize) -> KosScale {
        let stores = stores.max(2);
        KosScale {
            regions: (stores / 15).clamp(2, 20),
            stores,
            staff: stores * 10,
            accounts: stores * 30,
            leads: stores * 2_000 / 3,
            notes: stores * 200 / 3,
        }
    }
}

/// What was made, for the command's report and the test.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KosMade {
    pub regions: u64,
    pub stores: u64,
    pub staff: u64,
    pub accounts: u64,
    pub follower_counts: u64,
    pub templates: u64,
    pub notes: u64,
    pub leads: u64,
    pub lead_events: u64,
    pub goals: u64,
    pub attempts: u64,
}

const STAGES: [&str; 6] = [
    "contacted",
    "added_privately",
    "joined_brand_account",
    "visited_store",
    "purchased",
    "repurchased",
];
/// Of the leads at a stage, the share (percent) that reach the next.
const NEXT_STAGE_PERCENT: [u64; 5] = [62, 48, 40, 45, 30];
const PLATFORMS_PUBLIC: [&str; 6] = [
    "douyin",
    "xiaohongshu",
    "wechat_channels",
    "weibo",
    "bilibili",
    "kuaishou",
];
const PLATFORMS_PRIVATE: [&str; 4] = [
    "personal_wechat",
    "wecom",
    "official_account",
    "mini_program",
];
const KOS_ROLES: [&str; 3] = ["shopping_assistant", "topic_expert", "personal_partner"];
const TEMPLATE_KINDS: [&str; 7] = [
    "topic",
    "script",
    "hook_title",
    "hashtags",
    "explanation",
    "moments_copy",
    "group_message",
];
const PRODUCTS: [&str; 6] = [
    "小金瓶精华",
    "粉底液",
    "防晒乳",
    "口红 #1966",
    "眼霜",
    "香水",
];

fn int(v: i64) -> Cell {
    Cell::Int(Some(v))
}

fn opt(v: Option<&str>) -> Cell {
    Cell::Text(v.map(str::to_string))
}

/// Makes brand [`BRAND`] with `scale` into `store`. `now` fixes today.
pub async fn load(store: &SqlStore, scale: KosScale, now: i64) -> anyhow::Result<KosMade> {
    anyhow::ensure!(
        store.brand(BRAND).await.is_err(),
        "brand {BRAND} already exists: generate into a fresh database"
    );
    let zone = time::DEFAULT_TIME_ZONE;
    let offset = time::offset_minutes(zone, now);
    let today = time::local_date(zone, now);
    let this_month = today.month();
    let at_day = |d: CivilDate, secs: i64| d.start_unix(offset) + secs;
    let mut rng = Rng(0x0b5e_55ed);
    let mut made = KosMade::default();
    store
        .create_brand(&store::Brand {
            id: BRAND.into(),
            name: "Seedbed KOS 规模演示".into(),
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

    // ── Regions, stores, staff ────────────────────────────────────────
    let regions: Vec<String> = (0..scale.regions).map(|_| new_id()).collect();
    let rows = regions
        .iter()
        .enumerate()
        .map(|(i, id)| {
            vec![
                text(BRAND),
                text(id),
                text(&format!("区域{:02}", i + 1)),
                int(now),
            ]
        })
        .collect();
    made.regions = store
        .bulk_insert(
            "kos_regions",
            &["brand_id", "id", "name", "created_at"],
            rows,
        )
        .await?;
    // (store id, region index)
    let stores: Vec<(String, usize)> = (0..scale.stores)
        .map(|i| (new_id(), i % scale.regions))
        .collect();
    let rows = stores
        .iter()
        .enumerate()
        .map(|(i, (id, r))| {
            let city = CITIES[*r % CITIES.len()];
            vec![
                text(BRAND),
                text(id),
                text(&regions[*r]),
                text(&format!("S{:04}", i + 1)),
                text(&format!("{city}{}号店", i + 1)),
                text(city),
                text(&format!("{city}市中心路 {} 号", 100 + i)),
                text(if i % 97 == 96 { "closed" } else { "open" }),
                int(now),
            ]
        })
        .collect();
    made.stores = store
        .bulk_insert(
            "kos_stores",
            &[
                "brand_id",
                "id",
                "region_id",
                "code",
                "name",
                "city",
                "address",
                "status",
                "created_at",
            ],
            rows,
        )
        .await?;
    // (staff id, store index or None for a regional manager, region index)
    let mut staff: Vec<(String, Option<usize>, usize)> = Vec::with_capacity(scale.staff);
    let mut staff_rows = Vec::with_capacity(scale.staff);
    for i in 0..scale.staff {
        let id = new_id();
        let (role, store_ix, region) = if i < scale.regions {
            ("regional_manager", None, i)
        } else if i < scale.regions + scale.stores {
            let s = i - scale.regions;
            ("store_manager", Some(s), stores[s].1)
        } else {
            let s = (mix(i as u64) % scale.stores as u64) as usize;
            ("staff", Some(s), stores[s].1)
        };
        let joined = today.add_days(-(30 + rng.below(700) as i64));
        let left = (role == "staff" && rng.below(50) == 0)
            .then(|| today.add_days(-(rng.below(25) as i64)));
        staff_rows.push(vec![
            text(BRAND),
            text(&id),
            text(&format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN))),
            text(&format!("137{i:08}")),
            text(role),
            text(rng.pick::<&str>(&KOS_ROLES)),
            text(&regions[region]),
            opt(store_ix.map(|s| stores[s].0.as_str())),
            text(&format!("E{:06}", i + 1)),
            text(&hash),
            text(&joined.to_string()),
            opt(left.map(|d| d.to_string()).as_deref()),
            int(at_day(joined, 9 * 3600)),
        ]);
        staff.push((id, store_ix, region));
    }
    made.staff = store
        .bulk_insert(
            "kos_staff",
            &[
                "brand_id",
                "id",
                "name",
                "phone",
                "role",
                "kos_role",
                "region_id",
                "store_id",
                "employee_no",
                "password_hash",
                "joined_on",
                "left_on",
                "created_at",
            ],
            staff_rows,
        )
        .await?;
    // Staff who sell (not regional managers), by store.
    let sellers: Vec<usize> = (scale.regions..staff.len()).collect();

    // ── The 1 + X + N account matrix ──────────────────────────────────
    // (account id, owner staff index when a staff member's)
    let mut accounts: Vec<(String, Option<usize>)> = Vec::with_capacity(scale.accounts);
    let mut account_rows = Vec::with_capacity(scale.accounts);
    let mut push_account = |accounts: &mut Vec<(String, Option<usize>)>,
                            level: &str,
                            owner_id: &str,
                            platform: &str,
                            held_by: Option<usize>,
                            rng: &mut Rng| {
        let id = new_id();
        let n = account_rows.len();
        let followers = (rng.unit().powi(3) * 80_000.0) as i64 + 20;
        let handle = format!("kos_{platform}_{n:06}");
        account_rows.push(vec![
            text(BRAND),
            text(&id),
            text(level),
            text(owner_id),
            text(platform),
            text(&handle),
            text(&handle.to_lowercase()),
            text(""),
            text(if rng.below(40) == 0 {
                "paused"
            } else {
                "active"
            }),
            int(followers),
            text(&today.to_string()),
            int(now),
            text(&owner),
            int(now),
        ]);
        accounts.push((id, held_by));
    };
    for p in PLATFORMS_PUBLIC.iter().chain(&PLATFORMS_PRIVATE) {
        push_account(&mut accounts, "brand", "", p, None, &mut rng);
    }
    for r in &regions {
        push_account(&mut accounts, "region", r, "douyin", None, &mut rng);
    }
    for (i, (s, _)) in stores.iter().enumerate() {
        // One store in eight has no Xiaohongshu account: the matrix's gap.
        if i % 8 != 3 {
            push_account(&mut accounts, "store", s, "xiaohongshu", None, &mut rng);
        }
        push_account(&mut accounts, "store", s, "wecom", None, &mut rng);
    }
    let mut k = 0usize;
    while accounts.len() < scale.accounts && !sellers.is_empty() {
        let who = sellers[k % sellers.len()];
        let platform = match (k / sellers.len()) % 3 {
            0 => "xiaohongshu",
            1 => "personal_wechat",
            _ => "douyin",
        };
        push_account(
            &mut accounts,
            "staff",
            &staff[who].0.clone(),
            platform,
            Some(who),
            &mut rng,
        );
        k += 1;
    }
    made.accounts = store
        .bulk_insert(
            "kos_accounts",
            &[
                "brand_id",
                "id",
                "owner_level",
                "owner_id",
                "platform",
                "handle",
                "handle_key",
                "profile_url",
                "status",
                "followers",
                "followers_on",
                "created_at",
                "created_by",
                "updated_at",
            ],
            account_rows,
        )
        .await?;
    // Staff accounts' followers at the start of each of the last six
    // months, growing towards today's count.
    let mut follower_rows = Vec::new();
    for (id, held_by) in &accounts {
        if held_by.is_none() {
            continue;
        }
        let mut m = this_month;
        let mut count = 500 + rng.below(5_000) as i64;
        for _ in 0..6 {
            follower_rows.push(vec![
                text(BRAND),
                text(id),
                text(&m.first_day().to_string()),
                int(count),
                int(now),
                text(&owner),
            ]);
            count = (count - rng.below(400) as i64).max(0);
            m = m.prev();
        }
    }
    made.follower_counts = store
        .bulk_insert(
            "kos_account_followers",
            &[
                "brand_id",
                "account_id",
                "on_date",
                "followers",
                "recorded_at",
                "recorded_by",
            ],
            follower_rows,
        )
        .await?;

    // ── Templates and notes ───────────────────────────────────────────
    let templates: Vec<String> = (0..60).map(|_| new_id()).collect();
    let mut template_rows = Vec::new();
    let mut version_rows = Vec::new();
    for (i, id) in templates.iter().enumerate() {
        let kind = TEMPLATE_KINDS[i % TEMPLATE_KINDS.len()];
        let product = PRODUCTS[i % PRODUCTS.len()];
        let title = format!("{product} · 模板 {}", i + 1);
        let platform = if i % 2 == 0 { "xiaohongshu" } else { "douyin" };
        let role = KOS_ROLES[i % KOS_ROLES.len()];
        template_rows.push(vec![
            text(BRAND),
            text(id),
            text(kind),
            text(&title),
            int(1),
            text(product),
            opt(None),
            text(platform),
            text(role),
            int(1),
            int(now),
            text(&owner),
            int(now),
        ]);
        version_rows.push(vec![
            text(BRAND),
            text(id),
            int(1),
            text(&title),
            text(&format!("{product}的真实使用感受：……")),
            text(product),
            opt(None),
            text(platform),
            text(role),
            int(now),
            text(&owner),
        ]);
    }
    made.templates = store
        .bulk_insert(
            "kos_templates",
            &[
                "brand_id",
                "id",
                "kind",
                "title",
                "version",
                "product",
                "campaign_id",
                "platform",
                "kos_role",
                "active",
                "created_at",
                "created_by",
                "updated_at",
            ],
            template_rows,
        )
        .await?;
    store
        .bulk_insert(
            "kos_template_versions",
            &[
                "brand_id",
                "template_id",
                "version",
                "title",
                "body",
                "product",
                "campaign_id",
                "platform",
                "kos_role",
                "created_at",
                "created_by",
            ],
            version_rows,
        )
        .await?;
    // Notes over the last 180 days; a few stores post far less (the
    // bottom of the barrel), templates follow a long tail.
    let mut note_rows = Vec::with_capacity(scale.notes);
    // (note id, staff index, store index, submitted at, template)
    let mut notes: Vec<(String, usize, usize, i64, Option<String>)> =
        Vec::with_capacity(scale.notes);
    for i in 0..scale.notes {
        let mut who = sellers[(mix(i as u64 ^ 0x55) % sellers.len() as u64) as usize];
        let s = staff[who].1.unwrap_or(0);
        if s % 29 == 7 && rng.below(4) != 0 {
            who = sellers[(mix(i as u64 ^ 0x99) % sellers.len() as u64) as usize];
        }
        let store_ix = staff[who].1.unwrap_or(0);
        let t = ((rng.unit().powi(2)) * templates.len() as f64) as usize;
        let template = (rng.below(10) < 7).then(|| templates[t.min(templates.len() - 1)].clone());
        let xhs = rng.below(3) != 0;
        let key = format!("{:016x}{:08x}", mix(i as u64 + 1), mix(i as u64 + 7) as u32);
        let url = if xhs {
            format!("https://www.xiaohongshu.com/explore/{key}")
        } else {
            format!(
                "https://www.douyin.com/video/{}",
                7_000_000_000_000_000_000u64 + (mix(i as u64) % 1_000_000_000_000_000_000)
            )
        };
        let note_key = url.rsplit('/').next().unwrap_or_default().to_string();
        let submitted = now - rng.below(180 * 86_400) as i64;
        let likes = (rng.unit().powi(4) * 5_000.0) as i64;
        let comments = likes / 10 + rng.below(20) as i64;
        let saves = likes / 4;
        let id = new_id();
        note_rows.push(vec![
            text(BRAND),
            text(&id),
            text(&staff[who].0),
            text(&stores[store_ix].0),
            opt(template.as_deref()),
            Cell::Int(template.as_ref().map(|_| 1)),
            opt(None),
            opt(None),
            text(if xhs { "xiaohongshu" } else { "douyin" }),
            text(&note_key),
            text(&url),
            text(&url),
            int(submitted),
            int(likes),
            int(comments),
            int(saves),
            int(likes + comments + saves),
            text(&time::local_date(zone, submitted).to_string()),
        ]);
        notes.push((id, who, store_ix, submitted, template));
    }
    made.notes = store
        .bulk_insert(
            "kos_notes",
            &[
                "brand_id",
                "id",
                "staff_id",
                "store_id",
                "template_id",
                "template_version",
                "material_id",
                "account_id",
                "platform",
                "note_key",
                "canonical_url",
                "original_url",
                "submitted_at",
                "likes",
                "comments",
                "saves",
                "interactions",
                "metrics_on",
            ],
            note_rows,
        )
        .await?;

    // ── Leads and their stage events ──────────────────────────────────
    let mut lead_rows = Vec::with_capacity(scale.leads);
    let mut event_rows = Vec::with_capacity(scale.leads * 2);
    for i in 0..scale.leads {
        // Half the leads come from a note (its staff member, store and
        // template), the rest from the QR codes or by hand.
        let (who, store_ix, source, note, template, created) =
            if !notes.is_empty() && rng.below(2) == 0 {
                let n = &notes[(mix(i as u64 ^ 0xabc) % notes.len() as u64) as usize];
                let created = (n.3 + rng.below(5 * 86_400) as i64).min(now - 60);
                (n.1, n.2, "manual", Some(n.0.clone()), n.4.clone(), created)
            } else {
                let who = sellers[(mix(i as u64 ^ 0xdef) % sellers.len() as u64) as usize];
                let source = if rng.below(2) == 0 {
                    "personal_code"
                } else {
                    "live_code"
                };
                (
                    who,
                    staff[who].1.unwrap_or(0),
                    source,
                    None,
                    None,
                    now - rng.below(180 * 86_400) as i64,
                )
            };
        let id = new_id();
        let mut stage = 0usize;
        let mut at = created;
        let staff_id = &staff[who].0;
        event_rows.push(vec![
            text(BRAND),
            text(&new_id()),
            text(&id),
            opt(None),
            text(STAGES[0]),
            text("staff"),
            text(staff_id),
            int(at),
            Cell::Int(None),
        ]);
        while stage < 5 && rng.below(100) < NEXT_STAGE_PERCENT[stage] {
            let next = at + 3_600 + rng.below(9 * 86_400) as i64;
            if next >= now {
                break;
            }
            let amount = (stage + 1 >= 4).then(|| 19_900 + rng.below(200_000) as i64);
            event_rows.push(vec![
                text(BRAND),
                text(&new_id()),
                text(&id),
                text(STAGES[stage]),
                text(STAGES[stage + 1]),
                text("staff"),
                text(staff_id),
                int(next),
                Cell::Int(amount),
            ]);
            stage += 1;
            at = next;
        }
        let phone = (rng.below(10) < 3).then(|| format!("186{i:08}"));
        lead_rows.push(vec![
            text(BRAND),
            text(&id),
            text(staff_id),
            text(&stores[store_ix].0),
            text(source),
            text(if note.is_some() { "xiaohongshu" } else { "" }),
            opt(note.as_deref()),
            opt(template.as_deref()),
            text(&format!("用户{:06}", mix(i as u64) % 1_000_000)),
            text(phone.as_deref().unwrap_or("")),
            int(1),
            int(created),
            text(STAGES[stage]),
            int(at),
            int(created),
        ]);
    }
    made.leads = store
        .bulk_insert(
            "kos_leads",
            &[
                "brand_id",
                "id",
                "staff_id",
                "store_id",
                "source",
                "source_platform",
                "source_note_id",
                "template_id",
                "handle",
                "phone",
                "consent",
                "consent_at",
                "stage",
                "stage_at",
                "created_at",
            ],
            lead_rows,
        )
        .await?;
    made.lead_events = store
        .bulk_insert(
            "kos_lead_events",
            &[
                "brand_id",
                "id",
                "lead_id",
                "from_stage",
                "to_stage",
                "actor_kind",
                "actor_id",
                "at",
                "amount_fen",
            ],
            event_rows,
        )
        .await?;

    // ── The back office: goals, courses, competitions ─────────────────
    let mut goal_rows = Vec::new();
    for month in [this_month.prev(), this_month] {
        for (s, r) in &stores {
            for (metric, target) in [("notes", 60), ("leads", 600), ("sales_fen", 3_000_000)] {
                goal_rows.push(goal_row(
                    &new_id(),
                    "store",
                    s,
                    s,
                    &regions[*r],
                    month,
                    metric,
                    target,
                    &owner,
                    now,
                ));
            }
        }
    }
    for &who in &sellers {
        let (id, s, r) = &staff[who];
        let store_id = s.map(|s| stores[s].0.as_str()).unwrap_or("");
        for (metric, target) in [("notes", 6), ("leads", 60)] {
            goal_rows.push(goal_row(
                &new_id(),
                "staff",
                id,
                store_id,
                &regions[*r],
                this_month,
                metric,
                target,
                &owner,
                now,
            ));
        }
    }
    made.goals = store
        .bulk_insert(
            "kos_goals",
            &[
                "brand_id",
                "id",
                "subject",
                "subject_id",
                "store_id",
                "region_id",
                "month",
                "metric",
                "target",
                "set_by",
                "created_at",
                "updated_at",
            ],
            goal_rows,
        )
        .await?;
    let quiz = rules::backoffice::Quiz {
        questions: (0..5)
            .map(|q| rules::backoffice::Question {
                prompt: format!("第 {} 题：顾客问价格时，应该？", q + 1),
                choices: vec![
                    "在评论区直接报价".into(),
                    "引导到私信沟通".into(),
                    "不回复".into(),
                ],
                answer: 1,
            })
            .collect(),
    };
    let courses: Vec<String> = (0..5).map(|_| new_id()).collect();
    let mut course_rows = Vec::new();
    let mut target_rows = Vec::new();
    for (i, id) in courses.iter().enumerate() {
        course_rows.push(vec![
            text(BRAND),
            text(id),
            text(&format!("KOS 必修课 {}", i + 1)),
            text("如何在笔记里写明门店位置……"),
            text(""),
            text(&serde_json::to_string(&quiz)?),
            int(60),
            text("published"),
            text(&owner),
            int(now),
            int(now),
        ]);
        target_rows.push(vec![
            text(BRAND),
            text(id),
            text("kos_role"),
            text(KOS_ROLES[i % 3]),
        ]);
    }
    store
        .bulk_insert(
            "kos_courses",
            &[
                "brand_id",
                "id",
                "title",
                "body",
                "video_url",
                "quiz",
                "pass_percent",
                "status",
                "created_by",
                "created_at",
                "updated_at",
            ],
            course_rows,
        )
        .await?;
    store
        .bulk_insert(
            "kos_course_targets",
            &["brand_id", "course_id", "target", "target_id"],
            target_rows,
        )
        .await?;
    let mut attempt_rows = Vec::new();
    for &who in &sellers {
        if rng.below(2) == 0 {
            continue;
        }
        let (id, s, r) = &staff[who];
        let correct = rng.below(6) as i64;
        attempt_rows.push(vec![
            text(BRAND),
            text(&new_id()),
            text(&courses[who % courses.len()]),
            text(id),
            text(s.map(|s| stores[s].0.as_str()).unwrap_or("")),
            text(&regions[*r]),
            text("[1,1,1,1,1]"),
            int(correct),
            int(5),
            int(correct * 20),
            int(i64::from(correct >= 3)),
            int(now - rng.below(30 * 86_400) as i64),
        ]);
    }
    made.attempts = store
        .bulk_insert(
            "kos_course_attempts",
            &[
                "brand_id",
                "id",
                "course_id",
                "staff_id",
                "store_id",
                "region_id",
                "answers",
                "correct",
                "total",
                "score_percent",
                "passed",
                "created_at",
            ],
            attempt_rows,
        )
        .await?;
    let competition = new_id();
    store
        .bulk_insert(
            "kos_competitions",
            &[
                "brand_id",
                "id",
                "title",
                "metric",
                "entrant",
                "starts_on",
                "ends_on",
                "prize_unit",
                "prizes",
                "paid_at",
                "created_by",
                "created_at",
            ],
            vec![vec![
                text(BRAND),
                text(&competition),
                text("本月门店笔记大赛"),
                text("notes"),
                text("store"),
                text(&this_month.first_day().to_string()),
                text(&this_month.last_day().to_string()),
                text("points"),
                text("[5000,3000,1000]"),
                Cell::Int(None),
                text(&owner),
                int(now),
            ]],
        )
        .await?;
    let entrants = stores
        .iter()
        .map(|(s, r)| {
            vec![
                text(BRAND),
                text(&competition),
                text(s),
                text(s),
                text(&regions[*r]),
            ]
        })
        .collect();
    store
        .bulk_insert(
            "kos_competition_entrants",
            &[
                "brand_id",
                "competition_id",
                "entrant_id",
                "store_id",
                "region_id",
            ],
            entrants,
        )
        .await?;
    Ok(made)
}

#[allow(clippy::too_many_arguments)]
fn goal_row(
    id: &str,
    subject: &str,
    subject_id: &str,
    store_id: &str,
    region_id: &str,
    month: YearMonth,
    metric: &str,
    target: i64,
    by: &str,
    now: i64,
) -> Vec<Cell> {
    vec![
        text(BRAND),
        text(id),
        text(subject),
        text(subject_id),
        text(store_id),
        text(region_id),
        text(&month.to_string()),
        text(metric),
        int(target),
        text(by),
        int(now),
        int(now),
    ]
}
