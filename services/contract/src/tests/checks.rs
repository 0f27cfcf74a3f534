//! Paths, methods, statuses, content types, error codes, headers and the report.

use serde_json::json;

use super::*;

fn not_found(code: &str) -> Reply {
    Reply::new("GET", "/api/v1/accounts/a1", 404)
        .json(json!({ "code": code, "message": "no such account" }))
}

#[test]
fn an_answer_outside_the_document_is_not_checked() {
    Reply::new("GET", "/docs/index.html", 200)
        .raw("text/html", "<html>")
        .check()
        .unwrap();
    Reply::new("GET", "/api/v1/accounts/", 404).check().unwrap();
}

#[test]
fn a_literal_segment_wins_over_a_parameter() {
    let accepted = json!({ "id": "m1", "status": "queued" });
    Reply::new("POST", "/api/v1/messages/send", 202)
        .json(accepted.clone())
        .check()
        .unwrap();
    // GET /messages/send is not get_message: /send has no GET.
    Reply::new("GET", "/api/v1/messages/send", 405)
        .check()
        .unwrap();
    let problems = Reply::new("GET", "/api/v1/messages/send", 200)
        .json(accepted)
        .problems();
    assert_one_problem_mentioning(&problems, &["GET", "POST", "404 or 405"]);
}

#[test]
fn an_undefined_method_may_only_be_refused() {
    Reply::new("PUT", "/api/v1/accounts/a1", 404)
        .json(json!({ "anything": 1 }))
        .check()
        .unwrap();
    Reply::new("put", "/api/v1/accounts/a1", 405)
        .check()
        .unwrap();
    let violation = Reply::new("PUT", "/api/v1/accounts/a1", 200)
        .check()
        .unwrap_err();
    assert_eq!(violation.operation_id(), None);
    assert_one_problem_mentioning(violation.problems(), &["PUT", "DELETE, GET"]);
}

#[test]
fn head_is_answered_like_get_without_a_body() {
    Reply::new("HEAD", "/api/v1/accounts/a1", 200)
        .header("x-request-id", "r1")
        .check()
        .unwrap();
    let problems = Reply::new("HEAD", "/api/v1/accounts/a1", 201).problems();
    assert_one_problem_mentioning(&problems, &["status 201"]);
}

#[test]
fn an_undeclared_status_fails() {
    let violation = Reply::new("GET", "/api/v1/accounts/a1", 500)
        .json(json!({ "code": "internal", "message": "" }))
        .check()
        .unwrap_err();
    assert_eq!(violation.operation_id(), Some("get_account"));
    assert_one_problem_mentioning(violation.problems(), &["status 500", "200, 404"]);
}

#[test]
fn a_default_response_catches_other_statuses() {
    Reply::new("GET", "/api/v1/shapes?page=2", 503)
        .json(json!({ "code": "unavailable", "message": "" }))
        .check()
        .unwrap();
    let problems = Reply::new("GET", "/api/v1/shapes", 503)
        .json(json!({ "message": "" }))
        .problems();
    assert_one_problem_mentioning(&problems, &["code"]);
}

#[test]
fn a_response_without_content_must_have_an_empty_body() {
    Reply::new("DELETE", "/api/v1/accounts/a1", 204)
        .check()
        .unwrap();
    let problems = Reply::new("DELETE", "/api/v1/accounts/a1", 204)
        .json(json!({}))
        .problems();
    assert_one_problem_mentioning(&problems, &["no content", "2 bytes"]);
}

#[test]
fn the_content_type_must_be_declared() {
    // Essence only, any case: parameters do not matter.
    Reply::new("GET", "/healthz", 200)
        .raw("Text/Plain", "ok")
        .check()
        .unwrap();
    Reply::new("GET", "/api/v1/accounts/a1/qrcode", 200)
        .raw("image/svg+xml", "<svg/>")
        .check()
        .unwrap();
    let problems = Reply::new("GET", "/healthz", 200)
        .raw("application/json", "\"ok\"")
        .problems();
    assert_one_problem_mentioning(
        &problems,
        &["application/json", "text/plain; charset=utf-8"],
    );
    let problems = Reply::new("GET", "/healthz", 200).problems();
    assert_one_problem_mentioning(&problems, &["no content-type"]);
}

#[test]
fn a_json_body_must_parse() {
    let problems = get_account(json!(null))
        .raw("application/json", "{\"id\":")
        .problems();
    assert_one_problem_mentioning(&problems, &["not JSON"]);
}

#[test]
fn an_error_code_must_be_listed_for_its_response() {
    not_found("not_found").check().unwrap();
    let problems = not_found("forbidden").problems();
    assert_one_problem_mentioning(&problems, &["\"forbidden\"", "not_found"]);
}

#[test]
fn required_headers_must_be_present_in_any_case() {
    let limited = |code: &str| {
        Reply::new("POST", "/api/v1/messages/send", 429)
            .json(json!({ "code": code, "message": "slow down" }))
    };
    limited("rate_limited")
        .header("RETRY-AFTER", "30")
        .check()
        .unwrap();
    let problems = limited("rate_limited").problems();
    assert_one_problem_mentioning(&problems, &["Retry-After"]);
    let problems = Reply::new("GET", "/api/v1/accounts/a1", 200)
        .json(account())
        .problems();
    assert_one_problem_mentioning(&problems, &["X-Request-Id"]);
}

#[test]
fn all_kinds_of_problems_are_reported_together() {
    let problems = Reply::new("POST", "/api/v1/messages/send", 429)
        .json(json!({ "code": "nope", "message": 1 }))
        .problems();
    assert_eq!(problems.len(), 3, "{problems:#?}");
}

#[test]
fn whole_urls_are_accepted() {
    let problems = Reply::new("GET", "http://127.0.0.1:8080/api/v1/accounts/a1?x=1", 200)
        .json(account())
        .problems();
    assert_one_problem_mentioning(&problems, &["X-Request-Id"]);
}

#[test]
fn the_report_names_the_answer_and_shows_the_body() {
    let report = get_account(with(account(), "/name", Some(json!(null))))
        .check()
        .unwrap_err()
        .to_string();
    let expected = [
        "GET /api/v1/accounts/a1 answered 200",
        "path /api/v1/accounts/{id}",
        "operationId get_account",
        "- schema: /name: null",
        "\"created_at\"",
    ];
    for part in expected {
        assert!(report.contains(part), "{report}\nshould contain {part}");
    }
}

#[test]
fn a_long_body_is_cut_in_the_report() {
    let violation = get_account(with(account(), "/extra", Some(json!("x".repeat(10_000)))))
        .check()
        .unwrap_err();
    assert!(violation.body_len() > 10_000);
    assert_eq!(violation.body().len(), 2048);
    let report = violation.to_string();
    assert!(report.len() < 4_000, "{} bytes", report.len());
    assert!(report.contains("first 2048 shown"), "{report}");
}

#[test]
fn documents_that_are_not_openapi_3_0_are_refused() {
    assert!(Contract::from_json("{").unwrap_err().contains("not JSON"));
    assert!(Contract::from_json(r#"{"openapi": "3.1.0", "paths": {}}"#)
        .unwrap_err()
        .contains("3.0"));
    assert!(Contract::from_json(r#"{"openapi": "3.0.0"}"#)
        .unwrap_err()
        .contains("paths"));
}

#[test]
fn an_unresolvable_schema_is_reported_not_panicked() {
    let doc = r##"{"openapi": "3.0.0", "paths": {"/x": {"get": {"responses": {"200": {"description": "",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}}}}"##;
    let contract = Contract::from_json(doc).unwrap();
    let headers = HeaderMap::new();
    let mut content_type = headers.clone();
    content_type.insert("content-type", "application/json".parse().unwrap());
    let answer = Answer {
        method: "GET",
        path_and_query: "/x",
        status: 200,
        headers: &content_type,
        body: b"{}",
    };
    let violation = contract.check(&answer).unwrap_err();
    assert_one_problem_mentioning(violation.problems(), &["does not compile"]);
}

#[test]
fn each_event_of_a_stream_is_held_to_the_items_schema() {
    let good = "id: e1\nevent: login\ndata: {\"kind\":\"login\",\"account_id\":\"a1\",\"at\":\"2026-12-01T00:00:00Z\"}\n\n:keep-alive\n\n";
    Reply::new("GET", "/api/v1/stream", 200)
        .raw("text/event-stream", good)
        .check()
        .unwrap();
    // A message still arriving when the reading stopped is not judged.
    let cut = format!("{good}data: {{\"kind\":");
    Reply::new("GET", "/api/v1/stream", 200)
        .raw("text/event-stream", &cut)
        .check()
        .unwrap();
    let wrong = "data: {\"kind\":\"message\",\"message_id\":\"m1\",\"status\":\"lost\"}\n\n";
    let problems = Reply::new("GET", "/api/v1/stream", 200)
        .raw("text/event-stream", wrong)
        .problems();
    assert_one_problem_mentioning(&problems, &["lost"]);
    let broken = "data: {\"kind\":\n\n";
    let problems = Reply::new("GET", "/api/v1/stream", 200)
        .raw("text/event-stream", broken)
        .problems();
    assert_one_problem_mentioning(&problems, &["not JSON"]);
}
