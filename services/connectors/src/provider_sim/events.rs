//! The `ProviderEvent`s the provider reports, and their wire form.

use fleet_core::{account::AccountEvent, clock::now_ms};
use serde_json::{json, Value};

/// The callback types of the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EventType {
    QrScanned,
    QrConfirmed,
    VerificationRequired,
    LoggedIn,
    LoggedOut,
    Disconnected,
    Heartbeat,
    /// A sent message reached its recipient.
    MessageDelivered,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::QrScanned => "qr_scanned",
            EventType::QrConfirmed => "qr_confirmed",
            EventType::VerificationRequired => "verification_required",
            EventType::LoggedIn => "logged_in",
            EventType::LoggedOut => "logged_out",
            EventType::Disconnected => "disconnected",
            EventType::Heartbeat => "heartbeat",
            EventType::MessageDelivered => "message_delivered",
        }
    }

    /// The callback reporting what a simulator drive method did (`None` for events the
    /// simulator's drive methods never return).
    pub fn reporting(event: AccountEvent) -> Option<Self> {
        match event {
            AccountEvent::QrScanned => Some(EventType::QrScanned),
            AccountEvent::QrConfirmed => Some(EventType::QrConfirmed),
            AccountEvent::VerificationRequired => Some(EventType::VerificationRequired),
            AccountEvent::Disconnected => Some(EventType::Disconnected),
            _ => None,
        }
    }
}

/// Something that happened to an instance, to be reported.
#[derive(Debug, Clone)]
pub(super) struct Event {
    pub instance_id: String,
    pub kind: EventType,
    /// Type-specific details (always an object).
    pub data: Value,
}

impl Event {
    pub fn new(instance_id: &str, kind: EventType, data: Value) -> Self {
        Self {
            instance_id: instance_id.to_owned(),
            kind,
            data,
        }
    }

    /// An event with `data: {}`.
    pub fn bare(instance_id: &str, kind: EventType) -> Self {
        Self::new(instance_id, kind, json!({}))
    }

    /// The `ProviderEvent` body, stamped with the time it happened.
    pub fn to_body(&self) -> Vec<u8> {
        json!({
            "type": self.kind.as_str(),
            "instance_id": self.instance_id,
            "occurred_at": now_ms(),
            "data": self.data,
        })
        .to_string()
        .into_bytes()
    }
}
