//! The provider's own work: heartbeats for online instances, delivery reports for sent
//! messages, and the callback sender.

use std::{sync::Arc, time::Duration};

use fleet_core::clock::now_ms;
use serde_json::json;
use tokio::{task::JoinHandle, time::MissedTickBehavior};

use super::{
    events::{Event, EventType},
    ProviderSim, ProviderSimError,
};

/// Bounds on how often the delivery loop looks for messages due a report: a quarter of the
/// delay, so a report goes out close to it, but neither a busy loop nor a late one.
const DELIVERY_TICK_MIN: Duration = Duration::from_millis(10);
const DELIVERY_TICK_MAX: Duration = Duration::from_millis(250);

/// The running background tasks; dropping it stops them (events still queued are lost).
pub struct Background {
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Background {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl ProviderSim {
    /// Starts the callback sender, the heartbeat loop (one heartbeat round every
    /// `simulator.heartbeat_interval`, the first one interval after the start) and, unless
    /// `simulator.delivery_delay` is `None`, the delivery loop. Call it once, inside a Tokio
    /// runtime; events reported before it waited and go out first.
    pub fn start_background(self: &Arc<Self>) -> Result<Background, ProviderSimError> {
        let queue = self
            .outbox
            .take_receiver()
            .ok_or(ProviderSimError::AlreadyStarted)?;
        let deliverer = Arc::clone(&self.deliverer);
        let mut tasks = vec![tokio::spawn(async move { deliverer.run(queue).await })];
        let heartbeat_period = self.simulator.heartbeat_interval();
        tasks.push(self.every(heartbeat_period, |sim| {
            sim.heartbeat_round();
        }));
        if let Some(delay) = self.simulator.delivery_delay() {
            let period = (delay / 4).clamp(DELIVERY_TICK_MIN, DELIVERY_TICK_MAX);
            tasks.push(self.every(period, |sim| {
                sim.delivery_round();
            }));
        }
        Ok(Background { tasks })
    }

    /// Runs `round` every `period`, the first time one period from now.
    fn every(self: &Arc<Self>, period: Duration, round: fn(&ProviderSim)) -> JoinHandle<()> {
        let sim = Arc::clone(self);
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
            ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                round(&sim);
            }
        })
    }

    /// One heartbeat round now: every online instance beats (a `heartbeat` callback) or, at
    /// the simulator's disconnect rate, drops silently. Returns how many beat. The background
    /// loop calls this; tests may call it to skip the wait.
    pub fn heartbeat_round(&self) -> usize {
        let mut beats = 0;
        let reported = self.change_and_report(|simulator| {
            let now = now_ms();
            let events: Vec<Event> = simulator
                .heartbeat_round()
                .iter()
                .filter_map(|account_id| self.registry.instance_of(account_id))
                .map(|instance_id| {
                    self.registry.record_heartbeat(&instance_id, now);
                    Event::bare(&instance_id, EventType::Heartbeat)
                })
                .collect();
            beats = events.len();
            Ok(events)
        });
        if let Err(err) = reported {
            tracing::warn!(%err, "heartbeat round failed");
        }
        beats
    }

    /// One delivery round now: every message sent `simulator.delivery_delay` ago or earlier
    /// and not yet reported gets its `message_delivered` callback, once. Returns how many.
    /// The background loop calls this; tests may call it to skip the wait.
    pub fn delivery_round(&self) -> usize {
        let mut delivered = 0;
        let reported = self.change_and_report(|simulator| {
            let events: Vec<Event> = simulator
                .due_deliveries()
                .into_iter()
                .map(|(instance_id, report)| {
                    let data = json!({
                        "client_message_id": report.client_message_id,
                        "provider_message_id": report.provider_message_id,
                    });
                    Event::new(&instance_id, EventType::MessageDelivered, data)
                })
                .collect();
            delivered = events.len();
            Ok(events)
        });
        if let Err(err) = reported {
            tracing::warn!(%err, "delivery round failed");
        }
        delivered
    }
}
