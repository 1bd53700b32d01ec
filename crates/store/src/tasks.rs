//! Tasks assigned to members (answers, reviews, rewards) and product
//! samples (shipping details, shipment, receipt).

use crate::*;
use async_trait::async_trait;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub brand_id: String,
    pub id: String,
    pub campaign_id: Option<String>,
    /// `publish_note`, `share_moments`, `contest`, `feedback`, `training`.
    pub kind: rules::TaskKind,
    pub title: String,
    pub instructions: String,
    /// Feedback tasks: the questions to answer.
    pub questions: Vec<String>,
    pub due_on: String,
    pub reward_points: i64,
    pub created_at: i64,
    pub created_by: String,
}

/// A task with how far its assignments have got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSummary {
    pub task: Task,
    pub assigned: i64,
    pub submitted: i64,
    pub done: i64,
}

/// One member's assignment, with its task's title, kind and due date.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Assignment {
    pub task_id: String,
    pub member_id: String,
    pub member_name: String,
    #[sqlx(try_from = "String")]
    pub kind: rules::TaskKind,
    pub title: String,
    pub instructions: String,
    pub questions: String,
    pub due_on: String,
    pub reward_points: i64,
    #[sqlx(try_from = "String")]
    pub status: rules::AssignmentStatus,
    pub answer: Option<String>,
    pub evidence_id: Option<String>,
    pub assigned_at: i64,
    pub submitted_at: Option<i64>,
    pub reviewed_at: Option<i64>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssignmentFilter {
    pub task_id: Option<String>,
    pub status: Option<rules::AssignmentStatus>,
    /// Overdue on this day: still assigned, due before it.
    pub overdue_on: Option<String>,
}

/// A product sample on its way to a selected member.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Sample {
    pub campaign_id: String,
    pub member_id: String,
    pub member_name: String,
    pub recipient: String,
    pub phone: String,
    pub address: String,
    pub courier: Option<String>,
    pub tracking: Option<String>,
    pub shipped_at: Option<i64>,
    pub received_on: Option<String>,
    pub created_at: i64,
}

/// Tasks, assignments and samples. One of the traits [`Store`] is made of.
#[async_trait]
pub trait TaskStore: Send + Sync {
    /// Creates a task and assigns it to `members` in one transaction; each
    /// is told in the inbox.
    async fn create_task(&self, t: &Task, members: &[String]) -> Result<()>;
    /// Newest due date first, with each task's progress.
    async fn tasks(&self, brand: &str, page: Page) -> Result<Vec<TaskSummary>>;
    async fn task(&self, brand: &str, id: &str) -> Result<Task>;
    /// Who takes part in a campaign: its selected members, or every live
    /// sign-up while no selection was confirmed.
    async fn campaign_participants(&self, brand: &str, campaign_id: &str) -> Result<Vec<String>>;
    /// Every approved KOC of the brand.
    async fn approved_members(&self, brand: &str) -> Result<Vec<String>>;
    /// Assignments across tasks, soonest due first.
    async fn assignments(
        &self,
        brand: &str,
        f: &AssignmentFilter,
        page: Page,
    ) -> Result<Vec<Assignment>>;
    /// The member's assignments, soonest due first.
    async fn member_assignments(&self, brand: &str, member_id: &str) -> Result<Vec<Assignment>>;
    /// The member hands in (or, after a rejection, again).
    /// `Conflict("task_not_open")` once submitted or approved.
    async fn submit_task(
        &self,
        brand: &str,
        task_id: &str,
        member_id: &str,
        answer: &str,
        evidence_id: Option<&str>,
        at: i64,
    ) -> Result<Assignment>;
    /// Approves (crediting the reward in the same transaction: `rewarded`)
    /// or rejects with a reason. `Conflict("task_not_submitted")` otherwise.
    async fn review_task(
        &self,
        brand: &str,
        task_id: &str,
        member_id: &str,
        d: &DecisionRecord,
    ) -> Result<Assignment>;

    /// The selected member's shipping details (again until shipped).
    /// `Conflict("sample_shipped")` after.
    async fn request_sample(&self, brand: &str, s: &Sample) -> Result<Sample>;
    /// Records `(courier, tracking number)`; the member is told.
    async fn ship_sample(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        shipment: (&str, &str),
        by: &str,
        at: i64,
    ) -> Result<Sample>;
    /// The member confirms receipt on `on` (`YYYY-MM-DD`); the publishing
    /// deadline counts from it. `Conflict("sample_not_shipped")` before.
    async fn receive_sample(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        on: &str,
        at: i64,
    ) -> Result<Sample>;
    async fn samples(&self, brand: &str, campaign_id: &str) -> Result<Vec<Sample>>;
    async fn sample(&self, brand: &str, campaign_id: &str, member_id: &str) -> Result<Sample>;
}

macro_rules! task_columns {
    () => {
        "t.brand_id, t.id, t.campaign_id, t.kind, t.title, t.instructions, t.questions, t.due_on, t.reward_points, \
     t.created_at, t.created_by"
    };
}

#[derive(sqlx::FromRow)]
pub(crate) struct TaskRow {
    brand_id: String,
    id: String,
    campaign_id: Option<String>,
    #[sqlx(try_from = "String")]
    kind: rules::TaskKind,
    title: String,
    instructions: String,
    questions: String,
    due_on: String,
    reward_points: i64,
    created_at: i64,
    created_by: String,
    assigned: i64,
    submitted: i64,
    done: i64,
}

impl TaskRow {
    fn decode(self) -> Result<TaskSummary> {
        Ok(TaskSummary {
            task: Task {
                questions: from_json(&self.questions)?,
                brand_id: self.brand_id,
                id: self.id,
                campaign_id: self.campaign_id,
                kind: self.kind,
                title: self.title,
                instructions: self.instructions,
                due_on: self.due_on,
                reward_points: self.reward_points,
                created_at: self.created_at,
                created_by: self.created_by,
            },
            assigned: self.assigned,
            submitted: self.submitted,
            done: self.done,
        })
    }
}

pub(crate) const ASSIGNMENTS: &str = "SELECT a.task_id, a.member_id, COALESCE(p.display_name, '') AS member_name, t.kind, t.title, \
     t.instructions, t.questions, t.due_on, t.reward_points, a.status, a.answer, a.evidence_id, a.assigned_at, \
     a.submitted_at, a.reviewed_at, a.reason \
     FROM task_assignments a JOIN tasks t ON t.brand_id = a.brand_id AND t.id = a.task_id \
     LEFT JOIN applications p ON p.brand_id = a.brand_id AND p.member_id = a.member_id \
     WHERE a.brand_id = $1";

pub(crate) const SAMPLES: &str = "SELECT x.campaign_id, x.member_id, COALESCE(p.display_name, '') AS member_name, x.recipient, x.phone, \
     x.address, x.courier, x.tracking, x.shipped_at, x.received_on, x.created_at FROM samples x \
     LEFT JOIN applications p ON p.brand_id = x.brand_id AND p.member_id = x.member_id WHERE x.brand_id = $1";

impl SqlStore {
    async fn assignment(&self, brand: &str, task_id: &str, member_id: &str) -> Result<Assignment> {
        let sql = format!("{ASSIGNMENTS} AND a.task_id = $2 AND a.member_id = $3");
        one(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(task_id)
            .bind(member_id)
            .fetch_optional(&self.pool)
            .await?)
    }
}

#[async_trait]
impl TaskStore for SqlStore {
    async fn create_task(&self, t: &Task, members: &[String]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO tasks (brand_id, id, campaign_id, kind, title, instructions, questions, due_on, reward_points, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&t.brand_id)
        .bind(&t.id)
        .bind(&t.campaign_id)
        .bind(t.kind.as_str())
        .bind(&t.title)
        .bind(&t.instructions)
        .bind(to_json(&t.questions))
        .bind(&t.due_on)
        .bind(t.reward_points)
        .bind(t.created_at)
        .bind(&t.created_by)
        .execute(&mut *tx)
        .await?;
        for chunk in members.chunks(batch_rows(self.kind)) {
            let mut rows: Vec<Vec<Cell>> = chunk
                .iter()
                .map(|m| {
                    vec![
                        Cell::Text(Some(t.brand_id.clone())),
                        Cell::Text(Some(t.id.clone())),
                        Cell::Text(Some(m.clone())),
                        Cell::Text(Some("assigned".into())),
                        Cell::Int(Some(t.created_at)),
                    ]
                })
                .collect();
            insert_rows(
                &mut tx,
                "task_assignments",
                &["brand_id", "task_id", "member_id", "status", "assigned_at"],
                &mut rows,
                "ON CONFLICT DO NOTHING",
            )
            .await?;
        }
        let detail = serde_json::json!({ "task_id": t.id, "campaign_title": t.title, "due_on": t.due_on, "points": t.reward_points });
        let inbox = members
            .iter()
            .map(|m| {
                Notification::new(
                    &t.brand_id,
                    m,
                    rules::NotificationKind::TaskAssigned,
                    detail.clone(),
                    t.created_at,
                )
            })
            .collect();
        insert_notifications(&mut tx, self.kind, inbox).await?;
        let audit = AuditEntry::operator(&t.brand_id, &t.created_by, "task.create", ("task", &t.id), t.created_at)
            .after(serde_json::json!({
                "kind": t.kind, "title": t.title, "due_on": t.due_on,
                "reward_points": t.reward_points, "campaign_id": t.campaign_id, "assigned": members.len(),
            }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn tasks(&self, brand: &str, page: Page) -> Result<Vec<TaskSummary>> {
        let rows: Vec<TaskRow> = sqlx::query_as(concat!(
            "SELECT ",
            task_columns!(),
            ", (SELECT COUNT(*) FROM task_assignments a WHERE a.brand_id = t.brand_id AND a.task_id = t.id) AS assigned, \
               (SELECT COUNT(*) FROM task_assignments a WHERE a.brand_id = t.brand_id AND a.task_id = t.id AND a.status = 'submitted') AS submitted, \
               (SELECT COUNT(*) FROM task_assignments a WHERE a.brand_id = t.brand_id AND a.task_id = t.id \
                  AND a.status IN ('approved', 'rewarded')) AS done \
             FROM tasks t WHERE t.brand_id = $1 ORDER BY t.due_on DESC, t.id DESC LIMIT $2 OFFSET $3"
        ))
        .bind(brand)
        .bind(page.limit)
        .bind(page.offset)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(TaskRow::decode).collect()
    }

    async fn task(&self, brand: &str, id: &str) -> Result<Task> {
        let row: TaskRow = one(sqlx::query_as(concat!(
            "SELECT ",
            task_columns!(),
            ", 0 AS assigned, 0 AS submitted, 0 AS done FROM tasks t WHERE t.brand_id = $1 AND t.id = $2"
        ))
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)?;
        Ok(row.decode()?.task)
    }

    async fn campaign_participants(&self, brand: &str, campaign_id: &str) -> Result<Vec<String>> {
        let c = self.campaign(brand, campaign_id).await?;
        let sql = if c.selected_at.is_some() {
            "SELECT member_id FROM signups WHERE brand_id = $1 AND campaign_id = $2 AND status = 'selected' ORDER BY member_id"
        } else {
            "SELECT member_id FROM signups WHERE brand_id = $1 AND campaign_id = $2 AND status IN ('pending', 'selected') ORDER BY member_id"
        };
        Ok(sqlx::query_scalar(sql)
            .bind(brand)
            .bind(campaign_id)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn approved_members(&self, brand: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT member_id FROM applications WHERE brand_id = $1 AND status = 'approved' ORDER BY member_id",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn assignments(
        &self,
        brand: &str,
        f: &AssignmentFilter,
        page: Page,
    ) -> Result<Vec<Assignment>> {
        let mut sql = String::from(ASSIGNMENTS);
        let mut args: Vec<&str> = vec![brand];
        if let Some(t) = &f.task_id {
            args.push(t);
            sql.push_str(&format!(" AND a.task_id = ${}", args.len()));
        }
        if let Some(st) = f.status {
            args.push(st.as_str());
            sql.push_str(&format!(" AND a.status = ${}", args.len()));
        }
        if let Some(day) = &f.overdue_on {
            args.push(day);
            sql.push_str(&format!(
                " AND a.status = 'assigned' AND t.due_on < ${}",
                args.len()
            ));
        }
        sql.push_str(&format!(
            " ORDER BY t.due_on, a.task_id, a.member_id LIMIT ${} OFFSET ${}",
            args.len() + 1,
            args.len() + 2
        ));
        let mut q = sqlx::query_as::<_, Assignment>(sqlx::AssertSqlSafe(sql));
        for a in args {
            q = q.bind(a);
        }
        Ok(q.bind(page.limit)
            .bind(page.offset)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn member_assignments(&self, brand: &str, member_id: &str) -> Result<Vec<Assignment>> {
        let sql =
            format!("{ASSIGNMENTS} AND a.member_id = $2 ORDER BY t.due_on, a.task_id LIMIT 200");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(member_id)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn submit_task(
        &self,
        brand: &str,
        task_id: &str,
        member_id: &str,
        answer: &str,
        evidence_id: Option<&str>,
        at: i64,
    ) -> Result<Assignment> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE task_assignments SET status = 'submitted', answer = $4, evidence_id = $5, submitted_at = $6, reason = NULL \
             WHERE brand_id = $1 AND task_id = $2 AND member_id = $3 AND status IN ('assigned', 'rejected')",
        )
        .bind(brand)
        .bind(task_id)
        .bind(member_id)
        .bind(answer)
        .bind(evidence_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            self.assignment(brand, task_id, member_id).await?;
            return Err(StoreError::Conflict("task_not_open"));
        }
        let audit = AuditEntry::member(brand, member_id, "task.submit", ("task", task_id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.assignment(brand, task_id, member_id).await
    }

    async fn review_task(
        &self,
        brand: &str,
        task_id: &str,
        member_id: &str,
        d: &DecisionRecord,
    ) -> Result<Assignment> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE task_assignments SET status = $4, reason = $5, reviewed_at = $6, reviewed_by = $7 \
             WHERE brand_id = $1 AND task_id = $2 AND member_id = $3 AND status = 'submitted'",
        )
        .bind(brand)
        .bind(task_id)
        .bind(member_id)
        .bind(if d.approve { "approved" } else { "rejected" })
        .bind(&d.reason)
        .bind(d.at)
        .bind(&d.by)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            // The task is the brand's (checked by the caller); an unknown
            // member has nothing handed in.
            return Err(StoreError::Conflict("task_not_submitted"));
        }
        let task: (String, String, i64) = sqlx::query_as(
            "SELECT kind, title, reward_points FROM tasks WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(task_id)
        .fetch_one(&mut *tx)
        .await?;
        let (kind, title, points) = task;
        if d.approve && points > 0 {
            let source = format!("{task_id}:{member_id}");
            let breakdown = rules::PointsBreakdown {
                interactions: 0,
                viral: false,
                lines: vec![rules::PointsLine::new("task", points)],
                total: points,
            };
            let detail = serde_json::json!({ "task_id": task_id, "task_title": title, "kind": kind, "breakdown": breakdown });
            let posting = NewPosting::earning(
                member_id,
                rules::PostingReason::TaskApproved,
                ("task", &source),
                points,
                d.at,
            )
            .described(&title, detail.to_string());
            ledger::post(&mut tx, brand, &posting).await?;
            sqlx::query(
                "UPDATE task_assignments SET status = 'rewarded' WHERE brand_id = $1 AND task_id = $2 AND member_id = $3",
            )
            .bind(brand)
            .bind(task_id)
            .bind(member_id)
            .execute(&mut *tx)
            .await?;
        }
        let audit = AuditEntry::operator(brand, &d.by, if d.approve { "task.approve" } else { "task.reject" }, ("task", task_id), d.at)
            .before(serde_json::json!({ "member_id": member_id, "status": "submitted" }))
            .after(serde_json::json!({ "member_id": member_id, "approve": d.approve, "reason": d.reason, "points": if d.approve { points } else { 0 } }));
        insert_audit(&mut tx, &audit).await?;
        let note = Notification::new(
            brand,
            member_id,
            if d.approve {
                rules::NotificationKind::TaskApproved
            } else {
                rules::NotificationKind::TaskRejected
            },
            serde_json::json!({ "task_id": task_id, "campaign_title": title, "reason": d.reason, "points": if d.approve && points > 0 { Some(points) } else { None } }),
            d.at,
        );
        insert_notifications(&mut tx, self.kind, vec![note]).await?;
        tx.commit().await?;
        self.assignment(brand, task_id, member_id).await
    }

    async fn request_sample(&self, brand: &str, x: &Sample) -> Result<Sample> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "INSERT INTO samples (brand_id, campaign_id, member_id, recipient, phone, address, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (brand_id, campaign_id, member_id) DO UPDATE SET recipient = excluded.recipient, \
               phone = excluded.phone, address = excluded.address WHERE samples.shipped_at IS NULL",
        )
        .bind(brand)
        .bind(&x.campaign_id)
        .bind(&x.member_id)
        .bind(&x.recipient)
        .bind(&x.phone)
        .bind(&x.address)
        .bind(x.created_at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict("sample_shipped"));
        }
        let audit = AuditEntry::member(
            brand,
            &x.member_id,
            "sample.address",
            ("campaign", &x.campaign_id),
            x.created_at,
        );
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.sample(brand, &x.campaign_id, &x.member_id).await
    }

    async fn ship_sample(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        (courier, tracking): (&str, &str),
        by: &str,
        at: i64,
    ) -> Result<Sample> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE samples SET courier = $4, tracking = $5, shipped_at = COALESCE(shipped_at, $6) \
             WHERE brand_id = $1 AND campaign_id = $2 AND member_id = $3 AND received_on IS NULL",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(member_id)
        .bind(courier)
        .bind(tracking)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict(
                match self.sample(brand, campaign_id, member_id).await {
                    Ok(_) => "sample_received",
                    Err(StoreError::NotFound) => "sample_not_requested",
                    Err(e) => return Err(e),
                },
            ));
        }
        let audit = AuditEntry::operator(brand, by, "sample.ship", ("campaign", campaign_id), at)
            .after(serde_json::json!({ "member_id": member_id, "courier": courier, "tracking": tracking }));
        insert_audit(&mut tx, &audit).await?;
        let title: String =
            sqlx::query_scalar("SELECT title FROM campaigns WHERE brand_id = $1 AND id = $2")
                .bind(brand)
                .bind(campaign_id)
                .fetch_one(&mut *tx)
                .await?;
        let note = Notification::new(
            brand,
            member_id,
            rules::NotificationKind::SampleShipped,
            serde_json::json!({ "campaign_id": campaign_id, "campaign_title": title, "reason": format!("{courier} {tracking}") }),
            at,
        );
        insert_notifications(&mut tx, self.kind, vec![note]).await?;
        tx.commit().await?;
        self.sample(brand, campaign_id, member_id).await
    }

    async fn receive_sample(
        &self,
        brand: &str,
        campaign_id: &str,
        member_id: &str,
        on: &str,
        at: i64,
    ) -> Result<Sample> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE samples SET received_on = $4 \
             WHERE brand_id = $1 AND campaign_id = $2 AND member_id = $3 AND shipped_at IS NOT NULL AND received_on IS NULL",
        )
        .bind(brand)
        .bind(campaign_id)
        .bind(member_id)
        .bind(on)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict(
                match self.sample(brand, campaign_id, member_id).await {
                    Ok(s) if s.shipped_at.is_some() => "sample_received",
                    Ok(_) | Err(StoreError::NotFound) => "sample_not_shipped",
                    Err(e) => return Err(e),
                },
            ));
        }
        let audit = AuditEntry::member(
            brand,
            member_id,
            "sample.receive",
            ("campaign", campaign_id),
            at,
        )
        .after(serde_json::json!({ "received_on": on }));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        self.sample(brand, campaign_id, member_id).await
    }

    async fn samples(&self, brand: &str, campaign_id: &str) -> Result<Vec<Sample>> {
        let sql = format!("{SAMPLES} AND x.campaign_id = $2 ORDER BY x.created_at, x.member_id");
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(campaign_id)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn sample(&self, brand: &str, campaign_id: &str, member_id: &str) -> Result<Sample> {
        let sql = format!("{SAMPLES} AND x.campaign_id = $2 AND x.member_id = $3");
        one(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(campaign_id)
            .bind(member_id)
            .fetch_optional(&self.pool)
            .await?)
    }
}
