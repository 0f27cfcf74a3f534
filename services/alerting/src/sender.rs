//! The notification outbox: one row per (notification, channel), sent by the leader, retried
//! after `retry_delays`, and kept as the log of what was sent and how it went.

use fleet_core::clock::{millis_of, now_ms};
use fleet_monitor::{
    channels::SendContext,
    notify::{Notification, NotificationStatus},
};
use fleet_store::{
    alerting::{
        channels,
        notifications::{self, NotificationRecord},
    },
    tenants, Scope,
};

use crate::{AlertingError, AlertingService};

/// Notifications sent per round, at most.
const ROUND: i64 = 100;

impl AlertingService {
    /// Puts a notification for one channel into the outbox, due now.
    pub(crate) async fn queue_notification(
        &self,
        tenant: &str,
        channel_id: &str,
        notification: &Notification,
        is_test: bool,
    ) -> Result<NotificationRecord, AlertingError> {
        let now = now_ms();
        let rec = NotificationRecord {
            id: format!("ntf_{}", uuid::Uuid::now_v7().simple()),
            tenant_id: tenant.to_owned(),
            channel_id: channel_id.to_owned(),
            group_key: notification.group_key.clone(),
            status: match notification.status {
                NotificationStatus::Firing => "firing",
                NotificationStatus::Resolved => "resolved",
            }
            .to_owned(),
            alert_count: notification.alerts.len() as i64,
            payload: serde_json::to_string(notification)
                .map_err(|e| AlertingError::Corrupt(e.to_string()))?,
            outcome: "pending".into(),
            attempts: 0,
            next_attempt_at: Some(now),
            last_error: None,
            detail: None,
            is_test: i64::from(is_test),
            created_at: now,
            finished_at: None,
        };
        let mut tx = self.db.begin(Scope::Platform).await?;
        notifications::insert(&mut tx, &rec).await?;
        tx.commit().await?;
        Ok(rec)
    }

    /// Sends what is due. Only the leader calls this, so rows need no lease.
    pub(crate) async fn send_due(&self) -> Result<usize, AlertingError> {
        let due = {
            let mut tx = self.db.read(Scope::Platform).await?;
            notifications::due(&mut tx, now_ms(), ROUND).await?
        };
        let n = due.len();
        for rec in due {
            self.send_one(rec).await?;
        }
        Ok(n)
    }

    /// One attempt at one outbox row; records the outcome and returns the row as it is now.
    pub(crate) async fn send_one(
        &self,
        mut rec: NotificationRecord,
    ) -> Result<NotificationRecord, AlertingError> {
        let result = self.attempt(&rec).await;
        let now = now_ms();
        rec.attempts += 1;
        match result {
            Ok(detail) => {
                rec.outcome = "sent".into();
                rec.detail = Some(detail);
                rec.last_error = None;
                rec.next_attempt_at = None;
                rec.finished_at = Some(now);
            }
            Err((retryable, error)) => {
                let delay = usize::try_from(rec.attempts - 1)
                    .ok()
                    .and_then(|i| self.settings.retry_delays.get(i))
                    .filter(|_| retryable);
                tracing::warn!(notification = %rec.id, channel = %rec.channel_id, %error, retry = delay.is_some(), "alert notification failed");
                rec.last_error = Some(error);
                match delay {
                    Some(delay) => rec.next_attempt_at = Some(now + millis_of(*delay)),
                    None => {
                        rec.outcome = "failed".into();
                        rec.next_attempt_at = None;
                        rec.finished_at = Some(now);
                    }
                }
            }
        }
        let mut tx = self.db.begin(Scope::Platform).await?;
        notifications::record_attempt(&mut tx, &rec).await?;
        tx.commit().await?;
        Ok(rec)
    }

    /// Sends the row's notification; `Err((retryable, why))` when it did not go out.
    async fn attempt(&self, rec: &NotificationRecord) -> Result<String, (bool, String)> {
        let internal = |e: AlertingError| (false, e.to_string());
        let (channel, tenant_name) = {
            let mut tx = self
                .db
                .read(Scope::Platform)
                .await
                .map_err(|e| (true, e.to_string()))?;
            let channel = channels::find(&mut tx, &rec.channel_id)
                .await
                .map_err(|e| (true, e.to_string()))?;
            let tenant = match rec.tenant_id.parse() {
                Ok(id) => tenants::get(&mut tx, id, false)
                    .await
                    .map_err(|e| (true, e.to_string()))?,
                Err(_) => None,
            };
            (channel, tenant.map(|t| t.name).unwrap_or_default())
        };
        let channel = channel
            .filter(|c| c.deleted_at.is_none())
            .ok_or((false, "the channel was deleted".to_owned()))?;
        let config = self.open_config(&channel).map_err(internal)?;
        let notification: Notification = serde_json::from_str(&rec.payload)
            .map_err(|e| (false, format!("stored notification unreadable: {e}")))?;
        let context = SendContext {
            notification_id: rec.id.clone(),
            tenant_name,
            receiver: channel.name.clone(),
        };
        self.channels
            .send(&config, &notification, &context)
            .await
            .map(|delivered| delivered.detail)
            .map_err(|e| (e.retryable, e.message))
    }
}
