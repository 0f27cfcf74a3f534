//! The strict reading of the document's schemas: OpenAPI 3.0 schema objects rewritten into
//! JSON Schema draft 7 that refuses what the document does not describe.
//!
//! - An object schema with `properties` and no word on `additionalProperties` is closed
//!   (`additionalProperties: false`), so undocumented fields are caught.
//! - `allOf` members that are objects (after following `$ref`s) are merged into one object
//!   first, so closing them does not make the parts refuse each other's fields.
//! - `oneOf`/`anyOf` members stay separate: each variant is closed on its own fields. With a
//!   `discriminator`, the union becomes "the variant named by the discriminator must match",
//!   which is what the keyword means and reports that variant's own errors.
//! - `nullable: true` also allows `null`; `writeOnly` properties may not appear in responses;
//!   OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` become draft 7 numbers;
//!   integer formats (`int32`, `uint64`…) become bounds.

mod keywords;
mod merge;
mod union;

use serde_json::{Map, Value};

/// How the document references its schemas; `allOf` merging follows only these.
const SCHEMA_REF: &str = "#/components/schemas/";

/// Rewrites schemas strictly; `schemas` is the document's `components/schemas`, as written.
pub(crate) struct Strict<'a> {
    schemas: &'a Map<String, Value>,
}

impl<'a> Strict<'a> {
    pub(crate) fn new(schemas: &'a Map<String, Value>) -> Self {
        Self { schemas }
    }

    /// Every component schema, rewritten; `$ref`s between them are kept.
    pub(crate) fn components(&self) -> Map<String, Value> {
        self.schemas
            .iter()
            .map(|(name, schema)| (name.clone(), self.schema(schema)))
            .collect()
    }

    pub(crate) fn schema(&self, schema: &Value) -> Value {
        self.walk(schema, &mut Vec::new())
    }

    /// `inlined` names the components merged into the schema on the way here, so a
    /// self-referencing `allOf` is left alone instead of being inlined forever.
    fn walk(&self, node: &Value, inlined: &mut Vec<String>) -> Value {
        let Some(object) = node.as_object() else {
            return node.clone();
        };
        // OpenAPI 3.0 (like draft 7) ignores a `$ref`'s siblings: the target decides.
        if object.contains_key("$ref") {
            return node.clone();
        }
        if let Some((merged, refs)) = self.merge_all_of(object, inlined) {
            let depth = inlined.len();
            inlined.extend(refs);
            let out = self.walk(&Value::Object(merged), inlined);
            inlined.truncate(depth);
            return out;
        }
        let mut out = object.clone();
        self.walk_children(&mut out, inlined);
        keywords::drop_write_only(&mut out, object);
        close(&mut out);
        keywords::draft7_exclusive_bounds(&mut out);
        keywords::integer_format_bounds(&mut out);
        self.discriminate(&mut out);
        keywords::allow_null(out)
    }

    fn walk_children(&self, out: &mut Map<String, Value>, inlined: &mut Vec<String>) {
        for key in ["items", "additionalProperties", "not"] {
            if let Some(child) = out.get_mut(key).filter(|child| child.is_object()) {
                *child = self.walk(child, inlined);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = out.get_mut(key) {
                for member in members.iter_mut() {
                    *member = self.walk(member, inlined);
                }
            }
        }
        for key in ["properties", "patternProperties"] {
            if let Some(Value::Object(children)) = out.get_mut(key) {
                for child in children.values_mut() {
                    *child = self.walk(child, inlined);
                }
            }
        }
    }
}

/// The strict rule. A schema that also has `oneOf`/`anyOf` beside its `properties` is left
/// open: its fields are spread over the variants and closing either side would refuse the other.
fn close(out: &mut Map<String, Value>) {
    let declares = out.contains_key("properties");
    let union = out.contains_key("oneOf") || out.contains_key("anyOf");
    if declares && !union && !out.contains_key("additionalProperties") {
        out.insert("additionalProperties".into(), Value::Bool(false));
    }
}

#[cfg(test)]
mod tests;
