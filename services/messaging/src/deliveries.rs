//! Delivery reports: a connector tells that a sent message reached its recipient (the
//! simulator by polling, providers by a `message_delivered` callback), and the message
//! becomes `delivered`.

use std::sync::Arc;

use fleet_callbacks::{provider::registry_kind, CallbackHandler, Handled, HandlerError, Registry};
use fleet_connectors::DeliveryReport;
use fleet_core::clock::now_ms;
use fleet_store::{callback_events::CallbackEventRecord, messaging::queue, Scope};
use serde_json::Value;

use crate::{events::StatusChange, MessagingError, MessagingService};

impl MessagingService {
    /// Applies a delivery report; true when it changed a message (repeats change nothing).
    pub async fn apply_delivery(&self, report: &DeliveryReport) -> Result<bool, MessagingError> {
        let mut tx = self.db.begin(Scope::Platform).await?;
        let delivered = queue::mark_delivered(
            &mut tx,
            &report.account_id,
            &report.client_message_id,
            now_ms(),
        )
        .await?;
        tx.commit().await?;
        Ok(match delivered {
            Some(m) => {
                self.publish(StatusChange::of(&m, Some("sent"), "delivered"));
                true
            }
            None => false,
        })
    }
}

/// Registers the handler of providers' `message_delivered` callbacks.
pub fn register_provider_handlers(registry: &mut Registry, messaging: MessagingService) {
    registry.register(
        &registry_kind("message_delivered"),
        Arc::new(DeliveredHandler { messaging }),
    );
}

struct DeliveredHandler {
    messaging: MessagingService,
}

#[async_trait::async_trait]
impl CallbackHandler for DeliveredHandler {
    async fn handle(&self, event: &CallbackEventRecord) -> Result<Handled, HandlerError> {
        let payload: Value = serde_json::from_str(&event.payload)
            .map_err(|e| HandlerError::permanent(format!("payload is not JSON: {e}")))?;
        let field = |name: &str| {
            payload["data"][name]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| HandlerError::permanent(format!("data.{name} is missing")))
        };
        let account_id = event
            .account_id
            .clone()
            .ok_or_else(|| HandlerError::permanent("the callback names no account"))?;
        let report = DeliveryReport {
            account_id,
            client_message_id: field("client_message_id")?,
            provider_message_id: field("provider_message_id")?,
        };
        match self.messaging.apply_delivery(&report).await {
            Ok(true) => Ok(Handled::Processed),
            Ok(false) => Ok(Handled::Ignored(
                "no sent message has this client message id".into(),
            )),
            Err(e) => Err(HandlerError::retryable(e.to_string())),
        }
    }
}
