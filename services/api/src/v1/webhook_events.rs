//! The events tenant webhooks carry, as the document shows them: `WebhookEvent`, a union of
//! one schema per `type`, each with its `data`. The bodies are built where the events happen
//! (accounts, messaging, the callback handlers); these types describe them.

use std::collections::BTreeMap;

use fleet_core::{
    account::{AccountEvent, AccountStatus, LoginStage},
    message::MessageStatus,
};
use poem_openapi::{types::Type, Object};
use serde_json::Value;

use super::callbacks::CallbackSource;
use crate::types::{Kind, Kinds, OneOf, Timestamp, Variant};

/// The kinds of event an endpoint can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, poem_openapi::Enum, serde::Deserialize)]
pub enum WebhookEventType {
    #[oai(rename = "account.status_changed")]
    #[serde(rename = "account.status_changed")]
    AccountStatusChanged,
    #[oai(rename = "message.status_changed")]
    #[serde(rename = "message.status_changed")]
    MessageStatusChanged,
    #[oai(rename = "message.received")]
    #[serde(rename = "message.received")]
    MessageReceived,
    #[oai(rename = "contact.added")]
    #[serde(rename = "contact.added")]
    ContactAdded,
    #[oai(rename = "contact.removed")]
    #[serde(rename = "contact.removed")]
    ContactRemoved,
    #[oai(rename = "group.member_joined")]
    #[serde(rename = "group.member_joined")]
    GroupMemberJoined,
    #[oai(rename = "group.member_left")]
    #[serde(rename = "group.member_left")]
    GroupMemberLeft,
}

impl WebhookEventType {
    /// The wire name, e.g. `message.received`.
    pub fn name(self) -> String {
        super::common::enum_name(&self)
    }
}

/// `account.status_changed`.
#[derive(Debug, Object)]
pub struct AccountStatusChangedData {
    pub account_id: String,
    pub old_status: AccountStatus,
    pub old_stage: Option<LoginStage>,
    pub new_status: AccountStatus,
    pub new_stage: Option<LoginStage>,
    pub reason: AccountEvent,
    pub detail: BTreeMap<String, Value>,
}

/// `message.status_changed`.
#[derive(Debug, Object)]
pub struct MessageStatusChangedData {
    pub message_id: String,
    pub account_id: String,
    pub batch_id: Option<String>,
    /// Absent when the message was just accepted.
    pub old_status: Option<MessageStatus>,
    pub new_status: MessageStatus,
    /// The connector's error code, on a failure.
    pub error_code: Option<String>,
    /// From when the message was due to the end of its send (on `sent` and `failed`).
    pub send_latency_ms: Option<i64>,
}

/// `message.received`, `contact.added`, `contact.removed`, `group.member_joined`,
/// `group.member_left`: a conversation event reported by WeCom or a provider.
#[derive(Debug, Object)]
pub struct ConversationEventData {
    pub account_id: String,
    pub source: CallbackSource,
    /// The stored callback it came from (`GET /callbacks/events/{id}`).
    pub callback_event_id: String,
    /// The event's fields as its source reported them.
    pub details: BTreeMap<String, Value>,
}

/// What every event carries beside its `type` and `data`.
#[derive(Debug, Object)]
pub struct WebhookEventFields {
    /// When it happened.
    pub timestamp: Timestamp,
}

impl Variant for WebhookEventFields {
    type Kinds = EventKinds;
    const UNION: &'static str = "WebhookEvent";
    const DESCRIPTION: &'static str = "The body of a webhook (Standard Webhooks): `type`, \
        `timestamp` and `data`, whose shape `type` decides. New types may be added; ignore \
        the ones you do not know.";
}

pub type WebhookEvent = OneOf<WebhookEventFields>;

/// `type` decides the shape of `data`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventKinds;

const fn conversation(tag: &'static str, prefix: &'static str) -> Kind {
    Kind {
        tag,
        prefix,
        payload: Some(ConversationEventData::schema_ref),
        required: true,
        register: ConversationEventData::register,
    }
}

impl Kinds for EventKinds {
    const TAG: &'static str = "type";
    const PAYLOAD: &'static str = "data";
    const ANY_PAYLOAD: &'static str = "WebhookEventData";
    const KINDS: &'static [Kind] = &EVENT_KINDS;
}

/// One per event type, in the order of `fleet_webhooks::event_types::EVENT_TYPES`.
pub const EVENT_KINDS: [Kind; 7] = [
    Kind {
        tag: "account.status_changed",
        prefix: "AccountStatusChanged",
        payload: Some(AccountStatusChangedData::schema_ref),
        required: true,
        register: AccountStatusChangedData::register,
    },
    Kind {
        tag: "message.status_changed",
        prefix: "MessageStatusChanged",
        payload: Some(MessageStatusChangedData::schema_ref),
        required: true,
        register: MessageStatusChangedData::register,
    },
    conversation("message.received", "MessageReceived"),
    conversation("contact.added", "ContactAdded"),
    conversation("contact.removed", "ContactRemoved"),
    conversation("group.member_joined", "GroupMemberJoined"),
    conversation("group.member_left", "GroupMemberLeft"),
];

#[cfg(test)]
mod tests {
    use fleet_webhooks::event_types::EVENT_TYPES;

    use super::*;

    /// The three spellings of the event types (the webhook service's list, the enum's
    /// document and serde names) agree.
    #[test]
    fn the_event_type_enum_spells_every_type() {
        let mut registry = poem_openapi::registry::Registry::new();
        WebhookEventType::register(&mut registry);
        let schema = &registry.schemas["WebhookEventType"];
        let names: Vec<&str> = schema
            .enum_items
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(names, EVENT_TYPES);
        for name in EVENT_TYPES {
            let parsed: WebhookEventType =
                serde_json::from_value(Value::from(name)).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(parsed.name(), name);
        }
    }

    #[test]
    fn every_event_type_has_its_schema() {
        let tags: Vec<&str> = EventKinds::KINDS.iter().map(|k| k.tag).collect();
        assert_eq!(tags, EVENT_TYPES);
    }
}
