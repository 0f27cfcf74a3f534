//! Every refusal of the messaging API, with its status and code: nothing half-written, other
//! tenants' objects invisible, roles enforced.

use poem::http::Method;
use serde_json::{json, Value};

use crate::{
    messaging_support::conv,
    support::{each_backend, TestApp},
};

#[tokio::test]
async fn bad_sends_are_refused_with_their_codes_and_store_nothing() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("inputs").await;
        let other = app.tenant("others").await;
        let account = app.online_account(&t, "sender").await;
        let foreign = app.online_account(&other, "theirs").await;
        let c1 = conv(&account, 1);
        let text = |extra: Value| {
            let mut body = json!({ "account_id": account, "conversation_id": c1, "message_type": "text", "content": { "text": "hi" } });
            for (k, v) in extra.as_object().unwrap() {
                if v.is_null() {
                    body.as_object_mut().unwrap().remove(k);
                } else {
                    body[k] = v.clone();
                }
            }
            body
        };
        let template = app
            .template(&t, json!({ "name": "n", "message_type": "text", "content": { "text": "{{x}}" }, "variables": [{ "name": "x", "type": "integer", "required": true }] }))
            .await;
        let cases: Vec<(Value, u16, &str)> = vec![
            (text(json!({ "account_id": foreign })), 404, "not_found"),
            (text(json!({ "account_id": "no-such-account" })), 404, "not_found"),
            (text(json!({ "message_type": null })), 400, "validation_failed"),
            (text(json!({ "message_type": "voice" })), 400, "invalid_field"),
            (text(json!({ "content": { "markdown": "wrong key" } })), 400, "validation_failed"),
            (text(json!({ "content": { "text": "x".repeat(3_000) } })), 400, "validation_failed"),
            (text(json!({ "conversation_id": "" })), 400, "validation_failed"),
            (text(json!({ "template_id": template })), 400, "validation_failed"),
            (text(json!({ "content": null, "message_type": null })), 400, "validation_failed"),
            (text(json!({ "content": null, "template_id": "nope" })), 404, "not_found"),
            (text(json!({ "content": null, "template_id": template, "variables": { "x": "1" } })), 422, "template_variables"),
            (text(json!({ "content": null, "template_id": template, "variables": [1] })), 400, "invalid_field"),
            (text(json!({ "content": null, "template_id": template, "template_version": 9, "variables": { "x": 1 } })), 404, "not_found"),
            (text(json!({ "variables": { "x": 1 } })), 400, "validation_failed"),
            (text(json!({ "send_time": "2020-01-01T00:00:00Z" })), 400, "validation_failed"),
            (text(json!({ "send_time": "2099-01-01T00:00:00Z" })), 400, "validation_failed"),
            (text(json!({ "send_time": "tomorrow" })), 400, "invalid_field"),
            (text(json!({ "account_id": 5 })), 400, "invalid_field"),
            (text(json!({ "colour": "red" })), 400, "unknown_field"),
        ];
        for (body, status, code) in cases {
            let reply = app.send(&t, body.clone(), None).await;
            assert_eq!((reply.status.as_u16(), reply.body["code"].as_str()), (status, Some(code)), "{backend:?} {body}: {}", reply.body);
        }
        let listed = app.get("/api/v1/messages", &t.admin_token).await;
        assert_eq!(listed.expect(200, None)["total"], 0, "a refused send stored something");

        let batch = |messages: Vec<Value>| json!({ "account_id": account, "messages": messages });
        let one = json!({ "conversation_id": c1, "message_type": "text", "content": { "text": "x" } });
        app.post("/api/v1/messages/batch-send", &t.admin_token, batch(vec![])).await.expect(400, Some("validation_failed"));
        app.post("/api/v1/messages/batch-send", &t.admin_token, batch(vec![one.clone(); 1_001])).await.expect(400, Some("validation_failed"));
        app.post("/api/v1/messages/batch-send", &t.admin_token, json!({ "account_id": foreign, "messages": [one] }))
            .await
            .expect(404, Some("not_found"));
        let huge = "x".repeat(300);
        let oversized: Vec<Value> = (0..1_000).map(|_| json!({ "conversation_id": c1, "message_type": "text", "content": { "text": huge } })).collect();
        app.post("/api/v1/messages/batch-send", &t.admin_token, batch(oversized)).await.expect(413, Some("payload_too_large"));
        let listed = app.get("/api/v1/messages", &t.admin_token).await;
        assert_eq!(listed.expect(200, None)["total"], 0);
    })
    .await;
}

#[tokio::test]
async fn other_tenants_objects_are_not_found_and_roles_are_enforced() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("owner").await;
        let other = app.tenant("intruder").await;
        let account = app.online_account(&t, "sender").await;
        let id = app.send_text(&t, &account, "private").await;
        let template = app.template(&t, json!({ "name": "mine", "message_type": "text", "content": { "text": "hi" } })).await;
        let batch = app
            .post("/api/v1/messages/batch-send", &t.admin_token, json!({ "account_id": account, "messages": [{ "conversation_id": conv(&account, 1), "message_type": "text", "content": { "text": "b" } }] }))
            .await;
        let batch = batch.expect(202, None)["batch_id"].as_str().unwrap().to_owned();
        for path in [
            format!("/api/v1/messages/{id}/status"),
            format!("/api/v1/templates/{template}"),
            format!("/api/v1/batches/{batch}"),
            format!("/api/v1/accounts/{account}/messaging"),
        ] {
            app.get(&path, &other.admin_token).await.expect(404, Some("not_found"));
        }
        for path in [format!("/api/v1/messages/{id}/cancel"), format!("/api/v1/messages/{id}/retry"), format!("/api/v1/templates/{template}/preview")] {
            app.post(&path, &other.admin_token, json!({})).await.expect(404, Some("not_found"));
        }
        app.delete(&format!("/api/v1/templates/{template}"), &other.admin_token).await.expect(404, Some("not_found"));
        let theirs = app.get("/api/v1/messages", &other.admin_token).await;
        assert_eq!(theirs.expect(200, None)["total"], 0, "{backend:?}");

        let (_, viewer) = app.user(&t, "viewer@owner.test", "viewer").await;
        app.get(&format!("/api/v1/messages/{id}/status"), &viewer).await.expect(200, None);
        app.post(&format!("/api/v1/messages/{id}/cancel"), &viewer, json!({})).await.expect(403, None);
        app.post("/api/v1/templates", &viewer, json!({ "name": "v", "message_type": "text", "content": { "text": "x" } })).await.expect(403, None);
        let sent_by_viewer = app
            .with_headers(Method::POST, "/api/v1/messages/send", &viewer, &[], json!({ "account_id": account, "conversation_id": conv(&account, 1), "message_type": "text", "content": { "text": "x" } }))
            .await;
        sent_by_viewer.expect(403, None);
        app.call(Method::PUT, "/api/v1/tenant/pacing", Some(&viewer), Some(json!({ "pacing_profile": "fast" }))).await.expect(403, None);
    })
    .await;
}

#[tokio::test]
async fn bad_queries_and_settings_are_refused() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("queries").await;
        let account = app.online_account(&t, "sender").await;
        for (path, code) in [
            ("/api/v1/messages?status=lost", "invalid_parameter"),
            ("/api/v1/messages?since=yesterday", "invalid_parameter"),
            ("/api/v1/messages?size=500", "invalid_parameter"),
            ("/api/v1/tenant/usage?since=2026-13-01", "validation_failed"),
            (
                "/api/v1/tenant/usage?since=2026-02-01&until=2026-01-01",
                "validation_failed",
            ),
            (
                "/api/v1/tenant/usage?since=2026-01-01&until=2026-12-31",
                "validation_failed",
            ),
        ] {
            app.get(path, &t.admin_token).await.expect(400, Some(code));
        }
        let usage = app
            .get(
                "/api/v1/tenant/usage?since=2026-01-01&until=2026-01-31",
                &t.admin_token,
            )
            .await;
        assert_eq!(
            usage.expect(200, None)["days"].as_array().unwrap().len(),
            31,
            "{backend:?}"
        );
        let put = |path: String, body: Value| {
            let (app, token) = (&app, t.admin_token.clone());
            async move { app.call(Method::PUT, &path, Some(&token), Some(body)).await }
        };
        put(
            "/api/v1/tenant/pacing".into(),
            json!({ "pacing_profile": "reckless" }),
        )
        .await
        .expect(400, Some("validation_failed"));
        put(
            format!("/api/v1/accounts/{account}/messaging"),
            json!({ "pacing_profile": "reckless", "max_daily_messages": null }),
        )
        .await
        .expect(400, Some("validation_failed"));
        put(
            format!("/api/v1/accounts/{account}/messaging"),
            json!({ "pacing_profile": null, "max_daily_messages": 0 }),
        )
        .await
        .expect(400, Some("validation_failed"));
        let ok = put(
            "/api/v1/tenant/pacing".into(),
            json!({ "pacing_profile": "fast" }),
        )
        .await;
        assert_eq!(ok.expect(200, None)["pacing_profile"], "fast");
        let profiles = app.get("/api/v1/pacing-profiles", &t.admin_token).await;
        let names: Vec<&str> = profiles.expect(200, None)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["fast", "off", "standard", "wecom_api"]);
    })
    .await;
}
