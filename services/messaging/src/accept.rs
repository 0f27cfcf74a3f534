//! Accepting messages: check and render each draft, charge the quota, and write the rows
//! (which are the queue entries) in one transaction, so an accepted message is durable and
//! paid for before the caller hears 202, and a refused one leaves nothing behind.

use std::collections::BTreeMap;

use fleet_core::{
    clock::{millis_of, now_ms},
    ids::TenantId,
};
use fleet_store::{
    messaging::{
        batches::{self, BatchRecord},
        idempotency::{self, KeyClaim},
        messages::{self, MessageRecord},
        settings,
        usage::{self, TENANT_TOTAL},
    },
    tenants, Scope, Tx,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{
    calendar::day_of,
    drafts::{render, Draft, Rendered, TemplateCache},
    events::StatusChange,
    MessagingError, MessagingService,
};

/// The most messages one batch may carry.
pub const MAX_BATCH: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SendRequest {
    pub account_id: String,
    #[serde(flatten)]
    pub draft: Draft,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accepted {
    pub message_id: String,
    pub status: String,
}

/// An answer, and whether it is the stored answer of an earlier request with the same
/// `Idempotency-Key` (nothing was done again).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer<T> {
    pub value: T,
    pub replayed: bool,
}

impl<T> Answer<T> {
    fn fresh(value: T) -> Self {
        Self {
            value,
            replayed: false,
        }
    }

    fn replayed(value: T) -> Self {
        Self {
            value,
            replayed: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchRequest {
    pub account_id: String,
    pub messages: Vec<Draft>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rejection {
    pub index: usize,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchAccepted {
    pub batch_id: String,
    pub total_count: usize,
    pub accepted_count: usize,
    pub rejected: Vec<Rejection>,
}

impl MessagingService {
    /// Accepts one message, or refuses it whole (`QuotaExceeded` when the day's quota is used
    /// up).
    pub async fn send(
        &self,
        tenant: TenantId,
        request: SendRequest,
        key: Option<&str>,
    ) -> Result<Answer<Accepted>, MessagingError> {
        const OPERATION: &str = "messages.send";
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        if let Some(answer) = self
            .replay(&mut tx, tenant, OPERATION, &request, key)
            .await?
        {
            return Ok(Answer::replayed(answer));
        }
        let mut outcome = self
            .accept(
                &mut tx,
                tenant,
                &request.account_id,
                std::slice::from_ref(&request.draft),
                None,
            )
            .await?;
        let message = match outcome.results.pop() {
            Some(Ok(message)) => message,
            Some(Err(error)) => return Err(error),
            None => return Err(MessagingError::Corrupt("a send accepted nothing".into())),
        };
        let answer = Accepted {
            message_id: message.id,
            status: message.status,
        };
        remember(&mut tx, tenant, OPERATION, key, &answer).await?;
        tx.commit().await?;
        self.publish_all(outcome.changes);
        Ok(Answer::fresh(answer))
    }

    /// Accepts up to [`MAX_BATCH`] messages for one account. Each is checked on its own;
    /// those past the quota are rejected one by one while the accepted ones fill it exactly.
    pub async fn batch_send(
        &self,
        tenant: TenantId,
        request: BatchRequest,
        key: Option<&str>,
    ) -> Result<Answer<BatchAccepted>, MessagingError> {
        const OPERATION: &str = "messages.batch_send";
        if request.messages.is_empty() || request.messages.len() > MAX_BATCH {
            return Err(fleet_core::ValidationError::new(
                "messages",
                format!("must hold 1 to {MAX_BATCH} messages"),
            )
            .into());
        }
        let mut tx = self.db.begin(Scope::Tenant(tenant)).await?;
        if let Some(answer) = self
            .replay(&mut tx, tenant, OPERATION, &request, key)
            .await?
        {
            return Ok(Answer::replayed(answer));
        }
        let batch_id = uuid::Uuid::now_v7().to_string();
        let outcome = self
            .accept(
                &mut tx,
                tenant,
                &request.account_id,
                &request.messages,
                Some(&batch_id),
            )
            .await?;
        let rejected: Vec<Rejection> = outcome
            .results
            .iter()
            .enumerate()
            .filter_map(|(index, result)| {
                result.as_ref().err().map(|error| Rejection {
                    index,
                    code: error.code().to_owned(),
                    message: error.to_string(),
                })
            })
            .collect();
        let total = request.messages.len();
        let answer = BatchAccepted {
            batch_id,
            total_count: total,
            accepted_count: total - rejected.len(),
            rejected,
        };
        remember(&mut tx, tenant, OPERATION, key, &answer).await?;
        tx.commit().await?;
        self.publish_all(outcome.changes);
        Ok(Answer::fresh(answer))
    }

    /// Renders, charges and stores `drafts` for one account; returns each draft's row or the
    /// reason it was refused.
    async fn accept(
        &self,
        tx: &mut Tx,
        tenant: TenantId,
        account_id: &str,
        drafts: &[Draft],
        batch_id: Option<&str>,
    ) -> Result<AcceptOutcome, MessagingError> {
        let tenant_row = tenants::get(tx, tenant, false)
            .await?
            .ok_or(MessagingError::NotFound("tenant"))?;
        let account = settings::account(tx, tenant, account_id)
            .await?
            .ok_or(MessagingError::NotFound("account"))?;
        let now = now_ms();
        let mut templates = TemplateCache::default();
        let mut results: Vec<Result<Rendered, MessagingError>> = Vec::with_capacity(drafts.len());
        for draft in drafts {
            results.push(render(tx, tenant, draft, &mut templates, now).await);
        }

        // Charge per day (scheduled messages count on the day they go out), days in order so
        // concurrent requests lock counters in the same order.
        let mut by_day: BTreeMap<String, (i64, Vec<usize>)> = BTreeMap::new();
        for (index, result) in results.iter().enumerate() {
            if let Ok(rendered) = result {
                let today = day_of(rendered.send_time.unwrap_or(now), &tenant_row.timezone);
                by_day
                    .entry(today.day)
                    .or_insert((today.ends_at, Vec::new()))
                    .1
                    .push(index);
            }
        }
        let mut quota_day = vec![String::new(); drafts.len()];
        let mut refused: BTreeMap<usize, MessagingError> = BTreeMap::new();
        for (day, (ends_at, indexes)) in &by_day {
            let limits = [
                (TENANT_TOTAL, "tenant", Some(tenant_row.max_daily_messages)),
                (account_id, "account", account.max_daily_messages),
            ];
            let mut room = i64::MAX;
            let mut tightest = None;
            for (counter, scope, limit) in limits {
                let used = usage::lock(tx, tenant, counter, day).await?;
                if let Some(limit) = limit {
                    let left = (limit - used).max(0);
                    if left < room {
                        room = left;
                        tightest = Some((scope, limit, used));
                    }
                }
            }
            let take = usize::try_from(room)
                .unwrap_or(usize::MAX)
                .min(indexes.len());
            for counter in [TENANT_TOTAL, account_id] {
                usage::add(tx, tenant, counter, day, take as i64).await?;
            }
            for &index in &indexes[..take] {
                quota_day[index].clone_from(day);
            }
            if let Some((scope, limit, used)) = tightest {
                for &index in &indexes[take..] {
                    refused.insert(
                        index,
                        MessagingError::QuotaExceeded {
                            scope,
                            limit,
                            used: used + take as i64,
                            resets_at: *ends_at,
                        },
                    );
                }
            }
        }

        if let Some(batch_id) = batch_id {
            batches::insert(
                tx,
                &BatchRecord {
                    id: batch_id.to_owned(),
                    tenant_id: tenant.to_string(),
                    account_id: account_id.to_owned(),
                    total_count: drafts.len() as i64,
                    accepted_count: quota_day.iter().filter(|d| !d.is_empty()).count() as i64,
                    created_at: now,
                },
            )
            .await?;
        }
        let mut rows = Vec::new();
        let mut outcome = AcceptOutcome::default();
        for (index, result) in results.into_iter().enumerate() {
            let result = match (result, refused.remove(&index)) {
                (Err(error), _) | (Ok(_), Some(error)) => Err(error),
                (Ok(rendered), None) => {
                    let row = message_row(
                        tenant,
                        account_id,
                        batch_id,
                        rendered,
                        &quota_day[index],
                        now,
                    )?;
                    outcome.changes.push(StatusChange::accepted(&row));
                    rows.push(row.clone());
                    Ok(row)
                }
            };
            outcome.results.push(result);
        }
        messages::insert_many(tx, &rows).await?;
        Ok(outcome)
    }
}

impl MessagingService {
    /// The stored answer when `key` was used before with this request; `IdempotencyMismatch`
    /// when it was used with another. Otherwise the key is claimed by `tx` (a concurrent request
    /// with it waits for `tx` to end) and `None` says: do the work.
    async fn replay<A: DeserializeOwned>(
        &self,
        tx: &mut Tx,
        tenant: TenantId,
        operation: &str,
        request: &impl Serialize,
        key: Option<&str>,
    ) -> Result<Option<A>, MessagingError> {
        let Some(key) = key else {
            return Ok(None);
        };
        let hash = request_hash(request);
        let now = now_ms();
        let expired_before = now - millis_of(self.settings.idempotency_window);
        match idempotency::claim(tx, tenant, operation, key, &hash, now, expired_before).await? {
            KeyClaim::Claimed => Ok(None),
            KeyClaim::Answered(stored) if stored.request_hash == hash => {
                serde_json::from_str(&stored.response)
                    .map(Some)
                    .map_err(MessagingError::corrupt)
            }
            KeyClaim::Answered(_) => Err(MessagingError::IdempotencyMismatch),
        }
    }
}

/// Stores the answer under the key [`MessagingService::replay`] claimed, in the transaction that did the work.
/// Refusals are not stored: the transaction rolls back, so a retry runs again.
async fn remember(
    tx: &mut Tx,
    tenant: TenantId,
    operation: &str,
    key: Option<&str>,
    answer: &impl Serialize,
) -> Result<(), MessagingError> {
    let Some(key) = key else {
        return Ok(());
    };
    let body = serde_json::to_string(answer).map_err(MessagingError::corrupt)?;
    idempotency::answer(tx, tenant, operation, key, 202, &body).await?;
    Ok(())
}

#[derive(Default)]
struct AcceptOutcome {
    results: Vec<Result<MessageRecord, MessagingError>>,
    changes: Vec<StatusChange>,
}

fn message_row(
    tenant: TenantId,
    account_id: &str,
    batch_id: Option<&str>,
    rendered: Rendered,
    quota_day: &str,
    now: i64,
) -> Result<MessageRecord, MessagingError> {
    let id = uuid::Uuid::now_v7().to_string();
    let variables = rendered
        .variables
        .map(|v| serde_json::to_string(&v))
        .transpose()
        .map_err(MessagingError::corrupt)?;
    Ok(MessageRecord {
        client_message_id: id.clone(),
        id,
        tenant_id: tenant.to_string(),
        account_id: account_id.to_owned(),
        batch_id: batch_id.map(str::to_owned),
        conversation_id: rendered.conversation_id,
        message_type: rendered.message_type.as_str().to_owned(),
        content: rendered.content.to_string(),
        template_id: rendered.template.as_ref().map(|(id, _)| id.clone()),
        template_version: rendered.template.map(|(_, v)| v),
        variables,
        status: "pending".into(),
        attempts: 0,
        fallback_depth: 0,
        due_at: rendered.send_time.unwrap_or(now),
        lease_token: None,
        lease_expires_at: None,
        provider_message_id: None,
        last_error_code: None,
        last_error: None,
        dead_lettered: 0,
        quota_day: quota_day.to_owned(),
        send_time: rendered.send_time,
        created_at: now,
        updated_at: now,
        sent_at: None,
        delivered_at: None,
    })
}

/// Hex SHA-256 of the request as JSON: the same request always hashes the same.
fn request_hash(request: &impl Serialize) -> String {
    let bytes = serde_json::to_vec(request).unwrap_or_default();
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
