//! Templates through the API: variables, versions, preview, compile errors, fallbacks, and
//! sends rendered from them.

use fleet_connectors::{simulator::SendFailureRule, ConnectorError};
use serde_json::json;

use crate::{
    messaging_support::conv,
    support::{each_backend, TestApp},
};

fn greeting() -> serde_json::Value {
    json!({
        "name": "greeting",
        "message_type": "text",
        "content": { "text": "Hello {{ name }}, your order {{order}} ships {{when}}." },
        "variables": [
            { "name": "name", "type": "string", "required": true },
            { "name": "order", "type": "integer", "required": true },
            { "name": "when", "type": "string", "default": "today" }
        ]
    })
}

#[tokio::test]
async fn templates_render_keep_versions_and_name_every_bad_variable() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("tmpl").await;
        let account = app.online_account(&t, "sender").await;
        let id = app.template(&t, greeting()).await;
        let path = format!("/api/v1/templates/{id}");

        let preview = app
            .post(&format!("{path}/preview"), &t.admin_token, json!({ "variables": { "name": "Li", "order": 7 } }))
            .await;
        assert_eq!(preview.expect(200, None)["content"]["text"], "Hello Li, your order 7 ships today.");
        let bad = app
            .post(&format!("{path}/preview"), &t.admin_token, json!({ "variables": { "order": "seven", "colour": "red" } }))
            .await;
        let bad = bad.expect(422, Some("template_variables"));
        let mut problems: Vec<(String, String)> = bad["details"]["variables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["name"].as_str().unwrap().to_owned(), p["code"].as_str().unwrap().to_owned()))
            .collect();
        problems.sort();
        assert_eq!(
            problems,
            [("colour".into(), "unknown".into()), ("name".into(), "missing".into()), ("order".into(), "wrong_type".into())]
        );

        let v1 = app
            .send(&t, json!({ "account_id": account, "conversation_id": conv(&account, 1), "template_id": id, "variables": { "name": "Li", "order": 7 } }), None)
            .await;
        let v1 = v1.expect(202, None)["message_id"].as_str().unwrap().to_owned();
        let mut changed = greeting();
        changed["content"]["text"] = json!("Hi {{name}}: order {{order}} ships {{when}}.");
        let updated = app.call(poem::http::Method::PUT, &path, Some(&t.admin_token), Some(changed.clone())).await;
        assert_eq!((updated.expect(200, None)["version"].as_i64(), updated.body["current_version"].as_i64()), (Some(2), Some(2)));
        // Saving the same content again makes no new version.
        let same = app.call(poem::http::Method::PUT, &path, Some(&t.admin_token), Some(changed)).await;
        assert_eq!(same.expect(200, None)["version"], 2);
        let old = app.get(&format!("{path}?version=1"), &t.admin_token).await;
        assert_eq!(old.expect(200, None)["content"]["text"], greeting()["content"]["text"]);

        let v2 = app
            .send(&t, json!({ "account_id": account, "conversation_id": conv(&account, 1), "template_id": id, "variables": { "name": "Wu", "order": 8 } }), None)
            .await;
        let v2 = v2.expect(202, None)["message_id"].as_str().unwrap().to_owned();
        let first = app.message(&t, &v1).await;
        let second = app.message(&t, &v2).await;
        assert_eq!((first["template_version"].as_i64(), second["template_version"].as_i64()), (Some(1), Some(2)), "{backend:?}");
        assert_eq!(first["content"]["text"], "Hello Li, your order 7 ships today.");
        assert_eq!(second["content"]["text"], "Hi Wu: order 8 ships today.");

        let refused = app
            .send(&t, json!({ "account_id": account, "conversation_id": conv(&account, 1), "template_id": id, "variables": { "name": 5 } }), None)
            .await;
        assert_eq!(refused.expect(422, Some("template_variables"))["details"]["variables"].as_array().unwrap().len(), 2);
        let listed = app.get("/api/v1/templates", &t.admin_token).await;
        assert_eq!(listed.expect(200, None)["total"], 1);

        // A new version may change the type; the old one still reads, renders and sends as
        // the type it had.
        let markdown = json!({ "name": "greeting", "message_type": "markdown", "content": { "markdown": "**{{name}}**" },
                               "variables": [{ "name": "name", "type": "string", "required": true }] });
        let third = app.call(poem::http::Method::PUT, &path, Some(&t.admin_token), Some(markdown)).await;
        assert_eq!(third.expect(200, None)["message_type"], "markdown");
        let old = app.get(&format!("{path}?version=1"), &t.admin_token).await;
        assert_eq!(old.expect(200, None)["message_type"], "text", "{backend:?}");
        let preview = app
            .post(&format!("{path}/preview"), &t.admin_token, json!({ "version": 1, "variables": { "name": "Li", "order": 7 } }))
            .await;
        assert_eq!(preview.expect(200, None)["content"]["text"], "Hello Li, your order 7 ships today.");
        let v1_again = app
            .send(&t, json!({ "account_id": account, "conversation_id": conv(&account, 1), "template_id": id, "template_version": 1, "variables": { "name": "Li", "order": 7 } }), None)
            .await;
        let v1_again = v1_again.expect(202, None)["message_id"].as_str().unwrap().to_owned();
        assert_eq!(app.message(&t, &v1_again).await["message_type"], "text");
    })
    .await;
}

#[tokio::test]
async fn a_template_that_cannot_render_is_refused_when_saved() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("tmplbad").await;
        let cases = [
            (json!({ "text": "Hi {{name" }), json!([{ "name": "name", "type": "string" }])),
            (json!({ "text": "Hi {{nobody}}" }), json!([])),
            (json!({ "text": "Hi" }), json!([{ "name": "unused", "type": "string" }])),
            (json!({ "text": "{{n}}" }), json!([{ "name": "n", "type": "integer", "default": "one" }])),
            (json!({ "markdown": "{{n}}" }), json!([{ "name": "n", "type": "string" }])),
        ];
        for (content, variables) in cases {
            let reply = app
                .post("/api/v1/templates", &t.admin_token, json!({ "name": "bad", "message_type": "text", "content": content, "variables": variables }))
                .await;
            let body = reply.expect(422, Some("template_invalid"));
            assert!(!body["details"]["problems"].as_array().unwrap().is_empty(), "{content}");
        }
        app.post("/api/v1/templates", &t.admin_token, json!({ "name": "bad", "message_type": "voice", "content": { "text": "x" } }))
            .await
            .expect(400, Some("invalid_field"));
        app.post("/api/v1/templates", &t.admin_token, json!({ "name": "bad", "message_type": "text", "content": { "text": "x" }, "variables": [{ "name": "x", "type": "date" }] }))
            .await
            .expect(400, Some("invalid_field"));
        app.template(&t, greeting()).await;
        app.post("/api/v1/templates", &t.admin_token, greeting()).await.expect(409, Some("name_taken"));
        let listed = app.get("/api/v1/templates", &t.admin_token).await;
        assert_eq!(listed.expect(200, None)["total"], 1, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn a_fallback_template_is_sent_on_its_error_codes_and_both_attempts_are_kept() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("fallback").await;
        let account = app.online_account(&t, "sender").await;
        let plain = app
            .template(&t, json!({ "name": "plain", "message_type": "text", "content": { "text": "See {{page}}" }, "variables": [{ "name": "page", "type": "string", "required": true }] }))
            .await;
        let card = app
            .template(&t, json!({
                "name": "card",
                "message_type": "mini_program",
                "content": { "appid": "wx123", "title": "Your order", "pagepath": "{{page}}" },
                "variables": [{ "name": "page", "type": "string", "required": true }],
                "fallback": { "template_id": plain, "error_codes": ["45047", "45015"] }
            }))
            .await;
        app.state.accounts.simulator().unwrap().fail_sends(SendFailureRule {
            message_type: Some("mini_program".into()),
            error: ConnectorError::permanent("45047", "customer message limit"),
            times: None,
        });
        let sent = app
            .send(&t, json!({ "account_id": account, "conversation_id": conv(&account, 1), "template_id": card, "variables": { "page": "orders/9" } }), None)
            .await;
        let id = sent.expect(202, None)["message_id"].as_str().unwrap().to_owned();
        app.drain().await;
        let m = app.message(&t, &id).await;
        assert_eq!((m["status"].as_str(), m["message_type"].as_str(), m["template_id"].as_str()), (Some("sent"), Some("text"), Some(plain.as_str())), "{backend:?}");
        assert_eq!(m["content"]["text"], "See orders/9");
        assert_eq!(m["fallback_depth"], 1);
        let attempts = m["attempt_log"].as_array().unwrap();
        assert_eq!(attempts.len(), 2);
        assert_eq!((attempts[0]["outcome"].as_str(), attempts[0]["message_type"].as_str(), attempts[0]["error_code"].as_str()), (Some("fallback"), Some("mini_program"), Some("45047")));
        assert_eq!((attempts[1]["outcome"].as_str(), attempts[1]["template_id"].as_str()), (Some("sent"), Some(plain.as_str())));
        assert_ne!(attempts[0]["client_message_id"], attempts[1]["client_message_id"]);

        // The fallback cannot be deleted while used, and a chain may not loop.
        app.delete(&format!("/api/v1/templates/{plain}"), &t.admin_token).await.expect(409, Some("template_in_use"));
        let looped = app
            .call(poem::http::Method::PUT, &format!("/api/v1/templates/{plain}"), Some(&t.admin_token), Some(json!({
                "name": "plain", "message_type": "text", "content": { "text": "See {{page}}" },
                "variables": [{ "name": "page", "type": "string", "required": true }],
                "fallback": { "template_id": card, "error_codes": ["1"] }
            })))
            .await;
        looped.expect(400, Some("validation_failed"));
        app.delete(&format!("/api/v1/templates/{card}"), &t.admin_token).await.expect(204, None);
        app.get(&format!("/api/v1/templates/{card}"), &t.admin_token).await.expect(404, Some("not_found"));
        // A deleted template's messages still show where they came from.
        assert_eq!(app.message(&t, &id).await["fallback_depth"], 1);
    })
    .await;
}
