//! Our webhooks as a tenant's receiver sees them through the reference `standardwebhooks`
//! library (Python, from PyPI): each verifies with the endpoint's secret, and across a
//! rotation with the old and the new secret until the overlap ends.

use std::{path::PathBuf, process::Stdio, time::Duration};

use fleet_core::events::DomainEvent;
use fleet_webhooks::WebhookSettings;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::support::{each_backend, event_data, Limits, TestApp};

struct PythonReceiver {
    url: String,
    dir: PathBuf,
    _child: tokio::process::Child,
}

impl PythonReceiver {
    async fn start() -> Self {
        let dir = std::env::temp_dir().join(format!("fleet-swh-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("secrets.json"), "[]").unwrap();
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/receivers/standard_webhooks_receiver.py"
        );
        let mut child = tokio::process::Command::new("python3")
            .arg(script)
            .arg(dir.join("secrets.json"))
            .arg(dir.join("log.jsonl"))
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect(
                "python3 runs the reference receiver (scripts/test.sh installs standardwebhooks)",
            );
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let port = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
            .await
            .expect("the receiver prints its port")
            .unwrap()
            .expect("the receiver started; is `standardwebhooks` installed?");
        Self {
            url: format!("http://127.0.0.1:{}/hooks", port.trim()),
            dir,
            _child: child,
        }
    }

    fn trust(&self, secrets: &[&str]) {
        std::fs::write(
            self.dir.join("secrets.json"),
            serde_json::to_string(secrets).unwrap(),
        )
        .unwrap();
    }

    /// The indexes of the trusted secrets that verified each delivery so far.
    fn verified(&self) -> Vec<Vec<u64>> {
        std::fs::read_to_string(self.dir.join("log.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|line| {
                let entry: Value = serde_json::from_str(line).unwrap();
                entry["verified"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i.as_u64().unwrap())
                    .collect()
            })
            .collect()
    }
}

impl Drop for PythonReceiver {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Publishes an event and delivers it; returns the delivery's status.
async fn deliver_one(app: &TestApp, tenant: &str, token: &str, n: i64) -> String {
    app.events.publish(DomainEvent::new(
        "message.received",
        tenant,
        "a1",
        event_data("message.received", json!({ "n": n })),
    ));
    for _ in 0..100 {
        if app.state.webhooks.deliver_due().await.unwrap() > 0 {
            let list = app.get("/api/v1/webhooks/deliveries?size=1", token).await;
            return list.expect(200, None)["items"][0]["status"]
                .as_str()
                .unwrap()
                .to_owned();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("delivery {n} was never queued");
}

#[tokio::test]
async fn the_reference_library_verifies_our_signatures_across_a_secret_rotation() {
    each_backend(|backend| async move {
        let overlap = Duration::from_secs(2);
        let app = TestApp::with_limits(
            backend,
            Limits {
                webhooks: WebhookSettings {
                    allow_private_targets: true,
                    schedule: vec![Duration::ZERO],
                    secret_overlap: overlap,
                    ..WebhookSettings::default()
                },
                ..Limits::default()
            },
        )
        .await;
        let receiver = PythonReceiver::start().await;
        let t = app.tenant("alpha").await;
        let created = app
            .post(
                "/api/v1/webhooks/endpoints",
                &t.admin_token,
                json!({ "url": receiver.url }),
            )
            .await;
        let id = created.expect(201, None)["endpoint_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let secret_path = format!("/api/v1/webhooks/endpoints/{id}/secret");
        let old = app
            .get(&secret_path, &t.admin_token)
            .await
            .expect(200, None)["secret"]
            .as_str()
            .unwrap()
            .to_owned();
        let stranger = fleet_core::webhook_signature::WebhookSecret::generate();

        receiver.trust(&[&old, &stranger]);
        assert_eq!(
            deliver_one(&app, &t.id, &t.admin_token, 1).await,
            "succeeded",
            "{backend:?}"
        );

        let rotated = app
            .post(
                &format!("{secret_path}/rotate"),
                &t.admin_token,
                Value::Null,
            )
            .await;
        let new = rotated.expect(200, None)["secret"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_ne!(new, old);
        assert!(rotated.body["previous_expires_at"].is_string());
        receiver.trust(&[&old, &new]);
        assert_eq!(
            deliver_one(&app, &t.id, &t.admin_token, 2).await,
            "succeeded"
        );

        tokio::time::sleep(overlap + Duration::from_millis(200)).await;
        assert_eq!(
            deliver_one(&app, &t.id, &t.admin_token, 3).await,
            "succeeded"
        );
        receiver.trust(&[&old]);
        // Signed with the new secret only: a receiver still on the old one refuses it (401).
        assert_eq!(deliver_one(&app, &t.id, &t.admin_token, 4).await, "failed");

        assert_eq!(
            receiver.verified(),
            [vec![0], vec![0, 1], vec![1], vec![]],
            "old secret alone; both during the overlap; the new one alone after it"
        );
    })
    .await;
}
