//! From domain events to deliveries: each event becomes one queued delivery per enabled
//! endpoint of its tenant that subscribed to its type. The (endpoint, event) pair is unique,
//! so an event seen twice (every node sees every event through Redis; a replayed callback
//! announces the same event again) is queued once.
//!
//! The fan-out takes events off the bus in batches (whatever has arrived, up to `BATCH`) and
//! queues a batch in one transaction per tenant, so under load it commits far less often than
//! events arrive instead of falling behind the bus and losing events.

use std::collections::BTreeMap;

use fleet_core::{
    clock::{now_ms, to_rfc3339},
    events::{DomainEvent, EventBus},
    ids::TenantId,
};
use fleet_store::{
    webhooks::deliveries::{self, DeliveryRecord},
    Scope,
};
use serde_json::json;
use tokio::sync::{broadcast::error::RecvError, watch};

use crate::{event_types, WebhookError, WebhookService};

/// Events queued per round at most.
const BATCH: usize = 256;

impl WebhookService {
    /// Queues each event for every endpoint that wants it, one transaction per tenant that
    /// has any. Returns how many deliveries were queued.
    pub async fn enqueue_all(&self, events: &[DomainEvent]) -> Result<usize, WebhookError> {
        let mut by_tenant: BTreeMap<TenantId, Vec<&DomainEvent>> = BTreeMap::new();
        for event in events {
            if !event_types::EVENT_TYPES.contains(&event.kind.as_str()) {
                continue;
            }
            if let Ok(tenant) = event.tenant_id.parse::<TenantId>() {
                by_tenant.entry(tenant).or_default().push(event);
            }
        }
        let mut queued = 0;
        let now = now_ms();
        for (tenant, events) in by_tenant {
            let subscriptions = self.subscriptions.of(&self.db, tenant).await?;
            let wanted: Vec<DeliveryRecord> = events
                .iter()
                .flat_map(|event| {
                    let wanting: Vec<_> = subscriptions
                        .iter()
                        .filter(|s| s.wants(&event.kind))
                        .collect();
                    // Rendered once per event, whatever the number of endpoints.
                    let body = if wanting.is_empty() {
                        String::new()
                    } else {
                        payload(event)
                    };
                    wanting
                        .into_iter()
                        .map(move |s| delivery(event, &s.endpoint_id, body.clone(), now))
                })
                .collect();
            if wanted.is_empty() {
                continue;
            }
            let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
            for d in &wanted {
                if deliveries::insert_once(&mut tx, d).await? {
                    queued += 1;
                }
            }
            tx.commit().await?;
        }
        Ok(queued)
    }

    /// Queues every event published on `bus` until `shutdown` turns true.
    pub async fn run_fanout(self, bus: EventBus, mut shutdown: watch::Receiver<bool>) {
        let mut events = bus.subscribe();
        loop {
            let first = tokio::select! {
                received = events.recv() => received,
                _ = shutdown.changed() => return,
            };
            let mut batch = Vec::new();
            if !take(first, &mut batch) {
                return;
            }
            while batch.len() < BATCH {
                match events.try_recv() {
                    Ok(event) => batch.push(event),
                    Err(_) => break,
                }
            }
            if let Err(err) = self.enqueue_all(&batch).await {
                tracing::warn!(%err, events = batch.len(), "queueing webhooks failed");
            }
        }
    }
}

/// Adds a received event to the batch; false when the bus is gone.
fn take(received: Result<DomainEvent, RecvError>, batch: &mut Vec<DomainEvent>) -> bool {
    match received {
        Ok(event) => batch.push(event),
        Err(RecvError::Lagged(lost)) => {
            tracing::error!(lost, "the webhook fan-out fell behind and lost events");
        }
        Err(RecvError::Closed) => return false,
    }
    true
}

/// The body every endpoint gets for `event` (Standard Webhooks' recommended shape).
fn payload(event: &DomainEvent) -> String {
    json!({
        "type": event.kind,
        "timestamp": to_rfc3339(event.occurred_at),
        "data": event.shown_data(),
    })
    .to_string()
}

/// The queued delivery of `event` to one endpoint.
fn delivery(event: &DomainEvent, endpoint_id: &str, payload: String, now: i64) -> DeliveryRecord {
    DeliveryRecord {
        id: format!("dl_{}", uuid::Uuid::now_v7().simple()),
        tenant_id: event.tenant_id.clone(),
        endpoint_id: endpoint_id.to_owned(),
        event_id: event.id.clone(),
        event_type: event.kind.clone(),
        payload,
        status: "pending".into(),
        attempts: 0,
        next_attempt_at: Some(now),
        lease_token: None,
        last_response_code: None,
        last_response_body: None,
        last_error: None,
        created_at: now,
        finished_at: None,
    }
}
