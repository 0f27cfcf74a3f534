//! The `http_instance` connector end to end: `wecom-fleet serve` drives accounts hosted by
//! `wecom-fleet simulate` running as a separate process, over real sockets, with the
//! provider's signed callbacks moving the accounts along. The same walk as the in-process
//! simulator's: scan → confirm → online; heartbeats; a reported disconnect and a silent drop
//! both recovered; logout; re-login with new-device verification; the provider going away
//! (recovery exhausted → offline); delete. And forged, stale and replayed callbacks.

use std::time::{Duration, Instant};

use fleet_core::{clock::now_ms, webhook_signature::WebhookSecret};
use reqwest::Method;
use serde_json::{json, Value};

use crate::process::{create_platform_admin, free_port, Provider, Server, TempDir, PASSWORD};

struct Walk {
    fleet: Server,
    provider: Provider,
    token: String,
    secret: String,
}

impl Walk {
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        self.fleet.call(method, path, Some(&self.token), body).await
    }

    /// Plays the phone at the provider.
    async fn drive(&self, instance: &str, action: &str) {
        let (status, body) = self
            .provider
            .post(&format!("/v1/instances/{instance}/simulate/{action}"), None)
            .await;
        assert_eq!(status, 200, "{action}: {body}");
    }

    async fn status(&self, id: &str) -> Value {
        let (status, body) = self
            .call(Method::GET, &format!("/api/v1/accounts/{id}/status"), None)
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }

    /// Waits until the account shows `status` (and `stage`, when given).
    async fn until(&self, id: &str, status: &str, stage: Option<&str>) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let now = self.status(id).await;
            if now["status"] == status && now["login_stage"].as_str() == stage {
                return now;
            }
            if Instant::now() >= deadline {
                let (_, metrics) = self.fleet.call(Method::GET, "/metrics", None, None).await;
                let sweeps: Vec<&str> = metrics
                    .as_str()
                    .unwrap_or("")
                    .lines()
                    .filter(|l| l.starts_with("fleet_account_sweep"))
                    .collect();
                let history = self.reasons(id).await;
                panic!(
                    "waited for {status}/{stage:?}, still {now}; history {history:?}; {sweeps:#?}"
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the history after its first `from` entries reads `expected`.
    async fn until_history(&self, id: &str, from: usize, expected: &[&str]) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let reasons = self.reasons(id).await;
            if reasons[from..] == *expected {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {expected:?} after entry {from}, history is {reasons:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn reasons(&self, id: &str) -> Vec<String> {
        let (_, history) = self
            .call(
                Method::GET,
                &format!("/api/v1/accounts/{id}/history?size=200"),
                None,
            )
            .await;
        history["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["reason"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Posts a provider callback signed with `secret` at `timestamp`.
    async fn callback(
        &self,
        id: &str,
        delivery: &str,
        timestamp: i64,
        secret: &str,
        body: &Value,
    ) -> (u16, Value) {
        let bytes = body.to_string();
        let signature =
            WebhookSecret::parse(secret)
                .unwrap()
                .sign(delivery, timestamp, bytes.as_bytes());
        let answer = reqwest::Client::new()
            .post(format!("{}/callbacks/provider/{id}", self.fleet.base))
            .header("content-type", "application/json")
            .header("webhook-id", delivery)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        (status, answer.json().await.unwrap_or(Value::Null))
    }
}

async fn start() -> (TempDir, Walk) {
    let dir = TempDir::new();
    let secret = WebhookSecret::generate();
    let provider = Provider::start(&dir, &secret, 1);
    let port = free_port();
    let mut env = provider.connector_env(&secret, port);
    env.extend([
        ("FLEET_DATABASE_URL", dir.sqlite_url()),
        ("FLEET_ACCOUNTS_SWEEP_INTERVAL_SECS", "1".to_owned()),
        ("FLEET_ACCOUNTS_HEARTBEAT_TIMEOUT_SECS", "3".to_owned()),
        ("FLEET_ACCOUNTS_RECOVERY_BACKOFF_SECS", "[1]".to_owned()),
        ("FLEET_ACCOUNTS_RECOVERY_MAX_ATTEMPTS", "2".to_owned()),
        ("FLEET_ACCOUNTS_CONNECTOR_TIMEOUT_SECS", "2".to_owned()),
    ]);
    assert!(create_platform_admin(&dir.0, &env, "root@ops.test")
        .status
        .success());
    let listen = format!("127.0.0.1:{port}");
    let fleet = Server::start(&dir.0, &env, &["serve", "--listen", &listen], port).await;
    let root = fleet.token("root@ops.test", PASSWORD).await;
    let tenant = json!({ "name": "Acme", "code": "acme", "admin_email": "admin@acme.test", "admin_password": PASSWORD });
    let (status, body) = fleet
        .call(Method::POST, "/api/v1/tenants", Some(&root), Some(tenant))
        .await;
    assert_eq!(status, 201, "{body}");
    let token = fleet.token("admin@acme.test", PASSWORD).await;
    (
        dir,
        Walk {
            fleet,
            provider,
            token,
            secret,
        },
    )
}

#[tokio::test]
async fn accounts_hosted_by_a_provider_process_walk_the_whole_lifecycle() {
    let (_dir, mut w) = start().await;
    let (status, created) = w
        .call(
            Method::POST,
            "/api/v1/accounts",
            Some(json!({ "account_name": "hosted-01", "connector": "http_instance" })),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["account_id"].as_str().unwrap().to_owned();
    let instance = format!("sim-{id}");

    // QR login: the provider's callbacks move the account.
    let (status, login) = w
        .call(Method::PUT, &format!("/api/v1/accounts/{id}/login"), None)
        .await;
    assert_eq!(
        (status, login["login_stage"].as_str()),
        (200, Some("waiting_scan")),
        "{login}"
    );
    w.drive(&instance, "scan").await;
    w.until(&id, "qr_wait", Some("waiting_confirm")).await;
    w.drive(&instance, "confirm").await;
    let online = w.until(&id, "online", None).await;
    let (status, conversations) = w
        .call(
            Method::GET,
            &format!("/api/v1/accounts/{id}/conversations"),
            None,
        )
        .await;
    assert_eq!(
        (status, conversations["total"].as_i64()),
        (200, Some(3)),
        "{conversations}"
    );

    // Heartbeats arrive every second.
    let deadline = Instant::now() + Duration::from_secs(10);
    while w.status(&id).await["last_heartbeat"] == online["last_heartbeat"] {
        assert!(Instant::now() < deadline, "no heartbeat arrived");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // A reported disconnect: the sweeper reconnects through the provider. `recovering` may
    // last less than a poll, so the history tells what happened.
    let before = w.reasons(&id).await.len();
    w.drive(&instance, "disconnect").await;
    w.until_history(&id, before, &["disconnected", "recovered"])
        .await;
    assert_eq!(w.status(&id).await["status"], "online");
    // A silent drop: no heartbeat for 3 s, then the same recovery.
    let before = w.reasons(&id).await.len();
    w.drive(&instance, "drop").await;
    w.until_history(&id, before, &["heartbeat_lost", "recovered"])
        .await;
    assert_eq!(w.status(&id).await["status"], "online");

    // Logout, then re-login with a new-device check.
    let (status, body) = w
        .call(Method::PUT, &format!("/api/v1/accounts/{id}/logout"), None)
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("offline")),
        "{body}"
    );
    w.call(Method::PUT, &format!("/api/v1/accounts/{id}/login"), None)
        .await;
    w.drive(&instance, "scan").await;
    w.until(&id, "qr_wait", Some("waiting_confirm")).await;
    w.drive(&instance, "require-verification").await;
    w.until(&id, "qr_wait", Some("needs_verification")).await;
    let verify = |code: &str| json!({ "code": code });
    let (status, wrong) = w
        .call(
            Method::POST,
            &format!("/api/v1/accounts/{id}/verify"),
            Some(verify("999999")),
        )
        .await;
    assert_eq!(
        (status, wrong["code"].as_str()),
        (422, Some("connector_refused")),
        "{wrong}"
    );
    let (status, body) = w
        .call(
            Method::POST,
            &format!("/api/v1/accounts/{id}/verify"),
            Some(verify("000000")),
        )
        .await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("online")),
        "{body}"
    );

    let reasons = w.reasons(&id).await;
    for expected in [
        "start_login",
        "qr_scanned",
        "qr_confirmed",
        "disconnected",
        "recovered",
        "heartbeat_lost",
        "logout",
        "verification_required",
        "verified",
    ] {
        assert!(
            reasons.iter().any(|r| r == expected),
            "no {expected} in {reasons:?}"
        );
    }

    // The provider goes away: recovery fails twice and the account goes offline.
    w.provider.child.kill().unwrap();
    w.provider.child.wait().unwrap();
    w.until(&id, "offline", None).await;
    let reasons = w.reasons(&id).await;
    assert_eq!(
        reasons[reasons.len() - 3..],
        ["heartbeat_lost", "recovery_failed", "recovery_exhausted"]
    );

    let (status, _) = w
        .call(Method::DELETE, &format!("/api/v1/accounts/{id}"), None)
        .await;
    assert_eq!(status, 204);
}

#[tokio::test]
async fn forged_stale_and_replayed_callbacks_are_refused_or_ignored() {
    let (_dir, w) = start().await;
    let (_, created) = w
        .call(
            Method::POST,
            "/api/v1/accounts",
            Some(json!({ "account_name": "hosted-02", "connector": "http_instance" })),
        )
        .await;
    let id = created["account_id"].as_str().unwrap().to_owned();
    w.call(Method::PUT, &format!("/api/v1/accounts/{id}/login"), None)
        .await;
    let scanned = json!({ "type": "qr_scanned", "instance_id": format!("sim-{id}"), "occurred_at": now_ms() });
    let now = now_ms() / 1000;

    let forged = WebhookSecret::generate();
    let (status, body) = w.callback(&id, "evt_forged", now, &forged, &scanned).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("invalid_signature")),
        "{body}"
    );
    let (status, body) = w
        .callback(&id, "evt_old", now - 600, &w.secret, &scanned)
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("stale_timestamp")),
        "{body}"
    );
    assert_eq!(
        w.status(&id).await["login_stage"],
        "waiting_scan",
        "nothing was applied"
    );
    let (status, _) = w
        .callback("no-such-account", "evt_x", now, &w.secret, &scanned)
        .await;
    assert_eq!(status, 404);
    let padding = "x".repeat(70 * 1024);
    let oversized = json!({ "type": "heartbeat", "instance_id": format!("sim-{id}"), "occurred_at": 1, "data": { "padding": padding } });
    let (status, body) = w.callback(&id, "evt_big", now, &w.secret, &oversized).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (413, Some("payload_too_large")),
        "{body}"
    );
    let other_instance =
        json!({ "type": "qr_scanned", "instance_id": "sim-someone-else", "occurred_at": 1 });
    let (status, _) = w
        .callback(&id, "evt_other", now, &w.secret, &other_instance)
        .await;
    assert_eq!(
        status, 404,
        "an event about another instance is not applied to this account"
    );

    let (status, first) = w.callback(&id, "evt_once", now, &w.secret, &scanned).await;
    assert_eq!(
        (status, first["duplicate"].as_bool()),
        (200, Some(false)),
        "{first}"
    );
    assert_eq!(w.status(&id).await["login_stage"], "waiting_confirm");
    let (status, again) = w
        .callback(&id, "evt_once", now + 1, &w.secret, &scanned)
        .await;
    assert_eq!(
        (status, again["duplicate"].as_bool()),
        (200, Some(true)),
        "{again}"
    );
    assert_eq!(again["event_id"], first["event_id"]);
    let scans = w
        .reasons(&id)
        .await
        .iter()
        .filter(|r| *r == "qr_scanned")
        .count();
    assert_eq!(scans, 1, "a replayed delivery is not processed again");
}
