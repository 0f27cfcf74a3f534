//! What `/api/v1/messages` and `/api/v1/batches` take and answer.

use fleet_core::message::{MessageStatus as Status, MessageType};
use fleet_messaging::Draft;
use fleet_store::messaging::{attempts::AttemptRecord, messages::MessageRecord};
use poem_openapi::{Enum, Object};
use serde::Deserialize;

use super::super::{
    common::stored,
    content::ContentKinds,
    values::{variables_map, Variables},
};
use crate::{
    error::{ApiResult, ErrorCode},
    types::{AnyPayload, OneOf, Timestamp, Variant},
};

/// One message to send: `message_type` with its `content`, or `template_id` with `variables`.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct SendMessage {
    pub account_id: String,
    /// A conversation of the account (see `GET /accounts/{id}/conversations`).
    #[oai(validator(min_length = 1, max_length = 256))]
    pub conversation_id: String,
    /// Required with `content`; with a template, optional (it must match the template's).
    pub message_type: Option<MessageType>,
    /// Shaped by `message_type`: `{"text": "hello"}` for `text`, and so on.
    pub content: Option<AnyPayload<ContentKinds>>,
    pub template_id: Option<String>,
    /// Default: the template's current version.
    #[oai(validator(minimum(value = "1")))]
    pub template_version: Option<i64>,
    /// Values of the template's variables.
    pub variables: Option<Variables>,
    /// Send no earlier than this (at most 30 days ahead).
    pub send_time: Option<Timestamp>,
}

// Not shared with `SendMessage` through `flatten`: serde cannot combine it with
// `deny_unknown_fields`, which names a misspelt field instead of ignoring it.
// `SendMessage::split` is the one conversion between them.
/// One message of a batch: as `SendMessage`, without the account.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct BatchItem {
    #[oai(validator(min_length = 1, max_length = 256))]
    pub conversation_id: String,
    pub message_type: Option<MessageType>,
    pub content: Option<AnyPayload<ContentKinds>>,
    pub template_id: Option<String>,
    #[oai(validator(minimum(value = "1")))]
    pub template_version: Option<i64>,
    pub variables: Option<Variables>,
    pub send_time: Option<Timestamp>,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct BatchSend {
    pub account_id: String,
    /// 1 to 1,000 messages.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub messages: Vec<BatchItem>,
}

#[derive(Debug, Object)]
pub struct SendAccepted {
    pub message_id: String,
    pub status: Status,
}

#[derive(Debug, Object)]
pub struct BatchRejection {
    /// Position in `messages`.
    pub index: u32,
    /// Why: `validation_failed`, `template_variables`, `not_found`, `quota_exceeded`, …
    pub code: ErrorCode,
    pub message: String,
}

#[derive(Debug, Object)]
pub struct BatchAccepted {
    pub batch_id: String,
    pub total_count: u32,
    pub accepted_count: u32,
    pub rejected: Vec<BatchRejection>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum AttemptOutcome {
    /// The connector accepted it.
    Sent,
    /// The connector had it already (a resend after a lost answer).
    Duplicate,
    /// It failed in a way that may pass; another attempt follows.
    Retryable,
    /// It failed for good.
    Permanent,
    /// It failed with a code the template's fallback names; the fallback was sent instead.
    Fallback,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Attempt {
    pub client_message_id: String,
    pub message_type: MessageType,
    pub template_id: Option<String>,
    pub template_version: Option<i64>,
    pub outcome: AttemptOutcome,
    pub error_code: Option<String>,
    pub error: Option<String>,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
}

/// A message's fields beside its `message_type` and rendered `content`.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct MessageFields {
    pub message_id: String,
    pub account_id: String,
    pub batch_id: Option<String>,
    pub conversation_id: String,
    pub template_id: Option<String>,
    /// The template version the content was rendered from.
    pub template_version: Option<i64>,
    pub status: Status,
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
    /// The day (`YYYY-MM-DD`, tenant timezone) whose quota it was charged to.
    pub quota_day: String,
    /// When it is due (next attempt, or the scheduled send time).
    pub due_at: Timestamp,
    pub send_time: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
}

impl Variant for MessageFields {
    type Kinds = ContentKinds;
    const UNION: &'static str = "Message";
    const DESCRIPTION: &'static str = "A message, with its rendered `content`.";
}

pub type Message = OneOf<MessageFields>;

/// A message's fields and every attempt at sending it.
#[derive(Debug, Object)]
pub struct MessageDetailFields {
    #[oai(flatten)]
    pub message: MessageFields,
    pub attempt_log: Vec<Attempt>,
}

impl Variant for MessageDetailFields {
    type Kinds = ContentKinds;
    const UNION: &'static str = "MessageDetail";
    const DESCRIPTION: &'static str = "A message, its rendered `content` and every attempt.";
}

pub type MessageDetail = OneOf<MessageDetailFields>;

#[derive(Debug, Object)]
pub struct DayUsage {
    /// `YYYY-MM-DD` in the tenant's timezone.
    pub date: String,
    /// Charged to the quota (cancelled messages are given back).
    pub used: i64,
    pub pending: i64,
    pub sent: i64,
    pub delivered: i64,
    pub failed: i64,
    pub cancelled: i64,
}

#[derive(Debug, Object)]
pub struct Usage {
    pub timezone: String,
    pub daily_limit: i64,
    pub days: Vec<DayUsage>,
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
    pub created_at: Timestamp,
}

fn fields_of(m: MessageRecord) -> ApiResult<(MessageFields, String, serde_json::Value)> {
    let content = serde_json::from_str(&m.content).unwrap_or_default();
    let fields = MessageFields {
        status: stored(&m.status)?,
        message_id: m.id,
        account_id: m.account_id,
        batch_id: m.batch_id,
        conversation_id: m.conversation_id,
        template_id: m.template_id,
        template_version: m.template_version,
        attempts: m.attempts,
        fallback_depth: m.fallback_depth,
        client_message_id: m.client_message_id,
        provider_message_id: m.provider_message_id,
        dead_lettered: m.dead_lettered != 0,
        last_error_code: m.last_error_code,
        last_error: m.last_error,
        quota_day: m.quota_day,
        due_at: Timestamp(m.due_at),
        send_time: Timestamp::opt(m.send_time),
        created_at: Timestamp(m.created_at),
        updated_at: Timestamp(m.updated_at),
        sent_at: Timestamp::opt(m.sent_at),
        delivered_at: Timestamp::opt(m.delivered_at),
    };
    Ok((fields, m.message_type, content))
}

pub(crate) fn to_message(m: MessageRecord) -> ApiResult<Message> {
    let (fields, kind, content) = fields_of(m)?;
    Ok(OneOf::new(fields, kind, Some(content)))
}

pub(crate) fn to_detail(
    m: MessageRecord,
    attempts: Vec<AttemptRecord>,
) -> ApiResult<MessageDetail> {
    let (message, kind, content) = fields_of(m)?;
    let detail = MessageDetailFields {
        message,
        attempt_log: attempts
            .into_iter()
            .map(to_attempt)
            .collect::<ApiResult<_>>()?,
    };
    Ok(OneOf::new(detail, kind, Some(content)))
}

fn to_attempt(a: AttemptRecord) -> ApiResult<Attempt> {
    Ok(Attempt {
        message_type: stored(&a.message_type)?,
        outcome: stored(&a.outcome)?,
        client_message_id: a.client_message_id,
        template_id: a.template_id,
        template_version: a.template_version,
        error_code: a.error_code,
        error: a.error,
        started_at: Timestamp(a.started_at),
        finished_at: Timestamp(a.finished_at),
    })
}

impl BatchItem {
    pub(crate) fn into_draft(self) -> Draft {
        Draft {
            conversation_id: self.conversation_id,
            message_type: self.message_type.map(|t| t.as_str().to_owned()),
            content: self.content.map(AnyPayload::into_inner),
            template_id: self.template_id,
            template_version: self.template_version,
            variables: self.variables.map(|v| variables_map(Some(v))),
            send_time: self.send_time.map(Timestamp::millis),
        }
    }
}

impl SendMessage {
    /// The account, and the message as a batch would carry it.
    pub(crate) fn split(self) -> (String, BatchItem) {
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
