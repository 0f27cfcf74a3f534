//! Two processes with the monitor role on one PostgreSQL and one InfluxDB: only the elected
//! leader evaluates, so each alert event (firing, then resolved) reaches the channel once.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use poem::{
    endpoint::make,
    listener::{Acceptor, Listener, TcpListener},
    Request, Response,
};
use reqwest::Method;
use serde_json::{json, Value};

use crate::process::{create_platform_admin, free_port, generate_key, Server, TempDir, PASSWORD};

fn influx_url() -> String {
    std::env::var("FLEET_TEST_INFLUXDB_URL").unwrap_or_else(|_| "http://127.0.0.1:8086".into())
}

/// Records the status of every Alertmanager payload that arrives.
async fn receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let port = acceptor.local_addr()[0].as_socket_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    let endpoint = make(move |req: Request| {
        let seen = s.clone();
        async move {
            let body: Value = req.into_body().into_json().await.unwrap_or_default();
            seen.lock()
                .unwrap()
                .push(body["status"].as_str().unwrap_or("?").to_owned());
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
    (format!("http://127.0.0.1:{port}/alerts"), seen)
}

async fn influx(database: &str, path: &str, body: String) {
    let reply = reqwest::Client::new()
        .post(format!("{}{path}", influx_url()))
        .query(&[("db", database), ("precision", "ms")])
        .body(body)
        .send()
        .await
        .expect("InfluxDB answers (test.sh starts it)");
    assert!(reply.status().is_success(), "{:?}", reply.text().await);
}

async fn backlog(database: &str, tenant: &str, value: f64) {
    let now = fleet_core::clock::now_ms();
    influx(
        database,
        "/write",
        format!("queue_backlog,tenant={tenant} value={value} {now}"),
    )
    .await;
}

async fn until_seen(seen: &Arc<Mutex<Vec<String>>>, n: usize, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while seen.lock().unwrap().len() < n {
        assert!(
            Instant::now() < deadline,
            "{what}: got {:?}",
            seen.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn two_monitor_processes_evaluate_once_and_notify_once_per_alert_event() {
    let database = fleet_store::testing::TestDatabase::postgres()
        .await
        .unwrap();
    let metrics_db = format!("fleet_test_{}", uuid::Uuid::new_v4().simple());
    let dir = TempDir::new();
    let rules_dir = TempDir::new();
    let env = vec![
        ("FLEET_DATABASE_URL", database.url.clone()),
        (
            "FLEET_AUTH_JWT_SECRET",
            "shared-secret-shared-secret-shared-secret".to_owned(),
        ),
        ("FLEET_ENCRYPTION_KEYS", generate_key(&dir.0, "k1")),
        ("FLEET_MONITOR_STORE", "influxdb1".to_owned()),
        ("FLEET_MONITOR_URL", influx_url()),
        ("FLEET_MONITOR_DATABASE", metrics_db.clone()),
        // An empty folder: only the tenant's rule below.
        ("FLEET_MONITOR_RULES_DIR", rules_dir.0.display().to_string()),
        ("FLEET_MONITOR_EVAL_INTERVAL_SECS", "1".to_owned()),
        ("FLEET_MONITOR_GROUP_WAIT_SECS", "0".to_owned()),
        ("FLEET_MONITOR_GROUP_INTERVAL_SECS", "0".to_owned()),
        ("FLEET_MONITOR_ALLOW_PRIVATE_TARGETS", "true".to_owned()),
    ];
    assert!(create_platform_admin(&dir.0, &env, "root@ops.test")
        .status
        .success());
    let (url, seen) = receiver().await;
    let start = |port: u16| {
        let (env, dir) = (env.clone(), dir.0.clone());
        async move {
            let listen = format!("127.0.0.1:{port}");
            Server::start(
                &dir,
                &env,
                &["serve", "--roles", "api,monitor", "--listen", &listen],
                port,
            )
            .await
        }
    };
    let a = start(free_port()).await;
    let b = start(free_port()).await;

    let root = a.token("root@ops.test", PASSWORD).await;
    let tenant = json!({ "name": "Acme", "code": "acme", "admin_email": "admin@acme.test", "admin_password": PASSWORD });
    let (status, body) = a
        .call(Method::POST, "/api/v1/tenants", Some(&root), Some(tenant))
        .await;
    assert_eq!(status, 201, "{body}");
    let tenant_id = body["tenant"]["id"].as_str().unwrap().to_owned();
    let token = a.token("admin@acme.test", PASSWORD).await;
    let channel = json!({ "name": "on-call", "kind": "webhook", "url": url });
    let (status, body) = b
        .call(
            Method::POST,
            "/api/v1/alerts/channels",
            Some(&token),
            Some(channel),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let rule = json!({ "rule": {
        "name": "Backlog", "metric": "queue_backlog", "aggregate": "last", "window": "1m",
        "operator": ">", "threshold": 1000, "for": "0s", "severity": "critical"
    }});
    let (status, body) = a
        .call(
            Method::POST,
            "/api/v1/alerts/rules",
            Some(&token),
            Some(rule),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    reqwest::Client::new()
        .post(format!("{}/query", influx_url()))
        .query(&[("q", format!("CREATE DATABASE \"{metrics_db}\""))])
        .send()
        .await
        .unwrap();
    backlog(&metrics_db, &tenant_id, 2500.0).await;
    until_seen(&seen, 1, "the firing notification").await;
    // Both processes evaluate every second if both lead: give them time to double up.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        *seen.lock().unwrap(),
        ["firing"],
        "one notification for one firing"
    );
    let (_, alerts) = b
        .call(Method::GET, "/api/v1/alerts", Some(&token), None)
        .await;
    assert_eq!(alerts["items"].as_array().unwrap().len(), 1, "{alerts}");

    backlog(&metrics_db, &tenant_id, 3.0).await;
    until_seen(&seen, 2, "the resolved notification").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(*seen.lock().unwrap(), ["firing", "resolved"]);
    let (_, history) = a
        .call(Method::GET, "/api/v1/alerts/history", Some(&token), None)
        .await;
    assert_eq!(history["total"], 1, "{history}");
    assert_eq!(history["items"][0]["state"], "resolved");
    reqwest::Client::new()
        .post(format!("{}/query", influx_url()))
        .query(&[("q", format!("DROP DATABASE \"{metrics_db}\""))])
        .send()
        .await
        .unwrap();
}
