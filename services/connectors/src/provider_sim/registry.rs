//! What the provider knows about each instance beyond the simulator's state: the account it
//! belongs to, where its callbacks go, and when it last beat.

use std::{
    collections::HashMap,
    sync::{Mutex, MutexGuard, PoisonError},
};

use fleet_core::clock::Millis;

#[derive(Debug, Clone)]
pub(super) struct Registration {
    pub account_id: String,
    pub callback_url: String,
    pub last_heartbeat_at: Option<Millis>,
}

#[derive(Default)]
pub(super) struct Registry {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    by_instance: HashMap<String, Registration>,
    /// The simulator's heartbeat rounds name accounts; callbacks are about instances.
    instance_of_account: HashMap<String, String>,
}

impl Registry {
    /// Records a (re)created instance; creating one for the same account again replaces the
    /// callback URL and forgets the last heartbeat, as the simulator starts it afresh.
    pub fn insert(&self, instance_id: &str, account_id: &str, callback_url: &str) {
        let mut inner = self.inner();
        inner.by_instance.insert(
            instance_id.to_owned(),
            Registration {
                account_id: account_id.to_owned(),
                callback_url: callback_url.to_owned(),
                last_heartbeat_at: None,
            },
        );
        inner
            .instance_of_account
            .insert(account_id.to_owned(), instance_id.to_owned());
    }

    pub fn get(&self, instance_id: &str) -> Option<Registration> {
        self.inner().by_instance.get(instance_id).cloned()
    }

    pub fn instance_of(&self, account_id: &str) -> Option<String> {
        self.inner().instance_of_account.get(account_id).cloned()
    }

    pub fn record_heartbeat(&self, instance_id: &str, at: Millis) {
        if let Some(registration) = self.inner().by_instance.get_mut(instance_id) {
            registration.last_heartbeat_at = Some(at);
        }
    }

    // Every change is complete under one lock; a poisoned lock is safe to reuse.
    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
