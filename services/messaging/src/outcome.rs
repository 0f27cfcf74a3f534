//! Recording how an attempt ended: sent, back to the queue for a retry, replaced by a
//! fallback template, or failed (dead-lettered once retries ran out). The row and the
//! attempt are written together, and only while the worker still holds the lease.

use fleet_connectors::SendReceipt;
use fleet_core::{clock::now_ms, ids::TenantId};
use fleet_store::{
    messaging::{
        attempts::{self, AttemptRecord},
        messages::MessageRecord,
        queue::{self, Outcome},
    },
    Scope,
};
use serde_json::{Map, Value};

use crate::{
    dispatch::SendFailure, events::StatusChange, templates::load, MessagingError, MessagingService,
};

/// A fallback ready to replace a message's content.
struct FallbackContent {
    template_id: String,
    version: i64,
    message_type: String,
    content: String,
}

impl MessagingService {
    pub(crate) async fn finish_attempt(
        &self,
        m: MessageRecord,
        lease: &str,
        started: i64,
        result: Result<SendReceipt, SendFailure>,
    ) -> Result<(), MessagingError> {
        let now = now_ms();
        let attempts = m.attempts + 1;
        let fallback = match &result {
            Err(failure) => self.fallback_for(&m, &failure.code).await?,
            Ok(_) => None,
        };
        let fallback_client_id = format!("{}.fb{}", m.id, m.fallback_depth + 1);
        let (outcome, attempt_outcome, error) = match &result {
            Ok(receipt) => (
                Outcome::Sent {
                    provider_message_id: &receipt.provider_message_id,
                },
                if receipt.duplicate {
                    "duplicate"
                } else {
                    "sent"
                },
                None,
            ),
            Err(failure) => {
                let outcome = match (&fallback, self.settings.retry.next_due(attempts, now)) {
                    (Some(f), _) => Outcome::Fallback {
                        message_type: &f.message_type,
                        content: &f.content,
                        template_id: &f.template_id,
                        template_version: f.version,
                        client_message_id: &fallback_client_id,
                        code: &failure.code,
                        error: &failure.message,
                    },
                    (None, Some(due_at)) if failure.retryable => Outcome::Retry {
                        due_at,
                        code: &failure.code,
                        error: &failure.message,
                    },
                    (None, _) => Outcome::Failed {
                        code: &failure.code,
                        error: &failure.message,
                        dead_lettered: failure.retryable,
                    },
                };
                let kind = match (&outcome, failure.retryable) {
                    (Outcome::Fallback { .. }, _) => "fallback",
                    (_, true) => "retryable",
                    (_, false) => "permanent",
                };
                (outcome, kind, Some(failure))
            }
        };
        let attempt = AttemptRecord {
            id: uuid::Uuid::now_v7().to_string(),
            tenant_id: m.tenant_id.clone(),
            message_id: m.id.clone(),
            client_message_id: m.client_message_id.clone(),
            message_type: m.message_type.clone(),
            template_id: m.template_id.clone(),
            template_version: m.template_version,
            outcome: attempt_outcome.to_owned(),
            error_code: error.map(|f| f.code.clone()),
            error: error.map(|f| f.message.clone()),
            started_at: started,
            finished_at: now,
        };
        let mut tx = self.db.begin(Scope::Platform).await?;
        if !queue::finish(&mut tx, &m.id, lease, &outcome, now).await? {
            tracing::warn!(message = %m.id, "lost the lease before recording the attempt");
            return Ok(());
        }
        attempts::insert(&mut tx, &attempt).await?;
        tx.commit().await?;
        metrics::counter!("fleet_message_attempts_total", "outcome" => attempt_outcome)
            .increment(1);
        self.publish(
            StatusChange::of(&m, Some("sending"), outcome.status())
                .with_error(error.map(|f| f.code.as_str())),
        );
        Ok(())
    }

    /// The fallback template's content when the message's template names one for `code`
    /// (and the chain is not too deep yet).
    async fn fallback_for(
        &self,
        m: &MessageRecord,
        code: &str,
    ) -> Result<Option<FallbackContent>, MessagingError> {
        let Some(template_id) = &m.template_id else {
            return Ok(None);
        };
        if m.fallback_depth >= self.settings.max_fallback_depth {
            return Ok(None);
        }
        let tenant: TenantId = m.tenant_id.parse().map_err(MessagingError::corrupt)?;
        let mut tx = self.db.read(Scope::Tenant(tenant)).await?;
        let current = match load(&mut tx, tenant, template_id, None).await {
            Ok(t) => t,
            Err(MessagingError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let Some(fallback_id) = current.fallback_for(code) else {
            return Ok(None);
        };
        let fallback = match load(&mut tx, tenant, fallback_id, None).await {
            Ok(t) => t,
            Err(MessagingError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let values: Map<String, Value> = match &m.variables {
            Some(json) => serde_json::from_str(json).map_err(MessagingError::corrupt)?,
            None => Map::new(),
        };
        match fallback.compiled.render(&values) {
            Ok(content) => Ok(Some(FallbackContent {
                template_id: fallback.record.id.clone(),
                version: fallback.version.version,
                message_type: fallback.compiled.message_type().as_str().to_owned(),
                content: content.to_string(),
            })),
            Err(problems) => {
                tracing::warn!(message = %m.id, ?problems, "the fallback template does not render with the message's variables");
                Ok(None)
            }
        }
    }
}
