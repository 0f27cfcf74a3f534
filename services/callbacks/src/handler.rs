use fleet_store::callback_events::CallbackEventRecord;

/// What a handler made of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    /// It acted on the event.
    Processed,
    /// The event no longer applies (e.g. a QR scan reported for an account already online);
    /// the reason is kept with the event.
    Ignored(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct HandlerError {
    /// Worth trying again later (the database was busy), or final (the payload is wrong).
    pub retryable: bool,
    pub message: String,
}

impl HandlerError {
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
}

/// Handles the events of the kinds it is registered for.
#[async_trait::async_trait]
pub trait CallbackHandler: Send + Sync {
    async fn handle(&self, event: &CallbackEventRecord) -> Result<Handled, HandlerError>;
}
