//! The `[messaging]` section: retries, leases, queue workers and pacing profiles.

use std::{collections::BTreeMap, time::Duration};

use fleet_messaging::{
    pacing::{builtin_profiles, PacingProfile},
    retry::RetryPolicy,
    MessagingSettings,
};
use serde::{Deserialize, Serialize};

use super::{bad, ConfigError};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MessagingConfig {
    /// Queue workers per process with the `worker` role.
    pub workers: usize,
    /// Delays before the 2nd, 3rd, ... attempt of a failed send; after the last the message
    /// is dead-lettered.
    pub retry_delays_secs: Vec<u64>,
    /// Each retry delay is spread by a random factor of 1 ± this.
    pub retry_jitter: f64,
    /// How long a claimed message stays reserved for its worker.
    pub lease_secs: u64,
    /// The longest a connector send may take.
    pub send_timeout_secs: u64,
    /// Messages a worker claims at once, and sends it has in flight.
    pub claim_batch: u32,
    pub concurrency: usize,
    /// How long an idle worker waits before it looks again.
    pub poll_interval_ms: u64,
    /// The pacing profile of accounts and tenants that chose none.
    pub default_pacing_profile: String,
    /// Profiles added to (or replacing) the built-in `standard`, `fast`, `off` and
    /// `wecom_api`.
    pub pacing_profiles: BTreeMap<String, PacingProfile>,
    /// Finished messages (and their attempts) older than this are deleted by the scheduler's
    /// leader; 0 keeps them.
    pub retention_days: u64,
    /// How long an `Idempotency-Key` answers repeats.
    pub idempotency_key_hours: u64,
}

impl Default for MessagingConfig {
    fn default() -> Self {
        let settings = MessagingSettings::default();
        Self {
            workers: 2,
            retry_delays_secs: settings
                .retry
                .delays_ms
                .iter()
                .map(|ms| ms / 1_000)
                .collect(),
            retry_jitter: settings.retry.jitter,
            lease_secs: settings.lease.as_secs(),
            send_timeout_secs: settings.send_timeout.as_secs(),
            claim_batch: settings.claim_batch,
            concurrency: settings.concurrency,
            poll_interval_ms: u64::try_from(settings.poll_interval.as_millis()).unwrap_or(250),
            default_pacing_profile: settings.default_profile,
            pacing_profiles: BTreeMap::new(),
            retention_days: 90,
            idempotency_key_hours: settings.idempotency_window.as_secs() / 3600,
        }
    }
}

impl MessagingConfig {
    pub fn settings(&self) -> MessagingSettings {
        let mut profiles = builtin_profiles();
        profiles.extend(self.pacing_profiles.clone());
        MessagingSettings {
            retry: RetryPolicy {
                delays_ms: self.retry_delays_secs.iter().map(|s| s * 1_000).collect(),
                jitter: self.retry_jitter,
            },
            lease: Duration::from_secs(self.lease_secs),
            send_timeout: Duration::from_secs(self.send_timeout_secs),
            claim_batch: self.claim_batch,
            concurrency: self.concurrency,
            poll_interval: Duration::from_millis(self.poll_interval_ms),
            default_profile: self.default_pacing_profile.clone(),
            profiles,
            idempotency_window: self.idempotency_window(),
            ..MessagingSettings::default()
        }
    }

    /// How long an `Idempotency-Key` answers repeats (and retention keeps it).
    pub fn idempotency_window(&self) -> Duration {
        Duration::from_secs(self.idempotency_key_hours * 3600)
    }

    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.workers == 0 {
            return Err(bad("messaging.workers", "must be at least 1"));
        }
        if self.poll_interval_ms == 0 {
            return Err(bad("messaging.poll_interval_ms", "must be at least 1"));
        }
        if self.idempotency_key_hours == 0 {
            return Err(bad("messaging.idempotency_key_hours", "must be at least 1"));
        }
        self.settings()
            .check()
            .map_err(|reason| bad("messaging", &reason))
    }
}
