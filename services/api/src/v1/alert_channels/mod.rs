//! `/api/v1/alerts/channels`: where alerts reach people — email, webhook (Alertmanager v4
//! payload with a Standard Webhooks signature) and WeCom group robot — with a test action and
//! the log of every notification sent.

mod schema;

use std::sync::Arc;

use fleet_alerting::ChannelInput;
use fleet_core::{
    audit::AuditAction, roles::Role, webhook_signature::WebhookSecret, ValidationError,
};
use fleet_monitor::{channels::ChannelConfig, notify::ChannelKind};
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, OpenApi,
};
pub use schema::*;

use super::{
    audited::{audited, shown},
    common::{ApiTags, NoContent},
};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult},
    json_body::JsonBody,
    state::AppState,
    types::{paging, Page, PageNumber, PageSize},
};

#[derive(ApiResponse)]
pub enum ChannelCreated {
    #[oai(status = 201)]
    Created(Json<Channel>),
}

/// The channel's config from the body; a webhook without a secret gets `default_secret`.
fn to_input(b: ChannelBody, default_secret: Option<String>) -> Result<ChannelInput, ApiError> {
    let kind = b.kind;
    let missing = |field: &'static str| {
        ApiError::validation(ValidationError::new(
            field,
            format!("is required for a {} channel", kind.as_str()),
        ))
    };
    let config = match kind {
        ChannelKind::Email => ChannelConfig::Email {
            to: b.to.ok_or_else(|| missing("to"))?,
        },
        ChannelKind::Webhook => ChannelConfig::Webhook {
            url: b.url.ok_or_else(|| missing("url"))?,
            secret: b
                .secret
                .or(default_secret)
                .ok_or_else(|| missing("secret"))?,
        },
        ChannelKind::WecomRobot => ChannelConfig::WecomRobot {
            url: b.url.ok_or_else(|| missing("url"))?,
        },
    };
    Ok(ChannelInput {
        name: b.name,
        config,
        enabled: b.enabled.unwrap_or(true),
    })
}

#[derive(Default)]
pub struct AlertChannelsApi;

#[OpenApi(
    prefix_path = "/api/v1/alerts/channels",
    tag = "ApiTags::AlertChannels"
)]
impl AlertChannelsApi {
    /// Add a channel (tenant admins). Critical alerts reach every channel, warnings email and
    /// WeCom robots, info WeCom robots only.
    #[oai(path = "/", method = "post", operation_id = "alert_channels_create")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<ChannelBody>,
    ) -> ApiResult<ChannelCreated> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let generated = (body.0.kind == ChannelKind::Webhook && body.0.secret.is_none())
            .then(WebhookSecret::generate);
        let input = to_input(body.0, generated.clone())?;
        let view = state.alerting.create_channel(tenant, input).await?;
        // The trail keeps the masked config, never the signing secret shown this once.
        let target = ("alert_channel", view.id.clone());
        let after = shown(&to_channel(view.clone(), None));
        audited(
            &state,
            &principal,
            AuditAction::AlertChannelCreated,
            target,
            None,
            after,
        )
        .await;
        Ok(ChannelCreated::Created(Json(to_channel(view, generated))))
    }

    /// The tenant's channels, their secrets masked.
    #[oai(path = "/", method = "get", operation_id = "alert_channels_list")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<Channel>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let found = state
            .alerting
            .list_channels(tenant, paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, |v| Ok(to_channel(v, None)))?))
    }

    /// One channel, its secrets masked.
    #[oai(path = "/:id", method = "get", operation_id = "alert_channels_get")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<Channel>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        Ok(Json(to_channel(
            state.alerting.channel(tenant, &id.0).await?,
            None,
        )))
    }

    /// Replace a channel (tenant admins). A webhook channel keeps its secret unless a new one
    /// is given.
    #[oai(path = "/:id", method = "put", operation_id = "alert_channels_update")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<ChannelBody>,
    ) -> ApiResult<Json<Channel>> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let before = shown(&to_channel(
            state.alerting.channel(tenant, &id.0).await?,
            None,
        ));
        let current = state.alerting.channel_secret(tenant, &id.0).await?;
        let input = to_input(body.0, current)?;
        let channel = to_channel(
            state.alerting.update_channel(tenant, &id.0, input).await?,
            None,
        );
        let target = ("alert_channel", id.0.clone());
        let after = shown(&channel);
        audited(
            &state,
            &principal,
            AuditAction::AlertChannelUpdated,
            target,
            before,
            after,
        )
        .await;
        Ok(Json(channel))
    }

    /// Delete a channel (tenant admins); its notification log stays.
    #[oai(
        path = "/:id",
        method = "delete",
        operation_id = "alert_channels_delete"
    )]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let principal = auth.0;
        let tenant = principal.tenant_with(Role::TenantAdmin)?;
        let before = shown(&to_channel(
            state.alerting.channel(tenant, &id.0).await?,
            None,
        ));
        state.alerting.delete_channel(tenant, &id.0).await?;
        let target = ("alert_channel", id.0.clone());
        audited(
            &state,
            &principal,
            AuditAction::AlertChannelDeleted,
            target,
            before,
            None,
        )
        .await;
        Ok(NoContent::Done)
    }

    /// Send a test notification through the channel now (tenant admins) and see how it went.
    /// It is logged like any other, marked `test`.
    #[oai(
        path = "/:id/test",
        method = "post",
        operation_id = "alert_channels_test"
    )]
    async fn test(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<AlertNotification>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        Ok(Json(to_notification(
            state.alerting.test_channel(tenant, &id.0).await?,
        )?))
    }

    /// The channel's notifications, newest first.
    #[oai(
        path = "/:id/notifications",
        method = "get",
        operation_id = "alert_channels_notifications"
    )]
    async fn notifications(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        page: Query<Option<PageNumber>>,
        size: Query<Option<PageSize>>,
    ) -> ApiResult<Json<Page<AlertNotification>>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        state.alerting.channel(tenant, &id.0).await?;
        let found = state
            .alerting
            .notification_log(tenant, Some(&id.0), paging(page.0, size.0))
            .await?;
        Ok(Json(Page::of(found, to_notification)?))
    }
}
