//! The event types an endpoint can subscribe to.

use fleet_core::ValidationError;

pub const EVENT_TYPES: [&str; 7] = [
    "account.status_changed",
    "message.status_changed",
    "message.received",
    "contact.added",
    "contact.removed",
    "group.member_joined",
    "group.member_left",
];

/// Checks a subscription list: known types, no repeats. Empty means every type.
pub fn parse(types: Vec<String>) -> Result<Vec<String>, ValidationError> {
    let mut seen: Vec<String> = Vec::with_capacity(types.len());
    for t in types {
        if !EVENT_TYPES.contains(&t.as_str()) {
            return Err(ValidationError::new(
                "event_types",
                format!(
                    "unknown event type `{t}`: must be among {}",
                    EVENT_TYPES.join(", ")
                ),
            ));
        }
        if !seen.contains(&t) {
            seen.push(t);
        }
    }
    Ok(seen)
}

/// Whether an endpoint subscribed to `subscribed` (a JSON array) wants `event_type`.
pub fn wants(subscribed: &[String], event_type: &str) -> bool {
    subscribed.is_empty() || subscribed.iter().any(|t| t == event_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_types_pass_once_and_unknown_ones_are_named() {
        let parsed = parse(vec!["message.received".into(), "message.received".into()]);
        assert_eq!(parsed.unwrap(), ["message.received"]);
        let err = parse(vec!["message.recieved".into()]).unwrap_err();
        assert!(err.message.contains("`message.recieved`"));
        assert!(wants(&[], "contact.added"));
        assert!(!wants(&["contact.removed".into()], "contact.added"));
    }
}
