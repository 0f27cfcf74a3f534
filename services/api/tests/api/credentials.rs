//! API keys: shown once, stored hashed, role-scoped, revocable, expiring.

use fleet_core::credentials::secret_digest;
use fleet_store::Scope;
use serde_json::json;

use crate::support::{each_backend, TestApp};

#[tokio::test]
async fn api_keys_act_with_their_role_until_revoked() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let (id, key) = app.api_key(&t, "viewer").await;
        assert!(key.starts_with("wcf_"));

        app.get("/api/v1/tenant", &key).await.expect(200, None);
        let create_user = json!({ "email": "x@alpha.test", "password": "long enough password", "role": "viewer" });
        app.post("/api/v1/users", &key, create_user).await.expect(403, Some("forbidden"));

        // The key is never shown again and only its digest is stored.
        let listed = app.get("/api/v1/api-keys", &t.admin_token).await;
        let text = listed.expect(200, None).to_string();
        assert!(!text.contains(&key), "{backend:?}: the key leaked into the list");
        assert_eq!(listed.body["items"][0]["prefix"], &key[..12]);
        let mut tx = app.state.db.read(Scope::Platform).await.expect("tx");
        let stored: String = sqlx::query_scalar("SELECT key_hash FROM api_keys WHERE id = $1")
            .bind(&id)
            .fetch_one(tx.conn())
            .await
            .expect("row");
        drop(tx);
        assert_eq!(stored, secret_digest(&key));

        app.delete(&format!("/api/v1/api-keys/{id}"), &t.admin_token).await.expect(204, None);
        app.get("/api/v1/tenant", &key).await.expect(401, Some("api_key_revoked"));
        let audit = app.get("/api/v1/audit-log?action=api_key.revoked", &t.admin_token).await;
        assert_eq!(audit.expect(200, None)["total"], 1);
    })
    .await;
}

#[tokio::test]
async fn expired_keys_are_refused_and_expiry_must_be_in_the_future() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let past = json!({ "name": "old", "role": "viewer", "expires_at": "2020-01-01T00:00:00Z" });
        let reply = app.post("/api/v1/api-keys", &t.admin_token, past).await;
        assert_eq!(
            reply.expect(400, Some("validation_failed"))["details"]["field"],
            "expires_at"
        );
        let bad = json!({ "name": "old", "role": "viewer", "expires_at": "tomorrow" });
        app.post("/api/v1/api-keys", &t.admin_token, bad)
            .await
            .expect(400, Some("invalid_field"));
        let bad_role = json!({ "name": "x", "role": "platform_admin" });
        let reply = app.post("/api/v1/api-keys", &t.admin_token, bad_role).await;
        assert_eq!(
            reply.expect(400, Some("invalid_field"))["details"]["field"],
            "role"
        );

        let soon =
            json!({ "name": "soon", "role": "operator", "expires_at": "2999-01-01T00:00:00Z" });
        let created = app.post("/api/v1/api-keys", &t.admin_token, soon).await;
        let created = created.expect(201, None).clone();
        let key = created["key"].as_str().expect("key");
        app.get("/api/v1/tenant", key).await.expect(200, None);
        // Let the clock pass the expiry without sleeping: move the expiry into the past.
        let mut tx = app.state.db.begin(Scope::Platform).await.expect("tx");
        sqlx::query("UPDATE api_keys SET expires_at = 1 WHERE id = $1")
            .bind(created["api_key"]["id"].as_str())
            .execute(tx.conn())
            .await
            .expect("update");
        tx.commit().await.expect("commit");
        app.get("/api/v1/tenant", key)
            .await
            .expect(401, Some("api_key_expired"));
    })
    .await;
}
