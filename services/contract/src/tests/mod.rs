//! Tests against a small OpenAPI document written like poem-openapi's (fixture.json), not the
//! real one, which changes as the API does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use serde_json::{json, Value};

use crate::{Answer, Contract, HeaderMap, Violation};

mod checked_in;
mod checks;
mod strict;

fn fixture() -> &'static Contract {
    static FIXTURE: OnceLock<Contract> = OnceLock::new();
    FIXTURE.get_or_init(|| Contract::from_json(include_str!("fixture.json")).unwrap())
}

/// A test's answer, with owned parts.
struct Reply {
    method: &'static str,
    path: &'static str,
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn new(method: &'static str, path: &'static str, status: u16) -> Self {
        Self {
            method,
            path,
            status,
            headers: HeaderMap::new(),
            body: Vec::new(),
        }
    }

    fn header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.insert(name, value.parse().unwrap());
        self
    }

    fn json(self, body: Value) -> Self {
        self.raw("application/json; charset=utf-8", &body.to_string())
    }

    fn raw(mut self, content_type: &'static str, body: &str) -> Self {
        self.body = body.as_bytes().to_vec();
        self.header("content-type", content_type)
    }

    fn check(&self) -> Result<(), Violation> {
        fixture().check(&Answer {
            method: self.method,
            path_and_query: self.path,
            status: self.status,
            headers: &self.headers,
            body: &self.body,
        })
    }

    /// The problems found; panics when the answer conforms.
    fn problems(&self) -> Vec<String> {
        self.check()
            .expect_err("the answer should not conform")
            .problems()
            .to_vec()
    }
}

fn account() -> Value {
    json!({
        "id": "0191f0a4-6c2e-7a51-9b35-3c2b1f9e8d10",
        "name": "Front desk",
        "status": "online",
        "phone": "+86 138 0000 0000",
        "created_at": "2025-01-31T08:00:00Z",
        "owner": { "id": "u1", "manager": { "id": "u0", "manager": null } },
        "login_count": 3,
        "labels": { "team": "sales" },
        "config": { "anything": [1, 2] }
    })
}

fn get_account(body: Value) -> Reply {
    Reply::new("GET", "/api/v1/accounts/a1", 200)
        .header("x-request-id", "r1")
        .json(body)
}

fn get_event(body: Value) -> Reply {
    Reply::new("GET", "/api/v1/events/e1", 200).json(body)
}

/// `body` with `pointer`'s value replaced (or removed, for `None`).
fn with(mut body: Value, pointer: &str, value: Option<Value>) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = body.pointer_mut(parent).unwrap().as_object_mut().unwrap();
    match value {
        Some(value) => parent.insert(key.to_owned(), value),
        None => parent.remove(key),
    };
    body
}

fn assert_one_problem_mentioning(problems: &[String], words: &[&str]) {
    assert_eq!(problems.len(), 1, "expected one problem, got {problems:#?}");
    for word in words {
        assert!(
            problems[0].contains(word),
            "{:?} should mention {word:?}",
            problems[0]
        );
    }
}
