use fleet_core::{
    clock::Millis,
    ids::TenantId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct EndpointRecord {
    pub id: String,
    pub tenant_id: String,
    pub url: String,
    pub description: String,
    /// JSON array of event types; empty means every type.
    pub event_types: String,
    pub enabled: i64,
    pub disabled_reason: Option<String>,
    pub secret_enc: String,
    pub previous_secret_enc: Option<String>,
    pub previous_secret_expires_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, tenant_id, url, description, event_types, enabled, disabled_reason, \
    secret_enc, previous_secret_enc, previous_secret_expires_at, deleted_at, created_at, updated_at";

pub async fn insert(tx: &mut Tx, e: &EndpointRecord) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "INSERT INTO webhook_endpoints ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    ))
    .bind(&e.id)
    .bind(&e.tenant_id)
    .bind(&e.url)
    .bind(&e.description)
    .bind(&e.event_types)
    .bind(e.enabled)
    .bind(&e.disabled_reason)
    .bind(&e.secret_enc)
    .bind(&e.previous_secret_enc)
    .bind(e.previous_secret_expires_at)
    .bind(e.deleted_at)
    .bind(e.created_at)
    .bind(e.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Writes every mutable field back.
pub async fn update(tx: &mut Tx, e: &EndpointRecord) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE webhook_endpoints SET url = $3, description = $4, event_types = $5, enabled = $6, \
         disabled_reason = $7, secret_enc = $8, previous_secret_enc = $9, \
         previous_secret_expires_at = $10, deleted_at = $11, updated_at = $12 \
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(&e.tenant_id)
    .bind(&e.id)
    .bind(&e.url)
    .bind(&e.description)
    .bind(&e.event_types)
    .bind(e.enabled)
    .bind(&e.disabled_reason)
    .bind(&e.secret_enc)
    .bind(&e.previous_secret_enc)
    .bind(e.previous_secret_expires_at)
    .bind(e.deleted_at)
    .bind(e.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A live endpoint of the tenant; with `lock`, held until the transaction ends.
pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
    lock: bool,
) -> Result<Option<EndpointRecord>, StoreError> {
    let lock = if lock { tx.dialect().for_update() } else { "" };
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL{lock}"
    ))
    .bind(tenant.to_string())
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// An endpoint by id alone (deleted ones included), for the delivery worker.
pub async fn find(tx: &mut Tx, id: &str) -> Result<Option<EndpointRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM webhook_endpoints WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    page: PageRequest,
) -> Result<Page<EndpointRecord>, StoreError> {
    let clause = "WHERE tenant_id = $1 AND deleted_at IS NULL";
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM webhook_endpoints {clause}"),
        &format!(
            "SELECT {COLUMNS} FROM webhook_endpoints {clause} ORDER BY created_at, id LIMIT $2 OFFSET $3"
        ),
        &[Some(tenant.to_string())],
        page,
    )
    .await
}

/// The tenant's enabled endpoints (their event type filters are applied by the caller).
pub async fn enabled(tx: &mut Tx, tenant: TenantId) -> Result<Vec<EndpointRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM webhook_endpoints WHERE tenant_id = $1 AND enabled = 1 AND deleted_at IS NULL"
    ))
    .bind(tenant.to_string())
    .fetch_all(tx.conn())
    .await?)
}

/// Turns an endpoint off (the receiver answered 410 Gone).
pub async fn disable(tx: &mut Tx, id: &str, reason: &str, now: Millis) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE webhook_endpoints SET enabled = 0, disabled_reason = $2, updated_at = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(reason)
    .bind(now)
    .execute(tx.conn())
    .await?;
    Ok(())
}
