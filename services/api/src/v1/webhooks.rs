//! `/api/v1/webhooks`: the tenant's endpoints (with their signing secrets) and the delivery
//! log with resend.

use std::sync::Arc;

use fleet_core::{audit::AuditAction, roles::Role};
use fleet_store::webhooks::{
    attempts::AttemptRecord,
    deliveries::{DeliveryFilter, DeliveryRecord},
    endpoints::EndpointRecord,
};
use fleet_webhooks::{EndpointPatch, NewEndpoint};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Enum, Object, OpenApi,
};
use serde::Deserialize;

use super::{
    audited::{audited, shown},
    common::{enum_name, stored, ApiTags, NoContent},
    webhook_events::{WebhookEvent, WebhookEventType},
};
use crate::{
    auth::BearerAuth,
    error::ApiResult,
    json_body::JsonBody,
    state::AppState,
    types::{paging, Page, PageNumber, PageSize, Timestamp},
};

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Endpoint {
    pub endpoint_id: String,
    pub url: String,
    pub description: String,
    /// Subscribed event types; empty means every type.
    pub event_types: Vec<WebhookEventType>,
    pub enabled: bool,
    /// Why it was turned off by the service, e.g. `gone` after the receiver answered 410.
    pub disabled_reason: Option<String>,
    /// While a rotated-out secret still signs beside the current one: until when.
    pub previous_secret_expires_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct CreateEndpoint {
    /// `https://…` (or `http://`). Private, loopback and link-local targets are refused
    /// with 400 `webhook_url_forbidden` unless the operator allows them.
    #[oai(validator(min_length = 1, max_length = 2048))]
    pub url: String,
    #[oai(validator(max_length = 200))]
    pub description: Option<String>,
    /// Event types to receive (default: every type).
    pub event_types: Option<Vec<WebhookEventType>>,
    /// Default true.
    pub enabled: Option<bool>,
    /// `whsec_` + base64 of 24–64 bytes; generated when absent.
    pub secret: Option<String>,
}

/// Fields to change; absent fields stay. Enabling clears `disabled_reason`.
#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct UpdateEndpoint {
    #[oai(validator(min_length = 1, max_length = 2048))]
    pub url: Option<String>,
    #[oai(validator(max_length = 200))]
    pub description: Option<String>,
    pub event_types: Option<Vec<WebhookEventType>>,
    pub enabled: Option<bool>,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct EndpointSecret {
    /// `whsec_…`: verify our `webhook-signature` with it.
    pub secret: String,
    /// After a rotation: until when the previous secret also signs.
    pub previous_expires_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Queued, or waiting for a retry.
    Pending,
    Succeeded,
    /// Retries exhausted, the receiver answered 410, or the endpoint was disabled.
    Failed,
}

#[derive(ApiResponse)]
pub enum EndpointCreated {
    #[oai(status = 201)]
    Created(Json<Endpoint>),
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct WebhookAttempt {
    pub attempt: i64,
    pub attempted_at: Timestamp,
    pub duration_ms: i64,
    pub response_code: Option<i64>,
    /// The first 1 KiB of the receiver's answer.
    pub response_body: Option<String>,
    /// Why no answer came (timeout, connection refused, ...).
    pub error: Option<String>,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Delivery {
    pub delivery_id: String,
    pub endpoint_id: String,
    /// The `webhook-id` header: the same on every attempt.
    pub event_id: String,
    pub event_type: WebhookEventType,
    pub status: DeliveryStatus,
    /// Attempts since it was queued or resent.
    pub attempts: i64,
    pub next_attempt_at: Option<Timestamp>,
    pub last_response_code: Option<i64>,
    /// The first 1 KiB of the last answer.
    pub last_response_body: Option<String>,
    pub last_error: Option<String>,
    /// The body sent.
    pub payload: WebhookEvent,
    pub created_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    /// Every attempt, oldest first (only on `GET /deliveries/{id}`).
    pub attempt_log: Option<Vec<WebhookAttempt>>,
}

fn to_endpoint(e: EndpointRecord) -> ApiResult<Endpoint> {
    let names: Vec<String> = serde_json::from_str(&e.event_types).unwrap_or_default();
    Ok(Endpoint {
        event_types: names.iter().map(|n| stored(n)).collect::<ApiResult<_>>()?,
        enabled: e.enabled != 0,
        previous_secret_expires_at: Timestamp::opt(
            e.previous_secret_expires_at
                .filter(|at| *at > fleet_core::clock::now_ms()),
        ),
        endpoint_id: e.id,
        url: e.url,
        description: e.description,
        disabled_reason: e.disabled_reason,
        created_at: Timestamp(e.created_at),
        updated_at: Timestamp(e.updated_at),
    })
}

fn to_secret(s: fleet_webhooks::EndpointSecret) -> EndpointSecret {
    EndpointSecret {
        secret: s.secret,
        previous_expires_at: Timestamp::opt(s.previous_expires_at),
    }
}

fn names(types: Vec<WebhookEventType>) -> Vec<String> {
    types.into_iter().map(WebhookEventType::name).collect()
}

fn to_delivery(d: DeliveryRecord, log: Option<Vec<AttemptRecord>>) -> ApiResult<Delivery> {
    let body = serde_json::from_str(&d.payload).map_err(crate::error::ApiError::internal)?;
    let payload = poem_openapi::types::ParseFromJSON::parse_from_json(Some(body))
        .map_err(|e| crate::error::ApiError::internal(e.into_message()))?;
    Ok(Delivery {
        payload,
        next_attempt_at: Timestamp::opt(d.next_attempt_at.filter(|_| d.status == "pending")),
        event_type: stored(&d.event_type)?,
        status: stored(&d.status)?,
        delivery_id: d.id,
        endpoint_id: d.endpoint_id,
        event_id: d.event_id,
        attempts: d.attempts,
        last_response_code: d.last_response_code,
        last_response_body: d.last_response_body,
        last_error: d.last_error,
        created_at: Timestamp(d.created_at),
        finished_at: Timestamp::opt(d.finished_at),
        attempt_log: log.map(|attempts| {
            attempts
                .into_iter()
                .map(|a| WebhookAttempt {
                    attempt: a.attempt,
                    attempted_at: Timestamp(a.attempted_at),
                    duration_ms: a.duration_ms,
                    response_code: a.response_code,
                    response_body: a.response_body,
                    error: a.error,
                })
                .collect()
        }),
    })
}

#[derive(Default)]
pub struct WebhooksApi;

#[OpenApi(prefix_path = "/api/v1/webhooks", tag = "ApiTags::Webhooks")]
impl WebhooksApi {
    /// The event types endpoints can subscribe to.
    #[oai(
        path = "/event-types",
        method = "get",
        operation_id = "webhooks_event_types"
    )]
    async fn event_types(
        &self,
        auth: BearerAuth,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<WebhookEventType>>> {
        auth.0.tenant_with(Role::Viewer)?;
        let all = fleet_webhooks::event_types::EVENT_TYPES
            .iter()
            .map(|t| stored(t))
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(Json(Page::slice(all, paging(page.0, size.0))))
    }

    /// Add an endpoint (tenant admins). Its secret is at `GET …/endpoints/{id}/secret`.
    #[oai(
        path = "/endpoints",
        method = "post",
        operation_id = "webhooks_create_endpoint"
    )]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<CreateEndpoint>,
    ) -> ApiResult<EndpointCreated> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let b = body.0;
        let created = state
            .webhooks
            .create_endpoint(
                tenant,
                NewEndpoint {
                    url: b.url,
                    description: b.description,
                    event_types: names(b.event_types.unwrap_or_default()),
                    enabled: b.enabled,
                    secret: b.secret,
                },
            )
            .await?;
        let endpoint = to_endpoint(created)?;
        let target = ("webhook_endpoint", endpoint.endpoint_id.clone());
        let after = shown(&endpoint);
        audited(
            &state,
            &principal,
            AuditAction::WebhookEndpointCreated,
            target,
            None,
            after,
        )
        .await;
        Ok(EndpointCreated::Created(Json(endpoint)))
    }

    /// The tenant's endpoints.
    #[oai(
        path = "/endpoints",
        method = "get",
        operation_id = "webhooks_list_endpoints"
    )]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<Endpoint>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let found = state
            .webhooks
            .list_endpoints(tenant, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, to_endpoint)?))
    }

    /// One endpoint.
    #[oai(
        path = "/endpoints/:id",
        method = "get",
        operation_id = "webhooks_get_endpoint"
    )]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Endpoint>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        Ok(Json(to_endpoint(
            state.webhooks.endpoint(tenant, &id.0).await?,
        )?))
    }

    /// Change an endpoint (tenant admins).
    #[oai(
        path = "/endpoints/:id",
        method = "patch",
        operation_id = "webhooks_update_endpoint"
    )]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<UpdateEndpoint>,
    ) -> ApiResult<Json<Endpoint>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let before = shown(&to_endpoint(state.webhooks.endpoint(tenant, &id.0).await?)?);
        let b = body.0;
        let patch = EndpointPatch {
            url: b.url,
            description: b.description,
            event_types: b.event_types.map(names),
            enabled: b.enabled,
        };
        let endpoint = to_endpoint(state.webhooks.update_endpoint(tenant, &id.0, patch).await?)?;
        let target = ("webhook_endpoint", id.0.clone());
        let after = shown(&endpoint);
        audited(
            &state,
            &principal,
            AuditAction::WebhookEndpointUpdated,
            target,
            before,
            after,
        )
        .await;
        Ok(Json(endpoint))
    }

    /// Delete an endpoint (tenant admins); what is still queued for it is not sent.
    #[oai(
        path = "/endpoints/:id",
        method = "delete",
        operation_id = "webhooks_delete_endpoint"
    )]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let before = shown(&to_endpoint(state.webhooks.endpoint(tenant, &id.0).await?)?);
        state.webhooks.delete_endpoint(tenant, &id.0).await?;
        let target = ("webhook_endpoint", id.0.clone());
        audited(
            &state,
            &principal,
            AuditAction::WebhookEndpointDeleted,
            target,
            before,
            None,
        )
        .await;
        Ok(NoContent::Done)
    }

    /// The endpoint's signing secret (tenant admins).
    #[oai(
        path = "/endpoints/:id/secret",
        method = "get",
        operation_id = "webhooks_get_secret"
    )]
    async fn secret(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<EndpointSecret>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        Ok(Json(to_secret(state.webhooks.secret(tenant, &id.0).await?)))
    }

    /// Rotate the signing secret (tenant admins). The previous secret keeps signing beside
    /// the new one for 24 hours, so receivers can switch without missing a message.
    #[oai(
        path = "/endpoints/:id/secret/rotate",
        method = "post",
        operation_id = "webhooks_rotate_secret"
    )]
    async fn rotate(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<EndpointSecret>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let rotated = to_secret(state.webhooks.rotate_secret(tenant, &id.0).await?);
        // The secrets themselves stay out of the trail.
        let target = ("webhook_endpoint", id.0.clone());
        audited(
            &state,
            &principal,
            AuditAction::WebhookSecretRotated,
            target,
            None,
            None,
        )
        .await;
        Ok(Json(rotated))
    }

    /// The delivery log, newest first.
    #[allow(clippy::too_many_arguments)]
    #[oai(
        path = "/deliveries",
        method = "get",
        operation_id = "webhooks_list_deliveries"
    )]
    async fn deliveries(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        endpoint_id: Query<Option<String>>,
        status: Query<Option<DeliveryStatus>>,
        event_type: Query<Option<WebhookEventType>>,
        event_id: Query<Option<String>>,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<Delivery>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let filter = DeliveryFilter {
            endpoint_id: endpoint_id.0,
            status: status.0.map(|s| enum_name(&s)),
            event_type: event_type.0.map(WebhookEventType::name),
            event_id: event_id.0,
        };
        let found = state
            .webhooks
            .list_deliveries(tenant, &filter, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, |d| to_delivery(d, None))?))
    }

    /// One delivery with every attempt.
    #[oai(
        path = "/deliveries/:id",
        method = "get",
        operation_id = "webhooks_get_delivery"
    )]
    async fn delivery(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Delivery>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let (delivery, attempts) = state.webhooks.delivery(tenant, &id.0).await?;
        Ok(Json(to_delivery(delivery, Some(attempts))?))
    }

    /// Send a delivery again from the first attempt (operators). 409 `endpoint_disabled`
    /// while its endpoint is off.
    #[oai(
        path = "/deliveries/:id/resend",
        method = "post",
        operation_id = "webhooks_resend_delivery"
    )]
    async fn resend(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Delivery>> {
        let tenant = auth.0.tenant_with(Role::Operator)?;
        Ok(Json(to_delivery(
            state.webhooks.resend(tenant, &id.0).await?,
            None,
        )?))
    }
}
