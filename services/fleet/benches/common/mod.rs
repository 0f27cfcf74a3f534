//! What the process benchmarks share: running the real binary, waiting for it, signing in,
//! and reading latencies.

#![allow(dead_code)] // each bench uses part of it

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::{json, Value};

pub const BIN: &str = env!("CARGO_BIN_EXE_wecom-fleet");
pub const PASSWORD: &str = "correct horse battery staple";

pub fn env_or(key: &str, default: u64) -> u64 {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A fresh encryption key, as `FLEET_ENCRYPTION_KEYS` takes it.
pub fn generate_key() -> String {
    let out = Command::new(BIN)
        .args(["admin", "generate-key", "--id", "k1"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// The environment of a benchmarked server on `db_url`, listening on `port`.
pub fn base_env(
    db_url: &str,
    data_dir: &std::path::Path,
    port: u16,
) -> Vec<(&'static str, String)> {
    vec![
        ("FLEET_DATABASE_URL", db_url.to_owned()),
        ("FLEET_DATA_DIR", data_dir.display().to_string()),
        (
            "FLEET_AUTH_JWT_SECRET",
            "bench-secret-bench-secret-bench-secret!".to_owned(),
        ),
        ("FLEET_ENCRYPTION_KEYS", generate_key()),
        ("FLEET_RATE_LIMIT_REQUESTS", "1000000000".to_owned()),
        ("FLEET_LOG_LEVEL", "warn".to_owned()),
        ("FLEET_SERVER_LISTEN", format!("127.0.0.1:{port}")),
    ]
}

pub fn run_cli(env: &[(&str, String)], args: &[&str]) {
    let out = Command::new(BIN)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Migrates, creates the platform admin `root@bench.test`, and starts `serve --roles
/// roles` (which must listen where `base` says). Returns the process once `/healthz`
/// answers, and how long that took.
pub async fn start(
    env: &[(&str, String)],
    roles: &str,
    client: &reqwest::Client,
    base: &str,
) -> (Child, Duration) {
    run_cli(env, &["migrate"]);
    run_cli(
        env,
        &[
            "admin",
            "create-platform-admin",
            "--email",
            "root@bench.test",
            "--password",
            PASSWORD,
        ],
    );
    let spawned = Instant::now();
    let mut child = Command::new(BIN)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .args(["serve", "--roles", roles])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    loop {
        assert!(child.try_wait().unwrap().is_none(), "server exited");
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
            if r.status().is_success() {
                return (child, spawned.elapsed());
            }
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

pub async fn post(
    client: &reqwest::Client,
    url: String,
    token: Option<&str>,
    body: Value,
) -> Value {
    let mut req = client.post(url).json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    assert!(resp.status().is_success(), "{}", resp.status());
    resp.json().await.unwrap()
}

async fn sign_in(client: &reqwest::Client, base: &str, email: &str) -> String {
    let login = post(
        client,
        format!("{base}/api/v1/auth/login"),
        None,
        json!({ "email": email, "password": PASSWORD }),
    )
    .await;
    login["access_token"].as_str().unwrap().to_owned()
}

/// Creates tenant `bench` and returns (its id, its admin's token).
pub async fn bench_tenant(client: &reqwest::Client, base: &str) -> (String, String) {
    let root = sign_in(client, base, "root@bench.test").await;
    let tenant = json!({ "name": "Bench", "code": "bench", "admin_email": "admin@bench.test", "admin_password": PASSWORD });
    let created = post(
        client,
        format!("{base}/api/v1/tenants"),
        Some(&root),
        tenant,
    )
    .await;
    let id = created["tenant"]["id"].as_str().unwrap().to_owned();
    (id, sign_in(client, base, "admin@bench.test").await)
}

/// The `p` quantile of sorted latencies, in milliseconds.
pub fn quantile_ms(sorted: &[Duration], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// Runs `bench` on each backend of `BENCH_BACKENDS` (default `default`), each on a fresh
/// database (a SQLite file in a temporary folder, or a new PostgreSQL database), with the
/// backend's name, its URL and a data folder.
pub async fn on_each_backend<R, F, Fut>(default: &str, bench: F) -> Vec<R>
where
    F: Fn(&'static str, String, std::path::PathBuf) -> Fut,
    Fut: std::future::Future<Output = R>,
{
    let backends = std::env::var("BENCH_BACKENDS").unwrap_or_else(|_| default.to_owned());
    let mut reports = Vec::new();
    for backend in backends.split(',') {
        let dir = std::env::temp_dir().join(format!("fleet-bench-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let report = match backend.trim() {
            "sqlite" => {
                let url = format!("sqlite://{}?mode=rwc", dir.join("fleet.db").display());
                bench("sqlite", url, dir.clone()).await
            }
            "postgres" => {
                let database = fleet_store::testing::TestDatabase::postgres()
                    .await
                    .unwrap();
                bench("postgres", database.url.clone(), dir.clone()).await
            }
            other => panic!("unknown backend {other}"),
        };
        let _ = std::fs::remove_dir_all(&dir);
        reports.push(report);
    }
    reports
}
