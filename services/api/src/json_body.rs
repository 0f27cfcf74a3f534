//! `JsonBody<T>`: the request-body extractor for every operation. It reads at most the
//! configured number of bytes (413 `payload_too_large`), tells malformed JSON (400
//! `invalid_json`) from JSON of the wrong shape (400 `invalid_field`, naming the field by its
//! path), and leaves the schema in the OpenAPI document to `T`.
//!
//! Request types derive both `poem_openapi::Object` (for the document) and
//! `serde::Deserialize` with `deny_unknown_fields` (for parsing), because serde with
//! `serde_path_to_error` reports exactly which field was wrong.

use poem::{Request, RequestBody};
use poem_openapi::{
    impl_apirequest_for_payload,
    payload::{ParsePayload, Payload},
    registry::{MetaSchemaRef, Registry},
    types::Type,
};
use serde::de::DeserializeOwned;

use crate::{
    error::{ApiError, ErrorCode, ErrorDetails},
    nul_guard::{nul_field, nul_in_json},
};

/// The largest body any operation accepts, put in the request data by the app.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

pub struct JsonBody<T>(pub T);

impl<T: Type + Send> Payload for JsonBody<T> {
    const CONTENT_TYPE: &'static str = "application/json; charset=utf-8";

    fn check_content_type(content_type: &str) -> bool {
        let essence = content_type.split(';').next().unwrap_or("").trim();
        essence == "application/json" || essence.ends_with("+json")
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: Type + DeserializeOwned + Send> ParsePayload for JsonBody<T> {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let limit = request.data::<BodyLimit>().map_or(1 << 20, |l| l.0);
        let bytes = body
            .take()?
            .into_bytes_limit(limit)
            .await
            .map_err(|err| match err {
                poem::error::ReadBodyError::PayloadTooLarge => payload_too_large(limit),
                other => ApiError::new(ErrorCode::InvalidBody, other.to_string()),
            })?;
        parse_json(&bytes).map(JsonBody).map_err(Into::into)
    }
}

impl_apirequest_for_payload!(JsonBody<T>, T: Type + DeserializeOwned + Send);

pub fn payload_too_large(limit: usize) -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!("request body exceeds {limit} bytes"),
    )
    .with_details(ErrorDetails {
        limit_bytes: Some(u64::try_from(limit).unwrap_or(u64::MAX)),
        ..ErrorDetails::default()
    })
}

/// Parses `bytes` as one JSON document of type `T`: first as JSON (malformed: 400
/// `invalid_json`; a NUL anywhere: 400 naming its field), then as `T` (the wrong shape: 400
/// naming the field by its path).
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(invalid_json("request body is empty"));
    }
    let document: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|err| invalid_json(&err.to_string()))?;
    if let Some(field) = nul_in_json(&document) {
        return Err(nul_field(&field));
    }
    serde_path_to_error::deserialize(document).map_err(|err| {
        let path = err.path().to_string();
        field_error(&path, &err.into_inner().to_string())
    })
}

fn invalid_json(reason: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidJson,
        format!("request body is not valid JSON: {reason}"),
    )
}

/// The message of an error found inside a value that was read in two steps (a tagged union:
/// the tag, then the rest), carrying the inner field's path so `field_error` can name it.
pub fn nested_error(path: &str, reason: &str) -> String {
    format!("at `{path}`: {reason}")
}

/// Splits a [`nested_error`] message into its path and reason.
fn split_nested(reason: &str) -> Option<(&str, &str)> {
    let rest = reason.strip_prefix("at `")?;
    let (path, reason) = rest.split_once("`: ")?;
    Some((path, reason))
}

/// A body that is JSON but not of the expected shape: names the field.
fn field_error(path: &str, reason: &str) -> ApiError {
    let (path, reason) = match split_nested(reason) {
        Some((inner, reason)) if path == "." || path.is_empty() => (inner.to_owned(), reason),
        Some((inner, reason)) => (format!("{path}.{inner}"), reason),
        None => (path.to_owned(), reason),
    };
    let path = path.as_str();
    // The path of an unknown field may or may not include its name; the message always does.
    let field = match unknown_field_name(reason) {
        Some(name) if path == "." => name.to_owned(),
        Some(name) if !path.ends_with(name) => format!("{path}.{name}"),
        _ => path.to_owned(),
    };
    let reason = reason.split(" at line ").next().unwrap_or(reason);
    let code = if unknown_field_name(reason).is_some() {
        ErrorCode::UnknownField
    } else {
        ErrorCode::InvalidField
    };
    ApiError::new(code, format!("{field}: {reason}")).with_details(ErrorDetails {
        field: Some(field),
        reason: Some(reason.to_owned()),
        ..ErrorDetails::default()
    })
}

fn unknown_field_name(reason: &str) -> Option<&str> {
    let rest = reason.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
        limits: Limits,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Limits {
        max: i64,
    }

    fn err(body: &str) -> ApiError {
        parse_json::<Sample>(body.as_bytes()).unwrap_err()
    }

    #[test]
    fn malformed_json() {
        for body in [
            "",
            "  ",
            "{",
            "{\"name\":}",
            "{\"name\":\"x\",\"limits\":{\"max\":1}} trailing",
        ] {
            assert_eq!(
                err(body).code(),
                crate::error::ErrorCode::InvalidJson,
                "{body:?}"
            );
        }
    }

    #[test]
    fn wrong_type_names_the_nested_field() {
        let e = err(r#"{"name":"x","limits":{"max":"ten"}}"#);
        assert_eq!(e.code(), crate::error::ErrorCode::InvalidField);
        assert_eq!(e.body.details.unwrap().field.unwrap(), "limits.max");
    }

    #[test]
    fn missing_and_unknown_fields_are_named() {
        let e = err(r#"{"name":"x"}"#);
        assert_eq!(e.code(), crate::error::ErrorCode::InvalidField);
        assert!(e.body.message.contains("limits"), "{}", e.body.message);
        let e = err(r#"{"name":"x","limits":{"max":1},"admin":true}"#);
        assert_eq!(e.code(), crate::error::ErrorCode::UnknownField);
        assert_eq!(e.body.details.unwrap().field.unwrap(), "admin");
        let e = err(r#"{"name":"x","limits":{"max":1,"min":0}}"#);
        assert_eq!(e.body.details.unwrap().field.unwrap(), "limits.min");
    }
}
