//! `/api/v1/messages` and `/api/v1/batches`: sending, status, listing, cancel and retry.

mod schema;

use std::sync::Arc;

use fleet_core::{message::MessageStatus as Status, roles::Role};
use fleet_messaging::{BatchRequest, SendRequest};
use fleet_store::messaging::messages::MessageFilter;
use poem::web::Data;
use poem_openapi::{
    param::{Header, Path, Query},
    payload::Json,
    ApiResponse, OpenApi,
};
pub use schema::*;

use super::common::{stored_or, ApiTags};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult, ErrorCode},
    json_body::JsonBody,
    state::AppState,
    types::{paging, Page, PageNumber, PageSize, Timestamp},
};

#[derive(ApiResponse)]
pub enum Send202 {
    /// Accepted: stored, charged to the quota and queued.
    #[oai(status = 202)]
    Accepted(
        Json<SendAccepted>,
        /// `true` when this is the stored answer to an earlier request with the same
        /// `Idempotency-Key`: nothing was sent again.
        #[oai(header = "Idempotent-Replayed")]
        Option<bool>,
    ),
}

#[derive(ApiResponse)]
pub enum Batch202 {
    /// Accepted: the messages not listed in `rejected` are stored, charged and queued.
    #[oai(status = 202)]
    Accepted(
        Json<BatchAccepted>,
        /// `true` when this is the stored answer to an earlier request with the same
        /// `Idempotency-Key`: nothing was sent again.
        #[oai(header = "Idempotent-Replayed")]
        Option<bool>,
    ),
}

/// `Some(true)` on a replayed answer; the header is absent otherwise.
fn replayed(replayed: bool) -> Option<bool> {
    replayed.then_some(true)
}

#[derive(Default)]
pub struct MessagesApi;

#[OpenApi(tag = "ApiTags::Messages")]
impl MessagesApi {
    /// Send one message (operators). 202 once it is stored and charged; 429 `quota_exceeded`
    /// (with `limit`, `used`, `resets_at`) when the day's quota is used up; 422
    /// `template_variables` naming each bad variable. The same `Idempotency-Key` and body
    /// answer the first answer again; another body with the key is 422
    /// `idempotency_key_reused`.
    #[oai(
        path = "/api/v1/messages/send",
        method = "post",
        operation_id = "messages_send"
    )]
    async fn send(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body answer the first answer again.
        /// 1–255 visible ASCII characters.
        #[oai(
            name = "Idempotency-Key",
            validator(min_length = 1, max_length = 255, pattern = "^[!-~]+$")
        )]
        key: Header<Option<String>>,
        body: JsonBody<SendMessage>,
    ) -> ApiResult<Send202> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        let (account_id, item) = body.0.split();
        let request = SendRequest {
            account_id,
            draft: item.into_draft(),
        };
        let answer = state
            .messaging
            .send(tenant, request, key.0.as_deref())
            .await?;
        Ok(Send202::Accepted(
            Json(SendAccepted {
                status: stored(&answer.value.status)?,
                message_id: answer.value.message_id,
            }),
            replayed(answer.replayed),
        ))
    }

    /// Send up to 1,000 messages through one account (operators). Each message is checked on
    /// its own: bad ones and those past the quota are listed in `rejected`, the rest are
    /// accepted. `Idempotency-Key` as for a single send.
    #[oai(
        path = "/api/v1/messages/batch-send",
        method = "post",
        operation_id = "messages_batch_send"
    )]
    async fn batch_send(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// Makes a retry safe: the same key and body answer the first answer again.
        /// 1–255 visible ASCII characters.
        #[oai(
            name = "Idempotency-Key",
            validator(min_length = 1, max_length = 255, pattern = "^[!-~]+$")
        )]
        key: Header<Option<String>>,
        body: JsonBody<BatchSend>,
    ) -> ApiResult<Batch202> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        let b = body.0;
        let request = BatchRequest {
            account_id: b.account_id,
            messages: b.messages.into_iter().map(BatchItem::into_draft).collect(),
        };
        let answer = state
            .messaging
            .batch_send(tenant, request, key.0.as_deref())
            .await?;
        let value = answer.value;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(Batch202::Accepted(
            Json(BatchAccepted {
                batch_id: value.batch_id,
                total_count: count(value.total_count),
                accepted_count: count(value.accepted_count),
                rejected: value
                    .rejected
                    .into_iter()
                    .map(|r| rejection(count(r.index), &r.code, r.message))
                    .collect(),
            }),
            replayed(answer.replayed),
        ))
    }

    /// A message, its status and every attempt.
    #[oai(
        path = "/api/v1/messages/:id/status",
        method = "get",
        operation_id = "messages_get"
    )]
    async fn status(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<MessageDetail>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let (message, attempts) = state.messaging.get_message(tenant, &id.0).await?;
        Ok(Json(to_detail(message, attempts)?))
    }

    /// The tenant's messages, newest first.
    #[allow(clippy::too_many_arguments)]
    #[oai(
        path = "/api/v1/messages",
        method = "get",
        operation_id = "messages_list"
    )]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        status: Query<Option<Status>>,
        account_id: Query<Option<String>>,
        batch_id: Query<Option<String>>,
        /// Created at or after.
        since: Query<Option<Timestamp>>,
        /// Created before.
        until: Query<Option<Timestamp>>,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<Message>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let filter = MessageFilter {
            status: status.0.map(|s| s.as_str().to_owned()),
            account_id: account_id.0,
            batch_id: batch_id.0,
            created_from: since.0.map(Timestamp::millis),
            created_to: until.0.map(Timestamp::millis),
        };
        let found = state
            .messaging
            .list_messages(tenant, &filter, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, to_message)?))
    }

    /// Cancel a message that has not started sending (operators); its quota is given back.
    /// 409 `invalid_state` otherwise.
    #[oai(
        path = "/api/v1/messages/:id/cancel",
        method = "post",
        operation_id = "messages_cancel"
    )]
    async fn cancel(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Message>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        Ok(Json(to_message(
            state.messaging.cancel(tenant, &id.0).await?,
        )?))
    }

    /// Queue a failed (e.g. dead-lettered) message again with fresh retries (operators). It
    /// keeps its client message id, so nothing already delivered goes out twice.
    #[oai(
        path = "/api/v1/messages/:id/retry",
        method = "post",
        operation_id = "messages_retry"
    )]
    async fn retry(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Message>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        Ok(Json(to_message(
            state.messaging.retry(tenant, &id.0).await?,
        )?))
    }

    /// How a batch's messages stand.
    #[oai(
        path = "/api/v1/batches/:id",
        method = "get",
        operation_id = "messages_get_batch"
    )]
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
            created_at: Timestamp(r.batch.created_at),
        }))
    }

    /// Messages per day from `since` to `until` (`YYYY-MM-DD`, inclusive, tenant timezone; the
    /// last 7 days by default, at most 92).
    #[oai(
        path = "/api/v1/tenant/usage",
        method = "get",
        operation_id = "messages_usage"
    )]
    async fn usage(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        /// First day, `YYYY-MM-DD`.
        #[oai(validator(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
        since: Query<Option<String>>,
        /// Last day, `YYYY-MM-DD`.
        #[oai(validator(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
        until: Query<Option<String>>,
    ) -> ApiResult<Json<Usage>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let report = state
            .messaging
            .usage(tenant, since.0.as_deref(), until.0.as_deref())
            .await?;
        Ok(Json(Usage {
            timezone: report.timezone,
            daily_limit: report.daily_limit,
            days: report
                .days
                .into_iter()
                .map(|d| DayUsage {
                    date: d.date,
                    used: d.used,
                    pending: d.messages.pending,
                    sent: d.messages.sent,
                    delivered: d.messages.delivered,
                    failed: d.messages.failed,
                    cancelled: d.messages.cancelled,
                })
                .collect(),
        }))
    }
}

/// A refused message of a batch. An internal failure is logged and shown opaque, as a whole
/// request's would be.
fn rejection(index: u32, code: &str, message: String) -> BatchRejection {
    let code = stored_or(code, ErrorCode::InternalError);
    let message = if code == ErrorCode::InternalError {
        ApiError::internal(&message).body.message
    } else {
        message
    };
    BatchRejection {
        index,
        code,
        message,
    }
}

fn stored(text: &str) -> ApiResult<Status> {
    super::common::stored(text)
}
