//! Accounts on the simulator, through the API: every path through the lifecycle that this
//! version drives, with the exact status and code of each refusal.

use fleet_store::Scope;
use poem::http::Method;
use serde_json::{json, Value};

use crate::support::{each_backend, Limits, Tenant, TestApp};

impl TestApp {
    pub(crate) async fn account(&self, t: &Tenant, name: &str) -> String {
        let created = self
            .post(
                "/api/v1/accounts",
                &t.admin_token,
                json!({ "account_name": name, "connector": "simulator" }),
            )
            .await;
        created.expect(201, None)["account_id"]
            .as_str()
            .expect("id")
            .to_owned()
    }

    /// A simulator account of `t`, logged in and online.
    pub(crate) async fn online_account(&self, t: &Tenant, name: &str) -> String {
        let id = self.account(t, name).await;
        self.put(&format!("/api/v1/accounts/{id}/login"), &t.admin_token)
            .await
            .expect(200, None);
        self.sim(t, &id, "scan").await.expect(200, None);
        self.sim(t, &id, "confirm").await.expect(200, None);
        id
    }

    pub(crate) async fn put(&self, path: &str, token: &str) -> crate::support::Reply {
        self.call(Method::PUT, path, Some(token), None).await
    }

    pub(crate) async fn sim(&self, t: &Tenant, id: &str, action: &str) -> crate::support::Reply {
        self.post(
            &format!("/api/v1/simulator/accounts/{id}/{action}"),
            &t.admin_token,
            json!({}),
        )
        .await
    }

    /// The account's status changes, oldest first.
    pub(crate) async fn history(&self, t: &Tenant, id: &str) -> Vec<Value> {
        let reply = self
            .get(
                &format!("/api/v1/accounts/{id}/history?size=200"),
                &t.admin_token,
            )
            .await;
        reply.expect(200, None)["items"]
            .as_array()
            .cloned()
            .expect("history")
    }

    pub(crate) async fn reasons(&self, t: &Tenant, id: &str) -> Vec<String> {
        self.history(t, id)
            .await
            .iter()
            .map(|h| h["reason"].as_str().unwrap_or("").to_owned())
            .collect()
    }

    /// Moves the account's QR code expiry into the past.
    pub(crate) async fn expire_qr(&self, id: &str) {
        let mut tx = self.state.db.begin(Scope::Platform).await.expect("tx");
        sqlx::query("UPDATE accounts SET qr_expires_at = 1 WHERE id = $1")
            .bind(id)
            .execute(tx.conn())
            .await
            .expect("update");
        tx.commit().await.expect("commit");
    }
}

fn status(reply: &Value) -> (String, Option<String>) {
    (
        reply["status"].as_str().unwrap_or("").to_owned(),
        reply["login_stage"].as_str().map(str::to_owned),
    )
}

#[tokio::test]
async fn scan_confirm_online_with_qr_image_history_and_conversations() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let id = app.account(&t, "sales-01").await;
        let acc = format!("/api/v1/accounts/{id}");
        app.get(&format!("{acc}/conversations"), &t.admin_token)
            .await
            .expect(409, Some("invalid_state"));

        let login = app.put(&format!("{acc}/login"), &t.admin_token).await;
        let body = login.expect(200, None).clone();
        assert_eq!(
            status(&body),
            ("qr_wait".into(), Some("waiting_scan".into())),
            "{backend:?}"
        );
        assert_eq!(body["qrcode_url"], format!("/api/v1/accounts/{id}/qrcode"));
        assert!(body["login_token"].as_str().is_some_and(|t| t.len() >= 24));
        let data_url = body["qrcode_data_url"].as_str().unwrap_or_default();
        assert!(data_url.starts_with("data:image/svg+xml;base64,"), "{body}");
        // JSON by default (generated clients), the image itself when asked for.
        let qr = app.get(&format!("{acc}/qrcode"), &t.admin_token).await;
        assert_eq!(qr.expect(200, None)["data_url"], data_url);
        assert!(qr.body["expires_at"].is_string());
        let qr = app
            .call_with(
                Method::GET,
                &format!("{acc}/qrcode"),
                &t.admin_token,
                &[("accept", "image/svg+xml,image/*;q=0.8")],
            )
            .await;
        assert_eq!(qr.status.as_u16(), 200);
        assert!(qr.headers["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("image/svg+xml"));
        assert!(qr.body.as_str().is_some_and(|svg| svg.contains("<svg")));

        let scanned = app.sim(&t, &id, "scan").await;
        assert_eq!(
            status(scanned.expect(200, None)),
            ("qr_wait".into(), Some("waiting_confirm".into()))
        );
        app.get(&format!("{acc}/qrcode"), &t.admin_token)
            .await
            .expect(409, Some("invalid_state"));
        let online = app.sim(&t, &id, "confirm").await;
        let online = online.expect(200, None);
        assert_eq!(status(online), ("online".into(), None));
        assert!(
            online["last_heartbeat"].is_string() && online["online_duration"].as_i64() == Some(0)
        );

        let conversations = app
            .get(&format!("{acc}/conversations"), &t.admin_token)
            .await;
        assert_eq!(conversations.expect(200, None)["total"], 3);
        assert_eq!(
            app.reasons(&t, &id).await,
            ["start_login", "qr_scanned", "qr_confirmed"],
            "{backend:?}"
        );
        let listed = app
            .get("/api/v1/accounts?status=online", &t.admin_token)
            .await;
        assert_eq!(listed.expect(200, None)["total"], 1);
    })
    .await;
}

#[tokio::test]
async fn new_device_verification() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let id = app.account(&t, "sales-01").await;
        let acc = format!("/api/v1/accounts/{id}");
        app.put(&format!("{acc}/login"), &t.admin_token)
            .await
            .expect(200, None);
        app.post(
            &format!("{acc}/verify"),
            &t.admin_token,
            json!({ "code": "000000" }),
        )
        .await
        .expect(409, Some("invalid_state"));
        app.sim(&t, &id, "scan").await.expect(200, None);
        let needs = app.sim(&t, &id, "require-verification").await;
        assert_eq!(
            status(needs.expect(200, None)).1.as_deref(),
            Some("needs_verification")
        );
        app.sim(&t, &id, "confirm")
            .await
            .expect(409, Some("invalid_state"));

        let wrong = app
            .post(
                &format!("{acc}/verify"),
                &t.admin_token,
                json!({ "code": "123456" }),
            )
            .await;
        assert_eq!(
            wrong.expect(422, Some("connector_refused"))["details"]["connector_code"],
            "invalid_verification_code"
        );
        let still = app.get(&format!("{acc}/status"), &t.admin_token).await;
        assert_eq!(
            status(still.expect(200, None)).1.as_deref(),
            Some("needs_verification"),
            "{backend:?}"
        );
        app.post(
            &format!("{acc}/verify"),
            &t.admin_token,
            json!({ "code": "" }),
        )
        .await
        .expect(400, Some("validation_failed"));
        let ok = app
            .post(
                &format!("{acc}/verify"),
                &t.admin_token,
                json!({ "code": "000000" }),
            )
            .await;
        assert_eq!(status(ok.expect(200, None)).0, "online");
        assert_eq!(
            app.reasons(&t, &id).await,
            [
                "start_login",
                "qr_scanned",
                "verification_required",
                "verified"
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn an_expired_qr_code_returns_the_account_to_where_its_login_started() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let id = app.account(&t, "sales-01").await;
        let acc = format!("/api/v1/accounts/{id}");
        app.put(&format!("{acc}/login"), &t.admin_token)
            .await
            .expect(200, None);
        app.expire_qr(&id).await;
        let expired = app.get(&format!("{acc}/status"), &t.admin_token).await;
        assert_eq!(
            status(expired.expect(200, None)),
            ("created".into(), None),
            "{backend:?}"
        );
        app.get(&format!("{acc}/qrcode"), &t.admin_token)
            .await
            .expect(409, Some("invalid_state"));

        // From offline, an expired login goes back to offline; a new login gets a new QR code.
        app.put(&format!("{acc}/login"), &t.admin_token)
            .await
            .expect(200, None);
        app.sim(&t, &id, "scan").await.expect(200, None);
        app.sim(&t, &id, "confirm").await.expect(200, None);
        app.put(&format!("{acc}/logout"), &t.admin_token)
            .await
            .expect(200, None);
        let first = app
            .put(&format!("{acc}/login"), &t.admin_token)
            .await
            .expect(200, None)["login_token"]
            .clone();
        let second = app
            .put(&format!("{acc}/login"), &t.admin_token)
            .await
            .expect(200, None)["login_token"]
            .clone();
        assert_ne!(first, second, "asking again issues a fresh login");
        app.expire_qr(&id).await;
        let expired = app.get(&format!("{acc}/status"), &t.admin_token).await;
        assert_eq!(status(expired.expect(200, None)).0, "offline");
        let reasons = app.reasons(&t, &id).await;
        assert_eq!(
            reasons.iter().filter(|r| *r == "qr_expired").count(),
            2,
            "{reasons:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn disconnect_logout_relogin_and_delete() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let id = app.account(&t, "sales-01").await;
        let acc = format!("/api/v1/accounts/{id}");
        app.put(&format!("{acc}/logout"), &t.admin_token).await.expect(409, Some("invalid_state"));
        app.sim(&t, &id, "scan").await.expect(409, Some("invalid_state"));
        app.put(&format!("{acc}/login"), &t.admin_token).await.expect(200, None);
        app.sim(&t, &id, "scan").await.expect(200, None);
        app.sim(&t, &id, "confirm").await.expect(200, None);

        let dropped = app.sim(&t, &id, "disconnect").await;
        assert_eq!(status(dropped.expect(200, None)).0, "recovering", "{backend:?}");
        let out = app.put(&format!("{acc}/logout"), &t.admin_token).await;
        assert_eq!(status(out.expect(200, None)).0, "offline");
        let again = app.put(&format!("{acc}/login"), &t.admin_token).await;
        assert_eq!(status(again.expect(200, None)).0, "qr_wait");
        app.delete(&acc, &t.admin_token).await.expect(204, None);
        app.get(&acc, &t.admin_token).await.expect(404, Some("not_found"));
        app.delete(&acc, &t.admin_token).await.expect(404, Some("not_found"));
        assert_eq!(app.get("/api/v1/accounts", &t.admin_token).await.expect(200, None)["total"], 0);
        let mut tx = app.state.db.read(Scope::Platform).await.expect("tx");
        let reasons: Vec<String> = sqlx::query_scalar("SELECT reason FROM account_status_history WHERE account_id = $1 ORDER BY created_at, id")
            .bind(&id)
            .fetch_all(tx.conn())
            .await
            .expect("history");
        assert_eq!(reasons, ["start_login", "qr_scanned", "qr_confirmed", "disconnected", "logout", "start_login", "delete"]);
    })
    .await;
}

#[tokio::test]
async fn max_accounts_is_exact_under_concurrent_creation() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        app.patch(
            &format!("/api/v1/tenants/{}", t.id),
            &app.platform_token,
            json!({ "max_accounts": 3 }),
        )
        .await
        .expect(200, None);
        let creates = (0..8).map(|i| {
            app.post(
                "/api/v1/accounts",
                &t.admin_token,
                json!({ "account_name": format!("a{i}"), "connector": "simulator" }),
            )
        });
        let replies = futures::future::join_all(creates).await;
        let created = replies.iter().filter(|r| r.status.as_u16() == 201).count();
        assert_eq!(created, 3, "{backend:?}");
        for refused in replies.iter().filter(|r| r.status.as_u16() != 201) {
            assert_eq!(
                refused.expect(409, Some("account_limit_reached"))["details"]["limit"],
                3
            );
        }
        // Deleting one frees its place.
        let first = replies
            .iter()
            .find(|r| r.status.as_u16() == 201)
            .map(|r| r.body["account_id"].as_str().unwrap_or("").to_owned())
            .unwrap_or_default();
        app.delete(&format!("/api/v1/accounts/{first}"), &t.admin_token)
            .await
            .expect(204, None);
        app.account(&t, "replacement").await;
    })
    .await;
}

#[tokio::test]
async fn other_tenants_accounts_are_not_found_anywhere() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let a = app.tenant("alpha").await;
        let b = app.tenant("beta").await;
        let theirs = app.account(&b, "b-01").await;
        let acc = format!("/api/v1/accounts/{theirs}");
        let attempts: Vec<(Method, String, Option<Value>)> = vec![
            (Method::GET, acc.clone(), None),
            (
                Method::PATCH,
                acc.clone(),
                Some(json!({ "account_name": "mine" })),
            ),
            (Method::DELETE, acc.clone(), None),
            (Method::PUT, format!("{acc}/login"), None),
            (Method::GET, format!("{acc}/qrcode"), None),
            (
                Method::POST,
                format!("{acc}/verify"),
                Some(json!({ "code": "000000" })),
            ),
            (Method::PUT, format!("{acc}/logout"), None),
            (Method::GET, format!("{acc}/status"), None),
            (Method::GET, format!("{acc}/history"), None),
            (Method::GET, format!("{acc}/conversations"), None),
            (
                Method::POST,
                format!("/api/v1/simulator/accounts/{theirs}/scan"),
                Some(json!({})),
            ),
            (
                Method::POST,
                format!("/api/v1/simulator/accounts/{theirs}/disconnect"),
                Some(json!({})),
            ),
        ];
        for (method, path, body) in attempts {
            let reply = app
                .call(method.clone(), &path, Some(&a.admin_token), body)
                .await;
            assert_eq!(
                (reply.status.as_u16(), reply.body["code"].as_str()),
                (404, Some("not_found")),
                "{backend:?} {method} {path}"
            );
        }
        assert_eq!(
            app.get("/api/v1/accounts", &a.admin_token)
                .await
                .expect(200, None)["total"],
            0
        );
        let still = app.get(&acc, &b.admin_token).await;
        assert_eq!(
            (
                still.expect(200, None)["account_name"].as_str(),
                still.body["status"].as_str()
            ),
            (Some("b-01"), Some("created"))
        );
    })
    .await;
}

#[tokio::test]
async fn account_input_is_validated_and_secrets_are_sealed() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("alpha").await;
        let (_, viewer) = app.user(&t, "v@alpha.test", "viewer").await;
        let good = json!({ "account_name": "s", "connector": "simulator", "phone": "+86 138 0013 8000", "connector_settings": { "token": "s3cret-token" }, "config": { "group": "east" } });
        app.post("/api/v1/accounts", &viewer, good.clone()).await.expect(403, Some("forbidden"));
        for (field, value, code) in [
            ("connector", json!("bogus"), "invalid_field"),
            ("config", json!([1, 2]), "invalid_field"),
            ("phone", json!("call me"), "validation_failed"),
            ("account_name", json!(""), "validation_failed"),
        ] {
            let mut body = good.clone();
            body[field] = value;
            let reply = app.post("/api/v1/accounts", &t.admin_token, body).await;
            assert_eq!(reply.expect(400, Some(code))["details"]["field"], field, "{backend:?}");
        }
        let mut other = good.clone();
        other["connector"] = json!("http_instance");
        app.post("/api/v1/accounts", &t.admin_token, other).await.expect(422, Some("connector_unavailable"));
        app.get("/api/v1/accounts?status=sleeping", &t.admin_token).await.expect(400, Some("invalid_parameter"));

        let created = app.post("/api/v1/accounts", &t.admin_token, good).await;
        let body = created.expect(201, None).clone();
        assert_eq!((body["phone"].as_str(), body["config"]["group"].as_str()), (Some("+86 138 0013 8000"), Some("east")));
        assert!(body.get("connector_settings").is_none(), "settings are never returned");
        let id = body["account_id"].as_str().unwrap_or("");
        let mut tx = app.state.db.read(Scope::Platform).await.expect("tx");
        let (phone, settings): (Option<String>, Option<String>) = sqlx::query_as("SELECT phone_enc, connector_settings_enc FROM accounts WHERE id = $1")
            .bind(id)
            .fetch_one(tx.conn())
            .await
            .expect("row");
        drop(tx);
        assert!(phone.is_some_and(|p| p.starts_with("enc:v1:") && !p.contains("138")));
        assert!(settings.is_some_and(|s| s.starts_with("enc:v1:") && !s.contains("s3cret")));
        let cleared = app.patch(&format!("/api/v1/accounts/{id}"), &t.admin_token, json!({ "phone": null, "account_name": "renamed" })).await;
        let cleared = cleared.expect(200, None);
        assert_eq!((cleared["phone"].clone(), cleared["account_name"].clone()), (Value::Null, json!("renamed")));
        app.get("/api/v1/accounts", &viewer).await.expect(200, None);
    })
    .await;
}

#[tokio::test]
async fn the_simulator_endpoints_exist_only_when_the_simulator_runs() {
    let app = TestApp::with_limits(
        fleet_store::Dialect::Sqlite,
        Limits {
            simulator: false,
            ..Limits::default()
        },
    )
    .await;
    let t = app.tenant("alpha").await;
    let reply = app
        .post(
            "/api/v1/accounts",
            &t.admin_token,
            json!({ "account_name": "s", "connector": "simulator" }),
        )
        .await;
    reply.expect(422, Some("connector_unavailable"));
    let sim = app
        .post(
            "/api/v1/simulator/accounts/00000000-0000-0000-0000-000000000000/scan",
            &t.admin_token,
            json!({}),
        )
        .await;
    sim.expect(404, Some("not_found"));
}

/// A logout whose provider lost the account's instance (a restart) still ends the session:
/// the account is `offline` at once, the history says the instance was lost.
#[tokio::test]
async fn logout_after_the_connector_lost_the_instance_ends_offline() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("lost").await;
        let id = app.online_account(&t, "gone").await;
        let sim = app.state.accounts.simulator().expect("simulator");
        sim.inject_failure(Some(fleet_connectors::ConnectorError::UnknownInstance(
            "i-1".into(),
        )));
        let logout = app
            .call(
                Method::PUT,
                &format!("/api/v1/accounts/{id}/logout"),
                Some(&t.admin_token),
                None,
            )
            .await;
        sim.inject_failure(None);
        assert_eq!(logout.expect(200, None)["status"], "offline", "{backend:?}");
        let history = app.history(&t, &id).await;
        let last = history.last().expect("history");
        assert_eq!(
            (
                last["reason"].as_str(),
                last["detail"]["instance_lost"].as_str()
            ),
            (Some("logout"), Some("i-1"))
        );
    })
    .await;
}

#[tokio::test]
async fn the_list_finds_accounts_by_part_of_their_name_in_any_case() {
    each_backend(|backend| async move {
        let app = TestApp::new(backend).await;
        let t = app.tenant("names").await;
        for name in ["Shanghai Sales", "shanghai support", "Beijing", "100% sure"] {
            app.account(&t, name).await;
        }
        let names = |reply: &crate::support::Reply| -> Vec<String> {
            reply.expect(200, None)["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|a| a["account_name"].as_str().expect("name").to_owned())
                .collect()
        };
        let found = app
            .get("/api/v1/accounts?name=SHANGHAI", &t.admin_token)
            .await;
        assert_eq!(names(&found), ["Shanghai Sales", "shanghai support"]);
        // LIKE's wildcards are matched as themselves.
        let percent = app.get("/api/v1/accounts?name=0%25", &t.admin_token).await;
        assert_eq!(names(&percent), ["100% sure"]);
        let underscore = app.get("/api/v1/accounts?name=_", &t.admin_token).await;
        assert!(names(&underscore).is_empty());
        let too_long = "x".repeat(101);
        app.get(&format!("/api/v1/accounts?name={too_long}"), &t.admin_token)
            .await
            .expect(400, Some("validation_failed"));
    })
    .await;
}
