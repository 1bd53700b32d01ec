//! Conversions from store rows to API shapes, and the shared input checks
//! that turn raw strings into typed values at the edge.

use crate::AppState;
use crate::error::{ApiError, ApiResult};

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
        status: a.status.into(),
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
        channel: a.channel.into(),
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
        note_type: c.note_type.into(),
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
        status: c.status.into(),
        signup_closes: c.signup_closes,
        publish_by: c.publish_by,
        settlement_date: c.settlement_date,
        signed_up: mine.is_some_and(|s| s.status != "withdrawn"),
        my_signup: mine.map(|s| api::MySignup {
            status: s.status.into(),
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
        kind: n.kind.into(),
        created_at: n.created_at,
        read: n.read_at.is_some(),
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
        status: s.status.into(),
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

/// A required single-line text: trimmed, non-empty, at most `max` characters.
pub fn text(value: &str, max: usize) -> ApiResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::invalid("field_required"));
    }
    optional_text(v, max)
}

/// An optional text: trimmed, at most `max` characters, no control characters
/// other than line breaks.
pub fn optional_text(value: &str, max: usize) -> ApiResult<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(ApiError::invalid("field_too_long"));
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ApiError::invalid("control_characters"));
    }
    Ok(v.to_string())
}

pub fn date(value: &str) -> ApiResult<rules::CivilDate> {
    rules::CivilDate::parse(value.trim()).ok_or_else(|| ApiError::invalid("date_malformed"))
}

pub fn page(limit: Option<i64>, offset: Option<i64>) -> store::Page {
    store::Page {
        limit: limit.unwrap_or(100).clamp(1, 500),
        offset: offset.unwrap_or(0).max(0),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The consumer app decodes the server's views into projections with
    /// fewer fields (`api::MyTheme`, `MyCampaign`, `MyNote`): every view
    /// the server writes must decode into them, with the values intact.
    #[test]
    fn the_apps_projections_decode_the_servers_views() {
        let c = store::Campaign {
            id: "c1".into(),
            title: "试用".into(),
            brief: "b".into(),
            hashtags: vec!["#a".into()],
            platforms: vec!["xiaohongshu".into()],
            slots: 2,
            signup_closes: "2026-12-10".into(),
            publish_by: "2026-12-20".into(),
            settlement_date: "2026-12-31".into(),
            disclosure_required: true,
            status: rules::CampaignStatus::Published,
            signups: 6,
            min_tier: rules::Tier::Junior,
            note_type: rules::NoteType::Video,
            products: vec!["面霜".into()],
            selected_at: Some(1),
            selected: 2,
            sample_days: 14,
            ..store::Campaign::draft("demo", "t1", 0)
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
