//! What connectors report about their instances: heartbeats in bulk, and the tenant of an
//! account that a report names only by its id.

use fleet_core::{clock::Millis, ids::TenantId};
use fleet_store::{account_sweep, Scope};

use crate::{AccountError, AccountService};

impl AccountService {
    /// Records a heartbeat for those of `account_ids` that are online. Returns how many.
    pub async fn record_heartbeats(
        &self,
        account_ids: &[String],
        now: Millis,
    ) -> Result<u64, AccountError> {
        if account_ids.is_empty() {
            return Ok(0);
        }
        let mut tx = self.db.begin(Scope::Platform).await?;
        let touched = account_sweep::record_heartbeats(&mut tx, account_ids, now).await?;
        tx.commit().await?;
        Ok(touched)
    }

    /// The tenant of a live account, for reports that carry only the account id.
    pub async fn tenant_of(&self, account_id: &str) -> Result<TenantId, AccountError> {
        let mut tx = self.db.read(Scope::Platform).await?;
        account_sweep::tenant_of(&mut tx, account_id)
            .await?
            .and_then(|t| t.parse().ok())
            .ok_or(AccountError::NotFound)
    }
}
