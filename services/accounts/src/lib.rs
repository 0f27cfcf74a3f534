//! The account lifecycle service. Every status change goes through
//! `fleet_core::account::transition` and is saved with compare-and-set and a history row;
//! connector calls happen outside database transactions, so a slow WeCom never holds a lock.

mod error;
mod lifecycle;
mod operations;
mod qr;
mod reports;
mod sweeper;

use std::sync::Arc;

use fleet_connectors::{simulator::Simulator, Connector, ConnectorKind};
use fleet_core::{events::EventBus, field_cipher::Keyring};
use fleet_store::Db;

pub use error::AccountError;
pub use lifecycle::STATUS_CHANGED;
pub use operations::{AccountPatch, NewAccount};
pub use qr::qr_svg;
pub use sweeper::{SweepReport, SweepSettings};

/// The connectors this process can drive accounts with.
#[derive(Clone, Default)]
pub struct Connectors {
    pub simulator: Option<Arc<Simulator>>,
}

impl Connectors {
    pub fn get(&self, kind: ConnectorKind) -> Result<Arc<dyn Connector>, AccountError> {
        match kind {
            ConnectorKind::Simulator => match &self.simulator {
                Some(sim) => Ok(sim.clone() as Arc<dyn Connector>),
                None => Err(AccountError::ConnectorUnavailable(kind)),
            },
            ConnectorKind::HttpInstance | ConnectorKind::WecomApi => {
                Err(AccountError::ConnectorUnavailable(kind))
            }
        }
    }
}

/// Accounts of all tenants; every operation takes the caller's tenant.
#[derive(Clone)]
pub struct AccountService {
    db: Db,
    keyring: Keyring,
    connectors: Connectors,
    events: EventBus,
}

impl AccountService {
    pub fn new(db: Db, keyring: Keyring, connectors: Connectors, events: EventBus) -> Self {
        Self {
            db,
            keyring,
            connectors,
            events,
        }
    }

    /// The simulator, when this process runs one (demo, tests, or enabled by config).
    pub fn simulator(&self) -> Option<&Arc<Simulator>> {
        self.connectors.simulator.as_ref()
    }
}
