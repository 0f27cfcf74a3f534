//! The callback registry: handlers retried with backoff until they pass or are marked
//! failed, replay, unknown kinds kept, events left by a dead process picked up, and the
//! events API's filters and tenant scoping.

use std::{
    sync::{
        atomic::{AtomicI64, AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};

use fleet_callbacks::{CallbackHandler, DispatchSettings, Handled, HandlerError};
use fleet_core::clock::now_ms;
use fleet_store::{
    callback_events::{self, CallbackEventRecord},
    Dialect, Scope,
};
use poem::http::Method;
use serde_json::Value;

use crate::{
    support::{each_backend, Limits, TestApp},
    wecom_api_accounts::official_api,
    wecom_support::{text_message, wecom_account, WecomSender},
};

/// Fails (retryably unless `permanent`) while `failures_left` is above zero, then passes.
#[derive(Default)]
struct Flaky {
    failures_left: AtomicI64,
    calls: AtomicUsize,
    permanent: bool,
}

#[async_trait::async_trait]
impl CallbackHandler for Flaky {
    async fn handle(&self, _event: &CallbackEventRecord) -> Result<Handled, HandlerError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.failures_left.fetch_sub(1, Ordering::SeqCst) > 0 {
            return Err(if self.permanent {
                HandlerError::permanent("the payload makes no sense")
            } else {
                HandlerError::retryable("the downstream is busy")
            });
        }
        Ok(Handled::Processed)
    }
}

/// An app whose inbound WeCom messages go to `handler`, retried after `delays`.
async fn app_with(backend: Dialect, handler: Arc<Flaky>, delays: &[Duration]) -> TestApp {
    let (_sim, base) = official_api().await;
    TestApp::with_limits(
        backend,
        Limits {
            wecom_api: Some(base),
            dispatch: DispatchSettings {
                retry_delays: delays.to_vec(),
                ..DispatchSettings::default()
            },
            handlers: vec![("wecom.inbound_message".into(), handler)],
            ..Limits::default()
        },
    )
    .await
}

async fn only_event(app: &TestApp, token: &str) -> Value {
    let list = app.get("/api/v1/callbacks/events", token).await;
    let body = list.expect(200, None);
    assert_eq!(body["total"], 1, "{body}");
    body["items"][0].clone()
}

#[tokio::test]
async fn a_failing_handler_is_retried_after_its_backoff_until_it_passes() {
    each_backend(|backend| async move {
        let handler = Arc::new(Flaky::default());
        handler.failures_left.store(2, Ordering::SeqCst);
        let app = app_with(
            backend,
            handler.clone(),
            &[Duration::ZERO, Duration::from_secs(3600)],
        )
        .await;
        let t = app.tenant("alpha").await;
        let id = wecom_account(&app, &t).await;
        // Acknowledged although the handler failed: the failure is ours to retry, not WeCom's.
        WecomSender::new(&id)
            .post(&app, &text_message("1", "hi"))
            .await
            .expect(200, None);
        let first = only_event(&app, &t.admin_token).await;
        assert_eq!(
            (
                first["status"].as_str(),
                first["attempts"].as_i64(),
                first["last_error"].as_str()
            ),
            (Some("pending"), Some(1), Some("the downstream is busy")),
            "{backend:?}"
        );
        // The first retry is due at once; the second only after an hour.
        assert_eq!(app.state.callbacks.dispatch_due().await.unwrap(), 1);
        let second = only_event(&app, &t.admin_token).await;
        assert_eq!(
            (second["status"].as_str(), second["attempts"].as_i64()),
            (Some("pending"), Some(2))
        );
        let due = chrono::DateTime::parse_from_rfc3339(second["next_attempt_at"].as_str().unwrap())
            .unwrap()
            .timestamp_millis();
        assert!(
            (due - now_ms() - 3_600_000).abs() < 60_000,
            "next attempt in an hour: {second}"
        );
        assert_eq!(
            app.state.callbacks.dispatch_due().await.unwrap(),
            0,
            "not due yet"
        );
        app.due_now("callback_events", &t.id).await;
        assert_eq!(app.state.callbacks.dispatch_due().await.unwrap(), 1);
        let done = only_event(&app, &t.admin_token).await;
        assert_eq!(
            (
                done["status"].as_str(),
                done["attempts"].as_i64(),
                done["last_error"].as_str()
            ),
            (Some("processed"), Some(3), None)
        );
        assert_eq!(handler.calls.load(Ordering::SeqCst), 3);
        // Its timeliness is recorded once, when it settled (not for each failed attempt).
        app.state
            .metric_writer
            .as_ref()
            .unwrap()
            .flush()
            .await
            .unwrap();
        let delays: Vec<_> = app
            .metrics
            .points()
            .into_iter()
            .filter(|p| p.measurement == "callback_delay_ms")
            .collect();
        assert_eq!(delays.len(), 1, "{backend:?}");
        assert_eq!(delays[0].tags["tenant"], t.id);
        assert_eq!(delays[0].tags["status"], "processed");
    })
    .await;
}

#[tokio::test]
async fn an_event_that_keeps_failing_is_marked_failed_and_replay_runs_it_again() {
    each_backend(|backend| async move {
        let handler = Arc::new(Flaky::default());
        handler.failures_left.store(100, Ordering::SeqCst);
        let app = app_with(backend, handler.clone(), &[Duration::ZERO]).await;
        let t = app.tenant("alpha").await;
        let id = wecom_account(&app, &t).await;
        WecomSender::new(&id)
            .post(&app, &text_message("2", "hi"))
            .await
            .expect(200, None);
        app.state.callbacks.dispatch_due().await.unwrap();
        let failed = app
            .get("/api/v1/callbacks/events?status=failed", &t.admin_token)
            .await;
        let event = failed.expect(200, None)["items"][0].clone();
        assert_eq!(
            (
                event["attempts"].as_i64(),
                event["last_error"].as_str(),
                event["next_attempt_at"].as_str()
            ),
            (Some(2), Some("the downstream is busy"), None),
            "{backend:?}: {event}"
        );
        assert_eq!(
            app.state.callbacks.dispatch_due().await.unwrap(),
            0,
            "failed stays failed"
        );

        handler.failures_left.store(0, Ordering::SeqCst);
        let event_id = event["event_id"].as_str().unwrap();
        let replayed = app
            .post(
                &format!("/api/v1/callbacks/events/{event_id}/replay"),
                &t.admin_token,
                Value::Null,
            )
            .await;
        let replayed = replayed.expect(200, None);
        assert_eq!(
            (replayed["status"].as_str(), replayed["attempts"].as_i64()),
            (Some("processed"), Some(1))
        );
        assert_eq!(handler.calls.load(Ordering::SeqCst), 3);

        // Replaying needs an operator, and another tenant sees no such event.
        let (_, viewer) = app.user(&t, "viewer@alpha.test", "viewer").await;
        let path = format!("/api/v1/callbacks/events/{event_id}/replay");
        app.post(&path, &viewer, Value::Null)
            .await
            .expect(403, None);
        let other = app.tenant("beta").await;
        app.post(&path, &other.admin_token, Value::Null)
            .await
            .expect(404, Some("not_found"));
        app.get(
            &format!("/api/v1/callbacks/events/{event_id}"),
            &other.admin_token,
        )
        .await
        .expect(404, Some("not_found"));
        let theirs = app
            .get("/api/v1/callbacks/events", &other.admin_token)
            .await;
        assert_eq!(theirs.expect(200, None)["total"], 0);
    })
    .await;
}

#[tokio::test]
async fn a_permanent_failure_is_failed_at_once() {
    each_backend(|backend| async move {
        let handler = Arc::new(Flaky {
            permanent: true,
            ..Flaky::default()
        });
        handler.failures_left.store(1, Ordering::SeqCst);
        let app = app_with(backend, handler.clone(), &[Duration::ZERO; 3]).await;
        let t = app.tenant("alpha").await;
        let id = wecom_account(&app, &t).await;
        WecomSender::new(&id)
            .post(&app, &text_message("3", "hi"))
            .await
            .expect(200, None);
        let event = only_event(&app, &t.admin_token).await;
        assert_eq!(
            (
                event["status"].as_str(),
                event["attempts"].as_i64(),
                event["last_error"].as_str()
            ),
            (Some("failed"), Some(1), Some("the payload makes no sense")),
            "{backend:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn events_a_dead_process_stored_but_never_dispatched_are_dispatched_after_their_lease() {
    each_backend(|backend| async move {
        let handler = Arc::new(Flaky::default());
        let app = app_with(backend, handler.clone(), &[Duration::ZERO]).await;
        let t = app.tenant("alpha").await;
        let id = wecom_account(&app, &t).await;
        let tenant = t.id.parse().unwrap();
        // What `receive` leaves behind when its process dies before the handler ran: a
        // pending event leased to that process; one lease has run out, one has not.
        let stored = |key: &str, lease_until: i64| CallbackEventRecord {
            id: uuid::Uuid::now_v7().to_string(),
            tenant_id: t.id.clone(),
            source: "wecom".into(),
            account_id: Some(id.clone()),
            dedup_key: key.into(),
            kind: "wecom.inbound_message".into(),
            payload: "{}".into(),
            status: "pending".into(),
            attempts: 0,
            last_error: None,
            next_attempt_at: Some(lease_until),
            received_at: now_ms() - 120_000,
            processed_at: None,
        };
        let orphan = stored("orphan", now_ms() - 1);
        let in_flight = stored("in-flight", now_ms() + 60_000);
        let mut tx = app.state.db.begin(Scope::Tenant(tenant)).await.unwrap();
        callback_events::insert_once(&mut tx, &orphan)
            .await
            .unwrap();
        callback_events::insert_once(&mut tx, &in_flight)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        assert_eq!(
            app.state.callbacks.dispatch_due().await.unwrap(),
            1,
            "{backend:?}"
        );
        let got = |event_id: String| {
            let app = &app;
            let token = t.admin_token.clone();
            async move {
                app.get(&format!("/api/v1/callbacks/events/{event_id}"), &token)
                    .await
                    .expect(200, None)["status"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            }
        };
        assert_eq!(got(orphan.id.clone()).await, "processed");
        assert_eq!(
            got(in_flight.id.clone()).await,
            "pending",
            "its owner may still be at it"
        );
        assert_eq!(handler.calls.load(Ordering::SeqCst), 1);
    })
    .await;
}

#[tokio::test]
async fn the_events_list_filters_pages_and_refuses_bad_filters() {
    each_backend(|backend| async move {
        let app = app_with(backend, Arc::new(Flaky::default()), &[]).await;
        let t = app.tenant("alpha").await;
        let id = wecom_account(&app, &t).await;
        let sender = WecomSender::new(&id);
        for n in 0..3 {
            sender
                .post(&app, &text_message(&format!("m{n}"), "hi"))
                .await
                .expect(200, None);
        }
        let page = app
            .get("/api/v1/callbacks/events?size=2&page=2", &t.admin_token)
            .await;
        let page = page.expect(200, None);
        assert_eq!(
            (
                page["total"].as_i64(),
                page["items"].as_array().unwrap().len()
            ),
            (Some(3), 1),
            "{backend:?}"
        );
        let newest = app
            .get("/api/v1/callbacks/events?size=1", &t.admin_token)
            .await;
        assert_eq!(
            newest.expect(200, None)["items"][0]["payload"]["MsgId"],
            "m2"
        );
        for (query, total) in [
            (format!("account_id={id}"), 3),
            ("account_id=someone-else".to_owned(), 0),
            ("source=provider".to_owned(), 0),
            ("kind=wecom.inbound_message&status=processed".to_owned(), 3),
            ("since=2999-01-01T00:00:00Z".to_owned(), 0),
        ] {
            let found = app
                .get(&format!("/api/v1/callbacks/events?{query}"), &t.admin_token)
                .await;
            assert_eq!(found.expect(200, None)["total"], total, "{query}");
        }
        for query in ["status=done", "source=email", "since=yesterday", "size=0"] {
            app.get(&format!("/api/v1/callbacks/events?{query}"), &t.admin_token)
                .await
                .expect(400, Some("invalid_parameter"));
        }
        app.call(Method::GET, "/api/v1/callbacks/events", None, None)
            .await
            .expect(401, None);
    })
    .await;
}

#[tokio::test]
async fn retention_deletes_settled_events_and_keeps_pending_ones() {
    each_backend(|backend| async move {
        let handler = Arc::new(Flaky::default());
        let app = app_with(backend, handler.clone(), &[Duration::from_secs(3600)]).await;
        let t = app.tenant("alpha").await;
        let id = wecom_account(&app, &t).await;
        let sender = WecomSender::new(&id);
        sender
            .post(&app, &text_message("old", "hi"))
            .await
            .expect(200, None);
        handler.failures_left.store(1, Ordering::SeqCst);
        sender
            .post(&app, &text_message("retrying", "hi"))
            .await
            .expect(200, None);
        let cutoff = now_ms() + 1;
        let purged = fleet_store::retention::purge(
            &app.state.db,
            fleet_store::retention::Retention {
                callback_events: Some(Duration::ZERO),
                ..Default::default()
            },
            cutoff,
        )
        .await
        .unwrap();
        assert_eq!(purged.callback_events, 1, "{backend:?}");
        let left = only_event(&app, &t.admin_token).await;
        assert_eq!(
            (left["status"].as_str(), left["payload"]["MsgId"].as_str()),
            (Some("pending"), Some("retrying"))
        );
    })
    .await;
}
