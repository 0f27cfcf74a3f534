//! The account lifecycle service. Every status change goes through
//! `fleet_core::account::transition` and is saved with compare-and-set and a history row;
//! connector calls happen outside database transactions, so a slow WeCom never holds a lock.

mod error;
mod lifecycle;
mod operations;
mod provider_events;
mod qr;
mod reports;
mod sweeper;

use std::sync::Arc;

use fleet_connectors::{
    http_instance::HttpInstanceConnector, simulator::Simulator, wecom_api::WecomApiConnector,
    Connector, ConnectorKind,
};
use fleet_core::{events::EventBus, field_cipher::Keyring};
use fleet_store::Db;

pub use error::AccountError;
pub use lifecycle::STATUS_CHANGED;
pub use operations::{AccountPatch, NewAccount};
pub use provider_events::register_provider_handlers;
pub use qr::qr_svg;
pub use sweeper::{SweepReport, SweepSettings};

/// The connectors this process can drive accounts with.
#[derive(Clone, Default)]
pub struct Connectors {
    pub simulator: Option<Arc<Simulator>>,
    pub http_instance: Option<Arc<HttpInstanceConnector>>,
    pub wecom_api: Option<Arc<WecomApiConnector>>,
}

impl Connectors {
    pub fn get(&self, kind: ConnectorKind) -> Result<Arc<dyn Connector>, AccountError> {
        let connector = match kind {
            ConnectorKind::Simulator => self.simulator.clone().map(|c| c as Arc<dyn Connector>),
            ConnectorKind::HttpInstance => {
                self.http_instance.clone().map(|c| c as Arc<dyn Connector>)
            }
            ConnectorKind::WecomApi => self.wecom_api.clone().map(|c| c as Arc<dyn Connector>),
        };
        connector.ok_or(AccountError::ConnectorUnavailable(kind))
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
