//! Alert email over SMTP: multipart/alternative with a plain-text and an HTML part, and a
//! subject in the manner of Alertmanager's default, `[FIRING:2] AccountOffline (tenant acme)`.

use std::time::Duration;

use lettre::{
    message::{Mailbox, MultiPart},
    transport::smtp::{authentication::Credentials, Error as SmtpError},
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use serde::{Deserialize, Serialize};

use super::{
    config::recipient,
    context::TemplateContext,
    error::with_sources,
    templates::{Templates, ALERT_HTML, ALERT_TEXT},
    ChannelError, Delivered, SetupError,
};

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// Plain SMTP, for a relay on the same host or network only.
    None,
    /// Upgrade with STARTTLS (usually port 587); refuses a server that cannot.
    #[serde(rename = "starttls")]
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// Authenticates when set.
    pub username: Option<String>,
    pub password: Option<String>,
    /// The sender, e.g. `WeCom Fleet <alerts@example.com>`.
    pub from: String,
    /// For connecting and for each SMTP command.
    pub timeout: Duration,
}

/// The password stays out of logs.
impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .field("timeout", &self.timeout)
            .finish()
    }
}

pub(super) struct EmailSender {
    /// Pooled: connections are reused across notifications.
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl EmailSender {
    /// Must run inside a Tokio runtime: the connection pool starts its cleanup task.
    pub fn new(settings: &SmtpSettings) -> Result<Self, SetupError> {
        let from = settings.from.parse::<Mailbox>().map_err(|e| {
            SetupError(format!(
                "smtp.from {:?} is not a mailbox: {e}",
                settings.from
            ))
        })?;
        type Transport = AsyncSmtpTransport<Tokio1Executor>;
        let builder = match settings.security {
            SmtpSecurity::None => Ok(Transport::builder_dangerous(&settings.host)),
            SmtpSecurity::StartTls => Transport::starttls_relay(&settings.host),
            SmtpSecurity::Tls => Transport::relay(&settings.host),
        }
        .map_err(|e| SetupError(format!("smtp.host: {}", with_sources(&e))))?;
        let mut builder = builder.port(settings.port).timeout(Some(settings.timeout));
        if let Some(username) = &settings.username {
            let password = settings.password.clone().unwrap_or_default();
            builder = builder.credentials(Credentials::new(username.clone(), password));
        }
        Ok(Self {
            transport: builder.build(),
            from,
        })
    }

    /// Sends the rendered alert to `to`. `notification_id` becomes the Message-ID, so a
    /// retried send is recognisable as the same message.
    pub async fn send(
        &self,
        to: &[String],
        context: &TemplateContext,
        templates: &Templates,
        notification_id: &str,
    ) -> Result<Delivered, ChannelError> {
        let text = templates.render(ALERT_TEXT, context)?;
        let html = templates.render(ALERT_HTML, context)?;
        let mut message = Message::builder()
            .from(self.from.clone())
            .subject(subject(context))
            .message_id(Some(format!(
                "<{notification_id}@{}>",
                self.from.email.domain()
            )));
        for address in to {
            let address = recipient(address).map_err(|e| ChannelError::permanent(e.message))?;
            message = message.to(Mailbox::new(None, address));
        }
        let message = message
            .multipart(MultiPart::alternative_plain_html(text, html))
            .map_err(|e| ChannelError::permanent(format!("email: {e}")))?;
        let response = self.transport.send(message).await.map_err(classify)?;
        let reply: Vec<&str> = response.message().collect();
        Ok(Delivered {
            detail: format!("SMTP {} {}", response.code(), reply.join(" ")),
        })
    }
}

/// A permanent reply (5xx) or a message we could not form will fail the same way again;
/// a transient reply (4xx), a refused or broken connection, a timeout or TLS trouble may not.
fn classify(error: SmtpError) -> ChannelError {
    let message = format!("SMTP: {}", with_sources(&error));
    if error.is_permanent() || error.is_client() {
        ChannelError::permanent(message)
    } else {
        ChannelError::retryable(message)
    }
}

/// `[FIRING:2] AccountOffline (tenant acme)`, `[RESOLVED] AccountOffline (tenant acme)`.
fn subject(context: &TemplateContext) -> String {
    let status = match context.status.as_str() {
        "firing" => format!("FIRING:{}", context.firing_count),
        other => other.to_uppercase(),
    };
    let subject = format!(
        "[{status}] {} (tenant {})",
        context.title, context.tenant_name
    );
    // A label value must not start a new header line.
    subject.replace(char::is_control, " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        channels::test_notification,
        notify::{Notification, NotificationStatus},
    };

    #[test]
    fn subjects_follow_alertmanager() {
        fn context(notification: &Notification) -> TemplateContext {
            TemplateContext::new(notification, "acme", "https://x").unwrap()
        }
        let mut notification = test_notification(0, "acme");
        assert_eq!(
            subject(&context(&notification)),
            "[FIRING:1] TestNotification (tenant acme)"
        );
        notification.status = NotificationStatus::Resolved;
        notification.alerts[0].resolved_at = Some(1);
        notification
            .group_labels
            .insert("zone".into(), "a\nBcc: x@y.z".into());
        assert_eq!(
            subject(&context(&notification)),
            "[RESOLVED] TestNotification a Bcc: x@y.z (tenant acme)"
        );
    }

    #[test]
    fn security_reads_as_in_the_configuration() {
        let read = |text: &str| serde_json::from_str::<SmtpSecurity>(text).unwrap();
        assert_eq!(read(r#""starttls""#), SmtpSecurity::StartTls);
        assert_eq!(read(r#""tls""#), SmtpSecurity::Tls);
        assert_eq!(read(r#""none""#), SmtpSecurity::None);
    }

    #[test]
    fn the_password_is_not_in_debug_output() {
        let settings = SmtpSettings {
            host: "smtp.example.com".into(),
            port: 587,
            security: SmtpSecurity::StartTls,
            username: Some("alerts".into()),
            password: Some("hunter2".into()),
            from: "alerts@example.com".into(),
            timeout: Duration::from_secs(10),
        };
        assert!(!format!("{settings:?}").contains("hunter2"));
    }
}
