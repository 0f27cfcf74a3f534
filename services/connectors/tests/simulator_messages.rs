//! Sending through the in-process simulator: what a send needs, deduplication on the client
//! message id, scripted failures, and delivery reports after the configured delay.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use fleet_connectors::{
    simulator::{SendFailureRule, Simulator, SimulatorSettings},
    Connector, ConnectorError, Instance, OutgoingMessage, SendReceipt,
};
use fleet_core::clock::now_ms;
use serde_json::{json, Value};

const NO_SETTINGS: Value = Value::Null;

fn at(instance_id: &str) -> Instance<'_> {
    Instance {
        account_id: "ignored: the simulator knows its instances' accounts",
        instance_id,
        settings: &NO_SETTINGS,
    }
}

fn simulator(delivery_delay: Option<Duration>) -> Simulator {
    Simulator::new(SimulatorSettings {
        delivery_delay,
        ..SimulatorSettings::default()
    })
}

async fn online(sim: &Simulator, account_id: &str) -> String {
    let id = sim.create_instance(account_id, &NO_SETTINGS).await.unwrap();
    sim.start_login(at(&id)).await.unwrap();
    sim.scan(&id).unwrap();
    sim.confirm(&id).unwrap();
    id
}

/// Sends `message_type` content to the instance's first conversation.
async fn send(
    sim: &Simulator,
    instance_id: &str,
    client_message_id: &str,
    message_type: &str,
) -> Result<SendReceipt, ConnectorError> {
    let conversation = format!("{instance_id}:c1");
    let content = json!({ "text": format!("hello from {client_message_id}") });
    let message = OutgoingMessage {
        client_message_id,
        conversation_id: &conversation,
        message_type,
        content: &content,
    };
    sim.send(at(instance_id), message).await
}

fn permanent(code: &str) -> ConnectorError {
    ConnectorError::permanent(code, "scripted")
}

#[tokio::test]
async fn a_send_needs_an_online_instance_and_one_of_its_conversations() {
    let sim = simulator(None);
    let id = sim.create_instance("a1", &NO_SETTINGS).await.unwrap();
    assert!(matches!(
        send(&sim, &id, "m1", "text").await,
        Err(ConnectorError::WrongState(_))
    ));
    assert_eq!(
        send(&sim, "nope", "m1", "text").await,
        Err(ConnectorError::UnknownInstance("nope".into()))
    );
    let id = online(&sim, "a1").await;
    let content = json!({ "text": "hi" });
    let elsewhere = OutgoingMessage {
        client_message_id: "m1",
        conversation_id: "sim-other:c1",
        message_type: "text",
        content: &content,
    };
    let err = sim.send(at(&id), elsewhere).await.unwrap_err();
    assert!(
        matches!(err, ConnectorError::Permanent { ref code, .. } if code == "unknown_conversation"),
        "{err:?}"
    );
    assert!(
        sim.sent_messages().is_empty(),
        "refused sends record nothing"
    );
    sim.disconnect(&id).unwrap();
    assert!(matches!(
        send(&sim, &id, "m1", "text").await,
        Err(ConnectorError::WrongState(_))
    ));
}

#[tokio::test]
async fn a_repeated_client_message_id_is_sent_once() {
    let sim = simulator(None);
    let id = online(&sim, "a1").await;
    let before = now_ms();
    let first = send(&sim, &id, "m1", "text").await.unwrap();
    let after = now_ms();
    assert!(!first.duplicate && first.provider_message_id.starts_with("pmsg_"));
    for _ in 0..2 {
        let again = send(&sim, &id, "m1", "text").await.unwrap();
        assert_eq!(
            again,
            SendReceipt {
                provider_message_id: first.provider_message_id.clone(),
                duplicate: true,
            }
        );
    }
    let other = send(&sim, &id, "m2", "image").await.unwrap();
    assert!(!other.duplicate);
    assert_ne!(other.provider_message_id, first.provider_message_id);
    let second_instance = online(&sim, "a2").await;
    let same_id_elsewhere = send(&sim, &second_instance, "m1", "text").await.unwrap();
    assert!(
        !same_id_elsewhere.duplicate,
        "client message ids are per instance"
    );

    let sent = sim.sent_messages();
    let summary: Vec<(&str, &str, &str, u32)> = sent
        .iter()
        .map(|m| {
            (
                m.account_id.as_str(),
                m.client_message_id.as_str(),
                m.message_type.as_str(),
                m.send_calls,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("a1", "m1", "text", 3),
            ("a1", "m2", "image", 1),
            ("a2", "m1", "text", 1)
        ]
    );
    let first_sent = &sent[0];
    assert_eq!(first_sent.instance_id, id);
    assert_eq!(first_sent.conversation_id, format!("{id}:c1"));
    assert_eq!(first_sent.provider_message_id, first.provider_message_id);
    assert_eq!(first_sent.content, json!({ "text": "hello from m1" }));
    assert!((before..=after).contains(&first_sent.sent_at));
}

#[tokio::test]
async fn scripted_failures_match_by_type_and_count_down() {
    let sim = simulator(None);
    let id = online(&sim, "a1").await;
    sim.fail_sends(SendFailureRule {
        message_type: Some("image".into()),
        error: ConnectorError::retryable("45009", "scripted"),
        times: Some(2),
    });
    sim.fail_sends(SendFailureRule {
        message_type: None,
        error: permanent("everything"),
        times: Some(1),
    });
    let image = send(&sim, &id, "img", "image").await;
    assert_eq!(
        image,
        Err(ConnectorError::retryable("45009", "scripted")),
        "the first matching rule applies"
    );
    assert_eq!(
        send(&sim, &id, "txt", "text").await,
        Err(permanent("everything"))
    );
    send(&sim, &id, "txt", "text").await.unwrap();
    assert!(send(&sim, &id, "img", "image").await.is_err());
    let image = send(&sim, &id, "img", "image").await.unwrap();
    assert!(!image.duplicate, "the failed attempts sent nothing");

    sim.fail_sends(SendFailureRule {
        message_type: None,
        error: permanent("down"),
        times: None,
    });
    for _ in 0..3 {
        assert_eq!(
            send(&sim, &id, "txt", "text").await,
            Err(permanent("down")),
            "until cleared, repeats of sent messages fail too"
        );
    }
    sim.clear_send_failures();
    assert!(send(&sim, &id, "txt", "text").await.unwrap().duplicate);
    let calls: Vec<(String, u32)> = sim
        .sent_messages()
        .into_iter()
        .map(|m| (m.client_message_id, m.send_calls))
        .collect();
    assert_eq!(calls, [("txt".to_owned(), 2), ("img".to_owned(), 1)]);
}

#[tokio::test]
async fn injected_failures_and_latency_apply_to_sends() {
    let sim = Simulator::new(SimulatorSettings {
        latency: Duration::from_millis(30),
        ..SimulatorSettings::default()
    });
    let id = online(&sim, "a1").await;
    let busy = ConnectorError::retryable("-1", "system busy");
    sim.inject_failure(Some(busy.clone()));
    assert_eq!(send(&sim, &id, "m1", "text").await, Err(busy));
    sim.inject_failure(None);
    let started = std::time::Instant::now();
    send(&sim, &id, "m1", "text").await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(30));
    assert_eq!(sim.sent_messages().len(), 1);
}

#[tokio::test]
async fn deliveries_are_reported_once_after_the_delay() {
    let delay = Duration::from_millis(150);
    let sim = simulator(Some(delay));
    let id = online(&sim, "a1").await;
    let receipt = send(&sim, &id, "m1", "text").await.unwrap();
    send(&sim, &id, "m1", "text").await.unwrap();
    assert!(sim.delivery_round().is_empty(), "too early");
    sim.fail_sends(SendFailureRule {
        message_type: None,
        error: permanent("refused"),
        times: Some(1),
    });
    assert!(send(&sim, &id, "m2", "text").await.is_err());

    tokio::time::sleep(delay + Duration::from_millis(20)).await;
    let reports = sim.delivery_round();
    assert_eq!(reports.len(), 1, "one message, however often it was sent");
    assert_eq!(reports[0].account_id, "a1");
    assert_eq!(reports[0].client_message_id, "m1");
    assert_eq!(reports[0].provider_message_id, receipt.provider_message_id);
    assert!(sim.delivery_round().is_empty(), "each is reported once");

    send(&sim, &id, "m3", "text").await.unwrap();
    assert!(sim.delivery_round().is_empty());
    tokio::time::sleep(delay + Duration::from_millis(20)).await;
    let later: Vec<String> = sim
        .delivery_round()
        .into_iter()
        .map(|r| r.client_message_id)
        .collect();
    assert_eq!(later, ["m3"]);
}

#[tokio::test]
async fn no_delay_means_no_delivery_reports() {
    let sim = simulator(None);
    let id = online(&sim, "a1").await;
    send(&sim, &id, "m1", "text").await.unwrap();
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(sim.delivery_round().is_empty());
    assert_eq!(sim.sent_messages().len(), 1);
}
