//! The one error type of the API. Every failure a client can cause becomes a 4xx with a
//! machine-readable `code` (whose status the code decides); anything else is logged in full
//! and answered with an opaque 500 that carries the request id.

mod body;
mod code;
mod from_domain;

use std::fmt;

use fleet_core::ValidationError;
use poem::{http::StatusCode, IntoResponse, Response};
use poem_openapi::{
    registry::{MetaMediaType, MetaResponse, MetaResponses, Registry},
    types::{ToJSON, Type},
    ApiResponse,
};

pub use body::{ErrorBody, ErrorDetails, TemplateProblem, VariableProblem, VariableProblemCode};
pub use code::ErrorCode;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub body: ErrorBody,
    /// Seconds, sent as `Retry-After` (429, 503).
    pub retry_after: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            body: ErrorBody {
                code,
                message: message.into(),
                details: None,
                request_id: None,
            },
            retry_after: None,
        }
    }

    pub fn with_details(mut self, details: ErrorDetails) -> Self {
        self.body.details = Some(Box::new(details));
        self
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn code(&self) -> ErrorCode {
        self.body.code
    }

    pub fn status(&self) -> StatusCode {
        self.body.code.status()
    }

    /// 400 for a value that breaks a domain rule, naming the field.
    pub fn validation(err: ValidationError) -> Self {
        Self::new(ErrorCode::ValidationFailed, err.to_string()).with_details(ErrorDetails {
            field: Some(err.field.to_string()),
            reason: Some(err.message),
            ..ErrorDetails::default()
        })
    }

    /// 404. Also the answer for another tenant's objects, so ids cannot be probed.
    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    /// 409 `invalid_state`, naming the object's current status.
    pub fn invalid_state(message: impl Into<String>, status: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidState, message).with_details(ErrorDetails {
            status: Some(status.into()),
            ..ErrorDetails::default()
        })
    }

    pub fn rate_limited(retry_after: u64, limit: u64) -> Self {
        Self::new(
            ErrorCode::RateLimited,
            format!("rate limit exceeded; retry in {retry_after} s"),
        )
        .with_details(ErrorDetails {
            limit: Some(i64::try_from(limit).unwrap_or(i64::MAX)),
            retry_after_seconds: Some(retry_after),
            ..ErrorDetails::default()
        })
        .retry_after(retry_after)
    }

    /// Logs the cause and returns an opaque 500: internals never reach clients.
    pub fn internal(cause: impl fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            ErrorCode::InternalError,
            "internal error; it has been logged",
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status().as_u16(),
            self.body.code,
            self.body.message
        )
    }
}

impl std::error::Error for ApiError {}

impl poem::error::ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        self.body.code.status()
    }

    fn as_response(&self) -> Response {
        let mut body = self.body.clone();
        body.request_id = crate::request_id::current();
        let mut response = poem::web::Json(body.to_json())
            .with_status(self.status())
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

/// A placeholder `default` response that keeps the `ApiError` schema in the document;
/// `contract` replaces it with each operation's explicit error responses.
impl ApiResponse for ApiError {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: vec![MetaResponse {
                description: "An error.",
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
