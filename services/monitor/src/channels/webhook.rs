//! The webhook channel: Alertmanager's v4 JSON, so tools that take Alertmanager's webhooks
//! take ours, signed the Standard Webhooks way so the receiver knows it is us.

use fleet_core::webhook_signature::WebhookSecret;
use reqwest::header::CONTENT_TYPE;

use super::{http::exchange, ChannelError, Delivered, SendContext};
use crate::notify::{alertmanager, Notification};

/// Every alert of the group goes out, as Alertmanager does by default (`max_alerts: 0`).
const MAX_ALERTS: usize = 0;

pub(super) async fn send(
    http: &reqwest::Client,
    url: &str,
    secret: &str,
    notification: &Notification,
    context: &SendContext,
    external_url: &str,
) -> Result<Delivered, ChannelError> {
    let secret = WebhookSecret::parse(secret)
        .map_err(|e| ChannelError::permanent(format!("webhook secret: {e}")))?;
    let payload = alertmanager::payload(notification, &context.receiver, external_url, MAX_ALERTS);
    let body = serde_json::to_vec(&payload)
        .map_err(|e| ChannelError::permanent(format!("webhook payload: {e}")))?;
    let id = &context.notification_id;
    let timestamp = chrono::Utc::now().timestamp();
    let signature = secret.sign(id, timestamp, &body);
    let request = http
        .post(url)
        .header(CONTENT_TYPE, "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(body);
    let answer = exchange(request).await?;
    Ok(Delivered {
        detail: format!("HTTP {}", answer.status),
    })
}
