//! Tenants never see each other: every endpoint that takes an id answers 404 for another
//! tenant's id, and lists never show another tenant's rows.

use poem::http::Method;
use serde_json::{json, Value};

use crate::support::{each_backend, TestApp};

fn ids(list: &Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .expect("list")
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect()
}

#[tokio::test]
async fn other_tenants_ids_answer_404_and_lists_stay_inside_the_tenant() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let a = app.tenant("alpha").await;
        let b = app.tenant("beta").await;
        let (b_user, _) = app.user(&b, "op@beta.test", "operator").await;
        let (b_key, _) = app.api_key(&b, "viewer").await;

        let by_id: [(Method, String, Option<Value>); 6] = [
            (Method::GET, format!("/api/v1/users/{b_user}"), None),
            (
                Method::PATCH,
                format!("/api/v1/users/{b_user}"),
                Some(json!({ "display_name": "x" })),
            ),
            (Method::DELETE, format!("/api/v1/users/{b_user}"), None),
            (Method::GET, format!("/api/v1/api-keys/{b_key}"), None),
            (Method::DELETE, format!("/api/v1/api-keys/{b_key}"), None),
            (Method::GET, format!("/api/v1/users/{}", b.id), None),
        ];
        for (method, path, body) in by_id {
            let reply = app
                .call(method.clone(), &path, Some(&a.admin_token), body)
                .await;
            assert_eq!(
                reply.status.as_u16(),
                404,
                "{backend:?} {method} {path}: {}",
                reply.body
            );
            assert_eq!(reply.body["code"], "not_found");
        }
        // Nothing of B was changed by A's attempts.
        let user = app
            .get(&format!("/api/v1/users/{b_user}"), &b.admin_token)
            .await;
        assert_eq!(user.expect(200, None)["display_name"], Value::Null);
        let key = app
            .get(&format!("/api/v1/api-keys/{b_key}"), &b.admin_token)
            .await;
        assert_eq!(key.expect(200, None)["revoked_at"], Value::Null);

        let users = app.get("/api/v1/users?size=200", &a.admin_token).await;
        assert!(
            !ids(users.expect(200, None), "items").contains(&b_user),
            "{backend:?}"
        );
        assert_eq!(users.body["total"], 1);
        let keys = app.get("/api/v1/api-keys", &a.admin_token).await;
        assert_eq!(keys.expect(200, None)["total"], 0, "{backend:?}");
        let audit = app.get("/api/v1/audit-log?size=200", &a.admin_token).await;
        for entry in audit.expect(200, None)["items"]
            .as_array()
            .expect("entries")
        {
            assert_eq!(
                entry["tenant_id"],
                a.id.as_str(),
                "{backend:?}: foreign audit entry {entry}"
            );
        }
        // The own-tenant endpoint is the caller's, whatever else is asked.
        let own = app.get("/api/v1/tenant", &a.admin_token).await;
        assert_eq!(own.expect(200, None)["id"], a.id.as_str());
        // Tenant management is for platform admins only.
        app.get(&format!("/api/v1/tenants/{}", b.id), &a.admin_token)
            .await
            .expect(403, Some("forbidden"));
    })
    .await;
}

#[tokio::test]
async fn platform_admin_sees_one_tenants_audit_only_when_asked() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let a = app.tenant("alpha").await;
        let platform = app.get("/api/v1/audit-log", &app.platform_token).await;
        let platform = platform.expect(200, None)["items"]
            .as_array()
            .expect("entries")
            .clone();
        assert!(
            platform.iter().all(|e| e["tenant_id"].is_null()),
            "{backend:?}"
        );
        let of_a = app
            .get(
                &format!("/api/v1/audit-log?tenant_id={}", a.id),
                &app.platform_token,
            )
            .await;
        let actions: Vec<&str> = of_a.expect(200, None)["items"]
            .as_array()
            .expect("entries")
            .iter()
            .filter_map(|e| e["action"].as_str())
            .collect();
        assert!(
            actions.contains(&"tenant.created") && actions.contains(&"auth.login_succeeded"),
            "{actions:?}"
        );
        for malformed in ["", "nope"] {
            app.get(
                &format!("/api/v1/audit-log?tenant_id={malformed}"),
                &app.platform_token,
            )
            .await
            .expect(400, Some("invalid_parameter"));
        }
    })
    .await;
}
