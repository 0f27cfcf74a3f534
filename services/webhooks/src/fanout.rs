//! From domain events to deliveries: each event becomes one queued delivery per enabled
//! endpoint of its tenant that subscribed to its type. The (endpoint, event) pair is unique,
//! so an event seen twice (every node sees every event through Redis; a replayed callback
//! announces the same event again) is queued once.

use fleet_core::{
    clock::{now_ms, to_rfc3339},
    events::{DomainEvent, EventBus},
    ids::TenantId,
};
use fleet_store::{
    webhooks::{
        deliveries::{self, DeliveryRecord},
        endpoints,
    },
    Scope,
};
use serde_json::json;
use tokio::sync::{broadcast::error::RecvError, watch};

use crate::{event_types, WebhookError, WebhookService};

impl WebhookService {
    /// Queues the event for every endpoint that wants it. Returns how many were queued.
    pub async fn enqueue(&self, event: &DomainEvent) -> Result<usize, WebhookError> {
        if !event_types::EVENT_TYPES.contains(&event.kind.as_str()) {
            return Ok(0);
        }
        let Ok(tenant) = event.tenant_id.parse::<TenantId>() else {
            return Ok(0);
        };
        // Most events interest no endpoint: find out with a read, and only write when one
        // wants it (on SQLite a write transaction would queue behind every other writer).
        let mut read = self.db.read(Scope::Tenant(tenant)).await?;
        let wanting: Vec<_> = endpoints::enabled(&mut read, tenant)
            .await?
            .into_iter()
            .filter(|endpoint| {
                let subscribed: Vec<String> =
                    serde_json::from_str(&endpoint.event_types).unwrap_or_default();
                event_types::wants(&subscribed, &event.kind)
            })
            .collect();
        drop(read);
        if wanting.is_empty() {
            return Ok(0);
        }
        let payload = json!({
            "type": event.kind,
            "timestamp": to_rfc3339(event.occurred_at),
            "data": event.data,
        })
        .to_string();
        let now = now_ms();
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let mut queued = 0;
        for endpoint in wanting {
            let delivery = DeliveryRecord {
                id: format!("dl_{}", uuid::Uuid::now_v7().simple()),
                tenant_id: event.tenant_id.clone(),
                endpoint_id: endpoint.id,
                event_id: event.id.clone(),
                event_type: event.kind.clone(),
                payload: payload.clone(),
                status: "pending".into(),
                attempts: 0,
                next_attempt_at: Some(now),
                lease_token: None,
                last_response_code: None,
                last_response_body: None,
                last_error: None,
                created_at: now,
                finished_at: None,
            };
            if deliveries::insert_once(&mut tx, &delivery).await? {
                queued += 1;
            }
        }
        tx.commit().await?;
        Ok(queued)
    }

    /// Queues every event published on `bus` until `shutdown` turns true.
    pub async fn run_fanout(self, bus: EventBus, mut shutdown: watch::Receiver<bool>) {
        let mut events = bus.subscribe();
        loop {
            let event = tokio::select! {
                received = events.recv() => received,
                _ = shutdown.changed() => return,
            };
            match event {
                Ok(event) => {
                    if let Err(err) = self.enqueue(&event).await {
                        tracing::warn!(%err, event = %event.id, kind = %event.kind, "queueing webhooks failed");
                    }
                }
                Err(RecvError::Lagged(lost)) => {
                    tracing::error!(lost, "the webhook fan-out fell behind and lost events");
                }
                Err(RecvError::Closed) => return,
            }
        }
    }
}
