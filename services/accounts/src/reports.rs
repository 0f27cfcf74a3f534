//! What connectors report about their instances: heartbeats in bulk, and the account a
//! report names only by its id.

use fleet_core::clock::Millis;
use fleet_store::{account_sweep, accounts::AccountRecord, Scope};

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

    /// A live account of whichever tenant, for reports that name only the account.
    pub async fn find(&self, account_id: &str) -> Result<AccountRecord, AccountError> {
        let mut tx = self.db.read(Scope::Platform).await?;
        account_sweep::find_live(&mut tx, account_id)
            .await?
            .ok_or(AccountError::NotFound)
    }
}
