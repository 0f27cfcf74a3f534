//! `cargo bench -p wecom-fleet --bench message_pipeline`: the message pipeline on PostgreSQL,
//! in-process (service calls, no HTTP), with the in-process simulator and pacing off.
//! Prints, each beside what pgbench does with the same row writes on the same database:
//! - single sends: accepted per second and p50/p99 accept latency at `CONCURRENCY` callers;
//! - batches of 1,000: accepted messages per second;
//! - end to end: accepted → sent per second with `WORKERS` queue workers.
//!
//! `FLEET_BENCH_MESSAGES` (default 4000) sets the number of single sends; batches send five
//! times as many. Figures go to BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{
    process::Command,
    sync::Arc,
    time::{Duration, Instant},
};

use fleet_accounts::{AccountService, NewAccount};
use fleet_api::assemble::{assemble, Parts};
use fleet_connectors::{
    simulator::{Simulator, SimulatorSettings},
    Connector, Connectors, Instance,
};
use fleet_core::{clock::now_ms, field_cipher::Keyring, ids::TenantId};
use fleet_messaging::{BatchRequest, Draft, MessagingSettings, SendRequest};
use fleet_store::{tenants, testing::TestDatabase, Db, Scope};
use futures::{stream, StreamExt};
use tokio::sync::watch;

const CONCURRENCY: usize = 32;
const BATCH: usize = 1_000;
const WORKERS: usize = 4;
const PGBENCH_SECS: &str = "10";

async fn tenant(db: &Db) -> TenantId {
    let id = TenantId::new();
    let now = now_ms();
    let mut tx = db.begin(Scope::Platform).await.unwrap();
    tenants::insert(
        &mut tx,
        &tenants::TenantRecord {
            id: id.to_string(),
            name: "Bench".into(),
            code: "bench".into(),
            max_accounts: 10,
            max_daily_messages: 100_000_000,
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

/// An online simulated account and its first conversation.
async fn online_account(
    accounts: &AccountService,
    sim: &Simulator,
    tenant: TenantId,
) -> (String, String) {
    let rec = accounts
        .create(
            tenant,
            NewAccount {
                account_name: "bench".into(),
                phone: None,
                connector: "simulator".into(),
                connector_settings: None,
                config: None,
            },
        )
        .await
        .unwrap();
    accounts.login(tenant, &rec.id).await.unwrap();
    let instance = rec.instance_id.clone().unwrap();
    for event in [
        sim.scan(&instance).unwrap(),
        sim.confirm(&instance).unwrap(),
    ] {
        accounts
            .apply_connector_event(tenant, &rec.id, event.event, serde_json::json!({}))
            .await
            .unwrap();
    }
    let conversations = sim
        .list_conversations(Instance {
            account_id: &rec.id,
            instance_id: &instance,
            settings: &serde_json::Value::Null,
        })
        .await
        .unwrap();
    (rec.id, conversations[0].id.clone())
}

fn draft(conversation: &str, i: usize) -> Draft {
    Draft {
        conversation_id: conversation.to_owned(),
        message_type: Some("text".into()),
        content: Some(serde_json::json!({ "text": format!("bench message {i}") })),
        ..Draft::default()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1_000.0
}

async fn pending(db: &Db) -> i64 {
    let mut tx = db.read(Scope::Platform).await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE status IN ('pending', 'sending')")
        .fetch_one(tx.conn())
        .await
        .unwrap()
}

/// Runs a pgbench script against `url` and returns its transactions per second.
fn pgbench(url: &str, name: &str, script: &str, clients: usize) -> f64 {
    let path = std::env::temp_dir().join(format!("fleet-bench-{name}-{}.sql", std::process::id()));
    std::fs::write(&path, script).unwrap();
    let out = Command::new("pgbench")
        .args(["-n", "-f"])
        .arg(&path)
        .args([
            "-c",
            &clients.to_string(),
            "-j",
            "2",
            "-T",
            PGBENCH_SECS,
            url,
        ])
        .output()
        .expect("pgbench (Debian package postgresql-client) must be installed");
    let _ = std::fs::remove_file(&path);
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("tps = "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            panic!(
                "pgbench said: {text}{}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
}

/// The column values of one accepted message, as pgbench writes them.
fn message_values(tenant: &str, account: &str, id_expr: &str) -> String {
    format!(
        "{id_expr}, '{tenant}', '{account}', NULL, 'c1', 'text', '{{\"text\":\"bench\"}}', NULL, NULL, NULL, \
         'pending', 0, 0, {id_expr}, 0, NULL, NULL, NULL, NULL, NULL, 0, '2026-11-23', NULL, 0, 0, NULL, NULL"
    )
}

const COLUMNS: &str = "id, tenant_id, account_id, batch_id, conversation_id, message_type, content, \
    template_id, template_version, variables, status, attempts, fallback_depth, client_message_id, due_at, \
    lease_token, lease_expires_at, provider_message_id, last_error_code, last_error, dead_lettered, quota_day, \
    send_time, created_at, updated_at, sent_at, delivered_at";

#[tokio::main]
async fn main() {
    let singles: usize = std::env::var("FLEET_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4_000);
    let database = TestDatabase::postgres().await.unwrap();
    let db = database.db.clone();
    let sim = Arc::new(Simulator::new(SimulatorSettings {
        delivery_delay: None,
        ..SimulatorSettings::default()
    }));
    let keyring = Keyring::new("k1", [("k1", Keyring::generate_key().as_str())]).unwrap();
    let connectors = Connectors {
        simulator: Some(sim.clone()),
        ..Connectors::default()
    };
    // The services as `serve` builds them, with pacing off: the pipeline, not the pacing.
    let state = assemble(Parts {
        messaging: MessagingSettings {
            default_profile: "off".into(),
            ..MessagingSettings::default()
        },
        ..Parts::in_process(db.clone(), keyring, connectors).unwrap()
    });
    let (accounts, messaging) = (state.accounts.clone(), state.messaging.clone());
    let tenant = tenant(&db).await;
    let (account, conversation) = online_account(&accounts, &sim, tenant).await;
    println!("PostgreSQL, {CONCURRENCY} concurrent callers, pool of 8 connections");

    // Single sends.
    let started = Instant::now();
    let mut latencies: Vec<Duration> = stream::iter(0..singles)
        .map(|i| {
            let (messaging, account, conversation) =
                (messaging.clone(), account.clone(), conversation.clone());
            async move {
                let t = Instant::now();
                messaging
                    .send(
                        tenant,
                        SendRequest {
                            account_id: account,
                            draft: draft(&conversation, i),
                        },
                        None,
                    )
                    .await
                    .unwrap();
                t.elapsed()
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let single_rate = singles as f64 / started.elapsed().as_secs_f64();
    latencies.sort();
    println!(
        "single sends: {singles} accepted, {single_rate:.0}/s, p50 {:.1} ms, p99 {:.1} ms",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99)
    );

    // Batches of 1,000, four at a time.
    let batches = singles * 5 / BATCH;
    let started = Instant::now();
    stream::iter(0..batches)
        .map(|b| {
            let (messaging, account, conversation) =
                (messaging.clone(), account.clone(), conversation.clone());
            async move {
                let messages = (0..BATCH)
                    .map(|i| draft(&conversation, b * BATCH + i))
                    .collect();
                let answer = messaging
                    .batch_send(
                        tenant,
                        BatchRequest {
                            account_id: account,
                            messages,
                        },
                        None,
                    )
                    .await
                    .unwrap();
                assert_eq!(answer.value.accepted_count, BATCH);
            }
        })
        .buffer_unordered(4)
        .collect::<Vec<()>>()
        .await;
    let batch_rate = (batches * BATCH) as f64 / started.elapsed().as_secs_f64();
    println!("batches: {batches} × {BATCH} accepted, {batch_rate:.0} messages/s");

    // End to end: every accepted message sent by the workers.
    let total = pending(&db).await;
    let (stop, shutdown) = watch::channel(false);
    let started = Instant::now();
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| tokio::spawn(messaging.clone().run_worker(shutdown.clone())))
        .collect();
    while pending(&db).await > 0 {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let e2e_rate = total as f64 / started.elapsed().as_secs_f64();
    let _ = stop.send(true);
    for worker in workers {
        worker.await.unwrap();
    }
    assert_eq!(sim.sent_messages().len() as i64, total);
    println!("end to end: {total} accepted → sent by {WORKERS} workers, {e2e_rate:.0} messages/s");

    // pgbench, as the superuser, on the same tables.
    let (t, a) = (tenant.to_string(), account.as_str());
    let accept_sql = format!(
        "BEGIN;\n\
         INSERT INTO message_usage (tenant_id, account_id, day, used) VALUES ('{t}', '', 'pgbench', 0) ON CONFLICT DO NOTHING;\n\
         SELECT used FROM message_usage WHERE tenant_id = '{t}' AND account_id = '' AND day = 'pgbench' FOR UPDATE;\n\
         UPDATE message_usage SET used = used + 1 WHERE tenant_id = '{t}' AND account_id = '' AND day = 'pgbench';\n\
         INSERT INTO messages ({COLUMNS}) VALUES ({});\n\
         COMMIT;\n",
        message_values(&t, a, "gen_random_uuid()::text")
    );
    let raw_single = pgbench(&database.url, "single", &accept_sql, CONCURRENCY);
    println!("pgbench, same writes per single send: {raw_single:.0}/s");
    let batch_sql = format!(
        "BEGIN;\n\
         UPDATE message_usage SET used = used + {BATCH} WHERE tenant_id = '{t}' AND account_id = '' AND day = 'pgbench';\n\
         INSERT INTO messages ({COLUMNS}) SELECT {} FROM generate_series(1, {BATCH}) g;\n\
         COMMIT;\n",
        message_values(&t, a, "gen_random_uuid()::text")
    );
    let raw_batch = pgbench(&database.url, "batch", &batch_sql, 4) * BATCH as f64;
    println!("pgbench, same writes per batch of {BATCH}: {raw_batch:.0} messages/s");
    let e2e_sql = format!(
        "\\set n random(1, 1000000000)\n\
         BEGIN;\n\
         INSERT INTO messages ({COLUMNS}) VALUES ({});\n\
         COMMIT;\n\
         BEGIN;\nUPDATE messages SET lease_token = 'l', lease_expires_at = 1 WHERE id = 'pgb-' || :n;\nCOMMIT;\n\
         BEGIN;\nUPDATE messages SET status = 'sending', attempts = attempts + 1 WHERE id = 'pgb-' || :n;\nCOMMIT;\n\
         BEGIN;\nUPDATE messages SET status = 'sent', provider_message_id = 'p', lease_token = NULL WHERE id = 'pgb-' || :n;\n\
         INSERT INTO message_attempts (id, tenant_id, message_id, client_message_id, message_type, outcome, started_at, finished_at) \
         VALUES (gen_random_uuid()::text, '{t}', 'pgb-' || :n, 'pgb-' || :n, 'text', 'sent', 0, 0);\nCOMMIT;\n",
        message_values(&t, a, "'pgb-' || :n")
    );
    let raw_e2e = pgbench(&database.url, "e2e", &e2e_sql, WORKERS * 16);
    println!("pgbench, same writes per message from insert to sent: {raw_e2e:.0}/s");
    println!(
        "ratios: single {:.2}, batch {:.2}, end to end {:.2}",
        single_rate / raw_single,
        batch_rate / raw_batch,
        e2e_rate / raw_e2e
    );
}
