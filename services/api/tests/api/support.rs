//! A test app per backend: a fresh database, the real `build_app`, called in-process.

use std::{sync::Arc, time::Duration};

use fleet_alerting::{run_engine, AlertingSettings, EventMetrics};
use fleet_api::{
    assemble::{assemble, Limits as AssembledLimits, Parts},
    build_app,
    rate_limit::MemoryCounter,
    ApiSettings, AppState,
};
use fleet_callbacks::{CallbackHandler, DispatchSettings};
use fleet_connectors::{
    http_instance::{HttpInstanceConnector, HttpInstanceOptions},
    simulator::{Simulator, SimulatorSettings},
    wecom_api::{WecomApiConnector, WecomApiOptions},
    Connectors,
};
use fleet_core::{events::EventBus, field_cipher::Keyring, webhook_signature::WebhookSecret};
use fleet_identity::{create_platform_admin, IdentitySettings, TokenIssuer};
use fleet_messaging::MessagingSettings;
use fleet_monitor::{
    channels::{ChannelSettings, Channels, SmtpSettings},
    metrics::{MetricWriter, WriterSettings},
    notify::GroupPolicy,
    store::Memory,
};
use fleet_store::{testing::TestDatabase, Dialect};
use fleet_webhooks::WebhookSettings;
use poem::{
    http::{HeaderMap, Method, StatusCode},
    test::TestClient,
    EndpointExt,
};
use serde_json::{json, Value};

pub const PASSWORD: &str = "correct horse battery staple";
/// Room for a full batch of 1,000 short messages, as the default 1 MiB has.
pub const MAX_BODY: usize = 256 * 1024;

pub struct TestApp {
    /// Kept alive for the test's duration (SQLite files are removed on drop).
    _database: TestDatabase,
    pub state: Arc<AppState>,
    /// The bus the account service publishes on.
    pub events: EventBus,
    pub client: TestClient<poem::endpoint::BoxEndpoint<'static>>,
    pub platform_token: String,
    /// Stops the webhook fan-out (and the metric writer, the alert engine) when the app is
    /// dropped.
    _stop_fanout: tokio::sync::watch::Sender<bool>,
    /// The metric store the app writes to and the alert engine reads.
    pub metrics: Arc<Memory>,
}

/// A reply: status, headers and JSON body (`Null` when empty).
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// Asserts the status and, for errors, the machine-readable code.
    #[track_caller]
    pub fn expect(&self, status: u16, code: Option<&str>) -> &Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.body
        );
        if let Some(code) = code {
            assert_eq!(
                self.body["code"], code,
                "unexpected code; body: {}",
                self.body
            );
        }
        &self.body
    }
}

/// A tenant created through the API, with its admin signed in.
pub struct Tenant {
    pub id: String,
    pub admin_email: String,
    pub admin_token: String,
    pub admin_refresh: String,
}

/// How the test app is set up.
pub struct Limits {
    pub requests: u64,
    pub login_attempts: u64,
    /// Failed sign-ins per account.
    pub login_failures_per_account: u64,
    /// Run the in-process simulator.
    pub simulator: bool,
    /// Drive `wecom_api` accounts against this base URL.
    pub wecom_api: Option<String>,
    /// Drive `http_instance` accounts through this provider.
    pub http_instance: Option<HttpInstanceOptions>,
    /// Verify provider callbacks with this secret.
    pub callback_secret: Option<String>,
    /// The message pipeline's settings (tests drive the queue by hand).
    pub messaging: MessagingSettings,
    /// Callback dispatch (tests run the dispatcher's rounds by hand).
    pub dispatch: DispatchSettings,
    /// Webhook delivery (tests run the worker's rounds by hand; the fan-out runs).
    pub webhooks: WebhookSettings,
    /// Extra callback handlers, by kind.
    pub handlers: Vec<(String, Arc<dyn CallbackHandler>)>,
    /// The alert engine's settings; the engine runs only with `alert_engine`.
    pub alerting: AlertingSettings,
    pub alert_engine: bool,
    /// Alert email goes through this SMTP server.
    pub smtp: Option<SmtpSettings>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            requests: 100_000,
            login_attempts: 100_000,
            login_failures_per_account: 100_000,
            simulator: true,
            wecom_api: None,
            http_instance: None,
            callback_secret: None,
            messaging: test_messaging_settings(),
            dispatch: DispatchSettings::default(),
            webhooks: WebhookSettings::default(),
            handlers: Vec::new(),
            alerting: AlertingSettings {
                eval_interval: Duration::from_millis(100),
                group: GroupPolicy {
                    group_wait: 0,
                    group_interval: 0,
                    ..GroupPolicy::default()
                },
                retry_delays: vec![Duration::ZERO, Duration::ZERO],
                allow_private_targets: true,
                ..AlertingSettings::default()
            },
            alert_engine: false,
            smtp: None,
        }
    }
}

/// No pacing unless a test asks for it, and exact retry delays.
fn test_messaging_settings() -> MessagingSettings {
    let mut settings = MessagingSettings {
        default_profile: "off".into(),
        ..MessagingSettings::default()
    };
    settings.retry.jitter = 0.0;
    settings
}

impl TestApp {
    pub async fn new(backend: Dialect) -> Self {
        Self::with_limits(backend, Limits::default()).await
    }

    pub async fn with_limits(backend: Dialect, limits: Limits) -> Self {
        let database = TestDatabase::new(backend).await.expect("test database");
        let key = Keyring::generate_key();
        let counter = Arc::new(MemoryCounter::default());
        let keyring = Keyring::new("k1", [("k1", key.as_str())]).expect("keyring");
        let (stop_fanout, fanout_stopped) = tokio::sync::watch::channel(false);
        let metrics = Arc::new(Memory::new());
        let (metric_writer, _) = MetricWriter::start(
            metrics.clone(),
            WriterSettings {
                flush_interval: Duration::from_millis(20),
                ..WriterSettings::default()
            },
            fanout_stopped.clone(),
        );
        let events = EventBus::in_process()
            .with_observer(Arc::new(EventMetrics::new(metric_writer.clone())));
        let connectors = Connectors {
            simulator: limits
                .simulator
                .then(|| Arc::new(Simulator::new(SimulatorSettings::default()))),
            wecom_api: limits.wecom_api.map(|base_url| {
                Arc::new(
                    WecomApiConnector::new(WecomApiOptions {
                        base_url,
                        ..WecomApiOptions::default()
                    })
                    .expect("wecom_api connector"),
                )
            }),
            http_instance: limits.http_instance.map(|options| {
                Arc::new(HttpInstanceConnector::new(options).expect("http_instance connector"))
            }),
        };
        let state = Arc::new(assemble(Parts {
            db: database.db.clone(),
            keyring,
            connectors,
            events: events.clone(),
            metric_writer: Some(metric_writer.clone()),
            metrics: metrics.clone(),
            channels: Channels::new(
                ChannelSettings {
                    smtp: limits.smtp,
                    templates_dir: None,
                    external_url: "http://fleet.test".into(),
                },
                reqwest::Client::new(),
            )
            .expect("alert channels"),
            redis: None,
            counter,
            limits: AssembledLimits {
                requests: limits.requests,
                login_attempts: limits.login_attempts,
                window_secs: 3600,
                login_failures_per_account: limits.login_failures_per_account,
                login_failure_window_secs: 3600,
            },
            identity: IdentitySettings {
                tokens: TokenIssuer::new(b"test-secret-test-secret-test-secret!", 7200),
                refresh_ttl_secs: 7 * 24 * 3600,
            },
            api: ApiSettings {
                max_body_bytes: MAX_BODY,
            },
            messaging: limits.messaging,
            callbacks: limits.dispatch,
            webhooks: limits.webhooks,
            alerting: limits.alerting,
            provider_callback_secrets: limits
                .callback_secret
                .iter()
                .map(|s| WebhookSecret::parse(s).expect("callback secret"))
                .collect(),
            extra_handlers: limits.handlers,
            event_window: fleet_core::event_log::Window::default(),
        }));
        tokio::spawn(
            state
                .webhooks
                .clone()
                .run_fanout(events.clone(), fanout_stopped.clone()),
        );
        if limits.alert_engine {
            tokio::spawn(run_engine(
                state.alerting.clone(),
                Some(metric_writer.clone()),
                fanout_stopped,
            ));
        }
        create_platform_admin(&state.db, "root@platform.test", PASSWORD)
            .await
            .expect("platform admin");
        let client = TestClient::new(build_app(state.clone()).boxed());
        let mut app = Self {
            _database: database,
            state,
            events,
            client,
            platform_token: String::new(),
            _stop_fanout: stop_fanout,
            metrics,
        };
        let login = app.login("root@platform.test", PASSWORD).await;
        app.platform_token = login.expect(200, None)["access_token"]
            .as_str()
            .expect("token")
            .to_owned();
        app
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = self.client.request(method.clone(), path.to_owned());
        if let Some(token) = token {
            req = req.header("authorization", format!("Bearer {token}"));
        }
        if let Some(body) = body {
            req = req.body_json(&body);
        }
        Self::reply(&method, path, req.send().await).await
    }

    /// A request with a raw body and content type.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let req = self
            .client
            .request(method.clone(), path.to_owned())
            .header("authorization", format!("Bearer {token}"))
            .content_type(content_type)
            .body(body);
        Self::reply(&method, path, req.send().await).await
    }

    /// A JSON request with extra headers (e.g. `Idempotency-Key`).
    pub async fn with_headers(
        &self,
        method: Method,
        path: &str,
        token: &str,
        headers: &[(&str, &str)],
        body: Value,
    ) -> Reply {
        let mut req = self
            .client
            .request(method.clone(), path.to_owned())
            .header("authorization", format!("Bearer {token}"))
            .content_type("application/json")
            .body(body.to_string());
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        Self::reply(&method, path, req.send().await).await
    }

    /// A request without a body, with extra headers (e.g. `Accept`).
    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        token: &str,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = self
            .client
            .request(method.clone(), path.to_owned())
            .header("authorization", format!("Bearer {token}"));
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        Self::reply(&method, path, req.send().await).await
    }

    /// Makes every pending row of the tenant in `table` (`callback_events` or
    /// `webhook_deliveries`, both due at `next_attempt_at`) due now, skipping retry waits.
    pub async fn due_now(&self, table: &str, tenant: &str) {
        let scope = fleet_store::Scope::Tenant(tenant.parse().expect("tenant id"));
        let mut tx = self.state.db.begin(scope).await.expect("tx");
        sqlx::query(&format!(
            "UPDATE {table} SET next_attempt_at = $1 WHERE tenant_id = $2 AND status = 'pending'"
        ))
        .bind(fleet_core::clock::now_ms())
        .bind(tenant)
        .execute(tx.conn())
        .await
        .expect("update");
        tx.commit().await.expect("commit");
    }

    /// An unauthenticated request with a raw body, as WeCom and providers send callbacks.
    pub async fn callback(&self, method: Method, path: &str, body: Vec<u8>) -> Reply {
        let req = self
            .client
            .request(method.clone(), path.to_owned())
            .content_type("text/xml")
            .body(body);
        Self::reply(&method, path, req.send().await).await
    }

    /// Every answer is checked against `openapi/openapi.json` here, so no test can forget to.
    async fn reply(method: &Method, path: &str, resp: poem::test::TestResponse) -> Reply {
        let status = resp.0.status();
        let headers = resp.0.headers().clone();
        let bytes = resp.0.into_body().into_vec().await.expect("body");
        fleet_contract::assert_conforms(&fleet_contract::Answer {
            method: method.as_str(),
            path_and_query: path,
            status: status.as_u16(),
            headers: &headers,
            body: &bytes,
        });
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Reply {
        self.call(Method::DELETE, path, Some(token), None).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({ "email": email, "password": password })),
        )
        .await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Reply {
        self.call(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            Some(json!({ "refresh_token": refresh_token })),
        )
        .await
    }

    /// Creates tenant `code` through the API and signs its admin in.
    pub async fn tenant(&self, code: &str) -> Tenant {
        let admin_email = format!("admin@{code}.test");
        let created = self
            .post(
                "/api/v1/tenants",
                &self.platform_token,
                json!({ "name": format!("Tenant {code}"), "code": code, "admin_email": admin_email, "admin_password": PASSWORD }),
            )
            .await;
        let id = created.expect(201, None)["tenant"]["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let login = self.login(&admin_email, PASSWORD).await;
        let body = login.expect(200, None);
        Tenant {
            id,
            admin_email,
            admin_token: body["access_token"].as_str().expect("token").to_owned(),
            admin_refresh: body["refresh_token"].as_str().expect("refresh").to_owned(),
        }
    }

    /// Adds a user with `role` to the tenant and returns (user id, access token).
    pub async fn user(&self, tenant: &Tenant, email: &str, role: &str) -> (String, String) {
        let created = self
            .post(
                "/api/v1/users",
                &tenant.admin_token,
                json!({ "email": email, "password": PASSWORD, "role": role }),
            )
            .await;
        let id = created.expect(201, None)["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let login = self.login(email, PASSWORD).await;
        (
            id,
            login.expect(200, None)["access_token"]
                .as_str()
                .expect("token")
                .to_owned(),
        )
    }

    /// Creates an API key with `role` and returns (key id, key).
    pub async fn api_key(&self, tenant: &Tenant, role: &str) -> (String, String) {
        let created = self
            .post(
                "/api/v1/api-keys",
                &tenant.admin_token,
                json!({ "name": "sdk", "role": role }),
            )
            .await;
        let body = created.expect(201, None);
        (
            body["api_key"]["id"].as_str().expect("id").to_owned(),
            body["key"].as_str().expect("key").to_owned(),
        )
    }
}

/// Runs `test` once per configured backend.
pub async fn each_backend<F, Fut>(test: F)
where
    F: Fn(Dialect) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in fleet_store::testing::backends() {
        test(backend).await;
    }
}

/// Event data of `kind` shaped as the services publish it (so webhook bodies carrying it are
/// what the document promises); `extra` lands in its free-form part.
pub fn event_data(kind: &str, extra: Value) -> Value {
    match kind {
        "account.status_changed" => json!({
            "account_id": "a1", "old_status": "qr_wait", "old_stage": "waiting_confirm",
            "new_status": "online", "reason": "qr_confirmed", "detail": extra,
        }),
        "message.status_changed" => json!({
            "message_id": "m1", "account_id": "a1", "old_status": "sending", "new_status": "sent",
        }),
        _ => json!({
            "account_id": "a1", "source": "provider", "callback_event_id": "cb_1", "details": extra,
        }),
    }
}
