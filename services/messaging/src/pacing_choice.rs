//! Choosing pacing: a tenant picks a profile for all its accounts, an account may pick its
//! own and carry its own daily cap under the tenant's quota.

use fleet_core::{ids::TenantId, ValidationError};
use fleet_store::{
    messaging::settings::{self, AccountMessaging},
    Scope,
};

use crate::{MessagingError, MessagingService};

impl MessagingService {
    fn known_profile(&self, field: &'static str, name: Option<&str>) -> Result<(), MessagingError> {
        match name {
            Some(n) if self.settings.profile(n).is_none() => Err(ValidationError::new(
                field,
                format!(
                    "unknown pacing profile; known: {}",
                    self.settings
                        .profiles
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .into()),
            _ => Ok(()),
        }
    }

    /// Sets (or with `None` clears) the tenant's pacing profile.
    pub async fn set_tenant_pacing(
        &self,
        tenant: TenantId,
        profile: Option<&str>,
    ) -> Result<(), MessagingError> {
        self.known_profile("pacing_profile", profile)?;
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        settings::set_tenant_pacing_profile(&mut tx, tenant, profile).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn tenant_pacing(&self, tenant: TenantId) -> Result<Option<String>, MessagingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        Ok(settings::tenant_pacing_profile(&mut tx, tenant).await?)
    }

    pub async fn account_messaging(
        &self,
        tenant: TenantId,
        account_id: &str,
    ) -> Result<AccountMessaging, MessagingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        settings::account(&mut tx, tenant, account_id)
            .await?
            .ok_or(MessagingError::NotFound("account"))
    }

    /// Replaces an account's pacing profile and daily cap (`None` clears either).
    pub async fn set_account_messaging(
        &self,
        tenant: TenantId,
        account_id: &str,
        choice: AccountMessaging,
    ) -> Result<AccountMessaging, MessagingError> {
        self.known_profile("pacing_profile", choice.pacing_profile.as_deref())?;
        if choice
            .max_daily_messages
            .is_some_and(|cap| !(1..=10_000_000).contains(&cap))
        {
            return Err(
                ValidationError::new("max_daily_messages", "must be 1 to 10,000,000").into(),
            );
        }
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        settings::account(&mut tx, tenant, account_id)
            .await?
            .ok_or(MessagingError::NotFound("account"))?;
        settings::set_account(&mut tx, tenant, account_id, &choice).await?;
        tx.commit().await?;
        Ok(choice)
    }
}
