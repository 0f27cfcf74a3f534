//! The account lifecycle service. Every status change goes through
//! `fleet_core::account::transition` and is saved with compare-and-set and a history row;
//! connector calls happen outside database transactions, so a slow WeCom never holds a lock.

mod error;
mod lifecycle;
mod operations;
mod provider_events;
mod qr;
mod reports;
mod simulated_phone;
mod sweeper;
mod wecom_callback;

use std::sync::Arc;

use fleet_connectors::{simulator::Simulator, Connector, ConnectorKind, Connectors};
use fleet_core::{events::EventBus, field_cipher::Keyring};
use fleet_store::Db;

pub use error::AccountError;
pub use lifecycle::STATUS_CHANGED;
pub use operations::{AccountPatch, NewAccount};
pub use provider_events::register_provider_handlers;
pub use qr::qr_svg;
pub use simulated_phone::PhoneAction;
pub use sweeper::{SweepReport, SweepSettings};
pub use wecom_callback::WecomCallbackTarget;

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

    /// The connectors this process runs, which new accounts may choose from.
    pub fn connector_kinds(&self) -> Vec<ConnectorKind> {
        ConnectorKind::ALL
            .into_iter()
            .filter(|kind| self.connectors.get(*kind).is_some())
            .collect()
    }

    /// The connector of `kind`; accounts of a kind this process does not run cannot be
    /// driven.
    pub(crate) fn connector(
        &self,
        kind: ConnectorKind,
    ) -> Result<Arc<dyn Connector>, AccountError> {
        self.connectors
            .get(kind)
            .ok_or(AccountError::ConnectorUnavailable(kind))
    }
}
