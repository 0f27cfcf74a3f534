//! The heartbeat sweeper and auto-recovery on the simulator, with the sweep's clock passed in
//! so minutes of silence take no time.

use std::time::Duration;

use fleet_accounts::{SweepReport, SweepSettings, STATUS_CHANGED};
use fleet_connectors::ConnectorError;
use fleet_core::{clock::now_ms, ids::TenantId};
use serde_json::Value;

use crate::support::{each_backend, Tenant, TestApp};

const SECOND: i64 = 1000;

fn settings() -> SweepSettings {
    SweepSettings {
        heartbeat_timeout: Duration::from_secs(90),
        recovery_backoff: vec![Duration::from_secs(5), Duration::from_secs(20)],
        recovery_max_attempts: 3,
        connector_timeout: Duration::from_millis(300),
        concurrency: 8,
        batch: 100,
    }
}

impl TestApp {
    async fn instance_of(&self, t: &Tenant, id: &str) -> String {
        let tenant: TenantId = t.id.parse().expect("tenant id");
        let rec = self.state.accounts.get(tenant, id).await.expect("account");
        rec.instance_id.expect("instance")
    }

    async fn status_of(&self, t: &Tenant, id: &str) -> String {
        let reply = self
            .get(&format!("/api/v1/accounts/{id}/status"), &t.admin_token)
            .await;
        reply.expect(200, None)["status"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    }

    async fn sweep(&self, settings: &SweepSettings, at: i64) -> SweepReport {
        self.state
            .accounts
            .sweep(settings, at)
            .await
            .expect("sweep")
    }
}

#[tokio::test]
async fn a_silent_account_is_recovered_while_heartbeats_keep_the_others_online() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let mut events = app.events.subscribe();
        let silent = app.online_account(&t, "silent").await;
        let beating = app.online_account(&t, "beating").await;
        let sim = app.state.accounts.simulator().expect("simulator").clone();
        // The session drops without a word: the connector reports nothing.
        sim.disconnect(&app.instance_of(&t, &silent).await)
            .expect("drop");

        let start = now_ms();
        assert_eq!(sim.heartbeat_round(), std::slice::from_ref(&beating));
        let beats = app
            .state
            .accounts
            .record_heartbeats(&sim.heartbeat_round(), start + 60 * SECOND)
            .await
            .expect("heartbeats");
        assert_eq!(beats, 1);

        let s = settings();
        let quiet = app.sweep(&s, start + 80 * SECOND).await;
        assert_eq!(
            quiet,
            SweepReport::default(),
            "nobody is silent for 90 s yet"
        );
        let report = app.sweep(&s, start + 100 * SECOND).await;
        assert_eq!((report.lost, report.recovered), (1, 0), "{backend:?}");
        assert_eq!(app.status_of(&t, &silent).await, "recovering");
        assert_eq!(app.status_of(&t, &beating).await, "online");

        let report = app.sweep(&s, start + 101 * SECOND).await;
        assert_eq!(report.recovered, 1, "{backend:?}");
        assert_eq!(app.status_of(&t, &silent).await, "online");
        let reasons: Vec<_> = app
            .history(&t, &silent)
            .await
            .iter()
            .map(|h| h["reason"].as_str().unwrap_or("").to_owned())
            .collect();
        assert_eq!(
            reasons,
            [
                "start_login",
                "qr_scanned",
                "qr_confirmed",
                "heartbeat_lost",
                "recovered"
            ]
        );

        // Every status change was published, in order, with its reason.
        let mut published = Vec::new();
        while let Ok(event) = events.try_recv() {
            assert_eq!(event.kind, STATUS_CHANGED);
            assert_eq!(event.tenant_id, t.id);
            if event.subject_id == silent {
                published.push(event.data["reason"].as_str().unwrap_or("").to_owned());
            }
        }
        assert_eq!(published, reasons);
    })
    .await;
}

#[tokio::test]
async fn recovery_backs_off_between_attempts_and_ends_offline_when_they_run_out() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let id = app.online_account(&t, "sales-01").await;
        app.sim(&t, &id, "disconnect").await.expect(200, None);
        let sim = app.state.accounts.simulator().expect("simulator").clone();
        sim.inject_failure(Some(ConnectorError::retryable("-1", "system busy")));

        let s = settings();
        let now = now_ms();
        assert_eq!(app.sweep(&s, now).await.retrying, 1, "{backend:?}");
        assert_eq!(
            app.sweep(&s, now + 4 * SECOND).await,
            SweepReport::default(),
            "the second attempt waits out the 5 s backoff"
        );
        assert_eq!(app.sweep(&s, now + 5 * SECOND).await.retrying, 1);
        assert_eq!(
            app.sweep(&s, now + 24 * SECOND).await,
            SweepReport::default(),
            "then 20 s"
        );
        assert_eq!(app.sweep(&s, now + 25 * SECOND).await.exhausted, 1);
        assert_eq!(app.status_of(&t, &id).await, "offline");

        let history = app.history(&t, &id).await;
        let tail: Vec<_> = history[history.len() - 4..]
            .iter()
            .map(|h| {
                (
                    h["reason"].as_str().unwrap_or("").to_owned(),
                    h["new_status"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        assert_eq!(
            tail,
            [
                ("disconnected".into(), "recovering".into()),
                ("recovery_failed".into(), "recovering".into()),
                ("recovery_failed".into(), "recovering".into()),
                ("recovery_exhausted".into(), "offline".into()),
            ]
        );
        assert_eq!(history[history.len() - 1]["detail"]["attempt"], 3);

        // An offline account logs in again.
        sim.inject_failure(None);
        app.put(&format!("/api/v1/accounts/{id}/login"), &t.admin_token)
            .await
            .expect(200, None);
    })
    .await;
}

#[tokio::test]
async fn a_stuck_account_does_not_hold_up_the_others() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let stuck = app.online_account(&t, "stuck").await;
        let healthy = app.online_account(&t, "healthy").await;
        // The stuck one drops first, so it is first in line.
        app.sim(&t, &stuck, "disconnect").await.expect(200, None);
        app.sim(&t, &healthy, "disconnect").await.expect(200, None);
        let sim = app.state.accounts.simulator().expect("simulator").clone();
        sim.hang(&app.instance_of(&t, &stuck).await, true)
            .expect("hang");

        let report = app.sweep(&settings(), now_ms() + SECOND).await;
        assert_eq!((report.recovered, report.retrying), (1, 1), "{backend:?}");
        assert_eq!(app.status_of(&t, &healthy).await, "online");
        let last = |history: Vec<Value>| history.last().cloned().unwrap_or_default();
        let recovered = last(app.history(&t, &healthy).await);
        let timed_out = last(app.history(&t, &stuck).await);
        assert_eq!(timed_out["reason"], "recovery_failed");
        assert!(
            timed_out["detail"]["error"]
                .as_str()
                .unwrap_or("")
                .contains("did not answer"),
            "{timed_out}"
        );
        // The healthy account was back before the stuck one's connector call timed out.
        let at = |h: &Value| h["at"].as_str().unwrap_or("").to_owned();
        assert!(at(&recovered) < at(&timed_out), "{recovered} / {timed_out}");
    })
    .await;
}

#[tokio::test]
async fn the_sweeper_expires_qr_logins_nobody_looks_at() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let id = app.account(&t, "sales-01").await;
        app.put(&format!("/api/v1/accounts/{id}/login"), &t.admin_token)
            .await
            .expect(200, None);
        app.expire_qr(&id).await;
        let report = app.sweep(&settings(), now_ms()).await;
        assert_eq!(report.expired_logins, 1, "{backend:?}");
        let history = app.history(&t, &id).await;
        let last = history.last().cloned().unwrap_or_default();
        assert_eq!(
            (last["reason"].as_str(), last["new_status"].as_str()),
            (Some("qr_expired"), Some("created"))
        );
    })
    .await;
}
