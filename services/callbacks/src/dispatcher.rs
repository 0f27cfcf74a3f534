//! The background dispatcher: takes stored events that are due (a handler failure's retry, or
//! an event whose receiving process died before dispatching it) and dispatches them.

use fleet_core::clock::{millis_of, now_ms};
use fleet_store::{callback_events, Scope, StoreError};
use tokio::sync::watch;

use crate::{polling::poll_rounds, CallbackService};

/// Events taken per round.
const CLAIM_BATCH: i64 = 50;

impl CallbackService {
    /// Dispatches due events until `shutdown` turns true.
    pub async fn run_dispatcher(self, shutdown: watch::Receiver<bool>) {
        let interval = self.settings.poll_interval;
        poll_rounds(interval, shutdown, "dispatching due callbacks", || async {
            Ok::<_, StoreError>(self.dispatch_due().await? == CLAIM_BATCH as usize)
        })
        .await;
    }

    /// One round: claims due events and dispatches them one after another. Returns how many
    /// it took.
    pub async fn dispatch_due(&self) -> Result<usize, StoreError> {
        let now = now_ms();
        let mut tx = self.db.begin(Scope::Platform).await?;
        let due = callback_events::claim_due(
            &mut tx,
            now,
            now + millis_of(self.settings.lease),
            CLAIM_BATCH,
        )
        .await?;
        tx.commit().await?;
        for event in &due {
            if let Err(err) = self.dispatch(event).await {
                tracing::warn!(%err, event = %event.id, "recording a callback's dispatch failed");
            }
        }
        Ok(due.len())
    }
}
