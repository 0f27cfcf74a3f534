//! The audit trail of configuration changes: who changed which object, its fields before and
//! after as the API shows them, in which request — and never a secret.

use poem::http::Method;
use serde_json::{json, Value};

use crate::support::{each_backend, Reply, TestApp};

/// The newest entry for `action`, checked to belong to the request that made it.
async fn entry_of(app: &TestApp, token: &str, action: &str, made_by: &Reply) -> Value {
    let listed = app
        .get(&format!("/api/v1/audit-log?action={action}"), token)
        .await;
    let entry = listed.expect(200, None)["items"][0].clone();
    assert_eq!(entry["action"], action, "no {action} entry");
    let request_id = made_by.headers["x-request-id"].to_str().unwrap();
    assert_eq!(entry["request_id"], request_id, "{action}: {entry}");
    assert_eq!(entry["actor_kind"], "user", "{action}");
    entry
}

#[tokio::test]
async fn configuration_changes_are_recorded_with_before_and_after_and_no_secrets() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("audited").await;
        let token = t.admin_token.as_str();

        // An account: created, renamed (with the caller's own request id), deleted.
        let made = app
            .post("/api/v1/accounts", token, json!({ "account_name": "front desk", "connector": "simulator" }))
            .await;
        let account_id = made.expect(201, None)["account_id"].as_str().unwrap().to_owned();
        let entry = entry_of(&app, token, "account.created", &made).await;
        assert_eq!(entry["target_kind"], "account");
        assert_eq!(entry["target_id"], account_id.as_str());
        assert_eq!(entry["detail"]["after"]["account_name"], "front desk");
        assert!(entry["detail"].get("before").is_none(), "{entry}");

        let path = format!("/api/v1/accounts/{account_id}");
        let renamed = app
            .with_headers(Method::PATCH, &path, token, &[("x-request-id", "rename-42")], json!({ "account_name": "lobby" }))
            .await;
        renamed.expect(200, None);
        let entry = entry_of(&app, token, "account.updated", &renamed).await;
        assert_eq!(entry["request_id"], "rename-42");
        assert_eq!(entry["detail"]["before"]["account_name"], "front desk");
        assert_eq!(entry["detail"]["after"]["account_name"], "lobby");

        let deleted = app.call(Method::DELETE, &path, Some(token), None).await;
        deleted.expect(204, None);
        let entry = entry_of(&app, token, "account.deleted", &deleted).await;
        assert_eq!(entry["detail"]["before"]["account_name"], "lobby");
        assert!(entry["detail"].get("after").is_none(), "{entry}");

        // One object's whole history, newest first.
        let history = app
            .get(&format!("/api/v1/audit-log?target_kind=account&target_id={account_id}"), token)
            .await;
        let history = history.expect(200, None);
        let mut actions: Vec<&str> = history["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        actions.sort_unstable();
        assert_eq!(actions, ["account.created", "account.deleted", "account.updated"], "{backend:?}");

        // A template's change shows what it was.
        let body = |text: &str| json!({ "name": "greeting", "message_type": "text", "content": { "text": text } });
        let made = app.post("/api/v1/templates", token, body("hello")).await;
        let template_id = made.expect(201, None)["template_id"].as_str().unwrap().to_owned();
        entry_of(&app, token, "template.created", &made).await;
        let changed = app
            .call(Method::PUT, &format!("/api/v1/templates/{template_id}"), Some(token), Some(body("hi there")))
            .await;
        changed.expect(200, None);
        let entry = entry_of(&app, token, "template.updated", &changed).await;
        assert_eq!(entry["detail"]["before"]["content"]["text"], "hello");
        assert_eq!(entry["detail"]["after"]["content"]["text"], "hi there");

        // Secrets shown once in an answer never reach the trail.
        let endpoint = app
            .post("/api/v1/webhooks/endpoints", token, json!({ "url": "https://crm.example.com/hook", "event_types": ["message.status_changed"] }))
            .await;
        let endpoint_id = endpoint.expect(201, None)["endpoint_id"].as_str().unwrap().to_owned();
        let secret = app
            .get(&format!("/api/v1/webhooks/endpoints/{endpoint_id}/secret"), token)
            .await
            .expect(200, None)["secret"]
            .as_str()
            .unwrap()
            .to_owned();
        let rotated = app
            .post(&format!("/api/v1/webhooks/endpoints/{endpoint_id}/secret/rotate"), token, json!({}))
            .await;
        let new_secret = rotated.expect(200, None).to_string();
        entry_of(&app, token, "webhook_endpoint.created", &endpoint).await;
        entry_of(&app, token, "webhook_endpoint.secret_rotated", &rotated).await;

        let channel = app
            .post("/api/v1/alerts/channels", token, json!({ "name": "on-call", "kind": "webhook", "url": "https://pager.example.com/in" }))
            .await;
        let signing_secret = channel.expect(201, None)["signing_secret"].as_str().unwrap().to_owned();
        entry_of(&app, token, "alert_channel.created", &channel).await;
        let robot = app
            .post("/api/v1/alerts/channels", token, json!({ "name": "group", "kind": "wecom_robot", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=ROBOT-KEY" }))
            .await;
        robot.expect(201, None);
        let entry = entry_of(&app, token, "alert_channel.created", &robot).await;
        assert_eq!(entry["detail"]["after"]["name"], "group");

        let quiet = app
            .call(Method::PUT, "/api/v1/alerts/quiet-hours", Some(token), Some(json!({ "start": "22:00", "end": "07:00" })))
            .await;
        quiet.expect(200, None);
        let entry = entry_of(&app, token, "alert_quiet_hours.updated", &quiet).await;
        assert_eq!(entry["detail"]["after"]["start"], "22:00");

        let trail = app.get("/api/v1/audit-log?size=200", token).await;
        let trail = trail.expect(200, None).to_string();
        for leaked in [secret.as_str(), signing_secret.as_str(), "ROBOT-KEY"] {
            assert!(!trail.contains(leaked), "{backend:?}: a secret reached the audit trail");
        }
        let rotated_secret: Value = serde_json::from_str(&new_secret).unwrap();
        let rotated_secret = rotated_secret["secret"].as_str().unwrap_or_default();
        assert!(rotated_secret.is_empty() || !trail.contains(rotated_secret));
    })
    .await;
}
