//! The delivery worker: leases due deliveries, sends up to `concurrency` at a time, and
//! records each attempt with what it means for the delivery (done, retry when, or failed).

use std::sync::Arc;

use fleet_core::clock::{millis_of, now_ms};
use fleet_store::{
    webhooks::{
        attempts::{self, AttemptRecord},
        deliveries::{self, AttemptResult, DeliveryRecord},
        endpoints,
    },
    Scope, StoreError,
};
use futures::{stream, StreamExt};
use tokio::sync::{watch, Semaphore};

use crate::{
    schedule::{verdict, Answer, Verdict},
    sender::Outcome,
    target_policy::literal_is_forbidden,
    WebhookService,
};

impl WebhookService {
    /// Delivers due webhooks until `shutdown` turns true, `concurrency` at a time. A slot
    /// that frees is refilled at once, so one slow receiver holds only its own slots, not a
    /// whole round. On shutdown it waits for what is in flight (up to the request timeout);
    /// whatever it cannot finish is delivered again when its lease runs out.
    pub async fn run_worker(self, mut shutdown: watch::Receiver<bool>) {
        let concurrency = self.settings.concurrency;
        let slots = Arc::new(Semaphore::new(concurrency));
        loop {
            let first = tokio::select! {
                permit = slots.clone().acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => break,
                },
                _ = shutdown.changed() => break,
            };
            let free = 1 + slots.available_permits();
            let (token, due) = match self.claim(free).await {
                Ok(claimed) => claimed,
                Err(err) => {
                    tracing::warn!(%err, "claiming webhook deliveries failed");
                    (String::new(), Vec::new())
                }
            };
            let idle = due.len() < free;
            let mut permits = std::iter::once(first).chain(std::iter::from_fn(|| {
                slots.clone().try_acquire_owned().ok()
            }));
            for d in due {
                // The claim takes at most `free` rows; were it to return more, they are sent
                // anyway rather than left leased to nobody until the lease runs out.
                let permit = permits.next();
                let (service, token) = (self.clone(), token.clone());
                tokio::spawn(async move {
                    if let Err(err) = service.deliver(&d, &token).await {
                        tracing::warn!(%err, delivery = %d.id, "recording a webhook attempt failed");
                    }
                    drop(permit);
                });
            }
            drop(permits);
            if idle {
                tokio::select! {
                    _ = tokio::time::sleep(self.settings.poll_interval) => {}
                    _ = shutdown.changed() => break,
                }
            }
        }
        let all = u32::try_from(concurrency).unwrap_or(u32::MAX);
        let _ = tokio::time::timeout(self.settings.timeout, slots.acquire_many(all)).await;
    }

    /// One round, to the end: leases up to `concurrency` due deliveries, sends them
    /// concurrently and records them. Returns how many it took. (Tests and tools drive the
    /// queue with it; the service runs [`Self::run_worker`].)
    pub async fn deliver_due(&self) -> Result<usize, StoreError> {
        let (token, due) = self.claim(self.settings.concurrency).await?;
        let taken = due.len();
        stream::iter(due)
            .for_each_concurrent(self.settings.concurrency, |d| {
                let token = token.as_str();
                async move {
                    if let Err(err) = self.deliver(&d, token).await {
                        tracing::warn!(%err, delivery = %d.id, "recording a webhook attempt failed");
                    }
                }
            })
            .await;
        Ok(taken)
    }

    /// Leases up to `limit` due deliveries under a new token.
    async fn claim(&self, limit: usize) -> Result<(String, Vec<DeliveryRecord>), StoreError> {
        let token = uuid::Uuid::new_v4().to_string();
        let now = now_ms();
        let mut tx = self.db.begin(Scope::Platform).await?;
        let due = deliveries::claim(
            &mut tx,
            &token,
            now + millis_of(self.settings.lease()),
            now,
            i64::try_from(limit).unwrap_or(i64::MAX),
        )
        .await?;
        tx.commit().await?;
        Ok((token, due))
    }

    async fn deliver(&self, d: &DeliveryRecord, token: &str) -> Result<(), StoreError> {
        let mut tx = self.db.read(Scope::Platform).await?;
        let endpoint = endpoints::find(&mut tx, &d.endpoint_id).await?;
        drop(tx);
        let now = now_ms();
        let refused = |why: &str| Outcome {
            status: None,
            retry_after: None,
            body: None,
            error: Some(why.to_owned()),
            duration: std::time::Duration::ZERO,
        };
        let (outcome, final_refusal) = match &endpoint {
            Some(e) if e.deleted_at.is_some() => (refused("the endpoint was deleted"), true),
            Some(e) if e.enabled == 0 => (refused("the endpoint is disabled"), true),
            None => (refused("the endpoint does not exist"), true),
            Some(e) => match url::Url::parse(&e.url) {
                Ok(url) if !self.settings.allow_private_targets && literal_is_forbidden(&url) => {
                    (refused("the endpoint's address is private"), true)
                }
                Ok(_) => match self.signing_secrets(e, now) {
                    Ok(secrets) => (self.post(&e.url, d, &secrets).await, false),
                    Err(err) => (refused(&err.to_string()), true),
                },
                Err(_) => (refused("the endpoint's URL is invalid"), true),
            },
        };
        let attempts_done = usize::try_from(d.attempts + 1).unwrap_or(usize::MAX);
        let now = now_ms();
        let verdict = if final_refusal {
            Verdict::Exhausted
        } else {
            verdict(
                &self.settings.schedule,
                attempts_done,
                Answer {
                    status: outcome.status,
                    retry_after: outcome.retry_after,
                },
                self.settings.max_retry_after,
                now,
            )
        };
        self.record(d, token, &outcome, verdict, now).await
    }

    async fn record(
        &self,
        d: &DeliveryRecord,
        token: &str,
        outcome: &Outcome,
        verdict: Verdict,
        now: i64,
    ) -> Result<(), StoreError> {
        let (status, next_attempt_at) = match verdict {
            Verdict::Succeeded => ("succeeded", None),
            Verdict::Retry { at } => ("pending", Some(at)),
            Verdict::Gone | Verdict::Exhausted => ("failed", None),
        };
        let mut tx = self.db.begin(Scope::Platform).await?;
        let owned = deliveries::record_attempt(
            &mut tx,
            &d.id,
            token,
            &AttemptResult {
                status,
                next_attempt_at,
                response_code: outcome.status.map(i64::from),
                response_body: outcome.body.as_deref(),
                error: outcome.error.as_deref(),
                now,
            },
        )
        .await?;
        if !owned {
            // Our lease ran out and another worker took the delivery: its record stands.
            return Ok(());
        }
        attempts::insert(
            &mut tx,
            &AttemptRecord {
                id: uuid::Uuid::now_v7().to_string(),
                delivery_id: d.id.clone(),
                attempt: d.attempts + 1,
                tenant_id: d.tenant_id.clone(),
                attempted_at: now - millis_of(outcome.duration),
                duration_ms: millis_of(outcome.duration),
                response_code: outcome.status.map(i64::from),
                response_body: outcome.body.clone(),
                error: outcome.error.clone(),
            },
        )
        .await?;
        if verdict == Verdict::Gone {
            endpoints::disable(&mut tx, &d.endpoint_id, "gone", now).await?;
            tracing::info!(endpoint = %d.endpoint_id, "webhook endpoint answered 410 Gone: disabled");
        }
        tx.commit().await?;
        if verdict == Verdict::Gone {
            if let Ok(tenant) = d.tenant_id.parse() {
                self.subscriptions.forget(tenant);
            }
        }
        Ok(())
    }
}
