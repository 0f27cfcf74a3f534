//! `/api/v1/webhooks`: the tenant's endpoints (with their signing secrets) and the delivery
//! log with resend.

use std::sync::Arc;

use fleet_core::roles::Role;
use fleet_store::webhooks::{
    attempts::AttemptRecord,
    deliveries::{DeliveryFilter, DeliveryRecord},
    endpoints::EndpointRecord,
};
use fleet_webhooks::{event_types::EVENT_TYPES, EndpointPatch, NewEndpoint};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Object, OpenApi,
};
use serde::Deserialize;
use serde_json::Value;

use super::common::{one_of, opt_time, page_request, time, ApiTags, NoContent};
use crate::{auth::BearerAuth, error::ApiResult, json_body::JsonBody, state::AppState};

#[derive(Debug, Object)]
pub struct Endpoint {
    pub endpoint_id: String,
    pub url: String,
    pub description: String,
    /// Subscribed event types; empty means every type.
    pub event_types: Vec<String>,
    pub enabled: bool,
    /// Why it was turned off by the service, e.g. `gone` after the receiver answered 410.
    pub disabled_reason: Option<String>,
    /// While a rotated-out secret still signs beside the current one: until when.
    pub previous_secret_expires_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct CreateEndpoint {
    /// `https://…` (or `http://`). Private, loopback and link-local targets are refused
    /// with 400 `webhook_url_forbidden` unless the operator allows them.
    pub url: String,
    pub description: Option<String>,
    /// Event types to receive (default: every type). See `GET /api/v1/webhooks/event-types`.
    pub event_types: Option<Vec<String>>,
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
    pub url: Option<String>,
    pub description: Option<String>,
    pub event_types: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

#[derive(Debug, Object)]
pub struct EndpointList {
    pub endpoints: Vec<Endpoint>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

#[derive(Debug, Object)]
pub struct EndpointSecret {
    /// `whsec_…`: verify our `webhook-signature` with it.
    pub secret: String,
    /// After a rotation: until when the previous secret also signs.
    pub previous_expires_at: Option<String>,
}

#[derive(ApiResponse)]
pub enum EndpointCreated {
    #[oai(status = 201)]
    Created(Json<Endpoint>),
}

#[derive(Debug, Object)]
pub struct WebhookAttempt {
    pub attempt: i64,
    pub attempted_at: String,
    pub duration_ms: i64,
    pub response_code: Option<i64>,
    /// The first 1 KiB of the receiver's answer.
    pub response_body: Option<String>,
    /// Why no answer came (timeout, connection refused, ...).
    pub error: Option<String>,
}

#[derive(Debug, Object)]
pub struct Delivery {
    pub delivery_id: String,
    pub endpoint_id: String,
    /// The `webhook-id` header: the same on every attempt.
    pub event_id: String,
    pub event_type: String,
    /// `pending` (queued or to be retried), `succeeded` or `failed` (retries exhausted, 410,
    /// or the endpoint was disabled).
    pub status: String,
    /// Attempts since it was queued or resent.
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    pub last_response_code: Option<i64>,
    /// The first 1 KiB of the last answer.
    pub last_response_body: Option<String>,
    pub last_error: Option<String>,
    /// The JSON body sent: `{type, timestamp, data}`.
    pub payload: Value,
    pub created_at: String,
    pub finished_at: Option<String>,
    /// Every attempt, oldest first (only on `GET /deliveries/{id}`).
    pub attempt_log: Option<Vec<WebhookAttempt>>,
}

#[derive(Debug, Object)]
pub struct DeliveryList {
    pub deliveries: Vec<Delivery>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

#[derive(Debug, Object)]
pub struct EventTypes {
    pub event_types: Vec<String>,
}

fn to_endpoint(e: EndpointRecord) -> Endpoint {
    Endpoint {
        event_types: serde_json::from_str(&e.event_types).unwrap_or_default(),
        enabled: e.enabled != 0,
        previous_secret_expires_at: opt_time(
            e.previous_secret_expires_at
                .filter(|at| *at > fleet_core::clock::now_ms()),
        ),
        endpoint_id: e.id,
        url: e.url,
        description: e.description,
        disabled_reason: e.disabled_reason,
        created_at: time(e.created_at),
        updated_at: time(e.updated_at),
    }
}

fn to_secret(s: fleet_webhooks::EndpointSecret) -> EndpointSecret {
    EndpointSecret {
        secret: s.secret,
        previous_expires_at: opt_time(s.previous_expires_at),
    }
}

fn to_delivery(d: DeliveryRecord, log: Option<Vec<AttemptRecord>>) -> Delivery {
    Delivery {
        payload: serde_json::from_str(&d.payload).unwrap_or(Value::Null),
        next_attempt_at: opt_time(d.next_attempt_at.filter(|_| d.status == "pending")),
        delivery_id: d.id,
        endpoint_id: d.endpoint_id,
        event_id: d.event_id,
        event_type: d.event_type,
        status: d.status,
        attempts: d.attempts,
        last_response_code: d.last_response_code,
        last_response_body: d.last_response_body,
        last_error: d.last_error,
        created_at: time(d.created_at),
        finished_at: opt_time(d.finished_at),
        attempt_log: log.map(|attempts| {
            attempts
                .into_iter()
                .map(|a| WebhookAttempt {
                    attempt: a.attempt,
                    attempted_at: time(a.attempted_at),
                    duration_ms: a.duration_ms,
                    response_code: a.response_code,
                    response_body: a.response_body,
                    error: a.error,
                })
                .collect()
        }),
    }
}

pub struct WebhooksApi;

#[OpenApi(prefix_path = "/api/v1/webhooks", tag = "ApiTags::Webhooks")]
impl WebhooksApi {
    /// The event types endpoints can subscribe to.
    #[oai(path = "/event-types", method = "get")]
    async fn event_types(&self, auth: BearerAuth) -> ApiResult<Json<EventTypes>> {
        auth.0.tenant_with(Role::Viewer)?;
        Ok(Json(EventTypes {
            event_types: EVENT_TYPES.iter().map(|t| (*t).to_owned()).collect(),
        }))
    }

    /// Add an endpoint (tenant admins). Its secret is at `GET …/endpoints/{id}/secret`.
    #[oai(path = "/endpoints", method = "post")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<CreateEndpoint>,
    ) -> ApiResult<EndpointCreated> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        let b = body.0;
        let created = state
            .webhooks
            .create_endpoint(
                tenant,
                NewEndpoint {
                    url: b.url,
                    description: b.description,
                    event_types: b.event_types.unwrap_or_default(),
                    enabled: b.enabled,
                    secret: b.secret,
                },
            )
            .await?;
        Ok(EndpointCreated::Created(Json(to_endpoint(created))))
    }

    #[oai(path = "/endpoints", method = "get")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<EndpointList>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let page = page_request(page.0, size.0)?;
        let found = state.webhooks.list_endpoints(tenant, page).await?;
        Ok(Json(EndpointList {
            endpoints: found.items.into_iter().map(to_endpoint).collect(),
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }

    #[oai(path = "/endpoints/:id", method = "get")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Endpoint>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        Ok(Json(to_endpoint(
            state.webhooks.endpoint(tenant, &id.0).await?,
        )))
    }

    /// Change an endpoint (tenant admins).
    #[oai(path = "/endpoints/:id", method = "patch")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<UpdateEndpoint>,
    ) -> ApiResult<Json<Endpoint>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        let b = body.0;
        let patch = EndpointPatch {
            url: b.url,
            description: b.description,
            event_types: b.event_types,
            enabled: b.enabled,
        };
        Ok(Json(to_endpoint(
            state.webhooks.update_endpoint(tenant, &id.0, patch).await?,
        )))
    }

    /// Delete an endpoint (tenant admins); what is still queued for it is not sent.
    #[oai(path = "/endpoints/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        state.webhooks.delete_endpoint(tenant, &id.0).await?;
        Ok(NoContent::Done)
    }

    /// The endpoint's signing secret (tenant admins).
    #[oai(path = "/endpoints/:id/secret", method = "get")]
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
    #[oai(path = "/endpoints/:id/secret/rotate", method = "post")]
    async fn rotate(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<EndpointSecret>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        Ok(Json(to_secret(
            state.webhooks.rotate_secret(tenant, &id.0).await?,
        )))
    }

    /// The delivery log, newest first.
    #[allow(clippy::too_many_arguments)]
    #[oai(path = "/deliveries", method = "get")]
    async fn deliveries(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        endpoint_id: Query<Option<String>>,
        /// `pending`, `succeeded` or `failed`.
        status: Query<Option<String>>,
        event_type: Query<Option<String>>,
        event_id: Query<Option<String>>,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<DeliveryList>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let page = page_request(page.0, size.0)?;
        let filter = DeliveryFilter {
            endpoint_id: endpoint_id.0,
            status: one_of("status", status.0, &["pending", "succeeded", "failed"])?,
            event_type: event_type.0,
            event_id: event_id.0,
        };
        let found = state
            .webhooks
            .list_deliveries(tenant, &filter, page)
            .await?;
        Ok(Json(DeliveryList {
            deliveries: found
                .items
                .into_iter()
                .map(|d| to_delivery(d, None))
                .collect(),
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }

    /// One delivery with every attempt.
    #[oai(path = "/deliveries/:id", method = "get")]
    async fn delivery(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Delivery>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let (delivery, attempts) = state.webhooks.delivery(tenant, &id.0).await?;
        Ok(Json(to_delivery(delivery, Some(attempts))))
    }

    /// Send a delivery again from the first attempt (operators). 409 `endpoint_disabled`
    /// while its endpoint is off.
    #[oai(path = "/deliveries/:id/resend", method = "post")]
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
        )))
    }
}
