//! A `405 Method Not Allowed` says which methods the path takes (`Allow`, as HTTP asks), read
//! from the same document the routes are built from, plus the few routes outside it.

use std::sync::Arc;

use poem::{http::HeaderValue, Endpoint, IntoResponse, Request, Response};
use serde_json::Value;

/// Routes served beside the document's operations, with their methods.
const OTHER_ROUTES: &[(&str, &[&str])] = &[
    ("/callbacks/provider/{account_id}", &["POST"]),
    ("/callbacks/wecom/{account_id}", &["GET", "POST"]),
    ("/metrics", &["GET"]),
    ("/docs", &["GET"]),
    ("/openapi.json", &["GET"]),
];

/// Path templates (split into segments; `{x}` matches any one segment) and their methods.
#[derive(Debug, Default)]
pub struct AllowedMethods {
    routes: Vec<(Vec<String>, Vec<String>)>,
}

impl AllowedMethods {
    pub fn from_document(document: &str) -> Self {
        let doc: Value = serde_json::from_str(document).unwrap_or_default();
        let mut routes: Vec<(Vec<String>, Vec<String>)> = doc["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(path, item)| {
                let methods = item
                    .as_object()
                    .into_iter()
                    .flat_map(|m| m.keys())
                    .map(|m| m.to_ascii_uppercase())
                    .collect();
                (segments(path), methods)
            })
            .collect();
        routes.extend(OTHER_ROUTES.iter().map(|(path, methods)| {
            (
                segments(path),
                methods.iter().map(|m| (*m).to_owned()).collect(),
            )
        }));
        Self { routes }
    }

    /// The methods of the first template `path` matches; a literal segment wins over `{x}`.
    pub fn of(&self, path: &str) -> Option<String> {
        let wanted = segments(path);
        self.routes
            .iter()
            .filter(|(template, _)| matches(template, &wanted))
            .max_by_key(|(template, _)| template.iter().filter(|s| !s.starts_with('{')).count())
            .map(|(_, methods)| methods.join(", "))
    }
}

fn segments(path: &str) -> Vec<String> {
    path.trim_end_matches('/')
        .split('/')
        .map(str::to_owned)
        .collect()
}

fn matches(template: &[String], path: &[String]) -> bool {
    template.len() == path.len()
        && template
            .iter()
            .zip(path)
            .all(|(t, p)| t.starts_with('{') || t == p)
}

pub async fn with_allow<E: Endpoint>(
    ep: E,
    req: Request,
    allowed: Arc<AllowedMethods>,
) -> poem::Result<Response> {
    let path = req.uri().path().to_owned();
    let mut response = ep.call(req).await?.into_response();
    if response.status() == poem::http::StatusCode::METHOD_NOT_ALLOWED {
        if let Some(value) = allowed
            .of(&path)
            .and_then(|m| HeaderValue::from_str(&m).ok())
        {
            response
                .headers_mut()
                .insert(poem::http::header::ALLOW, value);
        }
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_finds_its_methods_literal_segments_first() {
        let allowed = AllowedMethods::from_document(
            r#"{"paths": {"/a/{id}": {"get": {}, "delete": {}}, "/a/send": {"post": {}}}}"#,
        );
        assert_eq!(allowed.of("/a/42").as_deref(), Some("DELETE, GET"));
        assert_eq!(allowed.of("/a/send").as_deref(), Some("POST"));
        assert_eq!(
            allowed.of("/callbacks/wecom/x").as_deref(),
            Some("GET, POST")
        );
        assert_eq!(allowed.of("/nothing"), None);
    }
}
