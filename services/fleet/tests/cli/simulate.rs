//! `wecom-fleet simulate`: the simulated account-hosting provider as its own process, driven
//! over HTTP, sending signed callbacks to a receiver in the test.

use std::{
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use fleet_core::webhook_signature::{verify, SignedMessage, WebhookSecret, DEFAULT_TOLERANCE_SECS};
use poem::{
    endpoint::make,
    http::StatusCode,
    listener::{Acceptor, Listener, TcpListener},
    post, Request, Route, Server,
};
use serde_json::{json, Value};

use crate::process::{run, Provider, TempDir, PROVIDER_TOKEN as TOKEN};

/// What the in-test receiver saw: the event and whether its signature checked out.
type Received = Arc<Mutex<Vec<(Value, bool)>>>;

/// Serves `/callbacks/provider/{account_id}`, checking signatures with `secret`; returns the
/// base URL and what arrives.
async fn receiver(secret: &str) -> (String, Received) {
    let secret = WebhookSecret::parse(secret).unwrap();
    let received: Received = Arc::default();
    let recorded = Arc::clone(&received);
    let endpoint = make(move |request: Request| {
        let (secret, recorded) = (secret.clone(), Arc::clone(&recorded));
        async move {
            let header = |name| request.header(name).unwrap_or_default().to_owned();
            let (id, timestamp, signature) = (
                header("webhook-id"),
                header("webhook-timestamp"),
                header("webhook-signature"),
            );
            let body = request.into_body().into_vec().await.unwrap();
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs() as i64;
            let message = SignedMessage {
                id: &id,
                timestamp: &timestamp,
                signatures: &signature,
                body: &body,
            };
            let verified = verify(&[secret], message, now, DEFAULT_TOLERANCE_SECS).is_ok();
            let event: Value = serde_json::from_slice(&body).unwrap();
            recorded.lock().unwrap().push((event, verified));
            StatusCode::OK
        }
    });
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = acceptor.local_addr()[0].as_socket_addr().copied().unwrap();
    let routes = Route::new().at("/callbacks/provider/:account_id", post(endpoint));
    tokio::spawn(Server::new_with_acceptor(acceptor).run(routes));
    (format!("http://{addr}"), received)
}

#[tokio::test]
async fn simulate_serves_the_protocol_and_sends_signed_callbacks() {
    let dir = TempDir::new();
    let secret = WebhookSecret::generate();
    let (receiver_base, received) = receiver(&secret).await;
    let provider = Provider::start(&dir, &secret, 3600);

    let (status, created) = provider
        .post(
            "/v1/instances",
            Some(json!({
                "account_id": "acct-1",
                "callback_url": format!("{receiver_base}/callbacks/provider/acct-1"),
            })),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["instance_id"].as_str().unwrap();
    for (path, expected) in [
        ("login", 200),
        ("simulate/scan", 200),
        ("simulate/confirm", 200),
    ] {
        let (status, body) = provider
            .post(&format!("/v1/instances/{id}/{path}"), None)
            .await;
        assert_eq!(status, expected, "{path}: {body}");
    }

    let deadline = Instant::now() + Duration::from_secs(20);
    while received.lock().unwrap().len() < 2 {
        assert!(Instant::now() < deadline, "the callbacks did not arrive");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let received = received.lock().unwrap().clone();
    let kinds: Vec<&str> = received
        .iter()
        .map(|(event, _)| event["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["qr_scanned", "qr_confirmed"]);
    for (event, verified) in &received {
        assert!(verified, "bad signature: {event}");
        assert_eq!(event["instance_id"], id);
    }

    let unauthorized = reqwest::Client::new()
        .post(format!("{}/v1/instances", provider.base))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), 401, "no bearer token, no service");
}

#[test]
fn simulate_stops_cleanly_on_sigterm() {
    let dir = TempDir::new();
    let mut provider = Provider::start(&dir, &WebhookSecret::generate(), 3600);
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &provider.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = provider.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "simulate ignored SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
}

#[test]
fn simulate_names_the_missing_or_bad_flag() {
    let dir = TempDir::new();
    let token = [("FLEET_SIMULATE_API_TOKEN", TOKEN.to_owned())];
    let missing = run(&dir.0, &token, &["simulate"]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("--callback-secret"), "{stderr}");

    let bad = run(
        &dir.0,
        &token,
        &["simulate", "--callback-secret", "not-a-whsec-secret"],
    );
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("--callback-secret"), "{stderr}");
    assert!(
        !stderr.contains("not-a-whsec-secret"),
        "the secret is not echoed: {stderr}"
    );

    let rate = run(
        &dir.0,
        &token,
        &[
            "simulate",
            "--callback-secret",
            &WebhookSecret::generate(),
            "--disconnect-rate",
            "2",
        ],
    );
    assert_eq!(rate.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&rate.stderr).contains("--disconnect-rate"));
}
