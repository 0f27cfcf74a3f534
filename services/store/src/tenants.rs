use fleet_core::{
    ids::TenantId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TenantRecord {
    pub id: String,
    pub name: String,
    pub code: String,
    pub max_accounts: i64,
    pub max_daily_messages: i64,
    pub timezone: String,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str =
    "id, name, code, max_accounts, max_daily_messages, timezone, status, created_at, updated_at";

pub async fn insert(tx: &mut Tx, tenant: &TenantRecord) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO tenants (id, name, code, max_accounts, max_daily_messages, timezone, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&tenant.id)
    .bind(&tenant.name)
    .bind(&tenant.code)
    .bind(tenant.max_accounts)
    .bind(tenant.max_daily_messages)
    .bind(&tenant.timezone)
    .bind(&tenant.status)
    .bind(tenant.created_at)
    .bind(tenant.updated_at)
    .execute(tx.conn())
    .await
    .map_err(StoreError::unique_as("code"))?;
    Ok(())
}

/// The tenant, locked for update when `lock` is set.
pub async fn get(
    tx: &mut Tx,
    id: TenantId,
    lock: bool,
) -> Result<Option<TenantRecord>, StoreError> {
    let lock = if lock { tx.dialect().for_update() } else { "" };
    let sql = format!("SELECT {COLUMNS} FROM tenants WHERE id = $1{lock}");
    Ok(sqlx::query_as(&sql)
        .bind(id.to_string())
        .fetch_optional(tx.conn())
        .await?)
}

/// All tenants, newest first; optionally only those with `status`.
pub async fn list(
    tx: &mut Tx,
    status: Option<&str>,
    page: PageRequest,
) -> Result<Page<TenantRecord>, StoreError> {
    let filter = "WHERE ($1 IS NULL OR status = $1)";
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM tenants {filter}"),
        &format!("SELECT {COLUMNS} FROM tenants {filter} ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"),
        &[status.map(str::to_owned)],
        page,
    )
    .await
}

/// Writes every mutable field of `tenant` (read it with `lock` first).
pub async fn update(tx: &mut Tx, tenant: &TenantRecord) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE tenants SET name = $2, max_accounts = $3, max_daily_messages = $4, timezone = $5, \
         status = $6, updated_at = $7 WHERE id = $1",
    )
    .bind(&tenant.id)
    .bind(&tenant.name)
    .bind(tenant.max_accounts)
    .bind(tenant.max_daily_messages)
    .bind(&tenant.timezone)
    .bind(&tenant.status)
    .bind(tenant.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}
