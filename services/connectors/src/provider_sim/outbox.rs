//! Queueing callbacks in the order things happened.
//!
//! A state change and the queueing of its callback happen as one step under the outbox
//! lock; otherwise a heartbeat round could read an instance as online, a `disconnect` could
//! then queue `disconnected`, and the round's `heartbeat` would follow it, telling WeCom
//! Fleet the dropped session is back.

use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use uuid::Uuid;

use super::{events::Event, ProviderSim};
use crate::{simulator::Simulator, ConnectorError};

/// One event on its way to a callback URL.
#[derive(Debug, Clone)]
pub(super) struct Callback {
    /// `webhook-id`: unique per event, the same for every delivery attempt.
    pub webhook_id: String,
    pub url: String,
    pub instance_id: String,
    pub kind: &'static str,
    /// The `ProviderEvent` JSON, exactly as signed.
    pub body: Vec<u8>,
}

pub(super) struct Outbox {
    queue: Mutex<UnboundedSender<Callback>>,
    /// Taken by the sender task when the background starts; events wait in the channel
    /// until then.
    receiver: Mutex<Option<UnboundedReceiver<Callback>>>,
}

impl Outbox {
    pub fn new() -> Self {
        let (sender, receiver) = unbounded_channel();
        Self {
            queue: Mutex::new(sender),
            receiver: Mutex::new(Some(receiver)),
        }
    }

    pub fn take_receiver(&self) -> Option<UnboundedReceiver<Callback>> {
        self.receiver
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    // The sender inside stays usable after a panic elsewhere: the lock only orders pushes.
    fn lock(&self) -> MutexGuard<'_, UnboundedSender<Callback>> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl ProviderSim {
    /// Runs `change` on the simulator and queues the events it reports, as one step with
    /// respect to every other change (see the module doc).
    pub(super) fn change_and_report(
        &self,
        change: impl FnOnce(&Simulator) -> Result<Vec<Event>, ConnectorError>,
    ) -> Result<(), ConnectorError> {
        let queue = self.outbox.lock();
        let events = change(&self.simulator)?;
        for event in events {
            self.enqueue(&queue, &event);
        }
        Ok(())
    }

    /// Queues an event about a change that already happened (inside an async connector
    /// call, where the change cannot share the lock).
    pub(super) fn report(&self, event: &Event) {
        self.enqueue(&self.outbox.lock(), event);
    }

    fn enqueue(&self, queue: &UnboundedSender<Callback>, event: &Event) {
        let Some(registration) = self.registry.get(&event.instance_id) else {
            tracing::warn!(instance_id = %event.instance_id, kind = event.kind.as_str(), "no callback URL for the instance; event not reported");
            return;
        };
        let callback = Callback {
            webhook_id: format!("evt_{}", Uuid::now_v7().simple()),
            url: registration.callback_url,
            instance_id: event.instance_id.clone(),
            kind: event.kind.as_str(),
            body: event.to_body(),
        };
        // Fails only once the sender task is gone, i.e. while the process stops.
        if queue.send(callback).is_err() {
            tracing::debug!(instance_id = %event.instance_id, "callback sender stopped; event not reported");
        }
    }
}
