use std::time::Instant;

use fleet_accounts::AccountService;
use fleet_callbacks::CallbackService;
use fleet_core::{field_cipher::Keyring, webhook_signature::WebhookSecret};
use fleet_store::Db;

use crate::rate_limit::RateLimiter;

/// Settings of the HTTP API, from the service configuration.
#[derive(Debug, Clone)]
pub struct ApiSettings {
    pub max_body_bytes: usize,
}

/// What every request handler shares. Cheap to clone behind an `Arc`.
pub struct AppState {
    pub db: Db,
    /// Tenants, users, sessions, API keys: who is calling, checked on every request.
    pub identity: fleet_identity::IdentityService,
    /// Per user / API key.
    pub limiter: RateLimiter,
    /// Sign-in attempts per client address.
    pub login_limiter: RateLimiter,
    /// Failed sign-ins per account (email), from any address.
    pub account_login_limiter: RateLimiter,
    pub keyring: Keyring,
    pub accounts: AccountService,
    pub messaging: fleet_messaging::MessagingService,
    /// Stores and dispatches inbound callbacks.
    pub callbacks: CallbackService,
    /// Where every service publishes what happened (webhooks subscribe here).
    pub events: fleet_core::events::EventBus,
    /// The latest events, for event-stream clients to resume from.
    pub event_log: fleet_core::event_log::EventLog,
    /// Tenant webhooks: endpoints and the delivery log.
    pub webhooks: fleet_webhooks::WebhookService,
    /// Alert rules, silences, channels, alerts and the monitor's queries.
    pub alerting: fleet_alerting::AlertingService,
    /// Where this process's metrics go (API latency is recorded per request); `None` when
    /// metrics are off.
    pub metric_writer: Option<fleet_monitor::metrics::MetricWriter>,
    /// Verify account-hosting providers' callbacks (several during a rotation).
    pub provider_callback_secrets: Vec<WebhookSecret>,
    /// Shared counters when several replicas run; `None` on one node.
    pub redis: Option<crate::redis_link::RedisLink>,
    pub settings: ApiSettings,
    pub started_at: Instant,
}
