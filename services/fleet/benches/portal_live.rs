//! The portal and the event stream under load, on the real `serve` process and PostgreSQL.
//!
//! - Page render latency (p50/p99) of the portal with 10,000 accounts in the tenant: the
//!   accounts list at random pages, a name search, the dashboard and an account's page —
//!   beside PostgreSQL answering the list page's own two queries directly (count and page),
//!   at the same concurrency in the same run: the floor any page built on them stands on.
//! - 1,000 concurrent `GET /api/v1/events` subscribers: the server's memory per subscriber,
//!   and the delay from a status change (its event's timestamp) to its arrival at each of them.
//!
//! `cargo bench -p wecom-fleet --bench portal_live` (env: BENCH_SECONDS, BENCH_CONCURRENCY,
//! BENCH_ACCOUNTS, BENCH_SUBSCRIBERS, BENCH_CHANGES, FLEET_TEST_PG_URL).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::{
    sync::Arc,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use common::{
    base_env, bench_tenant, env_or, free_port, on_each_backend, post, quantile_ms, start,
};
use serde_json::json;

fn rss_kib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

/// The path of the `i`th request of a measured page.
type PathOf = Box<dyn Fn(usize) -> String + Send + Sync>;

/// The value of `name` among a response's `Set-Cookie` headers.
fn cookie(resp: &reqwest::Response, name: &str) -> String {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_owned()
}

/// Signs the tenant admin in to the portal; returns the `Cookie` header of the session.
async fn portal_session(client: &reqwest::Client, base: &str) -> String {
    let page = client
        .get(format!("{base}/portal/login"))
        .send()
        .await
        .unwrap();
    let csrf = cookie(&page, "fleet_csrf");
    let signed_in = client
        .post(format!("{base}/portal/login"))
        .header("cookie", format!("fleet_csrf={csrf}"))
        .form(&[
            ("email", "admin@bench.test"),
            ("password", common::PASSWORD),
            ("_csrf", &csrf),
            ("next", "/portal/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303, "portal sign-in");
    let session = cookie(&signed_in, "fleet_session");
    format!("fleet_session={session}; fleet_csrf={csrf}")
}

/// `concurrency` callers doing `call` for `seconds`; returns sorted latencies.
async fn measure<F, Fut>(seconds: u64, concurrency: usize, call: F) -> Vec<Duration>
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let call = Arc::new(call);
    let until = Instant::now() + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..concurrency)
        .map(|worker| {
            let call = call.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut i = worker;
                while Instant::now() < until {
                    let started = Instant::now();
                    call(i).await;
                    latencies.push(started.elapsed());
                    i += concurrency;
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort();
    all
}

fn row(what: &str, latencies: &[Duration], seconds: u64) {
    println!(
        "| {what} | {} | {:.0}/s | {:.1} ms | {:.1} ms |",
        latencies.len(),
        latencies.len() as f64 / seconds as f64,
        quantile_ms(latencies, 0.50),
        quantile_ms(latencies, 0.99)
    );
}

async fn bench(_backend: &'static str, db_url: String, data_dir: std::path::PathBuf) {
    let seconds = env_or("BENCH_SECONDS", 10);
    let concurrency = env_or("BENCH_CONCURRENCY", 8) as usize;
    let accounts = env_or("BENCH_ACCOUNTS", 10_000) as i64;
    let subscribers = env_or("BENCH_SUBSCRIBERS", 1_000) as usize;
    let changes = env_or("BENCH_CHANGES", 20) as usize;
    let port = free_port();
    let mut env = base_env(&db_url, &data_dir, port);
    env.push(("FLEET_SIMULATOR_ENABLED", "true".into()));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let (mut child, _) = start(&env, "api", &client, &base).await;
    let (tenant, token) = bench_tenant(&client, &base).await;

    // The tenant's accounts, written straight into the table (the API would take minutes).
    let pool = sqlx::PgPool::connect(&db_url).await.unwrap();
    sqlx::query(
        "INSERT INTO accounts (id, tenant_id, account_name, connector, config, status, version, \
         recovery_attempts, created_at, updated_at) \
         SELECT gen_random_uuid()::text, $1, 'Account ' || i, 'simulator', '{}', \
         (ARRAY['created','online','online','online','offline'])[1 + i % 5], 0, 0, i, i \
         FROM generate_series(1, $2) AS i",
    )
    .bind(&tenant)
    .bind(accounts)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("ANALYZE accounts")
        .execute(&pool)
        .await
        .unwrap();
    let some_account: String =
        sqlx::query_scalar("SELECT id FROM accounts WHERE tenant_id = $1 LIMIT 1 OFFSET 5000")
            .bind(&tenant)
            .fetch_one(&pool)
            .await
            .unwrap();
    let session = Arc::new(portal_session(&client, &base).await);
    let pages = (accounts + 24) / 25;

    println!("\nPortal pages with {accounts} accounts in the tenant, {concurrency} concurrent callers, {seconds} s each (PostgreSQL, loopback)\n");
    println!("| what | requests | rate | p50 | p99 |");
    println!("|---|---|---|---|---|");
    let page_paths: [(&str, PathOf); 4] = [
        (
            "accounts list, a random page of 25",
            Box::new(move |i| format!("/portal/accounts?page={}", 1 + (i * 7919) as i64 % pages)),
        ),
        (
            "accounts list, name search",
            Box::new(|i| format!("/portal/accounts?name=Account%20{}", i % 1000)),
        ),
        ("dashboard", Box::new(|_| "/portal/".to_owned())),
        (
            "an account's page",
            Box::new(move |_| format!("/portal/accounts/{some_account}")),
        ),
    ];
    for (what, path) in page_paths {
        let path = Arc::new(path);
        let latencies = measure(seconds, concurrency, {
            let (client, base, session) = (client.clone(), base.clone(), session.clone());
            move |i| {
                let (client, url, session) = (
                    client.clone(),
                    format!("{base}{}", path(i)),
                    session.clone(),
                );
                async move {
                    let resp = client
                        .get(url)
                        .header("cookie", session.as_str())
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(resp.status(), 200);
                    let _ = resp.bytes().await;
                }
            }
        })
        .await;
        row(what, &latencies, seconds);
    }
    // The anchor: the list page's two queries, straight to PostgreSQL.
    let anchor = measure(seconds, concurrency, {
        let (pool, tenant) = (pool.clone(), tenant.clone());
        move |i| {
            let (pool, tenant) = (pool.clone(), tenant.clone());
            async move {
                let offset = ((i * 7919) as i64 % pages) * 25;
                let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE tenant_id = $1 AND status <> 'deleted'")
                    .bind(&tenant).fetch_one(&pool).await.unwrap();
                let _ = sqlx::query("SELECT * FROM accounts WHERE tenant_id = $1 AND status <> 'deleted' ORDER BY created_at, id LIMIT 25 OFFSET $2")
                    .bind(&tenant).bind(offset).fetch_all(&pool).await.unwrap();
            }
        }
    })
    .await;
    row(
        "anchor: PostgreSQL answering the list's count and page queries directly (sqlx)",
        &anchor,
        seconds,
    );

    // 1,000 subscribers to the event stream.
    let before = rss_kib(child.id());
    let arrivals = Arc::new(std::sync::Mutex::new(Vec::<f64>::new()));
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<()>(subscribers);
    let mut streams = Vec::new();
    for _ in 0..subscribers {
        let (client, url, token, arrivals, ready) = (
            reqwest::Client::new(),
            format!("{base}/api/v1/events?type=account.status_changed"),
            token.clone(),
            arrivals.clone(),
            ready_tx.clone(),
        );
        streams.push(tokio::spawn(async move {
            let mut resp = client.get(url).bearer_auth(token).send().await.unwrap();
            assert_eq!(resp.status(), 200);
            ready.send(()).await.unwrap();
            let mut buffer = String::new();
            while let Ok(Some(chunk)) = resp.chunk().await {
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find("\n\n") {
                    let message: String = buffer.drain(..end + 2).collect();
                    let Some(data) = message.lines().find_map(|l| l.strip_prefix("data: ")) else {
                        continue;
                    };
                    let event: serde_json::Value = serde_json::from_str(data).unwrap();
                    let at =
                        chrono::DateTime::parse_from_rfc3339(event["timestamp"].as_str().unwrap())
                            .unwrap()
                            .timestamp_micros() as f64
                            / 1000.0;
                    let now = SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .unwrap()
                        .as_micros() as f64
                        / 1000.0;
                    arrivals.lock().unwrap().push(now - at);
                }
            }
        }));
    }
    for _ in 0..subscribers {
        ready_rx.recv().await.unwrap();
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = rss_kib(child.id());
    let created = post(
        &client,
        format!("{base}/api/v1/accounts"),
        Some(&token),
        json!({ "account_name": "live", "connector": "simulator" }),
    )
    .await;
    let id = created["account_id"].as_str().unwrap().to_owned();
    // Each round: start a QR login (→ qr_wait), then log out (→ offline): two events.
    let started = Instant::now();
    for _ in 0..changes / 2 {
        let login = client
            .put(format!("{base}/api/v1/accounts/{id}/login"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert!(login.status().is_success(), "{}", login.status());
        let logout = client
            .put(format!("{base}/api/v1/accounts/{id}/logout"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert!(logout.status().is_success(), "{}", logout.status());
    }
    let expected = subscribers * (changes / 2) * 2;
    while arrivals.lock().unwrap().len() < expected && started.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut delays = arrivals.lock().unwrap().clone();
    delays.sort_by(f64::total_cmp);
    let q = |p: f64| delays[((delays.len() as f64 * p) as usize).min(delays.len() - 1)];
    println!("\nEvent stream: {subscribers} concurrent subscribers of GET /api/v1/events, {} status changes\n", (changes / 2) * 2);
    println!("| server RSS before | with the subscribers | per subscriber | events delivered | delay p50 | p99 | max |");
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| {:.1} MiB | {:.1} MiB | {:.1} KiB | {} of {expected} | {:.1} ms | {:.1} ms | {:.1} ms |",
        before / 1024.0,
        after / 1024.0,
        (after - before) / subscribers as f64,
        delays.len(),
        q(0.50),
        q(0.99),
        delays.last().copied().unwrap_or_default()
    );
    for s in streams {
        s.abort();
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::main]
async fn main() {
    on_each_backend("postgres", bench).await;
}
