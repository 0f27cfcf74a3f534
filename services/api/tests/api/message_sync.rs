//! Message sync through the callback registry: a provider's `message_failed` turns a sent
//! message failed, a report that arrives while our own send is still recording the message
//! is retried until it applies, and each status change is queued for the tenant's webhooks.

use std::time::Duration;

use fleet_callbacks::{DispatchSettings, IncomingCallback};
use fleet_store::Scope;
use serde_json::{json, Value};

use crate::support::{each_backend, Limits, Tenant, TestApp};

/// A provider's sync report about `client_message_id`, as stored by the provider route.
async fn report(
    app: &TestApp,
    t: &Tenant,
    account: &str,
    kind: &str,
    client_id: &str,
    key: &str,
) -> String {
    let received = app
        .state
        .callbacks
        .receive(IncomingCallback {
            tenant: t.id.parse().unwrap(),
            source: "provider",
            account_id: Some(account.to_owned()),
            dedup_key: format!("{account}:{key}"),
            kind: format!("provider.{kind}"),
            payload: json!({ "type": kind, "instance_id": "i", "occurred_at": 1,
                "data": { "client_message_id": client_id, "provider_message_id": "p1", "error_code": "recipient_left", "error": "left the group" } }),
        })
        .await
        .unwrap();
    received.event_id
}

async fn event(app: &TestApp, t: &Tenant, id: &str) -> Value {
    app.get(&format!("/api/v1/callbacks/events/{id}"), &t.admin_token)
        .await
        .expect(200, None)
        .clone()
}

async fn set_status(app: &TestApp, message: &str, status: &str) {
    let mut tx = app.state.db.begin(Scope::Platform).await.unwrap();
    sqlx::query("UPDATE messages SET status = $1 WHERE id = $2")
        .bind(status)
        .bind(message)
        .execute(tx.conn())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn provider_reports_move_sent_messages_and_wait_for_ones_still_sending() {
    each_backend(|backend| async move {
        let app = TestApp::with_limits(
            backend,
            Limits {
                dispatch: DispatchSettings {
                    retry_delays: vec![Duration::ZERO; 3],
                    ..DispatchSettings::default()
                },
                ..Limits::default()
            },
        )
        .await;
        let t = app.tenant("sync").await;
        app.post("/api/v1/webhooks/endpoints", &t.admin_token, json!({ "url": "https://93.184.216.34/hooks", "event_types": ["message.status_changed"] }))
            .await
            .expect(201, None);
        let account = app.online_account(&t, "sender").await;
        let lost = app.send_text(&t, &account, "one").await;
        app.drain().await;

        let failed = report(&app, &t, &account, "message_failed", &lost, "r1").await;
        assert_eq!(event(&app, &t, &failed).await["status"], "processed", "{backend:?}");
        let m = app.message(&t, &lost).await;
        assert_eq!((m["status"].as_str(), m["last_error_code"].as_str()), (Some("failed"), Some("recipient_left")));
        // Reported again (a new delivery of the report): nothing left to change.
        let again = report(&app, &t, &account, "message_failed", &lost, "r2").await;
        assert_eq!(event(&app, &t, &again).await["status"], "ignored");

        // A delivery report that overtakes our own send call is kept until the send is recorded.
        let racing = app.send_text(&t, &account, "two").await;
        set_status(&app, &racing, "sending").await;
        let early = report(&app, &t, &account, "message_delivered", &racing, "r3").await;
        let waiting = event(&app, &t, &early).await;
        assert_eq!((waiting["status"].as_str(), waiting["attempts"].as_i64()), (Some("pending"), Some(1)), "{waiting}");
        set_status(&app, &racing, "sent").await;
        app.state.callbacks.dispatch_due().await.unwrap();
        assert_eq!(event(&app, &t, &early).await["status"], "processed");
        assert_eq!(app.message(&t, &racing).await["status"], "delivered");

        // Every change went to the webhook queue: accepted, sending, sent, failed for the
        // first; accepted, delivered for the second (its sending/sent were set by hand).
        let mut types = Vec::new();
        for _ in 0..100 {
            let list = app.get("/api/v1/webhooks/deliveries?size=50", &t.admin_token).await;
            types = list.expect(200, None)["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| format!("{}:{}", d["payload"]["data"]["message_id"].as_str().unwrap_or(""), d["payload"]["data"]["new_status"].as_str().unwrap_or("")))
                .collect::<Vec<_>>();
            if types.len() == 6 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(types.contains(&format!("{lost}:failed")), "{types:?}");
        assert!(types.contains(&format!("{racing}:delivered")), "{types:?}");
        assert_eq!(types.len(), 6, "{types:?}");
    })
    .await;
}
