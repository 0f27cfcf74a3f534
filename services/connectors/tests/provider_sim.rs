//! The simulated account-hosting provider over real sockets: the protocol's operations, the
//! drive endpoints, and signed callbacks arriving in order at a receiver that checks them the
//! way WeCom Fleet does.

// Test fixtures panic on failure: that is how a test reports a broken precondition.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{
    collections::VecDeque,
    future::Future,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use fleet_connectors::{
    provider_sim::{Background, ProviderSim, ProviderSimSettings},
    simulator::SimulatorSettings,
    ConnectorError,
};
use fleet_core::webhook_signature::{verify, SignedMessage, WebhookSecret, DEFAULT_TOLERANCE_SECS};
use poem::{
    endpoint::make,
    http::StatusCode,
    listener::{Acceptor, Listener, TcpListener},
    post, Endpoint, Request, Route, Server,
};
use reqwest::Method;
use serde_json::{json, Value};

const TOKEN: &str = "provider-test-token";

/// Serves `app` on a free local port and returns its base URL.
async fn serve(app: impl Endpoint + 'static) -> String {
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = acceptor.local_addr()[0].as_socket_addr().copied().unwrap();
    tokio::spawn(Server::new_with_acceptor(acceptor).run(app));
    format!("http://{addr}")
}

/// One delivery attempt as the receiver saw it.
#[derive(Debug, Clone)]
struct Delivery {
    account_id: String,
    webhook_id: String,
    /// Whether the signature and timestamp checked out against the shared secret.
    verified: bool,
    event: Value,
    /// What the receiver answered.
    answered: u16,
}

impl Delivery {
    fn kind(&self) -> &str {
        self.event["type"].as_str().unwrap()
    }
}

/// Plays WeCom Fleet's `/callbacks/provider/{account_id}`: verifies and records every
/// attempt, answering the queued statuses first and 200 after them.
struct Receiver {
    url_base: String,
    deliveries: Arc<Mutex<Vec<Delivery>>>,
    answers: Arc<Mutex<VecDeque<u16>>>,
}

impl Receiver {
    async fn start(secret: &str) -> Self {
        let secret = WebhookSecret::parse(secret).unwrap();
        let deliveries = Arc::new(Mutex::new(Vec::new()));
        let answers = Arc::new(Mutex::new(VecDeque::new()));
        let (recorded, queued) = (Arc::clone(&deliveries), Arc::clone(&answers));
        let endpoint = make(move |request: Request| {
            let (secret, recorded, queued) =
                (secret.clone(), Arc::clone(&recorded), Arc::clone(&queued));
            async move {
                let header =
                    |name: &str| request.header(name).map(str::to_owned).unwrap_or_default();
                let (id, timestamp, signature) = (
                    header("webhook-id"),
                    header("webhook-timestamp"),
                    header("webhook-signature"),
                );
                let account_id = request.uri().path().rsplit('/').next().unwrap().to_owned();
                let body = request.into_body().into_vec().await.unwrap();
                let now = now_secs();
                let message = SignedMessage {
                    id: &id,
                    timestamp: &timestamp,
                    signatures: &signature,
                    body: &body,
                };
                let verified = verify(
                    std::slice::from_ref(&secret),
                    message,
                    now,
                    DEFAULT_TOLERANCE_SECS,
                )
                .is_ok();
                let answered = queued.lock().unwrap().pop_front().unwrap_or(200);
                recorded.lock().unwrap().push(Delivery {
                    account_id,
                    webhook_id: id,
                    verified,
                    event: serde_json::from_slice(&body).unwrap(),
                    answered,
                });
                StatusCode::from_u16(answered).unwrap()
            }
        });
        let url_base =
            serve(Route::new().at("/callbacks/provider/:account_id", post(endpoint))).await;
        Self {
            url_base,
            deliveries,
            answers,
        }
    }

    fn callback_url(&self, account_id: &str) -> String {
        format!("{}/callbacks/provider/{account_id}", self.url_base)
    }

    /// The next attempts get these statuses.
    fn answer_next(&self, statuses: &[u16]) {
        self.answers.lock().unwrap().extend(statuses);
    }

    fn deliveries(&self) -> Vec<Delivery> {
        self.deliveries.lock().unwrap().clone()
    }

    /// The types of the events accepted (answered 2xx), heartbeats left out.
    fn accepted_kinds(&self) -> Vec<String> {
        self.deliveries()
            .iter()
            .filter(|d| d.answered < 300 && d.kind() != "heartbeat")
            .map(|d| d.kind().to_owned())
            .collect()
    }

    async fn wait_for_kind(&self, kind: &str) {
        eventually(|| async { self.deliveries().iter().any(|d| d.kind() == kind) }).await;
    }
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn eventually<F, Fut>(condition: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition().await {
        assert!(Instant::now() < deadline, "timed out waiting");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A running provider with a receiver for its callbacks.
struct Fixture {
    sim: Arc<ProviderSim>,
    base: String,
    receiver: Receiver,
    _background: Background,
}

impl Fixture {
    async fn start(heartbeat_interval: Duration) -> Self {
        Self::start_with(heartbeat_interval, None).await
    }

    async fn start_with(heartbeat_interval: Duration, delivery_delay: Option<Duration>) -> Self {
        let secret = WebhookSecret::generate();
        let receiver = Receiver::start(&secret).await;
        let settings = ProviderSimSettings {
            simulator: SimulatorSettings {
                heartbeat_interval,
                delivery_delay,
                ..SimulatorSettings::default()
            },
            callback_timeout: Duration::from_secs(2),
            callback_retry_backoff: vec![Duration::from_millis(30); 3],
            ..ProviderSimSettings::new(TOKEN, secret)
        };
        let sim = ProviderSim::new(settings).unwrap();
        let background = sim.start_background().unwrap();
        let base = serve(sim.routes()).await;
        Self {
            sim,
            base,
            receiver,
            _background: background,
        }
    }

    async fn call_as(
        &self,
        token: Option<&str>,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = reqwest::Client::new().request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await.unwrap();
        let status = answer.status().as_u16();
        let text = answer.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Option<Value>) -> (u16, Value) {
        self.call_as(Some(TOKEN), Method::POST, path, body).await
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.call_as(Some(TOKEN), Method::GET, path, None).await
    }

    /// Creates an instance for `account_id` whose callbacks go to the receiver.
    async fn create(&self, account_id: &str) -> String {
        let body = json!({ "account_id": account_id, "callback_url": self.receiver.callback_url(account_id) });
        let (status, created) = self.post("/v1/instances", Some(body)).await;
        assert_eq!(status, 201, "{created}");
        created["instance_id"].as_str().unwrap().to_owned()
    }

    async fn expect(&self, path: &str, status: u16) -> Value {
        let (got, body) = self.post(path, None).await;
        assert_eq!(got, status, "POST {path}: {body}");
        body
    }

    /// Creates an instance and logs it in by QR code.
    async fn online(&self, account_id: &str) -> String {
        let id = self.create(account_id).await;
        self.expect(&format!("/v1/instances/{id}/login"), 200).await;
        self.expect(&format!("/v1/instances/{id}/simulate/scan"), 200)
            .await;
        self.expect(&format!("/v1/instances/{id}/simulate/confirm"), 200)
            .await;
        id
    }
}

#[tokio::test]
async fn a_session_lifecycle_reports_signed_callbacks_in_order() {
    let fx = Fixture::start(Duration::from_millis(100)).await;
    let id = fx.create("acct-1").await;
    let (status, state) = fx.get(&format!("/v1/instances/{id}/status")).await;
    assert_eq!((status, state["state"].as_str()), (200, Some("idle")));

    let login = fx.expect(&format!("/v1/instances/{id}/login"), 200).await;
    assert!(login["qr_payload"].as_str().unwrap().contains(&id));
    assert!(login["expires_at"].as_i64().unwrap() > 0);
    let scanned = fx
        .expect(&format!("/v1/instances/{id}/simulate/scan"), 200)
        .await;
    assert_eq!(scanned["state"], "waiting_confirm");
    let confirmed = fx
        .expect(&format!("/v1/instances/{id}/simulate/confirm"), 200)
        .await;
    assert_eq!(confirmed["state"], "online");

    fx.receiver.wait_for_kind("heartbeat").await;
    let (_, state) = fx.get(&format!("/v1/instances/{id}/status")).await;
    assert_eq!(state["state"], "online");
    assert!(state["last_heartbeat_at"].as_i64().is_some(), "{state}");

    let dropped = fx
        .expect(&format!("/v1/instances/{id}/simulate/disconnect"), 200)
        .await;
    assert_eq!(dropped["state"], "dropped");
    fx.expect(&format!("/v1/instances/{id}/reconnect"), 204)
        .await;
    fx.expect(&format!("/v1/instances/{id}/logout"), 204).await;
    fx.receiver.wait_for_kind("logged_out").await;

    assert_eq!(
        fx.receiver.accepted_kinds(),
        [
            "qr_scanned",
            "qr_confirmed",
            "disconnected",
            "logged_in",
            "logged_out"
        ]
    );
    let deliveries = fx.receiver.deliveries();
    let kinds: Vec<&str> = deliveries.iter().map(Delivery::kind).collect();
    let position = |kind| kinds.iter().position(|k| *k == kind).unwrap();
    let (confirmed_at, disconnected_at, back_at) = (
        position("qr_confirmed"),
        position("disconnected"),
        position("logged_in"),
    );
    assert!(
        kinds[confirmed_at..disconnected_at].contains(&"heartbeat"),
        "heartbeats while online: {kinds:?}"
    );
    assert!(
        !kinds[disconnected_at..back_at].contains(&"heartbeat"),
        "no heartbeat while dropped: {kinds:?}"
    );
    for delivery in &deliveries {
        assert!(delivery.verified, "bad signature on {delivery:?}");
        assert_eq!(delivery.account_id, "acct-1");
        assert!(delivery.webhook_id.starts_with("evt_"));
        assert_eq!(delivery.event["instance_id"], id.as_str());
        assert!(delivery.event["occurred_at"].as_i64().unwrap() > 0);
        assert!(delivery.event["data"].is_object());
    }
    let mut ids: Vec<&str> = deliveries.iter().map(|d| d.webhook_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        ids.len(),
        deliveries.len(),
        "every event has its own webhook-id"
    );
    assert_eq!(
        deliveries[disconnected_at].event["data"]["reason"],
        "simulated"
    );
    assert_eq!(deliveries[back_at].event["data"]["via"], "reconnect");
    // The provider counts a delivery once the answer is back, just after the receiver saw it.
    let seen = deliveries.len() as u64;
    eventually(|| async { fx.sim.callbacks_sent() >= seen }).await;
}

#[tokio::test]
async fn the_protocol_needs_the_bearer_token_and_the_official_api_does_not() {
    let fx = Fixture::start(Duration::from_secs(3600)).await;
    let body = json!({ "account_id": "a", "callback_url": fx.receiver.callback_url("a") });
    for token in [None, Some("wrong-token")] {
        let (status, error) = fx
            .call_as(token, Method::POST, "/v1/instances", Some(body.clone()))
            .await;
        assert_eq!(status, 401);
        assert_eq!(error["code"], "unauthorized");
        assert_eq!(error["retryable"], false);
        let (status, _) = fx
            .call_as(
                token,
                Method::POST,
                "/v1/instances/sim-a/simulate/scan",
                None,
            )
            .await;
        assert_eq!(status, 401, "the drive endpoints are guarded too");
    }

    fx.sim
        .official_api()
        .register_app("corp1", 1000002, "app-secret");
    let (status, token) = fx
        .call_as(
            None,
            Method::GET,
            "/cgi-bin/gettoken?corpid=corp1&corpsecret=app-secret",
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(token["errcode"], 0, "{token}");
    assert!(token["access_token"].as_str().is_some());
}

#[tokio::test]
async fn errors_carry_the_protocol_codes() {
    let fx = Fixture::start(Duration::from_secs(3600)).await;
    for (method, path) in [
        (Method::POST, "/v1/instances/nope/login"),
        (Method::GET, "/v1/instances/nope/status"),
        (Method::GET, "/v1/instances/nope/conversations"),
        (Method::POST, "/v1/instances/nope/reconnect"),
        (Method::POST, "/v1/instances/nope/simulate/scan"),
    ] {
        let (status, error) = fx.call_as(Some(TOKEN), method, path, None).await;
        assert_eq!(
            (status, error["code"].as_str()),
            (404, Some("unknown_instance")),
            "{path}"
        );
    }

    let (status, error) = fx
        .post("/v1/instances", Some(json!({ "account_id": "a" })))
        .await;
    assert_eq!(
        (status, error["code"].as_str()),
        (400, Some("invalid_request"))
    );
    let (status, _) = fx
        .post(
            "/v1/instances",
            Some(json!({ "account_id": "a", "callback_url": "ftp://x" })),
        )
        .await;
    assert_eq!(status, 400);

    let id = fx.create("a").await;
    let (status, error) = fx
        .post(&format!("/v1/instances/{id}/simulate/confirm"), None)
        .await;
    assert_eq!((status, error["code"].as_str()), (409, Some("wrong_state")));
    let (status, error) = fx
        .post(&format!("/v1/instances/{id}/simulate/dance"), None)
        .await;
    assert_eq!((status, error["code"].as_str()), (404, Some("not_found")));

    fx.sim
        .simulator()
        .inject_failure(Some(ConnectorError::retryable("-1", "system busy")));
    let (status, error) = fx.post(&format!("/v1/instances/{id}/login"), None).await;
    assert_eq!((status, error["code"].as_str()), (503, Some("busy")));
    assert_eq!(error["retryable"], true);
    fx.sim.simulator().inject_failure(None);
    fx.expect(&format!("/v1/instances/{id}/login"), 200).await;
}

#[tokio::test]
async fn a_new_device_check_takes_the_right_code() {
    let fx = Fixture::start(Duration::from_secs(3600)).await;
    let id = fx.create("acct-v").await;
    fx.expect(&format!("/v1/instances/{id}/login"), 200).await;
    fx.expect(&format!("/v1/instances/{id}/simulate/scan"), 200)
        .await;
    let asked = fx
        .expect(
            &format!("/v1/instances/{id}/simulate/require-verification"),
            200,
        )
        .await;
    assert_eq!(asked["state"], "needs_verification");

    let path = format!("/v1/instances/{id}/verification");
    let (status, error) = fx.post(&path, Some(json!({ "code": "123456" }))).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (422, Some("invalid_verification_code"))
    );
    let (status, _) = fx.post(&path, Some(json!({ "code": "000000" }))).await;
    assert_eq!(status, 204);

    fx.receiver.wait_for_kind("logged_in").await;
    assert_eq!(
        fx.receiver.accepted_kinds(),
        ["qr_scanned", "verification_required", "logged_in"]
    );
    let logged_in = fx.receiver.deliveries().pop().unwrap();
    assert_eq!(logged_in.event["data"]["via"], "verification");
    let (_, state) = fx.get(&format!("/v1/instances/{id}/status")).await;
    assert_eq!(state["state"], "online");
}

#[tokio::test]
async fn messages_are_idempotent_on_the_client_message_id() {
    let fx = Fixture::start(Duration::from_secs(3600)).await;
    let offline = fx.create("acct-off").await;
    let message = |client_id: &str, conversation: &str| {
        json!({
            "client_message_id": client_id,
            "conversation_id": conversation,
            "message_type": "text",
            "content": { "text": "hello" },
        })
    };
    let (status, error) = fx
        .post(
            &format!("/v1/instances/{offline}/messages"),
            Some(message("m0", "x")),
        )
        .await;
    assert_eq!((status, error["code"].as_str()), (409, Some("wrong_state")));

    let id = fx.online("acct-m").await;
    let (status, listed) = fx.get(&format!("/v1/instances/{id}/conversations")).await;
    assert_eq!(status, 200);
    let conversations = listed["conversations"].as_array().unwrap();
    assert_eq!(conversations.len(), 3);
    let conversation = conversations[0]["id"].as_str().unwrap();

    let path = format!("/v1/instances/{id}/messages");
    let (status, first) = fx.post(&path, Some(message("m1", conversation))).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["duplicate"], false);
    let (_, again) = fx.post(&path, Some(message("m1", conversation))).await;
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["provider_message_id"], first["provider_message_id"]);
    let (_, other) = fx.post(&path, Some(message("m2", conversation))).await;
    assert_eq!(other["duplicate"], false);
    assert_ne!(other["provider_message_id"], first["provider_message_id"]);
    assert_eq!(fx.sim.messages_sent(), 2);

    let (status, error) = fx.post(&path, Some(message("m3", "no-such-chat"))).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (422, Some("unknown_conversation"))
    );
    let mut wrong_type = message("m4", conversation);
    wrong_type["message_type"] = json!("hologram");
    let (status, error) = fx.post(&path, Some(wrong_type)).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (400, Some("invalid_request"))
    );
    assert_eq!(fx.sim.messages_sent(), 2);

    let (status, listed) = fx.get("/v1/simulate/messages").await;
    assert_eq!(status, 200, "{listed}");
    let listed = listed["messages"].as_array().unwrap();
    let calls: Vec<(&str, i64)> = listed
        .iter()
        .map(|m| {
            (
                m["client_message_id"].as_str().unwrap(),
                m["send_calls"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(calls, [("m1", 2), ("m2", 1)]);
    let first = &listed[0];
    assert_eq!(first["instance_id"], id.as_str());
    assert_eq!(first["conversation_id"], conversation);
    assert_eq!(first["message_type"], "text");
    assert_eq!(first["provider_message_id"], again["provider_message_id"]);
    assert!(first["sent_at"].as_i64().unwrap() <= listed[1]["sent_at"].as_i64().unwrap());
    let (status, _) = fx
        .call_as(None, Method::GET, "/v1/simulate/messages", None)
        .await;
    assert_eq!(status, 401, "the look-only endpoint is guarded too");
}

#[tokio::test]
async fn a_sent_message_is_reported_delivered_once_by_signed_callback() {
    let fx = Fixture::start_with(Duration::from_secs(3600), Some(Duration::from_millis(100))).await;
    let id = fx.online("acct-dl").await;
    let path = format!("/v1/instances/{id}/messages");
    let message = json!({
        "client_message_id": "m1",
        "conversation_id": format!("{id}:c2"),
        "message_type": "text",
        "content": { "text": "hello" },
    });
    let (status, sent) = fx.post(&path, Some(message.clone())).await;
    assert_eq!(status, 200, "{sent}");
    let (_, repeat) = fx.post(&path, Some(message)).await;
    assert_eq!(repeat["duplicate"], true);

    fx.receiver.wait_for_kind("message_delivered").await;
    // Later rounds find nothing more to report.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(fx.sim.delivery_round(), 0);
    let delivered: Vec<Delivery> = fx
        .receiver
        .deliveries()
        .into_iter()
        .filter(|d| d.kind() == "message_delivered")
        .collect();
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    let delivery = &delivered[0];
    assert!(delivery.verified, "bad signature on {delivery:?}");
    assert_eq!(delivery.account_id, "acct-dl");
    assert_eq!(delivery.event["instance_id"], id.as_str());
    assert_eq!(
        delivery.event["data"],
        json!({
            "client_message_id": "m1",
            "provider_message_id": sent["provider_message_id"],
        })
    );
}

#[tokio::test]
async fn a_failed_delivery_is_retried_with_the_same_id_before_later_events() {
    let fx = Fixture::start(Duration::from_secs(3600)).await;
    fx.receiver.answer_next(&[500, 503]);
    fx.online("acct-r").await;
    fx.receiver.wait_for_kind("qr_confirmed").await;

    let deliveries = fx.receiver.deliveries();
    let seen: Vec<(&str, &str, u16)> = deliveries
        .iter()
        .map(|d| (d.kind(), d.webhook_id.as_str(), d.answered))
        .collect();
    let first_id = deliveries[0].webhook_id.as_str();
    assert_eq!(
        seen,
        [
            ("qr_scanned", first_id, 500),
            ("qr_scanned", first_id, 503),
            ("qr_scanned", first_id, 200),
            ("qr_confirmed", deliveries[3].webhook_id.as_str(), 200),
        ]
    );
    assert_ne!(deliveries[3].webhook_id, first_id);
    assert!(deliveries.iter().all(|d| d.verified));
    assert_eq!(
        (fx.sim.callback_attempts(), fx.sim.callbacks_sent()),
        (4, 2)
    );
}

#[tokio::test]
async fn a_final_refusal_drops_the_event_and_the_next_one_follows() {
    let fx = Fixture::start(Duration::from_secs(3600)).await;
    fx.receiver.answer_next(&[404]);
    fx.online("acct-gone").await;
    fx.receiver.wait_for_kind("qr_confirmed").await;
    let answered: Vec<(String, u16)> = fx
        .receiver
        .deliveries()
        .iter()
        .map(|d| (d.kind().to_owned(), d.answered))
        .collect();
    assert_eq!(
        answered,
        [
            ("qr_scanned".to_owned(), 404),
            ("qr_confirmed".to_owned(), 200)
        ]
    );
    eventually(|| async { fx.sim.callbacks_sent() == 1 }).await;
    assert_eq!(fx.sim.callbacks_dropped(), 1);
}

#[tokio::test]
async fn a_silent_drop_sends_nothing_and_stops_the_heartbeats() {
    let fx = Fixture::start(Duration::from_secs(3600)).await;
    let id = fx.online("acct-d").await;
    assert_eq!(fx.sim.heartbeat_round(), 1);
    fx.receiver.wait_for_kind("heartbeat").await;

    let dropped = fx
        .expect(&format!("/v1/instances/{id}/simulate/drop"), 200)
        .await;
    assert_eq!(dropped["state"], "dropped");
    assert_eq!(fx.sim.heartbeat_round(), 0);
    // Anything the drop had queued would have arrived before this.
    fx.expect(&format!("/v1/instances/{id}/reconnect"), 204)
        .await;
    fx.receiver.wait_for_kind("logged_in").await;
    assert_eq!(
        fx.receiver.accepted_kinds(),
        ["qr_scanned", "qr_confirmed", "logged_in"]
    );
}
