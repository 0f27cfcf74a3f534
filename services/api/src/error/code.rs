//! Every machine-readable error `code` the service answers with, each tied to its one HTTP
//! status, so a code can never travel with the wrong status and the document can list, per
//! status, the codes a client may meet.

use poem::http::StatusCode;
use poem_openapi::Enum;

/// Why a request failed. Clients should treat an unknown value as its HTTP status's generic
/// meaning: new codes may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum, serde::Serialize)]
#[oai(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // 400
    /// The body is not JSON.
    InvalidJson,
    /// A body field has the wrong type or is missing (`details.field`).
    InvalidField,
    /// A body field the operation does not know (`details.field`).
    UnknownField,
    /// A value breaks a rule (`details.field`, `details.reason`).
    ValidationFailed,
    /// A query, path or header parameter is malformed (`details.field`).
    InvalidParameter,
    /// The body could not be read.
    InvalidBody,
    /// The request is malformed in another way.
    BadRequest,
    /// API keys have no session to sign out of.
    NotASession,
    /// A webhook endpoint's URL points at a private or otherwise forbidden network.
    WebhookUrlForbidden,
    /// An alert channel's URL points at a private or otherwise forbidden network.
    ChannelUrlForbidden,
    /// A callback body that is not what its sender should send.
    InvalidCallback,
    /// A WeCom callback that does not decrypt with the account's EncodingAESKey.
    Undecryptable,
    /// A WeCom callback addressed to another corp.
    WrongReceiveId,
    // 401
    /// No `Authorization: Bearer …` header.
    Unauthorized,
    /// The bearer token or API key is not valid.
    InvalidToken,
    TokenExpired,
    /// The session of this access token has ended (sign-out, password change, reuse).
    SessionRevoked,
    ApiKeyRevoked,
    ApiKeyExpired,
    /// Wrong email or password.
    InvalidCredentials,
    InvalidRefreshToken,
    RefreshTokenExpired,
    /// A spent refresh token was presented again: the session has been ended.
    RefreshTokenReused,
    /// A callback's signature does not verify.
    InvalidSignature,
    /// A callback's timestamp is outside the tolerance.
    StaleTimestamp,
    // 403
    /// The caller's role does not allow this operation.
    Forbidden,
    TenantSuspended,
    TenantDeleted,
    /// The operation acts inside a tenant; platform admins have none.
    TenantRequired,
    UserDisabled,
    // 404
    /// No such object, or it belongs to another tenant.
    NotFound,
    // 405
    MethodNotAllowed,
    // 409
    /// A record with this unique value exists (`details.field`).
    AlreadyExists,
    /// The change would leave the tenant without an active tenant admin.
    LastTenantAdmin,
    /// The object's status does not allow this (`details.status`).
    InvalidState,
    /// The tenant has its maximum number of accounts (`details.limit`).
    AccountLimitReached,
    /// Another template has this name.
    NameTaken,
    /// Other templates fall back to this one (`details.templates`).
    TemplateInUse,
    /// The webhook endpoint is disabled.
    EndpointDisabled,
    /// The tenant has an alert rule of this name.
    AlertRuleExists,
    /// Rules from rule files cannot be changed through the API.
    AlertRuleReadOnly,
    /// The object changed while this request ran; retry.
    ConcurrentUpdate,
    // 413
    /// The body is larger than the service accepts (`details.limit_bytes`).
    PayloadTooLarge,
    // 415
    UnsupportedMediaType,
    // 422
    /// The connector refused the request for good (`details.connector_code`).
    ConnectorRefused,
    /// This service does not run the account's connector (`details.connector`).
    ConnectorUnavailable,
    /// The template cannot render (`details.problems`).
    TemplateInvalid,
    /// The variables do not fit the template (`details.variables`).
    TemplateVariables,
    /// The `Idempotency-Key` was used before with a different request.
    IdempotencyKeyReused,
    // 429
    /// Too many requests (`Retry-After`).
    RateLimited,
    /// The daily message quota is used up (`details.limit`, `used`, `resets_at`; `Retry-After`).
    QuotaExceeded,
    // 500
    /// Something failed inside the service; it has been logged with the request id.
    InternalError,
    // 502
    /// The connector answered in a way the service did not expect.
    ConnectorError,
    // 503
    /// The connector is busy or briefly unreachable (`Retry-After`).
    ConnectorBusy,
    /// The metric store does not answer.
    MetricsUnavailable,
    /// The database does not answer now; retry after `Retry-After` seconds.
    DatabaseUnavailable,
}

impl ErrorCode {
    pub fn status(self) -> StatusCode {
        use ErrorCode as C;
        match self {
            C::InvalidJson
            | C::InvalidField
            | C::UnknownField
            | C::ValidationFailed
            | C::InvalidParameter
            | C::InvalidBody
            | C::BadRequest
            | C::NotASession
            | C::WebhookUrlForbidden
            | C::ChannelUrlForbidden
            | C::InvalidCallback
            | C::Undecryptable
            | C::WrongReceiveId => StatusCode::BAD_REQUEST,
            C::Unauthorized
            | C::InvalidToken
            | C::TokenExpired
            | C::SessionRevoked
            | C::ApiKeyRevoked
            | C::ApiKeyExpired
            | C::InvalidCredentials
            | C::InvalidRefreshToken
            | C::RefreshTokenExpired
            | C::RefreshTokenReused
            | C::InvalidSignature
            | C::StaleTimestamp => StatusCode::UNAUTHORIZED,
            C::Forbidden
            | C::TenantSuspended
            | C::TenantDeleted
            | C::TenantRequired
            | C::UserDisabled => StatusCode::FORBIDDEN,
            C::NotFound => StatusCode::NOT_FOUND,
            C::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            C::AlreadyExists
            | C::LastTenantAdmin
            | C::InvalidState
            | C::AccountLimitReached
            | C::NameTaken
            | C::TemplateInUse
            | C::EndpointDisabled
            | C::AlertRuleExists
            | C::AlertRuleReadOnly
            | C::ConcurrentUpdate => StatusCode::CONFLICT,
            C::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            C::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            C::ConnectorRefused
            | C::ConnectorUnavailable
            | C::TemplateInvalid
            | C::TemplateVariables
            | C::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            C::RateLimited | C::QuotaExceeded => StatusCode::TOO_MANY_REQUESTS,
            C::InternalError => StatusCode::INTERNAL_SERVER_ERROR,
            C::ConnectorError => StatusCode::BAD_GATEWAY,
            C::ConnectorBusy | C::MetricsUnavailable | C::DatabaseUnavailable => {
                StatusCode::SERVICE_UNAVAILABLE
            }
        }
    }
}

/// The wire name, e.g. `quota_exceeded` (the serde spelling, which the derive above shares).
impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(name)) => f.write_str(&name),
            _ => f.write_str("internal_error"),
        }
    }
}

#[cfg(test)]
mod tests {
    use poem_openapi::types::{ParseFromJSON, ToJSON, Type};

    use super::*;

    /// Every code the document lists parses back, has the serde spelling, and a 4xx/5xx status.
    #[test]
    fn the_document_serde_and_statuses_agree() {
        let mut registry = poem_openapi::registry::Registry::new();
        ErrorCode::register(&mut registry);
        let schema = &registry.schemas[&*ErrorCode::name()];
        assert!(schema.enum_items.len() > 50);
        for item in &schema.enum_items {
            let code = ErrorCode::parse_from_json(Some(item.clone())).unwrap_or_else(|_| {
                panic!("{item} does not parse");
            });
            assert_eq!(code.to_json().as_ref(), Some(item));
            assert_eq!(serde_json::to_value(code).ok().as_ref(), Some(item));
            assert_eq!(Some(code.to_string().as_str()), item.as_str());
            assert!(code.status().as_u16() >= 400);
        }
    }
}
