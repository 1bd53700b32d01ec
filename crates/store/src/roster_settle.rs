//! What settlement and the monthly tier check do to the roster, inside
//! their transactions: each member's `members.tier` follows their last
//! tier change and every change is an inbox line; the class of every
//! member with a note in a settled campaign is recomputed from the class
//! facts (`class_facts!`, the sign-up ranking's too; an override still
//! wins); seniors one low note from demotion are warned, once a month.

use crate::*;
use rules::Tier;

/// Facts for the class of each member with an approved note in campaign `$2`.
const CAMPAIGN_CLASS_FACTS: &str = concat!(
    "SELECT m.id AS member_id, COALESCE(a.social_accounts, '[]') AS social_accounts, ",
    class_facts!("m.brand_id", "m.id"),
    " FROM members m LEFT JOIN applications a ON a.brand_id = m.brand_id AND a.member_id = m.id \
     WHERE m.brand_id = $1 AND m.id IN (SELECT x.member_id FROM submissions x \
       WHERE x.brand_id = $1 AND x.campaign_id = $2 AND x.status = 'approved')"
);

#[derive(sqlx::FromRow)]
struct FactsRow {
    member_id: String,
    social_accounts: String,
    notes: i64,
    interactions: i64,
    past_signups: i64,
    past_completed: i64,
    reviewed: i64,
    approved: i64,
}

impl FactsRow {
    fn facts(&self) -> rules::roster::ClassFacts {
        let followers = serde_json::from_str::<Vec<SocialAccount>>(&self.social_accounts)
            .unwrap_or_default()
            .iter()
            .map(|a| a.followers.max(0))
            .fold(0, i64::saturating_add);
        rules::roster::ClassFacts {
            followers,
            notes: self.notes,
            interactions: self.interactions,
            past_signups: self.past_signups,
            past_completed: self.past_completed,
            reviewed: self.reviewed,
            approved: self.approved,
        }
    }
}

/// Writes one tier change the roster made (the monthly demotion) after
/// the member's recorded ones, with `members.tier` and the inbox line.
pub(crate) async fn record_tier_change(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    brand: &str,
    member: &str,
    change: &rules::TierChange,
    last_demotion: Option<rules::CivilDate>,
    at: i64,
) -> Result<()> {
    let seq: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tier_changes WHERE brand_id = $1 AND member_id = $2",
    )
    .bind(brand)
    .bind(member)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO tier_changes (brand_id, member_id, seq, changed_on, from_tier, to_tier, reason, last_demotion, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(brand)
    .bind(member)
    .bind(seq)
    .bind(change.date.to_string())
    .bind(change.from.as_str())
    .bind(change.to.as_str())
    .bind(to_json(&change.reason))
    .bind(last_demotion.map(|d| d.to_string()))
    .bind(at)
    .execute(&mut *tx)
    .await?;
    tiers_moved(tx, kind, brand, &[(member.to_string(), change.clone())], at).await
}

/// After tier changes were appended (settlement, the monthly check): each
/// member's `members.tier` follows their last change, and each change is
/// an inbox line.
pub(crate) async fn tiers_moved(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    brand: &str,
    changes: &[(String, rules::TierChange)],
    at: i64,
) -> Result<()> {
    let mut last: std::collections::BTreeMap<&str, Tier> = Default::default();
    let mut inbox = Vec::with_capacity(changes.len());
    for (member, c) in changes {
        last.insert(member, c.to);
        inbox.push(Notification::new(
            brand,
            member,
            rules::NotificationKind::TierChanged,
            serde_json::json!({
                "from": c.from.as_str(),
                "to": c.to.as_str(),
                "date": c.date.to_string(),
                "reason": c.reason,
            }),
            at,
        ));
    }
    let last: Vec<(&str, Tier)> = last.into_iter().collect();
    for chunk in last.chunks(batch_rows(kind)) {
        let sql = format!(
            "WITH v (id, tier) AS (VALUES {}) \
             UPDATE members SET tier = v.tier FROM v WHERE members.brand_id = $1 AND members.id = v.id",
            tuples(chunk.len(), 2, 2)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(brand);
        for (member, tier) in chunk {
            q = q.bind(*member).bind(tier.as_str());
        }
        q.execute(&mut *tx).await?;
    }
    insert_notifications(tx, kind, inbox).await
}

/// Warns each of `members` (seniors with their settled notes) one low note
/// from demotion, once in `month`.
pub(crate) async fn warn_likely_demotions(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    brand: &str,
    members: &[(String, rules::TierState, Vec<rules::SettledNote>)],
    rules: &rules::TierRules,
    month: &str,
    at: i64,
) -> Result<Vec<String>> {
    let mut warned = Vec::new();
    for (member, state, notes) in members {
        if !rules::roster::demotion_likely(*state, notes, rules) {
            continue;
        }
        let done = sqlx::query(
            "INSERT INTO demotion_warnings (brand_id, member_id, month, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(brand)
        .bind(member)
        .bind(month)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            continue;
        }
        insert_notifications(
            &mut *tx,
            kind,
            vec![Notification::new(
                brand,
                member,
                rules::NotificationKind::DemotionWarning,
                serde_json::json!({
                    "low_notes": rules.demotion_notes - 1,
                    "window": rules.demotion_notes,
                    "below": rules.demotion_below,
                }),
                at,
            )],
        )
        .await?;
        warned.push(member.clone());
    }
    Ok(warned)
}

/// Settlement's roster work, inside its transaction, after its notes are
/// marked settled and its tier changes appended: `members.tier` and the
/// inbox follow the changes, the class of every member with a note in the
/// campaign is recomputed under the campaign's rule set (an override still
/// wins), and seniors one low note from demotion are warned (once a month).
pub(crate) async fn after_settlement(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    campaign: &Campaign,
    changes: &[(String, rules::TierChange)],
    offset_minutes: i32,
    at: i64,
) -> Result<()> {
    let brand = campaign.brand_id.as_str();
    tiers_moved(&mut *tx, kind, brand, changes, at).await?;
    let facts: Vec<FactsRow> = sqlx::query_as(CAMPAIGN_CLASS_FACTS)
        .bind(brand)
        .bind(&campaign.id)
        .fetch_all(&mut *tx)
        .await?;
    // Many rows a statement, as settlement writes its notes.
    let rows: Vec<(&str, &'static str, String)> = facts
        .iter()
        .map(|row| {
            let f = row.facts();
            let c = f.classify(&campaign.rules);
            let detail = serde_json::json!({
                "version": campaign.rules.version,
                "facts": f,
                "score": c.score,
                "parts": c.parts,
            });
            (row.member_id.as_str(), c.class.as_str(), detail.to_string())
        })
        .collect();
    for chunk in rows.chunks(batch_rows(kind)) {
        let sql = format!(
            "WITH v (id, class, detail) AS (VALUES {}) \
             UPDATE members SET class_computed = v.class, class_detail = v.detail, class_at = $2, \
               class = COALESCE(members.class_override, v.class) \
             FROM v WHERE members.brand_id = $1 AND members.id = v.id",
            tuples(chunk.len(), 3, 3)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(brand).bind(at);
        for (id, class, detail) in chunk {
            q = q.bind(*id).bind(*class).bind(detail.as_str());
        }
        q.execute(&mut *tx).await?;
    }
    let seniors = seniors_with_notes(&mut *tx, brand, Some(&campaign.id), offset_minutes).await?;
    let month = rules::CivilDate::from_unix(at, offset_minutes)
        .month()
        .to_string();
    warn_likely_demotions(
        &mut *tx,
        kind,
        brand,
        &seniors,
        &campaign.rules.tiers,
        &month,
        at,
    )
    .await?;
    Ok(())
}

/// Seniors (of campaign `campaign`'s notes, or all) with their tier state
/// and settled notes.
pub(crate) async fn seniors_with_notes(
    tx: &mut sqlx::AnyConnection,
    brand: &str,
    campaign: Option<&str>,
    offset_minutes: i32,
) -> Result<Vec<(String, rules::TierState, Vec<rules::SettledNote>)>> {
    let scope = if campaign.is_some() {
        " AND id IN (SELECT x.member_id FROM submissions x WHERE x.brand_id = $1 AND x.campaign_id = $2 AND x.status = 'approved')"
    } else {
        ""
    };
    let sql = format!(
        "SELECT id FROM members WHERE brand_id = $1 AND tier = 'senior'{scope} ORDER BY id"
    );
    let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).bind(brand);
    if let Some(c) = campaign {
        q = q.bind(c);
    }
    let ids: Vec<String> = q.fetch_all(&mut *tx).await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let rows: Vec<TierRow> = sqlx::query_as(TIER_CHANGES)
            .bind(brand)
            .bind(&id)
            .fetch_all(&mut *tx)
            .await?;
        let mut state = rules::TierState::default();
        for r in rows {
            let (change, last_demotion) = r.decode()?;
            state = rules::TierState {
                tier: change.to,
                last_demotion,
            };
        }
        let notes: Vec<NoteRow> = sqlx::query_as(SETTLED_NOTES)
            .bind(brand)
            .bind(&id)
            .fetch_all(&mut *tx)
            .await?;
        let notes = notes
            .into_iter()
            .map(|n| n.decode(offset_minutes))
            .collect::<Result<Vec<_>>>()?;
        out.push((id, state, notes));
    }
    Ok(out)
}
