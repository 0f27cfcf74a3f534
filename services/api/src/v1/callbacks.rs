//! `/api/v1/callbacks/events`: the inbound callbacks stored for the tenant (WeCom and
//! providers), how their handlers fared, and replay.

use std::{collections::BTreeMap, sync::Arc};

use fleet_core::roles::Role;
use fleet_store::callback_events::{CallbackEventRecord, EventFilter};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    Enum, Object, OpenApi,
};
use serde_json::Value;

use super::common::{enum_name, stored, ApiTags};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult},
    state::AppState,
    types::{paging, Page, PageNumber, PageSize, Timestamp},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum CallbackSource {
    /// An account-hosting provider (`http_instance`).
    Provider,
    /// WeCom itself (`wecom_api` accounts).
    Wecom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum CallbackStatus {
    /// Being handled, or waiting for a retry.
    Pending,
    Processed,
    /// The handler had nothing to do (e.g. a duplicate of something already applied).
    Ignored,
    /// No handler for the kind: kept, not an error.
    Unhandled,
    /// The handler gave up after its retries.
    Failed,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct CallbackEvent {
    pub event_id: String,
    pub source: CallbackSource,
    pub account_id: Option<String>,
    /// E.g. `provider.logged_in`, `wecom.inbound_message`, `wecom.contact_added`; kinds
    /// nobody handles are kept too.
    pub kind: String,
    pub status: CallbackStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// While pending: when the next attempt is due.
    pub next_attempt_at: Option<Timestamp>,
    /// The event as received (WeCom's XML decrypted into an object).
    pub payload: BTreeMap<String, Value>,
    pub received_at: Timestamp,
    pub processed_at: Option<Timestamp>,
}

fn to_event(e: CallbackEventRecord) -> ApiResult<CallbackEvent> {
    Ok(CallbackEvent {
        payload: serde_json::from_str(&e.payload).unwrap_or_default(),
        source: stored(&e.source)?,
        status: stored(&e.status)?,
        next_attempt_at: Timestamp::opt(e.next_attempt_at.filter(|_| e.status == "pending")),
        event_id: e.id,
        account_id: e.account_id,
        kind: e.kind,
        attempts: e.attempts,
        last_error: e.last_error,
        received_at: Timestamp(e.received_at),
        processed_at: Timestamp::opt(e.processed_at),
    })
}

#[derive(Default)]
pub struct CallbacksApi;

#[OpenApi(tag = "ApiTags::Callbacks")]
impl CallbacksApi {
    /// The tenant's stored callbacks, newest first.
    #[allow(clippy::too_many_arguments)]
    #[oai(
        path = "/api/v1/callbacks/events",
        method = "get",
        operation_id = "callbacks_list_events"
    )]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        status: Query<Option<CallbackStatus>>,
        kind: Query<Option<String>>,
        source: Query<Option<CallbackSource>>,
        account_id: Query<Option<String>>,
        /// Received at or after.
        since: Query<Option<Timestamp>>,
        /// Received before.
        until: Query<Option<Timestamp>>,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<CallbackEvent>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let filter = EventFilter {
            status: status.0.map(|s| enum_name(&s)),
            kind: kind.0,
            source: source.0.map(|s| enum_name(&s)),
            account_id: account_id.0,
            received_from: since.0.map(Timestamp::millis),
            received_to: until.0.map(Timestamp::millis),
        };
        let found = state
            .callbacks
            .list(tenant, &filter, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, to_event)?))
    }

    /// One stored callback.
    #[oai(
        path = "/api/v1/callbacks/events/:id",
        method = "get",
        operation_id = "callbacks_get_event"
    )]
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
        )?))
    }

    /// Dispatch a stored callback again, whatever became of it, with fresh retries
    /// (operators). Answers once the handler finished or a short budget ran out.
    #[oai(
        path = "/api/v1/callbacks/events/:id/replay",
        method = "post",
        operation_id = "callbacks_replay_event"
    )]
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
        )?))
    }
}
