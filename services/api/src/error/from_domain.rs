//! How each service's error becomes an API error: its code, status and details.

use fleet_accounts::AccountError;
use fleet_connectors::ConnectorError;
use fleet_core::ValidationError;
use fleet_store::StoreError;

use super::{ApiError, ErrorCode, ErrorDetails, TemplateProblem, VariableProblem};
use crate::types::Timestamp;

/// How long a client should wait before retrying a busy connector.
const CONNECTOR_RETRY_SECS: u64 = 5;
/// How long a client should wait before retrying while the database is away: a restart or a
/// failover takes seconds.
const DATABASE_RETRY_SECS: u64 = 2;

impl From<ValidationError> for ApiError {
    fn from(err: ValidationError) -> Self {
        Self::validation(err)
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict(field) => Self::new(
                ErrorCode::AlreadyExists,
                format!("a record with this {field} already exists"),
            )
            .with_details(ErrorDetails {
                field: Some(field.to_string()),
                ..ErrorDetails::default()
            }),
            StoreError::Unavailable(cause) => {
                tracing::warn!(%cause, "database unavailable");
                Self::new(
                    ErrorCode::DatabaseUnavailable,
                    "the database does not answer; retry shortly",
                )
                .retry_after(DATABASE_RETRY_SECS)
            }
            other => Self::internal(other),
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(err: AccountError) -> Self {
        match err {
            AccountError::NotFound => Self::not_found("account"),
            AccountError::NoSimulator => Self::not_found("simulator"),
            AccountError::NotSimulated => Self::not_found("simulated account"),
            AccountError::InvalidState {
                status,
                login_stage,
                event,
            } => Self::new(
                ErrorCode::InvalidState,
                format!("{event} does not apply to an account that is {status}"),
            )
            .with_details(ErrorDetails {
                status: Some(status.to_string()),
                login_stage: login_stage.map(|s| s.to_string()),
                event: Some(event.to_string()),
                ..ErrorDetails::default()
            }),
            AccountError::LimitReached { limit } => Self::new(
                ErrorCode::AccountLimitReached,
                format!("the tenant already has its maximum of {limit} accounts"),
            )
            .with_details(ErrorDetails {
                limit: Some(limit),
                ..ErrorDetails::default()
            }),
            AccountError::ConnectorUnavailable(kind) => Self::new(
                ErrorCode::ConnectorUnavailable,
                format!("connector `{kind}` is not available on this service"),
            )
            .with_details(ErrorDetails {
                connector: Some(kind.as_str().to_owned()),
                ..ErrorDetails::default()
            }),
            AccountError::Connector(err) => Self::from(err),
            AccountError::Validation(err) => Self::validation(err),
            AccountError::Contended => Self::new(
                ErrorCode::ConcurrentUpdate,
                "the account changed concurrently; retry",
            ),
            AccountError::Store(err) => Self::from(err),
            AccountError::Corrupt(msg) => Self::internal(msg),
        }
    }
}

impl From<ConnectorError> for ApiError {
    fn from(err: ConnectorError) -> Self {
        let connector_code = |code: String| ErrorDetails {
            connector_code: Some(code),
            ..ErrorDetails::default()
        };
        match err {
            ConnectorError::Retryable { code, message } => {
                Self::new(ErrorCode::ConnectorBusy, message)
                    .with_details(connector_code(code))
                    .retry_after(CONNECTOR_RETRY_SECS)
            }
            ConnectorError::Permanent { code, message } => {
                Self::new(ErrorCode::ConnectorRefused, message).with_details(connector_code(code))
            }
            ConnectorError::WrongState(message) => Self::new(ErrorCode::InvalidState, message),
            ConnectorError::InvalidSettings(err) => Self::validation(err),
            ConnectorError::UnknownInstance(id) => Self::new(
                ErrorCode::ConnectorError,
                format!("the connector lost instance {id}"),
            ),
        }
    }
}

impl From<fleet_messaging::MessagingError> for ApiError {
    fn from(err: fleet_messaging::MessagingError) -> Self {
        use fleet_messaging::MessagingError as E;
        let message = err.to_string();
        match err {
            E::NotFound(what) => Self::not_found(what),
            E::Validation(err) => Self::validation(err),
            E::TemplateInvalid(err) => {
                Self::new(ErrorCode::TemplateInvalid, message).with_details(ErrorDetails {
                    problems: Some(err.problems.iter().map(TemplateProblem::from).collect()),
                    ..ErrorDetails::default()
                })
            }
            E::TemplateVariables(problems) => Self::new(ErrorCode::TemplateVariables, message)
                .with_details(ErrorDetails {
                    variables: Some(problems.iter().map(VariableProblem::from).collect()),
                    ..ErrorDetails::default()
                }),
            E::NameTaken(name) => {
                Self::new(ErrorCode::NameTaken, message).with_details(ErrorDetails {
                    name: Some(name),
                    ..ErrorDetails::default()
                })
            }
            E::InUse(names) => {
                Self::new(ErrorCode::TemplateInUse, message).with_details(ErrorDetails {
                    templates: Some(names),
                    ..ErrorDetails::default()
                })
            }
            E::QuotaExceeded {
                scope,
                limit,
                used,
                resets_at,
            } => {
                let wait_ms = (resets_at - fleet_core::clock::now_ms()).max(1_000);
                let wait = u64::try_from(wait_ms / 1_000).unwrap_or(1);
                Self::new(ErrorCode::QuotaExceeded, message)
                    .with_details(ErrorDetails {
                        scope: Some(scope.to_owned()),
                        limit: Some(limit),
                        used: Some(used),
                        resets_at: Some(Timestamp(resets_at)),
                        retry_after_seconds: Some(wait),
                        ..ErrorDetails::default()
                    })
                    .retry_after(wait)
            }
            E::IdempotencyMismatch => Self::new(ErrorCode::IdempotencyKeyReused, message),
            E::InvalidState { status, action } => Self::new(ErrorCode::InvalidState, message)
                .with_details(ErrorDetails {
                    status: Some(status.to_string()),
                    action: Some(action.to_string()),
                    ..ErrorDetails::default()
                }),
            E::Store(err) => Self::from(err),
            E::Corrupt(cause) => Self::internal(cause),
        }
    }
}

impl From<fleet_alerting::AlertingError> for ApiError {
    fn from(err: fleet_alerting::AlertingError) -> Self {
        use fleet_alerting::AlertingError as E;
        let message = err.to_string();
        match err {
            E::NotFound(what) => Self::not_found(what),
            E::Validation(err) => Self::validation(err),
            E::UrlForbidden(_) => Self::new(ErrorCode::ChannelUrlForbidden, message),
            E::DuplicateRule(_) => Self::new(ErrorCode::AlertRuleExists, message),
            E::ReadOnlyRule => Self::new(ErrorCode::AlertRuleReadOnly, message),
            E::MetricsUnavailable(_) => Self::new(ErrorCode::MetricsUnavailable, message),
            E::Store(err) => Self::from(err),
            E::Corrupt(cause) => Self::internal(cause),
        }
    }
}

impl From<fleet_webhooks::WebhookError> for ApiError {
    fn from(err: fleet_webhooks::WebhookError) -> Self {
        use fleet_webhooks::WebhookError as E;
        let message = err.to_string();
        match err {
            E::NotFound(what) => Self::not_found(what),
            E::Validation(err) => Self::validation(err),
            E::UrlForbidden(_) => Self::new(ErrorCode::WebhookUrlForbidden, message),
            E::EndpointDisabled => Self::new(ErrorCode::EndpointDisabled, message),
            E::Store(err) => Self::from(err),
            E::Corrupt(cause) => Self::internal(cause),
        }
    }
}

impl From<fleet_identity::IdentityError> for ApiError {
    fn from(err: fleet_identity::IdentityError) -> Self {
        use fleet_identity::IdentityError as E;
        let message = err.to_string();
        let code = match err {
            E::InvalidCredentials => ErrorCode::InvalidCredentials,
            E::InvalidRefreshToken => ErrorCode::InvalidRefreshToken,
            E::SessionRevoked => ErrorCode::SessionRevoked,
            E::RefreshTokenReused => ErrorCode::RefreshTokenReused,
            E::RefreshTokenExpired => ErrorCode::RefreshTokenExpired,
            E::NotASession => ErrorCode::NotASession,
            E::InvalidToken | E::UnknownSession | E::UnknownApiKey => ErrorCode::InvalidToken,
            E::TokenExpired => ErrorCode::TokenExpired,
            E::ApiKeyRevoked => ErrorCode::ApiKeyRevoked,
            E::ApiKeyExpired => ErrorCode::ApiKeyExpired,
            E::UserDisabled => ErrorCode::UserDisabled,
            E::TenantSuspended => ErrorCode::TenantSuspended,
            E::TenantDeleted => ErrorCode::TenantDeleted,
            E::LastTenantAdmin => ErrorCode::LastTenantAdmin,
            E::NotFound(what) => return Self::not_found(what),
            E::TenantStatusFinal { status } => return Self::invalid_state(message, status),
            E::Validation(err) => return Self::validation(err),
            E::Store(err) => return Self::from(err),
            E::Internal(cause) => return Self::internal(cause),
        };
        Self::new(code, message)
    }
}
