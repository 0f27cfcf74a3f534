//! Metrics recorded as things happen. Domain events are turned into points where they are
//! published (an [`EventObserver`], so each counts once in the fleet):
//! - `login_success` {tenant, account}: 1 when a login ends online, 0 when it ends otherwise;
//! - `message_failed` {tenant, account}: 1 per failed send, 0 per sent message;
//! - `message_send_ms` {tenant, account, outcome}: from due to sent or failed.
//!
//! (The API records its requests, and the callback registry its delays, through
//! `core::metric_sink::MetricSink`.)

use fleet_core::events::{DomainEvent, EventObserver};
use fleet_monitor::metrics::{MetricWriter, Point};
use serde_json::Value;

pub struct EventMetrics {
    writer: MetricWriter,
}

impl EventMetrics {
    pub fn new(writer: MetricWriter) -> Self {
        Self { writer }
    }
}

impl EventObserver for EventMetrics {
    fn observe(&self, event: &DomainEvent) {
        for point in points_of(event) {
            self.writer.record(point);
        }
    }
}

fn text<'a>(data: &'a Value, key: &str) -> &'a str {
    data.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The points an event stands for (none for most events).
pub(crate) fn points_of(event: &DomainEvent) -> Vec<Point> {
    let data = &event.data;
    let at = event.occurred_at;
    let tagged = |name: &str, value: f64, account: &str| {
        Point::metric(name, value, at)
            .tag("tenant", &event.tenant_id)
            .tag("account", account)
    };
    match event.kind.as_str() {
        "account.status_changed" => {
            let (old, new) = (text(data, "old_status"), text(data, "new_status"));
            let account = text(data, "account_id");
            let outcome = match (old, new) {
                ("qr_wait" | "created", "online") => Some(1.0),
                ("qr_wait", "offline" | "created") => Some(0.0),
                _ => None,
            };
            outcome
                .map(|v| tagged("login_success", v, account))
                .into_iter()
                .collect()
        }
        "message.status_changed" => {
            let (old, new) = (text(data, "old_status"), text(data, "new_status"));
            let account = text(data, "account_id");
            let failed = match (old, new) {
                (_, "sent") => Some(0.0),
                ("sent", "failed") => None,
                (_, "failed") => Some(1.0),
                _ => None,
            };
            let mut points: Vec<Point> = failed
                .map(|v| tagged("message_failed", v, account))
                .into_iter()
                .collect();
            if let Some(latency) = data.get("send_latency_ms").and_then(Value::as_i64) {
                points.push(tagged("message_send_ms", latency as f64, account).tag("outcome", new));
            }
            points
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(kind: &str, data: Value) -> DomainEvent {
        DomainEvent::new(kind, "t1", "s1", data)
    }

    fn summary(points: &[Point]) -> Vec<String> {
        points
            .iter()
            .map(|p| {
                let value = match p.fields.get("value") {
                    Some(fleet_monitor::metrics::Field::Float(v)) => *v,
                    _ => f64::NAN,
                };
                format!("{}={value} {:?}", p.measurement, p.tags)
            })
            .collect()
    }

    #[test]
    fn logins_count_as_successes_and_failures_and_other_changes_not_at_all() {
        let login = |old: &str, new: &str| {
            summary(&points_of(&event(
                "account.status_changed",
                json!({"account_id": "a1", "old_status": old, "new_status": new}),
            )))
        };
        assert_eq!(
            login("qr_wait", "online"),
            [r#"login_success=1 {"account": "a1", "tenant": "t1"}"#]
        );
        assert_eq!(
            login("qr_wait", "offline"),
            [r#"login_success=0 {"account": "a1", "tenant": "t1"}"#]
        );
        assert!(login("online", "recovering").is_empty());
        assert!(login("created", "qr_wait").is_empty());
    }

    #[test]
    fn sends_count_once_with_their_latency_and_a_late_failure_report_does_not_count_twice() {
        let change = |old: &str, new: &str, latency: Option<i64>| {
            summary(&points_of(&event(
                "message.status_changed",
                json!({"account_id": "a1", "old_status": old, "new_status": new, "send_latency_ms": latency}),
            )))
        };
        assert_eq!(
            change("sending", "sent", Some(120)),
            [
                r#"message_failed=0 {"account": "a1", "tenant": "t1"}"#,
                r#"message_send_ms=120 {"account": "a1", "outcome": "sent", "tenant": "t1"}"#
            ]
        );
        assert_eq!(
            change("pending", "failed", None),
            [r#"message_failed=1 {"account": "a1", "tenant": "t1"}"#]
        );
        assert!(change("sent", "failed", None).is_empty());
        assert!(change("pending", "sending", None).is_empty());
    }
}
