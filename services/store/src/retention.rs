//! Retention: finished messages (with their attempts), account status changes, expired
//! idempotency keys, settled callback events, finished webhook deliveries (with their
//! attempts), resolved alerts and finished alert notifications older than their tables'
//! retention are deleted, in batches that each commit on their own, so the purge never holds
//! locks for long and can run beside live traffic. Rows still to be worked are never deleted,
//! however old. On PostgreSQL whole months of messages and attempts are dropped first (see
//! [`crate::partitions`]); the rows deleted one by one are then those of the month that
//! straddles the cutoff.

use std::time::Duration;

use fleet_core::clock::{millis_of, Millis};

use crate::{
    accounts,
    alerting::{alerts, notifications},
    callback_events,
    messaging::{batches, idempotency, messages},
    partitions,
    webhooks::deliveries,
    Db, Scope, StoreError,
};

/// Rows deleted per transaction.
const BATCH: i64 = 1_000;

/// What one purge deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PurgeReport {
    /// Finished messages, whether in dropped month partitions or deleted one by one.
    pub messages: u64,
    pub account_history: u64,
    pub idempotency_keys: u64,
    pub callback_events: u64,
    pub webhook_deliveries: u64,
    /// Resolved alerts and finished notifications.
    pub alert_history: u64,
}

/// How long each table keeps its settled rows; `None` keeps them for ever.
#[derive(Debug, Clone, Copy, Default)]
pub struct Retention {
    /// Finished messages and their attempts.
    pub messages: Option<Duration>,
    /// Account status changes (each account's newest is kept).
    pub account_history: Option<Duration>,
    /// `Idempotency-Key` answers; a key past this window is claimed afresh anyway.
    pub idempotency_keys: Option<Duration>,
    pub callback_events: Option<Duration>,
    pub webhook_deliveries: Option<Duration>,
    /// Resolved alerts and finished alert notifications.
    pub alert_history: Option<Duration>,
}

#[derive(Clone, Copy)]
enum Table {
    Messages,
    EmptiedBatches,
    AccountHistory,
    IdempotencyKeys,
    CallbackEvents,
    WebhookDeliveries,
    Alerts,
    AlertNotifications,
}

/// Deletes what is older than its table's retention at `now`.
pub async fn purge(db: &Db, retention: Retention, now: Millis) -> Result<PurgeReport, StoreError> {
    let mut report = PurgeReport::default();
    partitions::ensure_ahead(db, now).await?;
    if let Some(keep) = retention.messages {
        let cutoff = now - millis_of(keep);
        report.messages = partitions::drop_before(db, cutoff).await?
            + purge_table(db, Table::Messages, cutoff).await?;
        // Once per purge, not per batch of messages: it looks at every old batch.
        purge_table(db, Table::EmptiedBatches, cutoff).await?;
    }
    if let Some(keep) = retention.account_history {
        let cutoff = now - millis_of(keep);
        report.account_history = purge_table(db, Table::AccountHistory, cutoff).await?;
    }
    if let Some(keep) = retention.idempotency_keys {
        let cutoff = now - millis_of(keep);
        report.idempotency_keys = purge_table(db, Table::IdempotencyKeys, cutoff).await?;
    }
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
            Table::Messages => messages::delete_finished_before(&mut tx, cutoff, BATCH).await?,
            Table::EmptiedBatches => batches::delete_emptied_before(&mut tx, cutoff, BATCH).await?,
            Table::AccountHistory => {
                accounts::delete_history_before(&mut tx, cutoff, BATCH).await?
            }
            Table::IdempotencyKeys => idempotency::delete_expired(&mut tx, cutoff, BATCH).await?,
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
