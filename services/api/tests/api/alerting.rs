//! Alerting through the API: tenant rules, silences, channels and quiet hours (validation,
//! scoping, roles), the engine end to end (a rule fires from metrics, a signed Alertmanager
//! payload reaches a real receiver, it resolves, silences hold it back, history and the
//! notification log record it), and the monitor's read side.

use std::time::Duration;

use fleet_core::{
    clock::now_ms,
    webhook_signature::{self, SignedMessage, WebhookSecret},
};
use fleet_monitor::{
    metrics::Point,
    store::{MetricStore, SeriesQuery},
};
use fleet_store::Dialect;
use serde_json::{json, Value};

use crate::{
    support::{each_backend, Limits, Tenant, TestApp},
    webhook_receiver::Receiver,
};

fn backlog_rule(name: &str, threshold: f64) -> Value {
    json!({ "rule": {
        "name": name,
        "metric": "queue_backlog",
        "aggregate": "last",
        "window": "1m",
        "operator": ">",
        "threshold": threshold,
        "for": "0s",
        "severity": "critical",
        "annotations": { "summary": "{{ $value }} messages waiting for {{ $labels.tenant }}" }
    }})
}

async fn engine_app(backend: Dialect) -> TestApp {
    TestApp::with_limits(
        backend,
        Limits {
            alert_engine: true,
            ..Limits::default()
        },
    )
    .await
}

async fn write_backlog(app: &TestApp, tenant: &str, value: f64) {
    app.metrics
        .write(&[Point::metric("queue_backlog", value, now_ms()).tag("tenant", tenant)])
        .await
        .unwrap();
}

/// Polls `probe` every 50 ms for up to 10 s.
async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..200 {
        if let Some(found) = probe().await {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

/// Waits for the tenant's first firing alert and returns it as the API shows it.
async fn firing_alert(app: &TestApp, t: &Tenant) -> Value {
    eventually("the alert to fire", || async {
        let list = app.get("/api/v1/alerts", &t.admin_token).await;
        let alerts = list.expect(200, None)["items"].as_array().unwrap().clone();
        alerts.into_iter().find(|a| a["state"] == "firing")
    })
    .await
}

async fn webhook_channel(app: &TestApp, t: &Tenant, url: &str) -> (String, String) {
    let created = app
        .post(
            "/api/v1/alerts/channels",
            &t.admin_token,
            json!({ "name": "on-call", "kind": "webhook", "url": url }),
        )
        .await;
    let body = created.expect(201, None);
    (
        body["channel_id"].as_str().unwrap().to_owned(),
        body["signing_secret"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn tenant_rules_are_validated_scoped_and_only_admins_change_them() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("rules").await;
        let other = app.tenant("rules-other").await;
        let created = app
            .post(
                "/api/v1/alerts/rules",
                &t.admin_token,
                backlog_rule("Backlog", 10.0),
            )
            .await;
        let rule = created.expect(201, None).clone();
        let id = rule["rule_id"].as_str().unwrap();
        assert_eq!(rule["source"], "tenant");
        assert_eq!(rule["rule"]["for"], "0s");
        assert_eq!(rule["rule"]["no_data"], "ok");

        app.post(
            "/api/v1/alerts/rules",
            &t.admin_token,
            backlog_rule("Backlog", 5.0),
        )
        .await
        .expect(409, Some("alert_rule_exists"));
        let mut bad = backlog_rule("Bad", 1.0);
        bad["rule"]["operator"] = json!("=>");
        app.post("/api/v1/alerts/rules", &t.admin_token, bad)
            .await
            .expect(400, Some("invalid_field"));
        let mut bad = backlog_rule("Bad", 1.0);
        bad["rule"]["window"] = json!("five minutes");
        let reply = app.post("/api/v1/alerts/rules", &t.admin_token, bad).await;
        assert!(reply
            .expect(400, Some("validation_failed"))
            .to_string()
            .contains("window"));
        let mut bad = backlog_rule("Bad", 1.0);
        bad["rule"]["matchers"] = json!({ "tenant": other.id });
        app.post("/api/v1/alerts/rules", &t.admin_token, bad)
            .await
            .expect(400, Some("validation_failed"));
        let mut bad = backlog_rule("Bad", 1.0);
        bad["rule"]["threshold"] = json!("ten");
        app.post("/api/v1/alerts/rules", &t.admin_token, bad)
            .await
            .expect(400, None);

        let (_, viewer) = app.user(&t, "viewer@rules.test", "viewer").await;
        app.post("/api/v1/alerts/rules", &viewer, backlog_rule("Viewer", 1.0))
            .await
            .expect(403, Some("forbidden"));
        // The built-in rules (read-only) first, then the tenant's own.
        let list = app.get("/api/v1/alerts/rules", &viewer).await;
        let list = list.expect(200, None);
        assert_eq!(list["total"], 6);
        assert_eq!(list["items"][0]["rule_id"], "file:AccountOffline");
        assert_eq!(list["items"][0]["source"], "file");
        assert_eq!(list["items"][0]["rule"]["for"], "1m");
        assert_eq!(list["items"][5]["rule_id"], id);
        let builtin = app
            .get("/api/v1/alerts/rules/file:QueueBacklog", &viewer)
            .await;
        assert_eq!(builtin.expect(200, None)["rule"]["threshold"], 1000.0);

        let path = format!("/api/v1/alerts/rules/{id}");
        app.get(&path, &other.admin_token)
            .await
            .expect(404, Some("not_found"));
        app.delete(&path, &other.admin_token)
            .await
            .expect(404, Some("not_found"));

        let mut changed = backlog_rule("Backlog", 99.0);
        changed["enabled"] = json!(false);
        let updated = app
            .call(
                poem::http::Method::PUT,
                &path,
                Some(&t.admin_token),
                Some(changed),
            )
            .await;
        let updated = updated.expect(200, None);
        assert_eq!(updated["rule"]["threshold"], 99.0);
        assert_eq!(updated["enabled"], false);
        app.call(
            poem::http::Method::PUT,
            "/api/v1/alerts/rules/file:AccountOffline",
            Some(&t.admin_token),
            Some(backlog_rule("X", 1.0)),
        )
        .await
        .expect(409, Some("alert_rule_read_only"));

        app.delete(&path, &t.admin_token).await.expect(204, None);
        app.get(&path, &t.admin_token)
            .await
            .expect(404, Some("not_found"));
    })
    .await;
}

#[tokio::test]
async fn silences_and_quiet_hours_are_validated_and_scoped() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("silence").await;
        let other = app.tenant("silence-other").await;
        let later = fleet_core::clock::to_rfc3339(now_ms() + 3_600_000);
        app.post(
            "/api/v1/alerts/silences",
            &t.admin_token,
            json!({ "matchers": {}, "ends_at": later }),
        )
        .await
        .expect(400, Some("validation_failed"));
        app.post(
            "/api/v1/alerts/silences",
            &t.admin_token,
            json!({ "matchers": { "alertname": "Backlog" }, "ends_at": "2001-01-01T00:00:00Z" }),
        )
        .await
        .expect(400, Some("validation_failed"));
        let created = app
            .post(
                "/api/v1/alerts/silences",
                &t.admin_token,
                json!({ "matchers": { "alertname": "Backlog" }, "comment": "maintenance", "ends_at": later }),
            )
            .await;
        let silence = created.expect(201, None).clone();
        assert_eq!(silence["active"], true);
        let path = format!("/api/v1/alerts/silences/{}", silence["silence_id"].as_str().unwrap());
        app.get(&path, &other.admin_token).await.expect(404, Some("not_found"));
        let active = app.get("/api/v1/alerts/silences?active=true", &t.admin_token).await;
        assert_eq!(active.expect(200, None)["total"], 1);
        let ended = app.delete(&path, &t.admin_token).await;
        assert_eq!(ended.expect(200, None)["active"], false);
        let active = app.get("/api/v1/alerts/silences?active=true", &t.admin_token).await;
        assert_eq!(active.expect(200, None)["total"], 0);

        let put = |body: Value| {
            app.call(
                poem::http::Method::PUT,
                "/api/v1/alerts/quiet-hours",
                Some(&t.admin_token),
                Some(body),
            )
        };
        put(json!({ "start": "25:00", "end": "07:00" }))
            .await
            .expect(400, Some("validation_failed"));
        put(json!({ "start": "22:00" })).await.expect(400, Some("validation_failed"));
        let set = put(json!({ "start": "22:00", "end": "07:30" })).await;
        assert_eq!(set.expect(200, None)["end"], "07:30");
        let read = app.get("/api/v1/alerts/quiet-hours", &t.admin_token).await;
        assert_eq!(read.expect(200, None)["start"], "22:00");
        let theirs = app.get("/api/v1/alerts/quiet-hours", &other.admin_token).await;
        assert_eq!(theirs.expect(200, None)["start"], Value::Null);
    })
    .await;
}

#[tokio::test]
async fn channels_hide_their_secrets_refuse_bad_targets_and_test_notifications_arrive_signed() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("channels").await;
        let other = app.tenant("channels-other").await;
        let receiver = Receiver::start().await;
        let (id, secret) = webhook_channel(&app, &t, &receiver.url).await;
        let shown = app.get(&format!("/api/v1/alerts/channels/{id}"), &t.admin_token).await;
        let shown = shown.expect(200, None);
        assert!(!shown.to_string().contains(&secret), "the secret is never shown again");
        assert_eq!(shown["signing_secret"], Value::Null);
        app.get(&format!("/api/v1/alerts/channels/{id}"), &other.admin_token)
            .await
            .expect(404, Some("not_found"));
        app.post(&format!("/api/v1/alerts/channels/{id}/test"), &other.admin_token, json!({}))
            .await
            .expect(404, Some("not_found"));

        let robot = app
            .post(
                "/api/v1/alerts/channels",
                &t.admin_token,
                json!({ "name": "group", "kind": "wecom_robot", "url": format!("{}?key=SECRET-KEY", receiver.url) }),
            )
            .await;
        assert!(!robot.expect(201, None).to_string().contains("SECRET-KEY"));
        app.post(
            "/api/v1/alerts/channels",
            &t.admin_token,
            json!({ "name": "mail", "kind": "email", "to": ["not an address"] }),
        )
        .await
        .expect(400, Some("validation_failed"));
        app.post(
            "/api/v1/alerts/channels",
            &t.admin_token,
            json!({ "name": "mail", "kind": "pager" }),
        )
        .await
        .expect(400, Some("invalid_field"));
        app.post(
            "/api/v1/alerts/channels",
            &t.admin_token,
            json!({ "name": "hook", "kind": "webhook" }),
        )
        .await
        .expect(400, Some("validation_failed"));

        let tested = app
            .post(&format!("/api/v1/alerts/channels/{id}/test"), &t.admin_token, json!({}))
            .await;
        let tested = tested.expect(200, None);
        assert_eq!(tested["outcome"], "sent", "{tested}");
        assert_eq!(tested["test"], true);
        let got = receiver.received();
        assert_eq!(got.len(), 1);
        let key = WebhookSecret::parse(&secret).unwrap();
        webhook_signature::verify(
            &[key],
            SignedMessage {
                id: &got[0].id,
                timestamp: &got[0].timestamp,
                signatures: &got[0].signature,
                body: got[0].body.as_bytes(),
            },
            now_ms() / 1000,
            300,
        )
        .expect("signed with the channel's secret");
        assert_eq!(got[0].id, tested["notification_id"]);
        let payload: Value = serde_json::from_str(&got[0].body).unwrap();
        assert_eq!(payload["version"], "4");
        assert_eq!(payload["alerts"][0]["labels"]["alertname"], "TestNotification");
        let log = app.get(&format!("/api/v1/alerts/channels/{id}/notifications"), &t.admin_token).await;
        assert_eq!(log.expect(200, None)["total"], 1);
    })
    .await;
}

#[tokio::test]
async fn private_channel_targets_are_refused_unless_allowed() {
    let app = TestApp::with_limits(
        Dialect::Sqlite,
        Limits {
            alerting: fleet_alerting::AlertingSettings::default(),
            ..Limits::default()
        },
    )
    .await;
    let t = app.tenant("private").await;
    for url in [
        "http://127.0.0.1:9/hook",
        "http://10.0.0.1/hook",
        "http://localhost/hook",
    ] {
        app.post(
            "/api/v1/alerts/channels",
            &t.admin_token,
            json!({ "name": "inside", "kind": "webhook", "url": url }),
        )
        .await
        .expect(400, Some("channel_url_forbidden"));
    }
}

#[tokio::test]
async fn a_rule_fires_notifies_resolves_and_is_kept_in_history() {
    each_backend(|backend| async move {
        let app = engine_app(backend).await;
        let t = app.tenant("engine").await;
        let other = app.tenant("engine-other").await;
        let receiver = Receiver::start().await;
        let (channel, _) = webhook_channel(&app, &t, &receiver.url).await;
        app.post(
            "/api/v1/alerts/rules",
            &t.admin_token,
            backlog_rule("Backlog", 10.0),
        )
        .await
        .expect(201, None);
        // Another tenant's series must not reach this tenant's rule.
        write_backlog(&app, &other.id, 5000.0).await;
        write_backlog(&app, &t.id, 2500.0).await;

        let firing = firing_alert(&app, &t).await;
        assert_eq!(firing["labels"]["tenant"], t.id);
        assert_eq!(firing["value"], 2500.0);
        assert_eq!(
            firing["annotations"]["summary"],
            format!("2500 messages waiting for {}", t.id)
        );
        let sent = eventually("the firing notification", || async {
            receiver.received().into_iter().next()
        })
        .await;
        let payload: Value = serde_json::from_str(&sent.body).unwrap();
        assert_eq!(payload["status"], "firing");
        assert_eq!(payload["receiver"], "on-call");
        assert_eq!(payload["alerts"][0]["labels"]["alertname"], "Backlog");
        // The other tenant sees only its own alerts: the built-in QueueBacklog rule (which
        // applies to every tenant) pending on its series, never this tenant's rule.
        let theirs = app.get("/api/v1/alerts", &other.admin_token).await;
        let theirs = theirs.expect(200, None)["items"]
            .as_array()
            .unwrap()
            .clone();
        assert!(!theirs.is_empty());
        assert!(theirs
            .iter()
            .all(|a| a["rule"] == "QueueBacklog" && a["labels"]["tenant"] == other.id.as_str()));

        write_backlog(&app, &t.id, 0.0).await;
        let resolved = eventually("the resolved notification", || async {
            receiver.received().into_iter().nth(1)
        })
        .await;
        let payload: Value = serde_json::from_str(&resolved.body).unwrap();
        assert_eq!(payload["status"], "resolved");
        assert_ne!(payload["alerts"][0]["endsAt"], "0001-01-01T00:00:00Z");
        let history = app
            .get("/api/v1/alerts/history?state=resolved", &t.admin_token)
            .await;
        let history = history.expect(200, None);
        assert_eq!(history["total"], 1);
        assert_eq!(history["items"][0]["rule"], "Backlog");
        let log = app
            .get("/api/v1/alerts/notifications", &t.admin_token)
            .await;
        let log = log.expect(200, None);
        assert_eq!(log["total"], 2);
        assert!(log["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["outcome"] == "sent" && n["channel_id"] == channel.as_str()));
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert_eq!(receiver.received().len(), 2, "one notification per event");

        // A changed rule starts over: its firing alert resolves, the new one fires anew.
        write_backlog(&app, &t.id, 2500.0).await;
        eventually("the alert to fire again", || async {
            (receiver.received().len() == 3).then_some(())
        })
        .await;
        let rules = app.get("/api/v1/alerts/rules", &t.admin_token).await;
        let rules = rules.expect(200, None)["items"].as_array().unwrap().clone();
        let own = rules.iter().find(|r| r["source"] == "tenant").unwrap();
        let rule_id = own["rule_id"].as_str().unwrap().to_owned();
        app.call(
            poem::http::Method::PUT,
            &format!("/api/v1/alerts/rules/{rule_id}"),
            Some(&t.admin_token),
            Some(backlog_rule("Backlog", 100_000.0)),
        )
        .await
        .expect(200, None);
        let resolved = eventually("the changed rule's alert to resolve", || async {
            receiver.received().into_iter().nth(3)
        })
        .await;
        let payload: Value = serde_json::from_str(&resolved.body).unwrap();
        assert_eq!(payload["status"], "resolved");

        // History and the notification log are kept for `monitor.history_retention_days`.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let purged = fleet_store::retention::purge(
            &app.state.db,
            fleet_store::retention::Retention {
                alert_history: Some(Duration::ZERO),
                ..Default::default()
            },
            now_ms() + 1,
        )
        .await
        .unwrap();
        assert_eq!(
            purged.alert_history,
            2 + 4,
            "two incidents, four notifications"
        );
        let history = app
            .get("/api/v1/alerts/history?state=resolved", &t.admin_token)
            .await;
        assert_eq!(history.expect(200, None)["total"], 0);
    })
    .await;
}

#[tokio::test]
async fn a_silenced_alert_stays_active_but_sends_nothing() {
    each_backend(|backend| async move {
        let app = engine_app(backend).await;
        let t = app.tenant("silenced").await;
        let receiver = Receiver::start().await;
        webhook_channel(&app, &t, &receiver.url).await;
        let later = fleet_core::clock::to_rfc3339(now_ms() + 3_600_000);
        let silence = app
            .post(
                "/api/v1/alerts/silences",
                &t.admin_token,
                json!({ "matchers": { "alertname": "Backlog" }, "ends_at": later }),
            )
            .await;
        let silence_id = silence.expect(201, None)["silence_id"]
            .as_str()
            .unwrap()
            .to_owned();
        app.post(
            "/api/v1/alerts/rules",
            &t.admin_token,
            backlog_rule("Backlog", 10.0),
        )
        .await
        .expect(201, None);
        write_backlog(&app, &t.id, 2500.0).await;
        let firing = firing_alert(&app, &t).await;
        assert_eq!(firing["silenced_by"], json!([silence_id]));
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(receiver.received().is_empty(), "silenced: nothing sent");
    })
    .await;
}

#[tokio::test]
async fn the_monitor_reports_message_stats_account_metrics_and_health() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("monitor").await;
        let other = app.tenant("monitor-other").await;
        let now = now_ms();
        let mut points = Vec::new();
        for (i, failed) in [0.0, 0.0, 0.0, 1.0].into_iter().enumerate() {
            let at = now - 60_000 + i as i64;
            points.push(
                Point::metric("message_failed", failed, at)
                    .tag("tenant", &t.id)
                    .tag("account", "a1"),
            );
            points.push(
                Point::metric("message_send_ms", 100.0 * (i as f64 + 1.0), at)
                    .tag("tenant", &t.id)
                    .tag("account", "a1"),
            );
        }
        points.push(Point::metric("message_failed", 1.0, now - 1000).tag("tenant", &other.id));
        app.metrics.write(&points).await.unwrap();
        let stats = app
            .get("/api/v1/monitor/messages/stats", &t.admin_token)
            .await;
        let stats = stats.expect(200, None);
        assert_eq!(stats["total"], 4);
        assert_eq!(stats["success_count"], 3);
        assert_eq!(stats["failure_count"], 1);
        assert_eq!(stats["success_rate"], 0.75);
        assert_eq!(stats["avg_response_time_ms"], 250.0);
        app.get(
            "/api/v1/monitor/messages/stats?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z",
            &t.admin_token,
        )
        .await
        .expect(400, Some("validation_failed"));
        app.get(
            "/api/v1/monitor/messages/stats?since=yesterday",
            &t.admin_token,
        )
        .await
        .expect(400, Some("invalid_parameter"));

        let account_id = app.account(&t, "ops").await;
        app.metrics
            .write(&[Point::metric("login_success", 1.0, now - 5000)
                .tag("tenant", &t.id)
                .tag("account", &account_id)])
            .await
            .unwrap();
        let metrics = app
            .get(
                &format!("/api/v1/monitor/accounts/{account_id}/metrics"),
                &t.admin_token,
            )
            .await;
        let metrics = metrics.expect(200, None);
        assert_eq!(metrics["series"][0]["metric"], "login_success");
        assert_eq!(metrics["series"][0]["points"][0]["value"], 1.0);
        app.get(
            &format!("/api/v1/monitor/accounts/{account_id}/metrics"),
            &other.admin_token,
        )
        .await
        .expect(404, Some("not_found"));

        let health = app.get("/api/v1/monitor/health", &t.admin_token).await;
        let health = health.expect(200, None);
        assert_eq!(health["status"], "ok");
        assert!(health["dependencies"]
            .to_string()
            .contains("metric_store:memory"));

        // Every API request above was recorded for the tenant that made it.
        let recorded = eventually("API latency points", || async {
            let series = app
                .metrics
                .series(&SeriesQuery {
                    metric: "api_response_ms".into(),
                    matchers: [("tenant".to_owned(), t.id.clone())].into(),
                    start: now - 60_000,
                    end: now_ms() + 1000,
                })
                .await
                .unwrap();
            (!series.is_empty()).then_some(series)
        })
        .await;
        assert!(recorded
            .iter()
            .any(|s| s.labels.get("route").map(String::as_str)
                == Some("/api/v1/monitor/messages/stats")));
    })
    .await;
}
