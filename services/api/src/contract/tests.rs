use std::collections::BTreeSet;

use serde_json::Value;

use super::{document, errors::SPECIFIC};

fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            found.push((method.to_uppercase(), path.clone(), op.clone()));
        }
    }
    found
}

fn doc() -> Value {
    serde_json::from_str(&document()).unwrap_or_default()
}

/// `accounts_create`, `alert_rules_list`: snake case, unique, and each names its operation.
#[test]
fn every_operation_has_a_unique_snake_case_id() {
    let doc = doc();
    let mut seen = BTreeSet::new();
    for (method, path, op) in operations(&doc) {
        let id = op["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
        assert!(
            !id.is_empty()
                && id
                    .split('_')
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())),
            "{method} {path}: `{id}` is not snake case"
        );
        assert!(seen.insert(id.to_owned()), "`{id}` is used twice");
    }
}

#[test]
fn the_specific_error_table_names_only_real_operations() {
    let doc = doc();
    let ids: BTreeSet<String> = operations(&doc)
        .iter()
        .filter_map(|(_, _, op)| op["operationId"].as_str().map(str::to_owned))
        .collect();
    for (id, _) in SPECIFIC {
        assert!(ids.contains(*id), "no operation `{id}`");
    }
}

/// No `default` catch-all: every error status is explicit, with the `Error` schema, its codes
/// and `X-Request-Id`; 429 and 503 document `Retry-After`.
#[test]
fn error_responses_are_explicit_and_share_one_schema() {
    let doc = doc();
    for (method, path, op) in operations(&doc) {
        let responses = op["responses"].as_object().cloned().unwrap_or_default();
        assert!(!responses.contains_key("default"), "{method} {path}");
        for (status, response) in &responses {
            assert!(
                response["headers"]["X-Request-Id"].is_object(),
                "{method} {path} {status}"
            );
            if !status.starts_with('4') && !status.starts_with('5') {
                continue;
            }
            if path.starts_with("/api/") {
                let schema = &response["content"]["application/json; charset=utf-8"]["schema"];
                assert_eq!(
                    schema["$ref"], "#/components/schemas/ApiError",
                    "{method} {path}"
                );
                assert!(response["x-error-codes"]
                    .as_array()
                    .is_some_and(|c| !c.is_empty()));
            }
            if status == "429" || status == "503" {
                assert!(
                    response["headers"]["Retry-After"].is_object(),
                    "{method} {path}"
                );
            }
        }
        if path.starts_with("/api/") {
            assert!(
                responses.keys().any(|s| s.starts_with('4')),
                "{method} {path} documents no 4xx"
            );
        }
    }
}
