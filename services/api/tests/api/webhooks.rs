//! Tenant webhooks: endpoints and their validation (private targets refused), signed
//! deliveries to a real receiver, the retry schedule with `Retry-After`, 410 Gone, timeouts,
//! the delivery log and resend, and the delivery-time guard against private addresses.

use std::time::Duration;

use fleet_core::{
    clock::now_ms,
    events::DomainEvent,
    webhook_signature::{self, SignedMessage, WebhookSecret},
};
use fleet_store::{
    webhooks::endpoints::{self, EndpointRecord},
    Dialect, Scope,
};
use fleet_webhooks::WebhookSettings;
use serde_json::{json, Value};

use crate::{
    support::{each_backend, event_data, Limits, Tenant, TestApp},
    webhook_receiver::{Receiver, Scripted},
};

/// Receivers on loopback are allowed; retries are immediate unless a test says otherwise.
fn local(schedule: &[u64]) -> WebhookSettings {
    WebhookSettings {
        allow_private_targets: true,
        schedule: schedule.iter().copied().map(Duration::from_secs).collect(),
        timeout: Duration::from_secs(1),
        ..WebhookSettings::default()
    }
}

async fn hook_app(backend: Dialect, webhooks: WebhookSettings) -> TestApp {
    TestApp::with_limits(
        backend,
        Limits {
            webhooks,
            ..Limits::default()
        },
    )
    .await
}

/// Creates an endpoint; returns its id and secret.
async fn endpoint(app: &TestApp, t: &Tenant, url: &str, types: Value) -> (String, String) {
    let created = app
        .post(
            "/api/v1/webhooks/endpoints",
            &t.admin_token,
            json!({ "url": url, "event_types": types, "description": "crm" }),
        )
        .await;
    let id = created.expect(201, None)["endpoint_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let secret = app
        .get(
            &format!("/api/v1/webhooks/endpoints/{id}/secret"),
            &t.admin_token,
        )
        .await
        .expect(200, None)["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    (id, secret)
}

/// Publishes an event of `kind` for the tenant, as a service would; returns its id.
fn publish(app: &TestApp, tenant: &str, kind: &str) -> String {
    let event = DomainEvent::new(kind, tenant, "subject-1", event_data(kind, json!({})));
    let id = event.id.clone();
    app.events.publish(event);
    id
}

async fn deliveries(app: &TestApp, token: &str, query: &str) -> Value {
    app.get(&format!("/api/v1/webhooks/deliveries?{query}"), token)
        .await
        .expect(200, None)
        .clone()
}

/// Waits for the fan-out to have queued `n` deliveries.
async fn queued(app: &TestApp, token: &str, n: i64) -> Value {
    for _ in 0..100 {
        let found = deliveries(app, token, "").await;
        if found["total"].as_i64() == Some(n) {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "{n} deliveries were never queued: {}",
        deliveries(app, token, "").await
    );
}

async fn delivery(app: &TestApp, token: &str, id: &str) -> Value {
    app.get(&format!("/api/v1/webhooks/deliveries/{id}"), token)
        .await
        .expect(200, None)
        .clone()
}

#[tokio::test]
async fn private_targets_are_refused_and_endpoints_are_validated_and_scoped() {
    each_backend(|backend| async move {
        let app = hook_app(backend, WebhookSettings::default()).await;
        let t = app.tenant("alpha").await;
        let create = |body: Value| {
            let app = &app;
            let token = t.admin_token.clone();
            async move { app.post("/api/v1/webhooks/endpoints", &token, body).await }
        };
        for url in [
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "http://10.0.0.7/hook",
            "http://192.168.1.1/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/hook",
            "http://2130706433/",
        ] {
            create(json!({ "url": url }))
                .await
                .expect(400, Some("webhook_url_forbidden"));
        }
        for body in [
            json!({ "url": "ftp://example.com/x" }),
            json!({ "url": "https://93.184.216.34/x", "secret": "not-a-secret" }),
            json!({ "url": "https://93.184.216.34/x", "description": "x".repeat(201) }),
        ] {
            create(body).await.expect(400, Some("validation_failed"));
        }
        create(json!({ "url": "https://93.184.216.34/x", "event_types": ["message.recieved"] }))
            .await
            .expect(400, Some("invalid_field"));
        create(json!({ "url": "https://93.184.216.34/x", "colour": "red" }))
            .await
            .expect(400, None);
        let created = create(
            json!({ "url": "https://93.184.216.34/x", "event_types": ["message.received"] }),
        )
        .await;
        let created = created.expect(201, None).clone();
        assert_eq!(
            (
                created["enabled"].as_bool(),
                created["event_types"][0].as_str()
            ),
            (Some(true), Some("message.received")),
            "{backend:?}"
        );
        let id = created["endpoint_id"].as_str().unwrap();
        let path = format!("/api/v1/webhooks/endpoints/{id}");
        app.patch(
            &path,
            &t.admin_token,
            json!({ "url": "http://127.0.0.1/x" }),
        )
        .await
        .expect(400, Some("webhook_url_forbidden"));
        let changed = app
            .patch(
                &path,
                &t.admin_token,
                json!({ "enabled": false, "event_types": [] }),
            )
            .await;
        assert_eq!(changed.expect(200, None)["enabled"], false);
        let secret = app.get(&format!("{path}/secret"), &t.admin_token).await;
        assert!(secret.expect(200, None)["secret"]
            .as_str()
            .unwrap()
            .starts_with("whsec_"));
        assert!(
            !app.get(&path, &t.admin_token)
                .await
                .body
                .to_string()
                .contains("whsec_"),
            "the endpoint does not show its secret"
        );

        let other = app.tenant("beta").await;
        app.get(&path, &other.admin_token)
            .await
            .expect(404, Some("not_found"));
        app.get(&format!("{path}/secret"), &other.admin_token)
            .await
            .expect(404, Some("not_found"));
        app.delete(&path, &other.admin_token)
            .await
            .expect(404, Some("not_found"));
        let (_, viewer) = app.user(&t, "viewer@alpha.test", "viewer").await;
        app.get(&format!("{path}/secret"), &viewer)
            .await
            .expect(403, None);
        app.delete(&path, &t.admin_token).await.expect(204, None);
        app.get(&path, &t.admin_token)
            .await
            .expect(404, Some("not_found"));
        let types = app.get("/api/v1/webhooks/event-types", &viewer).await;
        assert!(types.expect(200, None)["items"]
            .as_array()
            .unwrap()
            .contains(&json!("account.status_changed")));
    })
    .await;
}

#[tokio::test]
async fn subscribed_events_are_delivered_signed_and_logged() {
    each_backend(|backend| async move {
        let app = hook_app(backend, local(&[0, 5])).await;
        let receiver = Receiver::start().await;
        let t = app.tenant("alpha").await;
        let other = app.tenant("beta").await;
        let (endpoint_id, secret) =
            endpoint(&app, &t, &receiver.url, json!(["account.status_changed"])).await;
        publish(&app, &t.id, "message.status_changed"); // not subscribed
        publish(&app, &other.id, "account.status_changed"); // not this tenant's
        let event_id = publish(&app, &t.id, "account.status_changed");
        let list = queued(&app, &t.admin_token, 1).await;
        assert_eq!(
            list["items"][0]["event_id"],
            event_id.as_str(),
            "{backend:?}"
        );
        assert_eq!(app.state.webhooks.deliver_due().await.unwrap(), 1);

        let got = receiver.received();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].id, event_id);
        let secret = WebhookSecret::parse(&secret).unwrap();
        webhook_signature::verify(
            &[secret],
            SignedMessage {
                id: &got[0].id,
                timestamp: &got[0].timestamp,
                signatures: &got[0].signature,
                body: got[0].body.as_bytes(),
            },
            now_ms() / 1000,
            300,
        )
        .expect("signed with the endpoint's secret");
        let body: Value = serde_json::from_str(&got[0].body).unwrap();
        assert_eq!(
            (body["type"].as_str(), body["data"]["new_status"].as_str()),
            (Some("account.status_changed"), Some("online"))
        );
        assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));

        let id = list["items"][0]["delivery_id"].as_str().unwrap();
        let logged = delivery(&app, &t.admin_token, id).await;
        assert_eq!(
            (
                logged["status"].as_str(),
                logged["last_response_code"].as_i64(),
                logged["endpoint_id"].as_str()
            ),
            (Some("succeeded"), Some(200), Some(endpoint_id.as_str()))
        );
        assert_eq!(logged["attempt_log"].as_array().unwrap().len(), 1);
        // The same event seen again (another node, a replayed callback) is not queued twice.
        app.events.publish(DomainEvent {
            id: event_id.clone(),
            ..DomainEvent::new(
                "account.status_changed",
                t.id.clone(),
                "s",
                event_data("account.status_changed", json!({})),
            )
        });
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(deliveries(&app, &t.admin_token, "").await["total"], 1);
        assert_eq!(deliveries(&app, &other.admin_token, "").await["total"], 0);
        app.get(
            &format!("/api/v1/webhooks/deliveries/{id}"),
            &other.admin_token,
        )
        .await
        .expect(404, Some("not_found"));
    })
    .await;
}

#[tokio::test]
async fn failures_follow_the_schedule_honour_retry_after_and_end_failed() {
    each_backend(|backend| async move {
        let app = hook_app(backend, local(&[0, 0, 0])).await;
        let receiver = Receiver::start().await;
        let t = app.tenant("alpha").await;
        endpoint(&app, &t, &receiver.url, json!([])).await;
        let long_body = "e".repeat(5000);
        receiver.answer([
            Scripted {
                body: long_body,
                ..Scripted::status(500)
            },
            Scripted {
                headers: vec![("retry-after", "120".to_owned())],
                ..Scripted::status(429)
            },
            Scripted::status(503),
        ]);
        publish(&app, &t.id, "contact.added");
        let id = queued(&app, &t.admin_token, 1).await["items"][0]["delivery_id"]
            .as_str()
            .unwrap()
            .to_owned();

        app.state.webhooks.deliver_due().await.unwrap();
        let first = delivery(&app, &t.admin_token, &id).await;
        assert_eq!(
            (
                first["status"].as_str(),
                first["attempts"].as_i64(),
                first["last_response_code"].as_i64()
            ),
            (Some("pending"), Some(1), Some(500)),
            "{backend:?}"
        );
        assert_eq!(
            first["last_response_body"].as_str().unwrap().len(),
            1024,
            "the log keeps 1 KiB"
        );

        app.state.webhooks.deliver_due().await.unwrap();
        let second = delivery(&app, &t.admin_token, &id).await;
        let due = chrono::DateTime::parse_from_rfc3339(second["next_attempt_at"].as_str().unwrap())
            .unwrap()
            .timestamp_millis();
        assert!(
            due - now_ms() > 110_000,
            "Retry-After: 120 is honoured: {second}"
        );
        assert_eq!(
            app.state.webhooks.deliver_due().await.unwrap(),
            0,
            "not before it"
        );
        app.due_now("webhook_deliveries", &t.id).await;

        app.state.webhooks.deliver_due().await.unwrap();
        let last = delivery(&app, &t.admin_token, &id).await;
        assert_eq!(
            (
                last["status"].as_str(),
                last["attempts"].as_i64(),
                last["next_attempt_at"].as_str()
            ),
            (Some("failed"), Some(3), None)
        );
        let codes: Vec<i64> = last["attempt_log"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["response_code"].as_i64().unwrap())
            .collect();
        assert_eq!(codes, [500, 429, 503]);
        assert_eq!(receiver.received().len(), 3);
        let ids: Vec<String> = receiver.received().into_iter().map(|r| r.id).collect();
        assert!(
            ids.iter().all(|i| *i == ids[0]),
            "webhook-id is the same on every attempt"
        );
        assert_eq!(
            deliveries(&app, &t.admin_token, "status=failed").await["total"],
            1
        );
        app.get("/api/v1/webhooks/deliveries?status=lost", &t.admin_token)
            .await
            .expect(400, Some("invalid_parameter"));
    })
    .await;
}

#[tokio::test]
async fn gone_disables_the_endpoint_until_it_is_enabled_and_resent() {
    each_backend(|backend| async move {
        let app = hook_app(backend, local(&[0, 0, 0])).await;
        let receiver = Receiver::start().await;
        let t = app.tenant("alpha").await;
        let (endpoint_id, _) = endpoint(&app, &t, &receiver.url, json!([])).await;
        receiver.answer([Scripted::status(410)]);
        publish(&app, &t.id, "contact.added");
        let id = queued(&app, &t.admin_token, 1).await["items"][0]["delivery_id"]
            .as_str()
            .unwrap()
            .to_owned();
        app.state.webhooks.deliver_due().await.unwrap();
        let gone = delivery(&app, &t.admin_token, &id).await;
        assert_eq!(
            (gone["status"].as_str(), gone["attempts"].as_i64()),
            (Some("failed"), Some(1)),
            "{backend:?}"
        );
        let path = format!("/api/v1/webhooks/endpoints/{endpoint_id}");
        let ep = app
            .get(&path, &t.admin_token)
            .await
            .expect(200, None)
            .clone();
        assert_eq!(
            (ep["enabled"].as_bool(), ep["disabled_reason"].as_str()),
            (Some(false), Some("gone"))
        );

        // A disabled endpoint gets nothing new, and nothing resent.
        publish(&app, &t.id, "contact.added");
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(deliveries(&app, &t.admin_token, "").await["total"], 1);
        let resend = format!("/api/v1/webhooks/deliveries/{id}/resend");
        app.post(&resend, &t.admin_token, Value::Null)
            .await
            .expect(409, Some("endpoint_disabled"));

        let enabled = app
            .patch(&path, &t.admin_token, json!({ "enabled": true }))
            .await;
        assert!(enabled.expect(200, None)["disabled_reason"].is_null());
        let resent = app.post(&resend, &t.admin_token, Value::Null).await;
        assert_eq!(
            (
                resent.expect(200, None)["status"].as_str(),
                resent.body["attempts"].as_i64()
            ),
            (Some("pending"), Some(0))
        );
        app.state.webhooks.deliver_due().await.unwrap();
        let done = delivery(&app, &t.admin_token, &id).await;
        assert_eq!(
            (done["status"].as_str(), done["attempts"].as_i64()),
            (Some("succeeded"), Some(1))
        );
        assert_eq!(
            done["attempt_log"].as_array().unwrap().len(),
            2,
            "the log keeps the 410 too"
        );
        let other = app.tenant("beta").await;
        app.post(&resend, &other.admin_token, Value::Null)
            .await
            .expect(404, Some("not_found"));
    })
    .await;
}

#[tokio::test]
async fn a_receiver_slower_than_the_timeout_is_a_failed_attempt() {
    each_backend(|backend| async move {
        let app = hook_app(backend, local(&[0, 300])).await;
        let receiver = Receiver::start().await;
        let t = app.tenant("alpha").await;
        endpoint(&app, &t, &receiver.url, json!([])).await;
        receiver.answer([Scripted {
            delay: Duration::from_secs(3),
            ..Scripted::status(200)
        }]);
        publish(&app, &t.id, "contact.added");
        let id = queued(&app, &t.admin_token, 1).await["items"][0]["delivery_id"]
            .as_str()
            .unwrap()
            .to_owned();
        app.state.webhooks.deliver_due().await.unwrap();
        let slow = delivery(&app, &t.admin_token, &id).await;
        assert_eq!(
            (slow["status"].as_str(), slow["last_response_code"].as_i64()),
            (Some("pending"), None),
            "{backend:?}"
        );
        assert!(
            slow["last_error"].as_str().unwrap().contains("timed out"),
            "{slow}"
        );
    })
    .await;
}

#[tokio::test]
async fn deliveries_never_reach_private_addresses_whatever_the_stored_url() {
    each_backend(|backend| async move {
        // The operator forbids private targets; these endpoints were stored before (or behind
        // a name that resolves privately now): the delivery is refused, not sent.
        let app = hook_app(
            backend,
            WebhookSettings {
                schedule: vec![Duration::ZERO],
                ..WebhookSettings::default()
            },
        )
        .await;
        let receiver = Receiver::start().await;
        let t = app.tenant("alpha").await;
        let port = receiver
            .url
            .split(':')
            .nth(2)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        for (n, url) in [
            format!("http://127.0.0.1:{port}/hooks"),
            format!("http://localhost:{port}/hooks"),
        ]
        .into_iter()
        .enumerate()
        {
            let record = EndpointRecord {
                id: format!("ep_private_{n}"),
                tenant_id: t.id.clone(),
                url,
                description: String::new(),
                event_types: "[]".into(),
                enabled: 1,
                disabled_reason: None,
                secret_enc: app.state.keyring.encrypt(
                    &WebhookSecret::generate(),
                    &fleet_store::encrypted_fields::context(
                        "webhook_endpoints",
                        "secret_enc",
                        &format!("ep_private_{n}"),
                    ),
                ),
                previous_secret_enc: None,
                previous_secret_expires_at: None,
                deleted_at: None,
                created_at: now_ms(),
                updated_at: now_ms(),
            };
            let mut tx = app
                .state
                .db
                .begin(Scope::Tenant(t.id.parse().unwrap()))
                .await
                .unwrap();
            endpoints::insert(&mut tx, &record).await.unwrap();
            tx.commit().await.unwrap();
        }
        publish(&app, &t.id, "contact.added");
        queued(&app, &t.admin_token, 2).await;
        app.state.webhooks.deliver_due().await.unwrap();
        let failed = deliveries(&app, &t.admin_token, "status=failed").await;
        assert_eq!(failed["total"], 2, "{backend:?}: {failed}");
        for d in failed["items"].as_array().unwrap() {
            assert!(d["last_error"].as_str().unwrap().contains("private"), "{d}");
        }
        assert!(
            receiver.received().is_empty(),
            "nothing reached the private address"
        );
    })
    .await;
}

#[tokio::test]
async fn retention_deletes_finished_deliveries_with_their_attempts_and_keeps_pending_ones() {
    each_backend(|backend| async move {
        let app = hook_app(backend, local(&[0, 3600])).await;
        let receiver = Receiver::start().await;
        let t = app.tenant("alpha").await;
        endpoint(&app, &t, &receiver.url, json!([])).await;
        receiver.answer([Scripted::status(200), Scripted::status(500)]);
        publish(&app, &t.id, "contact.added");
        queued(&app, &t.admin_token, 1).await;
        app.state.webhooks.deliver_due().await.unwrap();
        publish(&app, &t.id, "contact.removed");
        queued(&app, &t.admin_token, 2).await;
        app.state.webhooks.deliver_due().await.unwrap();
        let purged = fleet_store::retention::purge(
            &app.state.db,
            fleet_store::retention::Retention {
                webhook_deliveries: Some(Duration::ZERO),
                ..Default::default()
            },
            now_ms() + 1,
        )
        .await
        .unwrap();
        assert_eq!(purged.webhook_deliveries, 1, "{backend:?}");
        let left = deliveries(&app, &t.admin_token, "").await;
        assert_eq!(
            (left["total"].as_i64(), left["items"][0]["status"].as_str()),
            (Some(1), Some("pending"))
        );
        let mut tx = app.state.db.read(Scope::Platform).await.unwrap();
        let attempts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_attempts")
            .fetch_one(tx.conn())
            .await
            .unwrap();
        assert_eq!(attempts, 1, "the purged delivery's attempt went with it");
    })
    .await;
}
