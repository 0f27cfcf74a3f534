//! The `[webhooks]` section: tenant webhook delivery.

use std::time::Duration;

use fleet_webhooks::WebhookSettings;
use serde::{Deserialize, Serialize};

use super::{bad, ConfigError};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebhooksConfig {
    /// The wait before each attempt (the first normally 0); after the last the delivery
    /// fails.
    pub schedule_secs: Vec<u64>,
    pub timeout_secs: u64,
    /// The longest `Retry-After` honoured.
    pub max_retry_after_secs: u64,
    /// Allow endpoints on loopback, private and link-local addresses (tests; receivers on
    /// the private network). Off by default: tenants must not reach this network.
    pub allow_private_targets: bool,
    /// How long a rotated-out secret keeps signing.
    pub secret_overlap_secs: u64,
    /// Deliveries in flight per process with the `worker` role.
    pub concurrency: usize,
    pub poll_interval_ms: u64,
    /// How long the fan-out trusts what it read of a tenant's endpoints (changes on another
    /// replica apply within this).
    pub subscription_cache_ms: u64,
    /// Finished deliveries (and their attempts) older than this many days are deleted by the
    /// scheduler's leader; 0 keeps them forever.
    pub retention_days: u64,
}

impl Default for WebhooksConfig {
    fn default() -> Self {
        let d = WebhookSettings::default();
        Self {
            schedule_secs: d.schedule.iter().map(Duration::as_secs).collect(),
            timeout_secs: d.timeout.as_secs(),
            max_retry_after_secs: d.max_retry_after.as_secs(),
            allow_private_targets: d.allow_private_targets,
            secret_overlap_secs: d.secret_overlap.as_secs(),
            concurrency: d.concurrency,
            poll_interval_ms: u64::try_from(d.poll_interval.as_millis()).unwrap_or(500),
            subscription_cache_ms: u64::try_from(d.subscription_ttl.as_millis()).unwrap_or(1000),
            retention_days: 30,
        }
    }
}

impl WebhooksConfig {
    pub fn settings(&self) -> WebhookSettings {
        WebhookSettings {
            schedule: self
                .schedule_secs
                .iter()
                .copied()
                .map(Duration::from_secs)
                .collect(),
            timeout: Duration::from_secs(self.timeout_secs),
            max_retry_after: Duration::from_secs(self.max_retry_after_secs),
            allow_private_targets: self.allow_private_targets,
            secret_overlap: Duration::from_secs(self.secret_overlap_secs),
            concurrency: self.concurrency,
            poll_interval: Duration::from_millis(self.poll_interval_ms),
            subscription_ttl: Duration::from_millis(self.subscription_cache_ms),
        }
    }

    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.schedule_secs.is_empty() {
            return Err(bad("webhooks.schedule_secs", "needs at least one attempt"));
        }
        if self.timeout_secs == 0 || self.timeout_secs > 60 {
            return Err(bad("webhooks.timeout_secs", "must be between 1 and 60"));
        }
        if self.concurrency == 0 {
            return Err(bad("webhooks.concurrency", "must be at least 1"));
        }
        if self.poll_interval_ms == 0 {
            return Err(bad("webhooks.poll_interval_ms", "must be at least 1"));
        }
        Ok(())
    }
}
