//! The process's services, built once. `serve`, the API tests and the benches all call
//! [`assemble`], so the wiring — which services share the database, keyring and event bus,
//! which handlers the callback registry holds — cannot drift between what runs and what is
//! tested.

use std::{sync::Arc, time::Instant};

use fleet_accounts::{register_provider_handlers, AccountService};
use fleet_alerting::{AlertingService, AlertingSettings};
use fleet_callbacks::{
    conversation::register_conversation_handlers, CallbackHandler, CallbackService,
    DispatchSettings, Registry,
};
use fleet_connectors::Connectors;
use fleet_core::{
    credentials::random_token,
    event_log::{EventLog, Window},
    events::EventBus,
    field_cipher::Keyring,
    webhook_signature::WebhookSecret,
};
use fleet_identity::{IdentityService, IdentitySettings, TokenIssuer};
use fleet_messaging::{MessagingService, MessagingSettings};
use fleet_monitor::{
    channels::{ChannelSettings, Channels},
    metrics::MetricWriter,
    store::{Memory, MetricStore},
};
use fleet_store::Db;
use fleet_webhooks::{WebhookService, WebhookSettings};

use crate::{
    rate_limit::{MemoryCounter, RateLimiter, WindowCounter},
    redis_link::RedisLink,
    state::{ApiSettings, AppState},
};

/// The request limits: per credential, sign-in attempts per address, failed sign-ins per
/// account.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub requests: u64,
    pub login_attempts: u64,
    pub window_secs: u64,
    pub login_failures_per_account: u64,
    pub login_failure_window_secs: u64,
}

/// What the services are built from: the process's connections and each service's settings.
pub struct Parts {
    pub db: Db,
    pub keyring: Keyring,
    pub connectors: Connectors,
    pub events: EventBus,
    /// Where this process's metrics go; `None` when metrics are off.
    pub metric_writer: Option<MetricWriter>,
    /// The metric store alert rules query.
    pub metrics: Arc<dyn MetricStore>,
    pub channels: Channels,
    pub redis: Option<RedisLink>,
    /// Where the rate limits count (Redis, or this process).
    pub counter: Arc<dyn WindowCounter>,
    pub limits: Limits,
    /// How access and refresh tokens are issued.
    pub identity: IdentitySettings,
    pub api: ApiSettings,
    pub messaging: MessagingSettings,
    pub callbacks: DispatchSettings,
    pub webhooks: WebhookSettings,
    pub alerting: AlertingSettings,
    pub provider_callback_secrets: Vec<WebhookSecret>,
    /// Callback handlers beside the product's own, by kind (tests register probes here).
    pub extra_handlers: Vec<(String, Arc<dyn CallbackHandler>)>,
    /// How far event-stream clients may resume back.
    pub event_window: Window,
}

impl Parts {
    /// One process on its own with every default: metrics kept in memory, limits counted
    /// here and generous, no SMTP. Benchmarks and tools start from it and change what they
    /// measure (`Parts { messaging: …, ..Parts::in_process(…) }`).
    pub fn in_process(db: Db, keyring: Keyring, connectors: Connectors) -> Result<Self, String> {
        let channels = Channels::new(
            ChannelSettings {
                smtp: None,
                templates_dir: None,
                external_url: "http://localhost".into(),
            },
            reqwest::Client::new(),
        )
        .map_err(|e| e.to_string())?;
        Ok(Self {
            db,
            keyring,
            connectors,
            events: EventBus::in_process(),
            metric_writer: None,
            metrics: Arc::new(Memory::new()),
            channels,
            redis: None,
            counter: Arc::new(MemoryCounter::default()),
            limits: Limits {
                requests: u64::MAX,
                login_attempts: u64::MAX,
                window_secs: 60,
                login_failures_per_account: u64::MAX,
                login_failure_window_secs: 60,
            },
            identity: IdentitySettings {
                tokens: TokenIssuer::new(random_token(32).as_bytes(), 7200),
                refresh_ttl_secs: 7 * 24 * 3600,
            },
            api: ApiSettings {
                max_body_bytes: 1 << 20,
            },
            messaging: MessagingSettings::default(),
            callbacks: DispatchSettings::default(),
            webhooks: WebhookSettings::default(),
            alerting: AlertingSettings::default(),
            provider_callback_secrets: Vec::new(),
            extra_handlers: Vec::new(),
            event_window: Window::default(),
        })
    }
}

pub fn assemble(parts: Parts) -> AppState {
    let Parts {
        db,
        keyring,
        connectors,
        events,
        metric_writer,
        metrics,
        channels,
        redis,
        counter,
        limits,
        identity,
        api,
        messaging,
        callbacks,
        webhooks,
        alerting,
        provider_callback_secrets,
        extra_handlers,
        event_window,
    } = parts;
    let accounts = AccountService::new(
        db.clone(),
        keyring.clone(),
        connectors.clone(),
        events.clone(),
    );
    let messaging = MessagingService::new(
        db.clone(),
        keyring.clone(),
        connectors,
        events.clone(),
        messaging,
    );
    let mut registry = Registry::default();
    register_provider_handlers(&mut registry, accounts.clone());
    fleet_messaging::register_provider_handlers(&mut registry, messaging.clone());
    register_conversation_handlers(&mut registry, events.clone());
    for (kind, handler) in extra_handlers {
        registry.register(&kind, handler);
    }
    let mut callbacks = CallbackService::new(db.clone(), registry, callbacks);
    if let Some(writer) = &metric_writer {
        callbacks = callbacks.with_metrics(Arc::new(writer.clone()));
    }
    AppState {
        event_log: EventLog::start(&events, event_window),
        callbacks,
        webhooks: WebhookService::new(db.clone(), keyring.clone(), webhooks),
        alerting: AlertingService::new(db.clone(), keyring.clone(), alerting, metrics, channels),
        metric_writer,
        events,
        provider_callback_secrets,
        accounts,
        messaging,
        identity: IdentityService::new(db.clone(), keyring.clone(), identity),
        db,
        limiter: RateLimiter::new(counter.clone(), limits.requests, limits.window_secs),
        login_limiter: RateLimiter::new(counter.clone(), limits.login_attempts, limits.window_secs),
        account_login_limiter: RateLimiter::new(
            counter,
            limits.login_failures_per_account,
            limits.login_failure_window_secs,
        ),
        keyring,
        redis,
        settings: api,
        started_at: Instant::now(),
    }
}
