//! Demo data: two brands (`demo`, `acme`) so isolation can be seen, with a
//! current-month theme, an oversubscribed campaign, members at every tier,
//! settled history, and a pending applicant. Docs and tests rely on it.
//!
//! Dates are relative to the moment of loading, in the brand's zone, so
//! the demo always shows "this month". Every account's password is
//! [`DEMO_PASSWORD`]; one hash is computed and shared (argon2 is slow by
//! design).

use crate::time;
use rules::{CivilDate, YearMonth};
use store::{Store, new_id};

pub const DEMO_PASSWORD: &str = "seedbed-demo";
pub const DEMO_CONSUMER_PHONE: &str = "13800000001";

struct Ctx<'a> {
    store: &'a dyn Store,
    brand: &'static str,
    zone: &'static str,
    hash: String,
    now: i64,
}

impl Ctx<'_> {
    /// Noon on `date` in the brand's zone.
    fn at(&self, date: CivilDate) -> i64 {
        date.start_unix(time::offset_minutes(self.zone, self.now)) + 12 * 3600
    }

    async fn operator(&self, email: &str, role: &str) -> anyhow::Result<()> {
        self.store
            .create_operator(&store::Operator {
                brand_id: self.brand.into(),
                id: new_id(),
                email: email.into(),
                password_hash: self.hash.clone(),
                role: role.parse()?,
                created_at: self.now,
            })
            .await?;
        Ok(())
    }

    /// A member with an application in `status`.
    async fn member(
        &self,
        phone: &str,
        name: &str,
        city: &str,
        followers: i64,
        status: &str,
    ) -> anyhow::Result<String> {
        self.member_via(phone, name, city, followers, status, None)
            .await
    }

    /// A member who applied through an invitation link.
    async fn member_via(
        &self,
        phone: &str,
        name: &str,
        city: &str,
        followers: i64,
        status: &str,
        via: Option<&store::Invite>,
    ) -> anyhow::Result<String> {
        let id = new_id();
        let joined = self.now - 200 * 86_400;
        self.store
            .create_member(&store::Member {
                brand_id: self.brand.into(),
                id: id.clone(),
                phone: phone.into(),
                password_hash: self.hash.clone(),
                created_at: joined,
            })
            .await?;
        self.store
            .create_application(&store::Application {
                brand_id: self.brand.into(),
                id: new_id(),
                member_id: id.clone(),
                display_name: name.into(),
                contact: phone.into(),
                city: city.into(),
                social_accounts: vec![store::SocialAccount {
                    platform: "xiaohongshu".into(),
                    profile_url: format!("https://www.xiaohongshu.com/user/profile/{}", &id[..24]),
                    followers,
                }],
                interests: vec!["护肤".into(), "穿搭".into()],
                motivation: "喜欢分享真实的使用感受。".into(),
                terms_version: crate::routes::TERMS_VERSION.into(),
                consented_at: joined,
                status: rules::ApplicationStatus::Pending,
                reason: None,
                created_at: joined,
                decided_at: None,
                decided_by: None,
                channel: via.map_or_else(|| rules::Channel::Direct, |i| i.channel),
                recruitment_id: via.map(|i| i.recruitment_id.clone()),
                invite_code: via.map(|i| i.code.clone()),
                ..Default::default()
            })
            .await?;
        if status != "pending" {
            let app = self.store.application_of(self.brand, &id).await?;
            let d = store::DecisionRecord {
                approve: status == "approved",
                reason: None,
                by: "demo".into(),
                at: joined + 3600,
                disclosure_confirmed: false,
            };
            self.store
                .decide_application(self.brand, &app.id, &d)
                .await?;
        }
        Ok(id)
    }

    async fn theme(
        &self,
        month: YearMonth,
        title: &str,
        description: &str,
    ) -> anyhow::Result<String> {
        let id = new_id();
        self.store
            .create_theme(
                &store::Theme {
                    brand_id: self.brand.into(),
                    id: id.clone(),
                    month: month.to_string(),
                    title: title.into(),
                    description: description.into(),
                    created_at: self.at(month.first_day()),
                    artwork_id: None,
                },
                "demo",
            )
            .await?;
        Ok(id)
    }

    /// A campaign whose sign-up closes at the end of `month`; a current one
    /// (`current`) gives a week to publish and settles a week after that.
    async fn campaign(
        &self,
        theme: &str,
        month: YearMonth,
        title: &str,
        brief: &str,
        slots: i64,
        current: bool,
    ) -> anyhow::Result<String> {
        let id = new_id();
        let last = month.last_day();
        let (publish_by, settlement) = if current {
            (last.add_days(7), last.add_days(14))
        } else {
            (last, last)
        };
        self.store
            .create_campaign(
                &store::Campaign {
                    id: id.clone(),
                    title: title.into(),
                    brief: brief.into(),
                    hashtags: vec!["#冬日护肤".into(), "#真实测评".into()],
                    platforms: vec!["xiaohongshu".into(), "douyin".into()],
                    slots,
                    signup_closes: last.to_string(),
                    publish_by: publish_by.to_string(),
                    settlement_date: settlement.to_string(),
                    // A brief that asks for the collaboration mark is a paid
                    // collaboration: its notes must carry the disclosure.
                    disclosure_required: brief.contains("品牌合作"),
                    status: rules::CampaignStatus::Published,
                    ..store::Campaign::draft(self.brand, theme, self.at(month.first_day()))
                },
                "demo",
            )
            .await?;
        Ok(id)
    }

    /// An approved note with a snapshot, submitted on `day` of `month`.
    async fn note(
        &self,
        campaign: &str,
        member: &str,
        month: YearMonth,
        likes: i64,
        comments: i64,
        saves: i64,
    ) -> anyhow::Result<()> {
        let id = new_id();
        let note_id = format!(
            "{:024x}",
            u128::from_str_radix(&id[8..32], 16)? & ((1u128 << 96) - 1)
        );
        let day = month.first_day().add_days(5);
        self.store
            .create_signup(self.brand, campaign, member, self.at(month.first_day()))
            .await?;
        self.store
            .create_submission(&store::Submission {
                brand_id: self.brand.into(),
                id: id.clone(),
                campaign_id: campaign.into(),
                member_id: member.into(),
                platform: "xiaohongshu".into(),
                canonical_url: format!("https://www.xiaohongshu.com/explore/{note_id}"),
                original_url: format!("https://www.xiaohongshu.com/explore/{note_id}"),
                note_id,
                status: rules::SubmissionStatus::Pending,
                reason: None,
                created_at: self.at(day),
                reviewed_at: None,
                reviewed_by: None,
                settled_points: None,
                settled_interactions: None,
                disclosure_declared: false,
                disclosure_confirmed: false,
                screenshot_id: None,
                client_hash: None,
            })
            .await?;
        let d = store::DecisionRecord {
            approve: true,
            reason: None,
            by: "demo".into(),
            at: self.at(day) + 3600,
            disclosure_confirmed: false,
        };
        self.store.decide_submission(self.brand, &id, &d).await?;
        let snapshot = store::Snapshot {
            snapshot_date: month.last_day().add_days(-1).to_string(),
            likes,
            comments,
            saves,
            recorded_at: self.at(month.last_day()),
            recorded_by: "demo".into(),
        };
        self.store.put_metrics(self.brand, &id, &snapshot).await?;
        Ok(())
    }
}

async fn brand(store: &dyn Store, id: &'static str, name: &str) -> anyhow::Result<()> {
    store
        .create_brand(&store::Brand {
            id: id.into(),
            name: name.into(),
            time_zone: time::DEFAULT_TIME_ZONE.into(),
            points_rule: serde_json::to_string(&rules::RuleSet::default())?,
            created_at: 0,
            ..Default::default()
        })
        .await?;
    Ok(())
}

/// Loads the demo data into an empty database.
pub async fn load(store: &dyn Store, now: i64) -> anyhow::Result<()> {
    anyhow::ensure!(
        store.is_empty().await?,
        "the database already has data; demo data goes into an empty one"
    );
    let hash = crate::auth::hash_password(DEMO_PASSWORD);
    brand(store, "demo", "Seedbed 演示品牌").await?;
    brand(store, "acme", "Acme 护肤").await?;

    let demo = Ctx {
        store,
        brand: "demo",
        zone: time::DEFAULT_TIME_ZONE,
        hash: hash.clone(),
        now,
    };
    demo.operator("operator@demo.test", "owner").await?;
    demo.operator("ops@demo.test", "operator").await?;
    demo.operator("reviewer@demo.test", "reviewer").await?;
    demo.operator("analyst@demo.test", "analyst").await?;

    let this_month = time::local_month(demo.zone, now);
    let mut past = Vec::new();
    let mut m = this_month;
    for _ in 0..3 {
        m = YearMonth {
            year: if m.month == 1 { m.year - 1 } else { m.year },
            month: if m.month == 1 { 12 } else { m.month - 1 },
        };
        past.push(m);
    }
    past.reverse(); // oldest first

    // A long-running recruitment with three channel links; four members
    // came by them (the channel report shows them).
    let recruitment = store::Recruitment {
        brand_id: "demo".into(),
        id: new_id(),
        title: "冬季新品试用招募".into(),
        purpose: rules::RecruitmentPurpose::Trial,
        kind: rules::RecruitmentKind::LongRunning,
        status: rules::RecruitmentStatus::Open,
        created_at: now - 210 * 86_400,
        created_by: "demo".into(),
    };
    let links: Vec<(String, String)> = [
        ("wechat", "demowechat2"),
        ("in_store", "demostore23"),
        ("member_pool", "demopool234"),
    ]
    .map(|(c, code)| (c.to_string(), code.to_string()))
    .to_vec();
    store.create_recruitment(&recruitment, &links).await?;
    let wechat = store.invite("demo", "demowechat2").await?;
    let in_store = store.invite("demo", "demostore23").await?;
    let pool = store.invite("demo", "demopool234").await?;
    let lin = demo
        .member_via(
            DEMO_CONSUMER_PHONE,
            "林小雨",
            "上海",
            3_200,
            "approved",
            Some(&wechat),
        )
        .await?;
    let chen = demo
        .member_via(
            "13800000002",
            "陈星",
            "杭州",
            18_500,
            "approved",
            Some(&in_store),
        )
        .await?;
    let wang = demo
        .member_via("13800000003", "王可", "成都", 860, "approved", Some(&pool))
        .await?;
    let zhou = demo
        .member("13800000004", "周一", "广州", 420, "approved")
        .await?;
    let extra = [
        demo.member("13800000005", "吴桐", "北京", 1_500, "approved")
            .await?,
        demo.member("13800000006", "郑好", "南京", 2_100, "approved")
            .await?,
        demo.member("13800000007", "孙悦", "深圳", 640, "approved")
            .await?,
    ];
    demo.member_via(
        "13800000009",
        "赵晴",
        "苏州",
        5_600,
        "pending",
        Some(&wechat),
    )
    .await?;

    let past_titles = ["秋季焕肤", "换季修护", "年末好物"];
    for (i, month) in past.iter().enumerate() {
        let theme = demo.theme(*month, past_titles[i], "往期主题").await?;
        let c = demo
            .campaign(
                &theme,
                *month,
                &format!("{}笔记征集", past_titles[i]),
                "分享你的真实使用体验。",
                30,
                false,
            )
            .await?;
        demo.note(&c, &lin, *month, 180 + 40 * i as i64, 25, 60)
            .await?;
        if i == 1 {
            demo.note(&c, &chen, *month, 1_450, 120, 380).await?;
        }
        if i == 2 {
            demo.note(&c, &wang, *month, 90, 12, 20).await?;
        }
        store
            .settle_campaign(
                "demo",
                &c,
                "demo",
                demo.at(month.last_day()),
                time::offset_minutes(demo.zone, demo.now),
            )
            .await?;
    }

    let theme = demo
        .theme(
            this_month,
            "冬日护肤季",
            "本月主题：冬季干燥，分享你的保湿修护心得。每篇通过审核的笔记都有积分，爆文另有奖励。",
        )
        .await?;
    let hot = demo
        .campaign(
            &theme,
            this_month,
            "修护面霜新品试用",
            "免费试用新品修护面霜，两周后发布一篇真实测评笔记（图文或视频），需标注品牌合作。",
            2,
            true,
        )
        .await?;
    demo.campaign(
        &theme,
        this_month,
        "冬日穿搭 × 护肤",
        "分享一套冬日出门穿搭，并提到你的护肤步骤。",
        20,
        true,
    )
    .await?;
    demo.campaign(
        &theme,
        this_month,
        "节日礼盒开箱",
        "拍摄节日礼盒开箱，介绍你最喜欢的一件单品。",
        10,
        true,
    )
    .await?;
    for m in [&chen, &wang, &zhou].into_iter().chain(extra.iter()) {
        store.create_signup("demo", &hot, m, now - 86_400).await?;
    }
    // 周一's note was turned down with a reason: the app offers an appeal.
    let rejected = new_id();
    store
        .create_submission(&store::Submission {
            brand_id: "demo".into(),
            id: rejected.clone(),
            campaign_id: hot.clone(),
            member_id: zhou.clone(),
            platform: "xiaohongshu".into(),
            note_id: "6650a1b2c3d4e5f607180001".into(),
            canonical_url: "https://www.xiaohongshu.com/explore/6650a1b2c3d4e5f607180001".into(),
            original_url: "https://www.xiaohongshu.com/explore/6650a1b2c3d4e5f607180001".into(),
            status: rules::SubmissionStatus::Pending,
            reason: None,
            created_at: now - 3600,
            reviewed_at: None,
            reviewed_by: None,
            settled_points: None,
            settled_interactions: None,
            disclosure_declared: true,
            disclosure_confirmed: false,
            screenshot_id: None,
            client_hash: None,
        })
        .await?;
    store
        .decide_submission(
            "demo",
            &rejected,
            &store::DecisionRecord {
                approve: false,
                reason: Some("笔记中没有出现产品实拍".into()),
                by: "demo".into(),
                at: now - 1800,
                disclosure_confirmed: false,
            },
        )
        .await?;
    // A training every approved KOC is asked to complete this month.
    let members = store.approved_members("demo").await?;
    store
        .create_task(
            &store::Task {
                brand_id: "demo".into(),
                id: new_id(),
                campaign_id: None,
                kind: rules::TaskKind::Training,
                title: "新品成分知识培训".into(),
                instructions: "看完培训课程，填写课程最后给出的完成码。".into(),
                questions: vec![],
                due_on: this_month.last_day().to_string(),
                reward_points: 20,
                created_at: now - 2 * 86_400,
                created_by: "demo".into(),
            },
            &members,
        )
        .await?;

    rewards(store, now, &chen).await?;

    let kos_hash = hash.clone();
    let acme = Ctx {
        store,
        brand: "acme",
        zone: time::DEFAULT_TIME_ZONE,
        hash,
        now,
    };
    acme.operator("operator@acme.test", "owner").await?;
    let a1 = acme
        .member(DEMO_CONSUMER_PHONE, "Acme 会员", "上海", 900, "approved")
        .await?;
    acme.member("13900000002", "Acme 申请人", "北京", 300, "pending")
        .await?;
    let acme_theme = acme
        .theme(this_month, "Acme Winter", "Acme's own theme.")
        .await?;
    acme.campaign(
        &acme_theme,
        this_month,
        "Acme Lip Balm Trial",
        "Try it, post about it.",
        5,
        true,
    )
    .await?;
    let last = past[2];
    let acme_past = acme.theme(last, "Acme Autumn", "").await?;
    let c = acme
        .campaign(&acme_past, last, "Acme Autumn Notes", "", 5, false)
        .await?;
    acme.note(&c, &a1, last, 300, 20, 40).await?;
    store
        .settle_campaign(
            "acme",
            &c,
            "demo",
            acme.at(last.last_day()),
            time::offset_minutes(acme.zone, acme.now),
        )
        .await?;
    kos_org(store, now, &kos_hash).await?;
    // issue 17: leads.
    kos_leads(store, now).await?;
    kos_backoffice(store, now).await?;
    Ok(())
}

/// The demo brand's KOS organisation (issue 17): regions 华南 and 华东,
/// stores GZ001 广州天河店 and GZ002 广州越秀店 (华南) and SH001 上海静安店
/// (华东), and their staff, each signing in with the demo password.
async fn kos_org(store: &dyn Store, now: i64, hash: &str) -> anyhow::Result<()> {
    let by = "system";
    let south = store.create_region("demo", "华南", by, now).await?;
    let east = store.create_region("demo", "华东", by, now).await?;
    let shop = |region: &store::RegionRow, code: &str, name: &str, city: &str, address: &str| {
        store::NewKosStore {
            region_id: region.id.clone(),
            code: code.into(),
            name: name.into(),
            city: city.into(),
            address: address.into(),
        }
    };
    let s1 = store
        .create_kos_store(
            "demo",
            &shop(&south, "GZ001", "广州天河店", "广州", "天河路 208 号"),
            by,
            now,
        )
        .await?;
    let s2 = store
        .create_kos_store(
            "demo",
            &shop(&south, "GZ002", "广州越秀店", "广州", "北京路 168 号"),
            by,
            now,
        )
        .await?;
    let s3 = store
        .create_kos_store(
            "demo",
            &shop(&east, "SH001", "上海静安店", "上海", "南京西路 1266 号"),
            by,
            now,
        )
        .await?;
    use rules::{KosRole::*, StaffRole::*};
    let people = [
        (
            "13900000001",
            "林小美",
            Staff,
            TopicExpert,
            &south,
            Some(&s1),
            "E1001",
        ),
        (
            "13900000002",
            "陈晓",
            Staff,
            ShoppingAssistant,
            &south,
            Some(&s1),
            "E1002",
        ),
        (
            "13900000011",
            "王店长",
            StoreManager,
            PersonalPartner,
            &south,
            Some(&s1),
            "E1011",
        ),
        (
            "13900000012",
            "赵店长",
            StoreManager,
            PersonalPartner,
            &south,
            Some(&s2),
            "E1012",
        ),
        (
            "13900000021",
            "区经理",
            RegionalManager,
            TopicExpert,
            &south,
            None,
            "E1021",
        ),
        (
            "13900000003",
            "周婷",
            Staff,
            PersonalPartner,
            &east,
            Some(&s3),
            "E2001",
        ),
    ];
    for (phone, name, role, kos_role, region, shop, no) in people {
        store
            .create_staff(
                "demo",
                &store::NewStaff {
                    name: name.into(),
                    phone: phone.into(),
                    role,
                    kos_role,
                    region_id: region.id.clone(),
                    store_id: shop.map(|s| s.id.clone()),
                    employee_no: no.into(),
                    password_hash: Some(hash.to_string()),
                    joined_on: "2026-03-01".into(),
                },
                by,
                now,
            )
            .await?;
    }
    Ok(())
}

/// The demo brand's rewards catalogue (issue 16): a coupon with a pool of
/// codes, a checkout voucher, a gift for intermediate KOCs and a salon
/// with seats; 陈星 has redeemed the gift, waiting to be shipped.
async fn rewards(store: &dyn Store, now: i64, chen: &str) -> anyhow::Result<()> {
    let item = |kind: rules::RewardKind, title: &str, description: &str, price: i64, stock: i64| {
        store::RewardItem {
            brand_id: "demo".into(),
            id: new_id(),
            kind,
            title: title.into(),
            description: description.into(),
            image_id: None,
            price,
            stock,
            min_tier: "member".into(),
            min_class: None,
            per_member_limit: 1,
            starts_at: None,
            ends_at: None,
            shared_code: None,
            voucher_fen: 0,
            event_at: None,
            venue: String::new(),
            active: true,
            created_at: now - 7 * 86_400,
            created_by: "demo".into(),
            updated_at: now - 7 * 86_400,
        }
    };
    let coupon = item(
        rules::RewardKind::Coupon,
        "满 199 减 30 优惠券",
        "官方旗舰店全场可用，每人限兑一张。",
        50,
        0,
    );
    store.create_reward(&coupon).await?;
    let codes: Vec<String> = (1..=20).map(|i| format!("WINTER30-{i:04}")).collect();
    store
        .add_reward_codes("demo", &coupon.id, &codes, "demo", now - 7 * 86_400)
        .await?;
    store
        .create_reward(&store::RewardItem {
            voucher_fen: 1_000,
            per_member_limit: 0,
            ..item(
                rules::RewardKind::Voucher,
                "10 元门店代金券",
                "到店结账时出示券码抵扣 10 元。",
                1_000,
                50,
            )
        })
        .await?;
    let gift = store::RewardItem {
        min_tier: rules::Tier::Intermediate.as_str().into(),
        ..item(
            rules::RewardKind::Gift,
            "修护面霜正装 50ml",
            "中级及以上 KOC 专享，包邮到家。",
            200,
            10,
        )
    };
    store.create_reward(&gift).await?;
    store
        .create_reward(&store::RewardItem {
            min_tier: rules::Tier::Senior.as_str().into(),
            event_at: Some(now + 14 * 86_400),
            venue: "上海静安店".into(),
            ..item(
                rules::RewardKind::Experience,
                "新品品鉴沙龙",
                "与品牌研发面对面，名额有限。",
                1_500,
                12,
            )
        })
        .await?;
    store
        .redeem(
            "demo",
            &store::NewRedemption {
                id: new_id(),
                item_id: gift.id,
                member_id: chen.to_string(),
                shipping: Some((
                    "陈星".into(),
                    "13800000002".into(),
                    "杭州市西湖区文三路 100 号".into(),
                )),
                ticket: String::new(),
                at: now - 86_400,
            },
        )
        .await?;
    Ok(())
}

/// The demo brand's KOS leads (issue 17: leads): the tag dictionary (skin
/// type, budget, interests), a personal tag of 林小美's, leads of 林小美 and
/// 陈晓 at 广州天河店 at several stages (dated over the last days, so the
/// funnel shows times in stage), one of 赵店长 at 广州越秀店 and one at
/// 上海静安店; 林小美 is on shift.
async fn kos_leads(store: &dyn Store, now: i64) -> anyhow::Result<()> {
    use rules::kos::KosScope;
    use rules::words::{LeadSource, LeadStage};
    let day = 86_400;
    let op = store::LeadActor::Operator("demo".into());
    let mut tag = std::collections::HashMap::new();
    for (group, names) in [
        ("肤质", &["干皮", "油皮", "混合皮", "敏感肌"][..]),
        ("预算", &["300 元以下", "300–800 元", "800 元以上"][..]),
        ("兴趣", &["护肤", "彩妆", "香水"][..]),
    ] {
        let g = store::TagGroup {
            id: new_id(),
            name: group.into(),
            created_at: now - 30 * day,
        };
        store.create_tag_group("demo", &g, "demo").await?;
        for n in names {
            let t = store::Tag {
                id: new_id(),
                group_id: g.id.clone(),
                staff_id: String::new(),
                name: (*n).into(),
                created_at: now - 30 * day,
            };
            store.create_tag("demo", &t, &op).await?;
            tag.insert(*n, t.id);
        }
    }
    let lin = store.staff_by_phone("demo", "13900000001").await?;
    let chen = store.staff_by_phone("demo", "13900000002").await?;
    let zhao = store.staff_by_phone("demo", "13900000012").await?;
    let sh = store.staff_by_phone("demo", "13900000003").await?;
    let regular = store::Tag {
        id: new_id(),
        group_id: String::new(),
        staff_id: lin.id.clone(),
        name: "老客户".into(),
        created_at: now - 20 * day,
    };
    store
        .create_tag("demo", &regular, &store::LeadActor::Staff(lin.id.clone()))
        .await?;
    tag.insert("老客户", regular.id.clone());
    // (staff, phone, handle, platform, tags, stages reached after arrival,
    // days ago it arrived, a purchase's amount)
    type Plan<'a> = (
        &'a store::StaffRow,
        &'a str,
        &'a str,
        &'a str,
        &'a [&'a str],
        usize,
        i64,
        Option<i64>,
    );
    let plan: [Plan; 8] = [
        (
            &lin,
            "13800100001",
            "Lily 小红书",
            "xiaohongshu",
            &["干皮", "300–800 元", "老客户"],
            1,
            6,
            None,
        ),
        (
            &lin,
            "13800100002",
            "",
            "douyin",
            &["油皮", "彩妆"],
            0,
            2,
            None,
        ),
        (
            &lin,
            "",
            "wx_amy_2026",
            "personal_wechat",
            &["敏感肌", "护肤"],
            3,
            9,
            None,
        ),
        (
            &lin,
            "13800100003",
            "Coco",
            "xiaohongshu",
            &["混合皮", "800 元以上"],
            4,
            12,
            Some(45_900),
        ),
        (&chen, "13800100004", "", "douyin", &["干皮"], 2, 5, None),
        (&chen, "13800100005", "小雨", "", &[], 1, 3, None),
        (
            &zhao,
            "13800100006",
            "",
            "xiaohongshu",
            &["香水"],
            1,
            4,
            None,
        ),
        (&sh, "13800100007", "", "weibo", &[], 0, 1, None),
    ];
    for (who, phone, handle, platform, tags, steps, ago, amount) in plan {
        let Some(store_id) = who.store_id.clone() else {
            continue;
        };
        let at = now - ago * day;
        let lead = store
            .create_lead(
                "demo",
                &store::NewLead {
                    id: new_id(),
                    staff_id: who.id.clone(),
                    store_id,
                    source: if platform.is_empty() {
                        LeadSource::LiveCode
                    } else {
                        LeadSource::Manual
                    },
                    source_platform: platform.into(),
                    source_note_id: None,
                    template_id: None,
                    handle: handle.into(),
                    phone: phone.into(),
                    consent: true,
                    stage: LeadStage::Contacted,
                    tags: tags.iter().map(|t| tag[t].clone()).collect(),
                    by: store::LeadActor::Staff(who.id.clone()),
                    at,
                },
            )
            .await?;
        let mut stage = LeadStage::Contacted;
        for step in 0..steps {
            stage = stage.next();
            let when = at + (step as i64 + 1) * day / 2 + 3_600 * step as i64;
            store
                .move_lead(
                    "demo",
                    &KosScope::Brand,
                    &lead.id,
                    &store::LeadMove {
                        to: stage,
                        amount_fen: amount.filter(|_| stage.is_purchase()),
                        by: store::LeadActor::Staff(who.id.clone()),
                        at: when,
                    },
                )
                .await?;
        }
    }
    store.set_on_duty("demo", &lin.id, true, now - day).await?;
    Ok(())
}

/// The KOS back office's demo rows (issue 17): a course for store 1
/// (GZ001) and one for topic experts, this month's goals for store 1 and
/// 林小美, a notes competition between GZ001 and SH001, and a reward paid
/// to 林小美 through the ledger; the access matrix finds its ids here.
async fn kos_backoffice(store: &dyn Store, now: i64) -> anyhow::Result<()> {
    use rules::backoffice::{Question, Quiz};
    use rules::words::{
        CourseStatus, CourseTarget, IncentiveKind, KosMetric, KosSubject, RewardUnit,
    };
    let lin = store.staff_by_phone("demo", "13900000001").await?;
    let store1 = lin.store_id.clone().unwrap_or_default();
    let shanghai = store.staff_by_phone("demo", "13900000003").await?;
    let store3 = shanghai.store_id.clone().unwrap_or_default();
    let quiz = Quiz {
        questions: vec![
            Question {
                prompt: "顾客在评论区问价格，应该？".into(),
                choices: vec![
                    "直接回复价格".into(),
                    "引导到私信详细沟通".into(),
                    "不回复".into(),
                ],
                answer: 1,
            },
            Question {
                prompt: "笔记里要写明门店位置吗？".into(),
                choices: vec!["要，方便顾客到店".into(), "不需要".into()],
                answer: 0,
            },
        ],
    };
    let course = |title: &str, body: &str, targets| store::NewCourse {
        title: title.into(),
        body: body.into(),
        video_url: String::new(),
        quiz: quiz.clone(),
        pass_percent: 60,
        status: CourseStatus::Published,
        targets,
    };
    store
        .create_course(
            "demo",
            &course(
                "天河店新人必修：笔记与私域",
                "真实姓名、本人照片、门店写进简介；笔记里带上门店位置；价格问题引导到私信。",
                vec![(CourseTarget::Store, store1.clone())],
            ),
            "demo",
            now,
        )
        .await?;
    store
        .create_course(
            "demo",
            &course(
                "话题专家：用大白话讲成分",
                "把专业成分讲成顾客听得懂的话，每篇只讲一个重点。",
                vec![(
                    CourseTarget::KosRole,
                    rules::KosRole::TopicExpert.as_str().into(),
                )],
            ),
            "demo",
            now,
        )
        .await?;
    let month = time::local_month(time::DEFAULT_TIME_ZONE, now);
    for (subject, id, metric, target) in [
        (KosSubject::Store, store1.as_str(), KosMetric::Notes, 30),
        (KosSubject::Store, store1.as_str(), KosMetric::Leads, 100),
        (
            KosSubject::Store,
            store1.as_str(),
            KosMetric::SalesFen,
            500_000,
        ),
        (KosSubject::Staff, lin.id.as_str(), KosMetric::Notes, 8),
        (KosSubject::Staff, lin.id.as_str(), KosMetric::Leads, 20),
    ] {
        store
            .set_goal(
                "demo",
                &store::NewGoal {
                    subject,
                    subject_id: id.to_string(),
                    month,
                    metric,
                    target,
                },
                &rules::KosScope::Brand,
                "demo",
                now,
            )
            .await?;
    }
    store
        .create_competition(
            "demo",
            &store::NewCompetition {
                title: "本月门店笔记赛".into(),
                metric: KosMetric::Notes,
                entrant: KosSubject::Store,
                starts_on: month.first_day(),
                ends_on: month.last_day(),
                prize_unit: RewardUnit::Points,
                prizes: vec![2_000, 1_000],
                entrants: vec![store1, store3],
            },
            "demo",
            now,
        )
        .await?;
    store
        .grant_reward(
            "demo",
            &store::NewReward {
                staff_id: lin.id.clone(),
                kind: IncentiveKind::AccountGrowth,
                unit: RewardUnit::Points,
                amount: 200,
                period: month.to_string(),
                source_key: "demo:lin-growth".into(),
                memo: "小红书账号涨粉奖励".into(),
            },
            "demo",
            now,
        )
        .await?;
    Ok(())
}
