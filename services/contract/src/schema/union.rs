//! Unions with a `discriminator`: the variant it names must match.

use serde_json::{json, Map, Value};

use super::{Strict, SCHEMA_REF};

impl Strict<'_> {
    /// Turns a union with a `discriminator` into "the variant named by the discriminator
    /// must match": the same answers pass, and a failure lists that variant's errors
    /// instead of "matches none of the variants". Left as written when a variant's value
    /// cannot be told.
    pub(super) fn discriminate(&self, out: &mut Map<String, Value>) {
        let Some(discriminator) = out.get("discriminator") else {
            return;
        };
        let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
            return;
        };
        let property = property.to_owned();
        let mapping = discriminator
            .get("mapping")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let Some(key) = ["oneOf", "anyOf"]
            .into_iter()
            .find(|key| out.contains_key(*key))
        else {
            return;
        };
        let Some(variants) = out.get(key).and_then(Value::as_array) else {
            return;
        };
        let mut values = Vec::new();
        let mut branches = Vec::new();
        for variant in variants {
            let named = self.variant_values(variant, &property, &mapping);
            if named.is_empty() {
                return;
            }
            for value in named {
                branches.push(json!({
                    "if": { "required": [property], "properties": { &property: { "const": value } } },
                    "then": variant,
                }));
                values.push(value);
            }
        }
        out.remove(key);
        out.entry("type").or_insert_with(|| json!("object"));
        let mut all_of = vec![json!({
            "required": [property],
            "properties": { &property: { "type": "string", "enum": values } },
        })];
        all_of.extend(branches);
        match out.get_mut("allOf") {
            Some(Value::Array(existing)) => existing.extend(all_of),
            _ => {
                out.insert("allOf".into(), Value::Array(all_of));
            }
        }
    }

    /// The discriminator values that select `variant`: from the mapping, else the single
    /// `enum`/`const` the variant pins the property to, else (for a `$ref`) the schema name.
    fn variant_values(
        &self,
        variant: &Value,
        property: &str,
        mapping: &Map<String, Value>,
    ) -> Vec<String> {
        let reference = variant.get("$ref").and_then(Value::as_str);
        if let Some(reference) = reference {
            let mapped: Vec<String> = mapping
                .iter()
                .filter(|(_, target)| target.as_str() == Some(reference))
                .map(|(value, _)| value.clone())
                .collect();
            if !mapped.is_empty() {
                return mapped;
            }
        }
        let mut parts = Vec::new();
        if self.flatten(variant, &[], &mut Vec::new(), &mut Vec::new(), &mut parts) {
            let pinned = parts
                .iter()
                .find_map(|part| pinned_value(part.get("properties")?.get(property)?));
            if let Some(value) = pinned {
                return vec![value];
            }
        }
        reference
            .and_then(|reference| reference.strip_prefix(SCHEMA_REF))
            .map(|name| vec![name.to_owned()])
            .unwrap_or_default()
    }
}

fn pinned_value(schema: &Value) -> Option<String> {
    if let Some(value) = schema.get("const").and_then(Value::as_str) {
        return Some(value.to_owned());
    }
    match schema
        .get("enum")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([only]) => only.as_str().map(str::to_owned),
        _ => None,
    }
}
