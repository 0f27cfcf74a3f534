//! Inbound callbacks as stored before they are acknowledged. The `(source, dedup_key)` unique
//! constraint is the deduplication: a second delivery of an event inserts nothing.

use fleet_core::{clock::Millis, ids::TenantId};

use crate::{StoreError, Tx};

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

/// How a dispatch ended, to be written back.
#[derive(Debug, Clone)]
pub struct DispatchResult<'a> {
    pub status: &'a str,
    pub last_error: Option<&'a str>,
    pub next_attempt_at: Option<Millis>,
    pub processed_at: Option<Millis>,
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
