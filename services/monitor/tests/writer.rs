//! The metric writer against stores that count, fail, refuse or hang: batching, recovery
//! without loss or reordering, the bound on memory, never blocking the caller, and the last
//! flush at shutdown.

// Fixtures panic on failure: that is how a test reports a broken precondition.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use async_trait::async_trait;
use fleet_monitor::{
    metrics::{Field, MetricWriter, Point, WriterSettings, WriterStats},
    rules::Series,
    store::{Memory, MetricStore, SeriesQuery, StoreError},
};
use tokio::sync::watch;

fn point(at: i64) -> Point {
    Point::new("api_latency", at)
        .tag("tenant", "t1")
        .field("value", Field::Float(at as f64))
}

fn settings(batch_size: usize, capacity: usize) -> WriterSettings {
    WriterSettings {
        batch_size,
        capacity,
        // Only full batches, retries and explicit flushes write, unless a test says so.
        flush_interval: Duration::from_secs(3_600),
        max_backoff: Duration::from_millis(20),
        shutdown_timeout: Duration::from_millis(300),
    }
}

/// A store in memory that counts writes, and can be down or refuse everything.
#[derive(Default)]
struct TestStore {
    memory: Memory,
    batch_sizes: Mutex<Vec<usize>>,
    down: AtomicBool,
    refusing: AtomicBool,
}

impl TestStore {
    fn times(&self) -> Vec<i64> {
        self.memory.points().iter().map(|p| p.at).collect()
    }

    fn batch_sizes(&self) -> Vec<usize> {
        self.batch_sizes.lock().unwrap().clone()
    }
}

#[async_trait]
impl MetricStore for TestStore {
    fn name(&self) -> &'static str {
        "test"
    }

    async fn write(&self, points: &[Point]) -> Result<(), StoreError> {
        self.batch_sizes.lock().unwrap().push(points.len());
        if self.down.load(Ordering::SeqCst) {
            return Err(StoreError::Unavailable("down for the test".into()));
        }
        if self.refusing.load(Ordering::SeqCst) {
            return Err(StoreError::Protocol("refused for the test".into()));
        }
        self.memory.write(points).await
    }

    async fn series(&self, query: &SeriesQuery) -> Result<Vec<Series>, StoreError> {
        self.memory.series(query).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// A store whose writes never finish.
#[derive(Default)]
struct HangingStore {
    writes_started: AtomicUsize,
}

#[async_trait]
impl MetricStore for HangingStore {
    fn name(&self) -> &'static str {
        "hanging"
    }

    async fn write(&self, _points: &[Point]) -> Result<(), StoreError> {
        self.writes_started.fetch_add(1, Ordering::SeqCst);
        std::future::pending().await
    }

    async fn series(&self, _query: &SeriesQuery) -> Result<Vec<Series>, StoreError> {
        Ok(Vec::new())
    }

    async fn ping(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Polls `stats` until `done` holds, for at most 10 s.
async fn until(writer: &MetricWriter, done: impl Fn(&WriterStats) -> bool) -> WriterStats {
    for _ in 0..1_000 {
        let stats = writer.stats();
        if done(&stats) {
            return stats;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("writer never got there: {:?}", writer.stats());
}

#[tokio::test]
async fn full_batches_are_written_without_waiting_for_the_interval() {
    let store = Arc::new(TestStore::default());
    let (_stop, shutdown) = watch::channel(false);
    let (writer, _task) = MetricWriter::start(store.clone(), settings(100, 10_000), shutdown);
    for at in 0..1_000 {
        writer.record(point(at));
    }
    until(&writer, |s| s.written == 1_000).await;
    for at in 1_000..1_050 {
        writer.record(point(at));
    }
    writer.flush().await.unwrap();
    let sizes = store.batch_sizes();
    assert!(sizes.len() <= 11, "1050 points in {} writes", sizes.len());
    assert!(sizes.iter().all(|&n| n <= 100), "{sizes:?}");
    assert_eq!(store.times(), (0..1_050).collect::<Vec<_>>());
    assert_eq!(writer.stats().buffered, 0);
}

#[tokio::test]
async fn a_partial_batch_is_written_after_the_flush_interval() {
    let store = Arc::new(TestStore::default());
    let (_stop, shutdown) = watch::channel(false);
    let quick = WriterSettings {
        flush_interval: Duration::from_millis(50),
        ..settings(1_000, 10_000)
    };
    let (writer, _task) = MetricWriter::start(store.clone(), quick, shutdown);
    for at in 0..10 {
        writer.record(point(at));
    }
    until(&writer, |s| s.written == 10).await;
    assert_eq!(store.batch_sizes(), [10]);
}

#[tokio::test]
async fn a_store_that_recovers_gets_everything_in_order() {
    let store = Arc::new(TestStore::default());
    store.down.store(true, Ordering::SeqCst);
    let (_stop, shutdown) = watch::channel(false);
    let (writer, _task) = MetricWriter::start(store.clone(), settings(10, 1_000), shutdown);
    for at in 0..100 {
        writer.record(point(at));
    }
    until(&writer, |s| s.failed_writes >= 3).await;
    for at in 100..200 {
        writer.record(point(at));
    }
    store.down.store(false, Ordering::SeqCst);
    // The background task's own retry, not a flush, brings them in.
    let stats = until(&writer, |s| s.written == 200).await;
    assert_eq!(store.times(), (0..200).collect::<Vec<_>>());
    assert_eq!((stats.dropped, stats.buffered), (0, 0));
}

#[tokio::test]
async fn overflow_drops_the_oldest_and_counts_them() {
    let store = Arc::new(TestStore::default());
    store.down.store(true, Ordering::SeqCst);
    let (_stop, shutdown) = watch::channel(false);
    let (writer, _task) = MetricWriter::start(store.clone(), settings(10, 100), shutdown);
    for at in 0..250 {
        writer.record(point(at));
        if at % 25 == 0 {
            // Let failed writes put their batches back in between.
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    assert!(writer.stats().failed_writes > 0);
    store.down.store(false, Ordering::SeqCst);
    writer.flush().await.unwrap();
    assert_eq!(store.times(), (150..250).collect::<Vec<_>>());
    let stats = writer.stats();
    assert_eq!((stats.dropped, stats.written), (150, 100));
}

#[tokio::test]
async fn refused_batches_are_counted_and_not_retried() {
    let store = Arc::new(TestStore::default());
    store.refusing.store(true, Ordering::SeqCst);
    let (_stop, shutdown) = watch::channel(false);
    let (writer, _task) = MetricWriter::start(store.clone(), settings(10, 1_000), shutdown);
    for at in 0..30 {
        writer.record(point(at));
    }
    writer.flush().await.unwrap();
    let stats = writer.stats();
    assert_eq!((stats.rejected, stats.buffered, stats.written), (30, 0, 0));
    assert!(store.batch_sizes().len() <= 3, "{:?}", store.batch_sizes());
}

/// On a current-thread runtime the writer's task and the caller share one thread: were
/// `record` to wait on the hung write in any way, the thread would block for good and the
/// answer never arrive.
#[test]
fn record_never_waits_on_a_hung_store() {
    let (answer, answered) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            let store = Arc::new(HangingStore::default());
            let (_stop, shutdown) = watch::channel(false);
            let (writer, _task) = MetricWriter::start(store.clone(), settings(1, 1_000), shutdown);
            writer.record(point(0));
            while store.writes_started.load(Ordering::SeqCst) == 0 {
                tokio::task::yield_now().await;
            }
            for at in 1..=5_000 {
                writer.record(point(at));
            }
            answer.send(writer.stats()).unwrap();
        });
    });
    let stats = answered
        .recv_timeout(Duration::from_secs(10))
        .expect("record() blocked behind a write that never ends");
    // One point in the hung write, the newest 1,000 buffered, the rest dropped.
    assert_eq!((stats.buffered, stats.dropped), (1_000, 4_000));
}

#[tokio::test]
async fn shutdown_writes_what_is_left() {
    let store = Arc::new(TestStore::default());
    let (stop, shutdown) = watch::channel(false);
    let (writer, task) = MetricWriter::start(store.clone(), settings(1_000, 10_000), shutdown);
    for at in 0..42 {
        writer.record(point(at));
    }
    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(store.times(), (0..42).collect::<Vec<_>>());
}

#[tokio::test]
async fn shutdown_gives_up_on_a_hung_store_after_its_timeout() {
    let store = Arc::new(HangingStore::default());
    let (stop, shutdown) = watch::channel(false);
    let (writer, task) = MetricWriter::start(store.clone(), settings(1_000, 10_000), shutdown);
    writer.record(point(0));
    stop.send(true).unwrap();
    // shutdown_timeout is 300 ms.
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("shutdown waited on the hung store")
        .unwrap();
    assert_eq!(store.writes_started.load(Ordering::SeqCst), 1);
}
