//! Queue workers. Any number run, in any number of processes: each claims a handful of due
//! messages under a fresh lease, works them concurrently, and claims again; now and then it
//! also returns messages whose worker died mid-send to the queue.

use std::time::{Duration, Instant};

use fleet_core::clock::now_ms;
use fleet_store::{messaging::queue, Scope};
use futures::StreamExt;
use tokio::sync::watch;

use crate::{events::StatusChange, MessagingError, MessagingService};

/// How often a worker looks for expired leases.
const RELEASE_EVERY: Duration = Duration::from_secs(2);

impl MessagingService {
    /// Works the queue until `shutdown` turns true; the batch in hand is finished first.
    pub async fn run_worker(self, mut shutdown: watch::Receiver<bool>) {
        let mut last_release: Option<Instant> = None;
        loop {
            if *shutdown.borrow() {
                return;
            }
            if last_release.is_none_or(|at| at.elapsed() >= RELEASE_EVERY) {
                last_release = Some(Instant::now());
                if let Err(err) = self.release_expired_leases().await {
                    tracing::warn!(%err, "releasing expired leases failed");
                }
            }
            let idle = match self.work_once().await {
                Ok(claimed) => claimed == 0,
                Err(err) => {
                    tracing::warn!(%err, "claiming messages failed");
                    true
                }
            };
            if idle {
                tokio::select! {
                    _ = tokio::time::sleep(self.settings.poll_interval) => {}
                    _ = shutdown.changed() => return,
                }
            }
        }
    }

    /// Claims one batch of due messages and works it; returns how many it claimed.
    pub async fn work_once(&self) -> Result<usize, MessagingError> {
        let lease = uuid::Uuid::new_v4().to_string();
        let now = now_ms();
        let mut tx = self.db.begin(Scope::Platform).await?;
        let claimed = queue::claim(
            &mut tx,
            &lease,
            now + self.lease_ms(),
            now,
            i64::from(self.settings.claim_batch),
        )
        .await?;
        tx.commit().await?;
        let count = claimed.len();
        futures::stream::iter(claimed)
            .for_each_concurrent(self.settings.concurrency, |m| {
                let lease = lease.as_str();
                async move {
                    let id = m.id.clone();
                    if let Err(err) = self.dispatch(m, lease).await {
                        tracing::warn!(message = %id, %err, "dispatch failed; the lease will expire");
                    }
                }
            })
            .await;
        Ok(count)
    }

    /// Returns messages whose worker vanished mid-send to the queue.
    pub async fn release_expired_leases(&self) -> Result<usize, MessagingError> {
        let mut tx = self.db.begin(Scope::Platform).await?;
        let released = queue::release_expired(&mut tx, now_ms()).await?;
        tx.commit().await?;
        let count = released.len();
        for m in &released {
            tracing::info!(message = %m.id, "lease expired mid-send; back to the queue");
            self.publish(
                StatusChange::of(m, Some("sending"), "pending").with_error(Some("lease_expired")),
            );
        }
        Ok(count)
    }
}
