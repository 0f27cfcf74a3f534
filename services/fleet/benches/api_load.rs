//! Load benchmark of the real `wecom-fleet serve` process, on SQLite and on PostgreSQL.
//!
//! For each backend it measures: start-up time (spawn → `/healthz` answers), resident memory
//! when idle and after load, and authenticated `GET /api/v1/tenant` requests per second with
//! p50/p99 latency at a fixed concurrency, from a client in this process over loopback.
//!
//! `cargo bench -p wecom-fleet --bench api_load` (env: BENCH_SECONDS, BENCH_CONCURRENCY,
//! BENCH_BACKENDS=sqlite,postgres, FLEET_TEST_PG_URL).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use common::{base_env, bench_tenant, env_or, free_port, on_each_backend, quantile_ms, start};

struct Report {
    backend: &'static str,
    startup_ms: f64,
    idle_rss_mib: f64,
    loaded_rss_mib: f64,
    requests: usize,
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: usize,
}

fn rss_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

async fn bench(backend: &'static str, db_url: String, data_dir: std::path::PathBuf) -> Report {
    let seconds = env_or("BENCH_SECONDS", 10);
    let concurrency = env_or("BENCH_CONCURRENCY", 32) as usize;
    let port = free_port();
    let env = base_env(&db_url, &data_dir, port);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let (mut child, startup) = start(&env, "api", &client, &base).await;
    let startup_ms = startup.as_secs_f64() * 1000.0;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle_rss_mib = rss_mib(child.id());
    let token = Arc::new(bench_tenant(&client, &base).await.1);

    // Warm-up, then the measured run.
    for phase in [Duration::from_secs(2), Duration::from_secs(seconds)] {
        let until = Instant::now() + phase;
        let mut tasks = Vec::new();
        for _ in 0..concurrency {
            let (client, token, url) = (
                client.clone(),
                token.clone(),
                format!("{base}/api/v1/tenant"),
            );
            tasks.push(tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0usize);
                while Instant::now() < until {
                    let started = Instant::now();
                    match client.get(&url).bearer_auth(token.as_str()).send().await {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            latencies.push(started.elapsed());
                        }
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            }));
        }
        let mut all = Vec::new();
        let mut errors = 0;
        for t in tasks {
            let (l, e) = t.await.unwrap();
            all.extend(l);
            errors += e;
        }
        if phase.as_secs() == seconds {
            all.sort();
            let pct = |p: f64| quantile_ms(&all, p);
            let report = Report {
                backend,
                startup_ms,
                idle_rss_mib,
                loaded_rss_mib: rss_mib(child.id()),
                requests: all.len(),
                rps: all.len() as f64 / seconds as f64,
                p50_ms: pct(0.50),
                p99_ms: pct(0.99),
                errors,
            };
            let _ = child.kill();
            let _ = child.wait();
            return report;
        }
    }
    unreachable!()
}

#[tokio::main]
async fn main() {
    let concurrency = env_or("BENCH_CONCURRENCY", 32);
    let reports = on_each_backend("sqlite,postgres", bench).await;
    println!("\nauthenticated GET /api/v1/tenant, concurrency {concurrency}, client in the same machine over loopback\n");
    println!("| backend | start-up | idle RSS | RSS after load | requests | req/s | p50 | p99 | errors |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for r in reports {
        println!(
            "| {} | {:.0} ms | {:.1} MiB | {:.1} MiB | {} | {:.0} | {:.2} ms | {:.2} ms | {} |",
            r.backend,
            r.startup_ms,
            r.idle_rss_mib,
            r.loaded_rss_mib,
            r.requests,
            r.rps,
            r.p50_ms,
            r.p99_ms,
            r.errors
        );
    }
}
