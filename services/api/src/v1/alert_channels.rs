//! `/api/v1/alerts/channels`: where alerts reach people — email, webhook (Alertmanager v4
//! payload with a Standard Webhooks signature) and WeCom group robot — with a test action and
//! the log of every notification sent.

use std::sync::Arc;

use fleet_alerting::{ChannelInput, ChannelView};
use fleet_core::{roles::Role, webhook_signature::WebhookSecret, ValidationError};
use fleet_monitor::{channels::ChannelConfig, notify::ChannelKind};
use fleet_store::alerting::notifications::NotificationRecord;
use poem::web::Data;
use poem_openapi::{
    param::{Path, Query},
    payload::Json,
    ApiResponse, Object, OpenApi,
};
use serde::Deserialize;
use serde_json::Value;

use super::common::{opt_time, page_request, time, ApiTags, NoContent};
use crate::{
    auth::BearerAuth,
    error::{ApiError, ApiResult},
    json_body::JsonBody,
    state::AppState,
};

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct ChannelBody {
    pub name: String,
    /// `email`, `webhook` or `wecom_robot`.
    pub kind: String,
    /// `email`: the recipients (1–20 addresses).
    pub to: Option<Vec<String>>,
    /// `webhook`: the receiver; `wecom_robot`: the robot's send URL
    /// (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`). Private targets are
    /// refused with 400 `channel_url_forbidden` unless the operator allows them.
    pub url: Option<String>,
    /// `webhook`: `whsec_…` to sign with; generated on create when absent, kept on update
    /// when absent.
    pub secret: Option<String>,
    /// Default true.
    pub enabled: Option<bool>,
}

#[derive(Debug, Object)]
pub struct Channel {
    pub channel_id: String,
    pub name: String,
    pub kind: String,
    pub enabled: bool,
    /// The config with secrets masked (robot keys, signing secrets).
    pub config: Value,
    /// Only when a webhook channel is created without a secret: the one generated. Keep it;
    /// it is not shown again.
    pub signing_secret: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Object)]
pub struct ChannelList {
    pub channels: Vec<Channel>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

#[derive(ApiResponse)]
pub enum ChannelCreated {
    #[oai(status = 201)]
    Created(Json<Channel>),
}

#[derive(Debug, Object)]
pub struct AlertNotification {
    pub notification_id: String,
    pub channel_id: String,
    pub group_key: String,
    /// `firing` or `resolved`.
    pub status: String,
    pub alert_count: i64,
    /// `pending` (queued or to be retried), `sent` or `failed` (retries exhausted, or an
    /// error retrying cannot fix).
    pub outcome: String,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    pub last_error: Option<String>,
    /// What the channel answered.
    pub detail: Option<String>,
    /// Sent by the test action.
    pub test: bool,
    pub created_at: String,
    pub finished_at: Option<String>,
}

#[derive(Debug, Object)]
pub struct AlertNotificationList {
    pub notifications: Vec<AlertNotification>,
    pub total: i64,
    pub page: u32,
    pub size: u32,
}

pub(crate) fn to_notification(n: NotificationRecord) -> AlertNotification {
    AlertNotification {
        next_attempt_at: opt_time(n.next_attempt_at.filter(|_| n.outcome == "pending")),
        notification_id: n.id,
        channel_id: n.channel_id,
        group_key: n.group_key,
        status: n.status,
        alert_count: n.alert_count,
        outcome: n.outcome,
        attempts: n.attempts,
        last_error: n.last_error,
        detail: n.detail,
        test: n.is_test == 1,
        created_at: time(n.created_at),
        finished_at: opt_time(n.finished_at),
    }
}

fn to_channel(v: ChannelView, signing_secret: Option<String>) -> Channel {
    Channel {
        channel_id: v.id,
        name: v.name,
        kind: v.kind.to_owned(),
        enabled: v.enabled,
        config: v.config,
        signing_secret,
        created_at: time(v.created_at),
        updated_at: time(v.updated_at),
    }
}

/// The channel's config from the body; a webhook without a secret gets `default_secret`.
fn to_input(b: ChannelBody, default_secret: Option<String>) -> Result<ChannelInput, ApiError> {
    let kind = ChannelKind::ALL
        .into_iter()
        .find(|k| k.as_str() == b.kind)
        .ok_or_else(|| {
            ApiError::validation(ValidationError::new(
                "kind",
                "must be one of email, webhook, wecom_robot",
            ))
        })?;
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

pub struct AlertChannelsApi;

#[OpenApi(prefix_path = "/api/v1/alerts/channels", tag = "ApiTags::Alerts")]
impl AlertChannelsApi {
    /// Add a channel (tenant admins). Critical alerts reach every channel, warnings email and
    /// WeCom robots, info WeCom robots only.
    #[oai(path = "/", method = "post")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        body: JsonBody<ChannelBody>,
    ) -> ApiResult<ChannelCreated> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        let generated =
            (body.0.kind == "webhook" && body.0.secret.is_none()).then(WebhookSecret::generate);
        let input = to_input(body.0, generated.clone())?;
        let view = state.alerting.create_channel(tenant, input).await?;
        Ok(ChannelCreated::Created(Json(to_channel(view, generated))))
    }

    #[oai(path = "/", method = "get")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<ChannelList>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let page = page_request(page.0, size.0)?;
        let found = state.alerting.list_channels(tenant, page).await?;
        Ok(Json(ChannelList {
            channels: found
                .items
                .into_iter()
                .map(|v| to_channel(v, None))
                .collect(),
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }

    #[oai(path = "/:id", method = "get")]
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
    #[oai(path = "/:id", method = "put")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        body: JsonBody<ChannelBody>,
    ) -> ApiResult<Json<Channel>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        let current = state.alerting.channel_secret(tenant, &id.0).await?;
        let input = to_input(body.0, current)?;
        let view = state.alerting.update_channel(tenant, &id.0, input).await?;
        Ok(Json(to_channel(view, None)))
    }

    /// Delete a channel (tenant admins); its notification log stays.
    #[oai(path = "/:id", method = "delete")]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<NoContent> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        state.alerting.delete_channel(tenant, &id.0).await?;
        Ok(NoContent::Done)
    }

    /// Send a test notification through the channel now (tenant admins) and see how it went.
    /// It is logged like any other, marked `test`.
    #[oai(path = "/:id/test", method = "post")]
    async fn test(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
    ) -> ApiResult<Json<AlertNotification>> {
        let tenant = auth.0.tenant_with(Role::TenantAdmin)?;
        Ok(Json(to_notification(
            state.alerting.test_channel(tenant, &id.0).await?,
        )))
    }

    /// The channel's notifications, newest first.
    #[oai(path = "/:id/notifications", method = "get")]
    async fn notifications(
        &self,
        state: Data<&Arc<AppState>>,
        auth: BearerAuth,
        id: Path<String>,
        page: Query<Option<u32>>,
        /// 1–200, default 20.
        size: Query<Option<u32>>,
    ) -> ApiResult<Json<AlertNotificationList>> {
        let tenant = auth.0.tenant_with(Role::Viewer)?;
        let page = page_request(page.0, size.0)?;
        state.alerting.channel(tenant, &id.0).await?;
        let found = state
            .alerting
            .notification_log(tenant, Some(&id.0), page)
            .await?;
        Ok(Json(AlertNotificationList {
            notifications: found.items.into_iter().map(to_notification).collect(),
            total: found.total,
            page: page.page,
            size: page.size,
        }))
    }
}
