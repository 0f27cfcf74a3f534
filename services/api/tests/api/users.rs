//! Users of a tenant: roles, the last-admin guard, encrypted phone numbers, credential changes.

use fleet_store::Scope;
use serde_json::{json, Value};

use crate::support::{each_backend, TestApp, PASSWORD};

#[tokio::test]
async fn roles_decide_who_may_manage_users() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let (_, viewer) = app.user(&t, "viewer@alpha.test", "viewer").await;
        let (_, operator) = app.user(&t, "op@alpha.test", "operator").await;
        let new_user = json!({ "email": "new@alpha.test", "password": PASSWORD, "role": "viewer" });
        app.post("/api/v1/users", &viewer, new_user.clone())
            .await
            .expect(403, Some("forbidden"));
        app.post("/api/v1/users", &operator, new_user.clone())
            .await
            .expect(403, Some("forbidden"));
        app.get("/api/v1/users", &operator)
            .await
            .expect(403, Some("forbidden"));
        app.get("/api/v1/api-keys", &viewer)
            .await
            .expect(403, Some("forbidden"));
        app.get("/api/v1/audit-log", &operator)
            .await
            .expect(403, Some("forbidden"));
        app.get("/api/v1/tenant", &viewer).await.expect(200, None);
        app.post("/api/v1/users", &app.platform_token, new_user.clone())
            .await
            .expect(403, Some("tenant_required"));
        app.post("/api/v1/users", &t.admin_token, new_user.clone())
            .await
            .expect(201, None);
        let dup = app.post("/api/v1/users", &t.admin_token, new_user).await;
        assert_eq!(
            dup.expect(409, Some("already_exists"))["details"]["field"],
            "email",
            "{backend:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_last_tenant_admin_cannot_be_removed() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let users = app.get("/api/v1/users", &t.admin_token).await;
        let admin_id = users.expect(200, None)["items"][0]["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let path = format!("/api/v1/users/{admin_id}");
        app.patch(&path, &t.admin_token, json!({ "role": "viewer" }))
            .await
            .expect(409, Some("last_tenant_admin"));
        app.patch(&path, &t.admin_token, json!({ "status": "disabled" }))
            .await
            .expect(409, Some("last_tenant_admin"));
        app.delete(&path, &t.admin_token)
            .await
            .expect(409, Some("last_tenant_admin"));
        // With a second admin, the first may step down.
        app.user(&t, "second@alpha.test", "tenant_admin").await;
        let demoted = app
            .patch(&path, &t.admin_token, json!({ "role": "operator" }))
            .await;
        assert_eq!(demoted.expect(200, None)["role"], "operator", "{backend:?}");
    })
    .await;
}

/// Two tenant admins removing each other at the same moment — disabling, demoting or
/// deleting — never leave the tenant without an active admin: one of them is refused.
#[tokio::test]
async fn two_admins_removing_each_other_at_once_leave_one_admin() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        for (round, change) in [
            Some(json!({ "status": "disabled" })),
            Some(json!({ "role": "viewer" })),
            None,
            Some(json!({ "status": "disabled" })),
            Some(json!({ "role": "operator" })),
            None,
        ]
        .into_iter()
        .enumerate()
        {
            let t = app.tenant(&format!("race{round}")).await;
            let (b_id, b_token) = app
                .user(&t, &format!("b@race{round}.test"), "tenant_admin")
                .await;
            let users = app.get("/api/v1/users?size=200", &t.admin_token).await;
            let a_id = users.expect(200, None)["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|u| u["email"] == t.admin_email.as_str())
                .map(|u| u["id"].as_str().unwrap().to_owned())
                .unwrap();
            let remove = |token: String, target: String| {
                let (app, change) = (&app, change.clone());
                async move {
                    let path = format!("/api/v1/users/{target}");
                    match change {
                        Some(body) => app.patch(&path, &token, body).await.status.as_u16(),
                        None => app.delete(&path, &token).await.status.as_u16(),
                    }
                }
            };
            let (a_did, b_did) = tokio::join!(
                remove(t.admin_token.clone(), b_id.clone()),
                remove(b_token, a_id.clone())
            );
            // One wins; the other is refused (409 last_tenant_admin) or, coming second, finds
            // its own credential already ended (401/403).
            let won = [a_did, b_did].iter().filter(|s| (200..300).contains(*s)).count();
            assert_eq!(won, 1, "{backend:?} round {round}: {a_did} {b_did}");
            let mut tx = app
                .state
                .db
                .read(fleet_store::Scope::Tenant(t.id.parse().unwrap()))
                .await
                .unwrap();
            let admins: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM users WHERE tenant_id = $1 AND role = 'tenant_admin' AND status = 'active'",
            )
            .bind(&t.id)
            .fetch_one(tx.conn())
            .await
            .unwrap();
            assert_eq!(admins, 1, "{backend:?} round {round}: {a_did} {b_did}");
        }
    })
    .await;
}

#[tokio::test]
async fn phone_numbers_are_encrypted_at_rest_and_patch_clears_with_null() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let created = app
            .post("/api/v1/users", &t.admin_token, json!({ "email": "p@alpha.test", "password": PASSWORD, "role": "operator", "phone": "+86 138 0013 8000", "display_name": "Pat" }))
            .await;
        let id = created.expect(201, None)["id"].as_str().expect("id").to_owned();
        assert_eq!(created.body["phone"], "+86 138 0013 8000");
        let mut tx = app.state.db.read(Scope::Platform).await.expect("tx");
        let stored: Option<String> = sqlx::query_scalar("SELECT phone_enc FROM users WHERE id = $1").bind(&id).fetch_one(tx.conn()).await.expect("row");
        drop(tx);
        let stored = stored.expect("sealed phone");
        assert!(stored.starts_with("enc:v1:k1:") && !stored.contains("138"), "{backend:?}: {stored}");

        let cleared = app.patch(&format!("/api/v1/users/{id}"), &t.admin_token, json!({ "phone": null })).await;
        let body = cleared.expect(200, None);
        assert_eq!((body["phone"].clone(), body["display_name"].clone()), (Value::Null, json!("Pat")), "absent stays, null clears");
        let bad = app.patch(&format!("/api/v1/users/{id}"), &t.admin_token, json!({ "phone": "call me" })).await;
        assert_eq!(bad.expect(400, Some("validation_failed"))["details"]["field"], "phone");
    })
    .await;
}

#[tokio::test]
async fn a_new_password_or_disabling_ends_the_users_sessions() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let (id, token) = app.user(&t, "op@alpha.test", "operator").await;
        let path = format!("/api/v1/users/{id}");
        app.patch(
            &path,
            &t.admin_token,
            json!({ "password": "a brand new password" }),
        )
        .await
        .expect(200, None);
        app.get("/api/v1/tenant", &token)
            .await
            .expect(401, Some("session_revoked"));
        app.login("op@alpha.test", PASSWORD)
            .await
            .expect(401, Some("invalid_credentials"));
        let login = app.login("op@alpha.test", "a brand new password").await;
        let token = login.expect(200, None)["access_token"]
            .as_str()
            .expect("token")
            .to_owned();

        app.patch(&path, &t.admin_token, json!({ "status": "disabled" }))
            .await
            .expect(200, None);
        app.get("/api/v1/tenant", &token)
            .await
            .expect(401, Some("session_revoked"));
        app.login("op@alpha.test", "a brand new password")
            .await
            .expect(403, Some("user_disabled"));
        app.delete(&path, &t.admin_token).await.expect(204, None);
        app.get(&path, &t.admin_token)
            .await
            .expect(404, Some("not_found"));
        let audit = app
            .get("/api/v1/audit-log?action=user.updated", &t.admin_token)
            .await;
        assert_eq!(audit.expect(200, None)["total"], 2, "{backend:?}");
    })
    .await;
}

/// One row whose sealed field does not decrypt (a key dropped too early, a damaged row) is
/// shown without that field, marked `unreadable`, and the list still answers.
#[tokio::test]
async fn a_row_that_does_not_decrypt_does_not_fail_its_list() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("sealed").await;
        let created = app
            .post("/api/v1/users", &t.admin_token, json!({ "email": "p@sealed.test", "password": crate::support::PASSWORD, "role": "viewer", "phone": "+86 138 0000 0000" }))
            .await;
        let id = created.expect(201, None)["id"].as_str().unwrap().to_owned();
        let channel = app
            .post("/api/v1/alerts/channels", &t.admin_token, json!({ "name": "mail", "kind": "email", "to": ["ops@sealed.test"] }))
            .await;
        let channel_id = channel.expect(201, None)["channel_id"].as_str().unwrap().to_owned();
        let scope = fleet_store::Scope::Tenant(t.id.parse().unwrap());
        let mut tx = app.state.db.begin(scope).await.unwrap();
        for (sql, row) in [
            ("UPDATE users SET phone_enc = 'k9:damaged' WHERE id = $1", &id),
            ("UPDATE alert_channels SET config_enc = 'k9:damaged' WHERE id = $1", &channel_id),
        ] {
            sqlx::query(sql).bind(row).execute(tx.conn()).await.unwrap();
        }
        tx.commit().await.unwrap();

        let users = app.get("/api/v1/users", &t.admin_token).await;
        let user = users.expect(200, None)["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == id.as_str())
            .cloned()
            .unwrap();
        assert_eq!((user.get("phone"), &user["unreadable"]), (None, &json!(["phone"])), "{backend:?}");
        let channels = app.get("/api/v1/alerts/channels", &t.admin_token).await;
        let shown = &channels.expect(200, None)["items"][0];
        assert_eq!((&shown["kind"], &shown["unreadable"]), (&json!("email"), &json!(["config"])));
    })
    .await;
}
