//! `Idempotency-Key`: the first answer to a keyed request, stored in the transaction that did
//! the work, so a repeat gets that answer and a crash leaves neither.

use fleet_core::ids::TenantId;

use crate::{StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct StoredAnswer {
    pub request_hash: String,
    pub status: i64,
    pub response: String,
}

/// What claiming a key found.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyClaim {
    /// The key is new; it is held by this transaction until it commits or rolls back.
    Claimed,
    /// An earlier request with this key committed this answer.
    Answered(StoredAnswer),
}

/// Claims `key` for this transaction. On PostgreSQL a concurrent claim of the same key waits
/// for this one to finish and then finds its answer; on SQLite the write lock does the same.
/// A key first used before `expired_before` is forgotten: it is claimed afresh, whether or
/// not retention has deleted it yet.
pub async fn claim(
    tx: &mut Tx,
    tenant: TenantId,
    operation: &str,
    key: &str,
    request_hash: &str,
    now: i64,
    expired_before: i64,
) -> Result<KeyClaim, StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (tenant_id, operation, key, request_hash, status, response, created_at) \
         VALUES ($1, $2, $3, $4, 0, '', $5) ON CONFLICT (tenant_id, operation, key) DO UPDATE \
         SET request_hash = excluded.request_hash, status = 0, response = '', created_at = excluded.created_at \
         WHERE idempotency_keys.created_at < $6",
    )
    .bind(tenant.to_string())
    .bind(operation)
    .bind(key)
    .bind(request_hash)
    .bind(now)
    .bind(expired_before)
    .execute(tx.conn())
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(KeyClaim::Claimed);
    }
    let stored: StoredAnswer = sqlx::query_as(
        "SELECT request_hash, status, response FROM idempotency_keys \
         WHERE tenant_id = $1 AND operation = $2 AND key = $3",
    )
    .bind(tenant.to_string())
    .bind(operation)
    .bind(key)
    .fetch_one(tx.conn())
    .await?;
    Ok(KeyClaim::Answered(stored))
}

/// Stores the answer of the request that claimed `key`.
pub async fn answer(
    tx: &mut Tx,
    tenant: TenantId,
    operation: &str,
    key: &str,
    status: u16,
    response: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE idempotency_keys SET status = $4, response = $5 \
         WHERE tenant_id = $1 AND operation = $2 AND key = $3",
    )
    .bind(tenant.to_string())
    .bind(operation)
    .bind(key)
    .bind(i64::from(status))
    .bind(response)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Deletes up to `limit` keys first used before `cutoff`; returns how many.
pub async fn delete_expired(tx: &mut Tx, cutoff: i64, limit: i64) -> Result<u64, StoreError> {
    Ok(sqlx::query(
        "DELETE FROM idempotency_keys WHERE (tenant_id, operation, key) IN ( \
           SELECT tenant_id, operation, key FROM idempotency_keys WHERE created_at < $1 \
           ORDER BY created_at LIMIT $2)",
    )
    .bind(cutoff)
    .bind(limit)
    .execute(tx.conn())
    .await?
    .rows_affected())
}
