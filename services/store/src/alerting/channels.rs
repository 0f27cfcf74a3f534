use fleet_core::{
    ids::TenantId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ChannelRecord {
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    /// `email`, `webhook` or `wecom_robot`.
    pub kind: String,
    /// The channel's JSON config, sealed (it holds addresses, URLs with keys, secrets).
    pub config_enc: String,
    pub enabled: i64,
    pub deleted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str =
    "id, tenant_id, name, kind, config_enc, enabled, deleted_at, created_at, updated_at";

pub async fn insert(tx: &mut Tx, c: &ChannelRecord) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "INSERT INTO alert_channels ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    ))
    .bind(&c.id)
    .bind(&c.tenant_id)
    .bind(&c.name)
    .bind(&c.kind)
    .bind(&c.config_enc)
    .bind(c.enabled)
    .bind(c.deleted_at)
    .bind(c.created_at)
    .bind(c.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Writes every mutable field back (a delete sets `deleted_at`).
pub async fn update(tx: &mut Tx, c: &ChannelRecord) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE alert_channels SET name = $3, kind = $4, config_enc = $5, enabled = $6, \
         deleted_at = $7, updated_at = $8 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(&c.tenant_id)
    .bind(&c.id)
    .bind(&c.name)
    .bind(&c.kind)
    .bind(&c.config_enc)
    .bind(c.enabled)
    .bind(c.deleted_at)
    .bind(c.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A live channel of the tenant.
pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Option<ChannelRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alert_channels WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL"
    ))
    .bind(tenant.to_string())
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

/// A channel by id alone, deleted or not, for the sender.
pub async fn find(tx: &mut Tx, id: &str) -> Result<Option<ChannelRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alert_channels WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    page: PageRequest,
) -> Result<Page<ChannelRecord>, StoreError> {
    let clause = "WHERE tenant_id = $1 AND deleted_at IS NULL";
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM alert_channels {clause}"),
        &format!(
            "SELECT {COLUMNS} FROM alert_channels {clause} ORDER BY created_at, id LIMIT $2 OFFSET $3"
        ),
        &[Some(tenant.to_string())],
        page,
    )
    .await
}

/// The tenant's enabled channels, for routing a notification.
pub async fn enabled(tx: &mut Tx, tenant: &str) -> Result<Vec<ChannelRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alert_channels WHERE tenant_id = $1 AND enabled = 1 AND deleted_at IS NULL ORDER BY created_at, id"
    ))
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?)
}
