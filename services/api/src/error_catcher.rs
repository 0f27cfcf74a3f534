//! Makes every error leave the service in the one JSON shape: errors raised by poem and
//! poem-openapi themselves (unknown route, wrong method, missing `Authorization`, a query
//! parameter of the wrong type, a panic) get a `code` like our own.

use poem::{http::StatusCode, Endpoint, IntoResponse, PathPattern, Request, Response};
use poem_openapi::error::{AuthorizationError, ContentTypeError, ParseParamError};

use crate::error::{ApiError, ErrorCode, ErrorDetails};

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
        let reason = plain_reason(&param.reason);
        return ApiError::new(
            ErrorCode::InvalidParameter,
            format!("`{}` {reason}", param.name),
        )
        .with_details(ErrorDetails {
            field: Some(param.name.to_owned()),
            reason: Some(reason),
            ..ErrorDetails::default()
        });
    }
    if err.is::<AuthorizationError>() {
        return ApiError::new(
            ErrorCode::Unauthorized,
            "send `Authorization: Bearer <access token or API key>`",
        );
    }
    if err.is::<ContentTypeError>() {
        return ApiError::new(ErrorCode::UnsupportedMediaType, err.to_string());
    }
    let code = match err.status() {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        s if s.is_server_error() => return ApiError::internal(err),
        _ => ErrorCode::BadRequest,
    };
    ApiError::new(code, err.to_string())
}

/// poem-openapi wraps a parameter's reason in the names of its types (`failed to parse
/// "integer_1_200": must be between 1 and 200 (occurred while parsing "optional_…")`); the
/// client needs only the reason.
fn plain_reason(reason: &str) -> String {
    let mut text = reason;
    while let Some(rest) = text.strip_prefix("failed to parse \"") {
        text = rest.split_once("\": ").map_or(rest, |(_, r)| r);
    }
    let text = text
        .split(" (occurred while parsing")
        .next()
        .unwrap_or(text);
    match text {
        "Expect a valid enumeration value." => "is not one of the allowed values".into(),
        other => other
            .strip_prefix("verification failed. ")
            .unwrap_or(other)
            .to_owned(),
    }
}

/// The response for a handler that panicked: logged, opaque, JSON.
pub fn panic_response(_panic: Box<dyn std::any::Any + Send>) -> Response {
    ApiError::internal("a request handler panicked").into_response()
}

#[cfg(test)]
mod tests {
    use super::plain_reason;

    #[test]
    fn parameter_reasons_lose_poems_type_names() {
        assert_eq!(
            plain_reason(
                r#"failed to parse "integer_1_200": must be between 1 and 200 (occurred while parsing "optional_integer_1_200")"#
            ),
            "must be between 1 and 200"
        );
        assert_eq!(
            plain_reason(
                r#"failed to parse "MessageStatus": Expect a valid enumeration value. (occurred while parsing "optional_MessageStatus")"#
            ),
            "is not one of the allowed values"
        );
        assert_eq!(plain_reason("must be 1 or more"), "must be 1 or more");
    }
}
