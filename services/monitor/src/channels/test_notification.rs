//! The synthetic alert behind "send test notification": it goes through the same templates
//! and payload as a real one, so what the tenant sees is what a real alert will look like.

use std::collections::BTreeMap;

use fleet_core::clock::Millis;

use crate::notify::{ChannelKind, Notification, NotificationStatus};
use crate::rules::{fingerprint, Alert, AlertState};

pub const TEST_ALERT_NAME: &str = "TestNotification";

/// A firing notification with one info alert, `TestNotification`, for `tenant`.
pub fn test_notification(now: Millis, tenant: &str) -> Notification {
    let labels = BTreeMap::from([
        ("alertname".to_owned(), TEST_ALERT_NAME.to_owned()),
        ("severity".to_owned(), "info".to_owned()),
        ("tenant".to_owned(), tenant.to_owned()),
    ]);
    let annotations = BTreeMap::from([
        (
            "summary".to_owned(),
            "Test notification from WeCom Fleet".to_owned(),
        ),
        (
            "description".to_owned(),
            format!(
                "This is a test sent on request for tenant {tenant}: the channel works. \
                 No action is needed."
            ),
        ),
    ]);
    Notification {
        group_key: format!("alertname={TEST_ALERT_NAME:?}"),
        group_labels: BTreeMap::from([("alertname".to_owned(), TEST_ALERT_NAME.to_owned())]),
        status: NotificationStatus::Firing,
        alerts: vec![Alert {
            rule: TEST_ALERT_NAME.to_owned(),
            fingerprint: fingerprint(&labels),
            labels,
            annotations,
            state: AlertState::Firing {
                active_at: now,
                fired_at: now,
            },
            value: None,
            resolved_at: None,
        }],
        // Sent to whichever channel the tenant is testing.
        channels: &[
            ChannelKind::Email,
            ChannelKind::Webhook,
            ChannelKind::WecomRobot,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_test_notification_fires_one_info_alert_that_says_it_is_a_test() {
        let notification = test_notification(1_000, "acme");
        assert_eq!(notification.status, NotificationStatus::Firing);
        let [alert] = notification.alerts.as_slice() else {
            panic!("one alert");
        };
        assert_eq!(alert.labels["alertname"], "TestNotification");
        assert_eq!(alert.labels["severity"], "info");
        assert!(alert.annotations["description"].contains("test"));
        assert_eq!(
            alert.state,
            AlertState::Firing {
                active_at: 1_000,
                fired_at: 1_000
            }
        );
    }
}
