//! The rule engine's loop. Every process with the monitor role competes for one leader lock;
//! the leader evaluates every rule at `eval_interval`, samples the database gauges, queues
//! notifications and sends them (in a task of its own). A process that becomes leader first reads the open alerts
//! its predecessor left, so `for` timers, firing alerts and repeat intervals carry on.

mod persist;
mod round;

use std::time::Duration;

use fleet_core::clock::{millis_of, now_ms, Millis};
use fleet_monitor::metrics::MetricWriter;
use fleet_store::leader::LeaderLock;
use tokio::{sync::watch, task::JoinHandle};

use crate::AlertingService;

pub(crate) use round::Engine;

/// The lock the monitor processes compete for.
const LEADER_JOB: &str = "monitor";

pub async fn run_engine(
    service: AlertingService,
    writer: Option<MetricWriter>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut lock = LeaderLock::new(service.db.clone(), LEADER_JOB);
    let mut engine: Option<Engine> = None;
    let mut last_sample: Option<Millis> = None;
    let mut sending: Option<JoinHandle<()>> = None;
    let sample_every = millis_of(service.settings.sample_interval);
    let mut ticker = tokio::time::interval(
        service
            .settings
            .eval_interval
            .max(Duration::from_millis(10)),
    );
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = shutdown.changed() => break,
        }
        if !lock.ensure().await {
            // Whoever leads now owns the alerts; ours would be stale when we lead again.
            engine = None;
            continue;
        }
        let now = now_ms();
        if engine.is_none() {
            match Engine::take_over(&service, now).await {
                Ok(taken) => engine = Some(taken),
                Err(err) => {
                    tracing::warn!(%err, "reading the open alerts failed");
                    continue;
                }
            }
        }
        if let Some(writer) = &writer {
            if last_sample.is_none_or(|at| now - at >= sample_every) {
                last_sample = Some(now);
                match service.sample(now).await {
                    Ok(points) => points.into_iter().for_each(|p| writer.record(p)),
                    Err(err) => tracing::warn!(%err, "sampling the database failed"),
                }
            }
        }
        if let Some(engine) = engine.as_mut() {
            if let Err(err) = engine.round(&service, now).await {
                tracing::warn!(%err, "alert evaluation round failed");
            }
        }
        // Sending runs beside evaluation, so a slow channel (up to its timeout per
        // notification) never delays the next round; one sender at a time.
        if sending.as_ref().is_none_or(JoinHandle::is_finished) {
            let service = service.clone();
            sending = Some(tokio::spawn(async move {
                if let Err(err) = service.send_due().await {
                    tracing::warn!(%err, "sending alert notifications failed");
                }
            }));
        }
    }
    if let Some(sending) = sending {
        let _ = sending.await;
    }
    lock.release().await;
}
