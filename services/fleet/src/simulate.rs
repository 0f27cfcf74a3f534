//! `simulate`: the simulator as a standalone account-hosting provider speaking the HTTP
//! instance protocol (with the official WeCom API at `/cgi-bin/...` beside it), so WeCom
//! Fleet's `http_instance` connector can be tried and tested against a real HTTP peer.
//! Runs until SIGINT/SIGTERM. See `fleet_connectors::provider_sim` for the endpoints.

use std::{net::SocketAddr, time::Duration};

use fleet_connectors::{
    provider_sim::{ProviderSim, ProviderSimError, ProviderSimSettings},
    simulator::SimulatorSettings,
};
use poem::{
    listener::{Acceptor, Listener, TcpListener},
    Server,
};

use crate::{connectors::delivery_delay, serve::shutdown_signal};

/// The flags of `wecom-fleet simulate`.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// Where to serve the provider (port 0 picks a free one; the banner names it).
    #[arg(long, default_value = "127.0.0.1:9090")]
    listen: SocketAddr,
    /// The bearer token WeCom Fleet must present (its `connectors.http_instance_token`).
    #[arg(long, env = "FLEET_SIMULATE_API_TOKEN", hide_env_values = true)]
    api_token: String,
    /// Signs the callbacks, `whsec_...` (WeCom Fleet's `connectors.http_instance_callback_secret`).
    #[arg(long, env = "FLEET_SIMULATE_CALLBACK_SECRET", hide_env_values = true)]
    callback_secret: String,
    /// How often online instances send a heartbeat callback.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    heartbeat_interval_secs: u64,
    /// The chance, at each heartbeat, that an online session drops silently (0.0 to 1.0).
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    disconnect_rate: f64,
    /// Added to every protocol call.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// The code a new-device verification accepts.
    #[arg(long, default_value = "000000")]
    verification_code: String,
    /// How long after a send its `message_delivered` callback goes out; 0 never reports one.
    #[arg(long, default_value_t = 1_000)]
    delivery_delay_ms: u64,
}

fn parse_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err("must be a number from 0.0 to 1.0".into()),
    }
}

/// Why `simulate` could not start; each names the flag to fix.
#[derive(Debug, thiserror::Error)]
pub enum SimulateError {
    #[error("--callback-secret: {0}")]
    CallbackSecret(fleet_core::webhook_signature::SignatureError),
    #[error("--api-token: must not be empty")]
    ApiToken,
    #[error("--listen {0}: {1}")]
    Listen(SocketAddr, std::io::Error),
    #[error("{0}")]
    Provider(ProviderSimError),
    #[error("serving: {0}")]
    Serve(std::io::Error),
}

impl From<ProviderSimError> for SimulateError {
    fn from(err: ProviderSimError) -> Self {
        match err {
            ProviderSimError::BadSecret(err) => SimulateError::CallbackSecret(err),
            ProviderSimError::EmptyToken => SimulateError::ApiToken,
            other => SimulateError::Provider(other),
        }
    }
}

impl SimulateArgs {
    fn settings(&self) -> ProviderSimSettings {
        ProviderSimSettings {
            simulator: SimulatorSettings {
                latency: Duration::from_millis(self.latency_ms),
                verification_code: self.verification_code.clone(),
                heartbeat_interval: Duration::from_secs(self.heartbeat_interval_secs),
                disconnect_rate: self.disconnect_rate,
                delivery_delay: delivery_delay(self.delivery_delay_ms),
                ..SimulatorSettings::default()
            },
            ..ProviderSimSettings::new(&self.api_token, &self.callback_secret)
        }
    }
}

/// Serves the simulated provider until a shutdown signal; prints
/// `simulate listening on http://ADDR` once it accepts connections.
pub async fn run(args: SimulateArgs) -> Result<(), SimulateError> {
    let sim = ProviderSim::new(args.settings())?;
    let acceptor = TcpListener::bind(args.listen)
        .into_acceptor()
        .await
        .map_err(|err| SimulateError::Listen(args.listen, err))?;
    let local = acceptor
        .local_addr()
        .first()
        .and_then(|addr| addr.as_socket_addr().copied())
        .unwrap_or(args.listen);
    let background = sim.start_background()?;
    let stop = shutdown_signal();
    tracing::info!(listen = %local, "simulated provider serving");
    println!("simulate listening on http://{local}");
    Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(sim.routes(), stop, Some(Duration::from_secs(5)))
        .await
        .map_err(SimulateError::Serve)?;
    // Stops the heartbeats and the callback sender; callbacks still queued are lost.
    drop(background);
    tracing::info!("simulated provider stopped");
    Ok(())
}
