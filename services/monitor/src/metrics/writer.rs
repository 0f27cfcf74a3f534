//! The metric writer: services record points without ever waiting on the store; a
//! background task writes them in batches, when a batch is full or every flush interval.
//! While the store is down, batches go back to the buffer (ahead of newer points) and the
//! task retries with exponential backoff; past the buffer's capacity the oldest points are
//! dropped and counted.

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex, MutexGuard, PoisonError,
    },
    time::Duration,
};

use tokio::{
    sync::{watch, Notify},
    task::JoinHandle,
    time::Instant,
};

use super::{Point, PointBuffer};
use crate::store::{MetricStore, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriterSettings {
    /// Points per write; a full batch is written at once.
    pub batch_size: usize,
    /// How long a point may wait for its batch to fill.
    pub flush_interval: Duration,
    /// Points held at most while the store is slow or down (a point of two tags takes
    /// about 1.4 KB: see benches/metric_writer.rs).
    pub capacity: usize,
    /// The longest wait between retries while the store is down.
    pub max_backoff: Duration,
    /// How long the last flush at shutdown may take.
    pub shutdown_timeout: Duration,
}

impl Default for WriterSettings {
    fn default() -> Self {
        Self {
            batch_size: 5_000,
            flush_interval: Duration::from_secs(5),
            capacity: 50_000,
            max_backoff: Duration::from_secs(30),
            shutdown_timeout: Duration::from_secs(10),
        }
    }
}

/// The first retry after a failed write; each further failure doubles it.
const FIRST_RETRY: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriterStats {
    /// Points waiting to be written.
    pub buffered: usize,
    /// Points lost to the buffer's bound.
    pub dropped: u64,
    /// Points the store took.
    pub written: u64,
    /// Writes that failed, retried or not.
    pub failed_writes: u64,
    /// Points the store refused as such (bad data): they would be refused again, so they
    /// are not retried.
    pub rejected: u64,
}

/// A cheap-to-clone handle to record points with.
#[derive(Clone)]
pub struct MetricWriter {
    shared: Arc<Shared>,
}

struct Shared {
    store: Arc<dyn MetricStore>,
    batch_size: usize,
    buffer: Mutex<PointBuffer>,
    /// One batch in flight at a time, so that batches reach the store in order.
    writing: tokio::sync::Mutex<()>,
    batch_ready: Notify,
    written: AtomicU64,
    failed_writes: AtomicU64,
    rejected: AtomicU64,
}

/// What a round of writing takes from the buffer.
#[derive(Clone, Copy)]
enum Round {
    FullBatches,
    Everything,
}

impl MetricWriter {
    /// The writer and its background task, which runs until `shutdown` changes (or its
    /// sender is dropped), then writes what is left, for at most `shutdown_timeout`.
    /// Points recorded after that stay in the buffer.
    pub fn start(
        store: Arc<dyn MetricStore>,
        settings: WriterSettings,
        shutdown: watch::Receiver<bool>,
    ) -> (MetricWriter, JoinHandle<()>) {
        let shared = Arc::new(Shared {
            store,
            batch_size: settings.batch_size.max(1),
            buffer: Mutex::new(PointBuffer::new(settings.capacity)),
            writing: tokio::sync::Mutex::new(()),
            batch_ready: Notify::new(),
            written: AtomicU64::new(0),
            failed_writes: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
        });
        let task = tokio::spawn(run(shared.clone(), settings, shutdown));
        (MetricWriter { shared }, task)
    }

    /// Buffers a point; never waits on the store.
    pub fn record(&self, point: Point) {
        let waiting = {
            let mut buffer = self.shared.buffer();
            buffer.push(point);
            buffer.len()
        };
        if waiting >= self.shared.batch_size {
            self.shared.batch_ready.notify_one();
        }
    }

    /// Writes everything buffered now (for tests and shutdown); an error leaves the points
    /// buffered.
    pub async fn flush(&self) -> Result<(), StoreError> {
        self.shared.write(Round::Everything).await
    }

    pub fn stats(&self) -> WriterStats {
        let (buffered, dropped) = {
            let buffer = self.shared.buffer();
            (buffer.len(), buffer.dropped())
        };
        WriterStats {
            buffered,
            dropped,
            written: self.shared.written.load(Ordering::Relaxed),
            failed_writes: self.shared.failed_writes.load(Ordering::Relaxed),
            rejected: self.shared.rejected.load(Ordering::Relaxed),
        }
    }
}

impl Shared {
    fn buffer(&self) -> MutexGuard<'_, PointBuffer> {
        // Nothing panics while holding the lock in a way that breaks the buffer.
        self.buffer.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes a round of batches, oldest first; the first failed write puts its batch back
    /// and ends the round. The round is sized when it starts, so points recorded meanwhile
    /// cannot keep it going forever.
    async fn write(&self, round: Round) -> Result<(), StoreError> {
        let _turn = self.writing.lock().await;
        let waiting = self.buffer().len();
        let batches = match round {
            Round::FullBatches => waiting / self.batch_size,
            Round::Everything => waiting.div_ceil(self.batch_size),
        };
        for _ in 0..batches {
            let batch = self.buffer().take(self.batch_size);
            if batch.is_empty() {
                break;
            }
            match self.store.write(&batch).await {
                Ok(()) => {
                    self.written
                        .fetch_add(batch.len() as u64, Ordering::Relaxed);
                }
                Err(err @ StoreError::Unavailable(_)) => {
                    self.failed_writes.fetch_add(1, Ordering::Relaxed);
                    self.buffer().put_back(batch);
                    return Err(err);
                }
                Err(err) => {
                    self.failed_writes.fetch_add(1, Ordering::Relaxed);
                    self.rejected
                        .fetch_add(batch.len() as u64, Ordering::Relaxed);
                    tracing::warn!(store = self.store.name(), points = batch.len(), %err, "metric store refused a batch; it is dropped");
                }
            }
        }
        Ok(())
    }
}

async fn run(shared: Arc<Shared>, settings: WriterSettings, mut shutdown: watch::Receiver<bool>) {
    // A zero interval would spin on an empty buffer.
    let flush_interval = settings.flush_interval.max(Duration::from_millis(10));
    let mut retry_in: Option<Duration> = None;
    let mut next_flush = Instant::now() + flush_interval;
    loop {
        // While retrying, full batches wait for the retry: a down store is not hammered.
        let round = match retry_in {
            Some(delay) => tokio::select! {
                _ = tokio::time::sleep(delay) => Round::Everything,
                _ = shutdown.changed() => break,
            },
            None => tokio::select! {
                _ = shared.batch_ready.notified() => Round::FullBatches,
                _ = tokio::time::sleep_until(next_flush) => Round::Everything,
                _ = shutdown.changed() => break,
            },
        };
        if let Round::Everything = round {
            next_flush = Instant::now() + flush_interval;
        }
        retry_in = match shared.write(round).await {
            Ok(()) => None,
            Err(err) => {
                let delay = retry_in.map_or(FIRST_RETRY, |d| d * 2);
                let delay = delay.min(settings.max_backoff);
                tracing::warn!(store = shared.store.name(), %err, retry_in_ms = delay.as_millis() as u64, "writing metrics failed");
                Some(delay)
            }
        };
    }
    let last = tokio::time::timeout(settings.shutdown_timeout, shared.write(Round::Everything));
    let why = match last.await {
        Ok(Ok(())) => return,
        Ok(Err(err)) => err.to_string(),
        Err(_) => "timed out".to_owned(),
    };
    tracing::warn!(store = shared.store.name(), buffered = shared.buffer().len(), %why, "metrics left unwritten at shutdown");
}
