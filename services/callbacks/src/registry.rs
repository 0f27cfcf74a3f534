use std::{collections::HashMap, sync::Arc, time::Duration};

use fleet_core::{clock::now_ms, ids::TenantId};
use fleet_store::{
    callback_events::{self, CallbackEventRecord, DispatchResult},
    Db, Scope, StoreError,
};

use crate::{CallbackHandler, Handled, HandlerError};

/// When a retryable handler failure is tried again.
const RETRY_AFTER: Duration = Duration::from_secs(5);

/// Handlers by event kind.
#[derive(Default, Clone)]
pub struct Registry {
    handlers: HashMap<String, Arc<dyn CallbackHandler>>,
}

impl Registry {
    pub fn register(&mut self, kind: &str, handler: Arc<dyn CallbackHandler>) {
        self.handlers.insert(kind.to_owned(), handler);
    }

    pub fn handler(&self, kind: &str) -> Option<&Arc<dyn CallbackHandler>> {
        self.handlers.get(kind)
    }
}

/// A verified callback, about to be stored.
#[derive(Debug, Clone)]
pub struct IncomingCallback {
    pub tenant: TenantId,
    /// `provider` or `wecom`.
    pub source: &'static str,
    pub account_id: Option<String>,
    /// Equal for two deliveries of the same event.
    pub dedup_key: String,
    pub kind: String,
    pub payload: serde_json::Value,
}

/// The answer to a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub event_id: String,
    pub duplicate: bool,
    /// `processed`, `ignored`, `unhandled`, `pending` (to be retried) or `failed`.
    pub status: String,
}

#[derive(Clone)]
pub struct CallbackService {
    db: Db,
    registry: Arc<Registry>,
}

impl CallbackService {
    pub fn new(db: Db, registry: Registry) -> Self {
        Self {
            db,
            registry: Arc::new(registry),
        }
    }

    /// Stores the callback (once) and, when it is new, dispatches it. Returns once it is
    /// stored; handler outcomes are recorded on the event, never returned as errors.
    pub async fn receive(&self, incoming: IncomingCallback) -> Result<Received, StoreError> {
        let record = CallbackEventRecord {
            id: uuid::Uuid::now_v7().to_string(),
            tenant_id: incoming.tenant.to_string(),
            source: incoming.source.to_owned(),
            account_id: incoming.account_id,
            dedup_key: incoming.dedup_key,
            kind: incoming.kind,
            payload: incoming.payload.to_string(),
            status: "pending".into(),
            attempts: 0,
            last_error: None,
            next_attempt_at: None,
            received_at: now_ms(),
            processed_at: None,
        };
        let mut tx = self.db.begin(Scope::Tenant(incoming.tenant)).await?;
        let (stored, duplicate) = callback_events::insert_once(&mut tx, &record).await?;
        tx.commit().await?;
        if duplicate {
            tracing::debug!(event = %stored.id, "duplicate callback acknowledged");
            return Ok(Received {
                event_id: stored.id,
                duplicate,
                status: stored.status,
            });
        }
        let status = self.dispatch(incoming.tenant, &stored).await?;
        Ok(Received {
            event_id: stored.id,
            duplicate,
            status: status.to_owned(),
        })
    }

    /// Runs the event's handler and records how it went.
    async fn dispatch(
        &self,
        tenant: TenantId,
        event: &CallbackEventRecord,
    ) -> Result<&'static str, StoreError> {
        let outcome = match self.registry.handler(&event.kind) {
            None => None,
            Some(handler) => Some(handler.handle(event).await),
        };
        let now = now_ms();
        let retry_at = now + i64::try_from(RETRY_AFTER.as_millis()).unwrap_or(i64::MAX);
        let (status, last_error, next_attempt_at) = match &outcome {
            None => ("unhandled", None, None),
            Some(Ok(Handled::Processed)) => ("processed", None, None),
            Some(Ok(Handled::Ignored(reason))) => ("ignored", Some(reason.as_str()), None),
            Some(Err(HandlerError {
                retryable: true,
                message,
            })) => ("pending", Some(message.as_str()), Some(retry_at)),
            Some(Err(HandlerError { message, .. })) => ("failed", Some(message.as_str()), None),
        };
        if let Some(error) = last_error {
            tracing::info!(event = %event.id, kind = %event.kind, status, error, "callback dispatched");
        }
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        callback_events::record_dispatch(
            &mut tx,
            tenant,
            &event.id,
            &DispatchResult {
                status,
                last_error,
                next_attempt_at,
                processed_at: matches!(status, "processed" | "ignored" | "unhandled")
                    .then_some(now),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(status)
    }
}
