//! Tenant webhooks, the way Svix does them: endpoints subscribe to event types; every event
//! becomes one durable delivery per subscribed endpoint, signed per Standard Webhooks
//! (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried on a schedule, honouring
//! `Retry-After`, and logged with every attempt. A 410 Gone disables the endpoint. Secrets
//! rotate with an overlap: the previous one keeps signing beside the new one for a day.

mod endpoints;
mod error;
pub mod event_types;
mod fanout;
mod log;
pub mod schedule;
mod sender;
mod settings;
mod subscriptions;
pub mod target_policy;
mod worker;

use std::sync::Arc;

use fleet_core::field_cipher::Keyring;
use fleet_store::Db;

pub use endpoints::{EndpointPatch, EndpointSecret, NewEndpoint};
pub use error::WebhookError;
pub use settings::WebhookSettings;

#[derive(Clone)]
pub struct WebhookService {
    db: Db,
    keyring: Keyring,
    http: reqwest::Client,
    settings: Arc<WebhookSettings>,
    subscriptions: Arc<subscriptions::SubscriptionCache>,
}

impl WebhookService {
    pub fn new(db: Db, keyring: Keyring, settings: WebhookSettings) -> Self {
        Self {
            db,
            keyring,
            http: target_policy::guarded_client(
                settings.timeout,
                settings.allow_private_targets,
                concat!("wecom-fleet-webhooks/", env!("CARGO_PKG_VERSION")),
            ),
            subscriptions: Arc::new(subscriptions::SubscriptionCache::new(
                settings.subscription_ttl,
            )),
            settings: Arc::new(settings),
        }
    }
}
