//! How the pipeline behaves: retries, leases, worker sizing and the pacing profiles.

use std::{collections::BTreeMap, time::Duration};

use crate::{
    pacing::{builtin_profiles, PacingProfile},
    retry::RetryPolicy,
};

#[derive(Debug, Clone)]
pub struct MessagingSettings {
    pub retry: RetryPolicy,
    /// How long a claimed message is reserved for its worker; a worker that dies holding it
    /// loses it after this long. Must exceed `send_timeout`.
    pub lease: Duration,
    /// The longest a connector send may take before it counts as a retryable failure.
    pub send_timeout: Duration,
    /// Messages a worker claims at once.
    pub claim_batch: u32,
    /// Sends a worker has in flight at once.
    pub concurrency: usize,
    /// How long an idle worker waits before looking for due messages again.
    pub poll_interval: Duration,
    /// The profile for accounts and tenants that chose none.
    pub default_profile: String,
    pub profiles: BTreeMap<String, PacingProfile>,
    /// How many fallbacks may replace one message's content in a row.
    pub max_fallback_depth: i64,
    /// How long an `Idempotency-Key` answers repeats; after that the key may be used afresh.
    pub idempotency_window: Duration,
}

impl Default for MessagingSettings {
    fn default() -> Self {
        Self {
            retry: RetryPolicy::default(),
            lease: Duration::from_secs(60),
            send_timeout: Duration::from_secs(30),
            claim_batch: 32,
            concurrency: 16,
            poll_interval: Duration::from_millis(250),
            default_profile: "standard".into(),
            profiles: builtin_profiles(),
            max_fallback_depth: 3,
            // Stripe's window: long enough for a client's retries, short enough to bound the table.
            idempotency_window: Duration::from_secs(24 * 3600),
        }
    }
}

impl MessagingSettings {
    pub fn check(&self) -> Result<(), String> {
        self.retry.check()?;
        if self.lease <= self.send_timeout {
            return Err("the lease must be longer than the send timeout".into());
        }
        if self.claim_batch == 0 || self.concurrency == 0 {
            return Err("claim_batch and concurrency must be at least 1".into());
        }
        if !self.profiles.contains_key(&self.default_profile) {
            return Err(format!(
                "the default pacing profile `{}` is not defined",
                self.default_profile
            ));
        }
        for (name, profile) in &self.profiles {
            profile
                .check()
                .map_err(|e| format!("pacing profile `{name}`: {e}"))?;
        }
        Ok(())
    }

    pub fn profile(&self, name: &str) -> Option<&PacingProfile> {
        self.profiles.get(name)
    }
}
