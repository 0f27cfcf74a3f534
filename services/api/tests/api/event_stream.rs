//! `GET /api/v1/events`: a tenant's events live over Server-Sent Events — its own only, the
//! types and account asked for, resumable with `Last-Event-ID` — each message held to the
//! document like every other answer.

use std::time::Duration;

use futures::StreamExt;
use poem::http::Method;
use serde_json::Value;

use crate::support::{each_backend, TestApp};

/// An open event stream, read message by message.
pub struct EventReader {
    path: String,
    body: futures::stream::BoxStream<'static, Result<Vec<u8>, std::io::Error>>,
    read: Vec<u8>,
    parsed: usize,
}

impl TestApp {
    /// Opens `path` (the event stream, with its query) as `token`, resuming after `last_id`.
    pub async fn follow(&self, path: &str, token: &str, last_id: Option<&str>) -> EventReader {
        let mut req = self
            .client
            .request(Method::GET, path.to_owned())
            .header("authorization", format!("Bearer {token}"));
        if let Some(id) = last_id {
            req = req.header("last-event-id", id);
        }
        let resp = req.send().await;
        assert_eq!(resp.0.status(), 200, "{path}");
        let content_type = resp.0.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{content_type}"
        );
        EventReader {
            path: path.to_owned(),
            body: resp
                .0
                .into_body()
                .into_bytes_stream()
                .map(|chunk| chunk.map(|bytes| bytes.to_vec()))
                .boxed(),
            read: Vec::new(),
            parsed: 0,
        }
    }
}

impl EventReader {
    /// The next message's `(event, id, data)`; panics after `within` without one.
    pub async fn next(&mut self, within: Duration) -> (String, Option<String>, Value) {
        tokio::time::timeout(within, async {
            loop {
                if let Some(message) = self.take() {
                    return message;
                }
                let chunk = self
                    .body
                    .next()
                    .await
                    .expect("the stream ended")
                    .expect("read");
                self.read.extend_from_slice(&chunk);
            }
        })
        .await
        .unwrap_or_else(|_| panic!("no event on {} within {within:?}", self.path))
    }

    /// Nothing arrives within `quiet` (keep-alive comments aside).
    pub async fn assert_quiet(&mut self, quiet: Duration) {
        if let Ok(message) = tokio::time::timeout(quiet, self.next(quiet * 2)).await {
            panic!("expected nothing on {}, got {message:?}", self.path);
        }
    }

    fn take(&mut self) -> Option<(String, Option<String>, Value)> {
        loop {
            let text = std::str::from_utf8(&self.read[self.parsed..]).ok()?;
            let end = text.find("\n\n")?;
            let message = text[..end].to_owned();
            self.parsed += end + 2;
            let field = |name: &str| {
                message
                    .lines()
                    .find_map(|l| l.strip_prefix(name).map(|v| v.trim_start().to_owned()))
            };
            if let Some(data) = field("data:") {
                let event = field("event:").unwrap_or_default();
                return Some((
                    event,
                    field("id:"),
                    serde_json::from_str(&data).expect("json"),
                ));
            }
        }
    }
}

impl Drop for EventReader {
    /// What was read is checked against the document, as every answer is.
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let mut headers = poem::http::HeaderMap::new();
        headers.insert("content-type", "text/event-stream".parse().unwrap());
        headers.insert("x-request-id", "checked-by-the-reader".parse().unwrap());
        fleet_contract::assert_conforms(&fleet_contract::Answer {
            method: "GET",
            path_and_query: &self.path,
            status: 200,
            headers: &headers,
            body: &self.read[..self.parsed],
        });
    }
}

const WAIT: Duration = Duration::from_secs(10);

#[tokio::test]
async fn a_tenant_follows_its_own_events_live_and_no_one_elses() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let (t1, t2) = (app.tenant("ev1").await, app.tenant("ev2").await);
        let (_, viewer) = app.user(&t1, "viewer@ev1.test", "viewer").await;
        let mut stream = app.follow("/api/v1/events", &viewer, None).await;
        let mut theirs = app.follow("/api/v1/events", &t2.admin_token, None).await;

        let id = app.account(&t1, "live").await;
        app.put(&format!("/api/v1/accounts/{id}/login"), &t1.admin_token)
            .await
            .expect(200, None);
        let (kind, event_id, data) = stream.next(WAIT).await;
        assert_eq!(kind, "account.status_changed");
        assert_eq!(data["type"], "account.status_changed");
        assert_eq!(data["data"]["account_id"], id.as_str());
        assert_eq!(data["data"]["new_status"], "qr_wait");
        assert_eq!(event_id.as_deref(), data["id"].as_str());
        app.sim(&t1, &id, "scan").await.expect(200, None);
        let (_, _, scanned) = stream.next(WAIT).await;
        assert_eq!(scanned["data"]["new_stage"], "waiting_confirm");
        theirs.assert_quiet(Duration::from_millis(300)).await;
    })
    .await;
}

#[tokio::test]
async fn the_stream_keeps_to_the_types_and_account_asked_for() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("evf").await;
        let (a, b) = (app.account(&t, "a").await, app.account(&t, "b").await);
        let mut only_b = app
            .follow(
                &format!("/api/v1/events?type=account.status_changed&account_id={b}"),
                &t.admin_token,
                None,
            )
            .await;
        let mut messages_only = app
            .follow(
                "/api/v1/events?type=message.status_changed",
                &t.admin_token,
                None,
            )
            .await;
        for id in [&a, &b] {
            app.put(&format!("/api/v1/accounts/{id}/login"), &t.admin_token)
                .await
                .expect(200, None);
        }
        let (_, _, event) = only_b.next(WAIT).await;
        assert_eq!(event["data"]["account_id"], b.as_str());
        only_b.assert_quiet(Duration::from_millis(300)).await;
        messages_only.assert_quiet(Duration::from_millis(300)).await;
        let unknown = app
            .get("/api/v1/events?type=account.renamed", &t.admin_token)
            .await;
        unknown.expect(400, Some("invalid_parameter"));
    })
    .await;
}

#[tokio::test]
async fn a_client_resumes_after_the_last_event_it_saw_or_learns_of_a_gap() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("evr").await;
        let id = app.account(&t, "r").await;
        let mut first = app.follow("/api/v1/events", &t.admin_token, None).await;
        app.put(&format!("/api/v1/accounts/{id}/login"), &t.admin_token)
            .await
            .expect(200, None);
        let (_, seen, _) = first.next(WAIT).await;
        drop(first);
        // While no one listens: two more changes.
        app.sim(&t, &id, "scan").await.expect(200, None);
        app.sim(&t, &id, "confirm").await.expect(200, None);
        let mut resumed = app
            .follow("/api/v1/events", &t.admin_token, seen.as_deref())
            .await;
        let (_, _, scanned) = resumed.next(WAIT).await;
        assert_eq!(scanned["data"]["new_stage"], "waiting_confirm");
        let (_, _, online) = resumed.next(WAIT).await;
        assert_eq!(online["data"]["new_status"], "online");
        resumed.assert_quiet(Duration::from_millis(300)).await;

        let mut lost = app
            .follow(
                "/api/v1/events",
                &t.admin_token,
                Some("0190aaaa-0000-7000-8000-000000000000"),
            )
            .await;
        let (kind, gap_id, gap) = lost.next(WAIT).await;
        assert_eq!(
            (kind.as_str(), gap["type"].as_str()),
            ("stream.gap", Some("stream.gap"))
        );
        assert_eq!(gap_id, None, "a gap carries no SSE id to resume after");
    })
    .await;
}

#[tokio::test]
async fn the_stream_needs_a_tenant_user() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        app.call(Method::GET, "/api/v1/events", None, None)
            .await
            .expect(401, Some("unauthorized"));
        app.get("/api/v1/events", &app.platform_token)
            .await
            .expect(403, Some("tenant_required"));
    })
    .await;
}
