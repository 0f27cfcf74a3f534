//! The one error type of the API. Every failure a client can cause becomes a 4xx with a
//! machine-readable `code`; anything else is logged in full and answered with an opaque 500.

use std::fmt;

use fleet_accounts::AccountError;
use fleet_connectors::ConnectorError;
use fleet_core::ValidationError;
use fleet_store::StoreError;
use poem::{http::StatusCode, IntoResponse, Response};
use poem_openapi::{
    registry::{MetaMediaType, MetaResponse, MetaResponses, Registry},
    types::Type,
    ApiResponse, Object,
};
use serde_json::{json, Value};

/// The body of every error response.
#[derive(Debug, Clone, Object, serde::Serialize)]
pub struct ErrorBody {
    /// Stable, machine-readable reason, e.g. `quota_exceeded`, `tenant_suspended`.
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// Structured context, e.g. the offending `field`.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Value>,
}

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
    /// Seconds, sent as `Retry-After` (429, 503).
    pub retry_after: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody {
                code: code.to_owned(),
                message: message.into(),
                details: None,
            },
            retry_after: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.body.details = Some(details);
        self
    }

    pub fn code(&self) -> &str {
        &self.body.code
    }

    /// 400 for a value that breaks a domain rule, naming the field.
    pub fn validation(err: ValidationError) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "validation_failed",
            err.to_string(),
        )
        .with_details(json!({ "field": err.field, "reason": err.message }))
    }

    /// 404. Also the answer for another tenant's objects, so ids cannot be probed.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }

    pub fn unauthorized(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn forbidden(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }

    pub fn conflict(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    pub fn rate_limited(retry_after: u64, limit: u64) -> Self {
        let mut err = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!("rate limit exceeded; retry in {retry_after} s"),
        )
        .with_details(json!({ "limit": limit, "retry_after_seconds": retry_after }));
        err.retry_after = Some(retry_after);
        err
    }

    /// Logs the cause and returns an opaque 500: internals never reach clients.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "internal error; it has been logged",
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.body.code,
            self.body.message
        )
    }
}

impl std::error::Error for ApiError {}

impl From<ValidationError> for ApiError {
    fn from(err: ValidationError) -> Self {
        Self::validation(err)
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict(field) => Self::conflict(
                "already_exists",
                format!("a record with this {field} already exists"),
            )
            .with_details(json!({ "field": field })),
            other => Self::internal(other),
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(err: AccountError) -> Self {
        match err {
            AccountError::NotFound => Self::not_found("account"),
            AccountError::InvalidState {
                status,
                login_stage,
                event,
            } => Self::conflict(
                "invalid_state",
                format!("{event} does not apply to an account that is {status}"),
            )
            .with_details(json!({ "status": status, "login_stage": login_stage, "event": event })),
            AccountError::LimitReached { limit } => Self::conflict(
                "account_limit_reached",
                format!("the tenant already has its maximum of {limit} accounts"),
            )
            .with_details(json!({ "limit": limit })),
            AccountError::ConnectorUnavailable(kind) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "connector_unavailable",
                format!("connector `{kind}` is not available on this service"),
            )
            .with_details(json!({ "connector": kind.as_str() })),
            AccountError::Connector(err) => Self::from(err),
            AccountError::Validation(err) => Self::validation(err),
            AccountError::Contended => Self::conflict(
                "concurrent_update",
                "the account changed concurrently; retry",
            ),
            AccountError::Store(err) => Self::from(err),
            AccountError::Corrupt(msg) => Self::internal(msg),
        }
    }
}

impl From<ConnectorError> for ApiError {
    fn from(err: ConnectorError) -> Self {
        match err {
            ConnectorError::Retryable { code, message } => {
                let mut e = Self::new(StatusCode::SERVICE_UNAVAILABLE, "connector_busy", message)
                    .with_details(json!({ "connector_code": code }));
                e.retry_after = Some(5);
                e
            }
            ConnectorError::Permanent { code, message } => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "connector_refused",
                message,
            )
            .with_details(json!({ "connector_code": code })),
            ConnectorError::WrongState(message) => Self::conflict("invalid_state", message),
            ConnectorError::InvalidSettings(err) => Self::validation(err),
            ConnectorError::UnknownInstance(id) => Self::new(
                StatusCode::BAD_GATEWAY,
                "connector_error",
                format!("the connector lost instance {id}"),
            ),
        }
    }
}

impl poem::error::ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        self.status
    }

    fn as_response(&self) -> Response {
        let mut response = poem::web::Json(&self.body)
            .with_status(self.status)
            .into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(
                poem::http::header::RETRY_AFTER,
                poem::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        poem::error::ResponseError::as_response(&self)
    }
}

/// In the OpenAPI document every operation's non-2xx answers share one schema (`default`).
impl ApiResponse for ApiError {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: vec![MetaResponse {
                description: "An error: `code` is machine-readable, `message` is for people.",
                status: None,
                status_range: None,
                content: vec![MetaMediaType {
                    content_type: "application/json; charset=utf-8",
                    schema: ErrorBody::schema_ref(),
                }],
                headers: vec![],
            }],
        }
    }

    fn register(registry: &mut Registry) {
        ErrorBody::register(registry);
    }
}

impl From<fleet_messaging::MessagingError> for ApiError {
    fn from(err: fleet_messaging::MessagingError) -> Self {
        use fleet_messaging::MessagingError as E;
        let code = err.code();
        let message = err.to_string();
        match err {
            E::NotFound(what) => Self::not_found(what),
            E::Validation(err) => Self::validation(err),
            E::TemplateInvalid(err) => Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
                .with_details(json!({ "problems": err.problems })),
            E::TemplateVariables(problems) => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
                    .with_details(json!({ "variables": problems }))
            }
            E::NameTaken(name) => {
                Self::conflict(code, message).with_details(json!({ "name": name }))
            }
            E::InUse(names) => {
                Self::conflict(code, message).with_details(json!({ "templates": names }))
            }
            E::QuotaExceeded {
                scope,
                limit,
                used,
                resets_at,
            } => {
                let mut e =
                    Self::new(StatusCode::TOO_MANY_REQUESTS, code, message).with_details(json!({
                        "scope": scope,
                        "limit": limit,
                        "used": used,
                        "resets_at": fleet_core::clock::to_rfc3339(resets_at),
                    }));
                let wait_ms = (resets_at - fleet_core::clock::now_ms()).max(1_000);
                e.retry_after = Some(u64::try_from(wait_ms / 1_000).unwrap_or(1));
                e
            }
            E::IdempotencyMismatch => Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message),
            E::InvalidState { status, action } => Self::conflict(code, message)
                .with_details(json!({ "status": status, "action": action })),
            E::Store(err) => Self::from(err),
            E::Corrupt(cause) => Self::internal(cause),
        }
    }
}

impl From<fleet_alerting::AlertingError> for ApiError {
    fn from(err: fleet_alerting::AlertingError) -> Self {
        use fleet_alerting::AlertingError as E;
        let code = err.code();
        let message = err.to_string();
        match err {
            E::NotFound(what) => Self::not_found(what),
            E::Validation(err) => Self::validation(err),
            E::UrlForbidden(_) => Self::new(StatusCode::BAD_REQUEST, code, message),
            E::DuplicateRule(_) | E::ReadOnlyRule => Self::conflict(code, message),
            E::MetricsUnavailable(_) => Self::new(StatusCode::SERVICE_UNAVAILABLE, code, message),
            E::Store(err) => Self::from(err),
            E::Corrupt(cause) => Self::internal(cause),
        }
    }
}

impl From<fleet_webhooks::WebhookError> for ApiError {
    fn from(err: fleet_webhooks::WebhookError) -> Self {
        use fleet_webhooks::WebhookError as E;
        let code = err.code();
        let message = err.to_string();
        match err {
            E::NotFound(what) => Self::not_found(what),
            E::Validation(err) => Self::validation(err),
            E::UrlForbidden(_) => Self::new(StatusCode::BAD_REQUEST, code, message),
            E::EndpointDisabled => Self::conflict(code, message),
            E::Store(err) => Self::from(err),
            E::Corrupt(cause) => Self::internal(cause),
        }
    }
}
