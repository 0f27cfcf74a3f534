//! The `http_instance` connector's sends against the simulated provider over real sockets:
//! the receipt, idempotency on the client message id, and the protocol's errors as
//! connector errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{sync::Arc, time::Duration};

use fleet_connectors::{
    http_instance::{HttpInstanceConnector, HttpInstanceOptions},
    provider_sim::{ProviderSim, ProviderSimSettings},
    simulator::{SendFailureRule, SimulatorSettings},
    Connector, ConnectorError, Instance, OutgoingMessage, SendReceipt,
};
use fleet_core::webhook_signature::WebhookSecret;
use poem::{
    listener::{Acceptor, Listener, TcpListener},
    Server,
};
use serde_json::{json, Value};

const TOKEN: &str = "http-instance-test-token";
const NO_SETTINGS: Value = Value::Null;

/// A provider (its callbacks go nowhere: the background is not started) and a connector
/// pointed at it.
async fn setup() -> (Arc<ProviderSim>, HttpInstanceConnector) {
    let settings = ProviderSimSettings {
        simulator: SimulatorSettings {
            delivery_delay: None,
            ..SimulatorSettings::default()
        },
        ..ProviderSimSettings::new(TOKEN, WebhookSecret::generate())
    };
    let sim = ProviderSim::new(settings).unwrap();
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let addr = *acceptor.local_addr()[0].as_socket_addr().unwrap();
    tokio::spawn(Server::new_with_acceptor(acceptor).run(sim.routes()));
    let connector = HttpInstanceConnector::new(HttpInstanceOptions {
        base_url: format!("http://{addr}"),
        api_token: TOKEN.into(),
        callback_base_url: "http://127.0.0.1:9/callbacks/provider".into(),
        request_timeout: Duration::from_secs(5),
    })
    .unwrap();
    (sim, connector)
}

fn at(instance_id: &str) -> Instance<'_> {
    Instance {
        account_id: "acct-h",
        instance_id,
        settings: &NO_SETTINGS,
    }
}

async fn online(sim: &ProviderSim, connector: &HttpInstanceConnector) -> String {
    let id = connector
        .create_instance("acct-h", &NO_SETTINGS)
        .await
        .unwrap();
    connector.start_login(at(&id)).await.unwrap();
    sim.simulator().scan(&id).unwrap();
    sim.simulator().confirm(&id).unwrap();
    id
}

async fn send(
    connector: &HttpInstanceConnector,
    instance_id: &str,
    client_message_id: &str,
    conversation_id: &str,
) -> Result<SendReceipt, ConnectorError> {
    let content = json!({ "text": "hello" });
    let message = OutgoingMessage {
        client_message_id,
        conversation_id,
        message_type: "text",
        content: &content,
    };
    connector.send(at(instance_id), message).await
}

#[tokio::test]
async fn a_send_is_received_once_and_its_repeat_is_a_duplicate() {
    let (sim, connector) = setup().await;
    let id = online(&sim, &connector).await;
    let conversation = connector.list_conversations(at(&id)).await.unwrap()[0]
        .id
        .clone();
    let first = send(&connector, &id, "m1", &conversation).await.unwrap();
    assert!(!first.duplicate && !first.provider_message_id.is_empty());
    let again = send(&connector, &id, "m1", &conversation).await.unwrap();
    assert_eq!(
        again,
        SendReceipt {
            provider_message_id: first.provider_message_id.clone(),
            duplicate: true,
        }
    );
    let sent = sim.simulator().sent_messages();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].content.clone(), sent[0].send_calls),
        (json!({ "text": "hello" }), 2)
    );
}

#[tokio::test]
async fn the_protocols_errors_become_connector_errors() {
    let (sim, connector) = setup().await;
    assert_eq!(
        send(&connector, "nope", "m1", "c").await,
        Err(ConnectorError::UnknownInstance("nope".into()))
    );
    let idle = connector
        .create_instance("acct-idle", &NO_SETTINGS)
        .await
        .unwrap();
    assert!(matches!(
        send(&connector, &idle, "m1", "c").await,
        Err(ConnectorError::WrongState(_))
    ));

    let id = online(&sim, &connector).await;
    let conversation = format!("{id}:c1");
    let unknown = send(&connector, &id, "m1", "no-such-chat").await;
    assert!(
        matches!(unknown, Err(ConnectorError::Permanent { ref code, .. }) if code == "unknown_conversation"),
        "{unknown:?}"
    );
    sim.simulator().fail_sends(SendFailureRule {
        message_type: Some("text".into()),
        error: ConnectorError::retryable("45009", "frequency limit"),
        times: Some(1),
    });
    let limited = send(&connector, &id, "m1", &conversation).await;
    assert!(
        matches!(limited, Err(ConnectorError::Retryable { ref code, .. }) if code == "busy"),
        "{limited:?}"
    );
    sim.simulator().fail_sends(SendFailureRule {
        message_type: None,
        error: ConnectorError::permanent("45047", "over the customer-message limit"),
        times: Some(1),
    });
    let refused = send(&connector, &id, "m1", &conversation).await;
    assert!(
        matches!(refused, Err(ConnectorError::Permanent { ref code, .. }) if code == "45047"),
        "{refused:?}"
    );
    assert!(sim.simulator().sent_messages().is_empty());
    let sent = send(&connector, &id, "m1", &conversation).await.unwrap();
    assert!(!sent.duplicate);
}
