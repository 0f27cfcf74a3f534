//! Retention for stores that do not keep their own (the embedded one): now and then the
//! points older than the retention period are deleted.

use std::{sync::Arc, time::Duration};

use fleet_core::clock::{millis_of, now_ms};
use tokio::sync::watch;

use super::MetricStore;

/// Hourly is plenty against a period counted in days, and keeps each purge small.
const PURGE_EVERY: Duration = Duration::from_secs(3_600);

/// Purges `store` of points older than `retention`, at once and then hourly, until
/// `shutdown` changes.
pub async fn run_retention(
    store: Arc<dyn MetricStore>,
    retention: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut ticker = tokio::time::interval(PURGE_EVERY);
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = shutdown.changed() => return,
        }
        let cutoff = now_ms().saturating_sub(millis_of(retention));
        match store.purge_before(cutoff).await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(store = store.name(), purged, "old metric points purged"),
            Err(err) => {
                tracing::warn!(store = store.name(), %err, "purging old metric points failed")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use async_trait::async_trait;
    use fleet_core::clock::{Millis, DAY_MS};

    use super::*;
    use crate::{
        metrics::Point,
        rules::Series,
        store::{SeriesQuery, StoreError},
    };

    /// Remembers the cutoffs it was asked to purge before.
    #[derive(Default)]
    struct Cutoffs(Mutex<Vec<Millis>>);

    #[async_trait]
    impl MetricStore for Cutoffs {
        fn name(&self) -> &'static str {
            "cutoffs"
        }
        async fn write(&self, _: &[Point]) -> Result<(), StoreError> {
            Ok(())
        }
        async fn series(&self, _: &SeriesQuery) -> Result<Vec<Series>, StoreError> {
            Ok(Vec::new())
        }
        async fn ping(&self) -> Result<(), StoreError> {
            Ok(())
        }
        async fn purge_before(&self, cutoff: Millis) -> Result<u64, StoreError> {
            self.0.lock().unwrap().push(cutoff);
            Ok(1)
        }
    }

    #[tokio::test(start_paused = true)]
    async fn purges_at_once_then_hourly_until_shutdown() {
        let store = Arc::new(Cutoffs::default());
        let (stop, shutdown) = watch::channel(false);
        let day = Duration::from_secs(86_400);
        let task = tokio::spawn(run_retention(store.clone(), day, shutdown));
        tokio::time::sleep(3 * PURGE_EVERY + Duration::from_secs(1)).await;
        stop.send(true).unwrap();
        task.await.unwrap();
        let cutoffs = store.0.lock().unwrap().clone();
        assert_eq!(cutoffs.len(), 4, "at 0, 1, 2 and 3 hours");
        let day_ago = now_ms() - DAY_MS;
        assert!(cutoffs.iter().all(|c| (day_ago - c).abs() < 60_000));
    }
}
