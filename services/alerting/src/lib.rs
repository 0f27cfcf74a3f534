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

use std::sync::{Arc, Mutex};

use fleet_core::field_cipher::Keyring;
use fleet_monitor::{
    channels::Channels,
    rules::{default_rules, Rule, RuleFiles},
    store::MetricStore,
};
use fleet_store::Db;

pub use alerts::{ActiveAlert, HistoryQuery};
pub use channels::{ChannelInput, ChannelView};
pub use engine::run_engine;
pub use error::AlertingError;
pub use monitor_queries::{MessageStats, MetricSeries};
pub use quiet_hours::QuietHoursInput;
pub use recording::EventMetrics;
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
    /// The rules that apply to every tenant: the built-in defaults, or a rule folder's.
    file_rules: Arc<Mutex<FileRules>>,
}

/// A rule folder and the rules last loaded from it.
struct FileRules {
    files: Option<RuleFiles>,
    rules: Vec<Rule>,
}

impl AlertingService {
    pub fn new(
        db: Db,
        keyring: Keyring,
        settings: AlertingSettings,
        metrics: Arc<dyn MetricStore>,
        channels: Channels,
    ) -> Self {
        let files = settings.rules_dir.clone().map(RuleFiles::new);
        let rules = if files.is_none() {
            default_rules()
        } else {
            Vec::new()
        };
        Self {
            db,
            keyring,
            settings: Arc::new(settings),
            metrics,
            channels: Arc::new(channels),
            file_rules: Arc::new(Mutex::new(FileRules { files, rules })),
        }
    }

    pub fn metric_store(&self) -> &Arc<dyn MetricStore> {
        &self.metrics
    }

    /// The rules that apply to every tenant, reloaded first when the folder changed (a
    /// stat per file). An invalid change is logged and the previous rules stay, as in
    /// Prometheus.
    fn file_rules(&self) -> Vec<Rule> {
        let Ok(mut held) = self.file_rules.lock() else {
            return Vec::new();
        };
        match held.files.as_mut().and_then(RuleFiles::reload_if_changed) {
            Some(Ok(rules)) => {
                tracing::info!(rules = rules.len(), "alert rule files loaded");
                held.rules = rules;
            }
            Some(Err(errors)) => {
                for error in errors {
                    tracing::error!(%error, "alert rule file refused; keeping the previous rules");
                }
            }
            None => {}
        }
        held.rules.clone()
    }
}
