use fleet_core::{
    clock::Millis,
    message::{TemplateError, VariableProblem},
    ValidationError,
};
use fleet_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum MessagingError {
    /// The object does not exist in the caller's tenant (`message`, `template`, `account`,
    /// `batch`).
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error(transparent)]
    Validation(#[from] ValidationError),
    #[error(transparent)]
    TemplateInvalid(#[from] TemplateError),
    #[error("the template's variables do not fit")]
    TemplateVariables(Vec<VariableProblem>),
    #[error("a template named `{0}` already exists")]
    NameTaken(String),
    /// Other templates fall back to this one.
    #[error("templates {0:?} fall back to this template")]
    InUse(Vec<String>),
    #[error("the daily message quota of {limit} is used up ({used} used)")]
    QuotaExceeded {
        /// `tenant` or `account`.
        scope: &'static str,
        limit: i64,
        used: i64,
        resets_at: Millis,
    },
    /// The Idempotency-Key was used before with a different request.
    #[error("the Idempotency-Key was already used with a different request")]
    IdempotencyMismatch,
    /// The operation does not apply to the message's status.
    #[error("a {status} message cannot be {action}")]
    InvalidState {
        status: String,
        action: &'static str,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

impl MessagingError {
    pub(crate) fn corrupt(e: impl std::fmt::Display) -> Self {
        Self::Corrupt(e.to_string())
    }
}

impl MessagingError {
    /// The machine-readable code clients see (API errors and batch rejections).
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::Validation(_) => "validation_failed",
            Self::TemplateInvalid(_) => "template_invalid",
            Self::TemplateVariables(_) => "template_variables",
            Self::NameTaken(_) => "name_taken",
            Self::InUse(_) => "template_in_use",
            Self::QuotaExceeded { .. } => "quota_exceeded",
            Self::IdempotencyMismatch => "idempotency_key_reused",
            Self::InvalidState { .. } => "invalid_state",
            Self::Store(_) | Self::Corrupt(_) => "internal",
        }
    }
}
