//! Prometheus metrics: HTTP requests and latency by route pattern and status, and the
//! process's resident memory, served as text at `/metrics`. Services record through the
//! `metrics` facade, so they need not depend on this crate.

use std::{
    cell::RefCell,
    sync::{Arc, OnceLock},
    time::Instant,
};

use fleet_core::metric_sink::MetricSink;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use poem::{handler, Endpoint, IntoResponse, PathPattern, Request, Response};

const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The process-wide recorder; installed on first use (one per process, however many apps a
/// test starts).
pub fn prometheus() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                metrics_exporter_prometheus::Matcher::Full("http_request_duration_seconds".into()),
                LATENCY_BUCKETS,
            )
            .unwrap_or_else(|_| PrometheusBuilder::new());
        match builder.install_recorder() {
            Ok(handle) => handle,
            // Another recorder is installed (an embedding program's): render an empty one.
            Err(_) => PrometheusBuilder::new().build_recorder().handle(),
        }
    })
}

tokio::task_local! {
    /// The tenant of the request being served, once authentication knows it.
    static REQUEST_TENANT: RefCell<Option<String>>;
}

/// Tells the request's metrics which tenant made it (called by authentication).
pub(crate) fn note_tenant(tenant: Option<String>) {
    let _ = REQUEST_TENANT.try_with(|t| *t.borrow_mut() = tenant);
}

/// Records each request for Prometheus (`/metrics`) and, with a sink, for the monitor's
/// rules: `api_response_ms` {tenant, route, method, status} and `api_error` {tenant, route,
/// method} (1 for a 5xx). Requests no tenant made (sign-in, health) carry no `tenant`, so
/// tenant rules never see them.
pub async fn record_http_metrics<E: Endpoint>(
    ep: E,
    req: Request,
    sink: Option<Arc<dyn MetricSink>>,
) -> poem::Result<Response> {
    let started = Instant::now();
    let method = req.method().to_string();
    let (response, tenant) = REQUEST_TENANT
        .scope(RefCell::new(None), async {
            let response = ep.call(req).await.map(IntoResponse::into_response);
            (response, REQUEST_TENANT.with(|t| t.borrow().clone()))
        })
        .await;
    let response = response?;
    let route = match response.data::<PathPattern>() {
        Some(pattern) if !pattern.0.is_empty() => pattern.0.to_string(),
        _ => "unmatched".to_owned(),
    };
    let labels = [
        ("method", method),
        ("route", route),
        ("status", response.status().as_u16().to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    let elapsed = started.elapsed().as_secs_f64();
    metrics::histogram!("http_request_duration_seconds", &labels).record(elapsed);
    if let Some(sink) = &sink {
        let [(_, method), (_, route), (_, status)] = &labels;
        let mut tags = vec![("route", route.as_str()), ("method", method.as_str())];
        if let Some(tenant) = &tenant {
            tags.push(("tenant", tenant));
        }
        let error = if response.status().is_server_error() {
            1.0
        } else {
            0.0
        };
        sink.record("api_error", &tags, error);
        tags.push(("status", status));
        sink.record("api_response_ms", &tags, elapsed * 1000.0);
    }
    Ok(response)
}

#[handler]
pub fn metrics_endpoint() -> impl IntoResponse {
    if let Some(rss) = resident_memory_bytes() {
        metrics::gauge!("process_resident_memory_bytes").set(rss as f64);
    }
    prometheus()
        .render()
        .with_content_type("text/plain; version=0.0.4; charset=utf-8")
}

/// Resident set size from `/proc/self/statm` (Linux); `None` elsewhere.
pub fn resident_memory_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}
