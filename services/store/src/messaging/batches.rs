//! Batches: many messages accepted by one `batch-send` call, reported on together.

use fleet_core::ids::TenantId;

use crate::{StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct BatchRecord {
    pub id: String,
    pub tenant_id: String,
    pub account_id: String,
    pub total_count: i64,
    pub accepted_count: i64,
    pub created_at: i64,
}

pub async fn insert(tx: &mut Tx, b: &BatchRecord) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO message_batches (id, tenant_id, account_id, total_count, accepted_count, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&b.id)
    .bind(&b.tenant_id)
    .bind(&b.account_id)
    .bind(b.total_count)
    .bind(b.accepted_count)
    .bind(b.created_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Option<BatchRecord>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, tenant_id, account_id, total_count, accepted_count, created_at \
         FROM message_batches WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.to_string())
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// How many of the batch's messages are in each status.
pub async fn status_counts(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT status, COUNT(*) FROM messages WHERE tenant_id = $1 AND batch_id = $2 GROUP BY status",
    )
    .bind(tenant.to_string())
    .bind(id)
    .fetch_all(tx.conn())
    .await?)
}

/// Deletes up to `limit` batches created before `cutoff` whose messages retention has all
/// deleted; returns how many.
pub async fn delete_emptied_before(
    tx: &mut Tx,
    cutoff: i64,
    limit: i64,
) -> Result<u64, StoreError> {
    Ok(sqlx::query(
        "DELETE FROM message_batches WHERE id IN ( \
           SELECT b.id FROM message_batches b WHERE b.created_at < $1 \
           AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.batch_id = b.id) \
           ORDER BY b.created_at LIMIT $2)",
    )
    .bind(cutoff)
    .bind(limit)
    .execute(tx.conn())
    .await?
    .rows_affected())
}
