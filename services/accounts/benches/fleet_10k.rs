//! `cargo bench -p fleet-accounts --bench fleet_10k`: 10,000 simulated accounts brought online
//! in one process, then the heartbeat sweeper's work on them. Prints status transitions per
//! second, resident memory, the time of one heartbeat round and of sweeper passes (idle, all
//! silent, all recovering). `FLEET_BENCH_BACKENDS=sqlite,postgres` (default sqlite) and
//! `FLEET_BENCH_ACCOUNTS` (default 10000) choose what runs. Figures go to BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{sync::Arc, time::Instant};

use fleet_accounts::{AccountService, NewAccount, SweepSettings};
use fleet_connectors::{
    simulator::{Simulator, SimulatorSettings},
    Connectors,
};
use fleet_core::{clock::now_ms, events::EventBus, field_cipher::Keyring, ids::TenantId};
use fleet_store::{tenants, testing::TestDatabase, Dialect, Scope};
use futures::{stream, StreamExt};

const CONCURRENCY: usize = 16;

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

async fn tenant(db: &fleet_store::Db, max_accounts: i64) -> TenantId {
    let id = TenantId::new();
    let now = now_ms();
    let mut tx = db.begin(Scope::Platform).await.unwrap();
    tenants::insert(
        &mut tx,
        &tenants::TenantRecord {
            id: id.to_string(),
            name: "Bench".into(),
            code: "bench".into(),
            max_accounts,
            max_daily_messages: 1000,
            timezone: "Asia/Shanghai".into(),
            status: "active".into(),
            created_at: now,
            updated_at: now,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn run(backend: Dialect, n: usize) {
    let database = TestDatabase::new(backend).await.unwrap();
    let sim = Arc::new(Simulator::new(SimulatorSettings::default()));
    let keyring = Keyring::new("k1", [("k1", Keyring::generate_key().as_str())]).unwrap();
    let accounts = AccountService::new(
        database.db.clone(),
        keyring,
        Connectors {
            simulator: Some(sim.clone()),
            ..Connectors::default()
        },
        EventBus::in_process(),
    );
    let tenant = tenant(&database.db, n as i64).await;
    let rss_before = rss_mib();

    // create + start_login + qr_scanned + qr_confirmed: three transitions per account.
    let started = Instant::now();
    let ids: Vec<String> = stream::iter(0..n)
        .map(|i| {
            let (accounts, sim) = (accounts.clone(), sim.clone());
            async move {
                let rec = accounts
                    .create(
                        tenant,
                        NewAccount {
                            account_name: format!("bench-{i}"),
                            connector: "simulator".into(),
                            ..NewAccount::default()
                        },
                    )
                    .await
                    .unwrap();
                accounts.login(tenant, &rec.id).await.unwrap();
                let instance = rec.instance_id.clone().unwrap();
                for drive in [Simulator::scan, Simulator::confirm] {
                    let event = drive(&sim, &instance).unwrap();
                    accounts
                        .apply_connector_event(tenant, &rec.id, event.event, serde_json::json!({}))
                        .await
                        .unwrap();
                }
                rec.id
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let online_secs = started.elapsed().as_secs_f64();
    let transitions = 3 * n;
    let rss_online = rss_mib();

    let started = Instant::now();
    let beating = sim.heartbeat_round();
    let beats = accounts
        .record_heartbeats(&beating, now_ms())
        .await
        .unwrap();
    let heartbeat_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(beats as usize, n);

    // One pass over all of them (the default takes 5,000 of each kind per pass).
    let settings = SweepSettings {
        batch: n as i64,
        ..SweepSettings::default()
    };
    let started = Instant::now();
    let idle = accounts.sweep(&settings, now_ms()).await.unwrap();
    let idle_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(idle, Default::default());

    // Every session drops silently; one pass finds them all, the next recovers them all.
    for id in &ids {
        sim.disconnect(&format!("sim-{id}")).unwrap();
    }
    let later = now_ms() + 10 * 60 * 1000;
    let started = Instant::now();
    let lost = accounts.sweep(&settings, later).await.unwrap();
    let lost_secs = started.elapsed().as_secs_f64();
    assert_eq!(lost.lost, n);
    let started = Instant::now();
    let recovered = accounts.sweep(&settings, later + 1000).await.unwrap();
    let recovered_secs = started.elapsed().as_secs_f64();
    assert_eq!(recovered.recovered, n);

    println!("## {backend:?}, {n} accounts, {CONCURRENCY} at a time");
    println!(
        "bring online: {transitions} transitions in {online_secs:.2} s = {:.0} transitions/s",
        transitions as f64 / online_secs
    );
    println!("resident memory: {rss_before:.1} MiB before, {rss_online:.1} MiB with {n} online");
    println!("one heartbeat round ({n} beats recorded): {heartbeat_ms:.1} ms");
    println!("sweeper pass, nothing to do: {idle_ms:.1} ms");
    println!(
        "sweeper pass, all {n} silent -> recovering: {lost_secs:.2} s ({:.0} transitions/s)",
        n as f64 / lost_secs
    );
    println!(
        "sweeper pass, all {n} recovering -> online: {recovered_secs:.2} s ({:.0} transitions/s)",
        n as f64 / recovered_secs
    );
    println!("peak resident memory: {:.1} MiB", rss_mib());
}

#[tokio::main]
async fn main() {
    let n = std::env::var("FLEET_BENCH_ACCOUNTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let backends = std::env::var("FLEET_BENCH_BACKENDS").unwrap_or_else(|_| "sqlite".into());
    for backend in backends.split(',') {
        match backend.trim() {
            "sqlite" => run(Dialect::Sqlite, n).await,
            "postgres" => run(Dialect::Postgres, n).await,
            other => panic!("unknown backend {other}"),
        }
    }
}
