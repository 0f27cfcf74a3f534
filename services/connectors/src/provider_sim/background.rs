//! The provider's own work: heartbeats for online instances and the callback sender.

use std::sync::Arc;

use fleet_core::clock::now_ms;
use tokio::{task::JoinHandle, time::MissedTickBehavior};

use super::{
    events::{Event, EventType},
    ProviderSim, ProviderSimError,
};

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
    /// Starts the callback sender and the heartbeat loop (one heartbeat round every
    /// `simulator.heartbeat_interval`, the first one interval after the start). Call it once,
    /// inside a Tokio runtime; events reported before it waited and go out first.
    pub fn start_background(self: &Arc<Self>) -> Result<Background, ProviderSimError> {
        let queue = self
            .outbox
            .take_receiver()
            .ok_or(ProviderSimError::AlreadyStarted)?;
        let deliverer = Arc::clone(&self.deliverer);
        let sender = tokio::spawn(async move { deliverer.run(queue).await });
        let sim = Arc::clone(self);
        let heartbeats = tokio::spawn(async move {
            let period = sim.simulator.heartbeat_interval();
            let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
            ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                sim.heartbeat_round();
            }
        });
        Ok(Background {
            tasks: vec![sender, heartbeats],
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
}
