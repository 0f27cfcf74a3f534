//! The messaging settings kept on tenants and accounts: the pacing profile each chose and an
//! account's own daily cap.

use fleet_core::ids::TenantId;

use crate::{StoreError, Tx};

#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct AccountMessaging {
    pub pacing_profile: Option<String>,
    pub max_daily_messages: Option<i64>,
}

pub async fn account(
    tx: &mut Tx,
    tenant: TenantId,
    account_id: &str,
) -> Result<Option<AccountMessaging>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT pacing_profile, max_daily_messages FROM accounts \
         WHERE tenant_id = $1 AND id = $2 AND status <> 'deleted'",
    )
    .bind(tenant.to_string())
    .bind(account_id)
    .fetch_optional(tx.conn())
    .await?)
}

pub async fn set_account(
    tx: &mut Tx,
    tenant: TenantId,
    account_id: &str,
    settings: &AccountMessaging,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE accounts SET pacing_profile = $3, max_daily_messages = $4 WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.to_string())
    .bind(account_id)
    .bind(&settings.pacing_profile)
    .bind(settings.max_daily_messages)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn tenant_pacing_profile(
    tx: &mut Tx,
    tenant: TenantId,
) -> Result<Option<String>, StoreError> {
    Ok(
        sqlx::query_scalar::<_, Option<String>>("SELECT pacing_profile FROM tenants WHERE id = $1")
            .bind(tenant.to_string())
            .fetch_optional(tx.conn())
            .await?
            .flatten(),
    )
}

pub async fn set_tenant_pacing_profile(
    tx: &mut Tx,
    tenant: TenantId,
    profile: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE tenants SET pacing_profile = $2 WHERE id = $1")
        .bind(tenant.to_string())
        .bind(profile)
        .execute(tx.conn())
        .await?;
    Ok(())
}

/// What pacing a send needs to know, read in one query.
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct PacingChoices {
    pub account_profile: Option<String>,
    pub tenant_profile: Option<String>,
    /// The tenant's timezone: the pacing day is its calendar day.
    pub timezone: String,
}

/// The pacing profiles the account and its tenant chose, and the tenant's timezone.
pub async fn pacing_choices(
    tx: &mut Tx,
    tenant: TenantId,
    account_id: &str,
) -> Result<PacingChoices, StoreError> {
    Ok(sqlx::query_as(
        "SELECT a.pacing_profile AS account_profile, t.pacing_profile AS tenant_profile, t.timezone \
         FROM accounts a JOIN tenants t ON t.id = a.tenant_id WHERE a.tenant_id = $1 AND a.id = $2",
    )
    .bind(tenant.to_string())
    .bind(account_id)
    .fetch_optional(tx.conn())
    .await?
    .unwrap_or_default())
}
