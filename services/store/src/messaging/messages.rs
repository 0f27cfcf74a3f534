//! Message rows: written at accept time in the same transaction as the quota charge, then
//! moved through their statuses by the queue (see [`super::queue`]).

use fleet_core::{
    clock::Millis,
    ids::TenantId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MessageRecord {
    pub id: String,
    pub tenant_id: String,
    pub account_id: String,
    pub batch_id: Option<String>,
    pub conversation_id: String,
    pub message_type: String,
    pub content: String,
    pub template_id: Option<String>,
    pub template_version: Option<i64>,
    pub variables: Option<String>,
    pub status: String,
    pub attempts: i64,
    pub fallback_depth: i64,
    pub client_message_id: String,
    pub due_at: i64,
    pub lease_token: Option<String>,
    pub lease_expires_at: Option<i64>,
    pub provider_message_id: Option<String>,
    pub last_error_code: Option<String>,
    pub last_error: Option<String>,
    pub dead_lettered: i64,
    pub quota_day: String,
    pub send_time: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub sent_at: Option<i64>,
    pub delivered_at: Option<i64>,
}

pub(crate) const COLUMNS: &str = "id, tenant_id, account_id, batch_id, conversation_id, message_type, content, \
    template_id, template_version, variables, status, attempts, fallback_depth, client_message_id, due_at, \
    lease_token, lease_expires_at, provider_message_id, last_error_code, last_error, dead_lettered, quota_day, \
    send_time, created_at, updated_at, sent_at, delivered_at";
const COLUMN_COUNT: usize = 27;

/// Rows per INSERT statement: 27 binds each stays far below both backends' bind limits.
const ROWS_PER_STATEMENT: usize = 100;

/// Inserts `messages` with multi-row statements.
pub async fn insert_many(tx: &mut Tx, messages: &[MessageRecord]) -> Result<(), StoreError> {
    for chunk in messages.chunks(ROWS_PER_STATEMENT) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|row| {
                let params: Vec<String> = (1..=COLUMN_COUNT)
                    .map(|col| format!("${}", row * COLUMN_COUNT + col))
                    .collect();
                format!("({})", params.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO messages ({COLUMNS}) VALUES {}",
            rows.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for m in chunk {
            query = query
                .bind(&m.id)
                .bind(&m.tenant_id)
                .bind(&m.account_id)
                .bind(&m.batch_id)
                .bind(&m.conversation_id)
                .bind(&m.message_type)
                .bind(&m.content)
                .bind(&m.template_id)
                .bind(m.template_version)
                .bind(&m.variables)
                .bind(&m.status)
                .bind(m.attempts)
                .bind(m.fallback_depth)
                .bind(&m.client_message_id)
                .bind(m.due_at)
                .bind(&m.lease_token)
                .bind(m.lease_expires_at)
                .bind(&m.provider_message_id)
                .bind(&m.last_error_code)
                .bind(&m.last_error)
                .bind(m.dead_lettered)
                .bind(&m.quota_day)
                .bind(m.send_time)
                .bind(m.created_at)
                .bind(m.updated_at)
                .bind(m.sent_at)
                .bind(m.delivered_at);
        }
        query.execute(tx.conn()).await?;
    }
    Ok(())
}

pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Option<MessageRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM messages WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.to_string())
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// The row locked for a status change made outside the queue (cancel, retry).
pub async fn get_for_update(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Option<MessageRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM messages WHERE tenant_id = $1 AND id = $2{}",
        tx.dialect().for_update()
    ))
    .bind(tenant.to_string())
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// What `GET /messages` may filter on; `None` leaves a filter out.
#[derive(Debug, Clone, Default)]
pub struct MessageFilter {
    pub status: Option<String>,
    pub account_id: Option<String>,
    pub batch_id: Option<String>,
    pub created_from: Option<Millis>,
    pub created_to: Option<Millis>,
}

/// The tenant's messages matching `filter`, newest first.
pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    filter: &MessageFilter,
    page: PageRequest,
) -> Result<Page<MessageRecord>, StoreError> {
    let condition = "WHERE tenant_id = $1 AND ($2 IS NULL OR status = $2) \
        AND ($3 IS NULL OR account_id = $3) AND ($4 IS NULL OR batch_id = $4) \
        AND ($5 IS NULL OR created_at >= CAST($5 AS BIGINT)) AND ($6 IS NULL OR created_at < CAST($6 AS BIGINT))";
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM messages {condition}"),
        &format!(
            "SELECT {COLUMNS} FROM messages {condition} ORDER BY created_at DESC, id DESC LIMIT $7 OFFSET $8"
        ),
        &[
            Some(tenant.to_string()),
            filter.status.clone(),
            filter.account_id.clone(),
            filter.batch_id.clone(),
            filter.created_from.map(|t| t.to_string()),
            filter.created_to.map(|t| t.to_string()),
        ],
        page,
    )
    .await
}

/// Writes a status change made outside the queue (cancel, replay): status, due time, attempt
/// count, dead-letter flag and error, cleared lease.
pub async fn reset(tx: &mut Tx, m: &MessageRecord) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE messages SET status = $3, due_at = $4, attempts = $5, dead_lettered = $6, \
         last_error_code = $7, last_error = $8, lease_token = NULL, lease_expires_at = NULL, updated_at = $9 \
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(&m.tenant_id)
    .bind(&m.id)
    .bind(&m.status)
    .bind(m.due_at)
    .bind(m.attempts)
    .bind(m.dead_lettered)
    .bind(&m.last_error_code)
    .bind(&m.last_error)
    .bind(m.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Counts per quota day and status, for the usage report.
pub async fn count_by_day(
    tx: &mut Tx,
    tenant: TenantId,
    from_day: &str,
    to_day: &str,
) -> Result<Vec<(String, String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT quota_day, status, COUNT(*) FROM messages WHERE tenant_id = $1 \
         AND quota_day >= $2 AND quota_day <= $3 GROUP BY quota_day, status",
    )
    .bind(tenant.to_string())
    .bind(from_day)
    .bind(to_day)
    .fetch_all(tx.conn())
    .await?)
}

/// Deletes up to `limit` finished messages (sent, delivered, failed, cancelled) created before
/// `cutoff`, with their attempts; returns the messages deleted. A message still to be sent is
/// never deleted, however old.
pub async fn delete_finished_before(
    tx: &mut Tx,
    cutoff: Millis,
    limit: i64,
) -> Result<u64, StoreError> {
    let oldest = "SELECT id FROM messages WHERE created_at < $1 \
        AND status IN ('sent', 'delivered', 'failed', 'cancelled') ORDER BY created_at LIMIT $2";
    sqlx::query(&format!(
        "DELETE FROM message_attempts WHERE message_id IN ({oldest})"
    ))
    .bind(cutoff)
    .bind(limit)
    .execute(tx.conn())
    .await?;
    Ok(
        sqlx::query(&format!("DELETE FROM messages WHERE id IN ({oldest})"))
            .bind(cutoff)
            .bind(limit)
            .execute(tx.conn())
            .await?
            .rows_affected(),
    )
}
