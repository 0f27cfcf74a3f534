//! The Alertmanager webhook payload, version 4, so that whatever consumes Alertmanager's
//! webhooks (incident tools, chat bridges) consumes ours unchanged.

use std::collections::BTreeMap;

use fleet_core::clock::{to_rfc3339, Millis};
use serde_json::{json, Value};

use super::{Notification, NotificationStatus};
use crate::rules::{Alert, AlertState};

/// Alertmanager's "no end" time.
const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// The payload of `notification` for `receiver`, with alerts beyond `max_alerts` left out
/// and counted in `truncatedAlerts` (0: no limit). `external_url` is this service's address.
pub fn payload(
    notification: &Notification,
    receiver: &str,
    external_url: &str,
    max_alerts: usize,
) -> Value {
    let all = &notification.alerts;
    let kept = if max_alerts == 0 {
        all.len()
    } else {
        all.len().min(max_alerts)
    };
    let common = |pick: fn(&Alert) -> &BTreeMap<String, String>| -> BTreeMap<String, String> {
        let Some(first) = all.first() else {
            return BTreeMap::new();
        };
        pick(first)
            .iter()
            .filter(|(k, v)| all.iter().all(|a| pick(a).get(*k) == Some(*v)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    json!({
        "version": "4",
        "groupKey": format!("{{}}:{{{}}}", notification.group_key),
        "truncatedAlerts": all.len() - kept,
        "status": status(notification.status),
        "receiver": receiver,
        "groupLabels": notification.group_labels,
        "commonLabels": common(|a| &a.labels),
        "commonAnnotations": common(|a| &a.annotations),
        "externalURL": external_url,
        "alerts": all[..kept].iter().map(|a| alert(a, external_url)).collect::<Vec<_>>(),
    })
}

fn status(status: NotificationStatus) -> &'static str {
    match status {
        NotificationStatus::Firing => "firing",
        NotificationStatus::Resolved => "resolved",
    }
}

fn alert(a: &Alert, external_url: &str) -> Value {
    let starts_at = match a.state {
        AlertState::Pending { active_at } | AlertState::Firing { active_at, .. } => active_at,
        AlertState::Inactive => a.resolved_at.unwrap_or_default(),
    };
    let time = |ms: Millis| to_rfc3339(ms);
    json!({
        "status": if a.resolved_at.is_some() { "resolved" } else { "firing" },
        "labels": a.labels,
        "annotations": a.annotations,
        "startsAt": time(starts_at),
        "endsAt": a.resolved_at.map_or_else(|| ZERO_TIME.to_owned(), time),
        "generatorURL": format!("{external_url}/api/v1/alerts?rule={}", a.rule),
        "fingerprint": a.fingerprint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(account: &str, resolved_at: Option<Millis>) -> Alert {
        Alert {
            rule: "offline".into(),
            fingerprint: format!("fp-{account}"),
            labels: BTreeMap::from([
                ("alertname".to_owned(), "offline".to_owned()),
                ("account_id".to_owned(), account.to_owned()),
            ]),
            annotations: BTreeMap::from([("runbook".to_owned(), "https://runbook".to_owned())]),
            state: if resolved_at.is_some() {
                AlertState::Inactive
            } else {
                AlertState::Firing {
                    active_at: 1_000,
                    fired_at: 61_000,
                }
            },
            value: Some(400.0),
            resolved_at,
        }
    }

    #[test]
    fn the_payload_has_every_v4_field_with_common_labels_and_truncation() {
        let notification = Notification {
            group_key: "alertname=\"offline\"".into(),
            group_labels: BTreeMap::from([("alertname".to_owned(), "offline".to_owned())]),
            status: NotificationStatus::Firing,
            alerts: vec![
                alert("a1", None),
                alert("a2", None),
                alert("a3", Some(120_000)),
            ],
            channels: &[],
        };
        let p = payload(&notification, "ops-webhook", "https://fleet.example.com", 2);
        for field in [
            "version",
            "groupKey",
            "truncatedAlerts",
            "status",
            "receiver",
            "groupLabels",
            "commonLabels",
            "commonAnnotations",
            "externalURL",
            "alerts",
        ] {
            assert!(p.get(field).is_some(), "{field}");
        }
        assert_eq!(
            (p["version"].as_str(), p["status"].as_str()),
            (Some("4"), Some("firing"))
        );
        assert_eq!(p["groupKey"], "{}:{alertname=\"offline\"}");
        assert_eq!(p["truncatedAlerts"], 1);
        assert_eq!(p["commonLabels"], json!({ "alertname": "offline" }));
        assert_eq!(
            p["commonAnnotations"],
            json!({ "runbook": "https://runbook" })
        );
        let first = &p["alerts"][0];
        assert_eq!(first["startsAt"], "1970-01-01T00:00:01.000Z");
        assert_eq!(first["endsAt"], ZERO_TIME);
        assert_eq!(first["fingerprint"], "fp-a1");
        assert_eq!(p["alerts"].as_array().unwrap().len(), 2);

        let all = payload(&notification, "r", "https://x", 0);
        let resolved = &all["alerts"][2];
        assert_eq!(
            (resolved["status"].as_str(), resolved["endsAt"].as_str()),
            (Some("resolved"), Some("1970-01-01T00:02:00.000Z"))
        );
        assert_eq!(all["truncatedAlerts"], 0);
    }
}
