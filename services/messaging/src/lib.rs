//! The message pipeline. A request is checked, rendered from its template, charged to the
//! tenant's daily quota and written as a message row in one transaction; the row is the
//! queue entry. Workers lease due rows, hold them to the account's pacing, send them through
//! the account's connector with a stable client message id, and record every attempt;
//! failures retry on a ladder, fall back to another template, or end dead-lettered.

mod accept;
mod calendar;
mod deliveries;
mod dispatch;
mod drafts;
mod error;
mod events;
mod outcome;
pub mod pacing;
mod pacing_choice;
mod queries;
pub mod retry;
mod settings;
mod templates;
mod usage;
mod worker;

use fleet_connectors::Connectors;
use fleet_core::{events::EventBus, field_cipher::Keyring};
use fleet_store::Db;

pub use accept::{
    Accepted, Answer, BatchAccepted, BatchRequest, Rejection, SendRequest, MAX_BATCH,
};
pub use deliveries::{register_provider_handlers, SyncOutcome, SyncReport};
pub use drafts::Draft;
pub use error::MessagingError;
pub use events::STATUS_CHANGED;
pub use queries::{BatchReport, StatusTally};
pub use settings::MessagingSettings;
pub use templates::{Fallback, StoredTemplate, TemplateInput};
pub use usage::{DayUsage, UsageReport};

/// Messages of all tenants; every client-facing operation takes the caller's tenant.
#[derive(Clone)]
pub struct MessagingService {
    db: Db,
    keyring: Keyring,
    connectors: Connectors,
    events: EventBus,
    settings: std::sync::Arc<MessagingSettings>,
}

impl MessagingService {
    pub fn new(
        db: Db,
        keyring: Keyring,
        connectors: Connectors,
        events: EventBus,
        settings: MessagingSettings,
    ) -> Self {
        Self {
            db,
            keyring,
            connectors,
            events,
            settings: std::sync::Arc::new(settings),
        }
    }

    pub fn settings(&self) -> &MessagingSettings {
        &self.settings
    }
}
