//! Test support: checks that an HTTP answer of the service matches the checked-in OpenAPI
//! document (`openapi/openapi.json`), strictly, so that undocumented fields, statuses, content
//! types, error codes and missing headers fail the test that met them.
//!
//! The API tests (poem's `TestClient`) and the process tests (reqwest against the binary)
//! both call [`assert_conforms`] on every answer they receive.
//!
//! ```no_run
//! use fleet_contract::{assert_conforms, Answer, HeaderMap};
//!
//! let headers = HeaderMap::new();
//! assert_conforms(&Answer {
//!     method: "GET",
//!     path_and_query: "/healthz",
//!     status: 200,
//!     headers: &headers,
//!     body: b"ok",
//! });
//! ```

use std::fmt;
use std::sync::OnceLock;

mod check;
mod compile;
mod doc;
mod paths;
mod schema;
mod violation;

pub use http::HeaderMap;
pub use violation::Violation;

/// Embedded so that a changed document recompiles the tests that check against it.
const CHECKED_IN: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../openapi/openapi.json"
));

/// An OpenAPI 3.0 document, read once and ready to check answers against.
pub struct Contract {
    doc: doc::Document,
}

/// One HTTP answer as a test received it.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The request's method, any case.
    pub method: &'a str,
    /// The request's path with its query (`/api/v1/messages?page=2`); a whole URL is accepted too.
    pub path_and_query: &'a str,
    pub status: u16,
    /// Both poem's and reqwest's responses hand out an `http::HeaderMap`.
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

impl Contract {
    /// The checked-in `openapi/openapi.json`, read on first use.
    ///
    /// # Panics
    /// When the checked-in document is not an OpenAPI 3.0 document this crate can read.
    pub fn checked_in() -> &'static Contract {
        static CONTRACT: OnceLock<Contract> = OnceLock::new();
        CONTRACT.get_or_init(|| match Contract::from_json(CHECKED_IN) {
            Ok(contract) => contract,
            Err(error) => panic!("openapi/openapi.json cannot be read as a contract: {error}"),
        })
    }

    /// Reads an OpenAPI 3.0 document.
    ///
    /// # Errors
    /// When the text is not JSON, not OpenAPI 3.0, or a `$ref` outside the schemas is unresolved.
    pub fn from_json(doc: &str) -> Result<Contract, String> {
        let value: serde_json::Value =
            serde_json::from_str(doc).map_err(|error| format!("not JSON: {error}"))?;
        Ok(Contract {
            doc: doc::Document::parse(&value)?,
        })
    }

    /// The document's path templates, most specific first.
    pub fn path_templates(&self) -> impl Iterator<Item = &str> {
        self.doc.paths.iter().map(|item| item.template.raw())
    }

    /// `Ok(())` when the answer conforms, or its path is not in the document at all.
    ///
    /// # Errors
    /// A [`Violation`] listing every problem found.
    pub fn check(&self, answer: &Answer<'_>) -> Result<(), Violation> {
        check::check(&self.doc, answer)
    }
}

impl fmt::Debug for Contract {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Contract")
            .field("paths", &self.doc.paths.len())
            .finish_non_exhaustive()
    }
}

/// Checks `answer` against the checked-in document and panics with the violation: what test
/// harnesses call on every answer they receive.
///
/// # Panics
/// When the answer does not conform (or the checked-in document cannot be read).
#[track_caller]
pub fn assert_conforms(answer: &Answer<'_>) {
    if let Err(violation) = Contract::checked_in().check(answer) {
        panic!("{violation}");
    }
}

#[cfg(test)]
mod tests;
