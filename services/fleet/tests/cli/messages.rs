//! The message pipeline across processes on PostgreSQL: two API processes share one tenant's
//! quota exactly, and a worker killed with SIGKILL mid-flight loses nothing and sends
//! nothing twice — the next worker picks up expired leases, and the provider (a separate
//! `wecom-fleet simulate` process) counts deliveries per client message id.

use std::{
    collections::HashSet,
    time::{Duration, Instant},
};

use fleet_core::webhook_signature::WebhookSecret;
use futures::future::join_all;
use reqwest::Method;
use serde_json::{json, Value};

use crate::process::{
    create_platform_admin, free_port, serve, shared_env, tenant, Provider, Server, TempDir,
};

#[tokio::test]
async fn two_processes_share_one_quota_exactly() {
    let database = fleet_store::testing::TestDatabase::postgres()
        .await
        .unwrap();
    let dir = TempDir::new();
    let mut env = shared_env(&dir, &database.url);
    env.push(("FLEET_SIMULATOR_ENABLED", "true".to_owned()));
    assert!(create_platform_admin(&dir.0, &env, "root@ops.test")
        .status
        .success());
    let (port_a, port_b) = (free_port(), free_port());
    let a = serve(&dir, &env, "api", port_a).await;
    let b = serve(&dir, &env, "api", port_b).await;
    let token = tenant(&a, 10).await;
    let (status, account) = a
        .call(
            Method::POST,
            "/api/v1/accounts",
            Some(&token),
            Some(json!({ "account_name": "s1", "connector": "simulator" })),
        )
        .await;
    assert_eq!(status, 201, "{account}");
    let account = account["account_id"].as_str().unwrap().to_owned();

    let sends = (0..50).map(|i| {
        let server = if i % 2 == 0 { &a } else { &b };
        let body = json!({ "account_id": account, "conversation_id": "conv-1", "message_type": "text", "content": { "text": format!("m{i}") } });
        server.call(Method::POST, "/api/v1/messages/send", Some(&token), Some(body))
    });
    let replies = join_all(sends).await;
    let accepted = replies.iter().filter(|(s, _)| *s == 202).count();
    let refused = replies
        .iter()
        .filter(|(s, b)| *s == 429 && b["code"] == "quota_exceeded")
        .count();
    assert_eq!((accepted, refused), (10, 40), "{replies:?}");
    let (_, listed) = b
        .call(Method::GET, "/api/v1/messages", Some(&token), None)
        .await;
    assert_eq!(listed["total"], 10);
}

/// Messages of the tenant per status.
async fn status_counts(server: &Server, token: &str) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    for status in [
        "pending",
        "sending",
        "sent",
        "delivered",
        "failed",
        "cancelled",
    ] {
        let (code, body) = server
            .call(
                Method::GET,
                &format!("/api/v1/messages?status={status}&size=1"),
                Some(token),
                None,
            )
            .await;
        assert_eq!(code, 200, "{body}");
        counts.push((status.to_owned(), body["total"].as_i64().unwrap()));
    }
    counts
}

fn count_of(counts: &[(String, i64)], statuses: &[&str]) -> i64 {
    counts
        .iter()
        .filter(|(s, _)| statuses.contains(&s.as_str()))
        .map(|(_, n)| n)
        .sum()
}

async fn provider_log(provider: &Provider) -> Vec<Value> {
    let (status, body) = provider.get("/v1/simulate/messages").await;
    assert_eq!(status, 200, "{body}");
    body["messages"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_worker_killed_mid_flight_loses_nothing_and_sends_nothing_twice() {
    let database = fleet_store::testing::TestDatabase::postgres()
        .await
        .unwrap();
    let dir = TempDir::new();
    let secret = WebhookSecret::generate();
    let provider = Provider::start(&dir, &secret, 5);
    let port = free_port();
    let mut env = shared_env(&dir, &database.url);
    env.extend(provider.connector_env(&secret, port));
    env.extend([
        ("FLEET_MESSAGING_LEASE_SECS", "3".to_owned()),
        ("FLEET_MESSAGING_SEND_TIMEOUT_SECS", "2".to_owned()),
        ("FLEET_MESSAGING_DEFAULT_PACING_PROFILE", "off".to_owned()),
        ("FLEET_ACCOUNTS_HEARTBEAT_TIMEOUT_SECS", "600".to_owned()),
    ]);
    assert!(create_platform_admin(&dir.0, &env, "root@ops.test")
        .status
        .success());
    let first = serve(&dir, &env, "api,worker", port).await;
    let token = tenant(&first, 10_000).await;
    let (status, account) = first
        .call(
            Method::POST,
            "/api/v1/accounts",
            Some(&token),
            Some(json!({ "account_name": "hosted", "connector": "http_instance" })),
        )
        .await;
    assert_eq!(status, 201, "{account}");
    let account = account["account_id"].as_str().unwrap().to_owned();
    let (status, login) = first
        .call(
            Method::PUT,
            &format!("/api/v1/accounts/{account}/login"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{login}");
    for action in ["scan", "confirm"] {
        let (status, body) = provider
            .post(
                &format!("/v1/instances/sim-{account}/simulate/{action}"),
                None,
            )
            .await;
        assert_eq!(status, 200, "{action}: {body}");
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (_, s) = first
            .call(
                Method::GET,
                &format!("/api/v1/accounts/{account}/status"),
                Some(&token),
                None,
            )
            .await;
        if s["status"] == "online" {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the account did not come online: {s}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let mut message_ids = HashSet::new();
    for batch in 0..2 {
        let messages: Vec<Value> = (0..1_000)
            .map(|i| json!({ "conversation_id": format!("sim-{account}:c{}", 1 + i % 3), "message_type": "text", "content": { "text": format!("b{batch} m{i}") } }))
            .collect();
        let (status, body) = first
            .call(
                Method::POST,
                "/api/v1/messages/batch-send",
                Some(&token),
                Some(json!({ "account_id": account, "messages": messages })),
            )
            .await;
        assert_eq!(
            (status, body["accepted_count"].as_i64()),
            (202, Some(1_000)),
            "{body}"
        );
        let batch_id = body["batch_id"].as_str().unwrap();
        for page in 1..=5 {
            let (_, listed) = first
                .call(
                    Method::GET,
                    &format!("/api/v1/messages?batch_id={batch_id}&size=200&page={page}"),
                    Some(&token),
                    None,
                )
                .await;
            for m in listed["items"].as_array().unwrap() {
                message_ids.insert(m["message_id"].as_str().unwrap().to_owned());
            }
        }
    }
    assert_eq!(message_ids.len(), 2_000);

    // Let the worker get going, then kill it without warning.
    let deadline = Instant::now() + Duration::from_secs(60);
    while provider_log(&provider).await.len() < 200 {
        assert!(Instant::now() < deadline, "the worker sent too little");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.kill();
    let at_kill = provider_log(&provider).await.len();
    assert!(
        at_kill < 2_000,
        "everything was sent before the kill; the test proves nothing"
    );

    let second = serve(&dir, &env, "api,worker", port).await;
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let counts = status_counts(&second, &token).await;
        if count_of(&counts, &["sent", "delivered"]) == 2_000 {
            break;
        }
        assert_eq!(count_of(&counts, &["failed", "cancelled"]), 0, "{counts:?}");
        assert!(
            Instant::now() < deadline,
            "messages did not all get sent: {counts:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    // The provider reports deliveries by signed callback; they turn messages `delivered`.
    let deadline = Instant::now() + Duration::from_secs(60);
    while count_of(&status_counts(&second, &token).await, &["delivered"]) == 0 {
        assert!(Instant::now() < deadline, "no delivery report was applied");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    let log = provider_log(&provider).await;
    let delivered: Vec<&str> = log
        .iter()
        .map(|m| m["client_message_id"].as_str().unwrap())
        .collect();
    let distinct: HashSet<&str> = delivered.iter().copied().collect();
    assert_eq!(
        delivered.len(),
        2_000,
        "the provider delivered {} messages for 2,000",
        delivered.len()
    );
    assert_eq!(
        distinct.len(),
        2_000,
        "a client message id was delivered twice"
    );
    assert!(
        distinct.iter().all(|id| message_ids.contains(*id)),
        "a delivery carries an unknown id"
    );
    let resent = log
        .iter()
        .filter(|m| m["send_calls"].as_u64().unwrap_or(0) > 1)
        .count();
    eprintln!("sent before the kill: {at_kill}; sends repeated after lease expiry and answered as duplicates: {resent}");
    // Only sends in flight at the kill can be repeated: at most `messaging.workers` (2) times
    // `messaging.concurrency` (16). Claimed messages not yet started wait for their lease
    // and are sent once.
    assert!(resent <= 2 * 16, "{resent} sends repeated after the kill");
}
