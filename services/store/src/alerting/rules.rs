use fleet_core::{
    ids::TenantId,
    paging::{Page, PageRequest},
};

use crate::{paging::fetch_page, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AlertRuleRecord {
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    /// The rule as JSON, in the shape of the YAML rule files.
    pub spec: String,
    pub enabled: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, tenant_id, name, spec, enabled, created_at, updated_at";

/// `false` when the tenant already has a rule of that name.
pub async fn insert(tx: &mut Tx, r: &AlertRuleRecord) -> Result<bool, StoreError> {
    let done = sqlx::query(&format!(
        "INSERT INTO alert_rules ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (tenant_id, name) DO NOTHING"
    ))
    .bind(&r.id)
    .bind(&r.tenant_id)
    .bind(&r.name)
    .bind(&r.spec)
    .bind(r.enabled)
    .bind(r.created_at)
    .bind(r.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// `false` when another rule of the tenant has the new name.
pub async fn update(tx: &mut Tx, r: &AlertRuleRecord) -> Result<bool, StoreError> {
    let clash: Option<String> = sqlx::query_scalar(
        "SELECT id FROM alert_rules WHERE tenant_id = $1 AND name = $2 AND id <> $3",
    )
    .bind(&r.tenant_id)
    .bind(&r.name)
    .bind(&r.id)
    .fetch_optional(tx.conn())
    .await?;
    if clash.is_some() {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE alert_rules SET name = $3, spec = $4, enabled = $5, updated_at = $6 \
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(&r.tenant_id)
    .bind(&r.id)
    .bind(&r.name)
    .bind(&r.spec)
    .bind(r.enabled)
    .bind(r.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(true)
}

pub async fn get(
    tx: &mut Tx,
    tenant: TenantId,
    id: &str,
) -> Result<Option<AlertRuleRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alert_rules WHERE tenant_id = $1 AND id = $2"
    ))
    .bind(tenant.to_string())
    .bind(id)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn delete(tx: &mut Tx, tenant: TenantId, id: &str) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM alert_rules WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.to_string())
        .bind(id)
        .execute(tx.conn())
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn list(
    tx: &mut Tx,
    tenant: TenantId,
    page: PageRequest,
) -> Result<Page<AlertRuleRecord>, StoreError> {
    let clause = "WHERE tenant_id = $1";
    fetch_page(
        tx.conn(),
        &format!("SELECT COUNT(*) FROM alert_rules {clause}"),
        &format!(
            "SELECT {COLUMNS} FROM alert_rules {clause} ORDER BY created_at, id LIMIT $2 OFFSET $3"
        ),
        &[Some(tenant.to_string())],
        page,
    )
    .await
}

/// Every tenant's enabled rules, for the engine (platform scope).
pub async fn all_enabled(tx: &mut Tx) -> Result<Vec<AlertRuleRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alert_rules WHERE enabled = 1 ORDER BY tenant_id, id"
    ))
    .fetch_all(tx.conn())
    .await?)
}
