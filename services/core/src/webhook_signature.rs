//! Standard Webhooks signatures (<https://www.standardwebhooks.com/>), used both ways: account-
//! hosting providers sign the callbacks they send us, and we sign the webhooks we send tenants.
//!
//! The signed content is `{webhook-id}.{webhook-timestamp}.{body}`; the signature header holds
//! space-separated `v1,<base64 HMAC-SHA256>` entries (several during a secret rotation).
//! Secrets are `whsec_` + base64 of the key bytes. A message whose timestamp is more than the
//! tolerance away from now is refused, so a captured request cannot be replayed later.

use base64::{engine::general_purpose::STANDARD, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far a timestamp may be from now, either way (the spec's recommendation).
pub const DEFAULT_TOLERANCE_SECS: i64 = 5 * 60;

const PREFIX: &str = "whsec_";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the webhook secret must be whsec_ followed by base64")]
    BadSecret,
    #[error("the webhook-timestamp is not a number of seconds")]
    BadTimestamp,
    #[error("the webhook-timestamp is too far from now")]
    StaleTimestamp,
    #[error("no webhook-signature matches")]
    NoMatch,
}

/// A signing key.
#[derive(Clone)]
pub struct WebhookSecret(Vec<u8>);

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(***)")
    }
}

impl WebhookSecret {
    pub fn parse(text: &str) -> Result<Self, SignatureError> {
        let encoded = text.strip_prefix(PREFIX).ok_or(SignatureError::BadSecret)?;
        let key = STANDARD
            .decode(encoded)
            .map_err(|_| SignatureError::BadSecret)?;
        if key.len() < 16 {
            return Err(SignatureError::BadSecret);
        }
        Ok(Self(key))
    }

    /// A new random 32-byte secret, as text.
    pub fn generate() -> String {
        let key: [u8; 32] = rand::random();
        format!("{PREFIX}{}", STANDARD.encode(key))
    }

    fn mac(&self, id: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
        // HMAC takes keys of any length; this cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }

    /// The `webhook-signature` entry for this message: `v1,<base64>`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let tag = self.mac(id, timestamp, body).finalize().into_bytes();
        format!("v1,{}", STANDARD.encode(tag))
    }

    fn matches(&self, id: &str, timestamp: i64, body: &[u8], signature: &str) -> bool {
        let Some(encoded) = signature.strip_prefix("v1,") else {
            return false;
        };
        let Ok(tag) = STANDARD.decode(encoded) else {
            return false;
        };
        self.mac(id, timestamp, body).verify_slice(&tag).is_ok()
    }
}

/// The three headers of a received message.
#[derive(Debug, Clone, Copy)]
pub struct SignedMessage<'a> {
    pub id: &'a str,
    pub timestamp: &'a str,
    pub signatures: &'a str,
    pub body: &'a [u8],
}

/// Checks the timestamp against `now_secs` and that one signature entry matches one of
/// `secrets` (in constant time).
pub fn verify(
    secrets: &[WebhookSecret],
    message: SignedMessage<'_>,
    now_secs: i64,
    tolerance_secs: i64,
) -> Result<(), SignatureError> {
    let timestamp: i64 = message
        .timestamp
        .trim()
        .parse()
        .map_err(|_| SignatureError::BadTimestamp)?;
    if (now_secs - timestamp).abs() > tolerance_secs {
        return Err(SignatureError::StaleTimestamp);
    }
    let matched = message.signatures.split(' ').any(|entry| {
        secrets
            .iter()
            .any(|secret| secret.matches(message.id, timestamp, message.body, entry))
    });
    if matched {
        Ok(())
    } else {
        Err(SignatureError::NoMatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example from the Standard Webhooks reference libraries' test suites.
    #[test]
    fn matches_the_reference_example() {
        let secret = WebhookSecret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        let body = br#"{"test": 2432232314}"#;
        let timestamp = 1614265330;
        assert_eq!(
            secret.sign(id, timestamp, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        let message = SignedMessage {
            id,
            timestamp: "1614265330",
            signatures: "v1,bogus v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            body,
        };
        assert_eq!(
            verify(std::slice::from_ref(&secret), message, timestamp + 10, 300),
            Ok(())
        );
        assert_eq!(
            verify(std::slice::from_ref(&secret), message, timestamp + 301, 300),
            Err(SignatureError::StaleTimestamp)
        );
        let tampered = SignedMessage {
            body: br#"{"test": 2432232315}"#,
            ..message
        };
        assert_eq!(
            verify(&[secret], tampered, timestamp, 300),
            Err(SignatureError::NoMatch)
        );
    }

    #[test]
    fn any_of_several_secrets_verifies_during_a_rotation() {
        let old = WebhookSecret::parse(&WebhookSecret::generate()).unwrap();
        let new = WebhookSecret::parse(&WebhookSecret::generate()).unwrap();
        let signature = old.sign("m1", 100, b"{}");
        let message = SignedMessage {
            id: "m1",
            timestamp: "100",
            signatures: &signature,
            body: b"{}",
        };
        assert_eq!(
            verify(std::slice::from_ref(&new), message, 100, 300),
            Err(SignatureError::NoMatch)
        );
        assert_eq!(verify(&[new, old], message, 100, 300), Ok(()));
    }

    #[test]
    fn malformed_inputs_are_refused() {
        assert_eq!(
            WebhookSecret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap_err(),
            SignatureError::BadSecret
        );
        assert_eq!(
            WebhookSecret::parse("whsec_!!!").unwrap_err(),
            SignatureError::BadSecret
        );
        let secret = WebhookSecret::parse(&WebhookSecret::generate()).unwrap();
        let message = SignedMessage {
            id: "m",
            timestamp: "soon",
            signatures: "v1,x",
            body: b"",
        };
        assert_eq!(
            verify(&[secret], message, 0, 300),
            Err(SignatureError::BadTimestamp)
        );
    }
}
