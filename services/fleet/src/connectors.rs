//! The connectors this process drives accounts with, from the configuration.

use std::{sync::Arc, time::Duration};

use fleet_connectors::{
    http_instance::{HttpInstanceConnector, HttpInstanceOptions},
    simulator::{Simulator, SimulatorSettings},
    wecom_api::{WecomApiConnector, WecomApiOptions},
    Connectors,
};
use fleet_core::webhook_signature::WebhookSecret;

use crate::config::{Config, ConfigError};

/// Requests to WeCom or a provider that take longer are abandoned (and retried later).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

pub fn build(config: &Config) -> Result<Connectors, ConfigError> {
    let sim = &config.simulator;
    let simulator = sim.enabled.then(|| {
        Arc::new(Simulator::new(SimulatorSettings {
            latency: Duration::from_millis(sim.latency_ms),
            verification_code: sim.verification_code.clone(),
            qr_ttl: Duration::from_secs(sim.qr_ttl_secs),
            heartbeat_interval: Duration::from_secs(sim.heartbeat_interval_secs),
            disconnect_rate: sim.disconnect_rate,
            error_rate: sim.error_rate,
            error_code: sim.error_code.clone(),
            delivery_delay: delivery_delay(sim.delivery_delay_ms),
        }))
    });
    let c = &config.connectors;
    let wecom_api = match c.wecom_api_base_url.as_str() {
        "" => None,
        base_url => Some(Arc::new(
            WecomApiConnector::new(WecomApiOptions {
                base_url: base_url.to_owned(),
                request_timeout: REQUEST_TIMEOUT,
                ..WecomApiOptions::default()
            })
            .map_err(|e| ConfigError(format!("`connectors.wecom_api_base_url`: {e}")))?,
        )),
    };
    let http_instance = match c.http_instance_url.as_str() {
        "" => None,
        base_url => Some(Arc::new(
            HttpInstanceConnector::new(HttpInstanceOptions {
                base_url: base_url.to_owned(),
                api_token: c.http_instance_token.expose().to_owned(),
                callback_base_url: format!("{}/callbacks/provider", config.public_url()),
                request_timeout: REQUEST_TIMEOUT,
            })
            .map_err(|e| ConfigError(format!("`connectors.http_instance_url`: {e}")))?,
        )),
    };
    Ok(Connectors {
        simulator,
        http_instance,
        wecom_api,
    })
}

/// `simulator.delivery_delay_ms` (and `simulate --delivery-delay-ms`): 0 turns delivery
/// reports off, as a config file has no way to say `None`.
pub fn delivery_delay(ms: u64) -> Option<Duration> {
    (ms > 0).then(|| Duration::from_millis(ms))
}

/// The secrets provider callbacks are verified with (none: every callback is refused).
pub fn provider_callback_secrets(config: &Config) -> Result<Vec<WebhookSecret>, ConfigError> {
    match config.connectors.http_instance_callback_secret.expose() {
        "" => Ok(Vec::new()),
        secret => WebhookSecret::parse(secret)
            .map(|s| vec![s])
            .map_err(|e| ConfigError(format!("`connectors.http_instance_callback_secret` {e}"))),
    }
}
