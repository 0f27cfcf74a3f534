use fleet_core::ValidationError;
use fleet_store::StoreError;
use fleet_webhooks::WebhookError;

#[derive(Debug, thiserror::Error)]
pub enum AlertingError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// Another rule of the tenant has that name.
    #[error("an alert rule named `{0}` exists already")]
    DuplicateRule(String),
    /// Rules from the shipped files are read-only.
    #[error("rules from rule files cannot be changed through the API")]
    ReadOnlyRule,
    /// The URL points into a private, loopback or link-local network.
    #[error("channel URLs must not point at {0}")]
    UrlForbidden(String),
    /// The metric store did not answer.
    #[error("the metric store is unavailable: {0}")]
    MetricsUnavailable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stored alerting data is invalid: {0}")]
    Corrupt(String),
}

impl AlertingError {
    /// The API's machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AlertingError::NotFound(_) => "not_found",
            AlertingError::Validation(_) => "validation_failed",
            AlertingError::DuplicateRule(_) => "alert_rule_exists",
            AlertingError::ReadOnlyRule => "alert_rule_read_only",
            AlertingError::UrlForbidden(_) => "channel_url_forbidden",
            AlertingError::MetricsUnavailable(_) => "metrics_unavailable",
            AlertingError::Store(_) | AlertingError::Corrupt(_) => "internal",
        }
    }
}

impl From<WebhookError> for AlertingError {
    fn from(err: WebhookError) -> Self {
        match err {
            WebhookError::UrlForbidden(what) => AlertingError::UrlForbidden(what),
            WebhookError::Validation(v) => AlertingError::Validation(v),
            WebhookError::Store(s) => AlertingError::Store(s),
            other => AlertingError::Corrupt(other.to_string()),
        }
    }
}
