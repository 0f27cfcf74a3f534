use fleet_core::{clock::to_rfc3339, paging::PageRequest};
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
    /// Sending messages, their status, batches, quota usage and pacing.
    Messages,
    /// Inbound callbacks (WeCom and providers) as stored: listing and replay.
    Callbacks,
    /// Outbound webhooks to the tenant's endpoints: endpoints, secrets, the delivery log.
    Webhooks,
    /// Alerts: active and past alerts, rules, silences, channels, quiet hours, the
    /// notification log.
    Alerts,
    /// Metrics of accounts and messages, and the service's health.
    Monitor,
}

/// `204 No Content`.
#[derive(ApiResponse)]
pub enum NoContent {
    #[oai(status = 204)]
    Done,
}

pub fn page_request(page: Option<u32>, size: Option<u32>) -> Result<PageRequest, ApiError> {
    PageRequest::parse(page, size).map_err(ApiError::validation)
}

pub fn time(ms: i64) -> String {
    to_rfc3339(ms)
}

pub fn opt_time(ms: Option<i64>) -> Option<String> {
    ms.map(to_rfc3339)
}

/// Parses an RFC 3339 time from a request into epoch milliseconds.
pub fn parse_time(field: &'static str, value: &str) -> Result<i64, ApiError> {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.timestamp_millis())
        .map_err(|_| {
            ApiError::validation(fleet_core::ValidationError::new(
                field,
                "must be an RFC 3339 time such as 2026-12-31T23:59:59Z",
            ))
        })
}

/// A filter value that must be one of `allowed` (`None` passes).
pub fn one_of(
    field: &'static str,
    value: Option<String>,
    allowed: &[&str],
) -> Result<Option<String>, ApiError> {
    match value {
        Some(v) if !allowed.contains(&v.as_str()) => {
            Err(ApiError::validation(fleet_core::ValidationError::new(
                field,
                format!("must be one of {}", allowed.join(", ")),
            )))
        }
        other => Ok(other),
    }
}

/// Parses a path id; a malformed one is simply not found.
pub fn path_id<T: std::str::FromStr>(value: &str, what: &str) -> Result<T, ApiError> {
    value.parse().map_err(|_| ApiError::not_found(what))
}

/// Runs CPU-heavy work (argon2) off the async worker threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(ApiError::internal)
}

/// Template variables from a request: absent is none; otherwise it must be an object.
pub fn variables_of(
    value: Option<serde_json::Value>,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    match value {
        None => Ok(serde_json::Map::new()),
        Some(serde_json::Value::Object(map)) => Ok(map),
        Some(_) => Err(ApiError::validation(fleet_core::ValidationError::new(
            "variables",
            "must be an object of variable names to values",
        ))),
    }
}
