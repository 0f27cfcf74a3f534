//! A tenant's notification channel as stored (encrypted JSON) and validated on the way in.

use fleet_core::{email::Email, webhook_signature::WebhookSecret, ValidationError};
use lettre::Address;
use serde::{Deserialize, Serialize};

use crate::notify::ChannelKind;

/// Where one channel delivers. Serialized as `{"kind": "email", "to": [...]}`,
/// `{"kind": "webhook", "url": ..., "secret": "whsec_..."}` or
/// `{"kind": "wecom_robot", "url": ...}`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChannelConfig {
    Email {
        to: Vec<String>,
    },
    /// Alertmanager v4 JSON, signed the Standard Webhooks way with `secret`.
    Webhook {
        url: String,
        secret: String,
    },
    /// A WeCom group robot, e.g. `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...`.
    WecomRobot {
        url: String,
    },
}

/// More would make an alert email a mailing list.
pub const MAX_RECIPIENTS: usize = 20;

impl ChannelConfig {
    pub fn kind(&self) -> ChannelKind {
        match self {
            ChannelConfig::Email { .. } => ChannelKind::Email,
            ChannelConfig::Webhook { .. } => ChannelKind::Webhook,
            ChannelConfig::WecomRobot { .. } => ChannelKind::WecomRobot,
        }
    }

    /// Checks the shape only; whether a URL's host may be reached is the caller's SSRF
    /// policy, applied by the HTTP client it gives the channels.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self {
            ChannelConfig::Email { to } => {
                if to.is_empty() || to.len() > MAX_RECIPIENTS {
                    return Err(ValidationError::new(
                        "to",
                        format!("must list 1 to {MAX_RECIPIENTS} email addresses"),
                    ));
                }
                to.iter()
                    .try_for_each(|address| recipient(address).map(drop))
            }
            ChannelConfig::Webhook { url, secret } => {
                http_url(url)?;
                WebhookSecret::parse(secret)
                    .map(drop)
                    .map_err(|e| ValidationError::new("secret", e.to_string()))
            }
            ChannelConfig::WecomRobot { url } => http_url(url),
        }
    }
}

/// The secret stays out of logs.
impl std::fmt::Debug for ChannelConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChannelConfig::Email { to } => f.debug_struct("Email").field("to", to).finish(),
            ChannelConfig::Webhook { url, .. } => f
                .debug_struct("Webhook")
                .field("url", url)
                .field("secret", &"***")
                .finish(),
            ChannelConfig::WecomRobot { url } => {
                f.debug_struct("WecomRobot").field("url", url).finish()
            }
        }
    }
}

/// An address both our rule (`Email`) and the mail transport accept.
pub(super) fn recipient(address: &str) -> Result<Address, ValidationError> {
    let invalid = || ValidationError::new("to", format!("{address:?} is not an email address"));
    let email = Email::parse(address).map_err(|_| invalid())?;
    email.as_str().parse::<Address>().map_err(|_| invalid())
}

fn http_url(text: &str) -> Result<(), ValidationError> {
    let url = url::Url::parse(text)
        .map_err(|e| ValidationError::new("url", format!("is not a URL: {e}")))?;
    let web = matches!(url.scheme(), "http" | "https") && url.host_str().is_some();
    if web {
        Ok(())
    } else {
        Err(ValidationError::new("url", "must be an http(s) URL"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configs_are_tagged_by_kind_in_json() {
        let json = r#"{"kind":"wecom_robot","url":"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}"#;
        let config: ChannelConfig = serde_json::from_str(json).unwrap();
        assert_eq!(config.kind(), ChannelKind::WecomRobot);
        assert_eq!(serde_json::to_string(&config).unwrap(), json);
        let email: ChannelConfig =
            serde_json::from_str(r#"{"kind":"email","to":["ops@example.com"]}"#).unwrap();
        assert_eq!(email.kind(), ChannelKind::Email);
        assert_eq!(email.validate(), Ok(()));
    }

    #[test]
    fn bad_addresses_urls_and_secrets_are_refused_by_field() {
        let field = |config: ChannelConfig| config.validate().unwrap_err().field;
        let emails = |to: Vec<&str>| ChannelConfig::Email {
            to: to.into_iter().map(String::from).collect(),
        };
        assert_eq!(field(emails(vec![])), "to");
        assert_eq!(
            field(emails(vec!["ops@example.com", "not-an-address"])),
            "to"
        );
        assert_eq!(field(emails(vec!["ops@example.com"; 21])), "to");
        assert_eq!(emails(vec!["ops@example.com"; 20]).validate(), Ok(()));

        let webhook = |url: &str, secret: &str| ChannelConfig::Webhook {
            url: url.into(),
            secret: secret.into(),
        };
        let secret = WebhookSecret::generate();
        assert_eq!(
            webhook("https://hooks.example.com/a", &secret).validate(),
            Ok(())
        );
        assert_eq!(field(webhook("ftp://example.com/a", &secret)), "url");
        assert_eq!(field(webhook("not a url", &secret)), "url");
        assert_eq!(
            field(webhook("https://hooks.example.com/a", "whsec_!!")),
            "secret"
        );
        let robot = ChannelConfig::WecomRobot {
            url: "file:///etc/passwd".into(),
        };
        assert_eq!(field(robot), "url");
    }

    #[test]
    fn the_secret_is_not_in_debug_output() {
        let secret = WebhookSecret::generate();
        let config = ChannelConfig::Webhook {
            url: "https://hooks.example.com".into(),
            secret: secret.clone(),
        };
        assert!(!format!("{config:?}").contains(&secret));
    }
}
