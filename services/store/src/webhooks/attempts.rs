use fleet_core::ids::TenantId;

use crate::{StoreError, Tx};

/// One HTTP attempt of a delivery.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AttemptRecord {
    pub id: String,
    pub delivery_id: String,
    pub attempt: i64,
    pub tenant_id: String,
    pub attempted_at: i64,
    pub duration_ms: i64,
    pub response_code: Option<i64>,
    pub response_body: Option<String>,
    pub error: Option<String>,
}

const COLUMNS: &str = "id, delivery_id, attempt, tenant_id, attempted_at, duration_ms, response_code, response_body, error";

pub async fn insert(tx: &mut Tx, a: &AttemptRecord) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "INSERT INTO webhook_attempts ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    ))
    .bind(&a.id)
    .bind(&a.delivery_id)
    .bind(a.attempt)
    .bind(&a.tenant_id)
    .bind(a.attempted_at)
    .bind(a.duration_ms)
    .bind(a.response_code)
    .bind(&a.response_body)
    .bind(&a.error)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A delivery's attempts, oldest first.
pub async fn of_delivery(
    tx: &mut Tx,
    tenant: TenantId,
    delivery_id: &str,
) -> Result<Vec<AttemptRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM webhook_attempts WHERE tenant_id = $1 AND delivery_id = $2 ORDER BY attempted_at, id"
    ))
    .bind(tenant.to_string())
    .bind(delivery_id)
    .fetch_all(tx.conn())
    .await?)
}
