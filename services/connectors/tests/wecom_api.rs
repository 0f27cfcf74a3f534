#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The `wecom_api` connector against the official API simulator over real sockets.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use fleet_connectors::{
    official_api_sim::OfficialApiSim,
    wecom_api::{AppCredentials, WecomApiConnector, WecomApiOptions},
    Connector, ConnectorError, ConnectorKind, Instance, LoginStart, OutgoingMessage,
};
use poem::{
    listener::{Acceptor, Listener, TcpListener},
    Server,
};
use reqwest::Method;
use serde_json::{json, Value};

const CORP: &str = "ww7a1b2c3d";
const AGENT: i64 = 1000002;
const SECRET: &str = "the-right-secret";
const AGENT_GET: &str = "/cgi-bin/agent/get";
const MESSAGE_SEND: &str = "/cgi-bin/message/send";
const BACKOFF: Duration = Duration::from_millis(20);

/// Serves `sim` on a free local port and returns its base URL.
async fn serve(sim: &Arc<OfficialApiSim>) -> String {
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = *acceptor.local_addr()[0].as_socket_addr().unwrap();
    let routes = sim.routes();
    tokio::spawn(Server::new_with_acceptor(acceptor).run(routes));
    format!("http://{addr}")
}

fn settings(secret: &str) -> Value {
    json!({"corp_id": CORP, "agent_id": AGENT, "secret": secret})
}

fn at(settings: &Value) -> Instance<'_> {
    Instance {
        account_id: "acct-1",
        instance_id: "ww7a1b2c3d:1000002",
        settings,
    }
}

fn options(base_url: String) -> WecomApiOptions {
    WecomApiOptions {
        base_url,
        request_timeout: Duration::from_secs(5),
        rate_limit_backoff: BACKOFF,
        ..WecomApiOptions::default()
    }
}

/// A simulator with one app and a connector pointed at it.
async fn setup_with(
    token_ttl: Duration,
    tune: impl FnOnce(&mut WecomApiOptions),
) -> (Arc<OfficialApiSim>, Arc<WecomApiConnector>) {
    let sim = Arc::new(OfficialApiSim::new(token_ttl));
    sim.register_app(CORP, AGENT, SECRET);
    let mut options = options(serve(&sim).await);
    tune(&mut options);
    (sim, Arc::new(WecomApiConnector::new(options).unwrap()))
}

async fn setup() -> (Arc<OfficialApiSim>, Arc<WecomApiConnector>) {
    setup_with(Duration::from_secs(7200), |_| {}).await
}

fn code_of(err: &ConnectorError) -> (&'static str, &str) {
    match err {
        ConnectorError::Retryable { code, .. } => ("retryable", code),
        ConnectorError::Permanent { code, .. } => ("permanent", code),
        other => panic!("unexpected error {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_calls_on_a_cold_cache_fetch_one_token() {
    let (sim, connector) = setup().await;
    let probes: Vec<_> = (0..50)
        .map(|_| {
            let connector = Arc::clone(&connector);
            tokio::spawn(async move {
                let settings = settings(SECRET);
                connector.probe(at(&settings)).await
            })
        })
        .collect();
    for probe in probes {
        probe.await.unwrap().unwrap();
    }
    assert_eq!(sim.gettoken_calls(), 1);
    assert_eq!(sim.calls(AGENT_GET), 50);

    let settings = settings(SECRET);
    for _ in 0..5 {
        connector.probe(at(&settings)).await.unwrap();
    }
    assert_eq!(
        sim.gettoken_calls(),
        1,
        "later calls reuse the cached token"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_token_is_refetched_once_and_the_call_retried() {
    let (sim, connector) = setup().await;
    let settings = settings(SECRET);
    connector.probe(at(&settings)).await.unwrap();
    sim.expire_all_tokens();
    connector.probe(at(&settings)).await.unwrap();
    assert_eq!((sim.gettoken_calls(), sim.answers(42001)), (2, 1));

    // Many calls refused together still refresh once.
    sim.expire_all_tokens();
    let probes = (0..20).map(|_| connector.probe(at(&settings)));
    for outcome in futures::future::join_all(probes).await {
        outcome.unwrap();
    }
    assert_eq!(sim.gettoken_calls(), 3);
}

#[tokio::test]
async fn a_token_refused_twice_is_retryable() {
    let (sim, connector) = setup().await;
    let settings = settings(SECRET);
    sim.fail_next(40014, 2);
    let err = connector.probe(at(&settings)).await.unwrap_err();
    assert_eq!(code_of(&err), ("retryable", "40014"));
    assert_eq!((sim.gettoken_calls(), sim.calls(AGENT_GET)), (2, 2));
}

#[tokio::test]
async fn a_token_is_refreshed_before_it_expires() {
    // Tokens live 3 s and are replaced 2.2 s early: fresh for 0.8 s, accepted for 3 s.
    let (sim, connector) = setup_with(Duration::from_secs(3), |o| {
        o.refresh_margin = Duration::from_millis(2200);
    })
    .await;
    let settings = settings(SECRET);
    connector.probe(at(&settings)).await.unwrap();
    connector.probe(at(&settings)).await.unwrap();
    assert_eq!(sim.gettoken_calls(), 1, "the token is still fresh");
    tokio::time::sleep(Duration::from_millis(900)).await;
    connector.probe(at(&settings)).await.unwrap();
    assert_eq!(
        sim.gettoken_calls(),
        2,
        "refreshed inside the margin, though WeCom would still take the old one"
    );
    assert_eq!(sim.answers(42001), 0, "no call carried an expired token");
}

#[tokio::test]
async fn the_frequency_limit_is_waited_out_then_given_up_on() {
    let (sim, connector) = setup_with(Duration::from_secs(7200), |o| {
        o.rate_limit_retries = 2;
    })
    .await;
    let settings = settings(SECRET);
    sim.fail_next(45009, 2);
    let started = Instant::now();
    connector.probe(at(&settings)).await.unwrap();
    assert!(started.elapsed() >= BACKOFF, "{:?}", started.elapsed());
    assert_eq!(sim.calls(AGENT_GET), 3);

    sim.fail_next(45009, 10);
    let err = connector.probe(at(&settings)).await.unwrap_err();
    assert_eq!(code_of(&err), ("retryable", "45009"));
    assert_eq!(sim.calls(AGENT_GET), 6, "one attempt and two retries");
}

#[tokio::test]
async fn system_busy_is_retryable_and_other_codes_permanent() {
    let (sim, connector) = setup().await;
    let settings = settings(SECRET);
    sim.fail_next(-1, 1);
    let busy = connector.probe(at(&settings)).await.unwrap_err();
    assert_eq!(code_of(&busy), ("retryable", "-1"));
    sim.fail_next(45033, 1);
    let crowded = connector.probe(at(&settings)).await.unwrap_err();
    assert_eq!(code_of(&crowded), ("retryable", "45033"));
    sim.fail_next(60011, 1);
    let refused = connector.probe(at(&settings)).await.unwrap_err();
    assert_eq!(
        refused,
        ConnectorError::permanent("60011", "no privilege to access/modify contact/party/agent")
    );
    assert_eq!(sim.calls(AGENT_GET), 3, "none of them was retried");
    connector.probe(at(&settings)).await.unwrap();
}

#[tokio::test]
async fn login_needs_the_right_secret() {
    let (sim, connector) = setup().await;
    let wrong = settings("not-the-secret");
    let err = connector.start_login(at(&wrong)).await.unwrap_err();
    assert_eq!(code_of(&err), ("permanent", "40001"));
    assert!(!err.to_string().contains("not-the-secret"));
    let right = settings(SECRET);
    assert_eq!(
        connector.start_login(at(&right)).await.unwrap(),
        LoginStart::SignedIn
    );
    assert_eq!(sim.calls(AGENT_GET), 1);
}

#[tokio::test]
async fn logout_and_reconnect_drop_the_cached_token() {
    let (sim, connector) = setup().await;
    let settings = settings(SECRET);
    connector.probe(at(&settings)).await.unwrap();
    connector.logout(at(&settings)).await.unwrap();
    connector.probe(at(&settings)).await.unwrap();
    assert_eq!(sim.gettoken_calls(), 2);
    connector.reconnect(at(&settings)).await.unwrap();
    assert_eq!(sim.gettoken_calls(), 3);
    let verification = connector.submit_verification(at(&settings), "123456");
    assert!(matches!(
        verification.await,
        Err(ConnectorError::WrongState(_))
    ));
}

#[tokio::test]
async fn settings_are_checked_without_the_network() {
    let (sim, connector) = setup().await;
    assert_eq!(connector.kind(), ConnectorKind::WecomApi);
    assert!(!connector.pushes_heartbeats());
    let field = |settings: Value| match connector.check_settings(&settings).unwrap_err() {
        ConnectorError::InvalidSettings(e) => e,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(
        field(json!({"agent_id": AGENT, "secret": SECRET})).field,
        "connector_settings.corp_id"
    );
    assert_eq!(
        field(json!({"corp_id": CORP, "agent_id": "1000002", "secret": SECRET})).field,
        "connector_settings.agent_id"
    );
    let unknown =
        field(json!({"corp_id": CORP, "agent_id": AGENT, "secret": SECRET, "token": "x"}));
    assert!(unknown.message.contains("`token`"), "{unknown}");
    connector.check_settings(&settings(SECRET)).unwrap();

    let id = connector.create_instance("acct-1", &settings(SECRET)).await;
    assert_eq!(id.unwrap(), "ww7a1b2c3d:1000002");
    assert!(connector
        .create_instance("acct-1", &json!({"corp_id": CORP}))
        .await
        .is_err());
    assert_eq!(sim.gettoken_calls(), 0);
}

#[tokio::test]
async fn conversations_are_the_apps_group_chats() {
    let (_sim, connector) = setup().await;
    let settings = settings(SECRET);
    let chats = connector.list_conversations(at(&settings)).await.unwrap();
    let summary: Vec<_> = chats
        .iter()
        .map(|c| (c.name.as_str(), c.kind.as_str(), c.member_count))
        .collect();
    assert_eq!(
        summary,
        [
            ("VIP customers", "group", 48),
            ("After-sales support", "group", 12),
            ("Product trial group", "group", 5),
        ]
    );
    assert!(chats.iter().all(|c| c.id.starts_with("wr")));
}

#[tokio::test]
async fn any_endpoint_can_be_called() {
    let (sim, connector) = setup().await;
    let app = AppCredentials::new(CORP, AGENT, SECRET).unwrap();
    let message = json!({
        "touser": "zhangsan",
        "msgtype": "text",
        "agentid": AGENT,
        "text": {"content": "hello"},
    });
    let reply = connector
        .call(
            &app,
            Method::POST,
            "/cgi-bin/message/send",
            &[],
            Some(&message),
        )
        .await
        .unwrap();
    assert!(reply["msgid"].as_str().is_some_and(|id| !id.is_empty()));
    assert_eq!(sim.sent_messages(), [message]);
}

#[tokio::test]
async fn an_unreachable_server_is_retryable_and_hides_the_secret() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let connector = WecomApiConnector::new(options(format!("http://127.0.0.1:{port}"))).unwrap();
    let settings = settings(SECRET);
    let err = connector.probe(at(&settings)).await.unwrap_err();
    assert_eq!(code_of(&err), ("retryable", "http"));
    assert!(!err.to_string().contains(SECRET), "{err}");
}

fn outgoing<'a>(message_type: &'a str, content: &'a Value) -> OutgoingMessage<'a> {
    OutgoingMessage {
        client_message_id: "m1",
        conversation_id: "zhangsan|lisi",
        message_type,
        content,
    }
}

#[tokio::test]
async fn a_text_send_is_an_app_message_with_the_duplicate_check() {
    let (sim, connector) = setup().await;
    let settings = settings(SECRET);
    let content = json!({"text": "hello"});
    let receipt = connector
        .send(at(&settings), outgoing("text", &content))
        .await
        .unwrap();
    assert!(!receipt.provider_message_id.is_empty());
    assert!(!receipt.duplicate, "the official API cannot tell");
    assert_eq!(
        sim.sent_messages(),
        [json!({
            "touser": "zhangsan|lisi",
            "agentid": AGENT,
            "msgtype": "text",
            "text": {"content": "hello"},
            "enable_duplicate_check": 1,
            "duplicate_check_interval": 1800,
        })]
    );
}

#[tokio::test]
async fn media_by_url_is_refused_before_calling_wecom() {
    let (sim, connector) = setup().await;
    let settings = settings(SECRET);
    let content = json!({"url": "https://example.com/a.png"});
    let err = connector
        .send(at(&settings), outgoing("image", &content))
        .await
        .unwrap_err();
    assert_eq!(code_of(&err), ("permanent", "unsupported_content"));
    assert_eq!((sim.calls(MESSAGE_SEND), sim.gettoken_calls()), (0, 0));
    let uploaded = json!({"media_id": "MEDIA_1"});
    connector
        .send(at(&settings), outgoing("image", &uploaded))
        .await
        .unwrap();
    assert_eq!(
        sim.sent_messages()[0]["image"],
        json!({"media_id": "MEDIA_1"})
    );
}

#[tokio::test]
async fn send_errcodes_map_as_for_every_call() {
    let (sim, connector) = setup_with(Duration::from_secs(7200), |o| {
        o.rate_limit_retries = 1;
    })
    .await;
    let settings = settings(SECRET);
    let content = json!({"text": "hello"});
    sim.fail_next(45009, 5);
    let limited = connector
        .send(at(&settings), outgoing("text", &content))
        .await
        .unwrap_err();
    assert_eq!(code_of(&limited), ("retryable", "45009"));
    assert_eq!(sim.calls(MESSAGE_SEND), 2, "one attempt and one retry");
    sim.fail_next(40008, 1);
    let refused = connector
        .send(at(&settings), outgoing("text", &content))
        .await
        .unwrap_err();
    assert_eq!(code_of(&refused), ("permanent", "40008"));
    assert!(sim.sent_messages().is_empty());
}
