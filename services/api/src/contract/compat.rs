//! Where poem-openapi spells something in a way client generators stumble on, the document
//! says it their way:
//! - poem attaches a field's description to a reference by wrapping it: `allOf: [{$ref},
//!   {description}]`. Generators take `allOf` only of objects, so a wrapped reference to an
//!   enumeration or a union breaks them (openapi-python-client drops the whole schema). Those
//!   become plain references; the field's words give way to the type's own description.
//!   References to plain objects keep their wrapper.
//! - a free-form map of JSON values is `additionalProperties: {}`, which openapi-generator
//!   cannot type; `additionalProperties: true` says the same plainly.
//! - request bodies refuse unknown fields (`400 unknown_field`), which poem does not write
//!   down: the objects a request body is made of say `additionalProperties: false`. Objects
//!   that are one part of an `allOf` (the common fields of a union) stay open, since closing
//!   them would refuse the other part's fields.

use serde_json::{Map, Value};

/// Keys that only annotate a schema.
const ANNOTATIONS: [&str; 6] = [
    "description",
    "default",
    "example",
    "title",
    "readOnly",
    "deprecated",
];

pub(super) fn unwrap_references(doc: &mut Value) {
    let schemas = doc["components"]["schemas"].clone();
    unwrap_in(doc, &schemas);
}

pub(super) fn close_request_objects(doc: &mut Value) {
    let mut names = Vec::new();
    for item in doc["paths"]
        .as_object()
        .into_iter()
        .flat_map(|p| p.values())
    {
        for operation in item.as_object().into_iter().flat_map(|m| m.values()) {
            collect_refs(&operation["requestBody"], &mut names);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = names.pop() {
        if seen.insert(name.clone()) {
            collect_refs(&doc["components"]["schemas"][&name], &mut names);
        }
    }
    let mut parts = Vec::new();
    collect_all_of_parts(&doc["components"]["schemas"], &mut parts);
    let Some(schemas) = doc["components"]["schemas"].as_object_mut() else {
        return;
    };
    for name in seen.difference(&parts.into_iter().collect()) {
        if let Some(schema) = schemas.get_mut(name).and_then(Value::as_object_mut) {
            if schema.contains_key("properties") && !schema.contains_key("additionalProperties") {
                schema.insert("additionalProperties".into(), Value::Bool(false));
            }
        }
    }
}

/// The schema names `node` refers to.
fn collect_refs(node: &Value, names: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(name) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                names.push(name.to_owned());
            }
            map.values().for_each(|child| collect_refs(child, names));
        }
        Value::Array(items) => items.iter().for_each(|i| collect_refs(i, names)),
        _ => {}
    }
}

/// Schemas that are a part of some `allOf`.
fn collect_all_of_parts(node: &Value, names: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(parts) = map.get("allOf") {
                collect_refs(parts, names);
            }
            map.values()
                .for_each(|child| collect_all_of_parts(child, names));
        }
        Value::Array(items) => items.iter().for_each(|i| collect_all_of_parts(i, names)),
        _ => {}
    }
}

pub(super) fn plain_free_form_maps(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if map.get("additionalProperties") == Some(&Value::Object(Map::new())) {
                map.insert("additionalProperties".into(), Value::Bool(true));
            }
            map.values_mut().for_each(plain_free_form_maps);
        }
        Value::Array(items) => items.iter_mut().for_each(plain_free_form_maps),
        _ => {}
    }
}

fn unwrap_in(node: &mut Value, schemas: &Value) {
    match node {
        Value::Object(map) => {
            if let Some(target) = wrapped_reference(map, schemas) {
                *node = target;
                return;
            }
            for child in map.values_mut() {
                unwrap_in(child, schemas);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| unwrap_in(i, schemas)),
        _ => {}
    }
}

/// `Some({$ref})` when `map` is an annotated reference to something that is not a plain
/// object.
fn wrapped_reference(map: &Map<String, Value>, schemas: &Value) -> Option<Value> {
    let parts = map.get("allOf")?.as_array()?;
    let [reference, annotations] = parts.as_slice() else {
        return None;
    };
    let target = reference.get("$ref")?.as_str()?;
    let only_annotations = annotations
        .as_object()?
        .keys()
        .all(|k| ANNOTATIONS.contains(&k.as_str()));
    let rest_annotates = map
        .keys()
        .all(|k| k == "allOf" || ANNOTATIONS.contains(&k.as_str()));
    let name = target.strip_prefix("#/components/schemas/")?;
    let plain_object = schemas[name].get("properties").is_some()
        && schemas[name].get("oneOf").is_none()
        && schemas[name].get("allOf").is_none();
    (only_annotations && rest_annotates && !plain_object).then(|| reference.clone())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn references_to_enums_and_unions_lose_their_wrapper_and_objects_keep_it() {
        let mut doc = json!({
            "components": { "schemas": {
                "Kind": { "type": "string", "enum": ["a"] },
                "Union": { "oneOf": [{ "$ref": "#/components/schemas/Thing" }] },
                "Thing": { "type": "object", "properties": { "x": { "type": "string" } } },
                "Holder": { "type": "object", "properties": {
                    "kind": { "allOf": [{ "$ref": "#/components/schemas/Kind" }, { "description": "d" }], "description": "d" },
                    "union": { "allOf": [{ "$ref": "#/components/schemas/Union" }, { "description": "d" }] },
                    "thing": { "allOf": [{ "$ref": "#/components/schemas/Thing" }, { "description": "d" }] }
                }}
            }}
        });
        unwrap_references(&mut doc);
        let holder = &doc["components"]["schemas"]["Holder"]["properties"];
        assert_eq!(
            holder["kind"],
            json!({ "$ref": "#/components/schemas/Kind" })
        );
        assert_eq!(
            holder["union"],
            json!({ "$ref": "#/components/schemas/Union" })
        );
        assert!(holder["thing"]["allOf"].is_array());
    }

    #[test]
    fn request_objects_are_closed_except_parts_of_unions() {
        let mut doc = json!({
            "paths": { "/x": { "post": { "requestBody": { "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/Body" } } } } } } },
            "components": { "schemas": {
                "Body": { "type": "object", "properties": { "inner": { "$ref": "#/components/schemas/Inner" },
                          "union": { "$ref": "#/components/schemas/Union" } } },
                "Inner": { "type": "object", "properties": { "x": { "type": "string" } } },
                "Union": { "oneOf": [{ "$ref": "#/components/schemas/Variant" }] },
                "Variant": { "allOf": [{ "$ref": "#/components/schemas/Common" }, { "type": "object" }] },
                "Common": { "type": "object", "properties": { "c": { "type": "string" } } },
                "Answer": { "type": "object", "properties": { "y": { "type": "string" } } }
            }}
        });
        close_request_objects(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["Body"]["additionalProperties"], json!(false));
        assert_eq!(schemas["Inner"]["additionalProperties"], json!(false));
        assert!(schemas["Common"].get("additionalProperties").is_none());
        assert!(schemas["Answer"].get("additionalProperties").is_none());
    }

    #[test]
    fn free_form_maps_say_so_plainly() {
        let mut doc = json!({ "a": { "type": "object", "additionalProperties": {} },
                              "b": { "additionalProperties": { "type": "string" } } });
        plain_free_form_maps(&mut doc);
        assert_eq!(doc["a"]["additionalProperties"], json!(true));
        assert_eq!(
            doc["b"]["additionalProperties"],
            json!({ "type": "string" })
        );
    }
}
