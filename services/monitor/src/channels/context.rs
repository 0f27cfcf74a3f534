//! What the templates see. It is read out of the Alertmanager v4 payload, so an email, a
//! WeCom message and a webhook always agree on the common labels, the times and the links;
//! fields are renamed to snake_case and readable times and values are added.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ChannelError;
use crate::notify::{alertmanager, Notification};

type Labels = BTreeMap<String, String>;

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all(deserialize = "camelCase"))]
pub(super) struct TemplateContext {
    /// `firing` or `resolved`.
    pub status: String,
    pub group_labels: Labels,
    pub common_labels: Labels,
    pub common_annotations: Labels,
    #[serde(rename(deserialize = "externalURL"))]
    pub external_url: String,
    pub alerts: Vec<AlertContext>,
    /// The group label values, `AccountOffline` (`alerts` when the group has none).
    #[serde(skip_deserializing)]
    pub title: String,
    #[serde(skip_deserializing)]
    pub tenant_name: String,
    #[serde(skip_deserializing)]
    pub firing_count: usize,
    #[serde(skip_deserializing)]
    pub resolved_count: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all(deserialize = "camelCase"))]
pub(super) struct AlertContext {
    pub status: String,
    pub labels: Labels,
    pub annotations: Labels,
    /// RFC 3339.
    pub starts_at: String,
    /// RFC 3339; none while firing.
    pub ends_at: Option<String>,
    #[serde(rename(deserialize = "generatorURL"))]
    pub generator_url: String,
    pub fingerprint: String,
    /// `2026-12-01 15:00:00 UTC`.
    #[serde(skip_deserializing)]
    pub starts_at_text: String,
    #[serde(skip_deserializing)]
    pub ends_at_text: Option<String>,
    /// The aggregate that crossed the threshold, as text; none without data.
    #[serde(skip_deserializing)]
    pub value: Option<String>,
}

impl TemplateContext {
    pub fn new(
        notification: &Notification,
        tenant_name: &str,
        external_url: &str,
    ) -> Result<Self, ChannelError> {
        // Every alert: a template may cut the list itself; the WeCom message is truncated.
        let payload = alertmanager::payload(notification, "", external_url, 0);
        let mut context: Self = serde_json::from_value(payload)
            .map_err(|e| ChannelError::permanent(format!("template context: {e}")))?;
        context.tenant_name = tenant_name.to_owned();
        context.title = title(&context.group_labels);
        for (view, alert) in context.alerts.iter_mut().zip(&notification.alerts) {
            if view.status == "firing" {
                view.ends_at = None;
            }
            view.starts_at_text = readable(&view.starts_at);
            view.ends_at_text = view.ends_at.as_deref().map(readable);
            view.value = alert.value.map(|v| v.to_string());
        }
        context.firing_count = context
            .alerts
            .iter()
            .filter(|a| a.status == "firing")
            .count();
        context.resolved_count = context.alerts.len() - context.firing_count;
        Ok(context)
    }
}

fn title(group_labels: &Labels) -> String {
    if group_labels.is_empty() {
        return "alerts".to_owned();
    }
    let values: Vec<&str> = group_labels.values().map(String::as_str).collect();
    values.join(" ")
}

fn readable(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map_or_else(
        |_| rfc3339.to_owned(),
        |t| t.to_utc().format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channels::test_notification;

    #[test]
    fn the_context_has_snake_case_fields_readable_times_and_counts() {
        let notification = test_notification(1_796_137_200_000, "acme");
        let context =
            TemplateContext::new(&notification, "acme", "https://fleet.example.com").unwrap();
        assert_eq!(context.status, "firing");
        assert_eq!((context.firing_count, context.resolved_count), (1, 0));
        assert_eq!(context.external_url, "https://fleet.example.com");
        assert_eq!(context.title, "TestNotification");
        let alert = &context.alerts[0];
        assert_eq!(alert.starts_at, "2026-12-01T15:00:00.000Z");
        assert_eq!(alert.starts_at_text, "2026-12-01 15:00:00 UTC");
        assert_eq!(alert.ends_at, None);
        assert_eq!(alert.labels["alertname"], "TestNotification");
    }
}
