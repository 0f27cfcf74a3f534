//! Accounts on the official WeCom API, against the official-API simulator on a real socket:
//! credentials that check out sign the account in without a QR step; ones that do not are
//! refused; a silent account is probed, not declared lost, while its app still works.

use std::{sync::Arc, time::Duration};

use fleet_accounts::SweepSettings;
use fleet_connectors::official_api_sim::OfficialApiSim;
use fleet_core::{clock::now_ms, ids::TenantId};
use fleet_store::Dialect;
use poem::{
    listener::{Acceptor, Listener, TcpListener},
    Server,
};
use serde_json::json;

use poem::http::Method;

use crate::support::{each_backend, Limits, Reply, Tenant, TestApp};

/// The simulator serving the official API's shape, and its base URL.
pub(crate) async fn official_api() -> (Arc<OfficialApiSim>, String) {
    let sim = Arc::new(OfficialApiSim::new(Duration::from_secs(7200)));
    sim.register_app("ww-corp", 1000002, "app-secret");
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let port = acceptor.local_addr()[0].as_socket_addr().unwrap().port();
    let routes = sim.routes();
    tokio::spawn(async move { Server::new_with_acceptor(acceptor).run(routes).await });
    (sim, format!("http://127.0.0.1:{port}"))
}

pub(crate) async fn app(backend: Dialect, base: &str) -> TestApp {
    TestApp::with_limits(
        backend,
        Limits {
            wecom_api: Some(base.to_owned()),
            ..Limits::default()
        },
    )
    .await
}

/// Creates a `wecom_api` account for the simulator's app with `secret`, and logs it in.
pub(crate) async fn create_and_log_in(app: &TestApp, t: &Tenant, secret: &str) -> (String, Reply) {
    let settings = json!({ "corp_id": "ww-corp", "agent_id": 1000002, "secret": secret });
    let created = app
        .post(
            "/api/v1/accounts",
            &t.admin_token,
            json!({ "account_name": "corp app", "connector": "wecom_api", "connector_settings": settings }),
        )
        .await;
    let id = created.expect(201, None)["account_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let login = app
        .call(
            Method::PUT,
            &format!("/api/v1/accounts/{id}/login"),
            Some(&t.admin_token),
            None,
        )
        .await;
    (id, login)
}

#[tokio::test]
async fn valid_credentials_sign_in_without_a_qr_code_and_probes_keep_it_online() {
    each_backend(|backend| async move {
        let (sim, base) = official_api().await;
        let app = app(backend, &base).await;
        let t = app.tenant("alpha").await;
        let (id, login) = create_and_log_in(&app, &t, "app-secret").await;
        let body = login.expect(200, None);
        assert_eq!(body["status"], "online", "{backend:?}");
        assert!(body["qrcode_url"].is_null() && body["login_token"].is_null());
        assert_eq!(app.reasons(&t, &id).await, ["credentials_verified"]);

        // Silent for longer than the timeout, but the app still answers: a probe, not a loss.
        let tenant: TenantId = t.id.parse().unwrap();
        let before = sim.calls("/cgi-bin/agent/get");
        let report = app
            .state
            .accounts
            .sweep(&SweepSettings::default(), now_ms() + 91_000)
            .await
            .unwrap();
        assert_eq!((report.lost, report.errors), (0, 0), "{report:?}");
        assert_eq!(sim.calls("/cgi-bin/agent/get"), before + 1);
        let rec = app.state.accounts.get(tenant, &id).await.unwrap();
        assert_eq!(rec.status, "online");
        assert!(
            rec.last_heartbeat_at.unwrap() > now_ms() + 60_000,
            "the probe counted as a heartbeat"
        );

        // Once the app stops answering, the next silent sweep declares the session lost.
        sim.fail_next(60011, 1);
        let report = app
            .state
            .accounts
            .sweep(&SweepSettings::default(), now_ms() + 200_000)
            .await
            .unwrap();
        assert_eq!(report.lost, 1, "{report:?}");
    })
    .await;
}

#[tokio::test]
async fn bad_credentials_and_bad_settings_are_refused() {
    each_backend(|backend| async move {
        let (_sim, base) = official_api().await;
        let app = app(backend, &base).await;
        let t = app.tenant("alpha").await;
        let missing = app
            .post(
                "/api/v1/accounts",
                &t.admin_token,
                json!({ "account_name": "x", "connector": "wecom_api", "connector_settings": { "agent_id": 1 } }),
            )
            .await;
        assert_eq!(
            missing.expect(400, Some("validation_failed"))["details"]["field"],
            "connector_settings.corp_id"
        );
        let (id, login) = create_and_log_in(&app, &t, "nope").await;
        assert_eq!(login.expect(422, Some("connector_refused"))["details"]["connector_code"], "40001");
        let status = app.get(&format!("/api/v1/accounts/{id}/status"), &t.admin_token).await;
        assert_eq!(status.expect(200, None)["status"], "created", "{backend:?}");
    })
    .await;
}
