//! The channels that reach people: email (SMTP, HTML and plain text), webhooks
//! (Alertmanager v4 payload, Standard Webhooks signature) and WeCom group robots (markdown).
//! A tenant's channel is a [`ChannelConfig`]; [`Channels`] sends a notification to one and
//! says whether a failure is worth retrying. The caller owns retries, the SSRF policy (in
//! the `reqwest::Client` it passes) and the storage of configs.

mod config;
mod context;
mod email;
mod error;
mod http;
mod templates;
mod test_notification;
mod webhook;
mod wecom_robot;

use std::path::PathBuf;

pub use config::{ChannelConfig, MAX_RECIPIENTS};
pub use email::{SmtpSecurity, SmtpSettings};
pub use error::{ChannelError, SetupError};
pub use test_notification::{test_notification, TEST_ALERT_NAME};
pub use wecom_robot::CONTENT_LIMIT as WECOM_CONTENT_LIMIT;

use context::TemplateContext;
use email::EmailSender;
use templates::{Templates, WECOM_ROBOT};

use crate::notify::Notification;

#[derive(Debug, Clone)]
pub struct ChannelSettings {
    /// None: email channels fail (permanently) until SMTP is configured.
    pub smtp: Option<SmtpSettings>,
    /// Overrides the shipped templates file by file (`alert.txt.j2`, `alert.html.j2`,
    /// `wecom_robot.md.j2`).
    pub templates_dir: Option<PathBuf>,
    /// This service's address, for links in messages and the payload's `externalURL`.
    pub external_url: String,
}

/// Who a send is for, beyond the channel itself.
#[derive(Debug, Clone)]
pub struct SendContext {
    /// Stable across retries of one notification to one channel: the webhook's
    /// `webhook-id` and the email's Message-ID.
    pub notification_id: String,
    pub tenant_name: String,
    /// The channel's name (the payload's `receiver`).
    pub receiver: String,
}

/// What the peer said when it took the notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub detail: String,
}

pub struct Channels {
    http: reqwest::Client,
    email: Option<EmailSender>,
    templates: Templates,
    external_url: String,
}

impl Channels {
    /// Checks the SMTP sender and the templates. Must run inside a Tokio runtime (the SMTP
    /// connection pool starts a task). `http` should refuse private addresses, not follow
    /// redirects and time out.
    pub fn new(settings: ChannelSettings, http: reqwest::Client) -> Result<Self, SetupError> {
        Ok(Self {
            http,
            email: settings.smtp.as_ref().map(EmailSender::new).transpose()?,
            templates: Templates::new(settings.templates_dir)?,
            external_url: settings.external_url,
        })
    }

    pub async fn send(
        &self,
        config: &ChannelConfig,
        notification: &Notification,
        context: &SendContext,
    ) -> Result<Delivered, ChannelError> {
        match config {
            ChannelConfig::Email { to } => {
                let sender = self.email.as_ref().ok_or_else(|| {
                    ChannelError::permanent(
                        "email channels need SMTP settings, and none are configured",
                    )
                })?;
                let view = self.template_context(notification, context)?;
                sender
                    .send(to, &view, &self.templates, &context.notification_id)
                    .await
            }
            ChannelConfig::Webhook { url, secret } => {
                webhook::send(
                    &self.http,
                    url,
                    secret,
                    notification,
                    context,
                    &self.external_url,
                )
                .await
            }
            ChannelConfig::WecomRobot { url } => {
                let view = self.template_context(notification, context)?;
                let markdown = self.templates.render(WECOM_ROBOT, &view)?;
                wecom_robot::send(&self.http, url, &markdown).await
            }
        }
    }

    fn template_context(
        &self,
        notification: &Notification,
        context: &SendContext,
    ) -> Result<TemplateContext, ChannelError> {
        TemplateContext::new(notification, &context.tenant_name, &self.external_url)
    }
}
