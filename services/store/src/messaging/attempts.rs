//! One row per send attempt, kept for the message's history (fallbacks included).

use fleet_core::ids::TenantId;

use crate::{StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AttemptRecord {
    pub id: String,
    pub tenant_id: String,
    pub message_id: String,
    pub client_message_id: String,
    pub message_type: String,
    pub template_id: Option<String>,
    pub template_version: Option<i64>,
    /// sent, duplicate, retryable, permanent, fallback
    pub outcome: String,
    pub error_code: Option<String>,
    pub error: Option<String>,
    pub started_at: i64,
    pub finished_at: i64,
}

const COLUMNS: &str = "id, tenant_id, message_id, client_message_id, message_type, template_id, \
    template_version, outcome, error_code, error, started_at, finished_at";

pub async fn insert(tx: &mut Tx, a: &AttemptRecord) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "INSERT INTO message_attempts ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    ))
    .bind(&a.id)
    .bind(&a.tenant_id)
    .bind(&a.message_id)
    .bind(&a.client_message_id)
    .bind(&a.message_type)
    .bind(&a.template_id)
    .bind(a.template_version)
    .bind(&a.outcome)
    .bind(&a.error_code)
    .bind(&a.error)
    .bind(a.started_at)
    .bind(a.finished_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A message's attempts, oldest first.
pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    message_id: &str,
) -> Result<Vec<AttemptRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM message_attempts WHERE tenant_id = $1 AND message_id = $2 \
         ORDER BY started_at, id"
    ))
    .bind(tenant.to_string())
    .bind(message_id)
    .fetch_all(tx.conn())
    .await?)
}
