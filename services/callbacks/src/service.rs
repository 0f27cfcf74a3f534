use std::sync::Arc;

use fleet_core::{
    clock::{millis_of, now_ms},
    ids::TenantId,
    metric_sink::MetricSink,
    paging::{Page, PageRequest},
};
use fleet_store::{
    callback_events::{self, CallbackEventRecord, DispatchResult, EventFilter},
    Db, Scope, StoreError,
};

use crate::{
    CallbackHandler, DispatchSettings, Handled, HandlerError, IncomingCallback, Received, Registry,
};

#[derive(Clone)]
pub struct CallbackService {
    pub(crate) db: Db,
    registry: Arc<Registry>,
    pub(crate) settings: Arc<DispatchSettings>,
    metrics: Option<Arc<dyn MetricSink>>,
}

impl CallbackService {
    pub fn new(db: Db, registry: Registry, settings: DispatchSettings) -> Self {
        Self {
            db,
            registry: Arc::new(registry),
            settings: Arc::new(settings),
            metrics: None,
        }
    }

    /// Records `callback_delay_ms` {tenant, source, kind, status}: from receipt to the
    /// handler's last outcome, once per event, when it settles.
    pub fn with_metrics(mut self, sink: Arc<dyn MetricSink>) -> Self {
        self.metrics = Some(sink);
        self
    }

    fn lease_until(&self) -> i64 {
        now_ms() + millis_of(self.settings.lease)
    }

    /// Stores the callback (once) and, when it is new, dispatches it. Returns once it is
    /// stored and its handler finished or the inline budget ran out; handler outcomes are
    /// recorded on the event, never returned as errors.
    pub async fn receive(&self, incoming: IncomingCallback) -> Result<Received, StoreError> {
        let now = now_ms();
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
            // Leased to this process from the start: if it dies before the handler ran, the
            // dispatcher of any process takes the event when the lease runs out.
            next_attempt_at: Some(self.lease_until()),
            received_at: now,
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
        let status = self.dispatch_within_budget(stored.clone()).await;
        Ok(Received {
            event_id: stored.id,
            duplicate,
            status,
        })
    }

    /// Dispatches in a task of its own and waits for it up to the inline budget; past it the
    /// caller answers `pending` and the task goes on.
    async fn dispatch_within_budget(&self, event: CallbackEventRecord) -> String {
        let service = self.clone();
        let task = tokio::spawn(async move { service.dispatch(&event).await });
        match tokio::time::timeout(self.settings.inline_budget, task).await {
            Ok(Ok(Ok(status))) => status.to_owned(),
            Ok(Ok(Err(err))) => {
                // Stored but its outcome not recorded: the lease brings it back.
                tracing::warn!(%err, "recording a callback's dispatch failed");
                "pending".to_owned()
            }
            Ok(Err(_)) | Err(_) => "pending".to_owned(),
        }
    }

    /// Runs the event's handler and records how it went.
    pub(crate) async fn dispatch(
        &self,
        event: &CallbackEventRecord,
    ) -> Result<&'static str, StoreError> {
        let tenant: TenantId = event
            .tenant_id
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("callback event {} tenant", event.id)))?;
        let outcome = match self.registry.handler(&event.kind) {
            None => None,
            Some(handler) => Some(self.run_handler(handler.as_ref(), event).await),
        };
        let now = now_ms();
        let attempt = event.attempts + 1;
        let retry_at = usize::try_from(event.attempts)
            .ok()
            .and_then(|i| self.settings.retry_delays.get(i))
            .map(|delay| now + millis_of(*delay));
        let (status, last_error, next_attempt_at) = match &outcome {
            None => ("unhandled", None, None),
            Some(Ok(Handled::Processed)) => ("processed", None, None),
            Some(Ok(Handled::Ignored(reason))) => ("ignored", Some(reason.as_str()), None),
            Some(Err(HandlerError {
                retryable: true,
                message,
            })) if retry_at.is_some() => ("pending", Some(message.as_str()), retry_at),
            Some(Err(HandlerError { message, .. })) => ("failed", Some(message.as_str()), None),
        };
        if let Some(error) = last_error {
            tracing::info!(event = %event.id, kind = %event.kind, status, attempt, error, "callback dispatched");
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
        if let (Some(sink), true) = (&self.metrics, status != "pending") {
            let labels = [
                ("tenant", event.tenant_id.as_str()),
                ("source", event.source.as_str()),
                ("kind", event.kind.as_str()),
                ("status", status),
            ];
            sink.record(
                "callback_delay_ms",
                &labels,
                (now - event.received_at) as f64,
            );
        }
        Ok(status)
    }

    /// A handler that outlives the lease is abandoned (another process may have taken the
    /// event by then) and counts as a failure that may pass.
    async fn run_handler(
        &self,
        handler: &dyn CallbackHandler,
        event: &CallbackEventRecord,
    ) -> Result<Handled, HandlerError> {
        match tokio::time::timeout(self.settings.lease, handler.handle(event)).await {
            Ok(outcome) => outcome,
            Err(_) => Err(HandlerError::retryable("the handler timed out")),
        }
    }

    pub async fn get(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<Option<CallbackEventRecord>, StoreError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        callback_events::get(&mut tx, tenant, id).await
    }

    pub async fn list(
        &self,
        tenant: TenantId,
        filter: &EventFilter,
        page: PageRequest,
    ) -> Result<Page<CallbackEventRecord>, StoreError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        callback_events::list(&mut tx, tenant, filter, page).await
    }

    /// Dispatches a stored event again, whatever became of it, with fresh attempts. `None`
    /// when the tenant has no such event.
    pub async fn replay(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<Option<CallbackEventRecord>, StoreError> {
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let Some(event) =
            callback_events::reset_for_replay(&mut tx, tenant, id, self.lease_until()).await?
        else {
            return Ok(None);
        };
        tx.commit().await?;
        tracing::info!(event = %event.id, kind = %event.kind, "callback replayed");
        self.dispatch_within_budget(event).await;
        self.get(tenant, id).await
    }
}
