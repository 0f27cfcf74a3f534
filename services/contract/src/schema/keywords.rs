//! Single keywords read the OpenAPI 3.0 way, written the draft 7 way.

use serde_json::{json, Map, Value};

/// Bounds implied by integer formats, applied where the schema sets none of its own.
const INTEGER_FORMATS: &[(&str, i64, u64)] = &[
    ("int8", i8::MIN as i64, i8::MAX as u64),
    ("int16", i16::MIN as i64, i16::MAX as u64),
    ("int32", i32::MIN as i64, i32::MAX as u64),
    ("int64", i64::MIN, i64::MAX as u64),
    ("uint8", 0, u8::MAX as u64),
    ("uint16", 0, u16::MAX as u64),
    ("uint32", 0, u32::MAX as u64),
    ("uint64", 0, u64::MAX),
];

/// A response must not carry a `writeOnly` property, and cannot be required to.
pub(super) fn drop_write_only(out: &mut Map<String, Value>, written: &Map<String, Value>) {
    let Some(Value::Object(properties)) = written.get("properties") else {
        return;
    };
    let hidden: Vec<&String> = properties
        .iter()
        .filter(|(_, schema)| schema.get("writeOnly") == Some(&Value::Bool(true)))
        .map(|(name, _)| name)
        .collect();
    if hidden.is_empty() {
        return;
    }
    if let Some(Value::Object(properties)) = out.get_mut("properties") {
        properties.retain(|name, _| !hidden.contains(&name));
    }
    if let Some(Value::Array(required)) = out.get_mut("required") {
        required.retain(|name| !hidden.iter().any(|hidden| name == hidden.as_str()));
    }
}

pub(super) fn draft7_exclusive_bounds(out: &mut Map<String, Value>) {
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match out.get(exclusive) {
            Some(Value::Bool(true)) => match out.remove(inclusive) {
                Some(limit) => {
                    out.insert(exclusive.into(), limit);
                }
                None => {
                    out.remove(exclusive);
                }
            },
            Some(Value::Bool(false)) => {
                out.remove(exclusive);
            }
            _ => {}
        }
    }
}

pub(super) fn integer_format_bounds(out: &mut Map<String, Value>) {
    if out.get("type") != Some(&json!("integer")) {
        return;
    }
    let format = out.get("format").and_then(Value::as_str);
    let Some(&(_, low, high)) = INTEGER_FORMATS
        .iter()
        .find(|(name, _, _)| Some(*name) == format)
    else {
        return;
    };
    if !out.contains_key("minimum") && !out.contains_key("exclusiveMinimum") {
        out.insert("minimum".into(), json!(low));
    }
    if !out.contains_key("maximum") && !out.contains_key("exclusiveMaximum") {
        out.insert("maximum".into(), json!(high));
    }
}

/// `nullable: true` lets `null` through and applies the schema to everything else; written
/// as if/then rather than anyOf so a non-null value's errors are reported as they are.
pub(super) fn allow_null(mut out: Map<String, Value>) -> Value {
    match out.remove("nullable") {
        Some(Value::Bool(true)) => json!({ "if": { "not": { "type": "null" } }, "then": out }),
        _ => Value::Object(out),
    }
}
