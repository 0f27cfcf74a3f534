//! The simulator as a standalone account-hosting provider: an HTTP face over one
//! [`Simulator`] speaking the HTTP instance protocol (`openapi/http-instance-protocol.yaml`),
//! so that WeCom Fleet's `http_instance` connector can be demonstrated and tested end to end
//! without a real provider. `wecom-fleet simulate` serves it. There is no second state
//! machine here: every operation is a call to the wrapped simulator.
//!
//! ## The protocol (bearer token required)
//! `POST /v1/instances`, `POST /v1/instances/{id}/login`, `/verification`, `/logout`,
//! `/reconnect`, `GET /v1/instances/{id}/status`, `GET /v1/instances/{id}/conversations`,
//! `POST /v1/instances/{id}/messages`, as the contract describes them. Errors are
//! `{"code", "message", "retryable"}`: 401 `unauthorized`, 400 `invalid_request`, 404
//! `unknown_instance`, 409 `wrong_state`, 422 for a permanent refusal (its code, e.g.
//! `invalid_verification_code`, `unknown_conversation`), 503 `busy` (retryable) for an
//! injected retryable failure. Sends go through [`Simulator`]'s `send`, which deduplicates on
//! the client message id and reports each message delivered (`message_delivered`)
//! `simulator.delivery_delay` after it was sent.
//!
//! ## Drive endpoints (bearer token required; NOT part of the protocol)
//! A person or a test plays the phone and the network through these; each answers 200 with
//! the instance's status (`{"instance_id", "state", "last_heartbeat_at"}`):
//! - `POST /v1/instances/{id}/simulate/scan` — the phone scans the QR code → `qr_scanned`.
//! - `POST /v1/instances/{id}/simulate/confirm` — the phone confirms → `qr_confirmed`.
//! - `POST /v1/instances/{id}/simulate/require-verification` — WeCom wants a new-device code
//!   → `verification_required`.
//! - `POST /v1/instances/{id}/simulate/disconnect` — the session drops → `disconnected`.
//! - `POST /v1/instances/{id}/simulate/drop` — the session drops *silently*: no callback,
//!   heartbeats stop (what WeCom Fleet's heartbeat sweeper exists for).
//!
//! And one to look with: `GET /v1/simulate/messages` lists every message sent, in send order
//! (`{"messages": [{instance_id, client_message_id, provider_message_id, conversation_id,
//! message_type, sent_at, send_calls}]}`), so a test in another process can count deliveries
//! per client message id and measure pacing on `sent_at`.
//!
//! ## The official API
//! The [`OfficialApiSim`] is mounted at the root (`/cgi-bin/...`) without the bearer check
//! (WeCom's API authenticates by access token), so one process simulates both kinds of
//! account; register corp apps through [`ProviderSim::official_api`].
//!
//! ## Callbacks
//! Events go out as Standard-Webhooks-signed `ProviderEvent`s to the instance's
//! `callback_url`, one at a time from a single FIFO queue, so each instance's events arrive
//! in the order they happened. A failed delivery is retried after each wait of
//! `callback_retry_backoff` while later events wait; 401, 404 and 413 answers are final.
//! The single queue is the simplest thing that keeps the order: a receiver that keeps failing
//! delays every instance's events, which is acceptable for a simulator. Events still queued
//! when the process stops are lost.

mod api_error;
mod auth;
mod background;
mod delivery;
mod drive;
mod events;
mod observe;
mod outbox;
mod protocol;
mod registry;
mod routes;

use std::{sync::Arc, time::Duration};

use fleet_core::webhook_signature::{SignatureError, WebhookSecret};

use crate::{
    official_api_sim::OfficialApiSim,
    simulator::{Simulator, SimulatorSettings},
};

pub use background::Background;

use delivery::Deliverer;
use outbox::Outbox;
use registry::Registry;

/// How the simulated provider behaves.
#[derive(Debug, Clone)]
pub struct ProviderSimSettings {
    /// The bearer token WeCom Fleet must present (`connectors.http_instance_token`).
    pub api_token: String,
    /// Signs callbacks (`connectors.http_instance_callback_secret`), `whsec_...`.
    pub callback_secret: String,
    /// The simulated instances: latency, verification code, heartbeat interval, drop rate.
    pub simulator: SimulatorSettings,
    /// The longest one callback delivery attempt may take.
    pub callback_timeout: Duration,
    /// The waits before retrying a failed delivery; when they run out the event is dropped.
    pub callback_retry_backoff: Vec<Duration>,
}

impl ProviderSimSettings {
    /// Defaults for everything but the two secrets: the default simulator, a 10 s callback
    /// timeout and [`default_callback_retry_backoff`].
    pub fn new(api_token: impl Into<String>, callback_secret: impl Into<String>) -> Self {
        Self {
            api_token: api_token.into(),
            callback_secret: callback_secret.into(),
            simulator: SimulatorSettings::default(),
            callback_timeout: Duration::from_secs(10),
            callback_retry_backoff: default_callback_retry_backoff(),
        }
    }
}

/// 0.2 s, 1 s, 5 s, 30 s: a brief hiccup costs little, a receiver that is down for a
/// while still gets the event about half a minute later.
pub fn default_callback_retry_backoff() -> Vec<Duration> {
    [200, 1_000, 5_000, 30_000]
        .into_iter()
        .map(Duration::from_millis)
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderSimError {
    #[error("the callback secret is unusable: {0}")]
    BadSecret(#[from] SignatureError),
    #[error("the api token is empty")]
    EmptyToken,
    #[error("the heartbeat interval must be longer than zero")]
    ZeroHeartbeatInterval,
    #[error("cannot build the callback HTTP client: {0}")]
    HttpClient(#[from] reqwest::Error),
    #[error("the background tasks are already running")]
    AlreadyStarted,
}

/// The simulated provider. Share it behind an `Arc`: the routes, the background tasks and
/// the test (or the person driving a demo) act on the same state.
pub struct ProviderSim {
    api_token: String,
    simulator: Simulator,
    official: Arc<OfficialApiSim>,
    registry: Registry,
    outbox: Outbox,
    deliverer: Arc<Deliverer>,
}

impl ProviderSim {
    pub fn new(settings: ProviderSimSettings) -> Result<Arc<Self>, ProviderSimError> {
        if settings.api_token.is_empty() {
            return Err(ProviderSimError::EmptyToken);
        }
        if settings.simulator.heartbeat_interval.is_zero() {
            return Err(ProviderSimError::ZeroHeartbeatInterval);
        }
        let secret = WebhookSecret::parse(&settings.callback_secret)?;
        let deliverer = Deliverer::new(
            secret,
            settings.callback_timeout,
            settings.callback_retry_backoff,
        )?;
        Ok(Arc::new(Self {
            api_token: settings.api_token,
            simulator: Simulator::new(settings.simulator),
            // WeCom's token lifetime.
            official: Arc::new(OfficialApiSim::new(Duration::from_secs(7_200))),
            registry: Registry::default(),
            outbox: Outbox::new(),
            deliverer: Arc::new(deliverer),
        }))
    }

    /// The wrapped simulator, to inject failures or hang an instance.
    pub fn simulator(&self) -> &Simulator {
        &self.simulator
    }

    /// The official-API simulator served at `/cgi-bin/...`, to register corp apps.
    pub fn official_api(&self) -> &Arc<OfficialApiSim> {
        &self.official
    }

    /// Callbacks delivered (answered 2xx).
    pub fn callbacks_sent(&self) -> u64 {
        self.deliverer.delivered()
    }

    /// Delivery attempts, retries included.
    pub fn callback_attempts(&self) -> u64 {
        self.deliverer.attempts()
    }

    /// Callbacks given up on (a final refusal, or every retry failed).
    pub fn callbacks_dropped(&self) -> u64 {
        self.deliverer.dropped()
    }

    /// Messages actually sent (repeats of a `client_message_id` are not counted); the
    /// simulator's [`Simulator::sent_messages`] has the details.
    pub fn messages_sent(&self) -> u64 {
        u64::try_from(self.simulator.sent_messages().len()).unwrap_or(u64::MAX)
    }
}
