//! The delivery queue. A worker claims due pending rows by writing a lease (a token, and
//! `next_attempt_at` moved to the lease's expiry); its later writes name the token, so a
//! worker that lost its lease changes nothing. A process killed mid-delivery leaves the row
//! due again when the lease runs out.
//!
//! The rows to claim are chosen in a `MATERIALIZED` CTE: as `UPDATE … WHERE id IN (SELECT …
//! LIMIT n FOR UPDATE SKIP LOCKED)`, PostgreSQL may run the subquery more than once and lease
//! more than `n` rows (seen under load: 95 for 16).

use fleet_core::{
    clock::Millis,
    ids::TenantId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct DeliveryRecord {
    pub id: String,
    pub tenant_id: String,
    pub endpoint_id: String,
    pub event_id: String,
    pub event_type: String,
    pub payload: String,
    /// `pending`, `succeeded` or `failed`.
    pub status: String,
    /// Attempts since the delivery was queued (or resent).
    pub attempts: i64,
    pub next_attempt_at: Option<i64>,
    pub lease_token: Option<String>,
    pub last_response_code: Option<i64>,
    pub last_response_body: Option<String>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

const COLUMNS: &str = "id, tenant_id, endpoint_id, event_id, event_type, payload, status, attempts, \
    next_attempt_at, lease_token, last_response_code, last_response_body, last_error, created_at, finished_at";

/// Queues `d` unless the endpoint already has a delivery of the event. True when inserted.
pub async fn insert_once(tx: &mut Tx, d: &DeliveryRecord) -> Result<bool, StoreError> {
    let done = sqlx::query(&format!(
        "INSERT INTO webhook_deliveries ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (endpoint_id, event_id) DO NOTHING"
    ))
    .bind(&d.id)
    .bind(&d.tenant_id)
    .bind(&d.endpoint_id)
    .bind(&d.event_id)
    .bind(&d.event_type)
    .bind(&d.payload)
    .bind(&d.status)
    .bind(d.attempts)
    .bind(d.next_attempt_at)
    .bind(&d.lease_token)
    .bind(d.last_response_code)
    .bind(&d.last_response_body)
    .bind(&d.last_error)
    .bind(d.created_at)
    .bind(d.finished_at)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Leases up to `limit` due pending deliveries (oldest due first).
pub async fn claim(
    tx: &mut Tx,
    lease_token: &str,
    lease_until: Millis,
    now: Millis,
    limit: i64,
) -> Result<Vec<DeliveryRecord>, StoreError> {
    let skip_locked = tx.dialect().skip_locked();
    Ok(sqlx::query_as(&format!(
        "WITH due AS MATERIALIZED ( \
           SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $3 \
           ORDER BY next_attempt_at LIMIT $4{skip_locked}) \
         UPDATE webhook_deliveries SET lease_token = $1, next_attempt_at = $2 \
         WHERE id IN (SELECT id FROM due) RETURNING {COLUMNS}"
    ))
    .bind(lease_token)
    .bind(lease_until)
    .bind(now)
    .bind(limit)
    .fetch_all(tx.conn())
    .await?)
}

/// How one attempt ended, written back under the lease that made it.
#[derive(Debug, Clone)]
pub struct AttemptResult<'a> {
    /// `pending` (retry at `next_attempt_at`), `succeeded` or `failed`.
    pub status: &'a str,
    pub next_attempt_at: Option<Millis>,
    pub response_code: Option<i64>,
    pub response_body: Option<&'a str>,
    pub error: Option<&'a str>,
    pub now: Millis,
}

/// False when the lease was lost (another worker owns the delivery now).
pub async fn record_attempt(
    tx: &mut Tx,
    id: &str,
    lease_token: &str,
    r: &AttemptResult<'_>,
) -> Result<bool, StoreError> {
    let finished_at = (r.status != "pending").then_some(r.now);
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET status = $3, attempts = attempts + 1, next_attempt_at = $4, \
         lease_token = NULL, last_response_code = $5, last_response_body = $6, last_error = $7, \
         finished_at = $8 WHERE id = $1 AND lease_token = $2",
    )
    .bind(id)
    .bind(lease_token)
    .bind(r.status)
    .bind(r.next_attempt_at)
    .bind(r.response_code)
    .bind(r.response_body)
    .bind(r.error)
    .bind(finished_at)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes up to `limit` finished deliveries (succeeded or failed) queued before `cutoff`,
/// with their attempts. Returns how many deliveries.
pub async fn delete_finished_before(
    tx: &mut Tx,
    cutoff: Millis,
    limit: i64,
) -> Result<u64, StoreError> {
    let oldest = "SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1 \
        ORDER BY created_at, id LIMIT $2";
    sqlx::query(&format!(
        "DELETE FROM webhook_attempts WHERE delivery_id IN ({oldest})"
    ))
    .bind(cutoff)
    .bind(limit)
    .execute(tx.conn())
    .await?;
    Ok(sqlx::query(&format!(
        "DELETE FROM webhook_deliveries WHERE id IN ({oldest})"
    ))
    .bind(cutoff)
    .bind(limit)
    .execute(tx.conn())
    .await?
    .rows_affected())
}

/// Queues a delivery again from its first attempt; `None` when the tenant has no such one.
pub async fn resend(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
    now: Millis,
) -> Result<Option<DeliveryRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $3, \
         lease_token = NULL, finished_at = NULL WHERE tenant_id = $1 AND id = $2 RETURNING {COLUMNS}"
    ))
    .bind(tenant.to_string())
    .bind(id)
    .bind(now)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Option<DeliveryRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM webhook_deliveries WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.to_string())
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// Which deliveries to list; `None` matches everything.
#[derive(Debug, Clone, Default)]
pub struct DeliveryFilter {
    pub endpoint_id: Option<String>,
    pub status: Option<String>,
    pub event_type: Option<String>,
    pub event_id: Option<String>,
}

/// Newest first.
pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    filter: &DeliveryFilter,
    page: PageRequest,
) -> Result<Page<DeliveryRecord>, StoreError> {
    let clause = "WHERE tenant_id = $1 AND ($2 IS NULL OR endpoint_id = $2) AND ($3 IS NULL OR status = $3) \
        AND ($4 IS NULL OR event_type = $4) AND ($5 IS NULL OR event_id = $5)";
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM webhook_deliveries {clause}"),
        &format!(
            "SELECT {COLUMNS} FROM webhook_deliveries {clause} ORDER BY created_at DESC, id DESC LIMIT $6 OFFSET $7"
        ),
        &[
            Some(tenant.to_string()),
            filter.endpoint_id.clone(),
            filter.status.clone(),
            filter.event_type.clone(),
            filter.event_id.clone(),
        ],
        page,
    )
    .await
}
