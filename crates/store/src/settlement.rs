//! Settlement: a campaign's notes credited to the ledger once, tier
//! changes, the ledger and the tier history members see.
//!
//! Concurrency on PostgreSQL (SQLite runs one write transaction at a time):
//! settling locks the campaign row first, and the members whose tiers it
//! moves (`FOR UPDATE`, in id order, so two settlements never deadlock)
//! before reading their earlier notes and tier history, so two campaigns
//! sharing members settle one after the other for those members, each
//! seeing the other's notes and tier changes. A note approved after its
//! campaign was settled (an appeal upheld late) is credited in the
//! decision's transaction by a follow-up line ([`credit_late_note`]),
//! computed as the preview computes it.

use crate::*;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Settlement {
    pub brand_id: String,
    pub campaign_id: String,
    pub notes: i64,
    pub points_total: i64,
    pub settled_at: i64,
    pub settled_by: String,
}

/// A member's tier as recorded: the current state and every dated change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TierHistory {
    pub state: rules::TierState,
    pub changes: Vec<rules::TierChange>,
}

/// One approved note of a campaign with the snapshot settlement would use
/// (the latest on or before the settlement date; none: zeros).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SettlementNote {
    pub submission_id: String,
    pub member_id: String,
    pub member_name: String,
    pub platform: String,
    pub note_id: String,
    pub likes: Option<i64>,
    pub comments: Option<i64>,
    pub saves: Option<i64>,
    pub settled_points: Option<i64>,
    pub settled_interactions: Option<i64>,
}

/// Settlement, the ledger and the tier history. One of the traits [`Store`] is made of.
#[async_trait]
pub trait SettlementStore: Send + Sync {
    /// The campaign's approved notes with the snapshot settlement uses,
    /// and what settlement gave them once settled.
    async fn settlement_notes(&self, brand: &str, campaign_id: &str)
    -> Result<Vec<SettlementNote>>;
    /// Settles a campaign in one transaction: credits every approved note
    /// under the campaign's frozen rule set from its latest snapshot on or
    /// before the settlement date, and records the tier changes this
    /// causes (dates in the brand's zone, `offset_minutes` east of UTC). Settling again returns the first
    /// settlement and credits nothing. `Conflict("submissions_pending")`
    /// while a submission waits for review.
    async fn settle_campaign(
        &self,
        brand: &str,
        campaign_id: &str,
        by: &str,
        at: i64,
        offset_minutes: i32,
    ) -> Result<Settlement>;
    async fn settlement(&self, brand: &str, campaign_id: &str) -> Result<Settlement>;

    /// Approved, settled notes of a member, dated in the brand's zone.
    async fn settled_notes(
        &self,
        brand: &str,
        member_id: &str,
        offset_minutes: i32,
    ) -> Result<Vec<rules::SettledNote>>;
    /// The member's recorded tier changes (empty before the first one).
    async fn tier_history(&self, brand: &str, member_id: &str) -> Result<TierHistory>;
}

/// Records what settlement gave each note (`(id, points, interactions)`),
/// in one statement.
pub(crate) async fn mark_settled(
    tx: &mut sqlx::AnyConnection,
    brand: &str,
    rows: &[(&str, i64, i64)],
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "WITH v (id, points, interactions) AS (VALUES {}) \
         UPDATE submissions SET settled_points = v.points, settled_interactions = v.interactions \
         FROM v WHERE submissions.brand_id = $1 AND submissions.id = v.id",
        tuples(rows.len(), 3, 2)
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(brand);
    for (id, points, interactions) in rows {
        q = q.bind(*id).bind(*points).bind(*interactions);
    }
    q.execute(tx).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub(crate) struct TierRow {
    changed_on: String,
    from_tier: String,
    to_tier: String,
    reason: String,
    last_demotion: Option<String>,
}

impl TierRow {
    pub(crate) fn decode(self) -> Result<(rules::TierChange, Option<rules::CivilDate>)> {
        let bad = || StoreError::Corrupt("tier_changes row".into());
        let change = rules::TierChange {
            date: rules::CivilDate::parse(&self.changed_on).ok_or_else(bad)?,
            from: rules::Tier::parse(&self.from_tier).ok_or_else(bad)?,
            to: rules::Tier::parse(&self.to_tier).ok_or_else(bad)?,
            reason: from_json(&self.reason)?,
        };
        let demoted = match self.last_demotion {
            Some(d) => Some(rules::CivilDate::parse(&d).ok_or_else(bad)?),
            None => None,
        };
        Ok((change, demoted))
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct NoteRow {
    id: String,
    created_at: i64,
    settlement_date: String,
    settled_interactions: i64,
}

impl NoteRow {
    pub(crate) fn decode(self, offset_minutes: i32) -> Result<rules::SettledNote> {
        Ok(rules::SettledNote {
            published: rules::CivilDate::from_unix(self.created_at, offset_minutes),
            settled: rules::CivilDate::parse(&self.settlement_date)
                .ok_or_else(|| StoreError::Corrupt("campaign settlement_date".into()))?,
            interactions: self.settled_interactions,
            id: self.id,
        })
    }
}

pub(crate) const SETTLED_NOTES: &str = "SELECT s.id, s.created_at, c.settlement_date, s.settled_interactions \
     FROM submissions s JOIN campaigns c ON c.brand_id = s.brand_id AND c.id = s.campaign_id \
     WHERE s.brand_id = $1 AND s.member_id = $2 AND s.status = 'approved' AND s.settled_interactions IS NOT NULL";

/// Every earlier settled note of each member with an approved note in
/// campaign `$2`.
/// (The campaign's settlement date by a keyed subquery, not a join: joined,
/// PostgreSQL's planner crossed every member with every campaign; 1.6 s
/// against 0.2 s for 10,000 notes.)
pub(crate) const CAMPAIGN_MEMBERS_SETTLED_NOTES: &str = "SELECT s.member_id, s.id, s.created_at, \
       (SELECT c.settlement_date FROM campaigns c WHERE c.brand_id = s.brand_id AND c.id = s.campaign_id) AS settlement_date, \
       s.settled_interactions FROM submissions s \
     WHERE s.brand_id = $1 AND s.status = 'approved' AND s.settled_interactions IS NOT NULL \
       AND s.member_id IN (SELECT x.member_id FROM submissions x \
         WHERE x.brand_id = $1 AND x.campaign_id = $2 AND x.status = 'approved')";

/// The tier history of the same members, in order.
pub(crate) const CAMPAIGN_MEMBERS_TIER_CHANGES: &str = "SELECT member_id, changed_on, from_tier, to_tier, reason, last_demotion \
     FROM tier_changes WHERE brand_id = $1 AND member_id IN (SELECT x.member_id FROM submissions x \
       WHERE x.brand_id = $1 AND x.campaign_id = $2 AND x.status = 'approved') \
     ORDER BY member_id, seq";

pub(crate) const TIER_CHANGE_COLUMNS: [&str; 9] = [
    "brand_id",
    "member_id",
    "seq",
    "changed_on",
    "from_tier",
    "to_tier",
    "reason",
    "last_demotion",
    "created_at",
];

#[derive(sqlx::FromRow)]
pub(crate) struct MemberNoteRow {
    member_id: String,
    #[sqlx(flatten)]
    note: NoteRow,
}

#[derive(sqlx::FromRow)]
pub(crate) struct MemberTierRow {
    member_id: String,
    #[sqlx(flatten)]
    change: TierRow,
}

pub(crate) const TIER_CHANGES: &str = "SELECT changed_on, from_tier, to_tier, reason, last_demotion FROM tier_changes \
     WHERE brand_id = $1 AND member_id = $2 ORDER BY seq";

/// Serialises tier evaluation per member on PostgreSQL: locks the member
/// rows of campaign `campaign_id`'s approved notes, in id order. Later
/// statements of the transaction (READ COMMITTED: each its own snapshot)
/// then see what another settlement of these members committed while this
/// one waited. SQLite needs nothing: its write transactions never overlap.
pub(crate) async fn lock_campaign_members(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    brand: &str,
    campaign_id: &str,
) -> Result<()> {
    if kind == DbKind::Postgres {
        sqlx::query(
            "SELECT id FROM members WHERE brand_id = $1 AND id IN (SELECT x.member_id FROM submissions x \
               WHERE x.brand_id = $1 AND x.campaign_id = $2 AND x.status = 'approved') \
             ORDER BY id FOR UPDATE",
        )
        .bind(brand)
        .bind(campaign_id)
        .fetch_all(&mut *tx)
        .await?;
    }
    Ok(())
}

/// This campaign's approved notes with the snapshot settlement uses (the
/// latest on or before `$3`, the settlement date).
const SETTLE_NOTES: &str = "SELECT s.id, s.member_id, s.created_at, s.platform, s.note_id, m.likes, m.comments, m.saves FROM submissions s \
     LEFT JOIN metric_snapshots m ON m.brand_id = s.brand_id AND m.submission_id = s.id \
       AND m.snapshot_date = (SELECT MAX(x.snapshot_date) FROM metric_snapshots x \
         WHERE x.brand_id = s.brand_id AND x.submission_id = s.id AND x.snapshot_date <= $3) \
     WHERE s.brand_id = $1 AND s.campaign_id = $2 AND s.status = 'approved'";

/// The rules' input for one stored note.
fn settle_input(n: &SettleRow) -> Result<rules::settlement::Note> {
    Ok(rules::settlement::Note {
        id: n.id.clone(),
        member_id: n.member_id.clone(),
        platform: rules::Platform::parse(&n.platform)
            .ok_or_else(|| StoreError::Corrupt(format!("platform {}", n.platform)))?,
        metrics: rules::Metrics {
            likes: n.likes.unwrap_or(0),
            comments: n.comments.unwrap_or(0),
            saves: n.saves.unwrap_or(0),
        },
    })
}

/// Credits note `submission_id`, just approved although its campaign is
/// settled, inside the decision's transaction: its points are what the
/// settlement preview shows for it (`rules::settlement` over the
/// campaign's approved notes, as the preview computes), written as a ledger
/// line like settlement's (its source is the note, so it is credited once),
/// the note marked settled with them, the settlement record's totals and
/// the member's inbox updated. Tier changes follow at the member's next
/// settlement, which counts this note among the earlier ones.
pub(crate) async fn credit_late_note(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    campaign: &Campaign,
    submission_id: &str,
    at: i64,
) -> Result<()> {
    let brand = campaign.brand_id.as_str();
    let notes: Vec<SettleRow> = sqlx::query_as(SETTLE_NOTES)
        .bind(brand)
        .bind(&campaign.id)
        .bind(&campaign.settlement_date)
        .fetch_all(&mut *tx)
        .await?;
    let inputs = notes.iter().map(settle_input).collect::<Result<Vec<_>>>()?;
    let figures =
        rules::settlement::statements(&campaign.rules, campaign.multiplier_percent, &inputs);
    let Some(n) = figures.notes().find(|n| n.id == submission_id) else {
        return Ok(());
    };
    let row = notes
        .iter()
        .find(|r| r.id == submission_id)
        .ok_or_else(|| StoreError::Corrupt("late note".into()))?;
    let detail = serde_json::json!({
        "campaign_id": campaign.id,
        "campaign_title": campaign.title,
        "platform": row.platform,
        "note_id": row.note_id,
        "breakdown": n.breakdown,
        "after_settlement": true,
    });
    let posting = NewPosting::earning(
        &n.member_id,
        rules::PostingReason::NoteSettled,
        ("submission", &n.id),
        n.points(),
        at,
    )
    .described(&campaign.title, detail.to_string());
    if !ledger::post(&mut *tx, brand, &posting).await?.is_new() {
        return Ok(());
    }
    mark_settled(
        &mut *tx,
        brand,
        &[(n.id.as_str(), n.points(), n.interactions())],
    )
    .await?;
    sqlx::query(
        "UPDATE settlements SET notes = notes + 1, points_total = points_total + $3 \
         WHERE brand_id = $1 AND campaign_id = $2",
    )
    .bind(brand)
    .bind(&campaign.id)
    .bind(n.points())
    .execute(&mut *tx)
    .await?;
    let inbox = Notification::new(
        brand,
        &n.member_id,
        rules::NotificationKind::PointsCredited,
        serde_json::json!({
            "campaign_id": campaign.id,
            "campaign_title": campaign.title,
            "points": n.points(),
        }),
        at,
    );
    insert_notifications(&mut *tx, kind, vec![inbox]).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub(crate) struct SettleRow {
    id: String,
    member_id: String,
    created_at: i64,
    platform: String,
    note_id: String,
    likes: Option<i64>,
    comments: Option<i64>,
    saves: Option<i64>,
}

#[async_trait]
impl SettlementStore for SqlStore {
    async fn settlement_notes(
        &self,
        brand: &str,
        campaign_id: &str,
    ) -> Result<Vec<SettlementNote>> {
        let c = self.campaign(brand, campaign_id).await?;
        let mut notes: Vec<SettlementNote> = sqlx::query_as(
            "SELECT s.id AS submission_id, s.member_id, COALESCE(a.display_name, '') AS member_name, s.platform, s.note_id, \
               m.likes, m.comments, m.saves, s.settled_points, s.settled_interactions FROM submissions s \
             LEFT JOIN metric_snapshots m ON m.brand_id = s.brand_id AND m.submission_id = s.id \
               AND m.snapshot_date = (SELECT MAX(x.snapshot_date) FROM metric_snapshots x \
                 WHERE x.brand_id = s.brand_id AND x.submission_id = s.id AND x.snapshot_date <= $3) \
             LEFT JOIN applications a ON a.brand_id = s.brand_id AND a.member_id = s.member_id \
             WHERE s.brand_id = $1 AND s.campaign_id = $2 AND s.status = 'approved'",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(&c.settlement_date)
        .fetch_all(&self.pool)
        .await?;
        notes.sort_unstable_by(|a, b| {
            (&a.member_id, &a.submission_id).cmp(&(&b.member_id, &b.submission_id))
        });
        Ok(notes)
    }

    async fn settle_campaign(
        &self,
        brand: &str,
        campaign_id: &str,
        by: &str,
        at: i64,
        offset_minutes: i32,
    ) -> Result<Settlement> {
        let campaign = self.campaign(brand, campaign_id).await?;
        let mut tx = self.pool.begin().await?;
        // The write comes first: it takes SQLite's write lock at once, and on
        // PostgreSQL a concurrent settle waits here, then finds it settled.
        let claimed = sqlx::query(
            "INSERT INTO settlements (brand_id, campaign_id, notes, points_total, settled_at, settled_by) \
             VALUES ($1, $2, 0, 0, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(at)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            tx.rollback().await?;
            return self.settlement(brand, campaign_id).await;
        }
        if self.kind == DbKind::Postgres {
            // Decisions hold the campaign row shared (`FOR SHARE`): once
            // this lock is held, no decision in the campaign is in flight,
            // and any later one sees the campaign settled.
            sqlx::query("SELECT id FROM campaigns WHERE brand_id = $1 AND id = $2 FOR UPDATE")
                .bind(brand)
                .bind(campaign_id)
                .fetch_optional(&mut *tx)
                .await?;
        }
        let pending: i64 = sqlx::query_scalar(PENDING_IN_CAMPAIGN)
            .bind(brand)
            .bind(campaign_id)
            .fetch_one(&mut *tx)
            .await?;
        if pending > 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict("submissions_pending"));
        }
        let notes: Vec<SettleRow> = sqlx::query_as(SETTLE_NOTES)
            .bind(brand)
            .bind(campaign_id)
            .bind(&campaign.settlement_date)
            .fetch_all(&mut *tx)
            .await?;
        // The figures come from `rules::settlement`, as the preview's do.
        let settled_on = rules::CivilDate::parse(&campaign.settlement_date)
            .ok_or_else(|| StoreError::Corrupt("campaign settlement_date".into()))?;
        let inputs = notes.iter().map(settle_input).collect::<Result<Vec<_>>>()?;
        let figures =
            rules::settlement::statements(&campaign.rules, campaign.multiplier_percent, &inputs);
        let stored: std::collections::HashMap<&str, &SettleRow> =
            notes.iter().map(|n| (n.id.as_str(), n)).collect();
        // Tiers move with this settlement: each member's state and earlier
        // notes are read before this campaign's notes are marked settled,
        // for all of the campaign's members in two queries.
        let mut tiers: std::collections::BTreeMap<String, rules::settlement::TierHistory> = notes
            .iter()
            .map(|n| (n.member_id.clone(), Default::default()))
            .collect();
        lock_campaign_members(&mut tx, self.kind, brand, campaign_id).await?;
        let earlier: Vec<MemberNoteRow> = sqlx::query_as(CAMPAIGN_MEMBERS_SETTLED_NOTES)
            .bind(brand)
            .bind(campaign_id)
            .fetch_all(&mut *tx)
            .await?;
        for row in earlier {
            if let Some(t) = tiers.get_mut(row.member_id.as_str()) {
                t.before.push(row.note.decode(offset_minutes)?);
            }
        }
        let history: Vec<MemberTierRow> = sqlx::query_as(CAMPAIGN_MEMBERS_TIER_CHANGES)
            .bind(brand)
            .bind(campaign_id)
            .fetch_all(&mut *tx)
            .await?;
        for row in history {
            if let Some(t) = tiers.get_mut(row.member_id.as_str()) {
                let (change, last_demotion) = row.change.decode()?;
                t.recorded += 1;
                t.state = rules::TierState {
                    tier: change.to,
                    last_demotion,
                };
            }
        }
        let results: Vec<&rules::settlement::NoteResult> = figures.notes().collect();
        for chunk in results.chunks(batch_rows(self.kind)) {
            let mut ledger = Vec::with_capacity(chunk.len());
            let mut settled = Vec::with_capacity(chunk.len());
            for n in chunk {
                let row = stored[n.id.as_str()];
                let detail = serde_json::json!({
                    "campaign_id": campaign.id,
                    "campaign_title": campaign.title,
                    "platform": row.platform,
                    "note_id": row.note_id,
                    "breakdown": n.breakdown,
                });
                ledger.push(
                    NewPosting::earning(
                        &n.member_id,
                        rules::PostingReason::NoteSettled,
                        ("submission", &n.id),
                        n.points(),
                        at,
                    )
                    .described(&campaign.title, detail.to_string()),
                );
                settled.push((n.id.as_str(), n.points(), n.interactions()));
            }
            ledger::post_many(&mut tx, brand, &ledger).await?;
            mark_settled(&mut tx, brand, &settled).await?;
        }
        let published: std::collections::BTreeMap<&str, rules::CivilDate> = notes
            .iter()
            .map(|n| {
                let on = rules::CivilDate::from_unix(n.created_at, offset_minutes);
                (n.id.as_str(), on)
            })
            .collect();
        let computed = rules::settlement::tier_changes(
            &campaign.rules,
            &figures,
            &published,
            settled_on,
            &tiers,
        );
        let moved: Vec<(String, rules::TierChange)> = computed
            .iter()
            .map(|c| (c.member_id.clone(), c.change.clone()))
            .collect();
        let mut changes: Vec<Vec<Cell>> = computed
            .into_iter()
            .map(|c| {
                vec![
                    Cell::Text(Some(brand.to_string())),
                    Cell::Text(Some(c.member_id)),
                    Cell::Int(Some(c.seq)),
                    Cell::Text(Some(c.change.date.to_string())),
                    Cell::Text(Some(c.change.from.as_str().into())),
                    Cell::Text(Some(c.change.to.as_str().into())),
                    Cell::Text(Some(to_json(&c.change.reason))),
                    Cell::Text(c.last_demotion.map(|d| d.to_string())),
                    Cell::Int(Some(at)),
                ]
            })
            .collect();
        let total = figures.points_total;
        let credited: std::collections::BTreeMap<&str, i64> = figures
            .statements
            .iter()
            .map(|s| (s.member_id.as_str(), s.total))
            .collect();
        while !changes.is_empty() {
            let mut batch: Vec<Vec<Cell>> = changes
                .drain(..changes.len().min(batch_rows(self.kind)))
                .collect();
            insert_rows(
                &mut tx,
                "tier_changes",
                &TIER_CHANGE_COLUMNS,
                &mut batch,
                "",
            )
            .await?;
        }
        sqlx::query("UPDATE settlements SET notes = $3, points_total = $4 WHERE brand_id = $1 AND campaign_id = $2")
            .bind(brand)
            .bind(campaign_id)
            .bind(notes.len() as i64)
            .bind(total)
            .execute(&mut *tx)
            .await?;
        let inbox = credited
            .iter()
            .map(|(member, points)| {
                let detail = serde_json::json!({
                    "campaign_id": campaign.id,
                    "campaign_title": campaign.title,
                    "points": points,
                });
                Notification::new(
                    brand,
                    member,
                    rules::NotificationKind::PointsCredited,
                    detail,
                    at,
                )
            })
            .collect();
        insert_notifications(&mut tx, self.kind, inbox).await?;
        end_waitlist(&mut tx, self.kind, &campaign, at).await?;
        sqlx::query("UPDATE campaigns SET status = 'settled' WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(campaign_id)
            .execute(&mut *tx)
            .await?;
        // Tiers on the roster, tier-change inbox lines, classes, warnings.
        crate::roster_settle::after_settlement(
            &mut tx,
            self.kind,
            &campaign,
            &moved,
            offset_minutes,
            at,
        )
        .await?;
        let audit = AuditEntry::operator(
            brand,
            by,
            "campaign.settle",
            ("campaign", campaign_id),
            at,
        )
        .before(serde_json::json!({ "status": campaign.status }))
        .after(
            serde_json::json!({ "status": "settled", "notes": notes.len(), "points_total": total }),
        );
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.settlement(brand, campaign_id).await
    }

    async fn settlement(&self, brand: &str, campaign_id: &str) -> Result<Settlement> {
        one(sqlx::query_as(
            "SELECT brand_id, campaign_id, notes, points_total, settled_at, settled_by FROM settlements \
             WHERE brand_id = $1 AND campaign_id = $2",
        )
        .bind(brand)
        .bind(campaign_id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn settled_notes(
        &self,
        brand: &str,
        member_id: &str,
        offset_minutes: i32,
    ) -> Result<Vec<rules::SettledNote>> {
        let rows: Vec<NoteRow> = sqlx::query_as(SETTLED_NOTES)
            .bind(brand)
            .bind(member_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(|n| n.decode(offset_minutes)).collect()
    }

    async fn tier_history(&self, brand: &str, member_id: &str) -> Result<TierHistory> {
        let rows: Vec<TierRow> = sqlx::query_as(TIER_CHANGES)
            .bind(brand)
            .bind(member_id)
            .fetch_all(&self.pool)
            .await?;
        let mut history = TierHistory::default();
        for row in rows {
            let (change, last_demotion) = row.decode()?;
            history.state = rules::TierState {
                tier: change.to,
                last_demotion,
            };
            history.changes.push(change);
        }
        Ok(history)
    }
}
