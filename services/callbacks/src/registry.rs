use std::{collections::HashMap, sync::Arc};

use fleet_core::ids::TenantId;

use crate::CallbackHandler;

/// Handlers by event kind.
#[derive(Default, Clone)]
pub struct Registry {
    handlers: HashMap<String, Arc<dyn CallbackHandler>>,
}

impl Registry {
    pub fn register(&mut self, kind: &str, handler: Arc<dyn CallbackHandler>) {
        self.handlers.insert(kind.to_owned(), handler);
    }

    pub fn handler(&self, kind: &str) -> Option<&Arc<dyn CallbackHandler>> {
        self.handlers.get(kind)
    }
}

/// A verified callback, about to be stored.
#[derive(Debug, Clone)]
pub struct IncomingCallback {
    pub tenant: TenantId,
    /// `provider` or `wecom`.
    pub source: &'static str,
    pub account_id: Option<String>,
    /// Equal for two deliveries of the same event.
    pub dedup_key: String,
    pub kind: String,
    pub payload: serde_json::Value,
}

/// The answer to a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub event_id: String,
    pub duplicate: bool,
    /// `processed`, `ignored`, `unhandled`, `failed`, or `pending` (being handled, or to be
    /// retried).
    pub status: String,
}
