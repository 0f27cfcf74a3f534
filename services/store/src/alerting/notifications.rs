use fleet_core::{
    clock::Millis,
    ids::TenantId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

/// One notification to one channel: the outbox entry and its log line.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct NotificationRecord {
    pub id: String,
    pub tenant_id: String,
    pub channel_id: String,
    pub group_key: String,
    /// `firing` or `resolved`.
    pub status: String,
    pub alert_count: i64,
    /// The notification as JSON.
    pub payload: String,
    /// `pending`, `sent` or `failed`.
    pub outcome: String,
    pub attempts: i64,
    pub next_attempt_at: Option<i64>,
    pub last_error: Option<String>,
    pub detail: Option<String>,
    pub is_test: i64,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

const COLUMNS: &str = "id, tenant_id, channel_id, group_key, status, alert_count, payload, \
    outcome, attempts, next_attempt_at, last_error, detail, is_test, created_at, finished_at";

pub async fn insert(tx: &mut Tx, n: &NotificationRecord) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "INSERT INTO alert_notifications ({COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    ))
    .bind(&n.id)
    .bind(&n.tenant_id)
    .bind(&n.channel_id)
    .bind(&n.group_key)
    .bind(&n.status)
    .bind(n.alert_count)
    .bind(&n.payload)
    .bind(&n.outcome)
    .bind(n.attempts)
    .bind(n.next_attempt_at)
    .bind(&n.last_error)
    .bind(&n.detail)
    .bind(n.is_test)
    .bind(n.created_at)
    .bind(n.finished_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Pending notifications due at `now`, oldest first (platform scope; only the leader sends).
pub async fn due(
    tx: &mut Tx,
    now: Millis,
    limit: i64,
) -> Result<Vec<NotificationRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alert_notifications WHERE outcome = 'pending' AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at, id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(tx.conn())
    .await?)
}

/// Records an attempt: its outcome, the count, when to try again, and what happened.
pub async fn record_attempt(tx: &mut Tx, n: &NotificationRecord) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE alert_notifications SET outcome = $2, attempts = $3, next_attempt_at = $4, \
         last_error = $5, detail = $6, finished_at = $7 WHERE id = $1",
    )
    .bind(&n.id)
    .bind(&n.outcome)
    .bind(n.attempts)
    .bind(n.next_attempt_at)
    .bind(&n.last_error)
    .bind(&n.detail)
    .bind(n.finished_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Option<NotificationRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alert_notifications WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.to_string())
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// The tenant's notification log, newest first, optionally for one channel.
pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    channel_id: Option<&str>,
    page: PageRequest,
) -> Result<Page<NotificationRecord>, StoreError> {
    let clause = "WHERE tenant_id = $1 AND ($2 IS NULL OR channel_id = $2)";
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM alert_notifications {clause}"),
        &format!(
            "SELECT {COLUMNS} FROM alert_notifications {clause} ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4"
        ),
        &[Some(tenant.to_string()), channel_id.map(str::to_owned)],
        page,
    )
    .await
}

/// Deletes up to `limit` notifications that finished before `cutoff`; pending ones stay.
pub async fn delete_finished_before(
    tx: &mut Tx,
    cutoff: Millis,
    limit: i64,
) -> Result<u64, StoreError> {
    Ok(sqlx::query(
        "DELETE FROM alert_notifications WHERE id IN (SELECT id FROM alert_notifications \
         WHERE outcome <> 'pending' AND finished_at < $1 ORDER BY finished_at, id LIMIT $2)",
    )
    .bind(cutoff)
    .bind(limit)
    .execute(tx.conn())
    .await?
    .rows_affected())
}
