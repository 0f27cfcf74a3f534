//! Which endpoints of a tenant want which event types, cached for a moment: the fan-out asks
//! for every event published (most tenants have no endpoint at all), and a database read per
//! event would be the fan-out's ceiling. Changes made through this process clear the tenant's
//! entry at once; changes made on another replica show here within the time to live.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use fleet_core::ids::TenantId;
use fleet_store::{webhooks::endpoints, Db, Scope, StoreError};

use crate::event_types;

/// One enabled endpoint's subscription.
#[derive(Debug, Clone)]
pub(crate) struct Subscription {
    pub endpoint_id: String,
    /// Empty means every type.
    pub event_types: Vec<String>,
}

impl Subscription {
    pub fn wants(&self, event_type: &str) -> bool {
        event_types::wants(&self.event_types, event_type)
    }
}

/// A tenant's subscriptions, and when they were read.
type Entries = HashMap<TenantId, (Instant, Arc<Vec<Subscription>>)>;

pub(crate) struct SubscriptionCache {
    ttl: Duration,
    entries: Mutex<Entries>,
}

impl SubscriptionCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::default(),
        }
    }

    pub async fn of(
        &self,
        db: &Db,
        tenant: TenantId,
    ) -> Result<Arc<Vec<Subscription>>, StoreError> {
        if let Some((at, subs)) = self.lock().get(&tenant) {
            if at.elapsed() < self.ttl {
                return Ok(subs.clone());
            }
        }
        let mut tx = db.read(Scope::Tenant(tenant)).await?;
        let subs: Arc<Vec<Subscription>> = Arc::new(
            endpoints::enabled(&mut tx, tenant)
                .await?
                .into_iter()
                .map(|e| Subscription {
                    event_types: serde_json::from_str(&e.event_types).unwrap_or_default(),
                    endpoint_id: e.id,
                })
                .collect(),
        );
        self.lock().insert(tenant, (Instant::now(), subs.clone()));
        Ok(subs)
    }

    /// Forgets the tenant's entry (its endpoints just changed here).
    pub fn forget(&self, tenant: TenantId) {
        self.lock().remove(&tenant);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding this lock leaves a map that is still consistent.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
