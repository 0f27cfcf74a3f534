//! Makes every error leave the service in the one JSON shape: errors raised by poem and
//! poem-openapi themselves (unknown route, wrong method, missing `Authorization`, a query
//! parameter of the wrong type, a panic) get a `code` like our own.

use poem::{http::StatusCode, Endpoint, IntoResponse, PathPattern, Request, Response};
use poem_openapi::error::{AuthorizationError, ContentTypeError, ParseParamError};
use serde_json::json;

use crate::error::ApiError;

pub async fn normalise_errors<E: Endpoint>(ep: E, req: Request) -> poem::Result<Response> {
    match ep.call(req).await {
        Ok(output) => Ok(output.into_response()),
        Err(err) => {
            let pattern = err.data::<PathPattern>().cloned();
            let mut response = to_api_error(err).into_response();
            if let Some(pattern) = pattern {
                response.set_data(pattern);
            }
            Ok(response)
        }
    }
}

fn to_api_error(err: poem::Error) -> ApiError {
    if let Some(api) = err.downcast_ref::<ApiError>() {
        return api.clone();
    }
    if let Some(param) = err.downcast_ref::<ParseParamError>() {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            param.to_string(),
        )
        .with_details(json!({ "field": param.name, "reason": param.reason }));
    }
    if err.is::<AuthorizationError>() {
        return ApiError::unauthorized(
            "unauthorized",
            "send `Authorization: Bearer <access token or API key>`",
        );
    }
    if err.is::<ContentTypeError>() {
        return ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            err.to_string(),
        );
    }
    let status = err.status();
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNAUTHORIZED => "unauthorized",
        s if s.is_server_error() => return ApiError::internal(err),
        _ => "bad_request",
    };
    ApiError::new(status, code, err.to_string())
}

/// The response for a handler that panicked: logged, opaque, JSON.
pub fn panic_response(_panic: Box<dyn std::any::Any + Send>) -> Response {
    ApiError::internal("a request handler panicked").into_response()
}
