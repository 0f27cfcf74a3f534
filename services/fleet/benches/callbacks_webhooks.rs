//! `cargo bench -p wecom-fleet --bench callbacks_webhooks`: the real `serve --roles
//! api,worker` process, on PostgreSQL and on SQLite.
//! - Provider callbacks: signed `inbound_message` events posted at `BENCH_CONCURRENCY`
//!   (default 32) for `BENCH_SECONDS` (default 10); each is verified (Standard Webhooks),
//!   stored with its dedup key, dispatched to its handler and acknowledged. Reports callbacks
//!   per second and p50/p99 latency of the acknowledgement.
//! - Webhooks: with an endpoint subscribed to `message.received` on a local receiver,
//!   `BENCH_WEBHOOKS` (default 3000) callbacks are posted and the receiver counts the signed
//!   webhooks they cause. Reports webhook deliveries per second, from the first callback to
//!   the last webhook received.
//!
//! Env: BENCH_BACKENDS=postgres,sqlite, FLEET_TEST_PG_URL. Figures go to BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use common::{
    base_env, bench_tenant, env_or, free_port, on_each_backend, post, quantile_ms, start,
};
use fleet_core::{clock::now_ms, ids::TenantId, webhook_signature::WebhookSecret};
use fleet_store::{accounts, Db, DbSettings, Scope};
use poem::{
    endpoint::make,
    listener::{Acceptor, Listener, TcpListener},
    Request, Response,
};
use serde_json::json;

const INSTANCE: &str = "bench-instance";

/// An `http_instance` account, written straight to the database (no provider runs here:
/// the callback route only reads the account).
async fn hosted_account(url: &str, tenant: &str) -> String {
    let db = Db::connect(&DbSettings::new(url, 2)).await.unwrap();
    let id = uuid::Uuid::new_v4().to_string();
    let now = now_ms();
    let tenant_id: TenantId = tenant.parse().unwrap();
    let mut tx = db.begin(Scope::Tenant(tenant_id)).await.unwrap();
    accounts::insert(
        &mut tx,
        &accounts::AccountRecord {
            id: id.clone(),
            tenant_id: tenant.to_owned(),
            account_name: "bench".into(),
            phone_enc: None,
            connector: "http_instance".into(),
            connector_settings_enc: None,
            config: "{}".into(),
            instance_id: Some(INSTANCE.into()),
            status: "online".into(),
            login_stage: None,
            login_origin: None,
            version: 0,
            login_token: None,
            qr_payload: None,
            qr_expires_at: None,
            last_heartbeat_at: Some(now),
            online_since: Some(now),
            recovery_attempts: 0,
            next_recovery_at: None,
            created_at: now,
            updated_at: now,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    id
}

/// Posts signed callbacks from `concurrency` callers until `until` or until `limit` were
/// sent; returns the acknowledgement latencies and the errors.
async fn post_callbacks(
    client: &reqwest::Client,
    url: Arc<String>,
    secret: Arc<WebhookSecret>,
    concurrency: usize,
    until: Instant,
    limit: usize,
) -> (Vec<Duration>, usize) {
    let sent = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, url, secret, sent) = (client.clone(), url.clone(), secret.clone(), sent.clone());
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0usize);
                while Instant::now() < until && sent.fetch_add(1, Ordering::SeqCst) < limit {
                    let id = format!("evt_{}", uuid::Uuid::now_v7().simple());
                    let body = json!({ "type": "inbound_message", "instance_id": INSTANCE, "occurred_at": now_ms(),
                        "data": { "conversation_id": "c1", "sender": "wm-ext", "content": { "text": "hello" } } })
                    .to_string();
                    let ts = now_ms() / 1000;
                    let started = Instant::now();
                    let answer = client
                        .post(url.as_str())
                        .header("content-type", "application/json")
                        .header("webhook-id", &id)
                        .header("webhook-timestamp", ts.to_string())
                        .header("webhook-signature", secret.sign(&id, ts, body.as_bytes()))
                        .body(body)
                        .send()
                        .await;
                    match answer {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            latencies.push(started.elapsed());
                        }
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut all, mut errors) = (Vec::new(), 0);
    for task in tasks {
        let (l, e) = task.await.unwrap();
        all.extend(l);
        errors += e;
    }
    all.sort();
    (all, errors)
}

/// A receiver that answers 204 and counts.
async fn receiver() -> (String, Arc<AtomicUsize>) {
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let port = acceptor.local_addr()[0].as_socket_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    let endpoint = make(move |_req: Request| {
        let counted = counted.clone();
        async move {
            counted.fetch_add(1, Ordering::SeqCst);
            Response::builder()
                .status(poem::http::StatusCode::NO_CONTENT)
                .finish()
        }
    });
    tokio::spawn(async move {
        poem::Server::new_with_acceptor(acceptor)
            .run(endpoint)
            .await
    });
    (format!("http://127.0.0.1:{port}/hooks"), count)
}

struct Report {
    backend: &'static str,
    callbacks: usize,
    callbacks_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: usize,
    webhooks: usize,
    webhooks_per_sec: f64,
}

async fn bench(backend: &'static str, db_url: String, data_dir: std::path::PathBuf) -> Report {
    let seconds = env_or("BENCH_SECONDS", 10);
    let concurrency = env_or("BENCH_CONCURRENCY", 32) as usize;
    let webhooks = env_or("BENCH_WEBHOOKS", 3000) as usize;
    let port = free_port();
    let secret_text = WebhookSecret::generate();
    let mut env = base_env(&db_url, &data_dir, port);
    env.extend([
        (
            "FLEET_CONNECTORS_HTTP_INSTANCE_URL",
            "http://127.0.0.1:9".to_owned(),
        ),
        ("FLEET_CONNECTORS_HTTP_INSTANCE_TOKEN", "bench".to_owned()),
        (
            "FLEET_CONNECTORS_HTTP_INSTANCE_CALLBACK_SECRET",
            secret_text.clone(),
        ),
        ("FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true".to_owned()),
        ("FLEET_WEBHOOKS_POLL_INTERVAL_MS", "50".to_owned()),
    ]);
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let (mut child, _) = start(&env, "api,worker", &client, &base).await;
    let (tenant, token) = bench_tenant(&client, &base).await;
    let account = hosted_account(&db_url, &tenant).await;
    let url = Arc::new(format!("{base}/callbacks/provider/{account}"));
    let secret = Arc::new(WebhookSecret::parse(&secret_text).unwrap());

    // Warm-up, then the measured callbacks.
    post_callbacks(
        &client,
        url.clone(),
        secret.clone(),
        concurrency,
        Instant::now() + Duration::from_secs(2),
        usize::MAX,
    )
    .await;
    let (latencies, errors) = post_callbacks(
        &client,
        url.clone(),
        secret.clone(),
        concurrency,
        Instant::now() + Duration::from_secs(seconds),
        usize::MAX,
    )
    .await;

    let (hook_url, received) = receiver().await;
    post(
        &client,
        format!("{base}/api/v1/webhooks/endpoints"),
        Some(&token),
        json!({ "url": hook_url, "event_types": ["message.received"] }),
    )
    .await;
    let started = Instant::now();
    post_callbacks(
        &client,
        url,
        secret,
        concurrency,
        Instant::now() + Duration::from_secs(600),
        webhooks,
    )
    .await;
    let deadline = Instant::now() + Duration::from_secs(600);
    while received.load(Ordering::SeqCst) < webhooks {
        assert!(
            Instant::now() < deadline,
            "only {} webhooks arrived",
            received.load(Ordering::SeqCst)
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let webhook_secs = started.elapsed().as_secs_f64();
    let _ = child.kill();
    let _ = child.wait();
    Report {
        backend,
        callbacks: latencies.len(),
        callbacks_per_sec: latencies.len() as f64 / seconds as f64,
        p50_ms: quantile_ms(&latencies, 0.50),
        p99_ms: quantile_ms(&latencies, 0.99),
        errors,
        webhooks: received.load(Ordering::SeqCst),
        webhooks_per_sec: webhooks as f64 / webhook_secs,
    }
}

#[tokio::main]
async fn main() {
    let reports = on_each_backend("postgres,sqlite", bench).await;
    println!(
        "\nprovider callbacks (verify, store, dispatch, acknowledge) and the webhooks they cause\n"
    );
    println!("| backend | callbacks | callbacks/s | p50 | p99 | errors | webhooks | webhooks/s (callback → receiver) |");
    println!("|---|---|---|---|---|---|---|---|");
    for r in reports {
        println!(
            "| {} | {} | {:.0} | {:.2} ms | {:.2} ms | {} | {} | {:.0} |",
            r.backend,
            r.callbacks,
            r.callbacks_per_sec,
            r.p50_ms,
            r.p99_ms,
            r.errors,
            r.webhooks,
            r.webhooks_per_sec
        );
    }
}
