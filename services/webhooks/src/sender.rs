//! One HTTP attempt of a delivery: signed, posted, and its answer read (the body only as far
//! as the log keeps it).

use std::time::{Duration, Instant, SystemTime};

use fleet_core::webhook_signature::WebhookSecret;
use fleet_store::webhooks::deliveries::DeliveryRecord;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};

use crate::{schedule::parse_retry_after, WebhookService};

/// How much of a receiver's answer the log keeps.
pub const LOGGED_BODY_BYTES: usize = 1024;

#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub status: Option<u16>,
    pub retry_after: Option<Duration>,
    pub body: Option<String>,
    /// Why no answer came (timeout, connection refused, forbidden address).
    pub error: Option<String>,
    pub duration: Duration,
}

/// The `webhook-signature` value: one `v1,` entry per signing secret.
pub fn signature_header(
    secrets: &[WebhookSecret],
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> String {
    secrets
        .iter()
        .map(|s| s.sign(id, timestamp, body))
        .collect::<Vec<_>>()
        .join(" ")
}

impl WebhookService {
    pub(crate) async fn post(
        &self,
        url: &str,
        delivery: &DeliveryRecord,
        secrets: &[WebhookSecret],
    ) -> Outcome {
        let started = Instant::now();
        let timestamp = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let body = delivery.payload.as_bytes();
        let request = self
            .http
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .header("webhook-id", &delivery.event_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header(
                "webhook-signature",
                signature_header(secrets, &delivery.event_id, timestamp, body),
            )
            .body(delivery.payload.clone());
        let mut response = match request.send().await {
            Ok(response) => response,
            Err(err) => {
                return Outcome {
                    status: None,
                    retry_after: None,
                    body: None,
                    error: Some(describe(&err)),
                    duration: started.elapsed(),
                }
            }
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        let mut kept = Vec::new();
        // A receiver that streams forever is cut off by the client's timeout.
        while kept.len() < LOGGED_BODY_BYTES {
            match response.chunk().await {
                Ok(Some(chunk)) => kept.extend_from_slice(&chunk),
                _ => break,
            }
        }
        kept.truncate(LOGGED_BODY_BYTES);
        Outcome {
            status: Some(status),
            retry_after,
            body: Some(String::from_utf8_lossy(&kept).into_owned()),
            error: None,
            duration: started.elapsed(),
        }
    }
}

/// reqwest's errors nest their cause; the log wants the whole chain on one line.
fn describe(err: &reqwest::Error) -> String {
    let mut text = if err.is_timeout() {
        "timed out".to_owned()
    } else {
        err.to_string()
    };
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
