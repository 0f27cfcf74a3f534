//! Response schemas compiled into validators, on first use, and their errors as text.

use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, ValidationError, Validator};
use serde_json::{json, Map, Value};

/// Longest rendering of one error; the body itself is shown once, at the end.
const MESSAGE_LIMIT: usize = 400;
/// How many errors of each union variant are listed when none matched.
const VARIANT_ERRORS: usize = 3;

/// A response schema (already made strict) and its validator, built on the first answer
/// that needs it: most tests touch few operations, and building them all would cost
/// every test binary.
pub(crate) struct LazySchema {
    schema: Value,
    validator: OnceLock<Result<Validator, String>>,
}

impl LazySchema {
    pub(crate) fn new(schema: Value) -> Self {
        Self {
            schema,
            validator: OnceLock::new(),
        }
    }

    /// The problems of `instance`, each with its JSON pointer. `components` is the strict
    /// `components` object that `#/components/schemas/…` references resolve in.
    pub(crate) fn problems(&self, components: &Value, instance: &Value) -> Vec<String> {
        match self
            .validator
            .get_or_init(|| build(&self.schema, components))
        {
            Ok(validator) => validator
                .iter_errors(instance)
                .map(|error| render(&error))
                .collect(),
            Err(error) => vec![format!(
                "the document's schema for this response does not compile: {error}"
            )],
        }
    }
}

/// The schema goes under `allOf` of a root that also holds `components`, so its references
/// resolve inside this one document and nothing is ever fetched.
fn build(schema: &Value, components: &Value) -> Result<Validator, String> {
    let mut root = Map::new();
    root.insert("allOf".into(), json!([schema]));
    root.insert("components".into(), components.clone());
    jsonschema::options()
        .with_draft(Draft::Draft7)
        .should_validate_formats(true)
        // Draft 7 knows no `uuid`; OpenAPI documents use it for ids.
        .with_format("uuid", is_uuid)
        .offline()
        .build(&Value::Object(root))
        .map_err(|error| error.to_string())
}

fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(at, byte)| match at {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

fn render(error: &ValidationError<'_>) -> String {
    let at = match error.instance_path().as_str() {
        "" => "(root)".to_owned(),
        pointer => pointer.to_owned(),
    };
    let (what, context) = match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } => ("oneOf", context),
        ValidationErrorKind::AnyOf { context } => ("anyOf", context),
        ValidationErrorKind::OneOfMultipleValid { context } => {
            return format!(
                "{at}: matches more than one of the {} oneOf variants",
                context.len()
            );
        }
        _ => return format!("{at}: {}", truncate(&error.to_string(), MESSAGE_LIMIT)),
    };
    // Say why each variant refused, or a failed union tells nothing.
    let mut out = format!(
        "{at}: matches none of the {} {what} variants",
        context.len()
    );
    for (index, errors) in context.iter().enumerate() {
        let listed: Vec<String> = errors.iter().take(VARIANT_ERRORS).map(render).collect();
        let more = errors.len().saturating_sub(VARIANT_ERRORS);
        out.push_str(&format!("\n      variant {index}: {}", listed.join("; ")));
        if more > 0 {
            out.push_str(&format!(" (and {more} more)"));
        }
    }
    out
}

/// `text` cut to at most `limit` bytes, on a character boundary.
pub(crate) fn truncate(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_owned();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_told_from_other_strings() {
        assert!(is_uuid("0191f0a4-6c2e-7a51-9b35-3c2b1f9e8d10"));
        assert!(!is_uuid("0191f0a4-6c2e-7a51-9b35-3c2b1f9e8d1"));
        assert!(!is_uuid("0191f0a46c2e-7a51-9b35-3c2b1f9e8d10-"));
        assert!(!is_uuid("acc_123"));
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("企业微信", 4), "企…");
    }
}
