//! The parts of the OpenAPI document that answers are checked against, read once.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::compile::LazySchema;
use crate::paths::Template;
use crate::schema::Strict;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub(crate) struct Document {
    /// Most specific first, so the first template that matches wins.
    pub(crate) paths: Vec<PathItem>,
    /// `{"schemas": …}`, made strict: what `#/components/schemas/…` resolves in.
    pub(crate) components: Value,
}

pub(crate) struct PathItem {
    pub(crate) template: Template,
    /// By lower-case method.
    pub(crate) operations: HashMap<String, Operation>,
}

pub(crate) struct Operation {
    pub(crate) id: Option<String>,
    /// By the key as written: "200", "4XX", "default".
    pub(crate) responses: HashMap<String, Response>,
}

pub(crate) struct Response {
    /// Empty when the response declares no content: then the body must be empty.
    pub(crate) media: Vec<Media>,
    pub(crate) required_headers: Vec<String>,
    /// `x-error-codes`: the `code` values an error body may carry.
    pub(crate) error_codes: Option<Vec<String>>,
}

pub(crate) struct Media {
    pub(crate) name: String,
    /// Lower case, parameters dropped: `application/json`.
    pub(crate) essence: String,
    pub(crate) schema: Option<LazySchema>,
}

impl Document {
    pub(crate) fn parse(doc: &Value) -> Result<Self, String> {
        let version = doc
            .get("openapi")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !version.starts_with("3.0") {
            return Err(format!(
                "expected an OpenAPI 3.0 document, found openapi = {version:?}"
            ));
        }
        let empty = Map::new();
        let schemas = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let strict = Strict::new(schemas);
        let paths = doc
            .get("paths")
            .and_then(Value::as_object)
            .ok_or("the document has no `paths` object")?;
        let mut items = paths
            .iter()
            .map(|(raw, item)| PathItem::parse(doc, &strict, raw, item))
            .collect::<Result<Vec<_>, _>>()?;
        items.sort_by_key(|item| item.template.specificity());
        Ok(Self {
            paths: items,
            components: json!({ "schemas": strict.components() }),
        })
    }
}

impl PathItem {
    fn parse(doc: &Value, strict: &Strict<'_>, raw: &str, item: &Value) -> Result<Self, String> {
        let item = resolve(doc, item).map_err(|error| format!("paths.{raw}: {error}"))?;
        let mut operations = HashMap::new();
        for method in METHODS {
            if let Some(operation) = item.get(*method) {
                let parsed = Operation::parse(doc, strict, operation)
                    .map_err(|error| format!("paths.{raw}.{method}: {error}"))?;
                operations.insert((*method).to_owned(), parsed);
            }
        }
        Ok(Self {
            template: Template::parse(raw),
            operations,
        })
    }
}

impl Operation {
    fn parse(doc: &Value, strict: &Strict<'_>, operation: &Value) -> Result<Self, String> {
        let id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let empty = Map::new();
        let declared = operation
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut responses = HashMap::new();
        for (status, response) in declared {
            let parsed = Response::parse(doc, strict, response)
                .map_err(|error| format!("responses.{status}: {error}"))?;
            responses.insert(status.clone(), parsed);
        }
        Ok(Self { id, responses })
    }
}

impl Response {
    fn parse(doc: &Value, strict: &Strict<'_>, response: &Value) -> Result<Self, String> {
        let response = resolve(doc, response)?;
        let empty = Map::new();
        let content = response
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let media = content
            .iter()
            .map(|(name, media)| {
                let media = resolve(doc, media)?;
                Ok(Media {
                    name: name.clone(),
                    essence: essence(name),
                    schema: media
                        .get("schema")
                        .map(|schema| LazySchema::new(strict.schema(schema))),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let headers = response
            .get("headers")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut required_headers = Vec::new();
        for (name, header) in headers {
            let header =
                resolve(doc, header).map_err(|error| format!("headers.{name}: {error}"))?;
            if header.get("required") == Some(&Value::Bool(true)) {
                required_headers.push(name.clone());
            }
        }
        let error_codes = response
            .get("x-error-codes")
            .and_then(Value::as_array)
            .map(|codes| {
                codes
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            });
        Ok(Self {
            media,
            required_headers,
            error_codes,
        })
    }
}

/// `application/json; charset=utf-8` → `application/json`.
pub(crate) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Follows local `$ref`s (responses, headers, media types, path items) to what they name.
fn resolve<'a>(doc: &'a Value, mut node: &'a Value) -> Result<&'a Value, String> {
    for _ in 0..32 {
        let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
            return Ok(node);
        };
        let pointer = reference
            .strip_prefix('#')
            .ok_or_else(|| format!("only local references are supported: {reference}"))?;
        node = doc
            .pointer(pointer)
            .ok_or_else(|| format!("unresolved reference {reference}"))?;
    }
    Err("a chain of more than 32 references".to_owned())
}
