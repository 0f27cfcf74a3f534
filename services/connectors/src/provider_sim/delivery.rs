//! Delivering queued callbacks: signed per Standard Webhooks, one at a time, each retried
//! with the configured backoff before the next is sent (that is what keeps them in order).

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

use fleet_core::{clock::now_ms, webhook_signature::WebhookSecret};
use reqwest::{header::CONTENT_TYPE, StatusCode};
use tokio::sync::mpsc::UnboundedReceiver;

use super::outbox::Callback;

pub(super) struct Deliverer {
    client: reqwest::Client,
    secret: WebhookSecret,
    backoff: Vec<Duration>,
    attempts: AtomicU64,
    delivered: AtomicU64,
    dropped: AtomicU64,
}

/// What one attempt came to.
enum Attempt {
    Delivered,
    /// The receiver will answer the same way again (the contract's 401, 404, 413).
    Refused(StatusCode),
    Failed(String),
}

impl Deliverer {
    pub fn new(
        secret: WebhookSecret,
        timeout: Duration,
        backoff: Vec<Duration>,
    ) -> Result<Self, reqwest::Error> {
        Ok(Self {
            client: reqwest::Client::builder().timeout(timeout).build()?,
            secret,
            backoff,
            attempts: AtomicU64::new(0),
            delivered: AtomicU64::new(0),
            dropped: AtomicU64::new(0),
        })
    }

    pub fn attempts(&self) -> u64 {
        self.attempts.load(Ordering::Relaxed)
    }

    pub fn delivered(&self) -> u64 {
        self.delivered.load(Ordering::Relaxed)
    }

    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Delivers everything queued, in order, until the queue closes.
    pub async fn run(&self, mut queue: UnboundedReceiver<Callback>) {
        while let Some(callback) = queue.recv().await {
            self.deliver(&callback).await;
        }
    }

    async fn deliver(&self, callback: &Callback) {
        let mut waits = self.backoff.iter();
        loop {
            let reason = match self.attempt(callback).await {
                Attempt::Delivered => {
                    self.delivered.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                Attempt::Refused(status) => {
                    tracing::warn!(webhook_id = %callback.webhook_id, instance_id = %callback.instance_id, kind = callback.kind, %status, "callback refused; dropped");
                    self.dropped.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                Attempt::Failed(reason) => reason,
            };
            let Some(wait) = waits.next() else {
                tracing::warn!(webhook_id = %callback.webhook_id, instance_id = %callback.instance_id, kind = callback.kind, %reason, "callback undeliverable after every retry; dropped");
                self.dropped.fetch_add(1, Ordering::Relaxed);
                return;
            };
            tracing::debug!(webhook_id = %callback.webhook_id, %reason, ?wait, "callback failed; retrying");
            tokio::time::sleep(*wait).await;
        }
    }

    async fn attempt(&self, callback: &Callback) -> Attempt {
        self.attempts.fetch_add(1, Ordering::Relaxed);
        // Stamped at each attempt: a retry 30 s later must not look stale.
        let timestamp = now_ms().div_euclid(1_000);
        let signature = self
            .secret
            .sign(&callback.webhook_id, timestamp, &callback.body);
        let sent = self
            .client
            .post(&callback.url)
            .header(CONTENT_TYPE, "application/json")
            .header("webhook-id", &callback.webhook_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(callback.body.clone())
            .send()
            .await;
        match sent {
            Ok(answer) if answer.status().is_success() => Attempt::Delivered,
            Ok(answer)
                if matches!(
                    answer.status(),
                    StatusCode::UNAUTHORIZED
                        | StatusCode::NOT_FOUND
                        | StatusCode::PAYLOAD_TOO_LARGE
                ) =>
            {
                Attempt::Refused(answer.status())
            }
            Ok(answer) => Attempt::Failed(format!("answered {}", answer.status())),
            Err(err) => Attempt::Failed(err.to_string()),
        }
    }
}
