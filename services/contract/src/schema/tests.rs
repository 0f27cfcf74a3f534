//! The shape of the rewritten schemas.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Map, Value};

use super::Strict;

fn components(schemas: Value) -> Map<String, Value> {
    let Value::Object(schemas) = schemas else {
        panic!("schemas must be an object")
    };
    Strict::new(&schemas).components()
}

#[test]
fn objects_with_properties_are_closed_and_others_left_open() {
    let out = components(json!({
        "Closed": { "type": "object", "properties": { "a": { "type": "string" } } },
        "Open": { "type": "object", "properties": { "a": {} }, "additionalProperties": true },
        "Map": { "type": "object", "additionalProperties": { "type": "integer" } },
        "Any": { "type": "object" },
    }));
    assert_eq!(out["Closed"]["additionalProperties"], json!(false));
    assert_eq!(out["Open"]["additionalProperties"], json!(true));
    assert_eq!(
        out["Map"]["additionalProperties"],
        json!({ "type": "integer" })
    );
    assert_eq!(out["Any"], json!({ "type": "object" }));
}

#[test]
fn all_of_objects_are_merged_before_closing() {
    let out = components(json!({
        "Base": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } },
        "Both": {
            "description": "Base and more.",
            "allOf": [
                { "$ref": "#/components/schemas/Base" },
                { "type": "object", "required": ["n"], "properties": { "n": { "type": "integer", "minimum": 1 } }, "minProperties": 2 },
            ],
        },
    }));
    assert_eq!(
        out["Both"],
        json!({
            "description": "Base and more.",
            "type": "object",
            "properties": { "id": { "type": "string" }, "n": { "type": "integer", "minimum": 1 } },
            "required": ["id", "n"],
            "allOf": [{ "minProperties": 2 }],
            "additionalProperties": false,
        })
    );
}

#[test]
fn a_reference_wrapped_for_its_description_is_not_inlined() {
    let wrapped =
        json!({ "allOf": [{ "$ref": "#/components/schemas/Node" }], "description": "The parent." });
    let out = components(json!({
        "Node": { "type": "object", "properties": { "parent": wrapped } },
    }));
    assert_eq!(out["Node"]["properties"]["parent"], wrapped);
}

#[test]
fn all_of_cycles_are_left_as_written() {
    let out = components(json!({
        "A": { "allOf": [{ "$ref": "#/components/schemas/B" }, { "type": "object", "properties": { "a": {} } }] },
        "B": { "allOf": [{ "$ref": "#/components/schemas/A" }, { "type": "object", "properties": { "b": {} } }] },
    }));
    assert!(out["A"]["allOf"].is_array(), "{}", out["A"]);
}

#[test]
fn a_property_declared_twice_must_satisfy_both() {
    let out = components(json!({
        "Pinned": {
            "allOf": [
                { "type": "object", "properties": { "kind": { "type": "string", "enum": ["a"] } } },
                { "type": "object", "properties": { "kind": { "type": "string" } } },
            ],
        },
    }));
    assert_eq!(
        out["Pinned"]["properties"]["kind"]["allOf"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn nullable_becomes_if_not_null_then() {
    let out =
        components(json!({ "N": { "type": "string", "nullable": true, "format": "date-time" } }));
    assert_eq!(
        out["N"],
        json!({ "if": { "not": { "type": "null" } }, "then": { "type": "string", "format": "date-time" } })
    );
}

#[test]
fn openapi_3_0_bounds_become_draft_7_bounds() {
    let out = components(json!({
        "Exclusive": { "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 9, "exclusiveMaximum": false },
        "Small": { "type": "integer", "format": "int32" },
        "Count": { "type": "integer", "format": "uint64", "minimum": 1 },
    }));
    assert_eq!(
        out["Exclusive"],
        json!({ "type": "number", "exclusiveMinimum": 0, "maximum": 9 })
    );
    assert_eq!(out["Small"]["minimum"], json!(i32::MIN));
    assert_eq!(out["Small"]["maximum"], json!(i32::MAX));
    assert_eq!(out["Count"]["minimum"], json!(1));
    assert_eq!(out["Count"]["maximum"], json!(u64::MAX));
}

#[test]
fn a_discriminated_union_selects_its_variant_by_the_discriminator() {
    let out = components(json!({
        "U": {
            "type": "object",
            "anyOf": [{ "$ref": "#/components/schemas/U_A" }, { "$ref": "#/components/schemas/B" }],
            "discriminator": { "propertyName": "t", "mapping": { "a": "#/components/schemas/U_A" } },
        },
        "U_A": { "type": "object", "properties": { "t": { "type": "string", "enum": ["a"] } } },
        "B": { "type": "object", "properties": { "x": {} } },
    }));
    let all_of = out["U"]["allOf"].as_array().unwrap();
    assert!(out["U"].get("anyOf").is_none());
    assert_eq!(all_of[0]["properties"]["t"]["enum"], json!(["a", "B"]));
    assert_eq!(
        all_of[1]["then"],
        json!({ "$ref": "#/components/schemas/U_A" })
    );
    // B pins nothing and is not mapped: OpenAPI's implicit value is the schema's name.
    assert_eq!(all_of[2]["if"]["properties"]["t"]["const"], json!("B"));
}

#[test]
fn a_union_beside_properties_is_left_open() {
    let out = components(json!({
        "Mixed": { "properties": { "a": {} }, "oneOf": [{ "type": "object" }] },
    }));
    assert!(out["Mixed"].get("additionalProperties").is_none());
}
