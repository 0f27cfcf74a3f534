//! Tenant management by platform admins, and what suspension does to a tenant's credentials.

use serde_json::json;

use crate::support::{each_backend, TestApp, PASSWORD};

#[tokio::test]
async fn platform_admins_create_list_update_tenants() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        app.tenant("beta").await;
        let list = app
            .get("/api/v1/tenants?page=1&size=1", &app.platform_token)
            .await;
        let body = list.expect(200, None);
        assert_eq!(
            (
                body["total"].as_i64(),
                body["items"].as_array().map(Vec::len)
            ),
            (Some(2), Some(1)),
            "{backend:?}"
        );
        assert_eq!(body["items"][0]["code"], "beta", "newest first");

        let patched = app
            .patch(
                &format!("/api/v1/tenants/{}", t.id),
                &app.platform_token,
                json!({ "max_accounts": 42, "timezone": "Europe/Berlin" }),
            )
            .await;
        let body = patched.expect(200, None);
        assert_eq!(
            (body["max_accounts"].as_i64(), body["timezone"].as_str()),
            (Some(42), Some("Europe/Berlin"))
        );
        assert_eq!(body["name"], "Tenant alpha", "absent fields stay");
        let fetched = app
            .get(&format!("/api/v1/tenants/{}", t.id), &app.platform_token)
            .await;
        assert_eq!(fetched.expect(200, None)["max_accounts"], 42);
        let defaults = app.get("/api/v1/tenant", &t.admin_token).await;
        assert_eq!(defaults.expect(200, None)["max_daily_messages"], 10_000);

        let audit = app
            .get(
                &format!("/api/v1/audit-log?tenant_id={}&action=tenant.updated", t.id),
                &app.platform_token,
            )
            .await;
        assert_eq!(
            audit.expect(200, None)["items"][0]["detail"]["before"]["max_accounts"],
            10
        );
    })
    .await;
}

#[tokio::test]
async fn a_suspended_tenant_is_refused_everywhere_until_activated() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let (_, key) = app.api_key(&t, "viewer").await;
        let other = app.tenant("beta").await;

        let suspended = app
            .post(
                &format!("/api/v1/tenants/{}/suspend", t.id),
                &app.platform_token,
                json!({}),
            )
            .await;
        assert_eq!(suspended.expect(200, None)["status"], "suspended");
        app.get("/api/v1/tenant", &t.admin_token)
            .await
            .expect(403, Some("tenant_suspended"));
        app.get("/api/v1/tenant", &key)
            .await
            .expect(403, Some("tenant_suspended"));
        app.login(&t.admin_email, PASSWORD)
            .await
            .expect(403, Some("tenant_suspended"));
        app.refresh(&t.admin_refresh)
            .await
            .expect(403, Some("tenant_suspended"));
        app.get("/api/v1/tenant", &other.admin_token)
            .await
            .expect(200, None);
        let listed = app
            .get("/api/v1/tenants?status=suspended", &app.platform_token)
            .await;
        assert_eq!(listed.expect(200, None)["total"], 1, "{backend:?}");

        app.post(
            &format!("/api/v1/tenants/{}/activate", t.id),
            &app.platform_token,
            json!({}),
        )
        .await
        .expect(200, None);
        app.get("/api/v1/tenant", &t.admin_token)
            .await
            .expect(200, None);
        app.get("/api/v1/tenant", &key).await.expect(200, None);
    })
    .await;
}

#[tokio::test]
async fn a_refused_tenant_leaves_nothing_behind() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        // The admin email is taken: the tenant row must not survive the failed transaction.
        let clash = json!({ "name": "Gamma", "code": "gamma", "admin_email": t.admin_email, "admin_password": PASSWORD });
        let reply = app.post("/api/v1/tenants", &app.platform_token, clash).await;
        assert_eq!(reply.expect(409, Some("already_exists"))["details"]["field"], "email");
        let dup_code = json!({ "name": "A2", "code": "alpha", "admin_email": "new@x.test", "admin_password": PASSWORD });
        let reply = app.post("/api/v1/tenants", &app.platform_token, dup_code).await;
        assert_eq!(reply.expect(409, Some("already_exists"))["details"]["field"], "code");
        let list = app.get("/api/v1/tenants", &app.platform_token).await;
        assert_eq!(list.expect(200, None)["total"], 1, "{backend:?}");
        app.login("new@x.test", PASSWORD).await.expect(401, Some("invalid_credentials"));
    })
    .await;
}

#[tokio::test]
async fn tenant_fields_are_validated_and_named() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let base = json!({ "name": "N", "code": "ok-code", "admin_email": "a@b.test", "admin_password": PASSWORD });
        for (field, value) in [
            ("code", json!("Bad Code")),
            ("timezone", json!("Mars/Olympus")),
            ("max_accounts", json!(-1)),
            ("max_daily_messages", json!(2_000_000_000_i64)),
            ("name", json!("")),
            ("admin_email", json!("nope")),
            ("admin_password", json!("short")),
        ] {
            let mut body = base.clone();
            body[field] = value;
            let reply = app.post("/api/v1/tenants", &app.platform_token, body).await;
            assert_eq!(reply.expect(400, Some("validation_failed"))["details"]["field"], field, "{backend:?}");
        }
        let t = app.tenant("alpha").await;
        app.post("/api/v1/tenants", &t.admin_token, base).await.expect(403, Some("forbidden"));
        app.get("/api/v1/tenant", &app.platform_token).await.expect(403, Some("tenant_required"));
    })
    .await;
}

#[tokio::test]
async fn a_deleted_tenant_is_final() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let (_, key) = app.api_key(&t, "viewer").await;
        let path = format!("/api/v1/tenants/{}", t.id);
        app.get(&path, &t.admin_token).await.expect(403, Some("forbidden"));
        let deleted = app.delete(&path, &app.platform_token).await;
        assert_eq!(deleted.expect(200, None)["status"], "deleted", "{backend:?}");
        app.get("/api/v1/tenant", &t.admin_token).await.expect(403, Some("tenant_deleted"));
        app.get("/api/v1/tenant", &key).await.expect(403, Some("tenant_deleted"));
        app.login(&t.admin_email, PASSWORD).await.expect(403, Some("tenant_deleted"));
        let revive = app.post(&format!("{path}/activate"), &app.platform_token, json!({})).await;
        assert_eq!(revive.expect(409, Some("invalid_state"))["details"]["status"], "deleted");
        let again = json!({ "name": "A", "code": "alpha", "admin_email": "n@x.test", "admin_password": PASSWORD });
        app.post("/api/v1/tenants", &app.platform_token, again).await.expect(409, Some("already_exists"));
    })
    .await;
}
