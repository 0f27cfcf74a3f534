//! The protocol's error answers (`{"code", "message", "retryable"}`), and the one mapping
//! from the simulator's [`ConnectorError`]s to them.

use poem::{error::ResponseError, http::StatusCode, web::Json, IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::ConnectorError;

#[derive(Debug, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub(super) struct ApiError {
    status: StatusCode,
    code: String,
    message: String,
    retryable: bool,
}

impl ApiError {
    fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            retryable: false,
        }
    }

    pub(super) fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid `Authorization: Bearer <token>` header is required",
        )
    }

    pub(super) fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }

    pub(super) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub(super) fn unknown_instance(instance_id: &str) -> Self {
        ConnectorError::UnknownInstance(instance_id.to_owned()).into()
    }
}

impl From<ConnectorError> for ApiError {
    fn from(err: ConnectorError) -> Self {
        let message = err.to_string();
        match err {
            ConnectorError::UnknownInstance(_) => {
                Self::new(StatusCode::NOT_FOUND, "unknown_instance", message)
            }
            ConnectorError::WrongState(_) => {
                Self::new(StatusCode::CONFLICT, "wrong_state", message)
            }
            // The connector's own code travels (`invalid_verification_code`, or whatever
            // permanent failure a test injected): it is what tells WeCom Fleet why.
            ConnectorError::Permanent { code, .. } => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
            }
            ConnectorError::Retryable { .. } => Self {
                retryable: true,
                ..Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", message)
            },
            ConnectorError::InvalidSettings(_) => {
                Self::new(StatusCode::BAD_REQUEST, "invalid_request", message)
            }
        }
    }
}

impl ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        self.status
    }

    fn as_response(&self) -> Response {
        let body = json!({
            "code": self.code,
            "message": self.message,
            "retryable": self.retryable,
        });
        (self.status, Json(body)).into_response()
    }
}

/// Reads a JSON body, answering `invalid_request` (with serde's description of what is wrong)
/// instead of poem's plain-text rejection, so every error keeps the protocol's shape.
pub(super) fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|err| ApiError::invalid_request(format!("the body is not valid: {err}")))
}
