//! Reading messages and batches, and the two operations a client may apply to one message:
//! cancel (while it waits) and retry (a failed one, e.g. from the dead letters).

use fleet_core::{
    clock::now_ms,
    ids::TenantId,
    message::MessageStatus,
    paging::{Page, PageRequest},
};
use fleet_store::{
    messaging::{
        attempts::{self, AttemptRecord},
        batches::{self, BatchRecord},
        messages::{self, MessageFilter, MessageRecord},
        usage::{self, TENANT_TOTAL},
    },
    Scope,
};

use crate::{events::StatusChange, MessagingError, MessagingService};

/// Messages counted by how they stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusTally {
    /// Not yet sent: pending or sending.
    pub pending: i64,
    pub sent: i64,
    pub delivered: i64,
    pub failed: i64,
    pub cancelled: i64,
}

impl StatusTally {
    pub(crate) fn add(&mut self, status: &str, count: i64) {
        let slot = match status {
            "sent" => &mut self.sent,
            "delivered" => &mut self.delivered,
            "failed" => &mut self.failed,
            "cancelled" => &mut self.cancelled,
            _ => &mut self.pending,
        };
        *slot += count;
    }
}

/// A batch and how its messages stand.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchReport {
    pub batch: BatchRecord,
    pub messages: StatusTally,
}

impl MessagingService {
    pub async fn get_message(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<(MessageRecord, Vec<AttemptRecord>), MessagingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let message = messages::get(&mut tx, tenant, id)
            .await?
            .ok_or(MessagingError::NotFound("message"))?;
        let attempts = attempts::list(&mut tx, tenant, id).await?;
        Ok((message, attempts))
    }

    pub async fn list_messages(
        &self,
        tenant: TenantId,
        filter: &MessageFilter,
        page: PageRequest,
    ) -> Result<Page<MessageRecord>, MessagingError> {
        if let Some(status) = &filter.status {
            status.parse::<MessageStatus>()?;
        }
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        Ok(messages::list(&mut tx, tenant, filter, page).await?)
    }

    pub async fn batch_report(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<BatchReport, MessagingError> {
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let batch = batches::get(&mut tx, tenant, id)
            .await?
            .ok_or(MessagingError::NotFound("batch"))?;
        let mut messages = StatusTally::default();
        for (status, count) in batches::status_counts(&mut tx, tenant, id).await? {
            messages.add(&status, count);
        }
        Ok(BatchReport { batch, messages })
    }

    /// Cancels a message that has not started sending, and gives its quota back.
    pub async fn cancel(
        &self,
        tenant: TenantId,
        id: &str,
    ) -> Result<MessageRecord, MessagingError> {
        self.change_status(tenant, id, |m| {
            if m.status != "pending" {
                return Err(MessagingError::InvalidState {
                    status: m.status.clone(),
                    action: "cancelled",
                });
            }
            m.status = "cancelled".into();
            Ok(())
        })
        .await
    }

    /// Puts a failed message back in the queue with a fresh set of retries. It keeps its
    /// client message id, so if an earlier attempt did reach WeCom nothing is sent twice.
    pub async fn retry(&self, tenant: TenantId, id: &str) -> Result<MessageRecord, MessagingError> {
        self.change_status(tenant, id, |m| {
            if m.status != "failed" {
                return Err(MessagingError::InvalidState {
                    status: m.status.clone(),
                    action: "retried",
                });
            }
            m.status = "pending".into();
            m.attempts = 0;
            m.dead_lettered = 0;
            m.due_at = now_ms();
            Ok(())
        })
        .await
    }

    async fn change_status(
        &self,
        tenant: TenantId,
        id: &str,
        change: impl FnOnce(&mut MessageRecord) -> Result<(), MessagingError>,
    ) -> Result<MessageRecord, MessagingError> {
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        let mut message = messages::get_for_update(&mut tx, tenant, id)
            .await?
            .ok_or(MessagingError::NotFound("message"))?;
        let old = message.status.clone();
        change(&mut message)?;
        message.updated_at = now_ms();
        // A cancelled message was never sent: its quota is given back.
        if message.status == "cancelled" {
            for counter in [TENANT_TOTAL, message.account_id.as_str()] {
                usage::lock(&mut tx, tenant, counter, &message.quota_day).await?;
                usage::add(&mut tx, tenant, counter, &message.quota_day, -1).await?;
            }
        }
        messages::reset(&mut tx, &message).await?;
        tx.commit().await?;
        self.publish(StatusChange::of(&message, Some(&old), &message.status));
        Ok(message)
    }
}
