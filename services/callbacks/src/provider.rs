//! Callbacks from account-hosting providers (the HTTP instance protocol,
//! `openapi/http-instance-protocol.yaml`): Standard Webhooks signatures, and the event body.

use fleet_core::webhook_signature::{self, SignatureError, SignedMessage, WebhookSecret};
use serde::Deserialize;
use serde_json::Value;

/// The body of a provider callback.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProviderEvent {
    #[serde(rename = "type")]
    pub kind: String,
    pub instance_id: String,
    pub occurred_at: i64,
    #[serde(default)]
    pub data: serde_json::Value,
}

/// Session events: the account service handles them.
pub const SESSION_KINDS: [&str; 7] = [
    "qr_scanned",
    "qr_confirmed",
    "verification_required",
    "logged_in",
    "logged_out",
    "disconnected",
    "heartbeat",
];

/// Message sync (`data: {client_message_id, provider_message_id, error_code?, error?}`): the
/// message pipeline handles them.
pub const MESSAGE_SYNC_KINDS: [&str; 3] = ["message_sent", "message_delivered", "message_failed"];

/// The registry kind of a provider event type: `provider.<type>`.
pub fn registry_kind(provider_type: &str) -> String {
    format!("provider.{provider_type}")
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderCallbackError {
    #[error("missing header {0}")]
    MissingHeader(&'static str),
    #[error(transparent)]
    Signature(#[from] SignatureError),
    #[error("the body is not a provider event: {0}")]
    BadBody(String),
}

/// The three Standard Webhooks headers of a delivery.
#[derive(Debug, Clone, Copy)]
pub struct DeliveryHeaders<'a> {
    pub id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub signature: Option<&'a str>,
}

/// A delivery whose signature checked out.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedDelivery {
    pub event: ProviderEvent,
    /// The body as received, to be stored.
    pub payload: Value,
    /// `webhook-id`: the deduplication key.
    pub delivery_id: String,
}

/// Checks the signature and timestamp, then parses the body (once).
pub fn verify(
    secrets: &[WebhookSecret],
    headers: DeliveryHeaders<'_>,
    body: &[u8],
    now_secs: i64,
) -> Result<VerifiedDelivery, ProviderCallbackError> {
    let id = headers
        .id
        .filter(|id| !id.is_empty() && id.len() <= 200)
        .ok_or(ProviderCallbackError::MissingHeader("webhook-id"))?;
    let message = SignedMessage {
        id,
        timestamp: headers
            .timestamp
            .ok_or(ProviderCallbackError::MissingHeader("webhook-timestamp"))?,
        signatures: headers
            .signature
            .ok_or(ProviderCallbackError::MissingHeader("webhook-signature"))?,
        body,
    };
    webhook_signature::verify(
        secrets,
        message,
        now_secs,
        webhook_signature::DEFAULT_TOLERANCE_SECS,
    )?;
    let bad_body = |e: serde_json::Error| ProviderCallbackError::BadBody(e.to_string());
    let payload: Value = serde_json::from_slice(body).map_err(bad_body)?;
    let event = ProviderEvent::deserialize(&payload).map_err(bad_body)?;
    Ok(VerifiedDelivery {
        event,
        payload,
        delivery_id: id.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn signed(secret: &WebhookSecret, body: &[u8], ts: i64) -> String {
        secret.sign("evt_1", ts, body)
    }

    #[test]
    fn verifies_then_parses() {
        let secret = WebhookSecret::parse(&WebhookSecret::generate()).unwrap();
        let body = br#"{"type":"qr_scanned","instance_id":"i1","occurred_at":5}"#;
        let signature = signed(&secret, body, 1000);
        let headers = DeliveryHeaders {
            id: Some("evt_1"),
            timestamp: Some("1000"),
            signature: Some(&signature),
        };
        let verified = verify(std::slice::from_ref(&secret), headers, body, 1010).unwrap();
        assert_eq!(
            (verified.event.kind.as_str(), verified.delivery_id.as_str()),
            ("qr_scanned", "evt_1")
        );
        assert_eq!(verified.payload["instance_id"], "i1");

        let stale = verify(std::slice::from_ref(&secret), headers, body, 1000 + 301);
        assert_eq!(stale.unwrap_err(), SignatureError::StaleTimestamp.into());
        let other = WebhookSecret::parse(&WebhookSecret::generate()).unwrap();
        assert_eq!(
            verify(&[other], headers, body, 1000).unwrap_err(),
            SignatureError::NoMatch.into()
        );
        let unsigned = DeliveryHeaders {
            signature: None,
            ..headers
        };
        assert_eq!(
            verify(&[secret], unsigned, body, 1000).unwrap_err(),
            ProviderCallbackError::MissingHeader("webhook-signature")
        );
    }
}
