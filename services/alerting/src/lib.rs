//! Alerting, on top of the monitor's pure parts and the store:
//! - what tenants configure: rules (beside the rule files that apply to everyone), silences,
//!   channels (sealed, with a test action) and quiet hours;
//! - the engine, on the elected leader: evaluates every rule against the metric store at a
//!   fixed interval, keeps alerts in the database (so a new leader takes over where the old
//!   one stopped), groups and routes notifications, and queues one per channel;
//! - the sender: the notification outbox, retried, every attempt's outcome recorded;
//! - recording: metrics derived from domain events where they are published, and gauges
//!   sampled from the database by the leader;
//! - the monitor's read side: an account's metrics and message statistics.

mod alerts;
mod channels;
mod engine;
mod error;
mod monitor_queries;
mod quiet_hours;
mod recording;
mod rules;
mod sampling;
mod sender;
mod settings;
mod silences;

use std::sync::{Arc, RwLock};

use fleet_core::field_cipher::Keyring;
use fleet_monitor::{channels::Channels, rules::Rule, store::MetricStore};
use fleet_store::Db;

pub use alerts::{ActiveAlert, HistoryQuery};
pub use channels::{ChannelInput, ChannelView};
pub use engine::run_engine;
pub use error::AlertingError;
pub use monitor_queries::{MessageStats, MetricSeries};
pub use quiet_hours::QuietHoursInput;
pub use recording::{record_request, EventMetrics};
pub use rules::{RuleSource, RuleView};
pub use settings::AlertingSettings;
pub use silences::SilenceInput;

#[derive(Clone)]
pub struct AlertingService {
    db: Db,
    keyring: Keyring,
    settings: Arc<AlertingSettings>,
    metrics: Arc<dyn MetricStore>,
    channels: Arc<Channels>,
    /// The rules from the rule files as the engine last loaded them (shown by the API).
    file_rules: Arc<RwLock<Vec<Rule>>>,
}

impl AlertingService {
    pub fn new(
        db: Db,
        keyring: Keyring,
        settings: AlertingSettings,
        metrics: Arc<dyn MetricStore>,
        channels: Channels,
    ) -> Self {
        Self {
            db,
            keyring,
            settings: Arc::new(settings),
            metrics,
            channels: Arc::new(channels),
            file_rules: Arc::default(),
        }
    }

    pub fn metric_store(&self) -> &Arc<dyn MetricStore> {
        &self.metrics
    }

    fn file_rules(&self) -> Vec<Rule> {
        self.file_rules
            .read()
            .map(|rules| rules.clone())
            .unwrap_or_default()
    }

    fn set_file_rules(&self, rules: Vec<Rule>) {
        if let Ok(mut held) = self.file_rules.write() {
            *held = rules;
        }
    }
}
