//! The notification channels against real servers: an SMTP server (Debian's aiosmtpd, run
//! by `receivers/smtp_catcher.py`) and local HTTP servers standing in for a tenant's webhook
//! receiver and for WeCom's group robot endpoint.

// Fixtures panic on failure: that is how a test reports a broken precondition.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{
    collections::{BTreeMap, HashMap},
    path::{Path, PathBuf},
    process::Stdio,
    sync::{Arc, Mutex},
    time::Duration,
};

use fleet_core::webhook_signature::{verify, SignedMessage, WebhookSecret};
use fleet_monitor::{
    channels::{
        ChannelConfig, ChannelError, ChannelSettings, Channels, SendContext, SmtpSecurity,
        SmtpSettings, WECOM_CONTENT_LIMIT,
    },
    notify::{Notification, NotificationStatus},
    rules::{Alert, AlertState},
};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};

// ---------------------------------------------------------------------------------------
// Fixtures

const STARTED: i64 = 1_796_137_200_000; // 2026-12-01T15:00:00Z

fn offline(account: &str, extra_labels: &[(&str, &str)], description: &str) -> Alert {
    let mut labels = BTreeMap::from([
        ("alertname".to_owned(), "AccountOffline".to_owned()),
        ("severity".to_owned(), "critical".to_owned()),
        ("account_id".to_owned(), account.to_owned()),
    ]);
    for (name, value) in extra_labels {
        labels.insert((*name).to_owned(), (*value).to_owned());
    }
    Alert {
        rule: "AccountOffline".into(),
        fingerprint: format!("fp-{account}"),
        labels,
        annotations: BTreeMap::from([
            (
                "summary".to_owned(),
                format!("Account {account} is offline"),
            ),
            ("description".to_owned(), description.to_owned()),
            (
                "runbook_url".to_owned(),
                "https://runbooks.example.com/offline".to_owned(),
            ),
        ]),
        state: AlertState::Firing {
            active_at: STARTED,
            fired_at: STARTED + 300_000,
        },
        value: Some(0.0),
        resolved_at: None,
    }
}

fn notification(alerts: Vec<Alert>) -> Notification {
    Notification {
        group_key: "alertname=\"AccountOffline\"".into(),
        group_labels: BTreeMap::from([("alertname".to_owned(), "AccountOffline".to_owned())]),
        status: NotificationStatus::Firing,
        alerts,
        channels: &[],
    }
}

/// Two offline accounts; the second's label tries to smuggle a script into the HTML.
fn two_accounts_offline() -> Notification {
    notification(vec![
        offline("acct-1", &[], "账号离线 12 分钟 (offline for 12 minutes)"),
        offline(
            "acct-2",
            &[("account_name", "<script>alert(1)</script>")],
            "Offline since the heartbeat stopped",
        ),
    ])
}

fn resolved(mut notification: Notification) -> Notification {
    notification.status = NotificationStatus::Resolved;
    for alert in &mut notification.alerts {
        alert.state = AlertState::Inactive;
        alert.resolved_at = Some(STARTED + 900_000);
    }
    notification
}

fn send_context() -> SendContext {
    SendContext {
        notification_id: "ntf_01J9Z8K2QW".into(),
        tenant_name: "acme".into(),
        receiver: "ops-channel".into(),
    }
}

/// As the caller builds it: no redirects, a timeout.
fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

fn channels(smtp: Option<SmtpSettings>, templates_dir: Option<PathBuf>) -> Channels {
    let settings = ChannelSettings {
        smtp,
        templates_dir,
        external_url: "https://fleet.example.com".into(),
    };
    Channels::new(settings, http_client()).unwrap()
}

/// A port nothing listens on (at least for the moment it is asked).
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn assert_retryable(result: Result<impl std::fmt::Debug, ChannelError>, retryable: bool) {
    let error = result.unwrap_err();
    assert_eq!(error.retryable, retryable, "{error:?}");
}

// ---------------------------------------------------------------------------------------
// A local HTTP receiver that records each request and gives the answer it is told to.

#[derive(Debug, Clone)]
struct Captured {
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Captured {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

#[derive(Clone)]
struct Receiver {
    url: String,
    answer: Arc<Mutex<(u16, String)>>,
    requests: Arc<Mutex<Vec<Captured>>>,
}

impl Receiver {
    async fn start(status: u16, body: &str) -> Self {
        let answer = Arc::new(Mutex::new((status, body.to_owned())));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (answer_, requests_) = (answer.clone(), requests.clone());
        let endpoint = poem::endpoint::make(move |mut request: poem::Request| {
            let (answer, requests) = (answer_.clone(), requests_.clone());
            async move {
                let headers = request
                    .headers()
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
                    .collect();
                let body = request.take_body().into_vec().await.unwrap_or_default();
                requests.lock().unwrap().push(Captured { headers, body });
                let (status, body) = answer.lock().unwrap().clone();
                poem::Response::builder()
                    .status(poem::http::StatusCode::from_u16(status).unwrap())
                    .content_type("application/json")
                    .body(body)
            }
        });
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!(
            "http://{}/hook?key=robot-key",
            listener.local_addr().unwrap()
        );
        let acceptor = poem::listener::TcpAcceptor::from_std(listener).unwrap();
        tokio::spawn(poem::Server::new_with_acceptor(acceptor).run(endpoint));
        Self {
            url,
            answer,
            requests,
        }
    }

    fn answer_with(&self, status: u16, body: &str) {
        *self.answer.lock().unwrap() = (status, body.to_owned());
    }

    fn last(&self) -> Captured {
        self.requests.lock().unwrap().last().cloned().unwrap()
    }
}

// ---------------------------------------------------------------------------------------
// The SMTP server: aiosmtpd saving each message as DIR/N.eml plus DIR/N.json, its envelope
// and parts as Python's email parser decodes them.

struct SmtpCatcher {
    port: u16,
    dir: tempfile::TempDir,
    _process: tokio::process::Child,
}

impl SmtpCatcher {
    async fn start() -> Self {
        let python = std::env::var("FLEET_TEST_SMTP_PYTHON")
            .unwrap_or_else(|_| "/usr/bin/python3".to_owned());
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/receivers/smtp_catcher.py");
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut process = tokio::process::Command::new(&python)
            .arg(&script)
            .arg(port.to_string())
            .arg(dir.path())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("{python} runs the SMTP catcher (python3-aiosmtpd): {e}"));
        let stdout = process.stdout.take().unwrap();
        let mut ready = String::new();
        tokio::time::timeout(
            Duration::from_secs(20),
            BufReader::new(stdout).read_line(&mut ready),
        )
        .await
        .expect("the SMTP catcher starts within 20 s")
        .unwrap();
        assert_eq!(
            ready.trim(),
            "ready",
            "the SMTP catcher did not start (is python3-aiosmtpd installed for {python}?)"
        );
        Self {
            port,
            dir,
            _process: process,
        }
    }

    fn settings(&self) -> SmtpSettings {
        smtp_settings(self.port)
    }

    /// The Nth message as the catcher decoded it.
    fn message(&self, number: usize) -> Value {
        let path = self.dir.path().join(format!("{number}.json"));
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    /// The Nth message as it went over the wire.
    fn raw(&self, number: usize) -> String {
        std::fs::read_to_string(self.dir.path().join(format!("{number}.eml"))).unwrap()
    }
}

fn smtp_settings(port: u16) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        username: None,
        password: None,
        from: "WeCom Fleet <alerts@fleet.example.com>".into(),
        timeout: Duration::from_secs(5),
    }
}

fn email_to(addresses: &[&str]) -> ChannelConfig {
    ChannelConfig::Email {
        to: addresses.iter().map(|a| (*a).to_owned()).collect(),
    }
}

// ---------------------------------------------------------------------------------------
// Email

#[tokio::test]
async fn an_alert_email_has_a_text_and_an_escaped_html_part_naming_every_alert() {
    let smtp = SmtpCatcher::start().await;
    let channels = channels(Some(smtp.settings()), None);
    let config = email_to(&["ops@example.com", "oncall@example.com"]);

    let delivered = channels
        .send(&config, &two_accounts_offline(), &send_context())
        .await
        .unwrap();
    assert!(delivered.detail.starts_with("SMTP 250"), "{delivered:?}");

    let mail = smtp.message(1);
    assert_eq!(mail["mail_from"], "alerts@fleet.example.com");
    assert_eq!(
        mail["rcpt_tos"],
        json!(["ops@example.com", "oncall@example.com"])
    );
    assert_eq!(mail["from"], "WeCom Fleet <alerts@fleet.example.com>");
    assert_eq!(mail["subject"], "[FIRING:2] AccountOffline (tenant acme)");
    assert_eq!(mail["message_id"], "<ntf_01J9Z8K2QW@fleet.example.com>");
    assert_eq!(mail["content_type"], "multipart/alternative");
    assert!(smtp.raw(1).contains("multipart/alternative"));

    let text = mail["text"].as_str().unwrap();
    let html = mail["html"].as_str().unwrap();
    for part in [text, html] {
        for expected in [
            "Account acct-1 is offline",
            "Account acct-2 is offline",
            "账号离线 12 分钟 (offline for 12 minutes)",
            "Offline since the heartbeat stopped",
            "acct-1",
            "severity",
            "critical",
            "runbooks.example.com",
            "2026-12-01 15:00:00 UTC",
            "acme",
        ] {
            assert!(
                part.contains(expected),
                "{expected:?} missing from:\n{part}"
            );
        }
    }
    assert!(text.contains("account_id = acct-2"), "{text}");
    assert!(
        text.contains("account_name = <script>alert(1)</script>"),
        "{text}"
    );
    assert!(html.contains("account_id=acct-2"), "{html}");
    assert!(
        html.contains("account_name=&lt;script&gt;alert(1)"),
        "{html}"
    );
    assert!(
        !html.contains("<script"),
        "a label's markup must be escaped:\n{html}"
    );

    channels
        .send(&config, &resolved(two_accounts_offline()), &send_context())
        .await
        .unwrap();
    let mail = smtp.message(2);
    assert_eq!(mail["subject"], "[RESOLVED] AccountOffline (tenant acme)");
    let text = mail["text"].as_str().unwrap();
    assert!(text.contains("Ended:  2026-12-01 15:15:00 UTC"), "{text}");
}

#[tokio::test]
async fn an_unreachable_smtp_server_is_worth_retrying() {
    let channels = channels(Some(smtp_settings(free_port())), None);
    let result = channels
        .send(
            &email_to(&["ops@example.com"]),
            &two_accounts_offline(),
            &send_context(),
        )
        .await;
    assert_retryable(result, true);
}

#[tokio::test]
async fn an_email_channel_without_smtp_settings_fails_for_good() {
    let channels = channels(None, None);
    let error = channels
        .send(
            &email_to(&["ops@example.com"]),
            &two_accounts_offline(),
            &send_context(),
        )
        .await
        .unwrap_err();
    assert!(!error.retryable);
    assert!(error.message.contains("SMTP"), "{error}");
}

// ---------------------------------------------------------------------------------------
// Webhook

#[tokio::test]
async fn a_webhook_is_an_alertmanager_v4_payload_signed_the_standard_webhooks_way() {
    let receiver = Receiver::start(204, "").await;
    let secret = WebhookSecret::generate();
    let config = ChannelConfig::Webhook {
        url: receiver.url.clone(),
        secret: secret.clone(),
    };
    let channels = channels(None, None);
    let delivered = channels
        .send(&config, &two_accounts_offline(), &send_context())
        .await
        .unwrap();
    assert_eq!(delivered.detail, "HTTP 204 No Content");

    let request = receiver.last();
    let header = |name: &str| request.headers[name].as_str();
    assert_eq!(header("content-type"), "application/json");
    assert_eq!(header("webhook-id"), "ntf_01J9Z8K2QW");
    let message = SignedMessage {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp"),
        signatures: header("webhook-signature"),
        body: &request.body,
    };
    let now = chrono::Utc::now().timestamp();
    let secrets = [WebhookSecret::parse(&secret).unwrap()];
    assert_eq!(verify(&secrets, message, now, 300), Ok(()));
    let other = [WebhookSecret::parse(&WebhookSecret::generate()).unwrap()];
    assert!(
        verify(&other, message, now, 300).is_err(),
        "the check can fail"
    );

    let payload = request.json();
    assert_eq!(payload["version"], "4");
    assert_eq!(payload["status"], "firing");
    assert_eq!(payload["receiver"], "ops-channel");
    assert_eq!(payload["externalURL"], "https://fleet.example.com");
    assert_eq!(
        payload["groupLabels"],
        json!({ "alertname": "AccountOffline" })
    );
    let alerts = payload["alerts"].as_array().unwrap();
    assert_eq!(alerts.len(), 2);
    assert_eq!(alerts[0]["labels"]["account_id"], "acct-1");
    assert_eq!(
        alerts[1]["labels"]["account_name"],
        "<script>alert(1)</script>"
    );
    assert_eq!(alerts[0]["fingerprint"], "fp-acct-1");
    assert_eq!(alerts[0]["startsAt"], "2026-12-01T15:00:00.000Z");
}

#[tokio::test]
async fn webhook_refusals_are_classified_by_status() {
    let receiver = Receiver::start(500, "down").await;
    let config = ChannelConfig::Webhook {
        url: receiver.url.clone(),
        secret: WebhookSecret::generate(),
    };
    let channels = channels(None, None);
    let (notification, context) = (two_accounts_offline(), send_context());
    let send = || channels.send(&config, &notification, &context);

    let error = send().await.unwrap_err();
    assert!(error.retryable);
    assert!(error.message.contains("500"), "{error}");
    receiver.answer_with(429, "slow down");
    assert_retryable(send().await, true);
    receiver.answer_with(400, "bad");
    assert_retryable(send().await, false);
    receiver.answer_with(200, "");
    assert!(send().await.is_ok());

    let gone = ChannelConfig::Webhook {
        url: format!("http://127.0.0.1:{}/hook", free_port()),
        secret: WebhookSecret::generate(),
    };
    let result = channels
        .send(&gone, &two_accounts_offline(), &send_context())
        .await;
    assert_retryable(result, true);
}

// ---------------------------------------------------------------------------------------
// WeCom group robot

fn robot(receiver: &Receiver) -> ChannelConfig {
    ChannelConfig::WecomRobot {
        url: receiver.url.clone(),
    }
}

fn markdown_of(request: &Captured) -> String {
    let body = request.json();
    assert_eq!(body["msgtype"], "markdown");
    body["markdown"]["content"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_wecom_robot_gets_markdown_and_its_errcodes_are_classified() {
    let receiver = Receiver::start(200, r#"{"errcode":0,"errmsg":"ok"}"#).await;
    let channels = channels(None, None);
    let (config, notification, context) =
        (robot(&receiver), two_accounts_offline(), send_context());
    let send = || channels.send(&config, &notification, &context);

    let delivered = send().await.unwrap();
    assert_eq!(delivered.detail, "errcode 0: ok");
    let content = markdown_of(&receiver.last());
    assert!(
        content.starts_with(r#"<font color="warning">**[FIRING:2] AccountOffline**</font>"#),
        "{content}"
    );
    for expected in ["acct-1", "acct-2", "Account acct-1 is offline", "acme"] {
        assert!(
            content.contains(expected),
            "{expected:?} missing:\n{content}"
        );
    }

    receiver.answer_with(200, r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#);
    let error = send().await.unwrap_err();
    assert!(error.retryable);
    assert!(error.message.contains("45009"), "{error}");
    receiver.answer_with(200, r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#);
    assert_retryable(send().await, false);
    receiver.answer_with(502, "bad gateway");
    assert_retryable(send().await, true);
}

#[tokio::test]
async fn a_huge_wecom_message_is_cut_to_the_4096_byte_limit() {
    let receiver = Receiver::start(200, r#"{"errcode":0,"errmsg":"ok"}"#).await;
    let alerts = (0..200)
        .map(|i| offline(&format!("acct-{i}"), &[], &"账号离线很久了。".repeat(10)))
        .collect();
    channels(None, None)
        .send(&robot(&receiver), &notification(alerts), &send_context())
        .await
        .unwrap();
    let content = markdown_of(&receiver.last());
    assert!(content.len() <= WECOM_CONTENT_LIMIT, "{}", content.len());
    assert!(
        content.len() > WECOM_CONTENT_LIMIT - 400,
        "{}",
        content.len()
    );
    assert!(content.starts_with(r#"<font color="warning">**[FIRING:200]"#));
    assert!(content.ends_with("(truncated)"), "{content}");
}

// ---------------------------------------------------------------------------------------
// Templates

#[tokio::test]
async fn a_templates_dir_overrides_the_shipped_templates() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("wecom_robot.md.j2"),
        "custom: {{ title }} for {{ tenant_name }}, {{ alerts | length }} alerts",
    )
    .unwrap();
    let receiver = Receiver::start(200, r#"{"errcode":0,"errmsg":"ok"}"#).await;
    // The email templates are not overridden: the shipped ones fill in.
    let channels = channels(None, Some(dir.path().to_owned()));
    channels
        .send(&robot(&receiver), &two_accounts_offline(), &send_context())
        .await
        .unwrap();
    assert_eq!(
        markdown_of(&receiver.last()),
        "custom: AccountOffline for acme, 2 alerts"
    );

    // Edits apply to the next message without a restart.
    std::fs::write(dir.path().join("wecom_robot.md.j2"), "edited").unwrap();
    channels
        .send(&robot(&receiver), &two_accounts_offline(), &send_context())
        .await
        .unwrap();
    assert_eq!(markdown_of(&receiver.last()), "edited");
}
