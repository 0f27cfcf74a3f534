//! Sign-in, refresh-token rotation with reuse detection, logout.

use poem::http::Method;

use crate::support::{each_backend, TestApp, PASSWORD};

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_revokes_the_whole_family() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;

        let first = app.refresh(&t.admin_refresh).await;
        let first = first.expect(200, None).clone();
        let r2 = first["refresh_token"].as_str().expect("r2").to_owned();
        assert_ne!(r2, t.admin_refresh, "refresh must rotate the token");
        let access2 = first["access_token"].as_str().expect("access").to_owned();
        app.get("/api/v1/tenant", &access2).await.expect(200, None);

        // The spent token comes back: someone else has a copy. The family dies.
        app.refresh(&t.admin_refresh)
            .await
            .expect(401, Some("refresh_token_reused"));
        app.refresh(&r2).await.expect(401, Some("session_revoked"));
        app.get("/api/v1/tenant", &access2)
            .await
            .expect(401, Some("session_revoked"));
        app.get("/api/v1/tenant", &t.admin_token)
            .await
            .expect(401, Some("session_revoked"));

        // Other sessions of the same user are untouched; the event is audited.
        let again = app.login(&t.admin_email, PASSWORD).await;
        let token = again.expect(200, None)["access_token"]
            .as_str()
            .expect("token")
            .to_owned();
        let audit = app
            .get(
                "/api/v1/audit-log?action=auth.refresh_reuse_detected",
                &token,
            )
            .await;
        assert_eq!(audit.expect(200, None)["total"], 1, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn logout_ends_access_and_refresh_tokens() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        app.call(
            Method::POST,
            "/api/v1/auth/logout",
            Some(&t.admin_token),
            None,
        )
        .await
        .expect(204, None);
        app.get("/api/v1/tenant", &t.admin_token)
            .await
            .expect(401, Some("session_revoked"));
        app.refresh(&t.admin_refresh)
            .await
            .expect(401, Some("session_revoked"));
        let (_, key) = app.api_key(&app.tenant("beta").await, "viewer").await;
        app.call(Method::POST, "/api/v1/auth/logout", Some(&key), None)
            .await
            .expect(400, Some("not_a_session"));
    })
    .await;
}

#[tokio::test]
async fn wrong_passwords_are_refused_alike_and_audited() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        app.login(&t.admin_email, "wrong password!")
            .await
            .expect(401, Some("invalid_credentials"));
        app.login("nobody@alpha.test", PASSWORD)
            .await
            .expect(401, Some("invalid_credentials"));
        app.login("not an email", PASSWORD)
            .await
            .expect(401, Some("invalid_credentials"));
        let audit = app
            .get("/api/v1/audit-log?action=auth.login_failed", &t.admin_token)
            .await;
        let entries = audit.expect(200, None)["items"]
            .as_array()
            .expect("entries")
            .clone();
        assert_eq!(
            entries.len(),
            1,
            "{backend:?}: only the tenant's own user's failure belongs to it"
        );
        assert_eq!(entries[0]["detail"]["email"], t.admin_email.as_str());
        // Email case does not matter.
        app.login(&t.admin_email.to_uppercase(), PASSWORD)
            .await
            .expect(200, None);
    })
    .await;
}

#[tokio::test]
async fn garbage_tokens_are_refused() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        app.get("/api/v1/tenant", "not-a-jwt")
            .await
            .expect(401, Some("invalid_token"));
        app.get("/api/v1/tenant", "wcf_unknownkey")
            .await
            .expect(401, Some("invalid_token"));
        app.call(Method::GET, "/api/v1/tenant", None, None)
            .await
            .expect(401, Some("unauthorized"));
        app.refresh("wcfr_nope")
            .await
            .expect(401, Some("invalid_refresh_token"));
    })
    .await;
}
