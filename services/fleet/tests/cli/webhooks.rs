//! Webhook delivery survives a killed process: deliveries in flight when the worker is
//! SIGKILLed are delivered by the next process once their lease runs out, and every queued
//! webhook reaches the receiver.

use std::{
    collections::HashSet,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

use poem::{
    endpoint::make,
    listener::{Acceptor, Listener, TcpListener},
    Request, Response,
};
use reqwest::Method;
use serde_json::json;

use crate::process::{create_platform_admin, free_port, generate_key, Server, TempDir, PASSWORD};

/// Records `webhook-id`s; while `hang` is set it holds every request far past the timeout.
struct Receiver {
    url: String,
    hang: Arc<AtomicBool>,
    seen: Arc<Mutex<Vec<String>>>,
}

async fn receiver() -> Receiver {
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let port = acceptor.local_addr()[0].as_socket_addr().unwrap().port();
    let hang = Arc::new(AtomicBool::new(true));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (h, s) = (hang.clone(), seen.clone());
    let endpoint = make(move |req: Request| {
        let (hang, seen) = (h.clone(), s.clone());
        async move {
            let id = req
                .headers()
                .get("webhook-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            seen.lock().unwrap().push(id);
            if hang.load(Ordering::SeqCst) {
                tokio::time::sleep(Duration::from_secs(60)).await;
            }
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
    Receiver {
        url: format!("http://127.0.0.1:{port}/hooks"),
        hang,
        seen,
    }
}

#[tokio::test]
async fn webhooks_in_flight_when_the_process_is_killed_are_delivered_after_restart() {
    let dir = TempDir::new();
    let env = vec![
        ("FLEET_DATABASE_URL", dir.sqlite_url()),
        (
            "FLEET_AUTH_JWT_SECRET",
            "shared-secret-shared-secret-shared-secret".to_owned(),
        ),
        ("FLEET_ENCRYPTION_KEYS", generate_key(&dir.0, "k1")),
        ("FLEET_SIMULATOR_ENABLED", "true".to_owned()),
        ("FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true".to_owned()),
        ("FLEET_WEBHOOKS_TIMEOUT_SECS", "5".to_owned()),
        ("FLEET_WEBHOOKS_SCHEDULE_SECS", "[0, 1, 1, 1]".to_owned()),
        ("FLEET_WEBHOOKS_POLL_INTERVAL_MS", "100".to_owned()),
    ];
    assert!(create_platform_admin(&dir.0, &env, "root@ops.test")
        .status
        .success());
    let hooks = receiver().await;
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let args = ["serve", "--roles", "api,worker", "--listen", &listen];
    let first = Server::start(&dir.0, &env, &args, port).await;

    let root = first.token("root@ops.test", PASSWORD).await;
    let tenant = json!({ "name": "Acme", "code": "acme", "admin_email": "admin@acme.test", "admin_password": PASSWORD });
    let (status, body) = first
        .call(Method::POST, "/api/v1/tenants", Some(&root), Some(tenant))
        .await;
    assert_eq!(status, 201, "{body}");
    let token = first.token("admin@acme.test", PASSWORD).await;
    let endpoint = json!({ "url": hooks.url, "event_types": ["account.status_changed"] });
    let (status, body) = first
        .call(
            Method::POST,
            "/api/v1/webhooks/endpoints",
            Some(&token),
            Some(endpoint),
        )
        .await;
    assert_eq!(status, 201, "{body}");

    // Five status changes: five webhooks, each held by the receiver when the process dies.
    for n in 0..5 {
        let account = json!({ "account_name": format!("s{n}"), "connector": "simulator" });
        let (status, body) = first
            .call(
                Method::POST,
                "/api/v1/accounts",
                Some(&token),
                Some(account),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let id = body["account_id"].as_str().unwrap();
        let (status, body) = first
            .call(
                Method::PUT,
                &format!("/api/v1/accounts/{id}/login"),
                Some(&token),
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while hooks.seen.lock().unwrap().len() < 5 {
        assert!(Instant::now() < deadline, "the webhooks never went out");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.kill();
    let in_flight: HashSet<String> = hooks.seen.lock().unwrap().iter().cloned().collect();
    assert_eq!(in_flight.len(), 5);

    hooks.hang.store(false, Ordering::SeqCst);
    let second = Server::start(&dir.0, &env, &args, port).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, body) = second
            .call(
                Method::GET,
                "/api/v1/webhooks/deliveries?status=succeeded",
                Some(&token),
                None,
            )
            .await;
        if body["total"] == 5 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not every webhook was delivered after the restart: {body}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let redelivered: HashSet<String> = hooks.seen.lock().unwrap()[5..].iter().cloned().collect();
    assert_eq!(
        redelivered, in_flight,
        "the same webhooks, with the same webhook-id"
    );
    let (_, failed) = second
        .call(
            Method::GET,
            "/api/v1/webhooks/deliveries?status=failed",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(failed["total"], 0, "{failed}");
}
