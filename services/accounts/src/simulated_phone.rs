//! Playing the phone of a simulated account — scan, confirm, ask for verification, drop the
//! session — for the demo, the tests and the portal's buttons; one implementation for the API
//! and the portal.

use fleet_connectors::{simulator::Simulator, ConnectorError, ConnectorEvent};
use fleet_core::ids::TenantId;
use fleet_store::accounts::AccountRecord;
use serde_json::json;

use crate::{AccountError, AccountService};

/// What the simulated phone does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneAction {
    Scan,
    Confirm,
    RequireVerification,
    Disconnect,
}

impl PhoneAction {
    pub const ALL: [Self; 4] = [
        Self::Scan,
        Self::Confirm,
        Self::RequireVerification,
        Self::Disconnect,
    ];

    /// As the history's `detail.action` and the API's path show it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Scan => "scan",
            Self::Confirm => "confirm",
            Self::RequireVerification => "require-verification",
            Self::Disconnect => "disconnect",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    fn on(self, sim: &Simulator, instance: &str) -> Result<ConnectorEvent, ConnectorError> {
        match self {
            Self::Scan => sim.scan(instance),
            Self::Confirm => sim.confirm(instance),
            Self::RequireVerification => sim.require_verification(instance),
            Self::Disconnect => sim.disconnect(instance),
        }
    }
}

impl AccountService {
    /// The simulated phone of account `id` does `action`; the account moves on as it would
    /// for the real event.
    pub async fn simulate(
        &self,
        tenant: TenantId,
        id: &str,
        action: PhoneAction,
    ) -> Result<AccountRecord, AccountError> {
        let sim = self.simulator().ok_or(AccountError::NoSimulator)?;
        let account = self.get(tenant, id).await?;
        let instance = account
            .instance_id
            .filter(|_| account.connector == "simulator")
            .ok_or(AccountError::NotSimulated)?;
        let reported = action.on(sim, &instance)?;
        let detail = json!({ "source": "simulator", "action": action.name() });
        self.apply_connector_event(tenant, id, reported.event, detail)
            .await
    }
}
