//! The internal event interface: every part of the system publishes what happened (an account
//! changed status, a message was delivered) on one [`EventBus`], and whoever cares (tenant
//! webhooks, the portal, metrics) subscribes. In-process by default; with a transport (Redis
//! pub/sub in production) events published on one node reach subscribers on every node.
//!
//! Delivery is at most once and never blocks the publisher: a subscriber that falls behind
//! loses the oldest events (and learns it from `RecvError::Lagged`). Consumers that must not
//! miss anything read the durable record (status history, message rows) instead.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::clock::{now_ms, Millis};

/// Something that happened, as subscribers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainEvent {
    /// Unique and time-ordered (UUIDv7).
    pub id: String,
    /// `account.status_changed`, ...
    pub kind: String,
    pub tenant_id: String,
    /// The object it happened to (an account id, a message id).
    pub subject_id: String,
    pub occurred_at: Millis,
    pub data: serde_json::Value,
}

impl DomainEvent {
    pub fn new(
        kind: &str,
        tenant_id: impl Into<String>,
        subject_id: impl Into<String>,
        data: serde_json::Value,
    ) -> Self {
        Self {
            id: uuid::Uuid::now_v7().to_string(),
            kind: kind.to_owned(),
            tenant_id: tenant_id.into(),
            subject_id: subject_id.into(),
            occurred_at: now_ms(),
            data,
        }
    }

    /// `data` as webhooks and event streams show it: absent fields left out rather than
    /// `null`, as in every API answer.
    pub fn shown_data(&self) -> serde_json::Value {
        match &self.data {
            serde_json::Value::Object(map) => serde_json::Value::Object(
                map.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// Carries published events to every node; each node hands what arrives to
/// [`EventBus::deliver`]. Sending must not block.
pub trait EventTransport: Send + Sync {
    fn send(&self, event: &DomainEvent);
}

/// Sees every event where it is published, once in the whole fleet (subscribers on every
/// node see it again through the transport). For what must count each event once, such as
/// metrics. Observing must not block.
pub trait EventObserver: Send + Sync {
    fn observe(&self, event: &DomainEvent);
}

/// How many events a slow subscriber may fall behind before it starts losing them.
const SUBSCRIBER_BUFFER: usize = 4096;

#[derive(Clone)]
pub struct EventBus {
    local: broadcast::Sender<DomainEvent>,
    transport: Option<Arc<dyn EventTransport>>,
    observers: Vec<Arc<dyn EventObserver>>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self::in_process()
    }
}

impl EventBus {
    /// Events reach the subscribers of this process only.
    pub fn in_process() -> Self {
        Self {
            local: broadcast::channel(SUBSCRIBER_BUFFER).0,
            transport: None,
            observers: Vec::new(),
        }
    }

    /// Events go out through `transport`, and reach local subscribers when the transport
    /// brings them back through [`Self::deliver`] (so every node sees each event once).
    pub fn with_transport(&self, transport: Arc<dyn EventTransport>) -> Self {
        Self {
            local: self.local.clone(),
            transport: Some(transport),
            observers: self.observers.clone(),
        }
    }

    /// The same bus, with `observer` shown every event published through it.
    pub fn with_observer(&self, observer: Arc<dyn EventObserver>) -> Self {
        let mut bus = self.clone();
        bus.observers.push(observer);
        bus
    }

    pub fn publish(&self, event: DomainEvent) {
        for observer in &self.observers {
            observer.observe(&event);
        }
        match &self.transport {
            Some(transport) => transport.send(&event),
            None => self.deliver(event),
        }
    }

    /// Hands an event to this process's subscribers.
    pub fn deliver(&self, event: DomainEvent) {
        // No subscribers is not an error: nobody is listening yet.
        let _ = self.local.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<DomainEvent> {
        self.local.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[derive(Default)]
    struct Counter(Mutex<Vec<String>>);
    impl EventObserver for Counter {
        fn observe(&self, event: &DomainEvent) {
            self.0.lock().unwrap().push(event.kind.clone());
        }
    }

    #[test]
    fn observers_see_what_is_published_here_and_not_what_the_transport_brings() {
        let counter = Arc::new(Counter::default());
        let bus = EventBus::in_process()
            .with_transport(Arc::new(Recorder::default()))
            .with_observer(counter.clone());
        bus.publish(DomainEvent::new("here", "t1", "a1", serde_json::json!({})));
        bus.deliver(DomainEvent::new(
            "elsewhere",
            "t1",
            "a1",
            serde_json::json!({}),
        ));
        assert_eq!(*counter.0.lock().unwrap(), ["here"]);
    }

    #[test]
    fn in_process_subscribers_see_published_events() {
        let bus = EventBus::in_process();
        let mut first = bus.subscribe();
        let mut second = bus.subscribe();
        bus.publish(DomainEvent::new(
            "account.status_changed",
            "t1",
            "a1",
            serde_json::json!({}),
        ));
        assert_eq!(first.try_recv().unwrap().subject_id, "a1");
        assert_eq!(second.try_recv().unwrap().kind, "account.status_changed");
    }

    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);
    impl EventTransport for Recorder {
        fn send(&self, event: &DomainEvent) {
            self.0.lock().unwrap().push(event.id.clone());
        }
    }

    #[test]
    fn with_a_transport_events_go_out_and_come_back_through_deliver() {
        let recorder = Arc::new(Recorder::default());
        let bus = EventBus::in_process().with_transport(recorder.clone());
        let mut sub = bus.subscribe();
        let event = DomainEvent::new("x", "t1", "a1", serde_json::json!({}));
        bus.publish(event.clone());
        assert!(
            sub.try_recv().is_err(),
            "not delivered locally before the round trip"
        );
        assert_eq!(
            recorder.0.lock().unwrap().as_slice(),
            std::slice::from_ref(&event.id)
        );
        bus.deliver(event.clone());
        assert_eq!(sub.try_recv().unwrap(), event);
    }
}
