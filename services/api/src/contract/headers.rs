//! Response headers that every operation shares: `X-Request-Id` on every response, and
//! `Retry-After` on 429 and 503.

use serde_json::{json, Value};

pub(super) fn add_response_headers(operation: &mut Value) {
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (status, response) in responses.iter_mut() {
        let Some(response) = response.as_object_mut() else {
            continue;
        };
        let headers = response
            .entry("headers")
            .or_insert_with(|| json!({}))
            .as_object_mut();
        let Some(headers) = headers else { continue };
        // poem-openapi spells declared headers in capitals; HTTP's usual spelling reads better
        // in generated clients and docs.
        let declared: Vec<(String, Value)> = std::mem::take(headers).into_iter().collect();
        for (name, header) in declared {
            headers.insert(title_case(&name), header);
        }
        headers.insert(
            "X-Request-Id".into(),
            json!({ "$ref": "#/components/headers/RequestId" }),
        );
        if status == "429" || status == "503" {
            headers.insert(
                "Retry-After".into(),
                json!({ "$ref": "#/components/headers/RetryAfter" }),
            );
        }
    }
}

pub(super) fn add_header_components(doc: &mut Value) {
    let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) else {
        return;
    };
    components.insert(
        "headers".into(),
        json!({
            "RequestId": {
                "description": "Identifies the request in the service's logs and in error bodies. \
                    Sent back as given when the request carried a sane `X-Request-Id` \
                    (1–128 of letters, digits and `-_.:`), otherwise generated.",
                "required": true,
                "schema": { "type": "string", "maxLength": 128 }
            },
            "RetryAfter": {
                "description": "Seconds to wait before trying again.",
                "required": true,
                "schema": { "type": "integer", "minimum": 0 }
            }
        }),
    );
}

/// `IDEMPOTENT-REPLAYED` → `Idempotent-Replayed`.
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}
