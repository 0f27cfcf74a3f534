//! Sending through the API and the queue, worked by hand: status through delivery with its
//! events, idempotency, scheduling, cancel, retries to the dead letters and replay,
//! permanent failures, and the pacing of one account measured on the simulator's clock.

use std::time::Duration;

use fleet_connectors::{simulator::SendFailureRule, ConnectorError};
use fleet_core::clock::now_ms;
use poem::http::Method;
use serde_json::{json, Value};

use crate::{
    messaging_support::conv,
    support::{each_backend, Limits, TestApp},
};

fn statuses_of(
    events: &mut tokio::sync::broadcast::Receiver<fleet_core::events::DomainEvent>,
    id: &str,
) -> Vec<String> {
    let mut seen = Vec::new();
    while let Ok(event) = events.try_recv() {
        if event.kind == "message.status_changed" && event.subject_id == id {
            seen.push(event.data["new_status"].as_str().unwrap_or("").to_owned());
        }
    }
    seen
}

fn attempt_outcomes(message: &Value) -> Vec<String> {
    message["attempt_log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["outcome"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_message_goes_pending_sending_sent_delivered_and_each_change_is_published() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let mut events = app.events.subscribe();
        let t = app.tenant("flow").await;
        let account = app.online_account(&t, "sender").await;
        let id = app.send_text(&t, &account, "hello").await;
        assert_eq!(app.message(&t, &id).await["status"], "pending");
        app.drain().await;
        let sent = app.message(&t, &id).await;
        assert_eq!(sent["status"], "sent", "{backend:?}");
        assert_eq!(attempt_outcomes(&sent), ["sent"]);
        assert_eq!(sent["client_message_id"], id.as_str());
        let simulator = app.state.accounts.simulator().unwrap();
        let log = simulator.sent_messages();
        assert_eq!(log.len(), 1);
        assert_eq!(
            (
                log[0].client_message_id.as_str(),
                log[0].content["text"].as_str()
            ),
            (id.as_str(), Some("hello"))
        );

        tokio::time::sleep(Duration::from_millis(1_100)).await;
        for report in simulator.delivery_round() {
            assert!(app.state.messaging.apply_delivery(&report).await.unwrap());
        }
        let delivered = app.message(&t, &id).await;
        assert_eq!(delivered["status"], "delivered");
        assert!(delivered["delivered_at"].is_string());
        assert_eq!(
            statuses_of(&mut events, &id),
            ["pending", "sending", "sent", "delivered"]
        );
    })
    .await;
}

#[tokio::test]
async fn the_same_idempotency_key_answers_the_first_answer_and_refuses_another_body() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("idem").await;
        let account = app.online_account(&t, "sender").await;
        let body = json!({ "account_id": account, "conversation_id": conv(&account, 1), "message_type": "text", "content": { "text": "once" } });
        let first = app.send(&t, body.clone(), Some("order-42")).await;
        let again = app.send(&t, body.clone(), Some("order-42")).await;
        assert_eq!(first.expect(202, None), again.expect(202, None), "{backend:?}");
        // Only the replay says it is one.
        assert!(first.headers.get("idempotent-replayed").is_none());
        assert_eq!(again.headers["idempotent-replayed"], "true");
        let other = json!({ "account_id": account, "conversation_id": conv(&account, 1), "message_type": "text", "content": { "text": "twice?" } });
        app.send(&t, other, Some("order-42")).await.expect(422, Some("idempotency_key_reused"));
        let listed = app.get("/api/v1/messages", &t.admin_token).await;
        assert_eq!(listed.expect(200, None)["total"], 1);

        let batch = json!({ "account_id": account, "messages": [{ "conversation_id": conv(&account, 1), "message_type": "text", "content": { "text": "b" } }] });
        let post_batch = |key: &'static str, body: Value| {
            let app = &app;
            let token = t.admin_token.clone();
            async move {
                app.with_headers(Method::POST, "/api/v1/messages/batch-send", &token, &[("Idempotency-Key", key)], body)
                    .await
            }
        };
        let b1 = post_batch("batch-1", batch.clone()).await;
        let b2 = post_batch("batch-1", batch.clone()).await;
        assert_eq!(b1.expect(202, None)["batch_id"], b2.expect(202, None)["batch_id"]);
        assert_eq!(b2.headers["idempotent-replayed"], "true");
        // A key is per operation: the same key on a single send is a new request.
        app.send(&t, body, Some("batch-1")).await.expect(202, None);
        let listed = app.get("/api/v1/messages", &t.admin_token).await;
        assert_eq!(listed.expect(200, None)["total"], 3);
        app.send(&t, json!({ "account_id": account, "conversation_id": "c", "message_type": "text", "content": { "text": "x" } }), Some("bad key"))
            .await
            .expect(400, Some("invalid_parameter"));
    })
    .await;
}

#[tokio::test]
async fn a_scheduled_message_waits_for_its_time_and_cancel_gives_the_quota_back() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("sched").await;
        let account = app.online_account(&t, "sender").await;
        let at_ms = now_ms() + 3_600_000;
        let at = fleet_core::clock::to_rfc3339(at_ms);
        let send_at = |text: &str| {
            json!({ "account_id": account, "conversation_id": conv(&account, 2), "message_type": "text", "content": { "text": text }, "send_time": at })
        };
        let later = app.send(&t, send_at("later"), None).await.expect(202, None)["message_id"].as_str().unwrap().to_owned();
        let doomed = app.send(&t, send_at("never"), None).await.expect(202, None)["message_id"].as_str().unwrap().to_owned();
        app.drain().await;
        let waiting = app.message(&t, &later).await;
        assert_eq!((waiting["status"].as_str(), waiting["send_time"].as_str()), (Some("pending"), Some(at.as_str())));
        assert_eq!(waiting["due_at"], at.as_str());

        let cancelled = app.post(&format!("/api/v1/messages/{doomed}/cancel"), &t.admin_token, json!({})).await;
        assert_eq!(cancelled.expect(200, None)["status"], "cancelled");
        app.post(&format!("/api/v1/messages/{doomed}/cancel"), &t.admin_token, json!({}))
            .await
            .expect(409, Some("invalid_state"));
        // A scheduled message counts on the day it goes out, in the tenant's timezone: an
        // hour from now may be tomorrow there, so the range must reach that day.
        let tenant = app.get("/api/v1/tenant", &t.admin_token).await;
        let tz: chrono_tz::Tz = tenant.expect(200, None)["timezone"].as_str().unwrap().parse().unwrap();
        let due_day = chrono::DateTime::from_timestamp_millis(at_ms).unwrap().with_timezone(&tz).format("%Y-%m-%d");
        let usage = app.get(&format!("/api/v1/tenant/usage?until={due_day}"), &t.admin_token).await;
        let days = usage.expect(200, None)["days"].as_array().unwrap().clone();
        let charged: i64 = days.iter().map(|d| d["used"].as_i64().unwrap()).sum();
        let cancelled: i64 = days.iter().map(|d| d["cancelled"].as_i64().unwrap()).sum();
        assert_eq!((charged, cancelled), (1, 1), "{backend:?}");

        app.make_due().await;
        app.drain().await;
        assert_eq!(app.message(&t, &later).await["status"], "sent");
        app.post(&format!("/api/v1/messages/{later}/cancel"), &t.admin_token, json!({}))
            .await
            .expect(409, Some("invalid_state"));
    })
    .await;
}

#[tokio::test]
async fn retryable_failures_climb_the_ladder_then_dead_letter_and_replay_sends_once() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("retry").await;
        let account = app.online_account(&t, "sender").await;
        let simulator = app.state.accounts.simulator().unwrap().clone();
        simulator.fail_sends(SendFailureRule {
            message_type: None,
            error: ConnectorError::retryable("-1", "system busy"),
            times: None,
        });
        let id = app.send_text(&t, &account, "persistent").await;
        let mut waits = Vec::new();
        for _ in 0..3 {
            let before = now_ms();
            app.drain().await;
            let m = app.message(&t, &id).await;
            assert_eq!(
                (m["status"].as_str(), m["last_error_code"].as_str()),
                (Some("pending"), Some("-1"))
            );
            let due = chrono::DateTime::parse_from_rfc3339(m["due_at"].as_str().unwrap())
                .unwrap()
                .timestamp_millis();
            waits.push(((due - before) as f64 / 1000.0).round() as i64);
            app.make_due().await;
        }
        assert_eq!(waits, [60, 300, 900], "{backend:?}");
        app.drain().await;
        let dead = app.message(&t, &id).await;
        assert_eq!(
            (dead["status"].as_str(), dead["dead_lettered"].as_bool()),
            (Some("failed"), Some(true))
        );
        assert_eq!(attempt_outcomes(&dead), ["retryable"; 4]);
        let letters = app
            .get("/api/v1/messages?status=failed", &t.admin_token)
            .await;
        assert_eq!(letters.expect(200, None)["total"], 1);

        simulator.clear_send_failures();
        let replayed = app
            .post(
                &format!("/api/v1/messages/{id}/retry"),
                &t.admin_token,
                json!({}),
            )
            .await;
        let replayed = replayed.expect(200, None);
        assert_eq!(
            (
                replayed["status"].as_str(),
                replayed["attempts"].as_i64(),
                replayed["dead_lettered"].as_bool()
            ),
            (Some("pending"), Some(0), Some(false))
        );
        app.drain().await;
        assert_eq!(app.message(&t, &id).await["status"], "sent");
        assert_eq!(simulator.sent_messages().len(), 1);
        app.post(
            &format!("/api/v1/messages/{id}/retry"),
            &t.admin_token,
            json!({}),
        )
        .await
        .expect(409, Some("invalid_state"));
    })
    .await;
}

#[tokio::test]
async fn a_permanent_failure_fails_at_once_without_dead_lettering() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("permanent").await;
        let account = app.online_account(&t, "sender").await;
        app.state
            .accounts
            .simulator()
            .unwrap()
            .fail_sends(SendFailureRule {
                message_type: Some("text".into()),
                error: ConnectorError::permanent("40003", "invalid user"),
                times: Some(1),
            });
        let id = app.send_text(&t, &account, "to nobody").await;
        app.drain().await;
        let failed = app.message(&t, &id).await;
        assert_eq!(
            (
                failed["status"].as_str(),
                failed["last_error_code"].as_str(),
                failed["dead_lettered"].as_bool()
            ),
            (Some("failed"), Some("40003"), Some(false)),
            "{backend:?}"
        );
        assert_eq!(attempt_outcomes(&failed), ["permanent"]);
    })
    .await;
}

#[tokio::test]
async fn an_offline_account_does_not_send_and_its_messages_retry() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("offline").await;
        let account = app.account(&t, "never-logged-in").await;
        let id = app.send_text(&t, &account, "waiting").await;
        app.drain().await;
        let m = app.message(&t, &id).await;
        assert_eq!(
            (
                m["status"].as_str(),
                m["last_error_code"].as_str(),
                m["attempts"].as_i64()
            ),
            (Some("pending"), Some("account_not_online"), Some(1)),
            "{backend:?}"
        );
    })
    .await;
}

/// A profile quick enough for a test: 300-400 ms between sends, 1.5 s per recipient, 4 a day.
fn paced_limits() -> Limits {
    let mut limits = Limits::default();
    limits.messaging.profiles.insert(
        "paced".into(),
        fleet_messaging::pacing::PacingProfile {
            min_gap_ms: 300,
            max_gap_ms: 400,
            daily_cap: Some(4),
            recipient_gap_ms: 1_500,
        },
    );
    limits
}

#[tokio::test]
async fn pacing_spaces_sends_per_account_and_recipient_and_defers_past_the_daily_cap() {
    each_backend(|backend| async move {
        let app = TestApp::with_limits(backend, paced_limits()).await;
        let t = app.tenant("paced").await;
        let account = app.online_account(&t, "careful").await;
        app.call(
            Method::PUT,
            &format!("/api/v1/accounts/{account}/messaging"),
            Some(&t.admin_token),
            Some(json!({ "pacing_profile": "paced", "max_daily_messages": null })),
        )
        .await
        .expect(200, None);
        let mut ids = Vec::new();
        for i in 0..6 {
            let conv = conv(&account, if i % 2 == 0 { 1 } else { 2 });
            let reply = app
                .send(&t, json!({ "account_id": account, "conversation_id": conv, "message_type": "text", "content": { "text": format!("m{i}") } }), None)
                .await;
            ids.push(reply.expect(202, None)["message_id"].as_str().unwrap().to_owned());
        }
        let simulator = app.state.accounts.simulator().unwrap().clone();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while simulator.sent_messages().len() < 4 && std::time::Instant::now() < deadline {
            app.state.messaging.work_once().await.unwrap();
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // The cap is reached: work past every recipient gap sends nothing more today.
        let settle = std::time::Instant::now() + Duration::from_millis(2_000);
        while std::time::Instant::now() < settle {
            app.state.messaging.work_once().await.unwrap();
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let log = simulator.sent_messages();
        assert_eq!(log.len(), 4, "{backend:?}");
        // Slots are taken just before each send; the simulator stamps the send's arrival, so
        // its gaps may differ from the slots' by the jitter of the calls in between (allowed:
        // 100 ms, far below the gaps an unpaced account shows: a few ms).
        const JITTER: i64 = 100;
        for pair in log.windows(2) {
            let gap = pair[1].sent_at - pair[0].sent_at;
            assert!(gap >= 300 - JITTER, "sends {gap} ms apart, the profile says 300-400");
        }
        for conv in [conv(&account, 1), conv(&account, 2)] {
            let times: Vec<i64> = log.iter().filter(|m| m.conversation_id == conv).map(|m| m.sent_at).collect();
            for pair in times.windows(2) {
                assert!(pair[1] - pair[0] >= 1_500 - JITTER, "{conv}: {} ms apart", pair[1] - pair[0]);
            }
        }
        let mut deferred = 0;
        for id in &ids {
            let m = app.message(&t, id).await;
            if m["status"] == "pending" {
                deferred += 1;
                let due = chrono::DateTime::parse_from_rfc3339(m["due_at"].as_str().unwrap()).unwrap();
                let local = due.with_timezone(&chrono_tz::Asia::Shanghai);
                assert_eq!(local.format("%H:%M:%S").to_string(), "00:00:00", "deferred to the start of the next day");
                assert_eq!(m["attempts"], 0, "pacing never counts as an attempt");
            }
        }
        assert_eq!(deferred, 2);
    })
    .await;
}
