//! What went wrong with a delivery, and whether trying again later can help.

use std::error::Error as StdError;

/// A failed delivery. `retryable` tells the caller to try again later (the peer was down,
/// slow or busy); otherwise the channel's configuration or the peer's refusal must change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ChannelError {
    pub retryable: bool,
    pub message: String,
}

impl ChannelError {
    pub fn retryable(message: impl Into<String>) -> Self {
        Self {
            retryable: true,
            message: message.into(),
        }
    }

    pub fn permanent(message: impl Into<String>) -> Self {
        Self {
            retryable: false,
            message: message.into(),
        }
    }

    /// A request that got no answer. Only a request that could not be built is permanent:
    /// refused connections, timeouts and broken transfers may well work next time.
    pub(super) fn from_request(error: reqwest::Error) -> Self {
        // The URL is left out: a WeCom robot's URL carries its key.
        let error = error.without_url();
        let message = format!("request failed: {}", with_sources(&error));
        if error.is_builder() {
            Self::permanent(message)
        } else {
            Self::retryable(message)
        }
    }

    /// An answer other than 2xx: server errors, 408 and 429 are worth another try; other
    /// client errors and redirects (which are not followed) are not.
    pub(super) fn from_status(status: reqwest::StatusCode, body: &[u8]) -> Self {
        let snippet = String::from_utf8_lossy(body);
        let message = format!("HTTP {status}: {}", snippet.trim());
        let busy = status.is_server_error()
            || status == reqwest::StatusCode::TOO_MANY_REQUESTS
            || status == reqwest::StatusCode::REQUEST_TIMEOUT;
        Self {
            retryable: busy,
            message,
        }
    }
}

/// An error with its chain of causes, `outer: inner: innermost`.
pub(super) fn with_sources(error: &dyn StdError) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Settings the channels cannot start with (an invalid sender address, a broken template).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("notification channels: {0}")]
pub struct SetupError(pub String);
