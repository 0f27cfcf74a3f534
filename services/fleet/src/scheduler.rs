//! The `scheduler` role: singleton jobs, run only by the elected leader among all processes
//! serving the same database. Today that is the heartbeat sweep.

use std::time::{Duration, Instant};

use fleet_accounts::{AccountService, SweepSettings};
use fleet_core::clock::now_ms;
use fleet_store::{leader::LeaderLock, Db};
use tokio::sync::watch;

/// The lock every process competes for.
const LEADER_JOB: &str = "scheduler";

pub async fn run(
    db: Db,
    accounts: AccountService,
    sweep: SweepSettings,
    interval: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut lock = LeaderLock::new(db, LEADER_JOB);
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = shutdown.changed() => break,
        }
        let leading = lock.ensure().await;
        metrics::gauge!("fleet_leader", "job" => LEADER_JOB).set(if leading { 1.0 } else { 0.0 });
        if leading {
            sweep_once(&accounts, &sweep).await;
        }
    }
    lock.release().await;
    metrics::gauge!("fleet_leader", "job" => LEADER_JOB).set(0.0);
}

async fn sweep_once(accounts: &AccountService, settings: &SweepSettings) {
    let started = Instant::now();
    match accounts.sweep(settings, now_ms()).await {
        Ok(report) => {
            metrics::counter!("fleet_account_sweeps_total").increment(1);
            metrics::histogram!("fleet_account_sweep_duration_seconds")
                .record(started.elapsed().as_secs_f64());
            for (outcome, n) in [
                ("lost", report.lost),
                ("recovered", report.recovered),
                ("retrying", report.retrying),
                ("exhausted", report.exhausted),
                ("expired_login", report.expired_logins),
                ("error", report.errors),
            ] {
                metrics::counter!("fleet_account_sweep_outcomes_total", "outcome" => outcome)
                    .increment(n as u64);
            }
            if report != Default::default() {
                tracing::info!(?report, "sweep");
            }
        }
        Err(err) => tracing::warn!(%err, "sweep failed"),
    }
}
