//! `/api/v1/callbacks/events`: the inbound callbacks stored for the tenant (WeCom and
//! providers), how their handlers fared, and replay.

use std::sync::Arc;

use fleet_core::roles::Role;
use fleet_store::callback_events::{CallbackEventRecord, EventFilter};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    Object, OpenApi,
};
use serde_json::Value;

use super::common::{one_of, opt_time, page_request, parse_time, time, ApiTags};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult},
    state::AppState,
};

const STATUSES: [&str; 5] = ["pending", "processed", "ignored", "unhandled", "failed"];
const SOURCES: [&str; 2] = ["provider", "wecom"];

#[derive(Debug, Object)]
pub struct CallbackEvent {
    pub event_id: String,
    /// `provider` or `wecom`.
    pub source: String,
    pub account_id: Option<String>,
    /// E.g. `provider.logged_in`, `wecom.inbound_message`, `wecom.contact_added`.
    pub kind: String,
    /// `pending` (being handled or to be retried), `processed`, `ignored`, `unhandled` (no
    /// handler for the kind) or `failed` (the handler gave up).
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// While pending: when the next attempt is due.
    pub next_attempt_at: Option<String>,
    /// The event as received (WeCom's XML decrypted into an object).
    pub payload: Value,
    pub received_at: String,
    pub processed_at: Option<String>,
}

#[derive(Debug, Object)]
pub struct CallbackEventList {
    pub events: Vec<CallbackEvent>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

fn to_event(e: CallbackEventRecord) -> CallbackEvent {
    CallbackEvent {
        payload: serde_json::from_str(&e.payload).unwrap_or(Value::Null),
        event_id: e.id,
        source: e.source,
        account_id: e.account_id,
        kind: e.kind,
        next_attempt_at: opt_time(e.next_attempt_at.filter(|_| e.status == "pending")),
        status: e.status,
        attempts: e.attempts,
        last_error: e.last_error,
        received_at: time(e.received_at),
        processed_at: opt_time(e.processed_at),
    }
}

pub struct CallbacksApi;

#[OpenApi(tag = "ApiTags::Callbacks")]
impl CallbacksApi {
    /// The tenant's stored callbacks, newest first.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/api/v1/callbacks/events", method = "get")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        status: Query<Option<String>>,
        kind: Query<Option<String>>,
        /// `provider` or `wecom`.
        source: Query<Option<String>>,
        account_id: Query<Option<String>>,
        /// Received at or after (RFC 3339).
        from: Query<Option<String>>,
        /// Received before (RFC 3339).
        to: Query<Option<String>>,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<CallbackEventList>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let page = page_request(page.0, size.0)?;
        let filter = EventFilter {
            status: one_of("status", status.0, &STATUSES)?,
            kind: kind.0,
            source: one_of("source", source.0, &SOURCES)?,
            account_id: account_id.0,
            received_from: from.0.map(|t| parse_time("from", &t)).transpose()?,
            received_to: to.0.map(|t| parse_time("to", &t)).transpose()?,
        };
        let found = state.callbacks.list(tenant, &filter, page).await?;
        Ok(Json(CallbackEventList {
            events: found.items.into_iter().map(to_event).collect(),
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }

    /// One stored callback.
    #[oai(path = "/api/v1/callbacks/events/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<CallbackEvent>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let event = state.callbacks.get(tenant, &id.0).await?;
        Ok(Json(to_event(
            event.ok_or_else(|| ApiError::not_found("callback event"))?,
        )))
    }

    /// Dispatch a stored callback again, whatever became of it, with fresh retries
    /// (operators). Answers once the handler finished or a short budget ran out.
    #[oai(path = "/api/v1/callbacks/events/:id/replay", method = "post")]
    async fn replay(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<CallbackEvent>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        let event = state.callbacks.replay(tenant, &id.0).await?;
        Ok(Json(to_event(
            event.ok_or_else(|| ApiError::not_found("callback event"))?,
        )))
    }
}
