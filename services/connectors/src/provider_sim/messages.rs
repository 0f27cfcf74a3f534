//! Sent messages, remembered by `client_message_id` so a retried send sends nothing and
//! answers what the first one did.

use std::{
    collections::HashMap,
    sync::{Mutex, MutexGuard, PoisonError},
};

use uuid::Uuid;

/// The answer to a send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Sent {
    pub provider_message_id: String,
    pub duplicate: bool,
}

#[derive(Default)]
pub(super) struct Messages {
    /// (instance id, client message id) → provider message id.
    sent: Mutex<HashMap<(String, String), String>>,
}

impl Messages {
    /// The answer to an earlier send with this `client_message_id`, if there was one.
    pub fn earlier(&self, instance_id: &str, client_message_id: &str) -> Option<Sent> {
        self.sent()
            .get(&(instance_id.to_owned(), client_message_id.to_owned()))
            .map(|id| Sent {
                provider_message_id: id.clone(),
                duplicate: true,
            })
    }

    /// Records a send. Two concurrent first sends of the same id both got past
    /// [`Messages::earlier`]; the one recorded second is the duplicate.
    pub fn record(&self, instance_id: &str, client_message_id: &str) -> Sent {
        let mut sent = self.sent();
        let key = (instance_id.to_owned(), client_message_id.to_owned());
        if let Some(id) = sent.get(&key) {
            return Sent {
                provider_message_id: id.clone(),
                duplicate: true,
            };
        }
        let id = format!("pmsg_{}", Uuid::now_v7().simple());
        sent.insert(key, id.clone());
        Sent {
            provider_message_id: id,
            duplicate: false,
        }
    }

    /// How many messages were really sent.
    pub fn count(&self) -> u64 {
        self.sent().len() as u64
    }

    // Every change is complete under one lock; a poisoned lock is safe to reuse.
    fn sent(&self) -> MutexGuard<'_, HashMap<(String, String), String>> {
        self.sent.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
