//! The checks of one answer against the operation it answers.

use http::header::CONTENT_TYPE;
use serde_json::Value;

use crate::doc::{essence, Document, Operation, PathItem, Response};
use crate::paths::path_of;
use crate::violation::Details;
use crate::{Answer, Violation};

pub(crate) fn check(doc: &Document, answer: &Answer<'_>) -> Result<(), Violation> {
    let path = path_of(answer.path_and_query);
    // Outside the document (static files, the docs UI…): nothing to hold it to.
    let Some(item) = doc.paths.iter().find(|item| item.template.matches(path)) else {
        return Ok(());
    };
    let mut problems = Vec::new();
    let method = answer.method.to_ascii_lowercase();
    let operation = match item.operations.get(&method) {
        Some(operation) => Some((operation, false)),
        // HEAD is GET without the body (RFC 9110), and servers answer it so.
        None if method == "head" => item
            .operations
            .get("get")
            .map(|operation| (operation, true)),
        None => None,
    };
    match operation {
        Some((operation, head)) => check_operation(doc, operation, answer, head, &mut problems),
        None if matches!(answer.status, 404 | 405) => {}
        None => problems.push(format!(
            "{} is not an operation of this path (it has {}), so only 404 or 405 may answer it",
            answer.method.to_ascii_uppercase(),
            methods_of(item)
        )),
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Violation::new(Details {
        method: answer.method.to_owned(),
        path: answer.path_and_query.to_owned(),
        template: item.template.raw().to_owned(),
        operation_id: operation.and_then(|(operation, _)| operation.id.clone()),
        status: answer.status,
        problems,
        body: Violation::body_excerpt(answer.body),
        body_len: answer.body.len(),
    }))
}

fn check_operation(
    doc: &Document,
    operation: &Operation,
    answer: &Answer<'_>,
    head: bool,
    problems: &mut Vec<String>,
) {
    let status = answer.status.to_string();
    let range = format!("{}XX", answer.status / 100);
    let response = [status.as_str(), range.as_str(), "default"]
        .into_iter()
        .find_map(|key| operation.responses.get(key));
    let Some(response) = response else {
        let mut declared: Vec<&str> = operation.responses.keys().map(String::as_str).collect();
        declared.sort_unstable();
        problems.push(format!(
            "status {status} is not declared for this operation (declared: {})",
            declared.join(", ")
        ));
        return;
    };
    let json = if head {
        if !answer.body.is_empty() {
            problems.push(format!(
                "a HEAD answer must have no body, but it has {} bytes",
                answer.body.len()
            ));
        }
        None
    } else {
        check_content(doc, response, answer, problems)
    };
    check_error_code(response, answer.status, json.as_ref(), problems);
    check_headers(response, answer, problems);
}

/// The content type and, for JSON, the body against the schema. Returns the parsed JSON body.
fn check_content(
    doc: &Document,
    response: &Response,
    answer: &Answer<'_>,
    problems: &mut Vec<String>,
) -> Option<Value> {
    let content_type = answer
        .headers
        .get(CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    if response.media.is_empty() {
        if !answer.body.is_empty() {
            problems.push(format!(
                "the response declares no content, but the body has {} bytes (content-type {})",
                answer.body.len(),
                content_type.as_deref().unwrap_or("absent")
            ));
        }
        return None;
    }
    let declared = response
        .media
        .iter()
        .map(|media| media.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let Some(content_type) = content_type else {
        problems.push(format!(
            "no content-type header (body of {} bytes); the response declares {declared}",
            answer.body.len()
        ));
        return None;
    };
    let actual = essence(&content_type);
    let Some(media) = response
        .media
        .iter()
        .find(|media| media_matches(&media.essence, &actual))
    else {
        problems.push(format!(
            "content-type {content_type} is not declared; the response declares {declared}"
        ));
        return None;
    };
    let body: Value = if media.essence == EVENT_STREAM {
        // The `data` of each message, held to the schema's `items` as one array.
        match sse_data(answer.body) {
            Ok(events) => Value::Array(events),
            Err(error) => {
                problems.push(format!("an event's data is not JSON: {error}"));
                return None;
            }
        }
    } else if is_json(&media.essence) {
        match serde_json::from_slice(answer.body) {
            Ok(body) => body,
            Err(error) => {
                problems.push(format!("the body is not JSON: {error}"));
                return None;
            }
        }
    } else {
        return None;
    };
    if let Some(schema) = &media.schema {
        problems.extend(
            schema
                .problems(&doc.components, &body)
                .into_iter()
                .map(|problem| format!("schema: {problem}")),
        );
    }
    Some(body)
}

fn check_error_code(
    response: &Response,
    status: u16,
    body: Option<&Value>,
    problems: &mut Vec<String>,
) {
    let (true, Some(codes), Some(body)) = (status >= 400, &response.error_codes, body) else {
        return;
    };
    match body.get("code").and_then(Value::as_str) {
        Some(code) if codes.iter().any(|listed| listed == code) => {}
        Some(code) => problems.push(format!(
            "error code {code:?} is not in this response's x-error-codes {codes:?}"
        )),
        None => problems.push(format!(
            "the error body has no string `code`; this response's x-error-codes are {codes:?}"
        )),
    }
}

fn check_headers(response: &Response, answer: &Answer<'_>, problems: &mut Vec<String>) {
    for name in &response.required_headers {
        // HeaderMap lookups by &str ignore case.
        if !answer.headers.contains_key(name.as_str()) {
            problems.push(format!("required header {name} is missing"));
        }
    }
}

fn media_matches(declared: &str, actual: &str) -> bool {
    match declared.strip_suffix('*') {
        Some(prefix) => declared == "*/*" || (prefix.ends_with('/') && actual.starts_with(prefix)),
        None => declared == actual,
    }
}

const EVENT_STREAM: &str = "text/event-stream";

/// The `data` of every complete message of a Server-Sent Events body (comments and a cut-off
/// last message are skipped), each parsed as JSON.
fn sse_data(body: &[u8]) -> Result<Vec<Value>, serde_json::Error> {
    let text = String::from_utf8_lossy(body).replace("\r\n", "\n");
    let mut complete: Vec<&str> = text.split("\n\n").collect();
    complete.pop(); // after the last blank line: empty, or a message still arriving
    complete
        .into_iter()
        .filter_map(|message| {
            let data: Vec<&str> = message
                .lines()
                .filter_map(|line| line.strip_prefix("data:"))
                .map(|d| d.strip_prefix(' ').unwrap_or(d))
                .collect();
            (!data.is_empty()).then(|| data.join("\n"))
        })
        .map(|data| serde_json::from_str(&data))
        .collect()
}

fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}

fn methods_of(item: &PathItem) -> String {
    let mut methods: Vec<String> = item
        .operations
        .keys()
        .map(|method| method.to_ascii_uppercase())
        .collect();
    methods.sort_unstable();
    methods.join(", ")
}
