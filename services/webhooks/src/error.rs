use fleet_core::ValidationError;
use fleet_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// The URL points into a private, loopback or link-local network.
    #[error("webhook URLs must not point at {0}")]
    UrlForbidden(String),
    /// The endpoint is disabled; enable it before resending.
    #[error("the endpoint is disabled")]
    EndpointDisabled,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stored webhook data is invalid: {0}")]
    Corrupt(String),
}

impl WebhookError {
    /// The API's machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            WebhookError::NotFound(_) => "not_found",
            WebhookError::Validation(_) => "validation_failed",
            WebhookError::UrlForbidden(_) => "webhook_url_forbidden",
            WebhookError::EndpointDisabled => "endpoint_disabled",
            WebhookError::Store(_) | WebhookError::Corrupt(_) => "internal",
        }
    }
}
