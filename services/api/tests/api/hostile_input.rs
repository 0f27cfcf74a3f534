//! Bad input gets a clear 4xx with a machine-readable code, and changes nothing.

use poem::http::Method;
use serde_json::json;

use crate::support::{each_backend, TestApp, MAX_BODY, PASSWORD};

#[tokio::test]
async fn malformed_bodies_are_named_precisely() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let tok = &t.admin_token;
        let json_ct = "application/json";

        app.raw(Method::POST, "/api/v1/users", tok, json_ct, b"{\"email\": ".to_vec()).await.expect(400, Some("invalid_json"));
        app.raw(Method::POST, "/api/v1/users", tok, json_ct, Vec::new()).await.expect(400, Some("invalid_json"));
        app.raw(Method::POST, "/api/v1/users", tok, json_ct, b"[1,2]".to_vec()).await.expect(400, Some("invalid_field"));

        let wrong_type = app.post("/api/v1/users", tok, json!({ "email": "x@alpha.test", "password": 12345, "role": "viewer" })).await;
        assert_eq!(wrong_type.expect(400, Some("invalid_field"))["details"]["field"], "password", "{backend:?}");
        let unknown = app.post("/api/v1/users", tok, json!({ "email": "x@alpha.test", "password": PASSWORD, "role": "viewer", "tenant_id": "other" })).await;
        assert_eq!(unknown.expect(400, Some("unknown_field"))["details"]["field"], "tenant_id");
        let missing = app.post("/api/v1/users", tok, json!({ "email": "x@alpha.test" })).await;
        assert!(missing.expect(400, Some("invalid_field"))["message"].as_str().is_some_and(|m| m.contains("password")));
        let nested = app.patch(&format!("/api/v1/tenants/{}", t.id), &app.platform_token, json!({ "max_accounts": "many" })).await;
        assert_eq!(nested.expect(400, Some("invalid_field"))["details"]["field"], "max_accounts");

        app.raw(Method::POST, "/api/v1/users", tok, "text/plain", b"{}".to_vec()).await.expect(415, Some("unsupported_media_type"));
        let huge = format!("{{\"email\":\"{}\"}}", "a".repeat(MAX_BODY));
        let too_large = app.raw(Method::POST, "/api/v1/users", tok, json_ct, huge.into_bytes()).await;
        assert_eq!(too_large.expect(413, Some("payload_too_large"))["details"]["limit_bytes"], MAX_BODY);

        // None of it created anything.
        let users = app.get("/api/v1/users", tok).await;
        assert_eq!(users.expect(200, None)["total"], 1, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn bad_parameters_and_unknown_routes() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let tok = &t.admin_token;
        let reply = app.get("/api/v1/users?size=500", tok).await;
        assert_eq!(
            reply.expect(400, Some("invalid_parameter"))["details"]["field"],
            "size"
        );
        app.get("/api/v1/users?page=0", tok)
            .await
            .expect(400, Some("invalid_parameter"));
        let reply = app.get("/api/v1/users?page=abc", tok).await;
        assert_eq!(
            reply.expect(400, Some("invalid_parameter"))["details"]["field"],
            "page"
        );
        app.get("/api/v1/users/not-a-uuid", tok)
            .await
            .expect(404, Some("not_found"));
        app.get("/api/v1/users/00000000-0000-0000-0000-000000000000", tok)
            .await
            .expect(404, Some("not_found"));
        app.get("/api/v1/nothing-here", tok)
            .await
            .expect(404, Some("not_found"));
        let wrong_method = app
            .call(Method::PUT, "/api/v1/tenant", Some(tok), None)
            .await;
        wrong_method.expect(405, Some("method_not_allowed"));
        assert_eq!(wrong_method.headers["allow"], "GET");
        let wrong_method = app
            .call(
                Method::POST,
                &format!("/api/v1/users/{}", t.id),
                Some(tok),
                None,
            )
            .await;
        assert_eq!(
            wrong_method.headers["allow"], "DELETE, GET, PATCH",
            "{backend:?}"
        );
        let reply = app
            .get("/api/v1/tenants?status=gone", &app.platform_token)
            .await;
        assert_eq!(
            reply.expect(400, Some("invalid_parameter"))["details"]["field"],
            "status",
            "{backend:?}"
        );
    })
    .await;
}

/// A NUL character is refused wherever text enters — query parameters, path ids, body fields
/// at any depth — with a 400 naming the field, on both backends alike (PostgreSQL cannot store
/// it; SQLite would have), and nothing is stored.
#[tokio::test]
async fn nul_characters_are_refused_everywhere_text_enters() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let tok = &t.admin_token;
        let account = app.account(&t, "nul").await;
        for (path, field) in [
            ("/api/v1/messages?account_id=%00".to_owned(), "account_id"),
            ("/api/v1/callbacks/events?kind=a%00b".to_owned(), "kind"),
            (format!("/api/v1/accounts/{account}%00"), "path"),
            ("/api/v1/templates/%00".to_owned(), "path"),
        ] {
            let reply = app.get(&path, tok).await;
            assert_eq!(reply.expect(400, Some("invalid_parameter"))["details"]["field"], field, "{backend:?} {path}");
        }
        let bodies = [
            ("/api/v1/accounts", json!({ "account_name": "a\u{0}b", "connector": "simulator" }), "account_name"),
            ("/api/v1/accounts", json!({ "account_name": "a", "connector": "simulator", "config": { "k": ["x", "\u{0}"] } }), "config.k[1]"),
            ("/api/v1/messages/send", json!({ "account_id": account, "conversation_id": "c\u{0}", "message_type": "text", "content": { "text": "hi" } }), "conversation_id"),
            ("/api/v1/templates", json!({ "name": "t", "message_type": "text", "content": { "text": "x\u{0}" } }), "content.text"),
        ];
        for (path, body, field) in bodies {
            let reply = app.post(path, tok, body).await;
            assert_eq!(reply.expect(400, Some("validation_failed"))["details"]["field"], field, "{backend:?} {path}");
        }
        let accounts = app.get("/api/v1/accounts", tok).await;
        assert_eq!(accounts.expect(200, None)["total"], 1, "{backend:?}");
        let templates = app.get("/api/v1/templates", tok).await;
        assert_eq!(templates.expect(200, None)["total"], 0);
    })
    .await;
}
