//! The handlers of conversation events, from WeCom and from providers alike: an inbound
//! message, a contact added or removed, a group member joined or left. Each becomes a domain
//! event on the bus (where tenant webhooks pick it up), with the callback's id as the domain
//! event's id so that a retried or replayed dispatch announces the same event, not a new one.

use std::sync::Arc;

use fleet_core::events::{DomainEvent, EventBus};
use fleet_store::callback_events::CallbackEventRecord;
use serde_json::{json, Value};

use crate::{CallbackHandler, Handled, HandlerError, Registry};

/// Registry kind suffix → domain event kind.
pub const KINDS: [(&str, &str); 5] = [
    ("inbound_message", "message.received"),
    ("contact_added", "contact.added"),
    ("contact_removed", "contact.removed"),
    ("group_member_joined", "group.member_joined"),
    ("group_member_left", "group.member_left"),
];

/// Registers the handlers for both sources (`wecom.<kind>` and `provider.<kind>`).
pub fn register_conversation_handlers(registry: &mut Registry, events: EventBus) {
    for (suffix, domain_kind) in KINDS {
        let handler = Arc::new(ConversationHandler {
            events: events.clone(),
            domain_kind,
        });
        for source in ["wecom", "provider"] {
            registry.register(&format!("{source}.{suffix}"), handler.clone());
        }
    }
}

struct ConversationHandler {
    events: EventBus,
    domain_kind: &'static str,
}

#[async_trait::async_trait]
impl CallbackHandler for ConversationHandler {
    async fn handle(&self, event: &CallbackEventRecord) -> Result<Handled, HandlerError> {
        let payload: Value = serde_json::from_str(&event.payload)
            .map_err(|e| HandlerError::permanent(format!("payload is not JSON: {e}")))?;
        // Providers wrap the event's fields in `data`; WeCom's decrypted XML is the event.
        let details = match event.source.as_str() {
            "provider" => payload["data"].clone(),
            _ => payload,
        };
        let account_id = event.account_id.clone().unwrap_or_default();
        let mut domain = DomainEvent::new(
            self.domain_kind,
            event.tenant_id.clone(),
            account_id.clone(),
            json!({
                "account_id": account_id,
                "source": event.source,
                "callback_event_id": event.id,
                "details": details,
            }),
        );
        domain.id = event.id.clone();
        self.events.publish(domain);
        Ok(Handled::Processed)
    }
}
