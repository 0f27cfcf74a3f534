//! Where poem-openapi spells something in a way client generators stumble on, the document
//! says it their way:
//! - poem attaches a field's description to a reference by wrapping it: `allOf: [{$ref},
//!   {description}]`. Generators take `allOf` only of objects, so a wrapped reference to an
//!   enumeration or a union breaks them (openapi-python-client drops the whole schema). Those
//!   become plain references; the field's words give way to the type's own description.
//!   References to plain objects keep their wrapper.
//! - a free-form map of JSON values is `additionalProperties: {}`, which openapi-generator
//!   cannot type; `additionalProperties: true` says the same plainly.

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
