use crate::{StoreError, Tx};

/// A tenant's quiet hours: minutes after local midnight, `start > end` spanning midnight.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct QuietHoursRecord {
    pub tenant_id: String,
    pub quiet_start_minute: Option<i64>,
    pub quiet_end_minute: Option<i64>,
    pub quiet_mute_critical: i64,
    pub updated_at: i64,
}

const COLUMNS: &str =
    "tenant_id, quiet_start_minute, quiet_end_minute, quiet_mute_critical, updated_at";

pub async fn get(tx: &mut Tx, tenant: &str) -> Result<Option<QuietHoursRecord>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM alert_settings WHERE tenant_id = $1"
    ))
    .bind(tenant)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn put(tx: &mut Tx, r: &QuietHoursRecord) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "INSERT INTO alert_settings ({COLUMNS}) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (tenant_id) DO UPDATE SET quiet_start_minute = $2, quiet_end_minute = $3, \
         quiet_mute_critical = $4, updated_at = $5"
    ))
    .bind(&r.tenant_id)
    .bind(r.quiet_start_minute)
    .bind(r.quiet_end_minute)
    .bind(r.quiet_mute_critical)
    .bind(r.updated_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TenantQuietHours {
    #[sqlx(flatten)]
    pub hours: QuietHoursRecord,
    pub timezone: String,
}

/// Every tenant's quiet hours with the tenant's timezone, for the engine.
pub async fn all_quiet_hours(tx: &mut Tx) -> Result<Vec<TenantQuietHours>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT s.tenant_id, s.quiet_start_minute, s.quiet_end_minute, s.quiet_mute_critical, \
         s.updated_at, t.timezone FROM alert_settings s JOIN tenants t ON t.id = s.tenant_id \
         WHERE s.quiet_start_minute IS NOT NULL",
    )
    .fetch_all(tx.conn())
    .await?)
}
