//! The heartbeat sweeper and auto-recovery. One pass, on the elected leader:
//! - online accounts silent for longer than the heartbeat timeout go to `recovering` (for
//!   connectors that push no heartbeats, a failed probe first);
//! - recovering accounts whose attempt is due are reconnected through their connector: back
//!   `online`, or another attempt after a backoff, or `offline` once the attempts run out;
//! - QR logins whose code expired go back to where the login started.
//!
//! Accounts are handled concurrently up to a bound, each connector call under a timeout, so
//! one stuck account never holds up the others (it times out and counts as a failed attempt).

use std::time::Duration;

use fleet_connectors::ConnectorError;
use fleet_core::{account::AccountEvent, clock::Millis, ids::TenantId};
use fleet_store::{account_sweep, accounts::AccountRecord, Scope};
use futures::{stream, StreamExt};
use serde_json::json;

use crate::{AccountError, AccountService};

#[derive(Debug, Clone)]
pub struct SweepSettings {
    /// Online accounts silent this long are presumed dropped (three missed 30 s beats).
    pub heartbeat_timeout: Duration,
    /// Waits after failed recovery attempts 1, 2, ...; the last entry repeats.
    pub recovery_backoff: Vec<Duration>,
    /// Failed attempts after which the account goes offline.
    pub recovery_max_attempts: i64,
    /// The longest one connector call may take.
    pub connector_timeout: Duration,
    /// Accounts handled at once.
    pub concurrency: usize,
    /// Accounts of each kind taken per pass; the rest wait for the next pass.
    pub batch: i64,
}

impl Default for SweepSettings {
    fn default() -> Self {
        Self {
            heartbeat_timeout: Duration::from_secs(90),
            recovery_backoff: [5, 15, 30, 60, 120]
                .into_iter()
                .map(Duration::from_secs)
                .collect(),
            recovery_max_attempts: 5,
            connector_timeout: Duration::from_secs(10),
            concurrency: 32,
            batch: 5000,
        }
    }
}

impl SweepSettings {
    fn backoff_after(&self, failed_attempts: i64) -> Duration {
        let index = usize::try_from(failed_attempts.max(1) - 1).unwrap_or(usize::MAX);
        self.recovery_backoff
            .get(index)
            .or(self.recovery_backoff.last())
            .copied()
            .unwrap_or(Duration::from_secs(30))
    }
}

/// What one pass did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SweepReport {
    pub lost: usize,
    pub recovered: usize,
    pub retrying: usize,
    pub exhausted: usize,
    pub expired_logins: usize,
    /// Accounts that could not be handled this pass (database trouble, a lost race).
    pub errors: usize,
}

enum Outcome {
    Lost,
    Recovered,
    Retrying,
    Exhausted,
    ExpiredLogin,
    /// Nothing to do any more (it heartbeat, was deleted, moved on).
    Skipped,
}

fn to_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl AccountService {
    /// Runs one sweep as of `now`.
    pub async fn sweep(
        &self,
        settings: &SweepSettings,
        now: Millis,
    ) -> Result<SweepReport, AccountError> {
        let work = {
            let mut tx = self.db.read(Scope::Platform).await?;
            let silent_since = now - to_ms(settings.heartbeat_timeout);
            account_sweep::find_work(&mut tx, silent_since, now, settings.batch).await?
        };
        let jobs = work
            .silent
            .into_iter()
            .map(|rec| (rec, Job::Silent))
            .chain(work.due_recovery.into_iter().map(|rec| (rec, Job::Recover)))
            .chain(
                work.expired_logins
                    .into_iter()
                    .map(|rec| (rec, Job::Expire)),
            );
        let outcomes: Vec<_> = stream::iter(jobs)
            .map(|(rec, job)| self.sweep_one(settings, now, rec, job))
            .buffer_unordered(settings.concurrency.max(1))
            .collect()
            .await;
        let mut report = SweepReport::default();
        for outcome in outcomes {
            match outcome {
                Ok(Outcome::Lost) => report.lost += 1,
                Ok(Outcome::Recovered) => report.recovered += 1,
                Ok(Outcome::Retrying) => report.retrying += 1,
                Ok(Outcome::Exhausted) => report.exhausted += 1,
                Ok(Outcome::ExpiredLogin) => report.expired_logins += 1,
                Ok(Outcome::Skipped) => {}
                Err(err) => {
                    tracing::warn!(%err, "sweeping an account failed");
                    report.errors += 1;
                }
            }
        }
        Ok(report)
    }

    async fn sweep_one(
        &self,
        settings: &SweepSettings,
        now: Millis,
        rec: AccountRecord,
        job: Job,
    ) -> Result<Outcome, AccountError> {
        let tenant: TenantId = rec
            .tenant_id
            .parse()
            .map_err(|_| AccountError::Corrupt(format!("account {} has a bad tenant", rec.id)))?;
        match job {
            Job::Silent => self.declare_lost(settings, now, tenant, rec).await,
            Job::Recover => self.recover(settings, now, tenant, rec).await,
            Job::Expire => {
                let changed = self
                    .change_if(
                        tenant,
                        &rec.id,
                        AccountEvent::QrExpired,
                        json!({ "by": "sweeper" }),
                        |r| r.status == "qr_wait" && r.qr_expires_at.is_some_and(|at| at <= now),
                        |_| {},
                    )
                    .await?;
                Ok(changed.map_or(Outcome::Skipped, |_| Outcome::ExpiredLogin))
            }
        }
    }

    async fn declare_lost(
        &self,
        settings: &SweepSettings,
        now: Millis,
        tenant: TenantId,
        rec: AccountRecord,
    ) -> Result<Outcome, AccountError> {
        let connector = self.connector_of(&rec)?;
        if !connector.pushes_heartbeats() {
            // The session may be fine; only the connector can tell.
            match self.call_with_timeout(settings, &rec, Call::Probe).await {
                Ok(()) => {
                    self.record_heartbeats(std::slice::from_ref(&rec.id), now)
                        .await?;
                    return Ok(Outcome::Skipped);
                }
                Err(err) => tracing::info!(account = %rec.id, %err, "probe failed"),
            }
        }
        let cutoff = now - to_ms(settings.heartbeat_timeout);
        let silent_since = rec.last_heartbeat_at;
        let changed = self
            .change_if(
                tenant,
                &rec.id,
                AccountEvent::HeartbeatLost,
                json!({ "last_heartbeat_at": silent_since, "timeout_ms": to_ms(settings.heartbeat_timeout) }),
                |r| r.status == "online" && r.last_heartbeat_at.is_some_and(|at| at <= cutoff),
                |_| {},
            )
            .await?;
        Ok(changed.map_or(Outcome::Skipped, |_| Outcome::Lost))
    }

    async fn recover(
        &self,
        settings: &SweepSettings,
        now: Millis,
        tenant: TenantId,
        rec: AccountRecord,
    ) -> Result<Outcome, AccountError> {
        let attempt = rec.recovery_attempts + 1;
        let due = |r: &AccountRecord| {
            r.status == "recovering" && r.next_recovery_at.is_some_and(|at| at <= now)
        };
        let result = self
            .call_with_timeout(settings, &rec, Call::Reconnect)
            .await;
        let (event, detail, outcome) = match &result {
            Ok(()) => (
                AccountEvent::Recovered,
                json!({ "attempt": attempt }),
                Outcome::Recovered,
            ),
            Err(err) if attempt >= settings.recovery_max_attempts => (
                AccountEvent::RecoveryExhausted,
                json!({ "attempt": attempt, "error": err.to_string() }),
                Outcome::Exhausted,
            ),
            Err(err) => (
                AccountEvent::RecoveryFailed,
                json!({
                    "attempt": attempt,
                    "error": err.to_string(),
                    "next_attempt_in_ms": to_ms(settings.backoff_after(attempt)),
                }),
                Outcome::Retrying,
            ),
        };
        let next_at = now + to_ms(settings.backoff_after(attempt));
        let changed = self
            .change_if(tenant, &rec.id, event, detail, due, |r| {
                if event == AccountEvent::RecoveryFailed {
                    r.recovery_attempts = attempt;
                    r.next_recovery_at = Some(next_at);
                }
            })
            .await?;
        Ok(changed.map_or(Outcome::Skipped, |_| outcome))
    }

    async fn call_with_timeout(
        &self,
        settings: &SweepSettings,
        rec: &AccountRecord,
        call: Call,
    ) -> Result<(), AccountError> {
        let attempt = self.with_instance(rec, move |c, i| match call {
            Call::Probe => c.probe(i),
            Call::Reconnect => c.reconnect(i),
        });
        tokio::time::timeout(settings.connector_timeout, attempt)
            .await
            .unwrap_or_else(|_| {
                Err(ConnectorError::retryable(
                    "timeout",
                    format!(
                        "the connector did not answer within {} ms",
                        settings.connector_timeout.as_millis()
                    ),
                )
                .into())
            })
    }
}

#[derive(Clone, Copy)]
enum Job {
    Silent,
    Recover,
    Expire,
}

#[derive(Clone, Copy)]
enum Call {
    Probe,
    Reconnect,
}
