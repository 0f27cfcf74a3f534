//! The `[callbacks]` section: how stored inbound callbacks are dispatched and retried.

use std::time::Duration;

use fleet_callbacks::DispatchSettings;
use serde::{Deserialize, Serialize};

use super::{bad, ConfigError};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CallbacksConfig {
    /// Waits before the 2nd, 3rd, ... attempt of a handler that failed in a way that may
    /// pass; after the last the event is `failed`.
    pub retry_delays_secs: Vec<u64>,
    /// How long a dispatcher owns an event (and a handler may run).
    pub lease_secs: u64,
    /// How long a callback's answer waits for its handler before acknowledging anyway.
    pub inline_budget_ms: u64,
    pub poll_interval_ms: u64,
    /// Settled events older than this many days are deleted by the scheduler's leader; 0
    /// keeps them forever.
    pub retention_days: u64,
}

impl Default for CallbacksConfig {
    fn default() -> Self {
        let d = DispatchSettings::default();
        Self {
            retry_delays_secs: d.retry_delays.iter().map(Duration::as_secs).collect(),
            lease_secs: d.lease.as_secs(),
            inline_budget_ms: u64::try_from(d.inline_budget.as_millis()).unwrap_or(1_000),
            poll_interval_ms: u64::try_from(d.poll_interval.as_millis()).unwrap_or(1_000),
            retention_days: 30,
        }
    }
}

impl CallbacksConfig {
    pub fn settings(&self) -> DispatchSettings {
        DispatchSettings {
            retry_delays: self
                .retry_delays_secs
                .iter()
                .copied()
                .map(Duration::from_secs)
                .collect(),
            lease: Duration::from_secs(self.lease_secs),
            inline_budget: Duration::from_millis(self.inline_budget_ms),
            poll_interval: Duration::from_millis(self.poll_interval_ms),
        }
    }

    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.lease_secs == 0 {
            return Err(bad("callbacks.lease_secs", "must be at least 1"));
        }
        if self.poll_interval_ms == 0 {
            return Err(bad("callbacks.poll_interval_ms", "must be at least 1"));
        }
        if self.inline_budget_ms >= 4_000 {
            return Err(bad(
                "callbacks.inline_budget_ms",
                "must be under 4000: WeCom gives up on an answer after 5 s",
            ));
        }
        Ok(())
    }
}
