use poem_openapi::{ApiResponse, Tags};

use crate::error::ApiError;

#[derive(Tags)]
pub enum ApiTags {
    /// Liveness and readiness.
    Health,
    /// Sign-in, token refresh, sign-out.
    Auth,
    /// Tenants (platform admins) and the caller's own tenant.
    Tenants,
    /// A tenant's users (tenant admins).
    Users,
    /// API keys for SDK clients (tenant admins).
    ApiKeys,
    /// Who did what.
    Audit,
    /// WeCom accounts: lifecycle, QR login, status, history.
    Accounts,
    /// Driving simulated accounts (demo and tests only).
    Simulator,
    /// Message templates: content with variables, versions, fallbacks.
    Templates,
    /// Sending messages, their status, batches and quota usage.
    Messages,
    /// How fast accounts send: pacing profiles for the tenant and each account.
    Pacing,
    /// Inbound callbacks (WeCom and providers) as stored: listing and replay.
    Callbacks,
    /// Outbound webhooks to the tenant's endpoints: endpoints, secrets, the delivery log.
    Webhooks,
    /// The tenant's events, live (Server-Sent Events).
    Events,
    /// Alerts: active and past alerts, quiet hours, the notification log.
    Alerts,
    /// Alert rules: the tenant's own and the rule files' (read-only).
    AlertRules,
    /// Silences: label matchers that hold alerts' notifications back for a while.
    AlertSilences,
    /// Where alert notifications go: email, webhook, WeCom group robot.
    AlertChannels,
    /// Metrics of accounts and messages, and the service's health.
    Monitor,
}

/// `204 No Content`.
#[derive(ApiResponse)]
pub enum NoContent {
    #[oai(status = 204)]
    Done,
}

/// A closed-set value read back from a row (a status, a role, a kind) as its API enum. A value
/// the enum does not know means the row and the code disagree: an internal error.
pub fn stored<T: poem_openapi::types::ParseFromJSON>(value: &str) -> Result<T, ApiError> {
    T::parse_from_json(Some(serde_json::Value::String(value.to_owned()))).map_err(|_| {
        ApiError::internal(format!(
            "stored value `{value}` is not a known {}",
            T::name()
        ))
    })
}

/// The wire name of an API enum value, e.g. to filter rows by it.
pub fn enum_name<T: poem_openapi::types::ToJSON>(value: &T) -> String {
    match value.to_json() {
        Some(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// As [`stored`], with `fallback` for a value the enum does not know (where showing something
/// beats failing the whole answer).
pub fn stored_or<T: poem_openapi::types::ParseFromJSON>(value: &str, fallback: T) -> T {
    T::parse_from_json(Some(serde_json::Value::String(value.to_owned()))).unwrap_or(fallback)
}

/// Parses a path id; a malformed one is simply not found.
pub fn path_id<T: std::str::FromStr>(value: &str, what: &str) -> Result<T, ApiError> {
    value.parse().map_err(|_| ApiError::not_found(what))
}

/// A sealed field as an answer shows it: its value, or — when it does not decrypt with the
/// configured keys (a key dropped too early, a damaged row) — nothing, named in `unreadable`
/// and logged, so one bad row does not fail a whole list.
pub fn readable<T, E: std::fmt::Display>(
    field: &'static str,
    row: &str,
    opened: Result<Option<T>, E>,
) -> (Option<T>, Option<Vec<String>>) {
    match opened {
        Ok(value) => (value, None),
        Err(err) => {
            tracing::error!(row, field, error = %err, "a sealed field does not decrypt");
            (None, Some(vec![field.to_owned()]))
        }
    }
}
