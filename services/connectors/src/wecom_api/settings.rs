//! An account's connector settings: which corp app it is and the app's secret.

use std::fmt;

use fleet_core::ValidationError;
use serde_json::{Map, Value};

const CORP_ID: &str = "connector_settings.corp_id";
const AGENT_ID: &str = "connector_settings.agent_id";
const SECRET: &str = "connector_settings.secret";
const KNOWN_KEYS: [&str; 3] = ["corp_id", "agent_id", "secret"];

/// The credentials of one corp app. `Debug` hides the secret so that the credentials can sit
/// in structs that get logged.
#[derive(Clone, PartialEq, Eq)]
pub struct AppCredentials {
    corp_id: String,
    agent_id: i64,
    secret: String,
}

impl AppCredentials {
    pub fn new(
        corp_id: impl Into<String>,
        agent_id: i64,
        secret: impl Into<String>,
    ) -> Result<Self, ValidationError> {
        let corp_id = corp_id.into();
        let secret = secret.into();
        check_text(CORP_ID, &corp_id, 64)?;
        if corp_id.chars().any(char::is_whitespace) {
            return Err(ValidationError::new(CORP_ID, "must not contain spaces"));
        }
        if agent_id <= 0 {
            return Err(ValidationError::new(AGENT_ID, "must be a positive integer"));
        }
        check_text(SECRET, &secret, 256)?;
        Ok(Self {
            corp_id,
            agent_id,
            secret,
        })
    }

    /// Reads `{"corp_id": .., "agent_id": .., "secret": ..}`. Unknown keys are refused: a
    /// misspelt key would otherwise be stored and silently ignored.
    pub fn from_settings(settings: &Value) -> Result<Self, ValidationError> {
        let Some(map) = settings.as_object() else {
            return Err(ValidationError::new(
                "connector_settings",
                "must be an object with corp_id, agent_id and secret",
            ));
        };
        if let Some(unknown) = map.keys().find(|k| !KNOWN_KEYS.contains(&k.as_str())) {
            return Err(ValidationError::new(
                "connector_settings",
                format!("unknown key `{unknown}`; expected corp_id, agent_id and secret"),
            ));
        }
        let corp_id = string_field(map, "corp_id", CORP_ID)?;
        let agent_id = match map.get("agent_id") {
            None => return Err(ValidationError::new(AGENT_ID, "is required")),
            Some(value) => value
                .as_i64()
                .ok_or_else(|| ValidationError::new(AGENT_ID, "must be an integer"))?,
        };
        let secret = string_field(map, "secret", SECRET)?;
        Self::new(corp_id, agent_id, secret)
    }

    pub fn corp_id(&self) -> &str {
        &self.corp_id
    }

    pub fn agent_id(&self) -> i64 {
        self.agent_id
    }

    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The connector's instance id for this app.
    pub fn instance_id(&self) -> String {
        format!("{}:{}", self.corp_id, self.agent_id)
    }
}

impl fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppCredentials")
            .field("corp_id", &self.corp_id)
            .field("agent_id", &self.agent_id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

fn string_field<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    field: &'static str,
) -> Result<&'a str, ValidationError> {
    match map.get(key) {
        None => Err(ValidationError::new(field, "is required")),
        Some(value) => value
            .as_str()
            .ok_or_else(|| ValidationError::new(field, "must be a string")),
    }
}

fn check_text(field: &'static str, value: &str, max: usize) -> Result<(), ValidationError> {
    let len = value.chars().count();
    if len == 0 || len > max {
        return Err(ValidationError::new(
            field,
            format!("must be between 1 and {max} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(ValidationError::new(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn field_of(settings: Value) -> &'static str {
        AppCredentials::from_settings(&settings).unwrap_err().field
    }

    #[test]
    fn good_settings_make_credentials_and_an_instance_id() {
        let app = AppCredentials::from_settings(
            &json!({"corp_id": "ww0123", "agent_id": 1000002, "secret": "s3cret"}),
        )
        .unwrap();
        assert_eq!(
            (app.corp_id(), app.agent_id(), app.secret()),
            ("ww0123", 1000002, "s3cret")
        );
        assert_eq!(app.instance_id(), "ww0123:1000002");
    }

    #[test]
    fn each_bad_key_is_named() {
        let good = json!({"corp_id": "ww1", "agent_id": 1, "secret": "s"});
        let with = |key: &str, value: Value| {
            let mut settings = good.clone();
            settings[key] = value;
            settings
        };
        let without = |key: &str| {
            let mut settings = good.clone();
            settings.as_object_mut().unwrap().remove(key);
            settings
        };
        assert_eq!(field_of(without("corp_id")), CORP_ID);
        assert_eq!(field_of(with("corp_id", json!(""))), CORP_ID);
        assert_eq!(field_of(with("corp_id", json!("a".repeat(65)))), CORP_ID);
        assert_eq!(field_of(with("corp_id", json!("ww 1"))), CORP_ID);
        assert_eq!(field_of(with("corp_id", json!(7))), CORP_ID);
        assert_eq!(field_of(without("agent_id")), AGENT_ID);
        assert_eq!(field_of(with("agent_id", json!("1000002"))), AGENT_ID);
        assert_eq!(field_of(with("agent_id", json!(1.5))), AGENT_ID);
        assert_eq!(field_of(with("agent_id", json!(0))), AGENT_ID);
        assert_eq!(field_of(without("secret")), SECRET);
        assert_eq!(field_of(with("secret", json!("x".repeat(257)))), SECRET);
        assert_eq!(field_of(with("secret", json!("a\nb"))), SECRET);
        assert!(AppCredentials::from_settings(&with("secret", json!("x".repeat(256)))).is_ok());
    }

    #[test]
    fn unknown_keys_and_non_objects_are_refused() {
        let err = AppCredentials::from_settings(
            &json!({"corp_id": "ww1", "agent_id": 1, "secret": "s", "corpid": "ww1"}),
        )
        .unwrap_err();
        assert_eq!(err.field, "connector_settings");
        assert!(err.message.contains("`corpid`"), "{}", err.message);
        assert_eq!(field_of(Value::Null), "connector_settings");
    }

    #[test]
    fn debug_hides_the_secret() {
        let app = AppCredentials::new("ww1", 1, "top-secret-value").unwrap();
        assert!(!format!("{app:?}").contains("top-secret-value"));
    }
}
