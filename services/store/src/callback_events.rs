//! Inbound callbacks as stored before they are acknowledged. The `(source, dedup_key)` unique
//! constraint is the deduplication: a second delivery of an event inserts nothing.
//!
//! A `pending` event is due at `next_attempt_at`. Whoever dispatches it first moves that time
//! past the dispatch (a lease), so a process killed mid-dispatch leaves the event due again
//! when the lease runs out, and two processes do not dispatch it at once.

use fleet_core::{
    clock::Millis,
    ids::TenantId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CallbackEventRecord {
    pub id: String,
    pub tenant_id: String,
    pub source: String,
    pub account_id: Option<String>,
    pub dedup_key: String,
    pub kind: String,
    pub payload: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<i64>,
    pub received_at: i64,
    pub processed_at: Option<i64>,
}

const COLUMNS: &str =
    "id, tenant_id, source, account_id, dedup_key, kind, payload, status, attempts, \
    last_error, next_attempt_at, received_at, processed_at";

/// Stores `event` unless one with its source and dedup key exists. Returns the stored row and
/// whether it was already there.
pub async fn insert_once(
    tx: &mut Tx,
    event: &CallbackEventRecord,
) -> Result<(CallbackEventRecord, bool), StoreError> {
    let sql = format!(
        "INSERT INTO callback_events ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (source, dedup_key) DO NOTHING"
    );
    let inserted = sqlx::query(&sql)
        .bind(&event.id)
        .bind(&event.tenant_id)
        .bind(&event.source)
        .bind(&event.account_id)
        .bind(&event.dedup_key)
        .bind(&event.kind)
        .bind(&event.payload)
        .bind(&event.status)
        .bind(event.attempts)
        .bind(&event.last_error)
        .bind(event.next_attempt_at)
        .bind(event.received_at)
        .bind(event.processed_at)
        .execute(tx.conn())
        .await?
        .rows_affected();
    if inserted == 1 {
        return Ok((event.clone(), false));
    }
    let existing = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM callback_events WHERE source = $1 AND dedup_key = $2"
    ))
    .bind(&event.source)
    .bind(&event.dedup_key)
    .fetch_one(tx.conn())
    .await?;
    Ok((existing, true))
}

/// Deletes up to `limit` settled events (anything but `pending`) received before `cutoff`.
/// Returns how many.
pub async fn delete_settled_before(
    tx: &mut Tx,
    cutoff: Millis,
    limit: i64,
) -> Result<u64, StoreError> {
    Ok(sqlx::query(
        "DELETE FROM callback_events WHERE id IN (SELECT id FROM callback_events \
         WHERE status <> 'pending' AND received_at < $1 ORDER BY received_at, id LIMIT $2)",
    )
    .bind(cutoff)
    .bind(limit)
    .execute(tx.conn())
    .await?
    .rows_affected())
}

/// How a dispatch ended, to be written back.
#[derive(Debug, Clone)]
pub struct DispatchResult<'a> {
    pub status: &'a str,
    pub last_error: Option<&'a str>,
    pub next_attempt_at: Option<Millis>,
    pub processed_at: Option<Millis>,
}

/// Leases up to `limit` due pending events (oldest first) until `lease_until`. (The CTE is
/// `MATERIALIZED` so that PostgreSQL picks the rows once; see `webhooks::deliveries::claim`.)
pub async fn claim_due(
    tx: &mut Tx,
    now: Millis,
    lease_until: Millis,
    limit: i64,
) -> Result<Vec<CallbackEventRecord>, StoreError> {
    let skip_locked = tx.dialect().skip_locked();
    let sql = format!(
        "WITH due AS MATERIALIZED ( \
           SELECT id FROM callback_events WHERE status = 'pending' AND next_attempt_at <= $1 \
           ORDER BY next_attempt_at LIMIT $3{skip_locked}) \
         UPDATE callback_events SET next_attempt_at = $2 WHERE id IN (SELECT id FROM due) \
         RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(now)
        .bind(lease_until)
        .bind(limit)
        .fetch_all(tx.conn())
        .await?)
}

pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Option<CallbackEventRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM callback_events WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.to_string())
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// Which stored events to list; `None` matches everything.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub status: Option<String>,
    pub kind: Option<String>,
    pub source: Option<String>,
    pub account_id: Option<String>,
    pub received_from: Option<Millis>,
    pub received_to: Option<Millis>,
}

/// Newest first.
pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    filter: &EventFilter,
    page: PageRequest,
) -> Result<Page<CallbackEventRecord>, StoreError> {
    let clause = "WHERE tenant_id = $1 AND ($2 IS NULL OR status = $2) AND ($3 IS NULL OR kind = $3) \
        AND ($4 IS NULL OR source = $4) AND ($5 IS NULL OR account_id = $5) \
        AND ($6 IS NULL OR received_at >= CAST($6 AS BIGINT)) AND ($7 IS NULL OR received_at < CAST($7 AS BIGINT))";
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM callback_events {clause}"),
        &format!(
            "SELECT {COLUMNS} FROM callback_events {clause} \
             ORDER BY received_at DESC, id DESC LIMIT $8 OFFSET $9"
        ),
        &[
            Some(tenant.to_string()),
            filter.status.clone(),
            filter.kind.clone(),
            filter.source.clone(),
            filter.account_id.clone(),
            filter.received_from.map(|t| t.to_string()),
            filter.received_to.map(|t| t.to_string()),
        ],
        page,
    )
    .await
}

/// Makes a stored event pending again with fresh attempts, leased to the caller until
/// `lease_until`. `None` when there is no such event.
pub async fn reset_for_replay(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
    lease_until: Millis,
) -> Result<Option<CallbackEventRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "UPDATE callback_events SET status = 'pending', attempts = 0, last_error = NULL, \
         next_attempt_at = $3, processed_at = NULL WHERE tenant_id = $1 AND id = $2 RETURNING {COLUMNS}"
    ))
    .bind(tenant.to_string())
    .bind(id)
    .bind(lease_until)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn record_dispatch(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
    result: &DispatchResult<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE callback_events SET status = $3, attempts = attempts + 1, last_error = $4, \
         next_attempt_at = $5, processed_at = $6 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.to_string())
    .bind(id)
    .bind(result.status)
    .bind(result.last_error)
    .bind(result.next_attempt_at)
    .bind(result.processed_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}
