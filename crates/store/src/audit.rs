//! The audit log: one line per operator write (in the write's own
//! transaction) and per view of personal data.

use crate::*;
use async_trait::async_trait;

/// Who decided what, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub approve: bool,
    pub reason: Option<String>,
    pub by: String,
    pub at: i64,
    /// The reviewer checked the note's ad disclosure (submissions only).
    pub disclosure_confirmed: bool,
}

/// One line of the audit log: who did what to which record, when, and the
/// record's state before and after (JSON). Actors and targets are ids;
/// `before`/`after` never hold personal fields, so erasing a member leaves
/// nothing here to erase.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditEntry {
    pub brand_id: String,
    pub id: String,
    /// `operator`, `member` or `system`.
    #[sqlx(try_from = "String")]
    pub actor_kind: rules::ActorKind,
    pub actor_id: String,
    /// Dotted, stable: `application.approve`, `personal_data.view`, …
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    #[sqlx(rename = "before_json")]
    pub before: Option<String>,
    #[sqlx(rename = "after_json")]
    pub after: Option<String>,
    pub at: i64,
}

impl AuditEntry {
    /// An operator's action, stamped with a fresh time-ordered id.
    pub fn operator(
        brand: &str,
        operator_id: &str,
        action: &str,
        target: (&str, &str),
        at: i64,
    ) -> AuditEntry {
        AuditEntry::by(
            brand,
            (rules::ActorKind::Operator, operator_id),
            action,
            target,
            at,
        )
    }

    /// A member's own action (erasing their account).
    pub fn member(
        brand: &str,
        member_id: &str,
        action: &str,
        target: (&str, &str),
        at: i64,
    ) -> AuditEntry {
        AuditEntry::by(
            brand,
            (rules::ActorKind::Member, member_id),
            action,
            target,
            at,
        )
    }

    /// A KOS staff member's action in the staff app (issue 17).
    pub fn staff(
        brand: &str,
        staff_id: &str,
        action: &str,
        target: (&str, &str),
        at: i64,
    ) -> AuditEntry {
        AuditEntry::by(
            brand,
            (rules::ActorKind::Staff, staff_id),
            action,
            target,
            at,
        )
    }

    fn by(
        brand: &str,
        actor: (rules::ActorKind, &str),
        action: &str,
        target: (&str, &str),
        at: i64,
    ) -> AuditEntry {
        AuditEntry {
            brand_id: brand.to_string(),
            id: crate::new_id(),
            actor_kind: actor.0,
            actor_id: actor.1.to_string(),
            action: action.to_string(),
            target_kind: target.0.to_string(),
            target_id: target.1.to_string(),
            before: None,
            after: None,
            at,
        }
    }

    pub fn before(mut self, v: serde_json::Value) -> AuditEntry {
        self.before = Some(v.to_string());
        self
    }

    pub fn after(mut self, v: serde_json::Value) -> AuditEntry {
        self.after = Some(v.to_string());
        self
    }
}

/// What the audit search narrows by; every field optional. `action`
/// matches a whole action or a prefix ending in `.` (`application.`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub target_id: Option<String>,
    /// UNIX seconds, inclusive.
    pub from: Option<i64>,
    /// UNIX seconds, exclusive.
    pub until: Option<i64>,
}

/// The audit log: lines recorded on their own, and the log read back. One of the traits [`Store`] is made of.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends one audit line on its own (views of personal data, log-ins).
    /// Operator writes made through this trait record theirs themselves,
    /// in the transaction of the write.
    async fn record_audit(&self, e: &AuditEntry) -> Result<()>;
    /// Newest first.
    async fn audit_log(&self, brand: &str, f: &AuditFilter, page: Page) -> Result<Vec<AuditEntry>>;
}

/// Writes one audit line inside the caller's transaction, so the action
/// and its record commit together or not at all.
pub(crate) async fn insert_audit(conn: &mut sqlx::AnyConnection, e: &AuditEntry) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (brand_id, id, actor_kind, actor_id, action, target_kind, target_id, before_json, after_json, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&e.brand_id)
    .bind(&e.id)
    .bind(e.actor_kind.as_str())
    .bind(&e.actor_id)
    .bind(&e.action)
    .bind(&e.target_kind)
    .bind(&e.target_id)
    .bind(&e.before)
    .bind(&e.after)
    .bind(e.at)
    .execute(conn)
    .await?;
    Ok(())
}

pub(crate) fn decision_audit(brand: &str, kind: &str, id: &str, d: &DecisionRecord) -> AuditEntry {
    let verb = if d.approve { "approve" } else { "reject" };
    let mut after = serde_json::json!({
        "status": if d.approve { "approved" } else { "rejected" },
        "reason": d.reason,
    });
    if kind == "submission" {
        after["disclosure_confirmed"] = d.disclosure_confirmed.into();
    }
    AuditEntry::operator(brand, &d.by, &format!("{kind}.{verb}"), (kind, id), d.at)
        .before(serde_json::json!({ "status": "pending" }))
        .after(after)
}

#[async_trait]
impl AuditStore for SqlStore {
    async fn record_audit(&self, e: &AuditEntry) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        insert_audit(&mut conn, e).await
    }

    async fn audit_log(&self, brand: &str, f: &AuditFilter, page: Page) -> Result<Vec<AuditEntry>> {
        // As for submissions: only the filters given become conditions, so
        // each shape of query can use its index.
        let mut sql = String::from(
            "SELECT brand_id, id, actor_kind, actor_id, action, target_kind, target_id, before_json, after_json, at \
             FROM audit_log WHERE brand_id = $1",
        );
        let mut args = vec![Cell::Text(Some(brand.to_string()))];
        let mut narrow = |condition: &str, arg: Cell| {
            args.push(arg);
            sql.push_str(&format!(" AND {condition} ${}", args.len()));
        };
        if let Some(a) = &f.action {
            if a.ends_with('.') {
                // A prefix. Callers pass only `[a-z_.]` (checked at the
                // edge), so the text holds no LIKE wildcard of its own.
                narrow("action LIKE", Cell::Text(Some(format!("{a}%"))));
            } else {
                narrow("action =", Cell::Text(Some(a.clone())));
            }
        }
        if let Some(v) = &f.actor_id {
            narrow("actor_id =", Cell::Text(Some(v.clone())));
        }
        if let Some(v) = &f.target_id {
            narrow("target_id =", Cell::Text(Some(v.clone())));
        }
        if let Some(v) = f.from {
            narrow("at >=", Cell::Int(Some(v)));
        }
        if let Some(v) = f.until {
            narrow("at <", Cell::Int(Some(v)));
        }
        let n = args.len();
        sql.push_str(&format!(
            " ORDER BY id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        ));
        args.extend([Cell::Int(Some(page.limit)), Cell::Int(Some(page.offset))]);
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for a in args {
            q = a.bind(q);
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(<AuditEntry as sqlx::FromRow<_>>::from_row)
            .collect::<Result<_, _>>()?)
    }
}
