//! Health, readiness, Prometheus metrics, rate limiting and the checked-in OpenAPI document.

use poem::http::Method;

use crate::support::{each_backend, Limits, TestApp};

#[tokio::test]
async fn health_readiness_and_metrics() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let live = app.call(Method::GET, "/healthz", None, None).await;
        assert_eq!(live.expect(200, None)["status"], "ok");
        let ready = app.call(Method::GET, "/readyz", None, None).await;
        let body = ready.expect(200, None);
        assert_eq!(
            (
                body["status"].as_str(),
                body["dependencies"][0]["status"].as_str()
            ),
            (Some("ready"), Some("up")),
            "{backend:?}"
        );

        app.get("/api/v1/tenant", &app.platform_token).await;
        let metrics = app.call(Method::GET, "/metrics", None, None).await;
        let text = metrics.body.as_str().expect("text").to_owned();
        assert!(
            text.contains(
                r#"http_requests_total{method="GET",route="/api/v1/tenant",status="403"}"#
            ),
            "{text}"
        );
        assert!(
            text.contains("http_request_duration_seconds_bucket"),
            "latency histogram missing"
        );
        assert!(
            text.contains("process_resident_memory_bytes"),
            "memory gauge missing"
        );
        let docs = app.call(Method::GET, "/docs", None, None).await;
        assert_eq!(docs.status.as_u16(), 200);
    })
    .await;
}

#[tokio::test]
async fn each_credential_is_rate_limited_with_retry_after() {
    each_backend(|backend| async move {
        let app = TestApp::with_limits(
            backend,
            Limits {
                requests: 5,
                login_attempts: 100,
                ..Limits::default()
            },
        )
        .await;
        let a = app.tenant("alpha").await;
        let b = app.tenant("beta").await;
        for _ in 0..5 {
            app.get("/api/v1/tenant", &a.admin_token)
                .await
                .expect(200, None);
        }
        let limited = app.get("/api/v1/tenant", &a.admin_token).await;
        limited.expect(429, Some("rate_limited"));
        let retry_after: u64 = limited.headers["retry-after"]
            .to_str()
            .expect("ascii")
            .parse()
            .expect("seconds");
        assert!((1..=3600).contains(&retry_after), "{retry_after}");
        // Another credential has its own budget.
        app.get("/api/v1/tenant", &b.admin_token)
            .await
            .expect(200, None);
    })
    .await;
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_client() {
    let app = TestApp::with_limits(
        fleet_store::Dialect::Sqlite,
        Limits {
            requests: 100,
            login_attempts: 3,
            ..Limits::default()
        },
    )
    .await;
    // The platform admin's sign-in in `TestApp::new` used one attempt.
    app.login("x@y.test", "wrong password")
        .await
        .expect(401, Some("invalid_credentials"));
    app.login("x@y.test", "wrong password")
        .await
        .expect(401, Some("invalid_credentials"));
    app.login("x@y.test", "wrong password")
        .await
        .expect(429, Some("rate_limited"));
}

/// Guesses at one account are limited whatever address they come from (here the per-address
/// limit is far away): past the account's failures, even the right password waits for the
/// window to end, and other accounts are untouched.
#[tokio::test]
async fn failed_sign_ins_are_limited_per_account() {
    let app = TestApp::with_limits(
        fleet_store::Dialect::Sqlite,
        Limits {
            login_failures_per_account: 3,
            ..Limits::default()
        },
    )
    .await;
    let t = app.tenant("guessed").await;
    for _ in 0..3 {
        app.login(&t.admin_email, "wrong password")
            .await
            .expect(401, Some("invalid_credentials"));
    }
    let refused = app.login(&t.admin_email, crate::support::PASSWORD).await;
    refused.expect(429, Some("rate_limited"));
    assert!(refused.headers.contains_key("retry-after"));
    // Another account signs in; a missing one is limited alike (no hint it does not exist).
    app.login("root@platform.test", crate::support::PASSWORD)
        .await
        .expect(200, None);
    for _ in 0..3 {
        app.login("nobody@guessed.test", "x")
            .await
            .expect(401, None);
    }
    app.login("nobody@guessed.test", "x")
        .await
        .expect(429, Some("rate_limited"));
}

#[test]
fn the_checked_in_openapi_document_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        checked_in.trim_end() == fleet_api::openapi_json().trim_end(),
        "openapi/openapi.json is stale: run `cargo run -q -- openapi > openapi/openapi.json`"
    );
}

/// Every answer carries `X-Request-Id`: the caller's when it is sane, a fresh one otherwise;
/// error bodies quote it, so a report leads to the request's log lines.
#[tokio::test]
async fn every_answer_carries_its_request_id_and_errors_quote_it() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let ours = app
            .call_with(
                Method::GET,
                "/api/v1/tenant",
                &app.platform_token,
                &[("x-request-id", "trace-42.a")],
            )
            .await;
        assert_eq!(ours.headers["x-request-id"], "trace-42.a", "{backend:?}");
        // A platform admin has no tenant: a 403 whose body names the same id.
        assert_eq!(
            ours.expect(403, Some("tenant_required"))["request_id"],
            "trace-42.a"
        );

        let generated = app.call(Method::GET, "/healthz", None, None).await;
        let id = generated.headers["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            uuid::Uuid::parse_str(&id).map(|u| u.get_version_num()).ok(),
            Some(7)
        );

        for insane in ["has space", "<script>", &"x".repeat(129)] {
            let replaced = app
                .call_with(
                    Method::GET,
                    "/api/v1/nothing",
                    &app.platform_token,
                    &[("x-request-id", insane)],
                )
                .await;
            let sent_back = replaced.headers["x-request-id"]
                .to_str()
                .unwrap()
                .to_owned();
            assert_ne!(sent_back, insane);
            assert_eq!(
                replaced.expect(404, Some("not_found"))["request_id"],
                sent_back.as_str()
            );
        }
    })
    .await;
}
