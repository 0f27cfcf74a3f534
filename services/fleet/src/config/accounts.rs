//! The `[accounts]` (heartbeat sweeper, recovery) and `[connectors]` sections.

use std::time::Duration;

use fleet_accounts::SweepSettings;
use serde::{Deserialize, Serialize};

use super::{bad, ConfigError, Secret};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccountsConfig {
    /// Online accounts silent this long go to `recovering` (three missed 30 s heartbeats).
    pub heartbeat_timeout_secs: u64,
    /// How often the elected leader sweeps.
    pub sweep_interval_secs: u64,
    /// Waits after failed recovery attempts 1, 2, ...; the last one repeats.
    pub recovery_backoff_secs: Vec<u64>,
    /// Failed recovery attempts after which an account goes `offline`.
    pub recovery_max_attempts: i64,
    /// The longest a connector call made by the sweeper may take.
    pub connector_timeout_secs: u64,
    /// Accounts the sweeper handles at once.
    pub sweep_concurrency: usize,
    /// Status changes older than this are deleted by the scheduler's leader (each account's
    /// newest stays); 0 keeps them.
    pub history_retention_days: u64,
}

impl Default for AccountsConfig {
    fn default() -> Self {
        let sweep = SweepSettings::default();
        Self {
            heartbeat_timeout_secs: sweep.heartbeat_timeout.as_secs(),
            sweep_interval_secs: 10,
            recovery_backoff_secs: sweep
                .recovery_backoff
                .iter()
                .map(Duration::as_secs)
                .collect(),
            recovery_max_attempts: sweep.recovery_max_attempts,
            connector_timeout_secs: sweep.connector_timeout.as_secs(),
            sweep_concurrency: sweep.concurrency,
            history_retention_days: 90,
        }
    }
}

impl AccountsConfig {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        let at_least_one = [
            (
                "accounts.heartbeat_timeout_secs",
                self.heartbeat_timeout_secs,
            ),
            ("accounts.sweep_interval_secs", self.sweep_interval_secs),
            (
                "accounts.connector_timeout_secs",
                self.connector_timeout_secs,
            ),
            ("accounts.sweep_concurrency", self.sweep_concurrency as u64),
        ];
        if let Some((key, _)) = at_least_one.iter().find(|(_, v)| *v == 0) {
            return Err(bad(key, "must be at least 1"));
        }
        if self.recovery_max_attempts < 1 {
            return Err(bad("accounts.recovery_max_attempts", "must be at least 1"));
        }
        if self.recovery_backoff_secs.is_empty() || self.recovery_backoff_secs.contains(&0) {
            return Err(bad(
                "accounts.recovery_backoff_secs",
                "must list at least one wait, each at least 1",
            ));
        }
        Ok(())
    }

    pub fn sweep_settings(&self) -> SweepSettings {
        SweepSettings {
            heartbeat_timeout: Duration::from_secs(self.heartbeat_timeout_secs),
            recovery_backoff: self
                .recovery_backoff_secs
                .iter()
                .copied()
                .map(Duration::from_secs)
                .collect(),
            recovery_max_attempts: self.recovery_max_attempts,
            connector_timeout: Duration::from_secs(self.connector_timeout_secs),
            concurrency: self.sweep_concurrency,
            ..SweepSettings::default()
        }
    }

    pub fn sweep_interval(&self) -> Duration {
        Duration::from_secs(self.sweep_interval_secs)
    }
}

/// The connectors besides the simulator. Endpoints are the operator's choice, never a
/// tenant's: a tenant-chosen URL would let tenants make this service call anywhere.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConnectorsConfig {
    /// The official WeCom server API; empty turns the `wecom_api` connector off.
    pub wecom_api_base_url: String,
    /// The account-hosting provider speaking the HTTP instance protocol; empty turns the
    /// `http_instance` connector off.
    pub http_instance_url: String,
    /// The bearer token this service presents to the provider.
    pub http_instance_token: Secret,
    /// Signs the provider's callbacks (`whsec_` + base64, Standard Webhooks).
    pub http_instance_callback_secret: Secret,
}

impl Default for ConnectorsConfig {
    fn default() -> Self {
        Self {
            wecom_api_base_url: "https://qyapi.weixin.qq.com".into(),
            http_instance_url: String::new(),
            http_instance_token: Secret::default(),
            http_instance_callback_secret: Secret::default(),
        }
    }
}

impl ConnectorsConfig {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        for (key, url) in [
            ("connectors.wecom_api_base_url", &self.wecom_api_base_url),
            ("connectors.http_instance_url", &self.http_instance_url),
        ] {
            if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
                return Err(bad(key, "must be an http:// or https:// URL"));
            }
        }
        if !self.http_instance_url.is_empty() {
            if self.http_instance_token.is_empty() {
                return Err(bad(
                    "connectors.http_instance_token",
                    "must be set when connectors.http_instance_url is",
                ));
            }
            if !self
                .http_instance_callback_secret
                .expose()
                .starts_with("whsec_")
            {
                return Err(bad(
                    "connectors.http_instance_callback_secret",
                    "must be set (whsec_...) when connectors.http_instance_url is",
                ));
            }
        }
        Ok(())
    }
}
