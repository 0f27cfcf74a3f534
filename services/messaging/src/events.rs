//! Every message status change is published as `message.status_changed` (for tenant webhooks
//! and the portal), after the transaction that made it commits.

use fleet_core::{clock::now_ms, events::DomainEvent};
use fleet_store::messaging::messages::MessageRecord;
use serde_json::json;

use crate::MessagingService;

pub const STATUS_CHANGED: &str = "message.status_changed";

/// A committed change, to be published.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StatusChange {
    tenant_id: String,
    message_id: String,
    account_id: String,
    batch_id: Option<String>,
    /// `None` when the message was just accepted.
    old_status: Option<String>,
    new_status: String,
    error_code: Option<String>,
    /// From the time the message was due to the end of its send (sent or failed), for the
    /// send-latency metric.
    send_latency_ms: Option<i64>,
}

impl StatusChange {
    pub fn accepted(m: &MessageRecord) -> Self {
        Self::of(m, None, &m.status)
    }

    /// `m` went from `old` to `new` (m's own status field may be either).
    pub fn of(m: &MessageRecord, old: Option<&str>, new: &str) -> Self {
        let send_ended = old == Some("sending") && matches!(new, "sent" | "failed");
        Self {
            send_latency_ms: send_ended.then(|| (now_ms() - m.due_at).max(0)),
            tenant_id: m.tenant_id.clone(),
            message_id: m.id.clone(),
            account_id: m.account_id.clone(),
            batch_id: m.batch_id.clone(),
            old_status: old.map(str::to_owned),
            new_status: new.to_owned(),
            error_code: None,
        }
    }

    pub fn with_error(mut self, code: Option<&str>) -> Self {
        self.error_code = code.map(str::to_owned);
        self
    }
}

impl MessagingService {
    pub(crate) fn publish_all(&self, changes: Vec<StatusChange>) {
        for change in changes {
            self.publish(change);
        }
    }

    pub(crate) fn publish(&self, change: StatusChange) {
        self.events.publish(DomainEvent::new(
            STATUS_CHANGED,
            change.tenant_id,
            change.message_id.clone(),
            json!({
                "message_id": change.message_id,
                "account_id": change.account_id,
                "batch_id": change.batch_id,
                "old_status": change.old_status,
                "new_status": change.new_status,
                "error_code": change.error_code,
                "send_latency_ms": change.send_latency_ms,
            }),
        ));
    }
}
