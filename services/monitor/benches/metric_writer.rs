//! The metric writer, measured: `cargo bench -p fleet-monitor --bench metric_writer`.
//!
//! (a) Points per second written to InfluxDB 1.x (`FLEET_TEST_INFLUXDB_URL`, default
//!     http://127.0.0.1:8086) through `MetricWriter`: 200,000 points of 10 series per
//!     tenant × 50 tenants, batches of 5,000.
//! (b) The writer's memory bound: with the store down, 2 × capacity points are recorded;
//!     the buffer keeps `capacity` and the growth of the process's resident memory is
//!     what it holds. (A counting global allocator would be exact, but it needs `unsafe`,
//!     which the workspace forbids outright: `forbid` cannot be allowed back.)

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use async_trait::async_trait;
use fleet_core::clock::now_ms;
use fleet_monitor::{
    metrics::{Field, MetricWriter, Point, WriterSettings},
    rules::{Aggregate, Series},
    store::{InfluxV1, MetricStore, SeriesQuery, StoreError},
};
use tokio::sync::watch;

const COMMAND: &str = "cargo bench -p fleet-monitor --bench metric_writer";
const METRIC: &str = "api_latency_ms";
const TENANTS: usize = 50;
const SERIES_PER_TENANT: usize = 10;
const POINTS: usize = 200_000;
const BATCH: usize = 5_000;
const CAPACITY: usize = 100_000;

/// Point `i` of the run: series `i % 500` (a tenant and a route), one millisecond apart
/// within its series so that no point overwrites another.
fn point(i: usize, t0: i64) -> Point {
    let series = i % (TENANTS * SERIES_PER_TENANT);
    let (tenant, route) = (series / SERIES_PER_TENANT, series % SERIES_PER_TENANT);
    let at = t0 + (i / (TENANTS * SERIES_PER_TENANT)) as i64;
    Point::new(METRIC, at)
        .tag("tenant", &format!("tenant-{tenant:02}"))
        .tag("route", &format!("/api/v1/route-{route}"))
        .field("value", Field::Float((i % 997) as f64 * 0.5))
}

type Outcome = Result<(), Box<dyn std::error::Error>>;

fn main() -> Outcome {
    println!("command: {COMMAND}");
    // First, and on one thread: memory freed by an earlier run would be reused without
    // showing in resident memory, and one thread allocates from one malloc arena.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(memory_bound());
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(influxdb_throughput())
}

async fn influxdb_throughput() -> Outcome {
    let url =
        std::env::var("FLEET_TEST_INFLUXDB_URL").unwrap_or_else(|_| "http://127.0.0.1:8086".into());
    let database = format!("fleet_bench_{}", uuid::Uuid::new_v4().simple());
    let store = Arc::new(InfluxV1::new(&url, &database, None, None)?);
    if let Err(err) = store.ensure_database().await {
        println!("(a) skipped: InfluxDB at {url} is not usable: {err}");
        return Ok(());
    }
    let t0 = now_ms() - 3_600_000;
    let points: Vec<Point> = (0..POINTS).map(|i| point(i, t0)).collect();
    let settings = WriterSettings {
        batch_size: BATCH,
        capacity: POINTS,
        flush_interval: Duration::from_secs(1),
        ..WriterSettings::default()
    };
    let (stop, shutdown) = watch::channel(false);
    let (writer, task) = MetricWriter::start(store.clone(), settings, shutdown);

    let started = Instant::now();
    for p in points {
        writer.record(p);
    }
    let recorded = started.elapsed();
    writer.flush().await?;
    let elapsed = started.elapsed();
    let stats = writer.stats();
    stop.send(true).ok();
    task.await.ok();

    let everything = SeriesQuery {
        metric: METRIC.into(),
        matchers: Default::default(),
        start: t0,
        end: t0 + POINTS as i64,
    };
    let counts = store.aggregate(&everything, Aggregate::Count).await?;
    let stored: f64 = counts.iter().filter_map(|c| c.value).sum();
    println!(
        "(a) InfluxDB 1.x at {url}: {POINTS} points, {} series ({TENANTS} tenants x \
         {SERIES_PER_TENANT}), batch {BATCH}: {:.2} s, {:.0} points/s; record() {:.0} ns/point; \
         written {}, dropped {}, failed writes {}; InfluxDB counts {stored} points",
        counts.len(),
        elapsed.as_secs_f64(),
        POINTS as f64 / elapsed.as_secs_f64(),
        recorded.as_nanos() as f64 / POINTS as f64,
        stats.written,
        stats.dropped,
        stats.failed_writes,
    );
    let drop_database = format!("DROP DATABASE \"{database}\"");
    let _ = reqwest::Client::new()
        .post(format!("{url}/query"))
        .query(&[("q", drop_database.as_str())])
        .send()
        .await;
    Ok(())
}

/// A store that is down.
struct Down;

#[async_trait]
impl MetricStore for Down {
    fn name(&self) -> &'static str {
        "down"
    }

    async fn write(&self, _points: &[Point]) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("down for the benchmark".into()))
    }

    async fn series(&self, _query: &SeriesQuery) -> Result<Vec<Series>, StoreError> {
        Err(StoreError::Unavailable("down for the benchmark".into()))
    }

    async fn ping(&self) -> Result<(), StoreError> {
        Err(StoreError::Unavailable("down for the benchmark".into()))
    }
}

/// Resident memory of this process, from /proc/self/statm (pages of 4 KiB).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4_096)
}

async fn memory_bound() {
    let Some(before) = resident_bytes() else {
        println!("(b) skipped: no /proc/self/statm");
        return;
    };
    let settings = WriterSettings {
        batch_size: BATCH,
        capacity: CAPACITY,
        max_backoff: Duration::from_millis(10),
        ..WriterSettings::default()
    };
    let (_stop, shutdown) = watch::channel(false);
    let (writer, _task) = MetricWriter::start(Arc::new(Down), settings, shutdown);
    let t0 = now_ms();
    for i in 0..2 * CAPACITY {
        writer.record(point(i, t0));
        if i % BATCH == 0 {
            // Let the failing writes take batches and put them back.
            tokio::task::yield_now().await;
        }
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let stats = writer.stats();
    let after = resident_bytes().unwrap_or(before);
    let held = after.saturating_sub(before);
    println!(
        "(b) store down, capacity {CAPACITY}, {} points recorded: buffered {}, dropped {}, \
             failed writes {}; resident memory +{:.1} MiB, {:.0} bytes per buffered point",
        2 * CAPACITY,
        stats.buffered,
        stats.dropped,
        stats.failed_writes,
        held as f64 / (1024.0 * 1024.0),
        held as f64 / stats.buffered.max(1) as f64,
    );
}
