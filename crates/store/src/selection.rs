//! Sign-ups to a campaign, the confirmed selection, swaps, withdrawals
//! and the waitlist that fills freed places.

use crate::*;
use async_trait::async_trait;

/// One member's sign-up for one campaign and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Signup {
    pub campaign_id: String,
    pub member_id: String,
    /// `pending`, `selected`, `waitlisted`, `not_selected` or `withdrawn`.
    #[sqlx(try_from = "String")]
    pub status: rules::SignupStatus,
    /// Place on the waitlist, 1 = next in.
    pub waitlist_pos: Option<i64>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

/// What selection knows about one sign-up of a campaign.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SignupFacts {
    pub member_id: String,
    pub signed_up_at: i64,
    /// The sign-up's status (`pending` before the selection).
    #[sqlx(try_from = "String")]
    pub status: rules::SignupStatus,
    pub waitlist_pos: Option<i64>,
    pub display_name: String,
    /// JSON list of `SocialAccount`, as the application holds it.
    pub social_accounts: String,
    /// Approved, settled notes and their interactions in total.
    pub notes: i64,
    pub interactions: i64,
    /// Sign-ups to campaigns since settled, and how many of those ended in
    /// an approved note.
    pub past_signups: i64,
    pub past_completed: i64,
    /// Submissions reviewed, and how many of them were approved.
    pub reviewed: i64,
    pub approved: i64,
    /// The last recorded tier, if any.
    pub tier: Option<String>,
    /// The member's class as recorded (override or last settlement's), if any.
    pub class: Option<String>,
}

/// Sign-ups, the selection and the waitlist. One of the traits [`Store`] is made of.
#[async_trait]
pub trait SelectionStore: Send + Sync {
    /// Fails with `Conflict("already_signed_up")`. After the selection the
    /// sign-up joins the end of the waitlist.
    async fn create_signup(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        at: i64,
    ) -> Result<Signup>;
    async fn signup(&self, brand: &str, campaign_id: &str, member_id: &str) -> Result<Signup>;
    /// The member's sign-ups for the campaigns of one theme (one query for
    /// a whole theme page).
    async fn member_signups_in_theme(
        &self,
        brand: &str,
        theme_id: &str,
        member_id: &str,
    ) -> Result<Vec<Signup>>;
    /// Confirms a published campaign's selection once: `selected` (at most
    /// the slots) are selected, `waitlist` queue in that order, and anyone
    /// else still pending queues behind them by sign-up time. Everyone
    /// concerned is told. `Conflict`: `selection_confirmed`,
    /// `not_published`, `too_many_selected`, `not_signed_up` (an id that is
    /// not a pending sign-up).
    async fn confirm_selection(
        &self,
        brand: &str,
        campaign_id: &str,
        selected: &[String],
        waitlist: &[String],
        by: &str,
        at: i64,
    ) -> Result<Campaign>;
    /// After the selection: takes `out` (selected) out and puts `into`
    /// (waitlisted or not selected) in, either or both, within the slots.
    async fn swap_selection(
        &self,
        brand: &str,
        campaign_id: &str,
        out: Option<&str>,
        into: Option<&str>,
        by: &str,
        at: i64,
    ) -> Result<Campaign>;
    /// The member withdraws; a freed place goes to the first on the
    /// waitlist, who is told. `Conflict`: `campaign_closed`,
    /// `not_withdrawable`, `note_submitted`.
    async fn withdraw_signup(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        at: i64,
    ) -> Result<Signup>;

    /// Every sign-up of a campaign with what selection ranks it by.
    async fn signup_facts(&self, brand: &str, campaign_id: &str) -> Result<Vec<SignupFacts>>;
}

/// The campaign is over for whoever still waited for a place: they become
/// `not_selected` and are told, in the caller's transaction.
pub(crate) async fn end_waitlist(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    c: &Campaign,
    at: i64,
) -> Result<()> {
    let waiting: Vec<String> = sqlx::query_scalar(
        "SELECT member_id FROM signups WHERE brand_id = $1 AND campaign_id = $2 AND status = 'waitlisted'",
    )
    .bind(&c.brand_id)
    .bind(&c.id)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE signups SET status = 'not_selected', waitlist_pos = NULL, decided_at = $3 \
         WHERE brand_id = $1 AND campaign_id = $2 AND status = 'waitlisted'",
    )
    .bind(&c.brand_id)
    .bind(&c.id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    let list = waiting
        .iter()
        .map(|m| {
            Notification::new(
                &c.brand_id,
                m,
                rules::NotificationKind::NotSelected,
                signup_detail(c),
                at,
            )
        })
        .collect();
    insert_notifications(tx, kind, list).await
}

pub(crate) fn signup_detail(c: &Campaign) -> serde_json::Value {
    serde_json::json!({ "campaign_id": c.id, "campaign_title": c.title })
}

pub(crate) async fn signup_in(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    campaign_id: &str,
    member_id: &str,
) -> Result<Signup> {
    one(sqlx::query_as(
        "SELECT campaign_id, member_id, status, waitlist_pos, created_at, decided_at FROM signups \
         WHERE brand_id = $1 AND campaign_id = $2 AND member_id = $3",
    )
    .bind(brand)
    .bind(campaign_id)
    .bind(member_id)
    .fetch_optional(conn)
    .await?)
}

/// The transaction's first write: takes SQLite's lock now and, on
/// PostgreSQL, the campaign's row, so sign-up changes queue one by one.
pub(crate) async fn lock_campaign(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    id: &str,
) -> Result<()> {
    lock_row(conn, "campaigns", brand, id).await
}

/// Locks row `id` of the brand in `table` (`campaigns`, `members`: a
/// schema name, never input) with a no-op update, the transaction's first
/// write; `NotFound` for no such row.
pub(crate) async fn lock_row(
    conn: &mut sqlx::AnyConnection,
    table: &'static str,
    brand: &str,
    id: &str,
) -> Result<()> {
    let sql = format!("UPDATE {table} SET id = id WHERE brand_id = $1 AND id = $2");
    let n = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(brand)
        .bind(id)
        .execute(conn)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Moves sign-ups now in status `from` to `(member, status, place)`; the
/// number moved.
pub(crate) async fn set_signups(
    conn: &mut sqlx::AnyConnection,
    kind: DbKind,
    brand: &str,
    campaign_id: &str,
    rows: &[(&str, &str, Option<i64>)],
    from: &str,
    at: Option<i64>,
) -> Result<u64> {
    let mut changed = 0;
    for chunk in rows.chunks(batch_rows(kind)) {
        let sql = format!(
            "WITH v (member_id, status, pos) AS (VALUES {}) \
             UPDATE signups SET status = v.status, waitlist_pos = v.pos, decided_at = $3 \
             FROM v WHERE signups.brand_id = $1 AND signups.campaign_id = $2 \
               AND signups.member_id = v.member_id AND signups.status = $4",
            tuples(chunk.len(), 3, 5)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(campaign_id)
            .bind(at)
            .bind(from);
        for (m, status, pos) in chunk {
            q = q.bind(*m).bind(*status).bind(*pos);
        }
        changed += q.execute(&mut *conn).await?.rows_affected();
    }
    Ok(changed)
}

/// Recounts the campaign's selected sign-ups into `selected_count`.
pub(crate) async fn set_selected_count(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    id: &str,
) -> Result<i64> {
    sqlx::query(
        "UPDATE campaigns SET selected_count = (SELECT COUNT(*) FROM signups s \
           WHERE s.brand_id = $1 AND s.campaign_id = $2 AND s.status = 'selected') \
         WHERE brand_id = $1 AND id = $2",
    )
    .bind(brand)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT selected_count FROM campaigns WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .fetch_one(conn)
            .await?,
    )
}

/// Closes the gaps a departure leaves: places 1, 2, 3… in queue order.
pub(crate) async fn renumber_waitlist(
    conn: &mut sqlx::AnyConnection,
    kind: DbKind,
    brand: &str,
    campaign_id: &str,
) -> Result<()> {
    let queue: Vec<(String, i64)> = sqlx::query_as(
        "SELECT member_id, waitlist_pos FROM signups WHERE brand_id = $1 AND campaign_id = $2 \
         AND status = 'waitlisted' ORDER BY waitlist_pos, member_id",
    )
    .bind(brand)
    .bind(campaign_id)
    .fetch_all(&mut *conn)
    .await?;
    let moved: Vec<(&str, &str, Option<i64>)> = queue
        .iter()
        .enumerate()
        .filter(|(i, (_, pos))| *pos != *i as i64 + 1)
        .map(|(i, (m, _))| (m.as_str(), "waitlisted", Some(i as i64 + 1)))
        .collect();
    set_signups(conn, kind, brand, campaign_id, &moved, "waitlisted", None).await?;
    Ok(())
}

#[async_trait]
impl SelectionStore for SqlStore {
    async fn create_signup(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        at: i64,
    ) -> Result<Signup> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO signups (brand_id, campaign_id, member_id, created_at) VALUES ($1, $2, $3, $4)")
            .bind(brand)
            .bind(campaign_id)
            .bind(member_id)
            .bind(at)
            .execute(&mut *tx)
            .await
            .map_err(unique_as("already_signed_up"))?;
        // After the selection, a new sign-up joins the end of the waitlist.
        sqlx::query(
            "UPDATE signups SET status = 'waitlisted', decided_at = $4, waitlist_pos = \
               (SELECT COALESCE(MAX(w.waitlist_pos), 0) + 1 FROM signups w \
                WHERE w.brand_id = $1 AND w.campaign_id = $2 AND w.status = 'waitlisted') \
             WHERE brand_id = $1 AND campaign_id = $2 AND member_id = $3 AND EXISTS \
               (SELECT 1 FROM campaigns c WHERE c.brand_id = $1 AND c.id = $2 AND c.selected_at IS NOT NULL)",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(member_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE campaigns SET signup_count = signup_count + 1 WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
        let signup = signup_in(&mut tx, brand, campaign_id, member_id).await?;
        tx.commit().await?;
        Ok(signup)
    }

    async fn signup(&self, brand: &str, campaign_id: &str, member_id: &str) -> Result<Signup> {
        signup_in(
            &mut *self.pool.acquire().await?,
            brand,
            campaign_id,
            member_id,
        )
        .await
    }

    async fn member_signups_in_theme(
        &self,
        brand: &str,
        theme_id: &str,
        member_id: &str,
    ) -> Result<Vec<Signup>> {
        Ok(sqlx::query_as(
            "SELECT g.campaign_id, g.member_id, g.status, g.waitlist_pos, g.created_at, g.decided_at \
             FROM signups g JOIN campaigns c ON c.brand_id = g.brand_id AND c.id = g.campaign_id \
             WHERE g.brand_id = $1 AND g.member_id = $2 AND c.theme_id = $3",
        )
        .bind(brand)
        .bind(member_id)
        .bind(theme_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn confirm_selection(
        &self,
        brand: &str,
        campaign_id: &str,
        selected: &[String],
        waitlist: &[String],
        by: &str,
        at: i64,
    ) -> Result<Campaign> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE campaigns SET selected_at = $3 \
             WHERE brand_id = $1 AND id = $2 AND status = 'published' AND selected_at IS NULL AND slots >= $4",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(at)
        .bind(selected.len() as i64)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            let c = self.campaign(brand, campaign_id).await?;
            return Err(StoreError::Conflict(if c.status != "published" {
                "not_published"
            } else if c.selected_at.is_some() {
                "selection_confirmed"
            } else {
                "too_many_selected"
            }));
        }
        let c = campaign_in(&mut tx, brand, campaign_id).await?;
        // Whoever signed up after the ranking was read queues behind it.
        let late: Vec<String> = sqlx::query_scalar(
            "SELECT member_id FROM signups WHERE brand_id = $1 AND campaign_id = $2 AND status = 'pending' \
             ORDER BY created_at, member_id",
        )
        .bind(brand)
        .bind(campaign_id)
        .fetch_all(&mut *tx)
        .await?;
        let mut rows: Vec<(&str, &str, Option<i64>)> = Vec::new();
        for m in selected {
            rows.push((m, "selected", None));
        }
        let mut queue: Vec<&str> = waitlist.iter().map(String::as_str).collect();
        for m in &late {
            if !selected.contains(m) && !waitlist.contains(m) {
                queue.push(m);
            }
        }
        for (i, m) in queue.iter().enumerate() {
            rows.push((m, "waitlisted", Some(i as i64 + 1)));
        }
        let changed = set_signups(
            &mut tx,
            self.kind,
            brand,
            campaign_id,
            &rows,
            "pending",
            Some(at),
        )
        .await?;
        if changed != rows.len() as u64 {
            tx.rollback().await?;
            return Err(StoreError::Conflict("not_signed_up"));
        }
        set_selected_count(&mut tx, brand, campaign_id).await?;
        let inbox = rows
            .iter()
            .map(|(m, status, pos)| {
                let mut detail = signup_detail(&c);
                detail["waitlist_pos"] = (*pos).into();
                let kind = if *status == "selected" {
                    rules::NotificationKind::Selected
                } else {
                    rules::NotificationKind::Waitlisted
                };
                Notification::new(brand, m, kind, detail, at)
            })
            .collect();
        insert_notifications(&mut tx, self.kind, inbox).await?;
        let audit =
            AuditEntry::operator(brand, by, "campaign.select", ("campaign", campaign_id), at)
                .after(serde_json::json!({ rules::NotificationKind::Selected: selected, rules::NotificationKind::Waitlisted: queue.len() }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.campaign(brand, campaign_id).await
    }

    async fn swap_selection(
        &self,
        brand: &str,
        campaign_id: &str,
        out: Option<&str>,
        into: Option<&str>,
        by: &str,
        at: i64,
    ) -> Result<Campaign> {
        let mut tx = self.pool.begin().await?;
        lock_campaign(&mut tx, brand, campaign_id).await?;
        let c = campaign_in(&mut tx, brand, campaign_id).await?;
        if c.selected_at.is_none() || c.status != "published" {
            tx.rollback().await?;
            return Err(StoreError::Conflict("selection_not_confirmed"));
        }
        if let Some(m) = out {
            let n = set_signups(
                &mut tx,
                self.kind,
                brand,
                campaign_id,
                &[(m, "not_selected", None)],
                "selected",
                Some(at),
            )
            .await?;
            if n == 0 {
                tx.rollback().await?;
                return Err(StoreError::Conflict("swap_out_not_selected"));
            }
        }
        if let Some(m) = into {
            let mut n = set_signups(
                &mut tx,
                self.kind,
                brand,
                campaign_id,
                &[(m, "selected", None)],
                "waitlisted",
                Some(at),
            )
            .await?;
            if n == 0 {
                n = set_signups(
                    &mut tx,
                    self.kind,
                    brand,
                    campaign_id,
                    &[(m, "selected", None)],
                    "not_selected",
                    Some(at),
                )
                .await?;
            }
            if n == 0 {
                tx.rollback().await?;
                return Err(StoreError::Conflict("swap_in_not_waiting"));
            }
        }
        if set_selected_count(&mut tx, brand, campaign_id).await? > c.slots {
            tx.rollback().await?;
            return Err(StoreError::Conflict("too_many_selected"));
        }
        renumber_waitlist(&mut tx, self.kind, brand, campaign_id).await?;
        let mut inbox = Vec::new();
        if let Some(m) = out {
            inbox.push(Notification::new(
                brand,
                m,
                rules::NotificationKind::NotSelected,
                signup_detail(&c),
                at,
            ));
        }
        if let Some(m) = into {
            inbox.push(Notification::new(
                brand,
                m,
                rules::NotificationKind::Selected,
                signup_detail(&c),
                at,
            ));
        }
        insert_notifications(&mut tx, self.kind, inbox).await?;
        let audit = AuditEntry::operator(brand, by, "campaign.swap", ("campaign", campaign_id), at)
            .after(serde_json::json!({ "out": out, "in": into }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.campaign(brand, campaign_id).await
    }

    async fn withdraw_signup(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        at: i64,
    ) -> Result<Signup> {
        let mut tx = self.pool.begin().await?;
        lock_campaign(&mut tx, brand, campaign_id).await?;
        let c = campaign_in(&mut tx, brand, campaign_id).await?;
        let before = match signup_in(&mut tx, brand, campaign_id, member_id).await {
            Err(StoreError::NotFound) => {
                tx.rollback().await?;
                return Err(StoreError::Conflict("not_signed_up"));
            }
            other => other?,
        };
        let refuse = if c.status != "published" {
            Some("campaign_closed")
        } else if !matches!(
            before.status.as_str(),
            "pending" | "selected" | "waitlisted"
        ) {
            Some("not_withdrawable")
        } else {
            let notes: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM submissions WHERE brand_id = $1 AND campaign_id = $2 AND member_id = $3",
            )
            .bind(brand)
            .bind(campaign_id)
            .bind(member_id)
            .fetch_one(&mut *tx)
            .await?;
            (notes > 0).then_some("note_submitted")
        };
        if let Some(code) = refuse {
            tx.rollback().await?;
            return Err(StoreError::Conflict(code));
        }
        set_signups(
            &mut tx,
            self.kind,
            brand,
            campaign_id,
            &[(member_id, "withdrawn", None)],
            before.status.as_str(),
            Some(at),
        )
        .await?;
        sqlx::query(
            "UPDATE campaigns SET signup_count = signup_count - 1 WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(campaign_id)
        .execute(&mut *tx)
        .await?;
        // A freed place goes to the first on the waitlist.
        let mut promoted: Option<String> = None;
        if before.status == "selected" {
            promoted = sqlx::query_scalar(
                "SELECT member_id FROM signups WHERE brand_id = $1 AND campaign_id = $2 AND status = 'waitlisted' \
                 ORDER BY waitlist_pos, member_id LIMIT 1",
            )
            .bind(brand)
            .bind(campaign_id)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(m) = &promoted {
                set_signups(
                    &mut tx,
                    self.kind,
                    brand,
                    campaign_id,
                    &[(m.as_str(), "selected", None)],
                    "waitlisted",
                    Some(at),
                )
                .await?;
                let mut detail = signup_detail(&c);
                detail["moved_up"] = true.into();
                insert_notifications(
                    &mut tx,
                    self.kind,
                    vec![Notification::new(
                        brand,
                        m,
                        rules::NotificationKind::Selected,
                        detail,
                        at,
                    )],
                )
                .await?;
            }
            set_selected_count(&mut tx, brand, campaign_id).await?;
        }
        renumber_waitlist(&mut tx, self.kind, brand, campaign_id).await?;
        let audit = AuditEntry::member(
            brand,
            member_id,
            "signup.withdraw",
            ("campaign", campaign_id),
            at,
        )
        .before(serde_json::json!({ "status": before.status }))
        .after(serde_json::json!({ "status": "withdrawn", "promoted": promoted }));
        insert_audit(&mut tx, &audit).await?;
        let after = signup_in(&mut tx, brand, campaign_id, member_id).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn signup_facts(&self, brand: &str, campaign_id: &str) -> Result<Vec<SignupFacts>> {
        Ok(sqlx::query_as(
            concat!(
            "SELECT g.member_id, g.created_at AS signed_up_at, g.status, g.waitlist_pos, \
               COALESCE(a.display_name, '') AS display_name, COALESCE(a.social_accounts, '[]') AS social_accounts, ",
            class_facts!("g.brand_id", "g.member_id"),
            ", (SELECT t.to_tier FROM tier_changes t WHERE t.brand_id = g.brand_id AND t.member_id = g.member_id \
                  ORDER BY t.seq DESC LIMIT 1) AS tier, \
               (SELECT m.class FROM members m WHERE m.brand_id = g.brand_id AND m.id = g.member_id) AS class \
             FROM signups g LEFT JOIN applications a ON a.brand_id = g.brand_id AND a.member_id = g.member_id \
             WHERE g.brand_id = $1 AND g.campaign_id = $2 AND g.status <> 'withdrawn'"
        ),
        )
        .bind(brand)
        .bind(campaign_id)
        .fetch_all(&self.pool)
        .await?)
    }
}
