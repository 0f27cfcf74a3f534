//! What `/api/v1/alerts/channels` takes and answers.

use fleet_alerting::ChannelView;
use fleet_monitor::notify::{ChannelKind, NotificationStatus};
use fleet_store::alerting::notifications::NotificationRecord;
use poem_openapi::{types::Type, Enum, Object};
use serde::Deserialize;
use serde_json::Value;

use super::super::common::stored;
use crate::{
    error::ApiResult,
    types::{Kind, Kinds, OneOf, Timestamp, Variant},
};

#[derive(Debug, Object, Deserialize)]
#[oai(deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct ChannelBody {
    /// 1–100 characters.
    #[oai(validator(min_length = 1, max_length = 100))]
    pub name: String,
    pub kind: ChannelKind,
    /// `email`: the recipients (1–20 addresses).
    #[oai(validator(min_items = 1, max_items = 20))]
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

/// `email`: who receives the alerts.
#[derive(Debug, Object)]
pub struct EmailChannelConfig {
    pub to: Vec<String>,
}

/// `webhook`: where the Alertmanager v4 payload goes, signed the Standard Webhooks way.
#[derive(Debug, Object)]
pub struct WebhookChannelConfig {
    /// The receiver, its query hidden (`?…`).
    pub url: String,
    /// Always masked (`whsec_…`).
    pub secret: String,
}

/// `wecom_robot`: a WeCom group robot.
#[derive(Debug, Object)]
pub struct WecomRobotChannelConfig {
    /// The robot's URL, its key hidden (`?…`).
    pub url: String,
}

/// `kind` decides the shape of `config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelKinds;

impl Kinds for ChannelKinds {
    const TAG: &'static str = "kind";
    const PAYLOAD: &'static str = "config";
    const ANY_PAYLOAD: &'static str = "ChannelConfig";
    const KINDS: &'static [Kind] = &[
        Kind {
            tag: "email",
            prefix: "Email",
            payload: Some(EmailChannelConfig::schema_ref),
            required: true,
            register: EmailChannelConfig::register,
        },
        Kind {
            tag: "webhook",
            prefix: "Webhook",
            payload: Some(WebhookChannelConfig::schema_ref),
            required: true,
            register: WebhookChannelConfig::register,
        },
        Kind {
            tag: "wecom_robot",
            prefix: "WecomRobot",
            payload: Some(WecomRobotChannelConfig::schema_ref),
            required: true,
            register: WecomRobotChannelConfig::register,
        },
    ];
}

/// A channel's fields beside its `kind` and masked `config`.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ChannelFields {
    pub channel_id: String,
    pub name: String,
    pub enabled: bool,
    /// Only when a webhook channel is created without a secret: the one generated. Keep it;
    /// it is not shown again.
    pub signing_secret: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Fields that could not be decrypted with the configured keys (`config`: shown empty;
    /// the channel cannot send until saved again). Absent when everything reads.
    pub unreadable: Option<Vec<String>>,
}

impl Variant for ChannelFields {
    type Kinds = ChannelKinds;
    const UNION: &'static str = "Channel";
    const DESCRIPTION: &'static str = "An alert channel, its secrets masked.";
}

pub type Channel = OneOf<ChannelFields>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum NotificationOutcome {
    /// Queued, or waiting for a retry.
    Pending,
    Sent,
    /// Retries exhausted, or an error retrying cannot fix.
    Failed,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct AlertNotification {
    pub notification_id: String,
    pub channel_id: String,
    pub group_key: String,
    pub status: NotificationStatus,
    pub alert_count: i64,
    pub outcome: NotificationOutcome,
    pub attempts: i64,
    pub next_attempt_at: Option<Timestamp>,
    pub last_error: Option<String>,
    /// What the channel answered.
    pub detail: Option<String>,
    /// Sent by the test action.
    pub test: bool,
    pub created_at: Timestamp,
    pub finished_at: Option<Timestamp>,
}

pub(crate) fn to_notification(n: NotificationRecord) -> ApiResult<AlertNotification> {
    Ok(AlertNotification {
        next_attempt_at: Timestamp::opt(n.next_attempt_at.filter(|_| n.outcome == "pending")),
        status: stored(&n.status)?,
        outcome: stored(&n.outcome)?,
        notification_id: n.id,
        channel_id: n.channel_id,
        group_key: n.group_key,
        alert_count: n.alert_count,
        attempts: n.attempts,
        last_error: n.last_error,
        detail: n.detail,
        test: n.is_test == 1,
        created_at: Timestamp(n.created_at),
        finished_at: Timestamp::opt(n.finished_at),
    })
}

pub(crate) fn to_channel(v: ChannelView, signing_secret: Option<String>) -> Channel {
    // The masked config names its kind too; the answer carries it once, beside `config`.
    let config = match v.config {
        Value::Object(mut map) => {
            map.remove("kind");
            Value::Object(map)
        }
        other => other,
    };
    let fields = ChannelFields {
        channel_id: v.id,
        name: v.name,
        enabled: v.enabled,
        signing_secret,
        created_at: Timestamp(v.created_at),
        updated_at: Timestamp(v.updated_at),
        unreadable: v.unreadable.then(|| vec!["config".to_owned()]),
    };
    OneOf::new(fields, v.kind, Some(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_kind_has_its_config_schema() {
        let tags: Vec<&str> = ChannelKinds::KINDS.iter().map(|k| k.tag).collect();
        let kinds: Vec<&str> = ChannelKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(tags, kinds);
    }
}
