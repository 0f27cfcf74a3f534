//! The NUL character is refused wherever text enters — query and path parameters here, JSON
//! bodies in `json_body` — with a 400 naming the field, so both backends behave the same
//! (PostgreSQL cannot store it in text; SQLite would keep it) and no handler has to think of it.

use fleet_core::ValidationError;
use poem::{Endpoint, IntoResponse, Request, Response};
use serde_json::Value;

use crate::error::{ApiError, ErrorCode, ErrorDetails};

const REASON: &str = "must not contain the NUL character";

/// The JSON path (`messages[3].content.text`, or a key's own path) of the first string or
/// key holding a NUL.
pub fn nul_in_json(value: &Value) -> Option<String> {
    fn walk(value: &Value, path: &str) -> Option<String> {
        match value {
            Value::String(text) if text.contains('\0') => Some(path.to_owned()),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| walk(item, &format!("{path}[{i}]"))),
            Value::Object(map) => map.iter().find_map(|(key, item)| {
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if key.contains('\0') {
                    Some(here)
                } else {
                    walk(item, &here)
                }
            }),
            _ => None,
        }
    }
    walk(value, "")
}

pub fn nul_field(field: &str) -> ApiError {
    ApiError::validation(ValidationError::new("body", REASON)).with_details(ErrorDetails {
        field: Some(field.to_owned()),
        reason: Some(REASON.to_owned()),
        ..ErrorDetails::default()
    })
}

/// The query parameter (or `path`) whose decoded text holds a NUL.
fn nul_in_uri(req: &Request) -> Option<String> {
    let decoded_path = percent_decoded(req.uri().path());
    if decoded_path.contains('\0') {
        return Some("path".into());
    }
    let query = req.uri().query().unwrap_or_default();
    form_pairs(query)
        .find(|(key, value)| key.contains('\0') || value.contains('\0'))
        .map(|(key, _)| key.replace('\0', "\\0"))
}

pub async fn refuse_nul<E: Endpoint>(ep: E, req: Request) -> poem::Result<Response> {
    if let Some(field) = nul_in_uri(&req) {
        let err = ApiError::new(ErrorCode::InvalidParameter, format!("`{field}` {REASON}"))
            .with_details(ErrorDetails {
                field: Some(field),
                reason: Some(REASON.to_owned()),
                ..ErrorDetails::default()
            });
        return Ok(err.into_response());
    }
    ep.call(req).await.map(IntoResponse::into_response)
}

fn percent_decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// `application/x-www-form-urlencoded` pairs, percent-decoded.
fn form_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned()))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn json_paths_name_the_string_or_key_holding_nul() {
        assert_eq!(
            nul_in_json(&json!({ "a": "fine", "b": ["x", "y\u{0}"] })).as_deref(),
            Some("b[1]")
        );
        assert_eq!(
            nul_in_json(&json!({ "c": { "k\u{0}": 1 } })).as_deref(),
            Some("c.k\u{0}")
        );
        assert_eq!(nul_in_json(&json!({ "a": "\u{0}" })).as_deref(), Some("a"));
        assert_eq!(nul_in_json(&json!({ "a": ["no", { "b": 1 }] })), None);
    }

    #[test]
    fn uris_name_the_parameter_holding_nul() {
        let req = |uri: &str| {
            Request::builder()
                .uri(uri.parse().unwrap_or_default())
                .finish()
        };
        assert_eq!(
            nul_in_uri(&req("/a?x=1&account_id=%00")).as_deref(),
            Some("account_id")
        );
        assert_eq!(
            nul_in_uri(&req("/accounts/abc%00")).as_deref(),
            Some("path")
        );
        assert_eq!(nul_in_uri(&req("/a?x=%2500")), None);
        assert_eq!(nul_in_uri(&req("/a?x=1")), None);
    }
}
