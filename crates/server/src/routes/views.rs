//! Conversions from store rows to API shapes: the one place a route turns
//! what the store holds into what the wire carries (input checks, the
//! other direction, are in `input`). Some read a little more from the
//! store (a theme's campaigns, an operator's brand) to complete a view.

use super::Json;
use super::recruitment::link_url;
use crate::AppState;
use crate::error::ApiResult;
use crate::time;
use rules::Phone;

// The points economy's views (checkout, rewards, points, roster), one
// file of their own, named here as every other view is.
pub use super::points_views::*;

/// An application as operators see it in lists: the contact masked
/// (`138****0001`); `GET …/applications/{id}/contact` shows it whole.
pub fn application(a: store::Application) -> api::ApplicationView {
    let mut v = own_application(a);
    v.contact = rules::phone::mask_contact(&v.contact);
    v
}

/// An application as its applicant sees it: everything in full.
pub fn own_application(a: store::Application) -> api::ApplicationView {
    api::ApplicationView {
        id: a.id,
        status: a.status,
        reason: a.reason,
        display_name: a.display_name,
        contact: a.contact,
        city: a.city,
        social_accounts: a
            .social_accounts
            .into_iter()
            .map(|s| api::SocialAccount {
                platform: s.platform,
                profile_url: s.profile_url,
                followers: s.followers,
            })
            .collect(),
        interests: a.interests,
        motivation: a.motivation,
        terms_version: a.terms_version,
        created_at: a.created_at,
        decided_at: a.decided_at,
        channel: a.channel,
        info_request: a.info_request,
        info_reply: a.info_reply,
        evidence: a.evidence,
        duplicates: 0,
        appeal_note: a.appeal_note,
    }
}

/// The campaign's points rule as consumers see it: base, the first
/// engagement band, the viral bonus.
pub fn rule(r: &rules::PointsRules) -> api::PointsRuleView {
    let band = r.bands.first();
    api::PointsRuleView {
        base: r.base,
        interactions_per_step: band.map_or(1, |b| b.per),
        points_per_step: band.map_or(0, |b| b.points),
        engagement_cap: band.map_or(0, |b| b.cap),
        viral_threshold: r.viral_threshold,
        viral_bonus: r.viral_bonus,
    }
}

/// A campaign as its callers see it; for a signed-in member, with their
/// sign-up and what keeps them from signing up.
pub fn campaign(
    c: store::Campaign,
    mine: Option<&store::Signup>,
    blocked: Option<rules::signup::Block>,
) -> api::CampaignView {
    api::CampaignView {
        rule: rule(&c.rules.points),
        rule_version: i64::from(c.rules.version),
        multiplier_percent: c.multiplier_percent,
        disclosure_required: c.disclosure_required,
        min_tier: c.min_tier.as_str().into(),
        selection_confirmed: c.selected_at.is_some(),
        selected: c.selected,
        note_type: c.note_type,
        products: c.products,
        signup_opens: c.signup_opens,
        id: c.id,
        theme_id: c.theme_id,
        title: c.title,
        brief: c.brief,
        hashtags: c.hashtags,
        platforms: c.platforms,
        slots: c.slots,
        signups: c.signups,
        status: c.status,
        signup_closes: c.signup_closes,
        publish_by: c.publish_by,
        settlement_date: c.settlement_date,
        signed_up: mine.is_some_and(|s| s.status != "withdrawn"),
        my_signup: mine.map(|s| api::MySignup {
            status: s.status,
            waitlist_pos: s.waitlist_pos,
        }),
        blocked: blocked.map(|b| b.code().to_string()),
        sample_days: c.sample_days,
        my_sample: None,
    }
}

/// The publishing deadline of a sample received on `received` (a date):
/// that day plus the campaign's sample days.
pub fn publish_by(received: Option<&str>, days: i64) -> Option<String> {
    received
        .and_then(rules::CivilDate::parse)
        .map(|d| d.add_days(days).to_string())
}

/// Where a selected member's sample is (`None` when they have given no
/// address yet).
pub fn my_sample(s: Option<store::Sample>, days: i64) -> api::MySample {
    let Some(s) = s else {
        return api::MySample {
            stage: "address_needed".into(),
            courier: None,
            tracking: None,
            publish_by: None,
        };
    };
    let publish_by = publish_by(s.received_on.as_deref(), days);
    api::MySample {
        stage: match (&s.received_on, s.shipped_at) {
            (Some(_), _) => "received",
            (None, Some(_)) => "shipped",
            (None, None) => "to_ship",
        }
        .into(),
        courier: s.courier,
        tracking: s.tracking,
        publish_by,
    }
}

/// The campaign's sign-up window as the rules see it.
pub fn signup_window(c: &store::Campaign) -> rules::signup::Window {
    rules::signup::Window {
        published: c.status == "published",
        min_tier: c.min_tier,
        opens: rules::CivilDate::parse(&c.signup_opens),
        closes: rules::CivilDate::parse(&c.signup_closes).unwrap_or(rules::CivilDate {
            year: 0,
            month: 1,
            day: 1,
        }),
        slots: c.slots,
        selected: c.selected,
        selection_confirmed: c.selected_at.is_some(),
    }
}

/// An inbox line: the stored detail's fields the app words it with.
pub fn notification(n: store::Notification) -> api::NotificationView {
    let d: serde_json::Value = serde_json::from_str(&n.detail).unwrap_or_default();
    let text = |k: &str| d.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let int = |k: &str| d.get(k).and_then(serde_json::Value::as_i64);
    api::NotificationView {
        campaign_title: text("campaign_title"),
        reason: text("reason"),
        points: int("points"),
        waitlist_pos: int("waitlist_pos"),
        moved_up: d.get("moved_up").and_then(serde_json::Value::as_bool) == Some(true),
        id: n.id,
        kind: n.kind,
        created_at: n.created_at,
        read: n.read_at.is_some(),
        tier: text("to"),
    }
}

pub fn theme(t: store::Theme, campaigns: Vec<api::CampaignView>) -> api::ThemeView {
    api::ThemeView {
        artwork_url: t
            .artwork_id
            .as_ref()
            .map(|_| format!("/api/v1/brands/{}/themes/{}/artwork", t.brand_id, t.id)),
        id: t.id,
        month: t.month,
        title: t.title,
        description: t.description,
        campaigns,
    }
}

pub fn settlement(s: store::Settlement) -> api::SettlementView {
    api::SettlementView {
        campaign_id: s.campaign_id,
        notes: s.notes,
        points_total: s.points_total,
        settled_at: s.settled_at,
    }
}

/// A submission with its campaign title, member name and latest metrics
/// (one submission; lists get all of it in one query via `submission_detail`).
pub async fn submission(state: &AppState, s: store::Submission) -> ApiResult<api::SubmissionView> {
    let campaign = state.store.campaign(&s.brand_id, &s.campaign_id).await?;
    let member_name = match state.store.application_of(&s.brand_id, &s.member_id).await {
        Ok(a) => a.display_name,
        Err(store::StoreError::NotFound) => String::new(),
        Err(e) => return Err(e.into()),
    };
    let latest = state
        .store
        .latest_metrics(&s.brand_id, &s.id, "9999-12-31")
        .await?;
    Ok(submission_detail(store::SubmissionDetail {
        campaign_title: campaign.title,
        disclosure_required: campaign.disclosure_required,
        member_name,
        snapshot_date: latest.as_ref().map(|m| m.snapshot_date.clone()),
        likes: latest.as_ref().map(|m| m.likes),
        comments: latest.as_ref().map(|m| m.comments),
        saves: latest.as_ref().map(|m| m.saves),
        appeal_note: None,
        submission: s,
    }))
}

pub fn submission_detail(d: store::SubmissionDetail) -> api::SubmissionView {
    let metrics = match (d.snapshot_date, d.likes, d.comments, d.saves) {
        (Some(date), Some(likes), Some(comments), Some(saves)) => Some(api::MetricsView {
            date,
            likes,
            comments,
            saves,
        }),
        _ => None,
    };
    let s = d.submission;
    api::SubmissionView {
        id: s.id,
        campaign_id: s.campaign_id,
        campaign_title: d.campaign_title,
        member_id: s.member_id,
        member_name: d.member_name,
        platform: s.platform,
        note_id: s.note_id,
        canonical_url: s.canonical_url,
        original_url: s.original_url,
        status: s.status,
        reason: s.reason,
        created_at: s.created_at,
        metrics,
        points: s.settled_points,
        disclosure_required: d.disclosure_required,
        disclosure_declared: s.disclosure_declared,
        disclosure_confirmed: s.disclosure_confirmed,
        screenshot_id: s.screenshot_id,
        appeal_note: d.appeal_note,
        flags: Vec::new(),
    }
}

pub fn ledger_entry(e: store::LedgerEntry) -> api::LedgerEntryView {
    #[derive(serde::Deserialize)]
    struct Detail {
        breakdown: Option<rules::PointsBreakdown>,
    }
    let breakdown = serde_json::from_str::<Detail>(&e.detail)
        .ok()
        .and_then(|d| d.breakdown);
    api::LedgerEntryView {
        id: e.id,
        points: e.points,
        reason: e.reason,
        memo: e.memo,
        created_at: e.created_at,
        interactions: breakdown.as_ref().map(|b| b.interactions),
        lines: breakdown
            .map(|b| {
                b.lines
                    .into_iter()
                    .map(|l| api::PointsLineView {
                        code: l.code.into_owned(),
                        points: l.points,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

pub fn note_link(link: rules::NoteLink) -> api::NoteLinkView {
    api::NoteLinkView {
        platform: link.platform.as_str().into(),
        note_id: link.note_id,
        kind: match link.kind {
            rules::LinkKind::Note => "note".into(),
            rules::LinkKind::ShortLink => "short_link".into(),
        },
        canonical_url: link.canonical_url,
    }
}

pub async fn operator_me(state: &AppState, brand: &str, id: &str) -> ApiResult<api::OperatorMe> {
    let op = state.store.operator(brand, id).await?;
    let b = state.store.brand(brand).await?;
    let second_factor = crate::auth::has_second_factor(state, brand, id).await?;
    let must_enrol = !second_factor
        && op.role == rules::Role::Owner
        && state.store.owners_need_totp(brand).await?;
    Ok(api::OperatorMe {
        operator_id: op.id,
        brand: b.id,
        brand_name: b.name,
        email: op.email,
        role: op.role,
        second_factor,
        must_enrol,
    })
}

pub async fn member_me(state: &AppState, brand: &str, member_id: &str) -> ApiResult<api::MemberMe> {
    let member = state.store.member(brand, member_id).await?;
    let b = state.store.brand(brand).await?;
    let application = match state.store.application_of(brand, member_id).await {
        Ok(a) => Some(api::MyApplication {
            id: a.id,
            status: a.status,
            reason: a.reason,
            info_request: a.info_request,
            appeal_note: a.appeal_note,
        }),
        Err(store::StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let approved = application.as_ref().is_some_and(|a| a.status == "approved");
    let (tier, progress, tier_since) = if approved {
        let offset = time::offset_minutes(&b.time_zone, state.clock.now());
        let today = time::local_date(&b.time_zone, state.clock.now());
        let rules = store::load_rules(&b.points_rule)?;
        let notes = state.store.settled_notes(brand, member_id, offset).await?;
        let mut history = state.store.tier_history(brand, member_id).await?;
        if history.changes.is_empty() && !notes.is_empty() {
            // Notes settled before tiers were recorded: evaluate them now
            // (shown, not stored; the next settlement records from here).
            let o = rules::tier::evaluate(&notes, &rules.tiers);
            history = store::TierHistory {
                state: o.state,
                changes: o.changes,
            };
        }
        let progress = rules::tier::progress(history.state, &notes, &rules.tiers, today);
        let since = history.changes.last().map(|c| c.date.to_string());
        let progress = api::Localized {
            zh: progress.text(true),
            en: progress.text(false),
        };
        (history.state.tier.as_str(), Some(progress), since)
    } else {
        ("applicant", None, None)
    };
    Ok(api::MemberMe {
        member_id: member.id,
        brand: member.brand_id,
        phone_masked: Phone::parse(&member.phone)
            .map(|p| p.masked())
            .unwrap_or_default(),
        application,
        tier: tier.into(),
        balance: state.store.balance(brand, member_id).await?,
        progress,
        tier_since,
        unread: state.store.unread_notifications(brand, member_id).await?,
    })
}

pub async fn theme_view(state: &AppState, t: store::Theme) -> ApiResult<api::ThemeView> {
    let campaigns = state.store.campaigns(&t.brand_id, &t.id).await?;
    Ok(theme(
        t,
        campaigns
            .into_iter()
            .map(|c| campaign(c, None, None))
            .collect(),
    ))
}

pub async fn rule_set_view(
    state: &AppState,
    brand: &str,
    rules: rules::RuleSet,
) -> ApiResult<Json<api::RuleSetView>> {
    let versions = state
        .store
        .rule_set_versions(brand)
        .await?
        .into_iter()
        .map(|v| api::RuleVersionView {
            version: v.version,
            created_at: v.created_at,
            created_by: v.created_by,
        })
        .collect();
    Ok(Json(api::RuleSetView { rules, versions }))
}

pub async fn recruitment_view(
    state: &AppState,
    origin: &str,
    r: store::Recruitment,
) -> ApiResult<api::RecruitmentView> {
    let mut links = Vec::new();
    for i in state.store.invites(&r.brand_id, &r.id).await? {
        let url = link_url(origin, &r.brand_id, &i.code);
        links.push(api::InviteLink {
            qr_svg: format!("/api/v1/admin/invites/{}/qr.svg", i.code),
            channel: i.channel,
            code: i.code,
            url,
        });
    }
    let report = state
        .store
        .channel_report(&r.brand_id, Some(&r.id))
        .await?
        .into_iter()
        .map(stats_view)
        .collect();
    Ok(api::RecruitmentView {
        id: r.id,
        title: r.title,
        purpose: r.purpose,
        kind: r.kind,
        status: r.status,
        created_at: r.created_at,
        links,
        report,
    })
}

pub fn stats_view(s: store::ChannelStats) -> api::ChannelStatsView {
    api::ChannelStatsView {
        channel: s.channel,
        applications: s.applications,
        approved: s.approved,
        first_notes: s.first_notes,
    }
}

pub fn task_view(t: store::TaskSummary) -> api::TaskView {
    api::TaskView {
        id: t.task.id,
        kind: t.task.kind.into(),
        title: t.task.title,
        instructions: t.task.instructions,
        questions: t.task.questions,
        due_on: t.task.due_on,
        reward_points: t.task.reward_points,
        campaign_id: t.task.campaign_id,
        assigned: t.assigned,
        submitted: t.submitted,
        done: t.done,
    }
}

pub fn assignment_view(a: store::Assignment, today: &str) -> api::AssignmentView {
    api::AssignmentView {
        overdue: a.status == "assigned" && a.due_on.as_str() < today,
        answer: a
            .answer
            .as_deref()
            .and_then(|t| serde_json::from_str::<api::TaskAnswer>(t).ok())
            .map(|mut x| {
                x.evidence_id = a.evidence_id.clone();
                x
            }),
        questions: serde_json::from_str(&a.questions).unwrap_or_default(),
        task_id: a.task_id,
        member_id: a.member_id,
        member_name: a.member_name,
        kind: a.kind.into(),
        title: a.title,
        instructions: a.instructions,
        due_on: a.due_on,
        reward_points: a.reward_points,
        status: a.status,
        submitted_at: a.submitted_at,
        reason: a.reason,
    }
}

pub fn sample_view(s: store::Sample, days: i64) -> api::SampleView {
    let publish_by = publish_by(s.received_on.as_deref(), days);
    api::SampleView {
        phone: s.phone,
        campaign_id: s.campaign_id,
        member_id: s.member_id,
        member_name: s.member_name,
        recipient: s.recipient,
        address: s.address,
        courier: s.courier,
        tracking: s.tracking,
        shipped_at: s.shipped_at,
        received_on: s.received_on,
        publish_by,
    }
}

/// An operator of the brand as the team page lists them.
/// An operator of the team; `second_factor`: whether they have one on.
pub fn operator(o: store::Operator, second_factor: bool) -> api::OperatorView {
    api::OperatorView {
        id: o.id,
        email: o.email,
        role: o.role,
        created_at: o.created_at,
        second_factor,
    }
}

/// A pending invitation to join the team.
pub fn invite(i: store::OperatorInvite) -> api::InviteView {
    api::InviteView {
        id: i.token_hash,
        email: i.email,
        role: i.role,
        created_at: i.created_at,
        expires_at: i.expires_at,
    }
}

/// A line of the outbox.
pub fn mail(m: store::OutboxMail) -> api::MailView {
    api::MailView {
        to: m.to_addr,
        subject: m.subject,
        created_at: m.created_at,
        sent_at: m.sent_at,
        attempts: m.attempts,
        last_error: m.last_error,
    }
}

/// One metrics snapshot of a note.
pub fn metrics(m: store::Snapshot) -> api::MetricsView {
    api::MetricsView {
        date: m.snapshot_date,
        likes: m.likes,
        comments: m.comments,
        saves: m.saves,
    }
}

/// An imported candidate, the phone masked.
pub fn candidate(c: store::Candidate) -> api::CandidateView {
    api::CandidateView {
        phone: rules::phone::mask_contact(&c.phone),
        parts: serde_json::from_str(&c.parts).unwrap_or_default(),
        id: c.id,
        external_id: c.external_id,
        amount_cents: c.amount_cents,
        orders: c.orders,
        member_since: c.member_since,
        last_active: c.last_active,
        score: c.score,
        invite_code: c.invite_code,
        invited_at: c.invited_at,
    }
}

/// A line of the audit log, with the operator's e-mail when the actor is one.
pub fn audit_entry(
    e: store::AuditEntry,
    actor_email: Option<String>,
) -> ApiResult<api::AuditEntryView> {
    Ok(api::AuditEntryView {
        id: e.id,
        actor_kind: e.actor_kind,
        actor_id: e.actor_id,
        actor_email,
        action: e.action,
        target_kind: e.target_kind,
        target_id: e.target_id,
        before: e.before,
        after: e.after,
        at: e.at,
    })
}

/// What the SMS tables hold for a member's phone, as their data download
/// shows it: never a code or its hash.
pub fn my_sms(
    texts: Vec<store::SmsMessage>,
    codes: Vec<store::SmsCode>,
    counter: Option<store::SmsCounter>,
) -> api::MySms {
    api::MySms {
        texts: texts
            .into_iter()
            .map(|m| api::SmsRecord {
                template: m.template,
                created_at: m.created_at,
                sent_at: m.sent_at,
            })
            .collect(),
        codes: codes
            .into_iter()
            .map(|c| api::SmsCodeRecord {
                purpose: c.purpose,
                created_at: c.created_at,
                expires_at: c.expires_at,
                tries: c.tries,
                used_at: c.used_at,
            })
            .collect(),
        sends_on_counter_day: counter.as_ref().map_or(0, |c| c.sends),
        counter_day: counter
            .as_ref()
            .map(|c| rules::CivilDate::from_unix(c.day * 86_400, 0).to_string()),
        last_send_at: counter.map(|c| c.last_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The consumer app decodes the server's views into projections with
    /// fewer fields (`api::MyTheme`, `MyCampaign`, `MyNote`): every view
    /// the server writes must decode into them, with the values intact.
    #[test]
    fn the_apps_projections_decode_the_servers_views() {
        let c = store::Campaign {
            brand_id: "demo".into(),
            id: "c1".into(),
            theme_id: "t1".into(),
            title: "试用".into(),
            brief: "b".into(),
            hashtags: vec!["#a".into()],
            platforms: vec!["xiaohongshu".into()],
            slots: 2,
            signup_closes: "2026-12-10".into(),
            publish_by: "2026-12-20".into(),
            settlement_date: "2026-12-31".into(),
            rules: rules::RuleSet::default(),
            multiplier_percent: 100,
            disclosure_required: true,
            status: rules::CampaignStatus::Published,
            created_at: 0,
            signups: 6,
            min_tier: rules::Tier::Junior,
            note_type: rules::NoteType::Video,
            products: vec!["面霜".into()],
            signup_opens: String::new(),
            selected_at: Some(1),
            selected: 2,
            sample_days: 14,
        };
        let signup = store::Signup {
            campaign_id: "c1".into(),
            member_id: "m1".into(),
            status: rules::SignupStatus::Waitlisted,
            waitlist_pos: Some(3),
            created_at: 0,
            decided_at: None,
        };
        let mut view = campaign(c, Some(&signup), Some(rules::signup::Block::SlotsFull));
        view.my_sample = Some(my_sample(None, 14));
        let t = theme(
            store::Theme {
                brand_id: "demo".into(),
                id: "t1".into(),
                month: "2026-12".into(),
                title: "冬".into(),
                description: String::new(),
                created_at: 0,
                artwork_id: None,
            },
            vec![view],
        );
        let json = serde_json::to_value(&t).unwrap();
        let mine: api::MyTheme = serde_json::from_value(json).unwrap();
        let c = &mine.campaigns[0];
        assert_eq!((c.signups, c.slots, c.sample_days), (6, 2, 14));
        assert_eq!(c.my_signup.as_ref().unwrap().waitlist_pos, Some(3));
        assert_eq!(c.blocked.as_deref(), Some("slots_full"));
        assert_eq!(c.my_sample.as_ref().unwrap().stage, "address_needed");
        assert!(c.selection_confirmed && c.disclosure_required);

        let note = submission_detail(store::SubmissionDetail {
            submission: store::Submission {
                brand_id: "demo".into(),
                id: "s1".into(),
                campaign_id: "c1".into(),
                member_id: "m1".into(),
                platform: "xiaohongshu".into(),
                note_id: "n1".into(),
                canonical_url: "u".into(),
                original_url: "o".into(),
                status: rules::SubmissionStatus::Rejected,
                reason: Some("r".into()),
                created_at: 0,
                reviewed_at: None,
                reviewed_by: None,
                settled_points: Some(70),
                settled_interactions: None,
                disclosure_declared: false,
                disclosure_confirmed: false,
                screenshot_id: None,
                client_hash: None,
            },
            campaign_title: "试用".into(),
            disclosure_required: false,
            member_name: "小林".into(),
            snapshot_date: Some("2026-12-01".into()),
            likes: Some(1),
            comments: Some(2),
            saves: Some(3),
            appeal_note: Some("再看看".into()),
        });
        let mine: api::MyNote =
            serde_json::from_value(serde_json::to_value(&note).unwrap()).unwrap();
        assert_eq!(
            (
                mine.points,
                mine.appeal_note.as_deref(),
                mine.reason.as_deref()
            ),
            (Some(70), Some("再看看"), Some("r"))
        );
    }
}
