//! Quota counters: messages charged per tenant (account `''`) or per account, per day of the
//! tenant's timezone. A charge locks the counter row, so concurrent charges add up exactly.

use fleet_core::ids::TenantId;

use crate::{StoreError, Tx};

/// The key of the tenant-wide counter.
pub const TENANT_TOTAL: &str = "";

/// Locks the counter and returns how much it has used (0 for a new day).
pub async fn lock(
    tx: &mut Tx,
    tenant: TenantId,
    account_id: &str,
    day: &str,
) -> Result<i64, StoreError> {
    sqlx::query(
        "INSERT INTO message_usage (tenant_id, account_id, day, used) VALUES ($1, $2, $3, 0) \
         ON CONFLICT (tenant_id, account_id, day) DO NOTHING",
    )
    .bind(tenant.to_string())
    .bind(account_id)
    .bind(day)
    .execute(tx.conn())
    .await?;
    Ok(sqlx::query_scalar(&format!(
        "SELECT used FROM message_usage WHERE tenant_id = $1 AND account_id = $2 AND day = $3{}",
        tx.dialect().for_update()
    ))
    .bind(tenant.to_string())
    .bind(account_id)
    .bind(day)
    .fetch_one(tx.conn())
    .await?)
}

/// Adds `count` (negative to refund) to a counter locked by [`lock`].
pub async fn add(
    tx: &mut Tx,
    tenant: TenantId,
    account_id: &str,
    day: &str,
    count: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE message_usage SET used = used + $4 WHERE tenant_id = $1 AND account_id = $2 AND day = $3",
    )
    .bind(tenant.to_string())
    .bind(account_id)
    .bind(day)
    .bind(count)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The tenant-wide counters from `from_day` to `to_day` (inclusive), by day.
pub async fn tenant_days(
    tx: &mut Tx,
    tenant: TenantId,
    from_day: &str,
    to_day: &str,
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT day, used FROM message_usage WHERE tenant_id = $1 AND account_id = $2 \
         AND day >= $3 AND day <= $4 ORDER BY day",
    )
    .bind(tenant.to_string())
    .bind(TENANT_TOTAL)
    .bind(from_day)
    .bind(to_day)
    .fetch_all(tx.conn())
    .await?)
}
