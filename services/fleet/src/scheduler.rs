//! The `scheduler` role: singleton jobs, run only by the elected leader among all processes
//! serving the same database: the heartbeat sweep every interval, and the retention purge of
//! old callback events, webhook deliveries, resolved alerts and alert notifications every ten
//! minutes.

use std::time::{Duration, Instant};

use fleet_accounts::{AccountService, SweepSettings};
use fleet_core::clock::now_ms;
use fleet_store::{
    leader::LeaderLock,
    retention::{self, Retention},
    Db,
};
use tokio::sync::watch;

/// The lock every process competes for.
const LEADER_JOB: &str = "scheduler";

/// How often the leader purges what is past its retention.
const PURGE_EVERY: Duration = Duration::from_secs(600);

pub async fn run(
    db: Db,
    accounts: AccountService,
    sweep: SweepSettings,
    interval: Duration,
    retention: Retention,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut lock = LeaderLock::new(db.clone(), LEADER_JOB);
    let mut last_purge: Option<Instant> = None;
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
            if last_purge.is_none_or(|at| at.elapsed() >= PURGE_EVERY) {
                last_purge = Some(Instant::now());
                purge_once(&db, retention).await;
            }
        }
    }
    lock.release().await;
    metrics::gauge!("fleet_leader", "job" => LEADER_JOB).set(0.0);
}

async fn purge_once(db: &Db, retention: Retention) {
    match retention::purge(db, retention, now_ms()).await {
        Ok(report) if report != Default::default() => tracing::info!(?report, "purged"),
        Ok(_) => {}
        Err(err) => tracing::warn!(%err, "purge failed"),
    }
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
