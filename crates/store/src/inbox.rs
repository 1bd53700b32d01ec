//! Members' inbox: notifications written in the transaction of the
//! change they tell about.

use crate::*;
use async_trait::async_trait;

/// A line in a member's inbox. `detail` is JSON (ids, titles, reasons,
/// points): what the app needs to word it in the member's language.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Notification {
    pub brand_id: String,
    pub id: String,
    pub member_id: String,
    #[sqlx(try_from = "String")]
    pub kind: rules::NotificationKind,
    pub detail: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

impl Notification {
    pub fn new(
        brand: &str,
        member: &str,
        kind: rules::NotificationKind,
        detail: serde_json::Value,
        at: i64,
    ) -> Self {
        Notification {
            brand_id: brand.to_string(),
            id: crate::new_id(),
            member_id: member.to_string(),
            kind,
            detail: detail.to_string(),
            created_at: at,
            read_at: None,
        }
    }
}

/// The member's inbox. One of the traits [`Store`] is made of.
#[async_trait]
pub trait InboxStore: Send + Sync {
    /// The member's inbox, newest first.
    async fn notifications(
        &self,
        brand: &str,
        member_id: &str,
        page: Page,
    ) -> Result<Vec<Notification>>;
    async fn unread_notifications(&self, brand: &str, member_id: &str) -> Result<i64>;
    /// Marks every line read; how many were unread.
    async fn mark_notifications_read(&self, brand: &str, member_id: &str, at: i64) -> Result<u64>;
}

/// The audit line of a decision on a pending application or submission.
pub(crate) const NOTIFICATION_COLUMNS: [&str; 7] = [
    "brand_id",
    "id",
    "member_id",
    "kind",
    "detail",
    "created_at",
    "read_at",
];

/// Writes inbox lines inside the caller's transaction, many a statement.
pub(crate) async fn insert_notifications(
    tx: &mut sqlx::AnyConnection,
    kind: DbKind,
    list: Vec<Notification>,
) -> Result<()> {
    let mut rows: Vec<Vec<Cell>> = list
        .into_iter()
        .map(|n| {
            vec![
                Cell::Text(Some(n.brand_id)),
                Cell::Text(Some(n.id)),
                Cell::Text(Some(n.member_id)),
                Cell::Text(Some(n.kind.as_str().into())),
                Cell::Text(Some(n.detail)),
                Cell::Int(Some(n.created_at)),
                Cell::Int(n.read_at),
            ]
        })
        .collect();
    while !rows.is_empty() {
        let mut batch: Vec<Vec<Cell>> = rows.drain(..rows.len().min(batch_rows(kind))).collect();
        insert_rows(tx, "notifications", &NOTIFICATION_COLUMNS, &mut batch, "").await?;
    }
    Ok(())
}

#[async_trait]
impl InboxStore for SqlStore {
    async fn notifications(
        &self,
        brand: &str,
        member_id: &str,
        page: Page,
    ) -> Result<Vec<Notification>> {
        Ok(sqlx::query_as(
            "SELECT brand_id, id, member_id, kind, detail, created_at, read_at FROM notifications \
             WHERE brand_id = $1 AND member_id = $2 ORDER BY id DESC LIMIT $3 OFFSET $4",
        )
        .bind(brand)
        .bind(member_id)
        .bind(page.limit)
        .bind(page.offset)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn unread_notifications(&self, brand: &str, member_id: &str) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE brand_id = $1 AND member_id = $2 AND read_at IS NULL",
        )
        .bind(brand)
        .bind(member_id)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn mark_notifications_read(&self, brand: &str, member_id: &str, at: i64) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE notifications SET read_at = $3 WHERE brand_id = $1 AND member_id = $2 AND read_at IS NULL",
        )
        .bind(brand)
        .bind(member_id)
        .bind(at)
        .execute(&self.pool)
        .await?
        .rows_affected())
    }
}
