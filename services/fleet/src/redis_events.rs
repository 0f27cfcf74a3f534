//! The event bus over Redis pub/sub, so an event published on one node reaches subscribers on
//! every node. Publishing hands the event to a bounded queue drained by one task (a slow
//! Redis never blocks a status change; a full queue drops and counts; each publish has the
//! link's time limit). A second task holds the subscription, reconnecting after failures
//! within a bounded wait, and delivers what arrives to local subscribers.

use std::{sync::Arc, time::Duration};

use fleet_api::redis_link::RedisLink;
use fleet_core::events::{DomainEvent, EventBus, EventTransport};
use futures::StreamExt;
use redis::AsyncCommands;
use tokio::sync::{mpsc, watch};

const CHANNEL: &str = "wecom-fleet:events";
/// Events waiting to be published before new ones are dropped.
const OUTBOX: usize = 10_000;

struct RedisTransport {
    outbox: mpsc::Sender<String>,
}

impl EventTransport for RedisTransport {
    fn send(&self, event: &DomainEvent) {
        let Ok(json) = serde_json::to_string(event) else {
            return;
        };
        if self.outbox.try_send(json).is_err() {
            metrics::counter!("fleet_events_dropped_total", "stage" => "publish").increment(1);
        }
    }
}

/// Connects `bus` to Redis. The returned bus publishes through Redis; the receiver turns
/// `true` once the subscription is live (and back to `false` while it reconnects).
pub fn connect(link: RedisLink, bus: &EventBus) -> (EventBus, watch::Receiver<bool>) {
    let (outbox, queued) = mpsc::channel(OUTBOX);
    let (subscribed, ready) = watch::channel(false);
    tokio::spawn(subscribe(link.client().clone(), bus.clone(), subscribed));
    tokio::spawn(publish(link, queued));
    (
        bus.with_transport(Arc::new(RedisTransport { outbox })),
        ready,
    )
}

async fn publish(link: RedisLink, mut queued: mpsc::Receiver<String>) {
    while let Some(json) = queued.recv().await {
        let sent = link
            .run("events", |mut conn| async move {
                conn.publish::<_, _, i64>(CHANNEL, json).await
            })
            .await;
        if let Err(err) = sent {
            tracing::warn!(%err, "publishing an event to redis failed");
            metrics::counter!("fleet_events_dropped_total", "stage" => "redis").increment(1);
        }
    }
}

/// The longest a (re)subscription may take before it is tried again.
const SUBSCRIBE_TIMEOUT: Duration = Duration::from_secs(2);

async fn subscribe(client: redis::Client, bus: EventBus, subscribed: watch::Sender<bool>) {
    loop {
        let pubsub = tokio::time::timeout(SUBSCRIBE_TIMEOUT, async {
            let mut pubsub = client.get_async_pubsub().await?;
            pubsub.subscribe(CHANNEL).await.map(|()| pubsub)
        })
        .await;
        match pubsub {
            Ok(Ok(mut pubsub)) => {
                let _ = subscribed.send(true);
                let mut messages = pubsub.on_message();
                while let Some(message) = messages.next().await {
                    let delivered = message
                        .get_payload::<String>()
                        .ok()
                        .and_then(|json| serde_json::from_str::<DomainEvent>(&json).ok());
                    match delivered {
                        Some(event) => bus.deliver(event),
                        None => tracing::warn!("ignored a malformed event from redis"),
                    }
                }
                let _ = subscribed.send(false);
                tracing::warn!("redis event subscription ended; reconnecting");
            }
            Ok(Err(err)) => tracing::warn!(%err, "subscribing to redis events failed"),
            Err(_) => tracing::warn!("subscribing to redis events timed out"),
        }
        // The subscription is kept for the life of the process.
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    async fn node(url: &str) -> (EventBus, watch::Receiver<bool>) {
        let link = RedisLink::start(
            redis::Client::open(url).unwrap(),
            Duration::from_millis(500),
        );
        connect(link, &EventBus::in_process())
    }

    #[tokio::test]
    async fn an_event_published_on_one_node_reaches_the_others_once() {
        let url = std::env::var("FLEET_TEST_REDIS_URL")
            .unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
        let (a, mut a_ready) = node(&url).await;
        let (b, mut b_ready) = node(&url).await;
        a_ready.wait_for(|up| *up).await.unwrap();
        b_ready.wait_for(|up| *up).await.unwrap();
        let (mut on_a, mut on_b) = (a.subscribe(), b.subscribe());
        let subject = uuid::Uuid::new_v4().to_string();
        let event = DomainEvent::new(
            "account.status_changed",
            "t1",
            &subject,
            serde_json::json!({"n": 1}),
        );
        a.publish(event.clone());
        let wait = Duration::from_secs(5);
        // Other test runs may share this Redis: skip events that are not ours.
        for receiver in [&mut on_a, &mut on_b] {
            let got = tokio::time::timeout(wait, async {
                loop {
                    let e = receiver.recv().await.unwrap();
                    if e.subject_id == subject {
                        return e;
                    }
                }
            })
            .await
            .expect("the event arrived");
            assert_eq!(got, event);
        }
        assert!(
            tokio::time::timeout(Duration::from_millis(200), async {
                loop {
                    if on_a.recv().await.unwrap().subject_id == subject {
                        return;
                    }
                }
            })
            .await
            .is_err(),
            "delivered once, not again locally"
        );
    }
}
