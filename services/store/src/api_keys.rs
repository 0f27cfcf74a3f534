use fleet_core::{
    ids::{ApiKeyId, TenantId},
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApiKeyRecord {
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    pub role: String,
    pub key_prefix: String,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

/// A key presented as a bearer credential, with its tenant's status.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ApiKeyAuth {
    pub id: String,
    pub tenant_id: String,
    pub role: String,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub tenant_status: String,
}

const COLUMNS: &str =
    "id, tenant_id, name, role, key_prefix, created_by, created_at, expires_at, revoked_at, last_used_at";

pub async fn insert(tx: &mut Tx, key: &ApiKeyRecord, key_hash: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO api_keys (id, tenant_id, name, role, key_prefix, key_hash, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&key.id)
    .bind(&key.tenant_id)
    .bind(&key.name)
    .bind(&key.role)
    .bind(&key.key_prefix)
    .bind(key_hash)
    .bind(&key.created_by)
    .bind(key.created_at)
    .bind(key.expires_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: ApiKeyId,
) -> Result<Option<ApiKeyRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM api_keys WHERE tenant_id = $1 AND id = $2");
    Ok(sqlx::query_as(&sql)
        .bind(tenant.to_string())
        .bind(id.to_string())
        .fetch_optional(tx.conn())
        .await?)
}

pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    page: PageRequest,
) -> Result<Page<ApiKeyRecord>, StoreError> {
    fetch_page(
        tx.conn(),
        "SELECT COUNT(*) FROM api_keys WHERE tenant_id = $1",
        &format!("SELECT {COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"),
        &[Some(tenant.to_string())],
        page,
    )
    .await
}

/// Revokes a key of `tenant`; `false` when no such key exists. Revoking twice keeps the first time.
pub async fn revoke(
    tx: &mut Tx,
    tenant: TenantId,
    id: ApiKeyId,
    at: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $3) WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.to_string())
    .bind(id.to_string())
    .bind(at)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Bearer lookup by key digest (needs a platform scope: the tenant is not known yet).
pub async fn auth(tx: &mut Tx, key_hash: &str) -> Result<Option<ApiKeyAuth>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT k.id, k.tenant_id, k.role, k.expires_at, k.revoked_at, k.last_used_at, t.status AS tenant_status \
         FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = $1",
    )
    .bind(key_hash)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn touch(tx: &mut Tx, id: &str, at: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE api_keys SET last_used_at = $2 WHERE id = $1")
        .bind(id)
        .bind(at)
        .execute(tx.conn())
        .await?;
    Ok(())
}
