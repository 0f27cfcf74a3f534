//! What a nonconforming answer is reported as.

use std::fmt;

/// How much of the body a report shows.
const BODY_LIMIT: usize = 2048;

/// An answer that does not match the document, with every problem found. Its `Display` is
/// the report a failing test prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    // Boxed: a `Result<(), Violation>` stays one pointer wide on the passing path.
    details: Box<Details>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Details {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) template: String,
    pub(crate) operation_id: Option<String>,
    pub(crate) status: u16,
    pub(crate) problems: Vec<String>,
    pub(crate) body: String,
    pub(crate) body_len: usize,
}

impl Violation {
    pub(crate) fn new(details: Details) -> Self {
        Self {
            details: Box::new(details),
        }
    }

    pub(crate) fn body_excerpt(body: &[u8]) -> String {
        String::from_utf8_lossy(&body[..body.len().min(BODY_LIMIT)]).into_owned()
    }

    pub fn method(&self) -> &str {
        &self.details.method
    }

    /// The request's path and query, as given.
    pub fn path(&self) -> &str {
        &self.details.path
    }

    /// The document's path template that matched.
    pub fn template(&self) -> &str {
        &self.details.template
    }

    /// `None` when the method is not an operation of the path.
    pub fn operation_id(&self) -> Option<&str> {
        self.details.operation_id.as_deref()
    }

    pub fn status(&self) -> u16 {
        self.details.status
    }

    /// One entry each; schema errors start with the JSON pointer of the offending value.
    pub fn problems(&self) -> &[String] {
        &self.details.problems
    }

    /// The start of the body (lossy UTF-8, at most 2 KiB), as the report shows it.
    pub fn body(&self) -> &str {
        &self.details.body
    }

    /// The whole body's length in bytes.
    pub fn body_len(&self) -> usize {
        self.details.body_len
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.details;
        let operation = d
            .operation_id
            .as_deref()
            .unwrap_or("(none for this method)");
        writeln!(
            f,
            "{} {} answered {}, which does not conform to openapi/openapi.json",
            d.method, d.path, d.status
        )?;
        writeln!(f, "  path {}, operationId {operation}", d.template)?;
        for problem in &d.problems {
            writeln!(f, "  - {problem}")?;
        }
        match d.body_len {
            0 => write!(f, "  body: (empty)"),
            len if len > BODY_LIMIT => write!(
                f,
                "  body ({len} bytes, first {BODY_LIMIT} shown): {}",
                d.body
            ),
            len => write!(f, "  body ({len} bytes): {}", d.body),
        }
    }
}

impl std::error::Error for Violation {}
