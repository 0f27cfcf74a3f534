//! `/api/v1/messages` and `/api/v1/batches`: sending, status, listing, cancel and retry.

use std::sync::Arc;

use fleet_core::roles::Role;
use fleet_messaging::{BatchRequest, Draft, SendRequest};
use fleet_store::messaging::{
    attempts::AttemptRecord, messages::MessageFilter, messages::MessageRecord,
};
use poem::web::Data;
use poem_openapi::{
    param::{Header, Path, Query},
    payload::Json,
    ApiResponse, Object, OpenApi,
};
use serde::Deserialize;
use serde_json::Value;

use super::common::{opt_time, page_request, parse_time, time, variables_of, ApiTags};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult},
    json_body::JsonBody,
    state::AppState,
};

/// One message to send: `content` with its `message_type`, or `template_id` with `variables`.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct SendMessage {
    pub account_id: String,
    /// A conversation of the account (see `GET /accounts/{id}/conversations`).
    pub conversation_id: String,
    /// `text`, `image`, `file`, `at_mention`, `mini_program` or `markdown`; with a template,
    /// optional (it must match the template's).
    pub message_type: Option<String>,
    /// E.g. `{"text": "hello"}`; see the README for each type's shape.
    pub content: Option<Value>,
    pub template_id: Option<String>,
    /// Default: the template's current version.
    pub template_version: Option<i64>,
    /// The template's variables, an object.
    pub variables: Option<Value>,
    /// Send no earlier than this RFC 3339 time (at most 30 days ahead).
    pub send_time: Option<String>,
}

// Not shared with `SendMessage` through `flatten`: serde cannot combine it with
// `deny_unknown_fields`, which names a misspelt field instead of ignoring it.
// `SendMessage::split` is the one conversion between them.
/// One message of a batch: as `SendMessage`, without the account.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct BatchItem {
    pub conversation_id: String,
    pub message_type: Option<String>,
    pub content: Option<Value>,
    pub template_id: Option<String>,
    pub template_version: Option<i64>,
    pub variables: Option<Value>,
    pub send_time: Option<String>,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct BatchSend {
    pub account_id: String,
    /// 1 to 1,000 messages.
    pub messages: Vec<BatchItem>,
}

#[derive(Debug, Object)]
pub struct SendAccepted {
    pub message_id: String,
    pub status: String,
}

#[derive(Debug, Object)]
pub struct BatchRejection {
    /// Position in `messages`.
    pub index: u32,
    /// `validation_failed`, `template_variables`, `not_found`, `quota_exceeded`, ...
    pub code: String,
    pub message: String,
}

#[derive(Debug, Object)]
pub struct BatchAccepted {
    pub batch_id: String,
    pub total_count: u32,
    pub accepted_count: u32,
    pub rejected: Vec<BatchRejection>,
}

#[derive(ApiResponse)]
pub enum Send202 {
    /// Accepted: stored, charged to the quota and queued.
    #[oai(status = 202)]
    Accepted(Json<SendAccepted>),
}

#[derive(ApiResponse)]
pub enum Batch202 {
    #[oai(status = 202)]
    Accepted(Json<BatchAccepted>),
}

#[derive(Debug, Object)]
pub struct Attempt {
    pub client_message_id: String,
    pub message_type: String,
    pub template_id: Option<String>,
    pub template_version: Option<i64>,
    /// `sent`, `duplicate` (the connector had it already), `retryable`, `permanent`, `fallback`.
    pub outcome: String,
    pub error_code: Option<String>,
    pub error: Option<String>,
    pub started_at: String,
    pub finished_at: String,
}

#[derive(Debug, Object)]
pub struct Message {
    pub message_id: String,
    pub account_id: String,
    pub batch_id: Option<String>,
    pub conversation_id: String,
    pub message_type: String,
    /// The rendered content.
    pub content: Value,
    pub template_id: Option<String>,
    /// The template version the content was rendered from.
    pub template_version: Option<i64>,
    /// `pending`, `sending`, `sent`, `delivered`, `failed` or `cancelled`.
    pub status: String,
    /// Attempts at the current content.
    pub attempts: i64,
    /// How many fallbacks replaced the content.
    pub fallback_depth: i64,
    /// The id the connector deduplicates resends by.
    pub client_message_id: String,
    pub provider_message_id: Option<String>,
    /// True when it failed after its last retry (replay it with `POST /messages/{id}/retry`).
    pub dead_lettered: bool,
    pub last_error_code: Option<String>,
    pub last_error: Option<String>,
    /// The day (tenant timezone) whose quota it was charged to.
    pub quota_day: String,
    /// When it is due (next attempt, or the scheduled send time).
    pub due_at: String,
    pub send_time: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub sent_at: Option<String>,
    pub delivered_at: Option<String>,
}

#[derive(Debug, Object)]
pub struct MessageStatus {
    #[oai(flatten)]
    pub message: Message,
    pub attempt_log: Vec<Attempt>,
}

#[derive(Debug, Object)]
pub struct MessageList {
    pub messages: Vec<Message>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

#[derive(Debug, Object)]
pub struct BatchReport {
    pub batch_id: String,
    pub account_id: String,
    /// Messages in the request.
    pub total: i64,
    pub accepted: i64,
    pub rejected: i64,
    pub sent: i64,
    pub delivered: i64,
    pub failed: i64,
    pub cancelled: i64,
    /// Accepted and not sent yet.
    pub pending: i64,
    pub created_at: String,
}

pub(crate) fn to_message(m: MessageRecord) -> Message {
    Message {
        message_id: m.id,
        account_id: m.account_id,
        batch_id: m.batch_id,
        conversation_id: m.conversation_id,
        message_type: m.message_type,
        content: serde_json::from_str(&m.content).unwrap_or(Value::Null),
        template_id: m.template_id,
        template_version: m.template_version,
        status: m.status,
        attempts: m.attempts,
        fallback_depth: m.fallback_depth,
        client_message_id: m.client_message_id,
        provider_message_id: m.provider_message_id,
        dead_lettered: m.dead_lettered != 0,
        last_error_code: m.last_error_code,
        last_error: m.last_error,
        quota_day: m.quota_day,
        due_at: time(m.due_at),
        send_time: opt_time(m.send_time),
        created_at: time(m.created_at),
        updated_at: time(m.updated_at),
        sent_at: opt_time(m.sent_at),
        delivered_at: opt_time(m.delivered_at),
    }
}

fn to_attempt(a: AttemptRecord) -> Attempt {
    Attempt {
        client_message_id: a.client_message_id,
        message_type: a.message_type,
        template_id: a.template_id,
        template_version: a.template_version,
        outcome: a.outcome,
        error_code: a.error_code,
        error: a.error,
        started_at: time(a.started_at),
        finished_at: time(a.finished_at),
    }
}

impl BatchItem {
    fn into_draft(self) -> ApiResult<Draft> {
        Ok(Draft {
            conversation_id: self.conversation_id,
            message_type: self.message_type,
            content: self.content,
            template_id: self.template_id,
            template_version: self.template_version,
            variables: self.variables.map(|v| variables_of(Some(v))).transpose()?,
            send_time: self
                .send_time
                .map(|t| parse_time("send_time", &t))
                .transpose()?,
        })
    }
}

impl SendMessage {
    /// The account, and the message as a batch would carry it.
    fn split(self) -> (String, BatchItem) {
        let item = BatchItem {
            conversation_id: self.conversation_id,
            message_type: self.message_type,
            content: self.content,
            template_id: self.template_id,
            template_version: self.template_version,
            variables: self.variables,
            send_time: self.send_time,
        };
        (self.account_id, item)
    }
}

/// An `Idempotency-Key` header: 1–255 visible ASCII characters.
fn idempotency_key(value: &Option<String>) -> ApiResult<Option<&str>> {
    match value.as_deref() {
        None => Ok(None),
        Some(k) if !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_graphic()) => {
            Ok(Some(k))
        }
        Some(_) => Err(ApiError::validation(fleet_core::ValidationError::new(
            "Idempotency-Key",
            "must be 1-255 visible ASCII characters",
        ))),
    }
}

pub struct MessagesApi;

#[OpenApi(tag = "ApiTags::Messages")]
impl MessagesApi {
    /// Send one message (operators). 202 once it is stored and charged; 429 `quota_exceeded`
    /// (with `limit`, `used`, `resets_at`) when the day's quota is used up; 422
    /// `template_variables` naming each bad variable. The same `Idempotency-Key` and body
    /// answer the first answer again; another body with the key is 422
    /// `idempotency_key_reused`.
    #[oai(path = "/api/v1/messages/send", method = "post")]
    async fn send(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        #[oai(name = "Idempotency-Key")] key: Header<Option<String>>,
        body: JsonBody<SendMessage>,
    ) -> ApiResult<Send202> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        let (account_id, item) = body.0.split();
        let request = SendRequest {
            account_id,
            draft: item.into_draft()?,
        };
        let accepted = state
            .messaging
            .send(tenant, request, idempotency_key(&key.0)?)
            .await?;
        Ok(Send202::Accepted(Json(SendAccepted {
            message_id: accepted.message_id,
            status: accepted.status,
        })))
    }

    /// Send up to 1,000 messages through one account (operators). Each message is checked on
    /// its own: bad ones and those past the quota are listed in `rejected`, the rest are
    /// accepted. `Idempotency-Key` as for a single send.
    #[oai(path = "/api/v1/messages/batch-send", method = "post")]
    async fn batch_send(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        #[oai(name = "Idempotency-Key")] key: Header<Option<String>>,
        body: JsonBody<BatchSend>,
    ) -> ApiResult<Batch202> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        let b = body.0;
        let messages = b
            .messages
            .into_iter()
            .map(BatchItem::into_draft)
            .collect::<ApiResult<Vec<_>>>()?;
        let request = BatchRequest {
            account_id: b.account_id,
            messages,
        };
        let answer = state
            .messaging
            .batch_send(tenant, request, idempotency_key(&key.0)?)
            .await?;
        Ok(Batch202::Accepted(Json(BatchAccepted {
            batch_id: answer.batch_id,
            total_count: answer.total_count as u32,
            accepted_count: answer.accepted_count as u32,
            rejected: answer
                .rejected
                .into_iter()
                .map(|r| BatchRejection {
                    index: r.index as u32,
                    code: r.code,
                    message: r.message,
                })
                .collect(),
        })))
    }

    /// A message, its status and every attempt.
    #[oai(path = "/api/v1/messages/:id/status", method = "get")]
    async fn status(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<MessageStatus>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let (message, attempts) = state.messaging.get_message(tenant, &id.0).await?;
        Ok(Json(MessageStatus {
            message: to_message(message),
            attempt_log: attempts.into_iter().map(to_attempt).collect(),
        }))
    }

    /// The tenant's messages, newest first.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/api/v1/messages", method = "get")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        status: Query<Option<String>>,
        account_id: Query<Option<String>>,
        batch_id: Query<Option<String>>,
        /// Created at or after (RFC 3339).
        from: Query<Option<String>>,
        /// Created before (RFC 3339).
        to: Query<Option<String>>,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<MessageList>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let page = page_request(page.0, size.0)?;
        let filter = MessageFilter {
            status: status.0,
            account_id: account_id.0,
            batch_id: batch_id.0,
            created_from: from.0.map(|t| parse_time("from", &t)).transpose()?,
            created_to: to.0.map(|t| parse_time("to", &t)).transpose()?,
        };
        let found = state.messaging.list_messages(tenant, &filter, page).await?;
        Ok(Json(MessageList {
            messages: found.items.into_iter().map(to_message).collect(),
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }

    /// Cancel a message that has not started sending (operators); its quota is given back.
    /// 409 `invalid_state` otherwise.
    #[oai(path = "/api/v1/messages/:id/cancel", method = "post")]
    async fn cancel(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Message>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        Ok(Json(to_message(
            state.messaging.cancel(tenant, &id.0).await?,
        )))
    }

    /// Queue a failed (e.g. dead-lettered) message again with fresh retries (operators). It
    /// keeps its client message id, so nothing already delivered goes out twice.
    #[oai(path = "/api/v1/messages/:id/retry", method = "post")]
    async fn retry(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Message>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        Ok(Json(to_message(
            state.messaging.retry(tenant, &id.0).await?,
        )))
    }

    /// How a batch's messages stand.
    #[oai(path = "/api/v1/batches/:id", method = "get")]
    async fn batch(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<BatchReport>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let r = state.messaging.batch_report(tenant, &id.0).await?;
        Ok(Json(BatchReport {
            batch_id: r.batch.id,
            account_id: r.batch.account_id,
            total: r.batch.total_count,
            accepted: r.batch.accepted_count,
            rejected: r.batch.total_count - r.batch.accepted_count,
            sent: r.messages.sent,
            delivered: r.messages.delivered,
            failed: r.messages.failed,
            cancelled: r.messages.cancelled,
            pending: r.messages.pending,
            created_at: time(r.batch.created_at),
        }))
    }
}
