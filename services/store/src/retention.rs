//! Retention: settled callback events, finished webhook deliveries (with their attempts),
//! resolved alerts and finished alert notifications older than their tables' retention are
//! deleted, in batches that each commit on their own,
//! so the purge never holds locks for long and can run beside live traffic. Pending rows are
//! never deleted, however old.

use std::time::Duration;

use fleet_core::clock::{millis_of, Millis};

use crate::{
    alerting::{alerts, notifications},
    callback_events,
    webhooks::deliveries,
    Db, Scope, StoreError,
};

/// Rows deleted per transaction.
const BATCH: i64 = 1_000;

/// What one purge deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub callback_events: u64,
    pub webhook_deliveries: u64,
    /// Resolved alerts and finished notifications.
    pub alert_history: u64,
}

/// How long each table keeps its settled rows; `None` keeps them for ever.
#[derive(Debug, Clone, Copy, Default)]
pub struct Retention {
    pub callback_events: Option<Duration>,
    pub webhook_deliveries: Option<Duration>,
    /// Resolved alerts and finished alert notifications.
    pub alert_history: Option<Duration>,
}

#[derive(Clone, Copy)]
enum Table {
    CallbackEvents,
    WebhookDeliveries,
    Alerts,
    AlertNotifications,
}

/// Deletes what is older than its table's retention at `now`.
pub async fn purge(db: &Db, retention: Retention, now: Millis) -> Result<PurgeReport, StoreError> {
    let mut report = PurgeReport::default();
    if let Some(keep) = retention.callback_events {
        let cutoff = now - millis_of(keep);
        report.callback_events = purge_table(db, Table::CallbackEvents, cutoff).await?;
    }
    if let Some(keep) = retention.webhook_deliveries {
        let cutoff = now - millis_of(keep);
        report.webhook_deliveries = purge_table(db, Table::WebhookDeliveries, cutoff).await?;
    }
    if let Some(keep) = retention.alert_history {
        let cutoff = now - millis_of(keep);
        report.alert_history = purge_table(db, Table::Alerts, cutoff).await?
            + purge_table(db, Table::AlertNotifications, cutoff).await?;
    }
    Ok(report)
}

async fn purge_table(db: &Db, table: Table, cutoff: Millis) -> Result<u64, StoreError> {
    let mut total = 0;
    loop {
        let mut tx = db.begin(Scope::Platform).await?;
        let deleted = match table {
            Table::CallbackEvents => {
                callback_events::delete_settled_before(&mut tx, cutoff, BATCH).await?
            }
            Table::WebhookDeliveries => {
                deliveries::delete_finished_before(&mut tx, cutoff, BATCH).await?
            }
            Table::Alerts => alerts::delete_resolved_before(&mut tx, cutoff, BATCH).await?,
            Table::AlertNotifications => {
                notifications::delete_finished_before(&mut tx, cutoff, BATCH).await?
            }
        };
        tx.commit().await?;
        total += deleted;
        if deleted < BATCH as u64 {
            return Ok(total);
        }
    }
}
