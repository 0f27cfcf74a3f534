//! `allOf` members merged into one object, so that closing it does not make the parts
//! refuse each other's fields.

use serde_json::{json, Map, Value};

use super::{Strict, SCHEMA_REF};

/// Keywords that describe and never constrain; dropped from merged `allOf` members.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "xml",
    "discriminator",
    "nullable",
];

impl Strict<'_> {
    /// The `allOf` of `object` merged into one object schema, with the names of the
    /// components it inlined; `None` when there is nothing to merge (fewer than two object
    /// parts) or the parts cannot be merged (a member with `oneOf`, a non-object type, open
    /// `additionalProperties`, a `$ref` cycle): then the `allOf` is kept as written.
    pub(super) fn merge_all_of(
        &self,
        object: &Map<String, Value>,
        inlined: &[String],
    ) -> Option<(Map<String, Value>, Vec<String>)> {
        let members = object.get("allOf")?.as_array()?;
        let mut refs = Vec::new();
        let mut parts = Vec::new();
        for member in members {
            if !self.flatten(member, inlined, &mut Vec::new(), &mut refs, &mut parts) {
                return None;
            }
        }
        let mut own = object.clone();
        own.remove("allOf");
        let structural = parts
            .iter()
            .chain([&own])
            .filter(|part| is_object_part(part))
            .count();
        if structural < 2 || !parts.iter().chain([&own]).all(mergeable) {
            return None;
        }

        let mut properties = Map::new();
        let mut required: Vec<Value> = Vec::new();
        let mut residue = Vec::new();
        for mut part in parts.into_iter().chain([own.clone()]) {
            take_object_part(&mut part, &mut properties, &mut required);
            part.retain(|key, _| !ANNOTATIONS.contains(&key.as_str()) && !key.starts_with("x-"));
            if !part.is_empty() {
                residue.push(Value::Object(part));
            }
        }
        // The node's own annotations (description, nullable…) stay on the merged schema.
        let mut merged: Map<String, Value> = own
            .into_iter()
            .filter(|(key, _)| ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-"))
            .collect();
        merged.insert("type".into(), json!("object"));
        merged.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            merged.insert("required".into(), Value::Array(required));
        }
        if !residue.is_empty() {
            merged.insert("allOf".into(), Value::Array(residue));
        }
        Some((merged, refs))
    }

    /// Pushes onto `parts` the schemas an `allOf` member stands for: `$ref`s followed and
    /// nested `allOf`s opened. `false` on a cycle or an unresolvable reference.
    pub(super) fn flatten(
        &self,
        member: &Value,
        inlined: &[String],
        stack: &mut Vec<String>,
        refs: &mut Vec<String>,
        parts: &mut Vec<Map<String, Value>>,
    ) -> bool {
        if let Some(reference) = member.get("$ref").and_then(Value::as_str) {
            let Some(name) = reference.strip_prefix(SCHEMA_REF) else {
                return false;
            };
            if inlined.iter().chain(stack.iter()).any(|seen| seen == name) {
                return false;
            }
            // A component reached twice (a diamond) adds nothing the second time.
            if refs.iter().any(|seen| seen == name) {
                return true;
            }
            let Some(target) = self.schemas.get(name) else {
                return false;
            };
            refs.push(name.to_owned());
            stack.push(name.to_owned());
            let flat = self.flatten(target, inlined, stack, refs, parts);
            stack.pop();
            return flat;
        }
        let Some(object) = member.as_object() else {
            return false;
        };
        let mut rest = object.clone();
        if let Some(Value::Array(inner)) = rest.remove("allOf") {
            for member in &inner {
                if !self.flatten(member, inlined, stack, refs, parts) {
                    return false;
                }
            }
        }
        parts.push(rest);
        true
    }
}

/// A part that contributes object structure to an `allOf`.
fn is_object_part(part: &Map<String, Value>) -> bool {
    let non_empty = |key: &str| match part.get(key) {
        Some(Value::Object(map)) => !map.is_empty(),
        Some(Value::Array(list)) => !list.is_empty(),
        _ => false,
    };
    non_empty("properties") || non_empty("required") || part.get("type") == Some(&json!("object"))
}

fn mergeable(part: &Map<String, Value>) -> bool {
    let no_union = ["oneOf", "anyOf", "not", "allOf"]
        .iter()
        .all(|key| !part.contains_key(*key));
    let object_type = part.get("type").is_none_or(|ty| ty == "object");
    let closed = part
        .get("additionalProperties")
        .is_none_or(|extra| extra == false);
    no_union && object_type && closed
}

/// Moves `properties` and `required` of `part` into the merged ones; a property declared
/// by two parts must satisfy both.
fn take_object_part(
    part: &mut Map<String, Value>,
    properties: &mut Map<String, Value>,
    required: &mut Vec<Value>,
) {
    if let Some(Value::Object(own)) = part.remove("properties") {
        for (name, schema) in own {
            let combined = match properties.remove(&name) {
                Some(earlier) if earlier != schema => json!({ "allOf": [earlier, schema] }),
                _ => schema,
            };
            properties.insert(name, combined);
        }
    }
    if let Some(Value::Array(names)) = part.remove("required") {
        for name in names {
            if !required.contains(&name) {
                required.push(name);
            }
        }
    }
    part.remove("type");
    part.remove("additionalProperties");
}
