//! The metric stores against real servers: InfluxDB 1.x at `FLEET_TEST_INFLUXDB_URL`
//! (default http://127.0.0.1:8086), VictoriaMetrics at `FLEET_TEST_VM_URL` (default
//! http://127.0.0.1:8428), and the embedded SQLite store in a temporary directory. Each test
//! uses its own database or metric names, so tests never see each other's points.

// Fixtures panic on failure: that is how a test reports a broken precondition.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{
    collections::BTreeMap,
    time::{Duration, Instant},
};

use fleet_core::clock::{now_ms, Millis};
use fleet_monitor::{
    metrics::{Field, Point},
    rules::{Aggregate, Sample, Series, SeriesValue},
    store::{
        open, Embedded, InfluxV1, InfluxV2, Memory, MetricStore, SeriesQuery, StoreConfig,
        StoreError, VictoriaMetrics,
    },
};

fn influx_url() -> String {
    std::env::var("FLEET_TEST_INFLUXDB_URL").unwrap_or_else(|_| "http://127.0.0.1:8086".into())
}

fn vm_url() -> String {
    std::env::var("FLEET_TEST_VM_URL").unwrap_or_else(|_| "http://127.0.0.1:8428".into())
}

/// Nothing listens on port 1.
const NOWHERE: &str = "http://127.0.0.1:1";

fn unique(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::new_v4().simple())
}

/// A database of its own on the InfluxDB test server, dropped by [`drop_database`].
fn influx_v1() -> (InfluxV1, String) {
    let database = unique("fleet_monitor_test");
    let store = InfluxV1::new(&influx_url(), &database, None, None).unwrap();
    (store, database)
}

/// Runs an InfluxQL statement the stores have no call for.
async fn influx_admin(statement: &str) {
    reqwest::Client::new()
        .post(format!("{}/query", influx_url()))
        .query(&[("q", statement)])
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
}

async fn drop_database(database: &str) {
    influx_admin(&format!("DROP DATABASE \"{database}\"")).await;
}

async fn embedded() -> (Embedded, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Embedded::open(&dir.path().join("metrics.db"))
        .await
        .unwrap();
    (store, dir)
}

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn point(metric: &str, tags: &[(&str, &str)], at: Millis, value: f64) -> Point {
    tags.iter()
        .fold(Point::new(metric, at), |p, (k, v)| p.tag(k, v))
        .field("value", Field::Float(value))
}

/// A whole second some minutes ago: VictoriaMetrics refuses points outside its retention,
/// and InfluxDB keeps anything.
fn base_time() -> Millis {
    (now_ms() / 1_000 - 600) * 1_000
}

/// Two series of `metric`, ten samples each a second apart from `t0`, with a point one
/// millisecond to either side of the second and sixth second (to test range edges).
fn two_series(metric: &str, t0: Millis) -> Vec<Point> {
    let mut points = Vec::new();
    for i in 0..10 {
        let at = t0 + i * 1_000;
        let a = (i as f64) * 1.25 - 3.0;
        let b = 100.0 - (i * i) as f64 * 0.5;
        points.push(point(metric, &[("tenant", "a"), ("route", "/send")], at, a));
        points.push(point(metric, &[("tenant", "b"), ("route", "/send")], at, b));
    }
    for at in [t0 + 1_999, t0 + 6_001] {
        points.push(point(
            metric,
            &[("tenant", "a"), ("route", "/send")],
            at,
            7.5,
        ));
    }
    points
}

/// What a store must give back for `points`: the samples of each label set in the range
/// matching `matchers`, computed here rather than read from any store.
fn expected_series(points: &[Point], query: &SeriesQuery) -> Vec<Series> {
    let mut by_labels: BTreeMap<BTreeMap<String, String>, Vec<Sample>> = BTreeMap::new();
    for p in points {
        let tags: BTreeMap<String, String> = p.tags.clone();
        let selected = p.measurement == query.metric
            && p.at >= query.start
            && p.at <= query.end
            && query.matchers.iter().all(|(k, v)| tags.get(k) == Some(v));
        if let (true, Some(Field::Float(value))) = (selected, p.fields.get("value")) {
            by_labels.entry(tags).or_default().push(Sample {
                at: p.at,
                value: *value,
            });
        }
    }
    by_labels
        .into_iter()
        .map(|(labels, mut samples)| {
            samples.sort_by_key(|s| s.at);
            Series { labels, samples }
        })
        .collect()
}

type Plain = Vec<(BTreeMap<String, String>, Vec<Sample>)>;

/// Series as something comparable (`Series` has no `PartialEq`).
fn plain(series: &[Series]) -> Plain {
    series
        .iter()
        .map(|s| (s.labels.clone(), s.samples.clone()))
        .collect()
}

fn query(metric: &str, matchers: &[(&str, &str)], start: Millis, end: Millis) -> SeriesQuery {
    SeriesQuery {
        metric: metric.to_owned(),
        matchers: labels(matchers),
        start,
        end,
    }
}

/// Reads by matcher and by range, both edges included.
async fn reads_series_by_matcher_and_inclusive_range(store: &dyn MetricStore) {
    let (metric, t0) = (unique("api_latency"), base_time());
    let points = two_series(&metric, t0);
    store.write(&points).await.unwrap();

    let only_a = query(&metric, &[("tenant", "a")], t0 + 2_000, t0 + 6_000);
    let series = store.series(&only_a).await.unwrap();
    assert_eq!(plain(&series), plain(&expected_series(&points, &only_a)));
    let times: Vec<Millis> = series[0].samples.iter().map(|s| s.at - t0).collect();
    assert_eq!(times, [2_000, 3_000, 4_000, 5_000, 6_000], "edges included");
    assert_eq!(
        series[0].labels,
        labels(&[("route", "/send"), ("tenant", "a")]),
        "labels are the tags only"
    );

    let both = query(&metric, &[("route", "/send")], t0, t0 + 60_000);
    assert_eq!(store.series(&both).await.unwrap().len(), 2);
    let none = query(&metric, &[("tenant", "c")], t0, t0 + 60_000);
    assert!(store.series(&none).await.unwrap().is_empty());
    let nothing_yet = query(&unique("never_written"), &[], t0, t0 + 60_000);
    assert!(store.series(&nothing_yet).await.unwrap().is_empty());
}

fn assert_values_equal(actual: &[SeriesValue], expected: &[SeriesValue], aggregate: Aggregate) {
    let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        (a, b) => a == b,
    };
    let mut actual = actual.to_vec();
    actual.sort_by(|a, b| a.labels.cmp(&b.labels));
    assert_eq!(actual.len(), expected.len(), "{aggregate:?}: {actual:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert_eq!(a.labels, e.labels, "{aggregate:?}");
        assert!(close(a.value, e.value), "{aggregate:?}: {a:?} vs {e:?}");
    }
}

/// Every aggregate the store computes equals `Aggregate::over` on the same samples.
async fn aggregates_equal_aggregate_over(store: &dyn MetricStore) {
    let (metric, t0) = (unique("queue_backlog"), base_time());
    let points = two_series(&metric, t0);
    store.write(&points).await.unwrap();

    for matchers in [&[][..], &[("tenant", "b")][..]] {
        let q = query(&metric, matchers, t0 + 1_999, t0 + 7_000);
        for aggregate in [
            Aggregate::Avg,
            Aggregate::Min,
            Aggregate::Max,
            Aggregate::Sum,
            Aggregate::Count,
            Aggregate::Last,
        ] {
            let expected: Vec<SeriesValue> = expected_series(&points, &q)
                .into_iter()
                .map(|s| SeriesValue {
                    value: aggregate.over(&s.samples, q.end - q.start + 1, q.end),
                    labels: s.labels,
                })
                .collect();
            assert!(!expected.is_empty());
            let actual = store.aggregate(&q, aggregate).await.unwrap();
            assert_values_equal(&actual, &expected, aggregate);
        }
    }
    let empty = query(&metric, &[], t0 - 60_000, t0 - 1);
    assert!(store
        .aggregate(&empty, Aggregate::Count)
        .await
        .unwrap()
        .is_empty());
}

/// Names and values that need escaping in line protocol, InfluxQL, JSON or MetricsQL come
/// back as written, and match as written.
async fn awkward_names_round_trip(store: &dyn MetricStore) {
    let metric = format!("{} \"odd\", m=1", unique("api"));
    let tags = [
        ("sp ace", "x, y=z"),
        ("k=v,q\"uote", "it's \"quoted\""),
        ("tenant", r"back\slash é"),
    ];
    let t0 = base_time();
    let written = [
        point(&metric, &tags, t0, 1.5),
        point(&metric, &tags, t0 + 1, 2.5),
    ];
    store.write(&written).await.unwrap();
    let q = query(&metric, &tags, t0, t0 + 1);
    let series = store.series(&q).await.unwrap();
    assert_eq!(plain(&series), plain(&expected_series(&written, &q)));
    assert_eq!(series[0].labels, labels(&tags));
    let other = query(&metric, &[("sp ace", "x, y=z'")], t0, t0 + 1);
    assert!(store.series(&other).await.unwrap().is_empty());
}

#[tokio::test]
async fn influx_v1_reads_what_it_wrote() {
    let (store, database) = influx_v1();
    store.ping().await.unwrap();
    reads_series_by_matcher_and_inclusive_range(&store).await;
    drop_database(&database).await;
}

#[tokio::test]
async fn influx_v1_pushes_every_aggregate_down() {
    let (store, database) = influx_v1();
    aggregates_equal_aggregate_over(&store).await;
    drop_database(&database).await;
}

#[tokio::test]
async fn influx_v1_round_trips_names_that_need_escaping() {
    let (store, database) = influx_v1();
    awkward_names_round_trip(&store).await;
    drop_database(&database).await;
}

#[tokio::test]
async fn influx_v1_refusing_a_batch_is_not_worth_a_retry() {
    let (store, database) = influx_v1();
    let metric = unique("conflict");
    store
        .write(&[point(&metric, &[], base_time(), 1.0)])
        .await
        .unwrap();
    let text = Point::new(&metric, base_time() + 1).field("value", Field::Text("x".into()));
    let refused = store.write(&[text]).await;
    assert!(
        matches!(refused, Err(StoreError::Protocol(_))),
        "{refused:?}"
    );
    drop_database(&database).await;
}

#[tokio::test]
async fn influx_v1_from_configuration_uses_its_retention_policy() {
    let database = unique("fleet_monitor_test");
    influx_admin(&format!("CREATE DATABASE \"{database}\"")).await;
    influx_admin(&format!(
        "CREATE RETENTION POLICY \"week\" ON \"{database}\" DURATION 7d REPLICATION 1"
    ))
    .await;
    let config = |retention_policy: Option<&str>| StoreConfig::InfluxV1 {
        url: influx_url(),
        database: database.clone(),
        username: None,
        password: None,
        retention_policy: retention_policy.map(str::to_owned),
    };
    let week = open(&config(Some("week"))).await.unwrap();
    let default = open(&config(None)).await.unwrap();
    let (metric, t0) = (unique("rp"), base_time());
    week.write(&two_series(&metric, t0)).await.unwrap();
    let all = query(&metric, &[], t0, t0 + 60_000);
    assert_eq!(week.series(&all).await.unwrap().len(), 2);
    assert!(
        default.series(&all).await.unwrap().is_empty(),
        "the default policy holds none of it"
    );
    drop_database(&database).await;
}

#[tokio::test]
async fn embedded_reads_what_it_wrote_and_keeps_it() {
    let (store, dir) = embedded().await;
    store.ping().await.unwrap();
    reads_series_by_matcher_and_inclusive_range(&store).await;
    let (metric, t0) = (unique("kept"), base_time());
    store.write(&two_series(&metric, t0)).await.unwrap();
    drop(store);
    let reopened = Embedded::open(&dir.path().join("metrics.db"))
        .await
        .unwrap();
    let all = query(&metric, &[], t0, t0 + 60_000);
    assert_eq!(reopened.series(&all).await.unwrap().len(), 2);
}

#[tokio::test]
async fn embedded_pushes_every_aggregate_down() {
    let (store, _dir) = embedded().await;
    aggregates_equal_aggregate_over(&store).await;
}

#[tokio::test]
async fn embedded_round_trips_names_that_need_escaping() {
    let (store, _dir) = embedded().await;
    awkward_names_round_trip(&store).await;
}

#[tokio::test]
async fn embedded_writes_big_batches_in_one_transaction() {
    let (store, _dir) = embedded().await;
    let (metric, t0) = (unique("big"), base_time());
    let points: Vec<Point> = (0..5_000)
        .map(|i| point(&metric, &[("tenant", &format!("t{}", i % 7))], t0 + i, 1.0))
        .collect();
    store.write(&points).await.unwrap();
    let count = store
        .aggregate(&query(&metric, &[], t0, t0 + 5_000), Aggregate::Count)
        .await
        .unwrap();
    let total: f64 = count.iter().filter_map(|v| v.value).sum();
    assert_eq!((count.len(), total), (7, 5_000.0));
}

#[tokio::test]
async fn embedded_retention_purges_only_old_points() {
    let (store, _dir) = embedded().await;
    let (metric, t0) = (unique("retained"), base_time());
    store.write(&two_series(&metric, t0)).await.unwrap();
    // Before t0 + 5 s: seconds 0-4 of both series and the extra point at 1.999 s.
    assert_eq!(store.purge_before(t0 + 5_000).await.unwrap(), 11);
    let left = store
        .series(&query(&metric, &[], t0 - 60_000, t0 + 60_000))
        .await
        .unwrap();
    for series in &left {
        assert!(series.samples.iter().all(|s| s.at >= t0 + 5_000));
    }
    let counted: usize = left.iter().map(|s| s.samples.len()).sum();
    assert_eq!(counted, 11, "seconds 5-9 of both series and 6.001 s");
    assert_eq!(store.purge_before(t0 + 5_000).await.unwrap(), 0);
}

#[tokio::test]
async fn memory_behaves_like_the_other_stores() {
    let store = Memory::new();
    reads_series_by_matcher_and_inclusive_range(&store).await;
    aggregates_equal_aggregate_over(&store).await;
    awkward_names_round_trip(&store).await;
}

#[tokio::test]
async fn unreachable_stores_are_unavailable() {
    let q = query("m", &[], 0, 1);
    let points = [point("m", &[], 1, 1.0)];
    let stores: Vec<Box<dyn MetricStore>> = vec![
        Box::new(InfluxV1::new(NOWHERE, "fleet", None, None).unwrap()),
        Box::new(InfluxV2::new(NOWHERE, "org", "bucket", "token").unwrap()),
        Box::new(VictoriaMetrics::new(NOWHERE).unwrap()),
    ];
    for store in &stores {
        let name = store.name();
        let write = store.write(&points).await;
        assert!(
            matches!(write, Err(StoreError::Unavailable(_))),
            "{name}: {write:?}"
        );
        let read = store.series(&q).await;
        assert!(
            matches!(read, Err(StoreError::Unavailable(_))),
            "{name}: {read:?}"
        );
        let aggregate = store.aggregate(&q, Aggregate::Max).await;
        assert!(
            matches!(aggregate, Err(StoreError::Unavailable(_))),
            "{name}"
        );
        assert!(
            matches!(store.ping().await, Err(StoreError::Unavailable(_))),
            "{name}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no such dir").join("metrics.db");
    assert!(matches!(
        Embedded::open(&missing).await,
        Err(StoreError::Unavailable(_))
    ));
}

/// VictoriaMetrics makes new points searchable after a moment: ask it to flush, then poll.
async fn eventually_read(store: &VictoriaMetrics, q: &SeriesQuery, expected: &[Series]) {
    let deadline = Instant::now() + Duration::from_secs(15);
    let flush = format!("{}/internal/force_flush", vm_url());
    loop {
        let _ = reqwest::get(&flush).await;
        let series = plain(&store.series(q).await.unwrap());
        if series == plain(expected) || Instant::now() > deadline {
            assert_eq!(series, plain(expected));
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn victoria_metrics_reads_back_what_it_wrote() {
    let store = VictoriaMetrics::new(&vm_url()).unwrap();
    store.ping().await.unwrap();
    let (metric, t0) = (unique("login_success"), base_time());
    let points = two_series(&metric, t0);
    store.write(&points).await.unwrap();

    let only_a = query(&metric, &[("tenant", "a")], t0 + 2_000, t0 + 6_000);
    eventually_read(&store, &only_a, &expected_series(&points, &only_a)).await;
    let both = query(&metric, &[], t0, t0 + 60_000);
    eventually_read(&store, &both, &expected_series(&points, &both)).await;
    // No push-down here: the trait's aggregate over the exported samples.
    let max = store.aggregate(&both, Aggregate::Max).await.unwrap();
    let max: Vec<Option<f64>> = max.iter().map(|v| v.value).collect();
    assert_eq!(max, [Some(8.25), Some(100.0)]);

    let tags = [("sp ace", "x, y=z"), ("k=v,q\"uote", "it's \"quoted\"")];
    let odd = format!("{} \"odd\"", unique("api"));
    let written = [point(&odd, &tags, t0, 1.5)];
    store.write(&written).await.unwrap();
    let q = query(&odd, &tags, t0, t0);
    eventually_read(&store, &q, &expected_series(&written, &q)).await;
}

/// What the v2 write request carries: the org, bucket and millisecond precision, the token as
/// `Authorization: Token …`, a base path kept, and the batch as line protocol.
#[tokio::test]
async fn influx_v2_writes_send_the_token_org_bucket_and_precision() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/influx", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&request).contains("value=") {
            let n = socket.read(&mut buf).await.unwrap();
            request.extend_from_slice(&buf[..n]);
        }
        socket
            .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
            .await
            .unwrap();
        String::from_utf8_lossy(&request).into_owned()
    });
    let store = InfluxV2::new(&url, "fleet org", "fleet-bucket", "a-token").unwrap();
    let t0 = base_time();
    store
        .write(&[point("m", &[("k", "v")], t0, 2.5)])
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert!(
        request.starts_with(
            "POST /influx/api/v2/write?org=fleet+org&bucket=fleet-bucket&precision=ms HTTP/1.1"
        ),
        "{request}"
    );
    assert!(
        request
            .to_ascii_lowercase()
            .contains("authorization: token a-token"),
        "{request}"
    );
    assert!(
        request.contains(&format!("m,k=v value=2.5 {t0}")),
        "{request}"
    );
}

#[tokio::test]
async fn influx_v2_writes_arrive_where_the_v2_write_api_is_served() {
    // No InfluxDB 2 here: VictoriaMetrics takes the same /api/v2/write requests, and its
    // export shows what arrived.
    let writer = InfluxV2::new(&vm_url(), "fleet-org", "fleet-bucket", "a-token").unwrap();
    let (metric, t0) = (unique("message_success"), base_time());
    let points = two_series(&metric, t0);
    writer.write(&points).await.unwrap();
    let reader = VictoriaMetrics::new(&vm_url()).unwrap();
    let q = query(&metric, &[], t0, t0 + 60_000);
    eventually_read(&reader, &q, &expected_series(&points, &q)).await;
}
