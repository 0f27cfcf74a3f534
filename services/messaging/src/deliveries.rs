//! Message sync: a connector tells what became of a message it accepted (the simulator by
//! polling, providers by `message_sent`, `message_delivered` and `message_failed` callbacks).
//! A `sent` message becomes `delivered` or `failed`. A report that arrives while our own send
//! call is still recording the message (`sending`) is retried by the callback registry.

use std::sync::Arc;

use fleet_callbacks::{
    provider::{registry_kind, MESSAGE_SYNC_KINDS},
    CallbackHandler, Handled, HandlerError, Registry,
};
use fleet_connectors::DeliveryReport;
use fleet_core::clock::now_ms;
use fleet_store::{callback_events::CallbackEventRecord, messaging::queue, Scope};
use serde_json::Value;

use crate::{events::StatusChange, MessagingError, MessagingService};

/// What a connector reported about a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncReport {
    Sent,
    Delivered,
    Failed { code: String, error: String },
}

/// What a report did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncOutcome {
    Changed,
    /// Our send call has not finished recording the message: try the report again later.
    StillSending,
    /// Nothing to change: no such message, or it is already past this report.
    Unchanged,
}

impl MessagingService {
    /// Applies a delivery report; true when it changed a message (repeats change nothing).
    pub async fn apply_delivery(&self, report: &DeliveryReport) -> Result<bool, MessagingError> {
        let outcome = self
            .apply_sync(
                &report.account_id,
                &report.client_message_id,
                &SyncReport::Delivered,
            )
            .await?;
        Ok(outcome == SyncOutcome::Changed)
    }

    /// Applies what a connector reported about the message it knows by `client_message_id`.
    pub async fn apply_sync(
        &self,
        account_id: &str,
        client_message_id: &str,
        report: &SyncReport,
    ) -> Result<SyncOutcome, MessagingError> {
        let now = now_ms();
        let mut tx = self.db.begin(Scope::Platform).await?;
        let changed = match report {
            SyncReport::Sent => None,
            SyncReport::Delivered => {
                queue::mark_delivered(&mut tx, account_id, client_message_id, now)
                    .await?
                    .map(|m| StatusChange::of(&m, Some("sent"), "delivered"))
            }
            SyncReport::Failed { code, error } => queue::mark_failed_after_send(
                &mut tx,
                account_id,
                client_message_id,
                code,
                error,
                now,
            )
            .await?
            .map(|m| StatusChange::of(&m, Some("sent"), "failed").with_error(Some(code))),
        };
        let outcome = match changed {
            Some(change) => {
                tx.commit().await?;
                self.publish(change);
                return Ok(SyncOutcome::Changed);
            }
            None => queue::status_by_client_id(&mut tx, account_id, client_message_id).await?,
        };
        Ok(match outcome.as_deref() {
            Some("sending") => SyncOutcome::StillSending,
            _ => SyncOutcome::Unchanged,
        })
    }
}

/// Registers the handler of providers' message sync callbacks.
pub fn register_provider_handlers(registry: &mut Registry, messaging: MessagingService) {
    let handler = Arc::new(SyncHandler { messaging });
    for kind in MESSAGE_SYNC_KINDS {
        registry.register(&registry_kind(kind), handler.clone());
    }
}

struct SyncHandler {
    messaging: MessagingService,
}

/// The report a provider event carries.
fn report_of(kind: &str, data: &Value) -> Result<SyncReport, HandlerError> {
    let text = |name: &str| data[name].as_str().unwrap_or_default().to_owned();
    Ok(match kind.rsplit('.').next().unwrap_or_default() {
        "message_sent" => SyncReport::Sent,
        "message_delivered" => SyncReport::Delivered,
        "message_failed" => SyncReport::Failed {
            code: Some(text("error_code"))
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| "provider_failed".into()),
            error: text("error"),
        },
        other => {
            return Err(HandlerError::permanent(format!(
                "not a sync event: {other}"
            )))
        }
    })
}

#[async_trait::async_trait]
impl CallbackHandler for SyncHandler {
    async fn handle(&self, event: &CallbackEventRecord) -> Result<Handled, HandlerError> {
        let payload: Value = serde_json::from_str(&event.payload)
            .map_err(|e| HandlerError::permanent(format!("payload is not JSON: {e}")))?;
        let data = &payload["data"];
        let client_message_id = data["client_message_id"]
            .as_str()
            .ok_or_else(|| HandlerError::permanent("data.client_message_id is missing"))?;
        let account_id = event
            .account_id
            .as_deref()
            .ok_or_else(|| HandlerError::permanent("the callback names no account"))?;
        let report = report_of(&event.kind, data)?;
        match self
            .messaging
            .apply_sync(account_id, client_message_id, &report)
            .await
        {
            Ok(SyncOutcome::Changed) => Ok(Handled::Processed),
            Ok(SyncOutcome::StillSending) => Err(HandlerError::retryable(
                "the message is still being sent; the report is applied once it is recorded",
            )),
            Ok(SyncOutcome::Unchanged) => Ok(Handled::Ignored(
                "no message in a state this report changes has this client message id".into(),
            )),
            Err(e) => Err(HandlerError::retryable(e.to_string())),
        }
    }
}
