//! The delivery worker: leases due deliveries, sends them a few at a time, and records each
//! attempt with what it means for the delivery (done, retry when, or failed).

use fleet_core::{
    clock::{millis_of, now_ms},
    polling::poll_rounds,
};
use fleet_store::{
    webhooks::{
        attempts::{self, AttemptRecord},
        deliveries::{self, AttemptResult, DeliveryRecord},
        endpoints,
    },
    Scope, StoreError,
};
use futures::{stream, StreamExt};
use tokio::sync::watch;

use crate::{
    schedule::{verdict, Answer, Verdict},
    sender::Outcome,
    target_policy::literal_is_forbidden,
    WebhookService,
};

impl WebhookService {
    /// Delivers due webhooks until `shutdown` turns true.
    pub async fn run_worker(self, shutdown: watch::Receiver<bool>) {
        let interval = self.settings.poll_interval;
        poll_rounds(interval, shutdown, "delivering webhooks", || async {
            Ok::<_, StoreError>(self.deliver_due().await? >= self.settings.concurrency)
        })
        .await;
    }

    /// One round: leases up to `concurrency` due deliveries and sends them concurrently.
    /// Returns how many it took.
    pub async fn deliver_due(&self) -> Result<usize, StoreError> {
        let token = uuid::Uuid::new_v4().to_string();
        let now = now_ms();
        let mut tx = self.db.begin(Scope::Platform).await?;
        let due = deliveries::claim(
            &mut tx,
            &token,
            now + millis_of(self.settings.lease()),
            now,
            self.settings.concurrency as i64,
        )
        .await?;
        tx.commit().await?;
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
