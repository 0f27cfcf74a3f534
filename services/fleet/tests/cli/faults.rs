//! The fault suite: the real binary under load while its own Redis is killed and restarted,
//! and while its own PostgreSQL is stopped and started. The service must never hang, answer
//! a prompt `503 database_unavailable` while the database is away, lose no accepted message,
//! and come back by itself. (A worker killed mid-send is in `messages.rs`.)

use std::{
    collections::BTreeMap,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use reqwest::Method;
use serde_json::{json, Value};
use tokio::task::JoinHandle;

use crate::{
    own_servers::{OwnPostgres, OwnRedis},
    process::{create_platform_admin, free_port, run, serve, shared_env, tenant, Server, TempDir},
};

/// Longer than any answer may take: a request still unanswered by then hung.
const HANG: Duration = Duration::from_secs(10);

/// What one load client saw: each answer's time, status, code and latency.
#[derive(Debug, Clone)]
struct Seen {
    at: Instant,
    status: u16,
    code: Option<String>,
    took: Duration,
    message_id: Option<String>,
}

/// Runs `request` in a loop until stopped, recording every answer; a hang fails the test.
fn load<F, Fut>(stop: Arc<AtomicBool>, request: F) -> JoinHandle<Vec<Seen>>
where
    F: Fn(u64) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(u16, Value, Duration), String>> + Send,
{
    tokio::spawn(async move {
        let mut seen = Vec::new();
        let mut n = 0;
        while !stop.load(Ordering::Relaxed) {
            n += 1;
            let (status, body, took) = request(n).await.unwrap_or_else(|err| panic!("{err}"));
            seen.push(Seen {
                at: Instant::now(),
                status,
                code: body["code"].as_str().map(str::to_owned),
                took,
                message_id: body["message_id"].as_str().map(str::to_owned),
            });
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        seen
    })
}

fn statuses(seen: &[Seen]) -> BTreeMap<(u16, Option<String>), usize> {
    let mut counts = BTreeMap::new();
    for s in seen {
        *counts.entry((s.status, s.code.clone())).or_default() += 1;
    }
    counts
}

fn slowest(seen: &[Seen]) -> Duration {
    seen.iter().map(|s| s.took).max().unwrap_or_default()
}

#[tokio::test]
async fn a_redis_outage_never_hangs_the_api_and_redis_is_used_again_within_seconds() {
    let mut redis = OwnRedis::start();
    let dir = TempDir::new();
    let mut env = shared_env(&dir, &dir.sqlite_url());
    env.push(("FLEET_REDIS_URL", redis.url()));
    assert!(create_platform_admin(&dir.0, &env, "root@ops.test")
        .status
        .success());
    let server = Arc::new(serve(&dir, &env, "api", free_port()).await);
    let token = Arc::new(tenant(&server, 1_000).await);

    let stop = Arc::new(AtomicBool::new(false));
    let client = load(stop.clone(), {
        let (server, token) = (server.clone(), token.clone());
        move |_| {
            let (server, token) = (server.clone(), token.clone());
            async move {
                server
                    .call_within(Method::GET, "/api/v1/tenant", Some(&token), None, HANG)
                    .await
            }
        }
    });
    tokio::time::sleep(Duration::from_secs(1)).await;
    redis.kill();
    let killed = Instant::now();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (status, ready, took) = server
        .call_within(Method::GET, "/readyz", None, None, HANG)
        .await
        .unwrap();
    assert_eq!(
        status, 200,
        "Redis away must not make the service unready: {ready}"
    );
    assert!(
        took < Duration::from_secs(1),
        "/readyz took {took:?} with Redis away"
    );
    assert!(ready.to_string().contains("degraded"), "{ready}");
    tokio::time::sleep(Duration::from_secs(3)).await;

    redis.restart();
    let back = Instant::now();
    let recovered = loop {
        let (_, ready, _) = server
            .call_within(Method::GET, "/readyz", None, None, HANG)
            .await
            .unwrap();
        if !ready.to_string().contains("degraded") {
            break back.elapsed();
        }
        assert!(
            back.elapsed() < Duration::from_secs(10),
            "Redis not used again: {ready}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::Relaxed);
    let seen = client.await.unwrap();

    let during: Vec<Seen> = seen
        .iter()
        .filter(|s| s.at > killed && s.at < back)
        .cloned()
        .collect();
    eprintln!(
        "Redis away {:?}: {} requests, slowest {:?}, answers {:?}; in use again {recovered:?} after its return",
        back - killed,
        during.len(),
        slowest(&during),
        statuses(&during)
    );
    assert!(
        during.len() > 20,
        "too little load to prove anything: {}",
        during.len()
    );
    assert!(
        seen.iter().all(|s| s.status == 200),
        "{:?}",
        statuses(&seen)
    );
    // Each Redis call is bounded by `redis.timeout_ms` (250 ms); a second is far beyond it.
    assert!(
        slowest(&seen) < Duration::from_secs(1),
        "slowest answer {:?}",
        slowest(&seen)
    );
    assert!(
        recovered < Duration::from_secs(2),
        "Redis used again only after {recovered:?}"
    );
}

/// Brings a simulated account online and returns its id.
async fn online_account(server: &Server, token: &str) -> String {
    let body = json!({ "account_name": "sender", "connector": "simulator" });
    let (status, account) = server
        .call(Method::POST, "/api/v1/accounts", Some(token), Some(body))
        .await;
    assert_eq!(status, 201, "{account}");
    let id = account["account_id"].as_str().unwrap().to_owned();
    let (status, body) = server
        .call(
            Method::PUT,
            &format!("/api/v1/accounts/{id}/login"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    for step in ["scan", "confirm"] {
        let path = format!("/api/v1/simulator/accounts/{id}/{step}");
        let (status, body) = server
            .call(Method::POST, &path, Some(token), Some(json!({})))
            .await;
        assert_eq!(status, 200, "{step}: {body}");
    }
    id
}

async fn count_messages(server: &Server, token: &str, status: &str) -> i64 {
    let path = format!("/api/v1/messages?status={status}&size=1");
    let (code, body) = server.call(Method::GET, &path, Some(token), None).await;
    assert_eq!(code, 200, "{body}");
    body["total"].as_i64().unwrap()
}

#[tokio::test]
async fn a_postgres_outage_answers_prompt_503s_loses_no_accepted_message_and_recovers_alone() {
    let pg = OwnPostgres::start();
    let dir = TempDir::new();
    let mut env = shared_env(&dir, &pg.url());
    env.extend([
        ("FLEET_SIMULATOR_ENABLED", "true".to_owned()),
        ("FLEET_SIMULATOR_DELIVERY_DELAY_MS", "0".to_owned()),
        ("FLEET_MESSAGING_DEFAULT_PACING_PROFILE", "off".to_owned()),
        (
            "FLEET_MESSAGING_RETRY_DELAYS_SECS",
            "[1,1,1,1,1]".to_owned(),
        ),
    ]);
    let migrated = run(&dir.0, &env, &["migrate"]);
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    assert!(create_platform_admin(&dir.0, &env, "root@ops.test")
        .status
        .success());
    let server = Arc::new(serve(&dir, &env, "api,worker,scheduler", free_port()).await);
    let token = Arc::new(tenant(&server, 1_000_000).await);
    let account = Arc::new(online_account(&server, &token).await);

    let stop = Arc::new(AtomicBool::new(false));
    let senders: Vec<_> = (0..2)
        .map(|client| {
            let (server, token, account) = (server.clone(), token.clone(), account.clone());
            load(stop.clone(), move |n| {
                let (server, token, account) = (server.clone(), token.clone(), account.clone());
                async move {
                    let body = json!({ "account_id": *account, "conversation_id": format!("sim-{account}:c1"), "message_type": "text", "content": { "text": format!("c{client} n{n}") } });
                    server.call_within(Method::POST, "/api/v1/messages/send", Some(&token), Some(body), HANG).await
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    pg.stop();
    let stopped = Instant::now();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (status, ready, took) = server
        .call_within(Method::GET, "/readyz", None, None, HANG)
        .await
        .unwrap();
    assert_eq!(status, 503, "{ready}");
    assert!(
        took < Duration::from_secs(1),
        "/readyz took {took:?} with the database away"
    );
    tokio::time::sleep(Duration::from_secs(4)).await;
    pg.start_again();
    let back = Instant::now();
    let recovered = loop {
        let (status, _, _) = server
            .call_within(Method::GET, "/readyz", None, None, HANG)
            .await
            .unwrap();
        if status == 200 {
            break back.elapsed();
        }
        assert!(
            back.elapsed() < Duration::from_secs(30),
            "not ready again without a restart"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::Relaxed);
    let mut seen = Vec::new();
    for sender in senders {
        seen.extend(sender.await.unwrap());
    }

    let during: Vec<Seen> = seen
        .iter()
        .filter(|s| s.at > stopped && s.at < back)
        .cloned()
        .collect();
    eprintln!(
        "PostgreSQL away {:?}: {} sends answered, slowest {:?}, answers {:?}; ready again {recovered:?} after its return",
        back - stopped,
        during.len(),
        slowest(&during),
        statuses(&during)
    );
    for s in &seen {
        let refused = s.status == 503 && s.code.as_deref() == Some("database_unavailable");
        assert!(
            s.status == 202 || refused,
            "{} {:?}: not a 202 or a 503 database_unavailable",
            s.status,
            s.code
        );
    }
    assert!(
        during.iter().any(|s| s.status == 503),
        "the outage was never seen: {:?}",
        statuses(&during)
    );
    // The acquire timeout (2 s) bounds a request's wait; the rest is slack for this machine.
    assert!(
        slowest(&seen) < Duration::from_secs(4),
        "slowest answer {:?}",
        slowest(&seen)
    );
    assert!(
        seen.iter().any(|s| s.status == 202 && s.at > back),
        "no send accepted after the return"
    );

    // Every accepted message is kept and sent; nothing is sent that was refused.
    let accepted: Vec<&str> = seen
        .iter()
        .filter_map(|s| s.message_id.as_deref())
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let sent = count_messages(&server, &token, "sent").await
            + count_messages(&server, &token, "delivered").await;
        if sent >= accepted.len() as i64 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{sent} of {} accepted messages sent",
            accepted.len()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    for id in accepted.iter().step_by(accepted.len() / 50 + 1) {
        let (status, message) = server
            .call(
                Method::GET,
                &format!("/api/v1/messages/{id}/status"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 200, "accepted message {id} was lost: {message}");
        assert!(
            matches!(message["status"].as_str(), Some("sent" | "delivered")),
            "{message}"
        );
    }
    let (_, all) = server
        .call(Method::GET, "/api/v1/messages?size=1", Some(&token), None)
        .await;
    assert_eq!(
        all["total"].as_i64(),
        Some(accepted.len() as i64),
        "messages stored beyond those accepted"
    );
}
