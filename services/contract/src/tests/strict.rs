//! The strict schema rule, seen through whole answers.

use serde_json::json;

use super::*;

#[test]
fn a_conforming_object_passes() {
    get_account(account()).check().unwrap();
}

#[test]
fn a_valid_discriminated_union_variant_passes() {
    get_event(json!({ "kind": "login", "account_id": "a1", "at": "2025-01-31T08:00:00+08:00" }))
        .check()
        .unwrap();
    get_event(json!({ "kind": "message", "message_id": "m1", "status": "sent" }))
        .check()
        .unwrap();
}

#[test]
fn an_undocumented_field_fails() {
    let problems = get_account(with(account(), "/extra", Some(json!(1)))).problems();
    assert_one_problem_mentioning(&problems, &["schema: (root)", "extra"]);
}

#[test]
fn an_undocumented_field_fails_in_a_union_variant_and_behind_all_of() {
    let problems = get_event(json!({ "kind": "login", "account_id": "a1", "at": "2025-01-31T08:00:00Z", "status": "sent" })).problems();
    assert_one_problem_mentioning(&problems, &["(root)", "status"]);
    let problems =
        get_account(with(account(), "/owner/manager/extra", Some(json!(true)))).problems();
    assert_one_problem_mentioning(&problems, &["/owner/manager", "extra"]);
}

#[test]
fn a_missing_required_field_fails() {
    let problems = get_account(with(account(), "/name", None)).problems();
    assert_one_problem_mentioning(&problems, &["(root)", "name"]);
    let problems = get_event(json!({ "kind": "message", "message_id": "m1" })).problems();
    assert_one_problem_mentioning(&problems, &["(root)", "status"]);
}

#[test]
fn null_in_a_non_nullable_field_fails() {
    let problems = get_account(with(account(), "/name", Some(json!(null)))).problems();
    assert_one_problem_mentioning(&problems, &["/name", "null"]);
    let problems = get_account(with(account(), "/owner", Some(json!(null)))).problems();
    assert_one_problem_mentioning(&problems, &["/owner", "null"]);
}

#[test]
fn null_in_a_nullable_field_passes() {
    get_account(with(account(), "/phone", Some(json!(null))))
        .check()
        .unwrap();
    // `nullable` beside an `allOf` reference, the way poem writes an optional object.
    get_account(with(account(), "/owner/manager", Some(json!(null))))
        .check()
        .unwrap();
}

#[test]
fn a_nullable_field_still_checks_other_values() {
    let problems = get_account(with(account(), "/phone", Some(json!(5)))).problems();
    assert_one_problem_mentioning(&problems, &["/phone", "string"]);
}

#[test]
fn a_bad_date_time_fails() {
    let problems = get_account(with(
        account(),
        "/created_at",
        Some(json!("2025-01-31 08:00")),
    ))
    .problems();
    assert_one_problem_mentioning(&problems, &["/created_at", "date-time"]);
}

#[test]
fn an_enum_value_outside_the_list_fails() {
    let problems = get_account(with(account(), "/status", Some(json!("busy")))).problems();
    assert_one_problem_mentioning(&problems, &["/status", "busy"]);
}

#[test]
fn other_formats_and_bounds_are_checked() {
    let problems = get_account(with(account(), "/id", Some(json!("acc-1")))).problems();
    assert_one_problem_mentioning(&problems, &["/id", "uuid"]);
    let problems =
        get_account(with(account(), "/login_count", Some(json!(1_u64 << 31)))).problems();
    assert_one_problem_mentioning(&problems, &["/login_count", "2147483647"]);
    let problems = get_account(with(account(), "/name", Some(json!("")))).problems();
    assert_one_problem_mentioning(&problems, &["/name"]);
    // OpenAPI 3.0's boolean exclusiveMinimum: 0 itself is out.
    let accepted = |retry_in| {
        Reply::new("GET", "/api/v1/messages/m1", 200).raw(
            "application/json",
            &json!({ "id": "m1", "status": "queued", "retry_in": retry_in }).to_string(),
        )
    };
    accepted(json!(0.5)).check().unwrap();
    assert_one_problem_mentioning(&accepted(json!(0)).problems(), &["/retry_in"]);
}

#[test]
fn maps_and_free_form_objects_stay_open() {
    let body = with(
        account(),
        "/labels",
        Some(json!({ "any": "key", "other": "value" })),
    );
    get_account(with(
        body,
        "/config",
        Some(json!({ "free": { "form": true } })),
    ))
    .check()
    .unwrap();
    let problems = get_account(with(account(), "/labels", Some(json!({ "n": 1 })))).problems();
    assert_one_problem_mentioning(&problems, &["/labels/n"]);
}

#[test]
fn a_write_only_field_must_not_be_answered() {
    let problems = get_account(with(account(), "/secret", Some(json!("s3cret")))).problems();
    assert_one_problem_mentioning(&problems, &["secret"]);
}

#[test]
fn a_union_reports_the_named_variants_errors() {
    // "login" names the login variant, so its missing fields are reported, not "no variant matched".
    let problems =
        get_event(json!({ "kind": "login", "message_id": "m1", "status": "sent" })).problems();
    assert!(
        problems
            .iter()
            .any(|problem| problem.contains("account_id")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|problem| problem.contains("message_id")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().all(|problem| !problem.contains("none of")),
        "{problems:#?}"
    );
}

#[test]
fn an_unknown_or_missing_discriminator_fails() {
    let problems =
        get_event(json!({ "kind": "logout", "account_id": "a1", "at": "2025-01-31T08:00:00Z" }))
            .problems();
    assert_one_problem_mentioning(&problems, &["/kind", "logout"]);
    let problems =
        get_event(json!({ "account_id": "a1", "at": "2025-01-31T08:00:00Z" })).problems();
    assert_one_problem_mentioning(&problems, &["(root)", "kind"]);
}

#[test]
fn a_union_without_discriminator_says_why_each_variant_refused() {
    let list = |body: serde_json::Value| Reply::new("GET", "/api/v1/shapes", 200).json(body);
    list(json!([{ "radius": 1 }, { "side": 2.5 }]))
        .check()
        .unwrap();
    // Each variant is closed on its own fields, so a mix of both matches neither.
    let problems = list(json!([{ "radius": 1, "side": 2 }])).problems();
    assert_one_problem_mentioning(
        &problems,
        &[
            "/0",
            "none of the 2 anyOf variants",
            "variant 0",
            "variant 1",
            "side",
            "radius",
        ],
    );
}

#[test]
fn every_problem_is_reported() {
    let body = with(
        with(
            with(account(), "/name", None),
            "/status",
            Some(json!("busy")),
        ),
        "/extra",
        Some(json!(1)),
    );
    let problems = get_account(body).problems();
    assert_eq!(problems.len(), 3, "{problems:#?}");
}
